// Crawl ingest end to end: fetched pages and found reports (as FetchResults) → PrepareReport →
// Archive::Ingest into a temporary archive, then read back: one document per report whatever
// its copies, its record, where it was published, every fetch logged with its payload, and a
// second crawl of the same pages adding no document.
#include "crawler/ingest/crawl_ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/utc_time.h"
#include "crawler/ingest/archive_check.h"
#include "extract/text/doc_identity.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/pdf_writer.h"
#include "tests/extract/report_builder.h"

namespace xxgk::ingest {
namespace {

namespace fs = std::filesystem;
using crawl::FetchResult;

constexpr const char* kTime = "2026-12-02T08:00:00Z";

FetchResult Fetched(std::string url, std::string body, std::string content_type) {
  FetchResult r;
  r.requested_url = url;
  r.final_url = std::move(url);
  r.error = crawl::AttemptError::kNone;
  r.http_status = 200;
  r.status_line = "HTTP/1.1 200 OK";
  r.headers = {{"Content-Type", std::move(content_type)}, {"Server", "test"}};
  r.body = std::move(body);
  return r;
}

std::string ReportText(uint32_t seed) {
  return testing::BuildReportText(testing::MakeConsistentReport(extract::TemplateId::k2021, seed),
                                  testing::Layout::kTabs);
}

std::string ReportPage(std::string_view text) {
  testing::HtmlStyle style;
  style.chrome = testing::Chrome::kTrs;
  style.merge_cells = true;
  return testing::ReportTextToHtml(text, style);
}

crawl::FoundReport Found(std::vector<FetchResult> pages, std::vector<FetchResult> attachments = {}) {
  crawl::FoundReport report;
  report.place = crawl::ReportPlace{"140429", "政府信息公开年报/县政府",
                                    "测试县2023年政府信息公开工作年度报告", "2024-01-29", 2023};
  report.pages = std::move(pages);
  report.attachments = std::move(attachments);
  return report;
}

class CrawlIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-crawl-ingest-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_TRUE(store::Archive::Open((root_ / "a").string(), {}, &archive_).ok());
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(root_);
  }
  store::IngestResult Ingest(const PreparedReport& prepared) {
    store::IngestResult result;
    Status s = archive_->Ingest(prepared.batch, &result);
    EXPECT_TRUE(s.ok()) << s.message();
    return result;
  }
  store::ArchiveCounts Counts() {
    store::ArchiveCounts c;
    EXPECT_TRUE(archive_->Counts(&c).ok());
    return c;
  }
  fs::path root_;
  std::unique_ptr<store::Archive> archive_;
};

