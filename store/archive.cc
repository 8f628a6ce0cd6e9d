// Archive: documents, payloads, records, URL index and fetch log. See archive.h.
//
// Table layouts (values are "JSON header line" + '\n' + bulk bytes where there is bulk):
//   documents  doc_id (16 hex)            -> {"sha256","seq","first_seen","text_bytes"} \n blob(text)
//   sequence   u64 BE seq                 -> doc_id
//   sources    doc_id + u32 BE n          -> {"kind","origin","payload_sha256","content_type","seen"}
//                                             (+ "title", "published" when the page has them)
//   payloads   payload sha256 (64 hex)    -> blob(raw bytes)
//   records    doc_id                     -> {"extractor_version"} \n blob(record JSON)
//   urls       SHA-256(url)[0..16) bytes  -> FetchEntry JSON (LMDB keys are at most 511 bytes;
//                                             "hops": the redirect hops' responses, bodies base64)
//   fetch_log  u64 BE n                   -> FetchEntry JSON
//   pending    payload sha256 (64 hex)    -> {"kind","origin","payload_sha256","content_type","seen",
//                                             "format","outcome","code","reason","time"}
//   fetch_keys SHA-256(entry JSON)[0..16)  -> u64 BE log number (written by Merge/IndexFetchLog)
//   runs       u64 BE run number          -> {"id","fingerprint","state","started","resumes","pages",
//                                             "documents","pid"} (+ "resumed", "ended",
//                                             "parts_done")
//   gone       SHA-256(url)[0..16) bytes  -> {"url","seed_code","reason","first_failed","last_failed",
//                                             "failures","gone_since","marked_at","last_run"}
//   source_hosts SourceHostOf(source) + '\0' + its sources key -> "" (store/source_host.h); as
//              many entries as sources: Open files them all again when the counts differ
//   payload_docs payload sha256 (64 hex)  -> doc_id: the first document a payload was converted to
//              (IndexesPayload's sources only); meta "payload_docs_filled" once Open filled it
//   meta       "next_seq", "next_fetch",  -> decimal counters
//              "fetch_keys_upto"             (log entries below it have their fetch_keys entry)
#include "store/archive.h"

#include <openssl/evp.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <nlohmann/json.hpp>

#include "base/request_key.h"
#include "store/source_host.h"
#include "store/value_codec.h"

