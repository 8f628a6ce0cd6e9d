// ReportWalk: see report_walk.h.
#include "crawler/discovery/report_walk.h"

#include <algorithm>
#include <utility>

#include "base/request_key.h"
#include "crawler/discovery/adapter_registry.h"
#include "crawler/discovery/anchor_scan.h"
#include "crawler/discovery/challenge.h"
#include "crawler/discovery/page_links.h"
#include "crawler/discovery/page_text.h"

namespace xxgk::crawl {
namespace {

// A column path's levels ("" has none).
std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> levels;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) levels.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return levels;
}

size_t Segments(std::string_view path) {
  return path.empty() ? 0 : static_cast<size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

// A page's own name: its <title> up to the first separator ("政府信息公开年报_星河县人民政府").
std::string TitleName(std::string_view html) {
  std::string lower(html.substr(0, 8192));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const size_t open = lower.find("<title");
  if (open == std::string::npos) return "";
  const size_t start = lower.find('>', open);
  const size_t end = lower.find("</title", start);
  if (start == std::string::npos || end == std::string::npos) return "";
  std::string title = PlainText(html.substr(start + 1, end - start - 1));
  size_t cut = title.size();
  for (std::string_view sep : {"_", "-", "|", "—", " "}) cut = std::min(cut, title.find(sep));
  return title.substr(0, cut);
}

// http(s) URLs written in free text (a seed row's notes).
std::vector<CanonicalUrl> UrlsIn(std::string_view text) {
  std::vector<CanonicalUrl> out;
  size_t at = 0;
  while ((at = text.find("http", at)) != std::string_view::npos) {
    size_t end = at;
    while (end < text.size() && text[end] > ' ' && text[end] != ',' && text[end] != ';') ++end;
    CanonicalUrl url;
    if (CanonicalizeUrl(text.substr(at, end - at), &url).ok()) out.push_back(url);
    at = end;
  }
  return out;
}

bool MayFollow(PageRole from, LinkRole link) {
  switch (link) {
    case LinkRole::kOpenness:
      return from == PageRole::kRoot || from == PageRole::kOpenness;
    case LinkRole::kColumn:
      return from == PageRole::kRoot || from == PageRole::kOpenness || from == PageRole::kColumn;
    case LinkRole::kListPage:
    case LinkRole::kReportPage:
    case LinkRole::kOtherItem:
      return from == PageRole::kColumn || from == PageRole::kListPage;
    case LinkRole::kAttachment:
    case LinkRole::kContinuation:
      return from == PageRole::kReportPage || from == PageRole::kContinuation;
  }
  return false;
}

}  // namespace

struct ReportWalk::Report {
  std::string page_url, title, date, column_path;
  int year = 0;
  size_t order = 0;       // in reports_
  size_t open_parts = 0;  // its parts admitted and not settled
  bool emitted = false;   // handed to the sink (or counted unfetched)
  std::vector<std::string> continuation_urls, attachment_urls;  // in discovery order
  std::unordered_map<std::string, FetchResult> results;         // by the URL admitted
};

struct ReportWalk::Visit {
  std::string url;  // as admitted (canonical)
  std::string form_body;  // list pages a family's script POSTs for (DiscoveredLink::form_body)
  PageRole role = PageRole::kRoot;
  std::string column_path;
  size_t depth = 0;
  bool seed_column = false;  // a column of the seed row, reached without a link
  Report* report = nullptr;  // report pages and their parts
  bool open = false;         // counted in lists_open_ or report->open_parts
};

ReportWalk::ReportWalk(const seeds::SeedRow& seed, CrawlFrontier& frontier, WalkLimits limits,
                       PageSink page_sink, ReportSink report_sink)
    : code_(seed.code),
      name_(seed.name),
      columns_(seed.column_urls),
      frontier_(frontier),
      limits_(limits),
      page_sink_(std::move(page_sink)),
      report_sink_(std::move(report_sink)),
      scope_(limits.max_url_length),
      root_(seed.portal_url),
      columns_only_(seed.level != seeds::BodyLevel::kCounty && !seed.column_urls.empty()) {
  scope_.AddHost(root_.host_key());
  for (const CanonicalUrl& column : columns_) scope_.AddHost(column.host_key());
  for (const CanonicalUrl& named : UrlsIn(seed.notes)) scope_.AddHost(named.host_key());
}

ReportWalk::~ReportWalk() = default;

void ReportWalk::Start(std::function<void()> done) {
  done_ = std::move(done);
  started_ = true;
  if (columns_only_) {
    QueueDeferredColumns();
  } else {
    auto root = std::make_shared<Visit>();
    root->url = root_.spec();
    root->role = PageRole::kRoot;
    Admit(root_, root);
    frontier_.Pump();
  }
  if (frontier_.idle()) Idle();
}

