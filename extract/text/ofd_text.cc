// OFD → report text: OFD.xml → Document.xml → pages' text objects and rules → page_layout.
// See ofd_text.h.
#include "extract/text/ofd_text.h"

#include <libxml/tree.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <vector>

#include "extract/text/doc_identity.h"
#include "extract/text/page_layout.h"
#include "extract/text/xml_part.h"
#include "extract/text/zip_archive.h"

namespace xxgk::extract {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kMaxCoordinate = 1e6;  // mm: anything beyond is hostile and clamped
constexpr double kMinRule = 8;          // points: shorter segments are not table rules
constexpr double kStraight = 0.3;       // points: a segment this close to level is straight
constexpr double kDefaultPageHeight = 297;  // mm (A4) when the document gives no PhysicalBox

bool Named(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

const xmlNode* Child(const xmlNode* n, const char* local) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (Named(c, local)) return c;
  }
  return nullptr;
}

std::string Text(const xmlNode* n) {
  std::string out;
  if (n == nullptr) return out;
  for (const xmlNode* t = n->children; t != nullptr; t = t->next) {
    if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content != nullptr) {
      out += reinterpret_cast<const char*>(t->content);
    }
  }
  return out;
}

std::optional<std::string> Attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0) continue;
    std::string value;
    for (const xmlNode* t = a->children; t != nullptr; t = t->next) {
      if (t->type == XML_TEXT_NODE && t->content != nullptr) {
        value += reinterpret_cast<const char*>(t->content);
      }
    }
    return value;
  }
  return std::nullopt;
}

// The numbers and letters of an attribute such as "0 0 210 297" or "g 3 4.2" or "M 0 0 L 5 0".
struct Token {
  bool number;
  double value;
  char op;
};

std::vector<Token> Tokens(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
      ++i;
      continue;
    }
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      out.push_back({false, 0, c});
      ++i;
      continue;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data() + i, s.data() + s.size(), v);
    if (ec != std::errc() || end == s.data() + i) {
      ++i;  // a stray character: skip it
      continue;
    }
    if (!std::isfinite(v)) v = 0;
    out.push_back({true, std::clamp(v, -kMaxCoordinate, kMaxCoordinate), 0});
    i = static_cast<size_t>(end - s.data());
  }
  return out;
}

std::vector<double> Numbers(std::string_view s) {
  std::vector<double> out;
  for (const Token& t : Tokens(s)) {
    if (t.number) out.push_back(t.value);
  }
  return out;
}

// x y w h of a Boundary or PhysicalBox attribute / element text (zeros when absent or short).
struct Area {
  double x = 0, y = 0, w = 0, h = 0;
};

Area ParseArea(std::string_view s) {
  const std::vector<double> v = Numbers(s);
  Area a;
  if (v.size() >= 4) a = Area{v[0], v[1], v[2], v[3]};
  return a;
}

// An object's placement: its Boundary origin and the scale/translation of its CTM, in mm.
struct Placement {
  double ox = 0, oy = 0;          // Boundary origin
  double a = 1, d = 1, e = 0, f = 0;  // CTM x' = a·x + e, y' = d·y + f (rotation ignored)
  double X(double x) const { return ox + a * x + e; }
  double Y(double y) const { return oy + d * y + f; }
};

Placement PlacementOf(const xmlNode* object) {
  Placement p;
  if (auto boundary = Attr(object, "Boundary")) {
    const Area area = ParseArea(*boundary);
    p.ox = area.x;
    p.oy = area.y;
  }
  if (auto ctm = Attr(object, "CTM")) {
    const std::vector<double> m = Numbers(*ctm);
    if (m.size() >= 6) {
      p.a = m[0];
      p.d = m[3];
      p.e = m[4];
      p.f = m[5];
    }
  }
  return p;
}

