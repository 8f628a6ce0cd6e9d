// SimulatorPageSource (tests only): a PageSource answering from the portal simulator in memory —
// no socket — the way the Fetcher would: robots.txt asked once per host and obeyed (a disallowed
// URL is refused, never requested), redirects followed (at most 5) with a per-host cookie jar (so
// VSB's 302-to-itself with Set-Cookie works once), a request's form body POSTed (until a 301, 302
// or 303, as the Fetcher does), every request the simulator saw recorded.
// The simulator's dynamic answers (Hanweb's dataproxy.jsp, gkmlpt's API) are computed per request,
// which a URL→page map could not hold. Callbacks are posted to the io_context, never run inside
// Fetch().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "crawler/fetch/page_source.h"
#include "crawler/fetch/robots_rules.h"
#include "crawler/url/url_canon.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::crawl::testing {

struct SimRequest {
  std::string host, target;
  std::string form_body;  // POSTed; empty for a GET
};

class SimulatorPageSource : public PageSource {
 public:
  SimulatorPageSource(const simulator::PortalSimulator& sim, boost::asio::io_context* io = nullptr)
      : sim_(sim), io_(io) {}

  void Fetch(FetchRequest request, Callback done) override {
    FetchResult result = Get(request.url, request.form_body);
    result.tag = request.tag;
    boost::asio::post(*io_, [done = std::move(done), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  }
  void Stop() override { stopping_ = true; }
  bool stopping() const override { return stopping_; }
  int per_host_connections() const override { return 1; }

  // The answer to a GET of `url` (a POST of `form_body` when given), synchronously.
  FetchResult Get(const std::string& url, std::string form_body = "") {
    FetchResult result;
    result.requested_url = url;
    result.final_url = url;
    CanonicalUrl current;
    if (stopping_) {
      result.error = AttemptError::kCancelled;
      result.reason = "stopped";
      return result;
    }
    if (!CanonicalizeUrl(url, &current).ok()) {
      result.error = AttemptError::kOther;
      result.reason = "bad URL";
      return result;
    }
    for (int hop = 0; hop <= 5; ++hop) {
      result.final_url = current.spec();
      if (!Robots(current.host()).Allowed(current.PathAndQuery())) {
        result.error = AttemptError::kRefused;
        result.reason = "disallowed by robots.txt";
        return result;
      }
      TestResponse response = Ask(current.host(), current.PathAndQuery(), form_body);
      ++result.attempts;
      std::string location;
      for (const auto& [name, value] : response.headers) {
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "set-cookie") jar_[current.host()] = value.substr(0, value.find(';'));
        if (lower == "location") location = value;
      }
      CanonicalUrl next;
      if (response.status >= 300 && response.status < 400 && !location.empty() &&
          ResolveUrl(current, location, &next).ok()) {
        result.redirects.push_back({current.spec(), response.status});
        if (response.status <= 303) form_body.clear();
        current = next;
        continue;
      }
      result.error = AttemptError::kNone;
      result.http_status = response.status;
      result.headers = response.headers;
      result.body = response.body;
      result.form_body = form_body;
      return result;
    }
    result.error = AttemptError::kTooManyRedirects;
    result.reason = "too many redirects";
    return result;
  }

  const std::vector<SimRequest>& requests() const { return requests_; }
  size_t RequestsTo(const std::string& url) const {
    CanonicalUrl u;
    if (!CanonicalizeUrl(url, &u).ok()) return 0;
    size_t n = 0;
    for (const SimRequest& r : requests_) n += r.host == u.host() && r.target == u.PathAndQuery();
    return n;
  }

 private:
  TestResponse Ask(const std::string& host, const std::string& target,
                   const std::string& form_body = "") {
    TestRequest request;
    request.method = form_body.empty() ? "GET" : "POST";
    request.body = form_body;
    request.host = host;
    request.target = target;
    request.headers["host"] = host;
    if (auto it = jar_.find(host); it != jar_.end()) request.headers["cookie"] = it->second;
    requests_.push_back({host, target, form_body});
    return sim_.Respond(request);
  }
  const RobotsRules& Robots(const std::string& host) {
    auto it = robots_.find(host);
    if (it == robots_.end()) {
      TestResponse response = Ask(host, "/robots.txt");
      it = robots_
               .emplace(host, response.status == 200 ? RobotsRules::Parse(response.body, "xxgk")
                                                     : RobotsRules())
               .first;
    }
    return it->second;
  }

  const simulator::PortalSimulator& sim_;
  boost::asio::io_context* io_;
  bool stopping_ = false;
  std::map<std::string, std::string> jar_;  // host → "name=value"
  std::map<std::string, RobotsRules> robots_;
  std::vector<SimRequest> requests_;
};

}  // namespace xxgk::crawl::testing
