// Exported document files: names and atomic writes. See document_file.h.
#include "store/document_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace xxgk::store {
namespace {

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

bool IsDocId(std::string_view s) {
  return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string DocumentFileName(uint64_t seq, std::string_view doc_id) {
  char number[24];
  std::snprintf(number, sizeof number, "%03llu", static_cast<unsigned long long>(seq));
  return std::string(number) + "_" + std::string(doc_id) + ".txt";
}

bool ParseDocumentReference(std::string_view text, DocumentReference* out) {
  *out = {};
  auto parse_number = [](std::string_view digits, std::optional<uint64_t>* seq) {
    if (digits.empty() || digits.size() > 19 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    *seq = std::stoull(std::string(digits));
    return true;
  };
  if (IsDocId(text)) {
    out->doc_id = std::string(text);
    return true;
  }
  if (parse_number(text, &out->seq)) return true;
  const size_t slash = text.rfind('/');
  std::string_view name = slash == std::string_view::npos ? text : text.substr(slash + 1);
  if (!name.ends_with(".txt")) return false;
  name.remove_suffix(4);
  const size_t underscore = name.find('_');
  if (underscore == std::string_view::npos || !IsDocId(name.substr(underscore + 1)) ||
      !parse_number(name.substr(0, underscore), &out->seq)) {
    out->seq.reset();
    return false;
  }
  out->doc_id = std::string(name.substr(underscore + 1));
  return true;
}

Status WriteFileInDirectory(int dir_fd, const std::string& name, std::string_view data) {
  const std::string tmp = "." + name + ".tmp";
  ::unlinkat(dir_fd, tmp.c_str(), 0);
  const int fd =
      ::openat(dir_fd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(std::strerror(errno));
  const bool ok = WriteAll(fd, data);
  const int saved = errno;
  if (::close(fd) != 0 || !ok) {
    const std::string why = std::strerror(ok ? errno : saved);
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    return Status::Error(why);
  }
  if (::renameat(dir_fd, tmp.c_str(), dir_fd, name.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    return Status::Error(why);
  }
  return Status::Ok();
}

}  // namespace xxgk::store
