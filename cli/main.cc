// `refrain`: the command-line host of the compiler and runtime.
#include <iostream>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "runtime/version.h"

namespace {

const char* kHelp = R"(usage: refrain COMMAND [ARGS]

Refrain: AI-use rights policies for music, compiled and evaluated exactly.

commands:
  check FILE... [--catalog W]            check policy sources; diagnostics on stderr
  build FILE... [--catalog W] -o B.rfb   compile sources (and a catalog) into a bundle; --sign K.key
  eval (--bundle B | FILE...) --request R.json | --requests R.jsonl
                                         decide requests; decisions on stdout
  inspect B.rfb                          show what a bundle holds
  test [PATH...] [--coverage]           run policy test files (*.test.json); rule coverage
  fmt [--check] FILE...                  lay sources out canonically, comments kept
  repl [FILE...] [--catalog W]           interactive session: build requests, decide, ask why
  serve --bundle B.rfb [--listen H:P]    decide over HTTP; hot reloads, decision log, metrics
  keygen NAME                            a key pair for signed bundles: NAME.key, NAME.pub
  catalog import --from ddex FILE...     a catalog from DDEX ERN messages; -o W.jsonl
  signals export|import --format F ...   AI opt-out signals (RSL, AIPREF, TDMRep, CAWG, IPTC)
                                         from a party's or a work's stance, or into a policy
  diff --old SIDE --new SIDE [--requests R.jsonl]
                                         what a policy change changes: over a request log,
                                         or proven for every use and work; --fail-on-change
  verify (--bundle B | FILE...) --property P
                                         prove a property for every request, or show one that breaks it

`refrain COMMAND --help` explains each command; `refrain --version` prints the version.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace refrain::cli;
  if (argc < 2) {
    std::cerr << kHelp;
    return kExitUsage;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") return std::cout << kHelp, kExitOk;
  if (command == "--version") return std::cout << "refrain " << REFRAIN_VERSION << "\n", kExitOk;
  if (command == "check") return runCheck(argc, argv);
  if (command == "build") return runBuild(argc, argv);
  if (command == "eval") return runEval(argc, argv);
  if (command == "inspect") return runInspect(argc, argv);
  if (command == "test") return runTest(argc, argv);
  if (command == "fmt") return runFmt(argc, argv);
  if (command == "repl") return runRepl(argc, argv);
  if (command == "serve") return runServe(argc, argv);
  if (command == "keygen") return runKeygen(argc, argv);
  if (command == "catalog") return runCatalog(argc, argv);
  if (command == "signals") return runSignals(argc, argv);
  if (command == "diff") return runDiff(argc, argv);
  if (command == "verify") return runVerify(argc, argv);
  return usageError("unknown command `" + command + "`; see `refrain --help`");
}
