// Archive entries → WARC records (see warc_records.h and docs/warc.md).
#include "store/warc_records.h"

#include "base/ascii_case.h"

namespace xxgk::store {
namespace {

std::string Field(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + std::string(value) + "\r\n";
}

std::string ProtocolOf(std::string_view status_line) {
  const size_t space = status_line.find(' ');
  std::string_view protocol = status_line.substr(0, space);
  return protocol.starts_with("HTTP/") ? std::string(protocol) : "HTTP/1.1";
}

}  // namespace

WarcRecord WarcinfoRecord(std::string_view filename, std::string_view date,
                          const std::vector<std::pair<std::string, std::string>>& info) {
  WarcRecord r;
  r.Add("WARC-Type", "warcinfo");
  r.Add("WARC-Date", std::string(date));
  r.Add("WARC-Filename", std::string(filename));
  r.Add("WARC-Record-ID", WarcRecordId("warcinfo\n" + std::string(filename) + "\n" + std::string(date)));
  r.Add("Content-Type", "application/warc-fields");
  for (const auto& [name, value] : info) r.block += Field(name, value);
  r.fields.insert(r.fields.begin() + 4, {"WARC-Block-Digest", WarcSha1(r.block)});
  return r;
}

std::string ResponseHead(const FetchEntry& entry, size_t payload_size,
                         std::vector<std::string>* changed) {
  return ResponseHead(entry.status_line, entry.headers, payload_size, changed);
}

std::string ResponseHead(std::string_view status_line,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         size_t payload_size, std::vector<std::string>* changed) {
  std::string head = std::string(status_line) + "\r\n";
  bool length_seen = false;
  const std::string length = std::to_string(payload_size);
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoringAsciiCase(name, "Content-Encoding") ||
        EqualsIgnoringAsciiCase(name, "Transfer-Encoding")) {
      if (changed) changed->push_back(name + ": " + value);
      continue;
    }
    if (EqualsIgnoringAsciiCase(name, "Content-Length")) {
      if (length_seen) {
        if (changed) changed->push_back(name + ": " + value);
        continue;
      }
      length_seen = true;
      if (value != length && changed) changed->push_back(name + ": " + value);
      head += Field(name, length);
      continue;
    }
    head += Field(name, value);
  }
  if (!length_seen) head += Field("Content-Length", length);
  return head + "\r\n";
}

