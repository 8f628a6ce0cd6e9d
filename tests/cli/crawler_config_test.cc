// The [crawler] section of the configuration file: every key reaches its FetcherOptions field,
// config/default.toml says exactly what the built-in defaults are, and every mistake is reported
// as "file:line: reason" with the line it was made on.
#include "crawler/cli/crawler_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <clocale>
#include <filesystem>
#include <fstream>
#include <string>

namespace xxgk::cli {
namespace {

using namespace std::chrono_literals;

class CrawlerConfig : public ::testing::Test {
 protected:
  CrawlerConfig() {
    dir_ = std::filesystem::temp_directory_path() /
           ("xxgk_crawler_config_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  ~CrawlerConfig() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& text) {
    const std::string path = (dir_ / "xxgk.toml").string();
    std::ofstream(path) << text;
    return path;
  }

  // Loads `path` and applies its [crawler] section; the error, or "" on success.
  std::string Apply(const std::string& path, crawl::FetcherOptions* options) {
    ConfigFile config;
    std::string error;
    if (!LoadConfigFile(path, &config, &error) || !ApplyCrawlerConfig(config, options, &error)) {
      return error.empty() ? "(empty error)" : error;
    }
    return "";
  }

  std::string ErrorFor(const std::string& text) {
    crawl::FetcherOptions options;
    return Apply(Write(text), &options);
  }

  std::filesystem::path dir_;
};

TEST_F(CrawlerConfig, DefaultTomlStatesTheBuiltInDefaults) {
  crawl::FetcherOptions options;
  ASSERT_EQ(Apply(std::string(XXGK_SOURCE_DIR) + "/config/default.toml", &options), "");
  const crawl::FetcherOptions builtin;
  EXPECT_EQ(options.user_agent, builtin.user_agent);
  EXPECT_EQ(options.insecure_tls_hosts, builtin.insecure_tls_hosts);
  EXPECT_EQ(options.allowed_cidrs, builtin.allowed_cidrs);
  EXPECT_EQ(options.ca_file, builtin.ca_file);
  EXPECT_EQ(options.proxy, builtin.proxy);
  EXPECT_EQ(options.resolve, builtin.resolve);
  EXPECT_EQ(options.politeness.max_in_flight_per_host, builtin.politeness.max_in_flight_per_host);
  EXPECT_EQ(options.politeness.min_delay, builtin.politeness.min_delay);
  EXPECT_EQ(options.retry.max_attempts, builtin.retry.max_attempts);
  EXPECT_EQ(options.retry.base_delay, builtin.retry.base_delay);
  EXPECT_EQ(options.connect_timeout, builtin.connect_timeout);
  EXPECT_EQ(options.transfer_timeout, builtin.transfer_timeout);
  EXPECT_EQ(options.low_speed_bytes, builtin.low_speed_bytes);
  EXPECT_EQ(options.low_speed_time, builtin.low_speed_time);
  EXPECT_EQ(options.max_body_bytes, builtin.max_body_bytes);
  EXPECT_EQ(options.max_inflight_bytes, builtin.max_inflight_bytes);
}

TEST_F(CrawlerConfig, DefaultTomlSetsEveryKeyItDocuments) {
  // Guards the test above: a key missing from default.toml would compare its default to itself.
  std::ifstream in(std::string(XXGK_SOURCE_DIR) + "/config/default.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* key :
       {"\ninsecure_tls = ", "\nallow_networks = ", "\nmax_connections_per_host = ", "\ndelay = ",
        "\nmax_attempts = ", "\nretry_base_delay = ", "\nconnect_timeout = ",
        "\ntransfer_timeout = ", "\nlow_speed_bytes = ", "\nlow_speed_time = ",
        "\nmax_body_bytes = ", "\nmax_inflight_bytes = ", "\n# user_agent = ", "\n# ca_file = ", "\n# proxy = ",
        "\n# resolve = "}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
}

TEST_F(CrawlerConfig, EveryKeyReachesItsOption) {
  const std::string ca = (dir_ / "ca.pem").string();
  std::ofstream(ca) << "-----BEGIN CERTIFICATE-----\n";
  crawl::FetcherOptions options;
  ASSERT_EQ(Apply(Write("[crawler]\n"
                        "user_agent = \"probe/1 (+https://example.org/contact)\"\n"
                        "insecure_tls = [\"Broken.Gov.CN\", \"old.example\"]\n"
                        "allow_networks = [\"10.0.0.0/8\", \"fd00::/8\"]\n"
                        "ca_file = \"" +
                        ca +
                        "\"\n"
                        "proxy = \"http://proxy.example:3128\"\n"
                        "resolve = [\"a.test:443:192.0.2.1\", \"+B.test:80:::1,192.0.2.2\"]\n"
                        "max_connections_per_host = 2\n"
                        "delay = 2.5\n"
                        "max_attempts = 6\n"
                        "retry_base_delay = 0\n"
                        "connect_timeout = 5\n"
                        "transfer_timeout = 120.5\n"
                        "low_speed_bytes = 0\n"
                        "low_speed_time = 30\n"
                        "max_body_bytes = 1048576\n"
                        "max_inflight_bytes = 0\n"),
                  &options),
            "");
  EXPECT_EQ(options.user_agent, "probe/1 (+https://example.org/contact)");
  EXPECT_EQ(options.insecure_tls_hosts, (std::vector<std::string>{"broken.gov.cn", "old.example"}));
  EXPECT_EQ(options.allowed_cidrs, (std::vector<std::string>{"10.0.0.0/8", "fd00::/8"}));
  EXPECT_EQ(options.ca_file, ca);
  EXPECT_EQ(options.proxy, "http://proxy.example:3128");
  EXPECT_EQ(options.resolve,
            (std::vector<std::string>{"a.test:443:192.0.2.1", "+B.test:80:::1,192.0.2.2"}));
  EXPECT_EQ(options.politeness.max_in_flight_per_host, 2);
  EXPECT_EQ(options.politeness.min_delay, 2500ms);
  EXPECT_EQ(options.retry.max_attempts, 6);
  EXPECT_EQ(options.retry.base_delay, crawl::Duration::zero());
  EXPECT_EQ(options.connect_timeout, 5s);
  EXPECT_EQ(options.transfer_timeout, 120500ms);
  EXPECT_EQ(options.low_speed_bytes, 0);
  EXPECT_EQ(options.low_speed_time, 30s);
  EXPECT_EQ(options.max_body_bytes, size_t{1} << 20);
  EXPECT_EQ(options.max_inflight_bytes, 0u);  // no limit
}

TEST_F(CrawlerConfig, NoSectionKeepsTheDefaults) {
  crawl::FetcherOptions options;
  options.user_agent = "kept";
  ASSERT_EQ(Apply(Write("[archive]\npath = \"a\"\n"), &options), "");
  EXPECT_EQ(options.user_agent, "kept");
}

TEST_F(CrawlerConfig, InternationalInsecureHostIsStoredInPunycode) {
  std::setlocale(LC_CTYPE, "C.UTF-8");  // as xxgk's main does
  crawl::FetcherOptions options;
  ASSERT_EQ(Apply(Write("[crawler]\ninsecure_tls = [\"例子.test\"]\n"), &options), "");
  EXPECT_EQ(options.insecure_tls_hosts, std::vector<std::string>{"xn--fsqu00a.test"});
}

TEST_F(CrawlerConfig, BadCidrNamesItsLine) {
  const std::string error = ErrorFor(
      "[crawler]\nallow_networks = [\n  \"10.0.0.0/8\",\n"
      "  \"10.0.0.1/8\",\n]\n");
  EXPECT_NE(error.find("xxgk.toml:4: [crawler] allow_networks:"), std::string::npos) << error;
  EXPECT_NE(error.find("10.0.0.1/8"), std::string::npos) << error;
}

TEST_F(CrawlerConfig, BadResolveEntryNamesItsLineAndReason) {
  const std::string error = ErrorFor(
      "[crawler]\nresolve = [\n  \"a.test:443:192.0.2.1\",\n"
      "  \"b.test:443:not-an-address\",\n]\n");
  EXPECT_NE(error.find("xxgk.toml:4: [crawler] resolve: 'b.test:443:not-an-address': "
                       "'not-an-address' is not an IP address"),
            std::string::npos)
      << error;
  EXPECT_NE(ErrorFor("[crawler]\nresolve = [\"a.test:0:192.0.2.1\"]\n")
                .find(":2: [crawler] resolve: 'a.test:0:192.0.2.1': bad port '0'"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nresolve = [\"a.test:443\"]\n")
                .find(":2: [crawler] resolve: 'a.test:443': expected HOST:PORT:ADDR"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nresolve = \"a.test:443:192.0.2.1\"\n")
                .find(":2: [crawler] resolve: expected an array of strings"),
            std::string::npos);
}

TEST_F(CrawlerConfig, ProxyMustBeANonEmptyString) {
  EXPECT_NE(ErrorFor("[crawler]\nproxy = \"\"\n").find(":2: [crawler] proxy: expected a non-empty"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nproxy = 3128\n").find(":2: [crawler] proxy:"), std::string::npos);
}

TEST_F(CrawlerConfig, UnknownKeyNamesItsLineAndTheKnownKeys) {
  const std::string error = ErrorFor("[crawler]\ndelay = 1\nuser_agnet = \"x\"\n");
  EXPECT_NE(error.find("xxgk.toml:3: unknown key 'user_agnet' in [crawler]"), std::string::npos)
      << error;
  EXPECT_NE(error.find("user_agent"), std::string::npos) << error;
}

TEST_F(CrawlerConfig, OutOfRangeValuesAreRefusedWithTheirLine) {
  EXPECT_NE(
      ErrorFor("[crawler]\n\ndelay = -1\n").find("xxgk.toml:3: [crawler] delay: expected seconds"),
      std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\ndelay = nan\n").find(":2: [crawler] delay:"), std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nconnect_timeout = 0\n").find(":2: [crawler] connect_timeout:"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nmax_connections_per_host = 0\n")
                .find(":2: [crawler] max_connections_per_host: expected an integer from 1 to 64"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nmax_attempts = 1.5\n").find(":2: [crawler] max_attempts:"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nmax_body_bytes = 0\n").find(":2: [crawler] max_body_bytes:"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nmax_inflight_bytes = -1\n").find(":2: [crawler] max_inflight_bytes:"),
            std::string::npos);
}

TEST_F(CrawlerConfig, WrongTypesAreRefused) {
  EXPECT_NE(ErrorFor("[crawler]\nuser_agent = 7\n")
                .find(":2: [crawler] user_agent: expected a non-empty string"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\nuser_agent = \"\"\n").find(":2: [crawler] user_agent:"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler]\ninsecure_tls = \"a.test\"\n")
                .find(":2: [crawler] insecure_tls: expected an array of strings"),
            std::string::npos);
  EXPECT_NE(ErrorFor("crawler = 3\n").find(":1: [crawler] must be a table"), std::string::npos);
}

TEST_F(CrawlerConfig, InsecureTlsTakesHostNamesOnly) {
  const std::string error = ErrorFor("[crawler]\ninsecure_tls = [\"https://a.test:8443\"]\n");
  EXPECT_NE(error.find(":2: [crawler] insecure_tls: 'https://a.test:8443' is not a host name"),
            std::string::npos)
      << error;
}

TEST_F(CrawlerConfig, MissingCaFileIsRefused) {
  const std::string error = ErrorFor("[crawler]\nca_file = \"/nonexistent/ca.pem\"\n");
  EXPECT_NE(error.find(":2: [crawler] ca_file: '/nonexistent/ca.pem' is not a readable file"),
            std::string::npos)
      << error;
}

TEST_F(CrawlerConfig, UnreadableOrInvalidFileIsAnError) {
  crawl::FetcherOptions options;
  EXPECT_NE(Apply((dir_ / "missing.toml").string(), &options).find("missing.toml"),
            std::string::npos);
  EXPECT_NE(ErrorFor("[crawler\n").find("xxgk.toml:1: "), std::string::npos);
}

}  // namespace
}  // namespace xxgk::cli
