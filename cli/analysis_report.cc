#include "cli/analysis_report.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "runtime/time.h"

namespace refrain::cli {

using analysis::Outcome;

analysis::Outcome printReport(const analysis::Report& report, const OutcomeWords& words, std::ostream& out) {
  for (const analysis::Finding& f : report.findings) {
    if (f.outcome == Outcome::kHolds) continue;
    out << (f.outcome == Outcome::kFails ? words.fails : "unknown") << ": " << f.use << ", "
        << (f.work.empty() ? "any other work" : "work " + f.work) << "\n";
    if (!f.request.empty()) out << "  request: " << f.request << "\n";
    out << "  " << (f.outcome == Outcome::kFails ? "runtime: " : "why: ") << f.detail << "\n";
  }
  const Outcome overall = report.overall();
  const size_t asked = report.findings.size();
  out << (overall == Outcome::kFails ? words.fails : overall == Outcome::kUnknown ? "unknown" : words.holds) << ": "
      << report.count(Outcome::kHolds) << " of " << asked << " (use, work) questions proven " << words.holds << ", "
      << report.count(Outcome::kFails) << " " << words.fails << ", " << report.count(Outcome::kUnknown) << " unknown\n";
  return overall;
}

analysis::Outcome printReportJson(const analysis::Report& report, const OutcomeWords& words, std::ostream& out) {
  using Json = nlohmann::ordered_json;
  auto word = [&](Outcome o) { return o == Outcome::kFails ? words.fails : o == Outcome::kHolds ? words.holds : "unknown"; };
  const Outcome overall = report.overall();
  Json doc = {{"outcome", word(overall)},
              {"questions", report.findings.size()},
              {words.holds, report.count(Outcome::kHolds)},
              {words.fails, report.count(Outcome::kFails)},
              {"unknown", report.count(Outcome::kUnknown)},
              {"findings", Json::array()}};
  for (const analysis::Finding& f : report.findings) {
    if (f.outcome == Outcome::kHolds) continue;
    Json item = {{"use", f.use}, {"work", f.work.empty() ? Json(nullptr) : Json(f.work)}, {"outcome", word(f.outcome)}};
    if (!f.request.empty()) item["request"] = Json::parse(f.request);
    item[f.outcome == Outcome::kFails ? "runtime" : "why"] = f.detail;
    doc["findings"].push_back(item);
  }
  out << doc.dump() << "\n";
  return overall;
}

bool parseAt(const std::string& text, int64_t* seconds) { return runtime::parseTime(text, seconds); }

}  // namespace refrain::cli
