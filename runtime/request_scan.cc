// Streaming request reading: the JSON lexer driven directly, each key matched
// against the bundle's field paths as it is read; values nobody reads are
// checked and dropped.
//
// One loop over a stack of frames, one per open object or array, each saying
// what its members are for. Compared with reading through JsonReader's events,
// this keeps one stack instead of two and decides where a value goes once, at
// its key, which halved the cost of reading a request.
#include "runtime/request_scan.h"

#include "runtime/json_reader_impl.h"

namespace refrain::runtime {

namespace {

using Kind = RawValue::Kind;
using What = ScanFrame::What;

bool isObject(What w) { return w == What::kObject || w == What::kHolder || w == What::kSkipObject; }

class Scanner {
 public:
  Scanner(const LoadedBundle& l, std::string_view json, int maxDepth, Scratch& s)
      : l_(l), s_(s), frames_(s.scanFrames), lex_(json, s.jsonBuffer), maxDepth_(maxDepth) {
    frames_.clear();
  }

  ScanResult run() {
    lex_.skipSpace();
    if (!value()) return result_;
    while (!frames_.empty()) {
      lex_.skipSpace();
      const What what = frames_.back().what;
      const bool object = isObject(what);
      if (!lex_.atEnd() && lex_.next() == (object ? '}' : ']')) {
        lex_.skip();
        frames_.pop_back();
        first_ = false;
        continue;
      }
      if (!first_) {
        if (lex_.atEnd() || lex_.next() != ',') return ScanResult::kInvalidJson;
        lex_.skip();
        lex_.skipSpace();
      }
      first_ = false;
      node_ = -1;
      field_ = nullptr;
      if (object) {
        std::string_view name;
        if (lex_.atEnd() || lex_.next() != '"' || !lex_.string(&name) || !lex_.take(':')) return ScanResult::kInvalidJson;
        if (!key(what, name)) return ScanResult::kDuplicateKey;
        lex_.skipSpace();
      }
      if (!value()) return result_;
    }
    lex_.skipSpace();
    return lex_.atEnd() ? ScanResult::kOk : ScanResult::kInvalidJson;
  }

 private:
  // Where the value after key `k` goes: node_ for a path the bundle reads,
  // field_ for a rights holder's party, role or share.
  bool key(What what, std::string_view k) {
    if (what == What::kObject) {
      for (const auto& [name, child] : l_.paths[frames_.back().node].children)
        // Most keys differ in length or first byte (an empty key has none to compare).
        if (name.size() == k.size() && (k.empty() || name[0] == k[0]) && name == k) {
          // Each trie node is one path, so meeting it twice means a repeated
          // key on that path: which value counts would be a guess, so refuse it.
          if (s_.seenPaths[child]++) return duplicate(k);
          node_ = static_cast<int>(child);
          break;
        }
    } else if (what == What::kHolder) {
      RawHolder& h = s_.rawHolders.back();
      field_ = k == "party" ? &h.party : k == "role" ? &h.role : k == "share" ? &h.share : nullptr;
      if (field_ && field_->kind != Kind::kAbsent) return duplicate(k);
    }
    return true;
  }

  bool duplicate(std::string_view k) {
    s_.duplicateKey.assign(k.data(), k.size());
    return false;
  }

  bool fail(ScanResult r) {
    result_ = r;
    return false;
  }

  // One value, in the innermost frame (or at the root). A container is only
  // opened here: run() reads what it holds, so nesting never recurses.
  bool value() {
    if (lex_.atEnd()) return fail(ScanResult::kInvalidJson);
    const char c = lex_.next();
    if (c == '{' || c == '[') {
      lex_.skip();
      if (static_cast<int>(frames_.size()) >= maxDepth_) return fail(ScanResult::kTooDeep);
      first_ = true;
      frames_.push_back(c == '{' ? openObject() : openArray());
      return true;
    }
    int64_t number = 0;
    std::string_view text;
    Kind kind;
    switch (c) {
      case '"':
        if (!lex_.string(&text)) return fail(ScanResult::kInvalidJson);
        kind = Kind::kString;
        break;
      case 't': kind = Kind::kBool, number = 1; if (!lex_.literal("true")) return fail(ScanResult::kInvalidJson); break;
      case 'f': kind = Kind::kBool; if (!lex_.literal("false")) return fail(ScanResult::kInvalidJson); break;
      case 'n': kind = Kind::kNull; if (!lex_.literal("null")) return fail(ScanResult::kInvalidJson); break;
      default:
        switch (lex_.number(&number)) {
          case JsonLexer::Number::kInteger: kind = Kind::kInt; break;
          // Fractions never reach a decision: such a number is kept only as "not an integer".
          case JsonLexer::Number::kOther: kind = Kind::kOtherNumber, number = 0; break;
          default: return fail(ScanResult::kInvalidJson);
        }
    }
    scalar(kind, number, text);
    return true;
  }

