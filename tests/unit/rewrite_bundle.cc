// Test helper: serialise a hand-edited Bundle, so tests can hand the verifier well-hashed hostile bytes.
#include "compiler/bundle_writer.h"

std::vector<uint8_t> rewrite(const refrain::runtime::Bundle& b) {
  return refrain::compiler::writeBundle(b);
}
