// Crawl ingest: fetched pages and found reports → one archive step. See crawl_ingest.h.
#include "crawler/ingest/crawl_ingest.h"

#include <tuple>
#include <utility>

#include "base/utc_time.h"
#include "extract/report/report_extractor.h"
#include "extract/text/doc_identity.h"

namespace xxgk::ingest {
namespace {

std::string ContentTypeOf(const crawl::FetchResult& result) {
  return result.Header("content-type").value_or("");
}

PayloadOrigin OriginOf(const crawl::FetchResult& result, std::string_view time) {
  return PayloadOrigin{"url", result.final_url, ContentTypeOf(result), std::string(time)};
}

void Place(const crawl::ReportPlace& place, store::DocumentSource* source) {
  source->seed_code = place.code;
  source->column = place.column;
  source->list_title = place.list_title;
  source->list_date = place.list_date;
}

// How well a copy reads as a report: whether it has the template's tables at all, then checks
// passed, then values read. Copies compare by this, and the page wins ties (it comes first).
struct Reading {
  extract::ReportRecord record;  // kept: the chosen copy's record is stored as it is
  bool report = false;
  int checks_passed = 0;
  int values = 0;
  auto key() const { return std::tuple(report, checks_passed, values); }
};

Reading Read(std::string_view text) {
  Reading reading;
  reading.record = extract::ExtractReport(text);
  const extract::ReportRecord& record = reading.record;
  for (const extract::TableValues* table :
       {&record.active_disclosure, &record.applications, &record.reviews_litigation}) {
    if (!table->present) continue;
    reading.report = true;
    for (const extract::RowValues& row : table->rows) {
      if (!row) continue;
      for (const extract::CellValue& cell : *row) reading.values += cell.is_null() ? 0 : 1;
    }
  }
  for (const extract::Check& check : record.checks) reading.checks_passed += check.ok ? 1 : 0;
  return reading;
}

struct Copy {
  store::NewDocument doc;
  Reading reading;
  size_t fetch_index = 0;  // its entry in batch.fetches
  std::string format;
};

std::string FormatOf(const store::DocumentSource& source) {
  const std::string& type = source.content_type;
  return type.substr(0, type.find(';'));
}

// The report page's copy: the page itself, or, when it continues over pages, their texts joined
// (the payload is then that joined text: see store::DocumentSource::joined).
std::optional<Copy> PageCopy(const crawl::FoundReport& report, std::string_view time,
                             const ConvertOptions& convert, std::vector<std::string>* problems) {
  if (report.pages.empty() || !report.pages[0].ok()) return std::nullopt;
  const crawl::FetchResult& first = report.pages[0];
  if (report.pages.size() == 1) {
    PreparedDocument prepared = PrepareDocument(first.body, OriginOf(first, time), false, convert);
    if (!prepared.document) {
      problems->push_back(first.final_url + ": " + prepared.error);
      return std::nullopt;
    }
    Copy copy{std::move(*prepared.document), {}, 0, {}};
    copy.format = FormatOf(copy.doc.source);
    return copy;
  }
  std::string joined;
  std::vector<std::string> urls;
  std::string first_type;
  for (const crawl::FetchResult& page : report.pages) {
    if (!page.ok()) {
      problems->push_back(page.final_url + ": continuation page not fetched (HTTP " +
                          std::to_string(page.http_status) + (page.reason.empty() ? "" : ", ") +
                          page.reason + ")");
      continue;
    }
    TextReading reading = ReadText(page.body, {ContentTypeOf(page), page.final_url}, convert);
    if (!reading.ok()) {
      problems->push_back(page.final_url + ": " + reading.error);
      continue;
    }
    if (first_type.empty()) first_type = std::string(extract::FormatName(reading.doc.format));
    if (!joined.empty()) joined += "\n\n";
    joined += reading.doc.text;
    urls.push_back(page.final_url);
  }
  if (joined.empty()) return std::nullopt;
  PayloadOrigin origin{"url", first.final_url, "text/plain; charset=utf-8", std::string(time)};
  PreparedDocument prepared = PrepareDocument(std::move(joined), origin, false, convert);
  if (!prepared.document) {
    problems->push_back(first.final_url + ": joined pages give no text: " + prepared.error);
    return std::nullopt;
  }
  Copy copy{std::move(*prepared.document), {}, 0, {}};
  copy.doc.source.joined = std::move(urls);
  copy.format = first_type;
  return copy;
}

}  // namespace

store::FetchEntry FetchEntryOf(const crawl::FetchResult& result, std::string_view role,
                               std::string_view time) {
  store::FetchEntry entry;
  entry.url = result.redirects.empty() ? result.final_url : result.redirects.front().url;
  if (entry.url.empty()) entry.url = result.requested_url;
  entry.final_url = result.redirects.empty() ? "" : result.final_url;
  entry.time = std::string(time);
  entry.http_status = result.http_status;
  if (result.error != crawl::AttemptError::kNone) {
    entry.error = result.reason.empty() ? "failed" : result.reason;
  }
  entry.etag = result.Header("etag").value_or("");
  entry.last_modified = result.Header("last-modified").value_or("");
  if (result.error == crawl::AttemptError::kNone && !result.body.empty()) {
    entry.payload_sha256 = extract::Sha256Hex(result.body);
  }
  entry.status_line = result.status_line;
  entry.headers = result.headers;
  bool hops_known = true;  // every hop came from the engine (not a stored answer's "302 URL")
  for (const crawl::RedirectHop& hop : result.redirects) {
    entry.redirects.push_back(std::to_string(hop.status) + " " + hop.url);
    hops_known = hops_known && !hop.status_line.empty();
  }
  if (hops_known) {
    for (const crawl::RedirectHop& hop : result.redirects) {
      entry.hops.push_back(store::HopResponse{hop.status_line, hop.headers, hop.ip,
                                              FormatUtc(hop.time), hop.body, hop.body_bytes,
                                              hop.form_body});
    }
  }
  entry.role = std::string(role);
  entry.form_body = result.form_body;
  entry.revalidated = result.from_archive && result.unchanged;
  entry.ip = result.ip;
  return entry;
}

store::NewFetch PageFetch(const crawl::FetchResult& result, std::string_view role,
                          std::string_view time) {
  store::NewFetch fetch;
  fetch.entry = FetchEntryOf(result, role, time);
  if (!fetch.entry.payload_sha256.empty()) fetch.payload = result.body;
  return fetch;
}

bool IsLoggedFetch(const crawl::FetchResult& result) {
  return result.error != crawl::AttemptError::kCancelled && !result.replayed &&
         !(result.from_archive && !result.unchanged);
}

store::IngestBatch PartFetches(const crawl::FoundReport& report, std::string_view time) {
  store::IngestBatch batch;
  for (size_t i = 0; i < report.pages.size(); ++i) {
    if (!IsLoggedFetch(report.pages[i])) continue;
    batch.fetches.push_back(PageFetch(report.pages[i], i == 0 ? "report" : "continuation", time));
  }
  for (const crawl::FetchResult& attachment : report.attachments) {
    if (IsLoggedFetch(attachment)) batch.fetches.push_back(PageFetch(attachment, "attachment", time));
  }
  return batch;
}

PreparedReport PrepareReport(const crawl::FoundReport& report, std::string_view time,
                             const ConvertOptions& convert) {
  PreparedReport out;
  store::IngestBatch& batch = out.batch;
  // Every copy gets a fetch entry (a cancelled one, from a stopped crawl, is no fetch: it gets
  // an empty placeholder that is dropped below, so indexes stay aligned with the copies).
  for (size_t i = 0; i < report.pages.size(); ++i) {
    batch.fetches.push_back(PageFetch(report.pages[i], i == 0 ? "report" : "continuation", time));
  }
  const size_t first_attachment = batch.fetches.size();
  for (const crawl::FetchResult& attachment : report.attachments) {
    batch.fetches.push_back(PageFetch(attachment, "attachment", time));
  }
  // Not logged: cancelled fetches, answers from the archive that made no request, and pages a
  // resumed run replayed (logged by the interrupted run already).
  std::vector<bool> unlogged;
  for (const auto* parts : {&report.pages, &report.attachments}) {
    for (const crawl::FetchResult& r : *parts) unlogged.push_back(!IsLoggedFetch(r));
  }
  const std::string page_url = report.pages.empty() ? "" : report.pages[0].final_url;

  std::vector<Copy> copies;
  if (std::optional<Copy> page = PageCopy(report, time, convert, &out.problems)) {
    copies.push_back(std::move(*page));
  }
  for (size_t i = 0; i < report.attachments.size(); ++i) {
    const crawl::FetchResult& attachment = report.attachments[i];
    if (!attachment.ok()) {
      out.problems.push_back(attachment.final_url + ": not fetched (HTTP " +
                             std::to_string(attachment.http_status) +
                             (attachment.reason.empty() ? "" : ", " + attachment.reason) + ")");
      continue;
    }
    PreparedDocument prepared =
        PrepareDocument(attachment.body, OriginOf(attachment, time), false, convert);
    std::string kept;  // said of a copy kept pending, as `xxgk import` says it
    if (prepared.pending) {
      // A refusal's error names its code already ("refused (code): …").
      if (prepared.pending->outcome == "unsupported") kept = " [" + prepared.pending->code + "]";
      kept += "; payload kept for later (xxgk rebuild converts it once it can)";
      prepared.pending->source.page = page_url;
      Place(report.place, &prepared.pending->source);
      batch.pending.push_back(std::move(*prepared.pending));
    }
    if (!prepared.document) {
      out.problems.push_back(attachment.final_url + ": " + prepared.error + kept);
      continue;
    }
    Copy copy{std::move(*prepared.document), {}, first_attachment + i, {}};
    copy.format = FormatOf(copy.doc.source);
    copy.doc.source.page = page_url;
    copies.push_back(std::move(copy));
  }
  auto drop_unlogged = [&] {
    std::vector<store::NewFetch> kept;
    for (size_t i = 0; i < batch.fetches.size(); ++i) {
      if (!unlogged[i]) kept.push_back(std::move(batch.fetches[i]));
    }
    batch.fetches = std::move(kept);
  };
  if (copies.empty()) {
    drop_unlogged();
    return out;
  }

  size_t best = 0;
  for (size_t i = 0; i < copies.size(); ++i) {
    copies[i].reading = Read(copies[i].doc.text);
    if (copies[i].reading.key() > copies[best].reading.key()) best = i;
  }
  // The document first (so that it is new and its copies are added to it as sources).
  Copy& chosen = copies[best];
  Place(report.place, &chosen.doc.source);
  chosen.doc.record = MakeRecord(chosen.reading.record);
  out.format = chosen.format;
  out.url = chosen.doc.source.origin;
  batch.fetches[chosen.fetch_index].entry.doc_id = chosen.doc.doc_id;
  const store::NewDocument& document = chosen.doc;
  batch.documents.push_back(document);
  out.document = 0;
  for (size_t i = 0; i < copies.size(); ++i) {
    Copy& other = copies[i];
    if (i == best || !other.reading.report || other.doc.doc_id == document.doc_id) {
      if (i != best && other.doc.doc_id == document.doc_id) {
        // The same text from another payload: an ordinary second source.
        Place(report.place, &other.doc.source);
        batch.fetches[other.fetch_index].entry.doc_id = document.doc_id;
        batch.documents.push_back(std::move(other.doc));
      }
      continue;
    }
    store::NewDocument copy;
    copy.doc_id = document.doc_id;
    copy.text_sha256 = document.text_sha256;
    copy.text = document.text;
    copy.source = std::move(other.doc.source);
    copy.source.copy = true;
    Place(report.place, &copy.source);
    copy.payload = std::move(other.doc.payload);
    batch.fetches[other.fetch_index].entry.doc_id = document.doc_id;
    batch.documents.push_back(std::move(copy));
  }
  drop_unlogged();
  return out;
}

}  // namespace xxgk::ingest
