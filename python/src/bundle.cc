// refrain.Bundle over the C++ face (refrain.hpp) and the C API's decision
// records; the bundle's policies are read once at load, from rf_bundle_describe.
#include "python/src/bundle.h"

#include <memory>
#include <new>
#include <utility>

#include "python/src/decide_many.h"
#include "python/src/request_json.h"
#include <nlohmann/json.hpp>
#include <optional>

namespace refrain::python {

namespace py = pybind11;

namespace {

std::string typeName(py::handle value) { return Py_TYPE(value.ptr())->tp_name; }

// The TypeError or ValueError a RequestError stands for; `where` names the request in a batch.
[[noreturn]] void raise(const RequestError& e, const std::string& where = "") {
  if (e.typeError) throw py::type_error(where + e.what());
  throw py::value_error(where + e.what());
}

std::string_view textOf(py::handle request, std::string* buffer) {
  try {
    return requestText(request.ptr(), buffer);
  } catch (const RequestError& e) {
    raise(e);
  }
}

// As `refrain eval --threads`: 1 to 256.
int threadCount(py::handle threads) {
  const char* kWhat = "threads takes a whole number from 1 to 256, not ";
  if (!PyLong_Check(threads.ptr()) || PyBool_Check(threads.ptr())) throw py::type_error(kWhat + typeName(threads));
  int overflow = 0;
  const long long n = PyLong_AsLongLongAndOverflow(threads.ptr(), &overflow);
  if (overflow || n < 1 || n > 256) throw py::value_error(kWhat + std::string(py::repr(threads)));
  return static_cast<int>(n);
}

py::object timeOrNone(const std::optional<std::string>& time) {
  if (!time) return py::none();
  return py::str(*time);
}

// decide_many gathers and decides this many requests at a time, so that its
// buffers stay small however many requests there are (about 1 KB each).
constexpr size_t kRound = 8192;

// Holds off Python's cycle collector while decisions are built: they hold
// no cycles, yet every 700 new dicts and lists would start a collection
// walking the young objects, and now and then all of them (2.7 against 7.5
// µs a decision in calls of 1,000; docs/performance.md, "Python"). What is
// left young is collected once, at the first allocation after the call.
class PausedCollector {
 public:
  PausedCollector() : wasEnabled_(PyGC_Disable()) {}
  ~PausedCollector() {
    if (wasEnabled_) PyGC_Enable();
  }

