// Coverage: see coverage.h. The archive is read in sequence order (documents, their sources and
// records); bodies are told per document, then the column rule fills what is left, then rows and
// cells are laid out.
#include "crawler/harvest/coverage.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crawler/discovery/report_title.h"
#include "crawler/harvest/removal.h"
#include "extract/report/agency_name.h"

namespace xxgk::harvest {
namespace {

using Json = nlohmann::json;
using publish::CellState;
using publish::CoverageBody;
using publish::CoverageCell;
using publish::CoverageDocument;

// Without white space (ASCII, U+00A0, U+3000) and title brackets.
std::string Compact(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { ++i; continue; }
    static constexpr std::string_view kDrop[] = {"\u00a0", "\u3000", "【", "】", "「", "」",
                                                 "《", "》", "［", "］"};
    bool dropped = false;
    for (std::string_view d : kDrop) {
      if (s.substr(i).starts_with(d)) { i += d.size(); dropped = true; break; }
    }
    if (dropped) continue;
    if (c == '[' || c == ']') { ++i; continue; }
    out += s[i++];
  }
  return out;
}

bool StripPrefix(std::string* s, std::string_view prefix) {
  if (prefix.empty() || !s->starts_with(prefix)) return false;
  s->erase(0, prefix.size());
  return true;
}
bool StripSuffix(std::string* s, std::string_view suffix) {
  if (suffix.empty() || !s->ends_with(suffix)) return false;
  s->erase(s->size() - suffix.size());
  return true;
}
bool EndsWithAny(const std::string& s, std::initializer_list<std::string_view> ends) {
  for (std::string_view e : ends) {
    if (s.size() > e.size() && s.ends_with(e)) return true;  // something before it
  }
  return false;
}

// YYYY-MM-DD ± days.
std::string AddDays(const std::string& date, int days) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return date;
  using namespace std::chrono;
  const sys_days t = sys_days(year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}) +
                     std::chrono::days{days};
  const year_month_day ymd(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string TodayInChina() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                                          std::chrono::hours(8));
  const std::chrono::year_month_day ymd(now);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

bool IsDate(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-';
}

std::optional<int64_t> Cell(const Json& rows, const char* row, size_t col) {
  auto r = rows.find(row);
  if (r == rows.end() || !r->is_array() || r->size() <= col || !(*r)[col].is_number_integer()) {
    return std::nullopt;
  }
  return (*r)[col].get<int64_t>();
}

// Sum of the 总计 cells of the rows of `group` present in `rows`; nullopt if any is null or none.
std::optional<int64_t> Group(const Json& rows, std::initializer_list<const char*> group) {
  int64_t sum = 0;
  bool any = false;
  for (const char* row : group) {
    if (!rows.contains(row)) continue;
    const std::optional<int64_t> v = Cell(rows, row, 6);
    if (!v) return std::nullopt;
    sum += *v;
    any = true;
  }
  return any ? std::optional<int64_t>(sum) : std::nullopt;
}

publish::ReportFigures Figures(const Json& r) {
  publish::ReportFigures f;
  if (auto a = r.find("applications"); a != r.end() && a->is_object()) {
    f.received = Cell(*a, "new_received", 6);
    f.outcomes[0] = Group(*a, {"granted"});
    f.outcomes[1] = Group(*a, {"partial"});
    f.outcomes[2] = Group(*a, {"denied_state_secret", "denied_law_forbidden", "denied_three_safety",
                               "denied_third_party", "denied_internal_affairs",
                               "denied_process_info", "denied_enforcement_file", "denied_inquiry"});
    f.outcomes[3] = Group(*a, {"unable_not_held", "unable_need_create", "unable_unclear"});
    f.outcomes[4] = Group(*a, {"rejected_petition", "rejected_repeat", "rejected_publication",
                               "rejected_mass_repeat", "rejected_confirm"});
    f.outcomes[5] = Group(*a, {"other_overdue_correction", "other_overdue_fee", "other_other", "other"});
  }
  if (auto rl = r.find("reviews_litigation"); rl != r.end() && rl->is_object()) {
    auto total = [&](const char* key) -> std::optional<int64_t> {
      auto t = rl->find(key);
      if (t == rl->end() || !t->is_object()) return std::nullopt;
      auto v = t->find("total");
      if (v == t->end() || !v->is_number_integer()) return std::nullopt;
      return v->get<int64_t>();
    };
    f.review = total("review");
    f.litigation_direct = total("litigation_direct");
    f.litigation_after_review = total("litigation_after_review");
  }
  return f;
}

