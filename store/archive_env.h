// ArchiveEnv: the LMDB environment of an xxgk archive directory, and its transactions.
//
// Guarantees:
//   - An archive is recognised by a marker only xxgk writes (meta "marker" = kArchiveMarker) and
//     its schema version. An archive made before the marker existed is recognised only when its
//     tables and metadata are exactly those xxgk creates; it gets the marker on its first
//     writable open. Anything else — a directory holding other files, a 0-byte or non-LMDB
//     data.mdb, an LMDB database of another kind (even one with a `meta` table), an archive of a
//     newer or unknown schema — is refused with a clear message, before any byte is written and
//     before lock.mdb is created (the check opens data.mdb with MDB_RDONLY|MDB_NOLOCK).
//   - Creation is race-free: Open holds an flock on the directory while it checks, creates and
//     initialises, so of two processes creating the same archive one creates and the other waits
//     and opens it.
//   - A read-only open (ArchiveOptions::read_only) writes nothing: MDB_RDONLY, and MDB_NOLOCK when
//     lock.mdb cannot be created or opened (read-only media, files of another user). Without the
//     lock a writer in another process could reuse pages being read: such an archive must not be
//     written to while it is read (on read-only media nobody can).
//   - Writes are transactions: a Write either commits everything its body did or nothing.
//     Commits are durable (LMDB's default synchronous commit) so nothing acknowledged is lost by a
//     crash or kill -9.
//   - The map grows on demand: when a write fills the map (MDB_MAP_FULL) the transaction is aborted,
//     the map doubled and the body run again in a fresh transaction; a map grown by another process
//     is adopted (MDB_MAP_RESIZED).
//   - One writer at a time (LMDB's own lock, across processes); readers in this and other processes
//     keep working while a writer runs.
// Thread-safe: Read and Write may be called from several threads (MDB_NOTLS). LMDB can resize the
// map only while no transaction of this process is open, so a write that must grow the map waits
// for this process's open reads to end: a Read body must not wait for a Write.
#pragma once

#include <lmdb.h>

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "base/status.h"

namespace xxgk::store {

// The named databases of an archive.
enum class Table : uint8_t {
  kMeta,       // format, schema version, counters
  kDocuments,  // doc_id -> document
  kPayloads,   // payload digest -> compressed raw bytes
  kRecords,    // doc_id -> extractor record
  kSources,    // doc_id + sequence -> where a copy of the document came from
  kUrls,       // hashed canonical URL -> latest fetch
  kFetchLog,   // sequence -> fetch event (append-only)
  kSequence,   // archive sequence number -> doc_id (export order)
  kPending,    // payload digest -> a payload kept unconverted (added in schema 1: see Initialize)
  kPagePayloads,  // payload digest -> "": kept only because a page was fetched (added in schema 1)
  kFetchKeys,  // digest of a fetch log entry -> its log number: which fetches a merge already has
  kRuns,       // run number -> the run journal of a crawl (FetchRun): resumable until completed
  kGone,       // hashed report URL -> its gone mark: answers that say the portal removed it
  kSourceHosts,  // host + '\0' + sources key -> "": each host's sources (Archive::SourcesOfHost)
  kPayloadDocs,  // payload digest -> doc_id: the document a payload was converted to (import)
};
inline constexpr size_t kTableCount = 15;
// Their LMDB names, in Table order.
inline constexpr std::array<const char*, kTableCount> kTableNames = {
    "meta", "documents", "payloads", "records", "sources",
    "urls", "fetch_log", "sequence", "pending", "page_payloads", "fetch_keys", "runs",
    "gone", "source_hosts", "payload_docs"};

inline constexpr std::string_view kArchiveFormat = "xxgk-archive";
inline constexpr int kArchiveSchemaVersion = 1;
// The value of meta "marker": written by xxgk when it creates an archive (or adopts one it made
// before the marker existed), and by nothing else.
inline constexpr std::string_view kArchiveMarker = "xxgk-archive-marker:9c41e7d2b35a08f6";

struct ArchiveOptions {
  bool create = true;                    // create the directory and archive when absent
  // Open without ever writing (MDB_RDONLY): the source of `xxgk import --from-archive`. Implies
  // !create; every Write fails; a table the archive does not have yet (made before it existed)
  // reads as empty instead of being created.
  bool read_only = false;
  size_t initial_map_bytes = 64u << 20;  // grows by doubling as needed
};

class ReadTxn {
 public:
  // The value of `key`, valid until the transaction ends; nullopt when absent.
  std::optional<std::string_view> Get(Table table, std::string_view key) const;
  // Calls `visit` for every entry of `table` in key order until it returns false.
  Status ForEach(Table table,
                 const std::function<bool(std::string_view key, std::string_view value)>& visit) const;
  // Like ForEach, starting at the first key >= `from`.
  Status ForEachFrom(Table table, std::string_view from,
                     const std::function<bool(std::string_view key, std::string_view value)>& visit) const;
  // The last entry of `table` in key order; false when the table is empty.
  bool Last(Table table, std::string* key, std::string* value) const;
  size_t Count(Table table) const;

