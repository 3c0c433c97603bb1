// `refrain catalog import --from ddex FILE...`: catalogs from DDEX ERN
// messages (interop/ddex_ern.h; docs/standards.md).
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "interop/ddex_ern.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain catalog import --from ddex FILE... [-o works.jsonl] [--parties MAP.jsonl]

Reads DDEX ERN NewReleaseMessages (ERN 4.1, 4.1.1, 4.2, 4.3, 4.3.1, 4.3.2)
and writes the catalog `refrain build --catalog` takes: one work per
SoundRecording, its id its ISRC (docs/standards.md).

  --from ddex           the input format (DDEX ERN is the one there is)
  -o, --output FILE     write the catalog here (default: stdout)
  --parties MAP.jsonl   which Refrain party each DDEX party is, by ISNI, IPI,
                        DPID, proprietary id or name; others get an id made
                        from their DDEX identifier (isni:…, ipi:…, dpid:…)

Every problem is reported as FILE:LINE:COL. Each message is imported whole
or not at all; a recording given again by a later file replaces the earlier
one (a DDEX update). Exit status: 0 when every file was imported, 1 when any
was not (the others' works are still written), 2 for bad arguments.
)";

}  // namespace

int runCatalog(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"from", "o", "output", "parties"}, {"help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (args.positional.empty() || args.positional[0] != "import") return usageError("use `refrain catalog import`; see --help");
  if (args.get("from") != "ddex") return usageError("give the input format with --from ddex");
  std::vector<std::string> files(args.positional.begin() + 1, args.positional.end());
  if (files.empty()) return usageError("give the DDEX messages to import");

  interop::PartyMap parties;
  std::string text, error;
  if (args.has("parties")) {
    if (!readFile(args.get("parties"), &text, &error)) return usageError(error);
    std::vector<std::string> errors;
    if (!parties.read(args.get("parties"), text, &errors)) {
      for (const std::string& e : errors) std::cerr << e << "\n";
      return kExitUsage;
    }
  }

  // Works by id, in first-seen order; a later file's recording replaces an earlier one.
  std::vector<interop::CatalogWork> works;
  std::map<std::string, size_t> byId;
  bool allImported = true;
  for (const std::string& file : files) {
    if (!readFile(file, &text, &error)) {
      std::cerr << "refrain: " << error << "\n";
      allImported = false;
      continue;
    }
    interop::ErnImport imported;
    std::vector<std::string> errors;
    bool ok = interop::importErn(file, text, parties, interop::ErnLimits{}, &imported, &errors);
    for (const std::string& w : imported.warnings) std::cerr << w << "\n";
    for (const std::string& e : errors) std::cerr << e << "\n";
    if (!ok) {
      std::cerr << file << ": not imported (" << errors.size() << (errors.size() == 1 ? " error" : " errors") << ")\n";
      allImported = false;
      continue;
    }
    for (interop::CatalogWork& w : imported.works) {
      auto [at, added] = byId.emplace(w.id, works.size());
      if (added) works.push_back(std::move(w));
      else works[at->second] = std::move(w);
    }
    std::cerr << file << ": ERN " << imported.version << ", " << imported.works.size() << " works\n";
  }

  std::ostringstream out;
  for (const interop::CatalogWork& w : works) out << interop::catalogLine(w) << "\n";
  std::string output = args.has("o") ? args.get("o") : args.get("output");
  if (output.empty()) {
    std::cout << out.str();
  } else {
    std::string bytes = out.str();
    if (!writeFile(output, std::vector<uint8_t>(bytes.begin(), bytes.end()), &error)) return usageError(error);
  }
  return allImported ? kExitOk : kExitFailed;
}

}  // namespace refrain::cli
