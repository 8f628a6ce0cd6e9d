// DOCX → report text. See docx_text.h.
#include "extract/text/docx_text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "extract/text/doc_identity.h"
#include "extract/text/xml_part.h"
#include "extract/text/zip_archive.h"

namespace xxgk::extract {
namespace {

constexpr size_t kMaxGridSpan = 1000;  // Word allows 63 columns; anything above is hostile

// WordprocessingML, transitional and strict.
constexpr const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kWordStrictNs = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr const char* kMarkupCompatNs =
    "http://schemas.openxmlformats.org/markup-compatibility/2006";

bool IsNs(const xmlNode* node, const char* uri) {
  return node->ns != nullptr && node->ns->href != nullptr &&
         std::strcmp(reinterpret_cast<const char*>(node->ns->href), uri) == 0;
}

// A w: element named `name`.
bool IsW(const xmlNode* node, const char* name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0 &&
         (IsNs(node, kWordNs) || IsNs(node, kWordStrictNs));
}

// The first w: child named `name`, or null.
xmlNode* Child(const xmlNode* node, const char* name) {
  for (xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (IsW(c, name)) return c;
  }
  return nullptr;
}

// The value of the attribute with local name `name` (any namespace), or nullopt-like empty +
// false.
bool Attr(const xmlNode* node, const char* name, std::string* value) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0) continue;
    value->clear();
    for (const xmlNode* t = a->children; t != nullptr; t = t->next) {
      if (t->type == XML_TEXT_NODE && t->content != nullptr) {
        *value += reinterpret_cast<const char*>(t->content);
      }
    }
    return true;
  }
  return false;
}

// w:val of a w:<name> property element, as a count clamped to [1, cap]; 1 when absent or bad.
size_t CountProperty(const xmlNode* props, const char* name, size_t cap, size_t absent) {
  if (props == nullptr) return absent;
  const xmlNode* p = Child(props, name);
  std::string v;
  if (p == nullptr || !Attr(p, "val", &v)) return absent;
  size_t n = 0;
  if (v.empty() || v.size() > 9) return absent;
  for (char ch : v) {
    if (ch < '0' || ch > '9') return absent;
    n = n * 10 + static_cast<size_t>(ch - '0');
  }
  return std::min(n, cap);
}

// Subtrees that hold no visible text of the paragraph: properties, deletions, field codes and
// the fallback copy of alternate content.
bool SkippedSubtree(const xmlNode* n) {
  if (n->type != XML_ELEMENT_NODE) return true;
  if (IsNs(n, kMarkupCompatNs)) {
    return std::strcmp(reinterpret_cast<const char*>(n->name), "Fallback") == 0;
  }
  static constexpr const char* kSkipped[] = {
      "pPr",   "rPr",       "tcPr",     "trPr",     "tblPr",      "tblGrid",    "sectPr",
      "del",   "moveFrom",  "delText",  "instrText", "delInstrText", "fldData", "tblPrEx",
      "sdtPr", "sdtEndPr",  "commentReference"};
  for (const char* name : kSkipped) {
    if (IsW(n, name)) return true;
  }
  return false;
}

void AppendTextChildren(const xmlNode* n, std::string* out) {
  for (const xmlNode* t = n->children; t != nullptr; t = t->next) {
    if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content != nullptr) {
      *out += reinterpret_cast<const char*>(t->content);
    }
  }
}

