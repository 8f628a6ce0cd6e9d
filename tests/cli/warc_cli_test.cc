// `xxgk export --warc/--cdxj` after `xxgk fetch` of a simulated county (tests/simulator/, the
// crawl's proxy as in fetch_cli_test.cc): a response record per logged fetch, its payload the
// bytes the simulator served and its digests right; request and response point at each other;
// a second fetch's identical payloads become revisits of the first; the CDXJ is sorted and its
// offsets open the records they name. Then webrecorder's warcio (npm, tests/warc/, installed by
// scripts/test.sh) reads the files: `warcio index` reads every record, `warcio cdx-index`
// equals our CDXJ, and tests/warc/check_warc.mjs re-computes every digest with Node's SHA-1.
// Without node the warcio part is skipped with a message (XXGK_REQUIRE_WARCIO=1 makes a missing
// warcio a failure: scripts/test.sh sets it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "base/request_key.h"
#include "store/archive.h"
#include "store/warc_writer.h"
#include "tests/cli/cli_run.h"
#include "tests/cli/simulated_fetch.h"
#include "tests/cli/warc_reader.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::crawl::testing {
namespace {

namespace fs = std::filesystem;
using xxgk::testing::ReadRecord;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class WarcCliTest : public SimulatedFetchTest {
 protected:
  CliRun Export(const std::string& name) {
    return RunShell(std::string(XXGK_BINARY) + " export --archive " + (dir_ / "archive").string() +
                        " --warc " + (dir_ / name).string() + ".warc.gz --cdxj " + (dir_ / name).string() + ".cdxj",
                    dir_);
  }
  std::vector<store::FetchEntry> FetchLog() {
    std::unique_ptr<store::Archive> archive;
    EXPECT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive).ok());
    std::vector<store::FetchEntry> all, batch;
    uint64_t next = 0;
    while (archive && archive->ScanFetchLog(next, 256, &batch, &next).ok() && !batch.empty()) {
      all.insert(all.end(), batch.begin(), batch.end());
    }
    return all;
  }
  // What the simulator served for each request (base/request_key.h: a POST by URL and body), from
  // its request log since `from`.
  std::map<std::string, std::string> Served(size_t from) {
    std::map<std::string, std::string> served;
    const std::vector<TestRequest> requests = sim_->server().Requests();
    for (size_t i = from; i < requests.size(); ++i) {
      const std::string url = "http://" + requests[i].host + requests[i].target;
      const std::string body = requests[i].method == "POST" ? requests[i].body : "";
      served[RequestKey(url, body)] = sim_->Respond(requests[i]).body;
    }
    return served;
  }
};

