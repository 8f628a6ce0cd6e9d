// Safe libxml2 parsing of container parts. See xml_part.h.
#include "extract/text/xml_part.h"

#include <libxml/parser.h>

#include <climits>
#include <mutex>

namespace xxgk::extract {
namespace {

struct XmlCtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

std::once_flag libxml_init;

}  // namespace

XmlDocPtr ParseXmlPart(std::string_view xml, std::string_view name, std::string* error) {
  if (xml.size() > static_cast<size_t>(INT_MAX)) {
    *error = std::string(name) + " is over 2 GiB";
    return nullptr;
  }
  std::call_once(libxml_init, [] { xmlInitParser(); });
  std::unique_ptr<xmlParserCtxt, XmlCtxtFree> ctxt(xmlNewParserCtxt());
  if (ctxt == nullptr) {
    *error = "cannot allocate an XML parser";
    return nullptr;
  }
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  const std::string base(name);
  XmlDocPtr doc(xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()),
                                  base.c_str(), nullptr, options));
  if (doc == nullptr || !ctxt->wellFormed) {
    std::string why = ctxt->lastError.message != nullptr ? ctxt->lastError.message : "unknown";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    *error = base + " is not well-formed XML (line " + std::to_string(ctxt->lastError.line) +
             "): " + why;
    return nullptr;
  }
  return doc;
}

}  // namespace xxgk::extract
