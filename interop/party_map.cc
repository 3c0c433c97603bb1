#include "interop/party_map.h"

#include <nlohmann/json.hpp>

namespace refrain::interop {

namespace {

// The keys an identifier is filed under, strongest first.
std::vector<std::string> keysOf(const DdexPartyIds& ids) {
  std::vector<std::string> keys;
  if (!ids.isni.empty()) keys.push_back("isni:" + ids.isni);
  if (!ids.ipi.empty()) keys.push_back("ipi:" + ids.ipi);
  if (!ids.dpid.empty()) keys.push_back("dpid:" + ids.dpid);
  for (const std::string& p : ids.proprietary) keys.push_back("proprietary:" + p);
  for (const std::string& n : ids.names) keys.push_back("name:" + n);
  return keys;
}

}  // namespace

bool PartyMap::read(std::string_view fileName, std::string_view text, std::vector<std::string>* errors) {
  size_t before = errors->size();
  size_t start = 0;
  for (int line = 1; start < text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(start, end - start);
    start = end + 1;
    if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto error = [&](const std::string& why) {
      errors->push_back(std::string(fileName) + ":" + std::to_string(line) + ":1: error: " + why);
    };
    nlohmann::json j = nlohmann::json::parse(row, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      error("a party map line must be a JSON object");
      continue;
    }
    if (!j.contains("party") || !j["party"].is_string() || j["party"].get<std::string>().empty()) {
      error("a party map line needs a `party` string: the Refrain party id");
      continue;
    }
    std::string party = j["party"];
    DdexPartyIds ids;
    bool ok = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& key = it.key();
      if (key == "party") continue;
      if (!it->is_string() || it->get<std::string>().empty()) {
        error("`" + key + "` must be a non-empty string");
        ok = false;
        continue;
      }
      std::string value = *it;
      if (key == "isni") ids.isni = value;
      else if (key == "ipi") ids.ipi = value;
      else if (key == "dpid") ids.dpid = value;
      else if (key == "proprietary_id" && value.find(':') != std::string::npos) ids.proprietary.push_back(value);
      else if (key == "proprietary_id") error("`proprietary_id` is its namespace, `:`, then the id"), ok = false;
      else if (key == "name") ids.names.push_back(value);
      else error("unknown key `" + key + "` (party, isni, ipi, dpid, proprietary_id, name)"), ok = false;
    }
    std::vector<std::string> keys = keysOf(ids);
    if (ok && keys.empty()) error("party `" + party + "` is given no DDEX identifier or name");
    for (const std::string& key : keys) {
      auto [at, added] = byKey_.emplace(key, party);
      if (!added && at->second != party) error("`" + key + "` is given to both `" + at->second + "` and `" + party + "`");
    }
  }
  return errors->size() == before;
}

std::string PartyMap::find(const DdexPartyIds& ids) const {
  for (const std::string& key : keysOf(ids)) {
    auto at = byKey_.find(key);
    if (at != byKey_.end()) return at->second;
  }
  return "";
}

std::string derivedPartyId(const DdexPartyIds& ids) {
  if (!ids.isni.empty()) return "isni:" + ids.isni;
  if (!ids.ipi.empty()) return "ipi:" + ids.ipi;
  if (!ids.dpid.empty()) return "dpid:" + ids.dpid;
  if (!ids.proprietary.empty()) return ids.proprietary.front();
  if (!ids.names.empty()) return "name:" + ids.names.front();
  return "";
}

}  // namespace refrain::interop
