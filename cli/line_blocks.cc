// Blocks of whole lines: read in large pieces, cut at the last newline, the
// unfinished line carried over to the next block.
#include "cli/line_blocks.h"

#include <algorithm>

namespace refrain::cli {

char* InputBytes::room(size_t n) {
  if (size_ + n > capacity_) {
    const size_t capacity = std::max(size_ + n, 2 * capacity_);
    std::unique_ptr<char[]> bytes(new char[capacity]);  // not value-initialized: that is the point
    if (size_) std::memcpy(bytes.get(), bytes_.get(), size_);
    bytes_ = std::move(bytes);
    capacity_ = capacity;
  }
  return bytes_.get() + size_;
}

void InputBytes::assign(std::string_view bytes) {
  size_ = 0;
  if (bytes.empty()) return;  // room(0) may be null before the first block, and memcpy must not see it
  std::memcpy(room(bytes.size()), bytes.data(), bytes.size());
  grow(bytes.size());
}

bool BlockSource::next(InputBytes* block) {
  block->assign(carry_);  // the unfinished line of the last read comes first
  carry_.clear();
  for (;;) {
    const size_t old = block->size();
    if (in_) {
      in_.read(block->room(kBlockBytes), kBlockBytes);
      block->grow(static_cast<size_t>(in_.gcount()));
    }
    if (block->size() == old) return block->size() != 0;  // the end: the last line may lack its newline
    // Only the new bytes are searched, so a long line costs one pass.
    size_t lastNewline = block->view().substr(old).rfind('\n');
    if (lastNewline != std::string_view::npos) {
      carry_.assign(block->view().substr(old + lastNewline + 1));
      block->truncate(old + lastNewline + 1);
      return true;
    }
  }
}

}  // namespace refrain::cli
