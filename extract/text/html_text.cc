// HTML → report text with Gumbo. See html_text.h for the rules; this file keeps Gumbo private.
#include "extract/text/html_text.h"

#include "base/ascii_case.h"

#include <gumbo.h>

#include "extract/text/gumbo_bounded.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

namespace xxgk::extract {
namespace {

constexpr size_t kMarkerBlockMax = 80;   // characters: a counter or share bar is short
constexpr size_t kChromeNameMax = 500;   // characters: a named chrome block is short...
constexpr size_t kDominantPercent = 70;  // density descent: a child holding this much wins
constexpr size_t kMaxColumns = 10000;    // grid width of one table
constexpr size_t kDateSearchBytes = 20000;

// ---- small string helpers -----------------------------------------------------------------


bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Counts the visible characters (code points that are not white space) of UTF-8 text.
size_t CountVisible(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    if (c < 0x80 && IsAsciiSpace(static_cast<char>(c))) continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) continue;
    if (s.substr(i, 3) == "\xE3\x80\x80") continue;  // U+3000
    ++n;
  }
  return n;
}

// Builds one line of text: collapses white space (ASCII, U+00A0) to single spaces, drops
// zero-width characters, and trims spaces and U+3000 at both ends when taken.
class LineBuilder {
 public:
  void Append(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (IsAsciiSpace(c)) {
        space_pending_ = true;
        continue;
      }
      if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
        space_pending_ = true;
        ++i;
        continue;
      }
      if (c == '\xE2' && text.substr(i, 3) == "\xE2\x80\x8B") {  // U+200B ZERO WIDTH SPACE
        i += 2;
        continue;
      }
      if (c == '\xEF' && text.substr(i, 3) == "\xEF\xBB\xBF") {  // U+FEFF
        i += 2;
        continue;
      }
      if (space_pending_ && !line_.empty()) line_.push_back(' ');
      space_pending_ = false;
      line_.push_back(c);
    }
  }
  void Space() { space_pending_ = true; }
  bool empty() const { return line_.empty(); }
  std::string Take() {
    std::string_view s = line_;
    while (s.starts_with("\xE3\x80\x80") || s.starts_with(" "))
      s.remove_prefix(s[0] == ' ' ? 1 : 3);
    while (s.ends_with("\xE3\x80\x80") || s.ends_with(" "))
      s.remove_suffix(s.back() == ' ' ? 1 : 3);
    std::string out(s);
    line_.clear();
    space_pending_ = false;
    return out;
  }

 private:
  std::string line_;
  bool space_pending_ = false;
};

// Collects lines: blocks are separated by one blank line, table rows by none.
class TextSink {
 public:
  void AddText(std::string_view text, bool pre) {
    if (!pre) {
      current_.Append(text);
      return;
    }
    size_t pos = 0;
    while (true) {
      const size_t nl = text.find('\n', pos);
      current_.Append(text.substr(pos, nl == std::string_view::npos ? nl : nl - pos));
      if (nl == std::string_view::npos) break;
      EndLine();
      pos = nl + 1;
    }
  }
  void EndLine() {
    if (current_.empty()) return;
    Push(current_.Take());
  }
  void EndBlock() {
    EndLine();
    if (!lines_.empty()) blank_pending_ = true;
  }
  void AddRow(std::string row) {
    EndLine();
    Push(std::move(row));
  }
  std::string Finish() {
    EndLine();
    std::string out;
    for (const std::string& line : lines_) {
      out += line;
      out += '\n';
    }
    return out;
  }

 private:
  void Push(std::string line) {
    if (line.empty()) return;
    if (blank_pending_ && !lines_.empty()) lines_.emplace_back();
    blank_pending_ = false;
    lines_.push_back(std::move(line));
  }
  std::vector<std::string> lines_;
  LineBuilder current_;
  bool blank_pending_ = false;
};

// ---- Gumbo helpers -----------------------------------------------------------------------

