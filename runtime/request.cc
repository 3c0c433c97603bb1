// The request reader: request JSON to the slots the bundle reads, with catalog data taking precedence.
#include <algorithm>

#include "runtime/money.h"
#include "runtime/scratch.h"
#include "runtime/time.h"

namespace refrain::runtime {

namespace {

using json = nlohmann::json;

bool fail(DecisionError* error, const char* code, std::string message) {
  error->code = code;
  error->message = std::move(message);
  return false;
}

// Depth of bracket nesting outside strings; a linear pre-pass so that a
// hostile request is refused before any parser recursion.
int nestingDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

const WorkDef* catalogWork(const Bundle& b, std::string_view id) {
  auto it = std::lower_bound(b.works.begin(), b.works.end(), id,
                             [](const WorkDef& w, std::string_view key) { return w.id < key; });
  return it != b.works.end() && it->id == id ? &*it : nullptr;
}

class Reader {
 public:
  Reader(const LoadedBundle& l, Scratch& s) : l_(l), b_(l.bundle), s_(s) {}

  bool run(std::string_view text, DecisionError* error) {
    if (text.size() > l_.limits.maxRequestBytes)
      return fail(error, "request_too_large", "request is larger than " + std::to_string(l_.limits.maxRequestBytes) + " bytes");
    if (nestingDepth(text) > l_.limits.maxJsonDepth)
      return fail(error, "request_too_deep", "request nests deeper than " + std::to_string(l_.limits.maxJsonDepth) + " levels");
    s_.doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (s_.doc.is_discarded()) return fail(error, "invalid_json", "request is not valid JSON");
    if (!s_.doc.is_object()) return fail(error, "invalid_request", "request must be a JSON object");
    return use(error) && work(error) && time(error) && holders(error) && fillSlots();
  }

 private:
  const json* member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  bool use(DecisionError* error) {
    const json* u = member(s_.doc, "use");
    if (!u) return fail(error, "missing_use", "request has no `use`");
    if (!u->is_string()) return fail(error, "invalid_request", "`use` must be a string");
    const std::string& name = u->get_ref<const std::string&>();
    auto it = l_.useByName.find(name);
    if (it == l_.useByName.end()) return fail(error, "unknown_use", "unknown use `" + name + "`");
    s_.request.use = it->second;
    return true;
  }

  bool work(DecisionError* error) {
    const json* w = member(s_.doc, "work");
    if (!w) return fail(error, "missing_work", "request has no `work`");
    if (!w->is_object()) return fail(error, "invalid_request", "`work` must be an object");
    const json* id = member(*w, "id");
    if (!id || !id->is_string()) return fail(error, "missing_work", "request has no `work.id` string");
    s_.request.workId = id->get_ref<const std::string&>();
    catalog_ = catalogWork(b_, s_.request.workId);
    return true;
  }

  bool time(DecisionError* error) {
    const json* t = member(s_.doc, "context");
    t = t ? member(*t, "time") : nullptr;
    if (!t) return fail(error, "missing_time", "request has no `context.time`");
    if (!t->is_string() || !parseTime(t->get_ref<const std::string&>(), &s_.request.time))
      return fail(error, "invalid_request", "`context.time` must be an RFC 3339 time such as `2026-05-01T00:00:00Z`");
    return true;
  }

  bool role(std::string_view r) {
    return std::find(b_.roles.begin(), b_.roles.end(), r) != b_.roles.end();
  }

  bool holders(DecisionError* error) {
    s_.holders.clear();
    if (catalog_) {
      for (const HolderDef& h : catalog_->holders) s_.holders.push_back({h.party, h.role, h.hasShare, h.weight});
    } else if (const json* list = member(*member(s_.doc, "work"), "rightsholders")) {
      if (!list->is_array()) return fail(error, "invalid_request", "`work.rightsholders` must be a list");
      for (const json& h : *list)
        if (!holder(h, error)) return false;
    }
    if (s_.holders.empty())
      return fail(error, "no_rightsholders", "work `" + std::string(s_.request.workId) + "` has no rights holders");
    return true;
  }

