// RSL 1.0 (docs/standards.md, "RSL 1.0"): a stance as one RSL document
// with one <content>, and an RSL document back as per-use stances.
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

// ---------------------------------------------------------------- export

std::string refrainToken(const std::string& use) { return "refrain:" + use; }

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

bool withinTraining(const std::string& use) { return contains(usesWithin("ai.train"), use); }

// Whether an RSL licence can say all that `offer` asks, so that a reader
// who meets the licence meets the offer. RSL has one payment per licence:
// a price or attribution, not both, and no other duty. Purposes must name
// at least one RSL user class (the others are left out, which narrows).
bool rslCanState(const Offer& offer) {
  if (!offer.fullyStatable()) return false;
  bool attributionOnly = offer.duties == std::vector<std::string>{"attribution"} && !offer.price;
  if (!offer.duties.empty() && !attributionOnly) return false;
  if (offer.purposes.empty()) return true;
  return std::any_of(offer.purposes.begin(), offer.purposes.end(),
                     [](const std::string& p) { return !rsl::userTokenOf(p).empty(); });
}

// The uses that share one statable offer: one licence.
struct OfferGroup {
  Offer offer;
  std::vector<std::string> uses;  // tree order
};

std::vector<OfferGroup> offerGroups(const StanceSheet& sheet) {
  std::vector<OfferGroup> groups;
  for (const std::string& use : aiUses()) {
    const UseStance& s = sheet.of(use);
    // A caveat (a conditional deny, a condition that may fail, another
    // party's terms) is something no licence can carry: the use stays
    // unlicensed rather than widened.
    if (s.stance != Stance::kConstrained || !s.caveats.empty()) continue;
    // Every way the use may be allowed must fit a licence: licensing the
    // ones that fit would grant the use where the others' terms apply.
    if (!std::all_of(s.offers.begin(), s.offers.end(), rslCanState)) continue;
    for (const Offer& o : s.offers) {
      auto g = std::find_if(groups.begin(), groups.end(), [&](const OfferGroup& x) { return rsl::sameTerms(x.offer, o); });
      if (g == groups.end()) groups.push_back({o, {use}});
      else if (!contains(g->uses, use)) g->uses.push_back(use);
    }
  }
  return groups;
}

// A core token goes in an offer's licence only when the offer is the whole
// story for its group: each use of it that is not plainly allowed has
// exactly this one offer. Otherwise a generic reader would take the token's
// uses on terms some of them do not give.
bool coreTokenFits(const StanceSheet& sheet, const CoreToken& core, const OfferGroup& group) {
  bool any = false;
  for (const std::string& use : core.uses) {
    const UseStance& s = sheet.of(use);
    if (s.stance == Stance::kAllowed) continue;
    if (!contains(group.uses, use) || s.offers.size() != 1) return false;
    any = true;
  }
  return any;
}

struct License {
  std::vector<std::string> permitsUsage, permitsUser, permitsGeo;
  std::vector<std::string> prohibitsUsage, prohibitsGeo;
  std::string paymentType, currency, amount;  // no payment when paymentType is empty
};

License offerLicense(const StanceSheet& sheet, const OfferGroup& group) {
  License l;
  for (const CoreToken& core : coreTokens())
    if (coreTokenFits(sheet, core, group)) l.permitsUsage.push_back(core.token);
  for (const std::string& use : group.uses) l.permitsUsage.push_back(refrainToken(use));
  for (const std::string& p : group.offer.purposes)
    if (std::string user = rsl::userTokenOf(p); !user.empty() && !contains(l.permitsUser, user)) l.permitsUser.push_back(user);
  l.permitsGeo = group.offer.territories;
  l.prohibitsGeo = group.offer.excludedTerritories;
  if (const std::optional<Price>& price = group.offer.price) {
    // RSL's unit is the payment type: per training use, or per use as a model's input.
    bool training = std::all_of(group.uses.begin(), group.uses.end(), withinTraining);
    l.paymentType = !price->perUnit ? "purchase" : training ? "training" : "use";
    l.currency = price->currency;
    l.amount = price->amount();
  } else if (contains(group.offer.duties, "attribution")) {
    l.paymentType = "attribution";
  }
  return l;
}

