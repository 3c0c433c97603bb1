// The compiler for Python: the same call `refrain build` makes, on texts
// instead of files.
#include "python/src/compile.h"

#include <string>
#include <utility>

#include "compiler/compile.h"

namespace refrain::python {

namespace py = pybind11;

namespace {

// What the compiler reports is shown to people: a byte that is not UTF-8
// (a source line quoted from a source that is not) is shown as U+FFFD.
py::str display(const std::string& text) {
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (!s) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

py::tuple diagnostic(const policy::Diagnostic& d, const compiler::CompileResult& r) {
  const bool known = d.span.file >= 0 && d.span.file < static_cast<int>(r.files.size());
  return py::make_tuple(display(known ? r.files[d.span.file].name : std::string()), d.span.line, d.span.col,
                        d.severity == policy::Severity::kError ? "error" : "warning", display(d.message),
                        display(policy::renderDiagnostics({d}, r.files)));
}

}  // namespace

py::tuple compileSources(const py::list& sources, const py::object& catalog) {
  compiler::CompileInput input;
  for (py::handle source : sources) {
    auto pair = source.cast<py::tuple>();
    input.sources.push_back({pair[0].cast<std::string>(), pair[1].cast<std::string>()});
  }
  if (!catalog.is_none()) {
    auto pair = catalog.cast<py::tuple>();
    input.catalog = policy::SourceFile{pair[0].cast<std::string>(), pair[1].cast<std::string>()};
  }
  compiler::CompileResult result;
  {
    py::gil_scoped_release released;
    result = compiler::compile(std::move(input));
  }
  py::list diagnostics;
  for (const policy::Diagnostic& d : result.diagnostics) diagnostics.append(diagnostic(d, result));
  py::object bundle = py::none();
  if (result.ok) bundle = py::bytes(reinterpret_cast<const char*>(result.bundle.data()), result.bundle.size());
  return py::make_tuple(bundle, diagnostics);
}

}  // namespace refrain::python
