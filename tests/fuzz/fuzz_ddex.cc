// Fuzz target: DDEX ERN import (interop/ddex_ern.h) of any bytes.
//
// Invariants: no crash, hang or undefined behaviour; a refused message has
// errors, each at `m.xml:LINE:COL: error:`, and gives no works; an imported
// message's works form a catalog that the compiler's catalog reader takes
// without an error: the import never writes a catalog that does not build.
#include <string>
#include <string_view>

#include "compiler/catalog.h"
#include "interop/ddex_ern.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace refrain;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  interop::ErnImport imported;
  std::vector<std::string> errors;
  bool ok = interop::importErn("m.xml", bytes, interop::PartyMap(), interop::ErnLimits(), &imported, &errors);
  if (!ok) {
    if (errors.empty()) fuzz::die("a refused message has no error");
    if (!imported.works.empty()) fuzz::die("a refused message gave works");
    for (const std::string& e : errors)
      if (e.rfind("m.xml:", 0) != 0 || e.find(": error: ") == std::string::npos) fuzz::die("an error without its place: " + e);
    return 0;
  }
  if (!errors.empty()) fuzz::die("an imported message has errors");
  policy::SourceFile catalog{"works.jsonl", ""};
  for (const interop::CatalogWork& w : imported.works) catalog.text += interop::catalogLine(w) + "\n";
  policy::Diagnostics diags;
  compiler::readCatalog(catalog, 0, diags);
  if (diags.hasErrors()) fuzz::die("imported works do not form a catalog: " + diags.all().front().message + "\n" + catalog.text);
  return 0;
}
