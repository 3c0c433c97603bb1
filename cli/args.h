// Command-line arguments: positional files and `--flag value` options, with one-line usage errors.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace refrain::cli {

// Exit codes of every command.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // the command ran and found errors (check) or failures (test)
constexpr int kExitUsage = 2;   // bad arguments or unreadable files

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // `--catalog x` -> {"catalog", "x"}; flags map to ""
  bool has(const std::string& name) const { return options.count(name) > 0; }
  std::string get(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::string() : it->second;
  }
};

// Parses argv[first..]. `valued` lists options that take a value, `flags`
// those that do not. On error prints one line to stderr and returns false.
bool parseArgs(int argc, char** argv, int first, const std::vector<std::string>& valued,
               const std::vector<std::string>& flags, Args* out);

// Parses the one option at argv[*i] (`--name`, or `-n`) into `out`, moving
// *i past its value if it takes one. For commands that walk argv themselves.
bool parseOption(int argc, char** argv, int* i, const std::vector<std::string>& valued,
                 const std::vector<std::string>& flags, Args* out);

// Prints `refrain: message` to stderr and returns kExitUsage.
int usageError(const std::string& message);

// Options with a checked value. Each leaves `out` alone when the option is
// absent, and prints a usage error naming it and returns false when its
// value is wrong.
// `--NAME N`: a whole number from `min` to `max`.
bool wholeNumberOption(const Args& args, const std::string& name, int min, int max, int* out);
// `--NAME TIME`: an RFC 3339 date or timestamp, as UTC seconds.
bool timeOption(const Args& args, const std::string& name, int64_t* out);

}  // namespace refrain::cli