namespace xxgk::store {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kNextSeq = "next_seq";
constexpr std::string_view kNextFetch = "next_fetch";
constexpr std::string_view kFetchKeysUpto = "fetch_keys_upto";
constexpr std::string_view kRebuildCursor = "rebuild_cursor";
// Written with the filling of payload_docs (FillPayloadDocs): the index covers every source
// archived before it, and AddOne keeps it for every source after.
constexpr std::string_view kPayloadDocsFilled = "payload_docs_filled";

uint64_t ReadCounter(const ReadTxn& txn, std::string_view key) {
  uint64_t n = 0;
  if (auto v = txn.Get(Table::kMeta, key)) std::from_chars(v->data(), v->data() + v->size(), n);
  return n;
}

std::optional<Json> ParseJson(std::string_view s) {
  Json j = Json::parse(s, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

uint64_t U64(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

Json SourceJson(const DocumentSource& s) {
  Json j{{"kind", s.kind},
         {"origin", s.origin},
         {"payload_sha256", s.payload_sha256},
         {"content_type", s.content_type},
         {"seen", s.seen}};
  if (!s.title.empty()) j["title"] = s.title;
  if (!s.published.empty()) j["published"] = s.published;
  for (const auto& [key, value] : {std::pair{"page", &s.page}, {"seed_code", &s.seed_code},
                                   {"column", &s.column}, {"list_title", &s.list_title},
                                   {"list_date", &s.list_date}}) {
    if (!value->empty()) j[key] = *value;
  }
  if (!s.joined.empty()) j["joined"] = s.joined;
  if (s.copy) j["copy"] = true;
  return j;
}

DocumentSource SourceOf(const Json& j) {
  DocumentSource s{.kind = Str(j, "kind"),
                   .origin = Str(j, "origin"),
                   .payload_sha256 = Str(j, "payload_sha256"),
                   .content_type = Str(j, "content_type"),
                   .seen = Str(j, "seen"),
                   .title = Str(j, "title"),
                   .published = Str(j, "published")};
  s.page = Str(j, "page");
  s.seed_code = Str(j, "seed_code");
  s.column = Str(j, "column");
  s.list_title = Str(j, "list_title");
  s.list_date = Str(j, "list_date");
  if (auto it = j.find("joined"); it != j.end() && it->is_array()) {
    for (const Json& url : *it) {
      if (url.is_string()) s.joined.push_back(url.get<std::string>());
    }
  }
  if (auto it = j.find("copy"); it != j.end() && it->is_boolean()) s.copy = it->get<bool>();
  return s;
}

Json PendingJson(const PendingPayload& p) {
  Json j = SourceJson(p.source);
  j["format"] = p.format;
  j["outcome"] = p.outcome;
  j["code"] = p.code;
  j["reason"] = p.reason;
  j["time"] = p.time;
  return j;
}

PendingPayload PendingOf(std::string_view digest, const Json& j) {
  PendingPayload p{SourceOf(j), Str(j, "format"), Str(j, "outcome"), Str(j, "code"),
                   Str(j, "reason"), Str(j, "time"), {}};
  p.source.payload_sha256 = std::string(digest);  // the key is authoritative
  return p;
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string DocumentValue(const DocumentInfo& info, std::string_view text) {
  const Json header{{"sha256", info.text_sha256},
                    {"seq", info.seq},
                    {"first_seen", info.first_seen},
                    {"text_bytes", info.text_bytes}};
  return Frame(Dump(header), CompressBlob(text));
}

// Decodes a documents value; the text is decompressed only when `text` is given.
bool DecodeDocument(std::string_view doc_id, std::string_view value, DocumentInfo* info,
                    std::string* text, std::string* text_error) {
  std::string_view header, body;
  if (!Unframe(value, &header, &body)) return false;
  auto j = ParseJson(header);
  if (!j) return false;
  *info = DocumentInfo{std::string(doc_id), Str(*j, "sha256"), U64(*j, "seq"),
                       Str(*j, "first_seen"), U64(*j, "text_bytes")};
  if (text) {
    Status s = DecompressBlob(body, kMaxStoredBytes, text);
    if (!s.ok()) *text_error = "stored text is damaged: " + s.message();
  }
  return true;
}

// Records are compressed too: their checks and warnings make them ~7 KB of repetitive JSON,
// which would otherwise take two LMDB overflow pages each.
std::string RecordValue(const StoredRecord& r) {
  return Frame(Dump(Json{{"extractor_version", r.extractor_version}}), CompressBlob(r.json));
}

std::optional<StoredRecord> DecodeRecord(std::string_view value) {
  std::string_view header, body;
  if (!Unframe(value, &header, &body)) return std::nullopt;
  auto j = ParseJson(header);
  if (!j) return std::nullopt;
  StoredRecord record{static_cast<int>(U64(*j, "extractor_version")), {}};
  if (!DecompressBlob(body, kMaxStoredBytes, &record.json).ok()) return std::nullopt;
  return record;
}

Json HeadersJson(const std::vector<std::pair<std::string, std::string>>& headers) {
  Json out = Json::array();
  for (const auto& [name, value] : headers) out.push_back(Json::array({name, value}));
  return out;
}

std::vector<std::pair<std::string, std::string>> HeadersOf(const Json& j) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!j.is_array()) return headers;
  for (const Json& h : j) {
    if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string()) {
      headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    }
  }
  return headers;
}

// A redirect hop's response: "status_line", "headers", "time", "body_bytes", and when known or
// kept "ip", "body" (base64) and "form_body".
Json HopJson(const HopResponse& h) {
  Json j{{"status_line", h.status_line}, {"headers", HeadersJson(h.headers)},
         {"time", h.time}, {"body_bytes", h.body_bytes}};
  if (!h.ip.empty()) j["ip"] = h.ip;
  if (!h.body.empty()) j["body"] = Base64Encode(h.body);
  if (!h.form_body.empty()) j["form_body"] = h.form_body;
  return j;
}

std::optional<HopResponse> HopOf(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  HopResponse h;
  h.status_line = Str(j, "status_line");
  if (auto it = j.find("headers"); it != j.end()) h.headers = HeadersOf(*it);
  h.ip = Str(j, "ip");
  h.time = Str(j, "time");
  if (!Base64Decode(Str(j, "body"), &h.body)) return std::nullopt;
  h.body_bytes = U64(j, "body_bytes");
  if (h.body_bytes < h.body.size()) return std::nullopt;
  h.form_body = Str(j, "form_body");
  return h;
}

Json FetchJson(const FetchEntry& f) {
  Json j{{"url", f.url},
         {"final_url", f.final_url},
         {"time", f.time},
         {"http_status", f.http_status},
         {"error", f.error},
         {"etag", f.etag},
         {"last_modified", f.last_modified},
         {"payload_sha256", f.payload_sha256},
         {"doc_id", f.doc_id}};
  // Kept only when known, so that entries of `xxgk get` stay as small as before.
  if (!f.status_line.empty()) j["status_line"] = f.status_line;
  if (!f.headers.empty()) j["headers"] = HeadersJson(f.headers);
  if (!f.redirects.empty()) j["redirects"] = f.redirects;
  if (!f.hops.empty()) {
    Json hops = Json::array();
    for (const HopResponse& hop : f.hops) hops.push_back(HopJson(hop));
    j["hops"] = std::move(hops);
  }
  if (!f.role.empty()) j["role"] = f.role;
  if (!f.form_body.empty()) j["form_body"] = f.form_body;
  if (!f.run.empty()) j["run"] = f.run;
  if (f.revalidated) j["revalidated"] = true;
  if (!f.ip.empty()) j["ip"] = f.ip;
  return j;
}

FetchEntry FetchOf(const Json& j) {
  FetchEntry f;
  f.url = Str(j, "url");
  f.final_url = Str(j, "final_url");
  f.time = Str(j, "time");
  f.error = Str(j, "error");
  f.etag = Str(j, "etag");
  f.last_modified = Str(j, "last_modified");
  f.payload_sha256 = Str(j, "payload_sha256");
  f.doc_id = Str(j, "doc_id");
  if (auto it = j.find("http_status"); it != j.end() && it->is_number_integer()) {
    f.http_status = it->get<int>();
  }
  f.status_line = Str(j, "status_line");
  if (auto it = j.find("headers"); it != j.end()) f.headers = HeadersOf(*it);
  if (auto it = j.find("redirects"); it != j.end() && it->is_array()) {
    for (const Json& r : *it) {
      if (r.is_string()) f.redirects.push_back(r.get<std::string>());
    }
  }
  // The hops' responses only when there is one readable per redirect line: a partial list
  // cannot be matched to its hops, and the entry is then exported as before they were kept.
  if (auto it = j.find("hops"); it != j.end() && it->is_array() && it->size() == f.redirects.size()) {
    for (const Json& hop : *it) {
      std::optional<HopResponse> h = HopOf(hop);
      if (!h) break;
      f.hops.push_back(std::move(*h));
    }
    if (f.hops.size() != f.redirects.size()) f.hops.clear();
  }
  f.role = Str(j, "role");
  f.form_body = Str(j, "form_body");
  f.run = Str(j, "run");
  if (auto it = j.find("revalidated"); it != j.end() && it->is_boolean()) f.revalidated = *it;
  f.ip = Str(j, "ip");
  return f;
}

Json RunJson(const RunJournal& r) {
  Json j{{"id", r.id},           {"fingerprint", r.fingerprint}, {"state", r.state},
         {"started", r.started}, {"resumes", r.resumes},         {"pages", r.pages},
         {"documents", r.documents}, {"pid", r.pid}};
  if (!r.resumed.empty()) j["resumed"] = r.resumed;
  if (!r.ended.empty()) j["ended"] = r.ended;
  if (!r.parts_done.empty()) j["parts_done"] = r.parts_done;
  return j;
}

RunJournal RunOf(uint64_t number, const Json& j) {
  RunJournal r;
  r.number = number;
  r.id = Str(j, "id");
  r.fingerprint = Str(j, "fingerprint");
  r.state = Str(j, "state");
  r.started = Str(j, "started");
  r.resumed = Str(j, "resumed");
  r.resumes = U64(j, "resumes");
  r.ended = Str(j, "ended");
  r.pages = U64(j, "pages");
  r.documents = U64(j, "documents");
  r.pid = U64(j, "pid");
  if (auto it = j.find("parts_done"); it != j.end() && it->is_array()) {
    for (const Json& part : *it) {
      if (part.is_string()) r.parts_done.push_back(part.get<std::string>());
    }
  }
  return r;
}

Status ReadRun(const ReadTxn& txn, uint64_t number, RunJournal* run) {
  auto value = txn.Get(Table::kRuns, EncodeU64Key(number));
  auto j = value ? ParseJson(*value) : std::nullopt;
  if (!j) return Status::Error("run " + std::to_string(number) + " is not in the run journal");
  *run = RunOf(number, *j);
  return Status::Ok();
}

// 16 hex digits from the system's random source: a run's id, unique across archives (merged
// fetch log entries keep the id of the archive that logged them).
std::string RandomRunId() {
  std::random_device device;
  const uint64_t n = (uint64_t{device()} << 32) ^ device();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(n));
  return hex;
}

Json GoneJson(const GoneMark& g) {
  Json j{{"url", g.url},
         {"seed_code", g.seed_code},
         {"reason", g.reason},
         {"first_failed", g.first_failed},
         {"last_failed", g.last_failed},
         {"failures", g.failures}};
  if (!g.gone_since.empty()) j["gone_since"] = g.gone_since;
  if (!g.marked_at.empty()) j["marked_at"] = g.marked_at;
  if (!g.last_run.empty()) j["last_run"] = g.last_run;
  return j;
}

GoneMark GoneOf(const Json& j) {
  GoneMark g;
  g.url = Str(j, "url");
  g.seed_code = Str(j, "seed_code");
  g.reason = Str(j, "reason");
  g.first_failed = Str(j, "first_failed");
  g.last_failed = Str(j, "last_failed");
  g.failures = static_cast<uint32_t>(std::min<uint64_t>(U64(j, "failures"), UINT32_MAX));
  g.gone_since = Str(j, "gone_since");
  g.marked_at = Str(j, "marked_at");
  g.last_run = Str(j, "last_run");
  return g;
}

// URL index key: 16 bytes of SHA-256 of the URL (URLs can exceed LMDB's 511-byte key limit).
std::string UrlKey(std::string_view url) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(url.data(), url.size(), digest, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), 16);
}

