// See fetcher.h. A request's path through the engine:
//   Fetch -> Route (robots.txt verdict for its host; may wait for robots.txt to be fetched)
//         -> Enqueue (HostQueue) -> Pump (starts what politeness allows) -> Start (libcurl)
//         -> OnTransferDone -> redirect: Route again with the next URL
//                           -> retryable: Enqueue again after the backoff (and hold the host)
//                           -> otherwise: Finish (the caller's callback).
#include "crawler/fetch/fetcher.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <boost/asio/post.hpp>
#include <clocale>
#include <cstring>
#include <langinfo.h>
#include <locale.h>
#include <mutex>
#include <sstream>
#include <utility>

#include "base/ascii_case.h"
#include "crawler/fetch/content_decoder.h"

namespace xxgk::crawl {
namespace {

#ifndef XXGK_VERSION
#define XXGK_VERSION "0"
#endif

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

long Milliseconds(Duration d) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

bool IsRedirectStatus(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// libcurl 7.88 converts IDN host names with the locale's charset (url_canon.h).
void EnsureUtf8Ctype() {
  const char* codeset = nl_langinfo(CODESET);
  if (codeset != nullptr && EqualsIgnoringAsciiCase(codeset, "UTF-8")) return;
  std::setlocale(LC_CTYPE, "C.UTF-8");
}

double SecondsInfo(CURL* easy, CURLINFO info) {
  curl_off_t micros = 0;
  if (curl_easy_getinfo(easy, info, &micros) != CURLE_OK) return 0;
  return static_cast<double>(micros) / 1e6;
}

std::string FormatBytes(size_t bytes) {
  std::ostringstream out;
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) {
    out << (bytes >> 20) << " MiB";
  } else if (bytes >= 1024 && bytes % 1024 == 0) {
    out << (bytes >> 10) << " KiB";
  } else {
    out << bytes << " bytes";
  }
  return out.str();
}

// The TCP port of a proxy URL: its own, else libcurl's default for the proxy's scheme
// (CURLOPT_PROXYPORT: 1080 for http:// and socks proxies, 443 for https://).
uint16_t ProxyPort(CURLU* url) {
  uint16_t port = 1080;
  char* text = nullptr;
  if (curl_url_get(url, CURLUPART_PORT, &text, 0) == CURLUE_OK) {
    port = static_cast<uint16_t>(std::strtoul(text, nullptr, 10));
  } else if (curl_url_get(url, CURLUPART_SCHEME, &text, 0) == CURLUE_OK &&
             EqualsIgnoringAsciiCase(text, "https")) {
    port = 443;
  }
  curl_free(text);
  return port;
}

// The port of an AF_INET or AF_INET6 socket address; 0 for another family.
uint16_t SockaddrPort(const sockaddr* address, socklen_t length) {
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(address)->sin_port);
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(address)->sin6_port);
  }
  return 0;
}

}  // namespace

// One request on its way through the engine; lives in jobs_ until it is finished.
struct Fetcher::Job {
  Fetcher* fetcher = nullptr;
  uint64_t id = 0;
  FetchRequest request;
  Callback done;
  FetchResult result;
  CanonicalUrl url;     // the URL being fetched now (changes along redirects)
  int url_attempts = 0;  // attempts on `url`, for RetryPolicy
  std::vector<std::string> visited;  // every URL of the chain so far, for loop detection
  bool cookie_retry = false;  // a redirect to the URL itself that set a cookie was followed
  bool post = false;  // the next transfer POSTs request.form_body (until a 301/302/303)
  bool robots = false;  // fetches robots.txt for robots_host
  HostKey robots_host;
  int max_redirects = 10;
  size_t max_body = 0;
  // The transfer in flight, if any.
  CURL* easy = nullptr;
  curl_slist* request_headers = nullptr;
  bool too_large = false;
  bool paused = false;  // by OnBody: the budget refused its body more bytes (body_budget.h)
  // Content-Encoding, undone by the engine (content_decoder.h): the decoder (null: none), known
  // from the first body byte on; a chunk paused part-decoded: the bytes of it zlib has taken
  // (skipped when libcurl hands it over again), and whether decoded output was left waiting.
  bool encoding_known = false;
  std::unique_ptr<ContentDecoder> decoder;
  size_t decoded_skip = 0;
  bool decoded_more = false;
  std::string decode_error;  // the body could not be decoded: the transfer fails with this
  size_t declared = 0;  // the response's Content-Length (0: none), the size to allocate at once
  bool refused = false;
  std::string refused_reason;
  WallClock::time_point started_at{};  // when the transfer in flight was handed to libcurl
  char error_buffer[CURL_ERROR_SIZE] = {};
};

std::string DefaultUserAgent() {
  return std::string("xxgk/") + XXGK_VERSION +
         " (+https://github.com/xxgk/xxgk; government-transparency research crawler)";
}

void CurlGlobal() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status ParseResolveEntry(const std::string& entry, ResolveEntry* out) {
  // HOST:PORT:ADDR[,ADDR...], optionally with a leading '+' (curl's syntax).
  std::string_view text = entry;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const size_t first = text.find(':');
  const size_t second = first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second == std::string_view::npos || first == 0 || second == first + 1 ||
      second + 1 >= text.size()) {
    return Status::Error("--resolve '" + entry + "': expected HOST:PORT:ADDR");
  }
  out->host = AsciiLowered(text.substr(0, first));
  out->port = std::string(text.substr(first + 1, second - first - 1));
  const std::string& port = out->port;
  if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
      std::stoul(port) == 0 || std::stoul(port) > 65535) {
    return Status::Error("--resolve '" + entry + "': bad port '" + port + "'");
  }
  out->addresses = std::string(text.substr(second + 1));
  out->parsed.clear();
  std::string_view addresses = out->addresses;
  while (!addresses.empty()) {
    const size_t comma = addresses.find(',');
    const std::string_view address = addresses.substr(0, comma);
    const std::optional<IpAddress> ip = IpAddress::Parse(address);
    if (!ip) {
      return Status::Error("--resolve '" + entry + "': '" + std::string(address) +
                           "' is not an IP address");
    }
    out->parsed.push_back(*ip);
    addresses = comma == std::string_view::npos ? std::string_view() : addresses.substr(comma + 1);
  }
  return Status::Ok();
}

