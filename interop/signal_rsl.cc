// RSL 1.0 import (docs/standards.md, "RSL 1.0"): an RSL document back as
// per-use stances (signal_rsl_out.cc writes them).
//
// Generic RSL readers see the core tokens `ai-train` and `ai-input`;
// Refrain readers see `refrain:<use>` extension tokens, one per use, and
// read only those when there are any, so a round trip is exact per use.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <set>

#include "interop/rsl_vocabulary.h"
#include "interop/signals.h"
#include "interop/xml_source.h"
#include "policy/utf8.h"
#include "policy/vocabulary.h"
#include "runtime/money.h"

namespace refrain::interop {
namespace {

using rsl::CoreToken;
using rsl::coreTokens;

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// ---------------------------------------------------------------- import

// RSL files are a few KiB: these limits only stop hostile ones.
constexpr XmlLimits kRslLimits{size_t{16} << 20, 32};

// A usage token as read: what kind it is, and for `refrain:` the use.
struct UsageToken {
  enum Kind { kCore, kRefrain, kExtension } kind;
  std::string text;  // as written
  std::string use;   // kRefrain: the use it names
};

// One <license>, read: its usage lists and the offer it makes.
struct LicenseRead {
  std::string at;  // file:line:col
  bool permitsAnyUsage = true;  // no <permits type="usage">: RSL restricts nothing
  std::vector<UsageToken> permitted, prohibited;
  bool free = true;             // no user, geo or payment terms
  Offer offer;                  // the terms, when not free
  std::string unstatable;       // why its terms cannot be a Refrain offer, or ""
};

class RslReader {
 public:
  RslReader(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors)
      : source_(fileName, text), out_(out), errors_(errors) {}

  bool run() {
    if (!source_.load(kRslLimits, {"the RSL file", "this import reads UTF-8 only", "an RSL file"}, errors_))
      return false;
    pugi::xml_node root = source_.root();
    if (localName(root) != "rsl" || namespaceOf(root) != rsl::kNamespace) {
      std::string uri = namespaceOf(root);
      error(root, "expected an <rsl> root element in the namespace " + std::string(rsl::kNamespace) + ", found <" +
                      root.name() + "> in " + (uri.empty() ? "no namespace" : "`" + uri + "`"));
      return false;
    }
    readRoot(root);
    if (errors_->size() != errorsBefore_) return false;
    decide();
    return true;
  }

 private:
  // --- messages ---

  void error(const pugi::xml_node& n, const std::string& why) { errors_->push_back(source_.error(n, why)); }
  void note(const pugi::xml_node& n, const std::string& what) { out_->notes.push_back(source_.position(n) + ": " + what); }

  // The RSL-namespace element children of `n`; elements of other namespaces
  // are extensions, ignored with a note.
  std::vector<pugi::xml_node> rslChildren(const pugi::xml_node& n) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string uri;
      if (!namespaceOfPrefix(c, prefixOf(c.name()), &uri)) {
        error(c, "the prefix of <" + std::string(c.name()) + "> is bound to no namespace");
        continue;
      }
      if (uri == rsl::kNamespace) out.push_back(c);
      else note(c, "<" + std::string(c.name()) + "> is not RSL (namespace `" + uri + "`): ignored");
    }
    return out;
  }

