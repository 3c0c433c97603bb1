// Small programs over small domains (small_policy_gen.h). A program is built
// as a little tree of policies, versions and rules whose constants sit in a
// table, so that the mutant is the same tree with one thing changed; each
// field a condition can read has a fixed set of values that covers every
// constant the conditions may compare it with, so the domain of P is the
// domain of P' too.
#include "tests/gen/small_policy_gen.h"

#include <algorithm>
#include <set>

#include "runtime/time.h"
#include "tests/gen/policy_gen.h"

namespace refrain::gen {

uint64_t SmallDomain::otherSize() const {
  uint64_t n = uses.size() * times.size() * holderSets.size();
  for (const SmallField& f : fields) n *= f.values.size();
  for (const SmallField& f : workFields) n *= f.values.size();
  return n;
}

uint64_t SmallDomain::catalogSize() const {
  uint64_t n = uses.size() * times.size();
  for (const SmallField& f : fields) n *= f.values.size();
  return n;
}

namespace {

// The use tree (docs/language.md §4), in the compiler's order.
const std::vector<std::string>& allUses() {
  static const std::vector<std::string> k = {"ai",
                                             "ai.train",
                                             "ai.train.generative",
                                             "ai.train.analytic",
                                             "ai.generate",
                                             "ai.generate.voice",
                                             "ai.generate.style",
                                             "ai.generate.remix",
                                             "ai.produce",
                                             "ai.produce.stems",
                                             "ai.produce.master",
                                             "ai.engage",
                                             "ai.engage.personalize",
                                             "ai.engage.persona"};
  return k;
}

bool inside(const std::string& use, const std::string& ancestor) {
  return use == ancestor || use.compare(0, ancestor.size() + 1, ancestor + ".") == 0;
}

// The uses rules name: a small part of the tree, so that rules meet.
const std::vector<std::string> kRuleUses = {
    "ai", "ai.train", "ai.train.generative", "ai.train.analytic", "ai.generate", "ai.generate.voice"};
const std::vector<std::string> kAskedUses = {"ai.train", "ai.train", "ai.train.generative", "ai.generate.voice",
                                             "ai.generate"};

// Three dates versions start and end at.
const std::vector<std::string> kDates = {"2026-01-01", "2026-06-01", "2027-01-01"};

int64_t dateSeconds(size_t i) {
  int64_t t = 0;
  runtime::parseTime(kDates[i], &t);
  return t;
}

// The fields a condition may read.
enum Field { kPurpose, kTerritory, kUnits, kRevenue, kVerified, kModel, kTier, kGenre, kFieldCount };

// Each field's values: absent, one value of each class the conditions below
// can tell apart (and the boundaries between them), and one of the wrong type.
SmallField fieldDomain(Field f) {
  auto v = [](std::string json, bool mistyped = false) { return SmallValue{std::move(json), mistyped}; };
  switch (f) {
    case kPurpose:
      return {"context.purpose", {v(""), v("\"commercial\""), v("\"research\""), v("\"personal\""), v("7", true)}};
    case kTerritory:  // in [US, JP]; in EU (DE); in MARKETS = [DE, NO]; neither (BR)
      return {"context.territory",
              {v(""), v("\"US\""), v("\"DE\""), v("\"NO\""), v("\"JP\""), v("\"BR\""), v("\"XX\"", true)}};
    case kUnits:  // -2 times 4611686018427387904 is the least int; 2 times it overflows
      return {"context.units", {v(""), v("-2"), v("0"), v("1"), v("2"), v("3"), v("5"), v("\"2\"", true)}};
    case kRevenue:  // 5% of 100.000010 is 5.0000005, which rounds to even: 5.000000; of 100.000030, 5.000002
      return {"context.revenue",
              {v(""), v("\"5.00 USD\""), v("\"10.00 USD\""), v("\"20.00 USD\""), v("\"100.000010 USD\""),
               v("\"100.000030 USD\""), v("\"20.00 EUR\""), v("5", true)}};
    case kVerified: return {"requester.verified", {v(""), v("true"), v("false"), v("\"yes\"", true)}};
    case kModel:
      return {"context.model.name",
              {v(""), v("\"acme-v1\""), v("\"Acme-2\""), v("\"b\xC3\xA9ta\""), v("\"\""), v("7", true)}};
    case kTier: return {"context.tier", {v(""), v("-2"), v("0"), v("1"), v("2"), v("3"), v("\"gold\"", true)}};
    case kGenre: return {"work.genre", {v(""), v("\"pop\""), v("\"rock\""), v("\"jazz\""), v("5", true)}};
    default: return {};
  }
}

// A holder entry: party, role and share (JSON, empty for none).
struct Holder {
  std::string party, role, share;
};

std::string holdersJson(const std::vector<Holder>& holders) {
  std::string s = "[";
  for (size_t i = 0; i < holders.size(); ++i) {
    const Holder& h = holders[i];
    s += (i ? "," : "") + std::string("{\"party\":\"") + h.party + "\",\"role\":\"" + h.role + "\"";
    if (!h.share.empty()) s += ",\"share\":" + h.share;
    s += "}";
  }
  return s + "]";
}

const Holder kA{"ana", "artist", ""}, kL{"nw", "label", ""}, kX{"ana", "label", ""}, kZ{"zed", "artist", ""},
    kW{"nw", "writer", ""}, kP{"stream", "platform", ""};

Holder share(Holder h, const std::string& s) {
  h.share = s;
  return h;
}

struct Rule {
  bool allow = true;
  std::vector<std::string> uses, except;
  std::string when, pay, split;
  std::vector<std::string> duties;
};

struct Version {
  int effective = -1, expires = -1;  // indexes into kDates; -1 for none
  std::string on;
  std::vector<std::string> consents;
  std::vector<Rule> rules;
};

struct Policy {
  std::string name, role, party;
  std::vector<Version> versions;
};

struct Tree {
  std::vector<Policy> policies;
  std::vector<std::vector<std::string>> choices;  // constant k's alternatives
  std::vector<size_t> picks;                      // and the one taken
  std::vector<std::pair<size_t, size_t>> order;   // (policy, version) blocks in source order
  bool region = false;
};

// `@k@` in a text is constant k.
std::string render(const std::string& text, const Tree& t) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@') {
      out += text[i];
      continue;
    }
    size_t close = text.find('@', i + 1);
    size_t k = std::stoul(text.substr(i + 1, close - i - 1));
    out += t.choices[k][t.picks[k]];
    i = close;
  }
  return out;
}

