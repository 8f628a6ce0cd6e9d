// HarvestLock: one harvest per archive at a time. An advisory flock(2) on a lock file beside the
// archive directory ("DIR.harvest.lock" for the archive DIR), taken without waiting and held for
// the whole harvest; the file holds the holder's PID, so a second harvest can say whose lock it
// met. The kernel drops the lock when the holder exits, however it ends (kill -9, power loss
// leaves no lock behind: a stale file is simply locked again). The file is never removed:
// removing it would let two harvests lock two different files of the same name.
//
// Advisory: only harvests take it; `fetch`, `import` and the readers are not kept out (the
// archive itself serialises their writes, store/archive.h).
// Thread safety: one object per process and archive; not copyable.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"

namespace xxgk::harvest {

class HarvestLock {
 public:
  // The lock file of the archive directory `archive_dir`: the directory's path (without a
  // trailing slash) + ".harvest.lock".
  static std::string PathFor(const std::string& archive_dir);

  enum class Outcome { kLocked, kBusy, kError };
  // Takes the lock of `archive_dir` without waiting. kLocked: `*lock` holds it. kBusy: another
  // process holds it; `*holder_pid` is the PID written in the file (0 if unreadable). kError: the
  // file could not be opened or locked; `*error` says why.
  static Outcome Acquire(const std::string& archive_dir, std::unique_ptr<HarvestLock>* lock,
                         long* holder_pid, std::string* error);

  ~HarvestLock();  // releases the lock
  HarvestLock(const HarvestLock&) = delete;
  HarvestLock& operator=(const HarvestLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  HarvestLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
};

}  // namespace xxgk::harvest
