// IETF AIPREF: the `Content-Usage` preferences of draft-ietf-aipref-vocab-07,
// as the HTTP header field and the robots.txt rule of draft-ietf-aipref-attach-05.
//
// vocab-07 has two categories: `train-ai` (training models that generate
// content) and `search`. Refrain has no search use, so only `train-ai`
// maps, to `ai.train.generative`, both ways. The vocabulary has no terms:
// a constrained use is exported as `n` (AIPREF §5.2: a licence overrides a
// preference, so `n` plus an RSL licence is coherent).
#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "interop/signals.h"
#include "interop/structured_field.h"

namespace refrain::interop {
namespace {

constexpr const char* kTrainAi = "train-ai";
constexpr const char* kTrainAiUse = "ai.train.generative";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isWs(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isWs(s.front())) s.remove_prefix(1);
  while (!s.empty() && (isWs(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A robots.txt path may not hold white space, a comment or a line break (RFC 9309).
bool validPath(const std::string& url) {
  return !url.empty() && url[0] == '/' &&
         std::none_of(url.begin(), url.end(), [](char c) { return isWs(c) || c == '#' || c == '\r' || c == '\n'; });
}

// One line of input with where it starts, for `file:line:col`.
struct Line {
  std::string_view text;
  size_t number;
};

std::vector<Line> linesOf(std::string_view text) {
  std::vector<Line> out;
  size_t start = 0, number = 1;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back({text.substr(start, end - start), number++});
    start = end + 1;
  }
  return out;
}

class Reader {
 public:
  Reader(std::string_view fileName, ImportedSignal* out, std::vector<std::string>* errors)
      : fileName_(fileName), out_(out), errors_(errors) {}

  bool read(std::string_view text) {
    std::vector<Line> lines = linesOf(text);
    bool robots = std::any_of(lines.begin(), lines.end(), [](const Line& l) { return label(l.text) == "user-agent"; });
    bool ok = robots ? readRobots(lines) : readHeader(lines);
    if (!ok) return false;
    if (pathSaysNo_) trainAi_ = 'n';
    if (!seen_) return fail(1, 1, robots ? "no `Content-Usage` rule for every path in the `User-Agent: *` group"
                                          : "expected a `Content-Usage` field");
    if (trainAi_ != 0) out_->uses[kTrainAiUse] = SignalUse{trainAi_ == 'y' ? Stance::kAllowed : Stance::kNotAllowed, {}, {}};
    else out_->notes.push_back("`train-ai` is not stated: the policy says nothing of training");
    return true;
  }

 private:
  // The label of a `name: value` line, lowercased; empty when the line has none.
  static std::string label(std::string_view line) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return "";
    std::string name = lower(trim(line.substr(0, colon)));
    bool word = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
    return word ? name : "";
  }

  bool fail(size_t line, size_t column, const std::string& why) {
    errors_->push_back(std::string(fileName_) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: " + why);
    return false;
  }

  // The header field: `Content-Usage: VALUE` lines, or bare values; several
  // lines are one field, later members overriding earlier ones (RFC 9651 §4.2).
  bool readHeader(const std::vector<Line>& lines) {
    for (const Line& l : lines) {
      if (trim(l.text).empty()) continue;
      std::string name = label(l.text);
      size_t valueAt = 0;
      if (!name.empty() && name != "content-usage") return fail(l.number, 1, "expected a `Content-Usage` field, found `" + name + "`");
      if (!name.empty()) valueAt = l.text.find(':') + 1;
      while (valueAt < l.text.size() && isWs(l.text[valueAt])) ++valueAt;
      if (!preference(l, valueAt, trim(l.text.substr(valueAt)))) return false;
    }
    return true;
  }

  // robots.txt (RFC 9309): the group for `*`, its rule with no path (or `/`).
  bool readRobots(const std::vector<Line>& lines) {
    bool inStar = false, groupHasRules = false;
    for (const Line& l : lines) {
      std::string_view text = l.text.substr(0, std::min(l.text.find('#'), l.text.size()));
      std::string name = label(text);
      if (name.empty()) continue;
      size_t valueAt = text.find(':') + 1;
      while (valueAt < text.size() && isWs(text[valueAt])) ++valueAt;
      std::string_view value = trim(text.substr(valueAt));
      if (name == "user-agent") {
        if (groupHasRules) inStar = false;  // a new group starts
        groupHasRules = false;
        inStar |= value == "*";
        continue;
      }
      groupHasRules = true;
      if (name != "content-usage" || !inStar) continue;
      if (!value.empty() && value[0] == '/') {
        size_t end = 0;
        while (end < value.size() && !isWs(value[end])) ++end;
        std::string_view path = value.substr(0, end);
        if (path != "/") {
          // Refrain policies have no paths: a path's `n` holds for the whole
          // catalog (never widened to the root's `y`); its `y` says nothing.
          char root = trainAi_;
          trainAi_ = 0;
          size_t at = end;
          while (at < value.size() && isWs(value[at])) ++at;
          if (!preference(l, valueAt + at, value.substr(at))) return false;
          bool no = trainAi_ == 'n';
          pathSaysNo_ |= no;
          trainAi_ = root;
          out_->notes.push_back("the rule for `" + std::string(path) + "` (line " + std::to_string(l.number) + ") " +
                                (no ? "says `train-ai=n` for part of the site: it holds for all of it"
                                             : "is ignored: Refrain policies have no paths"));
          continue;
        }
        size_t skip = end;
        while (skip < value.size() && isWs(value[skip])) ++skip;
        valueAt += skip;
        value = value.substr(skip);
      }
      // Rules for the same path combine most restrictively (attach-05 §3.1).
      char before = trainAi_;
      trainAi_ = 0;
      if (!preference(l, valueAt, value)) return false;
      if (before == 'n' || (before == 'y' && trainAi_ == 0)) trainAi_ = before;
    }
    return true;
  }

  // One preference value, a Structured Field Dictionary, at `column0` of line `l`.
  bool preference(const Line& l, size_t column0, std::string_view value) {
    seen_ = true;
    sf::Dictionary dict;
    std::string why;
    if (!sf::parseDictionary(value, &dict, &why)) {
      size_t offset = 0;
      if (why.rfind("at offset ", 0) == 0) offset = std::stoul(why.substr(10));
      std::string what = why.substr(std::min(why.size(), why.find(": ") + 2));
      return fail(l.number, column0 + offset + 1, "not a Structured Field Dictionary (RFC 9651): " + what);
    }
    for (const auto& [key, member] : dict) {
      if (key == "search") {
        noteOnce("`search` is ignored: Refrain has no search use");
        continue;
      }
      if (key != kTrainAi) {
        noteOnce("`" + key + "` is ignored: vocab-07 does not define it");
        continue;
      }
      const sf::Item* item = std::get_if<sf::Item>(&member);
      const sf::Token* token = item ? std::get_if<sf::Token>(&item->value) : nullptr;
      if (!token || (token->name != "y" && token->name != "n"))
        return fail(l.number, column0 + lastKeyAt(value, key) + 1,
                    "`train-ai` must be the token `y` or `n` (vocab-07 §6); Refrain does not guess what else means");
      trainAi_ = token->name[0];
    }
    return true;
  }

  // Where the last member named `key` starts in `value` (a parsed Dictionary).
  static size_t lastKeyAt(std::string_view value, const std::string& key) {
    size_t found = 0;
    bool inString = false, atMember = true;
    for (size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (inString) {
        if (c == '\\') ++i;
        else if (c == '"') inString = false;
        continue;
      }
      if (atMember && !isWs(c)) {
        if (value.compare(i, key.size(), key) == 0 &&
            (i + key.size() == value.size() || std::string_view("=;, \t").find(value[i + key.size()]) != std::string_view::npos))
          found = i;
        atMember = false;
      }
      if (c == '"') inString = true;
      if (c == ',') atMember = true;
    }
    return found;
  }

  void noteOnce(const std::string& note) {
    if (noted_.insert(note).second) out_->notes.push_back(note);
  }

  std::string_view fileName_;
  ImportedSignal* out_;
  std::vector<std::string>* errors_;
  bool seen_ = false;
  bool pathSaysNo_ = false;  // a rule for a path says `train-ai=n`
  char trainAi_ = 0;  // 'y', 'n', or 0 when not stated
  std::unordered_set<std::string> noted_;
};

}  // namespace

bool exportAipref(const StanceSheet& sheet, const ExportOptions& options, std::string* out, std::string* error) {
  bool allowed = sheet.of(kTrainAiUse).stance == Stance::kAllowed;
  sf::Dictionary dict{{kTrainAi, sf::Item{sf::Token{allowed ? "y" : "n"}, {}}}};
  std::string value;
  if (!sf::serializeDictionary(dict, &value, error)) return false;
  if (!options.robots) {
    *out = "Content-Usage: " + value + "\n";
    return true;
  }
  if (!validPath(options.url)) {
    *error = "the robots.txt path must start with `/` and hold no white space or `#`: `" + options.url + "`";
    return false;
  }
  out->clear();
  if (!options.rslUrl.empty()) *out += "License: " + options.rslUrl + "\n\n";
  *out += "User-Agent: *\n";
  *out += "Content-Usage: " + (options.url == "/" ? "" : options.url + " ") + value + "\n";
  return true;
}

bool importAipref(std::string_view fileName, std::string_view text, ImportedSignal* out,
                  std::vector<std::string>* errors) {
  return Reader(fileName, out, errors).read(text);
}

}  // namespace refrain::interop
