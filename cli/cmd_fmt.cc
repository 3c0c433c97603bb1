// `refrain fmt`: rewrites Refrain sources in the canonical layout, or checks that they are.
#include <iostream>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "policy/formatter.h"

namespace refrain::cli {

namespace {

const char* kFmtHelp = R"(usage: refrain fmt [--check] FILE...

Lays Refrain sources out in the one canonical layout (docs/language.md,
"Formatting"), keeping every comment, and rewrites the files that change.
`-` reads standard input and writes the result to standard output.
A file with syntax errors is left alone and its diagnostics are printed.
  --check   change nothing; name each file that would change on stderr
Exit status: 0 formatted (or, with --check, already formatted), 1 syntax
errors (or, with --check, a file would change), 2 bad arguments or
unreadable files.
)";

// Formats one source; false (with diagnostics printed) on syntax errors.
bool formatOne(const policy::SourceFile& source, std::string* out) {
  policy::Diagnostics diags;
  if (policy::formatSource(source, out, diags)) return true;
  std::cerr << policy::renderDiagnostics(diags.all(), {source});
  return false;
}

}  // namespace

int runFmt(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {}, {"check", "help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kFmtHelp, kExitOk;
  if (args.positional.empty()) return usageError("no source files given; see --help");
  std::vector<policy::SourceFile> sources;
  for (const std::string& path : args.positional) {
    std::string text, error;
    if (!readFile(path, &text, &error)) return usageError(error);
    sources.push_back({path, std::move(text)});
  }
  bool check = args.has("check");
  int code = kExitOk;
  for (const policy::SourceFile& source : sources) {
    std::string formatted;
    if (!formatOne(source, &formatted)) {
      code = kExitFailed;
    } else if (source.name == "-" && !check) {
      std::cout << formatted;
    } else if (formatted != source.text) {
      if (check) {
        std::cerr << source.name << ": not formatted\n";
        code = kExitFailed;
        continue;
      }
      std::string error;
      if (!writeFile(source.name, std::vector<uint8_t>(formatted.begin(), formatted.end()), &error))
        return usageError(error);
    }
  }
  return code;
}

}  // namespace refrain::cli
