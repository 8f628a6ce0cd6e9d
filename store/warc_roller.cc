// Rolling WARC files while crawling (see warc_roller.h).
#include "store/warc_roller.h"

#include <strings.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace xxgk::store {
namespace {

std::string Utc(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace

WarcRoller::WarcRoller(std::string dir, uint64_t max_bytes, std::string software, uint64_t next_fetch)
    : dir_(std::move(dir)), max_bytes_(max_bytes), software_(std::move(software)),
      next_fetch_(next_fetch), stamp_(Utc("%Y%m%d%H%M%S")) {}

WarcRoller::~WarcRoller() { (void)Close(); }

std::vector<std::string> WarcRoller::files() const {
  std::lock_guard lock(mutex_);
  return files_;
}

Status WarcRoller::Add(uint64_t first_fetch, const std::vector<NewFetch>& fetches) {
  std::lock_guard lock(mutex_);
  if (!failed_.ok()) return failed_;
  if (fetches.empty()) return Status::Ok();
  Status s = Status::Ok();
  if (first_fetch > next_fetch_) {  // a batch logged before this one has not come yet
    waiting_.emplace(first_fetch, fetches);
    s = WriteWaiting(/*all=*/false);
  } else {
    s = WriteBatch(first_fetch, fetches);
    if (s.ok()) s = WriteWaiting(/*all=*/false);
  }
  if (!s.ok()) failed_ = s;
  return s;
}

Status WarcRoller::WriteBatch(uint64_t first_fetch, const std::vector<NewFetch>& fetches) {
  for (size_t i = 0; i < fetches.size(); ++i) {
    if (Status s = WriteFetch(first_fetch + i, fetches[i]); !s.ok()) return s;
  }
  next_fetch_ = std::max(next_fetch_, first_fetch + fetches.size());
  return Status::Ok();
}

Status WarcRoller::WriteWaiting(bool all) {
  while (!waiting_.empty()) {
    auto it = waiting_.begin();
    const bool gap = it->first > next_fetch_;
    if (gap && !all && waiting_.size() <= kMaxWaiting) break;
    if (Status s = WriteBatch(it->first, it->second); !s.ok()) return s;
    waiting_.erase(it);
  }
  return Status::Ok();
}

Status WarcRoller::Roll() {
  if (Status s = CloseFile(); !s.ok()) return s;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  // The next serial whose name is free: another run writing into DIR in the same second (a
  // second process) has the same stamp; the exclusive create settles who gets a name.
  std::string name;
  for (;;) {
    char serial[16];
    std::snprintf(serial, sizeof serial, "%05llu", static_cast<unsigned long long>(serial_++));
    name = "xxgk-" + stamp_ + "-" + serial + ".warc.gz";
    path_ = (std::filesystem::path(dir_) / name).string();
    if (std::filesystem::exists(path_, ec)) continue;
    bool taken = false;
    Status s = writer_.Open(path_ + ".open", /*exclusive=*/true, &taken);
    if (s.ok()) break;
    if (!taken || serial_ > 99999) return s;
  }
  open_ = true;
  const WarcRecord info = WarcinfoRecord(name, Utc("%Y-%m-%dT%H:%M:%SZ"),
                                         {{"software", software_},
                                          {"format", "WARC File Format 1.1"},
                                          {"conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"},
                                          {"description", "written by xxgk while crawling"}});
  for (const auto& [field, value] : info.fields) {
    if (field == "WARC-Record-ID") warcinfo_id_ = value;
  }
  return writer_.Write(info);
}

Status WarcRoller::Write(WarcRecord record) {
  record.Add("WARC-Warcinfo-ID", warcinfo_id_);
  return writer_.Write(record);
}

Status WarcRoller::WriteFetch(uint64_t n, const NewFetch& fetch) {
  const FetchEntry& entry = fetch.entry;
  const bool has_payload = !entry.payload_sha256.empty();
  const bool no_response = entry.status_line.empty() && (entry.http_status <= 0 || !has_payload);
  if (no_response && entry.hops.empty()) return Status::Ok();
  if (!open_ || writer_.size() >= max_bytes_) {
    if (Status s = Roll(); !s.ok()) return s;
  }
  const std::string uri = TargetUri(entry);
  const std::string& payload = fetch.payload;
  if (entry.status_line.empty()) {
    // Redirect hops answered before the final request failed (or gave no head) are written.
    for (HopRecords& hop : RecordsOfHops(entry, n)) {
      if (Status s = Write(std::move(hop.request)); !s.ok()) return s;
      if (Status s = Write(std::move(hop.response)); !s.ok()) return s;
    }
    if (no_response) return Status::Ok();
    std::string type;
    for (const auto& [name, value] : entry.headers) {
      if (strcasecmp(name.c_str(), "Content-Type") == 0) type = value;
    }
    WarcRecord r = ResourceRecord(uri, entry.time, type, payload,
                                  std::to_string(n) + "\n" + uri + "\n" + entry.time);
    r.Add("XXGK-HTTP-Status", std::to_string(entry.http_status));
    return Write(std::move(r));
  }
  const std::string digest = WarcSha1(payload);
  const WarcOriginal* original = nullptr;
  if (!payload.empty()) {
    if (auto it = originals_.find(digest); it != originals_.end()) original = &it->second;
  }
  FetchRecords records = RecordsOfFetch(entry, n, payload, original);
  for (HopRecords& hop : records.hops) {
    if (Status s = Write(std::move(hop.request)); !s.ok()) return s;
    if (Status s = Write(std::move(hop.response)); !s.ok()) return s;
  }
  if (Status s = Write(std::move(records.request)); !s.ok()) return s;
  if (Status s = Write(records.response); !s.ok()) return s;
  if (!original && !payload.empty()) originals_.emplace(digest, WarcOriginal{records.response_id, uri, entry.time});
  return Status::Ok();
}

Status WarcRoller::Close() {
  std::lock_guard lock(mutex_);
  Status s = failed_.ok() ? WriteWaiting(/*all=*/true) : Status::Ok();
  if (Status c = CloseFile(); s.ok()) s = c;
  if (failed_.ok()) failed_ = s;
  return s;
}

Status WarcRoller::CloseFile() {
  if (!open_) return Status::Ok();
  open_ = false;
  if (Status s = writer_.Close(); !s.ok()) return s;
  if (std::rename((path_ + ".open").c_str(), path_.c_str()) != 0) {
    return Status::Error(path_ + ": " + std::strerror(errno));
  }
  files_.push_back(path_);
  return Status::Ok();
}

}  // namespace xxgk::store
