// `xxgk import --from-archive OTHER` (issue 14) as a user runs it: two archives built from
// different and overlapping inputs (sample reports, synthetic texts, a county fetched from the
// portal simulator) merged give the documents, texts, records and sources of one archive built
// from all the inputs; merging again adds nothing; a merge killed (SIGKILL) after any batch, or
// by kill -9 from outside, and run again ends exactly as an uninterrupted one; a non-archive,
// missing or same OTHER is refused; a damaged text in OTHER and a doc_id collision are reported
// and not merged. Issue 14's sharding: `xxgk harvest --shard 0/2` and `1/2` into two archives,
// merged into a fresh one, hold what one harvest of everything holds — documents, sources,
// records, URLs, gone marks and the report's cells — and merging again adds nothing. No network:
// the simulator is the crawl's proxy.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "store/archive.h"
#include "tests/cli/simulated_fetch.h"

namespace xxgk::crawl::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::unique_ptr<store::Archive> OpenExisting(const fs::path& dir) {
  std::unique_ptr<store::Archive> archive;
  const Status s = store::Archive::OpenReadOnly(dir.string(), &archive);
  EXPECT_TRUE(s.ok()) << s.message();
  return archive;
}

// How sources are told apart when archives are compared: by where the bytes came from (kind,
// origin, payload), or by every field but `seen` (the moment a crawl read them).
std::string WhereFrom(const store::DocumentSource& s) {
  return s.kind + " " + s.origin + " " + s.payload_sha256;
}
std::string AllButSeen(const store::DocumentSource& s) {
  return json{s.kind, s.origin,    s.payload_sha256, s.content_type, s.title,     s.published,
              s.page, s.seed_code, s.column,         s.list_title,   s.list_date, s.joined,
              s.copy}
      .dump();
}

// What users compare between archives: per doc_id its text, record and the set of its sources,
// and the pending payloads.
struct Contents {
  std::map<std::string, std::string> texts, records;
  std::map<std::string, std::set<std::string>> sources;
  std::set<std::string> pending;
  bool operator==(const Contents&) const = default;
};

Contents ContentsOf(const fs::path& dir,
                    std::string (*source_key)(const store::DocumentSource&) = WhereFrom) {
  Contents c;
  auto archive = OpenExisting(dir);
  if (!archive) return c;
  std::vector<store::StoredDocument> docs;
  for (uint64_t seq = 0;;) {
    EXPECT_TRUE(archive->ScanDocuments(seq, 100, &docs, &seq).ok());
    if (docs.empty()) break;
    for (const auto& d : docs) {
      c.texts[d.info.doc_id] = d.text;
      std::optional<store::StoredRecord> record;
      EXPECT_TRUE(archive->GetRecord(d.info.doc_id, &record).ok());
      c.records[d.info.doc_id] = record ? record->json : "";
      std::vector<store::DocumentSource> sources;
      EXPECT_TRUE(archive->GetSources(d.info.doc_id, &sources).ok());
      for (const auto& s : sources) c.sources[d.info.doc_id].insert(source_key(s));
    }
  }
  std::vector<store::PendingPayload> pending;
  std::string from;
  do {
    EXPECT_TRUE(archive->ScanPending(from, 100, &pending, &from).ok());
    for (const auto& p : pending) c.pending.insert(p.source.payload_sha256);
  } while (!from.empty());
  return c;
}

