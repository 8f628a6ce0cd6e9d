// CDXJ index lines for WARC records, as pywb and webrecorder's warcio write them:
//   <SURT urlkey> <14-digit timestamp> {"url":…,"mime":…,"status":…,"digest":…,"length":…,"offset":…,"filename":…}
// one line per response, revisit and resource record (requests and warcinfo are not indexed),
// sorted byte-wise. The SURT follows warcio's getSurt: scheme and a leading www/wwwN. (lower case
// only, as its regular expression) dropped,
// everything lower-cased, host labels reversed and joined by ',', a non-default port kept, then
// ')' + path + '?' + the query's parameters sorted; URIs that are not http(s) are kept as they are.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk::store {

struct CdxjEntry {
  std::string url;        // WARC-Target-URI
  std::string warc_date;  // WARC-Date (RFC 3339)
  std::string mime;       // the HTTP Content-Type's media type, "warc/revisit", or the record's type
  int status = 0;         // HTTP status; 0: none (resource records)
  std::string digest;     // WARC-Payload-Digest without its "sha1:" label; empty: none
  uint64_t length = 0;    // the record's gzip member: bytes
  uint64_t offset = 0;    // ... and where it starts in the file
  std::string filename;   // the WARC file's name
  // The form body of the request record paired with it, when that was a POST: the line is keyed
  // and marked as warcio's cdx-index keys one (the body appended to the URL after
  // `__wb_method=POST`, fields "method" and "requestBody").
  std::string request_body;
};

std::string Surt(std::string_view url);
// One line, with its '\n'.
std::string CdxjLine(const CdxjEntry& entry);
// The lines of `entries`, sorted, concatenated.
std::string CdxjIndex(const std::vector<CdxjEntry>& entries);

}  // namespace xxgk::store
