// The request reader: request JSON to the slots the bundle reads, with catalog data taking precedence.
#include <algorithm>

#include "runtime/money.h"
#include "runtime/request_scan.h"
#include "runtime/scratch.h"
#include "runtime/time.h"

namespace refrain::runtime {

namespace {

bool fail(DecisionError* error, const char* code, std::string message) {
  error->code = code;
  error->message = std::move(message);
  return false;
}

using Kind = RawValue::Kind;

class Reader {
 public:
  Reader(const LoadedBundle& l, Scratch& s, RequestMode mode) : l_(l), b_(l.bundle), s_(s), mode_(mode) {}

  bool run(std::string_view text, DecisionError* error) {
    s_.raw.resize(l_.targetCount);
    for (RawValue& v : s_.raw) v.kind = Kind::kAbsent;
    if (text.size() > l_.limits.maxRequestBytes)
      return fail(error, "request_too_large", "request is larger than " + std::to_string(l_.limits.maxRequestBytes) + " bytes");
    ScanResult scan = scanRequest(l_, text, l_.limits.maxJsonDepth, s_);
    if (scan == ScanResult::kTooDeep)
      return fail(error, "request_too_deep", "request nests deeper than " + std::to_string(l_.limits.maxJsonDepth) + " levels");
    if (scan == ScanResult::kInvalidJson) return fail(error, "invalid_json", "request is not valid JSON");
    if (scan == ScanResult::kDuplicateKey)
      return fail(error, "invalid_request", "request repeats the key `" + s_.duplicateKey + "`");
    if (!s_.rootIsObject) return fail(error, "invalid_request", "request must be a JSON object");
    if (mode_ == RequestMode::kPartial) return partial(error) && fillSlots();
    return use(error) && work(error) && requestTime(error) && holders(error) && fillSlots();
  }

 private:
  const RawValue& raw(int target) const { return s_.raw[target]; }

  // RequestMode::kPartial: the use and the work's catalog entry when the
  // request has them; nothing is required, so a half-built request can
  // still answer an expression. A field it lacks reads as missing.
  bool partial(DecisionError* error) {
    const RawValue& u = raw(kUseTarget);
    hasUse_ = u.kind != Kind::kAbsent && u.kind != Kind::kNull;
    if (hasUse_ && !use(error)) return false;
    const RawValue& id = raw(kWorkIdTarget);
    catalog_ = false;
    if (raw(kWorkTarget).kind == Kind::kObject && id.kind == Kind::kString) {
      s_.request.workId = id.text;
      catalog_ = l_.catalog.lookup(s_.request.workId, &s_.work);
    }
    return true;
  }

  bool use(DecisionError* error) {
    const RawValue& u = raw(kUseTarget);
    if (u.kind == Kind::kAbsent || u.kind == Kind::kNull) return fail(error, "missing_use", "request has no `use`");
    if (u.kind != Kind::kString) return fail(error, "invalid_request", "`use` must be a string");
    int64_t found = l_.useIndex.find(u.text);
    if (found < 0) return fail(error, "unknown_use", "unknown use `" + std::string(u.text) + "`");
    s_.request.use = static_cast<uint32_t>(found);
    return true;
  }

  bool work(DecisionError* error) {
    const RawValue& w = raw(kWorkTarget);
    if (w.kind == Kind::kAbsent || w.kind == Kind::kNull) return fail(error, "missing_work", "request has no `work`");
    if (w.kind != Kind::kObject) return fail(error, "invalid_request", "`work` must be an object");
    const RawValue& id = raw(kWorkIdTarget);
    if (id.kind != Kind::kString) return fail(error, "missing_work", "request has no `work.id` string");
    s_.request.workId = id.text;
    catalog_ = l_.catalog.lookup(s_.request.workId, &s_.work);
    return true;
  }

  bool requestTime(DecisionError* error) {
    const RawValue& t = raw(kTimeTarget);
    if (t.kind == Kind::kAbsent || t.kind == Kind::kNull) return fail(error, "missing_time", "request has no `context.time`");
    if (t.kind != Kind::kString || !parseTime(t.text, &s_.request.time))
      return fail(error, "invalid_request", "`context.time` must be an RFC 3339 time such as `2026-05-01T00:00:00Z`");
    return true;
  }

  bool role(std::string_view r) {
    return std::find(b_.roles.begin(), b_.roles.end(), r) != b_.roles.end();
  }

