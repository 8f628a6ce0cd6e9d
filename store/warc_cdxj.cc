// CDXJ lines and SURT keys (see warc_cdxj.h).
#include "store/warc_cdxj.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace xxgk::store {
namespace {

constexpr size_t kMaxKeyedBody = 4096;  // warcio keys at most this much of a POST body

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Percent-encodes what a WHATWG URL parser encodes in a path or a query of an http(s) URL.
std::string Encode(std::string_view s, bool query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool encode = c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' ||
                        (query ? c == '\'' : (c == '`' || c == '{' || c == '}' || c == '?'));
    if (encode) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

// JavaScript's decodeURI, which warcio applies to a POST body before keying it: %XX escapes
// decoded, except those of the reserved characters ; / ? : @ & = + $ , #; "" (as warcio makes of
// the URIError) when an escape is malformed or the decoded bytes are not UTF-8.
std::string DecodeUri(std::string_view s) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  const auto byte_at = [&](size_t i) -> int {  // the escape at i, or -1
    if (i + 2 >= s.size() || s[i] != '%') return -1;
    const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  };
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '%') {
      out += s[i++];
      continue;
    }
    const int b = byte_at(i);
    if (b < 0) return "";
    if (b < 0x80) {
      if (std::string_view(";/?:@&=+$,#").find(static_cast<char>(b)) != std::string_view::npos) {
        out.append(s.substr(i, 3));
      } else {
        out += static_cast<char>(b);
      }
      i += 3;
      continue;
    }
    const int extra = (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0) return "";
    out += static_cast<char>(b);
    i += 3;
    for (int k = 0; k < extra; ++k, i += 3) {
      const int c = byte_at(i);
      if (c < 0 || (c & 0xC0) != 0x80) return "";
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string Surt(std::string_view url_in) {
  if (!url_in.starts_with("http:") && !url_in.starts_with("https:")) return std::string(url_in);
  std::string url = Lower(url_in);
  const bool https = url.starts_with("https:");
  size_t pos = url.find("://");
  if (pos == std::string::npos) return std::string(url_in);
  std::string rest = url.substr(pos + 3);
  if (url_in.substr(pos + 3).starts_with("www")) {  // ^www\d*\. before lower-casing, as warcio
    size_t i = 3;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i < rest.size() && rest[i] == '.') rest.erase(0, i + 1);
  }
  if (const size_t hash = rest.find('#'); hash != std::string::npos) rest.resize(hash);
  const size_t auth_end = rest.find_first_of("/?");
  std::string authority = rest.substr(0, auth_end);
  std::string path_query = auth_end == std::string::npos ? "" : rest.substr(auth_end);
  if (const size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  std::string host = authority, port;
  if (const size_t colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port == (https ? "443" : "80") || port.empty()) port.clear();
    else port.erase(0, std::min(port.find_first_not_of('0'), port.size() - 1));
  }
  std::string path = path_query, query;
  bool has_query = false;
  if (const size_t q = path_query.find('?'); q != std::string::npos) {
    path = path_query.substr(0, q);
    query = path_query.substr(q + 1);
    has_query = true;
  }
  if (path.empty()) path = "/";

  std::vector<std::string> labels;
  for (size_t start = 0;;) {
    const size_t dot = host.find('.', start);
    labels.push_back(host.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::string surt;
  for (size_t i = labels.size(); i-- > 0;) surt += labels[i] + (i ? "," : "");
  if (!port.empty()) surt += ":" + port;
  surt += ")" + Encode(path, false);
  if (has_query && !query.empty()) {
    std::vector<std::string> args;
    size_t start = 0;
    while (true) {
      const size_t amp = query.find('&', start);
      args.push_back(Encode(query.substr(start, amp - start), true));
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    std::sort(args.begin(), args.end());
    surt += "?";
    for (size_t i = 0; i < args.size(); ++i) surt += (i ? "&" : "") + args[i];
  }
  return surt;
}

std::string CdxjLine(const CdxjEntry& entry) {
  std::string timestamp;
  for (char c : entry.warc_date) {
    if (c != '-' && c != ':' && c != 'T') timestamp += c;
  }
  timestamp.resize(std::min<size_t>(timestamp.size(), 14));
  nlohmann::ordered_json j;
  j["url"] = entry.url;
  if (!entry.mime.empty()) j["mime"] = entry.mime;
  if (entry.status > 0) j["status"] = std::to_string(entry.status);
  if (!entry.digest.empty()) j["digest"] = entry.digest;
  j["length"] = std::to_string(entry.length);
  j["offset"] = std::to_string(entry.offset);
  j["filename"] = entry.filename;
  std::string key_url = entry.url;
  if (!entry.request_body.empty()) {
    const std::string body = entry.request_body.substr(0, kMaxKeyedBody);
    j["method"] = "POST";
    j["requestBody"] = body;
    // As RequestKey, but with the appendix even when decoding leaves nothing (warcio's URIError).
    key_url += entry.url.find('?') != std::string::npos && entry.url.find('?') > 0 ? "&" : "?";
    key_url += "__wb_method=POST&" + DecodeUri(body);
  }
  return Surt(key_url) + " " + timestamp + " " +
         j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string CdxjIndex(const std::vector<CdxjEntry>& entries) {
  std::vector<std::string> lines;
  lines.reserve(entries.size());
  for (const CdxjEntry& e : entries) lines.push_back(CdxjLine(e));
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line;
  return out;
}

}  // namespace xxgk::store
