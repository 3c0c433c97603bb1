// A request handed to Python's decide: the JSON text the runtime reads, from
// a dict (written here) or from text the caller already has (str, bytes).
#pragma once

#include <Python.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace refrain::python {

// Why a Python value cannot be a request. The callers raise it as TypeError
// (`typeError`) or ValueError, with the request's place in a batch before it.
struct RequestError : std::runtime_error {
  RequestError(bool isTypeError, const std::string& message) : std::runtime_error(message), typeError(isTypeError) {}
  bool typeError;
};

// Dicts and lists nested deeper than this are refused as they are written:
// no bundle reads a request nested past 1024 levels (the largest
// max_json_depth), and a dict that contains itself would never end.
constexpr int kMaxNesting = 1024;

// Appends the request JSON text for `request` to `out`. Needs the GIL; runs
// no Python code and makes no object the cycle collector tracks (whose
// making could start a collection, and finalizers with it), so nothing can
// change `request` while it is read.
//  - bytes, bytearray: the JSON text as it is; the runtime judges it, so bad
//    JSON is a deny with `invalid_json`, as from the command.
//  - str: the JSON text, UTF-8 encoded; a lone surrogate is encoded as it
//    stands (surrogatepass), which is not UTF-8, so again `invalid_json`.
//  - dict: written as JSON, keys in the order they were put in (for a dict
//    subclass too, whatever its own iteration says). Values: dict; list or
//    tuple; str (a lone surrogate written as a \u escape, which the runtime
//    refuses as any lone surrogate); int, exactly, however large (the
//    runtime refuses beyond 64 bits when it reads the field); float, in
//    Python's shortest round-trip form (never an int to the runtime); bool;
//    None (null). RequestError for a key that is not a str, a NaN or
//    infinity (JSON has neither), any other type, or nesting past kMaxNesting.
//  - anything else: RequestError (a type error).
void appendRequestText(PyObject* request, std::string* out);

// The same text without a copy where there is one to view: the bytes of a
// bytes object, or a str's own UTF-8 (both immutable; valid while `request`
// lives). Otherwise the text is written to `buffer` (cleared first).
std::string_view requestText(PyObject* request, std::string* buffer);

}  // namespace refrain::python
