// UnchangedReport: a re-harvested report that did not change, archived without being read again.
//
// In an incremental run (revisit_source.h) a known report page or attachment is answered from
// the archive — with no request within the revisit interval, or after a 304 — so its bytes are
// the ones archived before. When every part of a found report came so, the archive already holds
// the document those bytes make, and converting and extracting them again would only give it
// back: a no-change re-harvest would cost as much CPU as the first harvest (measured in
// docs/benchmarks.md, "A national harvest"). Such a report is recognised here and passed over:
// only its revalidations (the 304s) are logged, each naming the document its previous fetch made.
//
// It is not recognised (and goes through ingest::PrepareReport as any report) when a part came
// from the network, was replayed by a resumed run or failed; when no previous fetch of its parts
// named a document or two named different ones; or when the document's record is missing or was
// made by an older extractor (PrepareReport would store a newer one). Upgrading the converters
// does not re-read an unchanged report: `xxgk rebuild` does that for the whole archive.
// Thread-safe: reads the archive only (call it on the worker threads, before the report's write).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crawler/discovery/report_walk.h"
#include "store/archive.h"

namespace xxgk::harvest {

struct UnchangedReport {
  std::string doc_id;        // the document the report's parts made when they were archived
  store::IngestBatch batch;  // the parts' revalidated fetches, each naming `doc_id` as before
};

std::optional<UnchangedReport> AsUnchanged(const store::Archive& archive,
                                           const crawl::FoundReport& report, std::string_view time);

}  // namespace xxgk::harvest