// The checks on one exported WARC that need no outside reader. Returns the records.
std::vector<ReadRecord> CheckWarc(const fs::path& warc, const fs::path& cdxj,
                                  const std::vector<store::FetchEntry>& log,
                                  const std::map<std::string, std::string>& served) {
  const std::vector<ReadRecord> records = xxgk::testing::ReadWarcGz(warc.string());
  EXPECT_FALSE(records.empty());
  if (records.empty()) return records;
  EXPECT_EQ(records[0].Field("WARC-Type"), "warcinfo");
  uint64_t end = 0;
  std::map<std::string, const ReadRecord*> by_id;
  for (const ReadRecord& r : records) {
    EXPECT_TRUE(r.complete) << r.offset;
    EXPECT_EQ(r.offset, end);
    end = r.offset + r.length;
    EXPECT_EQ(store::WarcSha1(r.block), r.Field("WARC-Block-Digest")) << r.Field("WARC-Target-URI");
    EXPECT_TRUE(by_id.emplace(r.Field("WARC-Record-ID"), &r).second) << "duplicate id";
  }
  EXPECT_EQ(end, fs::file_size(warc));  // nothing after the last record

  // One response (or revisit) per fetch that logged a status line, in log order, with its
  // request; before it, a response per redirect hop, in the order of the hops.
  std::vector<const ReadRecord*> responses;
  for (const ReadRecord& r : records) {
    const std::string type = r.Field("WARC-Type");
    if (type == "response" || type == "revisit") responses.push_back(&r);
  }
  size_t with_status = 0, hops = 0;
  for (const store::FetchEntry& e : log) {
    with_status += e.status_line.empty() ? 0 : 1;
    hops += e.hops.size();
  }
  EXPECT_GT(with_status, 0u);
  EXPECT_EQ(responses.size(), with_status + hops);
  size_t i = 0, checked_against_server = 0;
  for (const store::FetchEntry& e : log) {
    for (size_t h = 0; h < e.hops.size() && i < responses.size(); ++h) {
      const ReadRecord& r = *responses[i++];
      const store::HopResponse& hop = e.hops[h];
      const std::string uri = e.redirects[h].substr(e.redirects[h].find(' ') + 1);
      SCOPED_TRACE("hop " + uri);
      EXPECT_EQ(r.Field("WARC-Type"), "response");
      EXPECT_EQ(r.Field("WARC-Target-URI"), uri);
      EXPECT_EQ(r.Field("WARC-Date"), hop.time);
      EXPECT_EQ(r.Field("WARC-IP-Address"), hop.ip);
      EXPECT_EQ(r.block.substr(0, hop.status_line.size() + 2), hop.status_line + "\r\n");
      const ReadRecord* request = by_id.count(r.Field("WARC-Concurrent-To")) ? by_id[r.Field("WARC-Concurrent-To")] : nullptr;
      if (!request) { ADD_FAILURE() << "no request record"; continue; }
      EXPECT_EQ(request->Field("WARC-Type"), "request");
      EXPECT_EQ(request->Field("WARC-Concurrent-To"), r.Field("WARC-Record-ID"));
      EXPECT_EQ(request->Field("WARC-Target-URI"), uri);
      EXPECT_LT(request->offset, r.offset);
      const size_t head_end = r.block.find("\r\n\r\n");
      if (head_end == std::string::npos) { ADD_FAILURE() << "no HTTP head"; continue; }
      EXPECT_EQ(r.block.substr(head_end + 4), hop.body);
      if (!hop.body_kept()) {  // over the cap: the head only, marked, without a payload digest
        EXPECT_EQ(hop.body, "");
        EXPECT_EQ(r.Field("WARC-Truncated"), "length");
        EXPECT_EQ(r.Field("WARC-Payload-Digest"), "");
        continue;
      }
      EXPECT_EQ(r.Field("WARC-Truncated"), "");
      EXPECT_EQ(store::WarcSha1(hop.body), r.Field("WARC-Payload-Digest"));
      const std::string final_uri = e.final_url.empty() ? e.url : e.final_url;
      if (auto it = served.find(RequestKey(uri, hop.form_body)); it != served.end() && uri != final_uri) {
        EXPECT_EQ(it->second, hop.body);  // the bytes served (not a self-redirect, whose URL served the page too)
        ++checked_against_server;
      }
    }
    if (e.status_line.empty() || i >= responses.size()) continue;
    const ReadRecord& r = *responses[i++];
    const std::string uri = e.final_url.empty() ? e.url : e.final_url;
    SCOPED_TRACE(uri);
    EXPECT_EQ(r.Field("WARC-Target-URI"), uri);
    EXPECT_EQ(r.Field("WARC-Date"), e.time);
    const size_t head_end = r.block.find("\r\n\r\n");
    if (head_end == std::string::npos) { ADD_FAILURE() << "no HTTP head"; continue; }
    EXPECT_EQ(r.block.substr(0, e.status_line.size()), e.status_line);
    const ReadRecord* request = by_id.count(r.Field("WARC-Concurrent-To")) ? by_id[r.Field("WARC-Concurrent-To")] : nullptr;
    if (!request) { ADD_FAILURE() << "no request record"; continue; }
    EXPECT_EQ(request->Field("WARC-Type"), "request");
    EXPECT_EQ(request->Field("WARC-Concurrent-To"), r.Field("WARC-Record-ID"));
    EXPECT_EQ(request->Field("WARC-Target-URI"), uri);
    std::string payload = r.block.substr(head_end + 4);
    if (r.Field("WARC-Type") == "revisit") {
      EXPECT_TRUE(payload.empty());
      const ReadRecord* original = by_id.count(r.Field("WARC-Refers-To")) ? by_id[r.Field("WARC-Refers-To")] : nullptr;
      if (!original) { ADD_FAILURE() << "revisit refers to nothing"; continue; }
      EXPECT_EQ(original->Field("WARC-Type"), "response");
      EXPECT_LT(original->offset, r.offset);
      EXPECT_EQ(original->Field("WARC-Payload-Digest"), r.Field("WARC-Payload-Digest"));
      payload = original->block.substr(original->block.find("\r\n\r\n") + 4);
    }
    EXPECT_EQ(store::WarcSha1(payload), r.Field("WARC-Payload-Digest"));
    EXPECT_NE(r.block.substr(0, head_end).find("Content-Length: " + std::to_string(payload.size())),
              std::string::npos);
    if (auto it = served.find(RequestKey(uri, e.form_body)); it != served.end() && e.http_status == 200) {
      EXPECT_EQ(store::WarcSha1(it->second), r.Field("WARC-Payload-Digest"));  // the bytes served
      ++checked_against_server;
    }
  }
  EXPECT_GT(checked_against_server, 5u);

  // The CDXJ: sorted; one line per response, revisit and resource; each offset opens its record.
  const std::vector<std::string> lines = Lines(Slurp(cdxj));
  EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
  size_t indexed = 0;
  for (const ReadRecord& r : records) {
    const std::string type = r.Field("WARC-Type");
    indexed += type == "response" || type == "revisit" || type == "resource";
  }
  EXPECT_EQ(lines.size(), indexed);
  std::set<uint64_t> offsets;
  for (const ReadRecord& r : records) offsets.insert(r.offset);
  for (const std::string& line : lines) {
    const size_t at = line.find("\"offset\":\"");
    if (at == std::string::npos) { ADD_FAILURE() << line; continue; }
    EXPECT_TRUE(offsets.count(std::stoull(line.substr(at + 10)))) << line;
    EXPECT_EQ(line.substr(0, 7), "cn,gov,") << line;  // SURT keys of the simulated .gov.cn hosts
  }
  return records;
}

