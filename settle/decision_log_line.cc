#include "settle/decision_log_line.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>

#include "runtime/decision.h"

namespace refrain::settle {

namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void appendBase64(std::string_view bytes, std::string* out) {
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out->push_back(kBase64[(n >> shift) & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return;
  uint32_t n = uint8_t(bytes[i]) << 16;
  if (rest == 2) n |= uint8_t(bytes[i + 1]) << 8;
  out->push_back(kBase64[(n >> 18) & 63]);
  out->push_back(kBase64[(n >> 12) & 63]);
  out->push_back(rest == 2 ? kBase64[(n >> 6) & 63] : '=');
  out->push_back('=');
}

bool decodeBase64(std::string_view text, std::string* out) {
  if (text.size() % 4) return false;
  out->clear();
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t n = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = text[i + k];
      const char* at = c ? std::char_traits<char>::find(kBase64, 64, c) : nullptr;
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        ++pad;
        n <<= 6;
        continue;
      }
      if (!at || pad) return false;
      n = (n << 6) | uint32_t(at - kBase64);
    }
    out->push_back(char(n >> 16));
    if (pad < 2) out->push_back(char(n >> 8));
    if (pad < 1) out->push_back(char(n));
  }
  return true;
}

}  // namespace

bool isUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // Requests are mostly ASCII: eight bytes at a time while no high bit is set.
    uint64_t word;
    while (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ull) == 0)) i += 8;
    if (i == s.size()) break;
    uint8_t c = uint8_t(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07;
    else return false;
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      uint8_t t = uint8_t(s[i + k]);
      if ((t & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (t & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

void appendDecisionLogLine(const DecisionLogEntry& e, std::string* out) {
  *out += "{\"id\":";
  runtime::appendJsonString(e.id, out);
  *out += ",\"time\":";
  runtime::appendJsonString(e.time, out);
  *out += ",\"bundle\":";
  runtime::appendJsonString(e.bundle, out);
  if (isUtf8(e.request)) {
    *out += ",\"request\":";
    runtime::appendJsonString(e.request, out);
  } else {
    *out += ",\"request_base64\":\"";
    appendBase64(e.request, out);
    *out += '"';
  }
  if (e.requestLength > e.request.size()) *out += ",\"request_length\":" + std::to_string(e.requestLength);
  *out += ",\"decision\":";
  *out += e.decision;
  *out += "}\n";
}

bool readDecisionLogLine(std::string_view line, DecisionLogRecord* out, std::string* error) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return *error = "not a JSON object", false;
  for (const char* key : {"id", "time", "bundle"}) {
    if (!j.contains(key) || !j[key].is_string()) return *error = std::string("no string `") + key + "`", false;
  }
  out->id = j["id"].get<std::string>();
  out->time = j["time"].get<std::string>();
  out->bundle = j["bundle"].get<std::string>();
  if (j.contains("request") && j["request"].is_string()) {
    out->request = j["request"].get<std::string>();
  } else if (j.contains("request_base64") && j["request_base64"].is_string()) {
    if (!decodeBase64(j["request_base64"].get<std::string>(), &out->request))
      return *error = "`request_base64` is not base64", false;
  } else {
    return *error = "no `request` or `request_base64`", false;
  }
  out->requestLength = out->request.size();
  if (j.contains("request_length")) {
    if (!j["request_length"].is_number_unsigned() || j["request_length"].get<uint64_t>() <= out->request.size())
      return *error = "`request_length` is not a length past the request's bytes", false;
    out->requestLength = j["request_length"].get<uint64_t>();
  }
  if (!j.contains("decision") || !j["decision"].is_object()) return *error = "no `decision` object", false;
  // The decision's own bytes, not a re-serialisation: it is the last key, and
  // `,"decision":{` outside a string can only be that key (inside one, its
  // quotes would be escaped).
  constexpr std::string_view kKey = ",\"decision\":{";
  size_t at = line.rfind(kKey);
  if (at == std::string_view::npos || line.back() != '}') return *error = "`decision` is not the last key", false;
  out->decision.assign(line.substr(at + kKey.size() - 1, line.size() - 1 - (at + kKey.size() - 1)));
  return true;
}

}  // namespace refrain::settle
