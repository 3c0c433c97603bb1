// Unit tests for policy/formatter: source → canonical layout, comments kept, idempotence and meaning on every corpus.
#define BOOST_TEST_MODULE formatter
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "policy/formatter.h"
#include "policy/parser.h"
#include "tests/gen/policy_gen.h"

#ifndef REFRAIN_SOURCE_DIR
#define REFRAIN_SOURCE_DIR "."
#endif

namespace p = refrain::policy;
namespace fs = std::filesystem;

namespace {

std::string format(const std::string& text) {
  p::Diagnostics d;
  std::string out;
  BOOST_REQUIRE_MESSAGE(p::formatSource({"t.refrain", text}, &out, d), "source does not parse:\n" + text);
  return out;
}

std::string dump(const p::Expr* e) {
  if (!e) return "-";
  std::string s = "(" + std::to_string(static_cast<int>(e->kind)) + " " + std::to_string(static_cast<int>(e->op)) +
                  " " + std::to_string(static_cast<int>(e->type.base)) + " " + std::to_string(e->number) + " '" +
                  e->text + "' " + e->currency;
  for (const p::ExprPtr& a : e->args) s += " " + dump(a.get());
  return s + ")";
}

std::string dumpUses(const std::vector<p::UseRef>& uses) {
  std::string s;
  for (const p::UseRef& u : uses) s += u.name + ",";
  return s;
}

// The parsed program without positions: two sources mean the same when these are equal.
std::string meaning(const std::string& text) {
  p::Program program;
  program.sources.push_back({"t.refrain", text});
  p::Diagnostics d;
  p::parseSource(program, 0, d);
  std::ostringstream s;
  for (const p::Region& r : program.regions) s << "region " << r.name << " " << dump(r.list.get()) << "\n";
  for (const p::Policy& pol : program.policies) {
    s << "policy " << pol.name << " " << pol.role << " " << pol.party << " " << pol.effective.value_or(-1) << " "
      << pol.expires.value_or(-1) << " " << dump(pol.on.get()) << "\n";
    for (const p::Consent& c : pol.consents) {
      s << " consent";
      for (const std::string& role : c.roles) s << " " << role;
      s << " for " << dumpUses(c.uses) << "\n";
    }
    for (const p::Rule& r : pol.rules) {
      s << " rule " << r.allow << " " << dumpUses(r.uses) << " except " << dumpUses(r.except) << " when "
        << dump(r.when.get()) << " pay " << dump(r.pay.get()) << " split";
      for (const p::Share& share : r.split) s << " " << share.role << "=" << share.ppm;
      for (const p::Duty& duty : r.duties) {
        s << " duty " << duty.name << " " << duty.hasText;
        for (const p::TextPart& part : duty.parts) s << " [" << part.isField << part.text << "]";
      }
      s << "\n";
    }
  }
  return s.str();
}

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The `--- source NAME` sections of a case file.
std::vector<std::string> caseSources(const std::string& text) {
  std::vector<std::string> sources;
  std::istringstream in(text);
  std::string line;
  bool inSource = false;
  while (std::getline(in, line)) {
    if (line.rfind("--- ", 0) == 0) {
      inSource = line.rfind("--- source ", 0) == 0;
      if (inSource) sources.emplace_back();
      continue;
    }
    if (inSource) sources.back() += line + "\n";
  }
  return sources;
}

bool parses(const std::string& text) {
  p::Diagnostics d;
  std::string out;
  return p::formatSource({"t.refrain", text}, &out, d);
}

// Formatting keeps the meaning, is idempotent and keeps every comment line.
void checkStable(const std::string& text, const std::string& where) {
  std::string once = format(text);
  BOOST_TEST(format(once) == once, where << ": formatting twice changes the text");
  BOOST_TEST(meaning(once) == meaning(text), where << ": formatting changes the meaning");
  size_t hashes = 0, hashesAfter = 0;
  for (char c : text) hashes += c == '#';
  for (char c : once) hashesAfter += c == '#';
  BOOST_TEST(hashes == hashesAfter, where << ": a comment or string changed");
}

struct Example {
  const char* in;
  const char* out;
};

}  // namespace

