// What `xxgk fetch` shows of its hosts: the live line (totals, then the hosts that need a look
// — stopped, backing off, most work left — while they fit one terminal line) and the end
// summary's per-host table. Pure formatting of a harvest::FetchProgress / FetchRunResult::hosts,
// so tests check the text on a fixed state; progress.h draws the line, fetch_command.cc prints.
// Widths are terminal columns (base/display_width.h: CJK characters count two).
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/harvest/fetch_run.h"

namespace xxgk::cli {

// A host key as a user reads it: "https://www.a.gov.cn:443" → "www.a.gov.cn" (the scheme's
// default port dropped, the scheme kept only for http next to https: "http://www.a.gov.cn").
std::string HostLabel(std::string_view host_key, bool show_scheme = false);

// One host's state on the live line: "www.a.gov.cn 12 queued 80 done 2 failed",
// "www.b.gov.cn backoff 3 queued 5 done", "zwfw.a.gov.cn stopped (412 challenge) 1 done";
// `brief` leaves the stop reason out ("zwfw.a.gov.cn stopped 1 done").
std::string HostSummary(std::string_view label, const harvest::HostOutcome& host, bool brief);

// The live line, at most `width` columns: "312 pages, 2 errors, 41 reports · <host> · <host> ·
// +3 hosts". Hosts go in the order a user wants them: stopped, backing off, most queued, most
// done, then by name; as many as fit (a stopped host without its reason when only that fits),
// the rest counted. The totals are cut (…) only when even they do not fit.
std::string FetchProgressLine(const harvest::FetchProgress& progress, size_t width);

// The end summary's table, a header and one line per host by name, columns aligned:
//   host            pages  failed  skipped  state
//   www.a.gov.cn       80       2        1  ok
//   zwfw.a.gov.cn       1       0        0  stopped: 412 challenge page
std::vector<std::string> HostTable(const std::map<std::string, harvest::HostOutcome>& hosts);

// `text` cut to at most `width` columns, ending in "…" when cut (on a character boundary).
std::string FitToWidth(std::string_view text, size_t width);

}  // namespace xxgk::cli