// The key of a source's entry in source_hosts.
std::string HostEntryKey(std::string_view host, std::string_view source_key) {
  std::string key(host);
  key += '\0';
  key += source_key;
  return key;
}

// An index derived from the sources (source_hosts, payload_docs), made whole on open: when
// `complete` says it is not, a writable open fills it (`fill`) in one transaction, asking
// `complete` again inside it (another writer may have filled it meanwhile). `*readable`: whether
// the index can be read (false for a read-only archive that needed filling).
Status FillIndexOnOpen(ArchiveEnv& env, const std::function<bool(const ReadTxn&)>& complete,
                       const std::function<Status(WriteTxn&)>& fill, bool* readable) {
  *readable = true;
  bool done = true;
  if (Status s = env.Read([&](const ReadTxn& txn) {
        done = complete(txn);
        return Status::Ok();
      });
      !s.ok() || done) {
    return s;
  }
  if (env.read_only()) {
    *readable = false;
    return Status::Ok();
  }
  return env.Write(
      [&](WriteTxn& txn) -> Status { return complete(txn) ? Status::Ok() : fill(txn); });
}

// Files every source under its host again when source_hosts does not hold as many entries as
// there are sources (an archive made before the table, a salvaged copy, one written by an older
// xxgk).
Status FileSourceHosts(ArchiveEnv& env, bool* filed) {
  const auto complete = [](const ReadTxn& txn) {
    return txn.Count(Table::kSources) == txn.Count(Table::kSourceHosts);
  };
  const auto fill = [](WriteTxn& txn) -> Status {
    if (Status s = txn.Clear(Table::kSourceHosts); !s.ok()) return s;
    Status put = Status::Ok();
    Status s = txn.ForEach(Table::kSources, [&](std::string_view key, std::string_view value) {
      auto j = ParseJson(value);
      const std::string host = j ? SourceHostOf(SourceOf(*j)) : std::string(kUnusualHost);
      put = txn.Put(Table::kSourceHosts, HostEntryKey(host, key), "");
      return put.ok();
    });
    return s.ok() ? put : s;
  };
  return FillIndexOnOpen(env, complete, fill, filed);
}

// Whether payload_docs names the document of `source` under its payload digest: only a source whose
// document's text was made from its payload. Not a copy (a PDF beside the inline HTML: its own
// text is not the document's, it converts to something else) nor a joined source (its payload is
// the joined text of several pages, not what any one fetch or file gave), nor a payload that is
// the text itself (ArchivedTexts finds those: the doc_id is the first 16 hex digits of the text's
// digest).
bool IndexesPayload(const DocumentSource& source, std::string_view doc_id) {
  return !source.copy && source.joined.empty() && source.payload_sha256.size() == 64 &&
         !source.payload_sha256.starts_with(doc_id);
}

// Indexes `source` of document `doc_id` when IndexesPayload, unless its payload names a document
// already: a payload converted differently by an older converter gave two documents, and the one
// indexed first stays (PayloadDocuments checks an entry against the document's sources anyway).
Status IndexPayload(WriteTxn& txn, const DocumentSource& source, std::string_view doc_id) {
  if (!IndexesPayload(source, doc_id) || txn.Get(Table::kPayloadDocs, source.payload_sha256)) {
    return Status::Ok();
  }
  return txn.Put(Table::kPayloadDocs, source.payload_sha256, doc_id);
}

// Fills payload_docs from every source when meta "payload_docs_filled" is absent (an archive
// made before the table, a salvaged copy: salvage writes its own meta), and writes the mark with
// it. Not every source is indexed, so no count can tell a complete index: the mark does. An archive
// written since by an older xxgk (which knows neither) has an index missing some payloads, which
// only costs their conversion.
Status FillPayloadDocs(ArchiveEnv& env, bool* filled) {
  const auto complete = [](const ReadTxn& txn) {
    return txn.Get(Table::kMeta, kPayloadDocsFilled).has_value();
  };
  const auto fill = [](WriteTxn& txn) -> Status {
    if (Status s = txn.Clear(Table::kPayloadDocs); !s.ok()) return s;
    Status put = Status::Ok();
    Status s = txn.ForEach(Table::kSources, [&](std::string_view key, std::string_view value) {
      auto j = ParseJson(value);
      if (key.size() <= 4 || !j) return true;
      put = IndexPayload(txn, SourceOf(*j), key.substr(0, key.size() - 4));
      return put.ok();
    });
    if (!s.ok() || !put.ok()) return s.ok() ? put : s;
    return txn.Put(Table::kMeta, kPayloadDocsFilled, "1");
  };
  return FillIndexOnOpen(env, complete, fill, filled);
}

// The sources of one document, with the key the next one gets.
Status ReadSources(const ReadTxn& txn, std::string_view doc_id, std::vector<DocumentSource>* out,
                   uint32_t* next_index) {
  out->clear();
  uint32_t next = 0;
  Status s = txn.ForEachFrom(Table::kSources, doc_id, [&](std::string_view key, std::string_view value) {
    if (key.size() != doc_id.size() + 4 || key.substr(0, doc_id.size()) != doc_id) return false;
    next = DecodeU32(key.substr(doc_id.size())) + 1;
    if (auto j = ParseJson(value)) out->push_back(SourceOf(*j));
    return true;
  });
  if (next_index) *next_index = next;
  return s;
}

// Whether a payload that is not pending already gave a document: every stored payload is a
// document's source or pending, and a payload that is its document's text is kept as that text.
bool PayloadIsArchived(const ReadTxn& txn, const std::string& digest) {
  if (txn.Get(Table::kPayloads, digest)) return !txn.Get(Table::kPagePayloads, digest);
  if (digest.size() < 16) return false;
  auto value = txn.Get(Table::kDocuments, std::string_view(digest).substr(0, 16));
  DocumentInfo info;
  return value && DecodeDocument(digest.substr(0, 16), *value, &info, nullptr, nullptr) &&
         info.text_sha256 == digest;
}

// A payload a document or pending entry now refers to is no longer only a fetched page's.
Status ClearPageMark(WriteTxn& txn, const std::string& digest) {
  if (digest.empty() || !txn.Get(Table::kPagePayloads, digest)) return Status::Ok();
  return txn.Delete(Table::kPagePayloads, digest);
}

