// The CAWG training-and-data-mining assertion 1.1 (docs/standards.md, "CAWG
// training and data mining 1.1"), as the JSON of a C2PA manifest
// definition's assertion. Its four entries are coarser than the use tree, so
// the export also writes one `refrain.<use>` entry per use: a Refrain reader
// gets every stance back exactly, and other readers ignore them.
#include <algorithm>
#include <map>
#include <set>

#include "interop/signal_json.h"
#include "interop/signals.h"

namespace refrain::interop {
namespace {

constexpr std::string_view kLabel = "cawg.training-mining";
// C2PA 1.3 and 1.4 defined the assertion under this label with `c2pa.` keys; C2PA 2.0 removed it.
constexpr std::string_view kLegacyLabel = "c2pa.training-mining";
// In no CAWG version, but some tools write it: read it as the real label.
constexpr std::string_view kMistakenLabel = "cawg.training-and-data-mining";
constexpr std::string_view kRefrainPrefix = "refrain.";

// A standard entry, without its `cawg.` or `c2pa.` prefix, and the uses it speaks for.
struct StandardEntry {
  std::string name;
  std::vector<std::string> uses;
};

// In the order the export writes them. Inference is every use that takes
// the work as input to a trained model: generating from it, production
// tools, fan engagement.
const std::vector<StandardEntry>& standardEntries() {
  static const std::vector<StandardEntry> entries = [] {
    std::vector<std::string> inference;
    for (const char* subtree : {"ai.generate", "ai.produce", "ai.engage"})
      for (std::string& use : usesWithin(subtree)) inference.push_back(std::move(use));
    return std::vector<StandardEntry>{{"ai_generative_training", {"ai.train.generative"}},
                                      {"ai_training", {"ai.train.analytic"}},
                                      {"data_mining", {"ai.train.analytic"}},
                                      {"ai_inference", inference}};
  }();
  return entries;
}

const char* choiceName(Stance stance) {
  switch (stance) {
    case Stance::kAllowed: return "allowed";
    case Stance::kConstrained: return "constrained";
    case Stance::kNotAllowed: break;
  }
  return "notAllowed";
}

bool parseChoice(const std::string& name, Stance* out) {
  for (Stance s : {Stance::kAllowed, Stance::kConstrained, Stance::kNotAllowed})
    if (name == choiceName(s)) {
      *out = s;
      return true;
    }
  return false;
}

// ---- export ----

// The terms of every constrained use among `uses`, each line once, in plain
// words. In a standard entry, which speaks for several uses (or for a use a
// CAWG reader does not know by Refrain's name), each line starts with its
// use: `ai.generate.voice: a: pays 100.00 USD`. CAWG requires some text for a
// constrained entry (the field may not be empty), so a use with no statable
// terms still says where to turn.
std::string constraintInfo(const StanceSheet& sheet, const std::vector<std::string>& uses, bool namesUses) {
  std::vector<std::string> lines;
  std::set<std::string> seen;
  for (const std::string& use : uses) {
    const UseStance& stance = sheet.of(use);
    if (stance.stance != Stance::kConstrained) continue;
    for (std::string& line : describeTerms(stance)) {
      std::string text = namesUses ? use + ": " + line : std::move(line);
      if (seen.insert(text).second) lines.push_back(std::move(text));
    }
  }
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "; ") + line;
  return out.empty() ? "allowed on terms this signal cannot state: ask the rights holder" : out;
}

SignalJson entryFor(const StanceSheet& sheet, const std::vector<std::string>& uses, bool namesUses) {
  SignalJson entry = SignalJson::object();
  Stance stance = foldStances(sheet, uses);
  entry["use"] = choiceName(stance);
  if (stance == Stance::kConstrained) entry["constraint_info"] = constraintInfo(sheet, uses, namesUses);
  return entry;
}

// ---- import ----

// The most restrictive of two statements about one use; two constrained
// ones keep both texts.
void combine(const SignalUse& more, SignalUse* into) {
  if (more.stance < into->stance) {
    *into = more;
  } else if (more.stance == into->stance && more.note != into->note && !more.note.empty()) {
    into->note = into->note.empty() ? more.note : into->note + "; " + more.note;
  }
}

class CawgReader {
 public:
  CawgReader(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors)
      : json_(fileName, text, errors), out_(out) {}