 private:
  const int wasEnabled_;
};

}  // namespace

class Bundle::Lease {
 public:
  explicit Lease(Bundle& bundle) : bundle_(bundle), shared_(!bundle.scratchInUse_) {
    if (shared_) bundle_.scratchInUse_ = true;
    else fresh_ = std::make_unique<refrain::Scratch>();
  }
  ~Lease() {
    if (shared_) bundle_.scratchInUse_ = false;
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  refrain::Scratch& scratch() { return shared_ ? bundle_.scratch_ : *fresh_; }

 private:
  Bundle& bundle_;
  const bool shared_;
  std::unique_ptr<refrain::Scratch> fresh_;
};

Bundle::Loaded Bundle::load(py::handle data) {
  if (!PyObject_CheckBuffer(data.ptr()))
    throw py::type_error("a bundle is bytes (from refrain.compile, or a .rfb file opened with 'rb'), not " +
                         typeName(data));
  std::string bytes;  // our own copy: a bytearray could change while the GIL is released
  {
    Py_buffer view;
    if (PyObject_GetBuffer(data.ptr(), &view, PyBUF_SIMPLE) != 0) throw py::error_already_set();
    bytes.assign(static_cast<const char*>(view.buf), static_cast<size_t>(view.len));
    PyBuffer_Release(&view);
  }
  py::gil_scoped_release released;  // verifying a bundle of a million works takes a while
  refrain::Bundle bundle = refrain::Bundle::load(bytes);
  // The policies, as rf_bundle_describe lists them (read once, at load).
  nlohmann::json description = nlohmann::json::parse(bundle.describe());
  std::vector<Policy> policies;
  for (const nlohmann::json& p : description.at("policies")) {
    auto time = [](const nlohmann::json& t) {
      return t.is_null() ? std::optional<std::string>() : std::optional<std::string>(t.get<std::string>());
    };
    policies.push_back({p.at("name").get<std::string>(), p.at("party").get<std::string>(), p.at("role").get<std::string>(),
                        time(p.at("effective")), time(p.at("expires")), p.at("rules").get<size_t>()});
  }
  return Loaded{std::move(bundle), std::move(policies)};
}

Bundle::Bundle(py::handle data) : Bundle(load(data)) {}

Bundle::Bundle(Loaded loaded)
    : bundle_(std::move(loaded.bundle)), policies_(std::move(loaded.policies)), objects_(bundle_.handle()) {}

py::dict Bundle::decide(py::handle request) {
  std::string buffer;
  const std::string_view text = textOf(request, &buffer);
  Lease lease(*this);
  rf_record r{};
  if (rf_decide_record(bundle_.handle(), lease.scratch().handle(), text.data(), text.size(), &r) < 0)
    throw std::bad_alloc();
  return objects_.build({r.words, r.count, std::string_view(r.texts, r.texts_len)});
}

py::str Bundle::decideJson(py::handle request) {
  std::string buffer;
  const std::string_view text = textOf(request, &buffer);
  Lease lease(*this);
  const refrain::DecisionView d = bundle_.decideView(text, lease.scratch());
  return py::str(d.json.data(), d.json.size());
}

py::list Bundle::decideMany(py::handle requests, py::handle threads) {
  const int threadCount = python::threadCount(threads);
  // One request where a list of them belongs would be taken apart (a str into its characters).
  PyObject* r = requests.ptr();
  if (PyUnicode_Check(r) || PyBytes_Check(r) || PyByteArray_Check(r) || PyDict_Check(r))
    throw py::type_error("requests is a list (or another iterable) of requests, not one " + typeName(requests));
  auto items = py::reinterpret_steal<py::object>(PyObject_GetIter(r));
  if (!items) {
    if (!PyErr_ExceptionMatches(PyExc_TypeError)) throw py::error_already_set();  // an __iter__ that failed
    PyErr_Clear();
    throw py::type_error("requests is a list (or another iterable) of requests, not " + typeName(requests));
  }
  py::list decisions;
  Batch batch;
  for (bool more = true; more;) {
    batch.clear();
    while (batch.size() < kRound) {
      auto request = py::reinterpret_steal<py::object>(PyIter_Next(items.ptr()));
      if (!request) {
        if (PyErr_Occurred()) throw py::error_already_set();
        more = false;
        break;
      }
      try {
        batch.add(request.ptr());
      } catch (const RequestError& e) {
        raise(e, "requests[" + std::to_string(decisions.size() + batch.size()) + "]: ");
      }
    }
    {
      py::gil_scoped_release released;
      batch.decide(bundle_, threadCount);
    }
    PausedCollector paused;
    for (size_t i = 0; i < batch.size(); ++i) decisions.append(objects_.build(batch.record(i)));
  }
  return decisions;
}

py::list Bundle::policies() const {
  py::list out;
  for (const Policy& p : policies_) {
    py::dict d;
    d["name"] = p.name;
    d["party"] = p.party;
    d["role"] = p.role;
    d["effective"] = timeOrNone(p.effective);
    d["expires"] = timeOrNone(p.expires);
    d["rules"] = p.rules;
    out.append(std::move(d));
  }
  return out;
}

std::string Bundle::repr() const {
  return "<refrain.Bundle sha-256 " + std::string(hash()) + ", " + std::to_string(policies_.size()) + " policies>";
}

}  // namespace refrain::python