 protected:
  ReadTxn(MDB_txn* txn, const MDB_dbi* dbis) : txn_(txn), dbis_(dbis) {}
  MDB_txn* txn_;
  const MDB_dbi* dbis_;
  friend class ArchiveEnv;
};

// The handle of a table a read-only archive does not have (it reads as empty).
inline constexpr MDB_dbi kAbsentTable = ~MDB_dbi{0};

class WriteTxn : public ReadTxn {
 public:
  // Stores `value` under `key`, replacing any previous value. Errors other than a full map (which
  // Write handles) are returned.
  Status Put(Table table, std::string_view key, std::string_view value);
  Status Delete(Table table, std::string_view key);
  // Removes every entry of `table` (the table stays).
  Status Clear(Table table);

 private:
  using ReadTxn::ReadTxn;
  bool map_full_ = false;  // set by Put when the map is full: Write grows it and retries
  friend class ArchiveEnv;
};

class ArchiveEnv {
 public:
  // Opens the archive in directory `dir` (creating it when options.create and it is absent or an
  // empty directory).
  static Status Open(const std::string& dir, const ArchiveOptions& options,
                     std::unique_ptr<ArchiveEnv>* env);
  ~ArchiveEnv();
  ArchiveEnv(const ArchiveEnv&) = delete;
  ArchiveEnv& operator=(const ArchiveEnv&) = delete;

  // Runs `body` in one write transaction and commits it when `body` returns Ok. `body` may run
  // more than once (after the map grows); each run starts from the committed state.
  Status Write(const std::function<Status(WriteTxn&)>& body);
  // Runs `body` in a read-only snapshot.
  Status Read(const std::function<Status(const ReadTxn&)>& body) const;

  size_t map_size() const;
  const std::string& dir() const { return dir_; }
  bool read_only() const { return read_only_; }
  // True when opened read-only without lock.mdb (MDB_NOLOCK): see the class comment.
  bool unlocked() const { return unlocked_; }

 private:
  ArchiveEnv() = default;
  Status Initialize(bool fresh, bool adopt);
  int OpenLmdb(const std::string& dir, unsigned flags, size_t map_bytes);  // an mdb_* code
  static Status CreateArchive(const std::string& dir, size_t map_bytes);
  Status OpenTables();
  Status Grow();

  std::string dir_;
  bool read_only_ = false;
  bool unlocked_ = false;
  MDB_env* env_ = nullptr;
  MDB_dbi dbis_[kTableCount] = {};
  std::mutex write_mutex_;  // one Write at a time in this process (LMDB locks across processes)
  // Readers hold it shared; growing the map (which needs no live transaction in this process)
  // holds it exclusively.
  mutable std::shared_mutex resize_mutex_;
};

// "xxgk archive error: <LMDB message>" for an LMDB return code.
std::string LmdbError(std::string_view what, int rc);

}  // namespace xxgk::store
