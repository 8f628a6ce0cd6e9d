// UnchangedReport: a report all of whose parts were answered from the archive. See unchanged_report.h.
#include "crawler/harvest/unchanged_report.h"

#include "base/request_key.h"
#include "crawler/ingest/crawl_ingest.h"
#include "extract/report/report_extractor.h"

namespace xxgk::harvest {

std::optional<UnchangedReport> AsUnchanged(const store::Archive& archive,
                                           const crawl::FoundReport& report, std::string_view time) {
  UnchangedReport out;
  size_t parts = 0;
  for (const auto* results : {&report.pages, &report.attachments}) {
    for (const crawl::FetchResult& r : *results) {
      if (!r.from_archive || r.replayed || !r.ok()) return std::nullopt;
      std::optional<store::FetchEntry> before;
      if (!archive.GetLatestFetch(RequestKey(r.requested_url, r.form_body), &before).ok() || !before) {
        return std::nullopt;
      }
      if (!before->doc_id.empty()) {
        if (!out.doc_id.empty() && out.doc_id != before->doc_id) return std::nullopt;
        out.doc_id = before->doc_id;
      }
      ++parts;
    }
  }
  if (parts == 0 || out.doc_id.empty()) return std::nullopt;
  std::optional<store::StoredRecord> record;
  if (!archive.GetRecord(out.doc_id, &record).ok() || !record ||
      record->extractor_version < extract::kExtractorVersion) {
    return std::nullopt;
  }
  out.batch = ingest::PartFetches(report, time);
  for (store::NewFetch& fetch : out.batch.fetches) {
    std::optional<store::FetchEntry> before;
    if (archive.GetLatestFetch(RequestKey(fetch.entry.url, fetch.entry.form_body), &before).ok() &&
        before) {
      fetch.entry.doc_id = before->doc_id;
    }
  }
  return out;
}

}  // namespace xxgk::harvest
