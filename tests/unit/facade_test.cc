// The C++ face's promises (include/refrain/refrain.hpp): the C API's answers byte for byte, load errors as exceptions, a scratch that serves any bundle.
#define BOOST_TEST_MODULE facade
#include <boost/test/unit_test.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "refrain/refrain.h"
#include "refrain/refrain.hpp"
#include "runtime/version.h"
#include "tests/unit/test_support.h"

namespace {

const char* kSource = R"(policy "luna" by artist "luna" {
  allow ai.train when purpose == "research" and units > 10
})";

const char* kOtherSource = R"(policy "luna" by artist "luna" {
  allow ai.train
  deny ai.generate
})";

std::string request(const std::string& use, int units) {
  return R"({"use": ")" + use + R"(", "work": {"id": "W1", "rightsholders": [{"party": "luna", "role": "artist"}]},
  "context": {"time": "2026-05-01T00:00:00Z", "purpose": "research", "units": )" +
         std::to_string(units) + "}}";
}

std::vector<uint8_t> bundleBytes(const char* source) {
  refrain::compiler::CompileResult r = refrain::testing::compileSource(source);
  BOOST_REQUIRE(r.ok);
  return r.bundle;
}

// What the C API answers, for comparison.
std::pair<int, std::string> cDecision(const std::vector<uint8_t>& bytes, const std::string& req, bool explain) {
  rf_bundle* b = rf_bundle_load(bytes.data(), bytes.size(), nullptr);
  BOOST_REQUIRE(b);
  rf_buffer out{nullptr, 0};
  int status = explain ? rf_explain(b, req.data(), req.size(), &out) : rf_decide(b, req.data(), req.size(), &out);
  std::string text(out.data, out.len);
  rf_buffer_free(&out);
  rf_bundle_free(b);
  return {status, text};
}

}  // namespace

BOOST_AUTO_TEST_CASE(decisions_and_explanations_are_the_c_apis_bytes) {
  std::vector<uint8_t> bytes = bundleBytes(kSource);
  refrain::Bundle bundle = refrain::Bundle::load(bytes.data(), bytes.size());
  refrain::Scratch scratch;
  for (const std::string& req : {request("ai.train.generative", 50), request("ai.train.generative", 5),
                                 request("ai.generate.voice", 50), std::string("not json")}) {
    auto [status, text] = cDecision(bytes, req, false);
    refrain::Decision d = bundle.decide(req);
    BOOST_TEST(d.allowed == (status == 1));
    BOOST_TEST(d.json == text);
    refrain::Decision withScratch = bundle.decide(req, scratch);
    BOOST_TEST(withScratch.allowed == d.allowed);
    BOOST_TEST(withScratch.json == text);
    refrain::DecisionView view = bundle.decideView(req, scratch);
    BOOST_TEST(view.allowed == d.allowed);
    BOOST_TEST(std::string(view.json) == text);
    auto [explainStatus, explanation] = cDecision(bytes, req, true);
    refrain::Explanation e = bundle.explain(req);
    BOOST_TEST(e.allowed == (explainStatus == 1));
    BOOST_TEST(e.json == explanation);
  }
  BOOST_TEST(bundle.decide(request("ai.train.generative", 50)).allowed);
  BOOST_TEST(!bundle.decide(request("ai.train.generative", 5)).allowed);
}

BOOST_AUTO_TEST_CASE(an_empty_request_is_a_deny_not_a_failure) {
  std::vector<uint8_t> bytes = bundleBytes(kSource);
  refrain::Bundle bundle = refrain::Bundle::load(bytes.data(), bytes.size());
  refrain::Scratch scratch;
  refrain::Decision d = bundle.decide(std::string_view());
  BOOST_TEST(!d.allowed);
  BOOST_TEST(d.json.find("\"errors\"") != std::string::npos);
  BOOST_TEST(bundle.decideView(std::string_view(), scratch).json == d.json);
}

BOOST_AUTO_TEST_CASE(one_scratch_serves_bundles_in_turn) {
  std::vector<uint8_t> first = bundleBytes(kSource), second = bundleBytes(kOtherSource);
  auto a = std::make_shared<const refrain::Bundle>(refrain::Bundle::load(first.data(), first.size()));
  auto b = std::make_shared<const refrain::Bundle>(refrain::Bundle::load(second.data(), second.size()));
  BOOST_TEST(a->hash() != b->hash());
  refrain::Scratch scratch;
  for (int round = 0; round < 3; ++round) {
    for (const std::string& req : {request("ai.train.generative", 5), request("ai.generate.voice", 5)}) {
      BOOST_TEST(a->decide(req, scratch).json == a->decide(req).json);
      BOOST_TEST(b->decide(req, scratch).json == b->decide(req).json);
    }
  }
  BOOST_TEST(!a->decide(request("ai.train.generative", 5), scratch).allowed);
  BOOST_TEST(b->decide(request("ai.train.generative", 5), scratch).allowed);
}

