// ArchiveEnv: LMDB environment, schema check, transactions and map growth. See archive_env.h.
#include "store/archive_env.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <array>
#include <charconv>
#include <filesystem>
#include <mutex>

#include "store/archive_identity.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxGrowths = 40;  // 64 MiB doubled 40 times is far beyond any disk

MDB_val Val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

// LMDB reports a write cut short by a full disk as EIO (a short write) or ENOSPC: say what it
// likely means.
std::string WriteFailureNote(const std::string& dir, int rc) {
  struct statvfs fs_info {};
  const auto free_bytes = statvfs(dir.c_str(), &fs_info) == 0
                              ? static_cast<unsigned long long>(fs_info.f_bavail) * fs_info.f_frsize
                              : ~0ull;
  if (free_bytes >= (1u << 20)) {
    return rc == EIO || rc == EFBIG
               ? " (a write to data.mdb failed or was cut short: a full disk, a file-size limit or "
                 "a failing disk; nothing of this write was stored, earlier data is intact)"
               : "";
  }
  return " (no space left: the file system holding the archive has " + std::to_string(free_bytes) +
         " bytes free; nothing of this write was stored, earlier data is intact)";
}

}  // namespace

std::string LmdbError(std::string_view what, int rc) {
  return std::string(what) + ": " + mdb_strerror(rc);
}

std::optional<std::string_view> ReadTxn::Get(Table table, std::string_view key) const {
  if (dbis_[static_cast<size_t>(table)] == kAbsentTable) return std::nullopt;
  MDB_val k = Val(key), v{};
  if (mdb_get(txn_, dbis_[static_cast<size_t>(table)], &k, &v) != MDB_SUCCESS) return std::nullopt;
  return View(v);
}

Status ReadTxn::ForEach(
    Table table, const std::function<bool(std::string_view, std::string_view)>& visit) const {
  return ForEachFrom(table, {}, visit);
}

Status ReadTxn::ForEachFrom(
    Table table, std::string_view from,
    const std::function<bool(std::string_view, std::string_view)>& visit) const {
  if (dbis_[static_cast<size_t>(table)] == kAbsentTable) return Status::Ok();
  MDB_cursor* cursor = nullptr;
  int rc = mdb_cursor_open(txn_, dbis_[static_cast<size_t>(table)], &cursor);
  if (rc != MDB_SUCCESS) return Status::Error(LmdbError("open cursor", rc));
  MDB_val k = Val(from), v{};
  for (rc = mdb_cursor_get(cursor, &k, &v, from.empty() ? MDB_FIRST : MDB_SET_RANGE);
       rc == MDB_SUCCESS;
       rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    if (!visit(View(k), View(v))) break;
  }
  mdb_cursor_close(cursor);
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) return Status::Error(LmdbError("read", rc));
  return Status::Ok();
}

bool ReadTxn::Last(Table table, std::string* key, std::string* value) const {
  if (dbis_[static_cast<size_t>(table)] == kAbsentTable) return false;
  MDB_cursor* cursor = nullptr;
  if (mdb_cursor_open(txn_, dbis_[static_cast<size_t>(table)], &cursor) != MDB_SUCCESS) return false;
  MDB_val k{}, v{};
  const bool found = mdb_cursor_get(cursor, &k, &v, MDB_LAST) == MDB_SUCCESS;
  if (found) {
    if (key) *key = std::string(View(k));
    if (value) *value = std::string(View(v));
  }
  mdb_cursor_close(cursor);
  return found;
}

size_t ReadTxn::Count(Table table) const {
  if (dbis_[static_cast<size_t>(table)] == kAbsentTable) return 0;
  MDB_stat stat{};
  if (mdb_stat(txn_, dbis_[static_cast<size_t>(table)], &stat) != MDB_SUCCESS) return 0;
  return stat.ms_entries;
}

Status WriteTxn::Put(Table table, std::string_view key, std::string_view value) {
  MDB_val k = Val(key), v = Val(value);
  const int rc = mdb_put(txn_, dbis_[static_cast<size_t>(table)], &k, &v, 0);
  if (rc == MDB_MAP_FULL) map_full_ = true;
  if (rc != MDB_SUCCESS) return Status::Error(LmdbError("write", rc));
  return Status::Ok();
}

