// Reading REPL lines: readline with history and completion on a terminal, std::getline otherwise.
#include "cli/repl_input.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <readline/history.h>
#include <readline/readline.h>

namespace refrain::cli::repl {

namespace {

std::vector<std::string>* completionWords() {
  static std::vector<std::string> words;
  return &words;
}

// readline's generator: each call returns the next word starting with `text`.
char* nextMatch(const char* text, int state) {
  static size_t index;
  if (state == 0) index = 0;
  const std::vector<std::string>& words = *completionWords();
  size_t len = std::strlen(text);
  while (index < words.size()) {
    const std::string& w = words[index++];
    if (w.compare(0, len, text) == 0) return strdup(w.c_str());
  }
  return nullptr;
}

char** complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  return rl_completion_matches(text, nextMatch);
}

}  // namespace

LineReader::LineReader() : interactive_(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
  if (!interactive_) return;
  rl_readline_name = "refrain";
  rl_basic_word_break_characters = const_cast<char*>(" \t\n\"'[](),");
  rl_attempted_completion_function = complete;
  const char* home = std::getenv("HOME");
  if (home) historyPath_ = std::string(home) + "/.refrain_history";
  using_history();
  if (!historyPath_.empty()) read_history(historyPath_.c_str());
}

LineReader::~LineReader() {
  if (interactive_ && !historyPath_.empty()) {
    write_history(historyPath_.c_str());
    history_truncate_file(historyPath_.c_str(), 1000);
  }
}

bool LineReader::read(const std::string& prompt, std::string* line) {
  if (!interactive_) {
    if (!std::getline(std::cin, *line)) return false;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return true;
  }
  char* raw = readline(prompt.c_str());
  if (!raw) return false;
  *line = raw;
  std::free(raw);
  if (line->find_first_not_of(" \t") != std::string::npos) add_history(line->c_str());
  return true;
}

void LineReader::setWords(std::vector<std::string> words) { *completionWords() = std::move(words); }

}  // namespace refrain::cli::repl
