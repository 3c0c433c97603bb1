// The reference evaluator's request side: validation (docs/language.md §7.2, §10) and reading
// one field as a typed value.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "compiler/reference_eval_internal.h"
#include "policy/vocabulary.h"
#include "runtime/money.h"
#include "runtime/time.h"

namespace refrain::compiler::reference {

namespace {

using json = nlohmann::json;
using policy::BaseType;

// The runtime's default request limits (runtime::RequestLimits).
constexpr size_t kMaxRequestBytes = size_t{1} << 20;
constexpr int kMaxJsonDepth = 32;
constexpr size_t kMaxRightsHolders = 256;

// True when `t` is exactly a JSON number (RFC 8259 §6).
bool isJsonNumber(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') ++i;
  else if (!digits()) return false;
  if (i < t.size() && t[i] == '.' && (++i, !digits())) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

// nlohmann refuses a number beyond a double's range (`2e400`) and stops
// there; RFC 8259 allows it, and the runtime reads it as a number that is not
// an integer. So each such number is replaced by 1.5 — also not an integer —
// before nlohmann sees the text. Strings are left alone.
std::string tameHugeNumbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      out.append(text.substr(i, j - i));
      i = j;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t j = i;
      while (j < text.size() && std::string_view("0123456789+-.eE").find(text[j]) != std::string_view::npos) ++j;
      std::string token(text.substr(i, j - i));
      bool huge = isJsonNumber(token) && std::isinf(std::strtod(token.c_str(), nullptr));
      out += huge ? std::string("1.5") : token;
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

bool refuse(Failure* failure, const char* code, std::string message) {
  *failure = {code, std::move(message)};
  return false;
}

// A first pass over the text with nlohmann's SAX parser, in reading order:
// nesting too deep, not JSON, or a key repeated where the program reads
// (which value would count is a guess, so the project refuses it) — the
// first of these wins. It also remembers the last `use` and `work.id`
// strings seen, so a refused request still says what it was about.
class Prescan : public nlohmann::json_sax<json> {
 public:
  enum class Result { kOk, kTooDeep, kInvalid, kRepeatedKey };

  explicit Prescan(const std::set<std::string>& paths) : paths_(paths) {
    for (const std::string& p : paths)
      for (size_t dot = p.find('.'); dot != std::string::npos; dot = p.find('.', dot + 1)) objects_.insert(p.substr(0, dot));
  }

  Result run(std::string_view text) {
    if (json::sax_parse(text.begin(), text.end(), this, json::input_format_t::json, true, false)) return Result::kOk;
    return result_;
  }
  std::optional<std::string> use, workId;
  std::string repeatedKey;

  bool null() override { return value({}); }
  bool boolean(bool) override { return value({}); }
  bool number_integer(number_integer_t) override { return value({}); }
  bool number_unsigned(number_unsigned_t) override { return value({}); }
  bool number_float(number_float_t, const string_t&) override { return value({}); }
  bool string(string_t& s) override { return value(s); }
  bool binary(binary_t&) override { return value({}); }
  bool key(string_t& k) override;
  bool start_object(std::size_t) override { return value({}) && open(Frame::kObject); }
  bool start_array(std::size_t) override { return value({}) && open(Frame::kArray); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  // nlohmann reports a key before reading its colon; the project's reader
  // refuses a repeated key only once the colon is read.
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    bool beforeColon = std::string(e.what()).find("object separator") != std::string::npos;
    result_ = !repeatedKey.empty() && !beforeColon ? Result::kRepeatedKey : Result::kInvalid;
    return false;
  }

 private:
  struct Frame {
    enum Kind { kObject, kArray } kind;
    std::string path;      // objects: the path of this object
    bool watched;          // an object on a read path: its keys are checked for repeats
    bool holders;          // the array of `work.rightsholders`, or (objects) one rights holder in it
    std::string key;       // objects: the key whose value comes next
    std::set<std::string> holderKeys;
  };

  bool value(std::optional<std::string> v) {
    if (!repeatedKey.empty()) {  // a repeated key whose colon has been read
      result_ = Result::kRepeatedKey;
      return false;
    }
    if (frames_.size() == 1 && frames_[0].kind == Frame::kObject && frames_[0].key == "use") use = std::move(v);
    else if (frames_.size() == 2 && frames_[1].kind == Frame::kObject && frames_[1].path == "work" && frames_[0].key == "work" &&
             frames_[1].key == "id")
      workId = std::move(v);
    return true;
  }

  static std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

  bool open(Frame::Kind kind) {
    if (static_cast<int>(frames_.size()) >= kMaxJsonDepth) {
      result_ = Result::kTooDeep;
      return false;
    }
    Frame f{kind, {}, false, false, {}, {}};
    if (frames_.empty()) {
      f.watched = kind == Frame::kObject;
    } else if (const Frame& parent = frames_.back(); parent.kind == Frame::kObject && parent.watched) {
      std::string path = join(parent.path, parent.key);
      f.path = path;
      // A key with a dot in it (`"work.id"`) is one odd key, never a path the program reads.
      bool plain = parent.key.find('.') == std::string::npos;
      if (plain && path == "work.rightsholders") f.holders = kind == Frame::kArray;
      else f.watched = plain && kind == Frame::kObject && objects_.count(path);
    } else if (parent.kind == Frame::kArray && parent.holders) {
      f.holders = kind == Frame::kObject;
    }
    frames_.push_back(std::move(f));
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  const std::set<std::string>& paths_;
  std::set<std::string> objects_;  // paths with read paths below them: their keys are watched
  std::set<std::string> seen_;
  std::vector<Frame> frames_;
  Result result_ = Result::kInvalid;
};

bool Prescan::key(string_t& k) {
  Frame& f = frames_.back();
  f.key = k;
  bool repeated = false;
  if (f.watched && k.find('.') == std::string::npos) {
    std::string path = join(f.path, k);
    if (paths_.count(path) || objects_.count(path)) repeated = !seen_.insert(path).second;
  } else if (f.holders && (k == "party" || k == "role" || k == "share")) {
    repeated = !f.holderKeys.insert(k).second;
  }
  if (repeated) repeatedKey = k;
  return true;
}

void addPaths(const policy::Expr& e, std::set<std::string>* out) {
  if (e.kind == policy::ExprKind::kField || e.kind == policy::ExprKind::kHas) out->insert(e.text);
  for (const policy::ExprPtr& arg : e.args) addPaths(*arg, out);
}

// The member `key` of `object`, or null when `object` is not an object or lacks it.
const json* memberOf(const json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

bool validShare(const json& share, int64_t* weight) {
  if (share.is_string()) return runtime::parsePercentText(share.get<std::string>(), weight) && *weight >= 0;
  if (!share.is_number_integer()) return false;
  if (share.is_number_unsigned() && share.get<uint64_t>() > uint64_t{INT64_MAX}) return false;
  *weight = share.get<int64_t>();
  return *weight >= 0;
}

bool readHolder(const json& h, Request* out, Failure* failure) {
  const json* party = memberOf(h, "party");
  const json* role = memberOf(h, "role");
  if (!party || !party->is_string() || !role || !role->is_string())
    return refuse(failure, "invalid_request", "each rights holder needs a `party` and a `role` string");
  Holder holder{party->get<std::string>(), role->get<std::string>(), false, 0};
  if (!policy::isRole(holder.role))
    return refuse(failure, "invalid_request", "unknown role `" + holder.role + "` in `work.rightsholders`");
  if (const json* share = memberOf(h, "share")) {
    holder.hasShare = true;
    holder.percent = share->is_string();
    if (!validShare(*share, &holder.weight))
      return refuse(failure, "invalid_request",
                    "a `share` must be a percent such as \"50%\" or an integer weight of 0 or more");
  }
  // The project's choice: the same party twice in one role is one holder, its shares added.
  for (Holder& seen : out->holders) {
    if (seen.party != holder.party || seen.role != holder.role) continue;
    if (seen.hasShare != holder.hasShare || seen.percent != holder.percent)
      return refuse(failure, "invalid_request",
                    "party `" + holder.party + "` is listed twice as `" + holder.role + "`, once without a share");
    if (!runtime::checkedAdd(seen.weight, holder.weight, &seen.weight))
      return refuse(failure, "invalid_request", "the shares of `" + holder.party + "` overflow");
    return true;
  }
  out->holders.push_back(std::move(holder));
  return true;
}

// Within a role, every holder has a share or none does, and shares are all
// percents or all integer weights (as in a catalog); percents need not total 100%.
bool consistentShares(const std::vector<Holder>& holders, Failure* failure) {
  for (const Holder& h : holders) {
    auto sameRole = [&](const Holder& o) { return o.role == h.role; };
    // Holder by holder, as the runtime does: the first of the two problems met is the one named.
    for (const Holder& o : holders) {
      if (!sameRole(o)) continue;
      if (o.hasShare != h.hasShare)
        return refuse(failure, "invalid_request",
                      "either every `" + h.role + "` in `work.rightsholders` has a share or none does");
      if (o.percent != h.percent)
        return refuse(failure, "invalid_request", "`" + h.role + "` shares in `work.rightsholders` mix percents and weights");
    }
  }
  return true;
}

bool readHolders(Request* out, Failure* failure) {
  if (out->catalogWork) {
    for (const runtime::HolderDef& h : out->catalogWork->holders)
      out->holders.push_back({h.party, h.role, h.hasShare, h.weight});
  } else if (const json* list = memberOf(*memberOf(out->doc, "work"), "rightsholders")) {
    if (!list->is_array()) return refuse(failure, "invalid_request", "`work.rightsholders` must be a list");
    if (list->size() > kMaxRightsHolders)
      return refuse(failure, "invalid_request",
                    "`work.rightsholders` lists more than " + std::to_string(kMaxRightsHolders) + " rights holders");
    for (const json& h : *list)
      if (!readHolder(h, out, failure)) return false;
    if (!consistentShares(out->holders, failure)) return false;
  }
  if (out->holders.empty())
    return refuse(failure, "no_rightsholders", "work `" + out->workId + "` has no rights holders");
  return true;
}

bool readUse(Request* out, Failure* failure) {
  const json* use = memberOf(out->doc, "use");
  if (!use || use->is_null()) return refuse(failure, "missing_use", "request has no `use`");
  if (!use->is_string()) return refuse(failure, "invalid_request", "`use` must be a string");
  out->use = use->get<std::string>();
  if (!policy::isUse(out->use)) return refuse(failure, "unknown_use", "unknown use `" + out->use + "`");
  return true;
}

bool readWork(const std::vector<runtime::WorkDef>& catalog, Request* out, Failure* failure) {
  const json* work = memberOf(out->doc, "work");
  if (!work || work->is_null()) return refuse(failure, "missing_work", "request has no `work`");
  if (!work->is_object()) return refuse(failure, "invalid_request", "`work` must be an object");
  const json* id = memberOf(*work, "id");
  if (!id || !id->is_string()) return refuse(failure, "missing_work", "request has no `work.id` string");
  out->workId = id->get<std::string>();
  for (const runtime::WorkDef& w : catalog)
    if (w.id == out->workId) out->catalogWork = &w;
  return true;
}

bool readTime(Request* out, Failure* failure) {
  const json* context = memberOf(out->doc, "context");
  const json* time = context ? memberOf(*context, "time") : nullptr;
  if (!time || time->is_null()) return refuse(failure, "missing_time", "request has no `context.time`");
  if (!time->is_string() || !runtime::parseTime(time->get<std::string>(), &out->time))
    return refuse(failure, "invalid_request",
                  "`context.time` must be an RFC 3339 time such as `2026-05-01T00:00:00Z`");
  return true;
}

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> keys;
  size_t start = 0;
  for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1)
    keys.push_back(path.substr(start, dot - start));
  keys.push_back(path.substr(start));
  return keys;
}

const char* typeWord(BaseType t) {
  switch (t) {
    case BaseType::kBool: return "a bool";
    case BaseType::kInt: return "an integer";
    case BaseType::kString: return "a string";
    case BaseType::kMoney: return "money";
    case BaseType::kPercent: return "a percent";
    case BaseType::kTime: return "a time";
    case BaseType::kTerritory: return "a territory";
    case BaseType::kUse: return "a use";
    default: return "";
  }
}

// Converts a JSON value to a scalar of `type`; false with `why` otherwise.
bool scalarFromJson(const json& j, BaseType type, Val* v, std::string* why) {
  v->type = type;
  v->list = false;
  *why = std::string("expected ") + typeWord(type);
  if (type == BaseType::kBool) {
    if (!j.is_boolean()) return false;
    v->number = j.get<bool>();
    return true;
  }
  if (type == BaseType::kInt) {
    if (!j.is_number_integer()) return false;
    if (j.is_number_unsigned() && j.get<uint64_t>() > uint64_t{INT64_MAX}) return false;
    v->number = j.get<int64_t>();
    return true;
  }
  if (!j.is_string()) return false;
  const std::string s = j.get<std::string>();
  switch (type) {
    case BaseType::kString: v->text = s; return true;
    case BaseType::kMoney:
      if (!runtime::parseMoneyText(s, &v->number, &v->text)) {
        *why = "expected money such as \"50000.00 USD\"";
        return false;
      }
      if (policy::isCurrencyCode(v->text)) return true;
      *why = "unknown currency `" + v->text + "`";
      return false;
    case BaseType::kPercent:
      if (runtime::parsePercentText(s, &v->number)) return true;
      *why = "expected a percent such as \"12.5%\"";
      return false;
    case BaseType::kTime:
      if (runtime::parseTime(s, &v->number)) return true;
      *why = "expected an RFC 3339 time";
      return false;
    case BaseType::kTerritory:
      v->text = s;
      if (policy::isTerritoryCode(s)) return true;
      *why = "unknown territory `" + s + "`";
      return false;
    case BaseType::kUse:
      v->text = s;
      if (policy::isUse(s)) return true;
      *why = "unknown use `" + s + "`";
      return false;
    default: return false;
  }
}

Val textVal(const std::string& s) {
  Val v;
  v.type = BaseType::kString;
  v.text = s;
  return v;
}

// A `work.*` field of a catalog work; the request's own work fields are ignored.
FieldState catalogField(const runtime::WorkDef& w, const std::string& key, Val* out) {
  if (key == "id") { *out = textVal(w.id); return FieldState::kPresent; }
  if (key == "isrc" && w.hasIsrc) { *out = textVal(w.isrc); return FieldState::kPresent; }
  if (key == "iswc" && w.hasIswc) { *out = textVal(w.iswc); return FieldState::kPresent; }
  if (key == "title" && w.hasTitle) { *out = textVal(w.title); return FieldState::kPresent; }
  if (key == "genre" && w.hasGenre) { *out = textVal(w.genre); return FieldState::kPresent; }
  if (key == "contains_ai" && w.hasContainsAi) { *out = textVal(w.containsAi); return FieldState::kPresent; }
  if (key == "release_date" && w.hasReleaseDate) {
    out->type = BaseType::kTime;
    out->number = w.releaseDate;
    return FieldState::kPresent;
  }
  if (key == "tags" && w.hasTags) {
    out->type = BaseType::kString;
    out->list = true;
    for (const std::string& t : w.tags) out->items.push_back(textVal(t));
    return FieldState::kPresent;
  }
  return FieldState::kMissing;
}

}  // namespace

std::set<std::string> readPaths(const policy::Program& program) {
  std::set<std::string> paths = {"use", "work", "work.id", "context.time", "work.rightsholders"};
  for (const policy::Policy& p : program.policies) {
    if (p.on) addPaths(*p.on, &paths);
    for (const policy::Rule& r : p.rules) {
      if (r.when) addPaths(*r.when, &paths);
      if (r.pay) addPaths(*r.pay, &paths);
      for (const policy::Duty& d : r.duties)
        for (const policy::TextPart& part : d.parts)
          if (part.isField) paths.insert(part.field->text);
    }
  }
  return paths;
}

bool readRequest(std::string_view text, const std::set<std::string>& paths,
                 const std::vector<runtime::WorkDef>& catalog, Request* out, Failure* failure, std::string* use,
                 std::string* work) {
  if (text.size() > kMaxRequestBytes)
    return refuse(failure, "request_too_large", "request is larger than " + std::to_string(kMaxRequestBytes) + " bytes");
  // nlohmann skips a leading byte order mark; the project refuses it (RFC 8259 §8.1 allows either).
  if (text.substr(0, 3) == "\xEF\xBB\xBF") return refuse(failure, "invalid_json", "request is not valid JSON");
  const std::string tamed = tameHugeNumbers(text);
  Prescan scan(paths);
  Prescan::Result result = scan.run(tamed);
  if (scan.use) *use = *scan.use;
  if (scan.workId) *work = *scan.workId;
  if (result == Prescan::Result::kTooDeep)
    return refuse(failure, "request_too_deep", "request nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  if (result == Prescan::Result::kInvalid) return refuse(failure, "invalid_json", "request is not valid JSON");
  if (result == Prescan::Result::kRepeatedKey)
    return refuse(failure, "invalid_request", "request repeats the key `" + scan.repeatedKey + "`");
  // nlohmann stops at a NUL byte as if the text ended there; no JSON text holds one.
  if (text.find('\0') != std::string_view::npos) return refuse(failure, "invalid_json", "request is not valid JSON");
  out->doc = json::parse(tamed.begin(), tamed.end(), nullptr, false);
  if (!out->doc.is_object()) return refuse(failure, "invalid_request", "request must be a JSON object");
  return readUse(out, failure) && readWork(catalog, out, failure) && readTime(out, failure) &&
         readHolders(out, failure);
}

FieldState readField(const Request& request, const std::string& path, policy::Type type, Val* out,
                     std::string* problem) {
  *out = Val{};
  if (path == "use") {
    out->type = BaseType::kUse;
    out->text = request.use;
    return FieldState::kPresent;
  }
  std::vector<std::string> keys = splitPath(path);
  if (keys[0] == "work" && request.catalogWork) return catalogField(*request.catalogWork, keys[1], out);
  const json* at = &request.doc;
  for (const std::string& key : keys)
    if (!(at = memberOf(*at, key))) return FieldState::kMissing;
  if (at->is_null()) return FieldState::kMissing;
  if (!type.list) return scalarFromJson(*at, type.base, out, problem) ? FieldState::kPresent : FieldState::kMistyped;
  if (!at->is_array()) {
    *problem = "expected a list";
    return FieldState::kMistyped;
  }
  out->type = type.base;
  out->list = true;
  for (const json& item : *at) {
    Val v;
    if (!scalarFromJson(item, type.base, &v, problem)) return FieldState::kMistyped;
    out->items.push_back(std::move(v));
  }
  return FieldState::kPresent;
}

Failure fieldFailure(const std::string& path, FieldState state, const std::string& problem) {
  if (state == FieldState::kMissing) return {"missing_field", "request has no `" + path + "`"};
  return {"type_mismatch", "`" + path + "` has the wrong type: " + problem};
}

std::string dutyText(const Val& v) {
  switch (v.type) {
    case BaseType::kBool: return v.number ? "true" : "false";
    case BaseType::kInt: return std::to_string(v.number);
    case BaseType::kMoney: return runtime::formatMicros(v.number) + " " + v.text;
    case BaseType::kPercent: return runtime::formatPercent(v.number);
    case BaseType::kTime: return runtime::formatTime(v.number);
    default: return v.text;
  }
}

}  // namespace refrain::compiler::reference
