// The portal simulator against its own ground truth, without the crawler: every report copy is
// served and converts (ToText, ExtractReport) to the report's agency, year and values (the scans
// of SimulatorOptions::image_only_report, off by default, only hold pictures: served in place of a
// text PDF with no text layer here, read back by OCR in tests/cli/scanned_report_cli_test.cc); each
// family's pagination, read as the family defines it, reaches every report; discovery from the
// root leads to the column; GBK pages are GBK; the cookie redirect, the challenge, robots.txt
// and the request log behave as documented. Requests go to 127.0.0.1 only (CURLOPT_RESOLVE).
#include "tests/simulator/portal_simulator.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "extract/text/document_text.h"
#include "extract/report/report_extractor.h"
#include "tests/extract/docx_writer.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/report_expectations.h"

namespace xxgk::simulator {
namespace {

struct Reply {
  long status = 0;
  std::string body, content_type, location, set_cookie;
};

// A libcurl easy handle with every simulated host resolved to the simulator and a cookie jar.
class Client {
 public:
  explicit Client(const PortalSimulator& sim, bool cookies = true) : sim_(sim) {
    curl_ = curl_easy_init();
    for (const std::string& entry : sim.ResolveEntries()) {
      resolve_ = curl_slist_append(resolve_, entry.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_RESOLVE, resolve_);
    if (cookies) curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Client::Write);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &Client::Header);
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http");
  }
  ~Client() {
    curl_easy_cleanup(curl_);
    curl_slist_free_all(resolve_);
  }
  // GET (or POST `form`) of a ground-truth URL ("http://host/path"); follows a redirect when asked.
  Reply Get(const std::string& url, bool follow = true, const std::string* form = nullptr) {
    Reply reply;
    const std::string reachable = sim_.Reachable(url);
    curl_easy_setopt(curl_, CURLOPT_URL, reachable.c_str());
    curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &reply);
    if (form != nullptr) {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, form->c_str());
    } else {
      curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    }
    EXPECT_EQ(curl_easy_perform(curl_), CURLE_OK) << url;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
  }

 private:
  static size_t Write(char* data, size_t, size_t n, void* reply) {
    static_cast<Reply*>(reply)->body.append(data, n);
    return n;
  }
  static size_t Header(char* data, size_t, size_t n, void* out) {
    Reply* reply = static_cast<Reply*>(out);
    std::string line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    const size_t colon = line.find(':');
    if (line.starts_with("HTTP/")) *reply = Reply{0, reply->body, "", "", ""};
    if (colon == std::string::npos) return n;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = line.substr(line.find_first_not_of(' ', colon + 1));
    if (name == "content-type") reply->content_type = value;
    if (name == "location") reply->location = value;
    if (name == "set-cookie") reply->set_cookie = value;
    return n;
  }
  const PortalSimulator& sim_;
  CURL* curl_ = nullptr;
  curl_slist* resolve_ = nullptr;
};

PortalSimulator& Sim() {
  static PortalSimulator* sim = new PortalSimulator(1);
  return *sim;
}

// The absolute URL of `href` on page `base` (http only; enough for the simulator's links).
std::string Resolve(const std::string& base, const std::string& href) {
  if (href.starts_with("http://")) return href;
  const size_t root = base.find('/', base.find("://") + 3);
  if (href.starts_with("/")) return base.substr(0, root) + href;
  std::string dir = base.substr(0, base.rfind('/') + 1);
  std::string rest = href.starts_with("./") ? href.substr(2) : href;
  return dir + rest;
}

// (href, text) of every <a> in `html`.
std::vector<std::pair<std::string, std::string>> Links(const std::string& html) {
  static const std::regex anchor(R"re(<a href="([^"]*)"[^>]*>([^<]*)</a>)re");
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), anchor); it != std::sregex_iterator();
       ++it) {
    out.emplace_back((*it)[1], (*it)[2]);
  }
  return out;
}

