// Unit tests for the runtime's faces: the worked example of docs/language.md §10, request errors,
// limits, the C API, sharing.
#define BOOST_TEST_MODULE engine
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <thread>

#include "refrain/refrain.h"
#include "tests/unit/test_support.h"

namespace rt = refrain::runtime;
using refrain::testing::engineOf;

namespace {

const char* kNorthwind = R"(# Northwind Records: terms for AI use of its masters.
policy "northwind-ai" by label "northwind" {
  effective 2026-01-01

  allow ai.train.generative
    when requester.verified and purpose == "commercial"
         and territory in [US, CA, GB] + EU
    pay max(1000.00 USD, 0.0025 USD * units)
    split label 50%, artist 50%
    duty attribution "Includes recordings licensed from Northwind Records"

  allow ai.produce.master when requester.id == "northwind"

  deny ai.generate.voice
}
)";

const char* kLuna = R"(
# Luna Ray opts in to generative training, never to voice clones.
policy "luna-ray" by artist "luna-ray" {
  effective 2026-03-01

  allow ai.train.generative
    when purpose in ["commercial", "research"]
    pay 5% * revenue
    duty attribution "Trained with music by Luna Ray"

  deny ai except ai.train, ai.produce
}
)";

const char* kRequest = R"({
  "use": "ai.train.generative",
  "requester": {"id": "acme-ai", "kind": "company", "verified": true},
  "work": {
    "id": "USNW12500001",
    "title": "Low Tide",
    "rightsholders": [
      {"party": "luna-ray", "role": "artist"},
      {"party": "northwind", "role": "label"}
    ]
  },
  "context": {
    "purpose": "commercial", "territory": "US",
    "time": "2026-05-01T00:00:00Z",
    "units": 120000, "revenue": "50000.00 USD"
  }
})";

