// Decisions as Python dicts, built from the runtime's decision record
// (docs/wasm.md, "The decision record") rather than by parsing the JSON
// text: each of the bundle's names (parties, policies, rules, uses...)
// becomes a Python str once per bundle, so a decision then costs only its
// dicts, its lists and the few texts that are its own (the work id, amounts).
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "refrain/refrain.h"

namespace refrain::python {

// A decision record, wherever it is kept (a scratch, or a copy of one).
struct RecordView {
  const uint32_t* words = nullptr;
  size_t count = 0;
  std::string_view texts;
};

// Builds the decision objects of one bundle. Needs the GIL for everything.
class DecisionObjects {
 public:
  explicit DecisionObjects(const rf_bundle* bundle) : bundle_(bundle) {}

  // The decision as the dict json.loads gives for its canonical JSON: the
  // same keys, in the same order, with the same keys left out. Throws
  // std::runtime_error for a record that does not read as one (a runtime
  // bug, never the request's doing).
  pybind11::dict build(const RecordView& record);

  // The bundle's name `id` as a str, made the first time it is asked for.
  PyObject* name(uint32_t id);

 private:
  const rf_bundle* bundle_;
  std::vector<pybind11::object> names_;  // by name id; null until first made
};

}  // namespace refrain::python
