// TestHttpServer: a small HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for the fetch
// engine's tests, with fault injection: a slow first byte, a slow drip, a reset mid-body, a
// Content-Length larger than the body, a body without Content-Length (ended by closing), huge
// generated bodies, responses that start together (a barrier), any status and headers. Many host names are mapped onto it with --resolve;
// it tells them apart by the Host header.
//
// HTTPS: constructed with a TestTls (a certificate chain and key, PEM), the server speaks TLS on
// its port instead (Boost.Asio ssl over OpenSSL) and Url() says https; test_certificate.h makes
// a throwaway self-signed certificate. A client that rejects the certificate ends the handshake:
// no request is seen, the failure is counted (tls_handshakes_failed). The server counts it when it
// reads the client's alert or close, which may be after the client has returned: a test waits for
// the count (WaitForTlsHandshakesFailed), it never reads it right away.
//
// Forward proxy: a request line in absolute form ("GET http://far.test/p HTTP/1.1", what a
// client sends to an HTTP proxy) is answered as if relayed to that origin: the request's host and
// target come from the URL, `proxied` is set, and the handler answers as the origin would. So
// one server plays a proxy in front of any simulated origin, and counts what it relayed; the
// origin's name is never resolved by the client.
//
// CONNECT (how a client reaches an https:// origin through a proxy): "CONNECT host:port" opens
// a TCP connection to 127.0.0.1 on the port set with TunnelTo (else the port the request names),
// answers "200 Connection established" and relays bytes both ways until either side closes
// (502 if the connection cannot be made). The tunnelled bytes (TLS) are not looked at: point
// TunnelTo at an HTTPS TestHttpServer and it sees the requests. CONNECTs are counted apart
// (connect_requests, ConnectTargets), never as requests, and never reach the handler.
//
// It also watches the client from the server side, which is how politeness is verified: per
// host, how many requests were being served at once (at most), and when each request arrived.
// A request counts as being served from the moment its header has been read until its response
// has been written completely or its connection ended.
//
// Thread safety: the server runs on its own thread. The handler is called on that thread;
// Stats, Requests and the counters may be read from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace xxgk::crawl::testing {

using ServerClock = std::chrono::steady_clock;

struct TestRequest {
  std::string method;
  std::string target;  // as sent: path and query (from the URL for a proxied request)
  std::string host;    // the Host header without the port, lower-case (proxied: the URL's host)
  bool proxied = false;  // sent to us as a forward proxy: the request line was in absolute form
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;  // the request body (Content-Length bytes; at most 1 MiB, else the
                     // connection is closed): a form POST's fields
  ServerClock::time_point received;
  uint64_t connection = 0;  // which connection carried it (1, 2, ...)
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct TestResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A body of this many `fill` bytes, streamed in chunks (never held in memory), instead of body.
  size_t generated_body = 0;
  char fill = 'x';
  // Faults.
  std::chrono::milliseconds first_byte_delay{0};  // wait before the status line
  size_t drip_bytes = 0;                          // write the body this many bytes at a time ...
  std::chrono::milliseconds drip_interval{0};     // ... with this pause between writes
  std::optional<size_t> reset_after;   // after this many body bytes, reset the connection (RST)
  std::optional<size_t> declared_length;  // Content-Length to send instead of the real size;
                                          // the connection is closed after the (short) body
  bool close = false;                     // Connection: close after this response
  bool until_close = false;  // no Content-Length: the body ends when the connection closes
  // A barrier: the response waits (its connection only) until this many responses with a
  // barrier are waiting, then they all start at once — so a test knows that many are in flight
  // together, whatever the threads' timing (first_byte_delay is then ignored). 0: none.
  size_t start_together = 0;
};

using TestHandler = std::function<TestResponse(const TestRequest&)>;

// The server's TLS identity, PEM: the certificate chain (leaf first) and its private key.
struct TestTls {
  std::string certificate_pem;
  std::string key_pem;
};

class TestHttpServer {
 public:
  // Starts listening at once. The handler must be thread-safe w.r.t. the test's own state.
  explicit TestHttpServer(TestHandler handler);
  // An HTTPS server with this identity.
  TestHttpServer(TestHandler handler, TestTls tls);
  ~TestHttpServer();  // stops the server and joins its thread
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  uint16_t port() const { return port_; }
  // "HOST:PORT:127.0.0.1", for FetcherOptions::resolve.
  std::string ResolveEntry(const std::string& host) const;
  // "http://HOST:PORT" + path ("https://..." for an HTTPS server).
  std::string Url(const std::string& host, const std::string& path) const;
  bool tls() const { return tls_; }

  struct HostStats {
    int requests = 0;
    int max_concurrent = 0;  // requests being served at once, at most
    std::vector<ServerClock::time_point> arrivals;  // when each request's header was read
  };
  HostStats Stats(const std::string& host) const;
  std::vector<TestRequest> Requests() const;  // every request, in arrival order
  int CountRequests(const std::string& host, const std::string& target) const;
  int max_concurrent_total() const;  // requests being served at once, all hosts
  int connections_accepted() const;
  int tls_handshakes_failed() const;  // HTTPS: handshakes the client (or the server) broke off
  // Waits until tls_handshakes_failed() is at least `count` (the event, not a guess at how long
  // the server thread takes), at most 60 s so that a broken test ends; returns the count then.
  int WaitForTlsHandshakesFailed(int count) const;
  int proxied_requests() const;       // requests received in absolute form (as a proxy)

  // CONNECT tunnels lead to 127.0.0.1:`port`, whatever port the request names; 0 (the
  // default): to the port the request names. May be called while the server runs.
  void TunnelTo(uint16_t port) { tunnel_port_ = port; }
  int connect_requests() const;                     // CONNECTs received (tunnels asked for)
  std::vector<std::string> ConnectTargets() const;  // their "host:port", in arrival order

 private:
  class Connection;
  friend class Connection;
  void Accept();
  void RequestStarted(const TestRequest& request);
  void RequestEnded(const std::string& host);
  void HandshakeFailed();
  void ConnectReceived(const std::string& authority);
  // Server thread only: parks `start` until `count` starts are parked, then runs them all.
  void StartTogether(size_t count, std::function<void()> start);
  void Listen();

  TestHandler handler_;
  bool tls_ = false;
  uint16_t port_ = 0;
  mutable std::mutex mutex_;
  mutable std::condition_variable handshake_failed_;  // notified when handshakes_failed_ grows
  std::map<std::string, HostStats> stats_;
  std::map<std::string, int> in_flight_;
  int in_flight_total_ = 0;
  int max_concurrent_total_ = 0;
  int connections_ = 0;
  int handshakes_failed_ = 0;
  std::vector<TestRequest> requests_;
  std::vector<std::string> connect_targets_;
  std::vector<std::function<void()>> parked_starts_;  // server thread only (StartTogether)
  std::atomic<uint16_t> tunnel_port_{0};
  struct Io;  // the io_context, the acceptor, the TLS context and the thread; destroyed first
  std::unique_ptr<Io> io_;
};

// gzip-compresses `data` (zlib); for compressed responses and the gzip bomb.
std::string Gzip(const std::string& data);

}  // namespace xxgk::crawl::testing
