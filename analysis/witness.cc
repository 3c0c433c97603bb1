// A model of the solver back to a request JSON that the runtime can decide.
#include <nlohmann/json.hpp>

#include "analysis/request_model.h"
#include "runtime/time.h"

namespace refrain::analysis {

using runtime::ValueType;
using Json = nlohmann::ordered_json;

namespace {

int64_t intOf(const z3::model& m, const z3::expr& e) {
  z3::expr v = m.eval(e, true);
  int64_t out = 0;
  if (!v.is_numeral_i64(out)) throw std::runtime_error("a number outside 64 bits");
  return out;
}

std::string money(int64_t micros, const std::string& currency) {
  const bool negative = micros < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%llu.%06llu %s", negative ? "-" : "", static_cast<unsigned long long>(magnitude / 1000000),
                static_cast<unsigned long long>(magnitude % 1000000), currency.c_str());
  return buf;
}

std::string percent(int64_t ppm) {  // ppm of the whole: 1% = 10,000
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%04lld%%", static_cast<long long>(ppm / 10000), static_cast<long long>(ppm % 10000));
  return buf;
}

// The items of a sequence value, in order.
void seqItems(const z3::expr& seq, std::vector<z3::expr>* out) {
  if (seq.is_app() && seq.decl().decl_kind() == Z3_OP_SEQ_CONCAT) {
    for (unsigned i = 0; i < seq.num_args(); ++i) seqItems(seq.arg(i), out);
  } else if (seq.is_app() && seq.decl().decl_kind() == Z3_OP_SEQ_UNIT) {
    out->push_back(seq.arg(0));
  }  // seq.empty adds nothing
}

class Writer {
 public:
  Writer(const z3::model& m, const SharedTables& t) : m_(m), t_(t) {}

  // A scalar's JSON; false when the model's value cannot be written (the
  // analyser then reports the query as unknown).
  bool scalar(ValueType type, const z3::expr& value, const z3::expr& currency, Json* out) {
    z3::expr v = m_.eval(value, true);
    switch (type) {
      case ValueType::kBool: *out = v.is_true(); return true;
      case ValueType::kString: {
        std::string s;
        if (!stringFromModel(v, &s)) return false;
        *out = s;
        return true;
      }
      case ValueType::kInt: *out = intOf(m_, v); return true;
      case ValueType::kMoney: {
        int64_t c = intOf(m_, currency);
        if (c < 0 || c >= static_cast<int64_t>(t_.currencies.size())) return false;
        *out = money(intOf(m_, v), t_.currencies[static_cast<size_t>(c)]);
        return true;
      }
      case ValueType::kPercent: *out = percent(intOf(m_, v)); return true;
      case ValueType::kTime: *out = runtime::formatTime(intOf(m_, v)); return true;
      case ValueType::kTerritory: return indexed(t_.territories, intOf(m_, v), out);
      case ValueType::kUse: return indexed(t_.uses, intOf(m_, v), out);
    }
    return false;
  }

  bool value(const SymValue& v, Json* out) {
    if (!v.isList()) return scalar(v.scalarType(), v.value, v.currency, out);
    std::vector<z3::expr> items;
    seqItems(m_.eval(v.value, true), &items);
    *out = Json::array();
    for (const z3::expr& item : items) {
      Json j;
      // An item no scalar of the language can equal (a territory index past
      // the table, an int past 64 bits) matches nothing: leaving it out
      // changes no decision.
      try {
        if (scalar(v.scalarType(), item, item, &j)) out->push_back(j);
      } catch (const std::runtime_error&) {
      }
    }
    return true;
  }

 private:
  static bool indexed(const std::vector<std::string>& table, int64_t i, Json* out) {
    if (i < 0 || i >= static_cast<int64_t>(table.size())) return false;
    *out = table[static_cast<size_t>(i)];
    return true;
  }

  const z3::model& m_;
  const SharedTables& t_;
};

// The JSON node at a dotted path, objects made on the way.
Json& at(Json& root, const std::string& path) {
  Json* node = &root;
  size_t start = 0;
  for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1) {
    Json& child = (*node)[path.substr(start, dot - start)];
    if (!child.is_object()) child = Json::object();
    node = &child;
  }
  return (*node)[path.substr(start)];
}

// A value no slot of `type` accepts: reading it is a type mismatch.
Json mistyped(uint8_t type) {
  return (type & ~runtime::kListFlag) == static_cast<uint8_t>(ValueType::kInt) && !(type & runtime::kListFlag) ? Json("mistyped")
                                                                                                              : Json(0);
}

}  // namespace

bool RequestModel::witness(const z3::model& model, std::string* json, std::string* why) const {
  try {
    Writer w(model, tables_);
    Json request = Json::object();
    request["use"] = tables_.uses[use_];
    request["requester"] = Json::object();
    request["work"] = Json::object();
    request["context"] = Json::object();
    request["context"]["time"] = runtime::formatTime(intOf(model, time_));
    std::vector<const PathVar*> wrongType;
    for (const auto& var : paths_) {
      if (!model.eval(var->present, true).is_true()) continue;
      if (!model.eval(var->typed, true).is_true()) {
        wrongType.push_back(var.get());
        continue;
      }
      Json value;
      if (!w.value(var->value, &value)) {
        *why = "the solver's value of `" + var->path + "` cannot be written as JSON";
        return false;
      }
      at(request, var->path.find('.') == std::string::npos ? "context." + var->path : var->path) = value;
    }
    for (const PathVar* var : wrongType) {
      Json& node = at(request, var->path);
      if (!node.is_object()) node = mistyped(var->type);  // an object (a field below it is set) is mistyped already
    }
    if (anySideUsesRequestHolders_) {
      Json holders = Json::array();
      for (const HolderTerm& h : requestHolders_) {
        if (!model.eval(h.holds, true).is_true()) continue;
        Json entry = {{"party", h.party}, {"role", h.role}};
        if (model.eval(requestWeighted_.at(h.role), true).is_true()) entry["share"] = intOf(model, h.weight);
        holders.push_back(entry);
      }
      request["work"]["rightsholders"] = holders;
    }
    for (const char* root : {"requester", "work", "context"})
      if (request[root].empty() && std::string(root) == "requester") request.erase(root);
    *json = request.dump();
    return true;
  } catch (const std::exception& e) {
    *why = std::string("the solver's model cannot be written as a request: ") + e.what();
    return false;
  }
}

}  // namespace refrain::analysis