Status CheckExtraHeader(const std::string& header) {
  const std::string quoted = "-H '" + header + "'";
  const size_t colon = header.find(':');
  const std::string_view name = std::string_view(header).substr(0, colon);
  constexpr std::string_view kTokenExtras = "!#$%&'*+-.^_`|~";
  const bool token = !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kTokenExtras.find(c) != kTokenExtras.npos;
  });
  if (colon == std::string::npos || !token) {
    return Status::Error(quoted + ": expected 'Name: value' (a header name, a colon, its value)");
  }
  const std::string_view value = Trim(std::string_view(header).substr(colon + 1));
  if (value.empty()) {
    return Status::Error(quoted + ": no value (removing a header xxgk sends is not offered)");
  }
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return Status::Error(quoted + ": a line break in the value");
  }
  // The headers the engine controls, and why: a fixed value would break what it does per request.
  static constexpr std::pair<std::string_view, std::string_view> kControlled[] = {
      {"host", "xxgk sends the URL's host (choose the address with --resolve HOST:PORT:ADDR)"},
      {"user-agent", "give it with -A/--user-agent, which robots.txt is matched against"},
      {"accept-encoding", "xxgk asks for every encoding it can decode, and decodes it"},
      {"if-none-match", "xxgk sends the validators of the copy it has (conditional requests)"},
      {"if-modified-since", "xxgk sends the validators of the copy it has (conditional requests)"},
      {"range", "xxgk archives whole bodies"},
      {"if-range", "xxgk archives whole bodies"},
      {"content-length", "libcurl frames the request"},
      {"transfer-encoding", "libcurl frames the request"},
      {"te", "libcurl frames the request"},
      {"connection", "libcurl manages the connections"},
      {"upgrade", "libcurl manages the connections"},
      {"proxy-authorization", "give the credentials in the proxy URL (-x)"},
  };
  for (const auto& [controlled, why] : kControlled) {
    if (EqualsIgnoringAsciiCase(name, controlled)) {
      return Status::Error(quoted + ": refused: " + std::string(why));
    }
  }
  return Status::Ok();
}

Status Fetcher::Create(boost::asio::io_context& io, FetcherOptions options,
                       std::unique_ptr<Fetcher>* out) {
  std::unique_ptr<Fetcher> fetcher(new Fetcher(io, std::move(options)));
  if (Status s = fetcher->Configure(); !s.ok()) return s;
  *out = std::move(fetcher);
  return Status::Ok();
}

