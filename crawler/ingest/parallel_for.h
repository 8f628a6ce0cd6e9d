// ParallelFor: runs fn(i) for i in [0, n) on up to `jobs` threads and returns when all are done.
// Used for the CPU-heavy pipeline steps (text conversion, hashing, extraction) of a batch, while
// archive writes stay on the calling thread. fn must be safe to call concurrently for distinct i.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace xxgk::ingest {

template <typename Fn>
void ParallelFor(size_t n, unsigned jobs, Fn&& fn) {
  const size_t threads = std::min<size_t>(std::max(jobs, 1u), n);
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
}

// The default worker count: the machine's hardware threads (at least 1).
inline unsigned DefaultJobs() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace xxgk::ingest
