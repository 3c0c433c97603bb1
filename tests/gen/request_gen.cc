// The request generator: random request JSON aimed at a generated program, with every kind of flaw now and then.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "tests/gen/policy_gen.h"

namespace refrain::gen {

namespace {

using json = nlohmann::json;

constexpr int64_t kDay = 86400;

class RequestGen {
 public:
  RequestGen(const GeneratedProgram& p, uint64_t seed) : p_(p), rng_(seed) {}

  std::string run() {
    if (rng_.chance(2)) return malformed();
    if (!p_.allows.empty() && rng_.chance(65)) target_ = &rng_.pick(p_.allows);
    json r = json::object();
    if (!rng_.chance(1)) r["use"] = use();
    if (r.contains("use") && r["use"].is_string()) use_ = r["use"].get<std::string>();
    if (rng_.chance(97)) r["requester"] = requester();
    if (!rng_.chance(1)) r["work"] = rng_.chance(1) ? json("W1") : work();
    if (!rng_.chance(1)) r["context"] = context();
    if (rng_.chance(2)) r[rng_.pick(std::vector<std::string>{"use", "work", "context", "requester"})] = nullptr;
    if (rng_.chance(1)) r["context"]["nest"] = nested(rng_.range(29, 34));
    if (rng_.below(2000) == 0) return oversized(r);
    std::string text;
    if (rng_.chance(70)) text = r.dump(rng_.chance(20) ? 2 : -1, ' ', rng_.chance(10));
    else write(r, text);
    if (rng_.chance(1)) corrupt(text);
    if (rng_.below(200) == 0) text = "\xEF\xBB\xBF" + text;  // a byte order mark
    return text;
  }

 private:
  std::string malformed() {
    static const std::vector<std::string> kTexts = {"", "{", "[1, 2]", "null", "\"ai\"", "42", "{\"use\": }",
                                                    "{\"use\": \"ai\",}", "{} {}", "\xFF"};
    if (rng_.chance(50)) return rng_.pick(kTexts);
    json r = {{"use", use()}, {"work", work()}, {"context", context()}};
    std::string text = r.dump();
    if (rng_.chance(30)) return std::string(35, '[') + std::string(35, ']');
    return text.substr(0, rng_.below(text.size()));  // truncated: never valid
  }

  // ---- JSON text with the variety real clients produce ----

  void space(std::string& out) {
    if (!rng_.chance(15)) return;
    static const std::vector<std::string> kSpaces = {" ", "\n", "\t", "\r\n", "  "};
    out += rng_.pick(kSpaces);
  }

  void write(const json& j, std::string& out) {
    if (j.is_object() || j.is_array()) {
      bool object = j.is_object();
      out += object ? '{' : '[';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (object && rng_.below(300) == 0) {  // an earlier member with the same key
          member(it.key(), rng_.chance(50) ? json(nullptr) : json::object({{"id", "X"}, {"time", "2030-01-01"}}), first, out);
        }
        if (object) member(it.key(), *it, first, out);
        else {
          if (!first) out += ',';
          first = false;
          space(out);
          write(*it, out);
          space(out);
        }
      }
      out += object ? '}' : ']';
    } else if (j.is_string()) {
      writeString(j.get<std::string>(), out);
    } else if (j.is_number_integer() && rng_.chance(3)) {
      out += j.dump() + (rng_.chance(50) ? ".0" : "e0");  // still a number, no longer an integer
    } else {
      out += j.dump();
    }
  }

  void member(const std::string& key, const json& value, bool& first, std::string& out) {
    if (!first) out += ',';
    first = false;
    space(out);
    writeString(key, out);
    space(out);
    out += ':';
    space(out);
    write(value, out);
    space(out);
  }

  void writeString(const std::string& s, std::string& out) {
    static const char kHex[] = "0123456789abcdef0123456789ABCDEF";
    out += '"';
    for (size_t i = 0; i < s.size();) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      int len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      uint32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
      for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      auto u4 = [&](uint32_t v) {
        int upper = rng_.chance(50) ? 16 : 0;
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += kHex[((v >> shift) & 15) + upper];
      };
      if (cp == '"') out += "\\\"";
      else if (cp == '\\') out += "\\\\";
      else if (cp == '\n' && rng_.chance(70)) out += "\\n";
      else if (cp == '\t' && rng_.chance(70)) out += "\\t";
      else if (cp < 0x20 || rng_.chance(8)) {
        if (cp >= 0x10000) {
          u4(0xD800 + ((cp - 0x10000) >> 10));
          u4(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
          u4(cp);
        }
      } else if (cp == '/' && rng_.chance(50)) {
        out += "\\/";
      } else {
        out.append(s, i, len);
      }
      i += len;
    }
    out += '"';
  }

