// SHA-256 written from FIPS 180-4 §4.1.2, §4.2.2, §5.1.1 and §6.2: one-shot digest, no allocation.
#include "runtime/sha256.h"

namespace refrain::runtime {
namespace {

constexpr size_t kBlockSize = 64;   // 512-bit message blocks
constexpr size_t kLengthSize = 8;   // the message length in bits, big-endian, ends the padding

// §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
constexpr uint32_t kInitialHash[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
uint32_t bigSigma0(uint32_t x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
uint32_t bigSigma1(uint32_t x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
uint32_t smallSigma0(uint32_t x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
uint32_t smallSigma1(uint32_t x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }
uint32_t choose(uint32_t x, uint32_t y, uint32_t z) { return z ^ (x & (y ^ z)); }
uint32_t majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | (z & (x | y)); }

uint32_t loadBigEndian(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

// One round of §6.2.2 step 3. The eight working variables rotate by one
// position per round; naming them in rotated order instead of moving values
// lets eight unrolled rounds keep everything in registers.
inline void round(uint32_t a, uint32_t b, uint32_t c, uint32_t& d, uint32_t e, uint32_t f, uint32_t g,
                  uint32_t& h, uint32_t k, uint32_t w) {
  uint32_t t1 = h + bigSigma1(e) + choose(e, f, g) + k + w;
  uint32_t t2 = bigSigma0(a) + majority(a, b, c);
  d += t1;
  h = t1 + t2;
}

// §6.2.2: folds one 64-byte block into the hash state.
void compress(uint32_t state[8], const uint8_t* block) {
  uint32_t w[64];
  for (int t = 0; t < 16; ++t) w[t] = loadBigEndian(block + 4 * t);
  for (int t = 16; t < 64; ++t) w[t] = smallSigma1(w[t - 2]) + w[t - 7] + smallSigma0(w[t - 15]) + w[t - 16];
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; t += 8) {
    round(a, b, c, d, e, f, g, h, kRoundConstants[t], w[t]);
    round(h, a, b, c, d, e, f, g, kRoundConstants[t + 1], w[t + 1]);
    round(g, h, a, b, c, d, e, f, kRoundConstants[t + 2], w[t + 2]);
    round(f, g, h, a, b, c, d, e, kRoundConstants[t + 3], w[t + 3]);
    round(e, f, g, h, a, b, c, d, kRoundConstants[t + 4], w[t + 4]);
    round(d, e, f, g, h, a, b, c, kRoundConstants[t + 5], w[t + 5]);
    round(c, d, e, f, g, h, a, b, kRoundConstants[t + 6], w[t + 6]);
    round(b, c, d, e, f, g, h, a, kRoundConstants[t + 7], w[t + 7]);
  }
  state[0] += a, state[1] += b, state[2] += c, state[3] += d;
  state[4] += e, state[5] += f, state[6] += g, state[7] += h;
}

}  // namespace

std::array<uint8_t, kSha256Size> sha256(const uint8_t* data, size_t len) {
  uint32_t state[8];
  for (int i = 0; i < 8; ++i) state[i] = kInitialHash[i];
  size_t offset = 0;
  for (; len - offset >= kBlockSize; offset += kBlockSize) compress(state, data + offset);

  // §5.1.1: the tail, a 1 bit, zeros, and the 64-bit bit length fill one or two blocks.
  uint8_t tail[2 * kBlockSize] = {};
  const size_t rest = len - offset;
  for (size_t i = 0; i < rest; ++i) tail[i] = data[offset + i];
  tail[rest] = 0x80;
  const size_t tailSize = rest + 1 + kLengthSize <= kBlockSize ? kBlockSize : 2 * kBlockSize;
  const uint64_t bits = static_cast<uint64_t>(len) * 8;
  for (size_t i = 0; i < kLengthSize; ++i) {
    tail[tailSize - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  }
  for (size_t block = 0; block < tailSize; block += kBlockSize) compress(state, tail + block);

  std::array<uint8_t, kSha256Size> digest;
  for (size_t i = 0; i < kSha256Size; ++i) {
    digest[i] = static_cast<uint8_t>(state[i / 4] >> (24 - 8 * (i % 4)));
  }
  return digest;
}

std::string toHex(const uint8_t* data, size_t len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * len);
  for (size_t i = 0; i < len; ++i) {
    hex += kDigits[data[i] >> 4];
    hex += kDigits[data[i] & 0x0f];
  }
  return hex;
}

}  // namespace refrain::runtime
