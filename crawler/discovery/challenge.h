// Challenge detection: whether a fetched answer is a bot challenge rather than the page — a 412
// JavaScript shell (瑞数), a 521 that sets a __jsluid_s cookie and reloads (加速乐), or a WAF's
// 403 block page. xxgk never tries to solve one (PORTALS.md): the walk stops asking that host and
// records why, so a challenged host is asked once, not once per link.
//
// Thread safety: pure function.
#pragma once

#include <optional>
#include <string>

#include "crawler/fetch/fetch_result.h"

namespace xxgk::crawl {

// A reason fit for a log ("412 JavaScript challenge (瑞数)") when `result` is a challenge;
// nullopt for an ordinary answer (a plain 403 or 404 page included) or a failed fetch.
std::optional<std::string> ChallengeReason(const FetchResult& result);

}  // namespace xxgk::crawl
