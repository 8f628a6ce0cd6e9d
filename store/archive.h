// Archive: the documents, payloads, records and fetch history of an xxgk archive directory, on
// top of ArchiveEnv (LMDB).
//
// What it guarantees:
//   - Each distinct document is stored once, under its doc_id, with its full SHA-256 and an
//     archive sequence number (0, 1, 2, ... in the order documents were first added; never reused).
//     A document whose doc_id is present is not stored again; a new payload for it is recorded as
//     one more source (unless the payload is the archived text itself, e.g. an exported .txt). Two texts with the same doc_id but different full digests are a collision:
//     the newcomer is refused and reported, the stored document is untouched.
//   - Payloads (raw bytes as fetched or imported) are stored once per digest, zstd-compressed with
//     a frame checksum; texts are compressed the same way. A payload that is byte for byte its
//     document's text (source.payload_sha256 == text_sha256) is kept only as that text.
//   - A batch (AddDocuments, AddPending, PutRecords, RecordFetch, Ingest) is one transaction: after a crash
//     or kill -9 either all of it is there or none of it.
//   - A payload that gave no document yet (a format not converted yet, or refused) can be kept
//     *pending*: its bytes in the payloads table, an entry naming its source and why it was not
//     converted in the pending table, once per digest. AddDocuments removes the pending entry of
//     every payload it makes a document from, in the same transaction: a payload is never both
//     pending and a document's source after a commit.
//   - A fetched page's payload that is neither a document's source nor pending (a list page) is
//     kept too, marked as a page payload; it stops being one when a document or pending entry
//     takes it.
//   - Each source whose document's text was made from its payload (not a copy, not joined pages,
//     not a payload that is the text) names its document under the payload's digest
//     (payload_docs), in the transaction that adds the source; an archive made before the index
//     is filled on its first writable open. The index is a shortcut for `import`: PayloadDocuments
//     believes an entry only when the document still has that source.
// The archive does not compute identities or digests: callers pass them in (extract/doc_identity)
// and verify what they read back (see `xxgk rebuild`). The archive only detects damaged
// compression frames.
// Thread-safe: every method may be called from several threads; writes are serialised.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/archive_env.h"
#include "base/status.h"

namespace xxgk::store {

// Largest payload or text the archive hands back (a guard against a damaged size header).
inline constexpr size_t kMaxStoredBytes = size_t{1} << 30;

// Where one copy of a document came from. A document keeps one source per distinct payload.
struct DocumentSource {
  std::string kind;            // "file" (imported) or "url" (fetched)
  std::string origin;          // the file path as given, or the URL
  std::string payload_sha256;  // 64 hex digits of the raw bytes
  std::string content_type;    // the payload's format, e.g. "text/plain", "text/html"
  std::string seen;            // when it was read: RFC 3339, UTC
  // What a web page says about itself (HTML only; empty when absent): its <title>, and the
  // publication date in its metadata (YYYY-MM-DD). The record's `published` is the date signed
  // in the text; this is the page's own, kept for reports whose text has none.
  std::string title;
  std::string published;
  // Where a crawl found it (all empty for imported files): the page that linked an attachment,
  // the seed row's code, the column path, the list item's title and date; the pages whose texts
  // were joined into the document (a report continued over pages; the payload is then the
  // joined text, each page's bytes are kept with its fetch); and whether this payload is another
  // copy of the report (a PDF beside the inline HTML) whose own text is not the document's.
  std::string page;
  std::string seed_code;
  std::string column;
  std::string list_title;
  std::string list_date;
  std::vector<std::string> joined;
  bool copy = false;

