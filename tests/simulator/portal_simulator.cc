// PortalSimulator: see portal_simulator.h.
#include "tests/simulator/portal_simulator.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "tests/simulator/county_plan.h"
#include "tests/simulator/portal_family.h"
#include "tests/simulator/scanned_report.h"

namespace xxgk::simulator {
namespace {

using crawl::testing::TestRequest;
using crawl::testing::TestResponse;

// An outsider host (spam mirror, other portals): a page copying a report's title, and links
// that lead nowhere useful.
PortalSite OutsideSite(const std::string& host, const std::string& what) {
  PortalSite site;
  site.host = host;
  SitePage page;
  page.body = "<html><head><meta charset=\"utf-8\"><title>" + what +
              "</title></head><body><h1>" + what +
              "</h1><ul><li><a href=\"/gov/2024/nb.html\">政府信息公开工作年度报告</a></li></ul>"
              "</body></html>";
  site.dynamic = [page](const TestRequest&) { return std::optional<SitePage>(page); };
  return site;
}

// Copy `copy` of a family's county: another code, name and host (see SimulatorOptions::copies).
// The families' codes end in 01..05, so n = last two digits + 5 * copy is unique across families
// and copies; n = 1..99 keep the code's prefecture digits (the scheme of copies 1..18), and each
// further 99 take the prefecture digits one down (149901 → … → 149999 → 149801 …), never a code
// ending in 00 (a prefecture's own code).
CountySpec CopyOf(CountySpec spec, int copy) {
  if (copy == 0) return spec;
  static const char* const kMarks[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬",
                                       "癸", "子", "丑", "寅", "卯", "辰", "巳", "午", "未"};
  constexpr int kMarkCount = sizeof kMarks / sizeof kMarks[0];
  const int n = std::stoi(spec.code.substr(4)) + 5 * copy - 1;  // 0-based
  const int prefecture = std::stoi(spec.code.substr(2, 2)) - n / 99;
  char digits[5];
  std::snprintf(digits, sizeof digits, "%02d%02d", prefecture, n % 99 + 1);
  spec.code = spec.code.substr(0, 2) + digits;
  // One mark for copies 1..17 (乙 … 未), two from 18 on (乙甲, 乙乙, …): every name distinct, and
  // none a prefix of another (each ends in 县).
  std::string mark = kMarks[copy % kMarkCount];
  if (copy >= kMarkCount) mark = kMarks[copy / kMarkCount] + mark;
  static constexpr std::string_view kCounty = "县";
  if (spec.name.ends_with(kCounty)) {
    spec.name = spec.name.substr(0, spec.name.size() - kCounty.size()) + mark + std::string(kCounty);
  } else {
    spec.name += mark;
  }
  if (const size_t a = spec.host.find("-a."); a != std::string::npos) {
    spec.host.insert(a + 2, std::to_string(copy + 1));
  } else {
    spec.host = "c" + std::to_string(copy + 1) + "." + spec.host;
  }
  return spec;
}

// Removes every <li>…</li> whose title attribute is `title` from `html`.
void RemoveListItems(std::string* html, const std::string& title) {
  const std::string needle = "title=\"" + HtmlEscape(title) + "\"";
  for (size_t at = html->find(needle); at != std::string::npos; at = html->find(needle)) {
    const size_t start = html->rfind("<li>", at);
    const size_t end = html->find("</li>", at);
    if (start == std::string::npos || end == std::string::npos) return;
    html->erase(start, end + 5 - start);
  }
}

// Applies one ReportChange to the built sites.
void ApplyChange(const std::string& page_url, ReportChange change,
                 const std::vector<PortalTruth>& portals, std::vector<PortalSite>* sites) {
  const size_t host_start = page_url.find("://") + 3;
  const size_t path_start = page_url.find('/', host_start);
  const std::string host = page_url.substr(host_start, path_start - host_start);
  const std::string path = page_url.substr(path_start);
  const ReportTruth* report = nullptr;
  const PortalTruth* portal = nullptr;
  for (const PortalTruth& p : portals) {
    for (const ReportTruth& r : p.reports) {
      if (r.page_url == page_url) report = &r, portal = &p;
    }
  }
  for (PortalSite& site : *sites) {
    if (site.host != host || report == nullptr) continue;
    auto page = site.pages.find(path);
    if (page == site.pages.end()) continue;
    std::string& body = page->second.body;
    switch (change) {
      case ReportChange::kBody:
        for (const char* opener : {"class=\"TRS_Editor\">\n", "id=\"zoom\">\n",
                                   "class=\"v_news_content\">\n"}) {
          if (size_t at = body.find(opener); at != std::string::npos) {
            body.insert(at + std::string(opener).size(),
                        "<p>（本报告于2024年3月5日更正：第二部分数据已核实。）</p>\n");
            break;
          }
        }
        break;
      case ReportChange::kChrome:
        if (size_t at = body.find("</h1>"); at != std::string::npos) {
          body.insert(at + 5,
                      "\n<div class=\"info\"><span>今天是：2024年3月5日 星期二</span> "
                      "<span>当前访问量：18326次</span></div>\n");
        }
        break;
      case ReportChange::kUnlisted:
        for (auto& [p, other] : site.pages) RemoveListItems(&other.body, report->list_title);
        break;
      case ReportChange::kNotFound:
        site.pages.erase(page);
        break;
      case ReportChange::kRedirectToColumn:
        page->second = {302, "text/html", "", {{"Location", portal->column_url}}};
        break;
      case ReportChange::kUnavailable:
        page->second = {503, "text/html", "<html><body>服务器繁忙</body></html>", {}};
        break;
    }
  }
}

}  // namespace

PortalSimulator::PortalSimulator(uint32_t seed, SimulatorOptions options)
    : started_(crawl::testing::ServerClock::now()) {
  for (int copy = 0; copy < options.copies; ++copy) {
    for (const PortalFamily& family : PortalFamilies()) {
      const CountyPlan plan = MakeCountyPlan(CopyOf(family.county, copy), seed);
      BuiltPortal built = family.build(plan);
      if (options.image_only_report) PublishOneReportAsScan(plan, &built);
      for (PortalSite& site : built.sites) {
        // Hosts copies share (TRS's challenge host) are served once, by the first copy.
        if (!std::any_of(sites_.begin(), sites_.end(),
                         [&](const PortalSite& s) { return s.host == site.host; })) {
          sites_.push_back(std::move(site));
        }
      }
      portals_.push_back(std::move(built.truth));
    }
  }
  sites_.push_back(OutsideSite(kSpamMirrorHost, "政府信息公开年报转载"));
  sites_.push_back(OutsideSite(kProvincePortalHost, "模拟省人民政府"));
  sites_.push_back(OutsideSite(kPrefecturePortalHost, "模拟市人民政府"));
  for (const auto& [url, change] : options.changes) ApplyChange(url, change, portals_, &sites_);
  for (PortalSite& site : sites_) site.validators = options.validators;
  server_ = std::make_unique<crawl::testing::TestHttpServer>(
      [this](const TestRequest& request) {
        {
          std::lock_guard lock(hook_mutex_);
          if (hook_) hook_(request);
        }
        return Answer(request);
      });
}

PortalSimulator::~PortalSimulator() { server_.reset(); }

uint16_t PortalSimulator::port() const { return server_->port(); }

TestResponse PortalSimulator::Answer(const TestRequest& request) const {
  for (const PortalSite& site : sites_) {
    if (site.host == request.host) return simulator::Answer(site, request);
  }
  TestResponse unknown;
  unknown.status = 404;
  unknown.body = "no such host";
  return unknown;
}

const PortalTruth* PortalSimulator::Portal(std::string_view family) const {
  for (const PortalTruth& p : portals_) {
    if (p.family == family) return &p;
  }
  return nullptr;
}

std::vector<std::string> PortalSimulator::Hosts() const {
  std::vector<std::string> hosts;
  for (const PortalSite& site : sites_) hosts.push_back(site.host);
  return hosts;
}

std::vector<std::string> PortalSimulator::ResolveEntries() const {
  std::vector<std::string> entries;
  for (const std::string& host : Hosts()) entries.push_back(server_->ResolveEntry(host));
  return entries;
}

std::string PortalSimulator::Reachable(const std::string& url) const {
  const size_t host_start = url.find("://") + 3;
  const size_t path = url.find('/', host_start);
  return url.substr(0, path) + ":" + std::to_string(port()) +
         (path == std::string::npos ? "/" : url.substr(path));
}

std::vector<TestRequest> PortalSimulator::Violations(const PortalTruth& portal) const {
  std::vector<TestRequest> out;
  int challenges = 0;
  for (const TestRequest& request : server_->Requests()) {
    bool bad = false;
    for (const ForbiddenTarget& f : portal.forbidden) bad |= f.Matches(request.host, request.target);
    if (!portal.challenge_url.empty() &&
        "http://" + request.host + request.target == portal.challenge_url && ++challenges > 1) {
      bad = true;
    }
    if (bad) out.push_back(request);
  }
  return out;
}

nlohmann::json PortalSimulator::GroundTruthJson(bool with_values) const {
  nlohmann::json out = {{"port", port()}, {"portals", nlohmann::json::array()}};
  for (const PortalTruth& p : portals_) {
    nlohmann::json j = ToJson(p);
    if (!with_values) {
      for (auto& r : j["reports"]) r.erase("values");
    }
    out["portals"].push_back(std::move(j));
  }
  out["resolve"] = ResolveEntries();
  return out;
}

std::string PortalSimulator::SeedsTsv() const {
  std::string out = "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes\n";
  for (const PortalTruth& p : portals_) {
    out += p.county_code + "\t" + p.province + "\t" + p.prefecture + "\t" + p.name + "\tcounty\t" +
           p.portal_url + "\t" + (p.seed_names_column ? p.column_url : "") +
           "\tsimulated portal (family " + p.family + ")\n";
  }
  return out;
}

std::string PortalSimulator::RequestLogJsonl() const {
  std::string out;
  for (const TestRequest& request : server_->Requests()) {
    const double seconds =
        std::chrono::duration<double>(request.received - started_).count();
    // Answer() is a function of the request alone (the sites no longer change), so answering
    // again gives what was sent.
    const TestResponse response = Answer(request);
    const size_t bytes = response.generated_body > 0 ? response.generated_body : response.body.size();
    out += nlohmann::json{{"time", seconds},
                          {"host", request.host},
                          {"method", request.method},
                          {"target", request.target},
                          {"conditional", !request.Header("if-none-match").empty() ||
                                              !request.Header("if-modified-since").empty()},
                          {"status", response.status},
                          {"bytes", bytes}}
               .dump() +
           "\n";
  }
  return out;
}

}  // namespace xxgk::simulator