// Everything an archive holds, in its own order, for "exactly the same result": documents with
// their sequence numbers, first_seen, sources in order, payload bytes, records, pending, the URL
// index, the fetch log and the counts.
std::string DumpOf(const fs::path& dir) {
  auto archive = OpenExisting(dir);
  if (!archive) return "";
  json dump = json::object();
  std::vector<store::StoredDocument> docs;
  for (uint64_t seq = 0;;) {
    EXPECT_TRUE(archive->ScanDocuments(seq, 100, &docs, &seq).ok());
    if (docs.empty()) break;
    for (const auto& d : docs) {
      json doc = {{"seq", d.info.seq}, {"id", d.info.doc_id}, {"sha", d.info.text_sha256},
                  {"first_seen", d.info.first_seen}, {"text", d.text}};
      std::vector<store::DocumentSource> sources;
      EXPECT_TRUE(archive->GetSources(d.info.doc_id, &sources).ok());
      for (const auto& s : sources) {
        std::string bytes;
        (void)archive->GetPayload(s.payload_sha256, &bytes);
        doc["sources"].push_back({s.kind, s.origin, s.payload_sha256, s.seen, s.seed_code,
                                  s.column, s.list_title, bytes.size()});
      }
      std::optional<store::StoredRecord> record;
      EXPECT_TRUE(archive->GetRecord(d.info.doc_id, &record).ok());
      if (record) doc["record"] = {record->extractor_version, record->json};
      dump["documents"].push_back(doc);
    }
  }
  std::vector<store::PendingPayload> pending;
  std::string from;
  do {
    EXPECT_TRUE(archive->ScanPending(from, 100, &pending, &from).ok());
    for (const auto& p : pending) dump["pending"].push_back({p.source.payload_sha256, p.code});
  } while (!from.empty());
  std::vector<store::FetchEntry> fetches;
  do {
    EXPECT_TRUE(archive->ScanLatestFetches(from, 100, &fetches, &from).ok());
    for (const auto& f : fetches) dump["urls"].push_back({f.url, f.time, f.payload_sha256});
  } while (!from.empty());
  for (uint64_t n = 0;;) {
    EXPECT_TRUE(archive->ScanFetchLog(n, 100, &fetches, &n).ok());
    if (fetches.empty()) break;
    for (const auto& f : fetches) {
      std::string bytes;
      (void)archive->GetPayload(f.payload_sha256, &bytes);
      dump["log"].push_back({f.url, f.time, f.http_status, f.payload_sha256, bytes.size()});
    }
  }
  std::vector<store::GoneMark> marks;
  do {
    EXPECT_TRUE(archive->ScanGoneMarks(from, 100, &marks, &from).ok());
    for (const auto& g : marks) {
      dump["gone"].push_back({g.url, g.seed_code, g.reason, g.first_failed, g.last_failed,
                              g.failures, g.gone_since, g.marked_at});
    }
  } while (!from.empty());
  store::ArchiveCounts counts;
  EXPECT_TRUE(archive->Counts(&counts).ok());
  dump["counts"] = {counts.documents, counts.sources, counts.payloads, counts.records, counts.urls,
                    counts.fetches, counts.pending, counts.page_payloads, counts.gone_marks};
  return dump.dump(1);
}

// Puts `text` under `doc_id` with a made-up digest straight into the archive at `dir`, past the
// checks a real import makes: how a damaged document or a doc_id collision looks.
void AddUnverified(const fs::path& dir, const std::string& doc_id, const std::string& text) {
  std::unique_ptr<store::Archive> archive;
  ASSERT_TRUE(store::Archive::Open(dir.string(), {}, &archive).ok());
  store::NewDocument doc;
  doc.doc_id = doc_id;
  doc.text_sha256 = doc_id + std::string(48, 'f');
  doc.text = text;
  doc.source = {"file", "/tmp/" + doc_id + ".txt", std::string(64, '2'), "text/plain",
                "2026-01-01T00:00:00Z"};
  doc.payload = "bytes of " + doc_id;
  std::vector<store::AddResult> results;
  ASSERT_TRUE(archive->AddDocuments({&doc, 1}, &results).ok());
}

