// Fetcher: the fetch engine every crawl goes through. It takes FetchRequests, and for each one
// checks the host's robots.txt (fetched once per host through the engine itself and cached),
// waits its turn in the politeness scheduler (HostQueue: per-host connections, delay between
// starts, Crawl-delay, Retry-After holds), transfers it with libcurl on a CurlAsioLoop, follows
// redirects itself (each hop canonicalised, robots-checked and scheduled like a new request; a
// redirect to the URL itself that sets a cookie is followed once — cookies live in one in-memory
// jar for the engine's life, by domain as browsers keep them),
// retries transient failures with backoff (RetryPolicy), and hands back one FetchResult.
//
// Guarantees:
//   - every Fetch() gets exactly one callback, also when the engine is stopped (a cancelled
//     result) — unless the Fetcher is destroyed first;
//   - per host (scheme, host, port) never more than politeness.max_in_flight_per_host
//     transfers at once and never two transfer starts closer than the host's delay; requests
//     of a host that is held (Retry-After) do not start before the hold ends;
//   - nothing is fetched that the host's robots.txt disallows (when obey_robots), and while
//     robots.txt is unreachable (5xx, network error) nothing but robots.txt is fetched;
//   - no connection is opened to a loopback, private, link-local, multicast or otherwise
//     non-public address unless it came from --resolve, is in allowed_cidrs, or is the proxy's
//     (its address and port);
//     such a refusal is reported as kRefused, not as a connection error;
//   - a body is never held beyond max_body_bytes of *decoded* data (a gzip bomb is cut off);
//     the engine decodes Content-Encoding itself (gzip, deflate: content_decoder.h), so that
//     libcurl never holds decoded bytes outside the budget below;
//   - the bodies of all transfers together stay within max_inflight_bytes (BodyBudget, from a
//     transfer's first body byte until its result has been handed to the caller and the
//     callback has returned): a transfer the budget refuses is paused until bytes are given
//     back, and no transfer starts while one waits. So that waiting transfers cannot stall one
//     another, one transfer at a time is let through past the budget (body_budget.h): the bound
//     is max_inflight_bytes plus one body. Bodies the caller keeps after the callback count too
//     while it holds them (Hold: pages queued for the archive), and transfers wait for them;
//   - TLS certificates are verified, except for hosts listed in insecure_tls_hosts, or every
//     host when insecure_tls_all (logged once per host);
//   - extra_headers go with every request (robots.txt included), to every host; the headers the
//     engine must control itself (Host, User-Agent, the validators, ...) are refused.
// The engine sets LC_CTYPE to C.UTF-8 when it is constructed under a non-UTF-8 locale: libcurl
// 7.88 converts international host names through the locale (see url_canon.h).
//
// Thread safety: none. Construct, call and destroy it on the thread that runs the io_context;
// callbacks run on that thread, outside any libcurl callback. To submit from another thread,
// boost::asio::post(io, ...) the call. CPU-heavy work on results (hashing, parsing,
// extraction) belongs on another thread: move the result out of the callback and post it to a
// thread pool, so the network thread keeps every transfer moving.
#pragma once

#include <curl/curl.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crawler/fetch/address_guard.h"
#include "crawler/fetch/body_budget.h"
#include "crawler/fetch/curl_asio_loop.h"
#include "crawler/fetch/fetch_result.h"
#include "crawler/fetch/host_queue.h"
#include "crawler/fetch/page_source.h"
#include "crawler/fetch/retry_policy.h"
#include "crawler/fetch/robots_rules.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

// "xxgk/<version> (+https://github.com/xxgk/xxgk; government-transparency research crawler)".
std::string DefaultUserAgent();

// Runs curl_global_init once for the process (call before any thread other than main exists).
void CurlGlobal();

// One --resolve entry, "[+]HOST:PORT:ADDR[,ADDR...]" (curl's syntax), taken apart.
struct ResolveEntry {
  std::string host;               // lower case
  std::string port;               // digits, 1 to 65535
  std::string addresses;          // as given: "ADDR[,ADDR...]"
  std::vector<IpAddress> parsed;  // the same, parsed
};
// Checks and splits `entry` as Fetcher::Create does; an error names the entry and the problem.
Status ParseResolveEntry(const std::string& entry, ResolveEntry* out);

// One extra request header, "Name: value" (curl's -H): the name an HTTP token, a non-empty value
// with no line break, and not a header the engine sets itself (Host, User-Agent, Accept-Encoding,
// the conditional and range headers, the framing headers). The error names the header and why.
Status CheckExtraHeader(const std::string& header);

