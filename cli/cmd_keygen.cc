// `refrain keygen NAME`: an Ed25519 key pair for signing bundles.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "server/bundle_signing.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain keygen NAME

Writes a new Ed25519 key pair for signed bundles: NAME.key, the secret key
(mode 0600; `refrain build --sign NAME.key`), and NAME.pub, the public key
(`refrain serve --trust NAME.pub`). Never overwrites a file.
)";

}  // namespace

int runKeygen(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {}, {"help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (args.positional.size() != 1) return usageError("give one NAME for NAME.key and NAME.pub; see --help");
  std::string error;
  if (!server::generateKeyPair(args.positional[0], &error)) return usageError(error);
  std::cerr << "wrote " << args.positional[0] << ".key (secret) and " << args.positional[0] << ".pub\n";
  return kExitOk;
}

}  // namespace refrain::cli
