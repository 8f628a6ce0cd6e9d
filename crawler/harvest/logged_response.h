// What the fetch log keeps of a page, read back for a page source that answers from the archive
// (revisit_source.h: known reports within the revisit interval; resume_source.h: an interrupted
// run's completed pages). One reading, so both give discovery and ingest the same bytes.
// Thread safety: as store::Archive's readers.
#pragma once

#include <optional>
#include <string>

#include "crawler/fetch/fetch_result.h"
#include "store/archive.h"

namespace xxgk::harvest {

// The bytes of a logged page: its payload, or the text of the document the payload is (a payload
// that is byte for byte its document's text is kept only as that text). An empty digest (a page
// logged without a body) gives "" and true; false when the bytes cannot be read.
bool LoggedBody(const store::Archive& archive, const std::string& digest, std::string* body);

// A redirect hop as the fetch log writes it, "302 http://…"; nullopt when unreadable.
std::optional<crawl::RedirectHop> LoggedHop(const std::string& logged);

}  // namespace xxgk::harvest
