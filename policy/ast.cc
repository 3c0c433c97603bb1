// Names of types and operators, as messages and listings print them.
#include "policy/ast.h"

namespace refrain::policy {

std::string typeName(Type type) {
  static const char* kNames[] = {"error", "bool", "int", "string", "money", "percent",
                                 "time", "territory", "use", "dynamic"};
  std::string base = kNames[static_cast<int>(type.base)];
  return type.list ? "list of " + base : base;
}

const char* binOpName(BinOp op) {
  static const char* kNames[] = {"and", "or", "==", "!=", "<", "<=", ">", ">=", "in", "not in",
                                 "matches", "starts_with", "ends_with", "contains", "+", "-", "*"};
  return kNames[static_cast<int>(op)];
}

}  // namespace refrain::policy