bool IsElement(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}
bool IsText(const GumboNode* n) {
  return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
         n->type == GUMBO_NODE_CDATA;
}
GumboTag Tag(const GumboNode* n) { return IsElement(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

const GumboVector* Children(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (IsElement(n)) return &n->v.element.children;
  return nullptr;
}
const GumboNode* Child(const GumboVector* v, size_t i) {
  return static_cast<const GumboNode*>(v->data[i]);
}

std::string_view Attribute(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a == nullptr ? std::string_view() : std::string_view(a->value);
}

bool IsTablePart(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_COL:
      return true;
    default:
      return false;
  }
}

bool IsTableStructure(GumboTag t) {
  return t == GUMBO_TAG_TABLE || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_THEAD ||
         t == GUMBO_TAG_TFOOT || t == GUMBO_TAG_TR;
}

// Elements dropped by tag, wherever they are.
bool IsDroppedTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_APPLET:
      return true;
    default:
      return false;
  }
}

bool IsBlock(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_OPTION:
      return true;
    default:
      return false;
  }
}

std::vector<std::string> ClassTokens(const GumboNode* n) {
  std::vector<std::string> tokens;
  const std::string cls = AsciiLowered(Attribute(n, "class"));
  size_t pos = 0;
  while (pos < cls.size()) {
    while (pos < cls.size() && IsAsciiSpace(cls[pos])) ++pos;
    size_t end = pos;
    while (end < cls.size() && !IsAsciiSpace(cls[end])) ++end;
    if (end > pos) tokens.push_back(cls.substr(pos, end - pos));
    pos = end;
  }
  return tokens;
}

// Rank of a known report container: 1 TRS editors, 2 zoom-style ids, 3 content-like names,
// 0 none.
int ContainerRank(const GumboNode* n) {
  if (!IsElement(n) || IsTablePart(Tag(n))) return 0;
  const std::vector<std::string> classes = ClassTokens(n);
  const std::string id = AsciiLowered(Attribute(n, "id"));
  auto has_class = [&](std::string_view c) {
    return std::find(classes.begin(), classes.end(), c) != classes.end();
  };
  if (has_class("trs_editor") || has_class("trs_editor_view") || has_class("trs_ueditor")) {
    return 1;
  }
  if (id == "zoom" || id == "fontzoom" || id == "ucap-content" || id == "zoomcon" ||
      has_class("zoom")) {
    return 2;
  }
  static constexpr std::array<std::string_view, 24> kContentLike = {
      "article",        "article-content", "article_content", "articlecontent",
      "content",        "contents",        "detail",          "details",
      "detail-content", "main-text",       "maintext",        "zw",
      "zhengwen",       "wzcon",           "news_content",    "newscontent",
      "pages_content",  "art_con",         "content_text",    "xl_content",
      "text_content",   "article-body",    "articlebody",     "con_text"};
  for (std::string_view name : kContentLike) {
    if (id == name || has_class(name)) return 3;
  }
  return 0;
}

bool NameSuggestsChrome(const GumboNode* n) {
  const std::string names =
      AsciiLowered(Attribute(n, "id")) + " " + AsciiLowered(Attribute(n, "class"));
  if (names.size() <= 1) return false;
  static constexpr std::array<std::string_view, 26> kChrome = {
      "share",     "jiathis",  "visit",    "counter",  "breadcrumb", "crumb",   "nav",
      "menu",      "footer",   "sidebar",  "toolbar",  "print",      "comment", "related",
      "qrcode",    "erweima",  "weixin",   "wechat",   "login",      "search",  "topbar",
      "copyright", "position", "location", "fenxiang", "dayin"};
  for (std::string_view word : kChrome) {
    if (names.find(word) != std::string::npos) return true;
  }
  return false;
}

bool HasChromeMarker(std::string_view text) {
  static constexpr std::array<std::string_view, 17> kMarkers = {
      "浏览次数", "浏览量：", "访问量：", "访问次数", "阅读次数", "点击数：",
      "点击量",   "分享到",   "【打印】", "【关闭】", "[打印]",   "[关闭]",
      "打印本页", "关闭窗口", "【字体：", "字号：",   "扫一扫"};
  for (std::string_view m : kMarkers) {
    if (text.find(m) != std::string_view::npos) return true;
  }
  return false;
}

// ---- the analysed tree ---------------------------------------------------------------------

struct NodeInfo {
  size_t text = 0;       // visible characters in the kept subtree
  size_t link_text = 0;  // of which inside <a>
  bool marker = false;   // a chrome marker occurs in the kept subtree
  bool dropped = false;
  size_t NonLink() const { return text - std::min(text, link_text); }
};

class PageTree {
 public:
  // Stops early (leaving the analysis incomplete) when `deadline` expires: the caller checks it.
  PageTree(const GumboNode* root, DeadlineCheck* deadline) : root_(root), deadline_(deadline) {
    Analyse();
  }

