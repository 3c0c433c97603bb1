#include "interop/rsl_vocabulary.h"

#include <algorithm>

#include "interop/signals.h"

namespace refrain::interop::rsl {

const std::vector<CoreToken>& coreTokens() {
  static const std::vector<CoreToken> tokens = [] {
    std::vector<std::string> input;
    for (const char* subtree : {"ai.generate", "ai.produce", "ai.engage"})
      for (std::string& u : usesWithin(subtree)) input.push_back(std::move(u));
    return std::vector<CoreToken>{{"ai-train", usesWithin("ai.train")}, {"ai-input", std::move(input)}};
  }();
  return tokens;
}

namespace {

template <size_t N>
bool oneOf(std::string_view token, const char* const (&words)[N]) {
  return std::find(std::begin(words), std::end(words), token) != std::end(words);
}

constexpr const char* kUsageTokens[] = {"all", "ai-all", "ai-train", "ai-input", "ai-index", "search"};
constexpr const char* kUserTokens[] = {"commercial", "non-commercial", "education", "government", "personal"};

bool nameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool nameChar(char c) { return nameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; }

// `[A-Za-z_][A-Za-z0-9_.-]*`
bool isNcName(std::string_view s) {
  return !s.empty() && nameStart(s[0]) && std::all_of(s.begin() + 1, s.end(), nameChar);
}

}  // namespace

bool isUsageToken(std::string_view token) { return oneOf(token, kUsageTokens); }
bool isUserToken(std::string_view token) { return oneOf(token, kUserTokens); }

std::string userTokenOf(std::string_view purpose) {
  if (purpose == "non_commercial") return "non-commercial";
  return isUserToken(purpose) && purpose != "non-commercial" ? std::string(purpose) : "";
}

std::string purposeOf(std::string_view userToken) {
  return userToken == "non-commercial" ? "non_commercial" : std::string(userToken);
}

bool isQNameToken(std::string_view token) {
  size_t colon = token.find(':');
  return colon != std::string_view::npos && isNcName(token.substr(0, colon)) && isNcName(token.substr(colon + 1));
}

bool sameTerms(const Offer& a, const Offer& b) {
  return a.purposes == b.purposes && a.territories == b.territories && a.excludedTerritories == b.excludedTerritories &&
         a.price == b.price && a.duties == b.duties && a.otherPay == b.otherPay && a.otherConditions == b.otherConditions;
}

}  // namespace refrain::interop::rsl
