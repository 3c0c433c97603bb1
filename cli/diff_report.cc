// Printing a request log's diff. Money is printed as decisions print it, with
// six decimals, from exact micro-units.
#include "cli/diff_report.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "runtime/money.h"

namespace refrain::cli {

namespace {

constexpr ChangeKind kChanges[] = {ChangeKind::kAllowToDeny, ChangeKind::kDenyToAllow, ChangeKind::kPayment,
                                   ChangeKind::kDuties, ChangeKind::kPaymentAndDuties};

std::string counted(long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// `, +370.833334`: what changed in a currency's total, or `, no change`;
// nothing when the difference itself leaves 64 bits.
std::string difference(const PaidTotals& t) {
  int64_t delta = 0;
  if (!runtime::checkedSub(t.after, t.before, &delta)) return "";
  if (delta == 0) return ", no change";
  return ", " + std::string(delta > 0 ? "+" : "") + runtime::formatMicros(delta);
}

void writeCounts(const DiffTally& tally, const std::string& use, std::ostream& out) {
  out << counted(tally.requests(), "request", "requests");
  if (!use.empty()) out << " for " << use << " or below";
  out << ": " << tally.count(ChangeKind::kNone) << " unchanged, " << tally.changed() << " changed";
  const char* separator = " (";
  for (ChangeKind kind : kChanges) {
    if (tally.count(kind) == 0) continue;
    out << separator << tally.count(kind) << " " << changeLabel(kind);
    separator = ", ";
  }
  out << (tally.changed() ? ")\n" : "\n");
}

}  // namespace

void writeDiffText(const DiffTally& tally, const std::string& use, std::ostream& out) {
  writeCounts(tally, use, out);
  for (const auto& [currency, totals] : tally.paid())
    out << "paid in " << currency << ": " << runtime::formatMicros(totals.before) << " before, "
        << runtime::formatMicros(totals.after) << " after" << difference(totals) << "\n";
  if (tally.overflow()) out << "warning: a payment total overflowed and is not exact\n";
  if (tally.unreadable()) {
    out << "unreadable: " << counted(tally.unreadable(), "line", "lines") << ", not JSON or over the runtime's limits: "
        << (tally.unreadable() == 1 ? "line" : "lines");
    const char* separator = " ";
    for (long line : tally.unreadableLines()) out << separator << line, separator = ", ";
    out << (static_cast<size_t>(tally.unreadable()) > tally.unreadableLines().size() ? ", ...\n" : "\n");
  }
  for (const auto& [key, group] : tally.groups()) {
    out << "\n" << key.use << ": " << changeLabel(key.kind) << ", " << key.decider << " ("
        << counted(group.count, "request", "requests") << ")\n";
    for (const ExampleRequest& e : group.examples) out << "  line " << e.line << ": " << e.text << "\n";
    if (static_cast<size_t>(group.count) > group.examples.size())
      out << "  ... and " << group.count - static_cast<long>(group.examples.size()) << " more\n";
  }
}

void writeDiffJson(const DiffTally& tally, const std::string& use, std::ostream& out) {
  using json = nlohmann::ordered_json;
  json j;
  j["requests"] = tally.requests();
  j["use"] = use.empty() ? json(nullptr) : json(use);
  j["unchanged"] = tally.count(ChangeKind::kNone);
  j["changed"] = tally.changed();
  json& changes = j["changes"] = json::object();
  for (ChangeKind kind : kChanges) changes[std::string(changeName(kind))] = tally.count(kind);
  json& paid = j["paid"] = json::array();
  for (const auto& [currency, totals] : tally.paid())
    paid.push_back({{"currency", currency},
                    {"before", runtime::formatMicros(totals.before)},
                    {"after", runtime::formatMicros(totals.after)}});
  j["overflow"] = tally.overflow();
  j["unreadable"] = {{"count", tally.unreadable()}, {"lines", tally.unreadableLines()}};
  json& groups = j["groups"] = json::array();
  for (const auto& [key, group] : tally.groups()) {
    json examples = json::array();
    for (const ExampleRequest& e : group.examples) examples.push_back({{"line", e.line}, {"request", e.text}});
    groups.push_back({{"use", key.use},
                      {"change", std::string(changeName(key.kind))},
                      {"decided_by", key.decider},
                      {"count", group.count},
                      {"examples", std::move(examples)}});
  }
  // Every text here is valid UTF-8 (a request that is not is unreadable and
  // kept out); replacing is only a guard, so that dumping cannot throw.
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace refrain::cli
