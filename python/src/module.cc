// refrain._native: the pybind11 module under the refrain package. What is
// public is re-exported by refrain/__init__.py; the docstrings here are the
// ones help(refrain.Bundle) shows, and refrain/__init__.pyi gives the types.
#include <pybind11/pybind11.h>

#include "python/src/bundle.h"
#include "python/src/compile.h"
#include "refrain/refrain.hpp"

namespace py = pybind11;
using refrain::python::Bundle;

namespace {

const char* kBundleDoc = R"(A loaded, verified bundle: what refrain.compile makes, or a .rfb file's bytes.

Bundle(data) copies and verifies `data` (bytes, bytearray or memoryview) and
raises refrain.LoadError with the runtime's message, the same as the refrain
command prints, when the bundle is truncated, corrupted or of a newer format.
A Bundle never changes: any number of threads may decide on one.

Requests are a dict, or the request's JSON text as str or bytes
(docs/language.md, section 10). A request the runtime cannot judge (not JSON,
no `use`, past a limit...) is not an exception: its decision is a deny with a
named error, exactly as from `refrain eval`. A dict is written as JSON first;
TypeError or ValueError say what JSON cannot hold (a key that is not a str, a
NaN, a set...).)";

const char* kDecideDoc = R"(decide(request) -> dict

The decision as a dict: the keys and order of the canonical decision JSON
(decision, use, work, reasons, duties, payments, errors), as json.loads of
decide_json(request) gives them.)";

const char* kDecideJsonDoc = R"(decide_json(request) -> str

The canonical decision JSON, byte for byte what `refrain eval --request`
prints for the same bundle and request (indented by two spaces, ending in a
newline).)";

const char* kDecideManyDoc = R"(decide_many(requests, threads=1) -> list[dict]

Decides every request of an iterable, in order, on `threads` threads (1 to
256) with the GIL released: the same list of decisions, in the same order,
whatever the count. Requests are written as JSON with the GIL held before
deciding, and the decisions are built after. A request that cannot be
written raises TypeError or ValueError naming it (`requests[3]: ...`), and
no decision is returned.)";

}  // namespace

PYBIND11_MODULE(_native, m) {
  m.doc() = "The Refrain compiler and runtime; use it through the refrain package.";
  m.attr("__version__") = refrain::version();

  auto loadError = py::register_exception<refrain::LoadError>(m, "LoadError", PyExc_ValueError);
  loadError.attr("__module__") = "refrain";
  loadError.attr("__doc__") = "A bundle was refused: truncated, corrupted or of a newer format. str() is the runtime's reason.";

  m.def("compile", &refrain::python::compileSources, py::arg("sources"), py::arg("catalog"),
        "The compiler's native half; call refrain.compile instead.");

  py::class_<Bundle> bundle(m, "Bundle", kBundleDoc);
  bundle.attr("__module__") = "refrain";
  bundle.def(py::init<py::handle>(), py::arg("data"))
      .def("decide", &Bundle::decide, py::arg("request"), kDecideDoc)
      .def("decide_json", &Bundle::decideJson, py::arg("request"), kDecideJsonDoc)
      .def("decide_many", &Bundle::decideMany, py::arg("requests"), py::arg("threads") = 1, kDecideManyDoc)
      .def_property_readonly("hash", &Bundle::hash,
                             "The SHA-256 of the bundle's contents, 64 lowercase hex digits: log it with each "
                             "decision to say which bundle decided.")
      .def_property_readonly("policies", &Bundle::policies,
                             "Each policy version in the bundle, in bundle order, as a dict: name, party, role, "
                             "effective and expires (UTC times as text, or None when unbounded) and rules (how "
                             "many), as `refrain inspect` lists them. A new list each time.")
      .def("__repr__", &Bundle::repr);
}
