// libFuzzer target for the crawl's link scanner (crawler/link_extract): ScanLinks and a
// LinkResolver never crash or hang on any bytes, and on inputs where the two are meant to agree
// the scanner's <a>/<area> hrefs are those of Gumbo's tree (the HTML5 reference), as a set.
// Left out of the comparison (traps only on a real disagreement):
//   - tree-construction differences: <select>, <table>, <template>, <frameset>, <svg>, <math>
//     (and frames, whose src only the scanner reports);
//   - "&": the scanner decodes HTML 4's references and only with ";" (link_extract.h), HTML5
//     more (legacy names without ";", &#x80;-&#x9F; as windows-1252, &#0; as U+FFFD);
//   - "<!--" inside a script: the scanner ignores the tokenizer's script-escape states.
#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/link_extract.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// As in tests/crawler/link_extract_test.cc: every run of non-ASCII bytes and control characters
// becomes one "~" (Gumbo reads bytes as UTF-8 and turns controls into U+FFFD); CR LF and CR
// become LF.
std::string Comparable(std::string_view href) {
  std::string out;
  for (size_t i = 0; i < href.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(href[i]);
    const bool control =
        (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F;
    if (c >= 0x80 || control) {
      if (out.empty() || out.back() != '~') out.push_back('~');
    } else if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < href.size() && href[i + 1] == '\n') ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// a/area hrefs of Gumbo's tree, walked without recursion (fuzzed documents nest deeply).
std::set<std::string> GumboHrefs(std::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::set<std::string> hrefs;
  std::vector<const GumboNode*> stack = {output->document};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) {
      children = &node->v.document.children;
    } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& element = node->v.element;
      if ((element.tag == GUMBO_TAG_A || element.tag == GUMBO_TAG_AREA) &&
          element.tag_namespace == GUMBO_NAMESPACE_HTML) {
        if (const GumboAttribute* href = gumbo_get_attribute(&element.attributes, "href")) {
          hrefs.insert(Comparable(href->value));
        }
      }
      children = &element.children;
    }
    if (children == nullptr) continue;
    for (unsigned i = 0; i < children->length; ++i) {
      stack.push_back(static_cast<const GumboNode*>(children->data[i]));
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return hrefs;
}

// Whether `html` avoids every known, accepted difference (see the top of this file).
bool ShouldCompare(std::string_view html) {
  std::string lower(html);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (lower.find('&') != std::string::npos) return false;
  for (std::string_view excluded :
       {"<select", "<table", "<template", "<frame", "<iframe", "<svg", "<math", "<!--"}) {
    if (lower.find(excluded) != std::string::npos) {
      // A "<!--" is only a problem inside a script.
      if (excluded != "<!--" || lower.find("<script") != std::string::npos) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const xxgk::crawl::ScannedLinks scanned = xxgk::crawl::ScanLinks(html);

  xxgk::crawl::CanonicalUrl page;
  Check(xxgk::crawl::CanonicalizeUrl("http://www.xx.gov.cn/zfxxgk/ndbg/index.html", &page).ok());
  xxgk::crawl::LinkResolver resolver(/*max_remembered=*/8);
  const xxgk::crawl::PageLinks first = resolver.Links(page, html);
  const xxgk::crawl::PageLinks again = resolver.Links(page, html);
  Check(first.count <= scanned.hrefs.size() && again.count == first.count);
  Check(first.fresh.size() <= first.count);

  if (!ShouldCompare(html)) return 0;
  std::set<std::string> ours;
  for (const std::string& href : scanned.hrefs) ours.insert(Comparable(href));
  Check(ours == GumboHrefs(html));
  return 0;
}
