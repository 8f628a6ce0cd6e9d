// The address guard: classification by a table of special-purpose blocks (RFC 6890 and the
// RFCs it collects), plus the IPv6 forms that carry an IPv4 address.
#include "crawler/fetch/address_guard.h"

#include "base/ascii_case.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>
#include <vector>

namespace xxgk::crawl {
namespace {

// One special-purpose block. The blocks of a family do not overlap, so order does not matter.
struct Block {
  const char* network;
  int prefix;
  AddressClass address_class;
};

constexpr Block kV4Blocks[] = {
    {"0.0.0.0", 8, AddressClass::kUnspecified},      // RFC 1122 "this network"
    {"10.0.0.0", 8, AddressClass::kPrivate},         // RFC 1918
    {"100.64.0.0", 10, AddressClass::kSharedCgnat},  // RFC 6598
    {"127.0.0.0", 8, AddressClass::kLoopback},       // RFC 1122
    {"169.254.0.0", 16, AddressClass::kLinkLocal},   // RFC 3927 (cloud metadata lives here)
    {"172.16.0.0", 12, AddressClass::kPrivate},      // RFC 1918
    {"192.0.0.0", 24, AddressClass::kReserved},      // RFC 6890 IETF protocol assignments
    {"192.0.2.0", 24, AddressClass::kReserved},      // RFC 5737 documentation
    {"192.88.99.0", 24, AddressClass::kReserved},    // RFC 7526 deprecated 6to4 relays
    {"192.168.0.0", 16, AddressClass::kPrivate},     // RFC 1918
    {"198.18.0.0", 15, AddressClass::kReserved},     // RFC 2544 benchmarking
    {"198.51.100.0", 24, AddressClass::kReserved},   // RFC 5737 documentation
    {"203.0.113.0", 24, AddressClass::kReserved},    // RFC 5737 documentation
    {"224.0.0.0", 4, AddressClass::kMulticast},      // RFC 5771
    {"240.0.0.0", 4, AddressClass::kReserved},       // RFC 1112; includes 255.255.255.255
};

constexpr Block kV6Blocks[] = {
    {"::", 128, AddressClass::kUnspecified},      // RFC 4291
    {"::1", 128, AddressClass::kLoopback},        // RFC 4291
    {"64:ff9b:1::", 48, AddressClass::kPrivate},  // RFC 8215 local-use NAT64
    {"100::", 64, AddressClass::kReserved},       // RFC 6666 discard-only
    {"2001::", 23, AddressClass::kReserved},      // RFC 2928 IETF protocol (Teredo, ...)
    {"2001:db8::", 32, AddressClass::kReserved},  // RFC 3849 documentation
    {"fc00::", 7, AddressClass::kPrivate},        // RFC 4193 unique local
    {"fe80::", 10, AddressClass::kLinkLocal},     // RFC 4291
    {"fec0::", 10, AddressClass::kPrivate},       // RFC 3879 deprecated site-local
    {"ff00::", 8, AddressClass::kMulticast},      // RFC 4291
};

// True if the first `prefix` bits of `a` and `b` agree.
bool SamePrefix(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, int prefix) {
  const int whole = prefix / 8;
  if (std::memcmp(a.data(), b.data(), static_cast<size_t>(whole)) != 0) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (a[static_cast<size_t>(whole)] & mask) == (b[static_cast<size_t>(whole)] & mask);
}

bool HostBitsClear(const std::array<uint8_t, 16>& bytes, int prefix, int width) {
  for (int bit = prefix; bit < width; ++bit) {
    if (bytes[static_cast<size_t>(bit / 8)] & (0x80 >> (bit % 8))) return false;
  }
  return true;
}

struct ParsedBlock {
  IpAddress network;
  int prefix;
  AddressClass address_class;
};

template <size_t N>
std::vector<ParsedBlock> ParseBlocks(const Block (&blocks)[N]) {
  std::vector<ParsedBlock> parsed;
  for (const Block& block : blocks) {
    parsed.push_back({*IpAddress::Parse(block.network), block.prefix, block.address_class});
  }
  return parsed;
}

std::optional<AddressClass> LookUp(const IpAddress& address) {
  static const std::vector<ParsedBlock> v4 = ParseBlocks(kV4Blocks);
  static const std::vector<ParsedBlock> v6 = ParseBlocks(kV6Blocks);
  for (const ParsedBlock& block : address.is_v4() ? v4 : v6) {
    if (SamePrefix(block.network.bytes(), address.bytes(), block.prefix)) {
      return block.address_class;
    }
  }
  return std::nullopt;
}

IpAddress Unmapped(const IpAddress& address) {
  if (address.is_v4()) return address;
  // Only the IPv4-mapped form is the same destination as the IPv4 address for allow-lists; the
  // other embedding forms reach it through a translator, so they must be allowed explicitly.
  static const std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(address.bytes().data(), kMapped.data(), kMapped.size()) != 0) return address;
  const auto& b = address.bytes();
  return IpAddress::V4(b[12], b[13], b[14], b[15]);
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  const std::string nul_terminated(text);
  IpAddress address;
  if (inet_pton(AF_INET, nul_terminated.c_str(), address.bytes_.data()) == 1) {
    address.v4_ = true;
    return address;
  }
  if (inet_pton(AF_INET6, nul_terminated.c_str(), address.bytes_.data()) == 1) {
    address.v4_ = false;
    return address;
  }
  return std::nullopt;
}

std::optional<IpAddress> IpAddress::FromSockaddr(const sockaddr* address, socklen_t length) {
  if (address == nullptr) return std::nullopt;
  IpAddress result;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in in4;
    std::memcpy(&in4, address, sizeof in4);
    std::memcpy(result.bytes_.data(), &in4.sin_addr, 4);
    result.v4_ = true;
    return result;
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    std::memcpy(result.bytes_.data(), &in6.sin6_addr, 16);
    result.v4_ = false;
    return result;
  }
  return std::nullopt;
}

