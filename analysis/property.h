// The properties `refrain verify` proves, written in the language's own words:
//
//   never allow USE [when EXPR]     always deny USE [when EXPR]
//   never error USE                 implies   (with --old B1)
//   always pays USE at least MONEY
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analyser.h"
#include "policy/ast.h"

namespace refrain::analysis {

struct Property {
  enum class Kind { kNeverAllow, kNeverError, kImplies, kAlwaysPays };
  Kind kind = Kind::kNeverAllow;
  std::string text;                                 // as given
  uint32_t use = 0;                                 // the use named (its subtree is asked)
  std::unique_ptr<runtime::Engine> when;            // `when EXPR`, compiled on its own (Bundle::expressions[0])
  int64_t atLeastMicros = 0;                        // kAlwaysPays
  std::string currency;                             // kAlwaysPays
};

// The index of the use named `name` in the bundle's use tree; false when there is none.
bool findUse(const runtime::Engine& bundle, const std::string& name, uint32_t* use);

// Parses `text`; `program` supplies the regions an expression may name
// (empty for a bundle). Null with a one-line `error` for a bad property.
std::unique_ptr<Property> parseProperty(const std::string& text, const runtime::Engine& bundle,
                                        const policy::Program& program, std::string* error);

// Proves `property` of `bundle`; `old` is the bundle `implies` compares with.
Report verify(const runtime::Engine& bundle, const Property& property, const runtime::Engine* old, const Options& options);

}  // namespace refrain::analysis