  const NodeInfo& Info(const GumboNode* n) const {
    static const NodeInfo kEmpty{0, 0, false, true};
    auto it = info_.find(n);
    return it == info_.end() ? kEmpty : it->second;
  }
  bool Dropped(const GumboNode* n) const { return IsElement(n) && Info(n).dropped; }

 private:
  // Post-order over the whole document with an explicit stack.
  void Analyse() {
    std::vector<std::pair<const GumboNode*, size_t>> stack;
    stack.emplace_back(root_, 0);
    while (!stack.empty()) {
      if (deadline_->Expired()) return;
      const GumboNode* node = stack.back().first;
      const GumboVector* children = Children(node);
      const size_t index = stack.back().second;
      if (children != nullptr && index < children->length) {
        ++stack.back().second;
        const GumboNode* child = Child(children, index);
        if (IsElement(child)) {
          if (IsDroppedTag(Tag(child))) {
            info_[child].dropped = true;
          } else {
            stack.emplace_back(child, 0);
          }
        }
        continue;
      }
      stack.pop_back();
      Finalize(node, children);
    }
  }

  void Finalize(const GumboNode* node, const GumboVector* children) {
    NodeInfo info;
    if (children != nullptr) {
      for (size_t i = 0; i < children->length; ++i) {
        const GumboNode* child = Child(children, i);
        if (IsText(child)) {
          const std::string_view text = child->v.text.text;
          info.text += CountVisible(text);
          info.marker = info.marker || HasChromeMarker(text);
        } else if (IsElement(child)) {
          const NodeInfo& c = info_[child];
          if (c.dropped) continue;
          info.text += c.text;
          info.link_text += c.link_text;
          info.marker = info.marker || c.marker;
        }
      }
    }
    if (Tag(node) == GUMBO_TAG_A) info.link_text = info.text;
    if (IsElement(node) && !IsTablePart(Tag(node)) && ContainerRank(node) == 0 &&
        Tag(node) != GUMBO_TAG_BODY && Tag(node) != GUMBO_TAG_HTML) {
      if (info.marker && info.text <= kMarkerBlockMax) {
        info.dropped = true;
      } else if (NameSuggestsChrome(node) &&
                 (info.text <= kChromeNameMax || info.link_text * 2 >= info.text)) {
        info.dropped = true;
      }
    }
    info_[node] = info;
  }

  const GumboNode* root_;
  DeadlineCheck* deadline_;
  std::unordered_map<const GumboNode*, NodeInfo> info_;
};

// ---- body finding ---------------------------------------------------------------------------

const GumboNode* FindChild(const GumboNode* n, GumboTag tag) {
  const GumboVector* children = Children(n);
  if (children == nullptr) return nullptr;
  for (size_t i = 0; i < children->length; ++i) {
    if (Tag(Child(children, i)) == tag) return Child(children, i);
  }
  return nullptr;
}

// Pre-order visit of the kept elements under `root` (root included).
template <typename Visit>
void ForEachKeptElement(const PageTree& tree, const GumboNode* root, Visit visit) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!IsElement(n) || tree.Dropped(n)) continue;
    visit(n);
    const GumboVector* children = Children(n);
    for (size_t i = children->length; i-- > 0;) stack.push_back(Child(children, i));
  }
}

std::string Describe(const GumboNode* n) {
  std::string out = IsElement(n) ? gumbo_normalized_tagname(Tag(n)) : "";
  if (out.empty()) out = "element";
  // Name the container by what made it one: a known class if it has one, else its id, else
  // its first class.
  const std::string_view cls = Attribute(n, "class");
  for (size_t pos = 0; pos < cls.size();) {
    const size_t end = std::min(cls.size(), cls.find_first_of(" \t\n\r\f", pos));
    const std::string token = AsciiLowered(cls.substr(pos, end - pos));
    if (token == "trs_editor" || token == "trs_editor_view" || token == "trs_ueditor") {
      return out + "." + std::string(cls.substr(pos, end - pos));
    }
    pos = end + 1;
  }
  const std::string_view id = Attribute(n, "id");
  if (!id.empty()) return out + "#" + std::string(id);
  if (!cls.empty()) return out + "." + std::string(cls.substr(0, cls.find_first_of(" \t\n")));
  return out;
}