TEST_F(CrawlIngestTest, AnInlineReportWithAPdfCopyIsOneDocumentWithTwoSources) {
  const std::string text = ReportText(7);
  const std::string page_url = "https://www.a.gov.cn/zfxxgk/nb/202401/t20240129_1.html";
  const std::string pdf_url = "https://www.a.gov.cn/zfxxgk/nb/202401/P020240129.pdf";
  const crawl::FoundReport found = Found({Fetched(page_url, ReportPage(text), "text/html; charset=utf-8")},
                                  {Fetched(pdf_url, testing::MakeTextPdf(text), "application/pdf")});
  const PreparedReport prepared = PrepareReport(found, kTime);
  ASSERT_TRUE(prepared.document) << (prepared.problems.empty() ? "" : prepared.problems[0]);
  const store::IngestResult result = Ingest(prepared);
  ASSERT_EQ(result.documents.size(), 2u);
  EXPECT_EQ(result.documents[0].outcome, store::AddOutcome::kNew);
  EXPECT_EQ(result.documents[1].outcome, store::AddOutcome::kDuplicate);  // the copy

  const store::ArchiveCounts c = Counts();
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.sources, 2u);
  EXPECT_EQ(c.records, 1u);
  EXPECT_EQ(c.fetches, 2u);
  EXPECT_EQ(c.page_payloads, 0u);  // both payloads are the document's sources

  const std::string doc_id = prepared.batch.documents[*prepared.document].doc_id;
  std::vector<store::DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources(doc_id, &sources).ok());
  ASSERT_EQ(sources.size(), 2u);
  int copies = 0;
  for (const store::DocumentSource& source : sources) {
    EXPECT_EQ(source.seed_code, "140429");
    EXPECT_EQ(source.column, "政府信息公开年报/县政府");
    EXPECT_EQ(source.list_date, "2024-01-29");
    if (source.copy) {
      ++copies;
    }
    if (source.origin == pdf_url) EXPECT_EQ(source.page, page_url);
  }
  EXPECT_EQ(copies, 1);

  std::optional<store::StoredRecord> record;
  ASSERT_TRUE(archive_->GetRecord(doc_id, &record).ok());
  ASSERT_TRUE(record);
  const nlohmann::json j = nlohmann::json::parse(record->json);
  EXPECT_EQ(j["year"], testing::MakeConsistentReport(extract::TemplateId::k2021, 7).year);
  for (const auto& check : j["checks"]) EXPECT_TRUE(check["ok"].get<bool>()) << check.dump();

  std::optional<store::FetchEntry> fetch;
  ASSERT_TRUE(archive_->GetLatestFetch(pdf_url, &fetch).ok());
  ASSERT_TRUE(fetch);
  EXPECT_EQ(fetch->role, "attachment");
  EXPECT_EQ(fetch->doc_id, doc_id);
  EXPECT_EQ(fetch->status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(fetch->payload_sha256, extract::Sha256Hex(found.attachments[0].body));
}

TEST_F(CrawlIngestTest, WhenThePageOnlyLinksTheReportTheAttachmentIsTheDocument) {
  const std::string text = ReportText(11);
  const crawl::FoundReport found =
      Found({Fetched("https://www.a.gov.cn/nb/t1.html",
                     "<html><body><div class=TRS_Editor><p>详见附件。</p></div></body></html>",
                     "text/html")},
            {Fetched("https://www.a.gov.cn/nb/P1.pdf", testing::MakeTextPdf(text), "application/pdf")});
  const PreparedReport prepared = PrepareReport(found, kTime);
  ASSERT_TRUE(prepared.document);
  EXPECT_EQ(prepared.format, "pdf");
  EXPECT_EQ(prepared.url, "https://www.a.gov.cn/nb/P1.pdf");
  Ingest(prepared);
  const store::ArchiveCounts c = Counts();
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.sources, 1u);        // the page is not a copy of the report
  EXPECT_EQ(c.page_payloads, 1u);  // but its bytes are kept with its fetch
}

TEST_F(CrawlIngestTest, AReportContinuedOverTwoPagesIsOneJoinedText) {
  const std::string text = ReportText(3);
  const size_t cut = text.find("三、");
  ASSERT_NE(cut, std::string::npos);
  const crawl::FoundReport found =
      Found({Fetched("https://www.a.gov.cn/nb/t2.html", ReportPage(text.substr(0, cut)), "text/html"),
             Fetched("https://www.a.gov.cn/nb/t2_1.html", ReportPage(text.substr(cut)), "text/html")});
  const PreparedReport prepared = PrepareReport(found, kTime);
  ASSERT_TRUE(prepared.document);
  const store::NewDocument& doc = prepared.batch.documents[*prepared.document];
  EXPECT_EQ(doc.source.joined, (std::vector<std::string>{"https://www.a.gov.cn/nb/t2.html",
                                                          "https://www.a.gov.cn/nb/t2_1.html"}));
  EXPECT_NE(doc.text.find("二、"), std::string::npos);
  EXPECT_NE(doc.text.find("四、"), std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(doc.record->json);
  EXPECT_FALSE(j["active_disclosure"].is_null());
  EXPECT_FALSE(j["applications"].is_null());
  EXPECT_FALSE(j["reviews_litigation"].is_null());
  Ingest(prepared);
  EXPECT_EQ(Counts().fetches, 2u);
}

TEST_F(CrawlIngestTest, ASecondCrawlOfTheSamePagesAddsNoDocument) {
  const std::string text = ReportText(5);
  const crawl::FoundReport found = Found({Fetched("https://www.a.gov.cn/nb/t5.html", ReportPage(text),
                                           "text/html")});
  Ingest(PrepareReport(found, kTime));
  const store::IngestResult again = Ingest(PrepareReport(found, "2026-12-03T08:00:00Z"));
  ASSERT_EQ(again.documents.size(), 1u);
  EXPECT_EQ(again.documents[0].outcome, store::AddOutcome::kDuplicate);
  EXPECT_FALSE(again.documents[0].source_added);
  const store::ArchiveCounts c = Counts();
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.fetches, 2u);
}

