// The REPL's state: the loaded program, the request being built and the last decision.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/compile.h"
#include "runtime/decision.h"
#include "runtime/engine.h"

namespace refrain::cli::repl {

using ojson = nlohmann::ordered_json;

struct Session {
  std::vector<std::string> sources;  // as given on the command line or to `:load`
  std::string catalog;               // empty: no catalog
  bool loaded = false;               // a program compiled without errors
  compiler::CompileResult result;    // the checked program and catalog
  std::unique_ptr<runtime::Engine> engine;
  std::map<std::string, ojson> works;  // the catalog's lines by work id, as written
  ojson request = ojson::object();
  std::optional<runtime::Decision> last;  // the last `:decide`
  ojson decided;                          // the request it decided
};

// Compiles `sources` (with `catalog`) into `s`, printing diagnostics to `out`.
// On failure `s` keeps its previous program.
bool load(Session& s, const std::vector<std::string>& sources, const std::string& catalog, std::ostream& out);

// Recompiles the session's files and reports what changed.
bool reload(Session& s, std::ostream& out);

// `:set PATH VALUE`, `:unset PATH`: false with a one-line `error` when the path is unknown.
bool setField(Session& s, const std::string& name, const std::string& value, std::string* error);
bool unsetField(Session& s, const std::string& name, std::string* error);

// Replaces the request with the JSON object in `path`.
bool loadRequest(Session& s, const std::string& path, std::string* error);

// Decides the current request with the runtime; false with `error` when nothing is loaded.
bool decide(Session& s, std::string* error);

// `:save-test NAME FILE`: appends (or replaces) the case NAME holding the
// last decided request and its decision in the test file FILE, creating it
// with the session's sources and catalog (relative to FILE's folder).
bool saveTest(const Session& s, const std::string& name, const std::string& file, std::string* message);

// Every field name `:set` accepts, as written (`territory`, `requester.id`, `use`, `work`...).
std::vector<std::string> fieldNames();

}  // namespace refrain::cli::repl