void ReportWalk::Idle() {
  if (idle_handler_) {
    idle_handler_();
    return;
  }
  if (QueueDeferredColumns()) return;
  Finish();
}

void ReportWalk::Admit(const CanonicalUrl& url, std::shared_ptr<Visit> visit) {
  Open(*visit);
  const HostKey& host = url.host_key();
  if (answered_.count(host) == 0) {
    if (auto it = probing_.find(host); it != probing_.end()) {
      it->second.emplace_back(url, std::move(visit));  // after the host's first answer
      return;
    }
    probing_[host];
  }
  AdmitNow(url, std::move(visit));
}

void ReportWalk::AdmitNow(const CanonicalUrl& url, std::shared_ptr<Visit> visit) {
  crawl::Admit admit = crawl::Admit::kOverLimit;
  if (totals_.requested < limits_.max_pages) {
    visit->url = url.spec();
    FetchRequest request;
    request.form_body = visit->form_body;
    admit = frontier_.Add(url, std::move(request), [this, visit](FetchResult result) {
      OnFetched(visit, std::move(result));
    });
  }
  switch (admit) {
    case crawl::Admit::kQueued:
      ++totals_.requested;
      return;
    case crawl::Admit::kOverLimit:
      ++totals_.over_limit;
      break;
    case crawl::Admit::kBlocked:
      ++totals_.out_of_scope;
      break;
    case crawl::Admit::kSeen:
    case crawl::Admit::kStopping:
      break;
  }
  Settle(*visit);  // not sent: no callback will come
  // Not sent: if it was the host's probe, the next waiting URL probes instead.
  if (auto it = probing_.find(url.host_key());
      it != probing_.end() && answered_.count(url.host_key()) == 0) {
    auto waiting = std::move(it->second);
    probing_.erase(it);
    for (auto& [next, next_visit] : waiting) Admit(next, std::move(next_visit));
  }
}

void ReportWalk::HostAnswered(const HostKey& host, bool challenged) {
  if (!answered_.insert(host).second) return;
  auto it = probing_.find(host);
  if (it == probing_.end()) return;
  auto waiting = std::move(it->second);
  probing_.erase(it);
  if (challenged) {
    totals_.held_dropped += waiting.size();
    for (auto& [url, visit] : waiting) Settle(*visit);
    return;
  }
  for (auto& [url, visit] : waiting) AdmitNow(url, std::move(visit));
}

void ReportWalk::OnFetched(const std::shared_ptr<Visit>& visit, FetchResult result) {
  ++totals_.fetched;
  if (!result.redirects.empty()) frontier_.MarkSeen(result.final_url);
  CanonicalUrl final_url;  // the engine's parse of it, or parsed here for a source that gives none
  if (result.final_canonical.spec() == result.final_url) {
    final_url = result.final_canonical;
  } else if (!CanonicalizeUrl(result.final_url, &final_url).ok()) {
    CanonicalizeUrl(visit->url, &final_url);
  }
  if (visit->role == PageRole::kRoot && result.ok()) scope_.AddHost(final_url.host_key());

  CanonicalUrl asked;
  if (!CanonicalizeUrl(visit->url, &asked).ok()) asked = final_url;
  const bool cancelled = result.error == AttemptError::kCancelled;
  if (std::optional<std::string> reason = ChallengeReason(result)) {
    for (const HostKey& host : {final_url.host_key(), asked.host_key()}) {
      frontier_.BlockHost(host, *reason);
      totals_.challenged[host.str()] = *reason;
      HostAnswered(host, true);
    }
    page_sink_(WalkedPage{result, visit->role, "", visit->column_path});
    if (visit->report != nullptr) visit->report->results[visit->url] = std::move(result);
    Settle(*visit);
    AfterCallback();
    return;
  }

  if (!cancelled) {
    HostAnswered(asked.host_key(), false);
    HostAnswered(final_url.host_key(), false);
  }
  std::vector<DiscoveredLink> links;
  std::string_view adapter_name;
  if (result.ok() && visit->role != PageRole::kAttachment && IsReadablePage(result)) {
    const std::string text = PageText(result);
    const std::string content_type = result.Header("content-type").value_or("");
    PortalPage page{final_url, text, content_type, visit->role};
    if (visit->seed_column && visit->column_path.empty()) {
      visit->column_path = ColumnLabel(TitleName(text));
    }
    const PortalAdapter& adapter = AdapterRegistry::Default().Pick(page);
    adapter_name = adapter.name();
    links = adapter.Links(page);
  }
  page_sink_(WalkedPage{result, visit->role, adapter_name, visit->column_path});
  if (visit->report != nullptr) visit->report->results[visit->url] = std::move(result);
  Follow(*visit, links);
  Settle(*visit);  // after Follow: the parts it linked are open now
  AfterCallback();
}

