// FakePageSource: a PageSource that answers from memory, for tests of the frontier and of
// discovery without sockets, sleeps or an engine. Pages are registered by URL (canonical spec);
// an unknown URL answers 404. Answers are posted to the io_context (as the Fetcher's come from its
// loop), or, with `hold` set, kept until Release() so a test controls the order; every request
// is recorded with how many were in the source at that moment.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "crawler/fetch/page_source.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl::testing {

struct FakePage {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "text/html"}};
  std::string body;
  std::string redirect_to;  // non-empty: the result's final URL, with one 302 hop
};

class FakePageSource final : public PageSource {
 public:
  explicit FakePageSource(boost::asio::io_context& io, int per_host = 2)
      : io_(io), per_host_(per_host) {}

  void Set(const std::string& url, FakePage page) { pages_[Canon(url)] = std::move(page); }
  void SetHtml(const std::string& url, std::string body) {
    FakePage page;
    page.body = std::move(body);
    Set(url, std::move(page));
  }

  void Fetch(FetchRequest request, Callback done) override {
    requests_.push_back(request.url);
    in_source_at_request_.push_back(++in_source_);
    if (stopping_) {
      Answer(Cancelled(request), std::move(done));
      return;
    }
    FetchResult result = Result(request);
    if (hold_) {
      held_.emplace_back(std::move(result), std::move(done));
      return;
    }
    boost::asio::post(io_, [this, result = std::move(result), done = std::move(done)]() mutable {
      Answer(std::move(result), std::move(done));
    });
  }
  void Stop() override {
    stopping_ = true;
    for (auto& [result, done] : std::exchange(held_, {})) {
      Answer(Cancelled(FetchRequest{result.requested_url, {}, {}, result.tag}), std::move(done));
    }
  }
  bool stopping() const override { return stopping_; }
  int per_host_connections() const override { return per_host_; }

  // With hold on, answers wait in held() until Release(i) answers the i-th of them.
  void set_hold(bool hold) { hold_ = hold; }
  size_t held() const { return held_.size(); }
  void Release(size_t i = 0) {
    auto [result, done] = std::move(held_.at(i));
    held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(i));
    Answer(std::move(result), std::move(done));
  }

  const std::vector<std::string>& requests() const { return requests_; }
  // How many requests were in the source (answered or not yet) right after each request came.
  const std::vector<int>& in_source_at_request() const { return in_source_at_request_; }
  int in_source() const { return in_source_; }

 private:
  static std::string Canon(const std::string& url) {
    CanonicalUrl canonical;
    return CanonicalizeUrl(url, &canonical).ok() ? canonical.spec() : url;
  }
  FetchResult Result(const FetchRequest& request) const {
    FetchResult result;
    result.tag = request.tag;
    result.requested_url = request.url;
    result.final_url = Canon(request.url);
    result.error = AttemptError::kNone;
    result.attempts = 1;
    auto it = pages_.find(Canon(request.url));
    if (it == pages_.end()) {
      result.http_status = 404;
      result.headers = {{"Content-Type", "text/html"}};
      return result;
    }
    const FakePage& page = it->second;
    if (!page.redirect_to.empty()) {
      result.redirects.push_back(RedirectHop{result.final_url, 302});
      result.final_url = Canon(page.redirect_to);
      auto target = pages_.find(result.final_url);
      if (target == pages_.end()) {
        result.http_status = 404;
        return result;
      }
      result.http_status = target->second.status;
      result.headers = target->second.headers;
      result.body = target->second.body;
      return result;
    }
    result.http_status = page.status;
    result.headers = page.headers;
    result.body = page.body;
    return result;
  }
  static FetchResult Cancelled(const FetchRequest& request) {
    FetchResult result;
    result.tag = request.tag;
    result.requested_url = request.url;
    result.final_url = request.url;
    result.error = AttemptError::kCancelled;
    result.reason = "cancelled";
    return result;
  }
  void Answer(FetchResult result, Callback done) {
    --in_source_;
    done(std::move(result));
  }

  boost::asio::io_context& io_;
  int per_host_;
  std::map<std::string, FakePage> pages_;
  std::vector<std::string> requests_;
  std::vector<int> in_source_at_request_;
  std::vector<std::pair<FetchResult, Callback>> held_;
  int in_source_ = 0;
  bool hold_ = false;
  bool stopping_ = false;
};

}  // namespace xxgk::crawl::testing
