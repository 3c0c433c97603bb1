// Loading `*.test.json` files, comparing decisions key by key, and counting which rules decided.
#include "cli/policy_tests.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace refrain::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const kDecisionKeys[] = {"decision", "use", "work", "reasons", "duties", "payments", "errors"};

std::string resolve(const std::string& testFile, const std::string& path) {
  return (fs::path(testFile).parent_path() / path).lexically_normal().generic_string();
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string percentText(size_t decided, size_t total) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", total == 0 ? 100.0 : 100.0 * decided / total);
  return buf;
}

}  // namespace

bool parseTestFile(const std::string& path, const std::string& text, PolicyTestFile* out, std::string* error) {
  auto fail = [&](const std::string& message) { return *error = path + ": " + message, false; };
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail("not valid JSON");
  if (!doc.is_object()) return fail("a test file is a JSON object");
  for (const auto& [key, value] : doc.items()) {
    (void)value;
    if (key != "sources" && key != "catalog" && key != "cases") return fail("unknown key `" + key + "`");
  }
  out->path = path;
  if (!doc.contains("sources") || !doc["sources"].is_array() || doc["sources"].empty())
    return fail("`sources` must be a non-empty list of policy files");
  for (const json& s : doc["sources"]) {
    if (!s.is_string()) return fail("`sources` must list file paths (strings)");
    out->sources.push_back(resolve(path, s.get<std::string>()));
  }
  if (doc.contains("catalog")) {
    if (!doc["catalog"].is_string()) return fail("`catalog` must be a file path (string)");
    out->catalog = resolve(path, doc["catalog"].get<std::string>());
  }
  if (!doc.contains("cases") || !doc["cases"].is_array()) return fail("`cases` must be a list");
  for (size_t i = 0; i < doc["cases"].size(); ++i) {
    const json& c = doc["cases"][i];
    std::string where = "case " + std::to_string(i + 1);
    if (!c.is_object()) return fail(where + " is not an object");
    if (!c.contains("name") || !c["name"].is_string()) return fail(where + " has no `name` string");
    PolicyTestCase tc;
    tc.name = c["name"].get<std::string>();
    where = "case `" + tc.name + "`";
    for (const auto& [key, value] : c.items()) {
      (void)value;
      if (key != "name" && key != "request" && key != "expect") return fail(where + ": unknown key `" + key + "`");
    }
    if (!c.contains("request")) return fail(where + " has no `request`");
    if (c["request"].is_object()) tc.request = c["request"].dump();
    else if (c["request"].is_string()) tc.request = c["request"].get<std::string>();  // raw text, even malformed
    else return fail(where + ": `request` must be an object (or a string of request text)");
    if (!c.contains("expect") || !c["expect"].is_object()) return fail(where + " has no `expect` object");
    tc.expect = c["expect"];
    if (!tc.expect.contains("decision")) return fail(where + ": `expect` needs `decision`");
    for (const auto& [key, value] : tc.expect.items()) {
      (void)value;
      if (std::find(std::begin(kDecisionKeys), std::end(kDecisionKeys), key) == std::end(kDecisionKeys))
        return fail(where + ": `expect` has `" + key + "`, which is not a key of a decision");
    }
    out->cases.push_back(std::move(tc));
  }
  return true;
}

bool findTestFiles(const std::vector<std::string>& paths, std::vector<std::string>* out, std::string* error) {
  const std::string suffix = ".test.json";
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (it->is_regular_file(ec) && name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
          found.push_back(it->path().lexically_normal().generic_string());
      }
      if (ec) return *error = "cannot read folder `" + path + "`", false;
      std::sort(found.begin(), found.end());
      out->insert(out->end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      out->push_back(path);
    } else {
      return *error = "cannot read `" + path + "`", false;
    }
  }
  return true;
}

json normalizeRules(json value) {
  if (value.is_array()) {
    for (json& v : value) v = normalizeRules(std::move(v));
  } else if (value.is_object()) {
    for (auto& [key, v] : value.items()) {
      if (key == "rule" && v.is_string()) {
        std::string rule = v.get<std::string>();
        size_t slash = rule.find_last_of('/');
        if (slash != std::string::npos) v = rule.substr(slash + 1);
      } else {
        v = normalizeRules(std::move(v));
      }
    }
  }
  return value;
}