const GumboNode* DominantChild(const PageTree& tree, const GumboNode* n, size_t of) {
  const GumboVector* children = Children(n);
  if (children == nullptr) return nullptr;
  const GumboNode* best = nullptr;
  for (size_t i = 0; i < children->length; ++i) {
    const GumboNode* c = Child(children, i);
    if (!IsElement(c) || tree.Dropped(c)) continue;
    if (best == nullptr || tree.Info(c).NonLink() > tree.Info(best).NonLink()) best = c;
  }
  if (best == nullptr || tree.Info(best).NonLink() * 100 < of * kDominantPercent) return nullptr;
  return best;
}

// Elements the descent may step into: containers of blocks. A dominant paragraph, heading or
// inline element is part of the body, not the body.
bool IsContainerTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return true;
    default:
      return false;
  }
}

const GumboNode* DescendByDensity(const PageTree& tree, const GumboNode* n) {
  while (true) {
    const size_t total = tree.Info(n).NonLink();
    if (total == 0) return n;
    const GumboNode* best = DominantChild(tree, n, total);
    if (best == nullptr) return n;
    // Cross a layout table only into a dominating cell; a data table is never entered.
    while (best != nullptr && IsTableStructure(Tag(best))) best = DominantChild(tree, best, total);
    if (best == nullptr || !IsContainerTag(Tag(best))) return n;
    n = best;
  }
}

bool IsWordExport(const GumboNode* html, const GumboNode* head) {
  if (html != nullptr && Attribute(html, "xmlns:w").find("schemas-microsoft-com:office:word") !=
                             std::string_view::npos) {
    return true;
  }
  if (head == nullptr) return false;
  const GumboVector* children = Children(head);
  for (size_t i = 0; i < children->length; ++i) {
    const GumboNode* c = Child(children, i);
    if (Tag(c) != GUMBO_TAG_META) continue;
    const std::string name = AsciiLowered(Attribute(c, "name"));
    if (name != "generator" && name != "progid") continue;
    const std::string content = AsciiLowered(Attribute(c, "content"));
    if (content.find("microsoft word") != std::string::npos ||
        content.find("word.document") != std::string::npos) {
      return true;
    }
  }
  return false;
}

struct Body {
  const GumboNode* node = nullptr;
  std::string source;
};

Body FindReportBody(const PageTree& tree, const GumboNode* html, const GumboNode* head,
                    const GumboNode* body) {
  if (IsWordExport(html, head)) return {body, "word_export"};
  const GumboNode* best = nullptr;
  int best_rank = 0;
  const GumboNode* content_like = nullptr;
  const size_t body_text = tree.Info(body).text;
  ForEachKeptElement(tree, body, [&](const GumboNode* n) {
    const int rank = ContainerRank(n);
    if (rank == 0) return;
    const size_t text = tree.Info(n).text;
    if (text == 0) return;
    if (rank <= 2) {
      if (best == nullptr || rank < best_rank ||
          (rank == best_rank && text > tree.Info(best).text)) {
        best = n;
        best_rank = rank;
      }
    } else if (text * 2 >= body_text &&
               (content_like == nullptr || text < tree.Info(content_like).text)) {
      content_like = n;
    }
  });
  if (best != nullptr) return {best, Describe(best)};
  if (content_like != nullptr) {
    return {DescendByDensity(tree, content_like), Describe(content_like) + "+density"};
  }
  return {DescendByDensity(tree, body), "density"};
}

// ---- rendering ------------------------------------------------------------------------------

// Text of a table cell on one line: every block, <br> and nested cell boundary is a space.
std::string CellText(const PageTree& tree, const GumboNode* cell) {
  LineBuilder line;
  std::vector<const GumboNode*> stack = {cell};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n == nullptr) {
      line.Space();  // end of a block
      continue;
    }
    if (IsText(n)) {
      line.Append(n->v.text.text);
      continue;
    }
    if (!IsElement(n) || tree.Dropped(n)) continue;
    const GumboTag tag = Tag(n);
    if (tag == GUMBO_TAG_BR || IsBlock(tag)) line.Space();
    if (IsBlock(tag)) stack.push_back(nullptr);
    const GumboVector* children = Children(n);
    for (size_t i = children->length; i-- > 0;) stack.push_back(Child(children, i));
  }
  return line.Take();
}