// The list items' targets (<li><a href=… title=…>) of `html`, resolved against `base`.
std::set<std::string> ItemTargets(const std::string& base, const std::string& html) {
  static const std::regex item(R"re(<li><a href="([^"]*)" title=)re");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), item); it != std::sregex_iterator();
       ++it) {
    out.insert(Resolve(base, (*it)[1]));
  }
  return out;
}

std::vector<int> Numbers(const std::string& html, const std::string& call) {
  const size_t at = html.find(call + "(");
  std::vector<int> out;
  if (at == std::string::npos) return out;
  const std::string args = html.substr(at + call.size() + 1, html.find(')', at) - at - call.size() - 1);
  static const std::regex number(R"(\d+)");
  for (auto it = std::sregex_iterator(args.begin(), args.end(), number); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stoi(it->str()));
  }
  return out;
}

extract::DocumentText Text(const Reply& reply, const std::string& url) {
  return extract::ToText(reply.body, {reply.content_type, url});
}

TEST(PortalSimulator, EveryReportCopyIsServedAndGivesTheReportsValues) {
  Client client(Sim());
  size_t copies = 0;
  std::set<std::string> formats;
  for (const PortalTruth& portal : Sim().portals()) {
    ASSERT_GE(portal.reports.size(), 10u) << portal.family;
    for (const ReportTruth& report : portal.reports) {
      for (const ReportCopy& copy : report.copies) {
        SCOPED_TRACE(portal.family + " " + copy.url);
        const Reply reply = client.Get(copy.url);
        ASSERT_EQ(reply.status, 200);
        extract::DocumentText doc = Text(reply, copy.url);
        ASSERT_TRUE(doc.ok()) << doc.refusal;
        std::string text = doc.text;
        if (!copy.continuation_url.empty()) {
          const Reply second = client.Get(copy.continuation_url);
          ASSERT_EQ(second.status, 200);
          EXPECT_EQ(extract::ExtractReport(text).applications.present &&
                        extract::ExtractReport(text).reviews_litigation.present,
                    false) << "the first page alone holds the whole report";
          text += "\n" + Text(second, copy.continuation_url).text;
        }
        if (copy.format == "html") {
          EXPECT_EQ(doc.charset, copy.charset == "GBK" ? "GB18030" : "UTF-8");
          EXPECT_EQ(doc.invalid_sequences, 0u);
          if (copy.charset == "GBK") {  // really GBK bytes, not UTF-8 labelled so
            EXPECT_EQ(reply.body.find(report.agency), std::string::npos);
            EXPECT_NE(reply.body.find(testing::EncodeGb18030(report.agency)), std::string::npos);
          }
        }
        EXPECT_EQ(doc.format == extract::DocumentFormat::kPdf, copy.format == "pdf");
        EXPECT_EQ(doc.format == extract::DocumentFormat::kDocx, copy.format == "docx");
        testing::ExpectRecordHoldsReport(extract::ExtractReport(text), report.values);
        formats.insert(copy.format + "/" + copy.charset + "/" + report.template_name);
        ++copies;
      }
    }
  }
  EXPECT_GT(copies, 100u);
  for (const char* wanted : {"html/UTF-8/2019", "html/UTF-8/2021", "html/GBK/2019",
                             "html/GBK/2021", "pdf//2021", "docx//2021"}) {
    EXPECT_TRUE(formats.count(wanted)) << wanted;
  }
  for (const std::string& format : formats) {
    EXPECT_FALSE(format.starts_with("scan")) << "a scan without image_only_report: " << format;
  }
}

