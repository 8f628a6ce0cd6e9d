// Zip containers read from memory (DOCX, OFD): open an archive with libzip and read one part
// decompressed under a size cap, checked twice — against the size the zip directory declares and
// while inflating (headers can lie) — so a zip bomb is stopped after at most the cap plus one
// chunk of inflation. Parts are looked up by name, case-insensitively.
// Outcomes: kOk, kMissing (no such part), kDamaged (the zip or the part cannot be read),
// kTooLarge (over the cap); `error` says why, for people. The callers turn them into their
// refusal codes (zip_too_large, docx_damaged, ofd_damaged).
// Not thread-safe per object (one libzip handle); independent objects may be used concurrently.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct zip;

namespace xxgk::extract {

enum class ZipStatus { kOk, kMissing, kDamaged, kTooLarge };

class ZipArchive {
 public:
  // Opens `bytes` (which must outlive the object). On failure ok() is false and error() says why.
  explicit ZipArchive(std::string_view bytes);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool ok() const { return archive_ != nullptr; }
  const std::string& error() const { return error_; }

  // True when the archive has a part named `name`.
  bool Has(std::string_view name) const;

  // Reads part `name` into *out, decompressed, at most `max_bytes`. *error explains a failure.
  ZipStatus Read(std::string_view name, size_t max_bytes, std::string* out,
                 std::string* error) const;

 private:
  zip* archive_ = nullptr;
  std::string error_;
};

}  // namespace xxgk::extract
