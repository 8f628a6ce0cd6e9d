// `xxgk export --warc FILE.warc.gz [--cdxj FILE.cdxj]`: the archive as one WARC 1.1 file
// (store/warc_records.h, store/warc_writer.h) and, optionally, its CDXJ index
// (store/warc_cdxj.h). Order: warcinfo; then every fetch log entry in log order (a request and a
// response per redirect hop, then request, then response or revisit); then every imported file (documents in sequence order, sources of kind
// "file") as a resource record. Both files are written as a fresh FILE.tmp.XXXXXXXX (base/temp_file.h), synced and renamed: they
// appear complete or not at all. Reads the archive in batches, each a consistent snapshot.
// Thread safety: one call at a time per output file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/archive.h"

namespace xxgk::store {

struct WarcExportOptions {
  std::string warc_path;  // required
  std::string cdxj_path;  // empty: no index
  std::string software;   // for warcinfo, e.g. "xxgk/0.1.0"
  std::string date;       // the warcinfo record's WARC-Date (RFC 3339); empty: now
};

struct WarcExportStats {
  uint64_t records = 0;    // all, warcinfo included
  uint64_t requests = 0;   // redirect hops' included
  uint64_t responses = 0;  // redirect hops' included
  uint64_t revisits = 0;
  uint64_t resources = 0;  // imported files, and fetches logged without their HTTP head
  uint64_t skipped = 0;    // fetches with no HTTP response (connection errors, refusals)
  uint64_t bytes = 0;      // of the WARC file
  std::vector<std::string> problems;  // payloads missing or damaged (their fetches are left out)
};

// Writes the WARC (and CDXJ). An error when the output cannot be written or the archive cannot be
// read; a payload that is missing or damaged is a problem (in stats->problems), not an error.
Status ExportWarc(const Archive& archive, const WarcExportOptions& options, WarcExportStats* stats);

}  // namespace xxgk::store