// Runs `command` in `dir`; "" when node or warcio is not there (and that is allowed).
bool WarcioAvailable(std::string* why) {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    *why = "node is not installed: the warcio checks are skipped (install nodejs; scripts/test.sh runs them)";
    return false;
  }
  if (!fs::exists(fs::path(XXGK_SOURCE_DIR) / "tests/warc/node_modules/warcio/package.json")) {
    *why = "warcio is not installed: run 'npm ci --prefix tests/warc' (scripts/test.sh does)";
    const char* require = std::getenv("XXGK_REQUIRE_WARCIO");
    if (require && std::string(require) == "1") {
      ADD_FAILURE() << *why;
    }
    return false;
  }
  return true;
}

void CheckWithWarcio(const fs::path& dir, const std::string& name, size_t records) {
  std::string why;
  if (!WarcioAvailable(&why)) {
    GTEST_SKIP() << why;
  }
  const fs::path warc_dir = fs::path(XXGK_SOURCE_DIR) / "tests/warc";
  const std::string cli = "cd " + dir.string() + " && node " + (warc_dir / "node_modules/warcio/dist/cli.js").string();
  const CliRun index = RunShell(cli + " index " + name + ".warc.gz", dir);
  ASSERT_EQ(index.exit_code, 0) << index.err;
  EXPECT_EQ(Lines(index.out).size(), records);  // every record read
  const CliRun cdx = RunShell(cli + " cdx-index " + name + ".warc.gz | LC_ALL=C sort", dir);
  ASSERT_EQ(cdx.exit_code, 0) << cdx.err;
  EXPECT_FALSE(cdx.out.empty());
  EXPECT_EQ(cdx.out, Slurp(dir / (name + ".cdxj")));  // warcio's CDXJ is ours
  const CliRun digests =
      RunShell("cd " + dir.string() + " && node " + (warc_dir / "check_warc.mjs").string() + " " + name + ".warc.gz", dir);
  EXPECT_EQ(digests.exit_code, 0) << digests.out << digests.err;
  EXPECT_NE(digests.out.find("\"errors\":0"), std::string::npos) << digests.out;
}

