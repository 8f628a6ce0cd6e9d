// FetchRunOptions for in-process runs against the portal simulator (tests only): the simulator
// as the crawl's forward proxy on 127.0.0.1, no delay between requests, fast retries (two
// attempts, 10 ms apart), `workers` threads for text and extraction.
#pragma once

#include <chrono>
#include <string>

#include "crawler/harvest/fetch_run.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::harvest {

inline FetchRunOptions SimulatedRunOptions(const simulator::PortalSimulator& sim,
                                           unsigned workers = 1) {
  FetchRunOptions options;
  options.fetcher.proxy = "http://127.0.0.1:" + std::to_string(sim.port());
  options.fetcher.politeness.min_delay = std::chrono::milliseconds(0);
  options.fetcher.retry.base_delay = std::chrono::milliseconds(10);
  options.fetcher.retry.max_attempts = 2;
  options.workers = workers;
  return options;
}

}  // namespace xxgk::harvest