// The payload of a document just added is no longer pending. A pending payload that turned out to
// be its document's text is kept only as the text, like any such payload.
Status ResolvePending(WriteTxn& txn, const NewDocument& doc) {
  const std::string& digest = doc.source.payload_sha256;
  if (digest.empty() || !txn.Get(Table::kPending, digest)) return Status::Ok();
  if (Status s = txn.Delete(Table::kPending, digest); !s.ok()) return s;
  return digest == doc.text_sha256 ? txn.Delete(Table::kPayloads, digest) : Status::Ok();
}

Status AddOne(WriteTxn& txn, const NewDocument& doc, uint64_t* next_seq, AddResult* result) {
  std::vector<DocumentSource> sources;
  if (auto existing = txn.Get(Table::kDocuments, doc.doc_id)) {
    DocumentInfo info;
    if (!DecodeDocument(doc.doc_id, *existing, &info, nullptr, nullptr)) {
      return Status::Error("document " + doc.doc_id + " has an unreadable entry");
    }
    if (info.text_sha256 != doc.text_sha256) {
      result->outcome = AddOutcome::kCollision;
      result->detail = "doc_id " + doc.doc_id + " already names a different text (stored sha256 " +
                       info.text_sha256 + ", new " + doc.text_sha256 + "); not stored";
      return Status::Ok();
    }
    result->outcome = AddOutcome::kDuplicate;
    result->seq = info.seq;
    // A payload that is byte for byte the archived text (an exported .txt imported back) tells
    // nothing new about where the document came from.
    if (doc.source.payload_sha256 == info.text_sha256) return ResolvePending(txn, doc);
  } else {
    result->outcome = AddOutcome::kNew;
    result->seq = (*next_seq)++;
    const DocumentInfo info{doc.doc_id, doc.text_sha256, result->seq, doc.source.seen,
                            doc.text.size()};
    if (Status s = txn.Put(Table::kDocuments, doc.doc_id, DocumentValue(info, doc.text)); !s.ok()) return s;
    if (Status s = txn.Put(Table::kSequence, EncodeU64Key(result->seq), doc.doc_id); !s.ok()) return s;
  }
  uint32_t next_source = 0;
  if (Status s = ReadSources(txn, doc.doc_id, &sources, &next_source); !s.ok()) return s;
  const bool known_payload = std::any_of(sources.begin(), sources.end(), [&](const DocumentSource& s) {
    return s.payload_sha256 == doc.source.payload_sha256;
  });
  if (!known_payload) {
    result->source_added = true;
    const std::string key = doc.doc_id + EncodeU32(next_source);
    if (Status s = txn.Put(Table::kSources, key, Dump(SourceJson(doc.source))); !s.ok()) return s;
    if (Status s = txn.Put(Table::kSourceHosts, HostEntryKey(SourceHostOf(doc.source), key), "");
        !s.ok()) {
      return s;
    }
    if (Status s = IndexPayload(txn, doc.source, doc.doc_id); !s.ok()) return s;
  }
  // A payload whose bytes are the document's text (a normalised .txt) is not stored twice: the
  // text is its copy (see PayloadIsText).
  if (!doc.source.payload_sha256.empty() && doc.source.payload_sha256 != doc.text_sha256 &&
      !txn.Get(Table::kPayloads, doc.source.payload_sha256)) {
    if (Status s = txn.Put(Table::kPayloads, doc.source.payload_sha256, CompressBlob(doc.payload)); !s.ok()) {
      return s;
    }
  }
  if (Status s = ClearPageMark(txn, doc.source.payload_sha256); !s.ok()) return s;
  if (Status s = ResolvePending(txn, doc); !s.ok()) return s;
  if (doc.record) {
    auto stored = txn.Get(Table::kRecords, doc.doc_id);
    std::optional<StoredRecord> old = stored ? DecodeRecord(*stored) : std::nullopt;
    if (!old || old->extractor_version < doc.record->extractor_version) {
      if (Status s = txn.Put(Table::kRecords, doc.doc_id, RecordValue(*doc.record)); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status PendOne(WriteTxn& txn, const PendingPayload& pending, PendingOutcome* outcome) {
  const std::string& digest = pending.source.payload_sha256;
  if (digest.empty()) return Status::Error("a pending payload needs its digest");
  if (txn.Get(Table::kPending, digest)) {
    *outcome = PendingOutcome::kAlreadyPending;
    return Status::Ok();
  }
  if (PayloadIsArchived(txn, digest)) {
    *outcome = PendingOutcome::kArchived;
    return Status::Ok();
  }
  *outcome = PendingOutcome::kKept;
  if (!txn.Get(Table::kPayloads, digest)) {  // a page payload already holds the bytes
    if (Status s = txn.Put(Table::kPayloads, digest, CompressBlob(pending.payload)); !s.ok()) return s;
  }
  if (Status s = txn.Put(Table::kPending, digest, Dump(PendingJson(pending))); !s.ok()) return s;
  return ClearPageMark(txn, digest);
}

// Appends to the fetch log and updates the URL index; `next_fetch` is the log's next number.
Status LogFetch(WriteTxn& txn, const FetchEntry& entry, uint64_t* next_fetch) {
  const std::string value = Dump(FetchJson(entry));
  if (Status s = txn.Put(Table::kFetchLog, EncodeU64Key((*next_fetch)++), value); !s.ok()) return s;
  return txn.Put(Table::kUrls, UrlKey(RequestKey(entry.url, entry.form_body)), value);
}

// A fetched page's bytes, kept unless they are kept already (as a payload, or as a text).
Status KeepPagePayload(WriteTxn& txn, const NewFetch& fetch) {
  const std::string& digest = fetch.entry.payload_sha256;
  if (digest.empty() || txn.Get(Table::kPayloads, digest) || PayloadIsArchived(txn, digest)) {
    return Status::Ok();
  }
  if (Status s = txn.Put(Table::kPayloads, digest, CompressBlob(fetch.payload)); !s.ok()) return s;
  return txn.Put(Table::kPagePayloads, digest, "");
}


// ---- Merge (xxgk import --from-archive) ----

// What identifies a fetch event: its entry in canonical form (parsed and written again, so an
// entry logged before some field existed keys the same as its copy read from another archive).
std::string FetchKey(const FetchEntry& entry) { return UrlKey(Dump(FetchJson(entry))); }

// Keys the log entries [fetch_keys_upto, min(upto + max, next_fetch)); true once all are keyed.
Status KeyFetchLog(WriteTxn& txn, size_t max, bool* done) {
  const uint64_t next_fetch = ReadCounter(txn, kNextFetch);
  uint64_t upto = ReadCounter(txn, kFetchKeysUpto);
  const uint64_t end = next_fetch - std::min(upto, next_fetch) <= max ? next_fetch : upto + max;
  for (; upto < end; ++upto) {
    const std::string log_key = EncodeU64Key(upto);
    auto value = txn.Get(Table::kFetchLog, log_key);
    if (!value) continue;  // a number never used (cannot happen) is skipped, not fatal
    auto j = ParseJson(*value);
    if (!j) continue;
    if (Status s = txn.Put(Table::kFetchKeys, FetchKey(FetchOf(*j)), log_key); !s.ok()) return s;
  }
  *done = upto >= next_fetch;
  return txn.Put(Table::kMeta, kFetchKeysUpto, std::to_string(upto));
}

// The document's first_seen becomes `seen` when that is earlier (a copy seen earlier elsewhere).
Status KeepEarliestSeen(WriteTxn& txn, const NewDocument& doc) {
  if (doc.source.seen.empty()) return Status::Ok();
  auto value = txn.Get(Table::kDocuments, doc.doc_id);
  DocumentInfo info;
  if (!value || !DecodeDocument(doc.doc_id, *value, &info, nullptr, nullptr)) return Status::Ok();
  if (!info.first_seen.empty() && info.first_seen <= doc.source.seen) return Status::Ok();
  info.first_seen = doc.source.seen;
  std::string_view header, body;
  if (!Unframe(*value, &header, &body)) return Status::Ok();
  return txn.Put(Table::kDocuments, doc.doc_id, Frame(Dump(Json{{"sha256", info.text_sha256},
                                                               {"seq", info.seq},
                                                               {"first_seen", info.first_seen},
                                                               {"text_bytes", info.text_bytes}}),
                                                     body));
}

Status MergeLatest(WriteTxn& txn, const FetchEntry& entry, uint64_t* replaced) {
  const std::string key = UrlKey(entry.url);
  if (auto value = txn.Get(Table::kUrls, key)) {
    auto j = ParseJson(*value);
    if (j && Str(*j, "time") >= entry.time) return Status::Ok();
  }
  ++*replaced;
  return txn.Put(Table::kUrls, key, Dump(FetchJson(entry)));
}

Status MergeGone(WriteTxn& txn, const GoneMark& mark, uint64_t* replaced) {
  const std::string key = UrlKey(mark.url);
  if (auto value = txn.Get(Table::kGone, key)) {
    auto j = ParseJson(*value);
    if (j && Str(*j, "last_failed") >= mark.last_failed) return Status::Ok();
  }
  ++*replaced;
  return txn.Put(Table::kGone, key, Dump(GoneJson(mark)));
}

Status MergeFetch(WriteTxn& txn, const FetchEntry& entry, uint64_t* next_fetch, uint64_t* added) {
  const std::string key = FetchKey(entry);
  if (txn.Get(Table::kFetchKeys, key)) return Status::Ok();
  const std::string log_key = EncodeU64Key((*next_fetch)++);
  if (Status s = txn.Put(Table::kFetchLog, log_key, Dump(FetchJson(entry))); !s.ok()) return s;
  ++*added;
  return txn.Put(Table::kFetchKeys, key, log_key);
}

}  // namespace

Status Archive::Open(const std::string& dir, const ArchiveOptions& options,
                     std::unique_ptr<Archive>* archive) {
  std::unique_ptr<ArchiveEnv> env;
  if (Status s = ArchiveEnv::Open(dir, options, &env); !s.ok()) return s;
  bool filed = true;
  if (Status s = FileSourceHosts(*env, &filed); !s.ok()) {
    return Status::Error(dir + ": " + s.message());
  }
  bool payloads_filled = true;
  if (Status s = FillPayloadDocs(*env, &payloads_filled); !s.ok()) {
    return Status::Error(dir + ": " + s.message());
  }
  archive->reset(new Archive(std::move(env)));
  (*archive)->hosts_filed_ = filed;
  (*archive)->payload_docs_filled_ = payloads_filled;
  return Status::Ok();
}

Status Archive::OpenReadOnly(const std::string& dir, std::unique_ptr<Archive>* archive) {
  ArchiveOptions options;
  options.create = false;
  options.read_only = true;
  return Open(dir, options, archive);
}

Status Archive::AddDocuments(std::span<const NewDocument> docs, std::vector<AddResult>* results) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    results->assign(docs.size(), AddResult{});  // the body may run again after the map grows
    uint64_t next_seq = ReadCounter(txn, kNextSeq);
    const uint64_t first_seq = next_seq;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (Status s = AddOne(txn, docs[i], &next_seq, &(*results)[i]); !s.ok()) return s;
    }
    if (next_seq == first_seq) return Status::Ok();
    return txn.Put(Table::kMeta, kNextSeq, std::to_string(next_seq));
  });
}

