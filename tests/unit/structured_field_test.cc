// RFC 9651 conformance: every public test vector in
// ../shared/testdata/structured-field-tests.
// Parsing: a `must_fail` vector must fail; every other must give the
// expected value exactly; `can_fail` ones may fail but, parsed, must give
// the expected value.
// Serializing: every expected value (of the parsing vectors and of
// serialisation-tests/) must serialize to its canonical text, or fail when
// the vector says it must.
#define BOOST_TEST_MODULE structured_field
#include <boost/test/unit_test.hpp>

#include <climits>
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


// --- the suite's JSON form back to values, for the serializer ---

std::string unbase32(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint64_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    bits = bits << 5 | kAlphabet.find(c);
    count += 5;
    if (count >= 8) out += static_cast<char>((bits >> (count -= 8)) & 0xff);
  }
  return out;
}

// A JSON number's own text (shortest round trip) to thousandths, rounding
// half to even past the third place as §4.1.5 says; out of range stays out
// of range (the serializer refuses it).
sf::Decimal decimalOf(const json& number) {
  std::string text = number.dump();
  bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  int exponent = 0;
  if (size_t e = text.find_first_of("eE"); e != std::string::npos) {
    exponent = std::stoi(text.substr(e + 1));
    text.erase(e);
  }
  const size_t point = text.find('.');
  const std::string fraction = point == std::string::npos ? "" : text.substr(point + 1);
  std::string digits = text.substr(0, point) + fraction;
  int scale = static_cast<int>(fraction.size()) - exponent;  // value = digits x 10^-scale
  while (scale < 3) digits += '0', ++scale;
  std::string kept = digits.substr(0, digits.size() - (scale - 3)), dropped = digits.substr(kept.size());
  if (kept.empty()) kept = "0";
  if (kept.size() > 18) return sf::Decimal{negative ? INT64_MIN : INT64_MAX};
  int64_t t = std::stoll(kept);
  if (!dropped.empty()) {
    std::string half = "5" + std::string(dropped.size() - 1, '0');
    int cmp = dropped.compare(half);
    if (cmp > 0 || (cmp == 0 && t % 2 == 1)) ++t;
  }
  return sf::Decimal{negative ? -t : t};
}

sf::BareItem bareOf(const json& j) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_integer()) return j.get<int64_t>();
  if (j.is_number()) return decimalOf(j);
  if (j.is_string()) return j.get<std::string>();
  const std::string type = j["__type"];
  if (type == "token") return sf::Token{j["value"]};
  if (type == "binary") return sf::ByteSequence{unbase32(j["value"])};
  if (type == "date") return sf::Date{j["value"].get<int64_t>()};
  return sf::DisplayString{j["value"]};
}
sf::Parameters paramsOf(const json& j) {
  sf::Parameters p;
  for (const json& kv : j) p.emplace_back(kv[0].get<std::string>(), bareOf(kv[1]));
  return p;
}
sf::Item itemOf(const json& j) { return {bareOf(j[0]), paramsOf(j[1])}; }
// An inner list is [[items...], params]; an item's bare value is never an array.
sf::ListMember memberOf(const json& j) {
  if (!j[0].is_array()) return itemOf(j);
  sf::InnerList l;
  for (const json& i : j[0]) l.items.push_back(itemOf(i));
  l.params = paramsOf(j[1]);
  return l;
}

std::string joined(const json& lines) {
  std::string out;
  for (const json& line : lines) out += (out.empty() ? "" : ", ") + line.get<std::string>();
  return out;
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

BOOST_AUTO_TEST_CASE(every_serialisation_vector) {
  fs::path root = fs::path(REFRAIN_SOURCE_DIR) / ".." / "shared" / "testdata" / "structured-field-tests";
  size_t checked = 0, refused = 0;
  for (const fs::path& dir : {root, root / "serialisation-tests"}) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() != ".json") continue;
      std::ifstream in(e.path());
      for (const json& t : json::parse(in)) {
        if (!t.contains("expected")) continue;  // a parsing vector that must fail has no value
        const std::string type = t["header_type"], name = e.path().filename().string() + ": " + t["name"].get<std::string>();
        std::string text = "(untouched)", error;
        bool ok;
        if (type == "list") {
          sf::List l;
          for (const json& m : t["expected"]) l.push_back(memberOf(m));
          ok = sf::serializeList(l, &text, &error);
        } else if (type == "dictionary") {
          sf::Dictionary d;
          for (const json& kv : t["expected"]) d.emplace_back(kv[0].get<std::string>(), memberOf(kv[1]));
          ok = sf::serializeDictionary(d, &text, &error);
        } else {
          ok = sf::serializeItem(itemOf(t["expected"]), &text, &error);
        }
        ++checked;
        if (t.value("must_fail", false)) {
          BOOST_TEST(!ok, name << " must not serialize; gave " << text);
          BOOST_TEST(text == "(untouched)", name);
          ++refused;
          continue;
        }
        const std::string canonical = t.contains("canonical") ? joined(t["canonical"]) : joined(t["raw"]);
        BOOST_TEST(ok, name << ": " << error);
        BOOST_TEST(text == canonical, name);
      }
    }
  }
  BOOST_TEST(checked > 1000u);
  BOOST_TEST(refused > 100u);
}
