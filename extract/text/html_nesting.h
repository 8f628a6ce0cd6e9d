// HTML nesting estimate: how deep the tree an HTML5 parser (Gumbo) builds from a page can get,
// found in one linear pass before the page is parsed, so that a nesting bomb is refused before
// Gumbo spends time quadratic in the depth on it (html_text.h, HtmlLimits::max_nesting).
//
// The pass follows the HTML5 tokenizer where a bomb could hide a tag or a closer from a naive
// scan, and keeps a model of the tree builder's stack of open elements:
//   - comments: `<!-->` and `<!--->` are complete (empty) comments; a comment ends at `-->` or
//     `--!>`; `<!…>`, `<?…>` and `</` followed by anything but a letter are bogus comments up
//     to the next `>` (`</>` is nothing);
//   - tags: a name runs to white space, `/` or `>`; attribute names run to white space, `/`,
//     `>` or `=` (a quote inside a name is part of it: `<div x"y>` is one tag); only a value
//     after `=` may be quoted;
//   - `/>` closes an element only in SVG and MathML (foreign content); on an HTML element it is
//     ignored (`<div/>` opens a div), as the parser does;
//   - an end tag pops the stack only when an element of that name is open and in scope (no
//     table, td, th, caption, object, marquee, applet, template, or SVG/MathML integration point
//     above it): `</span>` with no span open is ignored (`<div></span>` nests); h1–h6 close each
//     other; a formatting end tag (b, i, font, a, …) above which a block is open removes just
//     that element (the adoption agency keeps the blocks open);
//   - raw text (script with its escaped states, style, title, textarea, xmp, iframe, noembed,
//     noframes; plaintext to the end) is skipped to its appropriate end tag, in HTML content
//     only; `<![CDATA[…]]>` is skipped in foreign content;
//   - void elements and the elements that close themselves implicitly or cannot nest (p, li,
//     dt, dd, tr, td, th, option, tbody, html, body, …) are not counted.
// It is an estimate: some constructs make the real tree deeper than counted by a small factor
// (nested tables count one per table, not four), and the tree builder's reconstruction of
// formatting elements is not modelled. What it misses is bounded by the parse's own limits
// (html_text.h: the deadline and the memory budget are enforced inside Gumbo's allocations).
//
// Thread-safe: pure function.
#pragma once

#include <cstddef>
#include <string_view>

namespace xxgk::extract {

// The estimated maximum nesting depth of the element tree of `html`. Stops once the depth
// exceeds `stop_above` (and returns a value above it).
size_t EstimateNestingDepth(std::string_view html, size_t stop_above);

}  // namespace xxgk::extract
