// `refrain repl`: load policies, build a request step by step, decide it, ask why, try expressions.
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/repl_expr.h"
#include "cli/repl_analysis.h"
#include "cli/repl_input.h"
#include "cli/repl_session.h"
#include "policy/vocabulary.h"

namespace refrain::cli {

namespace {

using repl::Session;

const char* kUsage = R"(usage: refrain repl [FILE...] [--catalog WORKS.jsonl]

An interactive session for policy authors: load policies, build a request
field by field, decide it, ask why, and evaluate expressions. Reads commands
from stdin; on a terminal it edits lines, keeps history in ~/.refrain_history
and completes with Tab. Type `:help` inside for the commands.
Exit status: 0 at `:quit` or end of input, 2 bad arguments.
)";

const char* kCommands = R"(commands:
  :load FILE... [--catalog W]  compile policy sources (and a catalog)
  :reload                      recompile; report added, removed and changed policies
  :set FIELD VALUE             set a request field; VALUE is JSON when it parses
                               (true, 42, "x"), else a string; `:set work ID`
                               copies the work from the catalog
  :unset FIELD                 remove a request field
  :request [FILE]              show the request, or load one from FILE
  :clear                       start a new, empty request
  :decide                      decide the request; print the canonical decision
  :why                         explain the last decision and the allow rules that failed
  :save-test NAME [FILE]       add the request and decision as a case (default repl.test.json)
  :diff FILE...                prove which requests the sources in FILE... decide
                               differently from the loaded ones, with one each
  :verify PROPERTY             prove a property of the loaded program, e.g.
                               `never allow ai.generate.voice` (docs/analysis.md)
  :help                        this list
  :quit                        leave (so does end of input)
  EXPR                         evaluate an expression: `territory in EU` -> `true : bool`
fields: use, work, time, territory, purpose, units, revenue, model.name,
  model.provider, model.open_weights, output.*, requester.id, requester.kind,
  requester.verified, work.*, and any other context field by name
)";

const std::vector<std::string> kCommandNames = {":load", ":reload", ":set",  ":unset",     ":request", ":clear",
                                                ":decide", ":why",  ":help", ":save-test", ":diff", ":verify", ":quit"};

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// Everything after the first `count` words of `line`, trimmed.
std::string rest(const std::string& line, int count) {
  size_t at = 0;
  for (int i = 0; i < count; ++i) {
    at = line.find_first_not_of(" \t", at);
    at = at == std::string::npos ? at : line.find_first_of(" \t", at);
    if (at == std::string::npos) return "";
  }
  size_t start = line.find_first_not_of(" \t", at);
  if (start == std::string::npos) return "";
  size_t end = line.find_last_not_of(" \t");
  return line.substr(start, end - start + 1);
}

std::vector<std::string> completions(const Session& s) {
  std::vector<std::string> out = kCommandNames;
  for (const std::string& f : repl::fieldNames()) out.push_back(f);
  for (const policy::UseNode& u : policy::builtinUses()) out.emplace_back(u.name);
  for (const policy::Policy& p : s.result.program.policies) out.push_back(p.party);
  for (const auto& [id, work] : s.works) out.push_back(id);
  return out;
}

void loadCommand(Session& s, const std::vector<std::string>& w, std::ostream& out) {
  std::vector<std::string> sources;
  std::string catalog = s.catalog;
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i] == "--catalog" && i + 1 < w.size()) catalog = w[++i];
    else sources.push_back(w[i]);
  }
  if (sources.empty()) return void(out << "error: give the policy files: `:load FILE... [--catalog W]`\n");
  repl::load(s, sources, catalog, out);
}

void setCommand(Session& s, const std::string& line, const std::vector<std::string>& w, std::ostream& out) {
  if (w.size() < 3) return void(out << "error: usage: `:set FIELD VALUE`\n");
  std::string error;
  if (!repl::setField(s, w[1], rest(line, 2), &error)) return void(out << "error: " << error << "\n");
}

void requestCommand(Session& s, const std::vector<std::string>& w, std::ostream& out) {
  std::string error;
  if (w.size() > 1 && !repl::loadRequest(s, w[1], &error)) return void(out << "error: " << error << "\n");
  out << s.request.dump(2) << "\n";
}

void decideCommand(Session& s, std::ostream& out) {
  std::string error, text;
  if (!repl::decide(s, &error)) return void(out << "error: " << error << "\n");
  runtime::writeDecisionJson(*s.last, &text);
  out << text;
}

void saveCommand(Session& s, const std::vector<std::string>& w, std::ostream& out) {
  if (w.size() < 2 || w.size() > 3) return void(out << "error: usage: `:save-test NAME [FILE]`\n");
  std::string message;
  bool ok = repl::saveTest(s, w[1], w.size() == 3 ? w[2] : "repl.test.json", &message);
  out << (ok ? "" : "error: ") << message << "\n";
}

// Runs one line; false when the session should end.
bool execute(Session& s, const std::string& line, std::ostream& out) {
  std::vector<std::string> w = words(line);
  if (w.empty() || w[0][0] == '#') return true;
  const std::string& cmd = w[0];
  std::string error;
  if (cmd == ":quit" || cmd == ":q" || cmd == ":exit") return false;
  if (cmd[0] != ':') repl::evalExpression(s, rest(line, 0), out);
  else if (cmd == ":help") out << kCommands;
  else if (cmd == ":load") loadCommand(s, w, out);
  else if (cmd == ":reload") repl::reload(s, out);
  else if (cmd == ":set") setCommand(s, line, w, out);
  else if (cmd == ":unset" && w.size() == 2) {
    if (!repl::unsetField(s, w[1], &error)) out << "error: " << error << "\n";
  } else if (cmd == ":unset") out << "error: usage: `:unset FIELD`\n";
  else if (cmd == ":request") requestCommand(s, w, out);
  else if (cmd == ":clear") s.request = repl::ojson::object();
  else if (cmd == ":decide") decideCommand(s, out);
  else if (cmd == ":why") repl::explainWhy(s, out);
  else if (cmd == ":save-test") saveCommand(s, w, out);
  else if (cmd == ":diff") repl::diffCommand(s, std::vector<std::string>(w.begin() + 1, w.end()), out);
  else if (cmd == ":verify") repl::verifyCommand(s, rest(line, 1), out);
  else out << "error: unknown command `" << cmd << "`; `:help` lists the commands\n";
  return true;
}

}  // namespace

int runRepl(int argc, char** argv) {
  Args args;
  if (!parseArgs(argc, argv, 2, {"catalog"}, {"help", "h"}, &args)) return kExitUsage;
  if (args.has("help") || args.has("h")) return std::cout << kUsage, kExitOk;
  Session s;
  repl::LineReader reader;
  if (reader.interactive()) std::cout << "refrain repl; `:help` lists the commands, `:quit` leaves\n";
  if (!args.positional.empty()) repl::load(s, args.positional, args.get("catalog"), std::cout);
  else if (args.has("catalog")) s.catalog = args.get("catalog");
  reader.setWords(completions(s));
  std::string line;
  while (reader.read("refrain> ", &line)) {
    bool go = execute(s, line, std::cout);
    std::cout << std::flush;
    if (!go) break;
    reader.setWords(completions(s));
  }
  return kExitOk;
}

}  // namespace refrain::cli