class MergeCliTest : public SimulatedFetchTest {
 protected:
  void SetUp() override {
    SimulatedFetchTest::SetUp();
    const fs::path reports = fs::path(XXGK_SOURCE_DIR) / "seeds/reports";
    for (const auto& entry : fs::directory_iterator(reports)) samples_.push_back(entry.path());
    std::sort(samples_.begin(), samples_.end());
    ASSERT_GE(samples_.size(), 5u);
    for (int i = 0; i < 4; ++i) {  // synthetic texts, and a payload no converter reads (pending)
      synthetic_.push_back(dir_ / ("synthetic" + std::to_string(i) + ".txt"));
      std::ofstream(synthetic_.back()) << "2023年度政府信息公开工作年度报告 第" << i << "号\n合成文本。\n";
    }
    std::ofstream(dir_ / "legacy.doc") << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)
                                       << std::string(600, '\0');
    counties_ = {sim_->portals()[0].name, sim_->portals()[1].name};
  }

  CliRun Import(const std::string& archive, const std::vector<fs::path>& files) {
    std::string command = std::string(XXGK_BINARY) + " import --no-office --archive " +
                          (dir_ / archive).string();
    for (const auto& f : files) command += " '" + f.string() + "'";
    return RunShell(command, dir_);
  }
  CliRun Merge(const std::string& archive, const std::string& other, const std::string& extra = "") {
    return RunShell(std::string(XXGK_BINARY) + " import --archive " + (dir_ / archive).string() +
                        " --from-archive " + (dir_ / other).string() + " " + extra,
                    dir_);
  }

  // Archive "a": samples 0-2, synthetic 0-1, county 0; "b": samples 2-4, synthetic 1-3, the
  // unreadable .doc, counties 0 and 1 (county 0 fetched in both: the same documents from other
  // fetches); "all": every input once.
  void BuildShards() {
    Import("a", {samples_[0], samples_[1], samples_[2], synthetic_[0], synthetic_[1]});
    ASSERT_EQ(Fetch(counties_[0], "", "0", "a").exit_code, 0);
    Import("b", {samples_[2], samples_[3], samples_[4], synthetic_[1], synthetic_[2], synthetic_[3],
                 dir_ / "legacy.doc"});
    ASSERT_EQ(Fetch(counties_[1], "", "0", "b").exit_code, 0);
    ASSERT_EQ(Fetch(counties_[0], "", "0", "b").exit_code, 0);
    std::vector<fs::path> all = samples_;
    all.insert(all.end(), synthetic_.begin(), synthetic_.end());
    all.push_back(dir_ / "legacy.doc");
    Import("all", all);
    ASSERT_EQ(Fetch(counties_[0], "", "0", "all").exit_code, 0);
    ASSERT_EQ(Fetch(counties_[1], "", "0", "all").exit_code, 0);
  }

  void CopyArchive(const std::string& from, const std::string& to) {
    fs::remove_all(dir_ / to);
    fs::create_directories(dir_ / to);
    fs::copy_file(dir_ / from / "data.mdb", dir_ / to / "data.mdb");
  }

  std::vector<fs::path> samples_, synthetic_;
  std::vector<std::string> counties_;
};

