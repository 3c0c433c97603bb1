// The JSON form of an explanation (explain.h): one line, keys in a fixed order.
#include <initializer_list>
#include <string>
#include <utility>

#include "runtime/explain.h"

namespace refrain::runtime {

namespace {

const char* kindWord(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::kAnd: return "and";
    case ProbeKind::kOr: return "or";
    case ProbeKind::kNot: return "not";
    case ProbeKind::kHas: return "has";
    case ProbeKind::kCondition: break;
  }
  return "condition";
}

class Writer {
 public:
  explicit Writer(std::string* out) : out_(*out) {}

  void explanation(const Explanation& e) {
    out_ += "{\"decision\":" + e.decisionJson + ",\"scopes\":[";
    for (size_t i = 0; i < e.scopes.size(); ++i) scope(e.scopes[i], i);
    out_ += "],\"rules\":[";
    for (size_t i = 0; i < e.rules.size(); ++i) rule(e.rules[i], i);
    out_ += "]}";
  }

 private:
  void key(const char* name) {
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }

  void text(const char* name, const std::string& value) {
    key(name);
    appendJsonString(value, &out_);
  }

  // `"k1":"v1","k2":"v2"`: text fields, in the order given.
  void texts(std::initializer_list<std::pair<const char*, const std::string*>> fields) {
    bool first = true;
    for (const auto& [name, value] : fields) {
      if (!first) out_ += ',';
      first = false;
      text(name, *value);
    }
  }

  void names(const char* name, const std::vector<std::string>& values) {
    key(name);
    out_ += '[';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out_ += ',';
      appendJsonString(values[i], &out_);
    }
    out_ += ']';
  }

  // `"value": TEXT` or `"error": {"code", "message"}`.
  void value(const ShownValue& v) {
    if (v.ok) return text("value", v.text);
    key("error");
    out_ += '{';
    texts({{"code", &v.errorCode}, {"message", &v.errorMessage}});
    out_ += '}';
  }

  void condition(const ExplainedCondition& c) {
    out_ += "{\"kind\":\"";
    out_ += kindWord(c.kind);
    out_ += "\",";
    text("text", c.text);
    out_ += ',';
    value(c.value);
    if (!c.operands.empty()) {
      out_ += ",\"operands\":[";
      for (size_t i = 0; i < c.operands.size(); ++i) {
        out_ += i ? ",{" : "{";
        text("text", c.operands[i].text);
        out_ += ',';
        value(c.operands[i].value);
        out_ += '}';
      }
      out_ += ']';
    }
    if (!c.sides.empty()) {
      out_ += ",\"sides\":[";
      for (size_t i = 0; i < c.sides.size(); ++i) {
        if (i) out_ += ',';
        condition(c.sides[i]);
      }
      out_ += ']';
    }
    out_ += '}';
  }

  void scope(const ExplainedScope& s, size_t index) {
    out_ += index ? ",{" : "{";
    texts({{"party", &s.party}, {"policy", &s.policy}, {"at", &s.at}, {"outcome", &s.outcome}});
    out_ += ",\"on\":";
    condition(s.on);
    out_ += '}';
  }

  void rule(const ExplainedRule& r, size_t index) {
    out_ += index ? ",{" : "{";
    texts({{"party", &r.party}, {"policy", &r.policy}, {"rule", &r.rule}});
    out_ += r.allow ? ",\"effect\":\"allow\"," : ",\"effect\":\"deny\",";
    names("uses", r.uses);
    out_ += ',';
    names("except", r.except);
    out_ += r.decides ? ",\"decides\":true," : ",\"decides\":false,";
    text("outcome", r.outcome);
    if (r.hasWhen) {
      out_ += ",\"when\":";
      condition(r.when);
    }
    out_ += '}';
  }

  std::string& out_;
};

}  // namespace

void writeExplanationJson(const Explanation& e, std::string* out) {
  Writer(out).explanation(e);
}

}  // namespace refrain::runtime