// The code points of UTF-8 `s`, as UTF-8 pieces.
std::vector<std::string> Glyphs(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    n = std::min(n, s.size() - i);
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// DeltaX / DeltaY: the advances after each glyph, "g n v" standing for n copies of v.
std::vector<double> Advances(std::string_view s, size_t max_count) {
  std::vector<double> out;
  const std::vector<Token> tokens = Tokens(s);
  for (size_t i = 0; i < tokens.size() && out.size() < max_count; ++i) {
    if (!tokens[i].number && tokens[i].op == 'g') {
      if (i + 2 < tokens.size() && tokens[i + 1].number && tokens[i + 2].number) {
        const double count = std::clamp(tokens[i + 1].value, 0.0, static_cast<double>(max_count));
        for (size_t k = 0; k < static_cast<size_t>(count) && out.size() < max_count; ++k) {
          out.push_back(tokens[i + 2].value);
        }
        i += 2;
      }
      continue;
    }
    if (tokens[i].number) out.push_back(tokens[i].value);
  }
  return out;
}

// A glyph's width in mm at font size `size`: CJK and other wide characters an em, ASCII half.
double GlyphWidth(const std::string& glyph, double size) {
  return static_cast<unsigned char>(glyph[0]) < 0x80 ? size / 2 : size;
}

// The boxes of one TextObject, in points (a code without X or Y continues from the previous one).
void TextObjectBoxes(const xmlNode* object, std::vector<Box>* boxes) {
  const Placement at = PlacementOf(object);
  double size = 3.5;  // mm (about 10 pt) when the object gives none
  if (auto s = Attr(object, "Size")) {
    const std::vector<double> v = Numbers(*s);
    if (!v.empty() && v[0] > 0) size = v[0];
  }
  const double scaled = size * std::fabs(at.d == 0 ? 1 : at.d);
  double pen_x = 0, pen_y = 0;
  for (const xmlNode* code = object->children; code != nullptr; code = code->next) {
    if (!Named(code, "TextCode")) continue;
    const std::vector<std::string> glyphs = Glyphs(Text(code));
    if (auto x = Attr(code, "X")) {
      const std::vector<double> v = Numbers(*x);
      if (!v.empty()) pen_x = v[0];
    }
    if (auto y = Attr(code, "Y")) {
      const std::vector<double> v = Numbers(*y);
      if (!v.empty()) pen_y = v[0];
    }
    const std::vector<double> dx =
        Advances(Attr(code, "DeltaX").value_or(""), glyphs.empty() ? 0 : glyphs.size() - 1);
    // Runs of glyphs without a wide gap become one box each.
    std::string run;
    size_t run_glyphs = 0;
    double run_x0 = 0, run_x1 = 0;
    const double baseline = at.Y(pen_y);
    auto flush = [&](bool space_after) {
      std::string cleaned = CleanBoxText(run);
      if (!cleaned.empty()) {
        boxes->push_back(Box{std::move(cleaned), run_x0 * kPointsPerMm, run_x1 * kPointsPerMm,
                             (baseline - 0.85 * scaled) * kPointsPerMm,
                             (baseline + 0.15 * scaled) * kPointsPerMm, std::max<size_t>(run_glyphs, 1),
                             space_after});
      }
      run.clear();
      run_glyphs = 0;
    };
    double x = pen_x;
    for (size_t i = 0; i < glyphs.size(); ++i) {
      const double left = at.X(x);
      const double width = GlyphWidth(glyphs[i], scaled);
      if (run.empty()) run_x0 = left;
      run += glyphs[i];
      ++run_glyphs;
      run_x1 = left + width;
      const double advance = i < dx.size() ? dx[i] : (dx.empty() ? width / std::fabs(at.a == 0 ? 1 : at.a)
                                                                  : dx.back());
      x += advance;
      if (i + 1 < glyphs.size() && at.X(x) - run_x1 > 0.5 * scaled) flush(true);
    }
    flush(false);
    pen_x = x;
  }
}

// The straight segments of a PathObject's AbbreviatedData, as rules, in points.
void PathRules(const xmlNode* object, Rules* rules) {
  const xmlNode* data = Child(object, "AbbreviatedData");
  if (data == nullptr) return;
  const Placement at = PlacementOf(object);
  const std::vector<Token> tokens = Tokens(Text(data));
  double cx = 0, cy = 0, sx = 0, sy = 0;
  auto segment = [&](double x0, double y0, double x1, double y1) {
    const double ax = at.X(x0) * kPointsPerMm, ay = at.Y(y0) * kPointsPerMm;
    const double bx = at.X(x1) * kPointsPerMm, by = at.Y(y1) * kPointsPerMm;
    if (std::fabs(ay - by) <= kStraight && std::fabs(ax - bx) >= kMinRule) {
      rules->horizontal.push_back(Rule{(ay + by) / 2, std::min(ax, bx), std::max(ax, bx)});
    } else if (std::fabs(ax - bx) <= kStraight && std::fabs(ay - by) >= kMinRule) {
      rules->vertical.push_back(Rule{(ax + bx) / 2, std::min(ay, by), std::max(ay, by)});
    }
  };
  auto operands = [&](size_t i, size_t n) {
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= tokens.size() || !tokens[i + k].number) return false;
    }
    return true;
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].number) continue;
    const char op = tokens[i].op;
    size_t n = 0;
    switch (op) {
      case 'M': case 'S': case 'L': n = 2; break;
      case 'Q': n = 4; break;
      case 'B': n = 6; break;
      case 'A': n = 7; break;
      default: n = 0; break;
    }
    if (n > 0 && !operands(i, n)) continue;
    if (op == 'M' || op == 'S') {
      cx = sx = tokens[i + 1].value;
      cy = sy = tokens[i + 2].value;
    } else if (op == 'L') {
      segment(cx, cy, tokens[i + 1].value, tokens[i + 2].value);
      cx = tokens[i + 1].value;
      cy = tokens[i + 2].value;
    } else if (op == 'C') {
      segment(cx, cy, sx, sy);
      cx = sx;
      cy = sy;
    } else if (n > 0) {  // curves: only the end point matters here
      cx = tokens[i + n - 1].value;
      cy = tokens[i + n].value;
    }
    i += n;
  }
}