// image_only_report: in each county one report of a department or town, PDF only by default, is
// published as a scan instead — the same pages, lists and URLs, its PDF replaced by an image-only
// one (pictures, no text layer: ToText gives no_text_layer and no text); nothing else changes.
TEST(PortalSimulator, ImageOnlyReportPublishesOneReportPerCountyAsAScanInPlaceOfItsPdf) {
  const PortalSimulator scanned(1, {.image_only_report = true});
  Client client(scanned);
  ASSERT_EQ(scanned.portals().size(), Sim().portals().size());
  for (size_t p = 0; p < scanned.portals().size(); ++p) {
    const PortalTruth& plain = Sim().portals()[p];
    const PortalTruth& portal = scanned.portals()[p];
    SCOPED_TRACE(portal.family);
    ASSERT_EQ(portal.reports.size(), plain.reports.size());
    size_t scans = 0;
    for (size_t r = 0; r < portal.reports.size(); ++r) {
      const ReportTruth& report = portal.reports[r];
      ASSERT_EQ(report.copies.size(), plain.reports[r].copies.size());
      EXPECT_EQ(report.page_url, plain.reports[r].page_url);
      for (size_t c = 0; c < report.copies.size(); ++c) {
        const ReportCopy& copy = report.copies[c];
        EXPECT_EQ(copy.url, plain.reports[r].copies[c].url);
        if (copy.format != "scan") {
          EXPECT_EQ(copy.format, plain.reports[r].copies[c].format);
          continue;
        }
        ++scans;
        SCOPED_TRACE(copy.url);
        EXPECT_EQ(plain.reports[r].formats(), std::vector<std::string>{"pdf"});
        EXPECT_NE(report.level, BodyLevel::kCounty);
        const Reply reply = client.Get(copy.url);
        ASSERT_EQ(reply.status, 200);
        EXPECT_EQ(reply.content_type, "application/pdf");
        const extract::DocumentText doc = Text(reply, copy.url);
        EXPECT_EQ(doc.format, extract::DocumentFormat::kPdf);
        EXPECT_TRUE(doc.HasWarning("no_text_layer")) << doc.text.substr(0, 200);
        EXPECT_EQ(doc.text.find_first_not_of(" \t\n"), std::string::npos) << doc.text;
        // The text PDF it replaces (the default's bytes) reads as the report.
        const Reply text_pdf = Client(Sim()).Get(copy.url);
        EXPECT_NE(text_pdf.body, reply.body);
        testing::ExpectRecordHoldsReport(extract::ExtractReport(Text(text_pdf, copy.url).text),
                                         report.values);
      }
    }
    EXPECT_EQ(scans, 1u);
  }
}

// A conditional re-request of a DOCX copy can only get a 304 if the simulator serves the same bytes
// on every start: its zips carry a fixed entry time, not the time they were made (which changed
// their bytes and ETags between the runs of a re-harvest).
TEST(PortalSimulator, DocxCopiesAreStampedWithAFixedTimeSoEveryStartServesTheSameBytes) {
  Client client(Sim());
  size_t docx = 0;
  for (const PortalTruth& portal : Sim().portals()) {
    for (const ReportTruth& report : portal.reports) {
      for (const ReportCopy& copy : report.copies) {
        if (copy.format != "docx") continue;
        SCOPED_TRACE(copy.url);
        const Reply reply = client.Get(copy.url);
        ASSERT_EQ(reply.status, 200);
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(reply.body.data(), reply.body.size(), 0, &error);
        ASSERT_NE(source, nullptr);
        zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
        ASSERT_NE(zip, nullptr);
        const zip_int64_t entries = zip_get_num_entries(zip, 0);
        EXPECT_GT(entries, 0);
        for (zip_int64_t i = 0; i < entries; ++i) {
          zip_stat_t stat;
          ASSERT_EQ(zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &stat), 0);
          EXPECT_EQ(stat.mtime, testing::kZipEntryTime) << stat.name;
        }
        zip_discard(zip);
        zip_error_fini(&error);
        ++docx;
      }
    }
  }
  EXPECT_GT(docx, 0u);
}

std::set<std::string> PageUrls(const PortalTruth& portal) {
  std::set<std::string> out;
  for (const ReportTruth& r : portal.reports) out.insert(r.page_url);
  return out;
}

// Each family's lists, walked as the family paginates them, give exactly the reports' pages and
// the non-report items.
void ExpectListsReachEverything(const PortalTruth& portal, const std::set<std::string>& found) {
  std::set<std::string> expected = PageUrls(portal);
  for (const NonReport& n : portal.non_reports) expected.insert(n.page_url);
  for (const std::string& url : expected) EXPECT_TRUE(found.count(url)) << portal.family << " " << url;
  for (const std::string& url : found) EXPECT_TRUE(expected.count(url)) << "stray item " << url;
}

