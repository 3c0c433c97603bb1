// RSL 1.0 signals (interop/signal_rsl.cc): stance sheets built by hand give
// exact RSL documents; the fixtures in tests/signals/rsl (written from the
// element names and tokens of RSL 1.0) give exact per-use stances; every
// problem is an error at its file:line:col; and what is exported comes
// back with the same stances.
#define BOOST_TEST_MODULE signals_rsl
#include <boost/test/unit_test.hpp>

#include "signal_support.h"

using namespace refrain::testing;
namespace interop = refrain::interop;

namespace {

const std::string kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rsl xmlns=\"https://rslstandard.org/rsl\" xmlns:refrain=\"urn:refrain:uses:1\">\n"
    "  <content url=\"/\">\n";
const std::string kTail = "  </content>\n</rsl>\n";

std::string exported(const StanceSheet& sheet, const std::string& url = "/") {
  interop::ExportOptions options;
  options.url = url;
  std::string out, error;
  BOOST_REQUIRE_MESSAGE(interop::exportRsl(sheet, options, &out, &error), error);
  return out;
}

Imported imported(const std::string& name, const std::string& text) {
  return importWith(interop::importRsl, name, text);
}

// What an exporter's sheet says, per use, in the imported signal's terms:
// the stance, and for a constrained use its first offer (without the party,
// which a signal does not carry).
std::vector<std::string> sheetLines(const StanceSheet& sheet) {
  std::vector<std::string> out;
  for (const UseStance& u : sheet.uses) {
    std::string line = u.use + ": " + interop::stanceName(u.stance);
    if (!u.offers.empty()) {
      Offer o = u.offers.front();
      o.party.clear();
      line += " {" + offerText(o).substr(1) + "}";
    }
    out.push_back(line);
  }
  return out;
}

// The same of an import, in the sheet's order.
std::vector<std::string> importLines(const ImportedSignal& s) {
  std::vector<std::string> out;
  for (const std::string& use : interop::aiUses()) {
    auto u = s.uses.find(use);
    if (u == s.uses.end()) {
      out.push_back(use + ": (absent)");
      continue;
    }
    std::string line = use + ": " + interop::stanceName(u->second.stance);
    if (u->second.offer) line += " {" + offerText(*u->second.offer).substr(1) + "}";
    out.push_back(line);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(everything_allowed_is_one_free_licence_with_every_token) {
  BOOST_TEST(exported(sheetAll(Stance::kAllowed), "https://music.example/tracks/*?a=1&b=\"2\"") ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<rsl xmlns=\"https://rslstandard.org/rsl\" xmlns:refrain=\"urn:refrain:uses:1\">\n"
             "  <content url=\"https://music.example/tracks/*?a=1&amp;b=&quot;2&quot;\">\n"
             "    <license>\n"
             "      <permits type=\"usage\">ai-train ai-input refrain:ai refrain:ai.train refrain:ai.train.generative "
             "refrain:ai.train.analytic refrain:ai.generate refrain:ai.generate.voice refrain:ai.generate.style "
             "refrain:ai.generate.remix refrain:ai.produce refrain:ai.produce.stems refrain:ai.produce.master "
             "refrain:ai.engage refrain:ai.engage.personalize refrain:ai.engage.persona</permits>\n"
             "    </license>\n" +
                 kTail);
}

BOOST_AUTO_TEST_CASE(nothing_allowed_prohibits_all_and_permits_nothing) {
  BOOST_TEST(exported(sheetAll(Stance::kNotAllowed)) == kHead +
                                                            "    <license>\n"
                                                            "      <prohibits type=\"usage\">all</prohibits>\n"
                                                            "    </license>\n" +
                                                            kTail);
}

BOOST_AUTO_TEST_CASE(a_training_opt_out_prohibits_ai_train_and_its_uses) {
  StanceSheet sheet = sheetAll(Stance::kAllowed);
  setWithin(&sheet, "ai.train", Stance::kNotAllowed);
  BOOST_TEST(exported(sheet) ==
             kHead +
                 "    <license>\n"
                 "      <permits type=\"usage\">ai-input refrain:ai refrain:ai.generate refrain:ai.generate.voice "
                 "refrain:ai.generate.style refrain:ai.generate.remix refrain:ai.produce refrain:ai.produce.stems "
                 "refrain:ai.produce.master refrain:ai.engage refrain:ai.engage.personalize "
                 "refrain:ai.engage.persona</permits>\n"
                 "      <prohibits type=\"usage\">ai-train refrain:ai.train refrain:ai.train.generative "
                 "refrain:ai.train.analytic</prohibits>\n"
                 "    </license>\n" +
                 kTail);
}

// Generation for a flat fee, for commercial or research use in GB and US:
// research is no RSL user class, so the licence says commercial only (it
// narrows). The offer is all of ai.generate's story, so generic readers get
// ai-input on those terms; ai-input is never in the free licence.
BOOST_AUTO_TEST_CASE(a_flat_price_with_purposes_and_territories_is_a_purchase_licence) {
  StanceSheet sheet = sheetAll(Stance::kAllowed);
  setOne(&sheet, "ai", Stance::kNotAllowed);
  setWithin(&sheet, "ai.train", Stance::kNotAllowed);
  setWithin(&sheet, "ai.generate", Stance::kConstrained,
            {offer({"commercial", "research"}, {"GB", "US"}, flat(1000'000000, "USD"))});
  const std::string prohibits =
      "      <prohibits type=\"usage\">ai-train refrain:ai refrain:ai.train refrain:ai.train.generative "
      "refrain:ai.train.analytic</prohibits>\n";
  BOOST_TEST(exported(sheet) ==
             kHead +
                 "    <license>\n"
                 "      <permits type=\"usage\">refrain:ai.produce refrain:ai.produce.stems refrain:ai.produce.master "
                 "refrain:ai.engage refrain:ai.engage.personalize refrain:ai.engage.persona</permits>\n" +
                 prohibits +
                 "    </license>\n"
                 "    <license>\n"
                 "      <permits type=\"usage\">ai-input refrain:ai.generate refrain:ai.generate.voice "
                 "refrain:ai.generate.style refrain:ai.generate.remix</permits>\n"
                 "      <permits type=\"user\">commercial</permits>\n"
                 "      <permits type=\"geo\">GB US</permits>\n" +
                 prohibits +
                 "      <payment type=\"purchase\">\n"
                 "        <amount currency=\"USD\">1000.00</amount>\n"
                 "      </payment>\n"
                 "    </license>\n" +
                 kTail);
}

// Two offers for one use are two licences; with two, no core token can
// speak for the use, and ai-input is prohibited (its other uses are).
BOOST_AUTO_TEST_CASE(two_offers_are_two_licences_and_excluded_territories_are_prohibited_geo) {
  StanceSheet sheet = sheetAll(Stance::kNotAllowed);
  Offer outsideRussia = offer({}, {}, flat(250'000000, "EUR"));
  outsideRussia.excludedTerritories = {"RU"};
  setOne(&sheet, "ai.engage.persona", Stance::kConstrained,
         {outsideRussia, offer({"non_commercial"}, {}, std::nullopt, {"attribution"})});
  const std::string prohibits =
      "      <prohibits type=\"usage\">ai-train ai-input refrain:ai refrain:ai.train refrain:ai.train.generative "
      "refrain:ai.train.analytic refrain:ai.generate refrain:ai.generate.voice refrain:ai.generate.style "
      "refrain:ai.generate.remix refrain:ai.produce refrain:ai.produce.stems refrain:ai.produce.master "
      "refrain:ai.engage refrain:ai.engage.personalize</prohibits>\n";
  BOOST_TEST(exported(sheet) == kHead +
                                    "    <license>\n"
                                    "      <permits type=\"usage\">refrain:ai.engage.persona</permits>\n" +
                                    prohibits +
                                    "      <prohibits type=\"geo\">RU</prohibits>\n"
                                    "      <payment type=\"purchase\">\n"
                                    "        <amount currency=\"EUR\">250.00</amount>\n"
                                    "      </payment>\n"
                                    "    </license>\n"
                                    "    <license>\n"
                                    "      <permits type=\"usage\">refrain:ai.engage.persona</permits>\n"
                                    "      <permits type=\"user\">non-commercial</permits>\n" +
                                    prohibits +
                                    "      <payment type=\"attribution\" />\n"
                                    "    </license>\n" +
                                    kTail);
}

// A per-unit price is paid per training use within ai.train, per use elsewhere.
BOOST_AUTO_TEST_CASE(a_per_unit_price_is_training_within_ai_train_and_use_elsewhere) {
  StanceSheet sheet = sheetAll(Stance::kNotAllowed);
  setOne(&sheet, "ai.train", Stance::kAllowed);
  setOne(&sheet, "ai.train.analytic", Stance::kAllowed);
  setOne(&sheet, "ai.train.generative", Stance::kConstrained, {offer({}, {}, perUnit(2500, "USD"))});
  setOne(&sheet, "ai.produce.stems", Stance::kConstrained, {offer({}, {}, perUnit(10000, "EUR"))});
  const std::string prohibits =
      "      <prohibits type=\"usage\">ai-input refrain:ai refrain:ai.generate refrain:ai.generate.voice "
      "refrain:ai.generate.style refrain:ai.generate.remix refrain:ai.produce refrain:ai.produce.master "
      "refrain:ai.engage refrain:ai.engage.personalize refrain:ai.engage.persona</prohibits>\n";
  BOOST_TEST(exported(sheet) == kHead +
                                    "    <license>\n"
                                    "      <permits type=\"usage\">refrain:ai.train refrain:ai.train.analytic</permits>\n" +
                                    prohibits +
                                    "    </license>\n"
                                    "    <license>\n"
                                    "      <permits type=\"usage\">ai-train refrain:ai.train.generative</permits>\n" +
                                    prohibits +
                                    "      <payment type=\"training\">\n"
                                    "        <amount currency=\"USD\">0.0025</amount>\n"
                                    "      </payment>\n"
                                    "    </license>\n"
                                    "    <license>\n"
                                    "      <permits type=\"usage\">refrain:ai.produce.stems</permits>\n" +
                                    prohibits +
                                    "      <payment type=\"use\">\n"
                                    "        <amount currency=\"EUR\">0.01</amount>\n"
                                    "      </payment>\n"
                                    "    </license>\n" +
                                    kTail);
}

BOOST_AUTO_TEST_CASE(attribution_alone_is_an_attribution_payment) {
  StanceSheet sheet = sheetAll(Stance::kAllowed);
  setOne(&sheet, "ai.engage.personalize", Stance::kConstrained, {offer({}, {}, std::nullopt, {"attribution"})});
  BOOST_TEST(exported(sheet) ==
             kHead +
                 "    <license>\n"
                 "      <permits type=\"usage\">ai-train refrain:ai refrain:ai.train refrain:ai.train.generative "
                 "refrain:ai.train.analytic refrain:ai.generate refrain:ai.generate.voice refrain:ai.generate.style "
                 "refrain:ai.generate.remix refrain:ai.produce refrain:ai.produce.stems refrain:ai.produce.master "
                 "refrain:ai.engage refrain:ai.engage.persona</permits>\n"
                 "    </license>\n"
                 "    <license>\n"
                 "      <permits type=\"usage\">ai-input refrain:ai.engage.personalize</permits>\n"
                 "      <payment type=\"attribution\" />\n"
                 "    </license>\n" +
                 kTail);
}

// Terms RSL cannot carry leave the use unlicensed (neither permitted nor
// prohibited): a condition, a pay clause that is no price, a caveat, a duty
// other than attribution, purposes none of which is an RSL user class.
BOOST_AUTO_TEST_CASE(an_unstatable_offer_is_not_licensed) {
  StanceSheet sheet = sheetAll(Stance::kAllowed);
  Offer verified = offer({}, {}, std::nullopt);
  verified.otherConditions = {"requester.verified"};
  Offer share = offer({}, {}, std::nullopt);
  share.otherPay = "5% * revenue";
  setOne(&sheet, "ai.generate.voice", Stance::kConstrained, {verified});
  setOne(&sheet, "ai.generate.style", Stance::kConstrained, {offer({}, {}, flat(5'000000, "USD"))},
         {"label-x denies when territory == \"RU\""});
  setOne(&sheet, "ai.generate.remix", Stance::kConstrained, {offer({}, {}, std::nullopt, {"attribution", "label_ai_output"})});
  setOne(&sheet, "ai.produce.stems", Stance::kConstrained, {share});
  setOne(&sheet, "ai.engage.persona", Stance::kConstrained, {offer({"research"}, {}, std::nullopt)});
  setOne(&sheet, "ai.engage.personalize", Stance::kConstrained, {offer({}, {}, flat(1'000000, "USD"), {"attribution"})});
  BOOST_TEST(exported(sheet) ==
             kHead +
                 "    <license>\n"
                 "      <permits type=\"usage\">ai-train refrain:ai refrain:ai.train refrain:ai.train.generative "
                 "refrain:ai.train.analytic refrain:ai.generate refrain:ai.produce refrain:ai.produce.master "
                 "refrain:ai.engage</permits>\n"
                 "    </license>\n" +
                 kTail);
  // Nothing licensable at all: `all` is prohibited rather than a licence
  // that prohibits only (which would license everything else for free).
  StanceSheet none = sheetAll(Stance::kNotAllowed);
  setWithin(&none, "ai", Stance::kConstrained, {verified});
  BOOST_TEST(exported(none) == kHead +
                                   "    <license>\n"
                                   "      <prohibits type=\"usage\">all</prohibits>\n"
                                   "    </license>\n" +
                                   kTail);
}

BOOST_AUTO_TEST_CASE(a_content_url_must_be_a_url_or_a_path) {
  interop::ExportOptions options;
  std::string out, error;
  for (const char* bad : {"", "music files", "tracks/", "\x01/"}) {
    options.url = bad;
    BOOST_TEST(!interop::exportRsl(sheetAll(Stance::kAllowed), options, &out, &error));
    BOOST_TEST(error == "the RSL content url must be a full URL or a path such as `/` or `/music/*`, not `" +
                            std::string(bad) + "`");
  }
}

// ---------------------------------------------------------------- import

// A file with core tokens only, as generic tools write it: ai-train stands
// for the ai.train subtree, ai-input for the generate, produce and engage
// subtrees; each use permitted by several licences gets several offers.
BOOST_AUTO_TEST_CASE(a_third_party_file_with_core_tokens_maps_to_subtrees) {
  std::string text = fixture("rsl/label-catalog.xml");
  Imported r = imported("label.xml", text);
  BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
  BOOST_REQUIRE(r.ok);
  // The training licence refers to outside terms (<custom>): no offer can hold them.
  const std::string training = "constrained -- the licence at " + at("label.xml", text, "<license>") +
                               " asks for the outside terms of <custom> https://label.example/ai-licensing, which a "
                               "policy cannot state";
  const std::string input = "constrained {excluded=[RU] price=0.002 USD per unit} or {purposes=[education]}";
  BOOST_TEST(signalLines(r.signal) ==
                 (std::vector<std::string>{
                     "ai.engage: " + input,
                     "ai.engage.persona: " + input,
                     "ai.engage.personalize: " + input,
                     "ai.generate: " + input,
                     "ai.generate.remix: " + input,
                     "ai.generate.style: " + input,
                     "ai.generate.voice: " + input,
                     "ai.produce: " + input,
                     "ai.produce.master: " + input,
                     "ai.produce.stems: " + input,
                     "ai.train: " + training,
                     "ai.train.analytic: " + training,
                     "ai.train.generative: " + training,
                     "note: " + at("label.xml", text, "<custom>") +
                         ": <custom> (https://label.example/ai-licensing) refers to outside terms, which a policy "
                         "cannot state: the licence's uses stay without an offer",
                     "note: " + at("label.xml", text, "<legal") + ": <legal> is not read: a policy has no place for it",
                     "note: " + at("label.xml", text, "<copyright") + ": <copyright> is not read: a policy has no place for it",
                     "note: " + at("label.xml", text, "<terms>") + ": <terms> is not read: a policy has no place for it",
                     "note: `search` has no Refrain use: ignored",
                 }),
             boost::test_tools::per_element());
}

// ai-all permits every use, the prohibited ai-train takes its subtree out;
// a free payment is no payment; other namespaces are ignored with a note.
BOOST_AUTO_TEST_CASE(prohibits_win_over_permits_and_other_namespaces_are_noted) {
  std::string text = fixture("rsl/open-but-training.xml");
  Imported r = imported("open.xml", text);
  BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
  BOOST_REQUIRE(r.ok);
  // Licences come from a licence server: the free one's uses stay without an offer.
  const std::string server = "constrained -- the licence at " + at("open.xml", text, "<license>") +
                             " asks for a licence token from the server https://license.music.example, which a policy "
                             "cannot state";
  BOOST_TEST(signalLines(r.signal) ==
                 (std::vector<std::string>{
                     "ai: " + server,
                     "ai.engage: " + server,
                     "ai.engage.persona: " + server,
                     "ai.engage.personalize: " + server,
                     "ai.generate: " + server,
                     "ai.generate.remix: " + server,
                     "ai.generate.style: " + server,
                     "ai.generate.voice: " + server,
                     "ai.produce: " + server,
                     "ai.produce.master: " + server,
                     "ai.produce.stems: " + server,
                     "ai.train: not allowed",
                     "ai.train.analytic: not allowed",
                     "ai.train.generative: not allowed",
                     "note: " + at("open.xml", text, "<rsl") + ": attribute `ex:generator` is not RSL: ignored",
                     "note: " + at("open.xml", text, "<content") +
                         ": licences must be obtained from the server https://license.music.example, even free ones, "
                         "which a policy cannot state: the licences' uses stay without an offer",
                     "note: " + at("open.xml", text, "<ex:audit") +
                         ": <ex:audit> is not RSL (namespace `https://tools.example/rsl-ext`): ignored",
                     "note: the extension token `ex:lyrics` is not Refrain's: ignored",
                 }),
             boost::test_tools::per_element());
}

// Refrain's tokens, under any prefix bound to urn:refrain:uses:1, name uses
// exactly, and then they alone count. A use whose parent is permitted but
// that no licence names is said not allowed: RSL licenses only what it lists.
BOOST_AUTO_TEST_CASE(refrain_tokens_name_uses_exactly_and_close_the_lists) {
  std::string text = fixture("rsl/refrain-tokens.xml");
  Imported r = imported("rf.xml", text);
  BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
  BOOST_REQUIRE(r.ok);
  BOOST_TEST(signalLines(r.signal) ==
                 (std::vector<std::string>{
                     "ai.engage.persona: constrained {duties=[attribution]}",
                     "ai.engage.personalize: constrained -- the licence at " +
                         at("rf.xml", text, "<license>\n      <permits type=\"usage\">rf:ai.engage.personalize") +
                         " asks for a subscription payment without an <amount>, which a policy cannot state",
                     "ai.generate: allowed",
                     "ai.generate.remix: not allowed -- no licence names it: unlicensed under RSL",
                     "ai.generate.style: not allowed -- no licence names it: unlicensed under RSL",
                     "ai.generate.voice: not allowed",
                     "ai.produce.stems: allowed",
                     "ai.train.analytic: constrained {price=5.50 GBP when=[not (purpose in [\"commercial\", "
                     "\"non_commercial\"])]}",
                     "note: the file has refrain: tokens: they alone say which uses are permitted; of its core "
                     "tokens, a prohibited `all` or `ai-all` takes every use, a prohibited `ai-train` or `ai-input` "
                     "the uses it covers that no refrain: token permits, and the rest are for other readers",
                 }),
             boost::test_tools::per_element());
}

// RSL 0.9's commas, `train-ai` and `inference`, and a currency ISO 4217
// does not have: each an error at its element, and no stances.
BOOST_AUTO_TEST_CASE(an_rsl_0_9_file_is_refused_with_each_problem_at_its_place) {
  std::string text = fixture("rsl/rsl-0.9.xml");
  Imported r = imported("old.xml", text);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.errors ==
                 (std::vector<std::string>{
                     at("old.xml", text, "<permits") +
                         ": error: unknown usage token `search,ai-input`: expected all, ai-all, ai-train, ai-input, "
                         "ai-index, search or a prefixed extension token (RSL 1.0 separates tokens with spaces, not commas)",
                     at("old.xml", text, "<prohibits") +
                         ": error: unknown usage token `train-ai`: expected all, ai-all, ai-train, ai-input, ai-index, "
                         "search or a prefixed extension token",
                     at("old.xml", text, "<payment") +
                         ": error: unknown payment type `inference`: expected purchase, subscription, training, crawl, "
                         "use, contribution, attribution, free or a prefixed extension token",
                     at("old.xml", text, "<amount") +
                         ": error: expected an ISO 4217 currency code such as USD in currency, found `XBT`",
                 }),
             boost::test_tools::per_element());
  BOOST_TEST(r.signal.uses.empty());
}

const std::string kBase =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rsl xmlns=\"https://rslstandard.org/rsl\" xmlns:refrain=\"urn:refrain:uses:1\">\n"
    "  <content url=\"/\">\n"
    "    <license>\n"
    "      <permits type=\"usage\">ai-train</permits>\n"
    "      <payment type=\"purchase\">\n"
    "        <amount currency=\"USD\">10.00</amount>\n"
    "      </payment>\n"
    "    </license>\n"
    "  </content>\n"
    "</rsl>\n";

BOOST_AUTO_TEST_CASE(the_base_document_of_the_error_cases_reads) {
  Imported r = imported("e.xml", kBase);
  BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
  BOOST_TEST(signalLines(r.signal) == (std::vector<std::string>{"ai.train: constrained {price=10.00 USD}",
                                                                "ai.train.analytic: constrained {price=10.00 USD}",
                                                                "ai.train.generative: constrained {price=10.00 USD}"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(each_kind_of_error_is_reported_at_its_element) {
  struct Case {
    std::string from, to, needle, message;
  };
  const std::string amount = "<amount currency=\"USD\">10.00</amount>";
  const std::vector<Case> cases = {
      {"xmlns=\"https://rslstandard.org/rsl\"", "xmlns=\"https://rslstandard.org/rsl/0.9\"", "<rsl",
       "expected an <rsl> root element in the namespace https://rslstandard.org/rsl, found <rsl> in "
       "`https://rslstandard.org/rsl/0.9`"},
      {"  </content>\n", "  </content>\n  <content url=\"/b/\"><license/></content>\n", "<content url=\"/b/\"",
       "a second <content>: Refrain policies have no paths: give one <content>"},
      {"<content url=\"/\">", "<content>", "<content", "<content> needs a url attribute"},
      {"  <content url", "  <contents/>\n  <content url", "<contents",
       "unknown element <contents> in the RSL namespace: an <rsl> holds content"},
      {"    </license>\n", "    </license>\n    <licence/>\n", "<licence",
       "unknown element <licence> in the RSL namespace: a <content> holds license, alternate, schema, copyright and "
       "terms"},
      {"<permits type=\"usage\">ai-train</permits>", "<permit type=\"usage\">ai-train</permit>", "<permit ",
       "unknown element <permit> in the RSL namespace: a <license> holds permits, prohibits, payment, reporting and "
       "legal"},
      {"<license>", "<license kind=\"paid\">", "<license", "unknown attribute `kind` on <license>"},
      {"ai-train</permits>", "ai-train</permits><permits type=\"usage\">ai-input</permits>",
       "<permits type=\"usage\">ai-input",
       "a second <permits type=\"usage\"> in one <license>: give one list"},
      {"<permits type=\"usage\">", "<permits type=\"use\">", "<permits",
       "expected type usage, user or geo on <permits>, found `use`"},
      {">ai-train<", "> <", "<permits", "expected at least one usage token in <permits>"},
      {">ai-train<", ">train-ai<", "<permits",
       "unknown usage token `train-ai`: expected all, ai-all, ai-train, ai-input, ai-index, search or a prefixed "
       "extension token"},
      {">ai-train<", ">refrain:ai.generate.lyrics<", "<permits",
       "the token `refrain:ai.generate.lyrics` names no Refrain use (docs/language.md §4)"},
      {">ai-train<", ">x:lyrics<", "<permits", "the prefix of the token `x:lyrics` is bound to no namespace"},
      {"ai-train</permits>", "ai-train</permits><permits type=\"user\">students</permits>", "<permits type=\"user\"",
       "unknown user token `students`: expected commercial, non-commercial, education, government, personal or a "
       "prefixed extension token"},
      {"ai-train</permits>", "ai-train</permits><permits type=\"geo\">US UK</permits>", "<permits type=\"geo\"",
       "unknown geo code `UK`: expected an ISO 3166-1 alpha-2 code or EU (the United Kingdom is GB)"},
      {"ai-train</permits>", "ai-train</permits><prohibits type=\"geo\">us</prohibits>", "<prohibits",
       "unknown geo code `us`: expected an ISO 3166-1 alpha-2 code or EU"},
      {"type=\"purchase\"", "type=\"royalty\"", "<payment",
       "unknown payment type `royalty`: expected purchase, subscription, training, crawl, use, contribution, "
       "attribution, free or a prefixed extension token"},
      {"type=\"purchase\"", "type=\"free\"", "<payment", "a payment of type free has no <amount>"},
      {amount, amount + amount, amount + "\n",
       "a second <amount> in one <payment>: give one"},
      {"currency=\"USD\"", "currency=\"usd\"", "<amount",
       "expected an ISO 4217 currency code such as USD in currency, found `usd`"},
      {">10.00<", ">1e3<", "<amount", "amount `1e3` is not a decimal number (digits, with an optional point)"},
      {">10.00<", ">10,00<", "<amount", "amount `10,00` is not a decimal number (digits, with an optional point)"},
      {">10.00<", ">0.0000001<", "<amount", "amount `0.0000001` has more than 6 decimal places: a price holds millionths"},
      {">10.00<", ">-5<", "<amount", "amount `-5` is negative: expected a price of zero or more"},
      {">10.00<", ">99999999999999<", "<amount", "amount `99999999999999` is too large for a price"},
      {"</payment>", "<royalty/></payment>", "<royalty",
       "unknown element <royalty> in the RSL namespace: a <payment> holds amount, standard, custom and accepts"},
      {"<rsl xmlns", "<rsl max-age=\"0\" xmlns", "<rsl", "max-age must be a positive whole number of days, not `0`"},
  };
  for (const Case& c : cases) {
    std::string text = replaced(kBase, c.from, c.to);
    Imported r = imported("e.xml", text);
    BOOST_TEST_CONTEXT(c.to) {
      BOOST_TEST(!r.ok);
      BOOST_TEST(r.errors == std::vector<std::string>{at("e.xml", text, c.needle) + ": error: " + c.message},
                 boost::test_tools::per_element());
    }
  }
}

// An exact decimal of up to six places is read exactly, in every xsd:decimal form.
BOOST_AUTO_TEST_CASE(amounts_are_exact_decimals) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0.000001", "0.000001"}, {"+12.5", "12.50"}, {".25", "0.25"}, {"7.", "7.00"}, {"1.50000000", "1.50"}, {"-0", "0.00"}};
  for (const auto& [written, read] : cases) {
    Imported r = imported("e.xml", replaced(kBase, ">10.00<", ">" + written + "<"));
    BOOST_TEST_CONTEXT(written) {
      BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
      BOOST_TEST(signalLines(r.signal).at(0) == "ai.train: constrained {price=" + read + " USD}");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_doctype_is_refused_and_no_entity_is_expanded) {
  std::string text = "<?xml version=\"1.0\"?>\n<!DOCTYPE rsl [<!ENTITY t \"ai-train\">]>\n" +
                     replaced(kBase.substr(kBase.find("<rsl")), ">ai-train<", ">&t;<");
  Imported r = imported("e.xml", text);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.errors == std::vector<std::string>{"e.xml:2:1: error: a DOCTYPE is not allowed in an RSL file (entities "
                                                  "are refused, not expanded)"},
             boost::test_tools::per_element());
  r = imported("e.xml", replaced(kBase, "</rsl>", "</rsl"));
  BOOST_TEST(r.errors.size() == 1u);
  BOOST_TEST(r.errors.at(0).rfind("e.xml:11:", 0) == 0);
  BOOST_TEST(r.errors.at(0).find(": error: not well-formed XML: ") != std::string::npos);
  r = imported("e.xml", replaced(kBase, "ai-train", "ai-train\xff"));
  BOOST_TEST(r.errors == std::vector<std::string>{"e.xml:5:37: error: the RSL file is not UTF-8 (this import reads UTF-8 "
                                                  "only): the byte here breaks it"},
             boost::test_tools::per_element());
}

// ---------------------------------------------------------------- round trips

// Every exported sheet reads back with the same stance per use; a
// constrained use RSL can state comes back with its first offer (purposes
// narrowed to RSL's user classes); one it cannot comes back not allowed.
BOOST_AUTO_TEST_CASE(an_export_reads_back_with_the_same_stances) {
  std::vector<StanceSheet> sheets;
  sheets.push_back(sheetAll(Stance::kAllowed));
  sheets.push_back(sheetAll(Stance::kNotAllowed));
  StanceSheet training = sheetAll(Stance::kAllowed);
  setWithin(&training, "ai.train", Stance::kNotAllowed);
  sheets.push_back(training);
  StanceSheet mixed = sheetAll(Stance::kAllowed);
  setOne(&mixed, "ai", Stance::kNotAllowed);
  setWithin(&mixed, "ai.train", Stance::kNotAllowed);
  setOne(&mixed, "ai.train.analytic", Stance::kAllowed);
  setWithin(&mixed, "ai.generate", Stance::kConstrained, {offer({"commercial", "education"}, {"GB", "US"}, flat(1000'000000, "USD"))});
  setOne(&mixed, "ai.produce.stems", Stance::kConstrained, {offer({}, {}, perUnit(2500, "EUR"))});
  setOne(&mixed, "ai.engage.persona", Stance::kConstrained, {offer({}, {}, std::nullopt, {"attribution"})});
  sheets.push_back(mixed);
  for (const StanceSheet& sheet : sheets) {
    std::string text = exported(sheet);
    Imported r = imported("back.xml", text);
    BOOST_TEST_CONTEXT(text) {
      BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
      BOOST_TEST(importLines(r.signal) == sheetLines(sheet), boost::test_tools::per_element());
    }
  }
  // What RSL cannot carry comes back not allowed: unlicensed, never widened.
  StanceSheet unstatable = sheetAll(Stance::kAllowed);
  Offer verified;
  verified.otherConditions = {"requester.verified"};
  setOne(&unstatable, "ai.generate.voice", Stance::kConstrained, {verified});
  Imported r = imported("back.xml", exported(unstatable));
  BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
  BOOST_TEST(signalLines(r.signal).at(7) ==
             "ai.generate.voice: not allowed -- no licence names it: unlicensed under RSL");
  setOne(&unstatable, "ai.generate.voice", Stance::kNotAllowed);
  BOOST_TEST(importLines(r.signal) == sheetLines(unstatable), boost::test_tools::per_element());
}

// ---------------------------------------------------------------- conditions a policy cannot state

// A licence server, encrypted content, outside terms and payment protocols
// are conditions of the licence, as <reporting> is: the uses the licence
// permits stay constrained with no offer, never free or priced.
BOOST_AUTO_TEST_CASE(conditions_a_policy_cannot_state_leave_the_licence_without_an_offer) {
  struct Case {
    std::string from, to, needle, note, why;
  };
  const std::string amount = "<amount currency=\"USD\">10.00</amount>";
  const std::vector<Case> cases = {
      {"<content url=\"/\">", "<content url=\"/\" server=\"https://ls.example\">", "<content",
       "licences must be obtained from the server https://ls.example, even free ones, which a policy cannot state: "
       "the licences' uses stay without an offer",
       "a licence token from the server https://ls.example"},
      {"<content url=\"/\">", "<content url=\"/\" encrypted=\"true\">", "<content",
       "the content is encrypted, and its key comes with a licence, which a policy cannot state: the licences' uses "
       "stay without an offer",
       "the key to encrypted content"},
      {amount, amount + "<standard>https://std.example/v1</standard>", "<standard",
       "<standard> (https://std.example/v1) refers to outside terms, which a policy cannot state: the licence's uses "
       "stay without an offer",
       "the outside terms of <standard> https://std.example/v1"},
      {amount, amount + "<custom>https://label.example/terms</custom>", "<custom",
       "<custom> (https://label.example/terms) refers to outside terms, which a policy cannot state: the licence's "
       "uses stay without an offer",
       "the outside terms of <custom> https://label.example/terms"},
      {amount, amount + "<accepts>x402</accepts>", "<accepts",
       "<accepts> names a payment protocol, which a policy cannot state: the licence's uses stay without an offer",
       "payment through x402 (<accepts>)"},
  };
  const std::string payment =
      "<payment type=\"purchase\">\n        <amount currency=\"USD\">10.00</amount>\n      </payment>";
  for (const Case& c : cases) {
    // Priced, and free: a licence with no terms at all, which would otherwise allow outright.
    bool inPayment = c.from == amount;
    std::string child = inPayment ? c.to.substr(amount.size()) : "";
    std::string freeBase = replaced(kBase, payment, inPayment ? "<payment type=\"free\">" + child + "</payment>" : "");
    for (const std::string& text : {replaced(kBase, c.from, c.to), inPayment ? freeBase : replaced(freeBase, c.from, c.to)}) {
      Imported r = imported("u.xml", text);
      BOOST_TEST_CONTEXT(text) {
        BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
        std::string use = "constrained -- the licence at " + at("u.xml", text, "<license>") + " asks for " + c.why +
                          ", which a policy cannot state";
        BOOST_TEST(signalLines(r.signal) ==
                       (std::vector<std::string>{"ai.train: " + use, "ai.train.analytic: " + use,
                                                 "ai.train.generative: " + use,
                                                 "note: " + at("u.xml", text, c.needle) + ": " + c.note}),
                   boost::test_tools::per_element());
      }
    }
  }
}

// ---------------------------------------------------------------- core prohibits beside refrain: tokens

BOOST_AUTO_TEST_CASE(a_core_prohibits_of_all_applies_beside_refrain_tokens) {
  for (const char* all : {"all", "ai-all"}) {
    std::string text = replaced(replaced(kBase, ">ai-train<", ">refrain:ai.train<"), "</permits>",
                                std::string("</permits><prohibits type=\"usage\">") + all + "</prohibits>");
    Imported r = imported("p.xml", text);
    BOOST_TEST_CONTEXT(all) {
      BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
      std::vector<std::string> uses = interop::aiUses(), expected;
      std::sort(uses.begin(), uses.end());
      for (const std::string& use : uses) expected.push_back(use + ": not allowed");
      expected.push_back(
          "note: the file has refrain: tokens: they alone say which uses are permitted; of its core tokens, a "
          "prohibited `all` or `ai-all` takes every use, a prohibited `ai-train` or `ai-input` the uses it covers that "
          "no refrain: token permits, and the rest are for other readers");
      BOOST_TEST(signalLines(r.signal) == expected, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_core_prohibits_of_ai_train_applies_where_no_refrain_token_permits) {
  // Permitted by name: refrain:ai.train.analytic; the rest of ai-train is prohibited.
  std::string text = replaced(replaced(kBase, ">ai-train<", ">refrain:ai.train.analytic refrain:ai.produce<"),
                              "</permits>", "</permits><prohibits type=\"usage\">ai-train ai-input</prohibits>");
  Imported r = imported("p.xml", text);
  BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
  BOOST_TEST(signalLines(r.signal) ==
                 (std::vector<std::string>{
                     "ai.engage: not allowed",
                     "ai.engage.persona: not allowed",
                     "ai.engage.personalize: not allowed",
                     "ai.generate: not allowed",
                     "ai.generate.remix: not allowed",
                     "ai.generate.style: not allowed",
                     "ai.generate.voice: not allowed",
                     "ai.produce: constrained {price=10.00 USD}",
                     "ai.produce.master: not allowed",
                     "ai.produce.stems: not allowed",
                     "ai.train: not allowed",
                     "ai.train.analytic: constrained {price=10.00 USD}",
                     "ai.train.generative: not allowed",
                     "note: the file has refrain: tokens: they alone say which uses are permitted; of its core tokens, a "
                     "prohibited `all` or `ai-all` takes every use, a prohibited `ai-train` or `ai-input` the uses it "
                     "covers that no refrain: token permits, and the rest are for other readers",
                 }),
             boost::test_tools::per_element());
}
