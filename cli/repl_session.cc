// The REPL's state: compiling and reloading, building the request, deciding.
#include "cli/repl_session.h"

#include <algorithm>
#include <sstream>

#include "cli/files.h"
#include "compiler/expr_text.h"
#include "policy/checker.h"
#include "policy/vocabulary.h"
#include "runtime/time.h"

namespace refrain::cli::repl {

namespace {

// What `:reload` compares: each policy version's rule count and a fingerprint of its text.
struct PolicyShape {
  size_t rules = 0;
  std::string fingerprint;
};

std::string versionKey(const policy::Policy& p) {
  return p.effective ? p.name + " (effective " + runtime::formatTime(*p.effective).substr(0, 10) + ")" : p.name;
}

std::string uses(const std::vector<policy::UseRef>& refs) {
  std::string out;
  for (const policy::UseRef& u : refs) out += u.name + ",";
  return out;
}

std::string ruleFingerprint(const policy::Rule& r) {
  std::string f = (r.allow ? "allow " : "deny ") + uses(r.uses) + " except " + uses(r.except);
  if (r.when) f += " when " + compiler::exprText(*r.when);
  if (r.pay) f += " pay " + compiler::exprText(*r.pay);
  for (const policy::Share& sh : r.split) f += " split " + sh.role + std::to_string(sh.ppm);
  for (const policy::Duty& d : r.duties) {
    f += " duty " + d.name;
    for (const policy::TextPart& part : d.parts) f += "|" + part.text;
  }
  return f;
}

std::map<std::string, PolicyShape> shapes(const policy::Program& program) {
  std::map<std::string, PolicyShape> out;
  for (const policy::Policy& p : program.policies) {
    PolicyShape& shape = out[versionKey(p)];
    shape.rules = p.rules.size();
    shape.fingerprint = p.role + p.party + std::to_string(p.expires.value_or(0)) + (p.on ? compiler::exprText(*p.on) : "");
    for (const policy::Consent& c : p.consents) shape.fingerprint += " consent " + uses(c.uses);
    for (const policy::Rule& r : p.rules) shape.fingerprint += "\n" + ruleFingerprint(r);
  }
  return out;
}

size_t ruleCount(const policy::Program& program) {
  size_t n = 0;
  for (const policy::Policy& p : program.policies) n += p.rules.size();
  return n;
}

void reportChanges(const std::map<std::string, PolicyShape>& before, const std::map<std::string, PolicyShape>& after,
                   std::ostream& out) {
  int changes = 0;
  for (const auto& [name, shape] : after) {
    auto it = before.find(name);
    if (it == before.end()) {
      out << "  added: " << name << " (" << shape.rules << " rules)\n";
    } else if (it->second.fingerprint != shape.fingerprint) {
      out << "  changed: " << name << " (" << it->second.rules << " rules -> " << shape.rules << ")\n";
    } else {
      continue;
    }
    ++changes;
  }
  for (const auto& [name, shape] : before)
    if (!after.count(name)) out << "  removed: " << name << " (" << shape.rules << " rules)\n", ++changes;
  if (changes == 0) out << "  no policy changed\n";
}

// The catalog's lines by id, kept as written so `:set work` copies every field.
std::map<std::string, ojson> catalogLines(const compiler::CompileResult& result) {
  std::map<std::string, ojson> works;
  if (result.files.size() <= result.program.sources.size()) return works;
  std::istringstream in(result.files.back().text);
  std::string line;
  while (std::getline(in, line)) {
    ojson j = ojson::parse(line, nullptr, false);
    if (j.is_object() && j.contains("id") && j["id"].is_string()) works[j["id"].get<std::string>()] = j;
  }
  return works;
}

// The request path for a name as typed: `time` is `context.time`, `use` and `work` stay.
std::string pathOf(const std::string& name) {
  if (name == "use" || name == "work" || name == "requester" || name == "context") return name;
  return policy::canonicalPath(name);
}

bool knownPath(const std::string& path) {
  if (path == "use" || path == "work" || path == "work.rightsholders") return true;
  return policy::fieldType(path).base != policy::BaseType::kError;
}

std::vector<std::string> splitDots(const std::string& path) {
  std::vector<std::string> keys;
  std::istringstream in(path);
  std::string key;
  while (std::getline(in, key, '.')) keys.push_back(key);
  return keys;
}

}  // namespace

bool load(Session& s, const std::vector<std::string>& sources, const std::string& catalog, std::ostream& out) {
  compiler::CompileInput input;
  std::string error;
  if (!loadInput(sources, catalog, &input, &error)) return out << "error: " << error << "\n", false;
  compiler::CompileResult result = compiler::compile(std::move(input));
  out << policy::renderDiagnostics(result.diagnostics, result.files);
  if (!result.ok) return out << "error: the sources have errors; nothing loaded\n", false;
  auto engine = runtime::Engine::load(result.bundle.data(), result.bundle.size(), &error);
  if (!engine) return out << "error: compiled bundle: " << error << "\n", false;
  s.sources = sources;
  s.catalog = catalog;
  s.works = catalogLines(result);
  s.result = std::move(result);
  s.engine = std::move(engine);
  s.loaded = true;
  s.last.reset();
  out << "loaded " << s.result.program.policies.size() << " policies, " << ruleCount(s.result.program) << " rules, "
      << s.result.works.size() << " works\n";
  return true;
}

bool reload(Session& s, std::ostream& out) {
  if (s.sources.empty()) return out << "error: nothing to reload; use `:load FILE...`\n", false;
  auto before = shapes(s.result.program);
  size_t rulesBefore = ruleCount(s.result.program);
  if (!load(s, s.sources, s.catalog, out)) return out << "keeping the previous program\n", false;
  out << "rules: " << rulesBefore << " -> " << ruleCount(s.result.program) << "\n";
  reportChanges(before, shapes(s.result.program), out);
  return true;
}

bool setField(Session& s, const std::string& name, const std::string& value, std::string* error) {
  std::string path = pathOf(name);
  if (!knownPath(path)) return *error = "unknown field `" + name + "`; `:help` lists the request fields", false;
  if (value.empty()) return *error = "give a value: `:set " + name + " VALUE`", false;
  ojson parsed = ojson::parse(value, nullptr, false);
  if (parsed.is_discarded()) parsed = value;  // not JSON: a plain string
  if (path == "work" && parsed.is_string()) {
    auto it = s.works.find(parsed.get<std::string>());
    parsed = it != s.works.end() ? it->second : ojson{{"id", parsed}};
  }
  ojson* at = &s.request;
  for (const std::string& key : splitDots(path)) {
    if (!at->is_object()) *at = ojson::object();
    at = &(*at)[key];
  }
  *at = parsed;
  return true;
}

bool unsetField(Session& s, const std::string& name, std::string* error) {
  std::string path = pathOf(name);
  if (!knownPath(path) && path != "requester" && path != "context")
    return *error = "unknown field `" + name + "`", false;
  std::vector<std::string> keys = splitDots(path);
  ojson* at = &s.request;
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    if (!at->is_object() || !at->contains(keys[i])) return true;
    at = &(*at)[keys[i]];
  }
  if (at->is_object()) at->erase(keys.back());
  return true;
}

bool loadRequest(Session& s, const std::string& path, std::string* error) {
  std::string text;
  if (!readFile(path, &text, error)) return false;
  ojson j = ojson::parse(text, nullptr, false);
  if (!j.is_object()) return *error = "`" + path + "` does not hold a JSON object", false;
  s.request = std::move(j);
  return true;
}

bool decide(Session& s, std::string* error) {
  if (!s.engine) return *error = "no program loaded; use `:load FILE...`", false;
  runtime::DecideScratch scratch;
  s.last = s.engine->decide(s.request.dump(), scratch);
  s.decided = s.request;
  return true;
}

std::vector<std::string> fieldNames() {
  std::vector<std::string> names = {"use", "work", "time", "territory", "purpose", "units", "revenue",
                                    "model.name", "model.provider", "model.open_weights", "output.labelled_ai",
                                    "output.attribution", "requester.id", "requester.kind", "requester.verified",
                                    "work.id", "work.isrc", "work.iswc", "work.title", "work.genre",
                                    "work.release_date", "work.tags", "work.rightsholders"};
  return names;
}

}  // namespace refrain::cli::repl
