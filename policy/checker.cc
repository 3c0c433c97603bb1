// Program checks: regions, policies, versions, rules and the never-wins warnings of docs/language.md §11.
#include "policy/checker.h"

#include <set>

#include "policy/vocabulary.h"

namespace refrain::policy {

namespace {

const Type kBoolType{BaseType::kBool, false};
const Type kMoneyType{BaseType::kMoney, false};
const Type kNoType{BaseType::kError, false};

std::vector<std::string> toStrings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

class ProgramChecker {
 public:
  ProgramChecker(Program& program, Diagnostics& diags) : program_(program), diags_(diags) {}

  void run() {
    regions_ = {{"EU", toStrings(euMembers())}, {"EEA", toStrings(eeaMembers())},
                {"WORLD", toStrings(territoryCodes())}};
    declareRegions();
    for (Policy& p : program_.policies) policy(p);
    versions();
  }

 private:
  void declareRegions() {
    std::map<std::string, Region*> byName;
    for (Region& r : program_.regions) {
      if (regions_.count(r.name) && !byName.count(r.name)) {
        diags_.error(r.span, "`" + r.name + "` is a built-in region and cannot be redeclared");
      } else if (byName.count(r.name)) {
        diags_.error(r.span, "region `" + r.name + "` is already declared");
      } else if (r.name.size() < 3 || r.name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos) {
        diags_.error(r.span, "a region name is three or more capital letters, digits or `_`, such as `NORDICS`");
      } else {
        byName[r.name] = &r;
      }
    }
    std::set<std::string> visiting;
    for (auto& [name, region] : byName) resolveRegion(*region, byName, visiting);
  }

  void resolveRegion(Region& r, std::map<std::string, Region*>& byName, std::set<std::string>& visiting) {
    if (regions_.count(r.name) || visiting.count(r.name)) return;
    visiting.insert(r.name);
    std::set<std::string> codes;
    collectCodes(*r.list, byName, visiting, codes);
    visiting.erase(r.name);
    r.codes.assign(codes.begin(), codes.end());
    regions_[r.name] = r.codes;
  }

  void collectCodes(Expr& e, std::map<std::string, Region*>& byName, std::set<std::string>& visiting,
                    std::set<std::string>& codes) {
    if (e.kind == ExprKind::kBinary && e.op == BinOp::kAdd) {
      collectCodes(*e.args[0], byName, visiting, codes);
      collectCodes(*e.args[1], byName, visiting, codes);
    } else if (e.kind == ExprKind::kList) {
      for (ExprPtr& item : e.args) collectCodes(*item, byName, visiting, codes);
    } else if (e.kind == ExprKind::kName && byName.count(e.text)) {
      if (visiting.count(e.text)) {
        diags_.error(e.span, "region `" + e.text + "` is defined in terms of itself");
        return;
      }
      if (visiting.size() >= kMaxRegionDepth) {
        diags_.error(e.span, "regions nest too deeply (limit is " + std::to_string(kMaxRegionDepth) + ")");
        return;
      }
      resolveRegion(*byName[e.text], byName, visiting);
      for (const std::string& c : regions_[e.text]) codes.insert(c);
    } else if (e.kind == ExprKind::kName && regions_.count(e.text)) {
      for (const std::string& c : regions_[e.text]) codes.insert(c);
    } else if (e.kind == ExprKind::kName && e.text.size() == 2 && isTerritoryCode(e.text)) {
      codes.insert(e.text);
    } else if (e.kind == ExprKind::kName && e.text.size() == 2) {
      diags_.error(e.span, "unknown territory `" + e.text + "`");
    } else if (e.kind == ExprKind::kName) {
      diags_.error(e.span, "unknown region `" + e.text + "`");
    } else {
      diags_.error(e.span, "a region is a list of territories and regions, such as `[DK, FI] + EU`");
    }
  }