IpAddress IpAddress::V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  IpAddress address;
  address.v4_ = true;
  address.bytes_[0] = a;
  address.bytes_[1] = b;
  address.bytes_[2] = c;
  address.bytes_[3] = d;
  return address;
}

std::optional<IpAddress> IpAddress::EmbeddedV4() const {
  if (v4_) return std::nullopt;
  const auto& b = bytes_;
  auto zeros = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  // ::ffff:a.b.c.d (RFC 4291 section 2.5.5.2) and the deprecated ::a.b.c.d (2.5.5.1), which
  // is not :: or ::1.
  const bool unspecified_or_loopback = zeros(0, 15) && b[15] <= 1;
  if (zeros(0, 10) && ((b[10] == 0xFF && b[11] == 0xFF) ||
                       (b[10] == 0 && b[11] == 0 && !unspecified_or_loopback))) {
    return V4(b[12], b[13], b[14], b[15]);
  }
  // 64:ff9b::a.b.c.d, the NAT64 well-known prefix (RFC 6052).
  static const std::array<uint8_t, 12> kNat64 = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b.data(), kNat64.data(), kNat64.size()) == 0) {
    return V4(b[12], b[13], b[14], b[15]);
  }
  // 2002:AABB:CCDD::/48, 6to4 (RFC 3056): the IPv4 address is in bits 16-47.
  if (b[0] == 0x20 && b[1] == 0x02) return V4(b[2], b[3], b[4], b[5]);
  return std::nullopt;
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v4_ ? AF_INET : AF_INET6, bytes_.data(), text, sizeof text);
  return text;
}

std::string_view AddressClassName(AddressClass address_class) {
  switch (address_class) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kSharedCgnat:
      return "shared (carrier-grade NAT)";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "reserved";
}