Status Archive::AddPending(std::span<const PendingPayload> pending,
                           std::vector<PendingOutcome>* outcomes) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    // The body may run again after the map grows: outcomes are recomputed each time.
    std::vector<PendingOutcome> local(pending.size(), PendingOutcome::kKept);
    for (size_t i = 0; i < pending.size(); ++i) {
      if (Status s = PendOne(txn, pending[i], &local[i]); !s.ok()) return s;
    }
    if (outcomes) *outcomes = std::move(local);
    return Status::Ok();
  });
}

Status Archive::ScanPending(std::string_view from, size_t max, std::vector<PendingPayload>* out,
                            std::string* next) const {
  const std::string start(from);  // `from` may view `*next`
  out->clear();
  next->clear();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEachFrom(Table::kPending, start, [&](std::string_view key, std::string_view value) {
      if (out->size() >= max) {
        *next = std::string(key);
        return false;
      }
      auto j = ParseJson(value);
      out->push_back(j ? PendingOf(key, *j) : PendingOf(key, Json::object()));
      return true;
    });
  });
}

Status Archive::ScanDocuments(uint64_t from_seq, size_t max, std::vector<StoredDocument>* out,
                              uint64_t* next_seq) const {
  out->clear();
  *next_seq = from_seq;
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEachFrom(Table::kSequence, EncodeU64Key(from_seq),
                               [&](std::string_view key, std::string_view doc_id) {
      if (out->size() >= max) return false;
      const uint64_t seq = DecodeU64Key(key);
      *next_seq = seq + 1;
      StoredDocument doc;
      auto value = txn.Get(Table::kDocuments, doc_id);
      if (!value || !DecodeDocument(doc_id, *value, &doc.info, &doc.text, &doc.text_error)) {
        doc.info.doc_id = std::string(doc_id);
        doc.info.seq = seq;
        doc.text_error = "the document entry is missing or unreadable";
      }
      out->push_back(std::move(doc));
      return true;
    });
  });
}

Status Archive::GetDocument(std::string_view doc_id, std::optional<StoredDocument>* out) const {
  out->reset();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    auto value = txn.Get(Table::kDocuments, doc_id);
    if (!value) return Status::Ok();
    StoredDocument doc;
    if (!DecodeDocument(doc_id, *value, &doc.info, &doc.text, &doc.text_error)) {
      return Status::Error("document " + std::string(doc_id) + " has an unreadable entry");
    }
    *out = std::move(doc);
    return Status::Ok();
  });
}

Status Archive::GetSources(std::string_view doc_id, std::vector<DocumentSource>* out) const {
  return env_->Read([&](const ReadTxn& txn) { return ReadSources(txn, doc_id, out, nullptr); });
}

