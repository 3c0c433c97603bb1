// An imported signal as a Refrain policy (signals.h, writeSignalPolicy).
//
// The signal says a stance for some uses; the policy must give exactly
// those stances and no others. Rules are written top-down over the use
// tree, one where what the rules so far give a use differs from what the
// signal says: an allow covers its subtree (a deeper allow wins), a deny
// covers its subtree except the uses carved out for allows below it
// (docs/language.md §5.1). A use the signal says nothing of inherits.
#include <algorithm>
#include <cstdio>

#include "interop/signals.h"
#include "policy/diagnostic.h"
#include "policy/formatter.h"
#include "policy/utf8.h"
#include "policy/vocabulary.h"

namespace refrain::interop {
namespace {

bool sameOffer(const Offer& a, const Offer& b) {
  return a.purposes == b.purposes && a.territories == b.territories &&
         a.excludedTerritories == b.excludedTerritories && a.price == b.price && a.otherPay == b.otherPay &&
         a.duties == b.duties && a.otherConditions == b.otherConditions;
}

// What rules give a use: denied, allowed by a set of offers (one empty
// offer for a plain allow), or nothing (silent).
struct Outcome {
  enum Kind { kSilent, kDeny, kAllow } kind = kSilent;
  std::vector<Offer> offers;

  bool operator==(const Outcome& o) const {
    if (kind != o.kind || offers.size() != o.offers.size()) return false;
    for (size_t i = 0; i < offers.size(); ++i)
      if (!sameOffer(offers[i], o.offers[i])) return false;
    return true;
  }
};

struct Rule {
  bool allow = true;
  std::string use;
  std::vector<std::string> except;
  Offer offer;
  std::string note;
  std::string unless;  // a deny's `when`, or empty
};

bool inside(const std::string& use, const std::string& ancestor) {
  return use == ancestor ||
         (use.size() > ancestor.size() && use.compare(0, ancestor.size(), ancestor) == 0 && use[ancestor.size()] == '.');
}

int depthOf(const std::string& use) { return static_cast<int>(std::count(use.begin(), use.end(), '.')); }

// What `rules` give `use` (§5.1, with every condition taken as holding).
Outcome outcomeOf(const std::vector<Rule>& rules, const std::string& use) {
  Outcome out;
  int best = -1;
  for (const Rule& r : rules) {
    if (!inside(use, r.use)) continue;
    if (!r.allow) {
      // A conditional deny only keeps an allow to its terms: it is written
      // where it is needed and gives nothing of its own.
      if (!r.unless.empty()) continue;
      bool carved = std::any_of(r.except.begin(), r.except.end(), [&](const std::string& e) { return inside(use, e); });
      if (!carved) return Outcome{Outcome::kDeny, {}};
      continue;
    }
    int d = depthOf(r.use);
    if (d > best) {
      best = d;
      out = Outcome{Outcome::kAllow, {}};
    }
    if (d == best) out.offers.push_back(r.offer);
  }
  return out;
}

// What the signal wants a use to give; nullopt when it says nothing of it.
std::optional<Outcome> wanted(const ImportedSignal& signal, const std::string& use) {
  auto it = signal.uses.find(use);
  if (it == signal.uses.end()) return std::nullopt;
  const SignalUse& s = it->second;
  if (s.stance == Stance::kNotAllowed) return Outcome{Outcome::kDeny, {}};
  if (s.stance == Stance::kAllowed) return Outcome{Outcome::kAllow, {Offer{}}};
  if (!s.offer) return Outcome{Outcome::kSilent, {}};
  Outcome out{Outcome::kAllow, {*s.offer}};
  auto more = signal.moreOffers.find(use);
  if (more != signal.moreOffers.end()) out.offers.insert(out.offers.end(), more->second.begin(), more->second.end());
  return out;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u{%X}", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string listOf(const std::vector<std::string>& items, bool strings) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + (strings ? quoted(items[i]) : items[i]);
  return out + "]";
}

// An offer's conditions as Refrain expressions (importers put only
// expressions in otherConditions).
std::vector<std::string> conditionsOf(const Offer& o) {
  std::vector<std::string> conditions;
  if (o.purposes.size() == 1) conditions.push_back("purpose == " + quoted(o.purposes[0]));
  if (o.purposes.size() > 1) conditions.push_back("purpose in " + listOf(o.purposes, true));
  if (!o.territories.empty()) conditions.push_back("territory in " + listOf(o.territories, false));
  if (!o.excludedTerritories.empty()) conditions.push_back("territory not in " + listOf(o.excludedTerritories, false));
  conditions.insert(conditions.end(), o.otherConditions.begin(), o.otherConditions.end());
  return conditions;
}

std::string ruleText(const Rule& r) {
  if (!r.allow) {
    std::string text = "deny " + r.use;
    if (!r.except.empty()) text += " except " + joined(r.except, ", ");
    if (!r.unless.empty()) text += " when " + r.unless;
    return text;
  }
  const Offer& o = r.offer;
  std::vector<std::string> conditions = conditionsOf(o);
  std::string text = "allow " + r.use;
  if (!conditions.empty()) text += " when " + joined(conditions, " and ");
  if (o.price) text += " pay " + o.price->amount() + " " + o.price->currency + (o.price->perUnit ? " * units" : "");
  for (const std::string& d : o.duties) text += " duty " + d;
  return text;
}

// `text` as a source may hold it: bytes that break UTF-8 and control
// characters (other than tab) become U+FFFD. Notes quote what a signal
// held, and a signal's bytes are not a policy's.
std::string sourceSafe(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    size_t bad = policy::invalidUtf8At(text);
    std::string_view good = text.substr(0, bad);
    for (char c : good) {
      unsigned char u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7F) out += "\xEF\xBF\xBD";
      else out += c;
    }
    if (bad == std::string_view::npos) break;
    out += "\xEF\xBF\xBD";
    text.remove_prefix(bad + 1);
  }
  return out;
}

