// refrain.Bundle: a loaded, verified bundle and the ways Python decides on it.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "python/src/decision_object.h"
#include "refrain/refrain.hpp"

namespace refrain::python {

class Bundle {
 public:
  // Loads and verifies a bundle from a bytes-like object (copied). Throws
  // refrain::LoadError with the runtime's message for a damaged bundle,
  // pybind11::type_error for anything but bytes-like data.
  explicit Bundle(pybind11::handle data);

  // The decision as a dict. TypeError or ValueError for what cannot be a
  // request (request_json.h); bad request JSON is a deny, never an error.
  pybind11::dict decide(pybind11::handle request);
  // The canonical decision JSON, byte for byte what `refrain eval --request` prints.
  pybind11::str decideJson(pybind11::handle request);
  // Every request's decision, in order; the GIL is released while deciding.
  pybind11::list decideMany(pybind11::handle requests, pybind11::handle threads);

  std::string_view hash() const { return bundle_.hash(); }
  // Each policy version in bundle order: name, party, role, effective, expires, rules.
  pybind11::list policies() const;
  std::string repr() const;

 private:
  // What `refrain inspect` shows of a policy version.
  struct Policy {
    std::string name, party, role;
    std::optional<std::string> effective, expires;  // RFC 3339; none when unbounded
    size_t rules;
  };

  // The bundle's own scratch, which decide() uses with the GIL held; or a
  // fresh one while it is in use, which happens only when Python code runs
  // in the middle of a decision's dict being built (a finalizer called by
  // the garbage collector) and decides again on this bundle.
  class Lease;

  struct Loaded {
    refrain::Bundle bundle;
    std::vector<Policy> policies;
  };
  static Loaded load(pybind11::handle data);
  explicit Bundle(Loaded loaded);

  refrain::Bundle bundle_;
  std::vector<Policy> policies_;
  refrain::Scratch scratch_;
  bool scratchInUse_ = false;
  DecisionObjects objects_;
};

}  // namespace refrain::python