  void uses(const std::vector<UseRef>& refs) {
    for (const UseRef& u : refs)
      if (!isUse(u.name)) diags_.error(u.span, "unknown use `" + u.name + "`");
  }

  void role(const std::string& name, Span span) {
    if (!isRole(name))
      diags_.error(span, "unknown role `" + name + "`; roles are artist, label, publisher, writer, producer and platform");
  }

  void policy(Policy& p) {
    role(p.role, p.roleSpan);
    if (p.party.empty()) diags_.error(p.span, "policy `" + p.name + "` needs a party id");
    if (p.effective && p.expires && *p.expires <= *p.effective)
      diags_.error(p.expiresSpan, "`expires` must be after `effective` in policy `" + p.name + "`");
    if (p.on) checkExpression(*p.on, regions_, kBoolType, Scope::kWorkOnly, diags_);
    for (Consent& c : p.consents) {
      if (p.role != "platform") diags_.error(c.span, "`consent` is only allowed in a platform policy");
      for (size_t i = 0; i < c.roles.size(); ++i) role(c.roles[i], c.roleSpans[i]);
      uses(c.uses);
    }
    if (p.rules.size() > kMaxRulesPerPolicy)
      diags_.error(p.rules[kMaxRulesPerPolicy].span, "too many rules in policy `" + p.name + "` (limit is " +
                                                         std::to_string(kMaxRulesPerPolicy) + ")");
    for (Rule& r : p.rules) rule(r);
    neverWins(p);
  }

  void rule(Rule& r) {
    uses(r.uses);
    uses(r.except);
    for (const UseRef& x : r.except) {
      bool covered = false;
      for (const UseRef& u : r.uses) covered = covered || (useCovers(u.name, x.name) && u.name != x.name);
      if (isUse(x.name) && !covered)
        diags_.error(x.span, "`except " + x.name + "` must name a use inside the rule's uses");
    }
    if (r.when) checkExpression(*r.when, regions_, kBoolType, Scope::kRequest, diags_);
    if (r.pay) checkExpression(*r.pay, regions_, kMoneyType, Scope::kRequest, diags_);
    split(r);
    for (Duty& d : r.duties)
      for (TextPart& part : d.parts)
        if (part.isField) dutyField(*part.field);
  }

  void split(const Rule& r) {
    if (r.split.empty()) return;
    int64_t total = 0;
    std::set<std::string> seen;
    for (const Share& s : r.split) {
      role(s.role, s.span);
      if (!seen.insert(s.role).second) diags_.error(s.span, "role `" + s.role + "` appears twice in the split");
      if (s.ppm <= 0) diags_.error(s.span, "role `" + s.role + "` has 0% of the split; leave it out instead");
      total += s.ppm;
    }
    if (total != 1000000)
      diags_.error(r.splitSpan, "split totals " + percentText(total) + ", not 100%");
  }

  static std::string percentText(int64_t ppm) {
    std::string s = std::to_string(ppm / 10000);
    int64_t frac = ppm % 10000;
    if (frac) {
      std::string f = std::to_string(frac);
      f = std::string(4 - f.size(), '0') + f;
      while (f.back() == '0') f.pop_back();
      s += "." + f;
    }
    return s + "%";
  }

  void dutyField(Expr& field) {
    Diagnostics local;
    Type t = checkExpression(field, regions_, kNoType, Scope::kRequest, local);
    if (t.base == BaseType::kDynamic) field.type = {BaseType::kString, false};
    for (const Diagnostic& d : local.all()) {
      if (d.severity == Severity::kError) diags_.error(d.span, d.message + " in duty text");
      else diags_.warning(d.span, d.message);
    }
    if (local.hasErrors()) return;
    if (field.kind != ExprKind::kField)
      diags_.error(field.span, "`{" + field.text + "}` in a duty text must name a request field");
    else if (field.type.list)
      diags_.error(field.span, "`" + field.text + "` is a list and cannot be written in a duty text");
  }

