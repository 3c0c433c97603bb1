// Internal: per-call working memory and the request as the evaluator sees it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/decision.h"
#include "runtime/loaded_bundle.h"
#include "runtime/split.h"
#include "runtime/value.h"

namespace refrain::runtime {

struct SlotValue {
  enum class State : uint8_t { kMissing, kPresent, kMistyped };
  State state = State::kMissing;
  Value value;
  std::string problem;  // for kMistyped: why the JSON value does not fit
};

struct Holder {
  DecisionText party;  // a catalog's party is a bundle name; a request's, checked for JSON as it is read
  std::string_view role;
  bool hasShare = false;
  int64_t weight = 0;    // ppm for a percent share, else the integer weight
  bool percent = false;  // the share was a percent
};

// The parts of a request every decision needs, beyond the bundle's slots.
struct Request {
  uint32_t use = 0;
  int64_t time = 0;
  std::string_view workId;
};

// A JSON value as the streaming reader kept it: scalars, and arrays of scalars.
struct RawValue {
  enum class Kind : uint8_t { kAbsent, kNull, kBool, kInt, kOtherNumber, kString, kObject, kArray };
  Kind kind = Kind::kAbsent;
  int64_t number = 0;
  std::string_view text;  // a view of the request text, or of Scratch::unescaped when it had escapes
  std::vector<RawValue> items;  // kArray: its scalar elements
};

struct RawHolder {
  RawValue party, role, share;
  bool isObject = false;
};

enum class Verdict { kSilent, kAllow, kDeny, kError };

struct PartyState {
  DecisionText party;  // the first of its policy's party or a holder's that named it
  bool required = false;  // a rights holder whose consent the decision needs
  Verdict verdict = Verdict::kSilent;
  int speakingPolicy = -1;  // first speaking policy, for a silent party's reason
  int decidingPolicy = -1;
  int decidingRule = -1;
  int allowDepth = -1;      // depth of the winning allow's named use
};

// What the request reader is inside of: one frame per open object or array.
struct ScanFrame {
  enum class What : uint8_t { kSkip, kObject, kValueArray, kHolderArray, kHolder };
  What what = What::kSkip;  // kSkip: read for validity only
  int node = -1;     // kObject: the trie node
  int target = -1;   // kValueArray: where the elements go
};

struct Scratch {
  std::string jsonBuffer;             // decoded strings with escapes, reused
  std::vector<char> jsonStack;        // the JSON reader's open containers
  std::vector<ScanFrame> scanFrames;
  std::vector<RawValue> raw;          // by trie target (loaded_bundle.h)
  std::vector<uint32_t> seenPaths;    // by trie node: the scanNumber of the last request that met its key
  uint32_t scanNumber = 0;
  std::string duplicateKey;
  std::vector<std::unique_ptr<std::string>> unescaped;  // strings that had escapes, decoded; at fixed addresses
  size_t unescapedUsed = 0;
  std::vector<RawHolder> rawHolders;
  bool holdersIsArray = false;
  bool holdersSeen = false;
  bool rootIsObject = false;
  Request request;
  std::vector<SlotValue> slots;
  std::vector<std::vector<Value>> lists;  // element storage for list-valued slots
  std::vector<Holder> holders;
  WorkView work;                          // the catalog's record of the request's work
  std::vector<Value> stack;
  std::vector<uint32_t> candidateGroups;  // version groups of the platform and the work's holders
  std::vector<uint32_t> activePolicies;   // in force, speaking, `on` holds; ascending
  std::vector<uint32_t> scopedOut;        // in force, speaking, `on` false or failed (for explanations)
  bool judged = false;                    // the last decideView read its request and judged it
  std::vector<PartyState> parties;
  // The decision being made, and what it needs beyond views into the bundle
  // and the request; all reused from one decision to the next.
  DecisionView decision;
  DecisionError requestError;
  std::vector<std::unique_ptr<std::string>> texts;  // kept strings (error messages, formatted duty texts), at fixed addresses
  size_t textsUsed = 0;
  std::string dutyText;
  std::vector<BasicCurrencyPayment<DecisionText>> spentPayments;  // emptied, keeping their lists' room
  std::vector<Payee> payShares;
  std::vector<SplitTerm> splitTerms;
  std::vector<const Holder*> roleHolders;
  // By policy index: where its party is in `parties`. Written for each active
  // policy when it is selected, read only for those, while parties are unsorted.
  std::vector<uint32_t> policyParty;
};

// Empties `d`'s payments; their payee and term lists go to `spent`, so the
// next payments reuse their room and a stream of decisions does not allocate them.
inline void clearPayments(DecisionView& d, std::vector<BasicCurrencyPayment<DecisionText>>& spent) {
  for (auto& p : d.payments) {
    p.payees.clear();
    p.terms.clear();
    spent.push_back(std::move(p));
  }
  d.payments.clear();
}

// What a request must hold: everything a decision needs, or (for evaluating a
// standalone expression) nothing but valid JSON.
enum class RequestMode { kDecision, kPartial };

// Reads `json` into scratch: the request's use, time, work and holders, and
// every slot the bundle reads. False with a named error for a request that
// cannot be judged at all (docs/language.md §7.2: bad JSON, no time, use or work, unknown use).
bool readRequest(const LoadedBundle& l, std::string_view json, Scratch& s, DecisionError* error,
                 RequestMode mode = RequestMode::kDecision);

// A value as a duty text shows it: money with its currency, times in RFC 3339.
std::string formatValue(const Value& v, const Bundle& b);

}  // namespace refrain::runtime
