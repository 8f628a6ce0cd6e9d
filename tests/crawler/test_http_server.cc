// See test_http_server.h.
#include "tests/crawler/test_http_server.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <cstdlib>
#include <istream>
#include <optional>
#include <stdexcept>

namespace xxgk::crawl::testing {
namespace {

using boost::asio::ip::tcp;
namespace ssl = boost::asio::ssl;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

constexpr size_t kChunk = 64 * 1024;

// The port of a CONNECT target ("host:port", "[v6]:port"); 0 if it has none or a bad one.
uint16_t AuthorityPort(const std::string& authority) {
  const size_t colon = authority.rfind(':');
  if (colon == std::string::npos || authority.find(']', colon) != std::string::npos) return 0;
  const std::string digits = authority.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  const unsigned long port = std::stoul(digits);
  return port <= 65535 ? static_cast<uint16_t>(port) : 0;
}

// A CONNECT tunnel: the client's socket joined to a fresh connection to 127.0.0.1:port. Each
// direction reads and writes in turn; when one side stops sending, the other is told (a
// half-close), and once both have stopped, or on any error, both sockets close.
class Tunnel : public std::enable_shared_from_this<Tunnel> {
 public:
  // `early` holds bytes the client sent after the CONNECT header, owed to the target.
  Tunnel(tcp::socket client, std::string early)
      : client_(std::move(client)), target_(client_.get_executor()), early_(std::move(early)) {}

  void Start(uint16_t port) {
    const tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
    target_.async_connect(
        endpoint, [self = shared_from_this()](const boost::system::error_code& ec) {
          if (ec) {
            self->Answer(
                "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                /*established=*/false);
          } else {
            self->Answer("HTTP/1.1 200 Connection established\r\n\r\n", /*established=*/true);
          }
        });
  }

 private:
  struct Direction {
    std::array<char, kChunk> buffer;
    bool done = false;
  };

  void Answer(std::string reply, bool established) {
    reply_ = std::move(reply);
    boost::asio::async_write(
        client_, boost::asio::buffer(reply_),
        [self = shared_from_this(), established](const boost::system::error_code& ec, size_t) {
          if (ec || !established) {
            self->Close();
            return;
          }
          self->SendEarlyBytes();
        });
  }

  void SendEarlyBytes() {
    if (early_.empty()) {
      Relay(client_, target_, upstream_);
      Relay(target_, client_, downstream_);
      return;
    }
    boost::asio::async_write(
        target_, boost::asio::buffer(early_),
        [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
          if (ec) {
            self->Close();
            return;
          }
          self->early_.clear();
          self->SendEarlyBytes();
        });
  }

  // Copies what `from` sends to `to`, one read and one write at a time.
  void Relay(tcp::socket& from, tcp::socket& to, Direction& direction) {
    from.async_read_some(
        boost::asio::buffer(direction.buffer),
        [self = shared_from_this(), &from, &to, &direction](const boost::system::error_code& ec,
                                                            size_t n) {
          if (ec) {  // `from` stopped sending (or broke): pass the end on
            boost::system::error_code ignored;
            to.shutdown(tcp::socket::shutdown_send, ignored);
            direction.done = true;
            if (self->upstream_.done && self->downstream_.done) self->Close();
            return;
          }
          boost::asio::async_write(
              to, boost::asio::buffer(direction.buffer.data(), n),
              [self, &from, &to, &direction](const boost::system::error_code& write_ec, size_t) {
                if (write_ec) {
                  self->Close();
                  return;
                }
                self->Relay(from, to, direction);
              });
        });
  }

  void Close() {
    boost::system::error_code ignored;
    client_.close(ignored);
    target_.close(ignored);
  }

  tcp::socket client_;
  tcp::socket target_;
  std::string early_;
  std::string reply_;
  Direction upstream_;    // client -> target
  Direction downstream_;  // target -> client
};

}  // namespace

struct TestHttpServer::Io {
  std::optional<ssl::context> tls;  // HTTPS only; outlives the connections the context holds
  boost::asio::io_context context;
  tcp::acceptor acceptor{context};
  std::thread thread;
  uint64_t next_connection = 1;
};

class TestHttpServer::Connection : public std::enable_shared_from_this<Connection> {
 public:
  // With `tls`, the connection speaks TLS over `socket`.
  Connection(TestHttpServer* server, tcp::socket socket, uint64_t id, ssl::context* tls)
      : server_(server), socket_(std::move(socket)), timer_(socket_.get_executor()), id_(id) {
    if (tls != nullptr) tls_.emplace(std::move(socket_), *tls);
  }
  ~Connection() { EndRequest(); }

