// `refrain eval`: one request to a pretty decision, or JSON Lines to JSON Lines with a payout summary.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli/args.h"
#include "cli/batch_eval.h"
#include "cli/commands.h"
#include "cli/files.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain eval (--bundle B.rfb | FILE... [--catalog WORKS.jsonl])
                    (--request REQ.json [--explain] | --requests REQS.jsonl [--threads N])

Decides requests against a bundle, or against sources compiled on the fly.
  --request R     one request (`-` reads stdin); prints the canonical decision
  --explain       with --request: print instead the runtime's explanation, one
                  line of JSON: the decision, then every relevant rule with each
                  condition of its `when` and its values (docs/embedding.md)
  --requests RS   one request per line; prints one decision per line, in order,
                  then a summary on stderr: allow/deny/error counts and the
                  total paid to each party per currency
  --threads N     with --requests: decide on N threads (1 to 256, default 1);
                  the output is the same, in the same order, for every N
Exit status: 0 whatever the decisions, 1 errors in sources, 2 bad arguments.
)";

int single(const runtime::Engine& engine, const std::string& path, bool explain) {
  std::string request, error;
  if (!readFile(path, &request, &error)) return usageError(error);
  runtime::DecideScratch scratch;
  if (!explain) return std::cout << engine.decideJson(request, scratch), kExitOk;
  std::string text;
  runtime::writeExplanationJson(engine.explain(request, scratch), &text);
  std::cout << text << "\n";
  return kExitOk;
}

void showProgress(long decided) { std::cerr << "\r" << decided << " decisions" << std::flush; }

int batch(const runtime::Engine& engine, const std::string& path, int threads) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return usageError("cannot read `" + path + "`");
    in = &file;
  }
  const bool progress = isatty(STDERR_FILENO);
  BatchSummary summary = decideLines(engine, *in, std::cout, threads, progress ? showProgress : nullptr);
  if (progress) std::cerr << "\r";
  summary.print(std::cerr);
  return kExitOk;
}

}  // namespace

int runEval(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"bundle", "catalog", "request", "requests", "threads"}, {"help", "h", "explain"}, &args))
    return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (args.has("request") == args.has("requests")) return usageError("give exactly one of --request or --requests");
  int threads = 1;
  if (!wholeNumberOption(args, "threads", 1, 256, &threads)) return kExitUsage;
  if (args.has("threads") && args.has("request")) return usageError("--threads goes with --requests");
  if (args.has("explain") && !args.has("request")) return usageError("--explain goes with --request");
  int code;
  auto engine = engineFrom(args.get("bundle"), args.positional, args.get("catalog"), &code);
  if (!engine) return code;
  return args.has("request") ? single(*engine, args.get("request"), args.has("explain"))
                             : batch(*engine, args.get("requests"), threads);
}

}  // namespace refrain::cli