Fetcher::Fetcher(boost::asio::io_context& io, FetcherOptions options)
    : io_(io),
      options_(std::move(options)),
      host_queue_(options_.politeness),
      retry_(options_.retry, [this] { return std::uniform_real_distribution<double>(0, 1)(random_); }),
      random_(options_.random_seed.value_or(std::random_device{}())),
      budget_(options_.max_inflight_bytes),
      pump_timer_(io),
      grace_timer_(io),
      self_(std::make_shared<Fetcher*>(this)) {
  EnsureUtf8Ctype();
  CurlGlobal();
  loop_ = std::make_unique<CurlAsioLoop>(io_);
  // One cookie jar for the engine's life (a run), in memory: libcurl keeps cookies by domain and
  // path, so each host gets its own (portals set a verification cookie with a self-redirect).
  cookies_ = curl_share_init();
  if (cookies_ != nullptr) curl_share_setopt(cookies_, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
}

Fetcher::~Fetcher() {
  self_.reset();
  // The loop first: it removes the easy handles from the multi handle and cleans it up while
  // its socket map and timer still exist; only then may the easy handles and lists be freed.
  loop_.reset();
  for (auto& [id, job] : jobs_) {
    if (job->easy != nullptr) curl_easy_cleanup(job->easy);
    curl_slist_free_all(job->request_headers);
  }
  for (CURL* easy : free_easies_) curl_easy_cleanup(easy);
  for (auto& [key, list] : resolve_) curl_slist_free_all(list);
  if (cookies_ != nullptr) curl_share_cleanup(cookies_);  // after every handle that used it
}

Status Fetcher::Configure() {
  if (options_.politeness.max_in_flight_per_host < 1) {
    return Status::Error("at most 0 connections per host: nothing could be fetched");
  }
  if (options_.max_transfers < 1) options_.max_transfers = 1;
  // libcurl keeps 4 idle connections per transfer *currently* in the multi handle: in a polite
  // crawl, with few transfers in flight, it would close most hosts' connections after each wave
  // and connect again a second later. A fixed size of 4 per allowed transfer keeps them (never
  // more descriptors than curl's own default allows at full load).
  curl_multi_setopt(loop_->multi(), CURLMOPT_MAXCONNECTS,
                    static_cast<long>(4 * options_.max_transfers));
  for (const std::string& text : options_.resolve) {
    ResolveEntry entry;
    if (Status s = ParseResolveEntry(text, &entry); !s.ok()) return s;
    const auto port = static_cast<uint16_t>(std::stoi(entry.port));  // checked: 1 to 65535
    for (const IpAddress& ip : entry.parsed) guard_.AllowResolved(entry.host, port, ip);
    const std::string key = entry.host + ":" + entry.port;
    const std::string line = key + ":" + entry.addresses;
    resolve_[key] = curl_slist_append(resolve_[key], line.c_str());
  }
  for (const std::string& cidr : options_.allowed_cidrs) {
    if (Status s = guard_.AllowCidr(cidr); !s.ok()) return s;
  }
  for (const std::string& header : options_.extra_headers) {
    if (Status s = CheckExtraHeader(header); !s.ok()) return s;
  }
  // The proxy resolves the targets, so a proxied transfer only ever connects to the proxy: the
  // one the operator chose (option or environment). Allow exactly its addresses on its port,
  // and nothing more: a host excluded with no_proxy is connected to directly and meets the
  // guard, even if it shares the proxy's (say, loopback) address.
  std::vector<std::string> proxies;
  if (!options_.proxy.empty()) proxies.push_back(options_.proxy);
  for (const char* name : {"http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
      proxies.emplace_back(value);
    }
  }
  for (const std::string& proxy : proxies) {
    CURLU* url = curl_url();
    char* host = nullptr;
    if (curl_url_set(url, CURLUPART_URL, proxy.c_str(),
                     CURLU_DEFAULT_SCHEME | CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        curl_url_get(url, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
      const uint16_t port = ProxyPort(url);
      if (const auto ip = IpAddress::Parse(host)) {
        proxy_endpoints_.emplace_back(*ip, port);
      } else {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (getaddrinfo(host, nullptr, &hints, &found) == 0) {
          for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
            if (auto found_ip = IpAddress::FromSockaddr(a->ai_addr, a->ai_addrlen)) {
              proxy_endpoints_.emplace_back(*found_ip, port);
            }
          }
          freeaddrinfo(found);
        }
      }
    }
    curl_free(host);
    curl_url_cleanup(url);
  }
  for (const std::string& host : options_.insecure_tls_hosts) {
    insecure_hosts_.insert(AsciiLowered(host));
  }
  return Status::Ok();
}

void Fetcher::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

// ---- the request's path ---------------------------------------------------------------------

void Fetcher::Fetch(FetchRequest request, Callback done) {
  auto job = std::make_unique<Job>();
  job->fetcher = this;
  job->id = next_id_++;
  job->done = std::move(done);
  job->result.tag = request.tag;
  job->result.requested_url = request.url;
  job->max_redirects = options_.max_redirects;
  job->max_body = options_.max_body_bytes;
  Job& ref = *job;
  ref.request = std::move(request);
  ref.post = !ref.request.form_body.empty();
  jobs_.emplace(ref.id, std::move(job));
  if (stopping_) {
    Finish(ref, AttemptError::kCancelled, "cancelled: the engine is shutting down");
    return;
  }
  if (!ref.request.canonical.spec().empty() && ref.request.canonical.spec() == ref.request.url) {
    ref.url = std::move(ref.request.canonical);  // parsed by the caller: not again
  } else if (Status s = CanonicalizeUrl(ref.request.url, &ref.url); !s.ok()) {
    Finish(ref, AttemptError::kOther, s.message());
    return;
  }
  ref.visited.push_back(ref.url.spec());
  Route(ref);
}

void Fetcher::Route(Job& job) {
  if (stopping_) {
    Finish(job, AttemptError::kCancelled, "cancelled: the engine is shutting down");
    return;
  }
  if (!job.robots && options_.obey_robots) {
    const HostKey& host = job.url.host_key();
    RobotsEntry& entry = robots_[host];
    if (!entry.policy || entry.policy->Expired(Clock::now())) {
      entry.waiting.push_back(job.id);
      if (!entry.fetching) StartRobotsFetch(host);
      return;
    }
    if (!entry.policy->Allowed(job.url.PathAndQuery())) {
      std::string reason = !entry.refusal.empty() ? entry.refusal
                           : entry.policy->kind() == RobotsPolicy::Kind::kDisallowAll
                               ? entry.policy->reason()
                               : "robots.txt disallows " + job.url.PathAndQuery();
      Finish(job, entry.refusal.empty() ? AttemptError::kRefused : entry.refusal_error,
             std::move(reason));
      return;
    }
  }
  Enqueue(job, Clock::now());
}

void Fetcher::Enqueue(Job& job, TimePoint ready_at) {
  host_queue_.Push(HostRequest{job.url, job.id}, ready_at);
  Pump();
}

void Fetcher::Pump() {
  if (pumping_) {  // a callback run from Start() pushed more work: loop again afterwards
    pump_again_ = true;
    return;
  }
  pumping_ = true;
  do {
    pump_again_ = false;
    // While a transfer waits for the budget, a new one would only connect and wait too.
    while (!stopping_ && active_ < options_.max_transfers && !budget_.waiting()) {
      const TimePoint now = Clock::now();
      HostQueue::Next next = host_queue_.NextReady(now);
      if (next.request) {
        auto it = jobs_.find(next.request->tag);
        if (it == jobs_.end()) {  // finished meanwhile (cancelled)
          host_queue_.Done(next.request->url.host_key(), now);
          continue;
        }
        Start(*it->second);
        continue;
      }
      if (next.wake_at) ArmPumpTimer(*next.wake_at);
      break;
    }
  } while (pump_again_);
  pumping_ = false;
}

void Fetcher::ArmPumpTimer(TimePoint at) {
  if (pump_at_ && *pump_at_ <= at && *pump_at_ > Clock::now()) return;  // an earlier wake is armed
  pump_at_ = at;
  const uint64_t generation = ++pump_generation_;
  pump_timer_.expires_at(at);
  pump_timer_.async_wait([this, life = std::weak_ptr<Fetcher*>(self_),
                          generation](const boost::system::error_code& ec) {
    if (life.expired() || ec == boost::asio::error::operation_aborted) return;
    if (generation != pump_generation_) return;  // replaced by a later arming
    pump_at_.reset();
    Pump();
  });
}

void Fetcher::Start(Job& job) {
  CURL* easy = AcquireEasy();
  job.easy = easy;
  job.too_large = false;
  job.paused = false;
  job.declared = 0;
  job.refused = false;
  job.refused_reason.clear();
  job.encoding_known = false;
  job.decoder.reset();
  job.decoded_skip = 0;
  job.decoded_more = false;
  job.decode_error.clear();
  job.error_buffer[0] = '\0';
  DropBody(job);  // empty already (dropped when the previous attempt ended); its buffer too
  job.result.headers.clear();
  job.result.status_line.clear();  // an earlier hop's or attempt's is not this transfer's
  job.result.ip.clear();
  ConfigureEasy(job, easy);
  ++active_;
  ++job.url_attempts;
  ++job.result.attempts;
  job.result.starts.push_back(Clock::now());
  job.started_at = WallClock::now();
  const uint64_t id = job.id;
  if (!loop_->Add(easy, [this, id](CURL* e, CURLcode code) { OnTransferDone(id, e, code); })) {
    OnTransferDone(id, easy, CURLE_FAILED_INIT);
  }
}

// The options every transfer shares, set once when a handle is made: handles are reused
// without curl_easy_reset, which would free and rebuild curl's per-handle state (its 16 KiB
// receive buffer among it) for every request. ConfigureEasy sets every option that varies.
void Fetcher::ConfigureNewEasy(CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // we follow redirects ourselves
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  // The engine decodes (content_decoder.h: libcurl 7.88 would decode past a pause, outside the
  // budget): libcurl asks for what the engine can undo and hands the bytes over as sent.
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, kAcceptEncoding);
  curl_easy_setopt(easy, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Fetcher::OnBody);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Fetcher::OnHeader);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Fetcher::OnOpenSocket);
  if (cookies_ != nullptr) {
    curl_easy_setopt(easy, CURLOPT_SHARE, cookies_);
    curl_easy_setopt(easy, CURLOPT_COOKIEFILE, "");  // the cookie engine on, reading no file
  }
  // libcurl's default receive buffer, 16 KiB, set here so that it is a decision: each handle in
  // the pool keeps its buffer, so with 128 KiB a crawl of 200 hosts held 8-15 MiB more (anonymous
  // RSS 31-37 against 21-22 MiB on the yardstick), for no CPU it could show (1.02-1.08 against
  // 1.03-1.18 CPU s, loaded machine; docs/benchmarks.md, issue 16). Larger bodies take more reads.
  curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 16L * 1024);
  // Names resolved once per engine and kept (as wget and wget2 keep theirs for their run): libcurl
  // 7.88 prunes its DNS cache by walking every entry on each resolve, which at 5,000 hosts was
  // 10 of the 16 CPU seconds of 25,000 requests (bench/run_hosts_bench.sh, docs/benchmarks.md).
  // An engine lives for one run (a county's walk in fetch and harvest, one `xxgk crawl` or `get`),
  // so a name is kept no longer; the address guard still checks every address connected to.
  curl_easy_setopt(easy, CURLOPT_DNS_CACHE_TIMEOUT, -1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, Milliseconds(options_.connect_timeout));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, Milliseconds(options_.transfer_timeout));
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(std::max<long>(1, Milliseconds(options_.low_speed_time) / 1000)));
  if (!options_.proxy.empty()) curl_easy_setopt(easy, CURLOPT_PROXY, options_.proxy.c_str());
  if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
}