std::string renderProgram(const Tree& t) {
  std::string s;
  if (t.region) s += "region MARKETS = [DE, NO]\n\n";
  for (auto [p, v] : t.order) {
    const Policy& policy = t.policies[p];
    const Version& version = policy.versions[v];
    s += "policy \"" + policy.name + "\" by " + policy.role + " \"" + policy.party + "\" {\n";
    if (version.effective >= 0) s += "  effective " + kDates[static_cast<size_t>(version.effective)] + "\n";
    if (version.expires >= 0) s += "  expires " + kDates[static_cast<size_t>(version.expires)] + "\n";
    if (!version.on.empty()) s += "  on " + render(version.on, t) + "\n";
    for (const std::string& c : version.consents) s += "  " + c + "\n";
    for (const Rule& r : version.rules) {
      s += r.allow ? "  allow " : "  deny ";
      for (size_t i = 0; i < r.uses.size(); ++i) s += (i ? ", " : "") + r.uses[i];
      if (!r.except.empty()) {
        s += " except ";
        for (size_t i = 0; i < r.except.size(); ++i) s += (i ? ", " : "") + r.except[i];
      }
      s += "\n";
      if (!r.when.empty()) s += "    when " + render(r.when, t) + "\n";
      if (!r.pay.empty()) s += "    pay " + render(r.pay, t) + "\n";
      if (!r.split.empty()) s += "    split " + r.split + "\n";
      for (const std::string& d : r.duties) s += "    duty " + d + "\n";
    }
    s += "}\n\n";
  }
  return s;
}

