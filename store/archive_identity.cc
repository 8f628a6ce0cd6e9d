// Archive identity: the checks before an archive is opened for real. See archive_identity.h.
#include "store/archive_identity.h"

#include <fcntl.h>
#include <lmdb.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <set>
#include <string_view>

#include "store/archive_env.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kLmdbMagic = 0xBEEFC0DE;  // MDB_MAGIC in mdb.c
constexpr size_t kPageHeaderBytes = 16;      // PAGEHDRSZ: the meta follows the page header

const std::string kNotOurs = "not an xxgk archive";

std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

// data.mdb must start with an LMDB meta page; read with plain read(2), before LMDB sees it.
Status CheckLmdbFile(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return Status::Error("cannot read data.mdb: " + ec.message());
  if (size == 0) {
    return Status::Error(kNotOurs + " (data.mdb is empty, 0 bytes); refusing to open it or to "
                                    "create an archive over it. Restore it from a backup, or "
                                    "remove it to start a new archive.");
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(std::string("cannot read data.mdb: ") + std::strerror(errno));
  unsigned char head[kPageHeaderBytes + 8] = {};
  const ssize_t n = ::read(fd, head, sizeof head);
  ::close(fd);
  uint32_t magic = 0;
  if (n == static_cast<ssize_t>(sizeof head)) std::memcpy(&magic, head + kPageHeaderBytes, 4);
  if (magic != kLmdbMagic) {
    return Status::Error(kNotOurs + " (data.mdb is not an LMDB database); refusing to open it");
  }
  return Status::Ok();
}

// LMDB maps data.mdb and trusts its meta page: a file cut short (a bad copy, a disk error) would
// fault when a page past its end is touched. Refuse it up front instead.
Status CheckNotTruncated(MDB_env* env, const std::string& path) {
  MDB_envinfo info{};
  MDB_stat stat{};
  if (mdb_env_info(env, &info) != MDB_SUCCESS || mdb_env_stat(env, &stat) != MDB_SUCCESS) {
    return Status::Error("cannot read the archive's size");
  }
  std::error_code ec;
  const auto file_bytes = fs::file_size(path, ec);
  if (ec) return Status::Error("cannot read data.mdb: " + ec.message());
  const auto needed = static_cast<uintmax_t>(info.me_last_pgno + 1) * stat.ms_psize;
  if (file_bytes < needed) {
    return Status::Error("data.mdb is truncated (" + std::to_string(file_bytes) +
                         " bytes, its pages need " + std::to_string(needed) +
                         "); refusing to open it. Restore it from a backup.");
  }
  return Status::Ok();
}

// The first 64 entries of the database `dbi` (values cut at 256 bytes): enough to classify.
int ReadAll(MDB_txn* txn, MDB_dbi dbi, std::vector<std::pair<std::string, std::string>>* out) {
  MDB_cursor* cursor = nullptr;
  int rc = mdb_cursor_open(txn, dbi, &cursor);
  if (rc != MDB_SUCCESS) return rc;
  MDB_val k{}, v{};
  for (rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == MDB_SUCCESS && out->size() < 64;
       rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    out->emplace_back(View(k), View(v).substr(0, 256));
  }
  mdb_cursor_close(cursor);
  return rc == MDB_NOTFOUND || rc == MDB_SUCCESS ? MDB_SUCCESS : rc;
}

Status Classify(MDB_txn* txn, ArchiveIdentity* identity) {
  MDB_dbi main_db = 0;
  std::vector<std::pair<std::string, std::string>> names;
  if (int rc = mdb_dbi_open(txn, nullptr, 0, &main_db); rc != MDB_SUCCESS) {
    return Status::Error("cannot read the archive: " + std::string(mdb_strerror(rc)));
  }
  if (int rc = ReadAll(txn, main_db, &names); rc != MDB_SUCCESS) {
    return Status::Error("cannot read the archive: " + std::string(mdb_strerror(rc)));
  }
  if (names.empty()) {
    identity->kind = ArchiveIdentity::kEmpty;
    return Status::Ok();
  }
  const Status foreign = Status::Error(
      kNotOurs + " (an LMDB database of another kind); refusing to open it");
  MDB_dbi meta = 0;
  std::vector<std::pair<std::string, std::string>> entries;
  if (mdb_dbi_open(txn, kTableNames[0], 0, &meta) != MDB_SUCCESS ||
      ReadAll(txn, meta, &entries) != MDB_SUCCESS) {
    return foreign;
  }
  auto value = [&](std::string_view key) -> const std::string* {
    for (const auto& [k, v] : entries) {
      if (k == key) return &v;
    }
    return nullptr;
  };
  if (const std::string* version = value("schema_version")) identity->schema_version = *version;
  if (const std::string* marker = value("marker"); marker && *marker == kArchiveMarker) {
    identity->kind = ArchiveIdentity::kMarked;
    return Status::Ok();
  }
  // No marker: ours only if it is exactly what xxgk before the marker created.
  for (const auto& [name, unused] : names) {
    if (std::find(kTableNames.begin(), kTableNames.end(), name) == kTableNames.end()) return foreign;
  }
  // (fetch_keys_upto: written by `import --from-archive` before the marker was merged.)
  static const std::set<std::string, std::less<>> kLegacyMeta = {
      "format", "schema_version", "next_seq", "next_fetch", "fetch_keys_upto"};
  for (const auto& [key, unused] : entries) {
    if (!kLegacyMeta.contains(key)) return foreign;
  }
  const std::string* format = value("format");
  if (!format || *format != kArchiveFormat || !value("schema_version")) return foreign;
  identity->kind = ArchiveIdentity::kLegacy;
  return Status::Ok();
}

}  // namespace

Status ProbeArchiveIdentity(const std::string& dir, ArchiveIdentity* identity) {
  const std::string path = (fs::path(dir) / "data.mdb").string();
  if (Status s = CheckLmdbFile(path); !s.ok()) return s;
  MDB_env* env = nullptr;
  int rc = mdb_env_create(&env);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxdbs(env, 64);
  if (rc == MDB_SUCCESS) rc = mdb_env_open(env, dir.c_str(), MDB_RDONLY | MDB_NOLOCK | MDB_NOTLS, 0644);
  if (rc != MDB_SUCCESS) {
    if (env) mdb_env_close(env);
    if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
      return Status::Error(kNotOurs + " (data.mdb is not an LMDB database this xxgk reads); "
                                      "refusing to open it");
    }
    return Status::Error(std::string("cannot open the archive: ") + mdb_strerror(rc));
  }
  Status s = CheckNotTruncated(env, path);
  if (s.ok()) {
    MDB_txn* txn = nullptr;
    rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
    s = rc == MDB_SUCCESS ? Classify(txn, identity)
                          : Status::Error(std::string("cannot read the archive: ") + mdb_strerror(rc));
    if (txn) mdb_txn_abort(txn);
  }
  mdb_env_close(env);
  return s;
}

}  // namespace xxgk::store