Status WriteTxn::Delete(Table table, std::string_view key) {
  MDB_val k = Val(key);
  const int rc = mdb_del(txn_, dbis_[static_cast<size_t>(table)], &k, nullptr);
  if (rc == MDB_MAP_FULL) map_full_ = true;
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) return Status::Error(LmdbError("delete", rc));
  return Status::Ok();
}

Status WriteTxn::Clear(Table table) {
  const int rc = mdb_drop(txn_, dbis_[static_cast<size_t>(table)], 0);
  if (rc == MDB_MAP_FULL) map_full_ = true;
  if (rc != MDB_SUCCESS) return Status::Error(LmdbError("clear", rc));
  return Status::Ok();
}

namespace {

// An flock on the archive directory, held while Open checks, creates and initialises: two
// processes creating the same archive are serialised (the second finds it made). Best effort
// for readers: a directory that cannot be opened is read without it.
class DirectoryLock {
 public:
  DirectoryLock(const std::string& dir, bool exclusive)
      : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (fd_ < 0) return;
    while (::flock(fd_, exclusive ? LOCK_EX : LOCK_SH) != 0 && errno == EINTR) {
    }
  }
  ~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_;
};

// Only LMDB's own files (a creation cut short before its first commit leaves them).
bool HoldsOnlyLmdbFiles(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name != "data.mdb" && name != "lock.mdb") return false;
  }
  return !ec;
}

Status CheckSchemaVersion(const std::string& version) {
  int v = 0;
  const auto [end, err] = std::from_chars(version.data(), version.data() + version.size(), v);
  if (version.empty() || err != std::errc() || end != version.data() + version.size()) {
    return Status::Error("archive schema version is missing or unreadable; refusing to open it");
  }
  if (v > kArchiveSchemaVersion) {
    return Status::Error("archive schema version " + std::to_string(v) +
                         " is newer than this xxgk supports (" +
                         std::to_string(kArchiveSchemaVersion) +
                         "); upgrade xxgk, the archive was not changed");
  }
  return Status::Ok();
}

// Where a new archive is made before it is moved into place (see CreateArchive).
constexpr const char* kStagingName = ".xxgk-creating";

// Only the staging folder of a creation that was killed before it ended.
bool HoldsOnlyStaging(const std::string& dir) {
  std::error_code ec;
  bool any = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename() != kStagingName) return false;
    any = true;
  }
  return any && !ec;
}

Status FsyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::Error(path.string() + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) return Status::Error(path.string() + ": fsync: " + std::strerror(saved));
  return Status::Ok();
}

}  // namespace

int ArchiveEnv::OpenLmdb(const std::string& dir, unsigned flags, size_t map_bytes) {
  if (env_) mdb_env_close(env_);
  env_ = nullptr;
  int rc = mdb_env_create(&env_);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxdbs(env_, 16);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxreaders(env_, 256);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_mapsize(env_, map_bytes);
  if (rc == MDB_SUCCESS) rc = mdb_env_open(env_, dir.c_str(), MDB_NOTLS | flags, 0644);
  return rc;
}

// A new archive is made whole in `dir`/.xxgk-creating (tables, format, schema version, marker,
// committed and synced) and only then its data.mdb is renamed into `dir`: a kill -9 or a full
// disk at any moment leaves either no data.mdb or a whole archive, never an empty LMDB
// environment that read commands refuse. The caller holds the directory's exclusive lock, so a
// staging folder found here is a killed creation's, and is cleared first.
Status ArchiveEnv::CreateArchive(const std::string& dir, size_t map_bytes) {
  const fs::path staging = fs::path(dir) / kStagingName;
  std::error_code ec;
  fs::remove_all(staging, ec);
  if (ec) return Status::Error("cannot clear " + staging.string() + ": " + ec.message());
  fs::create_directory(staging, ec);
  if (ec) return Status::Error("cannot create " + staging.string() + ": " + ec.message());
  Status s = Status::Ok();
  {
    ArchiveEnv made;
    if (const int rc = made.OpenLmdb(staging.string(), 0, map_bytes); rc != MDB_SUCCESS) {
      s = Status::Error(LmdbError("cannot create the archive", rc));
    } else {
      made.dir_ = staging.string();
      s = made.Initialize(/*fresh=*/true, /*adopt=*/false);  // commits with fsync
    }
  }  // closed before the move
  if (s.ok()) {
    fs::rename(staging / "data.mdb", fs::path(dir) / "data.mdb", ec);
    if (ec) s = Status::Error("cannot move the new archive into place: " + ec.message());
  }
  if (s.ok()) s = FsyncPath(dir, O_RDONLY | O_DIRECTORY);  // the rename itself is durable
  fs::remove_all(staging, ec);  // lock.mdb, or what a failure left
  return s;
}

