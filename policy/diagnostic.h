// Diagnostics of the front end: where in which source, how bad, and what.
#pragma once

#include <string>
#include <vector>

namespace refrain::policy {

// One source file handed to the front end. `name` is what diagnostics and
// decisions print (`luna-ray.refrain`); `text` is its UTF-8 contents.
struct SourceFile {
  std::string name;
  std::string text;
};

// A position in a source: index into the source list, 1-based line and column.
struct Span {
  int file = 0;
  int line = 0;
  int col = 0;
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  Span span;
  std::string message;  // lowercase, one line, user text in backticks
};

// Collects diagnostics in the order they are found.
class Diagnostics {
 public:
  void error(Span span, std::string message);
  void warning(Span span, std::string message);
  bool hasErrors() const { return errorCount_ > 0; }
  int errorCount() const { return errorCount_; }
  const std::vector<Diagnostic>& all() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
  int errorCount_ = 0;
};

// Renders `file:line:col: error: message`, the source line and a caret under
// the column, one diagnostic after another.
std::string renderDiagnostics(const std::vector<Diagnostic>& diagnostics,
                              const std::vector<SourceFile>& sources);

}  // namespace refrain::policy
