package dev.klpct.report;

import java.util.Locale;

/**
 * The formats a report prints in, each one printer: {@link TextReport}, {@link MarkdownReport},
 * {@link JsonReport}, {@link HtmlReport} and {@link MailReport}. Every report has a text and a JSON
 * form; the tables ({@link Comparison}, {@link AblationReport}, {@link LitmusReport}) and a repair
 * also have Markdown, the comparison and the litmus report an HTML page, and a check a mail ({@code
 * --format mail}).
 */
public enum ReportFormat {
  TEXT("text"),
  MARKDOWN("markdown"),
  JSON("json"),
  HTML("html"),
  MAIL("mail");

  private final String cliName;

  ReportFormat(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line ({@code --format text}). */
  public String cliName() {
    return cliName;
  }

  /**
   * The format of a command-line name, in any case.
   *
   * @throws IllegalArgumentException naming the formats, for an unknown name
   */
  public static ReportFormat parse(String name) {
    for (ReportFormat f : values()) {
      if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + name + "' (known: text, markdown, json, html, mail)");
  }

  /** Whether {@code report} has this form. */
  public boolean supports(Report report) {
    return switch (this) {
      case TEXT, JSON -> true;
      case MARKDOWN -> MarkdownReport.supports(report);
      case HTML -> HtmlReport.supports(report);
      case MAIL -> MailReport.supports(report);
    };
  }

  /**
   * {@code report} in this format.
   *
   * @throws IllegalArgumentException if {@code report} has no such form ({@link #supports})
   */
  public String print(Report report) {
    return switch (this) {
      case TEXT -> TextReport.print(report);
      case MARKDOWN -> MarkdownReport.print(report);
      case JSON -> JsonReport.print(report);
      case HTML -> HtmlReport.print(report);
      case MAIL -> MailReport.print(report);
    };
  }
}