  void Start() {
    if (!tls_) {
      ReadRequest();
      return;
    }
    tls_->async_handshake(ssl::stream_base::server,
                          [self = shared_from_this()](const boost::system::error_code& ec) {
                            if (ec) {
                              self->server_->HandshakeFailed();
                              return;
                            }
                            self->ReadRequest();
                          });
  }

  void ReadRequest() {
    WithStream([&](auto& stream) {
      boost::asio::async_read_until(
          stream, input_, "\r\n\r\n",
          [self = shared_from_this()](const boost::system::error_code& ec, size_t bytes) {
            if (ec) return;  // the client closed: the connection ends with `self`
            self->OnRequest(bytes);
          });
    });
  }

 private:
  // Runs `fn` with the stream requests and responses travel on: TLS or the plain socket.
  template <typename Fn>
  void WithStream(Fn&& fn) {
    if (tls_) {
      fn(*tls_);
    } else {
      fn(socket_);
    }
  }
  tcp::socket& Socket() { return tls_ ? tls_->next_layer() : socket_; }

  // An absolute-form target ("http://host:port/path?q", sent to a proxy): sets the request's
  // host and origin-form target from it.
  static void ReadAbsoluteTarget(TestRequest* request) {
    const size_t authority = request->target.find("://") + 3;
    const size_t path = request->target.find('/', authority);
    std::string host = request->target.substr(authority, path == std::string::npos
                                                             ? std::string::npos
                                                             : path - authority);
    if (const size_t colon = host.rfind(':');
        colon != std::string::npos && host.find(']', colon) == std::string::npos) {
      host.resize(colon);
    }
    request->host = Lower(host);
    request->target = path == std::string::npos ? "/" : request->target.substr(path);
    request->proxied = true;
  }

  void OnRequest(size_t bytes) {
    std::string head(boost::asio::buffers_begin(input_.data()),
                     boost::asio::buffers_begin(input_.data()) + static_cast<std::ptrdiff_t>(bytes));
    input_.consume(bytes);
    TestRequest request;
    request.received = ServerClock::now();
    request.connection = id_;
    size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const size_t sp1 = request_line.find(' ');
    const size_t sp2 = request_line.find(' ', sp1 + 1);
    request.method = request_line.substr(0, sp1);
    request.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end + 2;
    while (pos < head.size()) {
      const size_t end = head.find("\r\n", pos);
      if (end == std::string::npos || end == pos) break;
      const std::string line = head.substr(pos, end - pos);
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        request.headers[Lower(Trim(line.substr(0, colon)))] = Trim(line.substr(colon + 1));
      }
      pos = end + 2;
    }
    std::string host = Lower(request.Header("host"));
    if (const size_t colon = host.rfind(':'); colon != std::string::npos) host.resize(colon);
    request.host = host;
    if (request.method == "CONNECT" && !tls_) {
      StartTunnel(request.target);
      return;
    }
    if (request.target.starts_with("http://") || request.target.starts_with("https://")) {
      ReadAbsoluteTarget(&request);
    }
    // A body (a form POST): Content-Length bytes after the header, some perhaps read already.
    const std::string length = request.Header("content-length");
    const size_t body_size = length.empty() ? 0 : std::strtoull(length.c_str(), nullptr, 10);
    if (body_size > kMaxRequestBody) return;  // the connection ends with this object
    if (input_.size() >= body_size) {
      TakeBody(&request, body_size);
      Dispatch(std::move(request));
      return;
    }
    WithStream([&](auto& stream) {
      boost::asio::async_read(
          stream, input_, boost::asio::transfer_exactly(body_size - input_.size()),
          [self = shared_from_this(), request = std::move(request), body_size](
              const boost::system::error_code& ec, size_t) mutable {
            if (ec) return;
            self->TakeBody(&request, body_size);
            self->Dispatch(std::move(request));
          });
    });
  }

  static constexpr size_t kMaxRequestBody = size_t{1} << 20;

