#include "analysis/request_model.h"

#include <algorithm>

#include "runtime/time.h"

namespace refrain::analysis {

using runtime::FieldSlot;
using runtime::kListFlag;
using runtime::ValueType;
using runtime::WorkDef;

namespace {

int64_t indexIn(const std::vector<std::string>& sorted, const std::string& text) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), text);
  return it != sorted.end() && *it == text ? it - sorted.begin() : -1;
}

void addSorted(std::vector<std::string>* into, const std::vector<std::string>& items) {
  into->insert(into->end(), items.begin(), items.end());
  std::sort(into->begin(), into->end());
  into->erase(std::unique(into->begin(), into->end()), into->end());
}

// Where the runtime takes a slot from (runtime/index.cc): the use, a
// catalog work's field, a work field only a request's own work has, or the request.
enum class Source { kUse, kCatalogField, kOtherWorkField, kRequest };

Source sourceOf(const std::string& path) {
  static const char* kCatalogFields[] = {"work.id",    "work.isrc",         "work.iswc", "work.title",
                                         "work.genre", "work.release_date", "work.tags", "work.contains_ai"};
  if (path == "use") return Source::kUse;
  for (const char* f : kCatalogFields)
    if (path == f) return Source::kCatalogField;
  return path.compare(0, 5, "work.") == 0 ? Source::kOtherWorkField : Source::kRequest;
}

const char* typeName(uint8_t type) {
  static const char* kNames[] = {"?", "bool", "int", "string", "money", "percent", "time", "territory", "use"};
  uint8_t scalar = type & ~kListFlag;
  return scalar <= 8 ? kNames[scalar] : "?";
}

std::string typeText(uint8_t type) {
  return (type & kListFlag) ? std::string("list of ") + typeName(type) : typeName(type);
}

}  // namespace

std::optional<WorkDef> catalogWork(const runtime::Engine& engine, const std::string& id) {
  size_t lo = 0, hi = engine.workCount();
  while (lo < hi) {  // works are in id order
    size_t mid = (lo + hi) / 2;
    WorkDef w = engine.work(mid);
    if (w.id == id) return w;
    if (w.id < id) lo = mid + 1;
    else hi = mid;
  }
  return std::nullopt;
}

nlohmann::ordered_json catalogWorkJson(const WorkDef& w) {
  nlohmann::ordered_json work = {{"id", w.id}};
  if (w.hasIsrc) work["isrc"] = w.isrc;
  if (w.hasIswc) work["iswc"] = w.iswc;
  if (w.hasTitle) work["title"] = w.title;
  if (w.hasGenre) work["genre"] = w.genre;
  if (w.hasReleaseDate) work["release_date"] = runtime::formatTime(w.releaseDate);
  if (w.hasTags) work["tags"] = w.tags;
  if (w.hasContainsAi) work["contains_ai"] = w.containsAi;
  return work;
}

int64_t SharedTables::territoryIndex(const std::string& code) const { return indexIn(territories, code); }
int64_t SharedTables::currencyIndex(const std::string& code) const { return indexIn(currencies, code); }
int64_t SharedTables::partyIndex(const std::string& party) const { return indexIn(parties, party); }

std::optional<SharedTables> sharedTables(const std::vector<const runtime::Engine*>& sides, std::string* error) {
  SharedTables t;
  for (size_t i = 0; i < sides.size(); ++i) {
    const runtime::Bundle& b = sides[i]->bundle();
    std::vector<std::string> uses;
    for (const runtime::UseDef& u : b.uses) uses.push_back(u.name);
    if (i == 0) {
      t.uses = uses;
      t.roles = b.roles;
    } else if (uses != t.uses || b.roles != t.roles || b.territories != sides[0]->bundle().territories ||
               b.currencies != sides[0]->bundle().currencies) {
      *error = "the bundles have different use trees, roles, territories or currencies: they were built by different versions of Refrain";
      return std::nullopt;
    }
    addSorted(&t.territories, b.territories);
    addSorted(&t.currencies, b.currencies);
    std::vector<std::string> parties;
    for (const runtime::PolicyDef& p : b.policies) parties.push_back(p.party);
    addSorted(&t.parties, parties);
  }
  return t;
}