Status ArchiveEnv::Open(const std::string& dir, const ArchiveOptions& options,
                        std::unique_ptr<ArchiveEnv>* out) {
  const bool read_only = options.read_only;
  const bool may_create = options.create && !read_only;
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    if (!may_create) return Status::Error(dir + ": no archive here (the directory does not exist)");
    fs::create_directories(dir, ec);
    if (ec) return Status::Error(dir + ": cannot create the archive directory: " + ec.message());
  } else if (!fs::is_directory(dir, ec)) {
    return Status::Error(dir + ": not a directory");
  }
  const DirectoryLock lock(dir, /*exclusive=*/!read_only);
  ArchiveIdentity identity;
  bool fresh = false;
  if (!fs::exists(fs::path(dir) / "data.mdb", ec)) {
    if (HoldsOnlyStaging(dir)) {
      if (!may_create) {
        return Status::Error(dir + ": no archive here (only what a creation cut short left)");
      }
    } else if (!fs::is_empty(dir, ec)) {
      return Status::Error(dir + ": not an xxgk archive (the directory holds other files and no "
                                 "data.mdb); refusing to write into it");
    } else if (!may_create) {
      return Status::Error(dir + ": no archive here (empty directory)");
    }
    if (Status s = CreateArchive(dir, options.initial_map_bytes); !s.ok()) {
      return Status::Error(dir + ": " + s.message());
    }
  }
  {
    if (Status s = ProbeArchiveIdentity(dir, &identity); !s.ok()) {
      return Status::Error(dir + ": " + s.message());
    }
    if (identity.kind == ArchiveIdentity::kEmpty) {
      if (!may_create) return Status::Error(dir + ": no archive here (an empty LMDB environment)");
      if (!HoldsOnlyLmdbFiles(dir)) {
        return Status::Error(dir + ": not an xxgk archive (an empty LMDB database among other "
                                   "files); refusing to write into it");
      }
      fresh = true;
    } else if (Status s = CheckSchemaVersion(identity.schema_version); !s.ok()) {
      return Status::Error(dir + ": " + s.message());
    }
  }
  std::unique_ptr<ArchiveEnv> env(new ArchiveEnv());
  env->dir_ = dir;
  env->read_only_ = read_only;
  auto open_env = [&](unsigned flags) {
    return env->OpenLmdb(dir, flags, options.initial_map_bytes);
  };
  int rc = open_env(read_only ? MDB_RDONLY : 0);
  if (read_only && (rc == EACCES || rc == EROFS || rc == EPERM || rc == ENOENT)) {
    // lock.mdb cannot be created or opened for writing (read-only media, another user's files).
    rc = open_env(MDB_RDONLY | MDB_NOLOCK);
    env->unlocked_ = rc == MDB_SUCCESS;
  }
  if (rc != MDB_SUCCESS) return Status::Error(dir + ": cannot open the archive: " + mdb_strerror(rc));
  Status s = read_only ? env->OpenTables()
                       : env->Initialize(fresh, identity.kind == ArchiveIdentity::kLegacy);
  if (!s.ok()) return Status::Error(dir + ": " + s.message());
  *out = std::move(env);
  return Status::Ok();
}

ArchiveEnv::~ArchiveEnv() {
  if (env_) mdb_env_close(env_);
}

// Read-only: the tables there are (an archive made before a table existed lacks it: reads of it
// find nothing). Handles opened in a read transaction are kept by committing it.
Status ArchiveEnv::OpenTables() {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return Status::Error(LmdbError("cannot read the archive", rc));
  for (size_t i = 0; i < kTableCount; ++i) {
    rc = mdb_dbi_open(txn, kTableNames[i], 0, &dbis_[i]);
    if (rc == MDB_NOTFOUND) {
      dbis_[i] = kAbsentTable;
    } else if (rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      return Status::Error(LmdbError("cannot open the archive tables", rc));
    }
  }
  rc = mdb_txn_commit(txn);
  if (rc != MDB_SUCCESS) return Status::Error(LmdbError("cannot open the archive tables", rc));
  return Status::Ok();
}