TEST_F(CrawlIngestTest, AttachmentsThatCannotBeReadNowAreKeptPendingOrNamed) {
  const std::string text = ReportText(9);
  FetchResult missing = Fetched("https://www.a.gov.cn/nb/gone.pdf", "", "text/html");
  missing.http_status = 404;
  const crawl::FoundReport found =
      Found({Fetched("https://www.a.gov.cn/nb/t9.html", ReportPage(text), "text/html")},
            {Fetched("https://www.a.gov.cn/nb/P9.pdf", "%PDF-1.4 damaged", "application/pdf"), missing});
  const PreparedReport prepared = PrepareReport(found, kTime);
  ASSERT_TRUE(prepared.document);
  EXPECT_EQ(prepared.format, "html");
  ASSERT_EQ(prepared.batch.pending.size(), 1u);  // a damaged PDF is kept for a later build
  EXPECT_EQ(prepared.batch.pending[0].source.page, "https://www.a.gov.cn/nb/t9.html");
  ASSERT_EQ(prepared.problems.size(), 2u);
  // Each named with why; the one kept says so (a refusal names its code already).
  EXPECT_TRUE(prepared.problems[0].starts_with("https://www.a.gov.cn/nb/P9.pdf: refused ("))
      << prepared.problems[0];
  EXPECT_TRUE(prepared.problems[0].ends_with(
      "; payload kept for later (xxgk rebuild converts it once it can)"))
      << prepared.problems[0];
  EXPECT_EQ(prepared.problems[0].find(" ["), std::string::npos) << prepared.problems[0];
  EXPECT_TRUE(prepared.problems[1].starts_with("https://www.a.gov.cn/nb/gone.pdf: not fetched"))
      << prepared.problems[1];
  EXPECT_EQ(prepared.problems[1].find("kept for later"), std::string::npos) << prepared.problems[1];
  Ingest(prepared);
  EXPECT_EQ(Counts().pending, 1u);
}

// A copy kept pending (here: over a lowered input limit; a scan under --no-ocr alike) keeps where
// the crawl found it, and the document a later build makes of it (RetryPending, `xxgk rebuild`)
// still says so.
TEST_F(CrawlIngestTest, APendingAttachmentConvertedLaterKeepsItsPlace) {
  const std::string text = ReportText(11);
  const std::string page_url = "https://www.a.gov.cn/nb/t11.html";
  const std::string pdf_url = "https://www.a.gov.cn/nb/P11.pdf";
  const crawl::FoundReport found =
      Found({Fetched(page_url, "<html><body><p>全文请见附件。</p></body></html>", "text/html")},
            {Fetched(pdf_url, testing::MakeTextPdf(text), "application/pdf")});
  ConvertOptions small;
  small.limits.max_input_bytes = 1000;
  const PreparedReport prepared = PrepareReport(found, kTime, small);
  ASSERT_EQ(prepared.batch.pending.size(), 1u) << ::testing::PrintToString(prepared.problems);
  Ingest(prepared);
  std::vector<store::PendingPayload> pending;
  std::string next;
  ASSERT_TRUE(archive_->ScanPending("", 10, &pending, &next).ok());
  ASSERT_EQ(pending.size(), 1u);
  const PendingRetry retry = RetryPending(*archive_, pending[0], {});
  ASSERT_TRUE(retry.document) << retry.problem;
  const store::DocumentSource& source = retry.document->source;
  EXPECT_EQ(source.origin, pdf_url);
  EXPECT_EQ(source.page, page_url);
  EXPECT_EQ(source.seed_code, "140429");
  EXPECT_EQ(source.column, "政府信息公开年报/县政府");
  EXPECT_EQ(source.list_title, "测试县2023年政府信息公开工作年度报告");
  EXPECT_EQ(source.list_date, "2024-01-29");
}

