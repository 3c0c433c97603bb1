// Internal to the reference evaluator: its values, its view of a request, and its expression walker.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "policy/ast.h"
#include "runtime/bundle.h"

namespace refrain::compiler::reference {

// A value: bool/int in `number`; money: `number` micro-units and `text` the
// currency; percent: ppm; time: UTC seconds; string and territory: `text`;
// use: `text` is the dotted name. Lists hold their elements in `items`.
struct Val {
  policy::BaseType type = policy::BaseType::kBool;
  bool list = false;
  int64_t number = 0;
  std::string text;
  std::vector<Val> items;
};

// An evaluation error or a request error (docs/language.md §7.2): a code and a message.
struct Failure {
  std::string code;
  std::string message;
};

struct Holder {
  std::string party;
  std::string role;
  bool hasShare = false;
  int64_t weight = 0;  // ppm for percent shares, else the integer weight
  bool percent = false;
};

// A request that passed validation.
struct Request {
  nlohmann::json doc;
  std::string use;
  int64_t time = 0;
  std::string workId;
  const runtime::WorkDef* catalogWork = nullptr;  // set when the catalog has work.id
  std::vector<Holder> holders;
};

// Every request path the program reads (fields, `has`, duty texts) and the
// paths every request has: `use`, `work`, `work.id`, `context.time`, `work.rightsholders`.
std::set<std::string> readPaths(const policy::Program& program);

// Validates `text` and fills `out`; false with the request error otherwise.
// `paths` is readPaths(program): a key repeated on one of them (or on a
// prefix of one) is refused. `use` and `work` receive what could be read
// even when validation fails.
bool readRequest(std::string_view text, const std::set<std::string>& paths,
                 const std::vector<runtime::WorkDef>& catalog, Request* out, Failure* failure, std::string* use,
                 std::string* work);

enum class FieldState { kMissing, kPresent, kMistyped };

// Reads the request field at canonical `path` as `type`. kMistyped sets
// `problem` to why the JSON value does not fit.
FieldState readField(const Request& request, const std::string& path, policy::Type type, Val* out,
                     std::string* problem);

// The failure for reading a field that is missing or mistyped.
Failure fieldFailure(const std::string& path, FieldState state, const std::string& problem);

// How a value prints inside a duty text.
std::string dutyText(const Val& v);

// Evaluates checked expressions against one request. Compiled patterns are
// cached per evaluator.
class Evaluator {
 public:
  explicit Evaluator(const Request& request) : request_(request) {}

  // False with `failure` set on an evaluation error.
  bool eval(const policy::Expr& e, Val* out, Failure* failure);

 private:
  bool literal(const policy::Expr& e, Val* out);
  bool field(const policy::Expr& e, Val* out, Failure* failure);
  bool binary(const policy::Expr& e, Val* out, Failure* failure);
  bool logical(const policy::Expr& e, Val* out, Failure* failure);
  bool membership(const policy::Expr& e, Val* out, Failure* failure);
  bool comparison(const policy::Expr& e, Val* out, Failure* failure);
  bool stringTest(const policy::Expr& e, Val* out, Failure* failure);
  bool arithmetic(const policy::Expr& e, Val* out, Failure* failure);
  bool extreme(const policy::Expr& e, Val* out, Failure* failure);
  bool matches(const policy::Expr& e, Val* out, Failure* failure);
  const RE2& pattern(const std::string& text);

  const Request& request_;
  std::map<std::string, std::unique_ptr<RE2>> patterns_;
};

}  // namespace refrain::compiler::reference
