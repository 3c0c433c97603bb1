// Streaming request reading: JSON events matched against the bundle's field paths; nothing else is kept.
#include "runtime/request_scan.h"

#include "runtime/json_reader_impl.h"
#include "runtime/same_text.h"

namespace refrain::runtime {

namespace {

using Kind = RawValue::Kind;

using Frame = ScanFrame;

class Handler final : public JsonEvents {
 public:
  Handler(const LoadedBundle& l, Scratch& s) : l_(l), s_(s), frames_(s.scanFrames) { frames_.clear(); }

  bool null() override { return scalar(Kind::kNull, 0, {}); }
  bool boolean(bool v) override { return scalar(Kind::kBool, v, {}); }
  bool integer(int64_t v) override { return scalar(Kind::kInt, v, {}); }
  // Fractions never reach a decision: such a number is kept only as "not an integer".
  bool otherNumber() override { return scalar(Kind::kOtherNumber, 0, {}); }
  bool string(std::string_view v) override { return scalar(Kind::kString, 0, v); }

  // Inline in the reader, like scalar(): it runs for every key.
  __attribute__((always_inline)) bool key(std::string_view k) override {
    const Frame& f = frames_.back();
    next_ = -1;
    holderField_ = nullptr;
    scalarTo_ = nullptr;
    if (f.what == Frame::What::kObject) {
      for (const auto& [name, child] : l_.paths[f.node].children)
        if (sameText(name, k)) {
          next_ = static_cast<int>(child);
          break;
        }
      if (next_ < 0) return true;
      // Each trie node is one path, so meeting it twice means a repeated key
      // on that path: which value counts would be a guess, so refuse it.
      if (s_.seenPaths[next_] == s_.scanNumber) return duplicate(k);
      s_.seenPaths[next_] = s_.scanNumber;
      const PathNode& node = l_.paths[next_];
      if (node.target >= 0 && !node.holders) scalarTo_ = &s_.raw[node.target];
    } else if (f.what == Frame::What::kHolder) {
      RawHolder& h = s_.rawHolders.back();
      holderField_ = k == "party" ? &h.party : k == "role" ? &h.role : k == "share" ? &h.share : nullptr;
      if (holderField_ && holderField_->kind != Kind::kAbsent) return duplicate(k);
      scalarTo_ = holderField_;
    }
    return true;
  }

  bool duplicate(std::string_view k) {
    s_.duplicateKey.assign(k.data(), k.size());
    return false;
  }

  bool startObject() override {
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

  bool startArray() override {
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

  bool endObject() override { return pop(); }
  bool endArray() override { return pop(); }

 private:
  bool push(Frame f) {
    frames_.push_back(f);
    next_ = -1;
    scalarTo_ = nullptr;
    return true;
  }
  bool pop() {
    frames_.pop_back();
    next_ = -1;
    scalarTo_ = nullptr;
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

  // A string is kept as a view of the request text; one that had escapes was
  // decoded into the reader's buffer, which the next string reuses, so it is copied.
  void set(RawValue& v, Kind kind, int64_t number, std::string_view text) {
    v.kind = kind;
    v.number = number;
    v.text = text;
    const std::string& buffer = s_.jsonBuffer;
    if (!text.empty() && text.data() >= buffer.data() && text.data() < buffer.data() + buffer.size()) keepUnescaped(v);
  }

  // Out of line: few strings have escapes.
  void keepUnescaped(RawValue& v) {
    if (s_.unescapedUsed == s_.unescaped.size()) s_.unescaped.push_back(std::make_unique<std::string>());
    std::string& kept = *s_.unescaped[s_.unescapedUsed++];
    kept.assign(v.text.data(), v.text.size());
    v.text = kept;
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

  // Inline in the reader for the usual case, worked out by key(); the rest
  // (lists, rights holders, values nobody reads) in scalarElsewhere().
  __attribute__((always_inline)) bool scalar(Kind kind, int64_t number, std::string_view text) {
    if (scalarTo_) {
      set(*scalarTo_, kind, number, text);
      return true;
    }
    return scalarElsewhere(kind, number, text);
  }

  __attribute__((noinline)) bool scalarElsewhere(Kind kind, int64_t number, std::string_view text) {
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
  std::vector<Frame>& frames_;  // the scratch's, reused
  int next_ = -1;
  RawValue* holderField_ = nullptr;
  RawValue* scalarTo_ = nullptr;  // where a scalar value for the key just read goes, if it is kept and not in a list
};

}  // namespace

ScanResult scanRequest(const LoadedBundle& l, std::string_view json, int maxDepth, Scratch& s) {
  s.rawHolders.clear();
  s.holdersSeen = false;
  s.holdersIsArray = false;
  s.rootIsObject = false;
  // Paths met are marked with this scan's number, so no per-request clearing is needed.
  if (s.seenPaths.size() != l.paths.size() || ++s.scanNumber == 0) {
    s.seenPaths.assign(l.paths.size(), 0);
    s.scanNumber = 1;
  }
  s.duplicateKey.clear();
  s.unescapedUsed = 0;
  Handler handler(l, s);
  switch (JsonReader<Handler>(json, handler, s.jsonBuffer, s.jsonStack).run(maxDepth)) {
    case JsonResult::kOk: return ScanResult::kOk;
    case JsonResult::kTooDeep: return ScanResult::kTooDeep;
    case JsonResult::kStopped: return ScanResult::kDuplicateKey;
    default: return ScanResult::kInvalidJson;
  }
}

}  // namespace refrain::runtime
