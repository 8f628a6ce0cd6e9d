// Seed selection: the rows a command line names. See seed_selection.h.
#include "crawler/seeds/seed_selection.h"

#include <string>

namespace xxgk::seeds {
namespace {

// A URL that is in no seed row: walked as a row of its own (its host's root, and the URL as a
// column unless it is the root).
Status AdHocRow(std::string_view url, SeedRow* row) {
  crawl::CanonicalUrl canonical;
  if (Status s = crawl::CanonicalizeUrl(url, &canonical); !s.ok()) return s;
  row->name = canonical.host();
  row->level = BodyLevel::kCounty;
  if (Status s = crawl::ResolveUrl(canonical, "/", &row->portal_url); !s.ok()) return s;
  row->portal = row->portal_url.spec();
  if (canonical.spec() != row->portal_url.spec()) {
    row->columns.push_back(canonical.spec());
    row->column_urls.push_back(canonical);
  }
  row->notes = "not in the seed list";
  return Status::Ok();
}

}  // namespace

Status ResolveCounty(const SeedList& list, std::string_view query,
                     std::vector<const SeedRow*>* rows, SeedRow* ad_hoc) {
  const SeedMatch match = list.Resolve(query);
  const bool is_url = query.starts_with("http://") || query.starts_with("https://");
  if (match.ambiguous()) {
    std::string error = "\"" + std::string(query) + "\" names " +
                        std::to_string(match.rows.size()) + " rows of " + list.source() + ":";
    for (const SeedRow* row : match.rows) {
      error += "\n  " + row->code + "  " + row->name + "  (" +
               std::string(BodyLevelName(row->level)) + ")";
    }
    error += "\ngive the code or the full name";
    return Status::Error(error);
  }
  if (!match.found()) {
    if (is_url) {
      if (Status s = AdHocRow(query, ad_hoc); !s.ok()) return s;
      rows->push_back(ad_hoc);
      return Status::Ok();
    }
    return Status::Error("no row of " + list.source() + " is named \"" + std::string(query) +
                         "\" or has that code (see `xxgk seeds`)");
  }
  const SeedRow& row = match.row();
  if (row.level == BodyLevel::kCounty) {
    *rows = list.FindByCode(row.code, /*with_sub_bodies=*/true).rows;
  } else {
    rows->push_back(&row);
  }
  return Status::Ok();
}

}  // namespace xxgk::seeds
