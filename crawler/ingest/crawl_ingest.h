// Crawl ingest: what a crawl fetched (discovery's pages and crawl::FoundReport) → one archive step (store::IngestBatch). The hallway between
// discovery and the archive: every fetched page becomes a fetch log entry with its payload, and
// each report discovery found becomes one document with its record and where it was published.
//
// A found report has one or more copies: the report page (with its continuation pages, whose
// texts are joined into one text) and its attachments (PDF, DOCX, OFD, …). Each copy goes through
// the document pipeline (PrepareDocument); the copy whose record reads best — most checks
// passed, then most values, then the page before attachments — is the document; every other copy
// that reads as a report too is kept as a `copy` source of the same document (one report, two
// sources, never two reports). Copies that give no text now (OFD, DOC without LibreOffice) are
// kept pending for a later `xxgk rebuild`.
// Thread-safe: pure functions; run PrepareReport on worker threads, off the network thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/discovery/report_walk.h"
#include "crawler/fetch/fetch_result.h"
#include "crawler/ingest/document_pipeline.h"
#include "store/archive.h"

namespace xxgk::ingest {

// The fetch log entry of one fetched page (its role: what the crawl fetched it as). The payload
// digest is set when the page has a body.
store::FetchEntry FetchEntryOf(const crawl::FetchResult& result, std::string_view role,
                               std::string_view time);
// The entry with its payload, ready for IngestBatch::fetches.
store::NewFetch PageFetch(const crawl::FetchResult& result, std::string_view role,
                          std::string_view time);

// One report turned into an archive step.
struct PreparedReport {
  // The document (and copies), pending copies, and every fetch (but those replayed from the
  // archive: crawl::FetchResult::replayed).
  store::IngestBatch batch;
  // The document made (index into batch.documents), if any copy gave text.
  std::optional<size_t> document;
  std::string format;  // the chosen copy's format ("html", "pdf", …)
  std::string url;     // the chosen copy's URL
  // Copies that gave no document, with why ("URL: reason"; a copy kept pending ends "; payload
  // kept for later …", after "[code]", its pending code, when it is an unsupported one).
  std::vector<std::string> problems;
};

PreparedReport PrepareReport(const crawl::FoundReport& report, std::string_view time,
                             const ConvertOptions& convert = {});

// Whether a fetch result is a fetch to log: not one cancelled by a stopped crawl, nor one a
// resumed run replayed (harvest/resume_source.h: the interrupted run logged it), nor one answered
// from the archive without a request (its response is logged already; logging it again would
// also make the URL look freshly validated). A 304 served from the archive is logged (revalidated).
bool IsLoggedFetch(const crawl::FetchResult& result);

// The fetch log entries (with payloads) of the parts of `report` that are fetches to log, in
// order (pages as "report" and "continuation", then attachments), and no document: the parts of
// a report stopped before it was whole, and the revalidations of one that did not change.
store::IngestBatch PartFetches(const crawl::FoundReport& report, std::string_view time);

}  // namespace xxgk::ingest