// An expression, and whether it needs parentheses as an operand of `and`, `or`, `not`.
struct E {
  std::string s;
  bool composite = false;
};

std::string operand(const E& e) { return e.composite ? "(" + e.s + ")" : e.s; }

class Generator {
 public:
  Generator(uint64_t seed, bool oneField) : rng_(seed), oneField_(oneField) {}

  SmallProgram run() {
    SmallProgram out;
    out.askedUse = rng_.pick(kAskedUses);
    palette();
    policies(out.askedUse);
    if (rng_.chance(40)) catalog(&out);
    for (size_t p = 0; p < t_.policies.size(); ++p)
      for (size_t v = 0; v < t_.policies[p].versions.size(); ++v) t_.order.push_back({p, v});
    shuffle(t_.order);
    out.source = renderProgram(t_);
    Tree before = t_;
    out.mutation = mutate();
    out.mutant = renderProgram(t_);
    domain(before, &out);
    properties(&out);
    return out;
  }

 private:
  template <class V>
  void shuffle(std::vector<V>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng_.below(i)]);
  }

  std::string konst(std::vector<std::string> choices) {
    t_.choices.push_back(std::move(choices));
    t_.picks.push_back(rng_.below(t_.choices.back().size()));
    return "@" + std::to_string(t_.choices.size() - 1) + "@";
  }

  bool reads(Field f) const { return std::find(palette_.begin(), palette_.end(), f) != palette_.end(); }

  // One to three request fields the conditions read; the domain is their product.
  void palette() {
    std::vector<Field> all = {kPurpose, kTerritory, kUnits, kRevenue, kVerified, kModel, kTier};
    shuffle(all);
    int n = oneField_ ? 1 : rng_.chance(30) ? 1 : rng_.chance(80) ? 2 : 3;
    palette_.assign(all.begin(), all.begin() + n);
    genre_ = rng_.chance(30);
  }

  // ---- conditions ----

  E atom(Field f) {
    switch (f) {
      case kPurpose:
        switch (rng_.below(5)) {
          case 0: return {"purpose == " + konst({"\"commercial\"", "\"research\""})};
          case 1: return {"purpose != " + konst({"\"commercial\"", "\"research\""})};
          case 2: return {"purpose in [\"commercial\", \"research\"]"};
          case 3: return {"purpose in [" + konst({"\"commercial\"", "\"research\""}) + "]"};
          default: return {"has(purpose)"};
        }
      case kTerritory:
        t_.region = true;
        switch (rng_.below(5)) {
          case 0: return {"territory in [US, JP]"};
          case 1: return {"territory in EU"};
          case 2: return {"territory == " + konst({"US", "DE", "JP"})};
          case 3: return {"territory not in [JP] + EU"};
          default: return {"territory in MARKETS"};
        }
      case kUnits:
        switch (rng_.below(7)) {
          case 0: return {"units > " + konst({"1", "2", "3"})};
          case 1: return {"units * " + konst({"2", "3", "4611686018427387904"}) + " >= " + konst({"3", "4", "6"})};
          case 2: return {"units + " + konst({"1", "2"}) + " <= 3"};
          case 3: return {"max(units, " + konst({"1", "2"}) + ") == 3"};
          case 4: return {"-units < -" + konst({"1", "2"})};
          case 5: return {"units - 2 " + konst({"<", ">="}) + " 0"};
          default: return {"has(units)"};
        }
      case kRevenue:
        switch (rng_.below(5)) {
          case 0: return {"revenue >= " + konst({"10.00 USD", "50.00 USD", "100.00001 USD"})};
          case 1: return {"revenue < " + konst({"10.00 USD", "100.00002 USD"})};
          case 2: return {"revenue + 1.00 USD > " + konst({"11.00 USD", "101.00 USD"})};
          case 3:
            return {konst({"5%", "50%"}) + " * revenue >= " + konst({"5.000001 USD", "5.000002 USD", "50.00 USD"})};
          default: return {"has(revenue)"};
        }
      case kVerified:
        switch (rng_.below(3)) {
          case 0: return {"requester.verified"};
          case 1: return {"not requester.verified", true};
          default: return {"requester.verified == " + konst({"true", "false"})};
        }
      case kModel:
        switch (rng_.below(7)) {
          case 0: return {"model.name starts_with " + konst({"\"acme\"", "\"Acme\""})};
          case 1: return {"model.name ends_with " + konst({"\"1\"", "\"ta\""})};
          case 2: return {"model.name contains " + konst({"\"-\"", "\"\\u{E9}\"", "\"2\""})};
          case 3:
          case 4:
            return {"model.name matches " +
                    konst({"\"^acme\"", "\"(?i)^acme\"", "\"[0-9]$\"", "\"^[a-z]+-v[0-9]\"", "\"\\\\bacme\"",
                           "\"\xC3\xA9\"", "\"^(acme|b.ta)\"", "\"(?i)ACME-V\\\\d\"", "\"^[^a]\""})};
          case 5: return {"model.name == " + konst({"\"acme-v1\"", "\"b\xC3\xA9ta\""})};
          default: return {"model.name " + konst({"<", ">="}) + " \"b\""};
        }
      case kTier:
        switch (rng_.below(4)) {
          case 0: return {"context.tier >= " + konst({"1", "2"})};
          case 1: return {"context.tier in [1, 2]"};
          case 2: return {"context.tier == " + konst({"0", "2"})};
          default: return {"has(context.tier)"};
        }
      case kGenre:
        switch (rng_.below(3)) {
          case 0: return {"work.genre == " + konst({"\"pop\"", "\"rock\""})};
          case 1: return {"work.genre in [\"pop\", \"rock\"]"};
          default: return {"has(work.genre)"};
        }
      default: return {"true"};
    }
  }

  Field readable() {
    if (genre_ && rng_.chance(15)) return kGenre;
    return rng_.pick(palette_);
  }

  E condition(int depth) {
    if (depth <= 0 || rng_.chance(40)) return atom(readable());
    switch (rng_.below(5)) {
      case 0:
      case 1: return {operand(condition(depth - 1)) + " and " + operand(condition(depth - 1)), true};
      case 2:
      case 3: return {operand(condition(depth - 1)) + " or " + operand(condition(depth - 1)), true};
      default: return {"not " + operand(condition(depth - 1)), true};
    }
  }

  // ---- pay, split, duties ----

  std::string pay() {
    // One form in three is a flat amount; the others read the palette's fields.
    std::vector<int> forms = {0, 0, 1};
    if (reads(kUnits)) forms.insert(forms.end(), {2, 3, 4});
    if (reads(kRevenue)) forms.insert(forms.end(), {5, 6, 7});
    if (reads(kTier)) forms.push_back(8);
    switch (rng_.chance(35) ? 0 : rng_.pick(forms)) {
      case 0: return konst({"0.00 USD", "1.00 USD", "2.50 USD"});
      case 2: return "0.50 USD * units";
      case 3: return "min(2.00 USD, 0.50 USD * units)";
      case 4: return "max(" + konst({"1.00 USD", "1.50 USD"}) + ", 0.50 USD * units)";
      case 5: return konst({"5%", "12.5%", "50%"}) + " * revenue";
      case 6: return "max(1.00 USD, 5% * revenue)";
      case 7: return "revenue - " + konst({"10.00 USD", "5.00 USD"});
      case 8: return "1.00 USD + 1.00 USD * context.tier";
      default: return "1.00 EUR";
    }
  }

  std::string split() {
    static const std::vector<std::string> k = {"artist 100%", "artist 50%, label 50%", "writer 100%",
                                               "artist 60%, label 40%", "label 100%"};
    return rng_.pick(k);
  }

  std::string duty() {
    std::vector<std::string> forms = {"attribution \"by Ana\"", "label_ai_output"};
    if (reads(kUnits)) forms.push_back("report \"{units} units\"");
    if (reads(kPurpose)) forms.push_back("notify \"for {purpose}\"");
    if (reads(kModel)) forms.push_back("notify \"model {model.name}\"");
    if (genre_) forms.push_back("tag \"{work.genre}\"");
    return rng_.pick(forms);
  }

  // ---- policies ----

  std::string ruleUse(const std::string& asked) {
    if (rng_.chance(75)) {  // related to the asked use: an ancestor, it, or below it
      std::vector<std::string> related;
      for (const std::string& u : kRuleUses)
        if (inside(asked, u) || inside(u, asked)) related.push_back(u);
      if (!related.empty()) return rng_.pick(related);
    }
    return rng_.pick(kRuleUses);
  }

  Rule rule(const std::string& asked, bool platform) {
    Rule r;
    r.allow = rng_.chance(platform ? 45 : 60);
    r.uses.push_back(ruleUse(asked));
    if (rng_.chance(15)) {
      std::string second = ruleUse(asked);
      if (second != r.uses[0]) r.uses.push_back(second);
    }
    if (!r.allow && rng_.chance(35)) {
      std::vector<std::string> below;
      for (const std::string& u : kRuleUses)
        for (const std::string& named : r.uses)
          if (u != named && inside(u, named) && std::find(below.begin(), below.end(), u) == below.end())
            below.push_back(u);
      if (!below.empty()) r.except.push_back(rng_.pick(below));
    }
    if (rng_.chance(65)) r.when = condition(rng_.range(0, 2)).s;
    if (r.allow) {
      if (rng_.chance(55)) {
        r.pay = pay();
        if (rng_.chance(40)) r.split = split();
      }
      if (rng_.chance(30)) r.duties.push_back(duty());
    }
    return r;
  }

  void versions(Policy& p, const std::string& asked) {
    int n = rng_.chance(55) ? 1 : rng_.chance(75) ? 2 : 3;
    std::vector<int> dates = {0, 1, 2};
    shuffle(dates);
    bool unbounded = rng_.chance(45);  // one version without `effective`
    for (int i = 0; i < n; ++i) {
      Version v;
      if (!(unbounded && i == 0)) v.effective = dates[static_cast<size_t>(unbounded ? i - 1 : i)];
      if (rng_.chance(25)) {
        std::vector<int> later;
        for (int d = v.effective + 1; d < 3; ++d) later.push_back(d);
        if (!later.empty()) v.expires = rng_.pick(later);
      }
      if (genre_ && rng_.chance(25)) v.on = atom(kGenre).s;
      if (p.role == "platform" && rng_.chance(60)) v.consents.push_back(consent());
      for (int k = 0, m = rng_.range(p.role == "platform" ? 0 : 1, 3); k < m; ++k)
        v.rules.push_back(rule(asked, p.role == "platform"));
      p.versions.push_back(std::move(v));
    }
  }

  std::string consent() {
    static const std::vector<std::string> roles = {"artist", "label", "artist, label"};
    static const std::vector<std::string> uses = {"ai", "ai.train", "ai.train.generative", "ai.generate"};
    return "consent from " + rng_.pick(roles) + " for " + rng_.pick(uses);
  }

  void policies(const std::string& asked) {
    std::vector<Policy> ps;
    if (rng_.chance(80)) ps.push_back({"ana-terms", "artist", "ana", {}});
    if (rng_.chance(60)) ps.push_back({"nw-terms", "label", "nw", {}});
    if (rng_.chance(30)) ps.push_back({"stream-terms", "platform", "stream", {}});
    if (ps.empty() || rng_.chance(10)) ps.push_back({"ana-more", "artist", "ana", {}});
    if (ps.size() > 3) ps.resize(3);
    for (Policy& p : ps) versions(p, asked);
    t_.policies = std::move(ps);
  }

  // ---- catalog ----

  std::vector<std::vector<Holder>> catalogHolderSets() const {
    std::vector<std::vector<Holder>> sets = {{kA, kL},
                                             {kA},
                                             {kL},
                                             {kA, kL, kZ},
                                             {kA, kX},
                                             {share(kA, "\"0%\""), share(kL, "\"100%\"")},
                                             {share(kA, "0"), share(kZ, "0"), share(kL, "3")}};
    if (platform()) sets.push_back({kA, kL, kP});
    return sets;
  }

  bool platform() const {
    return std::any_of(t_.policies.begin(), t_.policies.end(), [](const Policy& p) { return p.role == "platform"; });
  }

  void catalog(SmallProgram* out) {
    std::string text;
    for (int i = 1, n = rng_.chance(70) ? 1 : 2; i <= n; ++i) {
      std::string id = "CAT-" + std::to_string(i);
      out->domain.catalogIds.push_back(id);
      text += "{\"id\": \"" + id + "\"";
      if (rng_.chance(60)) text += std::string(", \"genre\": ") + (rng_.chance(50) ? "\"pop\"" : "\"rock\"");
      text += ", \"rightsholders\": " + holdersJson(rng_.pick(catalogHolderSets())) + "}\n";
    }
    out->catalog = text;
  }

  // ---- the mutant ----

  std::vector<Rule*> allRules() {
    std::vector<Rule*> rules;
    for (Policy& p : t_.policies)
      for (Version& v : p.versions)
        for (Rule& r : v.rules) rules.push_back(&r);
    return rules;
  }

  std::string ruleText(const Rule& r) const { return std::string(r.allow ? "allow " : "deny ") + r.uses[0]; }

  // One change: a rule flipped or dropped, a constant or a date changed;
  // rarely none, so that diff also meets bundles with the very same terms.
  std::string mutate() {
    if (rng_.chance(4)) return "none";
    int kind = static_cast<int>(rng_.below(4));
    for (int tries = 0; tries < 4; ++tries, kind = (kind + 1) % 4) {
      std::vector<Rule*> rules = allRules();
      if (kind == 0 && !rules.empty()) {
        Rule& r = *rules[rng_.below(rules.size())];
        std::string was = ruleText(r);
        r.allow = !r.allow;
        if (r.allow) {
          r.except.clear();
        } else {
          r.pay.clear();
          r.split.clear();
          r.duties.clear();
        }
        return "flip `" + was + "` to " + (r.allow ? "allow" : "deny");
      }
      if (kind == 1 && !t_.choices.empty()) {
        size_t k = rng_.below(t_.choices.size());
        size_t was = t_.picks[k];
        t_.picks[k] = (was + 1 + rng_.below(t_.choices[k].size() - 1)) % t_.choices[k].size();
        return "change the constant " + t_.choices[k][was] + " to " + t_.choices[k][t_.picks[k]];
      }
      if (kind == 2 && !rules.empty()) {
        size_t pick = rng_.below(rules.size());
        for (Policy& p : t_.policies)
          for (Version& v : p.versions)
            for (size_t i = 0; i < v.rules.size(); ++i)
              if (&v.rules[i] == rules[pick]) {
                std::string was = ruleText(v.rules[i]);
                v.rules.erase(v.rules.begin() + static_cast<long>(i));
                return "drop `" + was + "` of " + p.name;
              }
      }
      if (kind == 3) {
        std::string what = changeDate();
        if (!what.empty()) return what;
      }
    }
    return "none";
  }

  // A version's `effective` or `expires` moved to another of the dates, keeping the program valid.
  std::string changeDate() {
    struct Edit {
      size_t p, v;
      bool expires;
      int to;
    };
    std::vector<Edit> edits;
    for (size_t p = 0; p < t_.policies.size(); ++p) {
      const std::vector<Version>& vs = t_.policies[p].versions;
      for (size_t v = 0; v < vs.size(); ++v) {
        for (int d = -1; d < 3; ++d) {
          if (d == vs[v].effective) continue;
          bool taken = false;
          for (size_t o = 0; o < vs.size(); ++o) taken = taken || (o != v && vs[o].effective == d);
          if (!taken && (vs[v].expires < 0 || d < vs[v].expires)) edits.push_back({p, v, false, d});
        }
        for (int d = -1; d < 3; ++d)
          if (d != vs[v].expires && (d < 0 || d > vs[v].effective)) edits.push_back({p, v, true, d});
      }
    }
    if (edits.empty()) return "";
    const Edit& e = edits[rng_.below(edits.size())];
    Version& v = t_.policies[e.p].versions[e.v];
    int& field = e.expires ? v.expires : v.effective;
    auto name = [](int d) { return d < 0 ? std::string("none") : kDates[static_cast<size_t>(d)]; };
    std::string what = std::string("move `") + (e.expires ? "expires" : "effective") + "` of a version of " +
                       t_.policies[e.p].name + " from " + name(field) + " to " + name(e.to);
    field = e.to;
    return what;
  }

  // ---- the domain and the properties ----

  void domain(const Tree& before, SmallProgram* out) {
    SmallDomain& d = out->domain;
    for (const std::string& u : allUses())
      if (inside(u, out->askedUse)) d.uses.push_back(u);
    std::set<int> dates;
    for (const Tree* t : std::vector<const Tree*>{&before, &t_})
      for (const Policy& p : t->policies)
        for (const Version& v : p.versions) {
          if (v.effective >= 0) dates.insert(v.effective);
          if (v.expires >= 0) dates.insert(v.expires);
        }
    for (int i : dates) {
      d.times.push_back(dateSeconds(static_cast<size_t>(i)) - 1);
      d.times.push_back(dateSeconds(static_cast<size_t>(i)));
    }
    if (d.times.empty()) d.times.push_back(dateSeconds(0) + 86400 * 60);
    for (Field f : palette_) d.fields.push_back(fieldDomain(f));
    std::sort(d.fields.begin(), d.fields.end(),
              [](const SmallField& a, const SmallField& b) { return a.path < b.path; });
    if (genre_) d.workFields.push_back(fieldDomain(kGenre));

    std::string text = out->source + out->mutant;
    auto mentions = [&](const std::string& s) { return text.find(s) != std::string::npos; };
    std::vector<std::vector<Holder>> sets = {{}, {kA}, {kL}, {kA, kL}, {kA, kL, kZ}, {kX, kL}, {kA, kX}};
    if (mentions("split")) {
      sets.push_back({share(kA, "1"), share(kL, "1")});
      sets.push_back({share(kA, "\"0%\""), share(kL, "\"100%\"")});
      sets.push_back({share(kA, "0"), share(kZ, "0"), share(kL, "2")});
    }
    if (mentions("writer")) sets.push_back({kA, kL, kW});
    if (platform()) {
      sets.push_back({kA, kL, kP});
      sets.push_back({kP});
    }
    for (const auto& s : sets) d.holderSets.push_back(holdersJson(s));
  }

  void properties(SmallProgram* out) {
    const std::vector<std::string>& uses = out->domain.uses;
    const std::string& leaf = rng_.pick(uses);
    out->properties.push_back({"never allow " + (rng_.chance(50) ? out->askedUse : leaf)});
    if (rng_.chance(30)) {
      const bool region = t_.region;
      std::string e = render(atom(rng_.pick(palette_)).s, t_);
      if (!region && e.find("MARKETS") != std::string::npos) e = "territory in EU";  // P declares no region
      out->properties.push_back({"never allow " + out->askedUse + " when " + e});
    }
    out->properties.push_back({"never error " + out->askedUse});
    out->properties.push_back({"implies"});
    static const std::vector<std::string> kAmounts = {"0.50 USD", "1.00 USD", "5.000001 USD", "0.000001 USD"};
    out->properties.push_back({"always pays " + leaf + " at least " + rng_.pick(kAmounts)});
  }

  Rng rng_;
  bool oneField_;
  Tree t_;
  std::vector<Field> palette_;
  bool genre_ = false;
};

}  // namespace

SmallProgram generateSmallProgram(uint64_t seed) {
  for (uint64_t attempt = 0;; ++attempt) {
    SmallProgram p = Generator(mixSeed(seed, attempt), attempt >= 4).run();
    if (p.domain.size() <= kMaxSmallDomain) return p;
  }
}

}  // namespace refrain::gen
