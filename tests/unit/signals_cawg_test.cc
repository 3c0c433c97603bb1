// The CAWG training-and-data-mining assertion 1.1 (interop/signal_cawg.cc):
// exact exported text for hand-built stance sheets, exact imports of the
// fixtures in tests/signals/cawg (CAWG 1.1 wrapped and bare, the 1.0 form,
// the C2PA legacy label), every error kind at its file:line:col, and stances
// that survive an export and an import.
#define BOOST_TEST_MODULE signals_cawg
#include <boost/test/unit_test.hpp>

#include "signal_test_support.h"

using namespace refrain::testing;

namespace {

const SignalFormat kCawg = SignalFormat::kCawg;

Imported importCawgFixture(const std::string& name) { return importFixture(kCawg, "cawg", name); }

// The lines every Refrain reader writes for the ten uses cawg.ai_inference speaks for.
std::string inferenceUses(const std::string& stance) {
  std::string out;
  for (const char* use : {"ai.engage", "ai.engage.persona", "ai.engage.personalize", "ai.generate", "ai.generate.remix",
                          "ai.generate.style", "ai.generate.voice", "ai.produce", "ai.produce.master", "ai.produce.stems"})
    out += std::string(use) + ": " + stance + "\n";
  return out;
}

Offer luna() {
  Offer o;
  o.party = "luna-ray";
  o.purposes = {"commercial", "research"};
  o.price = refrain::interop::Price{false, 250'000'000, "EUR"};
  o.duties = {"attribution"};
  return o;
}

Offer bjork() {
  Offer o;
  o.party = "björk-estate";
  o.territories = {"DE", "FR"};
  o.price = refrain::interop::Price{true, 2'500, "USD"};
  return o;
}

// Training on terms the signal cannot state, voice and style on offers (one
// shared), personalisation under a caveat, everything else not allowed
// above the leaves and allowed in them.
StanceSheet constrainedSheet() {
  StanceSheet sheet = sheetOf(Stance::kAllowed, {{"ai", Stance::kNotAllowed},
                                                 {"ai.train", Stance::kNotAllowed},
                                                 {"ai.train.generative", Stance::kNotAllowed},
                                                 {"ai.train.analytic", Stance::kConstrained},
                                                 {"ai.generate", Stance::kConstrained},
                                                 {"ai.generate.voice", Stance::kConstrained},
                                                 {"ai.generate.style", Stance::kConstrained},
                                                 {"ai.engage.personalize", Stance::kConstrained}});
  useOf(sheet, "ai.generate").offers = {luna()};
  useOf(sheet, "ai.generate.voice").offers = {luna(), bjork()};
  useOf(sheet, "ai.generate.style").offers = {luna()};
  useOf(sheet, "ai.engage.personalize").caveats = {"a deny holds when purpose is \"advertising\""};
  return sheet;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_test_tree_is_the_language_tree) {
  BOOST_TEST(refrain::interop::aiUses() == treeUses(), boost::test_tools::per_element());
}

// ---- export ----

BOOST_AUTO_TEST_CASE(export_all_allowed) {
  BOOST_TEST(exported(kCawg, sheetOf(Stance::kAllowed)) == signalFixture("cawg/export_all_allowed.json"));
}

BOOST_AUTO_TEST_CASE(export_all_denied) {
  BOOST_TEST(exported(kCawg, sheetOf(Stance::kNotAllowed)) == signalFixture("cawg/export_all_denied.json"));
}

BOOST_AUTO_TEST_CASE(export_training_only_opt_out) {
  StanceSheet sheet = sheetOf(Stance::kAllowed, {{"ai.train", Stance::kNotAllowed},
                                                 {"ai.train.generative", Stance::kNotAllowed},
                                                 {"ai.train.analytic", Stance::kNotAllowed}});
  BOOST_TEST(exported(kCawg, sheet) == signalFixture("cawg/export_training_opt_out.json"));
}

BOOST_AUTO_TEST_CASE(export_constrained_uses_carry_their_terms_in_words) {
  BOOST_TEST(exported(kCawg, constrainedSheet()) == signalFixture("cawg/export_constrained.json"));
}

BOOST_AUTO_TEST_CASE(export_folds_the_most_restrictive_use_into_ai_inference) {
  // One not-allowed leaf anywhere under generate, produce or engage is enough.
  for (const char* use : {"ai.generate.remix", "ai.produce", "ai.engage.persona"}) {
    std::string text = exported(kCawg, sheetOf(Stance::kAllowed, {{use, Stance::kNotAllowed}}));
    BOOST_TEST(text.find("\"cawg.ai_inference\": {\n        \"use\": \"notAllowed\"\n      }") != std::string::npos, use);
  }
  // ai and ai.train themselves feed no standard entry: only their own entries say notAllowed.
  std::string text = exported(kCawg, sheetOf(Stance::kAllowed, {{"ai", Stance::kNotAllowed}, {"ai.train", Stance::kNotAllowed}}));
  size_t count = 0;
  for (size_t at = text.find("notAllowed"); at != std::string::npos; at = text.find("notAllowed", at + 1)) ++count;
  BOOST_TEST(count == 2u);
  BOOST_TEST(text.find("\"refrain.ai\": {\n        \"use\": \"notAllowed\"") != std::string::npos);
  BOOST_TEST(text.find("\"refrain.ai.train\": {\n        \"use\": \"notAllowed\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(export_refuses_terms_that_are_not_utf8) {
  StanceSheet sheet = sheetOf(Stance::kAllowed, {{"ai.produce.master", Stance::kConstrained}});
  useOf(sheet, "ai.produce.master").caveats = {"a deny holds when party is \"\xff\""};
  std::string out, error;
  BOOST_TEST(!refrain::interop::exportCawg(sheet, refrain::interop::ExportOptions(), &out, &error));
  BOOST_TEST(error == "the signal's text is not UTF-8: JSON must be");
  BOOST_TEST(out.empty());
}

// ---- import ----

BOOST_AUTO_TEST_CASE(import_the_manifest_definition_form) {
  BOOST_TEST(readText(importCawgFixture("wrapped.json")) ==
             inferenceUses("constrained (Licence required: https://example.com/ai-policy)") +
             "ai.train.analytic: not allowed\n"
             "ai.train.generative: not allowed\n"
             "note: ignored the entry `com.example.ai_voice_clone`: not one of CAWG's, nor a `refrain.` one\n");
}

BOOST_AUTO_TEST_CASE(import_the_bare_assertion_with_the_prose_field_name) {
  // Both training entries speak for ai.train.analytic: two constrained ones keep both texts.
  BOOST_TEST(readText(importCawgFixture("bare.json")) ==
             inferenceUses("allowed") +
             "ai.train.analytic: constrained (ask for a research licence; mining on request)\n");
}

BOOST_AUTO_TEST_CASE(import_prefers_the_schema_field_name_to_the_prose_one) {
  Imported r = importText(kCawg, "both.json",
                          R"({"entries": {"cawg.ai_training": {"use": "constrained", "constraints_info": "prose",)"
                          R"( "constraint_info": "schema"}}})");
  BOOST_TEST(readText(r) ==
             "ai.train.analytic: constrained (schema)\n"
             "note: ignored `constraints_info` in the entry `cawg.ai_training`: `constraint_info` is given\n");
}

BOOST_AUTO_TEST_CASE(import_the_1_0_form_with_entries_at_the_root) {
  BOOST_TEST(readText(importCawgFixture("v1_0_unwrapped.json")) ==
             inferenceUses("not allowed") + "ai.train.generative: not allowed\n");
}

BOOST_AUTO_TEST_CASE(import_the_c2pa_legacy_label) {
  BOOST_TEST(readText(importCawgFixture("c2pa_legacy.json")) ==
             inferenceUses("allowed") +
             "ai.train.analytic: allowed\n"
             "ai.train.generative: not allowed\n"
             "note: ignored the entry `cawg.ai_training`: not one of CAWG's, nor a `refrain.` one\n");
}

BOOST_AUTO_TEST_CASE(import_refrain_entries_set_their_uses_and_standard_ones_fill_the_rest) {
  // The label has an instance suffix, __2.
  BOOST_TEST(readText(importCawgFixture("refrain_entries.json")) ==
             "ai.engage: not allowed\n"
             "ai.engage.persona: not allowed\n"
             "ai.engage.personalize: not allowed\n"
             "ai.generate: not allowed\n"
             "ai.generate.remix: allowed\n"
             "ai.generate.style: not allowed\n"
             "ai.generate.voice: not allowed\n"
             "ai.produce: constrained (stems on request)\n"
             "ai.produce.master: not allowed\n"
             "ai.produce.stems: not allowed\n"
             "ai.train.analytic: allowed\n"
             "ai.train.generative: not allowed\n"
             "note: ignored `note` in the entry `refrain.ai.produce`\n");
}

BOOST_AUTO_TEST_CASE(import_the_mistaken_label_with_a_note) {
  BOOST_TEST(readText(importCawgFixture("mistaken_label.json")) ==
             "ai.train.generative: allowed\n"
             "note: the label `cawg.training-and-data-mining` is in no CAWG version; read as `cawg.training-mining`\n"
             "note: ignored `kind` beside the assertion's label\n"
             "note: ignored `comment` beside the entries\n");
}

BOOST_AUTO_TEST_CASE(import_an_exported_constrained_assertion) {
  // No offers: CAWG's terms are words only. Each use keeps its exact stance and its words.
  BOOST_TEST(readText(importCawgFixture("export_constrained.json")) ==
             "ai: not allowed\n"
             "ai.engage: allowed\n"
             "ai.engage.persona: allowed\n"
             "ai.engage.personalize: constrained (a deny holds when purpose is \"advertising\")\n"
             "ai.generate: constrained (luna-ray: purpose commercial or research; pays 250.00 EUR; duty attribution)\n"
             "ai.generate.remix: allowed\n"
             "ai.generate.style: constrained (luna-ray: purpose commercial or research; pays 250.00 EUR; duty attribution)\n"
             "ai.generate.voice: constrained (luna-ray: purpose commercial or research; pays 250.00 EUR; duty "
             "attribution; björk-estate: in DE, FR; pays 0.0025 USD per unit)\n"
             "ai.produce: allowed\n"
             "ai.produce.master: allowed\n"
             "ai.produce.stems: allowed\n"
             "ai.train: not allowed\n"
             "ai.train.analytic: constrained (allowed on terms this signal cannot state: ask the rights holder)\n"
             "ai.train.generative: not allowed\n");
}

BOOST_AUTO_TEST_CASE(export_then_import_gives_back_every_stance) {
  std::vector<StanceSheet> sheets = {
      sheetOf(Stance::kAllowed),
      sheetOf(Stance::kNotAllowed),
      sheetOf(Stance::kAllowed, {{"ai.train", Stance::kNotAllowed}, {"ai.train.generative", Stance::kNotAllowed}}),
      sheetOf(Stance::kNotAllowed, {{"ai.produce.stems", Stance::kAllowed}, {"ai.engage", Stance::kAllowed}}),
      constrainedSheet()};
  for (const StanceSheet& sheet : sheets) {
    Imported r = importText(kCawg, "out.json", exported(kCawg, sheet));
    BOOST_TEST(r.ok);
    BOOST_TEST(lines(r.errors) == "");
    BOOST_TEST(r.signal.uses.size() == treeUses().size());
    for (const UseStance& u : sheet.uses) {
      const SignalUse& back = r.signal.uses[u.use];
      BOOST_TEST(refrain::interop::stanceName(back.stance) == refrain::interop::stanceName(u.stance), u.use);
      BOOST_TEST(!back.offer, u.use);
    }
  }
}

// ---- errors, each at its file:line:col ----

BOOST_AUTO_TEST_CASE(error_malformed_json) {
  BOOST_TEST(errorText(importCawgFixture("error_malformed.json")) ==
             "error_malformed.json:4:3: error: malformed JSON: syntax error while parsing object key - unexpected "
             "'}'; expected string literal\n");
}

BOOST_AUTO_TEST_CASE(error_an_unknown_use_value) {
  // CAWG's choice list may grow, but a value this version does not define is refused, not guessed.
  BOOST_TEST(errorText(importCawgFixture("error_unknown_use.json")) ==
             "error_unknown_use.json:3:33: error: expected `use` to be \"allowed\", \"notAllowed\" or \"constrained\"\n");
}

BOOST_AUTO_TEST_CASE(error_a_missing_use) {
  BOOST_TEST(errorText(importCawgFixture("error_missing_use.json")) ==
             "error_missing_use.json:3:26: error: expected `use` in `cawg.ai_inference`: "
             "\"allowed\", \"notAllowed\" or \"constrained\"\n");
}

BOOST_AUTO_TEST_CASE(error_wrong_types_each_reported) {
  BOOST_TEST(errorText(importCawgFixture("error_wrong_types.json")) ==
             "error_wrong_types.json:5:27: error: expected `cawg.ai_training` to be an object: {\"use\": \"allowed\", "
             "\"notAllowed\" or \"constrained\"}\n"
             "error_wrong_types.json:6:35: error: expected `use` to be \"allowed\", \"notAllowed\" or \"constrained\"\n"
             "error_wrong_types.json:7:70: error: expected `constraint_info` to be a non-empty string\n"
             "error_wrong_types.json:8:75: error: expected `constraints_info` to be a non-empty string\n");
}

BOOST_AUTO_TEST_CASE(error_entries_not_an_object) {
  BOOST_TEST(errorText(importCawgFixture("error_entries_type.json")) ==
             "error_entries_type.json:1:13: error: expected `entries` to be an object of entries such as "
             "\"cawg.ai_training\"\n");
}

BOOST_AUTO_TEST_CASE(error_another_assertion_label) {
  BOOST_TEST(errorText(importCawgFixture("error_label.json")) ==
             "error_label.json:1:11: error: expected `label` to be \"cawg.training-mining\" (or the "
             "legacy \"c2pa.training-mining\")\n");
}

BOOST_AUTO_TEST_CASE(error_not_an_object) {
  BOOST_TEST(errorText(importCawgFixture("error_not_object.json")) ==
             "error_not_object.json:1:1: error: expected a JSON object: the cawg.training-mining assertion\n");
}

BOOST_AUTO_TEST_CASE(error_an_unknown_refrain_use_at_its_key) {
  BOOST_TEST(errorText(importCawgFixture("error_unknown_refrain_use.json")) ==
             "error_unknown_refrain_use.json:4:5: error: unknown use `ai.generate.lyrics` in "
             "`refrain.ai.generate.lyrics`: expected `refrain.` and a use of the tree, such as "
             "`refrain.ai.generate.voice`\n");
}

BOOST_AUTO_TEST_CASE(error_no_entries) {
  std::string noEntry = "error: expected at least one entry, such as \"cawg.ai_training\": {\"use\": \"notAllowed\"}\n";
  BOOST_TEST(errorText(importCawgFixture("error_no_entries.json")) == "error_no_entries.json:4:16: " + noEntry);
  // The 1.0 form with only its metadata has no entries either.
  BOOST_TEST(errorText(importText(kCawg, "meta.json", "{\"metadata\": {}}")) == "meta.json:1:1: " + noEntry);
}

BOOST_AUTO_TEST_CASE(error_the_wrapper_without_its_assertion) {
  auto errorsOf = [](const std::string& text) { return errorText(importText(kCawg, "w.json", text)); };
  BOOST_TEST(errorsOf("{\"label\": \"cawg.training-mining\"}") ==
             "w.json:1:1: error: expected `data` beside `label`: the assertion itself\n");
  BOOST_TEST(errorsOf("{\"label\": \"cawg.training-mining\",\n \"data\": []}") ==
             "w.json:2:10: error: expected `data` to be an object: the assertion, with its `entries`\n");
  BOOST_TEST(errorsOf("{\"label\": 1, \"data\": {}}") ==
             "w.json:1:11: error: expected `label` to be \"cawg.training-mining\" (or the legacy "
             "\"c2pa.training-mining\")\n");
}

BOOST_AUTO_TEST_CASE(error_a_number_too_large_at_its_start) {
  BOOST_TEST(errorText(importText(kCawg, "n.json", "{\"entries\": {\"x.y\": 1e400}}")) ==
             "n.json:1:21: error: number `1e400` is out of range: expected a number a double can hold\n");
}

BOOST_AUTO_TEST_CASE(error_a_repeated_key_at_the_second_one) {
  // nlohmann/json keeps the last: this would read as allowed.
  BOOST_TEST(errorText(importText(kCawg, "r.json",
                                  "{\"label\": \"cawg.training-mining\", \"data\": {\"entries\": {\n"
                                  "  \"cawg.ai_training\": {\"use\": \"notAllowed\", \"use\": \"allowed\"}}}}\n")) ==
             "r.json:2:45: error: repeated key `use`: a key may be given once in an object, and readers differ on "
             "which one counts\n");
  // In the 1.0 form, an entry given twice; the rest of the text is not read.
  BOOST_TEST(errorText(importText(kCawg, "r.json",
                                  "{\"cawg.data_mining\": {\"use\": \"allowed\"},\n"
                                  " \"cawg.data_mining\": {\"use\": \"notAllowed\"}, ]")) ==
             "r.json:2:2: error: repeated key `cawg.data_mining`: a key may be given once in an object, and readers "
             "differ on which one counts\n");
}

BOOST_AUTO_TEST_CASE(error_the_bare_forms_need_an_entry_of_cawg_c2pa_or_refrain) {
  // A whole C2PA manifest is no assertion: it used to read as an empty policy.
  BOOST_TEST(errorText(importText(kCawg, "m.json",
                                  "{\"claim_generator\": \"tool/1.0\",\n"
                                  " \"assertions\": [{\"label\": \"cawg.training-mining\", \"data\": {}}]}")) ==
             "m.json:1:1: error: expected a cawg.training-mining assertion (its entries), not a whole manifest: take "
             "the assertion labelled \"cawg.training-mining\" from its `assertions`\n");
  BOOST_TEST(errorText(importText(kCawg, "o.json", "{\"com.example.x\": {\"use\": \"allowed\"}}")) ==
             "o.json:1:1: error: expected a cawg.training-mining assertion: no entry is `cawg.`, `c2pa.` or "
             "`refrain.`, such as \"cawg.ai_training\": {\"use\": \"notAllowed\"}\n");
  BOOST_TEST(errorText(importText(kCawg, "e.json", "{\"entries\": {\"com.example.x\": {\"use\": \"allowed\"}}}")) ==
             "e.json:1:13: error: expected a cawg.training-mining assertion: no entry is `cawg.`, `c2pa.` or "
             "`refrain.`, such as \"cawg.ai_training\": {\"use\": \"notAllowed\"}\n");
  // One known entry is enough; the others are noted as before.
  BOOST_TEST(readText(importText(kCawg, "k.json",
                                 "{\"refrain.ai.produce\": {\"use\": \"allowed\"}, \"com.example.x\": {\"use\": \"allowed\"}}")) ==
             "ai.produce: allowed\n"
             "note: ignored the entry `com.example.x`: not one of CAWG's, nor a `refrain.` one\n");
}

BOOST_AUTO_TEST_CASE(error_a_file_over_1_mib) {
  std::string text = "{\"cawg.ai_training\": {\"use\": \"allowed\"}}";
  text += std::string(refrain::interop::kMostSignalBytes + 1 - text.size(), ' ');
  BOOST_TEST(errorText(importText(kCawg, "big.json", text)) ==
             "big.json:1:1: error: the file is 1048577 bytes: cawg signals may be at most 1 MiB (1048576 bytes)\n");
}

BOOST_AUTO_TEST_CASE(notes_are_at_most_twenty) {
  std::string text = "{\"cawg.ai_training\": {\"use\": \"allowed\"}";
  for (int i = 0; i < 100; ++i) text += ", \"com.example." + std::to_string(i) + "\": {}";
  text += "}";
  std::string expected = "ai.train.analytic: allowed\n";
  for (int i = 0; i < 20; ++i)
    expected += "note: ignored the entry `com.example." + std::to_string(i) + "`: not one of CAWG's, nor a `refrain.` one\n";
  expected += "note: and 80 more notes like these\n";
  BOOST_TEST(readText(importText(kCawg, "n.json", text)) == expected);
}
