// The Refrain runtime for C++17: load a verified bundle once, then decide
// requests against it from any number of threads.
//
// Header-only, over the C API of <refrain/refrain.h>: the library exports
// only the rf_* functions, so this face has no ABI of its own, and nothing of
// the runtime's insides (bytecode, tables, working memory) shows through.
// Failures are exceptions here: LoadError for a refused bundle,
// std::bad_alloc when memory runs out. A request the runtime cannot judge is
// not a failure: it is a deny with a named error in the decision.
#ifndef REFRAIN_REFRAIN_HPP_
#define REFRAIN_REFRAIN_HPP_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

#include "refrain/refrain.h"

namespace refrain {

// The runtime's version, "MAJOR.MINOR.PATCH".
inline std::string_view version() { return rf_version(); }

// Limits on each request a bundle decides, fixed when it is loaded. A field
// of 0 keeps the default; defaults and maxima are rf_limits's (refrain.h).
// A request past a limit is a deny with a named error.
struct Limits {
  std::size_t maxRequestBytes = 0;   // default 1 MiB, at most 1 GiB
  std::size_t maxJsonDepth = 0;      // default 32, at most 1024
  std::size_t maxRightsHolders = 0;  // default 256, at most 4096
};

// Why a bundle was refused: truncated, corrupted, of a newer format, or
// loaded with a limit above its maximum. what() is the runtime's message.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A decision: allow or deny, and the canonical decision JSON, byte for byte
// what `refrain eval` prints for the same bundle and request.
struct Decision {
  bool allowed = false;
  std::string json;
};

// A decision kept in a Scratch: `json` is valid until that scratch decides
// again or is destroyed. For hot loops that only write the text out.
struct DecisionView {
  bool allowed = false;
  std::string_view json;
};

// A decision and why (docs/embedding.md, "Explanations"): one line of JSON
// with the decision, then every relevant rule with each condition of its
// `when` evaluated and shown with its values. For answering "why", not for
// hot paths.
struct Explanation {
  bool allowed = false;
  std::string json;
};

// Per-thread working memory: with one, repeated decisions do not allocate.
// A scratch must not be used by two threads at once; it may serve any
// bundle, so a thread keeps its scratch when the bundle is swapped.
class Scratch {
 public:
  Scratch() : scratch_(rf_scratch_new()) {
    if (!scratch_) throw std::bad_alloc();
  }
  Scratch(Scratch&&) noexcept = default;
  Scratch& operator=(Scratch&&) noexcept = default;

  // The C handle, for the C API's other calls (rf_decide_record).
  rf_scratch* handle() const noexcept { return scratch_.get(); }

 private:
  struct Free {
    void operator()(rf_scratch* s) const noexcept { rf_scratch_free(s); }
  };
  std::unique_ptr<rf_scratch, Free> scratch_;
};

// A loaded, verified bundle. Immutable: any number of threads may decide on
// one Bundle at once (each with its own Scratch, or none). To change the
// policies, load a new Bundle and swap it in (docs/embedding.md, "Reloading
// without stopping"); share one with std::shared_ptr<const Bundle>.
class Bundle {
 public:
  // Loads and verifies `len` bytes; they are copied, the caller keeps them.
  // Throws LoadError with the runtime's reason when the bundle is refused.
  static Bundle load(const void* bytes, std::size_t len, const Limits& limits = {}) {
    rf_limits l{limits.maxRequestBytes, limits.maxJsonDepth, limits.maxRightsHolders};
    rf_error error{};
    rf_bundle* b = rf_bundle_load_with_limits(static_cast<const std::uint8_t*>(bytes), len, &l, &error);
    if (!b) throw LoadError(error.message);
    return Bundle(b);
  }
  static Bundle load(std::string_view bytes, const Limits& limits = {}) {
    return load(bytes.data(), bytes.size(), limits);
  }

  Bundle(Bundle&&) noexcept = default;
  Bundle& operator=(Bundle&&) noexcept = default;

  // Decides a request (JSON text). A request that cannot be judged (not
  // JSON, no `use`, past a limit...) is a deny with a named error.
  Decision decide(std::string_view request) const {
    rf_buffer out{nullptr, 0};
    int status = rf_decide(handle(), text(request), request.size(), &out);
    return Decision{allowed(status), take(&out)};
  }
  // The same, with the calling thread's scratch: no allocation but the result's.
  Decision decide(std::string_view request, Scratch& scratch) const {
    DecisionView view = decideView(request, scratch);
    return Decision{view.allowed, std::string(view.json)};
  }
  // The same without a copy: the text stays in `scratch`.
  DecisionView decideView(std::string_view request, Scratch& scratch) const {
    return viewIn(rf_decide_in_scratch, request, scratch);
  }

  // The same decision on one line with its newline, as `refrain eval
  // --requests` prints it (JSON Lines); the text stays in `scratch`.
  DecisionView decideLineView(std::string_view request, Scratch& scratch) const {
    return viewIn(rf_decide_line, request, scratch);
  }

  // The decision and why, as one line of JSON.
  Explanation explain(std::string_view request) const {
    rf_buffer out{nullptr, 0};
    int status = rf_explain(handle(), text(request), request.size(), &out);
    return Explanation{allowed(status), take(&out)};
  }

  // The SHA-256 of the bundle's contents, 64 lowercase hex digits, alive as
  // long as the bundle: log it with each decision to say which bundle decided.
  std::string_view hash() const { return rf_bundle_hash(handle()); }

  // What the bundle holds, as one line of JSON: format version, hash,
  // policies (each version of each, with its role, party, effective and
  // expires), uses and the number of catalogued works (rf_bundle_describe).
  std::string describe() const {
    rf_buffer out{nullptr, 0};
    if (rf_bundle_describe(handle(), &out) < 0) throw std::bad_alloc();
    return take(&out);
  }

  // The C handle, for the C API's other calls (rf_decide_record, rf_bundle_name).
  const rf_bundle* handle() const {
    if (!bundle_) throw std::logic_error("refrain::Bundle used after it was moved from");
    return bundle_.get();
  }

 private:
  explicit Bundle(rf_bundle* bundle) : bundle_(bundle) {}

  // A decision written by `decideText` (rf_decide_in_scratch or
  // rf_decide_line) into the scratch.
  using DecideText = int (*)(const rf_bundle*, rf_scratch*, const char*, std::size_t, const char**, std::size_t*);
  DecisionView viewIn(DecideText decideText, std::string_view request, Scratch& scratch) const {
    const char* json = nullptr;
    std::size_t len = 0;
    if (!scratch.handle()) throw std::logic_error("refrain::Scratch used after it was moved from");
    int status = decideText(handle(), scratch.handle(), text(request), request.size(), &json, &len);
    return DecisionView{allowed(status), std::string_view(json, len)};
  }

  // The C API reads no text through a null pointer, even for no bytes.
  static const char* text(std::string_view s) { return s.data() ? s.data() : ""; }
  // With every argument given, -1 means only that memory ran out.
  static bool allowed(int status) {
    if (status < 0) throw std::bad_alloc();
    return status == 1;
  }
  static std::string take(rf_buffer* buffer) {
    struct Release {
      rf_buffer* b;
      ~Release() { rf_buffer_free(b); }
    } release{buffer};
    return std::string(buffer->data, buffer->len);
  }

  struct Free {
    void operator()(rf_bundle* b) const noexcept { rf_bundle_free(b); }
  };
  std::unique_ptr<rf_bundle, Free> bundle_;
};

}  // namespace refrain

#endif  // REFRAIN_REFRAIN_HPP_