  bool operator==(const DocumentSource&) const = default;
};

// An extractor record and the extractor version that made it.
struct StoredRecord {
  int extractor_version = 0;
  std::string json;  // one compact JSON object (schema xxgk/report-1)
};

// A document to add, prepared by the caller.
struct NewDocument {
  std::string doc_id;       // 16 hex digits
  std::string text_sha256;  // 64 hex digits of `text`
  std::string text;         // normalised UTF-8
  DocumentSource source;
  std::string payload;      // the raw bytes whose digest is source.payload_sha256
  std::optional<StoredRecord> record;
};

enum class AddOutcome : uint8_t { kNew, kDuplicate, kCollision };

struct AddResult {
  AddOutcome outcome = AddOutcome::kNew;
  uint64_t seq = 0;           // the document's sequence number (not for kCollision)
  bool source_added = false;  // a payload not yet recorded for this document
  std::string detail;         // for kCollision: what collided
};

struct DocumentInfo {
  std::string doc_id;
  std::string text_sha256;
  uint64_t seq = 0;
  std::string first_seen;  // RFC 3339, UTC
  uint64_t text_bytes = 0;
};

struct StoredDocument {
  DocumentInfo info;
  std::string text;          // empty when text_error is set
  std::string text_error;    // the stored text could not be decoded (damaged)
};

// What the fetch log keeps of one redirect hop besides its "302 URL" line
// (FetchEntry::redirects): what the hop's WARC request and response records need (docs/warc.md).
struct HopResponse {
  std::string status_line;  // as received ("HTTP/1.1 302 Found")
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string ip;           // the address its answer came from; "" when unknown
  std::string time;         // RFC 3339, UTC: when its request was sent
  std::string body;         // as received (after libcurl's content decoding), when it was kept
  uint64_t body_bytes = 0;  // the body's size; more than body.size(): the body was not kept
  std::string form_body;    // the POST body sent to the hop's URL; empty for a GET

  bool body_kept() const { return body_bytes == body.size(); }
  bool operator==(const HopResponse&) const = default;
};

// The latest fetch of a URL, and one entry of the append-only fetch log.
struct FetchEntry {
  std::string url;             // canonical URL requested
  std::string final_url;       // after redirects (empty: same)
  std::string time;            // RFC 3339, UTC
  int http_status = 0;         // 0: no HTTP response
  std::string error;           // why it failed, empty on success
  std::string etag;
  std::string last_modified;
  std::string payload_sha256;  // empty when no body was stored
  std::string doc_id;          // empty when no document was made from it
  // What a WARC response record needs besides the payload: the final response's status line
  // and headers as received, and the redirect hops before it ("302 URL" each). Empty for
  // entries written before they were kept.
  std::string status_line;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> redirects;
  // The hops' own responses, one per `redirects` line and in its order. Empty for entries
  // logged before they were kept, and for a revalidated fetch (the stored answer's "302 URL"
  // lines only): such hops get no WARC records. Encoded as
  // the optional "hops" field (the bodies base64); an entry whose "hops" does not match its
  // "redirects" one for one is read without them.
  std::vector<HopResponse> hops;
  std::string role;  // what the crawl fetched it as: "list", "report", "attachment", ...
  // The application/x-www-form-urlencoded body POSTed to the final URL; empty for a GET. The
  // URL index keeps a POST under RequestKey(url, form_body) (base/request_key.h).
  std::string form_body;
  // The id of the run (RunJournal::id) whose crawl logged it; empty outside a run (`xxgk get`,
  // imports). Set by Ingest from IngestBatch::run.
  std::string run;
  // A conditional request answered 304 Not Modified: the status, headers and payload are those
  // of the stored response it confirmed (as an HTTP cache freshens a stored response), so the
  // URL index keeps a complete response and the payload is not stored again.
  bool revalidated = false;
  // The address the final response came from ("" when unknown: no connection, or entries written
  // before it was kept); WARC's WARC-IP-Address.
  std::string ip;

  bool operator==(const FetchEntry&) const = default;
};

// A report URL the portal may have taken down (crawler/harvest/gone_watch.h decides when a run
// saw a removal and when the streak makes it gone). The archive keeps the documents either way.
struct GoneMark {
  std::string url;           // the report's URL (its page, or the attachment a list linked)
  std::string seed_code;     // the seed row whose walk found it
  std::string reason;        // the latest removal seen: http_404, http_410, redirect_home,
                             // redirect_column, unlisted
  std::string first_failed;  // RFC 3339 UTC: the first run of the current streak that saw it
  std::string last_failed;   // the latest such run
  uint32_t failures = 0;     // runs in the streak (a success ends it: the mark is removed)
  std::string gone_since;    // "" while suspected; once gone: first_failed (the date first seen gone)
  std::string marked_at;     // when the streak passed the threshold ("" while suspected)
  std::string last_run;      // the id of the run that last counted a removal (RunJournal::id), so
                             // that a run resumed after a kill does not count twice; "" if none

