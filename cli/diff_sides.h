// `refrain diff`'s command line: the two sides, each a bundle or policy
// sources with their catalog, and the options both modes share.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/args.h"
#include "cli/diff_command.h"
#include "runtime/engine.h"

namespace refrain::cli {

// The policies before (--old) or after (--new) the change.
struct DiffSide {
  explicit DiffSide(std::string name) : flag(std::move(name)) {}

  std::string flag;  // "--old" or "--new", for messages
  bool given = false;
  std::vector<std::string> files;
  bool hasCatalog = false;
  std::string catalog;
  bool bundle = false;  // set by checkSides(): files is one bundle
};

struct DiffCommandLine {
  DiffSide oldSide{"--old"}, newSide{"--new"};
  Args common;  // every other option, wherever it stands
};

// Parses argv[first..]: after --old (and after --new) come one or more
// files up to the next option; a --catalog right after a side's files
// belongs to that side; the common options may stand anywhere else. On error
// prints one line to stderr and returns false.
bool parseDiffCommandLine(int argc, char** argv, int first, DiffCommandLine* out);

// Checks that both sides are given and name files, and tells a bundle (one
// file that starts with a bundle's magic bytes, signed or not) from sources;
// a bundle stands alone, without --catalog. Prints a usage error and returns
// false when a side is wrong.
bool checkSides(DiffCommandLine* command);

// Loads a checked side: reads its bundle, or compiles its sources with its
// catalog (printing their diagnostics). Null on failure, with the message
// printed; every failure exits 2, since exit 1 means "changed" for diff.
std::unique_ptr<runtime::Engine> loadSide(const DiffSide& side);

// --at, --limit and --fail-on-change into `options`; false after printing a usage error.
bool readDiffOptions(const Args& common, DiffOptions* options);

// --use into `options`: a use of the use tree, which both sides must share,
// so that a use's index means the same on both. False after printing a usage error.
bool resolveUse(const Args& common, const runtime::Engine& oldEngine, const runtime::Engine& newEngine,
                DiffOptions* options);

}  // namespace refrain::cli
