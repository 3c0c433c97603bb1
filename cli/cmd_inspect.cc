// `refrain inspect`: what a bundle holds, read through the same loader the runtime uses.
#include <iostream>
#include <map>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "runtime/time.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain inspect B.rfb

Loads and verifies a bundle, then shows its hash, its policies and their
versions, its rule counts per use and the size of its catalog.
)";

std::string window(const runtime::PolicyDef& p) {
  std::string from = p.effective == runtime::kAlways ? "always" : runtime::formatTime(p.effective).substr(0, 10);
  std::string to = p.expires == runtime::kNever ? "" : " until " + runtime::formatTime(p.expires).substr(0, 10);
  return "effective " + from + to;
}

}  // namespace

int runInspect(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {}, {"help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kHelp, kExitOk;
  if (args.positional.size() != 1) return usageError("give one bundle to inspect; see --help");
  int code;
  auto engine = engineFrom(args.positional[0], {}, "", &code);
  if (!engine) return code;
  const runtime::Bundle& b = engine->bundle();
  std::cout << "bundle " << args.positional[0] << "\n";
  std::cout << "  format version " << runtime::kBundleFormatVersion << ", sha-256 " << engine->hash() << "\n";
  std::cout << "  sources: " << b.files.size() << ", field slots: " << b.slots.size() << ", constants: "
            << b.constants.size() << ", patterns: " << b.patterns.size() << ", instructions: " << b.code.size() << "\n";
  std::cout << "policies (" << b.policies.size() << "):\n";
  std::map<uint32_t, int> rulesPerUse;
  for (const runtime::PolicyDef& p : b.policies) {
    std::cout << "  \"" << p.name << "\" by " << p.role << " \"" << p.party << "\", " << window(p) << ", "
              << p.rules.size() << " rules\n";
    for (const runtime::RuleDef& r : p.rules)
      for (uint32_t u : r.uses) ++rulesPerUse[u];
  }
  std::cout << "rules per use:\n";
  for (const auto& [use, count] : rulesPerUse) std::cout << "  " << b.uses[use].name << ": " << count << "\n";
  std::cout << "catalog: " << engine->workCount() << " works\n";
  return kExitOk;
}

}  // namespace refrain::cli
