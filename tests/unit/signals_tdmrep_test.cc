// W3C TDMRep's /.well-known/tdmrep.json (interop/signal_tdmrep.cc): exact
// exported text for hand-built stance sheets, exact imports of the fixtures
// in tests/signals/tdmrep, every error kind at its file:line:col, and the
// mining stance surviving an export and an import.
#define BOOST_TEST_MODULE signals_tdmrep
#include <boost/test/unit_test.hpp>

#include "signal_test_support.h"

using namespace refrain::testing;
using refrain::interop::ExportOptions;

namespace {

const SignalFormat kTdmrep = SignalFormat::kTdmrep;

Imported importTdmrepFixture(const std::string& name) { return importFixture(kTdmrep, "tdmrep", name); }

ExportOptions withRsl(const std::string& url = "/") {
  ExportOptions options;
  options.url = url;
  options.rslUrl = "https://example.com/license.xml";
  return options;
}

std::string exportError(const StanceSheet& sheet, const ExportOptions& options) {
  std::string out, error;
  BOOST_TEST(!refrain::interop::exportTdmrep(sheet, options, &out, &error));
  BOOST_TEST(out.empty());
  return error;
}

const StanceSheet kTrainingOptOut = sheetOf(Stance::kAllowed, {{"ai.train", Stance::kNotAllowed},
                                                              {"ai.train.generative", Stance::kNotAllowed},
                                                              {"ai.train.analytic", Stance::kNotAllowed}});

const char* const kOpen =
    "[\n"
    "  {\n"
    "    \"location\": \"/\",\n"
    "    \"tdm-reservation\": 0\n"
    "  }\n"
    "]\n";

const char* const kReserved =
    "[\n"
    "  {\n"
    "    \"location\": \"/\",\n"
    "    \"tdm-reservation\": 1\n"
    "  }\n"
    "]\n";

const char* const kLicensed =
    "[\n"
    "  {\n"
    "    \"location\": \"/\",\n"
    "    \"tdm-reservation\": 1,\n"
    "    \"tdm-policy\": \"https://example.com/license.xml\"\n"
    "  }\n"
    "]\n";

}  // namespace

// ---- export ----

BOOST_AUTO_TEST_CASE(export_all_allowed) { BOOST_TEST(exported(kTdmrep, sheetOf(Stance::kAllowed)) == kOpen); }

BOOST_AUTO_TEST_CASE(export_all_denied) {
  BOOST_TEST(exported(kTdmrep, sheetOf(Stance::kNotAllowed)) == kReserved);
  // Nothing licensable: no policy, even with a place to point at.
  BOOST_TEST(exported(kTdmrep, sheetOf(Stance::kNotAllowed), withRsl()) == kReserved);
}

BOOST_AUTO_TEST_CASE(export_training_only_opt_out) {
  BOOST_TEST(exported(kTdmrep, kTrainingOptOut) == kReserved);
  // One mining use is enough to reserve.
  BOOST_TEST(exported(kTdmrep, sheetOf(Stance::kAllowed, {{"ai.train.analytic", Stance::kNotAllowed}})) == kReserved);
}

BOOST_AUTO_TEST_CASE(export_says_nothing_of_uses_outside_mining) {
  StanceSheet sheet = sheetOf(Stance::kNotAllowed, {{"ai.train", Stance::kAllowed},
                                                   {"ai.train.generative", Stance::kAllowed},
                                                   {"ai.train.analytic", Stance::kAllowed},
                                                   {"ai.produce", Stance::kConstrained}});
  BOOST_TEST(exported(kTdmrep, sheet) == kOpen);
}

BOOST_AUTO_TEST_CASE(export_constrained_mining_points_at_the_terms) {
  StanceSheet sheet = sheetOf(Stance::kAllowed, {{"ai.train", Stance::kConstrained}, {"ai.train.analytic", Stance::kConstrained}});
  useOf(sheet, "ai.train.analytic").caveats = {"a deny holds when purpose is \"advertising\""};
  BOOST_TEST(exported(kTdmrep, sheet, withRsl()) == kLicensed);
  // Generative training refused and analytic training licensable: still reserved, still licensable.
  sheet = sheetOf(Stance::kAllowed, {{"ai.train.generative", Stance::kNotAllowed}, {"ai.train.analytic", Stance::kConstrained}});
  BOOST_TEST(exported(kTdmrep, sheet, withRsl()) == kLicensed);
  BOOST_TEST(exported(kTdmrep, sheet, withRsl("/music/")) ==
             "[\n"
             "  {\n"
             "    \"location\": \"/music/\",\n"
             "    \"tdm-reservation\": 1,\n"
             "    \"tdm-policy\": \"https://example.com/license.xml\"\n"
             "  }\n"
             "]\n");
}

