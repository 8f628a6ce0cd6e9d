// Rolling WARC files written while crawling (`xxgk fetch --warc DIR`, `xxgk harvest --warc DIR`):
// every fetch the run logs, as it is committed to the archive, becomes the same records `xxgk
// export --warc` makes of it (store/warc_records.h: request + response of each redirect hop, then
// request + response, a revisit for a payload this roller already wrote, a resource when no HTTP
// head was kept; nothing but its hops for a fetch without a response). Files are DIR/xxgk-<UTC yyyymmddhhmmss>-<serial 00000>.warc.gz (the stamp is the
// roller's start, the serial counts its files; a name another writer in DIR holds, as NAME or
// NAME.open, is skipped), each opened with a warcinfo record and written as NAME.open (created
// exclusively) until it is full (over `max_bytes`) or the run ends, then renamed.
//
// Record ids come from the fetch log numbers the archive assigned (store::IngestResult::
// first_fetch), never from counting, so they are export's ids even when several writers log into
// one archive at once (a harvest's counties, each FetchRun with its own archive writer thread).
// Batches are written in the order of those numbers, as export reads the log: a batch whose
// numbers come after a gap (another writer committed before it and has not handed its batch on
// yet) waits, copied, until the gap is filled. The gap is skipped (its batch, when it comes, is
// written where it arrives) once more than kMaxWaiting batches wait, or at Close: fetches logged
// by someone who never hands them on (another process on the archive) do not hold the rest back.
// Only then may the files' order, and which of two identical payloads is the revisit, differ
// from export's; the ids never do.
//
// Thread safety: every public method may be called from any thread; calls are serialized by an
// internal mutex (one harvest shares one roller between its counties' archive writers).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/archive.h"
#include "store/warc_records.h"
#include "store/warc_writer.h"

namespace xxgk::store {

class WarcRoller {
 public:
  static constexpr size_t kMaxWaiting = 16;

  // `next_fetch`: the fetch log number the archive gives next (Archive::NextFetch at the start):
  // the first batch Add expects.
  WarcRoller(std::string dir, uint64_t max_bytes, std::string software, uint64_t next_fetch);
  ~WarcRoller();

  // The records of `fetches`, logged by one Archive::Ingest with numbers `first_fetch`,
  // `first_fetch` + 1, … (IngestResult::first_fetch). After a write error every call returns
  // that error and writes nothing more.
  Status Add(uint64_t first_fetch, const std::vector<NewFetch>& fetches);
  // Writes what waits, closes and renames the current file; an error of its own (one an earlier
  // Add returned is not repeated). Add after Close opens a new file.
  Status Close();

  std::vector<std::string> files() const;  // completed, in order

 private:
  Status WriteBatch(uint64_t first_fetch, const std::vector<NewFetch>& fetches);  // REQUIRES: mutex_
  Status WriteWaiting(bool all);                       // REQUIRES: mutex_
  Status WriteFetch(uint64_t n, const NewFetch& fetch);  // REQUIRES: mutex_
  Status CloseFile();                                  // REQUIRES: mutex_
  Status Roll();                                       // REQUIRES: mutex_
  Status Write(WarcRecord record);  // with WARC-Warcinfo-ID of the current file; REQUIRES: mutex_

  mutable std::mutex mutex_;
  std::string warcinfo_id_;
  std::string dir_;
  uint64_t max_bytes_;
  std::string software_;
  uint64_t next_fetch_;  // the number of the next fetch to write, in log order
  std::map<uint64_t, std::vector<NewFetch>> waiting_;  // by first fetch number, after a gap
  Status failed_ = Status::Ok();
  WarcWriter writer_;
  bool open_ = false;
  std::string path_;  // of the file being written, without ".open"
  uint64_t serial_ = 0;
  std::string stamp_;  // the roller's start, yyyymmddhhmmss
  std::vector<std::string> files_;
  std::unordered_map<std::string, WarcOriginal> originals_;  // payload digest → first response
};

}  // namespace xxgk::store
