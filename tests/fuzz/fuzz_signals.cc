// Fuzz target: importing any bytes as an AI opt-out signal (interop/signals.h).
// The first byte picks the format (rsl, aipref, tdmrep, cawg, iptc, by its
// value mod 5); the rest is the signal.
//
// Invariants: no crash, hang or undefined behaviour; a refused signal has
// errors, each at `s:LINE:COL: error:`; an imported one becomes a policy
// that the compiler checks without an error and that `refrain fmt` leaves
// as it is: the import never writes a policy that does not build.
#include <string>
#include <string_view>

#include "compiler/compile.h"
#include "interop/signals.h"
#include "policy/formatter.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace refrain;
  if (size == 0) return 0;
  static const interop::SignalFormat kFormats[] = {interop::SignalFormat::kRsl, interop::SignalFormat::kAipref,
                                                   interop::SignalFormat::kTdmrep, interop::SignalFormat::kCawg,
                                                   interop::SignalFormat::kIptc};
  interop::SignalFormat format = kFormats[data[0] % 5];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  interop::ImportedSignal signal;
  std::vector<std::string> errors;
  if (!interop::importSignal(format, "s", text, &signal, &errors)) {
    if (errors.empty()) fuzz::die("a refused signal has no error");
    for (const std::string& e : errors)
      if (e.rfind("s:", 0) != 0 || e.find(": error: ") == std::string::npos) fuzz::die("an error without its place: " + e);
    return 0;
  }
  if (!errors.empty()) fuzz::die("an imported signal has errors");
  std::string policyText, error;
  if (!interop::writeSignalPolicy(signal, "artist", "a", "a-signal", "s", &policyText, &error))
    fuzz::die("an imported signal gives no policy: " + error);
  compiler::CompileInput input;
  input.sources.push_back({"p.refrain", policyText});
  compiler::CompileResult checked = compiler::check(std::move(input));
  if (!checked.ok)
    fuzz::die("the imported policy does not check: " + policy::renderDiagnostics(checked.diagnostics, checked.files) +
              "\n" + policyText);
  std::string again;
  policy::Diagnostics diags;
  if (!policy::formatSource({"p.refrain", policyText}, &again, diags) || again != policyText)
    fuzz::die("the imported policy is not laid out as `refrain fmt` lays it out:\n" + policyText);
  return 0;
}
