// Address guard: classification of IPv4/IPv6 addresses (including IPv6 forms carrying IPv4),
// CIDR parsing, and the allow decision with --resolve addresses and configured networks.
#include "crawler/fetch/address_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>
#include <utility>
#include <vector>

namespace xxgk::crawl {
namespace {

AddressClass ClassOf(std::string_view text) {
  const std::optional<IpAddress> address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address ? ClassifyAddress(*address) : AddressClass::kReserved;
}

IpAddress Ip(std::string_view text) {
  std::optional<IpAddress> address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress());
}

TEST(IpAddressTest, ParsesWhatInetPtonAccepts) {
  EXPECT_TRUE(IpAddress::Parse("192.0.2.1")->is_v4());
  EXPECT_FALSE(IpAddress::Parse("2001:db8::1")->is_v4());
  EXPECT_EQ(IpAddress::Parse("[2001:DB8::1]")->ToString(), "2001:db8::1");
  EXPECT_EQ(IpAddress::Parse("::ffff:10.1.2.3")->ToString(), "::ffff:10.1.2.3");
  for (const char* bad : {"", "127.1", "0x7f.0.0.1", "256.1.1.1", "1.2.3.4.5", "fe80::1%eth0",
                          "localhost", "[::1", "1.2.3.4 ", "::g"}) {
    EXPECT_FALSE(IpAddress::Parse(bad).has_value()) << bad;
  }
}

TEST(IpAddressTest, ReadsSocketAddresses) {
  sockaddr_in in4{};
  in4.sin_family = AF_INET;
  inet_pton(AF_INET, "10.9.8.7", &in4.sin_addr);
  auto v4 = IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&in4), sizeof in4);
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->ToString(), "10.9.8.7");

  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr);
  auto v6 = IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&in6), sizeof in6);
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->ToString(), "fe80::1");

  EXPECT_FALSE(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&in6), sizeof in4));
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  EXPECT_FALSE(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&un), sizeof un));
  EXPECT_FALSE(IpAddress::FromSockaddr(nullptr, 0));
}

TEST(ClassifyAddressTest, Ipv4SpecialBlocks) {
  const std::vector<std::pair<const char*, AddressClass>> cases = {
      {"8.8.8.8", AddressClass::kPublic},
      {"202.108.22.5", AddressClass::kPublic},
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback},
      {"10.0.0.1", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},
      {"172.32.0.1", AddressClass::kPublic},
      {"172.15.255.255", AddressClass::kPublic},
      {"192.168.1.1", AddressClass::kPrivate},
      {"100.64.0.1", AddressClass::kSharedCgnat},
      {"100.127.255.255", AddressClass::kSharedCgnat},
      {"100.128.0.1", AddressClass::kPublic},
      {"100.63.255.255", AddressClass::kPublic},
      {"169.254.169.254", AddressClass::kLinkLocal},
      {"224.0.0.1", AddressClass::kMulticast},
      {"239.255.255.250", AddressClass::kMulticast},
      {"0.0.0.0", AddressClass::kUnspecified},
      {"0.1.2.3", AddressClass::kUnspecified},
      {"255.255.255.255", AddressClass::kReserved},
      {"240.0.0.1", AddressClass::kReserved},
      {"192.0.2.10", AddressClass::kReserved},
      {"198.18.0.1", AddressClass::kReserved},
      {"198.19.255.255", AddressClass::kReserved},
      {"198.20.0.1", AddressClass::kPublic},
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(ClassOf(text), want) << text << " is " << AddressClassName(ClassOf(text));
  }
}

TEST(ClassifyAddressTest, Ipv6SpecialBlocks) {
  const std::vector<std::pair<const char*, AddressClass>> cases = {
      {"2400:3200::1", AddressClass::kPublic},
      {"2001:4860:4860::8888", AddressClass::kPublic},
      {"::1", AddressClass::kLoopback},
      {"::", AddressClass::kUnspecified},
      {"fc00::1", AddressClass::kPrivate},
      {"fd12:3456:789a::1", AddressClass::kPrivate},
      {"fe80::1", AddressClass::kLinkLocal},
      {"febf:ffff::1", AddressClass::kLinkLocal},
      {"fec0::1", AddressClass::kPrivate},
      {"ff02::1", AddressClass::kMulticast},
      {"2001:db8::1", AddressClass::kReserved},
      {"2001:0:4136:e378::1", AddressClass::kReserved},  // Teredo
      {"100::1", AddressClass::kReserved},
      {"4000::1", AddressClass::kReserved},  // outside 2000::/3
      {"64:ff9b:1::a00:1", AddressClass::kPrivate},
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(ClassOf(text), want) << text << " is " << AddressClassName(ClassOf(text));
  }
}

