// Argument parsing shared by every command.
#include "cli/args.h"

#include <algorithm>
#include <iostream>

namespace refrain::cli {

int usageError(const std::string& message) {
  std::cerr << "refrain: " << message << "\n";
  return kExitUsage;
}

bool parseArgs(int argc, char** argv, int first, const std::vector<std::string>& valued,
               const std::vector<std::string>& flags, Args* out) {
  auto known = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-" || arg.rfind("-", 0) != 0) {
      out->positional.push_back(arg);
      continue;
    }
    std::string name = arg.rfind("--", 0) == 0 ? arg.substr(2) : arg.substr(1);
    if (known(flags, name)) {
      out->options[name] = "";
    } else if (known(valued, name)) {
      if (i + 1 >= argc) {
        usageError("option `" + arg + "` needs a value");
        return false;
      }
      out->options[name] = argv[++i];
    } else {
      usageError("unknown option `" + arg + "`; see --help");
      return false;
    }
  }
  return true;
}

}  // namespace refrain::cli