Status Archive::GetPayload(std::string_view payload_sha256, std::string* bytes,
                           bool* absent) const {
  return env_->Read([&](const ReadTxn& txn) -> Status {
    auto value = txn.Get(Table::kPayloads, payload_sha256);
    if (absent) *absent = !value;
    if (!value) return Status::Error("payload " + std::string(payload_sha256) + " is missing");
    Status s = DecompressBlob(*value, kMaxStoredBytes, bytes);
    if (!s.ok()) return Status::Error("payload " + std::string(payload_sha256) + ": " + s.message());
    return Status::Ok();
  });
}

Status Archive::RepairText(std::string_view doc_id, std::string_view text) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    auto value = txn.Get(Table::kDocuments, doc_id);
    DocumentInfo info;
    if (!value || !DecodeDocument(doc_id, *value, &info, nullptr, nullptr)) {
      return Status::Error("document " + std::string(doc_id) + " has no readable entry to repair");
    }
    info.text_bytes = text.size();
    return txn.Put(Table::kDocuments, doc_id, DocumentValue(info, text));
  });
}

Status Archive::GetRecord(std::string_view doc_id, std::optional<StoredRecord>* out) const {
  out->reset();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    if (auto value = txn.Get(Table::kRecords, doc_id)) *out = DecodeRecord(*value);
    return Status::Ok();
  });
}

Status Archive::RecordVersions(std::span<const std::string> doc_ids,
                               std::vector<int>* versions) const {
  versions->assign(doc_ids.size(), 0);
  return env_->Read([&](const ReadTxn& txn) -> Status {
    for (size_t i = 0; i < doc_ids.size(); ++i) {
      auto value = txn.Get(Table::kRecords, doc_ids[i]);
      std::string_view header, body;
      if (!value || !Unframe(*value, &header, &body)) continue;
      if (auto j = ParseJson(header)) (*versions)[i] = static_cast<int>(U64(*j, "extractor_version"));
    }
    return Status::Ok();
  });
}

Status Archive::PutRecords(std::span<const std::pair<std::string, StoredRecord>> records) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    for (const auto& [doc_id, record] : records) {
      if (Status s = txn.Put(Table::kRecords, doc_id, RecordValue(record)); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

Status Archive::ScanRecords(std::string_view from, size_t max,
                            std::vector<std::pair<std::string, StoredRecord>>* out,
                            std::string* next) const {
  const std::string start(from);  // `from` may view `*next`
  out->clear();
  next->clear();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEachFrom(Table::kRecords, start, [&](std::string_view key, std::string_view value) {
      if (out->size() >= max) {
        *next = std::string(key);
        return false;
      }
      auto record = DecodeRecord(value);
      out->emplace_back(std::string(key), record ? std::move(*record) : StoredRecord{});
      return true;
    });
  });
}

Status Archive::RecordFetch(const FetchEntry& entry) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    uint64_t next_fetch = ReadCounter(txn, kNextFetch);
    if (Status s = LogFetch(txn, entry, &next_fetch); !s.ok()) return s;
    return txn.Put(Table::kMeta, kNextFetch, std::to_string(next_fetch));
  });
}

Status Archive::Ingest(const IngestBatch& batch, IngestResult* result) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    // The body may run again after the map grows: results are recomputed each time.
    IngestResult local;
    local.documents.resize(batch.documents.size());
    local.pending.resize(batch.pending.size(), PendingOutcome::kKept);
    uint64_t next_seq = ReadCounter(txn, kNextSeq);
    const uint64_t first_seq = next_seq;
    for (size_t i = 0; i < batch.documents.size(); ++i) {
      if (Status s = AddOne(txn, batch.documents[i], &next_seq, &local.documents[i]); !s.ok()) return s;
    }
    for (size_t i = 0; i < batch.pending.size(); ++i) {
      if (Status s = PendOne(txn, batch.pending[i], &local.pending[i]); !s.ok()) return s;
    }
    RunJournal run;
    if (batch.run != 0) {
      if (Status s = ReadRun(txn, batch.run, &run); !s.ok()) return s;
    }
    uint64_t next_fetch = ReadCounter(txn, kNextFetch);
    local.first_fetch = next_fetch;
    for (const NewFetch& fetch : batch.fetches) {
      if (Status s = KeepPagePayload(txn, fetch); !s.ok()) return s;
      FetchEntry entry = fetch.entry;
      if (batch.run != 0) entry.run = run.id;
      if (Status s = LogFetch(txn, entry, &next_fetch); !s.ok()) return s;
    }
    // A batch that adds nothing (a re-import of archived files) writes no page, so LMDB commits
    // it without a write or an fsync.
    Status s = next_seq == first_seq ? Status::Ok()
                                     : txn.Put(Table::kMeta, kNextSeq, std::to_string(next_seq));
    if (s.ok() && !batch.fetches.empty()) {
      s = txn.Put(Table::kMeta, kNextFetch, std::to_string(next_fetch));
    }
    if (s.ok() && batch.run != 0) {  // the journal moves with what it covers
      run.pages += batch.fetches.size();
      for (const AddResult& added : local.documents) run.documents += added.outcome == AddOutcome::kNew;
      s = txn.Put(Table::kRuns, EncodeU64Key(run.number), Dump(RunJson(run)));
    }
    if (s.ok() && result) *result = std::move(local);
    return s;
  });
}

Status Archive::GetLatestFetch(std::string_view url, std::optional<FetchEntry>* out) const {
  out->reset();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    auto value = txn.Get(Table::kUrls, UrlKey(url));
    if (!value) return Status::Ok();
    auto j = ParseJson(*value);
    if (!j) return Status::Error("the URL index entry of " + std::string(url) + " is unreadable");
    *out = FetchOf(*j);
    return Status::Ok();
  });
}

Status Archive::NextFetch(uint64_t* next) const {
  *next = 0;
  return env_->Read([&](const ReadTxn& txn) -> Status {
    *next = ReadCounter(txn, kNextFetch);
    return Status::Ok();
  });
}

Status Archive::ScanFetchLog(uint64_t from, size_t max, std::vector<FetchEntry>* out,
                             uint64_t* next) const {
  out->clear();
  *next = from;
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEachFrom(Table::kFetchLog, EncodeU64Key(from), [&](std::string_view key, std::string_view value) {
      if (out->size() >= max) return false;
      *next = DecodeU64Key(key) + 1;
      auto j = ParseJson(value);
      out->push_back(j ? FetchOf(*j) : FetchEntry{});
      return true;
    });
  });
}

Status Archive::ScanLatestFetches(std::string_view from, size_t max, std::vector<FetchEntry>* out,
                                  std::string* next) const {
  const std::string start(from);  // `from` may view `*next`
  out->clear();
  next->clear();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEachFrom(Table::kUrls, start, [&](std::string_view key, std::string_view value) {
      if (out->size() >= max) {
        *next = std::string(key);
        return false;
      }
      auto j = ParseJson(value);
      if (j) out->push_back(FetchOf(*j));
      return true;
    });
  });
}