TEST(PortalSimulator, TrsPaginationBothCreatePageHtmlVariantsReachEveryReport) {
  const PortalTruth& portal = *Sim().Portal("trs");
  Client client(Sim());
  std::set<std::string> found, seen;
  std::vector<std::string> queue = {portal.column_url};
  std::set<std::string> variants;
  while (!queue.empty()) {
    const std::string url = queue.back();
    queue.pop_back();
    if (!seen.insert(url).second || url.find("/lsgd/") != std::string::npos) continue;
    const Reply reply = client.Get(url);
    ASSERT_EQ(reply.status, 200) << url;
    for (const std::string& item : ItemTargets(url, reply.body)) found.insert(item);
    // Sub-columns: links ending in '/' below the column.
    for (const auto& [href, text] : Links(reply.body)) {
      const std::string target = Resolve(url, href);
      if (target.starts_with(portal.column_url) && target.ends_with("/")) queue.push_back(target);
    }
    const std::string dir = url.substr(0, url.rfind('/') + 1);
    const std::vector<int> args = Numbers(reply.body, "createPageHTML");
    if (args.size() == 2 && url.ends_with("/")) {  // createPageHTML(count, current, "index", "shtml")
      variants.insert("index");
      for (int k = 1; k < args[0]; ++k) queue.push_back(dir + "index_" + std::to_string(k) + ".shtml");
      const Reply stub = client.Get(dir + "index_" + std::to_string(args[0]) + ".shtml");
      EXPECT_EQ(stub.status, 200);  // a stub beyond the last page: a few bytes, no items
      EXPECT_LT(stub.body.size(), 100u);
    } else if (args.size() == 3 && url.ends_with("/")) {  // ('div', count, current, 'fg', 'shtml', total)
      variants.insert("fg");
      EXPECT_EQ(args[1], 1);
      for (int k = 2; k <= args[0]; ++k) queue.push_back(dir + "fg_" + std::to_string(k) + ".shtml");
      EXPECT_EQ(client.Get(dir + "fg_" + std::to_string(args[0] + 1) + ".shtml").status, 404);
    }
  }
  EXPECT_EQ(variants, (std::set<std::string>{"index", "fg"}));
  ExpectListsReachEverything(portal, found);
}

TEST(PortalSimulator, HanwebDataIslandAndDataProxyPostReachEveryReport) {
  const PortalTruth& portal = *Sim().Portal("hanweb");
  Client client(Sim());
  std::set<std::string> found, seen;
  std::vector<std::string> queue = {portal.column_url};
  int proxied = 0;
  while (!queue.empty()) {
    const std::string url = queue.back();
    queue.pop_back();
    if (!seen.insert(url).second) continue;
    const Reply reply = client.Get(url);
    ASSERT_EQ(reply.status, 200) << url;
    for (const auto& [href, text] : Links(reply.body)) {
      if (href.starts_with("/col/col")) queue.push_back(Resolve(url, href));
    }
    if (reply.body.find("<datastore>") == std::string::npos) continue;
    // The island is GBK like its page; its items are ASCII hrefs.
    for (const std::string& item : ItemTargets(url, reply.body)) found.insert(item);
    const int total = std::stoi(reply.body.substr(reply.body.find("<totalrecord>") + 13));
    const std::smatch ids = [&] {
      static const std::regex re(R"(columnid: (\d+), sourceContentType: 1, unitid: (\d+))");
      std::smatch m;
      std::regex_search(reply.body, m, re);
      return m;
    }();
    ASSERT_EQ(ids.size(), 3u);
    const int per_page = std::stoi(reply.body.substr(reply.body.find("perPage: ") + 9));
    for (int start = per_page + 1; start <= total; start += per_page) {
      const std::string range = "startrecord=" + std::to_string(start) + "&endrecord=" +
                                std::to_string(start + per_page - 1) + "&perpage=" +
                                std::to_string(per_page);
      const std::string fields =
          "col=1&appid=1&webid=1&path=/&columnid=" + ids[1].str() + "&unitid=" + ids[2].str();
      const std::string proxy = "http://" + portal.hosts[0] + "/module/web/jpage/dataproxy.jsp?";
      const Reply page = client.Get(proxy + range, true, &fields);
      ASSERT_EQ(page.status, 200);
      const std::set<std::string> items = ItemTargets(url, page.body);
      EXPECT_FALSE(items.empty()) << range;
      // The fields in a GET's query instead: nothing (the site answers its script's POST only).
      EXPECT_TRUE(ItemTargets(url, client.Get(proxy + range + "&" + fields).body).empty()) << range;
      found.insert(items.begin(), items.end());
      ++proxied;
    }
  }
  EXPECT_GE(proxied, 2);
  ExpectListsReachEverything(portal, found);
  // Without unitid, or past the end: an empty recordset.
  const std::string proxy = "http://" + portal.hosts[0] +
                            "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=3&perpage=3";
  const std::string no_unit = "webid=1&columnid=1011";
  EXPECT_TRUE(ItemTargets(proxy, client.Get(proxy, true, &no_unit).body).empty());
}

