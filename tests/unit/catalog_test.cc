// Unit tests for compiler/catalog.h: works read from JSON Lines, and every catalog mistake named at its line.
#define BOOST_TEST_MODULE catalog
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "compiler/catalog.h"

namespace c = refrain::compiler;
namespace p = refrain::policy;

namespace {

std::vector<std::string> problems(const std::string& text) {
  p::Diagnostics d;
  c::readCatalog({"works.jsonl", text}, 0, d);
  std::vector<std::string> out;
  for (const p::Diagnostic& x : d.all()) out.push_back(std::to_string(x.span.line) + ": " + x.message);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_works_sorted_by_id) {
  p::Diagnostics d;
  auto works = c::readCatalog({"w", R"({"id": "B", "title": "Bee", "release_date": "1999-12-31", "tags": ["x"], "rightsholders": [{"party": "a", "role": "artist"}]}

{"id": "A", "rightsholders": [{"party": "w1", "role": "writer", "share": "33.3334%"}, {"party": "w2", "role": "writer", "share": "66.6666%"}]})"}, 0, d);
  BOOST_TEST(!d.hasErrors());
  BOOST_REQUIRE_EQUAL(works.size(), 2u);
  BOOST_TEST(works[0].id == "A");
  BOOST_REQUIRE_EQUAL(works[0].holders.size(), 2u);
  BOOST_TEST(works[0].holders[1].weight == 666666);
  BOOST_TEST(works[1].title == "Bee");
  BOOST_TEST(works[1].releaseDate == 946598400);
  BOOST_TEST(works[1].tags.size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_mistake_is_named_at_its_line) {
  auto m = problems(
      "{\"id\": \"A\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"dj\"}]}\n"
      "{\"id\": \"B\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"writer\", \"share\": \"50%\"}, {\"party\": \"b\", \"role\": \"writer\", \"share\": \"140%\"}]}\n"
      "{\"id\": \"C\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"artist\"}]}\n"
      "{\"id\": \"C\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"artist\"}]}\n"
      "{\"id\": \"D\", \"rightsholders\": []}\n"
      "not json\n"
      "{\"id\": \"E\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"writer\", \"share\": 2}, {\"party\": \"b\", \"role\": \"writer\"}]}\n"
      "{\"id\": \"F\", \"released\": \"2020-01-01\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"artist\"}]}\n"
      "{\"id\": \"G\", \"release_date\": \"2020-13-01\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"artist\"}]}\n"
      "{\"id\": \"H\", \"rightsholders\": [{\"party\": \"a\", \"role\": \"artist\"}, {\"party\": \"a\", \"role\": \"artist\"}]}\n");
  std::vector<std::string> expected = {
      "1: unknown role `dj` for party `a`",
      "2: share `140%` of `b` must be a percent from 0% to 100%",
      "4: duplicate work id `C` (first on line 3)",
      "5: work `D` needs a non-empty `rightsholders` list",
      "6: catalog line is not valid JSON",
      "7: work `E`: either every `writer` has a share or none does",
      "8: unknown key `released` in a catalog work",
      "9: `release_date` must be a date such as \"2025-03-14\"",
      "10: party `a` is listed twice as `artist` on work `H`",
  };
  BOOST_TEST(m == expected, boost::test_tools::per_element());
}
