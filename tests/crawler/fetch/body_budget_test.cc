// BodyBudget and GrowBody: reserve and release, refusal puts a holder on the waiting list and
// TakeWaiting hands it back (pause and resume, as the engine does it), the pass that lets one
// holder through when all others wait (no stall; a body larger than the whole budget still
// grows), the high-water mark, and growth of a body buffer within what was granted.
#include "crawler/fetch/body_budget.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace xxgk::crawl {
namespace {

constexpr size_t kKiB = 1024;
constexpr size_t kMiB = 1024 * 1024;

TEST(BodyBudget, ReservesWithinTheLimitAndReleasesAll) {
  BodyBudget budget(100);
  EXPECT_TRUE(budget.Reserve(1, 40));
  EXPECT_TRUE(budget.Reserve(2, 60));
  EXPECT_EQ(budget.used(), 100u);
  EXPECT_EQ(budget.held(1), 40u);
  budget.Release(1);
  EXPECT_EQ(budget.used(), 60u);
  EXPECT_EQ(budget.held(1), 0u);
  budget.Give(2, 10);
  EXPECT_EQ(budget.held(2), 50u);
  budget.Give(2, 1000);  // never more than it holds
  EXPECT_EQ(budget.used(), 0u);
  EXPECT_EQ(budget.high_water(), 100u);
  EXPECT_EQ(budget.refusals(), 0u);
  EXPECT_FALSE(budget.pass_holder().has_value());
}

TEST(BodyBudget, ARefusedHolderWaitsUntilTakeWaitingHandsItBack) {
  BodyBudget budget(100);
  ASSERT_TRUE(budget.Reserve(1, 80));
  EXPECT_FALSE(budget.Reserve(2, 30));  // holder 1 runs: 2 waits for it
  EXPECT_FALSE(budget.Reserve(3, 30));
  EXPECT_FALSE(budget.Reserve(2, 30));  // asked twice: still once on the list
  EXPECT_TRUE(budget.waiting());
  EXPECT_EQ(budget.refusals(), 3u);
  EXPECT_FALSE(budget.pass_holder().has_value());
  EXPECT_EQ(budget.used(), 80u);
  budget.Release(1);
  EXPECT_EQ(budget.TakeWaiting(), (std::vector<uint64_t>{2, 3}));  // oldest first
  EXPECT_FALSE(budget.waiting());
  EXPECT_TRUE(budget.Reserve(2, 30));  // resumed: it fits now
  EXPECT_TRUE(budget.Reserve(3, 30));
  EXPECT_EQ(budget.high_water(), 80u);
}

TEST(BodyBudget, TryReserveLeavesNoTraceWhenRefused) {
  BodyBudget budget(100);
  ASSERT_TRUE(budget.Reserve(1, 90));
  EXPECT_FALSE(budget.TryReserve(2, 20));
  EXPECT_FALSE(budget.waiting());
  EXPECT_FALSE(budget.pass_holder().has_value());
  EXPECT_EQ(budget.refusals(), 0u);
  EXPECT_TRUE(budget.TryReserve(2, 10));
}

TEST(BodyBudget, WhenEveryHolderWaitsTheLastToAskIsLetThrough) {
  // Two holders with half the budget each both need more: without the pass they would wait
  // for each other for ever.
  BodyBudget budget(100);
  ASSERT_TRUE(budget.Reserve(1, 50));
  ASSERT_TRUE(budget.Reserve(2, 50));
  EXPECT_FALSE(budget.Reserve(1, 10));  // 2 still runs: 1 waits
  EXPECT_TRUE(budget.Reserve(2, 10));   // everyone else waits: 2 takes the pass
  EXPECT_EQ(budget.pass_holder(), 2u);
  EXPECT_EQ(budget.passes(), 1u);
  EXPECT_TRUE(budget.Reserve(2, 1000));  // the pass holder is never refused
  EXPECT_EQ(budget.used(), 1110u);
  EXPECT_EQ(budget.high_water(), 1110u);
  budget.Release(2);  // its end ends the pass
  EXPECT_FALSE(budget.pass_holder().has_value());
  EXPECT_EQ(budget.TakeWaiting(), (std::vector<uint64_t>{1}));
  EXPECT_TRUE(budget.Reserve(1, 10));
}

TEST(BodyBudget, ABodyLargerThanTheWholeBudgetStillGrows) {
  BodyBudget budget(1 * kMiB);
  std::string body;
  const std::string chunk(16 * kKiB, 'b');
  const size_t size = 5 * kMiB;
  while (body.size() < size) {
    ASSERT_TRUE(GrowBody(budget, 7, body, body.size() + chunk.size(), 0, 8 * kMiB));
    body.append(chunk);
  }
  EXPECT_EQ(budget.pass_holder(), 7u);
  EXPECT_EQ(budget.held(7), body.capacity());
  budget.Release(7);
  EXPECT_EQ(budget.used(), 0u);
}

TEST(BodyBudget, NoLimitGrantsEverythingAndStillCounts) {
  BodyBudget budget(0);
  EXPECT_TRUE(budget.Reserve(1, size_t{1} << 40));
  EXPECT_TRUE(budget.Reserve(2, 5));
  EXPECT_FALSE(budget.pass_holder().has_value());
  EXPECT_EQ(budget.high_water(), (size_t{1} << 40) + 5);
}

TEST(BodyBudget, ReleaseOfAWaitingHolderTakesItOffTheList) {
  BodyBudget budget(10);
  ASSERT_TRUE(budget.Reserve(1, 10));
  ASSERT_TRUE(budget.Reserve(2, 0));
  EXPECT_FALSE(budget.Reserve(3, 5));
  budget.Release(3);  // its transfer ended (a timeout) while it waited
  EXPECT_FALSE(budget.waiting());
}

TEST(GrowBody, TheDeclaredSizeIsAllocatedAtOnceWhenItFits) {
  BodyBudget budget(10 * kMiB);
  std::string body;
  ASSERT_TRUE(GrowBody(budget, 1, body, 16 * kKiB, 3 * kMiB, 8 * kMiB));
  EXPECT_EQ(body.capacity(), 3 * kMiB);
  EXPECT_EQ(budget.held(1), 3 * kMiB);
  // Past the declared size (an encoded body decodes to more): doubling.
  body.assign(3 * kMiB, 'x');
  ASSERT_TRUE(GrowBody(budget, 1, body, 3 * kMiB + 1, 3 * kMiB, 8 * kMiB));
  EXPECT_EQ(body.capacity(), 6 * kMiB);
  EXPECT_EQ(budget.held(1), 6 * kMiB);  // the old buffer was given back
  EXPECT_EQ(budget.high_water(), 9 * kMiB);  // old and new, while both existed
  EXPECT_EQ(body, std::string(3 * kMiB, 'x'));  // the bytes moved with it
}

TEST(GrowBody, NeverBeyondTheBodyLimit) {
  BodyBudget budget(0);
  std::string body(600 * kKiB, 'y');
  ASSERT_TRUE(GrowBody(budget, 1, body, 700 * kKiB, 0, 1 * kMiB));
  EXPECT_EQ(body.capacity(), 1 * kMiB);  // not 1.2 MiB: capped at the limit
  EXPECT_EQ(budget.held(1), 1 * kMiB);
}

TEST(GrowBody, ADeclaredBodyIsTakenWholeOrWaitedFor) {
  BodyBudget budget(1 * kMiB);
  ASSERT_TRUE(budget.Reserve(1, 512 * kKiB));  // a running holder
  std::string body;
  EXPECT_FALSE(GrowBody(budget, 2, body, 16 * kKiB, 768 * kKiB, 8 * kMiB));
  EXPECT_EQ(budget.held(2), 0u);  // not a part of it
  budget.Release(1);
  ASSERT_EQ(budget.TakeWaiting(), (std::vector<uint64_t>{2}));
  ASSERT_TRUE(GrowBody(budget, 2, body, 16 * kKiB, 768 * kKiB, 8 * kMiB));
  EXPECT_EQ(body.capacity(), 768 * kKiB);
}

TEST(GrowBody, ADeclaredBodyLargerThanTheBudgetTakesThePassWhenAloneAndIsAllocatedOnce) {
  BodyBudget budget(1 * kMiB);
  std::string body;
  ASSERT_TRUE(GrowBody(budget, 1, body, 16 * kKiB, 60 * kMiB, 64 * kMiB));
  EXPECT_EQ(body.capacity(), 60 * kMiB);
  EXPECT_EQ(budget.pass_holder(), 1u);
}

TEST(GrowBody, AnEncodedBodyDecodingPastItsDeclaredSizeGrowsOnBySteps) {
  BodyBudget budget(1 * kMiB);
  std::string body;
  ASSERT_TRUE(GrowBody(budget, 1, body, 16 * kKiB, 20 * kKiB, kMiB));  // compressed: 20 KiB
  EXPECT_EQ(body.capacity(), 20 * kKiB);
  body.assign(20 * kKiB, 'g');
  ASSERT_TRUE(GrowBody(budget, 1, body, 36 * kKiB, 20 * kKiB, kMiB));
  EXPECT_EQ(body.capacity(), 64 * kKiB);
}

TEST(GrowBody, RefusedLeavesTheBodyAsItWas) {
  BodyBudget budget(100 * kKiB);
  ASSERT_TRUE(budget.Reserve(1, 90 * kKiB));
  std::string body = "kept";
  EXPECT_FALSE(GrowBody(budget, 2, body, 64 * kKiB, 0, kMiB));
  EXPECT_EQ(body, "kept");
  EXPECT_EQ(budget.held(2), 0u);
  EXPECT_TRUE(budget.waiting());
}

// Bodies of many holders, chunk by chunk in random order as transfers deliver them; a refused
// one pauses until a release wakes it (TakeWaiting). `declared_share` of them (0 to 2 in 2)
// declare their size. Returns false if every unfinished transfer was paused (a stall).
struct Simulated {
  size_t high_water = 0;
  uint64_t refusals = 0;
  uint64_t passes = 0;
  size_t used_after = 0;
};
bool SimulateTransfers(uint64_t seed, size_t limit, size_t max_body, int declared_share,
                       Simulated* out) {
  std::mt19937_64 rng(seed);
  constexpr size_t kChunk = 16 * kKiB;
  struct Transfer {
    size_t size = 0;      // its whole body
    size_t declared = 0;  // its Content-Length, or 0
    std::string body;
    bool paused = false;
    bool done = false;
  };
  std::map<uint64_t, Transfer> transfers;
  for (uint64_t id = 1; id <= 40; ++id) {
    Transfer& t = transfers[id];
    t.size = std::uniform_int_distribution<size_t>(1, max_body)(rng);
    t.declared = static_cast<int>(rng() % 2) < declared_share ? t.size : 0;
  }
  BodyBudget budget(limit);
  size_t completed = 0;
  while (completed < transfers.size()) {
    std::vector<uint64_t> runnable;
    for (auto& [id, t] : transfers) {
      if (!t.done && !t.paused) runnable.push_back(id);
    }
    if (runnable.empty()) return false;
    const uint64_t id = runnable[rng() % runnable.size()];
    Transfer& t = transfers[id];
    const size_t bytes = std::min(kChunk, t.size - t.body.size());
    if (!GrowBody(budget, id, t.body, t.body.size() + bytes, t.declared, max_body)) {
      t.paused = true;
      continue;
    }
    t.body.append(bytes, 'z');
    if (t.body.capacity() > 15) {  // beyond std::string's inline buffer: the grant exactly
      EXPECT_EQ(budget.held(id), t.body.capacity());
    }
    if (t.body.size() == t.size) {
      t.done = true;
      ++completed;
      std::string().swap(t.body);
      budget.Release(id);
      for (uint64_t woken : budget.TakeWaiting()) transfers[woken].paused = false;
    }
  }
  *out = {budget.high_water(), budget.refusals(), budget.passes(), budget.used()};
  return true;
}

// Many holders growing bodies of random sizes, chunk by chunk, in random order, as transfers
// do: a refused one pauses until a release wakes it. Every body completes (no stall: some
// holder can always go on), and the high-water mark stays within the limit plus one body
// (counted twice while its buffer is copied into a larger one).
TEST(BodyBudget, ManyGrowingBodiesAllCompleteWithinTheLimitPlusOneBody) {
  constexpr size_t kLimit = 4 * kMiB;
  constexpr size_t kMaxBody = 3 * kMiB;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Simulated figures;
    ASSERT_TRUE(SimulateTransfers(seed, kLimit, kMaxBody, 1, &figures)) << "seed " << seed << ": stalled";
    EXPECT_EQ(figures.used_after, 0u);
    EXPECT_GT(figures.refusals, 0u) << "seed " << seed << ": the budget never held anyone back";
    // Beyond the limit only the pass holder, whose buffer may be copied into a larger one (both
    // count for that moment): at most twice the body limit. Unbounded, it would be the sum of
    // the bodies (about 60 MiB).
    EXPECT_LE(figures.high_water, kLimit + 2 * kMaxBody) << "seed " << seed;
  }
}

TEST(BodyBudget, DeclaredBodiesEachWithinTheLimitNeverGoPastIt) {
  constexpr size_t kLimit = 4 * kMiB;
  constexpr size_t kMaxBody = 3 * kMiB;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Simulated figures;
    ASSERT_TRUE(SimulateTransfers(seed, kLimit, kMaxBody, 2, &figures)) << "seed " << seed << ": stalled";
    EXPECT_GT(figures.refusals, 0u) << "seed " << seed;
    EXPECT_EQ(figures.passes, 0u) << "seed " << seed;
    EXPECT_LE(figures.high_water, kLimit) << "seed " << seed;
  }
}

}  // namespace
}  // namespace xxgk::crawl
