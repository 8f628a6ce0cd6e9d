// XML parts of zip containers (DOCX, OFD), parsed with libxml2 the safe way: no network, no entity
// substitution, no DTD loading, no XML_PARSE_HUGE (libxml2's depth limit of 256 elements and its
// entity-amplification guards stay on), no messages on stderr. libxml2 is initialised once.
// Thread-safe: each call has its own parser context.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

namespace xxgk::extract {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// The parsed document, or null with *error saying why (not well-formed, over 2 GiB, no memory).
// `name` is used in the error ("word/document.xml is not well-formed XML (line 3): …").
XmlDocPtr ParseXmlPart(std::string_view xml, std::string_view name, std::string* error);

}  // namespace xxgk::extract
