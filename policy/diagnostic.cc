// Diagnostic collection and the `file:line:col: error: message` rendering.
#include "policy/diagnostic.h"

#include <string_view>

namespace refrain::policy {

void Diagnostics::error(Span span, std::string message) {
  items_.push_back({Severity::kError, span, std::move(message)});
  ++errorCount_;
}

void Diagnostics::warning(Span span, std::string message) {
  items_.push_back({Severity::kWarning, span, std::move(message)});
}

namespace {

std::string_view lineOf(const std::string& text, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    size_t next = text.find('\n', start);
    if (next == std::string::npos) return {};
    start = next + 1;
  }
  size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  std::string_view view(text.data() + start, end - start);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

}  // namespace

std::string renderDiagnostics(const std::vector<Diagnostic>& diagnostics,
                              const std::vector<SourceFile>& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    const SourceFile* source =
        d.span.file >= 0 && d.span.file < static_cast<int>(sources.size())
            ? &sources[d.span.file] : nullptr;
    out += source ? source->name : std::string("<input>");
    out += ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + ": ";
    out += d.severity == Severity::kError ? "error: " : "warning: ";
    out += d.message + "\n";
    if (!source || d.span.line <= 0) continue;
    std::string_view line = lineOf(source->text, d.span.line);
    out += "  ";
    out += line;
    out += "\n  ";
    // Columns count bytes; the caret line counts characters (UTF-8 continuation
    // bytes add no width) and keeps tabs, so it lines up in a terminal.
    for (int i = 1; i < d.span.col && i - 1 < static_cast<int>(line.size()); ++i) {
      unsigned char c = static_cast<unsigned char>(line[i - 1]);
      if ((c & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
    }
    out += "^\n";
  }
  return out;
}

}  // namespace refrain::policy
