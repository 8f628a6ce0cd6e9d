// ReportWalk: finds every annual report of one seed row (a county, town or department portal) —
// from the portal root (政府信息公开 → 年报 by link text) and the row's columns, down the column
// tree (sub-columns, per-year folders), through every list page, to each report's page, its
// continuation pages and its attachments — fetching through a CrawlFrontier (so seen set,
// politeness and per-host limits are the frontier's) and reading each page with the adapter the
// registry picks (adapter_registry.h).
//
// How the walk decides:
//   - links are followed by role only (portal_adapter.h): the root's 政府信息公开 and 年报 links,
//     columns' sub-columns, list pages, report items, report parts. News, calendars, footers and
//     "related" links have no role, so they are never requested; WalkScope refuses other hosts,
//     site search and over-long URLs whatever the role;
//   - the row's columns are walked after the root's discovery, unless it reached them already:
//     a wrong column in the seeds costs one page, a right one is named by its link text. A town's
//     or department's row that names columns walks only those: its portal is its county's,
//     whose whole tree is the county row's walk;
//   - the column path is the names of the columns passed through (link labels, without the
//     county's name: 星河县财政局 → 财政局); a report listed in several columns (the column's
//     "latest" and a sub-column) keeps the most specific path;
//   - bounded: column depth (root = 0), list pages per column, pages per walk; a list page that
//     adds no new item is not paged further (deep pages are stubs and 404s on real portals);
//   - a challenge (challenge.h) blocks its host in the frontier, with the reason: asked once.
//     To make "once" hold whatever the source's per-host concurrency, a host the walk has not
//     had an answer from gets one request; its other URLs wait in the walk until that answer
//     (then go to the frontier, or are dropped if it was a challenge).
// Output: every fetched page to the PageSink as it arrives (for the payload store, URL index and
// fetch log), and each report found (with at least one part fetched) to the ReportSink as soon as
// it is complete — its page, continuation pages and attachments all answered — and its column path
// is final: every list and column page of the walk answered (only they can list it again, in a
// more specific column) and no seed column left for the deferred phase. So a harvest stores a
// county's reports while other counties are still walked, and a run killed part-way loses only
// the reports still in memory. Reports go out in completion order, each with its index in
// discovery order (FoundReport::order); what is left when the walk finishes (a stopped crawl,
// parts dropped by a blocked host) goes then, in discovery order.
//
// Thread safety: the frontier's thread (the PageSource's io_context) only.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/discovery/portal_adapter.h"
#include "crawler/discovery/walk_scope.h"
#include "crawler/fetch/fetch_result.h"
#include "crawler/frontier/crawl_frontier.h"
#include "crawler/seeds/seed_list.h"

namespace xxgk::crawl {

struct WalkLimits {
  size_t max_column_depth = 8;  // openness and column links from the root
  size_t max_list_pages_per_column = 200;
  size_t max_pages = 20000;  // requests of this walk in all
  size_t max_url_length = 2048;
};

// A fetched page, as the PageSink sees it.
struct WalkedPage {
  const FetchResult& result;
  PageRole role;
  std::string_view adapter;      // the adapter that read it ("" if it was not read)
  std::string_view column_path;  // 政府信息公开年报/部门/财政局 ("" above the columns)
};

// Where a report was published, as the walk found it (crawler/ingest takes it into the
// archive as the document source's provenance).
struct ReportPlace {
  std::string code;        // the seed row's code
  std::string column;      // the column path: 政府信息公开年报/部门/财政局
  std::string list_title;  // the list item's full title (its title attribute when it had one)
  std::string list_date;   // YYYY-MM-DD, or "" when the list shows none
  int year = 0;            // the report year the title names
};

struct FoundReport {
  ReportPlace place;
  // Where it comes in discovery order: the walk's index in its ReportWalks (0 for a lone walk),
  // and the report's index among the report items that walk listed.
  size_t walk = 0;
  size_t order = 0;
  // The report page, then its continuation pages in order; empty when the list linked the
  // document itself (then it is the first attachment).
  std::vector<FetchResult> pages;
  std::vector<FetchResult> attachments;  // in the order the pages link them
  // The crawl was stopped before every part it lists (page, continuation, attachment) was
  // fetched: a part has no result or a cancelled one. What came is here; what is missing is not
  // missing from the portal.
  bool cut_short = false;
};

struct WalkTotals {
  size_t requested = 0;     // URLs admitted to the frontier
  size_t fetched = 0;       // callbacks received
  size_t reports = 0;       // reports found (and handed to the sink)
  size_t unfetched = 0;     // report items listed, none of their parts fetched: not handed on
  size_t other_items = 0;   // list items that are not reports (notices, plans, …)
  size_t out_of_scope = 0;  // links refused by the scope (other hosts, traps, too long)
  size_t over_limit = 0;    // links refused by a walk limit or the frontier's
  size_t list_stops = 0;    // list pages that added nothing new (not paged further)
  size_t held_dropped = 0;  // URLs held for a host's first answer, dropped: it was a challenge
  std::map<std::string, std::string> challenged;  // host → reason, hosts this walk blocked
};

class ReportWalk {
 public:
  using PageSink = std::function<void(const WalkedPage&)>;
  using ReportSink = std::function<void(FoundReport)>;