  // Makes the text invalid JSON in one of the ways a sloppy client might.
  void corrupt(std::string& text) {
    static const std::vector<std::string> kBad = {"\x01", "\xC0\x80", "\xED\xA0\x80", "\xF5\x80\x80\x80", "\\ud800",
                                                  "\\udc00x", "\\x", "\xFF", "\x7F\\", ",", "'", "01"};
    std::vector<size_t> quotes;
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) quotes.push_back(i);
    if (quotes.empty()) return;
    size_t at = rng_.pick(quotes) + 1;
    std::string bad = rng_.pick(kBad);
    if (bad == "01" || bad == "," || bad == "'") {  // outside strings: before the final `}`
      text.insert(text.rfind('}'), bad == "01" ? ",\"n\":01" : bad == "," ? "," : ",'a':1");
      return;
    }
    text.insert(at, bad);
  }

  json nested(int depth) {
    json j = json::array();
    for (int i = 1; i < depth; ++i) j = json::array({j});
    return j;
  }

  std::string oversized(json r) {
    json tags = json::array();
    for (int i = 0; i < 110000; ++i) tags.push_back("tag-" + std::to_string(i));
    if (!r["work"].is_object()) r["work"] = json::object();
    r["work"]["tags"] = tags;
    return r.dump();
  }

  json use() {
    if (target_ && rng_.chance(90)) return descendant(target_->use);
    int roll = static_cast<int>(rng_.below(100));
    if (roll < 55 && !p_.usesNamed.empty()) return rng_.pick(p_.usesNamed);
    if (roll < 70 && !p_.usesNamed.empty()) return descendant(rng_.pick(p_.usesNamed));
    if (roll < 97) return rng_.pick(vocab::uses());
    if (roll < 99) return rng_.pick(std::vector<std::string>{"ai.train.foo", "AI", "ai.", "", "train"});
    return rng_.chance(50) ? json(5) : json::array({"ai"});
  }

  // Another allow rule, preferably one that covers the requested use.
  const AllowTarget& coAllower() {
    std::vector<const AllowTarget*> covering;
    for (const AllowTarget& t : p_.allows)
      if (use_.compare(0, t.use.size(), t.use) == 0) covering.push_back(&t);
    return covering.empty() ? rng_.pick(p_.allows) : *rng_.pick(covering);
  }

  // `base` or a use in its subtree.
  std::string descendant(const std::string& base) {
    std::vector<std::string> below;
    for (const std::string& u : vocab::uses())
      if (u.compare(0, base.size(), base) == 0) below.push_back(u);
    return rng_.pick(below);
  }

  json someString() {
    if (!p_.strings.empty() && rng_.chance(50)) return rng_.pick(p_.strings);
    return rng_.pick(vocab::stringPool());
  }

  json boolOrNot() {
    if (rng_.chance(5)) return "yes";
    return rng_.chance(50);
  }

  json requester() {
    json r = json::object();
    if (rng_.chance(95)) {
      r["id"] = rng_.chance(30) ? json(rng_.pick(p_.holderParties)) : someString();
      if (rng_.chance(3)) r["id"] = 7;
    }
    if (rng_.chance(80)) r["kind"] = rng_.pick(std::vector<std::string>{"company", "research", "artist", "fan", "acme"});
    if (rng_.chance(95)) r["verified"] = boolOrNot();
    return r;
  }

  json date(bool full) {
    int64_t t = rng_.pick(vocab::baseTimes()) + rng_.range(-3, 3) * kDay;
    std::string s = vocab::formatTime(t);
    return full ? s : s.substr(0, 10);
  }

