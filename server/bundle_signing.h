// Signing bundles and checking their signatures with Ed25519 (libsodium):
// `refrain keygen`, `refrain build --sign` and `refrain serve --trust`
// (docs/server.md, "Signed bundles"; the envelope is runtime/signed_envelope.h).
//
// Key files are one line of text each:
//   NAME.pub  refrain-ed25519-public <base64 of the 32-byte public key>
//   NAME.key  refrain-ed25519-secret <base64 of the 64-byte secret key>   (mode 0600)
// A trust file may hold several public key lines (for rotating keys).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace refrain::server {

using PublicKey = std::array<uint8_t, 32>;
using SecretKey = std::array<uint8_t, 64>;

// Writes NAME.key and NAME.pub; refuses to overwrite either.
bool generateKeyPair(const std::string& name, std::string* error);
bool readSecretKey(const std::string& path, SecretKey* key, std::string* error);
// Every public key line of a trust file (at least one).
bool readPublicKeys(const std::string& path, std::vector<PublicKey>* keys, std::string* error);

// The bundle in a signed envelope.
std::string signBundle(std::string_view bundle, const SecretKey& key);

// Checks that `bytes` are a bundle signed by one of `trusted`. On failure
// `error` says which: unsigned, signed by an untrusted key, or a signature
// that does not match the bundle.
bool checkSignature(std::string_view bytes, const std::vector<PublicKey>& trusted, std::string* error);

std::string publicKeyText(const PublicKey& key);  // base64, as in .pub files

}  // namespace refrain::server
