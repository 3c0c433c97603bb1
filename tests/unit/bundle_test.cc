// Unit tests for the bundle: reproducible bytes, and a loader that refuses every damaged byte.
#define BOOST_TEST_MODULE bundle
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "runtime/bundle_layout.h"
#include "runtime/engine.h"
#include "tests/unit/test_support.h"

namespace rt = refrain::runtime;
using refrain::testing::compileSource;

std::vector<uint8_t> rewrite(const rt::Bundle& b);

namespace {

const char* kSource = R"(
region NORDICS = [DK, FI, IS, NO, SE]
policy "label" by label "northwind" {
  effective 2026-01-01
  allow ai.train.generative
    when requester.verified and territory in [US] + NORDICS and requester.id matches "^acme"
    pay max(1000.00 USD, 0.0025 USD * units)
    split label 50%, artist 50%
    duty attribution "Trained on {work.title}"
  deny ai.generate.voice
}
)";

const char* kCatalog = R"({"id": "W1", "title": "Low Tide", "rightsholders": [{"party": "northwind", "role": "label"}, {"party": "luna", "role": "artist"}]})";

std::vector<uint8_t> bundleBytes() {
  auto r = compileSource(kSource, kCatalog);
  BOOST_REQUIRE(r.ok);
  return r.bundle;
}

std::string loadError(const std::vector<uint8_t>& bytes) {
  std::string error;
  auto engine = rt::Engine::load(bytes.data(), bytes.size(), &error);
  return engine ? std::string() : error;
}

}  // namespace

BOOST_AUTO_TEST_CASE(same_inputs_give_the_same_bytes) {
  BOOST_TEST(bundleBytes() == bundleBytes());
}

BOOST_AUTO_TEST_CASE(a_bundle_loads_and_keeps_its_contents) {
  auto bytes = bundleBytes();
  std::string error;
  auto engine = rt::Engine::load(bytes.data(), bytes.size(), &error);
  BOOST_REQUIRE_MESSAGE(engine, error);
  const rt::Bundle& b = engine->bundle();
  BOOST_REQUIRE_EQUAL(b.policies.size(), 1u);
  BOOST_REQUIRE_EQUAL(b.policies[0].rules.size(), 2u);
  BOOST_TEST(b.policies[0].rules[0].line == 5u);
  BOOST_TEST(b.works.empty());  // the catalog stays encoded, read one work at a time
  BOOST_REQUIRE_EQUAL(engine->workCount(), 1u);
  BOOST_TEST(engine->work(0).title == "Low Tide");
  BOOST_TEST(b.patterns.size() == 1u);
  BOOST_TEST(engine->hash().size() == 64u);
}

BOOST_AUTO_TEST_CASE(every_truncation_is_refused) {
  auto bytes = bundleBytes();
  for (size_t len = 0; len < bytes.size(); ++len) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + len);
    BOOST_TEST_REQUIRE(!loadError(cut).empty(), "length " << len);
  }
  BOOST_TEST(loadError(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 10)) ==
             "bundle is truncated: 10 bytes, less than its 40-byte header");
}

BOOST_AUTO_TEST_CASE(every_single_byte_flip_is_refused_with_a_clear_message) {
  auto bytes = bundleBytes();
  // Where the flip lands decides the message: the magic, the version, or
  // (in the hash or the payload) the hash check.
  auto expected = [](const std::vector<uint8_t>& bad, size_t i) -> std::string {
    if (i < 4) return "not a refrain bundle: bad magic bytes";
    uint32_t version = bad[4] | bad[5] << 8 | bad[6] << 16 | static_cast<uint32_t>(bad[7]) << 24;
    const uint32_t current = rt::kBundleFormatVersion;
    if (i < 8 && version < current) return "unsupported bundle format version " + std::to_string(version);
    if (i < 8) return "bundle format version " + std::to_string(version) + " is newer than this runtime supports (" +
                      std::to_string(current) + "); update the runtime";
    return "bundle is corrupted: its content does not match its sha-256";
  };
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xFF}) {
      std::vector<uint8_t> bad = bytes;
      bad[i] ^= mask;
      BOOST_TEST_REQUIRE(loadError(bad) == expected(bad, i), "byte " << i << " mask " << int(mask));
    }
  }
}