Status Archive::ScanSources(std::string_view from, size_t max,
                            std::vector<std::pair<std::string, DocumentSource>>* out,
                            std::string* next) const {
  const std::string start(from);  // `from` may view `*next`
  out->clear();
  next->clear();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEachFrom(Table::kSources, start, [&](std::string_view key, std::string_view value) {
      if (out->size() >= max) {
        *next = std::string(key);
        return false;
      }
      if (key.size() <= 4) return true;
      auto j = ParseJson(value);
      if (j) out->emplace_back(std::string(key.substr(0, key.size() - 4)), SourceOf(*j));
      return true;
    });
  });
}

Status Archive::SourcesOfHost(std::string_view host,
                              std::vector<std::pair<std::string, DocumentSource>>* out) const {
  out->clear();
  const std::string prefix = HostEntryKey(host, "");
  return env_->Read([&](const ReadTxn& txn) -> Status {
    if (!hosts_filed_) {  // read-only, not filed yet: every source, filtered
      return txn.ForEach(Table::kSources, [&](std::string_view key, std::string_view value) {
        if (key.size() <= 4) return true;
        auto j = ParseJson(value);
        if (!j) return true;
        DocumentSource source = SourceOf(*j);
        if (SourceHostOf(source) == host) {
          out->emplace_back(std::string(key.substr(0, key.size() - 4)), std::move(source));
        }
        return true;
      });
    }
    auto visit = [&](std::string_view key, std::string_view) {
      if (!key.starts_with(prefix)) return false;
      const std::string_view source_key = key.substr(prefix.size());
      if (source_key.size() <= 4) return true;
      auto value = txn.Get(Table::kSources, source_key);  // absent: a salvaged copy's stale entry
      auto j = value ? ParseJson(*value) : std::nullopt;
      if (j) out->emplace_back(source_key.substr(0, source_key.size() - 4), SourceOf(*j));
      return true;
    };
    return txn.ForEachFrom(Table::kSourceHosts, prefix, visit);
  });
}

Status Archive::UpdateGoneMarks(
    std::span<const std::string> urls,
    const std::function<std::optional<GoneMark>(std::string_view, const std::optional<GoneMark>&)>&
        update) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    for (const std::string& url : urls) {
      const std::string key = UrlKey(url);
      std::optional<GoneMark> old;
      if (auto value = txn.Get(Table::kGone, key)) {
        if (auto j = ParseJson(*value)) old = GoneOf(*j);
      }
      std::optional<GoneMark> mark = update(url, old);
      if (mark) {
        mark->url = url;
        if (old && *old == *mark) continue;
        if (Status s = txn.Put(Table::kGone, key, Dump(GoneJson(*mark))); !s.ok()) return s;
      } else if (old) {
        if (Status s = txn.Delete(Table::kGone, key); !s.ok()) return s;
      }
    }
    return Status::Ok();
  });
}

Status Archive::GetGoneMark(std::string_view url, std::optional<GoneMark>* out) const {
  out->reset();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    auto value = txn.Get(Table::kGone, UrlKey(url));
    if (!value) return Status::Ok();
    auto j = ParseJson(*value);
    if (!j) return Status::Error("the gone mark of " + std::string(url) + " is unreadable");
    *out = GoneOf(*j);
    return Status::Ok();
  });
}

Status Archive::ScanGoneMarks(std::string_view from, size_t max, std::vector<GoneMark>* out,
                              std::string* next) const {
  const std::string start(from);  // `from` may view `*next`
  out->clear();
  next->clear();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEachFrom(Table::kGone, start, [&](std::string_view key, std::string_view value) {
      if (out->size() >= max) {
        *next = std::string(key);
        return false;
      }
      if (auto j = ParseJson(value)) out->push_back(GoneOf(*j));
      return true;
    });
  });
}

Status Archive::KeptPayloads(std::span<const std::string> digests, std::vector<bool>* kept) const {
  kept->assign(digests.size(), false);
  return env_->Read([&](const ReadTxn& txn) -> Status {
    for (size_t i = 0; i < digests.size(); ++i) {
      (*kept)[i] = txn.Get(Table::kPayloads, digests[i]) || PayloadIsArchived(txn, digests[i]);
    }
    return Status::Ok();
  });
}

Status Archive::ArchivedTexts(std::span<const std::string> digests,
                             std::vector<bool>* archived) const {
  archived->assign(digests.size(), false);
  return env_->Read([&](const ReadTxn& txn) -> Status {
    for (size_t i = 0; i < digests.size(); ++i) {
      const std::string& digest = digests[i];
      if (digest.size() != 64 || txn.Get(Table::kPending, digest)) continue;
      auto value = txn.Get(Table::kDocuments, std::string_view(digest).substr(0, 16));
      DocumentInfo info;
      (*archived)[i] = value && DecodeDocument(digest.substr(0, 16), *value, &info, nullptr, nullptr) &&
                       info.text_sha256 == digest;
    }
    return Status::Ok();
  });
}

Status Archive::PayloadDocuments(std::span<const std::string> digests,
                                 std::vector<std::string>* doc_ids) const {
  doc_ids->assign(digests.size(), std::string());
  if (!payload_docs_filled_) return Status::Ok();  // read-only, not filled yet: as if absent
  return env_->Read([&](const ReadTxn& txn) -> Status {
    std::vector<DocumentSource> sources;
    for (size_t i = 0; i < digests.size(); ++i) {
      const std::string& digest = digests[i];
      if (digest.size() != 64 || txn.Get(Table::kPending, digest)) continue;
      auto doc_id = txn.Get(Table::kPayloadDocs, digest);
      if (!doc_id || doc_id->size() != 16 || !txn.Get(Table::kDocuments, *doc_id)) continue;
      // The entry is believed only when the document has the source it was made from (an entry
      // of a salvaged copy may have outlived its source).
      if (Status s = ReadSources(txn, *doc_id, &sources, nullptr); !s.ok()) return s;
      const bool made_from =
          std::any_of(sources.begin(), sources.end(), [&](const DocumentSource& s) {
            return s.payload_sha256 == digest && IndexesPayload(s, *doc_id);
          });
      if (made_from) (*doc_ids)[i] = std::string(*doc_id);
    }
    return Status::Ok();
  });
}

Status Archive::RebuildCursor(std::string* cursor) const {
  cursor->clear();
  return env_->Read([&](const ReadTxn& txn) {
    if (auto v = txn.Get(Table::kMeta, kRebuildCursor)) cursor->assign(*v);
    return Status::Ok();
  });
}

Status Archive::IndexFetchLog(size_t max, bool* done) {
  return env_->Write([&](WriteTxn& txn) { return KeyFetchLog(txn, max, done); });
}