  ReportWalk(const seeds::SeedRow& seed, CrawlFrontier& frontier, WalkLimits limits,
             PageSink page_sink, ReportSink report_sink);
  ~ReportWalk();
  ReportWalk(const ReportWalk&) = delete;
  ReportWalk& operator=(const ReportWalk&) = delete;

  // Admits the root and pumps the frontier; `done` runs once the frontier is idle and every
  // report has gone to the sink. The caller runs the PageSource's io_context.
  void Start(std::function<void()> done = {});

  const WalkTotals& totals() const { return totals_; }
  // Report items listed so far (for a progress line).
  size_t reports_listed() const { return finished_ ? totals_.reports : reports_.size(); }
  const WalkScope& scope() const { return scope_; }
  bool started() const { return started_; }
  bool finished() const { return finished_; }

  // For several walks sharing one frontier (report_walks.h): the frontier's idleness is theirs
  // together, so the walk that sees it idle calls `handler` instead of moving on alone. The
  // handler then calls QueueDeferredColumns() on every walk, and Finish() on every walk once
  // none queued anything. Set before Start.
  void set_idle_handler(std::function<void()> handler) { idle_handler_ = std::move(handler); }
  // Queues the seed row's columns the root's discovery did not reach (once); whether the
  // frontier has work afterwards.
  bool QueueDeferredColumns();
  // Hands every report to the sink and runs `done` (once).
  void Finish();

 private:
  struct Visit;
  struct Report;
  void Admit(const CanonicalUrl& url, std::shared_ptr<Visit> visit);
  void AdmitNow(const CanonicalUrl& url, std::shared_ptr<Visit> visit);
  void HostAnswered(const HostKey& host, bool challenged);
  void OnFetched(const std::shared_ptr<Visit>& visit, FetchResult result);
  void Follow(const Visit& from, const std::vector<DiscoveredLink>& links);
  void FollowReportItem(const Visit& from, const DiscoveredLink& link);
  std::string ColumnPath(const Visit& from, const DiscoveredLink& link) const;
  std::string ColumnLabel(std::string label) const;
  void AfterCallback();
  void Idle();
  // Streaming (see Output above): a visit is open from Admit until its callback has run (or it is
  // not sent); Settle closes it once and hands on the reports it completes.
  void Open(Visit& visit);
  void Settle(Visit& visit);
  bool ListsSettled() const;
  void Emit(Report& report);

  std::string code_, name_;
  std::vector<CanonicalUrl> columns_;
  CrawlFrontier& frontier_;
  WalkLimits limits_;
  PageSink page_sink_;
  ReportSink report_sink_;
  std::function<void()> done_;
  std::function<void()> idle_handler_;
  WalkScope scope_;
  CanonicalUrl root_;
  bool columns_only_;  // a town's or department's row with its own columns
  bool started_ = false, columns_added_ = false, finished_ = false;
  std::vector<std::unique_ptr<Report>> reports_;  // in discovery order (handed on ones too)
  size_t lists_open_ = 0;  // open visits that are not report parts (root, columns, lists)
  std::unordered_map<std::string, Report*> report_by_url_;
  std::unordered_set<std::string> items_seen_;
  std::unordered_map<std::string, size_t> list_pages_;  // per column path
  // Hosts with a first request out and no answer yet, with the URLs waiting for it.
  std::unordered_map<HostKey, std::vector<std::pair<CanonicalUrl, std::shared_ptr<Visit>>>>
      probing_;
  std::unordered_set<HostKey> answered_;
  WalkTotals totals_;
};

}  // namespace xxgk::crawl
