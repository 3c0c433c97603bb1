// Python values to request JSON: the text any JSON encoder would write for
// them, or an error where JSON has no way to say them.
#include "python/src/request_json.h"

#include <pybind11/pybind11.h>

#include <charconv>
#include <cmath>
#include <vector>

namespace refrain::python {

namespace {

std::string typeName(PyObject* value) { return Py_TYPE(value)->tp_name; }

// Appends `text` as the inside of a JSON string: `"` and `\` escaped, and
// the control characters, which JSON does not allow raw.
void appendEscaped(std::string_view text, std::string& out) {
  static const char kHex[] = "0123456789abcdef";
  size_t plain = 0;  // start of the run of bytes that need no escape
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: out += "\\u00", out += kHex[c >> 4], out += kHex[c & 15];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
}

// One code point as UTF-8, or, for a lone surrogate (which UTF-8 cannot
// hold), its \u escape.
void appendCodePoint(Py_UCS4 c, std::string& out) {
  char bytes[4];
  std::string_view text;
  if (c < 0x80) {
    bytes[0] = static_cast<char>(c);
    text = {bytes, 1};
  } else if (c < 0x800) {
    bytes[0] = static_cast<char>(0xC0 | c >> 6), bytes[1] = static_cast<char>(0x80 | (c & 0x3F));
    text = {bytes, 2};
  } else if (c >= 0xD800 && c <= 0xDFFF) {
    static const char kHex[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(c >> shift) & 15];
    return;
  } else if (c < 0x10000) {
    bytes[0] = static_cast<char>(0xE0 | c >> 12), bytes[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    bytes[2] = static_cast<char>(0x80 | (c & 0x3F));
    text = {bytes, 3};
  } else {
    bytes[0] = static_cast<char>(0xF0 | c >> 18), bytes[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    bytes[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F)), bytes[3] = static_cast<char>(0x80 | (c & 0x3F));
    text = {bytes, 4};
  }
  appendEscaped(text, out);
}

// Whether `s` holds a lone surrogate, which UTF-8 cannot encode. Looked for
// rather than learnt from PyUnicode_AsUTF8AndSize's failure: the exception
// it makes is an object the cycle collector tracks, and making one may
// start a collection, which runs finalizers, which are Python code.
bool hasSurrogate(PyObject* s) {
  if (PyUnicode_MAX_CHAR_VALUE(s) < 0xD800) return false;
  const int kind = PyUnicode_KIND(s);
  const void* data = PyUnicode_DATA(s);
  for (Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(s); i < n; ++i) {
    const Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c >= 0xD800 && c <= 0xDFFF) return true;
  }
  return false;
}

// A str's UTF-8, or null when it holds a lone surrogate.
const char* utf8Of(PyObject* s, Py_ssize_t* len) {
  if (hasSurrogate(s)) return nullptr;
  const char* text = PyUnicode_AsUTF8AndSize(s, len);
  if (!text) throw pybind11::error_already_set();  // out of memory
  return text;
}

// Writes one dict (the request) as JSON, knowing where it is for messages.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void value(PyObject* v, int depth) {
    if (v == Py_None) out_ += "null";
    else if (v == Py_True) out_ += "true";
    else if (v == Py_False) out_ += "false";
    else if (PyUnicode_Check(v)) string(v);
    else if (PyLong_Check(v)) integer(v);
    else if (PyFloat_Check(v)) number(PyFloat_AS_DOUBLE(v));
    else if (PyDict_Check(v)) object(v, depth + 1);
    else if (PyList_Check(v) || PyTuple_Check(v)) array(v, depth + 1);
    else fail(true, "a request holds dict, list, tuple, str, int, float, bool and None, not " + typeName(v));
  }

 private:
  // A path step: a key (a borrowed str) or a list index.
  struct Step {
    PyObject* key;
    Py_ssize_t index;
  };

  void string(PyObject* s) {
    Py_ssize_t len = 0;
    const char* text = utf8Of(s, &len);
    out_ += '"';
    if (text) {
      appendEscaped({text, static_cast<size_t>(len)}, out_);
    } else {
      for (Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(s); i < n; ++i) appendCodePoint(PyUnicode_READ_CHAR(s, i), out_);
    }
    out_ += '"';
  }

