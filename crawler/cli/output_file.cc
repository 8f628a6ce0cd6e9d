// OutputFile: a fresh temporary beside FILE renamed into place. See output_file.h.
#include "crawler/cli/output_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/temp_file.h"

namespace xxgk::cli {

bool OutputFile::Open(const std::string& path, std::string* error) {
  path_ = path;
  if (path == "-") return true;
  file_ = OpenTemporaryBeside(path, &tmp_);
  if (!file_) *error = path + ": " + std::strerror(errno);
  return file_ != nullptr;
}

void OutputFile::Write(std::string_view data) {
  std::FILE* f = file_ ? file_ : stdout;
  if (std::fwrite(data.data(), 1, data.size(), f) != data.size()) failed_ = true;
}

bool OutputFile::Commit(std::string* error) {
  if (!file_) return std::fflush(stdout) == 0;
  const bool ok = !failed_ && std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
  const int saved = errno;
  std::fclose(file_);
  file_ = nullptr;
  if (!ok || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    *error = path_ + ": " + std::strerror(ok ? errno : saved);
    std::remove(tmp_.c_str());
    return false;
  }
  return true;
}

OutputFile::~OutputFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(tmp_.c_str());
  }
}

}  // namespace xxgk::cli