BOOST_AUTO_TEST_CASE(export_licensable_mining_needs_the_rsl_url) {
  StanceSheet sheet = sheetOf(Stance::kAllowed, {{"ai.train.generative", Stance::kConstrained}});
  BOOST_TEST(exportError(sheet, ExportOptions()) ==
             "tdmrep needs --rsl-url: a training use is allowed on terms, and TDMRep points agents at the terms with "
             "`tdm-policy`");
}

BOOST_AUTO_TEST_CASE(export_the_location_must_be_a_path) {
  ExportOptions options;
  options.url = "https://example.com/";
  BOOST_TEST(exportError(sheetOf(Stance::kAllowed), options) ==
             "TDMRep's location is a path on the site: --url must start with `/`, not `https://example.com/`");
  options.url = "";
  BOOST_TEST(exportError(sheetOf(Stance::kAllowed), options) ==
             "TDMRep's location is a path on the site: --url must start with `/`, not ``");
}

// ---- import ----

BOOST_AUTO_TEST_CASE(import_a_reservation) {
  BOOST_TEST(readText(importTdmrepFixture("reserved.json")) == "ai.train: not allowed\n");
}

BOOST_AUTO_TEST_CASE(import_no_reservation) {
  BOOST_TEST(readText(importTdmrepFixture("open.json")) == "ai.train: allowed\n");
}

BOOST_AUTO_TEST_CASE(import_a_reservation_with_a_policy_is_licensable_without_an_offer) {
  BOOST_TEST(readText(importTdmrepFixture("licensed.json")) ==
             "ai.train: constrained (licences: https://example.com/.well-known/rsl.xml)\n"
             "note: ignored `x-comment` in a rule: TDMRep rules have `location`, `tdm-reservation` and `tdm-policy`\n");
}

BOOST_AUTO_TEST_CASE(import_several_rules_keeps_the_one_for_the_root) {
  BOOST_TEST(readText(importTdmrepFixture("several_rules.json")) ==
             "ai.train: constrained (licences: https://provider.com/policies/policy.json)\n"
             "note: ignored the rule for `/directory-a/`: Refrain policies have no paths\n"
             "note: ignored the rule for `/directory-b/images/*.jpg`: Refrain policies have no paths\n");
}

BOOST_AUTO_TEST_CASE(import_one_rule_for_a_path_says_nothing_of_the_catalog) {
  // A reservation for `/private/` says nothing of the rest: it is not widened.
  BOOST_TEST(readText(importTdmrepFixture("path_rule.json")) ==
             "note: ignored the rule for `/music/`: Refrain policies have no paths\n"
             "note: no rule is for every path (`/` or `/*`): nothing is said of training\n");
  BOOST_TEST(readText(importText(kTdmrep, "p.json", "[{\"location\": \"/private/\", \"tdm-reservation\": 0}]")) ==
             "note: ignored the rule for `/private/`: Refrain policies have no paths\n"
             "note: no rule is for every path (`/` or `/*`): nothing is said of training\n");
}

BOOST_AUTO_TEST_CASE(import_several_rules_and_none_for_every_path_says_nothing) {
  BOOST_TEST(readText(importTdmrepFixture("no_root_rule.json")) ==
             "note: ignored the rule for `/music/`: Refrain policies have no paths\n"
             "note: ignored the rule for `/stems/`: Refrain policies have no paths\n"
             "note: no rule is for every path (`/` or `/*`): nothing is said of training\n");
}