BOOST_AUTO_TEST_CASE(a_refused_bundle_throws_the_runtimes_reason) {
  std::vector<uint8_t> bytes = bundleBytes(kSource);
  std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + bytes.size() / 2);
  rf_error err;
  BOOST_REQUIRE(rf_bundle_load(cut.data(), cut.size(), &err) == nullptr);
  try {
    refrain::Bundle::load(cut.data(), cut.size());
    BOOST_FAIL("a truncated bundle loaded");
  } catch (const refrain::LoadError& e) {
    BOOST_TEST(std::string(e.what()) == err.message);
  }
  refrain::Limits tooMany;
  tooMany.maxRightsHolders = 5000;
  try {
    refrain::Bundle::load(bytes.data(), bytes.size(), tooMany);
    BOOST_FAIL("a limit above its maximum was taken");
  } catch (const refrain::LoadError& e) {
    BOOST_TEST(std::string(e.what()) == "the rights holder limit must be from 1 to 4096, not 5000");
  }
}

BOOST_AUTO_TEST_CASE(limits_hash_and_version) {
  std::vector<uint8_t> bytes = bundleBytes(kSource);
  refrain::Limits tight;
  tight.maxRequestBytes = 64;
  refrain::Bundle small =
      refrain::Bundle::load(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), tight);
  BOOST_TEST(small.decide(request("ai.train.generative", 50)).json.find("request_too_large") != std::string::npos);

  std::string error;
  auto engine = refrain::runtime::Engine::load(bytes.data(), bytes.size(), &error);
  BOOST_TEST(std::string(small.hash()) == engine->hash());
  BOOST_TEST(refrain::version() == REFRAIN_VERSION);
}

BOOST_AUTO_TEST_CASE(a_moved_from_bundle_says_so) {
  std::vector<uint8_t> bytes = bundleBytes(kSource);
  refrain::Bundle bundle = refrain::Bundle::load(bytes.data(), bytes.size());
  refrain::Bundle taken = std::move(bundle);
  BOOST_TEST(taken.decide(request("ai.train.generative", 50)).allowed);
  BOOST_CHECK_THROW(bundle.decide(request("ai.train.generative", 50)), std::logic_error);  // NOLINT(bugprone-use-after-move)
}

BOOST_AUTO_TEST_CASE(describe_lists_policies_uses_and_works) {
  const char* source = R"(policy "luna" by artist "luna" {
  effective 2026-03-01
  expires 2027-01-01
  allow ai.train
  deny ai.generate
}
policy "label" by label "northwind" {
  allow ai
})";
  std::vector<uint8_t> bytes = bundleBytes(source);
  refrain::Bundle bundle = refrain::Bundle::load(bytes.data(), bytes.size());
  std::string uses = "\"ai\",\"ai.train\",\"ai.train.generative\",\"ai.train.analytic\",\"ai.generate\","
                     "\"ai.generate.voice\",\"ai.generate.style\",\"ai.generate.remix\",\"ai.produce\","
                     "\"ai.produce.stems\",\"ai.produce.master\",\"ai.engage\",\"ai.engage.personalize\",\"ai.engage.persona\"";
  BOOST_TEST(bundle.describe() ==
             "{\"format\":4,\"hash\":\"" + std::string(bundle.hash()) +
                 "\",\"policies\":["
                 "{\"name\":\"luna\",\"role\":\"artist\",\"party\":\"luna\",\"effective\":\"2026-03-01T00:00:00Z\","
                 "\"expires\":\"2027-01-01T00:00:00Z\",\"rules\":2},"
                 "{\"name\":\"label\",\"role\":\"label\",\"party\":\"northwind\",\"effective\":null,\"expires\":null,"
                 "\"rules\":1}],\"uses\":[" + uses + "],\"works\":0}");
  rf_buffer out{nullptr, 0};
  BOOST_TEST(rf_bundle_describe(nullptr, &out) == -1);
  BOOST_TEST(out.data == nullptr);
  BOOST_TEST(rf_bundle_describe(bundle.handle(), nullptr) == -1);
}
