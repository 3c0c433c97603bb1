// Unit tests for runtime/catalog_table.h: the encoded catalog gives back every
// work exactly, finds works by id at any size, and refuses malformed records.
#define BOOST_TEST_MODULE catalog_table
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "runtime/catalog_table.h"

namespace rt = refrain::runtime;

namespace {

const std::vector<std::string> kRoles = {"artist", "label", "writer"};

rt::WorkDef work(const std::string& id) {
  rt::WorkDef w;
  w.id = id;
  w.holders.push_back({"party-" + id.substr(0, 2), "artist", false, 0});
  return w;
}

std::vector<rt::WorkDef> sampleWorks() {
  rt::WorkDef full = work("GBAAA0000001");
  full.hasIsrc = true, full.isrc = full.id;
  full.hasIswc = true, full.iswc = "T-123.456.789-0";
  full.hasTitle = true, full.title = "Low Tide";
  full.hasGenre = true, full.genre = "dream pop";
  full.hasReleaseDate = true, full.releaseDate = -86400;  // before 1970: zigzag must keep the sign
  full.hasTags = true, full.tags = {"dream pop", "licensed-in"};
  full.holders = {{"luna-ray", "artist", false, 0}, {"w1", "writer", true, 333334}, {"w2", "writer", true, 666666}};
  rt::WorkDef otherIsrc = work("USXYZ0000002");
  otherIsrc.hasIsrc = true, otherIsrc.isrc = "USXYZ9999999";
  rt::WorkDef bare = work("ZZ");
  bare.hasTags = true;  // an empty tag list is still a tag list
  return {full, otherIsrc, bare};
}

std::string loadError(std::string bytes) {
  rt::CatalogTable t;
  std::string error;
  return t.load(std::move(bytes), kRoles, &error) ? std::string() : error;
}

bool sameWork(const rt::WorkDef& a, const rt::WorkDef& b) {
  bool holders = a.holders.size() == b.holders.size();
  for (size_t i = 0; holders && i < a.holders.size(); ++i)
    holders = a.holders[i].party == b.holders[i].party && a.holders[i].role == b.holders[i].role &&
              a.holders[i].hasShare == b.holders[i].hasShare && a.holders[i].weight == b.holders[i].weight;
  return holders && a.id == b.id && a.hasIsrc == b.hasIsrc && a.isrc == b.isrc && a.hasIswc == b.hasIswc &&
         a.iswc == b.iswc && a.hasTitle == b.hasTitle && a.title == b.title && a.hasGenre == b.hasGenre &&
         a.genre == b.genre && a.hasReleaseDate == b.hasReleaseDate && a.releaseDate == b.releaseDate &&
         a.hasTags == b.hasTags && a.tags == b.tags;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_field_of_every_work_comes_back) {
  auto works = sampleWorks();
  rt::CatalogTable t;
  std::string error;
  BOOST_REQUIRE_MESSAGE(t.load(rt::encodeCatalog(works), kRoles, &error), error);
  BOOST_REQUIRE_EQUAL(t.size(), works.size());
  for (size_t i = 0; i < works.size(); ++i) {
    BOOST_TEST(sameWork(t.work(i), works[i]), "work " << i);
    BOOST_TEST(t.find(works[i].id) == static_cast<int64_t>(i));
  }
  BOOST_TEST(t.find("GBAAA000000") == -1);
  BOOST_TEST(t.find("") == -1);
}

BOOST_AUTO_TEST_CASE(an_empty_catalog_finds_nothing) {
  rt::CatalogTable t;
  std::string error;
  BOOST_REQUIRE(t.load(rt::encodeCatalog({}), kRoles, &error));
  BOOST_TEST(t.size() == 0u);
  BOOST_TEST(t.find("GBAAA0000001") == -1);
}

BOOST_AUTO_TEST_CASE(a_big_catalog_finds_each_work_and_repeats_strings_once) {
  std::vector<rt::WorkDef> works;
  char id[16];
  for (int i = 0; i < 50000; ++i) {
    std::snprintf(id, sizeof id, "GBAAA%07d", i);
    rt::WorkDef w = work(id);
    w.holders.push_back({"northwind", "label", false, 0});
    works.push_back(w);
  }
  std::string bytes = rt::encodeCatalog(works);
  // id (13) + flags (1) + holder count (1) + two holders (3 each) + offset (4)
  BOOST_TEST(bytes.size() < 26u * works.size());
  rt::CatalogTable t;
  std::string error;
  BOOST_REQUIRE(t.load(std::move(bytes), kRoles, &error));
  for (size_t i = 0; i < works.size(); i += 997) BOOST_TEST(t.find(works[i].id) == static_cast<int64_t>(i));
  BOOST_TEST(t.find("GBAAA0050000") == -1);
}

BOOST_AUTO_TEST_CASE(malformed_catalogs_are_refused_by_name) {
  BOOST_TEST(loadError(rt::encodeCatalog({work("B"), work("A")})) == "bundle is invalid: the catalog is not sorted by work id");
  BOOST_TEST(loadError(rt::encodeCatalog({work("A"), work("A")})) == "bundle is invalid: the catalog is not sorted by work id");
  rt::WorkDef stranger = work("A");
  stranger.holders[0].role = "producer";
  BOOST_TEST(loadError(rt::encodeCatalog({stranger})) == "bundle is invalid: work `A` names the unknown role `producer`");

  std::string good = rt::encodeCatalog(sampleWorks());
  BOOST_TEST(loadError(good + "x") == "bundle is invalid: catalog record 2 is malformed");
  BOOST_TEST(loadError(good.substr(0, good.size() - 1)) == "bundle is invalid: catalog record 2 is malformed");
  BOOST_TEST(loadError("\x01") == "bundle is invalid: the catalog's string table is malformed");
  BOOST_TEST(loadError(std::string("\x00\x05", 2)) == "bundle is invalid: the catalog's record count is malformed");
}

BOOST_AUTO_TEST_CASE(every_damaged_byte_is_refused_or_harmless) {
  // The bundle's SHA-256 catches damage first; this checks the table itself
  // never reads out of bounds, whatever its bytes (run under ASan in CI).
  // A table that loads is still a sorted table: each work is found at its own index.
  std::string good = rt::encodeCatalog(sampleWorks());
  size_t refused = 0, loaded = 0;
  for (size_t i = 0; i < good.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      rt::CatalogTable t;
      std::string error;
      if (!t.load(bad, kRoles, &error)) {
        BOOST_TEST(!error.empty(), "byte " << i << " bit " << bit << ": refused without a message");
        ++refused;
        continue;
      }
      ++loaded;
      for (size_t w = 0; w < t.size(); ++w)
        BOOST_TEST(t.find(t.work(w).id) == static_cast<int64_t>(w), "byte " << i << " bit " << bit << " work " << w);
    }
  BOOST_TEST_MESSAGE(refused << " damaged tables refused, " << loaded << " loaded");
  BOOST_TEST(refused > 0u);  // the loader does check what it reads
  BOOST_TEST(loaded > 0u);   // and the loaded ones were searched (a flipped title is still a table)
}