  json work() {
    json w = json::object();
    int idRoll = static_cast<int>(rng_.below(1000));
    if (idRoll < 450 && !p_.catalogIds.empty()) w["id"] = rng_.pick(p_.catalogIds);
    else if (idRoll < 990) w["id"] = "W-" + std::to_string(rng_.below(4));
    else if (idRoll < 995) w["id"] = 12;
    for (const char* key : {"title", "genre", "isrc", "iswc"})
      if (rng_.chance(70)) w[key] = rng_.chance(5) ? json(3) : someString();
    if (rng_.chance(30)) w["contains_ai"] = rng_.chance(10) ? someString() : json(rng_.pick(vocab::containsAiValues()));
    if (rng_.chance(65)) w["release_date"] = rng_.chance(5) ? json("yesterday") : date(rng_.chance(20));
    if (rng_.chance(70)) {
      json tags = json::array();
      for (int i = 0, n = rng_.range(0, 3); i < n; ++i) tags.push_back(someString());
      if (rng_.chance(5)) tags.push_back(1);
      w["tags"] = rng_.chance(3) ? json("pop") : tags;
    }
    int holders = static_cast<int>(rng_.below(100));
    if (holders < 94) w["rightsholders"] = rightsholders();
    else if (holders < 96) w["rightsholders"] = json::array();
    else if (holders < 97) w["rightsholders"] = rng_.chance(50) ? json("luna-ray") : json(nullptr);
    return w;
  }

  json rightsholders() {
    json list = json::array();
    int n = rng_.chance(45) ? 1 : rng_.chance(65) ? 2 : rng_.range(3, 4);
    int shareMode = static_cast<int>(rng_.below(100));  // <70 none, <95 consistent, else anything
    for (int i = 0; i < n; ++i) {
      json h = json::object();
      std::pair<std::string, std::string> who;
      if (target_ && (i == 0 || rng_.chance(70))) {
        const AllowTarget& t = i == 0 ? *target_ : coAllower();
        who = {t.party, t.role};
      } else if (!p_.identities.empty() && rng_.chance(85)) who = p_.identities[rng_.below(p_.identities.size())];
      else who = {rng_.pick(p_.holderParties), rng_.pick(vocab::roles())};
      if (who.second == "platform" && rng_.chance(80)) who.second = rng_.pick(vocab::roles());
      if (rng_.below(200) == 0) who.second = "singer";
      if (rng_.below(200) != 0) h["party"] = who.first;
      h["role"] = who.second;
      if (shareMode >= 70 && shareMode < 95) h["share"] = rng_.chance(50) ? json(rng_.range(1, 4)) : json("50%");
      if (shareMode >= 95 && rng_.chance(70)) h["share"] = share();
      list.push_back(h);
    }
    if (rng_.below(200) == 0) list.push_back("luna-ray");
    return list;
  }

  json share() {
    static const std::vector<json> kShares = {"50%", "33.3333%", "100%", "12.5%", "150%", 1, 2, 3, "0%", 0, -1, "abc",
                                              "50", int64_t{1} << 40, 1.5, nullptr, UINT64_MAX, "0.00001%"};
    if (rng_.chance(5)) return rng_.chance(50) ? INT64_MAX : int64_t{1} << 62;
    return rng_.pick(kShares);
  }

  json time() {
    int roll = static_cast<int>(rng_.below(100));
    if (roll < 2)
      return rng_.pick(std::vector<json>{"2026-13-01", 20260101, "2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00.Z",
                                         "2026-07-01T01:59:59.999+02:00", "2026-02-29", "soon", nullptr});
    int64_t t = rng_.pick(p_.timePoints);
    if (target_ && rng_.chance(70)) {  // inside the target version's window
      int64_t from = std::max(target_->from, p_.timePoints.front() - 400 * kDay);
      int64_t until = std::min(target_->until, p_.timePoints.back() + 400 * kDay);
      if (until <= from) until = from + 1;
      t = from + static_cast<int64_t>(rng_.below(static_cast<uint64_t>(until - from)));
      if (rng_.chance(30)) t = rng_.chance(50) ? from : until - 1;
    } else if (roll < 50) t += rng_.pick(std::vector<int64_t>{0, 0, -1, 1});
    else t += rng_.range(-400, 400) * kDay + rng_.range(0, 86399);
    std::string s = vocab::formatTime(t);
    if (t % kDay == 0 && rng_.chance(30)) return s.substr(0, 10);
    if (rng_.chance(15)) {
      int offset = rng_.chance(50) ? 5 * 3600 + 1800 : -3 * 3600;
      std::string local = vocab::formatTime(t + offset).substr(0, 19);
      return local + (offset > 0 ? "+05:30" : "-03:00");
    }
    return s;
  }

  json money(bool listItem = false) {
    static const std::vector<std::string> kAmounts = {"0", "0.00", "5.00", "1000.00", "50000.00", "120000.5",
                                                      "-5.00", "0.000001", "9223372036854.775807", "4611686018427.387904",
                                                      "1000000000000"};
    if (!listItem && rng_.chance(3))
      return rng_.pick(std::vector<json>{"50000 usd", "50000.1234567 USD", 50000, "USD 5", "5.00  USD", "5.00 ABC"});
    std::string currency = rng_.chance(75) && !p_.sources.empty() ? programCurrency() : rng_.pick(vocab::currencies());
    return rng_.pick(kAmounts) + " " + currency;
  }

