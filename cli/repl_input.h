// The REPL's input: GNU readline (editing, history, completion) on a terminal, plain lines otherwise.
#pragma once

#include <string>
#include <vector>

namespace refrain::cli::repl {

class LineReader {
 public:
  // Interactive when stdin is a terminal: then it prompts, keeps history in
  // ~/.refrain_history and completes words; otherwise it reads plain lines.
  LineReader();
  ~LineReader();
  bool interactive() const { return interactive_; }

  // Reads one line into `line`; false at end of input.
  bool read(const std::string& prompt, std::string* line);

  // The words Tab completes: commands, fields, uses, party and work ids.
  void setWords(std::vector<std::string> words);

 private:
  bool interactive_ = false;
  std::string historyPath_;
};

}  // namespace refrain::cli::repl