RequestModel::RequestModel(z3::context& ctx, const SharedTables& tables, uint32_t use, const WorkChoice& work,
                           const std::vector<const runtime::Engine*>& sides, std::optional<int64_t> at)
    : ctx_(ctx), tables_(tables), use_(use), work_(work), time_(ctx), domain_(ctx) {
  if (at) {
    time_ = ctx.int_val(*at);
  } else {
    time_ = ctx.int_const("context.time");
    domain_.push_back(time_ >= ctx.int_val(runtime::kFirstTime) && time_ <= ctx.int_val(runtime::kLastTime));
  }
  for (const runtime::Engine* engine : sides) {
    Side side;
    side.engine = engine;
    if (work.catalogId) side.catalogWork = catalogWork(*engine, *work.catalogId);
    anySideUsesRequestHolders_ = anySideUsesRequestHolders_ || !side.catalogWork;
    sides_.push_back(std::move(side));
  }
  if (anySideUsesRequestHolders_) buildRequestHolders();  // a catalog work's holders are the catalog's
  for (Side& side : sides_) {
    if (!side.catalogWork) {
      side.holders = requestHolders_;
      continue;
    }
    for (const runtime::HolderDef& h : side.catalogWork->holders)
      side.holders.push_back({h.party, h.role, tables.partyIndex(h.party) >= 0, ctx.bool_val(true),
                              ctx.int_val(h.hasShare ? h.weight : 0)});
  }
  // The request names the work: the catalog's id, or one no catalog has
  // (the analyser adds `!=` for each catalog id a model happens to pick).
  Unsupported ignored;
  PathVar& id = pathVar("work.id", static_cast<uint8_t>(ValueType::kString), &ignored);
  domain_.push_back(id.present && id.typed);  // a request without one is no request
  if (work.catalogId) domain_.push_back(id.value.value == stringTerm(ctx, *work.catalogId, &unsupported_));
}

void RequestModel::buildRequestHolders() {
  // Every (party, role) a policy's party might hold, and for each role one
  // party that issues no policy: it speaks for nobody, and is silent when
  // its consent is needed. More such parties change no decision: they are
  // all silent, and a split's shares are weights the solver picks anyway.
  for (const std::string& role : tables_.roles) {
    for (const std::string& party : tables_.parties) {
      const std::string name = party + "@" + role;
      requestHolders_.push_back({party, role, true, ctx_.bool_const(("holds:" + name).c_str()),
                                 ctx_.int_const(("weight:" + name).c_str())});
    }
    std::string other = "other-" + role;
    while (tables_.partyIndex(other) >= 0) other += "-";
    requestHolders_.push_back({other, role, false, ctx_.bool_const(("holds:" + other).c_str()),
                               ctx_.int_const(("weight:" + other).c_str())});
    requestWeighted_.emplace(role, ctx_.bool_const(("weighted:" + role).c_str()));
  }
  for (const HolderTerm& h : requestHolders_) domain_.push_back(h.weight >= 0 && h.weight <= ctx_.int_val(kInt64Max));
  // No more holders than the runtime reads (RequestLimits): a longer list is refused before any rule.
  size_t limit = SIZE_MAX;
  for (const Side& side : sides_) limit = std::min(limit, side.engine->limits().maxRightsHolders);
  if (requestHolders_.size() <= limit) return;  // the usual case: even all of them are few enough
  z3::expr count = ctx_.int_val(0);
  for (const HolderTerm& h : requestHolders_) count = count + z3::ite(h.holds, ctx_.int_val(1), ctx_.int_val(0));
  domain_.push_back(count <= ctx_.int_val(static_cast<int64_t>(limit)));
}

z3::expr RequestModel::weighted(size_t side, const std::string& role) const {
  const Side& s = sides_[side];
  if (!s.catalogWork) return requestWeighted_.at(role);
  for (const runtime::HolderDef& h : s.catalogWork->holders)
    if (h.role == role) return ctx_.bool_val(h.hasShare);  // a catalog gives shares to all of a role or none
  return ctx_.bool_val(false);
}