void Refuse(OfdText* result, std::string code, std::string reason) {
  *result = OfdText{};
  result->refusal_code = std::move(code);
  result->refusal = std::move(reason);
}

// Resolves `loc` (a path inside the package) against the directory of part `base`.
std::string Resolve(std::string_view base, std::string_view loc) {
  std::string path;
  if (loc.starts_with("/")) {
    path = std::string(loc.substr(1));
  } else {
    const size_t slash = base.rfind('/');
    path = (slash == std::string_view::npos ? std::string() : std::string(base.substr(0, slash + 1))) +
           std::string(loc);
  }
  // Drop "./" and fold "dir/../".
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// Reads and parses part `name` under the limits, or refuses.
class PartReader {
 public:
  PartReader(const ZipArchive& zip, const OfdLimits& limits, OfdText* result)
      : zip_(zip), limits_(limits), result_(result) {}

  XmlDocPtr Read(const std::string& name) {
    std::string xml, error;
    const size_t cap = std::min(limits_.max_part_bytes, limits_.max_total_bytes - total_);
    switch (zip_.Read(name, cap, &xml, &error)) {
      case ZipStatus::kOk:
        break;
      case ZipStatus::kTooLarge:
        Refuse(result_, "zip_too_large",
               cap < limits_.max_part_bytes ? "the parts read so far and " + error : error);
        return nullptr;
      case ZipStatus::kMissing:
      case ZipStatus::kDamaged:
        Refuse(result_, "ofd_damaged", error);
        return nullptr;
    }
    total_ += xml.size();
    XmlDocPtr doc = ParseXmlPart(xml, name, &error);
    if (doc == nullptr) Refuse(result_, "ofd_parse_failed", error);
    return doc;
  }

 private:
  const ZipArchive& zip_;
  const OfdLimits& limits_;
  OfdText* result_;
  size_t total_ = 0;
};

// The boxes and rules of one page's Content.xml; false when the deadline passed.
bool ReadPage(const xmlNode* page, std::vector<Box>* boxes, Rules* rules, DeadlineCheck* deadline) {
  const xmlNode* content = Child(page, "Content");
  if (content == nullptr) return true;
  const xmlNode* n = content->children;
  while (n != nullptr) {
    if (deadline->Expired()) return false;
    bool descend = false;
    if (Named(n, "TextObject")) {
      TextObjectBoxes(n, boxes);
    } else if (Named(n, "PathObject")) {
      PathRules(n, rules);
    } else if (Named(n, "Layer") || Named(n, "PageBlock")) {
      descend = true;
    }
    if (descend && n->children != nullptr) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n != content && n->next == nullptr) n = n->parent;
    if (n == nullptr || n == content) break;
    n = n->next;
  }
  return true;
}

}  // namespace

