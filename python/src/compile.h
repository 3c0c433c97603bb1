// refrain.compile's native half: the compiler's front door (compiler/compile.h)
// with Python values in and out. refrain/__init__.py checks the arguments'
// types and turns the diagnostics into Diagnostic objects and exceptions.
#pragma once

#include <pybind11/pybind11.h>

namespace refrain::python {

// `sources`: a list of (name, text) in bundle order; `catalog`: the works
// as JSON Lines, (name, text), or None; each name and text as UTF-8 bytes. Returns (bundle: bytes, or None
// when there are errors, diagnostics: list of (file, line, col, severity,
// message, rendered)), where `rendered` is what `refrain check` prints for
// that diagnostic. Compiles with the GIL released.
pybind11::tuple compileSources(const pybind11::list& sources, const pybind11::object& catalog);

}  // namespace refrain::python
