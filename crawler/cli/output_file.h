// OutputFile: a command's stream output (an export's JSON Lines or CSV) that appears complete or
// not at all: written to a fresh temporary FILE.tmp.XXXXXXXX (base/temp_file.h: O_EXCL, never
// following a planted symbolic link) and renamed over FILE by Commit; '-' is standard output.
// The temporary is removed when the object dies uncommitted. Not thread-safe.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace xxgk::cli {

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Returns false with `*error` ("PATH: reason") when the temporary cannot be created.
  bool Open(const std::string& path, std::string* error);
  void Write(std::string_view data);
  // Flushes, syncs and renames into place; false with `*error` on any failure (also of a Write).
  bool Commit(std::string* error);
  // The temporary's path ("" for standard output or when not open).
  const std::string& temporary_path() const { return tmp_; }

 private:
  std::string path_, tmp_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
};

}  // namespace xxgk::cli
