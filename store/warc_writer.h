// WARC 1.1 records, written by hand: serialisation of one record, its digests (SHA-1, base32, as
// the web-archiving tools expect: "sha1:<32 base32 chars>"), name-based record ids, and a writer
// that appends each record to a file as its own gzip member (zlib), so readers can seek to a
// record by its offset. No Debian library writes WARC 1.1 with digests (libarchive writes WARC
// 1.0 resource records without them), hence this file. Format:
// https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/
// Thread safety: WarcWriter is not thread-safe; the free functions are pure.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace xxgk::store {

inline constexpr std::string_view kRevisitProfile =
    "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

// One WARC record: its named fields in order (WARC-Type first), and its block. Content-Length
// is computed from the block when serialised; do not add it.
struct WarcRecord {
  std::vector<std::pair<std::string, std::string>> fields;
  std::string block;

  void Add(std::string name, std::string value) { fields.emplace_back(std::move(name), std::move(value)); }
};

// "sha1:" + RFC 4648 base32 of the SHA-1 of `bytes`.
std::string WarcSha1(std::string_view bytes);
// RFC 4648 base32 (upper case, '=' padded) of `bytes`.
std::string Base32(std::string_view bytes);
// "<urn:uuid:...>": a version-5 style (SHA-1, name-based) UUID of `name`, so an export of the
// same archive gives the same ids.
std::string WarcRecordId(std::string_view name);
// The record as bytes: "WARC/1.1", the fields, Content-Length, a blank line, the block and the
// two CRLFs that end a record. Field values have CR and LF replaced by spaces.
std::string SerializeWarcRecord(const WarcRecord& record);
// `data` as one complete gzip member.
std::string GzipMember(std::string_view data);

// Appends records to a .warc.gz file, one gzip member each.
class WarcWriter {
 public:
  WarcWriter() = default;
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;
  ~WarcWriter();

  // Creates (truncates) `path`; `exclusive`: fails if it exists (O_EXCL), `*exists` (optional)
  // then says so.
  Status Open(const std::string& path, bool exclusive = false, bool* exists = nullptr);
  // Creates a fresh temporary beside `final_path` (base/temp_file.h) and sets `*tmp` to its path.
  Status OpenTemporaryFor(const std::string& final_path, std::string* tmp);
  // Writes `record`; `*offset` and `*length` (optional) get where its gzip member starts in the
  // file and how many bytes it takes, as a CDXJ index wants them.
  Status Write(const WarcRecord& record, uint64_t* offset = nullptr, uint64_t* length = nullptr);
  // Flushes, syncs and closes.
  Status Close();
  uint64_t size() const { return size_; }

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  uint64_t size_ = 0;
};

}  // namespace xxgk::store
