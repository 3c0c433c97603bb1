// `refrain signals export|import`: AI opt-out signals out of the stance a
// bundle gives a party or a work, and back in as policies (interop/signals.h;
// docs/standards.md, "Signals").
#include <ctime>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "compiler/compile.h"
#include "interop/signals.h"
#include "interop/stance.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain signals stance (--bundle B | FILE... [--catalog W]) --party ID [--work ID] [--at TIME]
       refrain signals export (--bundle B | FILE... [--catalog W]) --party ID [--work ID]
                              [--at TIME] --format F [-o FILE] [--url PATH] [--rsl-url URL] [--robots]
       refrain signals import --format F FILE --party ROLE:ID [--name NAME] [-o FILE]

stance prints, a JSON line per use, what the bundle's policies say of it.
export writes what the bundle's policies say of each AI use, as an AI
opt-out signal: for the party's own policies, or with --work for that
catalog work as all its rights holders together decide it. Each use is
allowed (unconditionally), constrained (on conditions, payment or duties)
or not allowed (denied, or silent: silence is never consent).

import writes a policy by ROLE:ID that says what a signal says: its
prohibitions as `deny` rules, its permissions (with payment, for RSL) as
`allow` rules; what the signal cannot say stays silent.

  --format F       rsl (RSL 1.0 XML), aipref (Content-Usage header; robots.txt
                   lines with --robots), tdmrep (/.well-known/tdmrep.json),
                   cawg (the C2PA cawg.training-mining assertion, JSON),
                   iptc (an XMP packet with plus:DataMining)
  --at TIME        the policies in force at TIME (RFC 3339; default: now)
  --url PATH       what the signal covers: RSL's content url, the robots.txt
                   path, TDMRep's location (default /)
  --rsl-url URL    where the RSL file is published: TDMRep's tdm-policy and a
                   robots.txt License line
  --name NAME      the imported policy's name (default ID-F)
  -o, --output F   write here (default: stdout)

Import problems are reported as FILE:LINE:COL. Exit status: 0 done, 1 the
signal or the bundle was refused, 2 bad arguments.
)";

bool formatOf(const Args& args, interop::SignalFormat* format) {
  if (!args.has("format")) return usageError("give the signal's format with --format rsl|aipref|tdmrep|cawg|iptc"), false;
  if (interop::parseSignalFormat(args.get("format"), format)) return true;
  usageError("unknown format `" + args.get("format") + "`; expected rsl, aipref, tdmrep, cawg or iptc");
  return false;
}

int writeOutput(const Args& args, const std::string& text) {
  std::string output = args.has("o") ? args.get("o") : args.get("output");
  if (output.empty()) {
    std::cout << text;
    return kExitOk;
  }
  std::string error;
  if (!writeFile(output, std::vector<uint8_t>(text.begin(), text.end()), &error)) return usageError(error);
  return kExitOk;
}

int runExport(const Args& args, bool stanceOnly) {
  interop::SignalFormat format = interop::SignalFormat::kRsl;
  if (!stanceOnly && !formatOf(args, &format)) return kExitUsage;
  if (args.get("party").empty() && args.get("work").empty())
    return usageError("give the party with --party ID, or the work with --work ID");
  int64_t at = static_cast<int64_t>(std::time(nullptr));
  if (!timeOption(args, "at", &at)) return kExitUsage;
  std::vector<std::string> sources(args.positional.begin() + 1, args.positional.end());
  int exitCode = kExitUsage;
  auto engine = engineFrom(args.get("bundle"), sources, args.get("catalog"), &exitCode);
  if (!engine) return exitCode;
  interop::StanceSheet sheet;
  std::string error;
  if (!interop::deriveStance(*engine, args.get("party"), args.get("work"), at, &sheet, &error)) {
    std::cerr << "refrain: " << error << "\n";
    return kExitFailed;
  }
  if (stanceOnly) return writeOutput(args, interop::stanceLines(sheet));
  interop::ExportOptions options;
  if (args.has("url")) options.url = args.get("url");
  options.rslUrl = args.get("rsl-url");
  options.robots = args.has("robots");
  if (options.robots && format != interop::SignalFormat::kAipref) return usageError("--robots is for --format aipref");
  std::string text;
  if (!interop::exportSignal(format, sheet, options, &text, &error)) return usageError(error);
  return writeOutput(args, text);
}

int runImport(const Args& args) {
  interop::SignalFormat format;
  if (!formatOf(args, &format)) return kExitUsage;
  if (args.positional.size() != 2) return usageError("give one signal file to import");
  std::string who = args.get("party");
  size_t colon = who.find(':');
  if (colon == std::string::npos) return usageError("give the policy's party as --party ROLE:ID, e.g. artist:luna-ray");
  std::string role = who.substr(0, colon), party = who.substr(colon + 1);
  const std::string& file = args.positional[1];
  std::string text, error;
  if (!readFile(file, &text, &error)) return usageError(error);
  interop::ImportedSignal signal;
  std::vector<std::string> errors;
  if (!interop::importSignal(format, file, text, &signal, &errors)) {
    for (const std::string& e : errors) std::cerr << e << "\n";
    return kExitFailed;
  }
  std::string name = args.has("name") ? args.get("name") : party + "-" + interop::signalFormatName(format);
  std::string policyText;
  if (!interop::writeSignalPolicy(signal, role, party, name, file, &policyText, &error)) return usageError(error);
  // What is written must compile: check it as `refrain check` would.
  compiler::CompileInput input;
  input.sources.push_back({name + ".refrain", policyText});
  compiler::CompileResult checked = compiler::check(std::move(input));
  if (!checked.ok) {
    printDiagnostics(checked);
    std::cerr << "refrain: the imported policy does not check (a bug in the importer)\n";
    return kExitFailed;
  }
  return writeOutput(args, policyText);
}

}  // namespace

int runSignals(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"format", "bundle", "catalog", "party", "work", "at", "o", "output", "url", "rsl-url", "name"},
                 {"help", "h", "robots"}, &args))
    return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (!args.positional.empty() && args.positional[0] == "export") return runExport(args, false);
  if (!args.positional.empty() && args.positional[0] == "stance") return runExport(args, true);
  if (!args.positional.empty() && args.positional[0] == "import") return runImport(args);
  return usageError("use `refrain signals stance`, `export` or `import`; see --help");
}

}  // namespace refrain::cli
