// The lexer: UTF-8 source text to tokens, reporting malformed literals.
#pragma once

#include <vector>

#include "policy/diagnostic.h"
#include "policy/token.h"

namespace refrain::policy {

// Limits that keep a hostile source cheap to refuse.
struct LexLimits {
  size_t maxSourceBytes = 4 << 20;   // a policy file is prose-sized; 4 MiB is generous
  size_t maxStringBytes = 4096;      // duty texts and patterns are sentences, not documents
};

// What the lexer keeps besides the tokens the parser reads.
struct LexOptions {
  bool keepComments = false;  // emit kComment tokens (the formatter's view); the parser never asks for them
};

// Splits `source` (index `file` in the source list) into tokens ending with
// kEnd. Errors go to `diags` and yield kError tokens; lexing always finishes.
std::vector<Token> lex(const SourceFile& source, int file, Diagnostics& diags,
                       const LexLimits& limits = {}, const LexOptions& options = {});

}  // namespace refrain::policy
