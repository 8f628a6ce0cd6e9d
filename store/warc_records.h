// The WARC records of what the archive holds: a warcinfo record; for one fetch log entry, a
// request and a response per redirect hop it kept (FetchEntry::hops), then its request and its
// response (or, for a payload already written, a revisit with profile identical-payload-digest);
// for an imported file, a resource record with a file: URI.
// What is kept, and what is rebuilt (the archive stores bodies after libcurl's content decoding
// and no request headers), is documented in docs/warc.md. Used by `xxgk export --warc`
// (store/warc_export.h).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/archive.h"
#include "store/warc_writer.h"

namespace xxgk::store {

// The first record of a file: application/warc-fields naming the software and the format.
WarcRecord WarcinfoRecord(std::string_view filename, std::string_view date,
                          const std::vector<std::pair<std::string, std::string>>& info);

// The HTTP head of a response as exported: the status line and the headers as received, except
// Content-Encoding and Transfer-Encoding (dropped: the payload is stored decoded) and
// Content-Length (set to the payload's size; added when absent). `*changed` (optional) gets what
// was dropped or rewritten, "Name: value" each, for the record's XXGK-Original-Headers field.
std::string ResponseHead(const FetchEntry& entry, size_t payload_size,
                         std::vector<std::string>* changed = nullptr);
// The same for any status line and headers (a redirect hop's).
std::string ResponseHead(std::string_view status_line,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         size_t payload_size, std::vector<std::string>* changed = nullptr);
// A request rebuilt from the URL: "GET <path> <protocol>" and Host (the fetch log keeps no
// request headers); with a form body, "POST", its Content-Type and Content-Length, and the body.
std::string RequestHead(std::string_view url, std::string_view protocol,
                        std::string_view form_body = "");

// The URL the final response came from.
std::string TargetUri(const FetchEntry& entry);

// Where a payload was first written, for revisits.
struct WarcOriginal {
  std::string record_id, uri, date;
};

// The URL of redirect hop `i` of `entry` (its FetchEntry::redirects line "302 URL").
// REQUIRES: i < entry.redirects.size().
std::string HopUri(const FetchEntry& entry, size_t i);

struct HopRecords {
  WarcRecord request;
  WarcRecord response;  // always a response record (a hop's body is never a revisit)
};

// The records of `entry`'s redirect hops whose responses were kept (FetchEntry::hops), in the
// order they happened; empty for entries logged before hops were kept. A hop whose body was not
// kept (HopResponse::body_kept) is a response record with its HTTP head only,
// `WARC-Truncated: length` and no payload digest. Written also for a fetch whose final request
// got no response (the hops' answers did arrive).
std::vector<HopRecords> RecordsOfHops(const FetchEntry& entry, uint64_t n);

struct FetchRecords {
  std::vector<HopRecords> hops;  // RecordsOfHops: written before the final request and response
  WarcRecord request;
  WarcRecord response;  // a response or a revisit record
  std::string response_id;
};
// The records of one fetch with a status line (`n`: its fetch log number, part of the record ids).
// `original` non-null: the payload was written before, the response becomes a revisit.
FetchRecords RecordsOfFetch(const FetchEntry& entry, uint64_t n, std::string_view payload,
                            const WarcOriginal* original);

// A resource record: `uri` (a file: URI, or the URL of a fetch logged without its HTTP head),
// its bytes as the block.
WarcRecord ResourceRecord(std::string_view uri, std::string_view date,
                          std::string_view content_type, std::string_view payload,
                          std::string_view id_name);

// A file: URI for a path as given at import: "file://" + the path for an absolute one,
// "file:" + the path for a relative one; bytes outside RFC 3986 unreserved and "/" percent-encoded.
std::string FileUri(std::string_view path);

}  // namespace xxgk::store
