package dev.klpct.it.dependency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reads the few facts the dependency tests need from the repository's POM files. */
final class Poms {
  private Poms() {}

  /** The repository root: surefire runs this module's tests with {@code basedir} set to it. */
  static Path root() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
  }

  static Element read(Path pom) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(false);
      f.setExpandEntityReferences(false);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document d = f.newDocumentBuilder().parse(Files.newInputStream(pom));
      return d.getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException(pom + ": " + e.getMessage(), e);
    }
  }

  /** The direct child elements of {@code parent} called {@code name}. */
  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  static Optional<Element> child(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
  }

  /** The element at {@code path} (child names) below {@code e}, if there is one. */
  static Optional<Element> element(Element e, String... path) {
    Optional<Element> cur = Optional.of(e);
    for (String name : path) {
      cur = cur.flatMap(c -> child(c, name));
    }
    return cur;
  }

  /** The text of the element at {@code path} (child names) below {@code e}, if there is one. */
  static Optional<String> text(Element e, String... path) {
    return element(e, path).map(x -> x.getTextContent().strip());
  }
}
