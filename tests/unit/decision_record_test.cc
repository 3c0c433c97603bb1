// Decision records (runtime/decision_record.h) through the C API: read back
// into a decision, each must write the same JSON, byte for byte, as the
// decision itself; over generated programs and requests, and the edges.
#define BOOST_TEST_MODULE decision_record
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

#include "compiler/compile.h"
#include "refrain/refrain.h"
#include "runtime/decision_record.h"
#include "tests/gen/policy_gen.h"
#include "tests/unit/record_reader.h"

namespace gen = refrain::gen;
namespace rt = refrain::runtime;
using refrain::testing::RecordReader;

namespace {

struct Loaded {
  rf_bundle* bundle = nullptr;
  rf_scratch* scratch = rf_scratch_new();
  explicit Loaded(const std::vector<uint8_t>& bytes) {
    BOOST_REQUIRE(scratch);
    rf_error err;
    bundle = rf_bundle_load(bytes.data(), bytes.size(), &err);
    BOOST_REQUIRE_MESSAGE(bundle, err.message);
  }
  ~Loaded() {
    rf_scratch_free(scratch);
    rf_bundle_free(bundle);
  }

  // The decision JSON, and the same decision read back from its record and written as JSON.
  std::pair<std::string, std::string> both(const std::string& request, RecordReader** reader = nullptr) {
    const char* text = nullptr;
    size_t length = 0;
    const int status = rf_decide_in_scratch(bundle, scratch, request.data(), request.size(), &text, &length);
    BOOST_REQUIRE_MESSAGE(status == 0 || status == 1, "rf_decide_in_scratch failed: " << status);
    std::string json(text, length);
    rf_record record{};
    BOOST_REQUIRE(rf_decide_record(bundle, scratch, request.data(), request.size(), &record) == status);
    last_ = std::make_unique<RecordReader>(bundle, record);
    std::string again;
    rt::writeDecisionJson(last_->read(), &again);
    if (reader) *reader = last_.get();
    return {json, again};
  }

 private:
  std::unique_ptr<RecordReader> last_;
};

std::vector<uint8_t> compiled(std::vector<refrain::policy::SourceFile> sources) {
  refrain::compiler::CompileInput input;
  input.sources = std::move(sources);
  auto r = refrain::compiler::compile(std::move(input));
  BOOST_REQUIRE(r.ok);
  return r.bundle;
}

const char* kPolicy = R"(policy "odd \"name\"" by label "north\\wind" {
  allow ai.train.generative
    pay 0.0025 USD * units
    split label 100%
    duty attribution "Trained on {work.title}"
    duty report "Every run"
  deny ai.generate.voice
}
)";

}  // namespace

BOOST_AUTO_TEST_CASE(records_read_back_to_the_same_json_over_generated_programs) {
  size_t pairs = 0, allows = 0, names = 0, copies = 0;
  for (uint64_t i = 0; i < 300; ++i) {
    gen::GeneratedProgram g = gen::generateProgram(gen::mixSeed(7, i));
    auto result = refrain::compiler::compile({g.sources, g.catalog});
    BOOST_REQUIRE_MESSAGE(result.ok, "generated program " << i << " does not compile");
    Loaded loaded(result.bundle);
    for (uint64_t j = 0; j < 30; ++j) {
      const std::string request = gen::generateRequest(g, gen::mixSeed(i, j));
      RecordReader* reader = nullptr;
      auto [json, again] = loaded.both(request, &reader);
      BOOST_TEST(again == json, "program " << i << " request " << j);
      ++pairs;
      allows += json.find("\"decision\": \"allow\"") != std::string::npos;
      names += reader->namesRead;
      copies += reader->textsCopied;
    }
  }
  BOOST_TEST(pairs >= 8000u);
  BOOST_TEST(allows >= pairs / 20);
  BOOST_TEST(names > copies);  // the bundle's names go by number, not as copies
}

BOOST_AUTO_TEST_CASE(names_that_need_escaping_and_texts_with_slots) {
  Loaded loaded(compiled({{"dir \"x\"/north.refrain", kPolicy}}));
  const std::string request = R"({"use": "ai.train.generative", "requester": {"id": "a", "kind": "company"},
    "work": {"id": "W1", "title": "Ōtsu \"live\"", "rightsholders": [{"party": "north\\wind", "role": "label"}]},
    "context": {"units": 1000, "time": "2026-01-01T00:00:00Z"}})";
  RecordReader* reader = nullptr;
  auto [json, again] = loaded.both(request, &reader);
  BOOST_TEST(again == json);
  BOOST_TEST(json.find(R"("text": "Trained on Ōtsu \"live\"")") != std::string::npos);
  BOOST_TEST(json.find(R"("amount": "2.500000")") != std::string::npos);
  BOOST_TEST(reader->namesRead >= 8u);
}

