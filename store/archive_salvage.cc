// SalvageArchive: readable entries copied in batches into a new archive. See archive_salvage.h.
#include "store/archive_salvage.h"

#include <charconv>
#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBatchEntries = 1024;
constexpr size_t kBatchBytes = size_t{32} << 20;

struct Entry {
  Table table;
  std::string key, value;
};

uint64_t BigEndian(std::string_view key) {
  uint64_t n = 0;
  for (size_t i = 0; i < 8 && i < key.size(); ++i) n = (n << 8) | static_cast<unsigned char>(key[i]);
  return n;
}

uint64_t Decimal(std::string_view s) {
  uint64_t n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

}  // namespace

Status SalvageArchive(const std::string& from, const std::string& to, SalvageReport* report) {
  *report = SalvageReport{};
  std::error_code ec;
  if (fs::exists(to, ec) && !(fs::is_directory(to, ec) && fs::is_empty(to, ec))) {
    return Status::Error(to + ": exists and is not an empty directory; salvage writes a new archive");
  }
  if (fs::exists(from, ec) && fs::exists(to, ec) && fs::equivalent(from, to, ec)) {
    return Status::Error(to + ": is the archive being salvaged");
  }
  std::unique_ptr<ArchiveEnv> out;
  std::vector<Entry> batch;
  size_t batch_bytes = 0;
  uint64_t next_seq = 0, next_fetch = 0;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    Status s = out->Write([&](WriteTxn& txn) -> Status {
      for (const Entry& e : batch) {
        if (Status p = txn.Put(e.table, e.key, e.value); !p.ok()) return p;
      }
      return Status::Ok();
    });
    batch.clear();
    batch_bytes = 0;
    return s;
  };
  auto visit = [&](Table table, std::string_view key, std::string_view value) -> Status {
    if (!out) {  // created once the source has opened: a bad source leaves no empty copy
      if (Status s = ArchiveEnv::Open(to, ArchiveOptions{.create = true}, &out); !s.ok()) return s;
    }
    if (table == Table::kMeta) {
      // The copy has its own marker, format and schema; a rebuild cursor belongs to the source.
      if (key == "next_seq") next_seq = std::max(next_seq, Decimal(value));
      if (key == "next_fetch") next_fetch = std::max(next_fetch, Decimal(value));
      return Status::Ok();
    }
    if (table == Table::kSequence) next_seq = std::max(next_seq, BigEndian(key) + 1);
    if (table == Table::kFetchLog) next_fetch = std::max(next_fetch, BigEndian(key) + 1);
    batch.push_back({table, std::string(key), std::string(value)});
    batch_bytes += key.size() + value.size();
    return batch.size() >= kBatchEntries || batch_bytes >= kBatchBytes ? flush() : Status::Ok();
  };
  if (Status s = WalkArchive(from, WalkOptions{.with_values = true}, visit, &report->walk); !s.ok()) return s;
  if (!report->walk.open_error.empty()) return Status::Error(report->walk.open_error);
  if (!out) {
    if (Status s = ArchiveEnv::Open(to, ArchiveOptions{.create = true}, &out); !s.ok()) return s;
  }
  if (Status s = flush(); !s.ok()) return s;
  return out->Write([&](WriteTxn& txn) -> Status {
    Status s = next_seq > 0 ? txn.Put(Table::kMeta, "next_seq", std::to_string(next_seq)) : Status::Ok();
    if (s.ok() && next_fetch > 0) s = txn.Put(Table::kMeta, "next_fetch", std::to_string(next_fetch));
    return s;
  });
}

}  // namespace xxgk::store