TEST_F(WarcCliTest, AFetchedCountyExportsAResponsePerFetchWithTheServedPayloads) {
  const simulator::PortalTruth& truth = sim_->portals().front();
  const size_t from = sim_->server().Requests().size();
  const CliRun fetch = Fetch(truth.name);
  ASSERT_EQ(fetch.exit_code, 0) << fetch.err;
  const std::map<std::string, std::string> served = Served(from);
  const CliRun run = Export("county");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(" responses"), std::string::npos) << run.out;
  const std::vector<ReadRecord> records =
      CheckWarc(dir_ / "county.warc.gz", dir_ / "county.cdxj", FetchLog(), served);
  // Each report page of the ground truth is there as a response with the served bytes.
  for (const simulator::ReportTruth& report : truth.reports) {
    bool found = false;
    for (const ReadRecord& r : records) found |= r.Field("WARC-Target-URI") == report.page_url;
    EXPECT_TRUE(found) << report.page_url;
  }
  CheckWithWarcio(dir_, "county", records.size());
}

// The TRS portal links 政府信息公开 by a directory that answers 301 with nginx's body; the VSB
// portal's cookie gate answers 302 to the page itself; Shaanxi's 302 carries a 20 KiB page. Each
// hop is its own request and response (before the final pair, at the hop's URL, with the bytes
// served; the 20 KiB body not kept: head only, WARC-Truncated), indexed in the CDXJ with its 3xx
// status as warcio indexes it.
TEST_F(WarcCliTest, RedirectHopsAreTheirOwnRecordsAndWarcioIndexesThemAsWeDo) {
  const size_t from = sim_->server().Requests().size();
  for (const char* family : {"trs", "vsb", "shaanxi"}) {
    const simulator::PortalTruth* truth = sim_->Portal(family);
    ASSERT_NE(truth, nullptr) << family;
    ASSERT_EQ(Fetch(truth->name).exit_code, 0) << family;
  }
  const std::map<std::string, std::string> served = Served(from);
  ASSERT_EQ(Export("hops").exit_code, 0);
  const std::vector<store::FetchEntry> log = FetchLog();
  const std::vector<ReadRecord> records = CheckWarc(dir_ / "hops.warc.gz", dir_ / "hops.cdxj", log, served);
  std::string moved_url, cookie_url;
  for (const store::FetchEntry& e : log) {
    ASSERT_EQ(e.hops.size(), e.redirects.size()) << e.url;  // every hop kept its response
    for (size_t h = 0; h < e.hops.size(); ++h) {
      if (e.redirects[h].starts_with("301 ") && e.redirects[h].ends_with("/zwgk/zfxxgk/")) moved_url = e.url;
      if (e.redirects[h].starts_with("302 ") && e.url == e.final_url) cookie_url = e.url;
    }
  }
  ASSERT_FALSE(moved_url.empty()) << "no 301 of the TRS openness directory in the log";
  ASSERT_FALSE(cookie_url.empty()) << "no VSB cookie redirect in the log";
  size_t truncated = 0;
  for (const ReadRecord& r : records) {
    if (r.Field("WARC-Truncated").empty()) continue;
    ++truncated;
    EXPECT_EQ(r.Field("WARC-Target-URI"), "http://www.simshaanxi-a.gov.cn/zfxxgk/");
    EXPECT_TRUE(r.block.starts_with("HTTP/1.1 302 Found\r\n")) << r.block;
    EXPECT_TRUE(r.block.ends_with("\r\n\r\n")) << r.block;  // the head only
    EXPECT_NE(r.Field("XXGK-Body-Not-Kept"), "");
  }
  EXPECT_EQ(truncated, 1u);
  // The 301: request, response (nginx's body), then the index page's request and response.
  size_t at = 0;
  while (at < records.size() && !(records[at].Field("WARC-Type") == "response" &&
                                  records[at].Field("WARC-Target-URI") == moved_url)) {
    ++at;
  }
  ASSERT_LT(at + 2, records.size());
  const ReadRecord& hop = records[at];
  EXPECT_NE(hop.block.find("\r\nLocation: " + moved_url + "index.shtml\r\n"), std::string::npos) << hop.block;
  EXPECT_NE(hop.block.find("<center><h1>301 Moved Permanently</h1></center>"), std::string::npos);
  EXPECT_EQ(records[at - 1].Field("WARC-Type"), "request");
  EXPECT_EQ(records[at + 1].Field("WARC-Type"), "request");
  EXPECT_EQ(records[at + 2].Field("WARC-Target-URI"), moved_url + "index.shtml");
  EXPECT_EQ(records[at + 2].Field("XXGK-Requested-URI"), moved_url);
  const std::string cdxj = Slurp(dir_ / "hops.cdxj");
  EXPECT_NE(cdxj.find("{\"url\":\"" + moved_url + "\",\"mime\":\"text/html\",\"status\":\"301\",\"digest\":\"" +
                      hop.Field("WARC-Payload-Digest").substr(5) + "\""),
            std::string::npos)
      << cdxj;
  EXPECT_NE(cdxj.find("{\"url\":\"" + cookie_url + "\",\"mime\":\"text/html\",\"status\":\"302\""),
            std::string::npos)
      << cdxj;
  CheckWithWarcio(dir_, "hops", records.size());
  std::string why;
  if (!WarcioAvailable(&why)) return;
  const CliRun digests = RunShell("node " + (fs::path(XXGK_SOURCE_DIR) / "tests/warc/check_warc.mjs").string() +
                                      " " + (dir_ / "hops.warc.gz").string(), dir_);
  EXPECT_NE(digests.out.find("\"truncated\":1,"), std::string::npos) << digests.out;
}

