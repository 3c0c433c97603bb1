// Fuzz target: the bundle reader and verifier, then decisions on whatever they accept.
//
// A bundle carries the SHA-256 of its payload, so random bytes would almost
// all stop at the hash check. This target writes the right hash into the
// header before loading (when the input is long enough to have one), so the
// fuzzer's mutations reach the section decoder and the verifier; the magic
// and version bytes are still the fuzzer's. (The hash check itself is tested
// by every-byte flips in tests/unit/bundle_test.cc.)
//
// Invariants: loading never crashes and a refusal always has a message; a
// bundle the verifier accepts decides requests without crashing or
// undefined behaviour, and never allows with errors.
#include <cstring>

#include "runtime/bundle_layout.h"
#include "runtime/sha256.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace rf = refrain;
namespace rt = refrain::runtime;

std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') { out += '\\'; out += static_cast<char>(ch); }
    else if (ch < 0x20 || ch >= 0x80) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", ch); out += buf; }
    else out += static_cast<char>(ch);
  }
  return out + "\"";
}

// A request naming `use` and `work`, with every field of docs/language.md §7.1
// and the bundle's policy parties as inline rights holders (ignored when the
// catalog has the work).
std::string requestFor(const rt::Bundle& b, const std::string& use, const std::string& work) {
  std::string holders;
  for (size_t i = 0; i < b.policies.size() && i < 6; ++i) {
    const rt::PolicyDef& p = b.policies[i];
    if (!holders.empty()) holders += ", ";
    holders += "{\"party\": " + jsonString(p.party) + ", \"role\": " + jsonString(p.role) + "}";
  }
  return "{\"use\": " + jsonString(use) +
         ", \"requester\": {\"id\": \"acme-ai\", \"kind\": \"company\", \"verified\": true}"
         ", \"work\": {\"id\": " + jsonString(work) +
         ", \"title\": \"Low Tide\", \"genre\": \"pop\", \"tags\": [\"ambient\"], \"release_date\": \"2020-01-01\""
         ", \"rightsholders\": [" + holders + "]}"
         ", \"context\": {\"time\": \"2026-05-01T00:00:00Z\", \"purpose\": \"commercial\", \"territory\": \"US\""
         ", \"units\": 120000, \"revenue\": \"50000.00 USD\", \"model\": {\"name\": \"m\", \"open_weights\": true}}}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  if (bytes.size() >= rt::kHeaderSize) {
    auto digest = rt::sha256(bytes.data() + rt::kHeaderSize, bytes.size() - rt::kHeaderSize);
    std::memcpy(bytes.data() + 8, digest.data(), digest.size());
  }
  std::string error;
  auto engine = rt::Engine::load(bytes.data(), bytes.size(), &error);
  if (!engine) {
    if (error.empty()) rf::fuzz::die("a refused bundle has no message");
    return 0;
  }
  const rt::Bundle& b = engine->bundle();
  std::vector<std::string> uses;
  for (size_t i = 0; i < b.uses.size() && uses.size() < 3; i += 1 + b.uses.size() / 3) uses.push_back(b.uses[i].name);
  uses.push_back(b.uses.back().name);
  std::vector<std::string> works = {"no-such-work"};
  for (size_t i = 0; i < b.works.size() && works.size() < 3; ++i) works.push_back(b.works[i].id);
  rt::DecideScratch scratch;
  for (const std::string& use : uses)
    for (const std::string& work : works) {
      rt::Decision d = engine->decide(requestFor(b, use, work), scratch);
      std::string json;
      rt::writeDecisionJson(d, &json);
      if (d.allow && !d.errors.empty()) rf::fuzz::die("an allow with errors:\n" + json);
    }
  return 0;
}
