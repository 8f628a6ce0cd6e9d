// `xxgk fetch`'s live line and per-host table on fixed states: which hosts are named, in which
// order, with which counts; the width bound in terminal columns (CJK counts two); the table's
// alignment.
#include "crawler/cli/fetch_progress_line.h"

#include <gtest/gtest.h>

#include <clocale>

#include "base/display_width.h"

namespace xxgk::cli {
namespace {

class FetchProgressLineTest : public ::testing::Test {
 protected:
  void SetUp() override { std::setlocale(LC_CTYPE, "C.UTF-8"); }  // as xxgk's main does

  static harvest::FetchProgress State() {
    harvest::FetchProgress p;
    p.pages = 312;
    p.errors = 2;
    p.reports_found = 41;
    p.hosts = 4;
    auto& a = p.by_host["http://www.a.gov.cn:80"];
    a.pages = 280;
    a.errors = 2;
    a.queued = 12;
    auto& b = p.by_host["https://www.b.gov.cn:443"];
    b.pages = 5;
    b.queued = 3;
    b.backing_off = true;
    auto& c = p.by_host["http://zwfw.a.gov.cn:80"];
    c.pages = 1;
    c.blocked = "412 JavaScript challenge (瑞数)";
    auto& d = p.by_host["http://files.a.gov.cn:8080"];
    d.pages = 26;
    return p;
  }
};

TEST_F(FetchProgressLineTest, NamesStoppedThenBackingOffThenBusiestHostsWithTheirCounts) {
  EXPECT_EQ(FetchProgressLine(State(), 500),
            "312 pages, 2 errors, 41 reports · zwfw.a.gov.cn stopped (412 JavaScript challenge "
            "(瑞数)) 1 done · www.b.gov.cn backoff 3 queued 5 done · www.a.gov.cn 12 queued 280 "
            "done 2 failed · files.a.gov.cn:8080 26 done");
}

TEST_F(FetchProgressLineTest, KeepsToTheWidthAndCountsTheHostsLeftOut) {
  const harvest::FetchProgress state = State();
  for (size_t width : {10u, 30u, 60u, 80u, 100u, 120u, 160u}) {
    const std::string line = FetchProgressLine(state, width);
    EXPECT_LE(DisplayWidth(line), width) << line;
  }
  // 80 columns: the stopped host without its reason (which has two CJK characters), the rest
  // counted; 160: the first two whole, then the count.
  EXPECT_EQ(FetchProgressLine(state, 80),
            "312 pages, 2 errors, 41 reports · zwfw.a.gov.cn stopped 1 done · +3 hosts");
  EXPECT_EQ(FetchProgressLine(state, 160),
            "312 pages, 2 errors, 41 reports · zwfw.a.gov.cn stopped (412 JavaScript challenge "
            "(瑞数)) 1 done · www.b.gov.cn backoff 3 queued 5 done · +2 hosts");
  EXPECT_EQ(FetchProgressLine(state, 50), "312 pages, 2 errors, 41 reports · +4 hosts");
  EXPECT_EQ(FetchProgressLine(state, 20), "312 pages, 2 errors…");
}

TEST_F(FetchProgressLineTest, OneHostNoErrorsAndHttpBesideHttps) {
  harvest::FetchProgress p;
  p.pages = 1;
  p.reports_found = 0;
  p.by_host["http://www.a.gov.cn:80"].pages = 1;
  EXPECT_EQ(FetchProgressLine(p, 80), "1 page, 0 errors, 0 reports · www.a.gov.cn 1 done");
  p.by_host["https://www.a.gov.cn:443"].queued = 2;
  EXPECT_EQ(FetchProgressLine(p, 200),
            "1 page, 0 errors, 0 reports · https://www.a.gov.cn 2 queued 0 done · "
            "http://www.a.gov.cn 1 done");
}

TEST_F(FetchProgressLineTest, HostLabels) {
  EXPECT_EQ(HostLabel("https://www.a.gov.cn:443"), "www.a.gov.cn");
  EXPECT_EQ(HostLabel("http://www.a.gov.cn:80"), "www.a.gov.cn");
  EXPECT_EQ(HostLabel("http://www.a.gov.cn:443"), "www.a.gov.cn:443");
  EXPECT_EQ(HostLabel("http://1.2.3.4:8080", true), "http://1.2.3.4:8080");
}

TEST_F(FetchProgressLineTest, TableHasEveryHostAlignedWithItsState) {
  const std::vector<std::string> table = HostTable(State().by_host);
  ASSERT_EQ(table.size(), 5u);
  EXPECT_EQ(table[0], "host                 pages  failed  skipped  state");
  EXPECT_EQ(table[1], "files.a.gov.cn:8080     26       0        0  ok");
  EXPECT_EQ(table[2], "www.a.gov.cn           280       2        0  ok");
  EXPECT_EQ(table[3], "www.b.gov.cn             5       0        0  ok");
  EXPECT_EQ(table[4], "zwfw.a.gov.cn            1       0        0  stopped: 412 JavaScript "
                      "challenge (瑞数)");
}

TEST_F(FetchProgressLineTest, FitToWidthCutsOnCharacters) {
  EXPECT_EQ(FitToWidth("政府信息公开年报", 16), "政府信息公开年报");
  EXPECT_EQ(FitToWidth("政府信息公开年报", 15), "政府信息公开年…");  // 14 + 1
  EXPECT_EQ(FitToWidth("政府信息公开年报", 14), "政府信息公开…");    // 12 + 1: no half character
  EXPECT_EQ(FitToWidth("abc", 0), "");
}

}  // namespace
}  // namespace xxgk::cli
