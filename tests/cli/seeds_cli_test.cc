// `xxgk seeds` as a user runs it: the table, --tsv (the file's format back), --json, --check's
// summary, filters (--province, --prefecture, a name or code prefix, a URL), which file is read
// (--seeds, [seeds] path of --config, ./seeds/portals.tsv, the source tree's), and exit codes:
// 1 when nothing matches, 2 on a bad seed file (every bad line named with its file and line)
// or configuration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_run.h"

namespace xxgk::crawl::testing {
namespace {

const std::string kList =
    "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes\n"
    "140423\t山西省\t长治市\t襄垣县\tcounty\thttp://www.xiangyuan.gov.cn/\t\t\n"
    "140423-guhan\t山西省\t长治市\t古韩镇\ttown\thttp://www.xiangyuan.gov.cn/\t\tdiscover\n"
    "141034\t山西省\t临汾市\t汾西县\tcounty\thttp://www.fenxi.gov.cn/\t"
    "http://www.fenxi.gov.cn/zfxxgk/xxgkzl/zfxxgknb/\tstated in its report\n"
    "141182\t山西省\t吕梁市\t汾阳市\tcounty\thttp://www.fenyang.gov.cn/\t\t\n"
    "610921\t陕西省\t安康市\t汉阴县\tcounty\thttps://www.hanyin.gov.cn/\t\t\n";

class SeedsCli : public ::testing::Test {
 protected:
  SeedsCli() {
    dir_ = std::filesystem::temp_directory_path() /
           ("xxgk_seeds_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    Write("list.tsv", kList);
  }
  ~SeedsCli() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::filesystem::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  // Runs xxgk in `cwd` (default: the test directory), with no $XXGK_CONFIG.
  CliRun Xxgk(const std::string& args, const std::filesystem::path& cwd = {}) {
    const std::filesystem::path where = cwd.empty() ? dir_ : cwd;
    return RunShell("cd '" + where.string() + "' && env -u XXGK_CONFIG " + XXGK_BINARY + " " + args,
                    dir_);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  // The first field of each line of a table or TSV, header included.
  static std::vector<std::string> FirstFields(const std::string& text) {
    std::vector<std::string> fields;
    for (const std::string& line : Lines(text)) fields.push_back(line.substr(0, line.find_first_of(" \t")));
    return fields;
  }

  std::filesystem::path dir_;
};

TEST_F(SeedsCli, TableListsEveryRowAligned) {
  const CliRun run = Xxgk("seeds --seeds list.tsv");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 6u) << run.out;
  EXPECT_EQ(FirstFields(run.out),
            (std::vector<std::string>{"code", "140423", "140423-guhan", "141034", "141182", "610921"}));
  // Aligned by display width: "name" (4 columns) and "襄垣县" (6 columns) pad to the same
  // column, so the level column starts at the same byte offset of the ASCII header and of a
  // row once the CJK bytes (3 per character, 2 columns) are accounted for.
  const size_t header_level = lines[0].find("level");
  const size_t row_level = lines[1].find("county");
  ASSERT_NE(header_level, std::string::npos);
  ASSERT_NE(row_level, std::string::npos);
  EXPECT_EQ(row_level - 3 /* 襄垣县: 9 bytes, 6 columns */, header_level) << run.out;
  EXPECT_NE(lines[3].find("http://www.fenxi.gov.cn/"), std::string::npos);
  EXPECT_TRUE(lines[3].ends_with("1")) << lines[3];  // one column
}

TEST_F(SeedsCli, TsvGivesTheFileBack) {
  const CliRun run = Xxgk("seeds --seeds list.tsv --tsv");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, kList);
}

TEST_F(SeedsCli, JsonOneObjectPerRow) {
  const CliRun run = Xxgk("seeds --seeds list.tsv --json 汾西");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 1u) << run.out;
  const nlohmann::json row = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(row["code"], "141034");
  EXPECT_EQ(row["province"], "山西省");
  EXPECT_EQ(row["prefecture"], "临汾市");
  EXPECT_EQ(row["name"], "汾西县");
  EXPECT_EQ(row["level"], "county");
  EXPECT_EQ(row["portal"], "http://www.fenxi.gov.cn/");
  EXPECT_EQ(row["columns"], nlohmann::json::array({"http://www.fenxi.gov.cn/zfxxgk/xxgkzl/zfxxgknb/"}));
  EXPECT_EQ(row["notes"], "stated in its report");
  EXPECT_EQ(row["line"], 4);
}

TEST_F(SeedsCli, FiltersCombine) {
  EXPECT_EQ(FirstFields(Xxgk("seeds --seeds list.tsv --tsv 汾").out),
            (std::vector<std::string>{"code", "141034", "141182"}));
  EXPECT_EQ(FirstFields(Xxgk("seeds --seeds list.tsv --tsv 1404").out),
            (std::vector<std::string>{"code", "140423", "140423-guhan"}));
  EXPECT_EQ(FirstFields(Xxgk("seeds --seeds list.tsv --tsv --province 陕西").out),
            (std::vector<std::string>{"code", "610921"}));
  EXPECT_EQ(FirstFields(Xxgk("seeds --seeds list.tsv --tsv --prefecture 吕梁 汾").out),
            (std::vector<std::string>{"code", "141182"}));
  EXPECT_EQ(FirstFields(Xxgk("seeds --seeds list.tsv --tsv http://xiangyuan.gov.cn/x.html").out),
            (std::vector<std::string>{"code", "140423"}));
}

TEST_F(SeedsCli, NothingMatchingExitsOne) {
  const CliRun run = Xxgk("seeds --seeds list.tsv --province 浙江");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("no row of list.tsv matches"), std::string::npos) << run.err;
}

