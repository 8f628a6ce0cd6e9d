// SalvageArchive: copies every readable entry of a (damaged) archive into a new archive — every
// document, sequence entry, source, payload, record, URL, fetch-log entry and pending payload
// that can be read — skipping the ranges that cannot be read (WalkArchive: child processes, so
// a damaged page never crashes it). The source is opened read-only and never written.
// The new archive gets its own marker and schema version; its counters (next_seq, next_fetch)
// are the source's, raised past the last sequence number and fetch-log entry copied, so nothing
// added later reuses a number. Values are copied as stored: `xxgk rebuild` on the copy then
// checks every text and payload against its digest.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "store/archive_walk.h"

namespace xxgk::store {

struct SalvageReport {
  WalkReport walk;  // what was read and what could not be
};

// `to` must not exist or be an empty directory. Errors: the source cannot be opened at all, or
// the new archive cannot be created or written (what was copied until then is committed).
Status SalvageArchive(const std::string& from, const std::string& to, SalvageReport* report);

}  // namespace xxgk::store