// Every option that differs between transfers is set here, each time, so that nothing of the
// handle's previous transfer carries over.
void Fetcher::ConfigureEasy(Job& job, CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_URL, job.url.spec().c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &job);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &job);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &job);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, &job);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, job.error_buffer);
  const std::string resolve_key = job.url.host() + ":" + std::to_string(job.url.port());
  const auto resolve = resolve_.find(resolve_key);
  curl_easy_setopt(easy, CURLOPT_RESOLVE, resolve != resolve_.end() ? resolve->second : nullptr);
  const bool insecure = job.url.scheme() == "https" &&
                        (options_.insecure_tls_all || insecure_hosts_.count(job.url.host()));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, insecure ? 0L : 2L);
  if (insecure && insecure_logged_.insert(job.url.host()).second) {
    Log("TLS certificate NOT verified for " + job.url.host() +
        (options_.insecure_tls_all ? " (-k/--insecure)" : " (insecure_tls)"));
  }
  curl_slist_free_all(job.request_headers);
  job.request_headers = nullptr;
  if (job.post) {  // the body stays in job.request for the whole transfer
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, job.request.form_body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(job.request.form_body.size()));
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);  // the handle's previous transfer may have POSTed
  }
  for (const std::string& header : options_.extra_headers) {
    job.request_headers = curl_slist_append(job.request_headers, header.c_str());
  }
  if (!job.robots && !job.post && job.result.redirects.empty()) {  // validators: the requested URL's
    if (!job.request.etag.empty()) {
      job.request_headers = curl_slist_append(job.request_headers,
                                              ("If-None-Match: " + job.request.etag).c_str());
    }
    if (!job.request.last_modified.empty()) {
      job.request_headers = curl_slist_append(
          job.request_headers, ("If-Modified-Since: " + job.request.last_modified).c_str());
    }
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, job.request_headers);  // none: null
}

