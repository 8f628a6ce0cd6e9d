// The archive → one WARC file and its CDXJ index (see warc_export.h, docs/warc.md).
#include "store/warc_export.h"


#include <strings.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "base/temp_file.h"
#include "store/warc_cdxj.h"
#include "store/warc_records.h"
#include "store/warc_writer.h"

namespace xxgk::store {
namespace {

constexpr size_t kBatch = 256;

std::string NowRfc3339() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "HTTP/1.1 200 OK" → 200; `logged` when the line does not parse.
int StatusOf(const std::string& status_line, int logged) {
  const size_t space = status_line.find(' ');
  if (space != std::string::npos) {
    const int code = std::atoi(status_line.c_str() + space + 1);
    if (code > 0) return code;
  }
  return logged;
}

std::string MediaType(std::string_view content_type) {
  std::string_view t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return std::string(t);
}

std::string HeaderOf(const std::vector<std::pair<std::string, std::string>>& headers,
                     std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() && strncasecmp(n.c_str(), name.data(), name.size()) == 0) return v;
  }
  return "";
}

std::string FieldOf(const WarcRecord& r, std::string_view field) {
  for (const auto& [name, value] : r.fields) {
    if (name == field) return value;
  }
  return "";
}
// A resource record is indexed under its whole Content-Type (as warcio does).
std::string RecordContentType(const WarcRecord& r) { return FieldOf(r, "Content-Type"); }

class Exporter {
 public:
  Exporter(const Archive& archive, const WarcExportOptions& options, WarcExportStats* stats)
      : archive_(archive), options_(options), stats_(stats),
        filename_(std::filesystem::path(options.warc_path).filename().string()) {}

  Status Run() {
    std::string tmp;
    if (Status s = writer_.OpenTemporaryFor(options_.warc_path, &tmp); !s.ok()) return s;
    Status s = WriteAll();
    if (s.ok()) s = writer_.Close();
    if (s.ok() && std::rename(tmp.c_str(), options_.warc_path.c_str()) != 0) {
      s = Status::Error(options_.warc_path + ": " + std::strerror(errno));
    }
    if (!s.ok()) {
      (void)writer_.Close();
      std::remove(tmp.c_str());
      return s;
    }
    stats_->bytes = writer_.size();
    if (!options_.cdxj_path.empty()) return WriteCdxj();
    return Status::Ok();
  }

 private:
  Status Write(WarcRecord record, std::optional<CdxjEntry> cdx) {
    if (FieldOf(record, "WARC-Type") == "warcinfo") {
      warcinfo_id_ = FieldOf(record, "WARC-Record-ID");
    } else if (!warcinfo_id_.empty()) {
      record.Add("WARC-Warcinfo-ID", warcinfo_id_);
    }
    uint64_t offset = 0, length = 0;
    if (Status s = writer_.Write(record, &offset, &length); !s.ok()) return s;
    ++stats_->records;
    if (cdx) {
      cdx->offset = offset;
      cdx->length = length;
      cdx->filename = filename_;
      index_.push_back(std::move(*cdx));
    }
    return Status::Ok();
  }

  Status WriteAll() {
    const std::string date = options_.date.empty() ? NowRfc3339() : options_.date;
    if (Status s = Write(WarcinfoRecord(filename_, date,
                                        {{"software", options_.software},
                                         {"format", "WARC File Format 1.1"},
                                         {"conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"},
                                         {"description", "exported from the xxgk archive " + archive_.dir()}}),
                         std::nullopt);
        !s.ok()) {
      return s;
    }
    if (Status s = WriteFetches(); !s.ok()) return s;
    return WriteFiles();
  }