TEST_F(MergeCliTest, TwoShardsMergedHoldWhatOneArchiveOfAllInputsHolds) {
  BuildShards();
  const Contents a = ContentsOf(dir_ / "a"), b = ContentsOf(dir_ / "b");
  const Contents all = ContentsOf(dir_ / "all");
  ASSERT_GT(a.texts.size(), 5u);
  ASSERT_NE(a.texts, all.texts);  // the shards differ from the whole, or the test proves nothing
  ASSERT_NE(b.texts, all.texts);
  ASSERT_EQ(all.pending.size(), 1u);

  const CliRun run = Merge("a", "b", "--json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(run.out);
  EXPECT_EQ(summary["documents"], b.texts.size());
  EXPECT_EQ(summary["collisions"], 0);
  EXPECT_EQ(summary["damaged"], 0);
  EXPECT_GT(summary["duplicates"].get<int>(), 0);  // the overlap
  EXPECT_EQ(summary["archive_documents"], all.texts.size());

  const Contents merged = ContentsOf(dir_ / "a");
  EXPECT_EQ(merged.texts, all.texts);
  EXPECT_EQ(merged.records, all.records);
  EXPECT_EQ(merged.pending, all.pending);
  // Sources: the union of both shards' (no duplicates), which holds all's.
  for (const auto& [id, sources] : merged.sources) {
    std::set<std::string> expected;
    if (a.sources.count(id)) expected = a.sources.at(id);
    if (b.sources.count(id)) expected.insert(b.sources.at(id).begin(), b.sources.at(id).end());
    EXPECT_EQ(sources, expected) << id;
    for (const auto& s : all.sources.at(id)) {
      if (s.rfind("file ", 0) == 0) EXPECT_TRUE(sources.count(s)) << id << " " << s;
    }
  }
  // New documents were numbered after a's, in b's order, and the fetch logs were appended.
  auto merged_archive = OpenExisting(dir_ / "a");
  auto b_archive = OpenExisting(dir_ / "b");
  std::vector<store::StoredDocument> docs;
  uint64_t next = 0;
  ASSERT_TRUE(merged_archive->ScanDocuments(0, 1000, &docs, &next).ok());
  for (size_t i = 0; i < docs.size(); ++i) EXPECT_EQ(docs[i].info.seq, i);
  for (size_t i = a.texts.size(); i < docs.size(); ++i) {
    EXPECT_TRUE(b.texts.count(docs[i].info.doc_id) && !a.texts.count(docs[i].info.doc_id));
  }
  store::ArchiveCounts mc, bc;
  ASSERT_TRUE(merged_archive->Counts(&mc).ok());
  ASSERT_TRUE(b_archive->Counts(&bc).ok());
  // b's fetch log is in the merged one; an entry identical in every field (county 0 fetched into
  // both within the same second, the same answer) is one event, logged once.
  store::ArchiveCounts ac;
  ASSERT_TRUE(OpenExisting(dir_ / "all")->Counts(&ac).ok());
  EXPECT_GT(summary["fetches_added"].get<uint64_t>(), 0u);
  EXPECT_LE(summary["fetches_added"].get<uint64_t>(), bc.fetches);
  std::multiset<std::string> merged_log;
  std::vector<store::FetchEntry> log;
  for (uint64_t n = 0;;) {
    ASSERT_TRUE(merged_archive->ScanFetchLog(n, 100, &log, &n).ok());
    if (log.empty()) break;
    for (const auto& f : log) merged_log.insert(f.url + " " + f.time + " " + f.payload_sha256);
  }
  EXPECT_EQ(merged_log.size(), mc.fetches);
  for (uint64_t n = 0;;) {
    ASSERT_TRUE(b_archive->ScanFetchLog(n, 100, &log, &n).ok());
    if (log.empty()) break;
    for (const auto& f : log) EXPECT_TRUE(merged_log.count(f.url + " " + f.time + " " + f.payload_sha256));
  }
  // Every URL's latest fetch is the later of the two archives'.
  std::optional<store::FetchEntry> latest_merged, latest_b;
  std::vector<store::FetchEntry> entries;
  std::string from;
  ASSERT_TRUE(b_archive->ScanLatestFetches("", 1000, &entries, &from).ok());
  ASSERT_FALSE(entries.empty());
  for (const auto& e : entries) {
    ASSERT_TRUE(merged_archive->GetLatestFetch(e.url, &latest_merged).ok());
    ASSERT_TRUE(latest_merged.has_value()) << e.url;
    EXPECT_GE(latest_merged->time, e.time) << e.url;
  }
}

// What a harvest archive holds that must not depend on how the harvest was split: its documents
// (sources by every field but `seen`); per URL of the URL index what it answered; per gone mark
// its URL, seed row, reason and whether it is gone.
struct HarvestContents {
  Contents documents;
  std::map<std::string, std::string> urls, gone;
  bool operator==(const HarvestContents&) const = default;
};

HarvestContents HarvestContentsOf(const fs::path& dir) {
  HarvestContents c{ContentsOf(dir, AllButSeen), {}, {}};
  auto archive = OpenExisting(dir);
  if (!archive) return c;
  std::string from;
  std::vector<store::FetchEntry> fetches;
  do {
    EXPECT_TRUE(archive->ScanLatestFetches(from, 100, &fetches, &from).ok());
    for (const auto& f : fetches) {
      c.urls[f.url + " " + f.form_body] =
          json{f.final_url, f.http_status, f.payload_sha256, f.doc_id, f.role}.dump();
    }
  } while (!from.empty());
  std::vector<store::GoneMark> marks;
  do {
    EXPECT_TRUE(archive->ScanGoneMarks(from, 100, &marks, &from).ok());
    for (const auto& g : marks) c.gone[g.url] = json{g.seed_code, g.reason, g.gone()}.dump();
  } while (!from.empty());
  return c;
}

TEST_F(MergeCliTest, TwoHarvestShardsMergedHoldWhatOneHarvestOfEverythingHolds) {
  // The two shards, then everything in one harvest; the shards split the counties between them.
  std::vector<std::vector<std::string>> shard_counties(2);  // county names per shard
  for (int k = 0; k < 2; ++k) {
    const CliRun run =
        Harvest("--json --shard " + std::to_string(k) + "/2", "shard" + std::to_string(k));
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json result = json::parse(run.out);
    for (const json& c : result["counties"]) {
      EXPECT_EQ(c["state"], "done") << c.dump();
      shard_counties[k].push_back(c["name"].get<std::string>());
    }
    ASSERT_FALSE(shard_counties[k].empty())
        << "shard " << k << "/2 holds no county: the test proves nothing";
  }
  EXPECT_EQ(shard_counties[0].size() + shard_counties[1].size(), sim_->portals().size());
  ASSERT_EQ(Harvest("", "whole").exit_code, 0);

  // A report of each shard's first county taken down (its page answers 404), seen by a second
  // harvest of that county into its shard and into the whole archive: gone marks on both sides.
  std::map<std::string, simulator::ReportChange> changes;
  std::vector<std::string> removed_urls;
  for (const auto& names : shard_counties) {
    for (const simulator::PortalTruth& truth : sim_->portals()) {
      if (truth.name == names.front()) removed_urls.push_back(truth.reports.front().page_url);
    }
  }
  ASSERT_EQ(removed_urls.size(), 2u);
  for (const std::string& url : removed_urls) changes[url] = simulator::ReportChange::kNotFound;
  simulator::PortalSimulator removed(7, simulator::SimulatorOptions{.changes = changes});
  auto harvest_removed = [&](const std::string& county, const std::string& archive) {
    return RunShell(std::string(XXGK_BINARY) + " harvest '" + county + "' --seeds " +
                        (dir_ / "seeds.tsv").string() + " --archive " + (dir_ / archive).string() +
                        " --proxy http://127.0.0.1:" + std::to_string(removed.port()) +
                        " --delay 0 --retry-base 0.01 --quiet --revisit-days 0 --gone-days 0"
                        " --gone-runs 1",
                    dir_);
  };
  for (int k = 0; k < 2; ++k) {
    const std::string& county = shard_counties[k].front();
    ASSERT_EQ(harvest_removed(county, "shard" + std::to_string(k)).exit_code, 0);
    ASSERT_EQ(harvest_removed(county, "whole").exit_code, 0);
  }

  const HarvestContents whole = HarvestContentsOf(dir_ / "whole");
  const HarvestContents shard0 = HarvestContentsOf(dir_ / "shard0");
  const HarvestContents shard1 = HarvestContentsOf(dir_ / "shard1");
  size_t want_reports = 0;
  for (const simulator::PortalTruth& truth : sim_->portals()) want_reports += truth.reports.size();
  ASSERT_EQ(whole.documents.texts.size(), want_reports);
  ASSERT_FALSE(shard0.documents.texts.empty());
  ASSERT_FALSE(shard1.documents.texts.empty());
  ASSERT_EQ(whole.gone.size(), 2u);
  for (const std::string& url : removed_urls) {
    ASSERT_TRUE(whole.gone.count(url)) << url;
    const json mark = json::parse(whole.gone.at(url));  // [seed_code, reason, gone]
    EXPECT_EQ(mark[1], "http_404") << url;
    EXPECT_EQ(mark[2], true) << url;
  }

  // Merged into a fresh archive, one shard after the other.
  for (int k = 0; k < 2; ++k) {
    const CliRun merge = Merge("merged", "shard" + std::to_string(k), "--json");
    ASSERT_EQ(merge.exit_code, 0) << merge.err;
    const json summary = json::parse(merge.out);
    EXPECT_EQ(summary["new"], (k == 0 ? shard0 : shard1).documents.texts.size());
    EXPECT_EQ(summary["gone"], 1);  // each shard's removed report
    EXPECT_EQ(summary["gone_updated"], 1);
    EXPECT_EQ(summary["collisions"], 0);
    EXPECT_EQ(summary["damaged"], 0);
  }
  const HarvestContents merged = HarvestContentsOf(dir_ / "merged");
  EXPECT_EQ(merged.documents.texts.size(),
            shard0.documents.texts.size() + shard1.documents.texts.size());  // disjoint hosts
  EXPECT_EQ(merged.documents.texts, whole.documents.texts);
  EXPECT_EQ(merged.documents.records, whole.documents.records);
  EXPECT_EQ(merged.documents.sources, whole.documents.sources);
  EXPECT_EQ(merged.urls, whole.urls);
  EXPECT_EQ(merged.gone, whole.gone);

  // The report of the merged archive says what the report of the whole harvest says, cell by
  // cell, the removed ones included.
  auto cells = [&](const std::string& archive) {
    const CliRun run = RunShell(std::string(XXGK_BINARY) +
                                    " report --json --years 2019-2024 --as-of 2026-12-02 --seeds " +
                                    (dir_ / "seeds.tsv").string() + " --archive " +
                                    (dir_ / archive).string(),
                                dir_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::map<std::string, std::string> states;
    const json report = json::parse(run.out);
    for (const json& b : report["bodies"]) {
      for (const json& c : b["cells"]) {
        std::string docs;
        for (const json& d : c["documents"]) docs += d["doc_id"].get<std::string>() + " ";
        states[b["county_code"].get<std::string>() + "|" + b["body_key"].get<std::string>() + "|" +
               std::to_string(c["year"].get<int>())] = c["state"].get<std::string>() + " " + docs;
      }
    }
    return states;
  };
  const auto whole_cells = cells("whole");
  EXPECT_EQ(cells("merged"), whole_cells);
  size_t removed_cells = 0;
  for (const auto& [cell, state] : whole_cells) removed_cells += state.starts_with("removed ");
  EXPECT_EQ(removed_cells, 2u);

  // Merging both shards again adds nothing.
  const std::string once = DumpOf(dir_ / "merged");
  for (int k = 0; k < 2; ++k) {
    const CliRun again = Merge("merged", "shard" + std::to_string(k), "--json");
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const json summary = json::parse(again.out);
    EXPECT_EQ(summary["new"], 0);
    EXPECT_EQ(summary["new_sources"], 0);
    EXPECT_EQ(summary["urls_updated"], 0);
    EXPECT_EQ(summary["fetches_added"], 0);
    EXPECT_EQ(summary["gone_updated"], 0);
    EXPECT_EQ(summary["gone_cleared"], 0);
  }
  EXPECT_EQ(DumpOf(dir_ / "merged"), once);

  // Another night: shard 0's removed report is back (the unchanged simulator), its harvest clears
  // the mark there and in the whole archive; merging shard 0 again clears it here too.
  const std::string& back_county = shard_counties[0].front();
  ASSERT_EQ(Harvest("'" + back_county + "' --revisit-days 0", "shard0").exit_code, 0);
  ASSERT_EQ(Harvest("'" + back_county + "' --revisit-days 0", "whole").exit_code, 0);
  const HarvestContents whole_later = HarvestContentsOf(dir_ / "whole");
  ASSERT_EQ(whole_later.gone.size(), 1u);
  EXPECT_FALSE(whole_later.gone.count(removed_urls[0]));
  CopyArchive("merged", "killed");  // for the kill below
  const CliRun back = Merge("merged", "shard0", "--json");
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(json::parse(back.out)["gone_cleared"], 1);
  EXPECT_EQ(HarvestContentsOf(dir_ / "merged"), whole_later);
  EXPECT_EQ(cells("merged"), cells("whole"));
  // Shard 1's mark, which shard 0 knows nothing of, stays.
  EXPECT_EQ(HarvestContentsOf(dir_ / "merged").gone.count(removed_urls[1]), 1u);
  // Killed (SIGKILL) before its last batch, the clearing one, and run again: the same archive.
  const int batches = json::parse(back.out)["batches"].get<int>();
  const CliRun dead = RunShell("XXGK_TEST_MERGE_KILL_AFTER=" + std::to_string(batches - 1) + " " +
                                   std::string(XXGK_BINARY) + " import --archive " +
                                   (dir_ / "killed").string() + " --from-archive " +
                                   (dir_ / "shard0").string() + "; echo status=$?",
                               dir_);
  EXPECT_NE(dead.out.find("status=137"), std::string::npos) << dead.out << dead.err;
  EXPECT_EQ(HarvestContentsOf(dir_ / "killed").gone.count(removed_urls[0]), 1u);  // not yet
  ASSERT_EQ(Merge("killed", "shard0").exit_code, 0);
  EXPECT_EQ(DumpOf(dir_ / "killed"), DumpOf(dir_ / "merged"));
}

TEST_F(MergeCliTest, MergingTwiceAddsNothing) {
  BuildShards();
  ASSERT_EQ(Merge("a", "b").exit_code, 0);
  const std::string once = DumpOf(dir_ / "a");
  const CliRun again = Merge("a", "b", "--json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const json summary = json::parse(again.out);
  EXPECT_EQ(summary["new"], 0);
  EXPECT_EQ(summary["new_sources"], 0);
  EXPECT_EQ(summary["pending_added"], 0);
  EXPECT_EQ(summary["urls_updated"], 0);
  EXPECT_EQ(summary["fetches_added"], 0);
  EXPECT_EQ(DumpOf(dir_ / "a"), once);
  // The other way round too: b merged with a equals, document for document, a merged with b.
  ASSERT_EQ(Merge("b", "a").exit_code, 0);
  EXPECT_EQ(ContentsOf(dir_ / "b"), ContentsOf(dir_ / "a"));
  // b was only read by the first merges: merging it into a fresh archive copies it whole.
  ASSERT_EQ(Merge("copy", "b").exit_code, 0);
  EXPECT_EQ(ContentsOf(dir_ / "copy"), ContentsOf(dir_ / "b"));
}

TEST_F(MergeCliTest, AMergeKilledAfterAnyBatchAndRunAgainEndsAsAnUninterruptedOne) {
  BuildShards();
  CopyArchive("a", "a0");
  ASSERT_EQ(Merge("a", "b", "--batch 3 --json").exit_code, 0);
  const std::string expected = DumpOf(dir_ / "a");
  const int batches = json::parse(ReadFile(dir_ / "out"))["batches"].get<int>();
  ASSERT_GT(batches, 8);  // documents, pending, URLs and fetch log each span several batches
  for (int kill_after : {1, 2, batches / 3, batches / 2, batches - 2, batches - 1}) {
    SCOPED_TRACE("killed after batch " + std::to_string(kill_after));
    CopyArchive("a0", "k");
    const CliRun killed = Merge("k", "b", "--batch 3");
    EXPECT_EQ(killed.exit_code, 0) << "(control run without the knob)";
    CopyArchive("a0", "k");
    const CliRun dead = RunShell("XXGK_TEST_MERGE_KILL_AFTER=" + std::to_string(kill_after) + " " +
                                     std::string(XXGK_BINARY) + " import --archive " +
                                     (dir_ / "k").string() + " --from-archive " +
                                     (dir_ / "b").string() + " --batch 3; echo status=$?",
                                 dir_);
    EXPECT_NE(dead.out.find("status=137"), std::string::npos) << dead.out << dead.err;
    // It really stopped part-way (the last batches may add nothing: fetches a has too).
    if (kill_after <= batches / 2) EXPECT_NE(DumpOf(dir_ / "k"), expected);
    // The rerun may use other batch sizes: each batch is idempotent, not a cursor.
    const CliRun rerun = Merge("k", "b", kill_after % 2 ? "--batch 7" : "--batch 3");
    ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(DumpOf(dir_ / "k"), expected);
  }
}

TEST_F(MergeCliTest, ANonArchiveMissingOrSameOtherIsRefusedAndNothingIsWritten) {
  Import("a", {samples_[0]});
  const std::string before = DumpOf(dir_ / "a");
  fs::create_directories(dir_ / "notes");
  std::ofstream(dir_ / "notes" / "readme.txt") << "not an archive";
  fs::create_directories(dir_ / "empty");
  fs::create_directories(dir_ / "foreign");
  std::ofstream(dir_ / "foreign" / "data.mdb") << std::string(8192, 'x');
  for (const char* other : {"notes", "empty", "missing", "foreign", "a"}) {
    SCOPED_TRACE(other);
    const CliRun run = Merge("a", other);
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("xxgk: import: "), std::string::npos) << run.err;
    EXPECT_EQ(run.out, "");
  }
  EXPECT_NE(Merge("a", "a").err.find("is the archive itself"), std::string::npos);
  EXPECT_EQ(DumpOf(dir_ / "a"), before);
  EXPECT_TRUE(fs::is_empty(dir_ / "empty"));
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
  EXPECT_EQ(ReadFile(dir_ / "notes" / "readme.txt"), "not an archive");
  // Refused before the target is touched: a target that does not exist yet is not created.
  EXPECT_EQ(Merge("new", "notes").exit_code, 1);
  EXPECT_FALSE(fs::exists(dir_ / "new"));
  // PATH and --from-archive together, or neither, are usage errors.
  EXPECT_EQ(RunShell(std::string(XXGK_BINARY) + " import --archive " + (dir_ / "a").string() +
                         " --from-archive " + (dir_ / "a").string() + " " + samples_[1].string(),
                     dir_).exit_code, 2);
  EXPECT_EQ(RunShell(std::string(XXGK_BINARY) + " import --archive " + (dir_ / "a").string(), dir_)
                .exit_code, 2);
}

TEST_F(MergeCliTest, ADamagedTextInOtherIsReportedAndNotCopied) {
  Import("b", {samples_[0]});
  // A document whose stored text does not have its digest (as a damaged archive would).
  AddUnverified(dir_ / "b", "0123456789abcdef", "a text that is not what its digest says");
  const CliRun run = Merge("a", "b", "--json");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("document 0123456789abcdef: its text does not have its digest"),
            std::string::npos) << run.err;
  const json summary = json::parse(run.out);
  EXPECT_EQ(summary["damaged"], 1);
  EXPECT_EQ(summary["new"], 1);
  const Contents merged = ContentsOf(dir_ / "a");
  EXPECT_EQ(merged.texts.size(), 1u);
  EXPECT_FALSE(merged.texts.count("0123456789abcdef"));
}


TEST_F(MergeCliTest, ADocIdCollisionIsReportedAndNeverMerged) {
  // The target holds another text under the doc_id of sample 0 (a 64-bit prefix collision, made
  // here by hand: a real one is not to be found).
  Import("b", {samples_[0], samples_[1]});
  std::string id;
  {
    std::vector<store::StoredDocument> docs;
    uint64_t next = 0;
    ASSERT_TRUE(OpenExisting(dir_ / "b")->ScanDocuments(0, 1, &docs, &next).ok());
    ASSERT_EQ(docs.size(), 1u);
    id = docs[0].info.doc_id;
  }
  AddUnverified(dir_ / "a", id, "another text");
  const CliRun run = Merge("a", "b", "--json");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("xxgk: import: collision: doc_id " + id + " already names a different text"),
            std::string::npos) << run.err;
  const json summary = json::parse(run.out);
  EXPECT_EQ(summary["collisions"], 1);
  EXPECT_EQ(summary["new"], 1);
  const Contents merged = ContentsOf(dir_ / "a");
  EXPECT_EQ(merged.texts.at(id), "another text");
  EXPECT_EQ(merged.sources.at(id).size(), 1u);  // sample 0's source not added to it
  EXPECT_EQ(merged.texts.size(), 2u);
}


