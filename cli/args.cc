// Argument parsing shared by every command.
#include "cli/args.h"

#include <algorithm>
#include <iostream>

#include "runtime/time.h"

namespace refrain::cli {

int usageError(const std::string& message) {
  std::cerr << "refrain: " << message << "\n";
  return kExitUsage;
}

bool wholeNumberOption(const Args& args, const std::string& name, int min, int max, int* out) {
  if (!args.has(name)) return true;
  const std::string text = args.get(name);
  // At most 9 digits: std::stoi cannot overflow, and no limit is that large.
  const bool digits = !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
  const int value = digits ? std::stoi(text) : min - 1;
  if (value < min || value > max) {
    usageError("--" + name + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
               ", not `" + text + "`");
    return false;
  }
  *out = value;
  return true;
}

bool timeOption(const Args& args, const std::string& name, int64_t* out) {
  if (!args.has(name)) return true;
  if (runtime::parseTime(args.get(name), out)) return true;
  usageError("--" + name + " takes an RFC 3339 date or timestamp, not `" + args.get(name) + "`");
  return false;
}

bool parseOption(int argc, char** argv, int* i, const std::vector<std::string>& valued,
                 const std::vector<std::string>& flags, Args* out) {
  auto known = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  const std::string arg = argv[*i];
  const std::string name = arg.rfind("--", 0) == 0 ? arg.substr(2) : arg.substr(1);
  if (known(flags, name)) {
    out->options[name] = "";
  } else if (known(valued, name)) {
    if (*i + 1 >= argc) {
      usageError("option `" + arg + "` needs a value");
      return false;
    }
    out->options[name] = argv[++*i];
  } else {
    usageError("unknown option `" + arg + "`; see --help");
    return false;
  }
  return true;
}

bool parseArgs(int argc, char** argv, int first, const std::vector<std::string>& valued,
               const std::vector<std::string>& flags, Args* out) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-" || arg.rfind("-", 0) != 0) {
      out->positional.push_back(arg);
      continue;
    }
    if (!parseOption(argc, argv, &i, valued, flags, out)) return false;
  }
  return true;
}

}  // namespace refrain::cli
