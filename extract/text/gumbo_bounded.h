// Gumbo under limits: one HTML parse whose every allocation goes through an allocator that counts
// the bytes and checks the deadline, and that abandons the parse (longjmp back to Parse) when the
// budget or the deadline is exceeded. Gumbo cannot be interrupted otherwise: a page whose tree
// grows without bound (the tree builder's reconstruction of formatting elements can clone a few
// thousand elements for every paragraph) or whose parse is quadratic would run on. Every block is
// kept on a list and freed when the BoundedGumbo goes, so the tree is never walked to be freed
// (gumbo_destroy_output recurses once per level: a deep tree would overflow the stack).
//
// longjmp leaves only Gumbo's C frames and the allocator's (which holds no object with a
// destructor), so nothing is skipped that needed cleaning; the blocks of the abandoned parse are
// freed like those of a finished one.
// Thread-safe: one BoundedGumbo per parse, used by one thread.
#pragma once

#include <gumbo.h>

#include <csetjmp>
#include <cstddef>
#include <string_view>

#include "extract/text/deadline.h"

namespace xxgk::extract {

class BoundedGumbo {
 public:
  enum class Result { kParsed, kTimeLimit, kMemoryLimit, kFailed };

  // `max_bytes`: the bytes Gumbo may hold at once (block sizes, headers not counted).
  BoundedGumbo(Deadline deadline, size_t max_bytes);
  ~BoundedGumbo();  // frees every block of the parse
  BoundedGumbo(const BoundedGumbo&) = delete;
  BoundedGumbo& operator=(const BoundedGumbo&) = delete;

  // Parses `html` (one call per object). kParsed: `*output` is the tree, valid while this lives.
  Result Parse(std::string_view html, const GumboOptions& options, GumboOutput** output);

  size_t peak_bytes() const { return peak_; }

 private:
  struct Block;
  static void* Allocate(void* self, size_t size);
  static void Deallocate(void* self, void* ptr);
  [[noreturn]] void Abandon(Result why);

  DeadlineCheck deadline_;
  size_t max_bytes_;
  size_t live_ = 0;
  size_t peak_ = 0;
  Block* blocks_ = nullptr;  // every live block, a doubly linked list
  Result abandoned_ = Result::kParsed;
  bool parsing_ = false;
  std::jmp_buf escape_;
};

}  // namespace xxgk::extract
