// The promises of runtime/decision_text.h, kept by the compiler: with
// REFRAIN_REFUSE=N, each case below must fail to compile, for the reason
// tests/CMakeLists.txt matches in the compiler's message; with 0, the file
// compiles (built with the tests), so a failure is the case's and not a typo.
#include <optional>
#include <string_view>

#include "runtime/decision_text.h"
#include "runtime/loaded_bundle.h"

namespace rt = refrain::runtime;

// What the decider has: the bundle, loaded and const, and a request's text.
void decide(const rt::LoadedBundle& l, std::string_view request, rt::DecisionText* out) {
#if REFRAIN_REFUSE == 0
  *out = request;                                     // any text, proved nothing
  *out = rt::DecisionText::checked(request);          // plain only when the check says so
  if (std::optional<rt::PlainText> p = rt::PlainText::check(request)) *out = *p;
  static constexpr rt::PlainText kWord = rt::PlainText::literal("allow");
  *out = kWord;
  if (l.decisionNames.size() > 0) *out = l.decisionNames.at(0);  // a name the loader made
#elif REFRAIN_REFUSE == 1
  *out = rt::PlainText(request);  // an unchecked text cannot be called plain
#elif REFRAIN_REFUSE == 2
  static constexpr rt::PlainText kWord = rt::PlainText::literal("say \"hi\"");  // nor a literal that needs escaping
  *out = kWord;
#elif REFRAIN_REFUSE == 3
  *out = rt::BundleName(request, 0, true);  // a request's text cannot pose as a bundle name
#elif REFRAIN_REFUSE == 4
  *out = l.decisionNames.add(request);  // nor be added as one while deciding: the loaded bundle is const
#elif REFRAIN_REFUSE == 5
  rt::BundleName name = *out;  // a decision's text is not a bundle name, whatever it holds
  (void)name;
#endif
}
