// RSL 1.0 export (docs/standards.md, "RSL 1.0"): a stance as one RSL
// document with one <content>. Generic RSL readers see the core tokens
// `ai-train` and `ai-input`; Refrain readers see `refrain:<use>` extension
// tokens, one per use (signal_rsl.cc reads them back). Written without an
// XML library (xml_writer.h), so it builds for WebAssembly.
#include <algorithm>
#include <cctype>

#include "interop/rsl_vocabulary.h"
#include "interop/signals.h"
#include "interop/xml_writer.h"
#include "policy/utf8.h"

namespace refrain::interop {
namespace {

using rsl::CoreToken;
using rsl::coreTokens;

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

void appendList(XmlElement& license, const char* element, const char* type, const std::vector<std::string>& words) {
  if (words.empty()) return;
  license.child(element).attribute("type", type).text = joined(words, " ");
}

void appendLicense(XmlElement& content, const License& l) {
  XmlElement& license = content.child("license");
  // The schema's order: permits usage, user, geo; prohibits likewise; payment.
  appendList(license, "permits", "usage", l.permitsUsage);
  appendList(license, "permits", "user", l.permitsUser);
  appendList(license, "permits", "geo", l.permitsGeo);
  appendList(license, "prohibits", "usage", l.prohibitsUsage);
  appendList(license, "prohibits", "geo", l.prohibitsGeo);
  if (l.paymentType.empty()) return;
  XmlElement& payment = license.child("payment").attribute("type", l.paymentType);
  if (l.amount.empty()) return;
  payment.child("amount").attribute("currency", l.currency).text = l.amount;
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

}  // namespace

bool exportRsl(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error) {
  if (!validContentUrl(options.url)) {
    *error = "the RSL content url must be a full URL or a path such as `/` or `/music/*`, not `" + options.url + "`";
    return false;
  }
  XmlElement root{"rsl", {{"xmlns", rsl::kNamespace}, {"xmlns:refrain", rsl::kUsesNamespace}}, {}, {}};
  XmlElement& content = root.child("content").attribute("url", options.url);
  for (const License& l : licenses(sheet)) appendLicense(content, l);
  *out = writeXml({"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"}, root, {});
  return true;
}

}  // namespace refrain::interop
