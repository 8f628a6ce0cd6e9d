// Seed selection: which seed rows a command line names. `xxgk fetch COUNTY` names one county (or
// one body, or a URL); `xxgk harvest --only LIST` names several (counties, codes, provinces,
// prefectures, URLs). Both look names up the same way (SeedList::Resolve): a county comes with
// its towns and departments, so a county's bodies are always walked together.
// Thread-safe (reads the SeedList only).
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "crawler/seeds/seed_list.h"

namespace xxgk::seeds {

// The rows `query` names, as `xxgk fetch` takes it: a county with its towns and departments, or
// the one town or department named; a URL on a row's host (SeedList::FindByUrl); a URL no row
// has is walked as a one-off row of its own, written to `*ad_hoc` (its host's root, and the URL
// as a column unless it is the root), which `*rows` then points to. An ambiguous name lists the
// candidates with their codes; an unknown one names the seed file.
Status ResolveCounty(const SeedList& list, std::string_view query,
                     std::vector<const SeedRow*>* rows, SeedRow* ad_hoc);

}  // namespace xxgk::seeds