// The text under `root`, iteratively (no recursion however deep the tree): w:t text, w:tab as a
// tab, w:br/w:cr as a newline; a newline before a paragraph nested in it (a text box) and a tab
// between the cells of a table nested in it.
// Stops early when `deadline` expires (the caller checks it).
void InlineText(const xmlNode* root, std::string* out, DeadlineCheck* deadline) {
  const xmlNode* n = root->children;
  while (n != nullptr) {
    if (deadline->Expired()) return;
    bool descend = false;
    if (SkippedSubtree(n)) {
      // nothing
    } else if (IsW(n, "t")) {
      AppendTextChildren(n, out);
    } else if (IsW(n, "tab")) {
      *out += '\t';
    } else if (IsW(n, "br") || IsW(n, "cr")) {
      *out += '\n';
    } else if (IsW(n, "noBreakHyphen")) {
      *out += '-';
    } else if (IsW(n, "p") || IsW(n, "tr")) {
      if (!out->empty() && out->back() != '\n') *out += '\n';
      descend = true;
    } else if (IsW(n, "tc")) {
      if (!out->empty() && out->back() != '\n') *out += '\t';
      descend = true;
    } else {
      descend = true;
    }
    if (descend && n->children != nullptr) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n != root && n->next == nullptr) n = n->parent;
    if (n == nullptr || n == root) break;
    n = n->next;
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Runs of ASCII white space become one space; no space at either end.
std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (IsSpace(c)) {
      pending = true;
      continue;
    }
    if (pending && !out.empty()) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

class Renderer {
 public:
  explicit Renderer(const DocxLimits& limits) : limits_(limits), deadline_(limits.deadline) {}

  // The block content of `container` (w:body, a layout table's w:tc, w:sdtContent, …). Stops
  // early when the deadline expires (see expired()).
  void Blocks(const xmlNode* container, size_t depth) {
    for (const xmlNode* n = container->children; n != nullptr; n = n->next) {
      if (deadline_.Expired()) return;
      if (IsW(n, "p")) {
        std::string line;
        InlineText(n, &line, &deadline_);
        out_ += line;
        out_ += '\n';
      } else if (IsW(n, "tbl")) {
        Table(n, depth);
      } else if (IsW(n, "sdt")) {
        if (const xmlNode* content = Child(n, "sdtContent")) Blocks(content, depth);
      } else if (IsW(n, "customXml") || IsW(n, "ins") || IsW(n, "moveTo")) {
        Blocks(n, depth);
      }
    }
  }

  std::string& text() { return out_; }
  bool spans_clamped() const { return spans_clamped_; }
  bool expired() { return deadline_.Expired(); }

 private:
  // The w:tr of a table, or the w:tc of a row, looking through content controls and custom XML.
  static void Parts(const xmlNode* parent, const char* name, std::vector<const xmlNode*>* out) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (IsW(n, name)) {
        out->push_back(n);
      } else if (IsW(n, "sdt")) {
        if (const xmlNode* content = Child(n, "sdtContent")) {
          for (const xmlNode* m = content->children; m != nullptr; m = m->next) {
            if (IsW(m, name)) out->push_back(m);
          }
        }
      } else if (IsW(n, "customXml")) {
        for (const xmlNode* m = n->children; m != nullptr; m = m->next) {
          if (IsW(m, name)) out->push_back(m);
        }
      }
    }
  }

  void Table(const xmlNode* tbl, size_t depth) {
    std::vector<const xmlNode*> rows;
    Parts(tbl, "tr", &rows);
    std::vector<std::vector<const xmlNode*>> cells(rows.size());
    size_t total_cells = 0;
    bool holds_table = false;
    for (size_t r = 0; r < rows.size(); ++r) {
      Parts(rows[r], "tc", &cells[r]);
      total_cells += cells[r].size();
      for (const xmlNode* tc : cells[r]) {
        if (Child(tc, "tbl") != nullptr) holds_table = true;
      }
    }
    if ((total_cells == 1 || holds_table) && depth < limits_.max_table_depth) {
      for (const auto& row : cells) {
        for (const xmlNode* tc : row) Blocks(tc, depth + 1);
      }
      return;
    }
    BlankLine();
    std::vector<std::string> line_cells;
    for (size_t r = 0; r < rows.size(); ++r) {
      line_cells.clear();
      const xmlNode* tr_pr = Child(rows[r], "trPr");
      AddCells(&line_cells, "", CountProperty(tr_pr, "gridBefore", kMaxGridSpan, 0));
      for (const xmlNode* tc : cells[r]) {
        const xmlNode* tc_pr = Child(tc, "tcPr");
        size_t span = CountProperty(tc_pr, "gridSpan", kMaxGridSpan, 1);
        if (span == 0) span = 1;
        std::string text;
        const xmlNode* vmerge = tc_pr != nullptr ? Child(tc_pr, "vMerge") : nullptr;
        std::string vmerge_val;
        const bool continuation =
            vmerge != nullptr && (!Attr(vmerge, "val", &vmerge_val) || vmerge_val != "restart");
        if (!continuation) {
          std::string raw;
          InlineText(tc, &raw, &deadline_);
          text = CollapseSpaces(raw);
        }
        AddCells(&line_cells, text, 1);
        AddCells(&line_cells, "", span - 1);
      }
      bool any = false;
      for (const std::string& c : line_cells) any = any || !c.empty();
      if (!any) continue;
      for (size_t c = 0; c < line_cells.size(); ++c) {
        if (c > 0) out_ += '\t';
        out_ += line_cells[c];
      }
      out_ += '\n';
    }
    BlankLine();
  }

  // Appends `count` copies of `text` within the table-cell budget (the first copy always).
  void AddCells(std::vector<std::string>* row, const std::string& text, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      if (i > 0 && cells_used_ >= limits_.max_table_cells) {
        spans_clamped_ = true;
        return;
      }
      ++cells_used_;
      row->push_back(text);
    }
  }

  void BlankLine() {
    if (out_.empty()) return;
    if (out_.back() != '\n') out_ += '\n';
    if (out_.size() < 2 || out_[out_.size() - 2] != '\n') out_ += '\n';
  }

  const DocxLimits& limits_;
  DeadlineCheck deadline_;
  std::string out_;
  size_t cells_used_ = 0;
  bool spans_clamped_ = false;
};