SymValue RequestModel::freshValue(const std::string& name, uint8_t type) {
  SymValue v(ctx_);
  v.type = type;
  const ValueType scalar = static_cast<ValueType>(type & ~kListFlag);
  if (type & kListFlag) {
    z3::sort element = scalar == ValueType::kBool     ? ctx_.bool_sort()
                       : scalar == ValueType::kString ? ctx_.string_sort()
                                                      : ctx_.int_sort();
    v.value = ctx_.constant(name.c_str(), ctx_.seq_sort(element));
    return v;
  }
  switch (scalar) {
    case ValueType::kBool: v.value = ctx_.bool_const(name.c_str()); break;
    case ValueType::kString: v.value = ctx_.string_const(name.c_str()); break;
    default: v.value = ctx_.int_const(name.c_str()); break;
  }
  v.currency = ctx_.int_const(("currency:" + name).c_str());
  return v;
}

// The value domain of each type, as the request reader accepts it.
static z3::expr valueDomain(z3::context& ctx, const SymValue& v, const SharedTables& t) {
  if (v.isList()) return ctx.bool_val(true);  // out-of-range items match nothing a policy can hold; witness() drops them
  const z3::expr& x = v.value;
  switch (v.scalarType()) {
    case ValueType::kInt: return inInt64(x);
    case ValueType::kMoney:
      return inInt64(x) && v.currency >= 0 && v.currency < ctx.int_val(static_cast<int64_t>(t.currencies.size()));
    case ValueType::kPercent: return x >= 0 && x <= ctx.int_val(kInt64Max / 100);
    case ValueType::kTime: return x >= ctx.int_val(runtime::kFirstTime) && x <= ctx.int_val(runtime::kLastTime);
    case ValueType::kTerritory: return x >= 0 && x < ctx.int_val(static_cast<int64_t>(t.territories.size()));
    case ValueType::kUse: return x >= 0 && x < ctx.int_val(static_cast<int64_t>(t.uses.size()));
    default: return ctx.bool_val(true);
  }
}

z3::expr RequestModel::workIdTerm() const {
  for (const auto& var : paths_)
    if (var->path == "work.id") return var->value.value;
  return ctx_.string_val("");  // never: the constructor makes it
}

z3::expr RequestModel::fresh(const z3::sort& sort) {
  return ctx_.constant(("unknown:" + std::to_string(freshCount_++)).c_str(), sort);
}

RequestModel::PathVar& RequestModel::pathVar(const std::string& path, uint8_t type, Unsupported* unsupported, bool forValue) {
  for (auto& var : paths_) {
    if (var->path != path) continue;
    if (!forValue) return *var;  // presence is the path's, whatever type reads it
    if (var->type == type) {
      var->valueRead = true;
      return *var;
    }
    if (!var->valueRead) {
      // Only `has` read it so far (the compiler gives `has` of a custom
      // field a string slot when no other slot of the path comes first):
      // its value takes this type. The new value is a term of its own, so
      // the domain of the old one constrains nothing that is read.
      var->type = type;
      var->valueRead = true;
      var->value = freshValue(path + "#" + typeText(type), type);
      domain_.push_back(valueDomain(ctx_, var->value, tables_));
      return *var;
    }
    // Read as two types: one JSON value is at most one of them. Each
    // reading gets terms of its own but the presence, so the encoding allows
    // more than the runtime, never less, and a witness that relies on both
    // will not check.
    unsupported->add("`" + path + "` is read as " + typeText(var->type) + " in one place and as " + typeText(type) +
                     " in another");
    auto other = std::make_unique<PathVar>(PathVar{path, type, var->present, fresh(ctx_.bool_sort()),
                                                   freshValue("unknown:" + std::to_string(freshCount_++), type)});
    domain_.push_back(z3::implies(other->typed, other->present));
    domain_.push_back(valueDomain(ctx_, other->value, tables_));
    mistypedReads_.push_back(std::move(other));
    return *mistypedReads_.back();
  }
  auto var = std::make_unique<PathVar>(PathVar{path, type, ctx_.bool_const(("has:" + path).c_str()),
                                               ctx_.bool_const(("typed:" + path).c_str()), freshValue(path, type), forValue});
  domain_.push_back(z3::implies(var->typed, var->present));
  domain_.push_back(valueDomain(ctx_, var->value, tables_));
  // JSON has one value per path: a field under another is present only
  // when that one is an object, which is the wrong type for any slot.
  static const char* kFixed[] = {"use", "work.id", "context.time"};
  for (const char* fixed : kFixed)
    if (path.compare(0, std::string(fixed).size() + 1, std::string(fixed) + ".") == 0) domain_.push_back(!var->present);
  for (auto& other : paths_) {
    if (path.compare(0, other->path.size() + 1, other->path + ".") == 0)
      domain_.push_back(z3::implies(var->present, other->present && !other->typed));
    if (other->path.compare(0, path.size() + 1, path + ".") == 0)
      domain_.push_back(z3::implies(other->present, var->present && !var->typed));
  }
  paths_.push_back(std::move(var));
  return *paths_.back();
}