// Bytes of bodies a caller keeps after the callback (a page waiting to be written to the
// archive), counted against the engine's budget of bodies in flight until the last copy of the
// hold is dropped, on any thread (Fetcher::Hold). Empty: counts nothing.
// REQUIRES: every copy is dropped before the engine's io_context is destroyed.
class Fetcher;
class BodyHold {
 public:
  BodyHold() = default;
  size_t bytes() const { return state_ ? state_->bytes : 0; }
  explicit operator bool() const { return state_ != nullptr; }

 private:
  friend class Fetcher;
  struct State {
    State(boost::asio::io_context& io, uint64_t holder, size_t held, std::weak_ptr<Fetcher*> engine)
        : work(io.get_executor()), id(holder), bytes(held), life(std::move(engine)) {}
    ~State();  // posts the release to the engine's thread
    // The io_context keeps running while a hold is out: a transfer waiting for it must be there
    // to be woken when it is dropped.
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
    uint64_t id;
    size_t bytes;
    std::weak_ptr<Fetcher*> life;
  };
  std::shared_ptr<State> state_;
};

struct FetcherOptions {
  std::string user_agent = DefaultUserAgent();
  PolitenessOptions politeness;  // per host: connections (1), delay between starts (1 s)
  RetryOptions retry;
  bool obey_robots = true;
  RobotsPolicyOptions robots;
  int max_redirects = 10;        // robots.txt: 5 (RFC 9309 section 2.3.1.2)
  size_t max_body_bytes = size_t{64} << 20;  // decoded bytes; larger responses are aborted
  // Bytes of bodies held by all transfers at once (BodyBudget); 0: no limit. 256 MiB suits a
  // machine with a few GB: four bodies at the body limit, thousands of ordinary pages.
  size_t max_inflight_bytes = size_t{256} << 20;
  Duration connect_timeout = std::chrono::seconds(30);
  Duration transfer_timeout = std::chrono::minutes(5);  // the whole transfer
  // Too slow: less than low_speed_bytes per second for low_speed_time aborts the transfer.
  long low_speed_bytes = 100;
  Duration low_speed_time = std::chrono::seconds(60);
  // curl's --resolve: "HOST:PORT:ADDR[,ADDR...]". Each address is also allowed by the guard.
  std::vector<std::string> resolve;
  // Proxy URL for every transfer; empty: libcurl reads http_proxy, HTTPS_PROXY, ALL_PROXY and
  // NO_PROXY. The proxy's own addresses, on its port, are allowed by the guard (the proxy
  // resolves the targets; hosts excluded by NO_PROXY meet the guard as usual).
  std::string proxy;
  std::vector<std::string> insecure_tls_hosts;  // host names whose certificates are not checked
  bool insecure_tls_all = false;  // curl's -k: no host's certificate is checked
  // curl's -H: "Name: value" lines sent with every request (CheckExtraHeader).
  std::vector<std::string> extra_headers;
  // PEM file of CA certificates to verify servers with, instead of the system's store (curl's
  // --cacert); empty: the system's.
  std::string ca_file;
  std::vector<std::string> allowed_cidrs;       // e.g. "127.0.0.0/8" for a local simulator
  size_t max_transfers = 256;  // transfers in flight across all hosts
  Duration shutdown_grace = std::chrono::seconds(10);
  std::optional<uint64_t> random_seed;  // for the backoff jitter; random if unset
  std::function<void(std::string_view)> log;  // one line per notable event; none if empty
};

class Fetcher final : public PageSource {
 public:
  // Checks the options (--resolve entries, CIDRs, proxy) and builds the engine.
  static Status Create(boost::asio::io_context& io, FetcherOptions options,
                       std::unique_ptr<Fetcher>* out);
  ~Fetcher() override;
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Queues `request`; `done` runs once with its result. After Stop(), completes at once with a
  // cancelled result.
  void Fetch(FetchRequest request, Callback done) override;

  // Stop taking work: queued requests complete as cancelled now, transfers in flight may finish
  // within options.shutdown_grace and are then aborted (completing as cancelled). Once nothing
  // is in flight the engine holds no timers, so io_context::run() returns.
  void Stop() override;
  bool stopping() const override { return stopping_; }
  int per_host_connections() const override {
    return options_.politeness.max_in_flight_per_host;
  }