void comment(const std::string& raw, const std::string& indent, std::string* out) {
  std::string text = sourceSafe(raw);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    *out += indent + "#" + (line.empty() ? "" : " " + line) + "\n";
    start = end + 1;
  }
}

// The uses below `use` that the signal allows, the outermost ones: what a
// deny of `use` must carve out. With `same`, those allowed as `same` says
// stay under the deny (it is the one that keeps them to their terms).
std::vector<std::string> carveOuts(const ImportedSignal& signal, const std::string& use, const Outcome* same = nullptr) {
  std::vector<std::string> out;
  for (const std::string& below : aiUses()) {
    if (below == use || !inside(below, use)) continue;
    std::optional<Outcome> w = wanted(signal, below);
    if (!w || w->kind != Outcome::kAllow || (same && *w == *same)) continue;
    if (std::none_of(out.begin(), out.end(), [&](const std::string& e) { return inside(below, e); })) out.push_back(below);
  }
  return out;
}

}  // namespace

bool writeSignalPolicy(const ImportedSignal& signal, std::string_view role, std::string_view party,
                       std::string_view name, std::string_view sourceName, std::string* out, std::string* error) {
  if (!policy::isRole(role)) {
    *error = "unknown role `" + std::string(role) + "`; expected artist, label, publisher, writer, producer or platform";
    return false;
  }
  if (party.empty() || name.empty()) {
    *error = party.empty() ? "the party id must not be empty" : "the policy name must not be empty";
    return false;
  }
  const std::vector<std::string>& uses = aiUses();
  std::vector<Rule> rules;
  std::vector<std::string> silentNotes;
  for (const std::string& use : uses) {
    std::optional<Outcome> want = wanted(signal, use);
    if (!want) continue;
    const std::string& note = signal.uses.at(use).note;
    Outcome have = outcomeOf(rules, use);
    if (want->kind == Outcome::kSilent) {
      // No terms to state: the use must not be allowed, and only a deny can
      // stop an allow above it.
      if (have.kind == Outcome::kAllow) want = Outcome{Outcome::kDeny, {}};
      else if (!note.empty()) silentNotes.push_back(use + ": " + note);
    }
    if (have == *want) continue;
    if (want->kind == Outcome::kDeny) {
      rules.push_back(Rule{false, use, carveOuts(signal, use), {}, note, {}});
      continue;
    }
    bool first = true;
    for (const Offer& o : want->offers) {
      rules.push_back(Rule{true, use, {}, o, first ? note : "", {}});
      first = false;
    }
    // An allow above would still decide where none of these conditions
    // holds (only the deepest allow that holds wins): deny it there.
    if (have.kind == Outcome::kAllow &&
        std::none_of(want->offers.begin(), want->offers.end(), [](const Offer& o) { return conditionsOf(o).empty(); })) {
      std::vector<std::string> none;
      for (const Offer& o : want->offers) none.push_back("not (" + joined(conditionsOf(o), " and ") + ")");
      rules.push_back(Rule{false, use, carveOuts(signal, use, &*want), {}, "", joined(none, " and ")});
    }
  }

  std::string text;
  comment("Imported from `" + std::string(sourceName) + "`: " + signalFormatVersion(signal.format) + ".", "", &text);
  for (const std::string& n : signal.notes) comment(n, "", &text);
  text += "policy " + quoted(std::string(name)) + " by " + std::string(role) + " " + quoted(std::string(party)) + " {\n";
  for (const std::string& n : silentNotes) comment(n, "  ", &text);
  for (const Rule& r : rules) {
    if (!r.note.empty()) comment(r.note, "  ", &text);
    text += "  " + ruleText(r) + "\n";
  }
  text += "}\n";
  policy::Diagnostics diags;
  if (!policy::formatSource(policy::SourceFile{std::string(sourceName), text}, out, diags)) {
    // Only a limit of the language can get here (a policy too large).
    *error = "the policy written from the signal is refused: " +
             (diags.all().empty() ? std::string("it does not parse") : diags.all().front().message);
    return false;
  }
  return true;
}

}  // namespace refrain::interop