SymValue RequestModel::constantOf(const WorkDef& work, const std::string& path, bool* present) {
  SymValue v(ctx_);
  v.type = static_cast<uint8_t>(ValueType::kString);
  *present = true;
  auto text = [&](bool has, const std::string& s) {
    *present = has;
    v.value = stringTerm(ctx_, s, &unsupported_);
    return v;
  };
  if (path == "work.id") return text(true, work.id);
  if (path == "work.isrc") return text(work.hasIsrc, work.isrc);
  if (path == "work.iswc") return text(work.hasIswc, work.iswc);
  if (path == "work.title") return text(work.hasTitle, work.title);
  if (path == "work.genre") return text(work.hasGenre, work.genre);
  if (path == "work.contains_ai") return text(work.hasContainsAi, work.containsAi);
  if (path == "work.release_date") {
    *present = work.hasReleaseDate;
    v.type = static_cast<uint8_t>(ValueType::kTime);
    v.value = ctx_.int_val(work.releaseDate);
    return v;
  }
  // work.tags: a literal list.
  *present = work.hasTags;
  v.type = static_cast<uint8_t>(ValueType::kString) | kListFlag;
  v.literal = true;
  for (const std::string& tag : work.tags) {
    SymValue item(ctx_);
    item.type = static_cast<uint8_t>(ValueType::kString);
    item.value = stringTerm(ctx_, tag, &unsupported_);
    v.items.push_back(item);
  }
  return v;
}

z3::expr RequestModel::present(size_t side, const FieldSlot& slot, Unsupported* unsupported) {
  const Source source = sourceOf(slot.path);
  if (source == Source::kUse || slot.path == "context.time" || (sides_[side].catalogWork && source != Source::kRequest))
    return read(side, slot, unsupported).present;
  return pathVar(slot.path, slot.type, unsupported, false).present;
}

FieldRead RequestModel::read(size_t side, const FieldSlot& slot, Unsupported* unsupported) {
  const Source source = sourceOf(slot.path);
  const Side& s = sides_[side];
  if (source == Source::kUse) {
    SymValue v(ctx_);
    v.type = static_cast<uint8_t>(ValueType::kUse);
    v.value = ctx_.int_val(static_cast<int64_t>(use_));
    return {ctx_.bool_val(true), ctx_.bool_val(true), v};
  }
  if (slot.path == "context.time") {
    SymValue v(ctx_);
    v.type = static_cast<uint8_t>(ValueType::kTime);
    v.value = time_;
    return {ctx_.bool_val(true), ctx_.bool_val(slot.type == static_cast<uint8_t>(ValueType::kTime)), v};
  }
  if (s.catalogWork && source != Source::kRequest) {
    bool present = false;
    // Another work field: a catalog work has none; a fresh term stands for its (never read) value.
    SymValue v = source == Source::kCatalogField ? constantOf(*s.catalogWork, slot.path, &present)
                                                 : freshValue("unknown:" + std::to_string(freshCount_++), slot.type);
    const bool typed = present && v.type == slot.type;
    return {ctx_.bool_val(present), ctx_.bool_val(typed), v};
  }
  PathVar& var = pathVar(slot.path, slot.type, unsupported);
  return {var.present, var.typed, var.value};
}

void RequestModel::requireWellTyped() {
  for (auto& var : paths_) domain_.push_back(z3::implies(var->present, var->typed));
}

}  // namespace refrain::analysis