  // The program's usual currency: the one most of its literals use (a guess from its text).
  std::string programCurrency() {
    if (currency_.empty()) {
      size_t best = 0;
      currency_ = "USD";
      for (const std::string& c : vocab::currencies()) {
        size_t count = 0;
        for (const policy::SourceFile& f : p_.sources)
          for (size_t at = f.text.find(c); at != std::string::npos; at = f.text.find(c, at + 1)) ++count;
        if (count > best) best = count, currency_ = c;
      }
    }
    return currency_;
  }

  json integer() {
    static const std::vector<json> kInts = {0, 1, 2, 3, 5, 7, 10, 42, 100, 1000, 120000, 1000000, -5, 3037000500,
                                            INT64_MAX, INT64_MIN, int64_t{1} << 62, 1.5, "100", UINT64_MAX};
    return rng_.pick(kInts);
  }

  json territory() {
    int roll = static_cast<int>(rng_.below(100));
    if (roll < 90) return rng_.pick(vocab::territories());
    return rng_.pick(std::vector<json>{"XX", "us", 840, "EU", "UK"});
  }

  json valueOf(FieldKind kind) {
    switch (kind) {
      case FieldKind::kBool: return rng_.chance(50);
      case FieldKind::kInt: return integer();
      case FieldKind::kString: return someString();
      case FieldKind::kMoney: return money();
      case FieldKind::kPercent:
        return rng_.pick(std::vector<json>{"5%", "12.5%", "250%", "0%", "3%", "abc", "-5%", 5, "33.3333%"});
      case FieldKind::kTime: return time();
      case FieldKind::kTerritory: return territory();
      case FieldKind::kUse: return rng_.chance(90) ? json(rng_.pick(vocab::uses())) : json("ai.bogus");
      case FieldKind::kStringList:
      case FieldKind::kIntList:
      case FieldKind::kTerritoryList:
      case FieldKind::kMoneyList: {
        json list = json::array();
        for (int i = 0, n = rng_.range(0, 3); i < n; ++i) {
          if (kind == FieldKind::kStringList) list.push_back(someString());
          else if (kind == FieldKind::kIntList) list.push_back(rng_.chance(90) ? json(rng_.range(0, 10)) : integer());
          else if (kind == FieldKind::kTerritoryList) list.push_back(territory());
          else list.push_back(money(true));
        }
        return list;
      }
    }
    return nullptr;
  }

  // Sets `value` at a dotted path below `root`, making objects on the way.
  static void setPath(json& root, const std::string& path, json value) {
    json* at = &root;
    size_t start = 0;
    for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1) {
      json& next = (*at)[path.substr(start, dot - start)];
      if (!next.is_object()) next = json::object();
      at = &next;
    }
    (*at)[path.substr(start)] = std::move(value);
  }

  json context() {
    json c = json::object();
    if (!rng_.chance(1)) c["time"] = time();
    if (rng_.chance(90)) c["purpose"] = rng_.chance(80) ? json(rng_.pick(std::vector<std::string>{
                                                              "commercial", "research", "non_commercial", "personal"}))
                                                        : someString();
    if (rng_.chance(90)) c["territory"] = territory();
    if (rng_.chance(85)) c["units"] = integer();
    if (rng_.chance(85)) c["revenue"] = money();
    if (rng_.chance(80))
      c["model"] = {{"name", someString()}, {"provider", someString()}, {"open_weights", boolOrNot()}};
    if (rng_.chance(80)) c["output"] = {{"labelled_ai", boolOrNot()}, {"attribution", rng_.chance(50)}};
    for (const auto& [path, kind] : p_.dynamicFields) {
      if (!rng_.chance(90)) continue;
      json value = rng_.chance(10) ? valueOf(static_cast<FieldKind>(rng_.below(12))) : valueOf(kind);
      if (rng_.chance(5)) value = nullptr;
      setPath(c, path.substr(8), value);  // below `context.`
    }
    return c;
  }

  const GeneratedProgram& p_;
  Rng rng_;
  const AllowTarget* target_ = nullptr;  // the allow rule this request aims at, if any
  std::string use_;                      // the requested use, once chosen
  std::string currency_;
};

}  // namespace

std::string generateRequest(const GeneratedProgram& program, uint64_t seed) { return RequestGen(program, seed).run(); }

}  // namespace refrain::gen
