// RFC 9651 conformance: every public test vector in
// ../shared/testdata/structured-field-tests (parsing). A `must_fail` vector
// must fail; every other must give the expected value exactly; `can_fail`
// ones may fail but, parsed, must give the expected value.
#define BOOST_TEST_MODULE structured_field
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "interop/structured_field.h"

namespace fs = std::filesystem;
namespace sf = refrain::interop::sf;
using nlohmann::json;

namespace {

std::string base32(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint64_t bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = bits << 8 | c;
    count += 8;
    while (count >= 5) out += kAlphabet[(bits >> (count -= 5)) & 31];
  }
  if (count > 0) out += kAlphabet[(bits << (5 - count)) & 31];
  while (out.size() % 8) out += '=';
  return out;
}

// The test suite's JSON form of what the parser gave.
json bare(const sf::BareItem& v) {
  struct {
    json operator()(int64_t i) const { return i; }
    json operator()(const sf::Decimal& d) const { return static_cast<double>(d.thousandths) / 1000.0; }
    json operator()(const std::string& s) const { return s; }
    json operator()(const sf::Token& t) const { return {{"__type", "token"}, {"value", t.name}}; }
    json operator()(const sf::ByteSequence& b) const { return {{"__type", "binary"}, {"value", base32(b.bytes)}}; }
    json operator()(bool b) const { return b; }
    json operator()(const sf::Date& d) const { return {{"__type", "date"}, {"value", d.seconds}}; }
    json operator()(const sf::DisplayString& d) const { return {{"__type", "displaystring"}, {"value", d.utf8}}; }
  } visit;
  return std::visit(visit, v);
}
json params(const sf::Parameters& p) {
  json out = json::array();
  for (const auto& [k, v] : p) out.push_back({k, bare(v)});
  return out;
}
json item(const sf::Item& i) { return {bare(i.value), params(i.params)}; }
json member(const sf::ListMember& m) {
  if (const sf::Item* i = std::get_if<sf::Item>(&m)) return item(*i);
  const sf::InnerList& l = std::get<sf::InnerList>(m);
  json items = json::array();
  for (const sf::Item& i : l.items) items.push_back(item(i));
  return {items, params(l.params)};
}

// Decimals compare as numbers (the suite writes 1.5 and 1.50 alike).
bool same(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return std::fabs(a.get<double>() - b.get<double>()) < 1e-9;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()) || !same(it.value(), b[it.key()])) return false;
    return true;
  }
  return a == b;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_parsing_vector) {
  fs::path dir = fs::path(REFRAIN_SOURCE_DIR) / ".." / "shared" / "testdata" / "structured-field-tests";
  BOOST_REQUIRE_MESSAGE(fs::is_directory(dir), dir.string() + " is missing");
  size_t checked = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    json tests = json::parse(in);
    for (const json& t : tests) {
      std::string raw;
      for (const json& line : t["raw"]) raw += (raw.empty() ? "" : ", ") + line.get<std::string>();
      if (t["raw"].empty()) continue;
      std::string type = t["header_type"], error, name = e.path().filename().string() + ": " + t["name"].get<std::string>();
      json got;
      bool ok;
      if (type == "list") {
        sf::List l;
        ok = sf::parseList(raw, &l, &error);
        got = json::array();
        for (const auto& m : l) got.push_back(member(m));
      } else if (type == "dictionary") {
        sf::Dictionary d;
        ok = sf::parseDictionary(raw, &d, &error);
        got = json::array();
        for (const auto& [k, m] : d) got.push_back({k, member(m)});
      } else {
        sf::Item i;
        ok = sf::parseItem(raw, &i, &error);
        got = item(i);
      }
      ++checked;
      if (t.value("must_fail", false)) {
        BOOST_TEST(!ok, name << " must fail");
      } else if (ok) {
        BOOST_TEST(same(got, t["expected"]), name << ": got " << got.dump() << ", expected " << t["expected"].dump());
      } else {
        BOOST_TEST(t.value("can_fail", false), name << " failed: " << error);
      }
    }
  }
  BOOST_TEST(checked > 1000u);
}