AddressClass ClassifyAddress(const IpAddress& address) {
  if (address.is_v4()) return LookUp(address).value_or(AddressClass::kPublic);
  if (const std::optional<AddressClass> special = LookUp(address)) return *special;
  if (const std::optional<IpAddress> v4 = address.EmbeddedV4()) return ClassifyAddress(*v4);
  // Only 2000::/3 is allocated for global unicast (RFC 4291 section 2.4); the rest is not a
  // portal's address.
  if ((address.bytes()[0] & 0xE0) != 0x20) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

Status Cidr::Parse(std::string_view text, Cidr* out) {
  const size_t slash = text.find('/');
  const std::optional<IpAddress> network = IpAddress::Parse(text.substr(0, slash));
  if (!network) {
    return Status::Error("bad CIDR '" + std::string(text) + "': not an IPv4 or IPv6 address");
  }
  const int width = network->is_v4() ? 32 : 128;
  int prefix = width;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
        prefix < 0 || prefix > width) {
      return Status::Error("bad CIDR '" + std::string(text) + "': prefix length must be 0 to " +
                           std::to_string(width));
    }
  }
  if (!HostBitsClear(network->bytes(), prefix, width)) {
    return Status::Error("bad CIDR '" + std::string(text) + "': bits set after the /" +
                         std::to_string(prefix) + " prefix");
  }
  out->network_ = *network;
  out->prefix_ = prefix;
  return Status::Ok();
}

bool Cidr::Contains(const IpAddress& address) const {
  const IpAddress candidate = Unmapped(address);
  return candidate.is_v4() == network_.is_v4() &&
         SamePrefix(network_.bytes(), candidate.bytes(), prefix_);
}

std::string Cidr::ToString() const { return network_.ToString() + "/" + std::to_string(prefix_); }

void AddressGuard::AllowResolved(std::string_view host, uint16_t port, const IpAddress& address) {
  resolved_.push_back(Resolved{AsciiLowered(host), port, Unmapped(address)});
}

Status AddressGuard::AllowCidr(std::string_view cidr) {
  Cidr parsed;
  if (Status s = Cidr::Parse(cidr, &parsed); !s.ok()) return s;
  cidrs_.push_back(parsed);
  return Status::Ok();
}

AddressGuard::Verdict AddressGuard::Check(const IpAddress& address, std::string_view host,
                                          uint16_t port) const {
  Verdict verdict;
  verdict.address_class = ClassifyAddress(address);
  const std::string name = address.ToString();
  const std::string kind(AddressClassName(verdict.address_class));
  if (verdict.address_class == AddressClass::kPublic) {
    verdict.allowed = true;
    return verdict;
  }
  const IpAddress unmapped = Unmapped(address);
  for (const Resolved& resolved : resolved_) {
    if (resolved.address == unmapped && resolved.port == port && !host.empty() &&
        EqualsIgnoringAsciiCase(resolved.host, host)) {
      verdict.allowed = true;
      verdict.reason = name + " is " + kind + ", allowed because it was given with --resolve " +
                       resolved.host + ":" + std::to_string(port);
      return verdict;
    }
  }
  for (const Cidr& cidr : cidrs_) {
    if (cidr.Contains(address)) {
      verdict.allowed = true;
      verdict.reason =
          name + " is " + kind + ", allowed by the configured network " + cidr.ToString();
      return verdict;
    }
  }
  verdict.reason = "refusing to connect to " + name + ": a " + kind +
                   " address (allow it with --resolve or a configured network)";
  return verdict;
}

AddressGuard::Verdict AddressGuard::Check(const sockaddr* address, socklen_t length,
                                          std::string_view host, uint16_t port) const {
  const std::optional<IpAddress> ip = IpAddress::FromSockaddr(address, length);
  if (!ip) {
    Verdict verdict;
    verdict.reason = "refusing to connect: not an IPv4 or IPv6 socket address";
    return verdict;
  }
  return Check(*ip, host, port);
}

}  // namespace xxgk::crawl