  bool idle() const { return jobs_.empty(); }
  size_t in_flight() const { return active_; }
  // The budget of bodies in flight: what it holds now, its high-water mark, its refusals.
  const BodyBudget& body_budget() const { return budget_; }
  // Counts `bytes` the caller keeps (bodies handed on after their callback) against the budget
  // until the hold's last copy is dropped: transfers wait while the budget is full of them, so
  // memory stays bounded whatever stage the bodies wait in. Granted at once (the bytes exist
  // already). Only for holds that go away without more fetching (a write to the archive, a
  // conversion), never for bodies waiting on other pages: the engine would wait for them, and
  // they for it. Call on the io_context's thread; drop the hold anywhere.
  BodyHold Hold(size_t bytes);
  // Whether `host` is backing off now (a Retry-After hold, a retry waiting its backoff).
  bool BackingOff(const HostKey& host) const { return host_queue_.HeldBack(host, Clock::now()); }
  const FetcherOptions& options() const { return options_; }
  // For tests: descriptors the loop watches; zero once every transfer ended.
  size_t watched_descriptors() const { return loop_->watched_descriptors(); }

 private:
  friend class BodyHold;  // its release calls ReleaseBody
  struct Job;
  Fetcher(boost::asio::io_context& io, FetcherOptions options);
  Status Configure();

  void Route(Job& job);
  void Enqueue(Job& job, TimePoint ready_at);
  void Pump();
  void ArmPumpTimer(TimePoint at);
  void Start(Job& job);
  void ConfigureNewEasy(CURL* easy);
  void ConfigureEasy(Job& job, CURL* easy);
  void OnTransferDone(uint64_t id, CURL* easy, CURLcode code);
  void FollowRedirect(Job& job, const std::string& location);
  void Finish(Job& job, AttemptError error, std::string reason);
  void StartRobotsFetch(const HostKey& host);
  void RobotsDone(Job& job);
  void AbortInFlight();
  void DropBody(Job& job);
  void ReleaseBody(uint64_t id);
  void ResumeWaiting();
  void NoteWaiting();  // a transfer was paused for the budget: logs the first of a spell
  void Log(const std::string& line) const;

  CURL* AcquireEasy();
  void ReleaseEasy(CURL* easy);

  static size_t OnBody(char* data, size_t size, size_t count, void* job);
  static size_t DecodeBody(Job& job, const char* data, size_t bytes);
  static size_t OnHeader(char* data, size_t size, size_t count, void* job);
  static curl_socket_t OnOpenSocket(void* job, curlsocktype purpose, curl_sockaddr* address);

  struct RobotsEntry {
    std::optional<RobotsPolicy> policy;
    bool fetching = false;
    std::vector<uint64_t> waiting;  // jobs waiting for the verdict
    // Why requests of the host fail while the policy forbids all because robots.txt itself
    // could not be had: the guard's refusal, the TLS problem, or the network error (the reason
    // a user needs: "connection refused", not just "unreachable"), and as which error.
    std::string refusal;
    AttemptError refusal_error = AttemptError::kRefused;
  };

  boost::asio::io_context& io_;
  FetcherOptions options_;
  std::unique_ptr<CurlAsioLoop> loop_;
  HostQueue host_queue_;
  RetryPolicy retry_;
  std::mt19937_64 random_;
  AddressGuard guard_;
  std::unordered_map<std::string, curl_slist*> resolve_;  // "host:port" -> its --resolve entries
  std::vector<std::pair<IpAddress, uint16_t>> proxy_endpoints_;  // allowed past the guard
  std::set<std::string> insecure_hosts_;
  std::set<std::string> insecure_logged_;
  std::unordered_map<HostKey, RobotsEntry> robots_;
  std::map<uint64_t, std::unique_ptr<Job>> jobs_;
  uint64_t next_id_ = 1;
  size_t active_ = 0;
  std::vector<CURL*> free_easies_;
  BodyBudget budget_;
  bool resume_posted_ = false;  // a ResumeWaiting is queued on the io_context
  bool wait_spell_ = false;     // transfers have been waiting since the last time none did
  std::optional<TimePoint> wait_logged_;  // when a spell of waiting was last logged
  uint64_t wait_spells_ = 0;    // spells since then, not logged
  CURLSH* cookies_ = nullptr;  // the run's cookie jar, shared by every handle
  boost::asio::steady_timer pump_timer_;
  uint64_t pump_generation_ = 0;
  std::optional<TimePoint> pump_at_;
  bool pumping_ = false;
  bool pump_again_ = false;
  bool stopping_ = false;
  boost::asio::steady_timer grace_timer_;
  std::shared_ptr<Fetcher*> self_;  // weak references in timer handlers
};

}  // namespace xxgk::crawl
