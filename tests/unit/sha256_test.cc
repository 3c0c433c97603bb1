// Unit tests for runtime/sha256.h against the FIPS 180-2 / NIST example vectors.
#define BOOST_TEST_MODULE sha256
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/sha256.h"

namespace rt = refrain::runtime;

namespace {

std::string hexDigest(std::string_view text) {
  const auto digest = rt::sha256(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  return rt::toHex(digest.data(), digest.size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(empty_input) {
  BOOST_TEST(hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const auto digest = rt::sha256(nullptr, 0);
  BOOST_TEST(rt::toHex(digest.data(), digest.size()) == hexDigest(""));
}

BOOST_AUTO_TEST_CASE(abc) {
  BOOST_TEST(hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(nist_448_bit_message) {
  // 56 bytes: the length no longer fits in the first padded block, so padding takes two.
  BOOST_TEST(hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(nist_896_bit_message) {
  BOOST_TEST(hexDigest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

BOOST_AUTO_TEST_CASE(one_million_a) {
  const std::string million(1'000'000, 'a');
  BOOST_TEST(hexDigest(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(padding_block_boundaries) {
  // Lengths 55 to 65 straddle the one-or-two padding block boundary (digests from coreutils sha256sum).
  const std::pair<size_t, const char*> cases[] = {
      {55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
      {56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
      {63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
      {64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
      {65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"},
  };
  for (const auto& [len, hex] : cases) BOOST_TEST(hexDigest(std::string(len, 'x')) == hex, "length " << len);
}

BOOST_AUTO_TEST_CASE(to_hex) {
  const uint8_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  BOOST_TEST(rt::toHex(bytes, sizeof bytes) == "00017f80abff");
  BOOST_TEST(rt::toHex(nullptr, 0) == "");
}
