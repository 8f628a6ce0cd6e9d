// The address guard: the crawler must not be steered into the network it runs in. A link on a
// portal, a redirect or a DNS answer can point at 127.0.0.1, 10.x, a link-local metadata
// service (169.254.169.254) or a multicast group; before connecting, the fetcher classifies the
// resolved address and refuses anything that is not public, unless the operator allowed it (an
// address given with --resolve, or a CIDR in the config).
//
// Guarantees: addresses are parsed with inet_pton / read from sockaddr, never by pattern; IPv6
// forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d,
// NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they carry, so
// ::ffff:127.0.0.1 is loopback. Anything not positively public (including IPv6 outside
// 2000::/3 and the special-purpose blocks of RFC 6890) is refused.
//
// Thread safety: IpAddress and Cidr are values. AddressGuard is immutable once configured: its
// const methods may be called from several threads; configuring it is not thread-safe.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace xxgk::crawl {


// An IPv4 or IPv6 address.
class IpAddress {
 public:
  // Parses dotted-quad IPv4 or IPv6 text (brackets allowed: "[::1]"). No zone ids, no
  // shorthand IPv4 forms ("127.1"): only what inet_pton accepts.
  static std::optional<IpAddress> Parse(std::string_view text);
  // Reads an AF_INET or AF_INET6 socket address; nullopt for any other family or a short length.
  static std::optional<IpAddress> FromSockaddr(const sockaddr* address, socklen_t length);
  static IpAddress V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);

  bool is_v4() const { return v4_; }
  // 4 meaningful bytes for IPv4, 16 for IPv6.
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  // The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any.
  std::optional<IpAddress> EmbeddedV4() const;
  std::string ToString() const;  // inet_ntop's form

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  bool v4_ = true;
  std::array<uint8_t, 16> bytes_{};
};

enum class AddressClass {
  kPublic,
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // RFC 1918, fc00::/7 (ULA), fec0::/10 (old site-local), 64:ff9b:1::/48
  kSharedCgnat,  // 100.64.0.0/10 (RFC 6598): the carrier's own network
  kLinkLocal,    // 169.254.0.0/16, fe80::/10
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kUnspecified,  // 0.0.0.0/8 ("this network"; Linux connects 0.0.0.0 to the local host), ::
  kReserved,     // documentation, benchmarking, 240.0.0.0/4, broadcast, other RFC 6890 blocks
};

std::string_view AddressClassName(AddressClass address_class);
AddressClass ClassifyAddress(const IpAddress& address);

// A network in CIDR notation ("10.0.0.0/8", "fd00::/8"); a bare address is a /32 or /128.
class Cidr {
 public:
  // Refuses a prefix longer than the family allows and host bits set below the prefix
  // ("10.0.0.1/8": probably a typo for 10.0.0.1/32 or 10.0.0.0/8).
  static Status Parse(std::string_view text, Cidr* out);
  // An IPv4-mapped IPv6 address is compared as the IPv4 address it carries.
  bool Contains(const IpAddress& address) const;
  std::string ToString() const;

 private:
  IpAddress network_;
  int prefix_ = 0;
};

class AddressGuard {
 public:
  struct Verdict {
    bool allowed = false;
    AddressClass address_class = AddressClass::kReserved;
    std::string reason;  // for the fetch log: why refused, or why allowed although not public
  };

  // An address given with --resolve HOST:PORT:ADDR: the operator chose it for exactly that name
  // and port (as curl's --resolve maps exactly one), so it is allowed whatever its class — for
  // a connection to HOST:PORT only. The same address reached under another name (a redirect to
  // 127.0.0.1, localhost, 2130706433) or port meets the guard like any other.
  void AllowResolved(std::string_view host, uint16_t port, const IpAddress& address);
  // A network from the config (e.g. a portal simulator's 127.0.0.0/8 in tests).
  Status AllowCidr(std::string_view cidr);

  // `host` and `port`: the name and port the connection is for (the URL's), which --resolve
  // exemptions are matched against; empty: none applies.
  Verdict Check(const IpAddress& address, std::string_view host = {}, uint16_t port = 0) const;
  // For libcurl's CURLOPT_OPENSOCKETFUNCTION / CURLOPT_SOCKOPTFUNCTION: refuses families other
  // than IPv4 and IPv6.
  Verdict Check(const sockaddr* address, socklen_t length, std::string_view host = {},
                uint16_t port = 0) const;

 private:
  struct Resolved {
    std::string host;  // lower case, as given
    uint16_t port = 0;
    IpAddress address;
  };
  std::vector<Resolved> resolved_;
  std::vector<Cidr> cidrs_;
};

}  // namespace xxgk::crawl