TEST_F(WarcCliTest, PostedListPagesAreRequestRecordsWithTheirBodyAndWarcioKeysThemAsWeDo) {
  const simulator::PortalTruth* truth = sim_->Portal("hanweb");
  ASSERT_NE(truth, nullptr);
  const size_t from = sim_->server().Requests().size();
  ASSERT_EQ(Fetch(truth->name).exit_code, 0);
  const std::map<std::string, std::string> served = Served(from);
  ASSERT_EQ(Export("posts").exit_code, 0);
  const std::vector<ReadRecord> records =
      CheckWarc(dir_ / "posts.warc.gz", dir_ / "posts.cdxj", FetchLog(), served);
  size_t posts = 0;
  for (const ReadRecord& r : records) {
    if (r.Field("WARC-Type") != "request" || !r.block.starts_with("POST ")) continue;
    ++posts;
    const size_t end = r.block.find("\r\n\r\n");
    ASSERT_NE(end, std::string::npos);
    const std::string body = r.block.substr(end + 4);
    EXPECT_NE(body.find("&columnid="), std::string::npos) << body;
    EXPECT_NE(r.block.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
              std::string::npos);
  }
  EXPECT_GE(posts, 2u);  // the simulated jcms answers its data proxy to the form POST only
  EXPECT_NE(Slurp(dir_ / "posts.cdxj").find("__wb_method=post&"), std::string::npos);
  CheckWithWarcio(dir_, "posts", records.size());
}

TEST_F(WarcCliTest, ASecondFetchesIdenticalPayloadsAreRevisitsOfTheFirst) {
  const simulator::PortalTruth& truth = sim_->portals().back();
  const size_t from = sim_->server().Requests().size();
  ASSERT_EQ(Fetch(truth.name).exit_code, 0);
  ASSERT_EQ(Fetch(truth.name).exit_code, 0);
  const CliRun run = Export("twice");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<ReadRecord> records =
      CheckWarc(dir_ / "twice.warc.gz", dir_ / "twice.cdxj", FetchLog(), Served(from));
  size_t revisits = 0;
  for (const ReadRecord& r : records) revisits += r.Field("WARC-Type") == "revisit";
  EXPECT_GT(revisits, 0u) << run.out;
  CheckWithWarcio(dir_, "twice", records.size());
}

