// One symbolic request: every field any side reads, the work's rights
// holders and the time as solver terms, for one use and one work.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/sym_value.h"
#include "runtime/engine.h"

namespace refrain::analysis {

// The tables both sides share, so that a territory or a currency is the
// same number whichever bundle reads it: indexes follow byte order, which
// is how the runtime orders territories.
struct SharedTables {
  std::vector<std::string> territories;  // sorted, every side's
  std::vector<std::string> currencies;   // sorted, every side's
  std::vector<std::string> uses;         // the use tree, as every side has it
  std::vector<std::string> roles;
  std::vector<std::string> parties;      // every party that issues a policy on some side, sorted
  int64_t territoryIndex(const std::string& code) const;
  int64_t currencyIndex(const std::string& code) const;
  int64_t partyIndex(const std::string& party) const;
};

// Builds the tables; empty with `error` set when the sides' use trees or roles differ.
std::optional<SharedTables> sharedTables(const std::vector<const runtime::Engine*>& sides, std::string* error);

// Work `id` of `engine`'s catalog, if it has it.
std::optional<runtime::WorkDef> catalogWork(const runtime::Engine& engine, const std::string& id);

// A catalog work's fields as a request's `work` object carries them (no rights holders).
nlohmann::ordered_json catalogWorkJson(const runtime::WorkDef& work);

// A request field as a side reads it: there or not, of its type or not, and its value.
struct FieldRead {
  z3::expr present;  // `has(path)`
  z3::expr typed;    // present with the slot's type: reading it is no error
  SymValue value;
};

// One rights holder entry of the work as a side sees it.
struct HolderTerm {
  std::string party;  // a party of the tables, or a placeholder no policy speaks for
  std::string role;
  bool known = false;  // `party` issues policies somewhere
  z3::expr holds;      // the entry is on the work
  z3::expr weight;     // its share as an integer weight (ppm for percents), >= 0
};

// The work a query is about: a catalog work by id, or any work no catalog has.
struct WorkChoice {
  std::optional<std::string> catalogId;
};

class RequestModel {
 public:
  RequestModel(z3::context& ctx, const SharedTables& tables, uint32_t use, const WorkChoice& work,
               const std::vector<const runtime::Engine*>& sides, std::optional<int64_t> at);

  z3::context& ctx() { return ctx_; }
  const SharedTables& tables() const { return tables_; }
  uint32_t use() const { return use_; }
  const z3::expr& time() const { return time_; }

  // The field a slot of side `side` reads. A catalog work's fields come from
  // the side's catalog; every other field from the request.
  FieldRead read(size_t side, const runtime::FieldSlot& slot, Unsupported* unsupported);

  // Whether the field a slot names is there, whatever its type (`has`).
  z3::expr present(size_t side, const runtime::FieldSlot& slot, Unsupported* unsupported);

  // The work's rights holders as side `side` sees them, and per role
  // whether its holders carry shares (weights) or share equally.
  const std::vector<HolderTerm>& holders(size_t side) const { return sides_[side].holders; }
  z3::expr weighted(size_t side, const std::string& role) const;

  // Constraints every request of the model meets (domains, the work's id,
  // shapes of the JSON); add them to the solver before asking.
  const z3::expr_vector& domain() const { return domain_; }

  // The request's `work.id`.
  z3::expr workIdTerm() const;

  // A new unconstrained term: the value of a construct outside the encoding.
  z3::expr fresh(const z3::sort& sort);

  // Forbid fields of the wrong type (`never error` asks about well-formed requests only).
  void requireWellTyped();

  // What the model itself could not encode (a catalog text past U+2FFFF).
  const Unsupported& unsupported() const { return unsupported_; }

  // A concrete request JSON from a model of the constraints.
  bool witness(const z3::model& model, std::string* json, std::string* why) const;

 private:
  struct PathVar {
    std::string path;
    uint8_t type;
    z3::expr present, typed;
    SymValue value;
    bool valueRead = true;  // false while only `has` has read it: then its type is still open
  };
  struct Side {
    const runtime::Engine* engine = nullptr;
    std::optional<runtime::WorkDef> catalogWork;  // the work as this side's catalog has it
    std::vector<HolderTerm> holders;
  };

  PathVar& pathVar(const std::string& path, uint8_t type, Unsupported* unsupported, bool forValue = true);
  SymValue freshValue(const std::string& name, uint8_t type);
  SymValue constantOf(const runtime::WorkDef& work, const std::string& path, bool* present);
  void buildRequestHolders();
  void addWorkIdConstraint(const std::vector<const runtime::Engine*>& sides);

  z3::context& ctx_;
  const SharedTables& tables_;
  uint32_t use_;
  WorkChoice work_;
  z3::expr time_;
  z3::expr_vector domain_;
  std::vector<std::unique_ptr<PathVar>> paths_;
  std::vector<std::unique_ptr<PathVar>> mistypedReads_;  // second readings of a path with another type
  std::vector<HolderTerm> requestHolders_;
  std::map<std::string, z3::expr> requestWeighted_;
  std::vector<Side> sides_;
  bool anySideUsesRequestHolders_ = false;
  Unsupported unsupported_;
  unsigned freshCount_ = 0;
};

}  // namespace refrain::analysis
