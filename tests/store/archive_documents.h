// Reading every document of an archive in tests (tests only): ScanDocuments page by page, each
// page's result checked.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "store/archive.h"

namespace xxgk::store {

// Calls `visit` for every document of `archive`, in sequence order.
inline void ForEachDocument(const Archive& archive,
                            const std::function<void(const StoredDocument&)>& visit) {
  std::vector<StoredDocument> docs;
  for (uint64_t next = 0;;) {
    EXPECT_TRUE(archive.ScanDocuments(next, 256, &docs, &next).ok());
    if (docs.empty()) break;
    for (const StoredDocument& doc : docs) visit(doc);
  }
}

// The doc_ids `archive` holds.
inline std::set<std::string> DocIds(const Archive& archive) {
  std::set<std::string> ids;
  ForEachDocument(archive, [&](const StoredDocument& doc) { ids.insert(doc.info.doc_id); });
  return ids;
}

}  // namespace xxgk::store