  bool holder(const json& h, DecisionError* error) {
    const json* party = member(h, "party");
    const json* r = member(h, "role");
    if (!party || !party->is_string() || !r || !r->is_string())
      return fail(error, "invalid_request", "each rights holder needs a `party` and a `role` string");
    const std::string& roleName = r->get_ref<const std::string&>();
    if (!role(roleName)) return fail(error, "invalid_request", "unknown role `" + roleName + "` in `work.rightsholders`");
    Holder out{party->get_ref<const std::string&>(), roleName, false, 0};
    if (const json* share = member(h, "share")) {
      out.hasShare = true;
      bool ok = share->is_string() ? parsePercentText(share->get_ref<const std::string&>(), &out.weight)
                                   : share->is_number_integer() && share->get<int64_t>() > 0;
      if (ok && !share->is_string()) out.weight = share->get<int64_t>();
      if (!ok || out.weight <= 0)
        return fail(error, "invalid_request", "a `share` must be a percent such as \"50%\" or a positive integer weight");
    }
    s_.holders.push_back(out);
    return true;
  }

  bool fillSlots() {
    s_.slots.resize(b_.slots.size());
    s_.lists.resize(std::max(s_.lists.size(), b_.slots.size()));
    for (size_t i = 0; i < b_.slots.size(); ++i) {
      SlotValue& slot = s_.slots[i];
      slot.state = SlotValue::State::kMissing;
      slot.problem.clear();
      const std::vector<std::string>& keys = l_.slotKeys[i];
      if (keys[0] == "use") {
        slot.state = SlotValue::State::kPresent;
        slot.value = Value{};
        slot.value.type = ValueType::kUse;
        slot.value.number = s_.request.use;
      } else if (keys[0] == "work" && catalog_) {
        fromCatalog(slot, keys[1], s_.lists[i]);
      } else if (const json* j = locate(keys)) {
        convert(*j, b_.slots[i].type, slot, s_.lists[i]);
      }
    }
    return true;
  }

  const json* locate(const std::vector<std::string>& keys) {
    const json* at = &s_.doc;
    for (const std::string& key : keys)
      if (!(at = member(*at, key.c_str()))) return nullptr;
    return at->is_null() ? nullptr : at;
  }

  static void present(SlotValue& slot, Value v) {
    slot.state = SlotValue::State::kPresent;
    slot.value = v;
  }

  static Value text(ValueType type, std::string_view s) {
    Value v;
    v.type = type;
    v.text = s;
    return v;
  }

  void fromCatalog(SlotValue& slot, const std::string& key, std::vector<Value>& items) {
    const WorkDef& w = *catalog_;
    if (key == "id") present(slot, text(ValueType::kString, w.id));
    else if (key == "isrc" && w.hasIsrc) present(slot, text(ValueType::kString, w.isrc));
    else if (key == "iswc" && w.hasIswc) present(slot, text(ValueType::kString, w.iswc));
    else if (key == "title" && w.hasTitle) present(slot, text(ValueType::kString, w.title));
    else if (key == "genre" && w.hasGenre) present(slot, text(ValueType::kString, w.genre));
    else if (key == "release_date" && w.hasReleaseDate) {
      Value v;
      v.type = ValueType::kTime;
      v.number = w.releaseDate;
      present(slot, v);
    } else if (key == "tags" && w.hasTags) {
      items.clear();
      for (const std::string& t : w.tags) items.push_back(text(ValueType::kString, t));
      Value v = text(ValueType::kString, {});
      v.isList = true;
      v.items = items.data();
      v.count = static_cast<uint32_t>(items.size());
      present(slot, v);
    }
  }