  bool read() {
    SignalJson root;
    if (!json_.parse(&root)) return false;
    JsonPointer entriesAt;
    if (!findEntries(root, &entriesAt)) return false;
    const SignalJson& entries = root[entriesAt];
    if (countEntries(entries) == 0)
      return json_.failAt(entriesAt,
                          "expected at least one entry, such as \"cawg.ai_training\": {\"use\": \"notAllowed\"}");
    if (!labelled_ && !hasKnownEntry(entries)) return json_.failAt(entriesAt, unknownBareForm(root));
    for (const auto& [key, value] : entries.items()) readMember(entriesAt, key, value);
    if (!json_.clean()) return false;
    fanOut();
    return true;
  }

 private:
  // Where the entries are: under the `{label, data}` wrapper of a manifest
  // definition, in the bare assertion's `entries`, or (CAWG 1.0's schema,
  // C2PA 1.4's) directly in the assertion.
  bool findEntries(const SignalJson& root, JsonPointer* at) {
    if (!root.is_object())
      return json_.failAt(JsonPointer(), "expected a JSON object: the cawg.training-mining assertion");
    JsonPointer assertion;
    if (root.contains("label")) {
      labelled_ = true;
      if (!readLabel(root)) return false;
      assertion = JsonPointer("/data");
      for (const auto& [key, value] : root.items())
        if (key != "label" && key != "data") out_->notes.push_back("ignored `" + key + "` beside the assertion's label");
      if (!root.contains("data"))
        return json_.failAt(JsonPointer(), "expected `data` beside `label`: the assertion itself");
      if (!root["data"].is_object())
        return json_.failAt(assertion, "expected `data` to be an object: the assertion, with its `entries`");
    } else {
      prefixes_ = {"cawg.", "c2pa."};
    }
    const SignalJson& body = root[assertion];
    if (!body.contains("entries")) {
      *at = assertion;
      entriesBesideMetadata_ = true;
      return true;
    }
    *at = assertion / "entries";
    if (!body["entries"].is_object())
      return json_.failAt(*at, "expected `entries` to be an object of entries such as \"cawg.ai_training\"");
    for (const auto& [key, value] : body.items())
      if (key != "entries" && key != "metadata") out_->notes.push_back("ignored `" + key + "` beside the entries");
    return true;
  }

  bool readLabel(const SignalJson& root) {
    const SignalJson& label = root["label"];
    std::string name = label.is_string() ? label.get<std::string>() : "";
    // Several instances in one manifest are told apart by `__1`, `__2`, … (C2PA 2.2 §6.4).
    size_t suffix = name.rfind("__");
    if (suffix != std::string::npos && suffix + 2 < name.size() &&
        name.find_first_not_of("0123456789", suffix + 2) == std::string::npos)
      name.erase(suffix);
    if (name == kLabel || name == kMistakenLabel) {
      prefixes_ = {"cawg."};
      if (name == kMistakenLabel)
        out_->notes.push_back("the label `cawg.training-and-data-mining` is in no CAWG version; read as `cawg.training-mining`");
      return true;
    }
    if (name == kLegacyLabel) {
      prefixes_ = {"c2pa."};
      return true;
    }
    return json_.failAt(JsonPointer("/label"),
                        "expected `label` to be \"cawg.training-mining\" (or the legacy \"c2pa.training-mining\")");
  }

  // Without a label any JSON object would pass for the assertion (a whole
  // manifest would read as an empty policy), so the bare forms must hold an
  // entry of CAWG's, C2PA's or Refrain's.
  bool hasKnownEntry(const SignalJson& entries) const {
    for (const auto& [key, value] : entries.items())
      for (const char* prefix : {"cawg.", "c2pa.", "refrain."})
        if (isEntry(key) && key.rfind(prefix, 0) == 0) return true;
    return false;
  }

  // What the object probably is instead.
  static std::string unknownBareForm(const SignalJson& root) {
    for (const char* key : {"claim_generator", "claim_generator_info", "assertions", "manifests", "active_manifest"})
      if (root.contains(key))
        return "expected a cawg.training-mining assertion (its entries), not a whole manifest: take the assertion "
               "labelled \"cawg.training-mining\" from its `assertions`";
    return "expected a cawg.training-mining assertion: no entry is `cawg.`, `c2pa.` or `refrain.`, such as "
           "\"cawg.ai_training\": {\"use\": \"notAllowed\"}";
  }

  // In CAWG 1.0's form the entries share the assertion with its `metadata`.
  bool isEntry(const std::string& key) const { return !(entriesBesideMetadata_ && key == "metadata"); }
  size_t countEntries(const SignalJson& entries) const {
    size_t count = 0;
    for (const auto& [key, value] : entries.items()) count += isEntry(key) ? 1 : 0;
    return count;
  }

