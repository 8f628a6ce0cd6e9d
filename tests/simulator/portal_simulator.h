// PortalSimulator (tests only): simulated county portals, one per portal family (portal_family.h:
// TRS, Hanweb jcms, Guangdong gkmlpt, 博达 VSB, the Shaanxi provincial platform), generated
// deterministically from a seed and served by one TestHttpServer on 127.0.0.1 under real-looking
// host names (www.simtrs-a.gov.cn, …; map them with ResolveEntries(), curl's --resolve form).
// Also served, so that a stray request is logged instead of leaving the machine: the spam mirror
// and the provincial and prefecture portals the pages link to.
//
// It knows its ground truth (ground_truth.h: every report with its copies, non-reports,
// forbidden targets, the challenge URL) and logs every request with its arrival time (the
// server's Requests() and Stats()). tests/simulator/README.md lists the families and the hostile
// cases.
//
// Thread safety: construct and read the truth on one thread; the server answers on its own thread
// from data that no longer changes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/crawler/test_http_server.h"
#include "tests/simulator/ground_truth.h"
#include "tests/simulator/portal_site.h"

namespace xxgk::simulator {

// What a later visit of a portal finds changed about one report (its page URL in the ground
// truth), for the tests of incremental re-harvests. Applied to the built pages: the ground truth
// stays that of the unchanged portal. Lists and bodies are edited as UTF-8 HTML: use reports
// on UTF-8 pages whose family lists items as <li> (trs, shaanxi, vsb).
enum class ReportChange {
  kBody,              // a sentence added at the start of the report's body
  kChrome,            // only the page's chrome: a visit counter and today's date beside the title
  kUnlisted,          // its list items removed (the page still answers)
  kNotFound,          // its page answers 404 (still listed)
  kRedirectToColumn,  // its page answers 302 to the portal's column (still listed)
  kUnavailable,       // its page answers 503 (a portal having a bad day)
};

struct SimulatorOptions {
  bool validators = false;  // PortalSite::validators on every host
  std::map<std::string, ReportChange> changes;  // by the report's page URL
  // Counties per family (for harvests of many counties: crash resume, benchmarks): copy k > 0
  // of a family's county has its own code (the last two digits + 5k while that stays below 100:
  // 149906 for k = 1; past it the prefecture digits count down, 149801, … never ending in 00),
  // name (one character before 县 for k < 18: 星河乙县, two from 18 on: 星河乙甲县) and host
  // (www.simtrs-a2.gov.cn for k = 1), so its own reports and doc_ids; all unique.
  // REQUIRES: 1 <= copies <= kMaxCopies.
  static constexpr int kMaxCopies = 324;  // 18 × 18 names
  int copies = 1;
  // One report of each county is published only as a scan (scanned_report.h): its text PDF is
  // replaced by an image-only PDF at the same URL and its copy's format is "scan". Off by
  // default: rendering costs about 0.2 s a county, and reading it back needs OCR.
  bool image_only_report = false;
};

class PortalSimulator {
 public:
  // Generates every family's county (options.copies of each) from `seed` and starts serving.
  explicit PortalSimulator(uint32_t seed = 1, SimulatorOptions options = {});
  ~PortalSimulator();
  PortalSimulator(const PortalSimulator&) = delete;
  PortalSimulator& operator=(const PortalSimulator&) = delete;

  crawl::testing::TestHttpServer& server() { return *server_; }
  uint16_t port() const;

  const std::vector<PortalTruth>& portals() const { return portals_; }
  const PortalTruth* Portal(std::string_view family) const;  // nullptr if none
  std::vector<std::string> Hosts() const;  // every host served, counties' and outsiders'
  std::vector<std::string> ResolveEntries() const;  // "HOST:PORT:127.0.0.1" per host

  // "http://HOST:PORT/…" for an URL of the ground truth ("http://HOST/…"), to request it.
  std::string Reachable(const std::string& url) const;

  // Requests so far that hit a forbidden target of `portal`, or the challenge more than once.
  std::vector<crawl::testing::TestRequest> Violations(const PortalTruth& portal) const;

  // The answer to `request` as the server would give it, without a socket (tests that feed a
  // PageSource from the simulator). Not logged in the server's Requests().
  crawl::testing::TestResponse Respond(const crawl::testing::TestRequest& request) const {
    return Answer(request);
  }

  // Called on the server's thread with each request it receives, before it is answered (a
  // test's deterministic trigger: kill the crawler when its Nth request arrives). Empty: none.
  void SetRequestHook(std::function<void(const crawl::testing::TestRequest&)> hook) {
    std::lock_guard lock(hook_mutex_);
    hook_ = std::move(hook);
  }

  nlohmann::json GroundTruthJson(bool with_values = true) const;
  // Seed rows in the format of seeds/portals.tsv (issue 11), a header line first: one row per
  // county, `columns` naming its column except for the county that must be discovered.
  std::string SeedsTsv() const;
  // One JSON object per line per request: time (seconds since the simulator started), host,
  // method, target, conditional (it carried If-None-Match or If-Modified-Since), and the
  // answer's status and body bytes.
  std::string RequestLogJsonl() const;

 private:
  crawl::testing::TestResponse Answer(const crawl::testing::TestRequest& request) const;

  std::vector<PortalTruth> portals_;
  std::vector<PortalSite> sites_;  // every host's pages, counties' and outsiders'
  crawl::testing::ServerClock::time_point started_;
  std::unique_ptr<crawl::testing::TestHttpServer> server_;
  mutable std::mutex hook_mutex_;
  std::function<void(const crawl::testing::TestRequest&)> hook_;
};

}  // namespace xxgk::simulator