size_t Fetcher::OnBody(char* data, size_t size, size_t count, void* opaque) {
  Job& job = *static_cast<Job*>(opaque);
  const size_t bytes = size * count;
  std::string& body = job.result.body;
  BodyBudget& budget = job.fetcher->budget_;
  if (!job.encoding_known) {  // the first body byte: the headers are all in
    job.encoding_known = true;
    std::string encoding;  // every Content-Encoding header, as one list
    for (const auto& [name, value] : job.result.headers) {
      if (EqualsIgnoringAsciiCase(name, "Content-Encoding")) encoding += value + ",";
    }
    if (Status s = ContentDecoder::For(encoding, &job.decoder); !s.ok()) {
      job.decode_error = s.message();
      return 0;
    }
  }
  if (job.decoder) return DecodeBody(job, data, bytes);
  if (body.size() + bytes > job.max_body) {
    // Decoded bytes are counted, so a small compressed body that inflates past the limit (a
    // gzip bomb) is stopped here too. Returning a short count aborts the transfer. It fails
    // anyway, so it never waits for the budget: it keeps what fits (robots.txt's first 500 KiB
    // are parsed) in the room the budget can spare.
    GrowBody(budget, job.id, body, job.max_body, job.declared, job.max_body, Growth::kIfSpare);
    body.append(data, std::min(job.max_body, body.capacity()) - body.size());
    job.too_large = true;
    return 0;
  }
  // Room first, from the budget of bodies in flight; refused: pause. libcurl keeps this chunk
  // and hands it over again once ResumeWaiting unpauses the transfer.
  if (!GrowBody(budget, job.id, body, body.size() + bytes, job.declared, job.max_body)) {
    job.paused = true;
    job.fetcher->NoteWaiting();
    return CURL_WRITEFUNC_PAUSE;
  }
  body.append(data, bytes);
  return bytes;
}

// A compressed body: inflated into the room the budget grants, a step at a time. Refused: the
// transfer is paused with the chunk part-decoded; libcurl keeps the chunk (as sent, from its
// first byte) and hands it over again once unpaused, and the part zlib has taken is skipped.
size_t Fetcher::DecodeBody(Job& job, const char* data, size_t bytes) {
  std::string& body = job.result.body;
  BodyBudget& budget = job.fetcher->budget_;
  const size_t skip = std::exchange(job.decoded_skip, 0);
  if (skip > bytes) {  // libcurl 7.88 cannot do this; a later one might: fail, never garble
    job.decode_error = "a paused compressed chunk came back shorter than it was";
    return 0;
  }
  std::string_view in(data + skip, bytes - skip);
  bool more = std::exchange(job.decoded_more, false);
  while (!in.empty() || more) {
    const size_t room = std::min(body.capacity(), job.max_body) - std::min(body.size(), job.max_body);
    if (room == 0) {
      if (body.size() >= job.max_body) {  // decoded bytes count: a gzip bomb ends here
        job.too_large = true;
        return 0;
      }
      // The declared size is the compressed one: a first step, not the body's size.
      constexpr size_t kDecodeStep = size_t{64} << 10;
      if (!GrowBody(budget, job.id, body, std::min(job.max_body, body.size() + kDecodeStep),
                    job.declared, job.max_body)) {
        job.decoded_skip = bytes - in.size();
        job.decoded_more = more;
        job.paused = true;
        job.fetcher->NoteWaiting();
        return CURL_WRITEFUNC_PAUSE;
      }
      continue;
    }
    size_t consumed = 0;
    if (Status s = job.decoder->Decode(in, room, &body, &consumed, &more); !s.ok()) {
      job.decode_error = s.message();
      return 0;
    }
    in.remove_prefix(consumed);
    if (!more && !in.empty()) {  // zlib took nothing with room to spare: cannot happen
      job.decode_error = "the decoder stopped with input left";
      return 0;
    }
  }
  return bytes;
}

size_t Fetcher::OnHeader(char* data, size_t size, size_t count, void* opaque) {
  Job& job = *static_cast<Job*>(opaque);
  const size_t bytes = size * count;
  std::string_view line(data, bytes);
  auto& headers = job.result.headers;
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new response (after 100 Continue, or a proxy's CONNECT answer)
    job.declared = 0;
    job.result.status_line = std::string(Trim(line));
  } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    if (!headers.empty()) {  // obsolete line folding: continues the previous value
      headers.back().second += " ";
      headers.back().second += Trim(line);
    }
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                         std::string(Trim(line.substr(colon + 1))));
    // The declared size is allocated at once when the body starts and the budget can spare
    // it (a lower bound when encoded), so a large body is not copied as it grows.
    if (EqualsIgnoringAsciiCase(headers.back().first, "Content-Length")) {
      const std::string& value = headers.back().second;
      if (!value.empty() && value.size() < 19 &&
          value.find_first_not_of("0123456789") == std::string::npos) {
        job.declared = static_cast<size_t>(std::stoull(value));
      }
    }
  }
  return bytes;
}

