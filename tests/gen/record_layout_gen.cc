// Prints what is generated from the decision record's one definition
// (runtime/record_layout.h):
//   record_layout_gen js   the JS reader's module, wasm/js/record_layout.mjs
//   record_layout_gen md   the layout table of docs/wasm.md, between its markers
// tests/cli/record_layout_test.sh fails when the checked-in files differ; to
// update them after changing the layout:
//   build/bin/record_layout_gen js > wasm/js/record_layout.mjs
//   and paste `build/bin/record_layout_gen md` over the table in docs/wasm.md.
#include <cstdio>
#include <string>
#include <string_view>

#include "runtime/record_layout.h"

namespace rl = refrain::runtime::record_layout;

namespace {

std::string_view kindName(rl::Kind kind) {
  switch (kind) {
    case rl::Kind::kWord: return "word";
    case rl::Kind::kText: return "text";
    case rl::Kind::kList: return "list";
  }
  return "";
}

constexpr rl::Item kItems[] = {rl::Item::kDecision, rl::Item::kReason, rl::Item::kDuty, rl::Item::kPayment,
                               rl::Item::kPayee,    rl::Item::kTerm,   rl::Item::kError};

std::string js() {
  std::string out =
      "// Generated from runtime/record_layout.h by tests/gen/record_layout_gen.cc\n"
      "// (`build/bin/record_layout_gen js`): do not edit. tests/cli/record_layout_test.sh\n"
      "// checks that it is current; docs/wasm.md, \"The decision record\", explains it.\n";
  out += "export const kRecordVersion = " + std::to_string(rl::kVersion) + ";\n";
  out += "export const kRecordAllow = " + std::to_string(rl::kFlagAllow) + ";\n";
  out += "export const kRecordAsciiTexts = " + std::to_string(rl::kFlagAsciiTexts) + ";\n";
  out += "export const kTextWords = " + std::to_string(rl::kTextWords) + ";\n";
  out += "export const kNameTag = " + std::to_string(rl::kNameTag) + ";\n";
  out += "// Each item's fields in record order: [name, kind] or, for a list, [name, 'list', item].\n";
  out += "export const kRecordLayout = Object.freeze({\n";
  for (rl::Item item : kItems) {
    out += "  " + std::string(rl::itemName(item)) + ": Object.freeze([";
    bool first = true;
    for (const rl::Field& f : rl::fieldsOf(item)) {
      out += first ? "" : ", ";
      first = false;
      out += "['" + std::string(f.name) + "', '" + std::string(kindName(f.kind)) + "'";
      if (f.kind == rl::Kind::kList) out += ", '" + std::string(rl::itemName(f.item)) + "'";
      out += "]";
    }
    out += "]),\n";
  }
  out += "});\n";
  return out;
}

std::string describe(const rl::Field& f) {
  std::string d = "`" + std::string(f.name) + "` ";
  if (f.name == "version") return d + "(word): " + std::to_string(rl::kVersion);
  if (f.name == "flags")
    return d + "(word): " + std::to_string(rl::kFlagAllow) + " = allow, " + std::to_string(rl::kFlagAsciiTexts) +
           " = every byte of the text area is ASCII";
  switch (f.kind) {
    case rl::Kind::kWord: d += "(word)"; break;
    case rl::Kind::kText: d += "(text)"; break;
    case rl::Kind::kList: d += "(a count, then that many " + std::string(rl::itemName(f.item)) + " items)"; break;
  }
  if (!f.note.empty()) d += ": " + std::string(f.note);
  return d;
}

std::string md() {
  std::string out = "| item | words, before its lists' items | fields, in order |\n|---|---|---|\n";
  for (rl::Item item : kItems) {
    out += "| " + std::string(item == rl::Item::kDecision ? "decision (the record)" : rl::itemName(item)) + " | " +
           std::to_string(rl::fixedWords(item)) + " | ";
    bool first = true;
    for (const rl::Field& f : rl::fieldsOf(item)) {
      out += first ? "" : "; ";
      first = false;
      out += describe(f);
    }
    out += " |\n";
  }
  out += "\nA text is " + std::to_string(rl::kTextWords) + " words: `(2 × id + " + std::to_string(rl::kNameTag) +
         ", 0)` is the bundle's name `id`\n(`rf_bundle_name`); `(2 × length, offset)` is `length` bytes at `offset`\n"
         "of the text area; `(0, 0)` is empty.\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view what = argc == 2 ? argv[1] : "";
  if (what != "js" && what != "md") {
    std::fputs("usage: record_layout_gen js|md\n", stderr);
    return 2;
  }
  const std::string out = what == "js" ? js() : md();
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