Status Archive::Merge(const MergeBatch& batch, MergeResult* result) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    // The body may run again after the map grows: results are recomputed each time.
    MergeResult local;
    local.documents.resize(batch.documents.size());
    local.pending.resize(batch.pending.size(), PendingOutcome::kKept);
    uint64_t next_seq = ReadCounter(txn, kNextSeq);
    const uint64_t first_seq = next_seq;
    for (size_t i = 0; i < batch.documents.size(); ++i) {
      const NewDocument& doc = batch.documents[i];
      if (Status s = AddOne(txn, doc, &next_seq, &local.documents[i]); !s.ok()) return s;
      if (local.documents[i].outcome == AddOutcome::kCollision) continue;
      if (Status s = KeepEarliestSeen(txn, doc); !s.ok()) return s;
    }
    for (size_t i = 0; i < batch.pending.size(); ++i) {
      if (Status s = PendOne(txn, batch.pending[i], &local.pending[i]); !s.ok()) return s;
    }
    for (const auto& [digest, bytes] : batch.page_payloads) {
      if (Status s = KeepPagePayload(txn, NewFetch{FetchEntry{.payload_sha256 = digest}, bytes});
          !s.ok()) {
        return s;
      }
    }
    for (const FetchEntry& entry : batch.latest) {
      if (Status s = MergeLatest(txn, entry, &local.latest_replaced); !s.ok()) return s;
    }
    for (const GoneMark& mark : batch.gone) {
      if (Status s = MergeGone(txn, mark, &local.gone_replaced); !s.ok()) return s;
    }
    if (!batch.fetches.empty()) {
      bool keyed = false;
      if (Status s = KeyFetchLog(txn, SIZE_MAX, &keyed); !s.ok()) return s;
      uint64_t next_fetch = ReadCounter(txn, kNextFetch);
      for (const FetchEntry& entry : batch.fetches) {
        if (Status s = MergeFetch(txn, entry, &next_fetch, &local.fetches_added); !s.ok()) return s;
      }
      if (Status s = txn.Put(Table::kMeta, kNextFetch, std::to_string(next_fetch)); !s.ok()) return s;
      if (Status s = txn.Put(Table::kMeta, kFetchKeysUpto, std::to_string(next_fetch)); !s.ok()) return s;
    }
    Status s = next_seq == first_seq ? Status::Ok()  // nothing new: no page written (Ingest)
                                     : txn.Put(Table::kMeta, kNextSeq, std::to_string(next_seq));
    if (s.ok() && result) *result = std::move(local);
    return s;
  });
}

Status Archive::SetRebuildCursor(std::string_view cursor) {
  return env_->Write([&](WriteTxn& txn) {
    return cursor.empty() ? txn.Delete(Table::kMeta, kRebuildCursor)
                          : txn.Put(Table::kMeta, kRebuildCursor, cursor);
  });
}

Status Archive::BeginRun(std::string_view fingerprint, std::string_view time, bool resume,
                         RunJournal* run, bool* resumed) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    *resumed = false;
    std::string key, value;
    RunJournal last;
    if (txn.Last(Table::kRuns, &key, &value)) {
      auto j = ParseJson(value);
      if (!j || key.size() != 8) return Status::Error("the last entry of the run journal is unreadable");
      last = RunOf(DecodeU64Key(key), *j);
    }
    const bool unfinished = last.state == kRunRunning || last.state == kRunStopped;
    if (unfinished && resume && last.fingerprint == fingerprint) {
      last.state = kRunRunning;
      last.resumed = std::string(time);
      ++last.resumes;
      last.pid = static_cast<uint64_t>(::getpid());
      *run = last;
      *resumed = true;
      return txn.Put(Table::kRuns, EncodeU64Key(last.number), Dump(RunJson(last)));
    }
    if (unfinished) {
      last.state = kRunAbandoned;
      if (Status s = txn.Put(Table::kRuns, EncodeU64Key(last.number), Dump(RunJson(last))); !s.ok()) {
        return s;
      }
    }
    RunJournal fresh;
    fresh.number = last.number + 1;
    fresh.id = RandomRunId();
    fresh.fingerprint = std::string(fingerprint);
    fresh.state = kRunRunning;
    fresh.started = std::string(time);
    fresh.pid = static_cast<uint64_t>(::getpid());
    *run = fresh;
    return txn.Put(Table::kRuns, EncodeU64Key(fresh.number), Dump(RunJson(fresh)));
  });
}

Status Archive::EndRun(uint64_t number, std::string_view state, std::string_view time) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    RunJournal run;
    if (Status s = ReadRun(txn, number, &run); !s.ok()) return s;
    run.state = std::string(state);
    run.ended = std::string(time);
    return txn.Put(Table::kRuns, EncodeU64Key(number), Dump(RunJson(run)));
  });
}

Status Archive::MarkRunPartDone(uint64_t number, std::string_view part) {
  return env_->Write([&](WriteTxn& txn) -> Status {
    RunJournal run;
    if (Status s = ReadRun(txn, number, &run); !s.ok()) return s;
    if (std::find(run.parts_done.begin(), run.parts_done.end(), part) != run.parts_done.end()) {
      return Status::Ok();
    }
    run.parts_done.emplace_back(part);
    return txn.Put(Table::kRuns, EncodeU64Key(number), Dump(RunJson(run)));
  });
}

Status Archive::Runs(std::vector<RunJournal>* out) const {
  out->clear();
  return env_->Read([&](const ReadTxn& txn) -> Status {
    return txn.ForEach(Table::kRuns, [&](std::string_view key, std::string_view value) {
      auto j = ParseJson(value);
      if (key.size() == 8) out->push_back(j ? RunOf(DecodeU64Key(key), *j) : RunOf(DecodeU64Key(key), Json::object()));
      return true;
    });
  });
}

Status Archive::Counts(ArchiveCounts* counts) const {
  *counts = ArchiveCounts{};
  return env_->Read([&](const ReadTxn& txn) -> Status {
    counts->documents = txn.Count(Table::kDocuments);
    counts->sources = txn.Count(Table::kSources);
    counts->payloads = txn.Count(Table::kPayloads);
    counts->records = txn.Count(Table::kRecords);
    counts->urls = txn.Count(Table::kUrls);
    counts->fetches = txn.Count(Table::kFetchLog);
    counts->pending = txn.Count(Table::kPending);
    counts->page_payloads = txn.Count(Table::kPagePayloads);
    counts->gone_marks = txn.Count(Table::kGone);
    return Status::Ok();
  });
}

Status Archive::Sizes(ArchiveSizes* sizes) const {
  *sizes = ArchiveSizes{};
  Status s = env_->Read([&](const ReadTxn& txn) -> Status {
    Status p = txn.ForEach(Table::kPayloads, [&](std::string_view, std::string_view value) {
      sizes->payload_stored_bytes += value.size();
      sizes->payload_raw_bytes += BlobRawSize(value);
      return true;
    });
    if (!p.ok()) return p;
    return txn.ForEach(Table::kDocuments, [&](std::string_view doc_id, std::string_view value) {
      DocumentInfo info;
      if (DecodeDocument(doc_id, value, &info, nullptr, nullptr)) sizes->text_bytes += info.text_bytes;
      return true;
    });
  });
  std::error_code ec;
  sizes->file_bytes = std::filesystem::file_size(std::filesystem::path(dir()) / "data.mdb", ec);
  return s;
}

}  // namespace xxgk::store