TEST(PortalSimulator, GkmlptApiWithSidPageZeroEqualsPageOneReachesEveryReport) {
  const PortalTruth& portal = *Sim().Portal("gkmlpt");
  Client client(Sim());
  const Reply index = client.Get(portal.column_url);
  std::smatch sid;
  ASSERT_TRUE(std::regex_search(index.body, sid, std::regex(R"(window\._CONFIG = \{SID: '(\d+)')")));
  std::set<std::string> found;
  const std::string api = "http://" + portal.hosts[0] + "/gkmlpt/api/all/";
  for (const auto& [href, text] : Links(index.body)) {
    const size_t hash = href.find('#');
    if (hash == std::string::npos) continue;
    const std::string category = href.substr(hash + 1);
    const std::string base = api + category + "?sid=" + sid[1].str() + "&page=";
    EXPECT_EQ(client.Get(base + "0").body, client.Get(base + "1").body) << category;
    for (int page = 1;; ++page) {
      const Reply reply = client.Get(base + std::to_string(page));
      if (reply.status == 404) break;
      ASSERT_EQ(reply.status, 200);
      const nlohmann::json json = nlohmann::json::parse(reply.body);
      if (json["articles"].empty()) break;
      for (const auto& a : json["articles"]) found.insert(a["url"].get<std::string>());
      ASSERT_LT(page, 50);
    }
  }
  EXPECT_EQ(client.Get(api + "2591?page=1").status, 400);  // no sid
  ExpectListsReachEverything(portal, found);
}

TEST(PortalSimulator, VsbCountDownListReachesEveryReport) {
  const PortalTruth& portal = *Sim().Portal("vsb");
  Client client(Sim());
  const Reply first = client.Get(portal.column_url);
  const std::vector<int> args = Numbers(first.body, "_simple_list_gotopage_fun");
  ASSERT_FALSE(args.empty());
  std::set<std::string> found = ItemTargets(portal.column_url, first.body);
  const std::string dir = portal.column_url.substr(0, portal.column_url.size() - 4) + "/";
  for (int k = args[0] - 1; k >= 1; --k) {
    const Reply page = client.Get(dir + std::to_string(k) + ".htm");
    ASSERT_EQ(page.status, 200);
    const std::set<std::string> items = ItemTargets(dir, page.body);
    EXPECT_FALSE(items.empty());
    found.insert(items.begin(), items.end());
  }
  EXPECT_EQ(client.Get(dir + "0.htm").status, 404);
  ExpectListsReachEverything(portal, found);
}

TEST(PortalSimulator, ShaanxiNumberedListsFollowNextLinksToEveryReport) {
  const PortalTruth& portal = *Sim().Portal("shaanxi");
  Client client(Sim());
  std::set<std::string> found;
  for (const auto& [href, text] : Links(client.Get(portal.column_url).body)) {
    if (!href.ends_with("/1.html")) continue;
    std::string url = Resolve(portal.column_url, href);
    for (int guard = 0; !url.empty() && guard < 20; ++guard) {
      const Reply page = client.Get(url);
      ASSERT_EQ(page.status, 200);
      const std::set<std::string> items = ItemTargets(url, page.body);
      found.insert(items.begin(), items.end());
      std::string next;
      for (const auto& [h, t] : Links(page.body)) {
        if (t == "下一页") next = Resolve(url, h);
      }
      url = next;
    }
  }
  ExpectListsReachEverything(portal, found);
}