  bool gone() const { return !gone_since.empty(); }
  bool operator==(const GoneMark&) const = default;
};

// A payload kept until a later build can convert it (see `xxgk rebuild`).
struct PendingPayload {
  DocumentSource source;  // source.payload_sha256 is the key
  std::string format;     // the format found, e.g. "doc", "ofd", "pdf"
  std::string outcome;    // "unsupported" or "refused"
  std::string code;       // unsupported_format, or the refusal code (pdf_damaged, …)
  std::string reason;     // for people
  std::string time;       // when it was first kept: RFC 3339, UTC
  std::string payload;    // the raw bytes: given to AddPending, left empty by ScanPending
};

enum class PendingOutcome : uint8_t {
  kKept,            // newly kept
  kAlreadyPending,  // kept before: nothing changed
  kArchived,        // the payload already gave a document (a source's payload, or its text)
};

// A fetch to log with the bytes it brought: the payload is kept under entry.payload_sha256
// (unless already kept), so every fetched page can be re-read and exported without the network.
struct NewFetch {
  FetchEntry entry;
  std::string payload;
};

// What one crawl step adds, in one transaction: pages fetched, documents made from them and
// payloads kept for later.
struct IngestBatch {
  std::vector<NewFetch> fetches;
  std::vector<NewDocument> documents;
  std::vector<PendingPayload> pending;
  // The run (RunJournal::number) this step belongs to, 0 for none: its fetches are logged with
  // the run's id and the run's counters move in the same transaction.
  uint64_t run = 0;
};

// One crawl run in the run journal (table `runs`), written by FetchRun: the journal and the fetch
// log entries tagged with the run's id say which pages a run killed part-way had completed, so
// that the next run over the same seed rows replays them from the archive instead of fetching
// them again (crawler/harvest/resume_source.h). See docs/fetch.md, "Crash resume".
struct RunJournal {
  uint64_t number = 0;      // 1, 2, …: the key, in the order runs were started
  std::string id;           // 16 random hex digits, carried by the run's fetch log entries
  std::string fingerprint;  // what the run walks (seed rows, limits): a resume needs the same
  std::string state;        // kRunRunning, kRunStopped, kRunCompleted or kRunAbandoned
  std::string started;      // RFC 3339, UTC: when the run first started
  std::string resumed;      // when it was last resumed; empty if never
  uint64_t resumes = 0;
  std::string ended;        // when it was last stopped or completed
  uint64_t pages = 0;       // fetch log entries it wrote (replayed pages are not logged again)
  uint64_t documents = 0;   // new documents it added
  uint64_t pid = 0;         // the process that last started or resumed it
  // The parts of the run walked to their end, in the order they ended (HarvestRun: the codes of
  // the counties a harvest has done), so that a resumed run skips them. Empty for `xxgk fetch`.
  std::vector<std::string> parts_done;
};
inline constexpr std::string_view kRunRunning = "running";      // started; killed if not running now
inline constexpr std::string_view kRunStopped = "stopped";      // ended early (SIGINT/SIGTERM)
inline constexpr std::string_view kRunCompleted = "completed";  // walked to its end
inline constexpr std::string_view kRunAbandoned = "abandoned";  // a later run walked other rows

struct IngestResult {
  std::vector<AddResult> documents;      // one per batch.documents, in order
  std::vector<PendingOutcome> pending;   // one per batch.pending, in order
  // The fetch log number of batch.fetches[0] (the others follow, one each), as the transaction
  // that logged them assigned it: what ScanFetchLog and `xxgk export --warc` number them by.
  uint64_t first_fetch = 0;
};

// How many entries each table holds: read from LMDB's own per-table statistics, so it costs the
// same for ten documents as for a million (Archive::Counts).
struct ArchiveCounts {
  uint64_t documents = 0;
  uint64_t sources = 0;
  uint64_t payloads = 0;
  uint64_t records = 0;
  uint64_t urls = 0;
  uint64_t fetches = 0;
  uint64_t pending = 0;  // payloads kept unconverted (their bytes are counted in payloads)
  uint64_t page_payloads = 0;  // payloads kept only as fetched pages (lists, indexes)
  uint64_t gone_marks = 0;     // report URLs with a gone mark (suspected or gone)
};

// How many bytes the archive holds (Archive::Sizes): a walk over every payload and document,
// so it costs a read of most of data.mdb (`xxgk stats` only).
struct ArchiveSizes {
  uint64_t payload_raw_bytes = 0;     // before compression
  uint64_t payload_stored_bytes = 0;  // as stored
  uint64_t text_bytes = 0;
  uint64_t file_bytes = 0;  // data.mdb on disk
};

// What `xxgk import --from-archive` copies into an archive in one transaction
// (crawler/ingest/archive_merge.h reads the other archive and fills it). Each part is idempotent:
// merging the same batch again changes nothing, which is what makes a merge killed mid-way and run
// again end exactly as one uninterrupted merge.
struct MergeBatch {
  // One entry per source of each document, in the other archive's sequence and source order,
  // added as AddDocuments adds them (a new doc_id takes the next sequence number, a known one gets
  // one more source per new payload, a different full digest is a collision and changes nothing,
  // a record replaces only an older extractor version's); a document's first_seen becomes the
  // earliest `source.seen` of its sources. `payload` may be left empty when KeptPayloads said
  // the archive keeps it already.
  std::vector<NewDocument> documents;
  std::vector<PendingPayload> pending;  // as AddPending
  // Payloads the other archive kept only as fetched pages (digest, raw bytes): kept here as
  // page payloads unless this archive keeps them already.
  std::vector<std::pair<std::string, std::string>> page_payloads;
  // URL index entries: one replaces this archive's entry for its URL only when it is later
  // (by `time`); an equal time keeps this archive's.
  std::vector<FetchEntry> latest;
  // Fetch log entries, appended in order unless an identical entry (every field) is logged
  // already. The URL index is not touched by them (`latest` is).
  std::vector<FetchEntry> fetches;
  // Gone marks: one replaces this archive's mark for its URL only when its `last_failed` is
  // later; an equal one keeps this archive's.
  std::vector<GoneMark> gone;
};

struct MergeResult {
  std::vector<AddResult> documents;     // one per batch.documents
  std::vector<PendingOutcome> pending;  // one per batch.pending
  uint64_t latest_replaced = 0;         // URL index entries added or replaced
  uint64_t fetches_added = 0;           // fetch log entries appended
  uint64_t gone_replaced = 0;           // gone marks added or replaced
};

class Archive {
 public:
  static Status Open(const std::string& dir, const ArchiveOptions& options,
                     std::unique_ptr<Archive>* archive);
  // Opens an existing archive read-only (ArchiveOptions::read_only): never written, never created.
  static Status OpenReadOnly(const std::string& dir, std::unique_ptr<Archive>* archive);