// An attacker's DNS answer can use any IPv6 spelling of an internal IPv4 address.
TEST(ClassifyAddressTest, Ipv6FormsCarryingIpv4AreJudgedByTheIpv4Address) {
  const std::vector<std::pair<const char*, AddressClass>> cases = {
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:7f00:1", AddressClass::kLoopback},
      {"::ffff:10.0.0.1", AddressClass::kPrivate},
      {"::ffff:169.254.169.254", AddressClass::kLinkLocal},
      {"::ffff:8.8.8.8", AddressClass::kPublic},
      {"::127.0.0.1", AddressClass::kLoopback},  // IPv4-compatible (deprecated)
      {"::192.168.0.1", AddressClass::kPrivate},
      {"64:ff9b::10.0.0.1", AddressClass::kPrivate},  // NAT64
      {"64:ff9b::8.8.8.8", AddressClass::kPublic},
      {"2002:7f00:1::", AddressClass::kLoopback},    // 6to4 of 127.0.0.1
      {"2002:c0a8:101::1", AddressClass::kPrivate},  // 6to4 of 192.168.1.1
      {"2002:808:808::1", AddressClass::kPublic},    // 6to4 of 8.8.8.8
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(ClassOf(text), want) << text << " is " << AddressClassName(ClassOf(text));
  }
  EXPECT_EQ(Ip("::ffff:1.2.3.4").EmbeddedV4(), Ip("1.2.3.4"));
  EXPECT_EQ(Ip("2002:102:304::").EmbeddedV4(), Ip("1.2.3.4"));
  EXPECT_FALSE(Ip("::1").EmbeddedV4().has_value());
  EXPECT_FALSE(Ip("2400:3200::1").EmbeddedV4().has_value());
  EXPECT_FALSE(Ip("1.2.3.4").EmbeddedV4().has_value());
}

TEST(CidrTest, ParsesAndContains) {
  Cidr net;
  ASSERT_TRUE(Cidr::Parse("10.0.0.0/8", &net).ok());
  EXPECT_TRUE(net.Contains(Ip("10.255.0.1")));
  EXPECT_FALSE(net.Contains(Ip("11.0.0.1")));
  EXPECT_TRUE(net.Contains(Ip("::ffff:10.1.1.1")));  // mapped form is the same destination
  EXPECT_FALSE(net.Contains(Ip("::10.1.1.1")));
  EXPECT_EQ(net.ToString(), "10.0.0.0/8");

  ASSERT_TRUE(Cidr::Parse("fd00::/8", &net).ok());
  EXPECT_TRUE(net.Contains(Ip("fd12::1")));
  EXPECT_FALSE(net.Contains(Ip("fc12::1")));
  EXPECT_FALSE(net.Contains(Ip("10.0.0.1")));

  ASSERT_TRUE(Cidr::Parse("127.0.0.5", &net).ok());  // a bare address is a /32
  EXPECT_TRUE(net.Contains(Ip("127.0.0.5")));
  EXPECT_FALSE(net.Contains(Ip("127.0.0.6")));

  ASSERT_TRUE(Cidr::Parse("172.16.0.0/13", &net).ok());  // a prefix not on a byte boundary
  EXPECT_TRUE(net.Contains(Ip("172.23.255.255")));
  EXPECT_FALSE(net.Contains(Ip("172.24.0.0")));

  ASSERT_TRUE(Cidr::Parse("0.0.0.0/0", &net).ok());
  EXPECT_TRUE(net.Contains(Ip("203.0.113.9")));
}