// The licences of the document: the free one, then one per offer, each
// repeating what is prohibited (RSL reads prohibits across licences).
std::vector<License> licenses(const StanceSheet& sheet) {
  License free, prohibited;
  for (const CoreToken& core : coreTokens()) {
    Stance folded = foldStances(sheet, core.uses);
    if (folded == Stance::kAllowed) free.permitsUsage.push_back(core.token);
    if (folded == Stance::kNotAllowed) prohibited.prohibitsUsage.push_back(core.token);
  }
  for (const std::string& use : aiUses()) {
    Stance s = sheet.of(use).stance;
    if (s == Stance::kAllowed) free.permitsUsage.push_back(refrainToken(use));
    if (s == Stance::kNotAllowed) prohibited.prohibitsUsage.push_back(refrainToken(use));
  }
  std::vector<License> out;
  if (!free.permitsUsage.empty()) out.push_back(free);
  for (const OfferGroup& g : offerGroups(sheet)) out.push_back(offerLicense(sheet, g));
  // A licence that only prohibits would license every other usage for free.
  if (out.empty()) {
    License none;
    none.prohibitsUsage = {"all"};
    return {none};
  }
  for (License& l : out) l.prohibitsUsage = prohibited.prohibitsUsage;
  return out;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

void appendList(pugi::xml_node license, const char* element, const char* type, const std::vector<std::string>& words) {
  if (words.empty()) return;
  pugi::xml_node list = license.append_child(element);
  list.append_attribute("type") = type;
  list.text() = joined(words).c_str();
}

void appendLicense(pugi::xml_node content, const License& l) {
  pugi::xml_node license = content.append_child("license");
  // The schema's order: permits usage, user, geo; prohibits likewise; payment.
  appendList(license, "permits", "usage", l.permitsUsage);
  appendList(license, "permits", "user", l.permitsUser);
  appendList(license, "permits", "geo", l.permitsGeo);
  appendList(license, "prohibits", "usage", l.prohibitsUsage);
  appendList(license, "prohibits", "geo", l.prohibitsGeo);
  if (l.paymentType.empty()) return;
  pugi::xml_node payment = license.append_child("payment");
  payment.append_attribute("type") = l.paymentType.c_str();
  if (l.amount.empty()) return;
  pugi::xml_node amount = payment.append_child("amount");
  amount.append_attribute("currency") = l.currency.c_str();
  amount.text() = l.amount.c_str();
}

// RSL's `url` outside HTML and RSS: a full URL, or a path pattern of RFC 9309.
bool validContentUrl(const std::string& url) {
  if (url.empty() || policy::invalidUtf8At(url) != std::string::npos) return false;
  if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; }))
    return false;
  if (url[0] == '/' || url[0] == '*') return true;
  size_t colon = url.find(':');
  auto schemeChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; };
  return colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(url[0])) &&
         std::all_of(url.begin(), url.begin() + static_cast<long>(colon), schemeChar);
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
    if (pugi::xml_attribute server = content.attribute("server"))
      note(content, std::string("licences must be obtained from the server ") + server.value() +
                        ", even free ones; a policy cannot say so");
    if (pugi::xml_attribute encrypted = content.attribute("encrypted")) {
      std::string_view v = encrypted.value();
      if (v != "true" && v != "false") error(content, "encrypted must be `true` or `false`, not `" + std::string(v) + "`");
      else if (v == "true") note(content, "the content is encrypted; a policy cannot say so");
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
      if (name == "amount") price = readAmount(c);
      else if (name == "accepts") note(c, "<accepts> is not read: a policy names no payment protocol");
      else note(c, "<" + name + "> (" + trimmedText(c) + ") is not read: a policy cannot refer to outside terms");
    }
    if ((type == "free" || type == "attribution") && seen.count("amount"))
      return error(payment, "a payment of type " + type + " has no <amount>");
    if (type == "free") return;
    l->free = false;
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

  void decide() {
    std::set<std::string> noted, prohibited;
    if (anyRefrainToken_ && anyCoreToken())
      out_->notes.push_back("the file has refrain: tokens: they alone say which uses are meant; its core tokens are for other readers");
    for (const LicenseRead& l : licenses_) {
      noteUnmapped(l.permitted, &noted);
      noteUnmapped(l.prohibited, &noted);
      for (const UsageToken& t : l.prohibited)
        for (const std::string& u : usesOf(t)) prohibited.insert(u);
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
      if (l.free) return SignalUse{Stance::kAllowed, std::nullopt, ""};
      if (!l.unstatable.empty()) {
        if (unstatable.empty()) unstatable = "the licence at " + l.at + " asks for " + l.unstatable + ", which a policy cannot state";
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
};

}  // namespace

bool exportRsl(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error) {
  if (!validContentUrl(options.url)) {
    *error = "the RSL content url must be a full URL or a path such as `/` or `/music/*`, not `" + options.url + "`";
    return false;
  }
  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("rsl");
  root.append_attribute("xmlns") = rsl::kNamespace;
  root.append_attribute("xmlns:refrain") = rsl::kUsesNamespace;
  pugi::xml_node content = root.append_child("content");
  content.append_attribute("url") = options.url.c_str();
  for (const License& l : licenses(sheet)) appendLicense(content, l);
  *out = indentedXml(doc);
  return true;
}

bool importRsl(std::string_view fileName, std::string_view text, ImportedSignal* out, std::vector<std::string>* errors) {
  return RslReader(fileName, text, out, errors).run();
}

}  // namespace refrain::interop