  void TakeBody(TestRequest* request, size_t size) {
    request->body.assign(boost::asio::buffers_begin(input_.data()),
                         boost::asio::buffers_begin(input_.data()) + static_cast<std::ptrdiff_t>(size));
    input_.consume(size);
  }

  void Dispatch(TestRequest request) {
    active_host_ = request.host;
    active_ = true;
    server_->RequestStarted(request);
    response_ = server_->handler_(request);
    sent_ = 0;
    total_ = response_.generated_body > 0 ? response_.generated_body : response_.body.size();
    if (response_.start_together > 0) {
      server_->StartTogether(response_.start_together,
                             [self = shared_from_this()] { self->WriteHead(); });
    } else if (response_.first_byte_delay.count() > 0) {
      timer_.expires_after(response_.first_byte_delay);
      timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec) self->WriteHead();
      });
    } else {
      WriteHead();
    }
  }

  // Hands the socket, and any bytes read past the CONNECT header, to a Tunnel; this
  // connection then ends.
  void StartTunnel(const std::string& authority) {
    server_->ConnectReceived(authority);
    const uint16_t port = server_->tunnel_port_ != 0 ? server_->tunnel_port_.load()
                                                     : AuthorityPort(authority);
    std::string early(boost::asio::buffers_begin(input_.data()),
                      boost::asio::buffers_end(input_.data()));
    input_.consume(input_.size());
    std::make_shared<Tunnel>(std::move(socket_), std::move(early))->Start(port);
  }

  void WriteHead() {
    const int status = response_.status;
    out_ = "HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) + "\r\n";
    const bool bodyless = status == 304 || status == 204 || (status >= 100 && status < 200);
    if (!bodyless && !response_.until_close) {
      out_ += "Content-Length: " + std::to_string(response_.declared_length.value_or(total_)) + "\r\n";
    }
    for (const auto& [name, value] : response_.headers) out_ += name + ": " + value + "\r\n";
    if (response_.close || response_.until_close) out_ += "Connection: close\r\n";
    out_ += "\r\n";
    if (bodyless) total_ = 0;
    WithStream([&](auto& stream) {
      boost::asio::async_write(
          stream, boost::asio::buffer(out_),
          [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
            if (!ec) self->WriteBody();
          });
    });
  }

  void WriteBody() {
    if (response_.reset_after && sent_ >= *response_.reset_after) {
      Socket().set_option(boost::asio::socket_base::linger(true, 0));  // close sends RST
      boost::system::error_code ignored;
      Socket().close(ignored);
      return;
    }
    if (sent_ >= total_) {
      Finish();
      return;
    }
    size_t n = std::min(total_ - sent_, response_.drip_bytes > 0 ? response_.drip_bytes : kChunk);
    if (response_.reset_after) n = std::min(n, *response_.reset_after - sent_);
    if (response_.generated_body > 0) {
      out_.assign(n, response_.fill);
    } else {
      out_ = response_.body.substr(sent_, n);
    }
    sent_ += n;
    WithStream([&](auto& stream) {
      boost::asio::async_write(
          stream, boost::asio::buffer(out_),
          [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
            if (ec) return;
            if (self->response_.drip_interval.count() > 0 && self->sent_ < self->total_) {
              self->timer_.expires_after(self->response_.drip_interval);
              self->timer_.async_wait([self](const boost::system::error_code& wait_ec) {
                if (!wait_ec) self->WriteBody();
              });
            } else {
              self->WriteBody();
            }
          });
    });
  }

  void Finish() {
    EndRequest();
    const bool short_body = response_.declared_length && *response_.declared_length > total_;
    if (response_.close || response_.until_close || short_body) {
      boost::system::error_code ignored;
      Socket().shutdown(tcp::socket::shutdown_both, ignored);
      Socket().close(ignored);
      return;
    }
    ReadRequest();  // keep-alive
  }

  void EndRequest() {
    if (!active_) return;
    active_ = false;
    server_->RequestEnded(active_host_);
  }

  TestHttpServer* server_;
  tcp::socket socket_;  // moved into tls_ for HTTPS
  std::optional<ssl::stream<tcp::socket>> tls_;
  boost::asio::steady_timer timer_;
  uint64_t id_;
  boost::asio::streambuf input_;
  TestResponse response_;
  std::string out_;
  size_t sent_ = 0;
  size_t total_ = 0;
  bool active_ = false;
  std::string active_host_;
};