void ReportWalk::Follow(const Visit& from, const std::vector<DiscoveredLink>& links) {
  const bool list = from.role == PageRole::kColumn || from.role == PageRole::kListPage;
  size_t fresh_items = 0;
  if (list) {
    for (const DiscoveredLink& link : links) {
      if (link.role != LinkRole::kReportPage && link.role != LinkRole::kOtherItem) continue;
      if (items_seen_.insert(link.url.spec()).second) {
        ++fresh_items;
        totals_.other_items += link.role == LinkRole::kOtherItem;
      }
    }
  }
  // A further list page that adds nothing new ends its list (stubs, repeats of page 1).
  const bool page_on = !(from.role == PageRole::kListPage && fresh_items == 0);
  if (!page_on) ++totals_.list_stops;
  for (const DiscoveredLink& link : links) {
    if (!MayFollow(from.role, link.role) || link.role == LinkRole::kOtherItem) continue;
    if (link.role == LinkRole::kListPage && !page_on) continue;
    if (scope_.Check(link.url, link.role) != ScopeVerdict::kIn) {
      ++totals_.out_of_scope;
      continue;
    }
    if (link.role == LinkRole::kReportPage) {
      FollowReportItem(from, link);
      continue;
    }
    auto visit = std::make_shared<Visit>();
    visit->role = PageRoleFor(link.role);
    visit->depth = from.depth;
    visit->column_path = from.column_path;
    visit->report = from.report;
    switch (link.role) {
      case LinkRole::kOpenness:
      case LinkRole::kColumn:
        visit->depth = from.depth + 1;
        if (visit->depth > limits_.max_column_depth) {
          ++totals_.over_limit;
          continue;
        }
        if (link.role == LinkRole::kColumn) visit->column_path = ColumnPath(from, link);
        break;
      case LinkRole::kListPage:
        if (frontier_.Seen(RequestKey(link.url.spec(), link.form_body))) continue;
        visit->form_body = link.form_body;
        if (++list_pages_[from.column_path] > limits_.max_list_pages_per_column) {
          ++totals_.over_limit;
          continue;
        }
        break;
      case LinkRole::kAttachment:
      case LinkRole::kContinuation: {
        if (from.report == nullptr) continue;
        auto& urls = link.role == LinkRole::kAttachment ? from.report->attachment_urls
                                                        : from.report->continuation_urls;
        if (std::find(urls.begin(), urls.end(), link.url.spec()) != urls.end()) continue;
        urls.push_back(link.url.spec());
        break;
      }
      default:
        break;
    }
    Admit(link.url, visit);
  }
}

void ReportWalk::FollowReportItem(const Visit& from, const DiscoveredLink& link) {
  if (auto it = report_by_url_.find(link.url.spec()); it != report_by_url_.end()) {
    // Listed again: keep the most specific column (a sub-column over the column's "latest").
    if (Segments(from.column_path) > Segments(it->second->column_path)) {
      it->second->column_path = from.column_path;
    }
    return;
  }
  auto report = std::make_unique<Report>();
  report->page_url = link.url.spec();
  report->title = link.title;
  report->date = link.date;
  report->year = link.year;
  report->column_path = from.column_path;
  report->order = reports_.size();
  auto visit = std::make_shared<Visit>();
  // A list item that links the document itself (a PDF) is a report without a page.
  const bool document = IsAttachmentUrl(link.url);
  visit->role = document ? PageRole::kAttachment : PageRole::kReportPage;
  if (document) report->attachment_urls.push_back(report->page_url);
  visit->depth = from.depth;
  visit->column_path = from.column_path;
  visit->report = report.get();
  report_by_url_[report->page_url] = report.get();
  reports_.push_back(std::move(report));
  Admit(link.url, visit);
}