BOOST_AUTO_TEST_CASE(messy_sources_get_the_canonical_layout) {
  const Example kTable[] = {
      {"region   NORDICS=[DK,FI ,  IS]", "region NORDICS = [DK, FI, IS]\n"},
      {"region A = [US]\n\n\n\nregion B = [CA]\n\n\n", "region A = [US]\n\nregion B = [CA]\n"},
      {"region A = [US] region B = [CA]", "region A = [US]\n\nregion B = [CA]\n"},
      {"policy \"p\"   by artist\n\"a\"{allow ai.train}", "policy \"p\" by artist \"a\" {\n  allow ai.train\n}\n"},
      {"policy \"p\" by artist \"a\" {\n      effective 2026-01-01 expires 2027-01-01\n allow ai.train\n}",
       "policy \"p\" by artist \"a\" {\n  effective 2026-01-01\n  expires 2027-01-01\n\n  allow ai.train\n}\n"},
      {"policy \"p\" by artist \"a\" {\n\n\n  allow ai.train\n\n\n\n  deny ai.engage\n  deny ai.generate\n\n}\n",
       "policy \"p\" by artist \"a\" {\n  allow ai.train\n\n  deny ai.engage\n  deny ai.generate\n}\n"},
      {"policy \"p\" by artist \"a\" {\n  allow ai.train   when purpose==\"research\"\n}",
       "policy \"p\" by artist \"a\" {\n  allow ai.train when purpose == \"research\"\n}\n"},
      {"policy \"p\" by artist \"a\" {\n  allow ai.train\nwhen purpose==\"research\" pay 1.50   USD*units\n}",
       "policy \"p\" by artist \"a\" {\n  allow ai.train\n    when purpose == \"research\"\n    pay 1.50 USD * units\n}\n"},
      {"policy \"p\" by label \"l\" {\n  allow ai.train when a and b\n\n  pay max( 1000.00 USD,0.0025 USD*units , 3%*revenue )\n"
       "  split label 50%,artist 50% duty attribution \"x {work.title}\"}",
       "policy \"p\" by label \"l\" {\n  allow ai.train\n    when a and b\n"
       "    pay max(1000.00 USD, 0.0025 USD * units, 3% * revenue)\n"
       "    split label 50%, artist 50%\n    duty attribution \"x {work.title}\"\n}\n"},
      {"policy \"p\" by label \"l\" {\n  allow ai.train\n    when requester.verified and purpose == \"commercial\"\n"
       "  and territory in [US,CA,GB]+EU\n}",
       "policy \"p\" by label \"l\" {\n  allow ai.train\n    when requester.verified and purpose == \"commercial\"\n"
       "         and territory in [US, CA, GB] + EU\n}\n"},
      {"policy \"p\" by label \"l\" {\n  allow ai.train when a or\n b\n}",
       "policy \"p\" by label \"l\" {\n  allow ai.train\n    when a\n         or b\n}\n"},
      {"policy \"p\" by label \"l\" {\n  deny ai except ai.train when not (has(model.name)and model.name matches \"x\")\n}",
       "policy \"p\" by label \"l\" {\n  deny ai except ai.train\n    when not (has(model.name) and model.name matches \"x\")\n}\n"},
      {"policy \"p\" by label \"l\" {\n  allow ai.train when requester.verified and purpose == \"commercial\" and x == 1_000_000\n}",
       "policy \"p\" by label \"l\" {\n  allow ai.train\n    when requester.verified and purpose == \"commercial\" and x == 1_000_000\n}\n"},
      {"policy \"p\" by label \"l\" {\n  on work.release_date<2000-01-01T00:00:00+01:00 consent from artist,label for ai.produce,ai.train\n"
       "  deny ai\n}",
       "policy \"p\" by label \"l\" {\n  on work.release_date < 2000-01-01T00:00:00+01:00\n"
       "  consent from artist, label for ai.produce, ai.train\n\n  deny ai\n}\n"},
      {"policy \"p\" by label \"l\" {\n  allow ai.train when units >= 1_000 and name == \"a\\\"b\\u{1F3B5}\" and x in []\n}",
       "policy \"p\" by label \"l\" {\n  allow ai.train when units >= 1_000 and name == \"a\\\"b\\u{1F3B5}\" and x in []\n}\n"},
      {"", ""},
  };
  for (const Example& e : kTable) {
    BOOST_TEST(format(e.in) == e.out, "input:\n" << e.in);
    BOOST_TEST(format(e.out) == e.out, "not idempotent:\n" << e.out);
  }
}