// What one document tells, before its body is placed.
struct DocFacts {
  CoverageDocument doc;
  const seeds::SeedRow* county = nullptr;  // nullptr: unattributed
  std::string seed_code;                   // of its first crawled source
  std::string column;                      // seed_code + "\t" + column path, "" if none
  std::optional<BodyKey> body;             // nullopt: not told (yet)
  bool conflict = false;
  std::string first_seen_date;
};

int LevelRank(const std::string& level, const std::string& key) {
  if (level == "county") return 0;
  if (key == "人民政府办公室") return 1;
  if (level == "department") return 2;
  if (level == "town") return 3;
  return 4;
}

// A text signed on time but listed this long after its signing was re-published (a portal
// migration re-dates its pages), not published late: its timeliness is unknown.
constexpr int kRepublishedAfterDays = 180;

// Judges a document against its deadline(s): on time when its date is on or before `on`, late
// when after `late` (equal for a known level; an unidentified body gets 1-31 and 3-31).
void Judge(CoverageDocument* d, const std::string& first_seen_date, const std::string& on,
           const std::string& late) {
  const std::string pub = !d->list_date.empty() ? d->list_date : d->page_date;
  if (!pub.empty()) {
    d->basis = !d->list_date.empty() ? "list_date" : "page_date";
    if (pub <= on) {
      d->timeliness = "on_time";
    } else if (pub <= late) {
      d->timeliness = "unknown";
    } else if (!d->signed_date.empty() && d->signed_date <= late &&
               pub > AddDays(d->signed_date, kRepublishedAfterDays)) {
      d->timeliness = "unknown";
      d->basis = "republished";
    } else {
      d->timeliness = "late";
    }
    return;
  }
  if (!d->signed_date.empty() && d->signed_date > late) {
    d->timeliness = "late";
    d->basis = "signed";
  } else if (first_seen_date <= on) {
    d->timeliness = "on_time";
    d->basis = "first_seen";
  } else {
    d->timeliness = "unknown";
    d->basis = "none";
  }
}

}  // namespace

std::string DeadlineFor(int year, std::string_view level) {
  char buf[16];
  const bool march = year < 2019 || level == "county";
  std::snprintf(buf, sizeof buf, "%04d-%s", year + 1, march ? "03-31" : "01-31");
  return buf;
}

std::optional<BodyKey> BodyKeyWithin(std::string_view name, const seeds::SeedRow& county) {
  std::string r = Compact(name);
  if (r.empty()) return std::nullopt;
  StripPrefix(&r, county.province);
  StripPrefix(&r, county.prefecture);
  const bool had_county = StripPrefix(&r, county.name);
  BodyKey key;
  if (r.empty() || r == "人民政府" || r == "政府") {
    if (!had_county) return std::nullopt;
    return BodyKey{"人民政府", county.name + "人民政府", "county"};
  }
  if (r == "人民政府办公室" || r == "政府办公室" || r == "政府办" || r == "人民政府办") {
    if (!had_county) return std::nullopt;
    return BodyKey{"人民政府办公室", county.name + "人民政府办公室", "department"};
  }
  std::string core = r;
  if (!StripSuffix(&core, "人民政府")) {
    if (!StripSuffix(&core, "政府")) StripSuffix(&core, "办事处");
  }
  if (EndsWithAny(core, {"镇", "乡", "街道"})) return BodyKey{core, core, "town"};
  // Another county's own name (汾西县人民政府 under 星河县) is not a body of this county.
  if (!had_county && core != r && EndsWithAny(core, {"县", "市", "区", "旗"})) return std::nullopt;
  if (!had_county && EndsWithAny(r, {"县", "市", "旗"})) return std::nullopt;
  return BodyKey{r, county.name + r, "department"};
}

