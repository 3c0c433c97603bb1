// The C API's promises (include/refrain/refrain.h): version, bundle hash, limits fixed at load, NULL arguments, explanations.
#define BOOST_TEST_MODULE c_api
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

#include "compiler/refrain_compile.h"
#include "refrain/refrain.h"
#include "runtime/version.h"
#include "test_support.h"

namespace {

const char* kSource = R"(policy "luna" by artist "luna" {
  allow ai.train when purpose == "research" and units > 10
})";

const char* kRequest = R"({"use": "ai.train.generative", "work": {"id": "W1", "rightsholders": [{"party": "luna", "role": "artist"}]},
  "context": {"time": "2026-05-01T00:00:00Z", "purpose": "research", "units": 5}})";

std::vector<uint8_t> bundleBytes() {
  refrain::compiler::CompileResult r = refrain::testing::compileSource(kSource);
  BOOST_REQUIRE(r.ok);
  return r.bundle;
}

std::string decisionOf(const rf_bundle* b, const std::string& request) {
  rf_buffer out{nullptr, 0};
  int status = rf_decide(b, request.data(), request.size(), &out);
  BOOST_REQUIRE(status >= 0);
  std::string text(out.data, out.len);
  rf_buffer_free(&out);
  return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(version_is_the_project_version) {
  BOOST_TEST(std::string(rf_version()) == "1.0.0");
  BOOST_TEST(std::string(rf_version()) == REFRAIN_VERSION);
}

BOOST_AUTO_TEST_CASE(bundle_hash_is_the_sha256_of_the_contents) {
  std::vector<uint8_t> bytes = bundleBytes();
  rf_error err;
  rf_bundle* b = rf_bundle_load(bytes.data(), bytes.size(), &err);
  BOOST_REQUIRE(b);
  std::string hash = rf_bundle_hash(b);
  BOOST_TEST(hash.size() == 64u);
  BOOST_TEST(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  std::string error;
  auto engine = refrain::runtime::Engine::load(bytes.data(), bytes.size(), &error);
  BOOST_TEST(hash == engine->hash());
  BOOST_TEST(rf_bundle_hash(nullptr) == nullptr);
  rf_bundle_free(b);
}

BOOST_AUTO_TEST_CASE(null_arguments_answer_minus_one_and_leave_the_buffer_empty) {
  std::vector<uint8_t> bytes = bundleBytes();
  rf_bundle* b = rf_bundle_load(bytes.data(), bytes.size(), nullptr);
  BOOST_REQUIRE(b);
  rf_buffer out{reinterpret_cast<char*>(1), 7};
  BOOST_TEST(rf_decide(b, nullptr, 0, &out) == -1);
  BOOST_TEST(out.data == nullptr);
  BOOST_TEST(out.len == 0u);
  BOOST_TEST(rf_decide(nullptr, "{}", 2, &out) == -1);
  BOOST_TEST(rf_decide(b, "{}", 2, nullptr) == -1);
  rf_buffer explained{reinterpret_cast<char*>(1), 7};
  BOOST_TEST(rf_explain(b, nullptr, 0, &explained) == -1);
  BOOST_TEST(explained.data == nullptr);
  rf_error err;
  BOOST_TEST(rf_bundle_load(nullptr, 5, &err) == nullptr);
  BOOST_TEST(std::string(err.message) == "no bundle bytes");
  rf_bundle_free(b);
}

BOOST_AUTO_TEST_CASE(limits_are_fixed_at_load) {
  std::vector<uint8_t> bytes = bundleBytes();
  rf_limits tight{64, 0, 0};
  rf_error err;
  rf_bundle* small = rf_bundle_load_with_limits(bytes.data(), bytes.size(), &tight, &err);
  BOOST_REQUIRE(small);
  rf_bundle* usual = rf_bundle_load_with_limits(bytes.data(), bytes.size(), nullptr, &err);
  BOOST_REQUIRE(usual);
  std::string request = kRequest;
  BOOST_TEST(decisionOf(small, request).find("\"code\": \"request_too_large\"") != std::string::npos);
  BOOST_TEST(decisionOf(small, request).find("request is larger than 64 bytes") != std::string::npos);
  BOOST_TEST(decisionOf(usual, request).find("request_too_large") == std::string::npos);

  rf_limits deep{0, 1, 0};
  rf_bundle* flat = rf_bundle_load_with_limits(bytes.data(), bytes.size(), &deep, &err);
  BOOST_REQUIRE(flat);
  BOOST_TEST(decisionOf(flat, request).find("request nests deeper than 1 levels") != std::string::npos);

  rf_limits huge{0, 0, 5000};
  BOOST_TEST(rf_bundle_load_with_limits(bytes.data(), bytes.size(), &huge, &err) == nullptr);
  BOOST_TEST(std::string(err.message) == "the rights holder limit must be from 1 to 4096, not 5000");
  rf_limits tooDeep{0, 100000, 0};
  BOOST_TEST(rf_bundle_load_with_limits(bytes.data(), bytes.size(), &tooDeep, &err) == nullptr);
  BOOST_TEST(std::string(err.message) == "the request nesting limit must be from 1 to 1024, not 1025");
  rf_bundle_free(small);
  rf_bundle_free(usual);
  rf_bundle_free(flat);
}

BOOST_AUTO_TEST_CASE(explain_gives_the_decision_and_each_condition_with_its_values) {
  std::vector<uint8_t> bytes = bundleBytes();
  rf_bundle* b = rf_bundle_load(bytes.data(), bytes.size(), nullptr);
  BOOST_REQUIRE(b);
  std::string request = kRequest;
  rf_buffer out{nullptr, 0};
  BOOST_TEST(rf_explain(b, request.data(), request.size(), &out) == 0);
  std::string text(out.data, out.len);
  rf_buffer_free(&out);
  std::string decision = decisionOf(b, request);
  std::string expected =
      R"({"decision":{"decision":"deny","use":"ai.train.generative","work":"W1","reasons":[{"party":"luna","policy":"luna","verdict":"silent"}],"duties":[],"payments":[],"errors":[]},)"
      R"("scopes":[],"rules":[{"party":"luna","policy":"luna","rule":"test.refrain:2","effect":"allow","uses":["ai.train"],"except":[],"decides":false,"outcome":"false",)"
      R"("when":{"kind":"and","text":"purpose == \"research\" and units > 10","value":"false","sides":[)"
      R"({"kind":"condition","text":"purpose == \"research\"","value":"true","operands":[{"text":"purpose","value":"\"research\""}]},)"
      R"({"kind":"condition","text":"units > 10","value":"false","operands":[{"text":"units","value":"5"}]}]}}]})";
  BOOST_TEST(text == expected);
  rf_bundle_free(b);
}

BOOST_AUTO_TEST_CASE(compile_fails_cleanly_and_leaves_nothing_to_free) {
  rf_buffer bundle{reinterpret_cast<char*>(1), 3}, diagnostics{reinterpret_cast<char*>(1), 3};
  const char* notJson = "{";
  BOOST_TEST(rf_compile(notJson, 1, &bundle, &diagnostics) == -1);
  BOOST_TEST(bundle.data == nullptr);
  BOOST_TEST(diagnostics.data == nullptr);
  BOOST_TEST(rf_compile(nullptr, 0, &bundle, &diagnostics) == -1);
}