std::unique_ptr<rt::Engine> engineFor(std::vector<refrain::policy::SourceFile> sources) {
  refrain::compiler::CompileInput input;
  input.sources = std::move(sources);
  auto r = refrain::compiler::compile(std::move(input));
  BOOST_REQUIRE(r.ok);
  std::string error;
  auto engine = rt::Engine::load(r.bundle.data(), r.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(engine, error);
  return engine;
}

std::unique_ptr<rt::Engine> contractEngine() {
  return engineFor({{"luna-ray.refrain", kLuna}, {"northwind.refrain", kNorthwind}});
}

std::string errorCode(const rt::Engine& e, const std::string& request) {
  rt::Decision d = e.decide(request);
  BOOST_TEST(!d.allow);
  return d.errors.empty() ? std::string("none") : d.errors[0].code;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_contracts_worked_example_pays_exactly) {
  rt::Decision d = contractEngine()->decide(kRequest);
  BOOST_TEST(d.allow);
  BOOST_REQUIRE_EQUAL(d.reasons.size(), 2u);
  BOOST_TEST(d.reasons[0].party == "luna-ray");
  BOOST_TEST(d.reasons[0].rule == "luna-ray.refrain:6");
  BOOST_TEST(d.reasons[1].party == "northwind");
  BOOST_TEST(d.reasons[1].rule == "northwind.refrain:5");
  BOOST_REQUIRE_EQUAL(d.payments.size(), 1u);
  const rt::CurrencyPayment& usd = d.payments[0];
  BOOST_TEST(usd.currency == "USD");
  BOOST_TEST(usd.total == 3500000000);
  BOOST_REQUIRE_EQUAL(usd.payees.size(), 2u);
  BOOST_TEST(usd.payees[0].party == "luna-ray");
  BOOST_TEST(usd.payees[0].micros == 3000000000);
  BOOST_TEST(usd.payees[1].micros == 500000000);
  BOOST_REQUIRE_EQUAL(usd.terms.size(), 2u);
  BOOST_TEST(usd.terms[0].micros == 2500000000);
  BOOST_TEST(usd.terms[1].micros == 1000000000);
  BOOST_TEST(d.duties.size() == 2u);
}

// The writer copies the bundle's names unchecked only when the load found
// them plain; a file name with a quote and a backslash must still be escaped.
BOOST_AUTO_TEST_CASE(names_that_need_escaping_are_escaped) {
  auto engine = engineFor({{"odd\"dir\\luna.refrain", kLuna}, {"northwind.refrain", kNorthwind}});
  rt::DecideScratch scratch;
  std::string viewJson = engine->decideJson(kRequest, scratch);
  std::string ownedJson;
  rt::writeDecisionJson(engine->decide(kRequest), &ownedJson);  // through viewOf(): every string checked
  BOOST_TEST(viewJson == ownedJson);
  BOOST_TEST(viewJson.find(R"("rule": "odd\"dir\\luna.refrain:6")") != std::string::npos);
  std::string plainJson;
  rt::writeDecisionJson(contractEngine()->decide(kRequest), &plainJson);
  BOOST_TEST(contractEngine()->decideJson(kRequest, scratch) == plainJson);
  // A holder's party comes from the request: checked per decision.
  std::string oddHolder = kRequest;
  const std::string label = R"({"party": "northwind", "role": "label"})";
  oddHolder.replace(oddHolder.find(label), label.size(), R"({"party": "north\"wind\\", "role": "label"})");
  std::string oddOwned;
  rt::writeDecisionJson(contractEngine()->decide(oddHolder), &oddOwned);
  std::string oddView = contractEngine()->decideJson(oddHolder, scratch);
  BOOST_TEST(oddView == oddOwned);
  BOOST_TEST(oddView.find(R"("party": "north\"wind\\")") != std::string::npos);
  // A request that cannot be judged names its use as written, right after one that could be.
  std::string oddUse = kRequest;
  const std::string use = R"("use": "ai.train.generative")";
  oddUse.replace(oddUse.find(use), use.size(), R"("use": "ai.\"odd\"")");
  BOOST_TEST(contractEngine()->decideJson(kRequest, scratch) == plainJson);
  std::string oddUseOwned;
  rt::writeDecisionJson(contractEngine()->decide(oddUse), &oddUseOwned);
  std::string oddUseView = contractEngine()->decideJson(oddUse, scratch);
  BOOST_TEST(oddUseView == oddUseOwned);
  BOOST_TEST(oddUseView.find(R"("use": "ai.\"odd\"")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(requests_that_cannot_be_judged_are_named_denies) {
  auto e = contractEngine();
  BOOST_TEST(errorCode(*e, "{not json") == "invalid_json");
  BOOST_TEST(errorCode(*e, "[]") == "invalid_request");
  BOOST_TEST(errorCode(*e, R"({"work": {"id": "w"}, "context": {"time": "2026-01-01"}})") == "missing_use");
  BOOST_TEST(errorCode(*e, R"({"use": "ai.sing", "work": {"id": "w"}, "context": {"time": "2026-01-01"}})") == "unknown_use");
  BOOST_TEST(errorCode(*e, R"({"use": "ai", "context": {"time": "2026-01-01"}})") == "missing_work");
  BOOST_TEST(errorCode(*e, R"({"use": "ai", "work": {"id": "w"}, "context": {}})") == "missing_time");
  BOOST_TEST(errorCode(*e, R"({"use": "ai", "work": {"id": "w"}, "context": {"time": "2026-01-01"}})") == "no_rightsholders");
}

BOOST_AUTO_TEST_CASE(hostile_requests_hit_limits) {
  auto e = contractEngine();
  std::string deep = std::string(100, '[') + std::string(100, ']');
  BOOST_TEST(errorCode(*e, deep) == "request_too_deep");
  std::string big = "{\"use\": \"" + std::string(2 << 20, 'a') + "\"}";
  BOOST_TEST(errorCode(*e, big) == "request_too_large");
}

BOOST_AUTO_TEST_CASE(a_missing_field_fails_closed_and_names_the_rule) {
  std::string request = kRequest;
  const std::string revenue = ", \"revenue\": \"50000.00 USD\"";
  request.replace(request.find(revenue), revenue.size(), "");
  rt::Decision d = contractEngine()->decide(request);
  BOOST_TEST(!d.allow);
  BOOST_REQUIRE_EQUAL(d.errors.size(), 1u);
  BOOST_TEST(d.errors[0].code == "missing_field");
  BOOST_TEST(d.errors[0].message == "request has no `context.revenue`");
  BOOST_TEST(d.errors[0].policy == "luna-ray");
  BOOST_TEST(d.errors[0].rule == "luna-ray.refrain:6");
  BOOST_TEST(d.payments.empty());
}

BOOST_AUTO_TEST_CASE(catalog_rights_holders_override_the_request) {
  auto e = engineOf("policy \"l\" by artist \"luna\" {\n  allow ai\n}\n",
                    R"({"id": "W1", "rightsholders": [{"party": "luna", "role": "artist"}, {"party": "nw", "role": "label"}]})");
  BOOST_REQUIRE(e);
  rt::Decision d = e->decide(R"({"use": "ai.train", "work": {"id": "W1", "rightsholders": [{"party": "luna", "role": "artist"}]}, "context": {"time": "2026-01-01"}})");
  BOOST_TEST(!d.allow);
  BOOST_REQUIRE_EQUAL(d.reasons.size(), 2u);
  BOOST_TEST(d.reasons[1].party == "nw");
  BOOST_TEST(d.reasons[1].verdict == "silent");
}

// Parties, payees and reasons are sorted by id; past a few dozen entries the
// runtime sorts them another way than a short list, so 41 of each, given in
// descending order.
BOOST_AUTO_TEST_CASE(long_lists_of_parties_and_payees_come_out_in_id_order) {
  refrain::compiler::CompileInput input;
  input.sources = {{"northwind.refrain", kNorthwind}};
  std::string holders;
  for (int i = 40; i >= 1; --i) {
    std::string id = std::string("artist-") + (i < 10 ? "0" : "") + std::to_string(i);
    input.sources.push_back({id + ".refrain", "policy \"" + id + "\" by artist \"" + id + "\" {\n  allow ai\n}\n"});
    holders += "{\"party\": \"" + id + "\", \"role\": \"artist\"}, ";
  }
  auto r = refrain::compiler::compile(std::move(input));
  BOOST_REQUIRE(r.ok);
  std::string error;
  auto engine = rt::Engine::load(r.bundle.data(), r.bundle.size(), &error);
  BOOST_REQUIRE_MESSAGE(engine, error);
  std::string request = R"({"use": "ai.train.generative", "requester": {"id": "acme-ai", "verified": true},
    "work": {"id": "W1", "rightsholders": [)" + holders + R"({"party": "northwind", "role": "label"}]},
    "context": {"purpose": "commercial", "territory": "US", "time": "2026-05-01T00:00:00Z", "units": 120000}})";
  rt::Decision d = engine->decide(request);
  BOOST_REQUIRE(d.allow);
  BOOST_REQUIRE_EQUAL(d.reasons.size(), 41u);
  BOOST_TEST(d.reasons.front().party == "artist-01");
  BOOST_TEST(d.reasons.back().party == "northwind");
  BOOST_TEST(std::is_sorted(d.reasons.begin(), d.reasons.end(), [](const auto& a, const auto& b) { return a.party < b.party; }));
  BOOST_REQUIRE_EQUAL(d.payments.size(), 1u);
  const auto& payees = d.payments[0].payees;
  BOOST_REQUIRE_EQUAL(payees.size(), 41u);
  BOOST_TEST(std::is_sorted(payees.begin(), payees.end(), [](const auto& a, const auto& b) { return a.party < b.party; }));
  // max(1000.00 USD, 0.0025 USD * 120000): half to the label, half shared by 40 artists.
  BOOST_TEST(d.payments[0].total == 1'000'000'000);
  BOOST_TEST(payees.back().party == "northwind");
  BOOST_TEST(payees.back().micros == 500'000'000);
  BOOST_TEST(payees.front().micros == 12'500'000);
}

BOOST_AUTO_TEST_CASE(the_c_api_decides_and_reports) {
  refrain::compiler::CompileInput input;
  input.sources = {{"luna-ray.refrain", kLuna}, {"northwind.refrain", kNorthwind}};
  auto r = refrain::compiler::compile(std::move(input));
  BOOST_REQUIRE(r.ok);
  rf_error err;
  rf_bundle* b = rf_bundle_load(r.bundle.data(), r.bundle.size(), &err);
  BOOST_REQUIRE_MESSAGE(b, err.message);
  rf_buffer out{nullptr, 0};
  BOOST_REQUIRE(rf_decide(b, kRequest, std::strlen(kRequest), &out) == 1);  // `out` is read only after a call that worked
  std::string json(out.data, out.len);
  BOOST_TEST(json.rfind("{\n  \"decision\": \"allow\",\n  \"use\": \"ai.train.generative\",", 0) == 0);
  rf_buffer_free(&out);
  BOOST_TEST(out.data == nullptr);
  BOOST_REQUIRE(rf_decide(b, "{", 1, &out) == 0);
  BOOST_TEST(std::string(out.data, out.len).find("\"code\": \"invalid_json\"") != std::string::npos);
  rf_buffer_free(&out);
  BOOST_TEST(rf_decide(nullptr, "{", 1, &out) == -1);

  // The text kept in the scratch is rf_decide's, byte for byte, and is replaced by the next decision.
  rf_scratch* scratch = rf_scratch_new();
  const char* text = nullptr;
  size_t length = 0;
  BOOST_REQUIRE(scratch);
  BOOST_REQUIRE(rf_decide_in_scratch(b, scratch, kRequest, std::strlen(kRequest), &text, &length) == 1);
  BOOST_TEST(std::string(text, length) == json);
  BOOST_TEST(text[length] == '\0');
  BOOST_REQUIRE(rf_decide_in_scratch(b, scratch, "{", 1, &text, &length) == 0);
  BOOST_TEST(std::string(text, length).find("\"code\": \"invalid_json\"") != std::string::npos);
  BOOST_TEST(rf_decide_in_scratch(b, scratch, "{", 1, nullptr, &length) == -1);
  BOOST_TEST(rf_decide_in_scratch(b, nullptr, "{", 1, &text, &length) == -1);
  rf_scratch_free(scratch);
  rf_bundle_free(b);
  uint8_t junk[8] = {1, 2, 3};
  BOOST_TEST(rf_bundle_load(junk, sizeof junk, &err) == nullptr);
  BOOST_TEST(std::string(err.message) == "bundle is truncated: 8 bytes, less than its 40-byte header");
}

BOOST_AUTO_TEST_CASE(one_engine_serves_many_threads_with_identical_answers) {
  auto e = contractEngine();
  rt::DecideScratch scratch;
  const std::string expected = e->decideJson(kRequest, scratch);
  // Checked on its own, so the threads repeat the contract's allow, not any one answer.
  BOOST_REQUIRE(expected.find("\"decision\": \"allow\"") != std::string::npos);
  BOOST_REQUIRE(expected.find("\"amount\": \"3000.000000\"") != std::string::npos);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      rt::DecideScratch own;
      for (int i = 0; i < 2000; ++i) mismatches[t] += e->decideJson(kRequest, own) != expected;
    });
  for (std::thread& t : threads) t.join();
  for (int m : mismatches) BOOST_TEST(m == 0);
}