BOOST_AUTO_TEST_CASE(comments_are_kept_where_they_belong) {
  const std::string in =
      "\n\n# file header\n\n# about NORDICS\nregion NORDICS = [DK]   # trailing\n"
      "# about p\npolicy \"p\" by artist \"a\" {   # open\n"
      "effective 2026-01-01 # when\n   # about train\n\n\n allow ai.train\n"
      "        # inside the rule\n\n   when purpose == \"research\"  # why\n"
      "and territory in EU\n  pay 1.00 USD # fee\n\n  # last words\n}  # close\n\n\n# end of file\n";
  const std::string out =
      "# file header\n\n# about NORDICS\nregion NORDICS = [DK]  # trailing\n\n"
      "# about p\npolicy \"p\" by artist \"a\" {  # open\n"
      "  effective 2026-01-01  # when\n\n  # about train\n\n  allow ai.train\n"
      "    # inside the rule\n    when purpose == \"research\"  # why\n"
      "         and territory in EU\n    pay 1.00 USD  # fee\n\n  # last words\n}  # close\n\n# end of file\n";
  BOOST_TEST(format(in) == out);
  BOOST_TEST(format(out) == out);
}

BOOST_AUTO_TEST_CASE(comments_inside_expressions_break_the_line) {
  const std::string in =
      "policy \"p\" by artist \"a\" {\n  allow ai.train when max(1.00 USD,  # low\n 2.00 USD) > 1.00 USD\n"
      "  # between\n  and purpose == \"x\"\n}\n";
  const std::string out =
      "policy \"p\" by artist \"a\" {\n  allow ai.train\n    when max(1.00 USD,  # low\n         2.00 USD) > 1.00 USD\n"
      "         # between\n         and purpose == \"x\"\n}\n";
  BOOST_TEST(format(in) == out);
  BOOST_TEST(format(out) == out);
  checkStable(in, "comments in expressions");
}

BOOST_AUTO_TEST_CASE(syntax_errors_leave_the_output_alone) {
  p::Diagnostics d;
  std::string out = "untouched";
  BOOST_TEST(!p::formatSource({"t.refrain", "policy \"p\" by artist \"a\" {\n  allow\n}\n"}, &out, d));
  BOOST_TEST(out == "untouched");
  BOOST_TEST(d.hasErrors());
  BOOST_TEST(!p::formatSource({"t.refrain", "region A = [\"unterminated]\n"}, &out, d));
}

BOOST_AUTO_TEST_CASE(examples_are_formatted) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(REFRAIN_SOURCE_DIR) / "examples/policies")) {
    if (entry.path().extension() != ".refrain") continue;
    std::string text = readAll(entry.path());
    BOOST_TEST(format(text) == text, entry.path().filename() << " is not formatted");
    checkStable(text, entry.path().string());
    ++n;
  }
  BOOST_TEST(n >= 10);
}

BOOST_AUTO_TEST_CASE(case_sources_format_stably) {
  int n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(REFRAIN_SOURCE_DIR) / "tests/cases")) {
    if (entry.path().extension() != ".case") continue;
    for (const std::string& source : caseSources(readAll(entry.path()))) {
      if (!parses(source)) continue;
      checkStable(source, entry.path().string());
      ++n;
    }
  }
  BOOST_TEST(n >= 100);
}

BOOST_AUTO_TEST_CASE(generated_programs_format_stably) {
  for (uint64_t seed = 1; seed <= 300; ++seed)
    for (const p::SourceFile& source : refrain::gen::generateProgram(seed).sources)
      checkStable(source.text, "seed " + std::to_string(seed) + " " + source.name);
}

BOOST_AUTO_TEST_CASE(a_unary_minus_stays_against_its_operand) {
  const std::string messy = "policy \"p\" by artist \"a\" {\n  allow ai when units >  - 5 and - units < -(units+1) and units - -2 > 0\n    pay - 1.50 USD * -2\n}\n";
  const std::string canonical = "policy \"p\" by artist \"a\" {\n  allow ai\n    when units > -5 and -units < -(units + 1) and units - -2 > 0\n    pay -1.50 USD * -2\n}\n";
  BOOST_TEST(format(messy) == canonical);
  BOOST_TEST(format(canonical) == canonical);
  BOOST_TEST(meaning(messy) == meaning(canonical));
}