  // The bytes of a payload: from the payloads table, or the document's text when the payload was
  // byte for byte its text (kept once, as the text). nullopt with a problem noted otherwise.
  std::optional<std::string> Payload(const std::string& sha256, const std::string& doc_id,
                                     const std::string& what) {
    std::string bytes;
    bool absent = false;
    Status s = archive_.GetPayload(sha256, &bytes, &absent);
    if (s.ok()) return bytes;
    if (absent && !doc_id.empty()) {
      std::optional<StoredDocument> doc;
      if (archive_.GetDocument(doc_id, &doc).ok() && doc && doc->info.text_sha256 == sha256 &&
          doc->text_error.empty()) {
        return doc->text;
      }
    }
    stats_->problems.push_back(what + ": payload " + sha256 + (absent ? " not in the archive" : ": " + s.message()));
    return std::nullopt;
  }

  Status WriteFetches() {
    std::vector<FetchEntry> batch;
    uint64_t next = 0;
    while (true) {
      const uint64_t first = next;
      if (Status s = archive_.ScanFetchLog(next, kBatch, &batch, &next); !s.ok()) return s;
      if (batch.empty()) break;
      for (size_t i = 0; i < batch.size(); ++i) {
        if (Status s = WriteFetch(batch[i], first + i); !s.ok()) return s;
      }
    }
    return Status::Ok();
  }

  Status WriteFetch(const FetchEntry& entry, uint64_t n) {
    const std::string uri = TargetUri(entry);
    std::string payload;
    if (!entry.payload_sha256.empty()) {
      std::optional<std::string> bytes = Payload(entry.payload_sha256, entry.doc_id, uri);
      if (!bytes) return Status::Ok();
      payload = std::move(*bytes);
    }
    if (entry.status_line.empty()) {
      // Redirect hops that were answered before the final request failed are written.
      const std::vector<HopRecords> hops = RecordsOfHops(entry, n);
      for (size_t i = 0; i < hops.size(); ++i) {
        if (Status s = WriteHop(entry, i, hops[i]); !s.ok()) return s;
      }
      // Logged before status lines and headers were kept (or by a command that keeps none):
      // the bytes are known, the HTTP head is not; a resource record does not invent one.
      if (entry.http_status <= 0 || entry.payload_sha256.empty()) {
        ++stats_->skipped;
        return Status::Ok();
      }
      WarcRecord r = ResourceRecord(uri, entry.time, ContentTypeOf(entry), payload,
                                    std::to_string(n) + "\n" + uri + "\n" + entry.time);
      r.Add("XXGK-HTTP-Status", std::to_string(entry.http_status));
      ++stats_->resources;
      return Write(r, CdxjEntry{uri, entry.time, RecordContentType(r), 0,
                                WarcSha1(payload).substr(5), 0, 0, "", ""});
    }
    const std::string digest = WarcSha1(payload);
    const WarcOriginal* original = nullptr;
    if (!payload.empty()) {
      if (auto it = originals_.find(digest); it != originals_.end()) original = &it->second;
    }
    FetchRecords records = RecordsOfFetch(entry, n, payload, original);
    for (size_t i = 0; i < records.hops.size(); ++i) {
      if (Status s = WriteHop(entry, i, records.hops[i]); !s.ok()) return s;
    }
    if (Status s = Write(records.request, std::nullopt); !s.ok()) return s;
    ++stats_->requests;
    CdxjEntry cdx{uri, entry.time,
                  original ? "warc/revisit" : MediaType(HeaderOf(entry.headers, "Content-Type")),
                  StatusOf(entry.status_line, entry.http_status), digest.substr(5), 0, 0, "", entry.form_body};
    if (Status s = Write(records.response, cdx); !s.ok()) return s;
    if (original) {
      ++stats_->revisits;
    } else {
      ++stats_->responses;
      if (!payload.empty()) originals_.emplace(digest, WarcOriginal{records.response_id, uri, entry.time});
    }
    return Status::Ok();
  }

