// CreateTemporaryBeside: the temporary file every "write FILE.tmp, sync, rename over FILE" writer
// uses (exports, spreadsheets, WARC and CDXJ files, reports). It is created fresh with
// O_CREAT|O_EXCL|O_NOFOLLOW under a random name in FILE's own directory (FILE.tmp.XXXXXXXX), so a
// symbolic link or file planted at FILE.tmp (or at any guessable name) is never followed nor
// overwritten, and the rename stays within one file system. Mode 0666 less the umask, like any
// file the user creates. Hand-written (a few lines): mkstemp(3) would make it 0600.
// Thread-safe.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <string>

namespace xxgk {

// Returns an fd open for writing and sets `*tmp` to its path; -1 with errno set on failure.
inline int CreateTemporaryBeside(const std::string& path, std::string* tmp) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp.%08llx",
                  static_cast<unsigned long long>(rng() & 0xffffffffu));
    *tmp = path + suffix;
    const int fd = ::open(tmp->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

// The same as a stdio stream ("wb"); nullptr with errno set on failure.
inline std::FILE* OpenTemporaryBeside(const std::string& path, std::string* tmp) {
  const int fd = CreateTemporaryBeside(path, tmp);
  if (fd < 0) return nullptr;
  std::FILE* f = ::fdopen(fd, "wb");
  if (!f) {
    const int saved = errno;
    ::close(fd);
    ::unlink(tmp->c_str());
    errno = saved;
  }
  return f;
}

}  // namespace xxgk