bool ContainsTable(const GumboNode* table) {
  std::vector<const GumboNode*> stack;
  const GumboVector* top = Children(table);
  for (size_t i = 0; i < top->length; ++i) stack.push_back(Child(top, i));
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!IsElement(n)) continue;
    if (Tag(n) == GUMBO_TAG_TABLE) return true;
    const GumboVector* children = Children(n);
    for (size_t i = 0; i < children->length; ++i) stack.push_back(Child(children, i));
  }
  return false;
}

std::vector<const GumboNode*> TableRows(const GumboNode* table) {
  std::vector<const GumboNode*> rows;
  const GumboVector* children = Children(table);
  for (size_t i = 0; i < children->length; ++i) {
    const GumboNode* c = Child(children, i);
    const GumboTag tag = Tag(c);
    if (tag == GUMBO_TAG_TR) {
      rows.push_back(c);
    } else if (tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TFOOT) {
      const GumboVector* group = Children(c);
      for (size_t j = 0; j < group->length; ++j) {
        if (Tag(Child(group, j)) == GUMBO_TAG_TR) rows.push_back(Child(group, j));
      }
    }
  }
  return rows;
}

std::vector<const GumboNode*> RowCells(const GumboNode* row) {
  std::vector<const GumboNode*> cells;
  const GumboVector* children = Children(row);
  for (size_t i = 0; i < children->length; ++i) {
    const GumboTag tag = Tag(Child(children, i));
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) cells.push_back(Child(children, i));
  }
  return cells;
}

bool IsLayoutTable(const GumboNode* table) {
  const std::vector<const GumboNode*> rows = TableRows(table);
  if (rows.size() == 1 && RowCells(rows[0]).size() == 1) return true;
  return ContainsTable(table);
}

size_t SpanAttribute(const GumboNode* cell, const char* name, size_t max) {
  const std::string_view v = Attribute(cell, name);
  size_t i = 0;
  while (i < v.size() && IsAsciiSpace(v[i])) ++i;
  size_t n = 0;
  bool digits = false;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
    digits = true;
    n = std::min(max + 1, n * 10 + static_cast<size_t>(v[i] - '0'));
    ++i;
  }
  if (!digits) return 1;
  return std::min(n, max);  // 0 is kept: rowspan=0 spans the rest of the table
}

class Renderer {
 public:
  // Stops early when `deadline` expires: the caller checks it.
  Renderer(const PageTree& tree, const HtmlLimits& limits, DeadlineCheck* deadline)
      : tree_(tree), limits_(limits), deadline_(deadline) {}

  void Render(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      size_t next;
      bool block;
      bool pre;
    };
    std::vector<Frame> stack;
    stack.push_back({root, 0, true, false});
    sink_.EndBlock();
    while (!stack.empty()) {
      if (deadline_->Expired()) return;
      Frame& top = stack.back();
      const GumboVector* children = Children(top.node);
      if (children == nullptr || top.next >= children->length) {
        if (top.block) sink_.EndBlock();
        stack.pop_back();
        continue;
      }
      const GumboNode* child = Child(children, top.next++);
      const bool pre = top.pre;
      if (IsText(child)) {
        sink_.AddText(child->v.text.text, pre);
        continue;
      }
      if (!IsElement(child) || tree_.Dropped(child)) continue;
      const GumboTag tag = Tag(child);
      if (tag == GUMBO_TAG_BR) {
        sink_.EndLine();
        continue;
      }
      if (tag == GUMBO_TAG_TABLE && !IsLayoutTable(child)) {
        RenderDataTable(child);
        continue;
      }
      const bool block = IsBlock(tag);
      if (block) sink_.EndBlock();
      stack.push_back(
          {child, 0, block,
           pre || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_XMP});
    }
  }

  std::string Finish() { return sink_.Finish(); }
  bool spans_clamped() const { return spans_clamped_; }

 private:
  void RenderDataTable(const GumboNode* table) {
    sink_.EndBlock();
    if (const GumboNode* caption = FindChild(table, GUMBO_TAG_CAPTION)) {
      sink_.AddRow(CellText(tree_, caption));
    }
    const std::vector<const GumboNode*> rows = TableRows(table);
    std::vector<size_t> rows_left;  // per column: rows (this one included) a span still covers
    for (size_t r = 0; r < rows.size(); ++r) {
      std::vector<std::string> line;
      size_t col = 0;
      auto skip_covered = [&] {
        while (col < rows_left.size() && rows_left[col] > 0) ++col;
      };
      for (const GumboNode* cell : RowCells(rows[r])) {
        skip_covered();
        size_t colspan = std::max<size_t>(1, SpanAttribute(cell, "colspan", 1000));
        size_t rowspan = SpanAttribute(cell, "rowspan", 65534);
        if (rowspan == 0 || rowspan > rows.size() - r) rowspan = rows.size() - r;
        if (col + colspan > kMaxColumns || cells_used_ + colspan > limits_.max_table_cells) {
          spans_clamped_ = spans_clamped_ || colspan > 1 || rowspan > 1;
          colspan = 1;
          rowspan = 1;
          if (col >= kMaxColumns || cells_used_ >= limits_.max_table_cells) break;
        }
        if (line.size() < col + colspan) line.resize(col + colspan);
        line[col] = CellText(tree_, cell);
        if (rows_left.size() < col + colspan) rows_left.resize(col + colspan, 0);
        for (size_t k = col; k < col + colspan; ++k) rows_left[k] = rowspan;
        col += colspan;
        cells_used_ += colspan;
      }
      // Positions covered from rows above stay empty cells (the vector grows with "" cells).
      std::string joined;
      bool any = false;
      for (size_t k = 0; k < line.size(); ++k) {
        if (k > 0) joined += '\t';
        joined += line[k];
        any = any || !line[k].empty();
      }
      if (any) sink_.AddRow(std::move(joined));
      for (size_t& left : rows_left) {
        if (left > 0) --left;
      }
    }
    sink_.EndBlock();
  }

  const PageTree& tree_;
  const HtmlLimits& limits_;
  DeadlineCheck* deadline_;
  TextSink sink_;
  size_t cells_used_ = 0;
  bool spans_clamped_ = false;
};