  // Adds `docs` in one transaction, in order (sequence numbers follow that order). `results`
  // gets one entry per document. A collision is reported in its result, not as an error.
  // A document's payload that was pending stops being pending (unless it collided).
  Status AddDocuments(std::span<const NewDocument> docs, std::vector<AddResult>* results);

  // Keeps `pending` payloads in one transaction: each payload's bytes once per digest, and one
  // pending entry per digest. A digest already pending is left as it is (a re-import changes
  // nothing); a payload already archived as a document's source or text is not kept.
  // `outcomes` (optional) gets one entry per payload.
  Status AddPending(std::span<const PendingPayload> pending,
                    std::vector<PendingOutcome>* outcomes = nullptr);
  // Up to `max` pending entries with digest >= `from`, in digest order, from one snapshot, without
  // their bytes (GetPayload has them). `*next` is where the next scan starts (empty at the end).
  Status ScanPending(std::string_view from, size_t max, std::vector<PendingPayload>* out,
                     std::string* next) const;

  // Up to `max` documents with sequence number >= `from_seq`, in sequence order, from one
  // snapshot. `*next_seq` is where the next scan starts (past the last one returned).
  Status ScanDocuments(uint64_t from_seq, size_t max, std::vector<StoredDocument>* out,
                       uint64_t* next_seq) const;
  // nullopt when absent.
  Status GetDocument(std::string_view doc_id, std::optional<StoredDocument>* out) const;
  Status GetSources(std::string_view doc_id, std::vector<DocumentSource>* out) const;
  // The raw bytes of a payload; an error when it is absent or its compression frame is damaged.
  // A source whose payload is its document's text has no payload entry: use the text.
  // `*absent` (optional) tells a missing payload from a damaged one.
  Status GetPayload(std::string_view payload_sha256, std::string* bytes,
                    bool* absent = nullptr) const;
  // Replaces a document's stored text. REQUIRES: the caller verified that `text` has the
  // document's full digest (used by rebuild to repair a damaged text from its payload).
  Status RepairText(std::string_view doc_id, std::string_view text);

