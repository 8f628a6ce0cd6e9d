// Zip parts under a size cap, with libzip. See zip_archive.h.
#include "extract/text/zip_archive.h"

#include <zip.h>

#include <vector>

namespace xxgk::extract {
namespace {

constexpr size_t kReadChunk = size_t{1} << 16;

struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

ZipArchive::ZipArchive(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    error_ = std::string("cannot read the zip: ") + zip_error_strerror(&error);
    zip_error_fini(&error);
    return;
  }
  archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive_ == nullptr) {
    zip_source_free(source);
    error_ = std::string("cannot open the zip: ") + zip_error_strerror(&error);
  }
  zip_error_fini(&error);
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(archive_);  // also frees the source
}

bool ZipArchive::Has(std::string_view name) const {
  return archive_ != nullptr && zip_name_locate(archive_, std::string(name).c_str(), ZIP_FL_NOCASE) >= 0;
}

ZipStatus ZipArchive::Read(std::string_view name_view, size_t max_bytes, std::string* out,
                           std::string* error) const {
  out->clear();
  const std::string name(name_view);
  if (archive_ == nullptr) {
    *error = error_;
    return ZipStatus::kDamaged;
  }
  const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) {
    *error = "the zip holds no " + name;
    return ZipStatus::kMissing;
  }
  const auto idx = static_cast<zip_uint64_t>(index);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_, idx, 0, &stat) != 0) {
    *error = "cannot stat " + name + ": " + zip_strerror(archive_);
    return ZipStatus::kDamaged;
  }
  if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > max_bytes) {
    *error = name + " declares " + std::to_string(stat.size) +
             " bytes decompressed, over the limit of " + std::to_string(max_bytes);
    return ZipStatus::kTooLarge;
  }
  std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(archive_, idx, 0));
  if (file == nullptr) {
    *error = "cannot open " + name + ": " + zip_strerror(archive_);
    return ZipStatus::kDamaged;
  }
  std::vector<char> chunk(kReadChunk);
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
    if (n < 0) {
      *error = "cannot read " + name + ": " + zip_error_strerror(zip_file_get_error(file.get()));
      out->clear();
      return ZipStatus::kDamaged;
    }
    if (n == 0) break;
    if (static_cast<zip_uint64_t>(n) > max_bytes - out->size()) {
      *error = name + " decompresses to more than the limit of " + std::to_string(max_bytes) +
               " bytes (its header said " + std::to_string(stat.size) + ")";
      out->clear();
      return ZipStatus::kTooLarge;
    }
    out->append(chunk.data(), static_cast<size_t>(n));
  }
  return ZipStatus::kOk;
}

}  // namespace xxgk::extract
