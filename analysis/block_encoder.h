// A compiled code block as solver terms: the bundle's own bytecode is what
// the runtime runs, so encoding it (not the source) proves what is decided.
#pragma once

#include <map>

#include "analysis/request_model.h"

namespace refrain::analysis {

// A block's value, and when its evaluation fails with an evaluation error
// (a missing or mistyped field, a currency mismatch, an overflow).
struct Encoded {
  SymValue value;
  z3::expr error;
};

class BlockEncoder {
 public:
  // Encodes blocks of `bundle` (side `side` of `model`); constructs outside
  // the encoding are named in `unsupported`.
  BlockEncoder(RequestModel& model, size_t side, const runtime::Bundle& bundle, Unsupported* unsupported);

  const Encoded& block(int32_t index);
  // A field as the duty texts read it: an error unless present with its type.
  z3::expr fieldError(uint32_t slot);
  SymValue constant(const runtime::Constant& c);

 private:
  struct Stack {
    std::vector<SymValue> values;
    z3::expr reach;  // this point of the block is reached
  };
  Encoded run(const runtime::CodeBlock& block);
  SymValue scalar(const runtime::Scalar& s);
  z3::expr equal(const SymValue& a, const SymValue& b, z3::expr* error);
  z3::expr less(const SymValue& a, const SymValue& b, bool orEqual, z3::expr* error);
  z3::expr member(const SymValue& list, const SymValue& x, z3::expr* error);
  SymValue arithmetic(runtime::Op op, const SymValue& a, const SymValue& b, z3::expr* error);
  SymValue extreme(const std::vector<SymValue>& values, bool wantMax, z3::expr* error);
  SymValue merge(const z3::expr& cond, const SymValue& taken, const SymValue& fallthrough);
  SymValue boolean(const z3::expr& b);

  RequestModel& model_;
  z3::context& ctx_;
  size_t side_;
  const runtime::Bundle& bundle_;
  Unsupported* unsupported_;
  std::map<int32_t, Encoded> blocks_;
};

}  // namespace refrain::analysis