  // Attributes: those RSL gives `n` pass, namespaced ones are ignored with a note, others are errors.
  void checkAttributes(const pugi::xml_node& n, std::initializer_list<std::string_view> known) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      std::string_view name = a.name();
      if (isNamespaceDeclaration(a) || std::find(known.begin(), known.end(), name) != known.end()) continue;
      if (prefixOf(name) == "xml") continue;  // xml:lang, xml:base say nothing of rights
      if (prefixOf(name).empty()) error(n, "unknown attribute `" + std::string(name) + "` on <" + std::string(localName(n)) + ">");
      else note(n, "attribute `" + std::string(name) + "` is not RSL: ignored");
    }
  }

  // `parent` with its article: "a <license>".
  void unknownElement(const pugi::xml_node& n, const char* parent, const char* expected) {
    error(n, "unknown element <" + std::string(localName(n)) + "> in the RSL namespace: " + parent + " holds " + expected);
  }

  // --- structure ---

  void readRoot(const pugi::xml_node& root) {
    checkAttributes(root, {"max-age"});
    if (pugi::xml_attribute age = root.attribute("max-age")) {
      std::string_view v = age.value();
      bool digits = !v.empty() && v.size() < 10 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || std::stoi(std::string(v)) < 1)
        error(root, "max-age must be a positive whole number of days, not `" + std::string(v) + "`");
    }
    bool seen = false;
    for (const pugi::xml_node& c : rslChildren(root)) {
      if (localName(c) != "content") {
        unknownElement(c, "an <rsl>", "content");
      } else if (seen) {
        error(c, "a second <content>: Refrain policies have no paths: give one <content>");
      } else {
        seen = true;
        readContent(c);
      }
    }
    if (!seen) error(root, "expected a <content> element in <rsl>");
  }

  void readContent(const pugi::xml_node& content) {
    checkAttributes(content, {"url", "server", "encrypted", "lastmod"});
    if (!content.attribute("url")) error(content, "<content> needs a url attribute");
    // Conditions on every licence that a policy cannot state: like
    // <reporting>, they leave the uses the licences permit without an offer.
    if (pugi::xml_attribute server = content.attribute("server")) {
      note(content, std::string("licences must be obtained from the server ") + server.value() +
                        ", even free ones, which a policy cannot state: the licences' uses stay without an offer");
      contentUnstatable_ = std::string("a licence token from the server ") + server.value();
    }
    if (pugi::xml_attribute encrypted = content.attribute("encrypted")) {
      std::string_view v = encrypted.value();
      if (v != "true" && v != "false") {
        error(content, "encrypted must be `true` or `false`, not `" + std::string(v) + "`");
      } else if (v == "true") {
        note(content, "the content is encrypted, and its key comes with a licence, which a policy cannot state: the "
                      "licences' uses stay without an offer");
        if (contentUnstatable_.empty()) contentUnstatable_ = "the key to encrypted content";
      }
    }
    bool anyLicense = false;
    for (const pugi::xml_node& c : rslChildren(content)) {
      std::string_view name = localName(c);
      if (name == "license") {
        anyLicense = true;
        readLicense(c);
      } else if (name == "alternate" || name == "schema" || name == "copyright" || name == "terms") {
        note(c, "<" + std::string(name) + "> is not read: a policy has no place for it");
      } else {
        unknownElement(c, "a <content>", "license, alternate, schema, copyright and terms");
      }
    }
    if (!anyLicense) error(content, "expected a <license> element in <content>");
  }

  void readLicense(const pugi::xml_node& license) {
    checkAttributes(license, {});
    LicenseRead l;
    l.at = source_.position(license);
    std::set<std::string> lists;  // "permits usage", … : each at most once
    bool payment = false;
    for (const pugi::xml_node& c : rslChildren(license)) {
      std::string_view name = localName(c);
      if (name == "permits" || name == "prohibits") {
        checkAttributes(c, {"type"});
        std::string type = c.attribute("type").value();
        if (type != "usage" && type != "user" && type != "geo") {
          error(c, "expected type usage, user or geo on <" + std::string(name) + ">, found `" + type + "`");
          continue;
        }
        if (!lists.insert(std::string(name) + " " + type).second) {
          error(c, "a second <" + std::string(name) + " type=\"" + type + "\"> in one <license>: give one list");
          continue;
        }
        readList(c, name == "permits", type, &l);
      } else if (name == "payment") {
        if (payment) error(c, "a second <payment> in one <license>: give one");
        payment = true;
        readPayment(c, &l);
      } else if (name == "reporting") {
        note(c, "<reporting> asks for reports a policy cannot state: the licence's uses stay without an offer");
        l.free = false;
        l.unstatable = "reporting";
      } else if (name == "legal") {
        note(c, "<legal> is not read: a policy has no place for it");
      } else {
        unknownElement(c, "a <license>", "permits, prohibits, payment, reporting and legal");
      }
    }
    licenses_.push_back(std::move(l));
  }

  void readList(const pugi::xml_node& list, bool permits, const std::string& type, LicenseRead* l) {
    std::vector<std::string> words = spaceSeparated(trimmedText(list));
    if (words.empty()) return error(list, "expected at least one " + type + " token in <" + list.name() + ">");
    if (type == "usage") {
      if (permits) l->permitsAnyUsage = false;
      for (const std::string& w : words)
        if (std::optional<UsageToken> t = usageToken(list, w)) (permits ? l->permitted : l->prohibited).push_back(*t);
      return;
    }
    l->free = false;
    std::vector<std::string> values;
    for (const std::string& w : words) {
      if (type == "user") {
        if (rsl::isUserToken(w)) values.push_back(rsl::purposeOf(w));
        else if (extensionBound(list, w, "user")) l->unstatable = "the user class `" + w + "`";
      } else if (w == "EU") {
        for (std::string_view m : policy::euMembers()) values.emplace_back(m);
      } else if (policy::isTerritoryCode(w)) {
        values.push_back(w);
      } else {
        error(list, "unknown geo code `" + w + "`: expected an ISO 3166-1 alpha-2 code or EU" +
                        (w == "UK" ? " (the United Kingdom is GB)" : ""));
      }
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (type == "user" && permits) l->offer.purposes = values;
    if (type == "geo") (permits ? l->offer.territories : l->offer.excludedTerritories) = values;
    if (type == "user" && !permits && !values.empty()) {
      // A policy writer ANDs otherConditions into `when`: this must be the language's own text.
      std::string quoted;
      for (const std::string& v : values) quoted += (quoted.empty() ? "\"" : ", \"") + v + "\"";
      l->offer.otherConditions.push_back("not (purpose in [" + quoted + "])");
    }
  }

  // An extension token (`prefix:name`) whose prefix is bound to a namespace
  // other than RSL's; anything else is an error.
  bool extensionBound(const pugi::xml_node& at, const std::string& token, const std::string& type, std::string* uri = nullptr) {
    std::string bound;
    if (!rsl::isQNameToken(token)) {
      std::string expected = type == "usage" ? "all, ai-all, ai-train, ai-input, ai-index, search"
                             : type == "user" ? "commercial, non-commercial, education, government, personal"
                                              : "purchase, subscription, training, crawl, use, contribution, attribution, free";
      std::string noun = type == "payment" ? "payment type" : type + " token";
      std::string why = "unknown " + noun + " `" + token + "`: expected " + expected + " or a prefixed extension token";
      if (token.find(',') != std::string::npos) why += " (RSL 1.0 separates tokens with spaces, not commas)";
      error(at, why);
      return false;
    }
    if (!namespaceOfPrefix(at, prefixOf(token), &bound)) {
      error(at, "the prefix of the token `" + token + "` is bound to no namespace");
      return false;
    }
    if (bound == rsl::kNamespace) {
      error(at, "the token `" + token + "` has RSL's own namespace: an extension token needs another one");
      return false;
    }
    if (uri) *uri = bound;
    return true;
  }

  std::optional<UsageToken> usageToken(const pugi::xml_node& at, const std::string& w) {
    if (rsl::isUsageToken(w)) return UsageToken{UsageToken::kCore, w, ""};
    std::string uri;
    if (!extensionBound(at, w, "usage", &uri)) return std::nullopt;
    if (uri != rsl::kUsesNamespace) return UsageToken{UsageToken::kExtension, w, ""};
    std::string use(localName(w));
    if (!policy::isUse(use)) {
      error(at, "the token `" + w + "` names no Refrain use (docs/language.md §4)");
      return std::nullopt;
    }
    anyRefrainToken_ = true;
    return UsageToken{UsageToken::kRefrain, w, use};
  }

  // --- payment ---

  void readPayment(const pugi::xml_node& payment, LicenseRead* l) {
    checkAttributes(payment, {"type"});
    std::string type = payment.attribute("type").value();
    bool flat = type == "purchase" || type == "subscription" || type == "contribution";
    bool perUnit = type == "training" || type == "crawl" || type == "use";
    bool known = flat || perUnit || type == "free" || type == "attribution";
    bool extension = !known && !type.empty() && extensionBound(payment, type, "payment");
    std::optional<Price> price;
    std::set<std::string> seen;
    std::string outside;  // the first condition outside the policy's words, or ""
    for (const pugi::xml_node& c : rslChildren(payment)) {
      std::string name(localName(c));
      if (name != "amount" && name != "standard" && name != "custom" && name != "accepts") {
        unknownElement(c, "a <payment>", "amount, standard, custom and accepts");
        continue;
      }
      if (!seen.insert(name).second) {
        error(c, "a second <" + name + "> in one <payment>: give one");
        continue;
      }
      if (name == "amount") {
        price = readAmount(c);
        continue;
      }
      // Outside terms and payment protocols are conditions of the licence
      // a policy cannot state, as <reporting> is.
      std::string what = name == "accepts" ? "payment through " + trimmedText(c) + " (<accepts>)"
                                           : "the outside terms of <" + name + "> " + trimmedText(c);
      note(c, name == "accepts"
                  ? "<accepts> names a payment protocol, which a policy cannot state: the licence's uses stay without "
                    "an offer"
                  : "<" + name + "> (" + trimmedText(c) + ") refers to outside terms, which a policy cannot state: "
                    "the licence's uses stay without an offer");
      if (outside.empty()) outside = what;
    }
    if (!outside.empty()) {
      l->free = false;
      l->unstatable = outside;
    }
    if ((type == "free" || type == "attribution") && seen.count("amount"))
      return error(payment, "a payment of type " + type + " has no <amount>");
    if (type == "free") return;
    l->free = false;
    if (!l->unstatable.empty()) return;
    if (type == "attribution") {
      l->offer.duties = {"attribution"};
    } else if ((flat || perUnit) && price) {
      price->perUnit = perUnit;
      l->offer.price = price;
      if (type == "subscription") note(payment, "a subscription's period is not stated: its amount is read as a flat price");
    } else if (known) {
      l->unstatable = "a " + type + " payment without an <amount>";
    } else if (type.empty()) {
      l->unstatable = "a <payment> without a type";
    } else if (extension) {
      l->unstatable = "the payment type `" + type + "`";
    }
  }

  std::optional<Price> readAmount(const pugi::xml_node& amount) {
    checkAttributes(amount, {"currency"});
    std::string currency = amount.attribute("currency").value(), text = trimmedText(amount);
    if (!policy::isCurrencyCode(currency)) {
      error(amount, "expected an ISO 4217 currency code such as USD in currency, found `" + currency + "`");
      return std::nullopt;
    }
    Price p;
    p.currency = currency;
    std::string why = exactMicros(text, &p.micros);
    if (!why.empty()) {
      error(amount, "amount `" + text + "` " + why);
      return std::nullopt;
    }
    return p;
  }

  // An xsd:decimal as millionths, exactly; "" or why it cannot be.
  static std::string exactMicros(std::string_view text, int64_t* micros) {
    std::string_view digits = text;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
    size_t point = digits.find('.');
    std::string whole(digits.substr(0, point)), fraction(point == std::string_view::npos ? "" : digits.substr(point + 1));
    auto allDigits = [](const std::string& s) { return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
    if ((whole.empty() && fraction.empty()) || !allDigits(whole) || !allDigits(fraction))
      return "is not a decimal number (digits, with an optional point)";
    if (!text.empty() && text[0] == '-' && std::any_of(digits.begin(), digits.end(), [](char c) { return c >= '1' && c <= '9'; }))
      return "is negative: expected a price of zero or more";
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (fraction.size() > static_cast<size_t>(runtime::kMoneyFractionDigits))
      return "has more than 6 decimal places: a price holds millionths";
    if (!runtime::parseDecimalMicros((whole.empty() ? "0" : whole) + (fraction.empty() ? "" : "." + fraction), 6, micros))
      return "is too large for a price";
    return "";
  }

  // --- from tokens to uses ---

  std::vector<std::string> usesOf(const UsageToken& t) {
    if (anyRefrainToken_) return t.kind == UsageToken::kRefrain ? std::vector<std::string>{t.use} : std::vector<std::string>{};
    if (t.text == "all" || t.text == "ai-all") return aiUses();
    for (const CoreToken& core : coreTokens())
      if (t.text == core.token) return core.uses;
    return {};
  }

  // Notes, once a token, for the tokens that name no Refrain use.
  void noteUnmapped(const std::vector<UsageToken>& tokens, std::set<std::string>* noted) {
    for (const UsageToken& t : tokens) {
      if (!noted->insert(t.text).second) continue;
      if (t.kind == UsageToken::kExtension)
        out_->notes.push_back("the extension token `" + t.text + "` is not Refrain's: ignored");
      else if (t.kind == UsageToken::kCore && (t.text == "search" || t.text == "ai-index"))
        out_->notes.push_back("`" + t.text + "` has no Refrain use: ignored");
    }
  }

  // The uses a prohibited token takes away. `all` and `ai-all` take every
  // use, whatever else the file says. With refrain: tokens in the file, the
  // core `ai-train` and `ai-input` take the uses they cover except those a
  // refrain: token permits in some licence: Refrain's own exports prohibit
  // a core token when any use under it is not allowed, and permit the
  // narrower uses that are by name.
  std::vector<std::string> prohibitedUses(const UsageToken& t, const std::set<std::string>& permittedByName) {
    if (t.kind == UsageToken::kCore && (t.text == "all" || t.text == "ai-all")) return aiUses();
    if (!anyRefrainToken_ || t.kind != UsageToken::kCore) return usesOf(t);
    std::vector<std::string> out;
    for (const CoreToken& core : coreTokens())
      if (t.text == core.token)
        for (const std::string& use : core.uses)
          if (!permittedByName.count(use)) out.push_back(use);
    return out;
  }

  void decide() {
    std::set<std::string> noted, prohibited, permittedByName;
    if (anyRefrainToken_ && anyCoreToken())
      out_->notes.push_back("the file has refrain: tokens: they alone say which uses are permitted; of its core "
                            "tokens, a prohibited `all` or `ai-all` takes every use, a prohibited `ai-train` or "
                            "`ai-input` the uses it covers that no refrain: token permits, and the rest are for "
                            "other readers");
    for (const LicenseRead& l : licenses_)
      for (const UsageToken& t : l.permitted)
        if (t.kind == UsageToken::kRefrain) permittedByName.insert(t.use);
    for (const LicenseRead& l : licenses_) {
      noteUnmapped(l.permitted, &noted);
      noteUnmapped(l.prohibited, &noted);
      for (const UsageToken& t : l.prohibited)
        for (const std::string& u : prohibitedUses(t, permittedByName)) prohibited.insert(u);
    }
    for (const std::string& use : aiUses()) {
      if (prohibited.count(use)) {
        out_->uses[use] = SignalUse{Stance::kNotAllowed, std::nullopt, ""};
        continue;
      }
      if (std::optional<SignalUse> granted = grant(use)) out_->uses[use] = *granted;
    }
    closeTheLists();
  }

  bool anyCoreToken() const {
    for (const LicenseRead& l : licenses_)
      for (const auto* list : {&l.permitted, &l.prohibited})
        for (const UsageToken& t : *list)
          if (t.kind == UsageToken::kCore) return true;
    return false;
  }

  bool permits(const LicenseRead& l, const std::string& use) {
    if (l.permitsAnyUsage) return true;
    for (const UsageToken& t : l.permitted)
      if (contains(usesOf(t), use)) return true;
    return false;
  }

  // What the licences that permit `use` give it: allowed by any free one;
  // else the offers of the others, the first in `offer`, more in
  // `moreOffers`; terms no offer can hold leave it constrained without one.
  std::optional<SignalUse> grant(const std::string& use) {
    std::vector<Offer> offers;
    std::string unstatable;
    bool any = false;
    for (const LicenseRead& l : licenses_) {
      if (!permits(l, use)) continue;
      any = true;
      const std::string& why = l.unstatable.empty() ? contentUnstatable_ : l.unstatable;
      if (l.free && why.empty()) return SignalUse{Stance::kAllowed, std::nullopt, ""};
      if (!why.empty()) {
        if (unstatable.empty()) unstatable = "the licence at " + l.at + " asks for " + why + ", which a policy cannot state";
        continue;
      }
      if (std::none_of(offers.begin(), offers.end(), [&](const Offer& o) { return rsl::sameTerms(o, l.offer); }))
        offers.push_back(l.offer);
    }
    if (!any) return std::nullopt;
    SignalUse s{Stance::kConstrained, std::nullopt, unstatable};
    if (!offers.empty()) {
      s.offer = offers.front();
      if (offers.size() > 1) out_->moreOffers[use].assign(offers.begin() + 1, offers.end());
    }
    return s;
  }

  // RSL licenses only what it lists: a use no licence names is unlicensed.
  // A use of the tree inherits its parent's rule, so where an ancestor is
  // permitted, the unnamed use is said not allowed outright.
  void closeTheLists() {
    for (const std::string& use : aiUses()) {
      if (out_->uses.count(use)) continue;
      for (std::string parent = use; parent.find('.') != std::string::npos;) {
        parent.erase(parent.rfind('.'));
        auto named = out_->uses.find(parent);
        if (named == out_->uses.end()) continue;
        if (named->second.stance != Stance::kNotAllowed)
          out_->uses[use] = SignalUse{Stance::kNotAllowed, std::nullopt, "no licence names it: unlicensed under RSL"};
        break;
      }
    }
  }

  XmlSource source_;
  ImportedSignal* out_;
  std::vector<std::string>* errors_;
  size_t errorsBefore_ = errors_->size();
  std::vector<LicenseRead> licenses_;
  bool anyRefrainToken_ = false;
  std::string contentUnstatable_;  // a condition of every licence a policy cannot state, or ""
};

}  // namespace


bool importRsl(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors) {
  return RslReader(fileName, text, out, errors).run();
}

}  // namespace refrain::interop