  bool holders(DecisionError* error) {
    s_.holders.clear();
    if (catalog_) {
      for (const HolderView& h : s_.work.holders)
        s_.holders.push_back({l_.catalogName(h.partyString), h.role, h.hasShare, h.weight});  // by number, checked at load
    } else if (s_.holdersSeen) {
      if (!s_.holdersIsArray) return fail(error, "invalid_request", "`work.rightsholders` must be a list");
      if (s_.rawHolders.size() > l_.limits.maxRightsHolders)
        return fail(error, "invalid_request", "`work.rightsholders` lists more than " +
                                                  std::to_string(l_.limits.maxRightsHolders) + " rights holders");
      for (const RawHolder& h : s_.rawHolders)
        if (!holder(h, error)) return false;
      if (!sharesConsistent(error)) return false;
    }
    if (s_.holders.empty())
      return fail(error, "no_rightsholders", "work `" + std::string(s_.request.workId) + "` has no rights holders");
    return true;
  }

  bool holder(const RawHolder& h, DecisionError* error) {
    if (!h.isObject || h.party.kind != Kind::kString || h.role.kind != Kind::kString)
      return fail(error, "invalid_request", "each rights holder needs a `party` and a `role` string");
    if (!role(h.role.text)) return fail(error, "invalid_request", "unknown role `" + std::string(h.role.text) + "` in `work.rightsholders`");
    Holder out{DecisionText::checked(h.party.text), h.role.text, false, 0};  // a request's party: checked here, once
    if (h.share.kind != Kind::kAbsent) {
      out.hasShare = true;
      out.percent = h.share.kind == Kind::kString;
      bool ok = out.percent ? parsePercentText(h.share.text, &out.weight)
                            : h.share.kind == Kind::kInt && (out.weight = h.share.number) >= 0;
      if (!ok || out.weight < 0)
        return fail(error, "invalid_request", "a `share` must be a percent such as \"50%\" or an integer weight of 0 or more");
    }
    // The same party listed twice in one role is one holder: its shares add up.
    for (Holder& seen : s_.holders)
      if (seen.party.text() == out.party.text() && seen.role == out.role) {
        if (seen.hasShare != out.hasShare || seen.percent != out.percent)
          return fail(error, "invalid_request", "party `" + std::string(h.party.text) + "` is listed twice as `" + std::string(h.role.text) + "`, once without a share");
        if (!checkedAdd(seen.weight, out.weight, &seen.weight))
          return fail(error, "invalid_request", "the shares of `" + std::string(h.party.text) + "` overflow");
        return true;
      }
    s_.holders.push_back(out);
    return true;
  }

  // As in a catalog: within a role, either every holder has a share or none
  // does, and shares are all percents or all integer weights. Percents need
  // not total 100%: a split divides a role's portion in proportion to them.
  bool sharesConsistent(DecisionError* error) {
    for (const Holder& a : s_.holders) {
      for (const Holder& b : s_.holders) {
        if (a.role != b.role) continue;
        const std::string role(a.role);
        if (a.hasShare != b.hasShare)
          return fail(error, "invalid_request", "either every `" + role + "` in `work.rightsholders` has a share or none does");
        if (a.percent != b.percent)
          return fail(error, "invalid_request", "`" + role + "` shares in `work.rightsholders` mix percents and weights");
      }
    }
    return true;
  }