TEST(PortalSimulator, EveryPortalLeadsFromItsRootToItsColumnByLinkText) {
  Client client(Sim());
  for (const PortalTruth& portal : Sim().portals()) {
    SCOPED_TRACE(portal.family);
    std::string openness;
    for (const auto& [href, text] : Links(client.Get(portal.portal_url).body)) {
      if (text == "政府信息公开") openness = Resolve(portal.portal_url, href);
    }
    ASSERT_FALSE(openness.empty());
    std::string column;
    for (const auto& [href, text] : Links(client.Get(openness).body)) {
      if (text.find("年报") != std::string::npos || text.find("年度报告") != std::string::npos) {
        column = Resolve(openness, href);
      }
    }
    EXPECT_EQ(column, portal.column_url);
  }
}

TEST(PortalSimulator, CookieRedirectSetsTheCookieAndServesThePageWhenItComesBack) {
  const PortalTruth& portal = *Sim().Portal("vsb");
  ASSERT_EQ(portal.cookie_host, portal.hosts[0]);
  Client bare(Sim(), /*cookies=*/false);
  const Reply redirect = bare.Get(portal.column_url, /*follow=*/false);
  EXPECT_EQ(redirect.status, 302);
  EXPECT_EQ(redirect.location, Sim().Reachable(portal.column_url));
  EXPECT_NE(redirect.set_cookie.find("vsb_verify="), std::string::npos);
  EXPECT_EQ(bare.Get(portal.column_url, false).status, 302);  // without the cookie, again
  Client jar(Sim());
  EXPECT_EQ(jar.Get(portal.column_url, true).status, 200);
  EXPECT_EQ(bare.Get(portal.portal_url + "robots.txt", false).status, 404);  // never gated
}

TEST(PortalSimulator, ChallengeHostAnswersEveryRequestWithAScriptShell) {
  const PortalTruth& portal = *Sim().Portal("trs");
  ASSERT_FALSE(portal.challenge_url.empty());
  Client client(Sim());
  bool linked = false;
  for (const auto& [href, text] : Links(client.Get(portal.portal_url).body)) {
    linked |= href == portal.challenge_url;
  }
  EXPECT_TRUE(linked);
  for (const std::string path : {"", "index.html", "robots.txt"}) {
    const Reply reply = client.Get(portal.challenge_url + path);
    EXPECT_EQ(reply.status, 412);
    EXPECT_NE(reply.body.find("<script"), std::string::npos);
    EXPECT_EQ(reply.body.find("<a "), std::string::npos);
  }
}

TEST(PortalSimulator, RobotsDisallowsALinkedPathAndForbiddenTargetsAreLogged) {
  const PortalTruth& portal = *Sim().Portal("trs");
  Client client(Sim());
  const Reply robots = client.Get(portal.portal_url + "robots.txt");
  ASSERT_EQ(robots.status, 200);
  const size_t at = robots.body.find("Disallow: ");
  ASSERT_NE(at, std::string::npos);
  const std::string path = robots.body.substr(at + 10, robots.body.find('\n', at) - at - 10);
  bool linked = false;
  for (const auto& [href, text] : Links(client.Get(portal.column_url).body)) {
    linked |= Resolve(portal.column_url, href) == portal.portal_url.substr(0, portal.portal_url.size() - 1) + path;
  }
  EXPECT_TRUE(linked) << path;
  // Every forbidden kind is present and linked from somewhere the portal serves.
  std::set<std::string> reasons;
  for (const ForbiddenTarget& f : portal.forbidden) reasons.insert(f.reason);
  EXPECT_EQ(reasons, (std::set<std::string>{"spam_mirror", "other_portal", "news", "search",
                                            "calendar", "robots"}));
  const size_t before = Sim().Violations(portal).size();
  client.Get(std::string("http://") + kSpamMirrorHost + "/gov/1.html");
  client.Get(portal.portal_url + "search?q=x");
  EXPECT_EQ(Sim().Violations(portal).size(), before + 2);
  // The spam mirror is linked from a report page.
  bool mirror_linked = false;
  for (const ReportTruth& r : portal.reports) {
    mirror_linked |= client.Get(r.page_url).body.find(kSpamMirrorHost) != std::string::npos;
  }
  EXPECT_TRUE(mirror_linked);
}

