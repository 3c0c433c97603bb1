// Splits a body that arrives in pieces into JSON Lines the way
// `refrain eval --requests` reads a file: a line ends at '\n' (a '\r'
// before it stays, as JSON whitespace), the last line may lack its newline,
// and blank lines (spaces, tabs, CRs) are skipped. Holds at most one
// unfinished line, and not even that once it passes `maxLine` bytes: such
// a line's bytes are dropped as they come and it is reported once, as too
// long, when it ends. So memory stays bounded whatever the body's size.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace refrain::server {

bool blankLine(std::string_view line);

struct Line {
  std::string_view text;  // the line; when tooLong, its first maxLine + 1 bytes
  bool tooLong = false;
  size_t length = 0;      // the whole line's length in bytes, without its newline
};

class LineSplitter {
 public:
  explicit LineSplitter(size_t maxLine) : maxLine_(maxLine) {}

  // Calls onLine(const Line&) for each line `piece` completes.
  template <class F>
  void feed(std::string_view piece, F&& onLine) {
    while (!piece.empty()) {
      size_t newline = piece.find('\n');
      std::string_view part = piece.substr(0, newline);
      piece.remove_prefix(newline == std::string_view::npos ? piece.size() : newline + 1);
      if (newline == std::string_view::npos) {
        keep(part);
        return;
      }
      if (carriedLength_ == 0 && part.size() <= maxLine_) {
        emit(part, part.size(), onLine);  // the common case: a whole line in one piece, no copy
        continue;
      }
      keep(part);
      finishLine(onLine);
    }
  }

  // The end of the body: the last line, if it lacked a newline.
  template <class F>
  void finish(F&& onLine) {
    if (carriedLength_ > 0) finishLine(onLine);
  }

 private:
  void keep(std::string_view part) {
    carriedLength_ += part.size();
    size_t room = maxLine_ + 1 - carry_.size();
    carry_.append(part.substr(0, room));
  }
  template <class F>
  void finishLine(F& onLine) {
    emit(carry_, carriedLength_, onLine);
    carry_.clear();
    carriedLength_ = 0;
  }
  template <class F>
  void emit(std::string_view text, size_t length, F& onLine) const {
    if (length <= maxLine_ && blankLine(text)) return;
    Line line;
    line.text = text;
    line.tooLong = length > maxLine_;
    line.length = length;
    onLine(static_cast<const Line&>(line));
  }

  size_t maxLine_;
  std::string carry_;
  size_t carriedLength_ = 0;
};

}  // namespace refrain::server
