// `refrain eval`: one request to a pretty decision, or JSON Lines to JSON Lines with a payout summary.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "runtime/money.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain eval (--bundle B.rfb | FILE... [--catalog WORKS.jsonl])
                    (--request REQ.json | --requests REQS.jsonl)

Decides requests against a bundle, or against sources compiled on the fly.
  --request R     one request (`-` reads stdin); prints the canonical decision
  --requests RS   one request per line; prints one decision per line, in order,
                  then a summary on stderr: allow/deny/error counts and the
                  total paid to each party per currency
Exit status: 0 whatever the decisions, 1 errors in sources, 2 bad arguments.
)";

struct Summary {
  long allow = 0, deny = 0, error = 0;
  std::map<std::string, std::map<std::string, int64_t>> paid;  // currency -> party -> micros
  bool overflow = false;

  void add(const runtime::Decision& d) {
    if (!d.errors.empty()) ++error;
    else if (d.allow) ++allow;
    else ++deny;
    for (const runtime::CurrencyPayment& p : d.payments)
      for (const runtime::PayeeAmount& payee : p.payees) {
        int64_t& sum = paid[p.currency][payee.party];
        overflow = overflow || !runtime::checkedAdd(sum, payee.micros, &sum);
      }
  }

  void print(std::ostream& out) const {
    out << (allow + deny + error) << " decisions: " << allow << " allow, " << deny << " deny, " << error << " error\n";
    for (const auto& [currency, parties] : paid) {
      out << "paid in " << currency << ":\n";
      for (const auto& [party, micros] : parties) out << "  " << party << "  " << runtime::formatMicros(micros) << "\n";
    }
    if (overflow) out << "warning: a payout total overflowed and is not exact\n";
  }
};

int single(const runtime::Engine& engine, const std::string& path) {
  std::string request, error;
  if (!readFile(path, &request, &error)) return usageError(error);
  runtime::DecideScratch scratch;
  std::cout << engine.decideJson(request, scratch);
  return kExitOk;
}

int batch(const runtime::Engine& engine, const std::string& path) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return usageError("cannot read `" + path + "`");
    in = &file;
  }
  const bool progress = isatty(STDERR_FILENO);
  runtime::DecideScratch scratch;
  Summary summary;
  std::string line, out;
  while (std::getline(*in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    runtime::Decision d = engine.decide(line, scratch);
    summary.add(d);
    runtime::writeDecisionJson(d, &out, runtime::JsonStyle::kCompact);
    if (out.size() > (1 << 16)) {
      std::cout << out;
      out.clear();
    }
    long done = summary.allow + summary.deny + summary.error;
    if (progress && done % 100000 == 0) std::cerr << "\r" << done << " decisions" << std::flush;
  }
  std::cout << out << std::flush;
  if (progress) std::cerr << "\r";
  summary.print(std::cerr);
  return kExitOk;
}

}  // namespace

int runEval(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"bundle", "catalog", "request", "requests"}, {"help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (args.has("request") == args.has("requests")) return usageError("give exactly one of --request or --requests");
  int code;
  auto engine = engineFrom(args.get("bundle"), args.positional, args.get("catalog"), &code);
  if (!engine) return code;
  return args.has("request") ? single(*engine, args.get("request")) : batch(*engine, args.get("requests"));
}

}  // namespace refrain::cli