void Refuse(DocxText* result, std::string code, std::string reason) {
  result->refusal_code = std::move(code);
  result->refusal = std::move(reason);
  result->text.clear();
  result->spans_clamped = false;
}

// word/document.xml, decompressed (zip_archive.h), or a refusal.
bool ReadDocumentPart(std::string_view bytes, const DocxLimits& limits, std::string* xml,
                      DocxText* result) {
  const ZipArchive archive(bytes);
  if (!archive.ok()) {
    Refuse(result, "docx_damaged", archive.error());
    return false;
  }
  std::string error;
  switch (archive.Read("word/document.xml", limits.max_part_bytes, xml, &error)) {
    case ZipStatus::kOk:
      return true;
    case ZipStatus::kTooLarge:
      Refuse(result, "zip_too_large", error);
      return false;
    case ZipStatus::kMissing:
    case ZipStatus::kDamaged:
      break;
  }
  Refuse(result, "docx_damaged", error);
  return false;
}

}  // namespace

DocxText DocxToText(std::string_view bytes, const DocxLimits& limits) {
  DocxText result;
  std::string xml;
  if (!ReadDocumentPart(bytes, limits, &xml, &result)) return result;
  std::string error;
  const XmlDocPtr doc = ParseXmlPart(xml, "word/document.xml", &error);
  if (doc == nullptr) {
    Refuse(&result, xml.size() > static_cast<size_t>(INT_MAX) ? "zip_too_large" : "docx_parse_failed",
           error);
    return result;
  }
  xml.clear();
  xml.shrink_to_fit();
  if (DeadlineCheck(limits.deadline).Expired()) {
    Refuse(&result, "time_limit", "the time limit passed while parsing word/document.xml");
    return result;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !IsW(root, "document")) {
    Refuse(&result, "docx_parse_failed", "word/document.xml has no w:document root");
    return result;
  }
  Renderer renderer(limits);
  if (const xmlNode* body = Child(root, "body")) renderer.Blocks(body, 0);
  if (renderer.expired()) {
    Refuse(&result, "time_limit", "the time limit passed while walking word/document.xml");
    return result;
  }
  std::string& text = renderer.text();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty()) text += '\n';
  if (FindInvalidUtf8(text).has_value()) {  // libxml2 gives UTF-8; a guard, not a path
    Refuse(&result, "docx_parse_failed", "word/document.xml gave text that is not UTF-8");
    return result;
  }
  result.text = std::move(text);
  result.spans_clamped = renderer.spans_clamped();
  return result;
}

}  // namespace xxgk::extract