TEST(PortalSimulator, SameSeedSameTruthOtherSeedOtherValues) {
  PortalSimulator again(1), other(2);
  auto strip = [](nlohmann::json j) {
    j.erase("port");
    j.erase("resolve");
    return j;
  };
  EXPECT_EQ(strip(again.GroundTruthJson()), strip(Sim().GroundTruthJson()));
  EXPECT_NE(strip(other.GroundTruthJson()), strip(Sim().GroundTruthJson()));
}

TEST(PortalSimulator, SeedsNameEveryCountyAndLeaveOneColumnToDiscovery) {
  const std::string tsv = Sim().SeedsTsv();
  std::vector<std::string> lines;
  for (size_t start = 0, end; (end = tsv.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(tsv.substr(start, end - start));
  }
  ASSERT_EQ(lines.size(), Sim().portals().size() + 1);
  EXPECT_EQ(lines[0], "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes");
  int empty_columns = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> fields;
    for (size_t start = 0;;) {
      const size_t tab = lines[i].find('\t', start);
      fields.push_back(lines[i].substr(start, tab == std::string::npos ? tab : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    ASSERT_EQ(fields.size(), 8u) << lines[i];
    EXPECT_EQ(fields[0], Sim().portals()[i - 1].county_code);
    empty_columns += fields[6].empty();
  }
  EXPECT_EQ(empty_columns, 1);
}

// Copies for harvests of many counties: 100 per family (500 counties, the benchmark's) each with
// a 6-digit code not ending in 00, a name ending in 县 and a root host of its own, none shared;
// copy 1 keeps the scheme tests and archives already know (the code's last digits + 5).
TEST(PortalSimulator, HundredCopiesPerFamilyHaveUniqueCodesNamesAndHosts) {
  PortalSimulator many(1, {.copies = 100});
  ASSERT_EQ(many.portals().size(), 500u);
  std::set<std::string> codes, names, roots, pages;
  std::map<std::string, std::set<std::string>> counties_of_host;
  size_t reports = 0;
  for (const PortalTruth& p : many.portals()) {
    EXPECT_TRUE(std::regex_match(p.county_code, std::regex("[1-6][0-9][0-9][0-9](0[1-9]|[1-9][0-9])")))
        << p.county_code;
    EXPECT_TRUE(codes.insert(p.county_code).second) << p.county_code;
    EXPECT_TRUE(p.name.ends_with("县")) << p.name;
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_TRUE(roots.insert(p.portal_url).second) << p.portal_url;
    for (const std::string& host : p.hosts) counties_of_host[host].insert(p.county_code);
    for (const ReportTruth& r : p.reports) pages.insert(r.page_url), ++reports;
  }
  EXPECT_EQ(pages.size(), reports);  // no report page served for two counties
  for (const auto& [host, counties] : counties_of_host) {
    // A host is one county's, or (TRS's challenge host) shared by every copy of its family.
    EXPECT_TRUE(counties.size() == 1 || counties.size() == 100) << host << " " << counties.size();
  }
  // The names' prefixes: no county's name is the start of another's (fetch takes unique prefixes).
  for (const std::string& a : names) {
    for (auto it = names.upper_bound(a); it != names.end() && it->starts_with(a); ++it) {
      ADD_FAILURE() << a << " is a prefix of " << *it;
    }
  }
  const PortalTruth& trs_copy1 = many.portals()[5];
  EXPECT_EQ(trs_copy1.family, "trs");
  EXPECT_EQ(trs_copy1.county_code, "149906");
  EXPECT_EQ(trs_copy1.name, "星河乙县");
  EXPECT_EQ(trs_copy1.portal_url, "http://www.simtrs-a2.gov.cn/");
  EXPECT_EQ(many.portals()[5 * 18].name, "星河乙甲县");
  EXPECT_EQ(many.portals()[5 * 99].county_code, "149401");  // n = 495 = 5 * 99: prefecture 99 - 5
}

}  // namespace
}  // namespace xxgk::simulator