  Status GetRecord(std::string_view doc_id, std::optional<StoredRecord>* out) const;
  // For each doc_id, the extractor version of its stored record (0: no record), from one snapshot.
  Status RecordVersions(std::span<const std::string> doc_ids, std::vector<int>* versions) const;
  Status PutRecords(std::span<const std::pair<std::string, StoredRecord>> records);
  // Up to `max` records with doc_id >= `from`, in doc_id order; `*next` is where the next scan
  // starts (empty at the end).
  Status ScanRecords(std::string_view from, size_t max,
                     std::vector<std::pair<std::string, StoredRecord>>* out,
                     std::string* next) const;

  // Records a fetch: the URL index keeps the latest per URL, the fetch log keeps all.
  Status RecordFetch(const FetchEntry& entry);
  // A crawl step in one transaction: its documents (as AddDocuments), its pending payloads (as
  // AddPending), then its fetches (as RecordFetch, with their payloads). After a crash all of it
  // is there or none of it.
  Status Ingest(const IngestBatch& batch, IngestResult* result);
  // The latest fetch of a request: its URL for a GET, RequestKey(url, form_body) for a POST.
  Status GetLatestFetch(std::string_view url, std::optional<FetchEntry>* out) const;
  // The fetch log number the next logged fetch gets (IngestResult::first_fetch of the next batch
  // when no other write comes between): one past the last ever logged.
  Status NextFetch(uint64_t* next) const;
  Status ScanFetchLog(uint64_t from, size_t max, std::vector<FetchEntry>* out,
                      uint64_t* next) const;

  // Up to `max` URL index entries (the latest fetch of each URL) from key `from` on, in key
  // order (the key is a hash of the URL, opaque to callers); `*next` is where the next scan
  // starts (empty at the end).
  Status ScanLatestFetches(std::string_view from, size_t max, std::vector<FetchEntry>* out,
                           std::string* next) const;
  // Up to `max` document sources (doc_id, source) from key `from` on, in key order (doc_id, then
  // the source's number; opaque to callers); `*next` is where the next scan starts (empty at the
  // end). What a harvest reads to know which report URLs each seed row published.
  Status ScanSources(std::string_view from, size_t max,
                     std::vector<std::pair<std::string, DocumentSource>>* out,
                     std::string* next) const;
  // The sources filed under `host` (store/source_host.h: SourceHostOf) as ScanSources gives them
  // (doc_id, source), in its order, from one snapshot: what a harvest reads to know the report URLs
  // of a county's hosts without reading every source of the archive. Open files every source
  // when the index does not hold as many as the archive has (an archive made before the index, a
  // salvaged copy); one opened read-only with an incomplete index is read whole instead.
  Status SourcesOfHost(std::string_view host,
                       std::vector<std::pair<std::string, DocumentSource>>* out) const;

  // Gone marks (see GoneMark). `update` is called once per URL of `urls` with its mark (nullopt:
  // none) and returns the mark to keep (nullopt: none), all in one transaction; it may be called
  // again for every URL when the write is retried (after the map grows), so it must be pure.
  Status UpdateGoneMarks(
      std::span<const std::string> urls,
      const std::function<std::optional<GoneMark>(std::string_view url,
                                                  const std::optional<GoneMark>& old)>& update);
  Status GetGoneMark(std::string_view url, std::optional<GoneMark>* out) const;
  // Up to `max` marks from key `from` on (the key is a hash of the URL); `*next` as above.
  Status ScanGoneMarks(std::string_view from, size_t max, std::vector<GoneMark>* out,
                       std::string* next) const;