  void readMember(const JsonPointer& entriesAt, const std::string& key, const SignalJson& value) {
    if (!isEntry(key)) return;  // about the assertion (dates, reviews), not about uses
    JsonPointer at = entriesAt / key;
    if (key.rfind(kRefrainPrefix, 0) == 0) {
      std::string use = key.substr(kRefrainPrefix.size());
      const std::vector<std::string>& uses = aiUses();
      if (std::find(uses.begin(), uses.end(), use) == uses.end()) {
        json_.failAtKey(at, "unknown use `" + use + "` in `" + key +
                                "`: expected `refrain.` and a use of the tree, such as `refrain.ai.generate.voice`");
        return;
      }
      SignalUse stance;
      if (readEntry(at, key, value, &stance)) exact_[use] = stance;
      return;
    }
    for (const std::string& prefix : prefixes_)
      for (const StandardEntry& entry : standardEntries())
        if (key == prefix + entry.name) {
          SignalUse stance;
          if (readEntry(at, key, value, &stance)) standard_.emplace_back(&entry, stance);
          return;
        }
    out_->notes.push_back("ignored the entry `" + key + "`: not one of CAWG's, nor a `refrain.` one");
  }

  bool readEntry(const JsonPointer& at, const std::string& key, const SignalJson& value, SignalUse* out) {
    const char* choices = "\"allowed\", \"notAllowed\" or \"constrained\"";
    if (!value.is_object())
      return json_.failAt(at, "expected `" + key + "` to be an object: {\"use\": " + choices + "}");
    if (!value.contains("use")) return json_.failAt(at, "expected `use` in `" + key + "`: " + choices);
    const SignalJson& use = value["use"];
    if (!use.is_string() || !parseChoice(use.get<std::string>(), &out->stance))
      return json_.failAt(at / "use", std::string("expected `use` to be ") + choices);
    for (const auto& [field, ignored] : value.items())
      if (field != "use" && field != "constraint_info" && field != "constraints_info")
        out_->notes.push_back("ignored `" + field + "` in the entry `" + key + "`");
    // The schema names the text `constraint_info`; the prose of every
    // version says `constraints_info`. The schema's name wins when both are given.
    bool ok = true;
    for (const char* field : {"constraint_info", "constraints_info"}) {
      if (!value.contains(field)) continue;
      const SignalJson& text = value[field];
      if (!text.is_string() || text.get<std::string>().empty())
        ok = json_.failAt(at / field, "expected `" + std::string(field) + "` to be a non-empty string");
      else if (out->note.empty())
        out->note = text.get<std::string>();
      else
        out_->notes.push_back("ignored `constraints_info` in the entry `" + key + "`: `constraint_info` is given");
    }
    return ok;
  }

  // Refrain's own entries set their uses exactly; the standard ones fill
  // the uses those do not name, each use taking the most restrictive of the
  // entries that speak for it (ai_training and data_mining both speak for
  // ai.train.analytic).
  void fanOut() {
    std::map<std::string, SignalUse> fanned;
    for (const auto& [entry, stance] : standard_)
      for (const std::string& use : entry->uses) {
        auto [it, fresh] = fanned.emplace(use, stance);
        if (!fresh) combine(stance, &it->second);
      }
    out_->uses = exact_;
    out_->uses.insert(fanned.begin(), fanned.end());  // never over a use an exact entry set
  }

  SignalJsonReader json_;
  ImportedSignal* out_;
  std::vector<std::string> prefixes_;  // of the standard entries this label defines
  bool entriesBesideMetadata_ = false;
  bool labelled_ = false;  // the `{label, data}` form
  std::map<std::string, SignalUse> exact_;
  std::vector<std::pair<const StandardEntry*, SignalUse>> standard_;
};

}  // namespace

bool exportCawg(const StanceSheet& sheet, const ExportOptions&, std::string* out, std::string* error) {
  SignalJson entries = SignalJson::object();
  for (const StandardEntry& entry : standardEntries()) entries["cawg." + entry.name] = entryFor(sheet, entry.uses, true);
  for (const std::string& use : aiUses()) entries[std::string(kRefrainPrefix) + use] = entryFor(sheet, {use}, false);
  SignalJson assertion = SignalJson::object();
  assertion["label"] = std::string(kLabel);
  assertion["data"]["entries"] = std::move(entries);
  return writeSignalJson(assertion, out, error);
}

bool importCawg(std::string_view fileName, std::string_view text, ImportedSignal* out,
                std::vector<std::string>* errors) {
  out->format = SignalFormat::kCawg;
  return CawgReader(fileName, text, out, errors).read();
}

}  // namespace refrain::interop