TEST_F(WarcCliTest, ImportedFilesAreResourceRecordsWithFileUris) {
  const fs::path reports = fs::path(XXGK_SOURCE_DIR) / "seeds/reports";
  ASSERT_EQ(RunShell(std::string(XXGK_BINARY) + " import --archive " + (dir_ / "archive").string() +
                         " " + reports.string(), dir_).exit_code, 0);
  const CliRun run = Export("files");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<ReadRecord> records = xxgk::testing::ReadWarcGz((dir_ / "files.warc.gz").string());
  size_t resources = 0;
  for (const ReadRecord& r : records) {
    if (r.Field("WARC-Type") != "resource") continue;
    ++resources;
    const std::string uri = r.Field("WARC-Target-URI");
    EXPECT_EQ(uri.rfind("file://" + reports.string() + "/", 0), 0u) << uri;
    const std::string file = Slurp(reports / fs::path(uri).filename());
    EXPECT_EQ(r.block, file);
    EXPECT_EQ(r.Field("WARC-Payload-Digest"), store::WarcSha1(file));
  }
  EXPECT_EQ(resources, 5u);
  EXPECT_EQ(Lines(Slurp(dir_ / "files.cdxj")).size(), 5u);
  CheckWithWarcio(dir_, "files", records.size());
}

// `xxgk fetch --warc DIR` writes, while crawling, the records a later export makes of the same
// fetches (same ids, digests and blocks), in rolling files that each start with a warcinfo.
TEST_F(WarcCliTest, FetchWithWarcWritesTheRecordsExportWouldInRollingFiles) {
  const simulator::PortalTruth& truth = sim_->portals().front();
  const CliRun fetch = RunShell(std::string(XXGK_BINARY) + " fetch '" + truth.name + "' --seeds " +
                                    (dir_ / "seeds.tsv").string() + " --archive " +
                                    (dir_ / "archive").string() + " --proxy http://127.0.0.1:" +
                                    std::to_string(sim_->port()) +
                                    " --delay 0 --retry-base 0.01 --quiet --warc " +
                                    (dir_ / "live").string() + " --warc-max-bytes 30000",
                                dir_);
  ASSERT_EQ(fetch.exit_code, 0) << fetch.err;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir_ / "live")) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 1u);  // rotated
  std::vector<ReadRecord> live;
  for (const fs::path& file : files) {
    EXPECT_EQ(file.extension(), ".gz") << file;  // no .open file left
    EXPECT_EQ(file.filename().string().rfind("xxgk-", 0), 0u) << file;
    std::vector<ReadRecord> records = xxgk::testing::ReadWarcGz(file.string());
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records[0].Field("WARC-Type"), "warcinfo");
    EXPECT_EQ(records[0].Field("WARC-Filename"), file.filename().string());
    for (size_t i = 1; i < records.size(); ++i) {
      EXPECT_EQ(records[i].Field("WARC-Warcinfo-ID"), records[0].Field("WARC-Record-ID"));
    }
    live.insert(live.end(), records.begin() + 1, records.end());
  }
  ASSERT_EQ(Export("after").exit_code, 0);
  std::vector<ReadRecord> exported = xxgk::testing::ReadWarcGz((dir_ / "after.warc.gz").string());
  ASSERT_FALSE(exported.empty());
  exported.erase(exported.begin());
  ASSERT_EQ(live.size(), exported.size());
  for (size_t i = 0; i < live.size(); ++i) {
    SCOPED_TRACE(exported[i].Field("WARC-Target-URI"));
    for (const char* name : {"WARC-Type", "WARC-Record-ID", "WARC-Target-URI", "WARC-Date",
                             "WARC-Concurrent-To", "WARC-Payload-Digest", "WARC-Block-Digest"}) {
      EXPECT_EQ(live[i].Field(name), exported[i].Field(name)) << name;
    }
    EXPECT_EQ(live[i].block, exported[i].block);
  }
  std::string why;
  if (!WarcioAvailable(&why)) GTEST_SKIP() << why;
  for (const fs::path& file : files) {
    const CliRun digests = RunShell("node " + (fs::path(XXGK_SOURCE_DIR) / "tests/warc/check_warc.mjs").string() +
                                        " " + file.string(), dir_);
    EXPECT_EQ(digests.exit_code, 0) << file << digests.out << digests.err;
  }
}

