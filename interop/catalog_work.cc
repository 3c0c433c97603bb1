#include "interop/catalog_work.h"

#include <nlohmann/json.hpp>

namespace refrain::interop {

std::string catalogLine(const CatalogWork& w) {
  nlohmann::ordered_json j;
  j["id"] = w.id;
  if (!w.isrc.empty()) j["isrc"] = w.isrc;
  if (!w.title.empty()) j["title"] = w.title;
  if (!w.genre.empty()) j["genre"] = w.genre;
  if (!w.releaseDate.empty()) j["release_date"] = w.releaseDate;
  if (!w.tags.empty()) j["tags"] = w.tags;
  if (!w.containsAi.empty()) j["contains_ai"] = w.containsAi;
  nlohmann::ordered_json holders = nlohmann::ordered_json::array();
  for (const CatalogHolder& h : w.holders) {
    nlohmann::ordered_json holder;
    holder["party"] = h.party;
    holder["role"] = h.role;
    if (!h.share.empty()) holder["share"] = h.share;
    holders.push_back(std::move(holder));
  }
  j["rightsholders"] = std::move(holders);
  return j.dump();
}

}  // namespace refrain::interop