std::string ReportWalk::ColumnPath(const Visit& from, const DiscoveredLink& link) const {
  // A link names one level (部门), or its whole path in a menu's tree (政府信息公开年报/部门/
  // 财政局: gkmlpt). The levels the page's own path already ends with are not repeated: the
  // menu's 政府信息公开年报 is the column the 政府信息公开 page's link already named so.
  std::vector<std::string> base = Split(from.column_path), more;
  for (std::string& level : Split(link.column_name)) {
    level = ColumnLabel(std::move(level));
    if (!level.empty()) more.push_back(std::move(level));
  }
  size_t overlap = std::min(base.size(), more.size());
  while (overlap > 0 && !std::equal(base.end() - static_cast<ptrdiff_t>(overlap), base.end(),
                                    more.begin())) {
    --overlap;
  }
  base.insert(base.end(), more.begin() + static_cast<ptrdiff_t>(overlap), more.end());
  std::string path;
  for (const std::string& level : base) path += (path.empty() ? "" : "/") + level;
  return path;
}

std::string ReportWalk::ColumnLabel(std::string label) const {
  // 星河县财政局 → 财政局, 古城镇人民政府 → 古城镇: the body, as the column tree names it.
  if (!name_.empty() && label.starts_with(name_) && label.size() > name_.size()) {
    label = label.substr(name_.size());
  }
  static constexpr std::string_view kGovernment = "人民政府";
  if (label.ends_with(kGovernment) && label.size() > kGovernment.size()) {
    label = label.substr(0, label.size() - kGovernment.size());
  }
  return label;
}

void ReportWalk::AfterCallback() {
  frontier_.Done();
  frontier_.Pump();
  if (frontier_.idle()) Idle();
}

bool ReportWalk::QueueDeferredColumns() {
  if (columns_added_ || finished_) return false;
  // The root's discovery is done: walk the seed row's columns it did not reach.
  columns_added_ = true;
  for (const CanonicalUrl& column : columns_) {
    if (frontier_.Seen(column.spec())) continue;
    auto visit = std::make_shared<Visit>();
    visit->role = PageRole::kColumn;
    visit->depth = 2;
    visit->seed_column = true;
    Admit(column, visit);
  }
  frontier_.Pump();
  return !frontier_.idle();
}

void ReportWalk::Open(Visit& visit) {
  if (visit.open) return;
  visit.open = true;
  if (visit.report != nullptr) {
    ++visit.report->open_parts;
  } else {
    ++lists_open_;
  }
}

void ReportWalk::Settle(Visit& visit) {
  if (!visit.open) return;
  visit.open = false;
  if (finished_) return;
  if (visit.report != nullptr) {
    if (--visit.report->open_parts == 0 && ListsSettled()) Emit(*visit.report);
    return;
  }
  if (--lists_open_ != 0 || !ListsSettled()) return;
  for (const auto& report : reports_) {
    if (report->open_parts == 0) Emit(*report);
  }
}

// Whether no page can list a report again: every list-like visit answered, and no seed column
// left for the deferred phase (QueueDeferredColumns skips the columns the frontier has seen).
bool ReportWalk::ListsSettled() const {
  if (!started_ || lists_open_ != 0) return false;
  if (columns_added_) return true;
  return std::all_of(columns_.begin(), columns_.end(),
                     [&](const CanonicalUrl& column) { return frontier_.Seen(column.spec()); });
}

void ReportWalk::Emit(Report& report) {
  if (report.emitted) return;
  report.emitted = true;
  FoundReport found;
  found.place.code = code_;
  found.place.column = report.column_path;
  found.place.list_title = report.title;
  found.place.list_date = report.date;
  found.place.year = report.year;
  found.order = report.order;
  const bool stopped = frontier_.stopping();
  auto take = [&](const std::string& url, std::vector<FetchResult>* out) {
    if (auto it = report.results.find(url); it != report.results.end()) {
      found.cut_short |= stopped && it->second.error == AttemptError::kCancelled;
      out->push_back(std::move(it->second));
    } else {
      found.cut_short |= stopped;  // never sent: the stop came first (or a limit; either way,
                                   // a resumed run settles it)
    }
  };
  if (report.attachment_urls.empty() || report.attachment_urls.front() != report.page_url) {
    take(report.page_url, &found.pages);
  }
  for (const std::string& url : report.continuation_urls) take(url, &found.pages);
  for (const std::string& url : report.attachment_urls) take(url, &found.attachments);
  report.results.clear();
  if (found.pages.empty() && found.attachments.empty()) {
    ++totals_.unfetched;  // listed, never fetched (stopped, blocked, over a limit)
    return;
  }
  ++totals_.reports;
  report_sink_(std::move(found));
}

void ReportWalk::Finish() {
  if (finished_) return;
  for (const auto& report : reports_) Emit(*report);  // what is left, in discovery order
  finished_ = true;
  reports_.clear();
  report_by_url_.clear();
  if (done_) std::exchange(done_, nullptr)();
}

}  // namespace xxgk::crawl
