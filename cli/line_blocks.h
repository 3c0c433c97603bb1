// Reading JSON Lines fast: the input in blocks of whole lines, for the
// commands that stream requests (`eval --requests`, `diff --requests`).
#pragma once

#include <cstddef>
#include <cstring>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace refrain::cli {

// A block's size: about 200 requests, still enough to dwarf the handing
// over between threads (a lock and a map entry), and small enough that its
// input and output stay in the core's own cache from reading through
// deciding to writing. Blocks of 1 MiB made 4× the last-level cache misses
// (cachegrind, 45,000 requests), and memory is what two cores share.
constexpr size_t kBlockBytes = 1 << 16;

// Input bytes that grow without being zero-filled first: std::string::resize
// writes every byte it adds, which cost about as much per request as the
// reading itself, only to be overwritten by the read.
class InputBytes {
 public:
  std::string_view view() const { return {bytes_.get(), size_}; }
  size_t size() const { return size_; }

  // Room for `n` more bytes at the returned address; grow(count) keeps those written.
  char* room(size_t n);
  void grow(size_t count) { size_ += count; }
  void truncate(size_t size) { size_ = size < size_ ? size : size_; }
  void assign(std::string_view bytes);

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0, capacity_ = 0;
};

// Hands out the input in blocks of whole lines, about kBlockBytes each; a
// line longer than that makes a longer block. Not thread-safe: the caller locks.
class BlockSource {
 public:
  explicit BlockSource(std::istream& in) : in_(in) {}

  // Sets `block` to the next whole lines; false at the end of the input.
  bool next(InputBytes* block);

 private:
  std::istream& in_;
  std::string carry_;
};

// Calls `f(line)` for each line of `block`, without its newline, blank lines
// included (so a caller can count them); a last line may lack its newline.
template <class F>
void forEachLine(std::string_view block, F&& f) {
  while (!block.empty()) {
    const size_t end = block.find('\n');
    f(block.substr(0, end));
    block.remove_prefix(end == std::string_view::npos ? block.size() : end + 1);
  }
}

// A line of nothing but spaces, tabs and carriage returns: skipped, not a request.
inline bool blankLine(std::string_view line) {
  // Nearly every line starts with `{`: settled by one compare, not a search.
  if (!line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '\r') return false;
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace refrain::cli