curl_socket_t Fetcher::OnOpenSocket(void* opaque, curlsocktype, curl_sockaddr* address) {
  Job& job = *static_cast<Job*>(opaque);
  const auto length = static_cast<socklen_t>(address->addrlen);
  const std::optional<IpAddress> ip = IpAddress::FromSockaddr(&address->addr, length);
  const auto& proxies = job.fetcher->proxy_endpoints_;
  const bool to_proxy =
      ip && std::find(proxies.begin(), proxies.end(),
                      std::pair(*ip, SockaddrPort(&address->addr, length))) != proxies.end();
  const AddressGuard::Verdict verdict =
      to_proxy ? AddressGuard::Verdict{.allowed = true}
               : job.fetcher->guard_.Check(&address->addr, length, job.url.host(), job.url.port());
  if (!verdict.allowed) {
    job.refused = true;
    job.refused_reason = "address guard: " + job.url.host() + ": " + verdict.reason;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

void Fetcher::OnTransferDone(uint64_t id, CURL* easy, CURLcode code) {
  const TimePoint now = Clock::now();
  auto it = jobs_.find(id);
  --active_;
  if (it == jobs_.end()) {  // cannot happen: a job with a transfer is never erased
    ReleaseEasy(easy);
    return;
  }
  Job& job = *it->second;
  job.paused = false;
  host_queue_.Done(job.url.host_key(), now);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  const char* ip = nullptr;  // the connection's peer; through a proxy, the proxy's address
  if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) {
    job.result.ip = ip;
  }
  FetchTimings& t = job.result.timings;
  t.name_lookup = SecondsInfo(easy, CURLINFO_NAMELOOKUP_TIME_T);
  t.connect = SecondsInfo(easy, CURLINFO_CONNECT_TIME_T);
  t.tls = SecondsInfo(easy, CURLINFO_APPCONNECT_TIME_T);
  t.first_byte = SecondsInfo(easy, CURLINFO_STARTTRANSFER_TIME_T);
  t.total = SecondsInfo(easy, CURLINFO_TOTAL_TIME_T);
  const std::string curl_message =
      job.error_buffer[0] != '\0' ? job.error_buffer : curl_easy_strerror(code);
  job.easy = nullptr;
  ReleaseEasy(easy);

  job.result.http_status = static_cast<int>(status);
  AttemptOutcome outcome;
  if (job.too_large && !job.robots) {
    Finish(job, AttemptError::kTooLarge,
           "body larger than " + FormatBytes(job.max_body) + " (decoded): transfer aborted");
    Pump();
    return;
  }
  if (!job.decode_error.empty()) {  // a body that cannot be decoded is not retried
    Finish(job, AttemptError::kOther, job.decode_error);
    Pump();
    return;
  }
  if (code != CURLE_OK && !(job.too_large && job.robots)) {
    // robots.txt beyond the read limit is not an error: the first 500 KiB are what counts.
    outcome.error = ClassifyCurlResult(code);
    if (job.refused && outcome.error == AttemptError::kConnect) {
      Finish(job, AttemptError::kRefused, job.refused_reason);
      Pump();
      return;
    }
    job.result.http_status = 0;
  } else {
    outcome.http_status = static_cast<int>(status);
    if (auto value = job.result.Header("Retry-After")) {
      outcome.retry_after = ParseRetryAfter(*value, std::chrono::system_clock::now());
    }
    if (IsRedirectStatus(outcome.http_status)) {
      if (auto location = job.result.Header("Location"); location && !location->empty()) {
        FollowRedirect(job, *location);
        Pump();
        return;
      }
    }
  }
  const RetryDecision decision = retry_.Decide(outcome, job.url_attempts);
  if (decision.host_hold) {
    host_queue_.HoldUntil(job.url.host_key(), now + *decision.host_hold);
  }
  if (decision.retry && !stopping_) {
    Log(job.url.spec() + ": " + decision.reason);
    DropBody(job);  // the failed attempt's body is not wanted
    Enqueue(job, now + decision.delay);
    return;
  }
  if (outcome.error == AttemptError::kNone) {
    job.result.unchanged = outcome.http_status == 304;
    Finish(job, AttemptError::kNone, IsRetryable(outcome) ? decision.reason : std::string());
  } else {
    Finish(job, outcome.error, curl_message + " (" + decision.reason + ")");
  }
  Pump();
}

void Fetcher::FollowRedirect(Job& job, const std::string& location) {
  const int status = job.result.http_status;
  CanonicalUrl next;
  if (Status s = ResolveUrl(job.url, location, &next); !s.ok()) {
    Finish(job, AttemptError::kOther, "HTTP " + std::to_string(status) + " to an unusable Location: " +
                                          s.message());
    return;
  }
  // A redirect to the URL itself that sets a cookie (a portal's "verify" step) is followed once,
  // with the cookie: libcurl's cookie engine sends it on the next request.
  const bool cookie_retry = next.spec() == job.url.spec() && !job.cookie_retry &&
                            job.result.Header("set-cookie").has_value();
  if (cookie_retry) {
    job.cookie_retry = true;
  } else if (std::find(job.visited.begin(), job.visited.end(), next.spec()) != job.visited.end()) {
    std::string chain;
    for (const std::string& url : job.visited) chain += url + " -> ";
    Finish(job, AttemptError::kTooManyRedirects, "redirect loop: " + chain + next.spec());
    return;
  }
  if (static_cast<int>(job.result.redirects.size()) >= job.max_redirects) {
    Finish(job, AttemptError::kTooManyRedirects,
           "more than " + std::to_string(job.max_redirects) + " redirects");
    return;
  }
  // What a WARC response record of the hop needs (fetch_result.h); its body only when small.
  RedirectHop hop{job.url.spec(), status};
  hop.status_line = std::exchange(job.result.status_line, {});  // the hop's, not the result's
  hop.headers = std::exchange(job.result.headers, {});
  hop.ip = std::exchange(job.result.ip, {});
  hop.time = job.started_at;
  hop.body_bytes = job.result.body.size();
  if (job.result.body.size() <= kMaxHopBodyBytes) hop.body = job.result.body;
  if (job.post) hop.form_body = job.request.form_body;
  job.result.redirects.push_back(std::move(hop));
  if (status == 301 || status == 302 || status == 303) job.post = false;  // as browsers do
  job.visited.push_back(next.spec());
  job.url = next;
  job.url_attempts = 0;
  DropBody(job);  // a redirect's body is not handed on
  Route(job);
}

void Fetcher::Finish(Job& job, AttemptError error, std::string reason) {
  job.result.error = error;
  job.result.reason = std::move(reason);
  job.result.final_url = job.url.spec().empty() ? job.request.url : job.url.spec();
  if (job.post) job.result.form_body = job.request.form_body;
  curl_slist_free_all(job.request_headers);
  job.request_headers = nullptr;
  if (job.robots) {
    RobotsDone(job);
    return;
  }
  job.result.final_canonical = std::move(job.url);  // `job` is erased below
  Callback done = std::move(job.done);
  FetchResult result = std::move(job.result);
  const uint64_t id = job.id;
  jobs_.erase(job.id);  // `job` is gone from here on
  if (stopping_ && active_ == 0) grace_timer_.cancel();
  // The body counts against the budget until the callback has returned: what the caller keeps
  // after that is its own to bound.
  const std::weak_ptr<Fetcher*> life = self_;
  if (done) done(std::move(result));
  if (!life.expired()) ReleaseBody(id);  // unless the callback destroyed the engine
}

// ---- robots.txt -----------------------------------------------------------------------------

void Fetcher::StartRobotsFetch(const HostKey& host) {
  robots_[host].fetching = true;
  auto job = std::make_unique<Job>();
  job->fetcher = this;
  job->id = next_id_++;
  job->robots = true;
  job->robots_host = host;
  job->max_redirects = 5;  // RFC 9309 section 2.3.1.2
  job->max_body = kRobotsParseLimit;
  job->request.url = host.RobotsTxtUrl();
  job->result.requested_url = job->request.url;
  Job& ref = *job;
  jobs_.emplace(ref.id, std::move(job));
  if (Status s = CanonicalizeUrl(ref.request.url, &ref.url); !s.ok()) {
    Finish(ref, AttemptError::kOther, s.message());
    return;
  }
  ref.visited.push_back(ref.url.spec());
  Enqueue(ref, Clock::now());  // politeness applies to robots.txt too
}

void Fetcher::RobotsDone(Job& job) {
  const HostKey host = job.robots_host;
  RobotsFetch fetch;
  if (job.result.error == AttemptError::kNone) {
    fetch.outcome = RobotsFetch::Outcome::kResponse;
    fetch.http_status = job.result.http_status;
    fetch.body = job.result.body;
  } else if (job.result.error == AttemptError::kTooManyRedirects) {
    fetch.outcome = RobotsFetch::Outcome::kTooManyRedirects;
  } else {
    fetch.outcome = RobotsFetch::Outcome::kNetworkError;
  }
  RobotsPolicy policy = RobotsPolicy::FromFetch(fetch, options_.user_agent, Clock::now(), options_.robots);
  if (policy.kind() != RobotsPolicy::Kind::kRules || !job.result.reason.empty()) {
    Log(host.str() + ": " + policy.reason() +
        (job.result.reason.empty() ? "" : " (" + job.result.reason + ")"));
  }
  if (auto delay = policy.crawl_delay()) {
    const Duration asked = SecondsToDuration(*delay);
    host_queue_.SetCrawlDelay(host, asked);
    if (asked > options_.politeness.max_crawl_delay) {
      Log(host.str() + ": Crawl-delay " + std::to_string(*delay) + " s capped");
    }
  }
  RobotsEntry& entry = robots_[host];
  entry.policy = std::move(policy);
  entry.fetching = false;
  // Requests waiting on this robots.txt fail with the reason when it says more than
  // "unreachable": the guard's refusal, or the certificate problem that a user must see to
  // decide on insecure_tls or ca_file.
  // A network error is reported as itself (kConnect, kTimeout, ...): the host is unreachable, not
  // refusing; a crawl lists such pages as failed, not as skipped by robots.txt.
  const AttemptError error = job.result.error;
  const bool network = error != AttemptError::kNone && error != AttemptError::kRefused &&
                       error != AttemptError::kTls && error != AttemptError::kCancelled;
  entry.refusal = error == AttemptError::kRefused ? job.result.reason
                  : error == AttemptError::kTls   ? "robots.txt unreachable: " + job.result.reason
                  : network ? "robots.txt unreachable: " + job.result.reason
                  : std::string();
  entry.refusal_error = network ? error : AttemptError::kRefused;
  std::vector<uint64_t> waiting = std::move(entry.waiting);
  entry.waiting.clear();
  ReleaseBody(job.id);
  jobs_.erase(job.id);  // `job` is gone from here on
  for (uint64_t id : waiting) {
    auto it = jobs_.find(id);
    if (it != jobs_.end()) Route(*it->second);
  }
  if (stopping_ && active_ == 0) grace_timer_.cancel();
}

// ---- shutdown ---------------------------------------------------------------------------------

void Fetcher::Stop() {
  if (stopping_) return;
  stopping_ = true;
  ++pump_generation_;
  pump_timer_.cancel();
  pump_at_.reset();
  char grace[32];
  std::snprintf(grace, sizeof grace, "%g", static_cast<double>(Milliseconds(options_.shutdown_grace)) / 1000.0);
  Log("stopping: " + std::to_string(active_) + " transfer(s) in flight, grace " + grace + " s");
  // Everything not in flight completes now, as cancelled.
  std::vector<uint64_t> queued;
  for (auto& [id, job] : jobs_) {
    if (job->easy == nullptr) queued.push_back(id);
  }
  for (uint64_t id : queued) {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;
    Job& job = *it->second;
    if (job.robots) {
      robots_[job.robots_host].fetching = false;
      ReleaseBody(id);
      jobs_.erase(it);
      continue;
    }
    Finish(job, AttemptError::kCancelled, "cancelled: the engine is shutting down");
  }
  if (active_ == 0) return;
  grace_timer_.expires_after(options_.shutdown_grace);
  grace_timer_.async_wait([this, life = std::weak_ptr<Fetcher*>(self_)](
                              const boost::system::error_code& ec) {
    if (life.expired() || ec == boost::asio::error::operation_aborted) return;
    AbortInFlight();
  });
}

void Fetcher::AbortInFlight() {
  std::vector<uint64_t> running;
  for (auto& [id, job] : jobs_) {
    if (job->easy != nullptr) running.push_back(id);
  }
  for (uint64_t id : running) {
    auto it = jobs_.find(id);
    if (it == jobs_.end() || it->second->easy == nullptr) continue;
    Job& job = *it->second;
    loop_->Abort(job.easy);
    ReleaseEasy(job.easy);
    job.easy = nullptr;
    --active_;
    host_queue_.Done(job.url.host_key(), Clock::now());
    if (job.robots) {
      robots_[job.robots_host].fetching = false;
      ReleaseBody(id);
      jobs_.erase(it);
      continue;
    }
    Finish(job, AttemptError::kCancelled,
           "cancelled: transfer aborted after the shutdown grace period");
  }
}

// ---- the budget of bodies in flight ---------------------------------------------------------

// The body of an attempt that is not handed on (a redirect, a retried failure): freed, and its
// bytes given back.
void Fetcher::DropBody(Job& job) {
  std::string().swap(job.result.body);
  ReleaseBody(job.id);
}

BodyHold Fetcher::Hold(size_t bytes) {
  BodyHold hold;
  if (bytes == 0) return hold;
  const uint64_t id = next_id_++;  // a holder of its own, never a job's
  budget_.Hold(id, bytes);
  hold.state_ = std::make_shared<BodyHold::State>(io_, id, bytes, self_);
  return hold;
}

BodyHold::State::~State() {
  // From any thread: the budget is the io_context's. The work guard goes after the post.
  boost::asio::post(work.get_executor(), [id = id, life = std::move(life)] {
    if (auto fetcher = life.lock()) (*fetcher)->ReleaseBody(id);
  });
}

void Fetcher::NoteWaiting() {
  if (wait_spell_) return;
  wait_spell_ = true;
  ++wait_spells_;
  // The first spell is always logged (tests wait for it); then at most one line a minute.
  const TimePoint now = Clock::now();
  if (wait_logged_ && now - *wait_logged_ < std::chrono::minutes(1)) return;
  Log("bodies in flight: the budget (" + FormatBytes(budget_.limit()) + ") is full, " +
      FormatBytes(budget_.used()) + " held; transfers wait for bytes to be given back" +
      (wait_spells_ > 1 ? " (" + std::to_string(wait_spells_) + " times since the last line)" : ""));
  wait_logged_ = now;
  wait_spells_ = 0;
}

void Fetcher::ReleaseBody(uint64_t id) {
  budget_.Release(id);
  if (!budget_.waiting()) wait_spell_ = false;
  if (!budget_.waiting() || resume_posted_) return;
  // Not from here: this may run inside a completion or the caller's callback, and unpausing
  // re-enters libcurl (CRAWLER_NOTES: never call into curl from inside its callbacks).
  resume_posted_ = true;
  boost::asio::post(io_, [this, life = std::weak_ptr<Fetcher*>(self_)] {
    if (life.expired()) return;
    resume_posted_ = false;
    ResumeWaiting();
  });
}

// Every waiting transfer asks again: curl_easy_pause hands the chunk it kept back to OnBody,
// which may be refused again (then it waits for the next release; the first refused takes the
// pass if nobody holds it). Unpausing schedules the transfer (curl sets a 0 ms timeout).
void Fetcher::ResumeWaiting() {
  for (uint64_t id : budget_.TakeWaiting()) {
    auto it = jobs_.find(id);
    if (it == jobs_.end() || it->second->easy == nullptr || !it->second->paused) continue;
    Job& job = *it->second;
    job.paused = false;
    CURL* easy = job.easy;
    const CURLcode code = curl_easy_pause(easy, CURLPAUSE_CONT);
    if (code != CURLE_OK) {
      // What libcurl kept went past max_body as it came back (OnBody returned 0: the kept
      // chunk, or what it decoded after it into its own pause buffer). libcurl 7.88 then
      // returns without rescheduling the transfer, which would sit until its timeout: end it
      // here, as its completion would have.
      loop_->Abort(easy);
      OnTransferDone(id, easy, code);
    }
  }
  if (!budget_.waiting()) wait_spell_ = false;
  Pump();
}

// ---- easy handles ---------------------------------------------------------------------------

CURL* Fetcher::AcquireEasy() {
  if (free_easies_.empty()) {
    CURL* easy = curl_easy_init();
    if (easy != nullptr) ConfigureNewEasy(easy);
    return easy;
  }
  CURL* easy = free_easies_.back();
  free_easies_.pop_back();
  return easy;
}

// No curl_easy_reset (see ConfigureNewEasy): the handle keeps its options and buffers; only the
// request headers, which the job frees, are unhooked.
void Fetcher::ReleaseEasy(CURL* easy) {
  if (easy == nullptr) return;
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  free_easies_.push_back(easy);
}

}  // namespace xxgk::crawl