// ---- metadata ------------------------------------------------------------------------------

std::optional<std::string> TitleOf(const GumboNode* head) {
  if (head == nullptr) return std::nullopt;
  const GumboNode* title = FindChild(head, GUMBO_TAG_TITLE);
  if (title == nullptr) return std::nullopt;
  LineBuilder line;
  const GumboVector* children = Children(title);
  for (size_t i = 0; i < children->length; ++i) {
    if (IsText(Child(children, i))) line.Append(Child(children, i)->v.text.text);
  }
  std::string text = line.Take();
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<std::string> MetaDate(const GumboNode* head) {
  if (head == nullptr) return std::nullopt;
  static constexpr std::array<std::string_view, 14> kNames = {"pubdate",
                                                              "publishdate",
                                                              "publish_date",
                                                              "publish-date",
                                                              "publishtime",
                                                              "firstpublishedtime",
                                                              "article:published_time",
                                                              "og:release_date",
                                                              "dc.date",
                                                              "dc.date.issued",
                                                              "dcterms.issued",
                                                              "articlepubdate",
                                                              "releasedate",
                                                              "pubtime"};
  const GumboVector* children = Children(head);
  for (size_t i = 0; i < children->length; ++i) {
    const GumboNode* c = Child(children, i);
    if (Tag(c) != GUMBO_TAG_META) continue;
    std::string name = AsciiLowered(Attribute(c, "name"));
    if (name.empty()) name = AsciiLowered(Attribute(c, "property"));
    if (std::find(kNames.begin(), kNames.end(), name) == kNames.end()) continue;
    if (auto date = ParsePublicationDate(Attribute(c, "content"))) return date;
  }
  return std::nullopt;
}

// The page's visible text (chrome included, only dropped tags skipped), up to `limit` bytes.
std::string PagePrefixText(const GumboNode* body, size_t limit) {
  std::string out;
  std::vector<const GumboNode*> stack = {body};
  while (!stack.empty() && out.size() < limit) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (IsText(n)) {
      out += n->v.text.text;
      continue;
    }
    if (!IsElement(n) || IsDroppedTag(Tag(n))) continue;
    out += ' ';
    const GumboVector* children = Children(n);
    for (size_t i = children->length; i-- > 0;) stack.push_back(Child(children, i));
  }
  return out;
}

