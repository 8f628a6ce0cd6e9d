// Where a document came from, as exports show it: the `source` object `xxgk export --jsonl` adds
// to each record, so a reader can always go back from a number to where it was published.
//   {"url": page or attachment that held the report (or the imported file's path),
//    "kind": "url" | "file", "page": the page that linked an attachment (absent otherwise),
//    "title": the list item's title, else the page's own <title>, "fetched_at": RFC 3339,
//    "code": the seed row's code, "column": the column path, "list_date": YYYY-MM-DD,
//    "content_type": the payload's format, "copies": [URLs of other copies, e.g. the PDF beside
//    the inline HTML]}
// Keys without a value are left out. `xxgk export` adds removed_since and removed_reason when
// the portal took the report down (crawler/harvest/removal.h). The document's own source (the one its text was made from)
// is the first that is not a `copy`.
// Thread-safe: a pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "store/archive.h"

namespace xxgk::store {

// Null when there is no source.
nlohmann::ordered_json SourceProvenance(const std::vector<DocumentSource>& sources);

}  // namespace xxgk::store