  // The innermost frame's reading of a member or element, as a node of the trie.
  bool atHolders() const { return node_ >= 0 && l_.paths[node_].holders; }

  // Where a value now starting is kept, or null when nobody reads it.
  RawValue* destination(What what) {
    if (what == What::kHolder) return field_;
    if (what == What::kObject && node_ >= 0 && l_.paths[node_].target >= 0) return &s_.raw[l_.paths[node_].target];
    return nullptr;
  }

  void scalar(Kind kind, int64_t number, std::string_view text) {
    if (frames_.empty()) return;  // a root that is not an object: the caller refuses it
    const ScanFrame& f = frames_.back();
    if (f.what == What::kValueArray) {
      s_.raw[f.target].items.emplace_back();
      set(s_.raw[f.target].items.back(), kind, number, text);
    } else if (f.what == What::kHolderArray) {
      s_.rawHolders.emplace_back();  // a holder that is not an object
    } else if (f.what == What::kObject && atHolders()) {
      s_.holdersSeen = true;  // `rightsholders` that is not a list
    } else if (RawValue* v = destination(f.what)) {
      set(*v, kind, number, text);
    }
  }

  // A container inside a list of values: kept as a mistyped element.
  ScanFrame mistypedItem(int target) {
    s_.raw[target].items.emplace_back();
    s_.raw[target].items.back().kind = Kind::kObject;
    return {What::kSkipObject, -1, -1};
  }

  ScanFrame openObject() {
    if (frames_.empty()) {
      s_.rootIsObject = true;
      return {What::kObject, 0, -1};
    }
    const ScanFrame f = frames_.back();
    if (f.what == What::kValueArray) return mistypedItem(f.target);
    if (f.what == What::kObject && atHolders()) {
      s_.holdersSeen = true;  // `rightsholders` that is not a list
      return {What::kSkipObject, -1, -1};
    }
    if (f.what == What::kHolderArray) {
      s_.rawHolders.emplace_back();
      s_.rawHolders.back().isObject = true;
      return {What::kHolder, -1, -1};
    }
    if (RawValue* v = destination(f.what)) set(*v, Kind::kObject, 0, {});
    if (f.what == What::kObject && node_ >= 0 && !l_.paths[node_].children.empty()) return {What::kObject, node_, -1};
    return {What::kSkipObject, -1, -1};
  }

  ScanFrame openArray() {
    if (frames_.empty()) return {What::kSkipArray, -1, -1};
    const ScanFrame f = frames_.back();
    if (f.what == What::kObject && atHolders()) {
      s_.holdersSeen = true;
      s_.holdersIsArray = true;
      s_.rawHolders.clear();
      return {What::kHolderArray, -1, -1};
    }
    if (f.what == What::kValueArray) {
      mistypedItem(f.target);
      return {What::kSkipArray, -1, -1};
    }
    if (f.what == What::kHolderArray) s_.rawHolders.emplace_back();  // a holder that is not an object
    if (RawValue* v = destination(f.what)) {
      set(*v, Kind::kArray, 0, {});
      v->items.clear();
      if (f.what == What::kObject) return {What::kValueArray, -1, l_.paths[node_].target};
    }
    return {What::kSkipArray, -1, -1};
  }

  // A string is kept as a view of the request text; one that had escapes was
  // decoded into the lexer's buffer, which the next string reuses, so it is copied.
  void set(RawValue& v, Kind kind, int64_t number, std::string_view text) {
    v.kind = kind;
    v.number = number;
    v.text = text;
    const std::string& buffer = s_.jsonBuffer;
    if (!text.empty() && text.data() >= buffer.data() && text.data() < buffer.data() + buffer.size()) {
      if (s_.unescapedUsed == s_.unescaped.size()) s_.unescaped.push_back(std::make_unique<std::string>());
      std::string& kept = *s_.unescaped[s_.unescapedUsed++];
      kept.assign(text.data(), text.size());
      v.text = kept;
    }
  }

  const LoadedBundle& l_;
  Scratch& s_;
  std::vector<ScanFrame>& frames_;  // the scratch's, reused
  JsonLexer lex_;
  const int maxDepth_;
  ScanResult result_ = ScanResult::kInvalidJson;
  bool first_ = false;          // the innermost container has no member yet
  int node_ = -1;               // in a kObject frame: the trie node of the current key
  RawValue* field_ = nullptr;   // in a kHolder frame: the field of the current key
};

}  // namespace

ScanResult scanRequest(const LoadedBundle& l, std::string_view json, int maxDepth, Scratch& s) {
  s.rawHolders.clear();
  s.holdersSeen = false;
  s.holdersIsArray = false;
  s.rootIsObject = false;
  s.seenPaths.assign(l.paths.size(), 0);
  s.duplicateKey.clear();
  s.unescapedUsed = 0;
  return Scanner(l, json, maxDepth, s).run();
}

}  // namespace refrain::runtime