std::optional<std::string> TextDate(const GumboNode* body) {
  if (body == nullptr) return std::nullopt;
  const std::string text = PagePrefixText(body, kDateSearchBytes);
  for (std::string_view marker : {"发布时间", "发布日期", "发文日期", "公开日期"}) {
    size_t pos = 0;
    while ((pos = text.find(marker, pos)) != std::string::npos) {
      pos += marker.size();
      if (auto date = ParsePublicationDate(std::string_view(text).substr(pos, 60))) return date;
    }
  }
  return std::nullopt;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max digits at `*i`.
std::optional<int> ReadNumber(std::string_view s, size_t* i, size_t max) {
  size_t n = 0;
  int value = 0;
  while (*i < s.size() && IsDigit(s[*i]) && n < max) {
    value = value * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  if (n == 0 || (*i < s.size() && IsDigit(s[*i]))) return std::nullopt;
  return value;
}

bool SkipSeparator(std::string_view s, size_t* i) {
  while (*i < s.size() && s[*i] == ' ') ++*i;
  if (*i >= s.size()) return false;
  if (s[*i] == '-' || s[*i] == '/' || s[*i] == '.') {
    ++*i;
  } else if (s.substr(*i, 3) == "年" || s.substr(*i, 3) == "月") {
    *i += 3;
  } else {
    return false;
  }
  while (*i < s.size() && s[*i] == ' ') ++*i;
  return true;
}

}  // namespace

std::optional<std::string> ParsePublicationDate(std::string_view text) {
  for (size_t start = 0; start + 4 <= text.size(); ++start) {
    if (!IsDigit(text[start]) || (start > 0 && IsDigit(text[start - 1]))) continue;
    size_t i = start;
    const auto year = ReadNumber(text, &i, 4);
    if (!year || *year < 1990 || *year > 2100 || i - start != 4) continue;
    if (!SkipSeparator(text, &i)) continue;
    const auto month = ReadNumber(text, &i, 2);
    if (!month || *month < 1 || *month > 12 || !SkipSeparator(text, &i)) continue;
    const auto day = ReadNumber(text, &i, 2);
    if (!day || *day < 1 || *day > 31) continue;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", *year, *month, *day);
    return std::string(buffer);
  }
  return std::nullopt;
}

HtmlText HtmlToText(std::string_view html, const HtmlLimits& limits) {
  HtmlText result;
  const size_t depth = EstimateNestingDepth(html, limits.max_nesting);
  if (depth > limits.max_nesting) {
    result.refusal_code = "html_too_deep";
    result.refusal = "HTML nested deeper than " + std::to_string(limits.max_nesting) +
                     " elements (refused before parsing)";
    return result;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // Gumbo copies the open-element stack into every recorded error
  BoundedGumbo gumbo(limits.deadline, limits.max_tree_bytes);
  GumboOutput* output = nullptr;
  switch (gumbo.Parse(html, options, &output)) {
    case BoundedGumbo::Result::kParsed:
      break;
    case BoundedGumbo::Result::kTimeLimit:
      result.refusal_code = "time_limit";
      result.refusal = "the time limit passed while parsing the HTML";
      return result;
    case BoundedGumbo::Result::kMemoryLimit:
      result.refusal_code = "html_too_large";
      result.refusal = "the HTML parse tree grew past " +
                       std::to_string(limits.max_tree_bytes >> 20) + " MiB (refused while parsing)";
      return result;
    case BoundedGumbo::Result::kFailed:
      result.refusal_code = "html_parse_failed";
      result.refusal = "the HTML parser failed";
      return result;
  }
  DeadlineCheck deadline(limits.deadline, 256);
  auto out_of_time = [&](const char* stage) {
    result.refusal_code = "time_limit";
    result.refusal = std::string("the time limit passed ") + stage;
    return result;
  };
  if (deadline.ExpiredNow()) return out_of_time("while parsing the HTML");
  const GumboNode* document = output->document;
  const GumboNode* root = output->root;
  const GumboNode* head = FindChild(root, GUMBO_TAG_HEAD);
  const GumboNode* body = FindChild(root, GUMBO_TAG_BODY);
  if (body == nullptr) body = root;

  const PageTree tree(document, &deadline);
  if (deadline.Expired()) return out_of_time("while measuring the page's text");
  const Body found = FindReportBody(tree, root, head, body);
  Renderer renderer(tree, limits, &deadline);
  renderer.Render(found.node);
  if (deadline.Expired()) return out_of_time("while rendering the report body");
  result.text = renderer.Finish();
  result.body_source = found.source;
  result.spans_clamped = renderer.spans_clamped();
  result.title = TitleOf(head);
  result.published = MetaDate(head);
  if (!result.published) result.published = TextDate(body);
  return result;
}

}  // namespace xxgk::extract
