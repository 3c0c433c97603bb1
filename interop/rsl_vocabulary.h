// RSL 1.0's words as Refrain reads and writes them (docs/standards.md,
// "RSL 1.0"): the namespaces, the core usage tokens and the uses each
// stands for, and the user tokens beside Refrain's purposes. Shared by the
// RSL exporter and importer, so the two cannot drift apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "interop/stance.h"

namespace refrain::interop::rsl {

inline constexpr const char* kNamespace = "https://rslstandard.org/rsl";
// Refrain's extension tokens, `refrain:<use>`: exact where the core tokens are coarse.
inline constexpr const char* kUsesNamespace = "urn:refrain:uses:1";

// A core usage token and the uses of the tree it stands for.
struct CoreToken {
  const char* token;
  std::vector<std::string> uses;
};

// `ai-train` (the ai.train subtree) and `ai-input` (the generate, produce
// and engage subtrees: the work as a model's input). The other core tokens
// (`all`, `ai-all`, `search`, `ai-index`) are no group of uses.
const std::vector<CoreToken>& coreTokens();

bool isUsageToken(std::string_view token);  // one of RSL 1.0's six
bool isUserToken(std::string_view token);   // commercial, non-commercial, education, government, personal

// The RSL user token for a Refrain purpose ("" when RSL has none), and back.
// They differ only where the language writes `non_commercial`.
std::string userTokenOf(std::string_view purpose);
std::string purposeOf(std::string_view userToken);

// XML Schema's QName token form RSL gives extension tokens: `prefix:name`.
bool isQNameToken(std::string_view token);

// Two offers that a signal states the same way: the same purposes,
// territories, excluded territories, price, duties and unstatable terms.
bool sameTerms(const Offer& a, const Offer& b);

}  // namespace refrain::interop::rsl
