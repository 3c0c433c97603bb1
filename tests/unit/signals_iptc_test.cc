// IPTC PLUS Data Mining signals (interop/signal_iptc.cc): stance sheets
// built by hand give exact XMP packets; the fixtures in tests/signals/iptc
// (written from the PLUS property and vocabulary names) give exact stances;
// a missing, doubled or unknown value is an error at its file:line:col.
#define BOOST_TEST_MODULE signals_iptc
#include <boost/test/unit_test.hpp>

#include "signal_support.h"

using namespace refrain::testing;
namespace interop = refrain::interop;

namespace {

std::string exported(const StanceSheet& sheet) {
  std::string out, error;
  BOOST_REQUIRE_MESSAGE(interop::exportIptc(sheet, interop::ExportOptions(), &out, &error), error);
  return out;
}

// The packet around a description's properties, as the exporter lays it out.
std::string packet(const std::string& properties) {
  return "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         "  <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "    <rdf:Description rdf:about=\"\" xmlns:plus=\"http://ns.useplus.org/ldf/xmp/1.0/\">\n" +
         properties +
         "    </rdf:Description>\n"
         "  </rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>\n";
}

std::string dataMining(const std::string& key) {
  return "      <plus:DataMining>http://ns.useplus.org/ldf/vocab/" + key + "</plus:DataMining>\n";
}

Imported imported(const std::string& name, const std::string& text) {
  return importWith(interop::importIptc, name, text);
}

// Generation of the voice on terms, training not allowed, the persona with
// attribution under another party's conditional deny: no PLUS value says it.
StanceSheet constrainedSheet() {
  StanceSheet sheet = sheetAll(Stance::kAllowed);
  setWithin(&sheet, "ai.train", Stance::kNotAllowed);
  setOne(&sheet, "ai.generate.voice", Stance::kConstrained,
         {offer({"commercial", "research"}, {"GB", "US"}, flat(1000'000000, "USD")), offer({}, {}, perUnit(2500, "USD"))});
  setOne(&sheet, "ai.engage.persona", Stance::kConstrained, {offer({}, {}, std::nullopt, {"attribution"})},
         {"label-x denies when territory == \"RU\""});
  return sheet;
}

const std::string kConstraintText =
    "ai: allowed. ai.train: not allowed. ai.train.generative: not allowed. ai.train.analytic: not allowed. "
    "ai.generate: allowed. ai.generate.voice: constrained, on terms (luna-ray: purpose commercial or research; in GB, "
    "US; pays 1000.00 USD) or (luna-ray: pays 0.0025 USD per unit). ai.generate.style: allowed. ai.generate.remix: "
    "allowed. ai.produce: allowed. ai.produce.stems: allowed. ai.produce.master: allowed. ai.engage: allowed. "
    "ai.engage.personalize: allowed. ai.engage.persona: constrained, on terms (luna-ray: duty attribution), with "
    "caveats: label-x denies when territory == \"RU\".";

}  // namespace

BOOST_AUTO_TEST_CASE(everything_allowed_is_dmi_allowed) {
  BOOST_TEST(exported(sheetAll(Stance::kAllowed)) == packet(dataMining("DMI-ALLOWED")));
}

BOOST_AUTO_TEST_CASE(nothing_allowed_is_dmi_prohibited) {
  BOOST_TEST(exported(sheetAll(Stance::kNotAllowed)) == packet(dataMining("DMI-PROHIBITED")));
}

BOOST_AUTO_TEST_CASE(a_training_opt_out_is_prohibited_for_ai_ml_training) {
  StanceSheet sheet = sheetAll(Stance::kAllowed);
  setWithin(&sheet, "ai.train", Stance::kNotAllowed);
  BOOST_TEST(exported(sheet) == packet(dataMining("DMI-PROHIBITED-AIMLTRAINING")));
  // Analytic training allowed, generative not: PLUS's generative value.
  setOne(&sheet, "ai.train", Stance::kAllowed);
  setOne(&sheet, "ai.train.analytic", Stance::kAllowed);
  BOOST_TEST(exported(sheet) == packet(dataMining("DMI-PROHIBITED-GENAIMLTRAINING")));
  // Training opted out and one more use: no value but "see the constraints".
  setWithin(&sheet, "ai.train", Stance::kNotAllowed);
  setOne(&sheet, "ai.generate.voice", Stance::kNotAllowed);
  BOOST_TEST(exported(sheet) ==
             packet(dataMining("DMI-PROHIBITED-SEECONSTRAINT") +
                    "      <plus:OtherConstraints>\n"
                    "        <rdf:Alt>\n"
                    "          <rdf:li xml:lang=\"x-default\">ai: allowed. ai.train: not allowed. ai.train.generative: "
                    "not allowed. ai.train.analytic: not allowed. ai.generate: allowed. ai.generate.voice: not allowed. "
                    "ai.generate.style: allowed. ai.generate.remix: allowed. ai.produce: allowed. ai.produce.stems: "
                    "allowed. ai.produce.master: allowed. ai.engage: allowed. ai.engage.personalize: allowed. "
                    "ai.engage.persona: allowed.</rdf:li>\n"
                    "        </rdf:Alt>\n"
                    "      </plus:OtherConstraints>\n"));
}

// Any constrained use is "prohibited, see the constraints", with each
// use's terms in words: PLUS has no "allowed on terms".
BOOST_AUTO_TEST_CASE(terms_are_see_constraint_with_each_use_in_words) {
  BOOST_TEST(exported(constrainedSheet()) == packet(dataMining("DMI-PROHIBITED-SEECONSTRAINT") +
                                                    "      <plus:OtherConstraints>\n"
                                                    "        <rdf:Alt>\n"
                                                    "          <rdf:li xml:lang=\"x-default\">" +
                                                    kConstraintText +
                                                    "</rdf:li>\n"
                                                    "        </rdf:Alt>\n"
                                                    "      </plus:OtherConstraints>\n"));
}

// ---------------------------------------------------------------- import

BOOST_AUTO_TEST_CASE(each_value_names_the_uses_it_speaks_of) {
  struct Case {
    std::string file;
    std::vector<std::string> lines;
  };
  const std::string bare = fixture("iptc/except-search-bare-key.xmp");
  const std::vector<Case> cases = {
      {"allowed.xmp", {"ai: allowed"}},
      {"no-generative-training.xmp", {"ai.train.generative: not allowed"}},
      {"no-training.xmp", {"ai.train: not allowed"}},
      {"see-constraint.xmp",
       {"ai: constrained -- AI training: not allowed. Stem separation: licence required, see https://label.example/ai"}},
      {"except-search-bare-key.xmp",
       {"ai: not allowed",
        "note: " + at("except-search-bare-key.xmp", bare, "<plus:DataMining") +
            ": plus:DataMining gives the bare key `DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING`, not its URI "
            "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING",
        "note: DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING allows search engine indexing, which has no Refrain use"}},
      {"linked-rights.xmp", {"ai: constrained -- see the rights expression linked at https://label.example/odrl/first-light.json"}},
      {"unspecified.xmp", {"note: DMI-UNSPECIFIED: the file defines no prohibition and says nothing of any use"}},
  };
  for (const Case& c : cases) {
    Imported r = imported(c.file, fixture("iptc/" + c.file));
    BOOST_TEST_CONTEXT(c.file) {
      BOOST_TEST(r.ok);
      BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
      BOOST_TEST(signalLines(r.signal) == c.lines, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(pointers_without_their_target_say_so) {
  const std::string description = "<rdf:Description rdf:about=\"\" xmlns:plus=\"http://ns.useplus.org/ldf/xmp/1.0/\">";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"DMI-PROHIBITED-SEECONSTRAINT", "prohibited, see plus:OtherConstraints; the file gives none"},
      {"DMI-PROHIBITED-SEELINKEDRIGHTSEXPR", "prohibited, see Iptc4xmpExt:LinkedEncRightsExpr; the file links none"},
      {"DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR",
       "see the rights expression embedded in the file (Iptc4xmpExt:EmbdEncRightsExpr), which this import does not "
       "read"},
  };
  for (const auto& [key, note] : cases) {
    Imported r = imported("p.xmp", packet(dataMining(key)));
    BOOST_TEST_CONTEXT(key) {
      BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
      BOOST_TEST(signalLines(r.signal) == std::vector<std::string>{"ai: constrained -- " + note},
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_missing_doubled_or_unknown_value_is_an_error_at_its_place) {
  struct Case {
    std::string file, needle, message;
  };
  const std::vector<Case> cases = {
      {"wrong-namespace.xmp", "<x:xmpmeta",
       "expected a plus:DataMining property (namespace http://ns.useplus.org/ldf/xmp/1.0/)"},
      {"two-values.xmp", "<plus:DataMining>", "a second plus:DataMining: a file has one value"},
      {"made-up-value.xmp", "<plus:DataMining>",
       "expected a PLUS Data Mining value (http://ns.useplus.org/ldf/vocab/DMI-…), found "
       "`http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AITRAINING`"},
  };
  for (const Case& c : cases) {
    std::string text = fixture("iptc/" + c.file);
    Imported r = imported(c.file, text);
    BOOST_TEST_CONTEXT(c.file) {
      BOOST_TEST(!r.ok);
      BOOST_TEST(r.errors == std::vector<std::string>{at(c.file, text, c.needle) + ": error: " + c.message},
                 boost::test_tools::per_element());
      BOOST_TEST(r.signal.uses.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_doctype_is_refused_and_no_entity_is_expanded) {
  std::string prohibited = packet(dataMining("DMI-PROHIBITED"));
  std::string text = "<!DOCTYPE x:xmpmeta [<!ENTITY v \"http://ns.useplus.org/ldf/vocab/DMI-ALLOWED\">]>\n" +
                     replaced(prohibited.substr(prohibited.find("<x:xmpmeta")),
                              "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED", "&v;");
  Imported r = imported("e.xmp", text);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.errors == std::vector<std::string>{"e.xmp:1:1: error: a DOCTYPE is not allowed in an XMP packet "
                                                  "(entities are refused, not expanded)"},
             boost::test_tools::per_element());
  r = imported("e.xmp", "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&#0;</x:xmpmeta>");
  BOOST_TEST(r.errors == std::vector<std::string>{"e.xmp:1:37: error: a character reference must name a character XML "
                                                  "allows (not NUL, a surrogate or past U+10FFFF)"},
             boost::test_tools::per_element());
}

// ---------------------------------------------------------------- round trips

// A value read back speaks of the uses it names; children inherit. Where
// PLUS says nothing (the uses beside a training opt-out), nothing comes back.
BOOST_AUTO_TEST_CASE(an_export_reads_back_as_far_as_plus_can_say_it) {
  auto effective = [](const StanceSheet& sheet) {
    Imported r = imported("back.xmp", exported(sheet));
    BOOST_TEST(r.errors.empty(), boost::test_tools::per_element());
    std::vector<std::string> out;
    for (const std::string& use : interop::aiUses()) out.push_back(use + ": " + effectiveStance(r.signal, use));
    return out;
  };
  auto expected = [](const std::vector<std::string>& notAllowed, const char* others) {
    std::vector<std::string> out;
    for (const std::string& use : interop::aiUses()) {
      bool denied = std::find(notAllowed.begin(), notAllowed.end(), use) != notAllowed.end();
      out.push_back(use + ": " + (denied ? "not allowed" : others));
    }
    return out;
  };
  BOOST_TEST(effective(sheetAll(Stance::kAllowed)) == expected({}, "allowed"), boost::test_tools::per_element());
  BOOST_TEST(effective(sheetAll(Stance::kNotAllowed)) == expected(interop::aiUses(), ""), boost::test_tools::per_element());
  StanceSheet training = sheetAll(Stance::kAllowed);
  setWithin(&training, "ai.train", Stance::kNotAllowed);
  BOOST_TEST(effective(training) == expected(interop::usesWithin("ai.train"), "silent"), boost::test_tools::per_element());
  Imported r = imported("back.xmp", exported(constrainedSheet()));
  BOOST_TEST(signalLines(r.signal) == std::vector<std::string>{"ai: constrained -- " + kConstraintText},
             boost::test_tools::per_element());
}
