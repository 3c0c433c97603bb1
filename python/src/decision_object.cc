// Reads a decision record into the decision dict, as the JS package does
// (wasm/js/decision_record.mjs): fields in the JSON writer's order, with its
// rules for leaving a key out. The layout's numbers come from its one
// definition, runtime/record_layout.h.
#include "python/src/decision_object.h"

#include <stdexcept>
#include <string>

#include "runtime/record_layout.h"

namespace refrain::python {

namespace py = pybind11;
namespace layout = runtime::record_layout;

namespace {

// The decision JSON's keys and fixed words, made once and kept for the
// process's life (never freed: they may outlive the interpreter's teardown).
struct Words {
  PyObject *decision, *use, *work, *reasons, *duties, *payments, *errors;
  PyObject *party, *policy, *verdict, *rule, *duty, *text, *currency, *total, *payees, *terms, *amount, *code,
      *message;
  PyObject *allow, *deny, *empty;
};

const Words& words() {
  static const Words* w = [] {
    auto s = [](const char* text) {
      PyObject* o = PyUnicode_InternFromString(text);
      if (!o) throw py::error_already_set();
      return o;
    };
    return new Words{s("decision"), s("use"),     s("work"),     s("reasons"), s("duties"), s("payments"),
                     s("errors"),   s("party"),   s("policy"),   s("verdict"), s("rule"),   s("duty"),
                     s("text"),     s("currency"), s("total"),   s("payees"),  s("terms"),  s("amount"),
                     s("code"),     s("message"), s("allow"),    s("deny"),    s("")};
  }();
  return *w;
}

// Sets dict[key] = value; `value` is a new reference, which the dict takes.
void put(const py::dict& dict, PyObject* key, py::object value) {
  if (PyDict_SetItem(dict.ptr(), key, value.ptr()) != 0) throw py::error_already_set();
}

py::object borrowed(PyObject* o) { return py::reinterpret_borrow<py::object>(o); }

// Walks one record, keeping its place.
class Reader {
 public:
  Reader(DecisionObjects& objects, const RecordView& r) : objects_(objects), r_(r) {}

  py::dict decision() {
    const Words& w = words();
    if (word() != layout::kVersion) throw std::runtime_error("refrain: a decision record of another version");
    const uint32_t flags = word();
    py::dict d;
    put(d, w.decision, borrowed(flags & layout::kFlagAllow ? w.allow : w.deny));
    put(d, w.use, text());
    put(d, w.work, text());
    put(d, w.reasons, list(&Reader::reason));
    put(d, w.duties, list(&Reader::duty));
    put(d, w.payments, list(&Reader::payment));
    put(d, w.errors, list(&Reader::error));
    if (at_ != r_.count) throw std::runtime_error("refrain: the decision record does not end where it says");
    return d;
  }

 private:
  uint32_t word() {
    if (at_ >= r_.count) throw std::runtime_error("refrain: the decision record ends early");
    return r_.words[at_++];
  }

  // (2 × id + kNameTag, 0): the bundle's name `id`; (2 × length, offset): bytes of the text area; (0, 0): empty.
  py::object text() {
    const uint32_t a = word(), b = word();
    if (a & layout::kNameTag) return borrowed(objects_.name(a >> 1));
    if (a == 0) return borrowed(words().empty);
    const size_t length = a >> 1;
    if (b > r_.texts.size() || length > r_.texts.size() - b)
      throw std::runtime_error("refrain: a decision record's text lies outside its text area");
    PyObject* s = PyUnicode_DecodeUTF8(r_.texts.data() + b, static_cast<Py_ssize_t>(length), nullptr);
    if (!s) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(s);
  }

  // A count, then that many items.
  py::list list(py::dict (Reader::*item)()) {
    const uint32_t n = word();
    py::list items(n);
    for (uint32_t i = 0; i < n; ++i) PyList_SET_ITEM(items.ptr(), i, (this->*item)().release().ptr());
    return items;
  }

  // `policy` and `rule` are left out when empty, as the JSON leaves them out.
  static void putUnlessEmpty(const py::dict& d, PyObject* key, py::object value) {
    if (PyUnicode_GET_LENGTH(value.ptr()) != 0) put(d, key, std::move(value));
  }

  py::dict reason() {
    const Words& w = words();
    py::dict d;
    put(d, w.party, text());
    py::object policy = text(), verdict = text();
    putUnlessEmpty(d, w.policy, std::move(policy));
    put(d, w.verdict, std::move(verdict));
    putUnlessEmpty(d, w.rule, text());
    return d;
  }

  py::dict duty() {
    const Words& w = words();
    py::dict d;
    put(d, w.party, text());
    put(d, w.duty, text());
    const bool hasText = word() != 0;
    py::object body = text();
    if (hasText) put(d, w.text, std::move(body));
    return d;
  }

  py::dict payment() {
    const Words& w = words();
    py::dict d;
    put(d, w.currency, text());
    put(d, w.total, text());
    put(d, w.payees, list(&Reader::payee));
    put(d, w.terms, list(&Reader::term));
    return d;
  }

  py::dict payee() {
    const Words& w = words();
    py::dict d;
    put(d, w.party, text());
    put(d, w.amount, text());
    return d;
  }

  py::dict term() {
    const Words& w = words();
    py::dict d;
    put(d, w.party, text());
    put(d, w.rule, text());
    put(d, w.amount, text());
    return d;
  }

  py::dict error() {
    const Words& w = words();
    py::dict d;
    put(d, w.code, text());
    put(d, w.message, text());
    putUnlessEmpty(d, w.policy, text());
    putUnlessEmpty(d, w.rule, text());
    return d;
  }

  DecisionObjects& objects_;
  const RecordView& r_;
  size_t at_ = 0;
};

}  // namespace

py::dict DecisionObjects::build(const RecordView& record) { return Reader(*this, record).decision(); }

PyObject* DecisionObjects::name(uint32_t id) {
  if (id < names_.size() && names_[id]) return names_[id].ptr();
  const char* text = nullptr;
  size_t len = 0;
  if (!rf_bundle_name(bundle_, id, &text, &len)) throw std::runtime_error("refrain: a decision record names no name of its bundle");
  PyObject* s = PyUnicode_DecodeUTF8(text, static_cast<Py_ssize_t>(len), nullptr);
  if (!s) throw py::error_already_set();
  if (id >= names_.size()) names_.resize(id + 1);
  names_[id] = py::reinterpret_steal<py::object>(s);
  return s;
}

}  // namespace refrain::python