std::string TitleBody(std::string_view title) {
  const std::string t = Compact(title);
  for (size_t i = 0; i + 4 < t.size(); ++i) {
    const bool four = std::isdigit(static_cast<unsigned char>(t[i])) &&
                      std::isdigit(static_cast<unsigned char>(t[i + 1])) &&
                      std::isdigit(static_cast<unsigned char>(t[i + 2])) &&
                      std::isdigit(static_cast<unsigned char>(t[i + 3])) &&
                      (t[i] == '1' || t[i] == '2') &&
                      (i == 0 || !std::isdigit(static_cast<unsigned char>(t[i - 1])));
    if (!four || !std::string_view(t).substr(i + 4).starts_with("年")) continue;
    std::string before = t.substr(0, i);
    StripSuffix(&before, "关于");
    if (!before.empty()) return extract::HasBodyShape(before) ? before : "";
    std::string after = t.substr(i + 4 + std::string_view("年").size());
    StripPrefix(&after, "度");
    for (std::string_view stop : {"政府信息公开", "政务公开", "信息公开"}) {
      if (const size_t p = after.find(stop); p != std::string::npos) {
        after = after.substr(0, p);
        return !after.empty() && extract::HasBodyShape(after) ? after : "";
      }
    }
    return "";
  }
  return "";
}