TEST_F(SeedsCli, CheckPrintsASummary) {
  const CliRun run = Xxgk("seeds --seeds list.tsv --check");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "list.tsv: 5 rows, valid (4 county, 1 town, 0 department)\n");
}

TEST_F(SeedsCli, BadFileIsRefusedWithEveryBadLine) {
  Write("bad.tsv", kList + "141035\t山西省\t临汾市\t某县\tcity\thttp://a.gov.cn/\t\t\n" +
                       "141034\t山西省\t临汾市\t重复\tcounty\tfenxi.gov.cn\t\t\n" +
                       "141036\t山西省\t临汾市\t重复\tcounty\thttp://b.gov.cn/\t\t\n" +
                       "141034\t山西省\t临汾市\t重复\tcounty\thttp://c.gov.cn/\t\t\n");
  for (const char* flags : {"", " --check", " --tsv"}) {
    const CliRun run = Xxgk(std::string("seeds --seeds bad.tsv") + flags);
    EXPECT_EQ(run.exit_code, 2) << flags;
    EXPECT_EQ(run.out, "") << flags;
    EXPECT_EQ(run.err,
              "xxgk: seeds: bad.tsv:7: level 'city' is not county, town or department\n"
              "xxgk: seeds: bad.tsv:8: portal 'fenxi.gov.cn' is not an absolute http(s) URL\n"
              "xxgk: seeds: bad.tsv:10: code 141034 is already on line 4\n")
        << flags;
  }
}

TEST_F(SeedsCli, MissingFileAndBadFlags) {
  CliRun run = Xxgk("seeds --seeds nope.tsv");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("nope.tsv: cannot read"), std::string::npos) << run.err;
  run = Xxgk("seeds --seeds list.tsv --tsv --json");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("excludes"), std::string::npos) << run.err;
}

TEST_F(SeedsCli, WhichFileIsRead) {
  // [seeds] path of --config, relative to the working directory.
  Write("other/list.tsv", kList.substr(0, kList.find("141034")));  // header + 2 rows
  Write("conf.toml", "[seeds]\npath = \"other/list.tsv\"\n");
  CliRun run = Xxgk("seeds --config conf.toml --check");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "other/list.tsv: 2 rows, valid (1 county, 1 town, 0 department)\n");
  // --seeds wins over the configuration.
  run = Xxgk("seeds --config conf.toml --seeds list.tsv --check");
  EXPECT_EQ(run.out, "list.tsv: 5 rows, valid (4 county, 1 town, 0 department)\n");
  // A bad key is named with its file and line.
  Write("badconf.toml", "# x\n[seeds]\npath = 3\n");
  run = Xxgk("seeds --config badconf.toml --check");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "xxgk: seeds: badconf.toml:3: [seeds] path must be a non-empty string\n");
  // Without either: ./seeds/portals.tsv of the working directory ...
  Write("here/seeds/portals.tsv", kList);
  run = Xxgk("seeds --check", dir_ / "here");
  EXPECT_EQ(run.out, "seeds/portals.tsv: 5 rows, valid (4 county, 1 town, 0 department)\n");
  // ... else the source tree's list.
  std::filesystem::create_directories(dir_ / "empty");
  run = Xxgk("seeds --check", dir_ / "empty");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with(std::string(XXGK_SOURCE_DIR) + "/seeds/portals.tsv: "))
      << run.out;
}

TEST_F(SeedsCli, TheCommittedListFromTheRepository) {
  const CliRun run = Xxgk("seeds --check", XXGK_SOURCE_DIR);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("seeds/portals.tsv: ")) << run.out;  // via config/default.toml
  const CliRun samples = Xxgk("seeds --tsv 汉阴县", XXGK_SOURCE_DIR);
  EXPECT_EQ(FirstFields(samples.out), (std::vector<std::string>{"code", "610921"}));
}

}  // namespace
}  // namespace xxgk::crawl::testing
