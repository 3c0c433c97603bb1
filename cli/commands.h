// The `refrain` subcommands; each takes argv from its own name on and returns an exit code.
#pragma once

namespace refrain::cli {

int runCheck(int argc, char** argv);
int runBuild(int argc, char** argv);
int runEval(int argc, char** argv);
int runInspect(int argc, char** argv);
int runTest(int argc, char** argv);
int runFmt(int argc, char** argv);
int runRepl(int argc, char** argv);
int runServe(int argc, char** argv);
int runKeygen(int argc, char** argv);
int runCatalog(int argc, char** argv);
int runSignals(int argc, char** argv);
int runDiff(int argc, char** argv);
int runVerify(int argc, char** argv);

}  // namespace refrain::cli