TEST(FetchEntryOf, KeepsTheRequestedUrlTheRedirectsAndTheValidators) {
  FetchResult r = Fetched("https://www.a.gov.cn/nb/index.html", "<p>x</p>", "text/html");
  r.requested_url = "http://www.a.gov.cn/nb/";
  r.redirects = {{"http://www.a.gov.cn/nb/", 301}};
  r.headers.emplace_back("ETag", "\"abc\"");
  r.headers.emplace_back("Last-Modified", "Mon, 29 Jan 2024 08:00:00 GMT");
  const store::FetchEntry e = FetchEntryOf(r, "list", kTime);
  EXPECT_EQ(e.url, "http://www.a.gov.cn/nb/");
  EXPECT_EQ(e.final_url, "https://www.a.gov.cn/nb/index.html");
  EXPECT_EQ(e.redirects, (std::vector<std::string>{"301 http://www.a.gov.cn/nb/"}));
  EXPECT_EQ(e.etag, "\"abc\"");
  EXPECT_EQ(e.last_modified, "Mon, 29 Jan 2024 08:00:00 GMT");
  EXPECT_EQ(e.payload_sha256, extract::Sha256Hex("<p>x</p>"));
  EXPECT_EQ(e.role, "list");

  EXPECT_TRUE(e.hops.empty());  // a hop known only as "301 URL" (a stored answer's): no response

  // Hops from the engine keep what their WARC records need, the time as the log writes times.
  crawl::RedirectHop hop{"http://www.a.gov.cn/nb/", 301};
  hop.status_line = "HTTP/1.1 301 Moved Permanently";
  hop.headers = {{"Location", "https://www.a.gov.cn/nb/index.html"}};
  hop.ip = "192.0.2.3";
  hop.time = *ParseUtc("2026-01-31T23:59:58Z");
  hop.body = "<a>moved</a>";
  hop.body_bytes = 12;
  hop.form_body = "q=1";
  r.redirects = {hop};
  const store::FetchEntry h = FetchEntryOf(r, "list", kTime);
  ASSERT_EQ(h.hops.size(), 1u);
  EXPECT_EQ(h.hops[0], (store::HopResponse{"HTTP/1.1 301 Moved Permanently",
                                           {{"Location", "https://www.a.gov.cn/nb/index.html"}},
                                           "192.0.2.3", "2026-01-31T23:59:58Z", "<a>moved</a>",
                                           12, "q=1"}));
  EXPECT_EQ(h.redirects, e.redirects);

  FetchResult failed;
  failed.requested_url = failed.final_url = "https://www.a.gov.cn/x";
  failed.error = crawl::AttemptError::kTimeout;
  failed.reason = "timed out after 30 s";
  const store::FetchEntry f = FetchEntryOf(failed, "list", kTime);
  EXPECT_EQ(f.error, "timed out after 30 s");
  EXPECT_TRUE(f.payload_sha256.empty());
}

}  // namespace
}  // namespace xxgk::ingest
