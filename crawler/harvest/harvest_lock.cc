// HarvestLock: flock on DIR.harvest.lock. See harvest_lock.h.
#include "crawler/harvest/harvest_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace xxgk::harvest {

std::string HarvestLock::PathFor(const std::string& archive_dir) {
  std::string dir = archive_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir + ".harvest.lock";
}

HarvestLock::Outcome HarvestLock::Acquire(const std::string& archive_dir,
                                          std::unique_ptr<HarvestLock>* lock, long* holder_pid,
                                          std::string* error) {
  const std::string path = PathFor(archive_dir);
  *holder_pid = 0;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return Outcome::kError;
  }
  int rc;
  while ((rc = ::flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
  }
  if (rc != 0) {
    const int saved = errno;
    if (saved == EWOULDBLOCK) {
      char buf[32] = {};
      const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
      if (n > 0) *holder_pid = std::strtol(buf, nullptr, 10);
      ::close(fd);
      return Outcome::kBusy;
    }
    ::close(fd);
    *error = path + ": cannot lock: " + std::strerror(saved);
    return Outcome::kError;
  }
  // Ours now: the file says so (a reader may see it empty for an instant; it then names no PID).
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) !=
                                     static_cast<ssize_t>(pid.size())) {
    const int saved = errno;
    ::close(fd);
    *error = path + ": cannot write: " + std::strerror(saved);
    return Outcome::kError;
  }
  lock->reset(new HarvestLock(fd, path));
  return Outcome::kLocked;
}

HarvestLock::~HarvestLock() { ::close(fd_); }

}  // namespace xxgk::harvest