BOOST_AUTO_TEST_CASE(import_the_first_rule_for_every_path_wins) {
  // `/*` matches every path too, and comes first: the later `/` never matches.
  BOOST_TEST(readText(importText(kTdmrep, "t.json",
                                 "[{\"location\":\"/*\",\"tdm-reservation\":1},{\"location\":\"/\",\"tdm-reservation\":0}]")) ==
             "ai.train: not allowed\n"
             "note: ignored the rule for `/`: Refrain policies have no paths\n");
  BOOST_TEST(readText(importText(kTdmrep, "t.json",
                                 "[{\"location\":\"/\",\"tdm-reservation\":0},{\"location\":\"/*\",\"tdm-reservation\":1}]")) ==
             "ai.train: allowed\n"
             "note: ignored the rule for `/*`: Refrain policies have no paths\n");
}

BOOST_AUTO_TEST_CASE(import_a_narrower_reservation_before_an_open_catalog_leaves_training_without_terms) {
  // Agents match `/private/` first there: part of the catalog is reserved, and a policy has no paths to say which.
  BOOST_TEST(readText(importText(kTdmrep, "t.json",
                                 "[{\"location\":\"/private/\",\"tdm-reservation\":1},"
                                 "{\"location\":\"/a/\",\"tdm-reservation\":0},"
                                 "{\"location\":\"/b/\",\"tdm-reservation\":1},"
                                 "{\"location\":\"/\",\"tdm-reservation\":0},"
                                 "{\"location\":\"/c/\",\"tdm-reservation\":1}]")) ==
             "ai.train: constrained (reserved for `/private/`, `/b/` but not for `/`: Refrain policies have no "
             "paths, so training is left without terms)\n"
             "note: ignored the rule for `/a/`: Refrain policies have no paths\n"
             "note: ignored the rule for `/c/`: Refrain policies have no paths\n");
}

BOOST_AUTO_TEST_CASE(import_a_policy_without_a_reservation_is_ignored) {
  BOOST_TEST(readText(importTdmrepFixture("open_with_policy.json")) ==
             "ai.train: allowed\n"
             "note: ignored `tdm-policy` https://example.com/terms.html: without a reservation it means nothing\n");
}

BOOST_AUTO_TEST_CASE(export_then_import_gives_back_the_mining_stance) {
  StanceSheet licensable = sheetOf(Stance::kAllowed, {{"ai.train.analytic", Stance::kConstrained}});
  struct Case {
    StanceSheet sheet;
    std::string back;
  };
  for (const Case& c : {Case{sheetOf(Stance::kAllowed), "ai.train: allowed\n"},
                        Case{sheetOf(Stance::kNotAllowed), "ai.train: not allowed\n"},
                        Case{kTrainingOptOut, "ai.train: not allowed\n"},
                        Case{sheetOf(Stance::kNotAllowed, {{"ai.train", Stance::kAllowed},
                                                           {"ai.train.generative", Stance::kAllowed},
                                                           {"ai.train.analytic", Stance::kAllowed}}),
                             "ai.train: allowed\n"},
                        Case{licensable, "ai.train: constrained (licences: https://example.com/license.xml)\n"}}) {
    BOOST_TEST(readText(importText(kTdmrep, "tdmrep.json", exported(kTdmrep, c.sheet, withRsl()))) == c.back);
  }
}

// ---- errors, each at its file:line:col ----

BOOST_AUTO_TEST_CASE(error_malformed_json) {
  BOOST_TEST(errorText(importTdmrepFixture("error_malformed.json")) ==
             "error_malformed.json:2:1: error: malformed JSON: syntax error while parsing array - unexpected end of "
             "input; expected ']'\n");
}

BOOST_AUTO_TEST_CASE(error_not_an_array) {
  BOOST_TEST(errorText(importTdmrepFixture("error_not_array.json")) ==
             "error_not_array.json:1:1: error: expected a JSON array of rules, such as "
             "[{\"location\": \"/\", \"tdm-reservation\": 1}]\n");
}

BOOST_AUTO_TEST_CASE(error_no_rules) {
  BOOST_TEST(errorText(importTdmrepFixture("error_empty.json")) ==
             "error_empty.json:1:1: error: expected at least one rule in the array\n");
}