// Open has checked the identity and schema: nothing foreign or newer reaches here. Tables are
// only ever added, and an added table starts empty, so an archive made before one existed (the
// `pending` table was added to schema 1) is completed here, without a schema bump: an older
// xxgk opening it ignores the table it does not know. A new archive gets its format, schema
// version and marker; one made before the marker existed (`adopt`) gets the marker.
Status ArchiveEnv::Initialize(bool fresh, bool adopt) {
  return Write([&](WriteTxn& txn) -> Status {
    for (size_t i = 0; i < kTableCount; ++i) {
      const int rc = mdb_dbi_open(txn.txn_, kTableNames[i], MDB_CREATE, &dbis_[i]);
      if (rc == MDB_MAP_FULL) txn.map_full_ = true;
      if (rc != MDB_SUCCESS) return Status::Error(LmdbError("cannot create the archive tables", rc));
    }
    Status s = Status::Ok();
    if (fresh) s = txn.Put(Table::kMeta, "format", kArchiveFormat);
    if (s.ok() && fresh) s = txn.Put(Table::kMeta, "schema_version", std::to_string(kArchiveSchemaVersion));
    if (s.ok() && (fresh || adopt)) s = txn.Put(Table::kMeta, "marker", kArchiveMarker);
    return s;
  });
}

Status ArchiveEnv::Grow() {
  std::unique_lock lock(resize_mutex_);
  MDB_envinfo info{};
  mdb_env_info(env_, &info);
  const size_t bigger = info.me_mapsize * 2;
  const int rc = mdb_env_set_mapsize(env_, bigger);
  if (rc != MDB_SUCCESS) return Status::Error(LmdbError("cannot grow the archive map", rc));
  return Status::Ok();
}

Status ArchiveEnv::Write(const std::function<Status(WriteTxn&)>& body) {
  if (read_only_) return Status::Error("the archive was opened read-only; refusing to write");
  std::lock_guard writer(write_mutex_);
  for (int attempt = 0; attempt <= kMaxGrowths; ++attempt) {
    std::shared_lock lock(resize_mutex_);
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env_, nullptr, 0, &txn);
    if (rc == MDB_MAP_RESIZED) {  // another process grew the map: adopt its size
      lock.unlock();
      std::unique_lock exclusive(resize_mutex_);
      mdb_env_set_mapsize(env_, 0);
      continue;
    }
    if (rc != MDB_SUCCESS) return Status::Error(LmdbError("cannot start a write", rc));
    WriteTxn w(txn, dbis_);
    Status s = body(w);
    if (w.map_full_) {
      mdb_txn_abort(txn);
      lock.unlock();
      if (Status g = Grow(); !g.ok()) return g;
      continue;
    }
    if (!s.ok()) {
      mdb_txn_abort(txn);
      return s;
    }
    rc = mdb_txn_commit(txn);  // frees txn whatever the outcome
    if (rc == MDB_MAP_FULL) {
      lock.unlock();
      if (Status g = Grow(); !g.ok()) return g;
      continue;
    }
    if (rc != MDB_SUCCESS) return Status::Error(LmdbError("commit failed", rc) + WriteFailureNote(dir_, rc));
    return Status::Ok();
  }
  return Status::Error("the archive map could not be grown enough for one write");
}

Status ArchiveEnv::Read(const std::function<Status(const ReadTxn&)>& body) const {
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::shared_lock lock(resize_mutex_);
    MDB_txn* txn = nullptr;
    const int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
    if (rc == MDB_MAP_RESIZED) {
      lock.unlock();
      std::unique_lock exclusive(resize_mutex_);
      mdb_env_set_mapsize(env_, 0);
      continue;
    }
    if (rc != MDB_SUCCESS) return Status::Error(LmdbError("cannot start a read", rc));
    Status s = body(ReadTxn(txn, dbis_));
    mdb_txn_abort(txn);
    return s;
  }
  return Status::Error("cannot start a read: the map keeps being resized");
}

size_t ArchiveEnv::map_size() const {
  MDB_envinfo info{};
  mdb_env_info(env_, &info);
  return info.me_mapsize;
}

}  // namespace xxgk::store
