// Gumbo under limits: a counting, listing allocator that can abandon the parse. See
// gumbo_bounded.h.
#include "extract/text/gumbo_bounded.h"

#include <cstdlib>
#include <new>

namespace xxgk::extract {

struct alignas(std::max_align_t) BoundedGumbo::Block {
  Block* prev;
  Block* next;
  size_t size;
};

BoundedGumbo::BoundedGumbo(Deadline deadline, size_t max_bytes)
    : deadline_(deadline, 256), max_bytes_(max_bytes) {}

BoundedGumbo::~BoundedGumbo() {
  while (blocks_ != nullptr) {
    Block* next = blocks_->next;
    std::free(blocks_);
    blocks_ = next;
  }
}

void BoundedGumbo::Abandon(Result why) {
  abandoned_ = why;
  std::longjmp(escape_, 1);
}

void* BoundedGumbo::Allocate(void* userdata, size_t size) {
  auto* self = static_cast<BoundedGumbo*>(userdata);
  if (self->parsing_) {
    if (size > self->max_bytes_ || self->live_ > self->max_bytes_ - size) {
      self->Abandon(Result::kMemoryLimit);
    }
    if (self->deadline_.Expired()) self->Abandon(Result::kTimeLimit);
  }
  auto* block = static_cast<Block*>(std::malloc(sizeof(Block) + size));
  if (block == nullptr) {
    if (self->parsing_) self->Abandon(Result::kMemoryLimit);
    std::abort();  // Gumbo cannot take a null pointer, and no parse is running to abandon
  }
  block->prev = nullptr;
  block->next = self->blocks_;
  block->size = size;
  if (self->blocks_ != nullptr) self->blocks_->prev = block;
  self->blocks_ = block;
  self->live_ += size;
  if (self->live_ > self->peak_) self->peak_ = self->live_;
  return block + 1;
}

void BoundedGumbo::Deallocate(void* userdata, void* ptr) {
  if (ptr == nullptr) return;
  auto* self = static_cast<BoundedGumbo*>(userdata);
  Block* block = static_cast<Block*>(ptr) - 1;
  if (block->prev != nullptr) {
    block->prev->next = block->next;
  } else {
    self->blocks_ = block->next;
  }
  if (block->next != nullptr) block->next->prev = block->prev;
  self->live_ -= block->size;
  std::free(block);
}

BoundedGumbo::Result BoundedGumbo::Parse(std::string_view html, const GumboOptions& options,
                                         GumboOutput** output) {
  GumboOptions bounded = options;
  bounded.allocator = &BoundedGumbo::Allocate;
  bounded.deallocator = &BoundedGumbo::Deallocate;
  bounded.userdata = this;
  *output = nullptr;
  // Nothing below lives across the longjmp but members and the parameters, none changed after
  // setjmp.
  if (setjmp(escape_) != 0) {
    parsing_ = false;
    return abandoned_;
  }
  parsing_ = true;
  GumboOutput* parsed = gumbo_parse_with_options(&bounded, html.data(), html.size());
  parsing_ = false;
  if (parsed == nullptr) return Result::kFailed;
  *output = parsed;
  return Result::kParsed;
}

}  // namespace xxgk::extract