Status BuildCoverage(const store::Archive& archive, const seeds::SeedList& seeds,
                     const CoverageOptions& options, publish::CoverageReport* out) {
  *out = publish::CoverageReport{};
  out->as_of = options.as_of.empty() ? TodayInChina() : options.as_of;

  // Counties of the seed list, and what the filter selects: whole counties, or single bodies.
  std::map<std::string, const seeds::SeedRow*> county_rows;
  for (const seeds::SeedRow& row : seeds.rows()) {
    if (row.level == seeds::BodyLevel::kCounty) county_rows[row.code] = &row;
  }
  std::set<std::string> whole;                         // county codes
  std::map<std::string, std::set<std::string>> some;  // county code -> body keys
  std::vector<const seeds::SeedRow*> selected = seeds.Filter(options.filter);
  std::vector<const seeds::SeedRow*> county_order;
  for (const seeds::SeedRow* row : selected) {
    const std::string cc(row->county_code());
    if (!county_rows.count(cc)) continue;  // a body of a county the list does not hold
    if (row->level == seeds::BodyLevel::kCounty) whole.insert(cc);
  }
  for (const seeds::SeedRow& county : seeds.rows()) {
    const seeds::SeedRow* row = &county;
    const std::string cc(row->county_code());
    if (row->level == seeds::BodyLevel::kCounty &&
        (whole.count(cc) || std::any_of(selected.begin(), selected.end(), [&](auto* s) {
           return std::string(s->county_code()) == cc;
         }))) {
      county_order.push_back(row);
    }
  }
  for (const seeds::SeedRow* row : selected) {
    const std::string cc(row->county_code());
    if (row->level == seeds::BodyLevel::kCounty || !county_rows.count(cc) || whole.count(cc)) continue;
    if (auto key = BodyKeyWithin(row->name, *county_rows[cc])) some[cc].insert(key->key);
  }
  // The seed county an agency's name starts with (after a province and a prefecture name), when
  // exactly one does: counties by name, looked up at a few offsets and lengths, not one by one.
  std::multimap<std::string, const seeds::SeedRow*> county_by_name;
  std::set<std::string> provinces, prefectures;
  for (const auto& [code, row] : county_rows) {
    county_by_name.emplace(row->name, row);
    provinces.insert(row->province);
    prefectures.insert(row->prefecture);
  }
  auto strip_longest = [](std::string* s, const std::set<std::string>& names) {
    size_t best = 0;
    for (const std::string& n : names) {
      if (n.size() > best && s->starts_with(n)) best = n.size();
    }
    s->erase(0, best);
  };
  auto county_of_agency = [&](const std::string& agency) -> const seeds::SeedRow* {
    std::string rest = Compact(agency);
    strip_longest(&rest, provinces);
    strip_longest(&rest, prefectures);
    const seeds::SeedRow* found = nullptr;
    for (size_t len = 1; len <= rest.size() && len <= 48; ++len) {
      auto [lo, hi] = county_by_name.equal_range(rest.substr(0, len));
      for (auto it = lo; it != hi; ++it) {
        if (found && found != it->second) return nullptr;  // two counties of that name
        found = it->second;
      }
    }
    return found;
  };

  std::map<std::string, store::GoneMark> gone;
  if (Status s = ReadGoneMarks(archive, &gone); !s.ok()) return s;

  // Every document: its facts.
  std::vector<DocFacts> facts;
  uint64_t from = 0;
  std::vector<store::StoredDocument> batch;
  do {
    if (Status s = archive.ScanDocuments(from, 256, &batch, &from); !s.ok()) return s;
    for (const store::StoredDocument& stored : batch) {
      ++out->documents;
      DocFacts f;
      CoverageDocument& d = f.doc;
      d.doc_id = stored.info.doc_id;
      d.seq = stored.info.seq;
      char number[32];
      std::snprintf(number, sizeof number, "%03llu", static_cast<unsigned long long>(d.seq));
      d.txt_name = std::string(number) + "_" + d.doc_id + ".txt";
      d.first_seen = stored.info.first_seen;
      f.first_seen_date = ChinaDate(d.first_seen);
      std::vector<store::DocumentSource> sources;
      if (Status s = archive.GetSources(d.doc_id, &sources); !s.ok()) return s;
      std::vector<std::string> titles;
      for (const store::DocumentSource& src : sources) {
        if (IsDate(src.list_date) && (d.list_date.empty() || src.list_date < d.list_date)) {
          d.list_date = src.list_date;
        }
        if (IsDate(src.published) && (d.page_date.empty() || src.published < d.page_date)) {
          d.page_date = src.published;
        }
        if (src.kind == "url" && d.url.empty() && !src.copy) d.url = src.origin;
        if (!src.list_title.empty()) titles.push_back(src.list_title);
        else if (!src.title.empty()) titles.push_back(src.title);
        if (f.seed_code.empty() && !src.seed_code.empty()) {
          f.seed_code = src.seed_code;
          if (!src.column.empty()) f.column = src.seed_code + "\t" + src.column;
        }
      }
      for (const store::DocumentSource& src : sources) {
        if (src.kind == "url" && d.url.empty()) d.url = src.origin;
      }
      if (!titles.empty()) d.title = titles.front();
      if (const std::optional<Removal> removal = RemovalOf(sources, gone)) {
        d.removed_since = removal->since;
        d.removed_reason = removal->reason;
      }
      std::optional<store::StoredRecord> stored_record;
      if (Status s = archive.GetRecord(d.doc_id, &stored_record); !s.ok()) return s;
      Json r = stored_record ? Json::parse(stored_record->json, nullptr, false) : Json();
      if (!r.is_object()) r = Json::object();
      if (auto a = r.find("agency"); a != r.end() && a->is_string()) d.agency = a->get<std::string>();
      if (auto y = r.find("year"); y != r.end() && y->is_number_integer()) d.year = y->get<int>();
      if (auto p = r.find("published"); p != r.end() && p->is_string() && IsDate(p->get<std::string>())) {
        d.signed_date = p->get<std::string>();
      }
      if (d.year == 0) {
        for (const std::string& t : titles) {
          if (auto y = crawl::AnnualReportYear(t)) { d.year = *y; break; }
        }
      }
      if (auto checks = r.find("checks"); checks != r.end() && checks->is_array()) {
        std::set<std::string> rules;
        for (const Json& c : *checks) {
          if (!c.is_object()) continue;
          if (c.value("ok", true)) ++d.checks_passed;
          else {
            ++d.checks_failed;
            rules.insert(c.value("rule", std::string("?")));
          }
        }
        d.failed_rules.assign(rules.begin(), rules.end());
      }
      d.figures = Figures(r);

      // The county: the seed code's, unless the agency names another seed county.
      if (!f.seed_code.empty()) {
        auto it = county_rows.find(f.seed_code.substr(0, 6));
        if (it != county_rows.end()) f.county = it->second;
      }
      if (!d.agency.empty()) {
        if (const seeds::SeedRow* named = county_of_agency(d.agency)) {
          if (f.county && named != f.county) {
            d.note = "agency names " + named->name + ", listed by seed " + f.seed_code;
          }
          f.county = named;
        }
      }
      if (!f.county) {
        d.note = f.seed_code.empty() ? "no seed code and no seed county starts the agency"
                                     : "seed code " + f.seed_code + " is not a county of the seeds";
        facts.push_back(std::move(f));
        continue;
      }
      // The body: every piece of evidence must agree.
      std::vector<std::pair<std::string, BodyKey>> evidence;
      if (!d.agency.empty()) {
        if (auto k = BodyKeyWithin(d.agency, *f.county)) evidence.emplace_back("agency", *k);
      }
      for (const std::string& t : titles) {
        const std::string tb = TitleBody(t);
        if (tb.empty()) continue;
        if (auto k = BodyKeyWithin(tb, *f.county)) evidence.emplace_back("title", *k);
      }
      if (const seeds::SeedMatch m = seeds.FindByCode(f.seed_code);
          m.found() && m.row().level != seeds::BodyLevel::kCounty &&
          m.row().county_code() == f.county->code) {
        if (auto k = BodyKeyWithin(m.row().name, *f.county)) evidence.emplace_back("seed", *k);
      }
      for (const auto& [basis, key] : evidence) {
        if (!f.body) {
          f.body = key;
          d.body_basis = basis;
        } else if (key.key != f.body->key) {
          f.conflict = true;
          d.note = "bodies disagree: " + d.body_basis + " " + f.body->name + ", " + basis + " " +
                   key.name;
        }
      }
      if (f.conflict) f.body.reset();
      facts.push_back(std::move(f));
    }
  } while (!batch.empty());

  // The column rule: a document not told joins the one body of its column, if there is one.
  std::map<std::string, std::set<std::string>> column_bodies;
  std::map<std::string, BodyKey> key_of;
  for (const DocFacts& f : facts) {
    if (f.body && !f.column.empty()) {
      column_bodies[f.column].insert(f.body->key);
      key_of[f.column] = *f.body;
    }
  }
  for (DocFacts& f : facts) {
    if (f.body || f.conflict || !f.county || f.column.empty()) continue;
    if (auto it = column_bodies.find(f.column); it != column_bodies.end() && it->second.size() == 1) {
      f.body = key_of[f.column];
      f.doc.body_basis = "column";
    }
  }

  // Rows: per selected county, the government and the seed rows' bodies, then what was found.
  struct RowKey {
    std::string county, key;
    bool operator<(const RowKey& o) const { return std::tie(county, key) < std::tie(o.county, o.key); }
  };
  std::map<RowKey, CoverageBody> rows;
  auto wanted = [&](const std::string& cc, const std::string& key) {
    return whole.count(cc) || (some.count(cc) && some[cc].count(key));
  };
  auto row_for = [&](const seeds::SeedRow& county, const BodyKey& body) -> CoverageBody& {
    CoverageBody& b = rows[RowKey{county.code, body.key}];
    if (b.key.empty()) {
      b.county_code = county.code;
      b.county = county.name;
      b.province = county.province;
      b.prefecture = county.prefecture;
      b.key = body.key;
      b.name = body.name;
      b.level = body.level;
    }
    return b;
  };
  for (const seeds::SeedRow* county : county_order) {
    if (whole.count(county->code)) row_for(*county, *BodyKeyWithin(county->name, *county)).seed_code = county->code;
  }
  for (const seeds::SeedRow& row : seeds.rows()) {
    if (row.level == seeds::BodyLevel::kCounty) continue;
    const std::string cc(row.county_code());
    if (!county_rows.count(cc)) continue;
    if (auto k = BodyKeyWithin(row.name, *county_rows[cc]); k && wanted(cc, k->key)) {
      row_for(*county_rows[cc], *k).seed_code = row.code;
    }
  }
  std::map<RowKey, std::vector<CoverageDocument>> docs_of;
  for (DocFacts& f : facts) {
    if (!f.county) {
      if (options.filter.province.empty() && options.filter.prefecture.empty() &&
          options.filter.prefix.empty()) {
        out->unattributed.push_back(f.doc);
      }
      continue;
    }
    BodyKey body = f.body ? *f.body : BodyKey{"?" + f.doc.doc_id,
                                              "?" + (!f.doc.agency.empty() ? f.doc.agency
                                                     : !f.doc.title.empty() ? f.doc.title
                                                                            : f.doc.doc_id),
                                              "unknown"};
    if (!f.body && f.doc.note.empty()) f.doc.note = "body not told: no agency, title, seed row or column names it";
    if (!wanted(f.county->code, body.key) && !(whole.count(f.county->code))) continue;
    // Timeliness against the body's deadline.
    if (f.doc.year > 0) {
      const std::string on = DeadlineFor(f.doc.year, body.level == "unknown" ? "department" : body.level);
      const std::string late = DeadlineFor(f.doc.year, body.level == "unknown" ? "county" : body.level);
      Judge(&f.doc, f.first_seen_date, on, late);
    }
    row_for(*f.county, body);
    docs_of[RowKey{f.county->code, body.key}].push_back(f.doc);
  }

  // The years.
  int lo = options.from_year, hi = options.to_year;
  if (lo == 0 || hi == 0) {
    int found_lo = 0, found_hi = 0;
    for (const auto& [k, docs] : docs_of) {
      for (const CoverageDocument& d : docs) {
        if (d.year < 2000 || d.year > 2100) continue;
        found_lo = found_lo == 0 ? d.year : std::min(found_lo, d.year);
        found_hi = std::max(found_hi, d.year);
      }
    }
    const int last = std::atoi(out->as_of.substr(0, 4).c_str()) - 1;
    if (lo == 0) lo = found_lo ? found_lo : last;
    if (hi == 0) hi = found_hi ? found_hi : last;
  }
  if (hi < lo) std::swap(lo, hi);
  out->from_year = lo;
  out->to_year = hi;

  for (auto& [k, body] : rows) {
    std::vector<CoverageDocument>& docs = docs_of[k];
    std::sort(docs.begin(), docs.end(), [](const CoverageDocument& a, const CoverageDocument& b) {
      return std::tie(b.first_seen, b.seq) < std::tie(a.first_seen, a.seq);  // newest first
    });
    for (int y = lo; y <= hi; ++y) {
      CoverageCell cell;
      cell.year = y;
      cell.deadline = DeadlineFor(y, body.level == "unknown" ? "county" : body.level);
      for (const CoverageDocument& d : docs) {
        if (d.year == y) cell.documents.push_back(d);
      }
      if (cell.documents.empty()) {
        cell.state = out->as_of <= cell.deadline ? CellState::kNotDue : CellState::kMissing;
      } else {
        auto any = [&](const char* t) {
          return std::any_of(cell.documents.begin(), cell.documents.end(),
                             [&](const CoverageDocument& d) { return d.timeliness == t; });
        };
        cell.state = any("on_time") ? CellState::kOnTime
                     : any("late")  ? CellState::kLate
                                    : CellState::kUnknownTime;
        cell.failed_checks = cell.documents.front().checks_failed > 0;
        cell.removed = std::all_of(cell.documents.begin(), cell.documents.end(),
                                   [](const CoverageDocument& d) { return d.removed(); });
        if (*cell.removed) {
          cell.state = CellState::kRemoved;
          for (const CoverageDocument& d : cell.documents) {
            cell.removed_since = std::max(cell.removed_since, d.removed_since);
          }
        }
      }
      body.cells.push_back(std::move(cell));
    }
    for (const CoverageDocument& d : docs) {
      if (d.year < lo || d.year > hi) body.other_years.push_back(d);
    }
  }
  // Unidentified rows without a document in range stay (their document is in other_years).
  std::map<std::string, size_t> county_rank;
  for (size_t i = 0; i < county_order.size(); ++i) county_rank[county_order[i]->code] = i;
  for (auto& [k, body] : rows) {
    if (!county_rank.count(body.county_code)) continue;  // a county reached only by an agency
    out->bodies.push_back(std::move(body));
  }
  std::stable_sort(out->bodies.begin(), out->bodies.end(), [&](const CoverageBody& a, const CoverageBody& b) {
    return std::make_tuple(county_rank[a.county_code], LevelRank(a.level, a.key), a.key) <
           std::make_tuple(county_rank[b.county_code], LevelRank(b.level, b.key), b.key);
  });
  return Status::Ok();
}

}  // namespace xxgk::harvest