std::string RequestHead(std::string_view url, std::string_view protocol,
                        std::string_view form_body) {
  std::string_view rest = url;
  if (const size_t scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  const size_t slash = rest.find_first_of("/?#");
  std::string host(rest.substr(0, slash));
  if (const size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  std::string target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (const size_t hash = target.find('#'); hash != std::string::npos) target.resize(hash);
  if (target.empty() || target[0] != '/') target.insert(0, "/");
  if (form_body.empty()) {
    return "GET " + target + " " + std::string(protocol) + "\r\n" + Field("Host", host) + "\r\n";
  }
  return "POST " + target + " " + std::string(protocol) + "\r\n" + Field("Host", host) +
         Field("Content-Type", "application/x-www-form-urlencoded") +
         Field("Content-Length", std::to_string(form_body.size())) + "\r\n" +
         std::string(form_body);
}

std::string TargetUri(const FetchEntry& entry) {
  return entry.final_url.empty() ? entry.url : entry.final_url;
}

std::string HopUri(const FetchEntry& entry, size_t i) {
  const std::string& line = entry.redirects[i];
  const size_t space = line.find(' ');
  return space == std::string::npos ? line : line.substr(space + 1);
}

namespace {

// The fields a request or response record of an exchange opens with, in this order.
void AddExchangeFields(WarcRecord& record, std::string type, std::string id, std::string date,
                       std::string uri, std::string concurrent_to, const std::string& ip) {
  record.Add("WARC-Type", std::move(type));
  record.Add("WARC-Record-ID", std::move(id));
  record.Add("WARC-Date", std::move(date));
  record.Add("WARC-Target-URI", std::move(uri));
  record.Add("WARC-Concurrent-To", std::move(concurrent_to));
  if (!ip.empty()) record.Add("WARC-IP-Address", ip);
}

std::string JoinChanged(const std::vector<std::string>& changed) {
  std::string joined;
  for (const std::string& c : changed) joined += (joined.empty() ? "" : ", ") + c;
  return joined;
}

// Hop `i` of entry `n`: its request and its response, as received (docs/warc.md, "Redirects").
HopRecords RecordsOfHop(const FetchEntry& entry, uint64_t n, size_t i) {
  const HopResponse& hop = entry.hops[i];
  const std::string uri = HopUri(entry, i);
  const std::string name = std::to_string(n) + "\nhop " + std::to_string(i) + "\n" + uri + "\n" + hop.time;
  const std::string response_id = WarcRecordId("response\n" + name);
  const std::string request_id = WarcRecordId("request\n" + name);
  HopRecords out;

  std::vector<std::string> changed;
  const bool kept = hop.body_kept();
  WarcRecord& response = out.response;
  response.block = ResponseHead(hop.status_line, hop.headers, hop.body_bytes, &changed);
  if (kept) response.block += hop.body;
  AddExchangeFields(response, "response", response_id, hop.time, uri, request_id, hop.ip);
  response.Add("Content-Type", "application/http;msgtype=response");
  if (kept) response.Add("WARC-Payload-Digest", WarcSha1(hop.body));
  response.Add("WARC-Block-Digest", WarcSha1(response.block));
  if (!kept) {
    // The body was larger than the fetcher keeps of a hop: the head is all there is.
    response.Add("WARC-Truncated", "length");
    response.Add("XXGK-Body-Not-Kept", std::to_string(hop.body_bytes) + " bytes");
  }
  if (!changed.empty()) response.Add("XXGK-Original-Headers", JoinChanged(changed));

  WarcRecord& request = out.request;
  request.block = RequestHead(uri, ProtocolOf(hop.status_line), hop.form_body);
  AddExchangeFields(request, "request", request_id, hop.time, uri, response_id, hop.ip);
  request.Add("Content-Type", "application/http;msgtype=request");
  request.Add("WARC-Block-Digest", WarcSha1(request.block));
  return out;
}

}  // namespace

std::vector<HopRecords> RecordsOfHops(const FetchEntry& entry, uint64_t n) {
  std::vector<HopRecords> out;
  if (entry.hops.size() != entry.redirects.size()) return out;
  for (size_t i = 0; i < entry.hops.size(); ++i) out.push_back(RecordsOfHop(entry, n, i));
  return out;
}

FetchRecords RecordsOfFetch(const FetchEntry& entry, uint64_t n, std::string_view payload,
                            const WarcOriginal* original) {
  FetchRecords out;
  out.hops = RecordsOfHops(entry, n);
  const std::string uri = TargetUri(entry);
  const std::string name = std::to_string(n) + "\n" + uri + "\n" + entry.time;
  out.response_id = WarcRecordId("response\n" + name);
  const std::string request_id = WarcRecordId("request\n" + name);

  std::vector<std::string> changed;
  const std::string head = ResponseHead(entry, payload.size(), &changed);
  WarcRecord& response = out.response;
  AddExchangeFields(response, original ? "revisit" : "response", out.response_id, entry.time, uri,
                    request_id, entry.ip);
  if (original) {
    response.Add("WARC-Profile", std::string(kRevisitProfile));
    response.Add("WARC-Refers-To", original->record_id);
    response.Add("WARC-Refers-To-Target-URI", original->uri);
    response.Add("WARC-Refers-To-Date", original->date);
    response.block = head;  // the HTTP head only; the payload is the original's
  } else {
    response.block = head + std::string(payload);
  }
  response.Add("Content-Type", "application/http;msgtype=response");
  response.Add("WARC-Payload-Digest", WarcSha1(payload));
  response.Add("WARC-Block-Digest", WarcSha1(response.block));
  if (!changed.empty()) response.Add("XXGK-Original-Headers", JoinChanged(changed));
  if (!entry.final_url.empty() && entry.final_url != entry.url) {
    response.Add("XXGK-Requested-URI", entry.url);
  }

  WarcRecord& request = out.request;
  request.block = RequestHead(uri, ProtocolOf(entry.status_line), entry.form_body);
  AddExchangeFields(request, "request", request_id, entry.time, uri, out.response_id, entry.ip);
  request.Add("Content-Type", "application/http;msgtype=request");
  request.Add("WARC-Block-Digest", WarcSha1(request.block));
  return out;
}

WarcRecord ResourceRecord(std::string_view uri, std::string_view date,
                          std::string_view content_type, std::string_view payload,
                          std::string_view id_name) {
  WarcRecord r;
  r.Add("WARC-Type", "resource");
  r.Add("WARC-Record-ID", WarcRecordId("resource\n" + std::string(id_name)));
  r.Add("WARC-Date", std::string(date));
  r.Add("WARC-Target-URI", std::string(uri));
  r.Add("Content-Type", content_type.empty() ? "application/octet-stream" : std::string(content_type));
  const std::string digest = WarcSha1(payload);
  r.Add("WARC-Payload-Digest", digest);
  r.Add("WARC-Block-Digest", digest);
  r.block = std::string(payload);
  return r;
}

std::string FileUri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = path.starts_with("/") ? "file://" : "file:";
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace xxgk::store
