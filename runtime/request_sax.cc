// Streaming request reading with nlohmann's SAX interface: no DOM, no storage for fields nobody reads.
#include "runtime/request_sax.h"

#include <nlohmann/json.hpp>

namespace refrain::runtime {

namespace {

using Kind = RawValue::Kind;

// What the reader is inside of; one frame per open object or array.
struct Frame {
  enum class What : uint8_t { kSkip, kObject, kValueArray, kHolderArray, kHolder };
  What what = What::kSkip;
  int node = -1;     // kObject: the trie node
  int target = -1;   // kValueArray: where the elements go
};

class Handler : public nlohmann::json_sax<nlohmann::json> {
 public:
  Handler(const LoadedBundle& l, int maxDepth, Scratch& s) : l_(l), s_(s), maxDepth_(maxDepth) {}
  bool tooDeep() const { return tooDeep_; }

  bool null() override { return scalar(Kind::kNull, 0, {}); }
  bool boolean(bool v) override { return scalar(Kind::kBool, v, {}); }
  bool number_integer(number_integer_t v) override { return scalar(Kind::kInt, v, {}); }
  bool number_unsigned(number_unsigned_t v) override {
    return v > static_cast<uint64_t>(INT64_MAX) ? scalar(Kind::kBigInt, 0, {}) : scalar(Kind::kInt, static_cast<int64_t>(v), {});
  }
  // Fractions never reach a decision: a float is kept only as "not an integer".
  bool number_float(number_float_t, const string_t&) override { return scalar(Kind::kFloat, 0, {}); }
  bool string(string_t& v) override { return scalar(Kind::kString, 0, v); }
  bool binary(binary_t&) override { return scalar(Kind::kObject, 0, {}); }

  bool key(string_t& k) override {
    const Frame& f = frames_.back();
    next_ = -1;
    holderField_ = nullptr;
    if (f.what == Frame::What::kObject) {
      for (const auto& [name, child] : l_.paths[f.node].children)
        if (name == k) next_ = static_cast<int>(child);
    } else if (f.what == Frame::What::kHolder) {
      RawHolder& h = s_.rawHolders.back();
      holderField_ = k == "party" ? &h.party : k == "role" ? &h.role : k == "share" ? &h.share : nullptr;
    }
    return true;
  }

  bool start_object(std::size_t) override {
    if (frames_.empty()) {
      s_.rootIsObject = true;
      return push({Frame::What::kObject, 0, -1});
    }
    const Frame& f = frames_.back();
    if (nested(f)) return push({Frame::What::kSkip, -1, -1});
    if (f.what == Frame::What::kObject && next_ >= 0 && l_.paths[next_].holders) {
      s_.holdersSeen = true;  // `rightsholders` that is not a list
      return push({Frame::What::kSkip, -1, -1});
    }
    if (f.what == Frame::What::kHolderArray) {
      s_.rawHolders.emplace_back();
      s_.rawHolders.back().isObject = true;
      return push({Frame::What::kHolder, -1, -1});
    }
    if (RawValue* v = destination()) set(*v, Kind::kObject, 0, {});
    if (f.what == Frame::What::kObject && next_ >= 0 && !l_.paths[next_].children.empty())
      return push({Frame::What::kObject, next_, -1});
    return push({Frame::What::kSkip, -1, -1});
  }

  bool start_array(std::size_t) override {
    const Frame* f = frames_.empty() ? nullptr : &frames_.back();
    if (f && f->what == Frame::What::kObject && next_ >= 0 && l_.paths[next_].holders) {
      s_.holdersSeen = true;
      s_.holdersIsArray = true;
      s_.rawHolders.clear();
      return push({Frame::What::kHolderArray, -1, -1});
    }
    if (f && nested(*f)) return push({Frame::What::kSkip, -1, -1});
    if (f && f->what == Frame::What::kHolderArray) s_.rawHolders.emplace_back();
    if (RawValue* v = destination()) {
      set(*v, Kind::kArray, 0, {});
      v->items.clear();
      if (f && f->what == Frame::What::kObject) return push({Frame::What::kValueArray, -1, l_.paths[next_].target});
    }
    return push({Frame::What::kSkip, -1, -1});
  }

  bool end_object() override { return pop(); }
  bool end_array() override { return pop(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool push(Frame f) {
    if (static_cast<int>(frames_.size()) >= maxDepth_) {
      tooDeep_ = true;
      return false;
    }
    frames_.push_back(f);
    next_ = -1;
    return true;
  }
  bool pop() {
    frames_.pop_back();
    next_ = -1;
    return true;
  }

  // A container inside a list of values: kept as a mistyped element.
  bool nested(const Frame& f) {
    if (f.what == Frame::What::kValueArray) {
      s_.raw[f.target].items.emplace_back();
      s_.raw[f.target].items.back().kind = Kind::kObject;
      return true;
    }
    return false;
  }

  static void set(RawValue& v, Kind kind, int64_t number, std::string_view text) {
    v.kind = kind;
    v.number = number;
    v.text.assign(text.data(), text.size());
  }

  // Where the value now starting belongs, or null when nobody reads it.
  RawValue* destination() {
    if (frames_.empty()) return nullptr;
    const Frame& f = frames_.back();
    if (f.what == Frame::What::kHolder) return holderField_;
    if (f.what == Frame::What::kObject && next_ >= 0 && l_.paths[next_].target >= 0) {
      if (l_.paths[next_].holders) s_.holdersSeen = true;
      return &s_.raw[l_.paths[next_].target];
    }
    return nullptr;
  }

  bool scalar(Kind kind, int64_t number, std::string_view text) {
    if (frames_.empty()) return true;
    Frame& f = frames_.back();
    if (f.what == Frame::What::kValueArray) {
      s_.raw[f.target].items.emplace_back();
      set(s_.raw[f.target].items.back(), kind, number, text);
    } else if (f.what == Frame::What::kHolderArray) {
      s_.rawHolders.emplace_back();  // a holder that is not an object
    } else if (f.what == Frame::What::kObject && next_ >= 0 && l_.paths[next_].holders) {
      s_.holdersSeen = true;          // `rightsholders` that is not a list
    } else if (RawValue* v = destination()) {
      set(*v, kind, number, text);
    }
    return true;
  }

  const LoadedBundle& l_;
  Scratch& s_;
  std::vector<Frame> frames_;
  int next_ = -1;
  RawValue* holderField_ = nullptr;
  int maxDepth_;
  bool tooDeep_ = false;
};

}  // namespace

ScanResult scanRequest(const LoadedBundle& l, std::string_view json, int maxDepth, Scratch& s) {
  s.rawHolders.clear();
  s.holdersSeen = false;
  s.holdersIsArray = false;
  s.rootIsObject = false;
  Handler handler(l, maxDepth, s);
  if (nlohmann::json::sax_parse(json.begin(), json.end(), &handler, nlohmann::json::input_format_t::json, true, false))
    return ScanResult::kOk;
  return handler.tooDeep() ? ScanResult::kTooDeep : ScanResult::kInvalidJson;
}

}  // namespace refrain::runtime
