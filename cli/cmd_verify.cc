// `refrain verify`: proves a property of a bundle for every request, or shows a request where it fails.
#include <iostream>

#include "analysis/property.h"
#include "cli/analysis_report.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain verify (--bundle B.rfb | FILE... [--catalog WORKS.jsonl]) --property 'P'
                      [--old OLD.rfb] [--use USE] [--at TIME] [--timeout SECONDS] [--format text|json]

Proves a property of a bundle for every request, per use and per work (each
catalog work, and any work no catalog has), or finds a request where it
fails; the runtime decides that request before it is shown.
Properties (docs/analysis.md):
  never allow USE [when EXPR]      no request for USE (or a use below it) is allowed
  always deny USE [when EXPR]      the same, said the other way
  never error USE                  no well-formed request makes a rule, scope, pay,
                                   split or duty text fail with an evaluation error
  implies                          every request this bundle allows, --old allows too
  always pays USE at least MONEY   every allowed request pays at least MONEY
  --old B        the bundle (or one source file) `implies` compares with
  --use USE      with `implies`: only USE and the uses below it
  --at TIME      only requests at TIME (RFC 3339, or a date)
  --timeout S    give up on one (use, work) question after S seconds (default 10)
  --format F     `text` (default) or `json`: one document with the outcome,
                 the counts and each finding (docs/analysis.md)
Exit status: 0 holds, 1 fails, 2 unknown (or bad arguments).
)";

bool seconds(const std::string& text, unsigned* ms) {
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  *ms = static_cast<unsigned>(std::stoul(text)) * 1000;
  return *ms > 0;
}

}  // namespace

int runVerify(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"bundle", "catalog", "property", "old", "use", "at", "timeout", "format"}, {"help", "h"}, &args))
    return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (!args.has("property")) return usageError("give the property to prove with --property, e.g. --property 'never allow ai.generate.voice'");
  analysis::Options options;
  int64_t at = 0;
  if (args.has("at") && !parseAt(args.get("at"), &at))
    return usageError("--at takes an RFC 3339 time or a date, not `" + args.get("at") + "`");
  if (args.has("at")) options.at = at;
  if (args.has("timeout") && !seconds(args.get("timeout"), &options.timeoutMs))
    return usageError("--timeout takes a whole number of seconds from 1 to 9999, not `" + args.get("timeout") + "`");
  if (args.has("format") && args.get("format") != "json" && args.get("format") != "text")
    return usageError("--format is `text` or `json`, not `" + args.get("format") + "`");
  int code;
  policy::Program program;
  auto engine = engineFrom(args.get("bundle"), args.positional, args.get("catalog"), &code, &program);
  if (!engine) return code;
  std::string error;
  auto property = analysis::parseProperty(args.get("property"), *engine, program, &error);
  if (!property) return usageError("--property: " + error);
  std::unique_ptr<runtime::Engine> old;
  if (property->kind == analysis::Property::Kind::kImplies) {
    if (!args.has("old")) return usageError("`implies` compares with an older bundle: give it with --old");
    const std::string path = args.get("old");
    bool isSource = path.size() > 8 && path.compare(path.size() - 8, 8, ".refrain") == 0;
    old = isSource ? engineFrom("", {path}, "", &code) : engineFrom(path, {}, "", &code);
    if (!old) return code;
    if (args.has("use")) {
      uint32_t use;
      if (!analysis::findUse(*engine, args.get("use"), &use)) return usageError("unknown use `" + args.get("use") + "`");
      options.use = use;
    }
  } else if (args.has("old") || args.has("use")) {
    return usageError(std::string(args.has("old") ? "--old" : "--use") + " goes with the property `implies`");
  }
  analysis::Report report = analysis::verify(*engine, *property, old.get(), options);
  const OutcomeWords words{"fails", "holds"};
  analysis::Outcome overall =
      args.get("format") == "json" ? printReportJson(report, words, std::cout) : printReport(report, words, std::cout);
  return overall == analysis::Outcome::kHolds ? kExitOk : overall == analysis::Outcome::kFails ? kExitFailed : kExitUsage;
}

}  // namespace refrain::cli
