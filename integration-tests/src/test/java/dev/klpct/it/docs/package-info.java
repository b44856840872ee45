/**
 * The documentation is self-contained: every relative link in a Markdown file reaches a file and,
 * where it names one, an anchor; every section of {@code docs/kernel.md} that the repository cites
 * exists; and no file points readers to a specification that lives outside the repository.
 */
@NullMarked
package dev.klpct.it.docs;

import org.jspecify.annotations.NullMarked;
