// FetchHarness: a TestHttpServer plus the options to reach it (host names a.test ... e.test
// mapped onto it with --resolve, fast retries, no politeness delay unless a test sets one), and
// Run(), which fetches a batch of requests on a fresh io_context and returns their results in
// submission order. A generous deadline stops the engine if a test would otherwise hang.
// Thread safety: test-thread only.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {

inline std::vector<std::string> DefaultHosts() { return {"a.test", "b.test", "c.test", "d.test", "e.test"}; }

class FetchHarness {
 public:
  explicit FetchHarness(TestHandler handler) : server(std::move(handler)) {
    options.politeness.min_delay = Duration::zero();
    options.retry.max_attempts = 3;
    options.retry.base_delay = std::chrono::milliseconds(20);
    options.retry.max_backoff = std::chrono::milliseconds(200);
    options.random_seed = 1;
    options.connect_timeout = std::chrono::seconds(10);
    options.transfer_timeout = std::chrono::seconds(30);
    for (const std::string& host : DefaultHosts()) options.resolve.push_back(server.ResolveEntry(host));
    options.log = [this](std::string_view line) { log.emplace_back(line); };
  }

  std::string Url(const std::string& host, const std::string& path) const {
    return server.Url(host, path);
  }

  // Fetches `requests` (all submitted at once); `started` runs after submission with the
  // engine (e.g. to Stop it later). Results come back in submission order.
  std::vector<FetchResult> Run(std::vector<FetchRequest> requests,
                               std::function<void(boost::asio::io_context&, Fetcher&)> started = {},
                               std::chrono::seconds deadline = std::chrono::seconds(120)) {
    boost::asio::io_context io;
    std::unique_ptr<Fetcher> fetcher;
    Status s = Fetcher::Create(io, options, &fetcher);
    EXPECT_TRUE(s.ok()) << s.message();
    if (!s.ok()) return {};
    std::vector<FetchResult> results(requests.size());
    size_t done = 0;
    boost::asio::steady_timer deadline_timer(io, deadline);
    deadline_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      ADD_FAILURE() << "deadline reached with " << (requests.size() - done) << " request(s) open";
      fetcher->Stop();
    });
    for (size_t i = 0; i < requests.size(); ++i) {
      fetcher->Fetch(requests[i], [&, i](FetchResult result) {
        results[i] = std::move(result);
        if (++done == requests.size()) deadline_timer.cancel();
      });
    }
    if (requests.empty()) deadline_timer.cancel();
    if (started) started(io, *fetcher);
    io.run();
    EXPECT_EQ(done, requests.size());
    EXPECT_TRUE(fetcher->idle());
    if (finished) finished(*fetcher);
    return results;
  }

  FetchResult RunOne(const std::string& url) {
    FetchRequest request;
    request.url = url;
    std::vector<FetchResult> results = Run({request});
    return results.empty() ? FetchResult{} : results[0];
  }

  TestHttpServer server;
  FetcherOptions options;
  // Runs after each Run's io_context has returned, before its engine is destroyed (to read the
  // engine's own figures: its budget of bodies in flight).
  std::function<void(const Fetcher&)> finished;
  std::vector<std::string> log;
};

inline std::vector<FetchRequest> Requests(const std::vector<std::string>& urls) {
  std::vector<FetchRequest> out;
  for (size_t i = 0; i < urls.size(); ++i) {
    FetchRequest r;
    r.url = urls[i];
    r.tag = i;
    out.push_back(r);
  }
  return out;
}

inline TestResponse Ok(std::string body) {
  TestResponse r;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "text/plain");
  return r;
}

inline TestResponse WithStatus(int status, std::string body = "") {
  TestResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

inline TestResponse Redirect(int status, std::string location) {
  TestResponse r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace xxgk::crawl::testing