std::vector<std::string> compareDecision(const json& expect, const json& actual) {
  std::vector<std::string> diffs;
  std::vector<std::string> keys;
  for (const char* key : kDecisionKeys)
    if (expect.contains(key)) keys.push_back(key);
  for (const std::string& key : keys) {
    json want = normalizeRules(expect[key]);
    json got = actual.contains(key) ? normalizeRules(actual[key]) : json();
    if (want == got) continue;
    std::string body = lineDiff(want.dump(2), actual.contains(key) ? got.dump(2) : "(missing)");
    diffs.push_back(key + " (- expected, + actual):\n" + body);
  }
  return diffs;
}

std::string lineDiff(const std::string& expected, const std::string& actual, int context) {
  std::vector<std::string> a = splitLines(expected), b = splitLines(actual);
  size_t n = a.size(), m = b.size();
  // lcs[i][j]: longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<std::pair<char, std::string>> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) ops.push_back({' ', a[i++]}), ++j;
    else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push_back({'-', a[i++]});
    else ops.push_back({'+', b[j++]});
  }
  // Keep unchanged lines within `context` of a change.
  bool changed = std::any_of(ops.begin(), ops.end(), [](const auto& op) { return op.first != ' '; });
  std::vector<bool> keep(ops.size(), !changed);
  for (size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].first == ' ') continue;
    size_t from = k >= static_cast<size_t>(context) ? k - context : 0;
    size_t to = std::min(ops.size(), k + context + 1);
    for (size_t x = from; x < to; ++x) keep[x] = true;
  }
  std::string out;
  bool elided = false;
  for (size_t k = 0; k < ops.size(); ++k) {
    if (!keep[k]) {
      if (!elided) out += "    ...\n";
      elided = true;
      continue;
    }
    elided = false;
    out += "  ";
    out += ops[k].first;
    out += ' ';
    out += ops[k].second;
    out += '\n';
  }
  return out;
}

void Coverage::addProgram(const policy::Program& program, const std::vector<std::string>& names,
                          const std::vector<std::string>& keys) {
  for (const policy::Policy& p : program.policies)
    for (const policy::Rule& r : p.rules) {
      size_t f = static_cast<size_t>(r.span.file);
      if (f >= names.size() || f >= keys.size()) continue;
      FileInfo& file = files_[keys[f]];
      if (file.name.empty()) file.name = names[f];
      RuleInfo& info = file.rules[r.span.line];
      info.kind = r.allow ? "allow" : "deny";
      info.use = r.uses.empty() ? std::string() : r.uses.front().name;
      byName_[names[f] + ":" + std::to_string(r.span.line)] = {keys[f], r.span.line};
    }
}

void Coverage::addDecision(const json& decision) {
  auto mark = [&](const json& item) {
    if (!item.is_object() || !item.contains("rule") || !item["rule"].is_string()) return;
    auto it = byName_.find(item["rule"].get<std::string>());
    if (it != byName_.end()) files_[it->second.first].rules[it->second.second].decided = true;
  };
  if (decision.contains("reasons"))
    for (const json& r : decision["reasons"]) {
      std::string verdict = r.value("verdict", "");
      if (verdict == "allow" || verdict == "deny" || verdict == "error") mark(r);
    }
  if (decision.contains("payments"))
    for (const json& p : decision["payments"])
      if (p.contains("terms"))
        for (const json& t : p["terms"]) mark(t);
}

double Coverage::percent() const {
  size_t decided = 0, total = 0;
  for (const auto& [key, file] : files_)
    for (const auto& [line, rule] : file.rules) total++, decided += rule.decided;
  return total == 0 ? 100.0 : 100.0 * decided / total;
}

std::string Coverage::report() const {
  std::vector<const FileInfo*> files;
  for (const auto& [key, file] : files_) files.push_back(&file);
  std::sort(files.begin(), files.end(), [](const FileInfo* x, const FileInfo* y) { return x->name < y->name; });
  std::string out;
  size_t decided = 0, total = 0;
  for (const FileInfo* file : files) {
    size_t fileDecided = 0;
    std::string never;
    for (const auto& [line, rule] : file->rules) {
      if (rule.decided) {
        ++fileDecided;
        continue;
      }
      never += never.empty() ? "  never decided: " : ", ";
      never += file->name + ":" + std::to_string(line) + " (" + rule.kind + " " + rule.use + ")";
    }
    out += file->name + ": " + std::to_string(fileDecided) + "/" + std::to_string(file->rules.size()) +
           " rules decided (" + percentText(fileDecided, file->rules.size()) + ")\n";
    if (!never.empty()) out += never + "\n";
    decided += fileDecided;
    total += file->rules.size();
  }
  out += "coverage: " + std::to_string(decided) + "/" + std::to_string(total) + " rules decided (" +
         percentText(decided, total) + ")\n";
  return out;
}

}  // namespace refrain::cli
