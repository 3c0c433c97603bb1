// The two sides of `refrain diff` and its shared options. A side's files run
// to the next option, so argv is walked here rather than by parseArgs(),
// which would take every positional argument for one list.
#include "cli/diff_sides.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/files.h"
#include "runtime/bundle.h"
#include "runtime/signed_envelope.h"

namespace refrain::cli {

namespace {

const std::vector<std::string> kValued = {"requests", "use", "at", "limit", "format"};
const std::vector<std::string> kFlags = {"fail-on-change", "help", "h"};

// Whether `path` starts with a bundle's magic bytes, bare or in a signed
// envelope. An unreadable file is not a bundle: compiling it as a source
// then says it cannot be read.
bool startsLikeBundle(const std::string& path) {
  if (path == "-") return false;  // peeking would eat standard input
  std::ifstream in(path, std::ios::binary);
  char magic[4];
  if (!in.read(magic, sizeof magic)) return false;
  return std::memcmp(magic, runtime::kBundleMagic, 4) == 0 || std::memcmp(magic, runtime::kSignedMagic, 4) == 0;
}

}  // namespace

bool parseDiffCommandLine(int argc, char** argv, int first, DiffCommandLine* out) {
  DiffSide* open = nullptr;  // the side whose files are being listed
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-" || arg.rfind("-", 0) != 0) {
      if (!open) {
        usageError("unexpected `" + arg + "`: files go right after --old or --new");
        return false;
      }
      open->files.push_back(arg);
      continue;
    }
    if (arg == "--old" || arg == "--new") {
      DiffSide& side = arg == "--old" ? out->oldSide : out->newSide;
      if (side.given) {
        usageError(arg + " is given twice");
        return false;
      }
      side.given = true;
      open = &side;
      continue;
    }
    if (arg == "--catalog") {
      if (!open || open->files.empty()) {
        usageError("--catalog goes right after the policy files of --old or --new");
        return false;
      }
      Args catalog;
      if (!parseOption(argc, argv, &i, {"catalog"}, {}, &catalog)) return false;
      open->catalog = catalog.get("catalog");
      open->hasCatalog = true;
      open = nullptr;  // the side ends with its catalog
      continue;
    }
    open = nullptr;
    if (!parseOption(argc, argv, &i, kValued, kFlags, &out->common)) return false;
  }
  return true;
}

namespace {

bool checkSide(DiffSide& side, const char* what) {
  if (!side.given) {
    usageError("missing " + side.flag + ": give the policies " + what + " the change, as a bundle or as sources");
    return false;
  }
  if (side.files.empty()) {
    usageError(side.flag + " names no files; give a bundle or policy sources after it");
    return false;
  }
  for (const std::string& file : side.files) {
    if (!startsLikeBundle(file)) continue;
    if (side.files.size() > 1) {
      usageError("`" + file + "` is a bundle; " + side.flag + " takes one bundle or policy sources, not both");
      return false;
    }
    if (side.hasCatalog) {
      usageError("--catalog goes with policy sources, not with the bundle `" + file + "` of " + side.flag);
      return false;
    }
    side.bundle = true;
  }
  return true;
}

}  // namespace

bool checkSides(DiffCommandLine* command) {
  return checkSide(command->oldSide, "before") && checkSide(command->newSide, "after");
}

std::unique_ptr<runtime::Engine> loadSide(const DiffSide& side) {
  int code = kExitUsage;
  std::unique_ptr<runtime::Engine> engine =
      side.bundle ? engineFrom(side.files[0], {}, "", &code) : engineFrom("", side.files, side.catalog, &code);
  // The diagnostics are printed; say which side they stopped.
  if (!engine && code == kExitFailed) usageError("the sources of " + side.flag + " have errors");
  return engine;
}

bool readDiffOptions(const Args& common, DiffOptions* options) {
  int limit = static_cast<int>(options->limit);
  if (!wholeNumberOption(common, "limit", 1, 1000, &limit)) return false;
  options->limit = static_cast<size_t>(limit);
  int64_t at = 0;
  if (!timeOption(common, "at", &at)) return false;
  if (common.has("at")) options->at = at;
  options->failOnChange = common.has("fail-on-change");
  return true;
}

namespace {

bool sameUseTree(const runtime::Bundle& a, const runtime::Bundle& b) {
  return a.uses.size() == b.uses.size() &&
         std::equal(a.uses.begin(), a.uses.end(), b.uses.begin(), [](const runtime::UseDef& x, const runtime::UseDef& y) {
           return x.name == y.name && x.parent == y.parent;
         });
}

}  // namespace

bool resolveUse(const Args& common, const runtime::Engine& oldEngine, const runtime::Engine& newEngine,
                DiffOptions* options) {
  const std::vector<runtime::UseDef>& uses = oldEngine.bundle().uses;
  if (!sameUseTree(oldEngine.bundle(), newEngine.bundle())) {
    usageError("--old and --new have different use trees; build both with the same version of refrain");
    return false;
  }
  if (!common.has("use")) return true;
  const std::string name = common.get("use");
  auto it = std::find_if(uses.begin(), uses.end(), [&](const runtime::UseDef& u) { return u.name == name; });
  if (it == uses.end()) {
    usageError("--use takes a use of the use tree, such as ai.train.generative, not `" + name + "`");
    return false;
  }
  options->use = static_cast<uint32_t>(it - uses.begin());
  return true;
}

}  // namespace refrain::cli