BOOST_AUTO_TEST_CASE(damage_is_named) {
  auto bytes = bundleBytes();
  auto bad = bytes;
  bad[0] = 'X';
  BOOST_TEST(loadError(bad) == "not a refrain bundle: bad magic bytes");
  bad = bytes;
  bad[bytes.size() - 1] ^= 1;
  BOOST_TEST(loadError(bad) == "bundle is corrupted: its content does not match its sha-256");
}

BOOST_AUTO_TEST_CASE(a_newer_format_is_refused_with_a_message_that_says_so) {
  auto bytes = bundleBytes();
  bytes[4] = 5;
  BOOST_TEST(loadError(bytes) == "bundle format version 5 is newer than this runtime supports (4); update the runtime");
}

BOOST_AUTO_TEST_CASE(a_hostile_bundle_with_a_valid_hash_is_still_verified) {
  // Re-hash after breaking a jump target: only the verifier can catch it.
  auto r = compileSource(kSource, kCatalog);
  BOOST_REQUIRE(r.ok);
  std::string error;
  auto engine = rt::Engine::load(r.bundle.data(), r.bundle.size(), &error);
  BOOST_REQUIRE(engine);
  rt::Bundle b = engine->bundle();
  for (rt::Instr& in : b.code)
    if (in.op == rt::Op::kJumpIfFalse) in.a = 1000;
  std::vector<uint8_t> hostile = rewrite(b);
  BOOST_TEST(loadError(hostile) == "bundle is invalid: a jump leaves its block or goes backwards");
  b = engine->bundle();
  b.policies[0].rules[0].when = 99;
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: a rule refers to a missing code block");
  b = engine->bundle();
  b.code[b.blocks[0].start].a = 500;
  BOOST_TEST(loadError(rewrite(b)).rfind("bundle is invalid: instruction refers to a missing", 0) == 0);
  b = engine->bundle();
  b.blocks[0].maxStack = 0;
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: a code block needs more stack than it declares");
  b = engine->bundle();
  b.uses.back().name = b.uses[1].name;  // requests name uses: two of one name would make one a guess
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: use `" + b.uses[1].name + "` appears twice");
}

BOOST_AUTO_TEST_CASE(hostile_explanation_probes_are_refused) {
  auto r = compileSource(kSource, kCatalog);
  BOOST_REQUIRE(r.ok);
  std::string error;
  auto engine = rt::Engine::load(r.bundle.data(), r.bundle.size(), &error);
  BOOST_REQUIRE(engine);
  const rt::Bundle original = engine->bundle();
  // `requester.verified and territory in ... and requester.id matches ...`: and(and(a, b), c).
  BOOST_REQUIRE(original.policies[0].rules[0].whenProbes.size() == 5u);
  rt::Bundle b = original;
  b.policies[0].rules[0].whenProbes.pop_back();
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: an explanation probe tree ends early");
  b = original;
  b.policies[0].rules[0].whenProbes.push_back(b.policies[0].rules[0].whenProbes.back());
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: an explanation probe tree has nodes after its end");
  b = original;
  b.policies[0].rules[0].whenProbes[2].block = 9999;
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: an explanation probe refers to a missing code block");
  b = original;
  b.policies[0].rules[0].whenProbes[0].kind = static_cast<rt::ProbeKind>(77);
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: an explanation probe has an unknown kind");
  b = original;
  b.policies[0].rules[0].whenProbes[0].block = 0;  // an `and` computes no value of its own
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: an explanation probe's code block does not fit its kind");
  b = original;
  b.policies[0].rules[0].whenProbes.clear();
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: a rule's `when` and its explanation disagree");
  // A chain of 65 `and`s nests one deeper than any expression may.
  b = original;
  std::vector<rt::ProbeDef> deep;
  rt::ProbeDef junction{rt::ProbeKind::kAnd, "and", rt::kNoCode, {}};
  rt::ProbeDef leaf = original.policies[0].rules[0].whenProbes[2];
  for (int i = 0; i < 65; ++i) {
    deep.push_back(junction);
    deep.push_back(leaf);
  }
  deep.push_back(leaf);
  b.policies[0].rules[0].whenProbes = deep;
  BOOST_TEST(loadError(rewrite(b)) == "bundle is invalid: an explanation probe tree nests too deeply");
}
