// Anchors of a page with what discovery needs beside the href: the title attribute, the text, an
// OLDSRC attribute (TRS keeps an attachment's original path there) and the date a list prints
// after the link (<li><a href title>…</a><span>2024-01-29</span></li>).
//
// link_extract.h's ScanLinks gives hrefs only, by the tokenizer's rules, and skips script text on
// purpose. Discovery needs the opposite: report lists hide in XML data islands inside
// <script type="text/xml"> (Hanweb), attachments in JavaScript strings (var rel_appendix =
// '<a href="./P020….pdf">'). So this scanner looks for "<a " anywhere — in scripts, CDATA and
// comments too — and reads an escaped quote (href=\"…\") as a quote.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::crawl {

struct Anchor {
  std::string href;         // entity-decoded, as written otherwise
  std::string title;        // the title attribute, entity-decoded, trimmed ("" if none)
  std::string text;         // the inner text without tags, entity-decoded, whitespace collapsed
  std::string oldsrc;       // the OLDSRC attribute ("" if none)
  std::string date;         // YYYY-MM-DD printed shortly after the anchor in the same item, or ""
  bool opens_list = false;  // the anchor is followed by a nested <ul> (a menu's parent item)
  // How many <ul>/<ol> lists are open around the anchor (a menu item's level in its tree; 0
  // outside lists). Counted from the tags before it, so unclosed or stray tags shift it.
  size_t list_depth = 0;
  // The list-item title: the title attribute when present, else the text.
  const std::string& best_title() const { return title.empty() ? text : title; }
};

// Every <a> element with an href attribute, in document order.
std::vector<Anchor> ScanAnchors(std::string_view html);

// The first date written as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日 in `text`,
// normalised to YYYY-MM-DD; "" if none.
std::string FindDate(std::string_view text);

// `text` without tags, with character references decoded and runs of white space (NBSP
// included) collapsed to one space, trimmed.
std::string PlainText(std::string_view html_fragment);

}  // namespace xxgk::crawl