  void integer(PyObject* v) {
    int overflow = 0;
    long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (n == -1 && PyErr_Occurred()) throw pybind11::error_already_set();
    if (!overflow) {
      char digits[24];
      out_.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
      return;
    }
    // Beyond 64 bits: int's own decimal form (not a subclass's __repr__, which could run Python code).
    pybind11::object text = pybind11::reinterpret_steal<pybind11::object>(PyLong_Type.tp_repr(v));
    if (!text) throw pybind11::error_already_set();
    Py_ssize_t len = 0;
    const char* digits = PyUnicode_AsUTF8AndSize(text.ptr(), &len);
    if (!digits) throw pybind11::error_already_set();
    out_.append(digits, static_cast<size_t>(len));
  }

  void number(double d) {
    char* text = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, nullptr);
    if (!text) throw pybind11::error_already_set();
    std::string repr(text);
    PyMem_Free(text);
    if (!std::isfinite(d)) fail(false, "JSON has no NaN or infinity, so a request cannot hold " + repr);
    out_ += repr;
  }

  void object(PyObject* d, int depth) {
    deepen(depth);
    out_ += '{';
    Py_ssize_t at = 0;
    PyObject *key, *item;
    bool first = true;
    while (PyDict_Next(d, &at, &key, &item)) {
      if (!PyUnicode_Check(key)) fail(true, "request keys are str, not " + typeName(key));
      if (!first) out_ += ',';
      first = false;
      string(key);
      out_ += ':';
      path_.push_back({key, 0});
      value(item, depth);
      path_.pop_back();
    }
    out_ += '}';
  }

  void array(PyObject* list, int depth) {
    deepen(depth);
    out_ += '[';
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(list);
    PyObject** items = PySequence_Fast_ITEMS(list);
    for (Py_ssize_t i = 0; i < n; ++i) {
      if (i) out_ += ',';
      path_.push_back({nullptr, i});
      value(items[i], depth);
      path_.pop_back();
    }
    out_ += ']';
  }

  // Said without the path, which for a dict that holds itself is its own key a thousand times.
  static void deepen(int depth) {
    if (depth > kMaxNesting)
      throw RequestError(false, "the request nests deeper than " + std::to_string(kMaxNesting) +
                                    " levels (does a dict or list hold itself?)");
  }

  // Throws `message`, saying where in the request: ` (at `context.tags[2]`)`.
  [[noreturn]] void fail(bool typeError, std::string message) {
    std::string where;
    for (const Step& step : path_) {
      if (!step.key) {
        where += "[" + std::to_string(step.index) + "]";
        continue;
      }
      Py_ssize_t len = 0;
      const char* key = utf8Of(step.key, &len);
      if (!where.empty()) where += '.';
      where += key ? std::string(key, static_cast<size_t>(len)) : std::string("?");
    }
    if (!where.empty()) message += " (at `" + where + "`)";
    throw RequestError(typeError, message);
  }

  std::string& out_;
  std::vector<Step> path_;
};

}  // namespace

void appendRequestText(PyObject* request, std::string* out) {
  if (PyBytes_Check(request)) {
    out->append(PyBytes_AS_STRING(request), static_cast<size_t>(PyBytes_GET_SIZE(request)));
  } else if (PyByteArray_Check(request)) {
    out->append(PyByteArray_AS_STRING(request), static_cast<size_t>(PyByteArray_GET_SIZE(request)));
  } else if (PyUnicode_Check(request)) {
    Py_ssize_t len = 0;
    if (const char* text = utf8Of(request, &len)) return void(out->append(text, static_cast<size_t>(len)));
    auto bytes = pybind11::reinterpret_steal<pybind11::object>(PyUnicode_AsEncodedString(request, "utf-8", "surrogatepass"));
    if (!bytes) throw pybind11::error_already_set();
    out->append(PyBytes_AS_STRING(bytes.ptr()), static_cast<size_t>(PyBytes_GET_SIZE(bytes.ptr())));
  } else if (PyDict_Check(request)) {
    Writer(*out).value(request, 0);
  } else {
    throw RequestError(true, "a request is a dict, str or bytes, not " + typeName(request));
  }
}

std::string_view requestText(PyObject* request, std::string* buffer) {
  if (PyBytes_Check(request))
    return {PyBytes_AS_STRING(request), static_cast<size_t>(PyBytes_GET_SIZE(request))};
  if (PyUnicode_Check(request)) {
    Py_ssize_t len = 0;
    if (const char* text = utf8Of(request, &len)) return {text, static_cast<size_t>(len)};
  }
  buffer->clear();
  appendRequestText(request, buffer);
  return *buffer;
}

}  // namespace refrain::python