  bool scalar(const json& j, ValueType type, Value* v, std::string* why) {
    v->type = type;
    v->isList = false;
    switch (type) {
      case ValueType::kBool:
        if (!j.is_boolean()) break;
        v->number = j.get<bool>();
        return true;
      case ValueType::kInt:
        if (!j.is_number_integer() || (j.is_number_unsigned() && j.get<uint64_t>() > INT64_MAX)) break;
        v->number = j.get<int64_t>();
        return true;
      case ValueType::kString:
        if (!j.is_string()) break;
        v->text = j.get_ref<const std::string&>();
        return true;
      default:
        return textual(j, type, v, why);
    }
    *why = "expected " + typeWord(type);
    return false;
  }

  // Money, percent, time, territory and use arrive as JSON strings.
  bool textual(const json& j, ValueType type, Value* v, std::string* why) {
    *why = "expected " + typeWord(type);
    if (!j.is_string()) return false;
    const std::string& s = j.get_ref<const std::string&>();
    switch (type) {
      case ValueType::kMoney: {
        std::string currency;
        if (!parseMoneyText(s, &v->number, &currency)) { *why = "expected money such as \"50000.00 USD\""; return false; }
        v->currency = packCurrency(currency);
        return true;
      }
      case ValueType::kPercent: return parsePercentText(s, &v->number);
      case ValueType::kTime:
        if (parseTime(s, &v->number)) return true;
        *why = "expected an RFC 3339 time";
        return false;
      case ValueType::kTerritory:
        if (std::binary_search(b_.territories.begin(), b_.territories.end(), s)) { v->text = s; return true; }
        *why = "unknown territory `" + s + "`";
        return false;
      case ValueType::kUse: {
        auto it = l_.useByName.find(s);
        if (it == l_.useByName.end()) { *why = "unknown use `" + s + "`"; return false; }
        v->number = it->second;
        return true;
      }
      default:
        return false;
    }
  }

  static std::string typeWord(ValueType t) {
    static const char* kNames[] = {"", "a bool", "an integer", "a string", "money", "a percent", "a time", "a territory", "a use"};
    return kNames[static_cast<int>(t)];
  }

  void convert(const json& j, uint8_t slotType, SlotValue& slot, std::vector<Value>& items) {
    ValueType type = static_cast<ValueType>(slotType & ~kListFlag);
    Value v;
    if (!(slotType & kListFlag)) {
      if (scalar(j, type, &v, &slot.problem)) present(slot, v);
      else slot.state = SlotValue::State::kMistyped;
      return;
    }
    items.clear();
    bool ok = j.is_array();
    if (!ok) slot.problem = "expected a list";
    for (size_t k = 0; ok && k < j.size(); ++k) {
      ok = scalar(j[k], type, &v, &slot.problem);
      items.push_back(v);
    }
    if (!ok) { slot.state = SlotValue::State::kMistyped; return; }
    v = Value{};
    v.type = type;
    v.isList = true;
    v.items = items.data();
    v.count = static_cast<uint32_t>(items.size());
    present(slot, v);
  }

  const LoadedBundle& l_;
  const Bundle& b_;
  Scratch& s_;
  const WorkDef* catalog_ = nullptr;
};

}  // namespace

bool readRequest(const LoadedBundle& l, std::string_view json, Scratch& s, DecisionError* error) {
  return Reader(l, s).run(json, error);
}

std::string formatValue(const Value& v, const Bundle& b) {
  switch (v.type) {
    case ValueType::kBool: return v.number ? "true" : "false";
    case ValueType::kInt: return std::to_string(v.number);
    case ValueType::kMoney: return formatMicros(v.number) + " " + unpackCurrency(v.currency);
    case ValueType::kPercent: return formatPercent(v.number);
    case ValueType::kTime: return formatTime(v.number);
    case ValueType::kUse: return b.uses[v.number].name;
    default: return std::string(v.text);
  }
}

}  // namespace refrain::runtime
