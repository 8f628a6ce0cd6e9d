// Canonical URLs: libcurl's URL API parses and resolves; the steps below fill what libcurl 7.88
// leaves undone, each one small and named for its reason.
#include "crawler/url/url_canon.h"

#include <curl/curl.h>

#include <memory>
#include <optional>

#include "base/ascii_case.h"
#include "crawler/url/plain_reference.h"

namespace xxgk::crawl {
namespace {

struct CurluDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurluPtr = std::unique_ptr<CURLU, CurluDeleter>;

struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};

// One part of a parsed URL, or nullopt if the part is absent or libcurl refuses it.
std::optional<std::string> GetPart(CURLU* handle, CURLUPart part, unsigned flags) {
  char* raw = nullptr;
  const CURLUcode rc = curl_url_get(handle, part, &raw, flags);
  std::unique_ptr<char, CurlStringDeleter> owned(raw);
  if (rc != CURLUE_OK || raw == nullptr) return std::nullopt;
  return std::string(raw);
}

bool IsUnreserved(unsigned char c) {  // RFC 3986 section 2.3
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Characters RFC 3986 never allows unescaped in a URI (besides controls, space and non-ASCII).
bool MustEscape(unsigned char c) {
  switch (c) {
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
      return true;
    default:
      return c <= 0x20 || c >= 0x7F;
  }
}

void AppendEscape(std::string* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Quoted(std::string_view url) {
  constexpr size_t kShown = 200;
  if (url.size() <= kShown) return "'" + std::string(url) + "'";
  return "'" + std::string(url.substr(0, kShown)) + "...'";
}

// What a browser does to an href before parsing it (WHATWG URL Standard, "basic URL parser"):
// strip leading and trailing C0 controls and spaces, remove tabs and line breaks anywhere
// (portal HTML wraps long hrefs), and read "\" as "/" before the query (IIS-era links like
// "..\\report.htm"). We also drop the fragment here: it never reaches the server, and libcurl
// 7.88 resolves a fragment-only reference against the base's directory instead of the base
// (RFC 3986 section 5.4.1 says "#s" gives the base URL itself). Spaces become %20 because
// libcurl's own encoding (CURLU_URLENCODE) turns a space in the query into "+", which a server
// may read differently.
std::string PrepareReference(std::string_view text) {
  auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!text.empty() && is_c0_or_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_c0_or_space(text.back())) text.remove_suffix(1);
  if (const size_t hash = text.find('#'); hash != std::string_view::npos) {
    text = text.substr(0, hash);
  }
  std::string out;
  out.reserve(text.size());
  bool in_query = false;
  for (char c : text) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '?') in_query = true;
    if (c == '\\' && !in_query) {
      out.push_back('/');
    } else if (c == ' ') {
      out += "%20";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The scheme of an absolute reference (RFC 3986 section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-"
// / "." ) ":"), lower-cased; nullopt for a relative reference. Only used to name an unsupported
// scheme in the error; libcurl does the parsing.
std::optional<std::string> SchemeOf(std::string_view reference) {
  for (size_t i = 0; i < reference.size(); ++i) {
    const char c = reference[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (c == ':' && i > 0) {
      return AsciiLowered(reference.substr(0, i));
    }
    if (alpha) continue;
    if (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) continue;
    return std::nullopt;
  }
  return std::nullopt;
}

bool IsCrawledScheme(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

Status UrlError(std::string_view url, std::string_view problem) {
  return Status::Error("invalid URL " + Quoted(url) + ": " + std::string(problem));
}

}  // namespace

std::string NormalizePercentEncoding(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%') {
      const int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = high >= 0 ? HexValue(text[i + 2]) : -1;
      if (low < 0) {  // a "%" that starts no escape stands for itself
        AppendEscape(&out, '%');
        continue;
      }
      const auto decoded = static_cast<unsigned char>(high * 16 + low);
      if (IsUnreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));  // RFC 3986 section 6.2.2.2
      } else {
        AppendEscape(&out, decoded);  // RFC 3986 section 6.2.2.1: upper-case hex
      }
      i += 2;
    } else if (MustEscape(c)) {
      AppendEscape(&out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

HostKey::HostKey(std::string_view scheme, std::string_view host, uint16_t port) {
  const std::string prefix = std::string(scheme) + "://" + std::string(host);
  value_ = prefix + ":" + std::to_string(port);
  const bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  origin_ = default_port ? prefix : value_;
}

std::string HostKey::RobotsTxtUrl() const { return origin_ + "/robots.txt"; }

std::string CanonicalUrl::PathAndQuery() const {
  return query_.empty() ? path_ : path_ + "?" + query_;
}

// Turns a handle libcurl has parsed (and resolved) into a CanonicalUrl: reads the parts,
// normalises them and assembles the canonical string; libcurl parses that string again only when
// normalising made new dot segments.
// (Setting parts back one by one is no good: libcurl 7.88's curl_url_set for a path or query
// lower-cases percent-escapes, undoing RFC 3986 section 6.2.2.1.)
class UrlCanonicalizer {
 public:
  static Status Finish(CURLU* handle, std::string_view original, CanonicalUrl* out) {
    Parts parts;
    if (Status s = Assemble(handle, original, &parts); !s.ok()) return s;
    const std::string assembled = parts.Spec();
    if (assembled.size() > kMaxUrlLength) {
      return UrlError(original, "longer than " + std::to_string(kMaxUrlLength) + " bytes");
    }
    CanonicalUrl url;
    if (!HasDotSegment(parts.path)) {
      // libcurl parsed and resolved the URL and the parts are normalised: this is the canonical
      // form (a second parse would give it back unchanged), so no second parse.
      url.spec_ = assembled;
      url.scheme_ = std::move(parts.scheme);
      url.host_ = std::move(parts.host);
      url.path_ = std::move(parts.path);
      url.query_ = std::move(parts.query);
      url.port_ = parts.port;
    } else {
      // Decoding "%2E" made "." or ".." segments: a second parse removes them (RFC 3986
      // section 5.2.4).
      CurluPtr again(curl_url());
      if (!again) return Status::Error("out of memory");
      if (const CURLUcode rc = curl_url_set(again.get(), CURLUPART_URL, assembled.c_str(), 0);
          rc != CURLUE_OK) {
        return UrlError(original, std::string(curl_url_strerror(rc)) + " in its canonical form " +
                                      Quoted(assembled));
      }
      url.spec_ = GetPart(again.get(), CURLUPART_URL, 0).value_or("");
      url.scheme_ = GetPart(again.get(), CURLUPART_SCHEME, 0).value_or("");
      url.host_ = GetPart(again.get(), CURLUPART_HOST, 0).value_or("");
      url.path_ = GetPart(again.get(), CURLUPART_PATH, 0).value_or("/");
      url.query_ = GetPart(again.get(), CURLUPART_QUERY, 0).value_or("");
      url.port_ = parts.port;
    }
    if (url.spec_.empty() || url.host_.empty() || url.port_ == 0) {
      return UrlError(original, "libcurl gave an incomplete canonical form");
    }
    url.host_key_ = HostKey(url.scheme_, url.host_, url.port_);
    *out = std::move(url);
    return Status::Ok();
  }

  // A plain reference merged with `base` (plain_reference.h): the base's origin, the merged path
  // and query, which need no normalisation. False if the result would be too long (the general
  // path then gives the error).
  static bool FromBase(const CanonicalUrl& base, MergedPath merged, CanonicalUrl* out) {
    const std::string& origin = base.host_key_.origin();
    const size_t size = origin.size() + merged.path.size() +
                        (merged.query.empty() ? 0 : merged.query.size() + 1);
    if (size > kMaxUrlLength) return false;
    CanonicalUrl url;
    url.spec_.reserve(size);
    url.spec_.append(origin).append(merged.path);
    if (!merged.query.empty()) url.spec_.append("?").append(merged.query);
    url.scheme_ = base.scheme_;
    url.host_ = base.host_;
    url.port_ = base.port_;
    url.path_ = std::move(merged.path);
    url.query_ = std::move(merged.query);
    url.host_key_ = base.host_key_;
    *out = std::move(url);
    return true;
  }

 private:
  // The normalised parts of a parsed URL; Spec() joins them.
  struct Parts {
    std::string scheme, host, explicit_port, path, query;
    uint16_t port = 0;  // the effective port, 80/443 by default
    std::string Spec() const {
      std::string spec = scheme + "://" + host;
      if (!explicit_port.empty()) spec += ":" + explicit_port;
      spec += path;
      if (!query.empty()) spec += "?" + query;
      return spec;  // the fragment is left out
    }
  };

  static Status Assemble(CURLU* handle, std::string_view original, Parts* parts) {
    parts->scheme = GetPart(handle, CURLUPART_SCHEME, 0).value_or("");
    if (!IsCrawledScheme(parts->scheme)) {
      return UrlError(original, "unsupported scheme '" + parts->scheme + "' (only http and https)");
    }
    if (GetPart(handle, CURLUPART_ZONEID, 0)) {
      return UrlError(original, "an IPv6 zone id names a local interface; not crawled");
    }
    if (Status s = NormalHost(handle, original, &parts->host); !s.ok()) return s;
    // The default port is dropped (RFC 3986 section 6.2.3).
    parts->explicit_port = GetPart(handle, CURLUPART_PORT, CURLU_NO_DEFAULT_PORT).value_or("");
    const std::string port = GetPart(handle, CURLUPART_PORT, CURLU_DEFAULT_PORT).value_or("0");
    parts->port = static_cast<uint16_t>(std::stoul(port));
    // Path and query in one percent-encoding: libcurl 7.88 has no flag for this
    // (CURLU_URLENCODE escapes with lower-case hex, never decodes, and turns a space in the
    // query into "+").
    parts->path = NormalizePercentEncoding(GetPart(handle, CURLUPART_PATH, 0).value_or("/"));
    if (const std::optional<std::string> query = GetPart(handle, CURLUPART_QUERY, 0)) {
      parts->query = NormalizePercentEncoding(*query);
    }
    return Status::Ok();
  }

  // Host names are case-insensitive (RFC 3986 section 3.2.2); libcurl 7.88 keeps the case it
  // was given, so we lower-case ASCII ourselves. CURLU_PUNYCODE converts an IDN host (libcurl
  // built with libidn2, as Debian's is); libidn2 lower-cases what it converts.
  static Status NormalHost(CURLU* handle, std::string_view original, std::string* host) {
    const std::optional<std::string> raw = GetPart(handle, CURLUPART_HOST, 0);
    if (!raw || raw->empty()) return UrlError(original, "no host");
    if (IsAscii(*raw)) {
      *host = *raw;
    } else {
      const std::optional<std::string> puny = GetPart(handle, CURLUPART_HOST, CURLU_PUNYCODE);
      if (!puny) {
        return UrlError(original,
                        "cannot convert the international host name to punycode (libcurl "
                        "needs libidn2 and a UTF-8 LC_CTYPE locale)");
      }
      *host = *puny;
    }
    *host = AsciiLowered(*host);
    return Status::Ok();
  }
};

namespace {

// Parses `reference` into `handle` (which holds the base, if any) and canonicalises.
Status ParseInto(CURLU* handle, std::string_view original, CanonicalUrl* out) {
  if (original.size() > kMaxUrlLength) {
    return UrlError(original, "longer than " + std::to_string(kMaxUrlLength) + " bytes");
  }
  const std::string reference = PrepareReference(original);
  if (const std::optional<std::string> scheme = SchemeOf(reference);
      scheme && !IsCrawledScheme(*scheme)) {
    return UrlError(original, "unsupported scheme '" + *scheme + "' (only http and https)");
  }
  const CURLUcode rc = curl_url_set(handle, CURLUPART_URL, reference.c_str(), CURLU_DISALLOW_USER);
  if (rc == CURLUE_USER_NOT_ALLOWED) {
    return UrlError(original, "a user name or password in a URL is not crawled");
  }
  if (rc != CURLUE_OK) return UrlError(original, curl_url_strerror(rc));
  return UrlCanonicalizer::Finish(handle, original, out);
}

}  // namespace

Status CanonicalizeUrl(std::string_view url, CanonicalUrl* out) {
  if (!SchemeOf(PrepareReference(url))) {
    return UrlError(url, "not an absolute URL (no scheme)");
  }
  CurluPtr handle(curl_url());
  if (!handle) return Status::Error("out of memory");
  return ParseInto(handle.get(), url, out);
}

Status ResolveUrl(const CanonicalUrl& base, std::string_view reference, CanonicalUrl* out) {
  if (base.spec().empty()) return Status::Error("ResolveUrl: empty base URL");
  if (std::optional<MergedPath> merged = MergePlainReference(base.path(), reference);
      merged && UrlCanonicalizer::FromBase(base, std::move(*merged), out)) {
    return Status::Ok();
  }
  return ResolveUrlThroughLibcurl(base, reference, out);
}

Status ResolveUrlThroughLibcurl(const CanonicalUrl& base, std::string_view reference,
                                CanonicalUrl* out) {
  if (base.spec().empty()) return Status::Error("ResolveUrl: empty base URL");
  if (PrepareReference(reference).empty()) {  // "", "#top": the base itself (RFC 3986 5.4.1)
    *out = base;
    return Status::Ok();
  }
  CurluPtr handle(curl_url());
  if (!handle) return Status::Error("out of memory");
  if (curl_url_set(handle.get(), CURLUPART_URL, base.spec().c_str(), 0) != CURLUE_OK) {
    return UrlError(base.spec(), "base URL rejected by libcurl");
  }
  return ParseInto(handle.get(), reference, out);
}

}  // namespace xxgk::crawl
