// sim_walk (tests only): walks every county of the portal simulator (seed 1) with ReportWalk,
// in memory, and prints each fetched page (role, status, adapter, URL, column path) and the
// walk's totals — to see what discovery does on a family without a debugger.
#include <boost/asio/io_context.hpp>
#include <cstdio>

#include "crawler/discovery/report_walk.h"
#include "tests/crawler/discovery/simulator_pages.h"
using namespace xxgk;
using namespace xxgk::crawl;
int main() {
  seeds::SeedList list;
  seeds::SeedList::Parse(xxgk::crawl::testing::Sim().SeedsTsv(), "x", &list);
  for (const auto& row : list.rows()) {
    boost::asio::io_context io;
    xxgk::crawl::testing::SimulatorPageSource source(xxgk::crawl::testing::Sim(), &io);
    CrawlFrontier frontier(source, FrontierLimits{});
    ReportWalk walk(
        row, frontier, {},
        [&](const WalkedPage& p) {
          std::printf("  %-12s %3d %-8s %s  [%s]\n", std::string(PageRoleName(p.role)).c_str(),
                      p.result.http_status, std::string(p.adapter).c_str(),
                      p.result.final_url.c_str(), std::string(p.column_path).c_str());
        },
        [](FoundReport) {});
    walk.Start();
    io.run();
    const auto& t = walk.totals();
    std::printf("%s: requests %zu fetched %zu reports %zu other %zu oos %zu over %zu stops %zu\n",
                row.name.c_str(), source.requests().size(), t.fetched, t.reports, t.other_items,
                t.out_of_scope, t.over_limit, t.list_stops);
  }
}
