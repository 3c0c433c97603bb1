#include "server/bundle_signing.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/signed_envelope.h"

namespace refrain::server {

namespace {

constexpr std::string_view kPublicPrefix = "refrain-ed25519-public ";
constexpr std::string_view kSecretPrefix = "refrain-ed25519-secret ";

bool sodiumReady(std::string* error) {
  if (sodium_init() < 0) return *error = "libsodium could not start", false;
  return true;
}

std::string base64(const uint8_t* bytes, size_t len) {
  std::string out(sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, len, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool fromBase64(std::string_view text, uint8_t* out, size_t len) {
  size_t written = 0;
  const char* end = nullptr;
  return sodium_base642bin(out, len, text.data(), text.size(), nullptr, &written, &end,
                           sodium_base64_VARIANT_ORIGINAL) == 0 &&
         written == len && end == text.data() + text.size();
}

// The key lines of a file with `prefix`, blank lines and `#` comments skipped.
bool keyLines(const std::string& path, std::string_view prefix, std::vector<std::string>* lines, std::string* error) {
  std::ifstream in(path);
  if (!in) return *error = "cannot read " + path + ": " + std::strerror(errno), false;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line.compare(0, prefix.size(), prefix) != 0)
      return *error = path + ":" + std::to_string(number) + ": expected `" + std::string(prefix) + "<base64>`", false;
    lines->push_back(line.substr(prefix.size()));
  }
  if (lines->empty()) return *error = path + ": no key in it", false;
  return true;
}

bool writeNew(const std::string& path, const std::string& text, mode_t mode, std::string* error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return *error = "cannot create " + path + ": " + std::strerror(errno), false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  if (!ok) *error = "cannot write " + path + ": " + std::strerror(errno);
  close(fd);
  return ok;
}

std::string signedMessage(std::string_view bundle) {
  std::string message(runtime::kSignatureContext, sizeof runtime::kSignatureContext);  // the NUL included
  message.append(bundle);
  return message;
}

}  // namespace

std::string publicKeyText(const PublicKey& key) { return base64(key.data(), key.size()); }

bool generateKeyPair(const std::string& name, std::string* error) {
  if (!sodiumReady(error)) return false;
  PublicKey pk;
  SecretKey sk;
  crypto_sign_keypair(pk.data(), sk.data());
  std::string secret = std::string(kSecretPrefix) + base64(sk.data(), sk.size()) + "\n";
  sodium_memzero(sk.data(), sk.size());
  bool ok = writeNew(name + ".key", secret, 0600, error) &&
            writeNew(name + ".pub", std::string(kPublicPrefix) + publicKeyText(pk) + "\n", 0644, error);
  sodium_memzero(secret.data(), secret.size());
  return ok;
}

bool readSecretKey(const std::string& path, SecretKey* key, std::string* error) {
  std::vector<std::string> lines;
  if (!keyLines(path, kSecretPrefix, &lines, error)) return false;
  if (lines.size() != 1 || !fromBase64(lines[0], key->data(), key->size()))
    return *error = path + ": not one Ed25519 secret key (64 bytes, base64)", false;
  return true;
}

bool readPublicKeys(const std::string& path, std::vector<PublicKey>* keys, std::string* error) {
  std::vector<std::string> lines;
  if (!keyLines(path, kPublicPrefix, &lines, error)) return false;
  for (const std::string& line : lines) {
    PublicKey key;
    if (!fromBase64(line, key.data(), key.size()))
      return *error = path + ": `" + line + "` is not an Ed25519 public key (32 bytes, base64)", false;
    keys->push_back(key);
  }
  return true;
}

std::string signBundle(std::string_view bundle, const SecretKey& key) {
  std::string error;
  if (!sodiumReady(&error)) return {};
  std::string out(runtime::kSignedHeaderSize, '\0');
  std::memcpy(out.data(), runtime::kSignedMagic, 4);
  uint32_t version = runtime::kSignedEnvelopeVersion;
  for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<char>(version >> (8 * i));
  crypto_sign_ed25519_sk_to_pk(reinterpret_cast<uint8_t*>(out.data() + 8), key.data());
  std::string message = signedMessage(bundle);
  crypto_sign_detached(reinterpret_cast<uint8_t*>(out.data() + 40), nullptr,
                       reinterpret_cast<const uint8_t*>(message.data()), message.size(), key.data());
  out.append(bundle);
  return out;
}

bool checkSignature(std::string_view bytes, const std::vector<PublicKey>& trusted, std::string* error) {
  if (!sodiumReady(error)) return false;
  runtime::SignedEnvelope envelope;
  switch (runtime::openEnvelope(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &envelope, error)) {
    case runtime::EnvelopeKind::kDamaged: return false;
    case runtime::EnvelopeKind::kUnsigned: return *error = "bundle is not signed, and --trust wants a signature", false;
    case runtime::EnvelopeKind::kSigned: break;
  }
  PublicKey signer;
  std::copy(envelope.publicKey, envelope.publicKey + 32, signer.begin());
  if (std::find(trusted.begin(), trusted.end(), signer) == trusted.end())
    return *error = "bundle is signed by key " + publicKeyText(signer) + ", which --trust does not name", false;
  std::string message = signedMessage(
      std::string_view(reinterpret_cast<const char*>(envelope.bundle), envelope.bundleLen));
  if (crypto_sign_verify_detached(envelope.signature, reinterpret_cast<const uint8_t*>(message.data()),
                                  message.size(), signer.data()) != 0)
    return *error = "bundle's signature does not match its contents", false;
  return true;
}

}  // namespace refrain::server