// The files of a --warc DIR in name order (the roller's serial order), each opened by a warcinfo
// its records point at; their records after the warcinfo, appended to `*records`.
std::vector<fs::path> LiveFiles(const fs::path& dir, std::vector<ReadRecord>* records) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    EXPECT_EQ(file.extension(), ".gz") << file;  // no .open file left
    std::vector<ReadRecord> in = xxgk::testing::ReadWarcGz(file.string());
    EXPECT_FALSE(in.empty()) << file;
    if (in.empty()) continue;
    EXPECT_EQ(in[0].Field("WARC-Type"), "warcinfo");
    EXPECT_EQ(in[0].Field("WARC-Filename"), file.filename().string());
    for (size_t i = 1; i < in.size(); ++i) {
      EXPECT_TRUE(in[i].complete) << file << " " << in[i].offset;
      EXPECT_EQ(in[i].Field("WARC-Warcinfo-ID"), in[0].Field("WARC-Record-ID"));
    }
    records->insert(records->end(), in.begin() + 1, in.end());
  }
  return files;
}

// `xxgk harvest --warc DIR` with several counties walked at once (each its own archive writer):
// one series of files, xxgk-STAMP-00000… with consecutive serials, holding exactly the records
// `export --warc` gives afterwards (ids, digests, URIs, blocks, revisits), in the log's order;
// warcio indexes every file and every digest re-computes. A second harvest into the same
// archive (its fetch log numbers start past the first's) writes export's ids again.
TEST_F(WarcCliTest, HarvestWithWarcOfSeveralCountiesAtOnceWritesTheRecordsExportGives) {
  ASSERT_GE(sim_->portals().size(), 3u);
  const CliRun run = Harvest("--counties-at-once 4 --warc " + (dir_ / "live").string() +
                             " --warc-max-bytes 30000");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<ReadRecord> live;
  const std::vector<fs::path> files = LiveFiles(dir_ / "live", &live);
  ASSERT_GT(files.size(), 2u);  // rotated
  const std::string stamp = files[0].filename().string().substr(0, 20);  // "xxgk-yyyymmddhhmmss-"
  for (size_t i = 0; i < files.size(); ++i) {
    char serial[16];
    std::snprintf(serial, sizeof serial, "%05zu", i);
    EXPECT_EQ(files[i].filename().string(), stamp + serial + ".warc.gz");  // one series
    EXPECT_NE(run.err.find("xxgk: harvest: WARC: " + files[i].string() + "\n"), std::string::npos)
        << run.err;
  }
  // The counties' fetches are interleaved in the log when they were walked at once; counted for
  // the message only (whether batches interleave depends on timing).
  std::set<std::string> hosts;
  size_t host_changes = 0;
  std::string last_host;
  for (const ReadRecord& r : live) {
    const std::string uri = r.Field("WARC-Target-URI");
    const std::string host = uri.substr(0, uri.find('/', 8));
    if (host != last_host) ++host_changes;
    hosts.insert(host);
    last_host = host;
  }

  ASSERT_EQ(Export("after").exit_code, 0);
  std::vector<ReadRecord> exported = xxgk::testing::ReadWarcGz((dir_ / "after.warc.gz").string());
  ASSERT_FALSE(exported.empty());
  exported.erase(exported.begin());
  ASSERT_EQ(live.size(), exported.size()) << hosts.size() << " hosts, " << host_changes << " changes";
  size_t responses = 0;
  for (size_t i = 0; i < live.size(); ++i) {
    SCOPED_TRACE(exported[i].Field("WARC-Target-URI"));
    for (const char* name : {"WARC-Type", "WARC-Record-ID", "WARC-Target-URI", "WARC-Date",
                             "WARC-Concurrent-To", "WARC-Refers-To", "WARC-Payload-Digest",
                             "WARC-Block-Digest"}) {
      EXPECT_EQ(live[i].Field(name), exported[i].Field(name)) << name << " of record " << i;
    }
    EXPECT_EQ(live[i].block, exported[i].block);
    responses += live[i].Field("WARC-Type") == "response";
  }
  EXPECT_GT(responses, 20u);
  std::cout << "harvest --warc: " << files.size() << " files, " << live.size() << " records ("
            << responses << " responses) of " << hosts.size() << " hosts, " << host_changes
            << " host changes in log order\n";

  // A second harvest: its records are the export's last ones, with the same ids and digests (the
  // types may differ: the second series' first copy of a payload is a response in it, where the
  // export of the whole archive makes it a revisit of the first harvest's).
  const CliRun again = Harvest("--counties-at-once 4 --warc " + (dir_ / "live2").string());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  std::vector<ReadRecord> live2;
  const std::vector<fs::path> files2 = LiveFiles(dir_ / "live2", &live2);
  ASSERT_FALSE(live2.empty());
  ASSERT_EQ(Export("after2").exit_code, 0);
  std::vector<ReadRecord> exported2 = xxgk::testing::ReadWarcGz((dir_ / "after2.warc.gz").string());
  ASSERT_EQ(exported2.size(), 1 + live.size() + live2.size());
  for (size_t i = 0; i < live2.size(); ++i) {
    const ReadRecord& e = exported2[1 + live.size() + i];
    SCOPED_TRACE(e.Field("WARC-Target-URI"));
    for (const char* name : {"WARC-Record-ID", "WARC-Target-URI", "WARC-Date", "WARC-Concurrent-To",
                             "WARC-Payload-Digest"}) {
      EXPECT_EQ(live2[i].Field(name), e.Field(name)) << name << " of record " << i;
    }
  }

  std::string why;
  if (!WarcioAvailable(&why)) GTEST_SKIP() << why;
  const fs::path warc_dir = fs::path(XXGK_SOURCE_DIR) / "tests/warc";
  std::vector<fs::path> all = files;
  all.insert(all.end(), files2.begin(), files2.end());
  for (const fs::path& file : all) {
    SCOPED_TRACE(file.string());
    const CliRun index = RunShell("node " + (warc_dir / "node_modules/warcio/dist/cli.js").string() +
                                      " index " + file.string(), dir_);
    ASSERT_EQ(index.exit_code, 0) << index.err;
    EXPECT_EQ(Lines(index.out).size(), xxgk::testing::ReadWarcGz(file.string()).size());
    const CliRun digests = RunShell("node " + (warc_dir / "check_warc.mjs").string() + " " + file.string(), dir_);
    EXPECT_EQ(digests.exit_code, 0) << digests.out << digests.err;
    EXPECT_NE(digests.out.find("\"errors\":0"), std::string::npos) << digests.out;
  }
}

TEST_F(WarcCliTest, TheJsonSummaryCountsTheRecords) {
  ASSERT_EQ(RunShell(std::string(XXGK_BINARY) + " import --archive " + (dir_ / "archive").string() +
                         " " + (fs::path(XXGK_SOURCE_DIR) / "seeds/reports").string(), dir_).exit_code, 0);
  const CliRun run = RunShell(std::string(XXGK_BINARY) + " export --json --archive " +
                                  (dir_ / "archive").string() + " --warc " + (dir_ / "j.warc.gz").string(),
                              dir_);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"records\":6,"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\"resources\":5,"), std::string::npos) << run.out;
}

TEST_F(WarcCliTest, CdxjWithoutWarcIsABadCommandLine) {
  const CliRun run = RunShell(std::string(XXGK_BINARY) + " export --archive x --cdxj a.cdxj", dir_);
  EXPECT_EQ(run.exit_code, 2) << run.err;
}

}  // namespace
}  // namespace xxgk::crawl::testing