BOOST_AUTO_TEST_CASE(error_each_bad_rule_at_its_value) {
  std::string reservation = "error: expected `tdm-reservation` to be the integer 0 or 1\n";
  BOOST_TEST(errorText(importTdmrepFixture("error_rules.json")) ==
             "error_rules.json:2:3: error: expected a rule: an object with `location` and `tdm-reservation`\n"
             "error_rules.json:3:3: error: expected `location` in the rule: a path starting with `/`\n"
             "error_rules.json:4:16: error: expected `location` to be a path starting with `/`\n"
             "error_rules.json:5:40: " + reservation +  // "1"
             "error_rules.json:6:40: " + reservation +  // true
             "error_rules.json:7:40: " + reservation +  // 2
             "error_rules.json:8:40: " + reservation +  // 1.0
             "error_rules.json:9:3: error: expected `tdm-reservation` in the rule: 0 or 1\n"
             "error_rules.json:10:57: error: expected `tdm-policy` to be a URL: where the terms are\n");
}

BOOST_AUTO_TEST_CASE(error_a_number_too_large_at_its_start) {
  BOOST_TEST(errorText(importText(kTdmrep, "n.json", "[{\"location\": \"/\", \"tdm-reservation\": 1e999}]")) ==
             "n.json:1:39: error: number `1e999` is out of range: expected a number a double can hold\n");
}

BOOST_AUTO_TEST_CASE(error_many_stop_after_the_first_twenty) {
  // Each error's position is found by reading the text again: a file of
  // many bad rules is cut short rather than read in time squared.
  std::string text = "[\n";
  for (int i = 0; i < 5000; ++i) text += "  {\"location\": \"/\", \"tdm-reservation\": 2},\n";
  text += "  {\"location\": \"/\", \"tdm-reservation\": 1}\n]\n";
  std::string expected;
  for (int line = 2; line <= 21; ++line)
    expected += "many.json:" + std::to_string(line) + ":40: error: expected `tdm-reservation` to be the integer 0 or 1\n";
  expected += "many.json:22:40: error: too many errors: only the first 20 are reported\n";
  BOOST_TEST(errorText(importText(kTdmrep, "many.json", text)) == expected);
}

BOOST_AUTO_TEST_CASE(error_a_repeated_key_at_the_second_one) {
  // nlohmann/json keeps the last: this would read as not reserved.
  BOOST_TEST(errorText(importText(kTdmrep, "r.json", "[{\"location\":\"/\",\"tdm-reservation\":1,\"tdm-reservation\":0}]")) ==
             "r.json:1:38: error: repeated key `tdm-reservation`: a key may be given once in an object, and readers "
             "differ on which one counts\n");
  // In the second rule of the array, the first of its keys counts on the way there.
  BOOST_TEST(errorText(importText(kTdmrep, "r.json",
                                  "[{\"location\": \"/a/\", \"tdm-reservation\": 1},\n"
                                  " {\"location\": \"/\", \"location\": \"/b/\", \"tdm-reservation\": 0}]")) ==
             "r.json:2:20: error: repeated key `location`: a key may be given once in an object, and readers differ "
             "on which one counts\n");
}

BOOST_AUTO_TEST_CASE(error_a_file_over_1_mib) {
  std::string text = "[{\"location\": \"/\", \"tdm-reservation\": 1}]";
  text += std::string(refrain::interop::kMostSignalBytes - text.size(), '\n');
  BOOST_TEST(readText(importText(kTdmrep, "big.json", text)) == "ai.train: not allowed\n");
  BOOST_TEST(errorText(importText(kTdmrep, "big.json", text + " ")) ==
             "big.json:1:1: error: the file is 1048577 bytes: tdmrep signals may be at most 1 MiB (1048576 bytes)\n");
}

BOOST_AUTO_TEST_CASE(notes_are_kept_once_and_at_most_twenty) {
  std::string text = "[";
  for (int i = 0; i < 30; ++i) text += "{\"location\": \"/p" + std::to_string(i % 25) + "/\", \"tdm-reservation\": 1},";
  text += "{\"location\": \"/\", \"tdm-reservation\": 1}]";
  std::string expected = "ai.train: not allowed\n";
  for (int i = 0; i < 20; ++i)
    expected += "note: ignored the rule for `/p" + std::to_string(i) + "/`: Refrain policies have no paths\n";
  expected += "note: and 5 more notes like these\n";
  BOOST_TEST(readText(importText(kTdmrep, "n.json", text)) == expected);
}