  // For each digest, whether the archive keeps those bytes already (as a payload, or as the text
  // of the document whose digest it is), from one snapshot.
  Status KeptPayloads(std::span<const std::string> digests, std::vector<bool>* kept) const;
  // For each SHA-256 (64 hex), whether it is the digest of an archived document's text (the
  // document named by its first 16 hex digits) and no payload with that digest is pending, from
  // one snapshot: bytes with such a digest are that text, and importing them again adds nothing
  // (AddDocuments would find a duplicate whose payload is its text), so `import` skips their
  // conversion.
  Status ArchivedTexts(std::span<const std::string> digests, std::vector<bool>* archived) const;
  // For each payload SHA-256 (64 hex), the doc_id of the archived document whose text was made
  // from those bytes (a source of it has that payload, not a copy nor joined pages), else "": from
  // the payload_docs index, one snapshot. "" too for a pending payload, and for every digest of
  // an archive opened read-only before the index was filled. The document may still lack a
  // current record. Importing such bytes again would convert them to that document (unless the
  // converter changed since: re-deriving texts is `rebuild`'s) and add nothing, as AddDocuments
  // adds no source for a payload the document has, so `import` skips their conversion.
  Status PayloadDocuments(std::span<const std::string> digests,
                          std::vector<std::string>* doc_ids) const;

  // Merge (see MergeBatch): one transaction. REQUIRES: IndexFetchLog reported done since the
  // last fetch this archive logged outside Merge (else Merge indexes the rest itself, in its
  // transaction).
  Status Merge(const MergeBatch& batch, MergeResult* result);
  // Keys up to `max` fetch log entries not keyed yet (those logged by crawls since the last merge)
  // in one transaction, so that Merge can tell a fetch it already has; `*done` once all are.
  Status IndexFetchLog(size_t max, bool* done);
  // Where an interrupted `xxgk rebuild` resumes (meta "rebuild_cursor"; its format is the
  // rebuild's): empty when none is kept. Setting "" removes it.
  Status RebuildCursor(std::string* cursor) const;
  Status SetRebuildCursor(std::string_view cursor);

  // Starts a run in one transaction. When `resume` and the last run in the journal has this
  // `fingerprint` and did not complete (running: killed, or stopped), that run goes on: same
  // number and id, state running, `resumes` + 1 (`*resumed` true). Otherwise a new run starts
  // (number = last + 1, a fresh random id), and an unfinished last run is marked abandoned: its
  // pages are not replayed by any later run.
  Status BeginRun(std::string_view fingerprint, std::string_view time, bool resume,
                  RunJournal* run, bool* resumed);
  // Ends run `number` with `state` (kRunCompleted or kRunStopped) at `time`, in one transaction.
  Status EndRun(uint64_t number, std::string_view state, std::string_view time);
  // Adds `part` to run `number`'s parts_done (once), in one transaction.
  Status MarkRunPartDone(uint64_t number, std::string_view part);
  // Every run of the journal, in number order.
  Status Runs(std::vector<RunJournal>* out) const;

  // Entries per table, in constant time (no table is walked): what import, export, rebuild and
  // merge need for their summaries and progress.
  Status Counts(ArchiveCounts* counts) const;
  // Bytes of text and payloads, by reading every payload and document entry: costs time and
  // touches every page of the map in proportion to the archive's size.
  Status Sizes(ArchiveSizes* sizes) const;
  const std::string& dir() const { return env_->dir(); }

 private:
  explicit Archive(std::unique_ptr<ArchiveEnv> env) : env_(std::move(env)) {}
  std::unique_ptr<ArchiveEnv> env_;
  bool hosts_filed_ = true;  // source_hosts holds every source (else SourcesOfHost reads them all)
  bool payload_docs_filled_ = true;  // payload_docs was filled (else PayloadDocuments finds none)
};

}  // namespace xxgk::store