TEST(CidrTest, RefusesBadNotation) {
  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1",
                          "10.0.0.1/8", "fd00::1/8", "example.org/8", "/8"}) {
    Cidr net;
    const Status s = Cidr::Parse(bad, &net);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find(bad), std::string::npos) << s.message();
  }
}

TEST(AddressGuardTest, PublicAddressesAreAllowedOthersRefusedWithReason) {
  const AddressGuard guard;
  EXPECT_TRUE(guard.Check(Ip("202.108.22.5")).allowed);
  EXPECT_TRUE(guard.Check(Ip("2400:3200::1")).allowed);
  for (const char* internal :
       {"127.0.0.1", "10.1.2.3", "192.168.0.1", "172.20.0.1", "169.254.169.254", "100.100.100.200",
        "224.0.0.251", "0.0.0.0", "::1", "fd00::5", "fe80::1", "ff02::1", "::", "::ffff:127.0.0.1",
        "2002:a00:1::"}) {
    const AddressGuard::Verdict v = guard.Check(Ip(internal));
    EXPECT_FALSE(v.allowed) << internal;
    EXPECT_NE(v.reason.find("refusing"), std::string::npos) << v.reason;
    EXPECT_NE(v.reason.find(AddressClassName(v.address_class)), std::string::npos) << v.reason;
  }
}

TEST(AddressGuardTest, ResolvedAddressesAreAllowedExactlyForTheirNameAndPort) {
  AddressGuard guard;
  guard.AllowResolved("h.test", 18081, Ip("127.0.0.1"));
  const AddressGuard::Verdict v = guard.Check(Ip("127.0.0.1"), "h.test", 18081);
  EXPECT_TRUE(v.allowed);
  EXPECT_EQ(v.address_class, AddressClass::kLoopback);
  EXPECT_NE(v.reason.find("--resolve h.test:18081"), std::string::npos) << v.reason;
  EXPECT_TRUE(guard.Check(Ip("::ffff:127.0.0.1"), "H.Test", 18081).allowed);
  EXPECT_FALSE(guard.Check(Ip("127.0.0.2"), "h.test", 18081).allowed);
  EXPECT_FALSE(guard.Check(Ip("::1"), "h.test", 18081).allowed);
  // The same address under another name or port, or with no name: the guard applies.
  EXPECT_FALSE(guard.Check(Ip("127.0.0.1"), "h.test", 18082).allowed);
  EXPECT_FALSE(guard.Check(Ip("127.0.0.1"), "127.0.0.1", 18081).allowed);
  EXPECT_FALSE(guard.Check(Ip("127.0.0.1"), "localhost", 18081).allowed);
  EXPECT_FALSE(guard.Check(Ip("127.0.0.1")).allowed);
}

TEST(AddressGuardTest, ConfiguredNetworksAreAllowed) {
  AddressGuard guard;
  ASSERT_TRUE(guard.AllowCidr("127.0.0.0/8").ok());
  ASSERT_TRUE(guard.AllowCidr("fd00::/8").ok());
  EXPECT_FALSE(guard.AllowCidr("300.0.0.0/8").ok());
  EXPECT_TRUE(guard.Check(Ip("127.1.0.200")).allowed);
  EXPECT_TRUE(guard.Check(Ip("fd00::1")).allowed);
  EXPECT_NE(guard.Check(Ip("127.1.0.200")).reason.find("127.0.0.0/8"), std::string::npos);
  EXPECT_FALSE(guard.Check(Ip("10.0.0.1")).allowed);
  EXPECT_FALSE(guard.Check(Ip("fe80::1")).allowed);
}

TEST(AddressGuardTest, ChecksSocketAddresses) {
  AddressGuard guard;
  sockaddr_in in4{};
  in4.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.1.1", &in4.sin_addr);
  EXPECT_FALSE(guard.Check(reinterpret_cast<sockaddr*>(&in4), sizeof in4).allowed);
  inet_pton(AF_INET, "1.1.1.1", &in4.sin_addr);
  EXPECT_TRUE(guard.Check(reinterpret_cast<sockaddr*>(&in4), sizeof in4).allowed);
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  EXPECT_FALSE(guard.Check(reinterpret_cast<sockaddr*>(&un), sizeof un).allowed);
}

}  // namespace
}  // namespace xxgk::crawl
