// Gumbo's view of a page's links, for differential tests of the link scanner.
#include "tests/crawler/gumbo_links.h"

#include <gumbo.h>

namespace xxgk::crawl::testing {

std::vector<std::string> GumboAnchorHrefs(std::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::vector<std::string> hrefs;
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
          hrefs.emplace_back(href->value);
        }
      }
      children = &element.children;
    }
    if (children == nullptr) continue;
    for (unsigned i = children->length; i > 0; --i) {  // reversed: popped in document order
      stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return hrefs;
}

std::string ComparableHref(std::string_view href) {
  std::string out;
  for (size_t i = 0; i < href.size(); ++i) {
    const auto c = static_cast<unsigned char>(href[i]);
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

}  // namespace xxgk::crawl::testing