TestHttpServer::TestHttpServer(TestHandler handler)
    : handler_(std::move(handler)), io_(std::make_unique<Io>()) {
  Listen();
}

TestHttpServer::TestHttpServer(TestHandler handler, TestTls tls)
    : handler_(std::move(handler)), tls_(true), io_(std::make_unique<Io>()) {
  ssl::context& context = io_->tls.emplace(ssl::context::tls_server);
  context.use_certificate_chain(boost::asio::buffer(tls.certificate_pem));
  context.use_private_key(boost::asio::buffer(tls.key_pem), ssl::context::pem);
  Listen();
}

void TestHttpServer::Listen() {
  tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
  io_->acceptor.open(endpoint.protocol());
  io_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  io_->acceptor.bind(endpoint);
  io_->acceptor.listen(4096);
  port_ = io_->acceptor.local_endpoint().port();
  Accept();
  io_->thread = std::thread([this] { io_->context.run(); });
}

TestHttpServer::~TestHttpServer() {
  io_->context.stop();
  io_->thread.join();
  io_.reset();  // connections (held by pending handlers) end before the stats they update
}

void TestHttpServer::Accept() {
  io_->acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec) {
      if (ec != boost::asio::error::operation_aborted) Accept();
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++connections_;
    }
    socket.set_option(tcp::no_delay(true));
    std::make_shared<Connection>(this, std::move(socket), io_->next_connection++,
                                 io_->tls ? &*io_->tls : nullptr)
        ->Start();
    Accept();
  });
}

void TestHttpServer::RequestStarted(const TestRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.push_back(request);
  HostStats& stats = stats_[request.host];
  ++stats.requests;
  stats.arrivals.push_back(request.received);
  const int now = ++in_flight_[request.host];
  stats.max_concurrent = std::max(stats.max_concurrent, now);
  max_concurrent_total_ = std::max(max_concurrent_total_, ++in_flight_total_);
}

void TestHttpServer::RequestEnded(const std::string& host) {
  std::lock_guard<std::mutex> lock(mutex_);
  --in_flight_[host];
  --in_flight_total_;
}

std::string TestHttpServer::ResolveEntry(const std::string& host) const {
  return host + ":" + std::to_string(port_) + ":127.0.0.1";
}

void TestHttpServer::HandshakeFailed() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++handshakes_failed_;
  }
  handshake_failed_.notify_all();
}

void TestHttpServer::StartTogether(size_t count, std::function<void()> start) {
  parked_starts_.push_back(std::move(start));
  if (parked_starts_.size() < count) return;
  for (auto& parked : std::exchange(parked_starts_, {})) parked();
}

void TestHttpServer::ConnectReceived(const std::string& authority) {
  std::lock_guard<std::mutex> lock(mutex_);
  connect_targets_.push_back(authority);
}

int TestHttpServer::connect_requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(connect_targets_.size());
}

std::vector<std::string> TestHttpServer::ConnectTargets() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connect_targets_;
}

std::string TestHttpServer::Url(const std::string& host, const std::string& path) const {
  return std::string(tls_ ? "https://" : "http://") + host + ":" + std::to_string(port_) + path;
}

TestHttpServer::HostStats TestHttpServer::Stats(const std::string& host) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = stats_.find(host);
  return it == stats_.end() ? HostStats{} : it->second;
}

std::vector<TestRequest> TestHttpServer::Requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

int TestHttpServer::CountRequests(const std::string& host, const std::string& target) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(), [&](const TestRequest& r) {
    return r.host == host && r.target == target;
  }));
}

int TestHttpServer::max_concurrent_total() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return max_concurrent_total_;
}

int TestHttpServer::connections_accepted() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connections_;
}

int TestHttpServer::tls_handshakes_failed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return handshakes_failed_;
}

int TestHttpServer::WaitForTlsHandshakesFailed(int count) const {
  std::unique_lock<std::mutex> lock(mutex_);
  handshake_failed_.wait_for(lock, std::chrono::seconds(60),
                             [&] { return handshakes_failed_ >= count; });
  return handshakes_failed_;
}

int TestHttpServer::proxied_requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(),
                                        [](const TestRequest& r) { return r.proxied; }));
}

std::string Gzip(const std::string& data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(stream.total_out);
  return out;
}

}  // namespace xxgk::crawl::testing
