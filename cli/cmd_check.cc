// `refrain check` and `refrain build`: diagnostics, and a bundle when there are none.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "server/bundle_signing.h"

namespace refrain::cli {

namespace {

const char* kCheckHelp = R"(usage: refrain check FILE... [--catalog WORKS.jsonl]

Parses and checks Refrain sources (and a catalog). Prints diagnostics as
`file:line:col: error: message` with the source line and a caret.
Exit status: 0 no errors (warnings allowed), 1 errors, 2 bad arguments.
)";

const char* kBuildHelp = R"(usage: refrain build FILE... [--catalog WORKS.jsonl] -o OUT.rfb [--sign NAME.key]

Compiles Refrain sources (and a catalog of works) into a bundle. The same
inputs always give the same bytes. --sign wraps the bundle in an Ed25519
signature by the secret key from `refrain keygen`, for services started
with `refrain serve --trust NAME.pub`; a signed bundle decides as unsigned.
Exit status: 0 built, 1 errors in the sources or catalog, 2 bad arguments.
)";

// Shared by check and build: read the inputs, run `step`, print diagnostics.
bool frontEnd(const Args& args, compiler::CompileResult (*step)(compiler::CompileInput), compiler::CompileResult* out,
              int* exitCode) {
  if (args.positional.empty()) {
    *exitCode = usageError("no source files given; see --help");
    return false;
  }
  compiler::CompileInput input;
  std::string error;
  if (!loadInput(args.positional, args.get("catalog"), &input, &error)) {
    *exitCode = usageError(error);
    return false;
  }
  *out = step(std::move(input));
  printDiagnostics(*out);
  *exitCode = out->ok ? kExitOk : kExitFailed;
  return out->ok;
}

}  // namespace

int runCheck(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"catalog"}, {"help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kCheckHelp, kExitOk;
  compiler::CompileResult result;
  int code;
  frontEnd(args, compiler::check, &result, &code);
  return code;
}

int runBuild(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"catalog", "o", "output", "sign"}, {"help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kBuildHelp, kExitOk;
  std::string output = args.has("o") ? args.get("o") : args.get("output");
  if (output.empty()) return usageError("give the bundle to write with -o OUT.rfb");
  server::SecretKey key;
  std::string error;
  if (args.has("sign") && !server::readSecretKey(args.get("sign"), &key, &error)) return usageError(error);
  compiler::CompileResult result;
  int code;
  if (!frontEnd(args, compiler::compile, &result, &code)) return code;
  if (args.has("sign")) {
    std::string signedBundle = server::signBundle(
        std::string_view(reinterpret_cast<const char*>(result.bundle.data()), result.bundle.size()), key);
    result.bundle.assign(signedBundle.begin(), signedBundle.end());
  }
  if (!writeFile(output, result.bundle, &error)) return usageError(error);
  std::cerr << "wrote " << output << " (" << result.bundle.size() << " bytes, " << result.program.policies.size()
            << " policies, " << result.works.size() << " works)\n";
  return kExitOk;
}

}  // namespace refrain::cli