  // §11.3: warn about allow rules that can never win within their own policy.
  void neverWins(const Policy& p) {
    std::map<std::string, UseFate> fates;  // by use name: each is worked out once, so the check stays linear
    for (size_t i = 0; i < p.rules.size(); ++i) {
      const Rule& r = p.rules[i];
      if (!r.allow) continue;
      std::string why;
      bool allDead = !r.uses.empty();
      for (const UseRef& u : r.uses) {
        std::string reason = deadReason(p, i, u.name, fates);
        if (reason.empty()) allDead = false;
        else why = reason;
      }
      if (allDead) diags_.warning(r.span, "rule can never win: " + why);
    }
  }

  // What, in one policy, can take a use away from its allow rules: the first
  // unconditional deny covering it, and the first unconditional allow naming
  // it exactly (which beats every later allow of the same use).
  struct UseFate {
    size_t deny = SIZE_MAX, allow = SIZE_MAX;  // rule indexes; SIZE_MAX for none
    std::string denyReason, allowReason;
  };

  static UseFate fateOf(const Policy& p, const std::string& use) {
    UseFate f;
    for (size_t j = 0; j < p.rules.size(); ++j) {
      const Rule& o = p.rules[j];
      if (o.when) continue;
      for (const UseRef& u : o.uses) {
        if (!o.allow && f.deny == SIZE_MAX && useCovers(u.name, use)) {
          bool excepted = false;
          // An except anywhere in the allow's subtree leaves that part to the allow.
          for (const UseRef& x : o.except) excepted = excepted || useCovers(x.name, use) || useCovers(use, x.name);
          if (!excepted) {
            f.deny = j;
            f.denyReason = "`deny " + u.name + "` on line " + std::to_string(o.span.line) + " always denies `" + use + "`";
          }
        }
        if (o.allow && f.allow == SIZE_MAX && u.name == use) {
          f.allow = j;
          f.allowReason = "the rule on line " + std::to_string(o.span.line) + " always allows `" + use + "` first";
        }
      }
    }
    return f;
  }

  // Why the allow rule at `index` can never win `use`, or empty. Unknown
  // uses are already errors and are not looked at.
  std::string deadReason(const Policy& p, size_t index, const std::string& use, std::map<std::string, UseFate>& fates) {
    if (!isUse(use)) return {};
    auto it = fates.find(use);
    if (it == fates.end()) it = fates.emplace(use, fateOf(p, use)).first;
    const UseFate& f = it->second;
    bool earlierAllow = f.allow < index;
    if (f.deny != SIZE_MAX && (!earlierAllow || f.deny < f.allow)) return f.denyReason;
    return earlierAllow ? f.allowReason : std::string();
  }

  void versions() {
    std::map<std::string, const Policy*> first;
    std::set<std::pair<std::string, int64_t>> seen;
    for (const Policy& p : program_.policies) {
      auto [it, fresh] = first.emplace(p.name, &p);
      const Policy& f = *it->second;
      if (!fresh && (f.party != p.party || f.role != p.role))
        diags_.error(p.span, "versions of policy `" + p.name + "` must be issued by one party: `" + f.role + " " +
                                 f.party + "`, not `" + p.role + " " + p.party + "`");
      int64_t effective = p.effective ? *p.effective : INT64_MIN;
      if (!seen.insert({p.name, effective}).second)
        diags_.error(p.span, "policy `" + p.name + "` already has a version with this `effective` date");
    }
  }

  Program& program_;
  Diagnostics& diags_;
  RegionTable regions_;
};

}  // namespace

void checkProgram(Program& program, Diagnostics& diags) {
  ProgramChecker(program, diags).run();
}

RegionTable regionTable(const Program& program) {
  RegionTable table = {{"EU", toStrings(euMembers())}, {"EEA", toStrings(eeaMembers())},
                       {"WORLD", toStrings(territoryCodes())}};
  for (const Region& r : program.regions)
    if (!table.count(r.name)) table[r.name] = r.codes;
  return table;
}

}  // namespace refrain::policy