OfdText OfdToText(std::string_view bytes, const OfdLimits& limits) {
  OfdText result;
  const ZipArchive zip(bytes);
  if (!zip.ok()) {
    Refuse(&result, "ofd_damaged", zip.error());
    return result;
  }
  PartReader reader(zip, limits, &result);
  const XmlDocPtr ofd = reader.Read("OFD.xml");
  if (ofd == nullptr) return result;
  const xmlNode* root = xmlDocGetRootElement(ofd.get());
  const xmlNode* body = Named(root, "OFD") ? Child(root, "DocBody") : nullptr;
  const std::string doc_root = body != nullptr ? Text(Child(body, "DocRoot")) : "";
  const std::string doc_path = Resolve("OFD.xml", std::string_view(doc_root).substr(
                                                      std::min(doc_root.find_first_not_of(" \t\r\n"), doc_root.size())));
  if (doc_path.empty()) {
    Refuse(&result, "ofd_parse_failed", "OFD.xml names no document (ofd:OFD/DocBody/DocRoot)");
    return result;
  }
  const XmlDocPtr document = reader.Read(doc_path);
  if (document == nullptr) return result;
  const xmlNode* doc = xmlDocGetRootElement(document.get());
  if (!Named(doc, "Document")) {
    Refuse(&result, "ofd_parse_failed", doc_path + " has no ofd:Document root");
    return result;
  }
  double default_height = kDefaultPageHeight;
  if (const xmlNode* common = Child(doc, "CommonData")) {
    if (const xmlNode* area = Child(common, "PageArea")) {
      const Area box = ParseArea(Text(Child(area, "PhysicalBox")));
      if (box.h > 0) default_height = box.h;
    }
  }
  std::vector<std::string> page_paths;
  if (const xmlNode* pages = Child(doc, "Pages")) {
    for (const xmlNode* p = pages->children; p != nullptr; p = p->next) {
      if (!Named(p, "Page")) continue;
      if (page_paths.size() >= limits.max_pages) {
        Refuse(&result, "zip_too_large",
               "more than " + std::to_string(limits.max_pages) + " pages, the limit");
        return result;
      }
      page_paths.push_back(Resolve(doc_path, Attr(p, "BaseLoc").value_or("")));
    }
  }
  result.pages = page_paths.size();
  std::vector<PageLines> pages(page_paths.size());
  size_t box_count = 0;
  DeadlineCheck deadline(limits.deadline);
  for (size_t i = 0; i < page_paths.size(); ++i) {
    if (deadline.ExpiredNow()) {
      Refuse(&result, "time_limit", "the time limit passed before page " + std::to_string(i + 1));
      return result;
    }
    const XmlDocPtr content = reader.Read(page_paths[i]);
    if (content == nullptr) return result;
    const xmlNode* page = xmlDocGetRootElement(content.get());
    if (!Named(page, "Page")) {
      Refuse(&result, "ofd_parse_failed", page_paths[i] + " has no ofd:Page root");
      return result;
    }
    double height = default_height;
    if (const xmlNode* area = Child(page, "Area")) {
      const Area box = ParseArea(Text(Child(area, "PhysicalBox")));
      if (box.h > 0) height = box.h;
    }
    std::vector<Box> boxes;
    Rules rules;
    if (!ReadPage(page, &boxes, &rules, &deadline)) {
      Refuse(&result, "time_limit", "the time limit passed while reading page " + std::to_string(i + 1));
      return result;
    }
    box_count += boxes.size();
    pages[i].height = height * kPointsPerMm;
    pages[i].lines = LayOutPage(std::move(boxes), rules, limits.column_gap);
  }
  if (box_count == 0) {
    result.no_text_layer = result.pages > 0;
    return result;
  }
  DropPageFurniture(&pages);
  result.text = JoinPages(&pages);
  if (FindInvalidUtf8(result.text).has_value()) {  // boxes are cleaned; a guard, not a path
    Refuse(&result, "ofd_parse_failed", "the text objects gave text that is not UTF-8");
  }
  return result;
}

}  // namespace xxgk::extract
