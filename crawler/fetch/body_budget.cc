// See body_budget.h.
#include "crawler/fetch/body_budget.h"

#include <algorithm>
#include <utility>

namespace xxgk::crawl {
namespace {

// The smallest buffer worth allocating: most report pages fit, and tiny bodies are not copied
// from one 16-byte step to the next.
constexpr size_t kMinStep = size_t{64} << 10;

}  // namespace

void BodyBudget::Grant(uint64_t holder, size_t bytes) {
  held_[holder] += bytes;
  used_ += bytes;
  high_water_ = std::max(high_water_, used_);
}

bool BodyBudget::Reserve(uint64_t holder, size_t bytes) {
  if (TryReserve(holder, bytes)) return true;
  if (!pass_ && !OthersRunning(holder)) {  // let through: the others wait, for this one
    pass_ = holder;
    ++passes_;
    Grant(holder, bytes);
    return true;
  }
  ++refusals_;
  if (!Waits(holder)) waiting_.push_back(holder);
  return false;
}

bool BodyBudget::Waits(uint64_t holder) const {
  return std::find(waiting_.begin(), waiting_.end(), holder) != waiting_.end();
}

bool BodyBudget::OthersRunning(uint64_t holder) const {
  for (const auto& [other, bytes] : held_) {
    if (other != holder && bytes > 0 && !Waits(other)) return true;
  }
  return false;
}

bool BodyBudget::TryReserve(uint64_t holder, size_t bytes) {
  if (pass_ != holder && !Fits(bytes)) return false;
  Grant(holder, bytes);
  return true;
}

void BodyBudget::Give(uint64_t holder, size_t bytes) {
  auto it = held_.find(holder);
  if (it == held_.end()) return;
  const size_t given = std::min(bytes, it->second);
  it->second -= given;
  used_ -= given;
  if (it->second == 0) held_.erase(it);
}

void BodyBudget::Release(uint64_t holder) {
  if (auto it = held_.find(holder); it != held_.end()) {
    used_ -= it->second;
    held_.erase(it);
  }
  waiting_.erase(std::remove(waiting_.begin(), waiting_.end(), holder), waiting_.end());
  if (pass_ == holder) pass_.reset();
}

std::vector<uint64_t> BodyBudget::TakeWaiting() { return std::exchange(waiting_, {}); }

size_t BodyBudget::held(uint64_t holder) const {
  auto it = held_.find(holder);
  return it == held_.end() ? 0 : it->second;
}

bool GrowBody(BodyBudget& budget, uint64_t holder, std::string& body, size_t need, size_t declared,
              size_t max_body, Growth growth) {
  const size_t capacity = body.capacity();
  if (need <= capacity) return true;
  const size_t before = budget.held(holder);  // the current buffer's grant (0 for an inline one)
  const size_t exact = declared >= need ? std::min(declared, max_body) : 0;
  const size_t doubled = std::min(max_body, std::max({need, 2 * capacity, kMinStep}));
  const size_t modest = std::min(max_body, std::max({need, capacity + capacity / 4, kMinStep}));
  size_t target = 0;
  if (exact > 0 && budget.TryReserve(holder, exact)) {
    target = exact;
  } else if (exact > 0 && before == 0 && growth == Growth::kMayWait) {
    // A body of declared size that has not started is taken whole or waited for: nibbling at it
    // would leave many bodies part-held, and the budget full of bodies that cannot finish.
    if (!budget.Reserve(holder, exact)) return false;
    target = exact;
  } else if (doubled > modest && budget.TryReserve(holder, doubled)) {
    target = doubled;
  } else if (growth == Growth::kMayWait ? budget.Reserve(holder, modest)
                                         : budget.TryReserve(holder, modest)) {
    target = modest;
  } else {
    return false;
  }
  {
    // A fresh string reserves exactly `target` (growing one in place may take twice its size).
    std::string bigger;
    bigger.reserve(target);
    bigger.append(body);
    body.swap(bigger);
  }  // the old buffer is freed here
  budget.Give(holder, before);
  return true;
}

}  // namespace xxgk::crawl
