// Catalog import: JSON Lines of works to WorkDefs, with every problem reported at its line.
#include "compiler/catalog.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "policy/vocabulary.h"
#include "runtime/money.h"
#include "runtime/time.h"

namespace refrain::compiler {

namespace {

using json = nlohmann::json;
using policy::Span;

class CatalogLine {
 public:
  CatalogLine(Span span, policy::Diagnostics& diags) : span_(span), diags_(diags) {}

  bool read(const json& j, runtime::WorkDef* w) {
    if (!j.is_object()) return fail("a catalog line must be a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
      static const char* kKeys[] = {"id", "isrc", "iswc", "title", "genre", "release_date", "tags", "contains_ai", "rightsholders"};
      if (std::none_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return it.key() == k; }))
        return fail("unknown key `" + it.key() + "` in a catalog work");
    }
    if (!j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty())
      return fail("a catalog work needs an `id` string");
    w->id = j["id"];
    return text(j, "isrc", &w->isrc, &w->hasIsrc) && text(j, "iswc", &w->iswc, &w->hasIswc) &&
           text(j, "title", &w->title, &w->hasTitle) && text(j, "genre", &w->genre, &w->hasGenre) &&
           releaseDate(j, w) && tags(j, w) && containsAi(j, w) && holders(j, w);
  }

 private:
  bool fail(std::string message) {
    diags_.error(span_, std::move(message));
    return false;
  }

  bool text(const json& j, const char* key, std::string* out, bool* has) {
    if (!j.contains(key)) return true;
    if (!j[key].is_string()) return fail(std::string("`") + key + "` must be a string");
    *out = j[key];
    *has = true;
    return true;
  }

  bool releaseDate(const json& j, runtime::WorkDef* w) {
    if (!j.contains("release_date")) return true;
    const json& d = j["release_date"];
    if (!d.is_string() || !runtime::parseTime(d.get<std::string>(), &w->releaseDate))
      return fail("`release_date` must be a date such as \"2025-03-14\"");
    w->hasReleaseDate = true;
    return true;
  }

  // DDEX ERN 4.3.1's AI disclosure (ContainsAI), in the language's words.
  bool containsAi(const json& j, runtime::WorkDef* w) {
    if (!j.contains("contains_ai")) return true;
    const json& v = j["contains_ai"];
    if (!v.is_string() || (v != "all" && v != "partly" && v != "none"))
      return fail("`contains_ai` must be \"all\", \"partly\" or \"none\"");
    w->containsAi = v;
    w->hasContainsAi = true;
    return true;
  }

  bool tags(const json& j, runtime::WorkDef* w) {
    if (!j.contains("tags")) return true;
    if (!j["tags"].is_array()) return fail("`tags` must be a list of strings");
    for (const json& t : j["tags"]) {
      if (!t.is_string()) return fail("`tags` must be a list of strings");
      w->tags.push_back(t);
    }
    w->hasTags = true;
    return true;
  }

  bool holders(const json& j, runtime::WorkDef* w) {
    if (!j.contains("rightsholders") || !j["rightsholders"].is_array() || j["rightsholders"].empty())
      return fail("work `" + w->id + "` needs a non-empty `rightsholders` list");
    std::map<std::string, std::pair<int, int64_t>> percentByRole;  // role -> (count with %, total ppm)
    std::map<std::string, int> countByRole;
    for (const json& h : j["rightsholders"]) {
      runtime::HolderDef holder;
      if (!h.is_object() || !h.contains("party") || !h["party"].is_string() || !h.contains("role") || !h["role"].is_string())
        return fail("each rights holder needs `party` and `role` strings");
      holder.party = h["party"];
      holder.role = h["role"];
      if (!policy::isRole(holder.role)) return fail("unknown role `" + holder.role + "` for party `" + holder.party + "`");
      for (const runtime::HolderDef& seen : w->holders)
        if (seen.party == holder.party && seen.role == holder.role)
          return fail("party `" + holder.party + "` is listed twice as `" + holder.role + "` on work `" + w->id + "`");
      ++countByRole[holder.role];
      if (h.contains("share") && !share(h["share"], &holder, percentByRole[holder.role])) return false;
      w->holders.push_back(holder);
    }
    return sharesAddUp(*w, countByRole, percentByRole);
  }

  bool share(const json& s, runtime::HolderDef* holder, std::pair<int, int64_t>& percent) {
    holder->hasShare = true;
    if (s.is_string()) {
      if (!runtime::parsePercentText(s.get<std::string>(), &holder->weight) || holder->weight < 0 || holder->weight > 1000000)
        return fail("share `" + s.get<std::string>() + "` of `" + holder->party + "` must be a percent from 0% to 100%");
      ++percent.first;
      percent.second += holder->weight;
      return true;
    }
    if (!s.is_number_integer() || s.get<int64_t>() < 0 || s.get<int64_t>() > (int64_t{1} << 40))
      return fail("share of `" + holder->party + "` must be a percent string or an integer weight from 0 to 2^40");
    holder->weight = s.get<int64_t>();
    return true;
  }

  bool sharesAddUp(const runtime::WorkDef& w, const std::map<std::string, int>& countByRole,
                   const std::map<std::string, std::pair<int, int64_t>>& percentByRole) {
    for (const auto& [role, count] : countByRole) {
      int withShare = 0;
      for (const runtime::HolderDef& h : w.holders) withShare += h.role == role && h.hasShare;
      if (withShare != 0 && withShare != count)
        return fail("work `" + w.id + "`: either every `" + role + "` has a share or none does");
      auto p = percentByRole.find(role);
      if (p == percentByRole.end() || p->second.first == 0) continue;
      // Percents need not total 100%: a split divides a role's portion in proportion to them.
      if (p->second.first != count) return fail("work `" + w.id + "`: `" + role + "` shares mix percents and weights");
    }
    return true;
  }

  Span span_;
  policy::Diagnostics& diags_;
};

}  // namespace

std::vector<runtime::WorkDef> readCatalog(const policy::SourceFile& source, int file, policy::Diagnostics& diags) {
  std::vector<runtime::WorkDef> works;
  std::map<std::string, int> firstLine;
  size_t start = 0;
  for (int line = 1; start < source.text.size(); ++line) {
    size_t end = source.text.find('\n', start);
    if (end == std::string::npos) end = source.text.size();
    std::string_view text(source.text.data() + start, end - start);
    start = end + 1;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Span span{file, line, 1};
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) {
      diags.error(span, "catalog line is not valid JSON");
      continue;
    }
    runtime::WorkDef w;
    if (!CatalogLine(span, diags).read(j, &w)) continue;
    auto [it, fresh] = firstLine.emplace(w.id, line);
    if (!fresh) {
      diags.error(span, "duplicate work id `" + w.id + "` (first on line " + std::to_string(it->second) + ")");
      continue;
    }
    works.push_back(std::move(w));
  }
  std::sort(works.begin(), works.end(), [](const runtime::WorkDef& a, const runtime::WorkDef& b) { return a.id < b.id; });
  return works;
}

}  // namespace refrain::compiler