  // Hop `i` of `entry`: its request, and its response indexed as warcio indexes it (the hop's
  // status and Content-Type; no digest when its body was not kept).
  Status WriteHop(const FetchEntry& entry, size_t i, const HopRecords& records) {
    const HopResponse& hop = entry.hops[i];
    if (Status s = Write(records.request, std::nullopt); !s.ok()) return s;
    ++stats_->requests;
    const std::string digest = FieldOf(records.response, "WARC-Payload-Digest");
    CdxjEntry cdx{HopUri(entry, i), hop.time, MediaType(HeaderOf(hop.headers, "Content-Type")),
                  StatusOf(hop.status_line, 0), digest.empty() ? "" : digest.substr(5), 0, 0, "", hop.form_body};
    if (Status s = Write(records.response, cdx); !s.ok()) return s;
    ++stats_->responses;
    return Status::Ok();
  }

  // The content type of a fetch logged without headers: its document source's, if it made one.
  std::string ContentTypeOf(const FetchEntry& entry) {
    std::string type = HeaderOf(entry.headers, "Content-Type");
    if (!type.empty() || entry.doc_id.empty()) return type;
    std::vector<DocumentSource> sources;
    if (archive_.GetSources(entry.doc_id, &sources).ok()) {
      for (const DocumentSource& s : sources) {
        if (s.payload_sha256 == entry.payload_sha256) return s.content_type;
      }
    }
    return "";
  }

  Status WriteFiles() {
    std::vector<StoredDocument> batch;
    uint64_t next = 0;
    while (true) {
      if (Status s = archive_.ScanDocuments(next, kBatch, &batch, &next); !s.ok()) return s;
      if (batch.empty()) break;
      for (const StoredDocument& doc : batch) {
        std::vector<DocumentSource> sources;
        if (Status s = archive_.GetSources(doc.info.doc_id, &sources); !s.ok()) return s;
        for (const DocumentSource& source : sources) {
          if (source.kind != "file") continue;
          std::optional<std::string> payload;
          if (source.payload_sha256 == doc.info.text_sha256 && doc.text_error.empty()) {
            payload = doc.text;
          } else {
            payload = Payload(source.payload_sha256, doc.info.doc_id, source.origin);
          }
          if (!payload) continue;
          const std::string uri = FileUri(source.origin);
          WarcRecord r = ResourceRecord(uri, source.seen, source.content_type, *payload,
                                        doc.info.doc_id + "\n" + source.payload_sha256 + "\n" + source.seen);
          ++stats_->resources;
          if (Status s = Write(r, CdxjEntry{uri, source.seen, RecordContentType(r), 0,
                                            WarcSha1(*payload).substr(5), 0, 0, "", ""});
              !s.ok()) {
            return s;
          }
        }
      }
    }
    return Status::Ok();
  }

  Status WriteCdxj() {
    std::string tmp;
    const std::string text = CdxjIndex(index_);
    std::FILE* f = OpenTemporaryBeside(options_.cdxj_path, &tmp);
    if (!f) return Status::Error(options_.cdxj_path + ": " + std::strerror(errno));
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() &&
                    std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
    const int saved = errno;
    std::fclose(f);
    if (!ok || std::rename(tmp.c_str(), options_.cdxj_path.c_str()) != 0) {
      std::remove(tmp.c_str());
      return Status::Error(options_.cdxj_path + ": " + std::strerror(ok ? errno : saved));
    }
    return Status::Ok();
  }

  const Archive& archive_;
  const WarcExportOptions& options_;
  WarcExportStats* stats_;
  std::string filename_;
  WarcWriter writer_;
  std::vector<CdxjEntry> index_;
  std::string warcinfo_id_;  // of the first record written; named by every later one
  std::unordered_map<std::string, WarcOriginal> originals_;  // payload digest → first response
};

}  // namespace

Status ExportWarc(const Archive& archive, const WarcExportOptions& options, WarcExportStats* stats) {
  *stats = WarcExportStats{};
  if (options.warc_path.empty()) return Status::Error("no WARC file given");
  return Exporter(archive, options, stats).Run();
}

}  // namespace xxgk::store