BOOST_AUTO_TEST_CASE(requests_that_cannot_be_judged_and_bad_calls) {
  Loaded loaded(compiled({{"north.refrain", kPolicy}}));
  for (const std::string request : {"{", "", "[1]", R"({"use": "ai.nope", "work": {"id": "é"}})", "{\"use\": \"\\u0000\"}"}) {
    auto [json, again] = loaded.both(request);
    BOOST_TEST(again == json, "request " << request);
    BOOST_TEST(json.find("\"errors\": [\n    {") != std::string::npos);
  }
  rf_record record{};
  BOOST_TEST(rf_decide_record(nullptr, loaded.scratch, "{", 1, &record) == -1);
  BOOST_TEST(rf_decide_record(loaded.bundle, nullptr, "{", 1, &record) == -1);
  BOOST_TEST(rf_decide_record(loaded.bundle, loaded.scratch, nullptr, 1, &record) == -1);
  BOOST_TEST(rf_decide_record(loaded.bundle, loaded.scratch, "{", 1, nullptr) == -1);
  const char* name = nullptr;
  size_t length = 0;
  BOOST_REQUIRE(rf_bundle_name(loaded.bundle, 0, &name, &length) == 1);
  BOOST_TEST(std::string(name, length) == "silent");
  BOOST_TEST(rf_bundle_name(loaded.bundle, 1u << 30, &name, &length) == 0);
  BOOST_TEST(rf_bundle_name(nullptr, 0, &name, &length) == 0);
}

// A text is a bundle name only when the bundle's table made it one: a text
// that reads the same is not, and neither is a name of another bundle.
BOOST_AUTO_TEST_CASE(a_name_is_known_by_the_table_that_made_it_not_by_its_text) {
  rt::NameTable names, other;
  const rt::BundleName silent = names.add("silent"), artist = names.add("artist-7"), odd = names.add("say \"hi\"");
  const rt::BundleName foreign = other.add("elsewhere");
  BOOST_TEST(artist.number() == 1u);
  BOOST_TEST((names.at(1) == artist));
  BOOST_TEST((names.at(0) != artist));
  const std::string lookalike = "artist-7";
  BOOST_TEST(rt::DecisionText(lookalike).nameNumber() == rt::DecisionText::kNotAName);
  BOOST_TEST(rt::DecisionText(artist).nameNumber() == 1u);
  BOOST_TEST(rt::DecisionText(odd).nameNumber() == 2u);

  rt::DecisionView d;
  d.use = silent;
  d.work = lookalike;
  d.reasons.push_back({artist, odd, foreign, rt::DecisionText(names.at(1).text().substr(0, 6))});
  rt::DecisionRecord record;
  BOOST_REQUIRE(rt::writeDecisionRecord(d, names, &record));
  const uint32_t* w = record.words.data();
  BOOST_TEST(w[2] == 2 * 0 + 1);       // use: name 0
  BOOST_TEST(w[4] == 2 * 8);           // work: copied, eight bytes
  BOOST_TEST(w[7] == 2 * 1 + 1);       // the reason's party: name 1
  BOOST_TEST(w[9] == 2 * 2 + 1);       // policy: name 2, though it needs escaping
  BOOST_TEST(w[11] == 2 * 9);          // verdict: another table's name 0, copied
  BOOST_TEST(w[13] == 2 * 6);          // rule: a part of a name, copied
  BOOST_TEST(record.texts == "artist-7elsewhereartist");
}

// Only the loader's check, or a literal the compiler checks, makes a text
// the JSON writer copies unchecked (tests/compile_fail: nothing else can).
BOOST_AUTO_TEST_CASE(a_text_is_plain_only_when_checked) {
  BOOST_TEST(!rt::DecisionText("plain enough").plain().has_value());  // any text: proved nothing
  BOOST_TEST(rt::DecisionText::checked("plain enough").plain().has_value());
  for (std::string_view needs : std::initializer_list<std::string_view>{"a\"b", "a\\b", "tab\there", std::string_view("nul\0", 4), "\x1f"}) {
    BOOST_TEST(!rt::PlainText::check(needs).has_value(), needs);
    BOOST_TEST(!rt::DecisionText::checked(needs).plain().has_value(), needs);
  }
  BOOST_TEST(rt::PlainText::check("Ōtsu, 100% é").has_value());  // UTF-8 needs no escaping
  rt::NameTable names;
  BOOST_TEST(rt::DecisionText(names.add("north")).plain().has_value());
  BOOST_TEST(!rt::DecisionText(names.add("north\\wind")).plain().has_value());

  // And the writer escapes what was not proved plain, whatever it holds.
  rt::DecisionView d;
  d.use = names.add("x\"y");
  d.reasons.push_back({rt::DecisionText("q\"r"), {}, names.at(0), {}});
  std::string json;
  rt::writeDecisionJson(d, &json, rt::JsonStyle::kCompact);
  BOOST_TEST(json.find(R"("use":"x\"y")") != std::string::npos, json);
  BOOST_TEST(json.find(R"("party":"q\"r")") != std::string::npos, json);
}