  bool fillSlots() {
    s_.slots.resize(b_.slots.size());
    s_.lists.resize(std::max(s_.lists.size(), b_.slots.size()));
    for (size_t i = 0; i < b_.slots.size(); ++i) {
      SlotValue& slot = s_.slots[i];
      slot.state = SlotValue::State::kMissing;
      slot.problem.clear();
      const SlotSource source = l_.slotSource[i];
      if (source == SlotSource::kUse) {
        if (!hasUse_) continue;
        Value v;
        v.type = ValueType::kUse;
        v.number = s_.request.use;
        present(slot, v);
      } else if (catalog_ && source != SlotSource::kRequest) {
        fromCatalog(slot, source, s_.lists[i]);
      } else {
        const RawValue& r = raw(l_.slotTarget[i]);
        if (r.kind != Kind::kAbsent && r.kind != Kind::kNull) convert(r, b_.slots[i].type, slot, s_.lists[i]);
      }
    }
    return true;
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

  static Value listOf(ValueType type, const std::vector<Value>& items) {
    Value v;
    v.type = type;
    v.isList = true;
    v.items = items.data();
    v.count = static_cast<uint32_t>(items.size());
    return v;
  }

  void fromCatalog(SlotValue& slot, SlotSource source, std::vector<Value>& items) {
    const WorkView& w = s_.work;
    switch (source) {
      case SlotSource::kWorkId: return present(slot, text(ValueType::kString, w.id));
      case SlotSource::kWorkIsrc: if (w.hasIsrc) present(slot, text(ValueType::kString, w.isrc)); return;
      case SlotSource::kWorkIswc: if (w.hasIswc) present(slot, text(ValueType::kString, w.iswc)); return;
      case SlotSource::kWorkTitle: if (w.hasTitle) present(slot, text(ValueType::kString, w.title)); return;
      case SlotSource::kWorkGenre: if (w.hasGenre) present(slot, text(ValueType::kString, w.genre)); return;
      case SlotSource::kWorkContainsAi:
        if (w.hasContainsAi) present(slot, text(ValueType::kString, w.containsAi));
        return;
      case SlotSource::kWorkReleaseDate:
        if (w.hasReleaseDate) {
          Value v;
          v.type = ValueType::kTime;
          v.number = w.releaseDate;
          present(slot, v);
        }
        return;
      case SlotSource::kWorkTags:
        if (!w.hasTags) return;
        items.clear();
        for (std::string_view t : w.tags) items.push_back(text(ValueType::kString, t));
        return present(slot, listOf(ValueType::kString, items));
      default:
        return;  // other work fields: a catalog work has none
    }
  }

  bool scalar(const RawValue& r, ValueType type, Value* v, std::string* why) {
    v->type = type;
    v->isList = false;
    switch (type) {
      case ValueType::kBool:
        if (r.kind != Kind::kBool) break;
        v->number = r.number;
        return true;
      case ValueType::kInt:
        if (r.kind != Kind::kInt) break;
        v->number = r.number;
        return true;
      case ValueType::kString:
        if (r.kind != Kind::kString) break;
        v->text = r.text;
        return true;
      default:
        return textual(r, type, v, why);
    }
    *why = "expected " + typeWord(type);
    return false;
  }

  // Money, percent, time, territory and use arrive as JSON strings.
  bool textual(const RawValue& r, ValueType type, Value* v, std::string* why) {
    if (r.kind != Kind::kString) {
      *why = "expected " + typeWord(type);
      return false;
    }
    const std::string_view s = r.text;
    switch (type) {
      case ValueType::kMoney: {
        if (!parseMoneyText(s, &v->number, nullptr)) {
          *why = "expected money such as \"50000.00 USD\"";
          return false;
        }
        std::string_view code = std::string_view(s).substr(s.size() - 3);
        if (currencyPosition(l_, packCurrency(code)) < 0) {
          *why = "unknown currency `" + std::string(code) + "`";
          return false;
        }
        v->currency = packCurrency(code);
        return true;
      }
      case ValueType::kPercent:
        if (parsePercentText(s, &v->number)) return true;
        *why = "expected a percent such as \"12.5%\"";
        return false;
      case ValueType::kTime:
        if (parseTime(s, &v->number)) return true;
        *why = "expected an RFC 3339 time";
        return false;
      case ValueType::kTerritory:
        if (l_.territoryIndex.contains(s)) { v->text = s; return true; }
        *why = "unknown territory `" + std::string(s) + "`";
        return false;
      case ValueType::kUse: {
        int64_t found = l_.useIndex.find(s);
        if (found < 0) { *why = "unknown use `" + std::string(s) + "`"; return false; }
        v->number = found;
        return true;
      }
      default:
        *why = "expected " + typeWord(type);
        return false;
    }
  }

  static std::string typeWord(ValueType t) {
    static const char* kNames[] = {"", "a bool", "an integer", "a string", "money", "a percent", "a time", "a territory", "a use"};
    return kNames[static_cast<int>(t)];
  }

  void convert(const RawValue& r, uint8_t slotType, SlotValue& slot, std::vector<Value>& items) {
    ValueType type = static_cast<ValueType>(slotType & ~kListFlag);
    if (!(slotType & kListFlag)) {  // converted in place: a mistyped slot's value is never read
      slot.value = Value();
      slot.state = scalar(r, type, &slot.value, &slot.problem) ? SlotValue::State::kPresent : SlotValue::State::kMistyped;
      return;
    }
    Value v;
    items.clear();
    bool ok = r.kind == Kind::kArray;
    if (!ok) slot.problem = "expected a list";
    for (size_t k = 0; ok && k < r.items.size(); ++k) {
      ok = scalar(r.items[k], type, &v, &slot.problem);
      items.push_back(v);
    }
    if (!ok) {
      slot.state = SlotValue::State::kMistyped;
      return;
    }
    present(slot, listOf(type, items));
  }

  const LoadedBundle& l_;
  const Bundle& b_;
  Scratch& s_;
  const RequestMode mode_;
  bool catalog_ = false;  // the work is in the catalog, decoded into s_.work
  bool hasUse_ = true;    // s_.request.use was read (always, for a decision)
};

}  // namespace

bool readRequest(const LoadedBundle& l, std::string_view json, Scratch& s, DecisionError* error, RequestMode mode) {
  return Reader(l, s, mode).run(json, error);
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
