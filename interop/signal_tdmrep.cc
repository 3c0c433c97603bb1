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
    decide(rules);
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

  // A rule for `/` or `/*` matches every path on the site.
  static bool coversEverything(const Rule& rule) { return rule.location == "/" || rule.location == "/*"; }

  // A policy covers a catalog, not the paths of a site. Agents take the
  // first rule in array order whose location matches, so the catalog's
  // rule is the first that covers every path; the rules before it are for
  // narrower paths and win there. When one of those reserves while the
  // catalog's rule does not, some of the catalog is reserved and some is
  // not: a policy cannot say which, so training is left without terms.
  // Without a rule that covers every path, nothing is said of the catalog.
  void decide(const std::vector<Rule>& rules) {
    auto cover = std::find_if(rules.begin(), rules.end(), coversEverything);
    if (cover == rules.end()) {
      for (const Rule& r : rules) out_->notes.push_back("ignored the rule for `" + r.location + "`: Refrain policies have no paths");
      out_->notes.push_back("no rule is for every path (`/` or `/*`): nothing is said of training");
      return;
    }
    std::string reservedBefore;
    for (auto it = rules.begin(); it != rules.end(); ++it) {
      if (it == cover) continue;
      if (it < cover && it->reserved && !cover->reserved)
        reservedBefore += (reservedBefore.empty() ? "`" : ", `") + it->location + "`";
      else
        out_->notes.push_back("ignored the rule for `" + it->location + "`: Refrain policies have no paths");
    }
    if (reservedBefore.empty()) {
      out_->uses[kMiningUse] = meaning(*cover);
      return;
    }
    SignalUse use;
    use.stance = Stance::kConstrained;
    use.note = "reserved for " + reservedBefore + " but not for `" + cover->location +
               "`: Refrain policies have no paths, so training is left without terms";
    out_->uses[kMiningUse] = use;
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
