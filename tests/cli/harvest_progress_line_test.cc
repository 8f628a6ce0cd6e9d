// HarvestLiveView (`xxgk harvest`'s live line) on fixed progress calls and a fixed clock: counts
// of counties, hosts busy, pages; the ETA by seed hosts left; the counties walked while they fit.
#include "crawler/cli/harvest_progress_line.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/display_width.h"
#include "crawler/seeds/seed_list.h"
#include "crawler/seeds/seed_selection.h"

namespace xxgk::cli {
namespace {

using std::chrono::seconds;

// Three counties: 星河县 on one host, 月亮县 with a town on a second host, 太阳县 on one host.
constexpr char kSeeds[] =
    "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes\n"
    "140901\t山西省\t忻州市\t星河县\tcounty\thttp://www.xinghe.gov.cn/\t\t\n"
    "140902\t山西省\t忻州市\t月亮县\tcounty\thttp://www.yueliang.gov.cn/\t\t\n"
    "140902101\t山西省\t忻州市\t月亮县城关镇\ttown\thttp://cgz.yueliang.gov.cn/\t\t\n"
    "140903\t山西省\t忻州市\t太阳县\tcounty\thttp://www.taiyang.gov.cn/\t\t\n";

class HarvestLiveViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(seeds::SeedList::Parse(kSeeds, "<test>", &list_).ok());
    ASSERT_TRUE(seeds::SelectCounties(list_, {}, &counties_).ok());
    ASSERT_EQ(counties_.size(), 3u);
  }
  static harvest::HarvestProgress Walking(size_t county, size_t pages, size_t queued) {
    harvest::HarvestProgress p;
    p.county = county;
    p.counties = 3;
    p.pages.pages = pages;
    p.pages.errors = 1;
    p.pages.reports_found = 2;
    p.pages.by_host["http://a:80"].queued = queued;
    p.pages.by_host["http://b:80"].queued = 0;
    return p;
  }

  seeds::SeedList list_;
  std::vector<seeds::CountySelection> counties_;
  const HarvestLiveView::Clock::time_point t0_{};
};

TEST_F(HarvestLiveViewTest, CountsWhatIsWalkedAndWhatEnded) {
  HarvestLiveView view(counties_, t0_);
  view.Update(Walking(0, 10, 3));
  view.Update(Walking(1, 5, 0));
  EXPECT_EQ(view.Line(200, t0_ + seconds(5)),
            "0/3 counties, 2 walking, 1 host busy · 15 pages, 2 errors, 4 reports · 星河县 10 "
            "pages · 月亮县 5 pages");
  // 星河县 ends with 12 pages: its totals replace its live counts; no ETA until then.
  harvest::CountyOutcome done;
  done.state = harvest::CountyOutcome::State::kDone;
  done.result.pages = 12;
  done.result.reports.resize(3);
  harvest::HarvestProgress end = Walking(0, 12, 0);
  end.finished = &done;
  view.Update(end);
  // One seed host of four ended in 60 s: three left, 3 min.
  EXPECT_EQ(view.Line(200, t0_ + seconds(60)),
            "1/3 counties, 1 walking, 0 hosts busy · 17 pages, 1 error, 5 reports · ETA 3 min 00 s · "
            "月亮县 5 pages");
}

TEST_F(HarvestLiveViewTest, FitsTheWidthDroppingCountiesFirst) {
  HarvestLiveView view(counties_, t0_);
  view.Update(Walking(0, 10, 3));
  view.Update(Walking(1, 5, 1));
  const std::string wide = view.Line(200, t0_);
  const std::string narrow = view.Line(70, t0_);
  EXPECT_LE(DisplayWidth(narrow), 70u);
  EXPECT_EQ(narrow.find("月亮县"), std::string::npos) << narrow;
  EXPECT_EQ(wide.rfind(narrow.substr(0, 40), 0), 0u);
  EXPECT_LE(DisplayWidth(view.Line(20, t0_)), 20u);
}

}  // namespace
}  // namespace xxgk::cli