// The same with a real kill -9 from outside, at moments spread over the merge (whichever batch,
// or none, or the end, it hits: the outcome must not depend on it).
TEST_F(MergeCliTest, AMergeKilledFromOutsideAtAnyMomentAndRunAgainEndsAsAnUninterruptedOne) {
  BuildShards();
  CopyArchive("a", "a0");
  ASSERT_EQ(Merge("a", "b", "--batch 1").exit_code, 0);
  const std::string expected = DumpOf(dir_ / "a");
  int interrupted = 0;
  for (const char* delay : {"0.01", "0.03", "0.06", "0.1", "0.15", "0.25"}) {
    SCOPED_TRACE(std::string("killed after ") + delay + " s");
    CopyArchive("a0", "k");
    const CliRun dead = RunShell(std::string(XXGK_BINARY) + " import --archive " +
                                     (dir_ / "k").string() + " --from-archive " +
                                     (dir_ / "b").string() + " --batch 1 & pid=$!; sleep " + delay +
                                     "; kill -9 $pid 2>/dev/null; wait $pid; echo status=$?",
                                 dir_);
    interrupted += dead.out.find("status=137") != std::string::npos;
    const CliRun rerun = Merge("k", "b");
    ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(DumpOf(dir_ / "k"), expected);
  }
  RecordProperty("runs_killed_mid_merge", interrupted);
}

}  // namespace
}  // namespace xxgk::crawl::testing
