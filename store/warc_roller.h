// Rolling WARC files written while crawling (`xxgk fetch --warc DIR`): every fetch the run logs,
// as it is committed to the archive, becomes the same records `xxgk export --warc` makes of it
// (store/warc_records.h: request + response, a revisit for a payload this run already wrote, a
// resource when no HTTP head was kept; nothing for a fetch without a response). Files are
// DIR/xxgk-<UTC yyyymmddhhmmss>-<serial 00000>.warc.gz, each opened with a warcinfo record and
// written as NAME.open until it is full (over `max_bytes`) or the run ends, then renamed.
// Thread safety: not thread-safe; FetchRun calls it from its archive writer thread only.
#pragma once

#include <cstdint>
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
  // `first_fetch`: the fetch log number the next Add gets (record ids are derived from it, so a
  // later export of the same archive gives the same ids).
  WarcRoller(std::string dir, uint64_t max_bytes, std::string software, uint64_t first_fetch);
  ~WarcRoller();

  // The records of `fetch` (in the order the archive logged them).
  Status Add(const NewFetch& fetch);
  // Closes and renames the current file.
  Status Close();

  const std::vector<std::string>& files() const { return files_; }  // completed, in order

 private:
  Status Roll();
  Status Write(WarcRecord record);  // with WARC-Warcinfo-ID of the current file

  std::string warcinfo_id_;
  std::string dir_;
  uint64_t max_bytes_;
  std::string software_;
  uint64_t next_fetch_;
  WarcWriter writer_;
  bool open_ = false;
  std::string path_;  // of the file being written, without ".open"
  uint64_t serial_ = 0;
  std::string stamp_;  // the run's start, yyyymmddhhmmss
  std::vector<std::string> files_;
  std::unordered_map<std::string, WarcOriginal> originals_;  // payload digest → first response
};

}  // namespace xxgk::store
