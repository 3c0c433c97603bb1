// W3C TDMRep, the TDM Reservation Protocol (final community group report,
// 2024-05-10; docs/standards.md, "TDMRep"): the `/.well-known/tdmrep.json`
// file. TDMRep has one bit for all text and data mining, which is the use
// tree's `ai.train` subtree (training, and data mining under
// `ai.train.analytic`); it says nothing of the other uses.
#include <algorithm>

#include "interop/signal_json.h"
#include "interop/signals.h"

namespace refrain::interop {
namespace {

constexpr const char* kMiningUse = "ai.train";

struct Rule {
  std::string location;
  bool reserved = true;
  std::string policy;  // `tdm-policy`, or empty
};

class TdmrepReader {
 public:
  TdmrepReader(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors)
      : json_(fileName, text, errors), out_(out) {}

  bool read() {
    SignalJson root;
    if (!json_.parse(&root)) return false;
    if (!root.is_array())
      return json_.failAt(JsonPointer(), "expected a JSON array of rules, such as [{\"location\": \"/\", \"tdm-reservation\": 1}]");
    if (root.empty()) return json_.failAt(JsonPointer(), "expected at least one rule in the array");
    std::vector<Rule> rules;
    for (size_t i = 0; i < root.size(); ++i) {
      Rule rule;
      if (readRule(JsonPointer() / i, root[i], &rule)) rules.push_back(rule);
    }
    if (!json_.clean()) return false;
    const Rule* chosen = choose(rules);
    if (!chosen)
      return json_.failAt(JsonPointer(),
                          "expected one of the rules to be for `/`: Refrain policies have no paths: keep the rule for `/`");
    out_->uses[kMiningUse] = meaning(*chosen);
    return true;
  }

 private:
  bool readRule(const JsonPointer& at, const SignalJson& value, Rule* out) {
    if (!value.is_object())
      return json_.failAt(at, "expected a rule: an object with `location` and `tdm-reservation`");
    bool ok = true;
    if (!value.contains("location"))
      ok = json_.failAt(at, "expected `location` in the rule: a path starting with `/`");
    else if (!value["location"].is_string() || value["location"].get<std::string>().rfind('/', 0) != 0)
      ok = json_.failAt(at / "location", "expected `location` to be a path starting with `/`");
    else
      out->location = value["location"].get<std::string>();
    // The protocol writes the reservation as the numbers 0 and 1 and calls
    // anything else an error, so `true`, "1" and 1.0 are refused.
    if (!value.contains("tdm-reservation"))
      ok = json_.failAt(at, "expected `tdm-reservation` in the rule: 0 or 1");
    else if (const SignalJson& r = value["tdm-reservation"]; !r.is_number_integer() || (r != 0 && r != 1))
      ok = json_.failAt(at / "tdm-reservation", "expected `tdm-reservation` to be the integer 0 or 1");
    else
      out->reserved = value["tdm-reservation"] == 1;
    if (value.contains("tdm-policy")) {
      const SignalJson& p = value["tdm-policy"];
      if (!p.is_string() || p.get<std::string>().empty())
        ok = json_.failAt(at / "tdm-policy", "expected `tdm-policy` to be a URL: where the terms are");
      else
        out->policy = p.get<std::string>();
    }
    for (const auto& [key, ignored] : value.items())
      if (key != "location" && key != "tdm-reservation" && key != "tdm-policy")
        out_->notes.push_back("ignored `" + key + "` in a rule: TDMRep rules have `location`, `tdm-reservation` and `tdm-policy`");
    return ok;
  }

  // A policy covers a catalog, not the paths of a site: the only rule, or
  // the first for the whole site (TDMRep's first match wins).
  const Rule* choose(const std::vector<Rule>& rules) {
    if (rules.size() == 1) {
      if (rules[0].location != "/")
        out_->notes.push_back("the rule for `" + rules[0].location +
                              "` is read for everything: Refrain policies have no paths");
      return &rules[0];
    }
    auto root = std::find_if(rules.begin(), rules.end(), [](const Rule& r) { return r.location == "/"; });
    if (root == rules.end()) return nullptr;
    for (const Rule& r : rules)
      if (&r != &*root) out_->notes.push_back("ignored the rule for `" + r.location + "`: Refrain policies have no paths");
    return &*root;
  }

  SignalUse meaning(const Rule& rule) {
    SignalUse use;
    if (!rule.reserved) {
      use.stance = Stance::kAllowed;
      if (!rule.policy.empty())
        out_->notes.push_back("ignored `tdm-policy` " + rule.policy + ": without a reservation it means nothing");
    } else if (!rule.policy.empty()) {
      // Reserved, with terms to learn: licensable, though not on terms a policy can state.
      use.stance = Stance::kConstrained;
      use.note = "licences: " + rule.policy;
    }
    return use;
  }

  SignalJsonReader json_;
  ImportedSignal* out_;
};

}  // namespace

bool exportTdmrep(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error) {
  if (options.url.rfind('/', 0) != 0) {
    *error = "TDMRep's location is a path on the site: --url must start with `/`, not `" + options.url + "`";
    return false;
  }
  const std::vector<std::string> mining = usesWithin(kMiningUse);
  // 0 tells agents to mine without asking, so it is said only when every
  // mining use is allowed outright.
  bool reserved = foldStances(sheet, mining) != Stance::kAllowed;
  bool licensable = std::any_of(mining.begin(), mining.end(),
                                [&](const std::string& use) { return sheet.of(use).stance == Stance::kConstrained; });
  SignalJson rule = SignalJson::object();
  rule["location"] = options.url;
  rule["tdm-reservation"] = reserved ? 1 : 0;
  if (licensable) {  // a constrained use is never allowed outright, so this is reserved too
    if (options.rslUrl.empty()) {
      *error = "tdmrep needs --rsl-url: a training use is allowed on terms, and TDMRep points agents at the terms "
               "with `tdm-policy`";
      return false;
    }
    rule["tdm-policy"] = options.rslUrl;
  }
  return writeSignalJson(SignalJson::array({rule}), out, error);
}

bool importTdmrep(std::string_view fileName, std::string_view text, ImportedSignal* out,
                  std::vector<std::string>* errors) {
  out->format = SignalFormat::kTdmrep;
  return TdmrepReader(fileName, text, out, errors).read();
}

}  // namespace refrain::interop
