// Batch evaluation: the input is read in large blocks, cut into lines, and
// each chunk of lines is split into contiguous ranges, one per thread; the
// ranges' outputs are written back in order, so the output never depends on
// the thread count.
#include "cli/batch_eval.h"

#include <algorithm>
#include <istream>
#include <ostream>
#include <string_view>
#include <thread>
#include <vector>

#include "runtime/money.h"

namespace refrain::cli {

namespace {

// The entry for `key`, made only the first time: a batch looks up the same few parties millions of times.
template <class Map>
typename Map::mapped_type& entry(Map& map, std::string_view key) {
  auto it = map.find(key);
  return it != map.end() ? it->second : map[std::string(key)];
}

}  // namespace

void BatchSummary::add(const runtime::DecisionView& d) {
  if (!d.errors.empty()) ++error;
  else if (d.allow) ++allow;
  else ++deny;
  for (const auto& p : d.payments) {
    auto& parties = entry(paid, p.currency);
    for (const auto& payee : p.payees) {
      int64_t& sum = entry(parties, payee.party);
      overflow = overflow || !runtime::checkedAdd(sum, payee.micros, &sum);
    }
  }
}

void BatchSummary::merge(const BatchSummary& other) {
  allow += other.allow, deny += other.deny, error += other.error;
  overflow = overflow || other.overflow;
  for (const auto& [currency, parties] : other.paid)
    for (const auto& [party, micros] : parties) {
      int64_t& sum = paid[currency][party];
      overflow = overflow || !runtime::checkedAdd(sum, micros, &sum);
    }
}

void BatchSummary::print(std::ostream& out) const {
  out << decisions() << " decisions: " << allow << " allow, " << deny << " deny, " << error << " error\n";
  for (const auto& [currency, parties] : paid) {
    out << "paid in " << currency << ":\n";
    for (const auto& [party, micros] : parties) out << "  " << party << "  " << runtime::formatMicros(micros) << "\n";
  }
  if (overflow) out << "warning: a payout total overflowed and is not exact\n";
}

namespace {

constexpr size_t kBlockBytes = 1 << 20;     // read size
constexpr size_t kLinesPerThread = 4096;    // a chunk: enough work to dwarf starting a thread

// Reads blocks and hands out whole lines; a line may span blocks.
class LineSource {
 public:
  explicit LineSource(std::istream& in) : in_(in) {}

  // Sets `lines` to up to `max` non-blank lines, valid until the next call.
  void next(size_t max, std::vector<std::string_view>* lines) {
    buffer_.erase(0, consumed_);
    spans_.clear();
    size_t scan = 0, searchFrom = 0;
    while (spans_.size() < max) {
      size_t end = buffer_.find('\n', searchFrom);
      if (end == std::string::npos) {
        searchFrom = buffer_.size();  // a long line is searched once, not once per block
        if (fill()) continue;
        if (scan == buffer_.size()) break;
        end = buffer_.size();  // the last line may lack its newline
      }
      std::string_view line(buffer_.data() + scan, end - scan);
      if (line.find_first_not_of(" \t\r") != std::string_view::npos) spans_.push_back({scan, end - scan});
      scan = searchFrom = std::min(end + 1, buffer_.size());
    }
    consumed_ = scan;
    // Views are made last: fill() may have moved the buffer.
    lines->clear();
    for (const auto& [at, length] : spans_) lines->emplace_back(buffer_.data() + at, length);
  }

 private:
  bool fill() {
    if (!in_) return false;
    size_t old = buffer_.size();
    buffer_.resize(old + kBlockBytes);
    in_.read(&buffer_[old], kBlockBytes);
    buffer_.resize(old + static_cast<size_t>(in_.gcount()));
    return buffer_.size() > old;
  }

  std::istream& in_;
  std::string buffer_;
  size_t consumed_ = 0;
  std::vector<std::pair<size_t, size_t>> spans_;  // offset and length of each line in buffer_
};

struct Range {
  const std::string_view* begin;
  const std::string_view* end;
  std::string out;
  BatchSummary summary;
};

void decideRange(const runtime::Engine& engine, Range& r) {
  runtime::DecideScratch scratch;
  r.out.clear();
  for (const std::string_view* line = r.begin; line != r.end; ++line) {
    const runtime::DecisionView& d = engine.decideView(*line, scratch);
    r.summary.add(d);
    runtime::writeDecisionJson(d, &r.out, runtime::JsonStyle::kCompact);
  }
}

}  // namespace

BatchSummary decideLines(const runtime::Engine& engine, std::istream& in, std::ostream& out, int threads,
                         void (*progress)(long decided)) {
  const size_t workers = static_cast<size_t>(threads < 1 ? 1 : threads);
  LineSource source(in);
  std::vector<std::string_view> lines;
  std::vector<Range> ranges(workers);
  BatchSummary total;
  for (;;) {
    source.next(kLinesPerThread * workers, &lines);
    if (lines.empty()) break;
    const size_t per = (lines.size() + workers - 1) / workers;
    std::vector<std::thread> pool;
    for (size_t w = 0; w < workers; ++w) {
      size_t from = std::min(lines.size(), w * per), to = std::min(lines.size(), from + per);
      ranges[w].begin = lines.data() + from;
      ranges[w].end = lines.data() + to;
      if (w + 1 < workers) pool.emplace_back(decideRange, std::cref(engine), std::ref(ranges[w]));
      else decideRange(engine, ranges[w]);  // the calling thread takes the last range
    }
    for (std::thread& t : pool) t.join();
    for (Range& r : ranges) {
      out.write(r.out.data(), static_cast<std::streamsize>(r.out.size()));
      total.merge(r.summary);
      r.summary = BatchSummary();
    }
    if (progress) progress(total.decisions());
  }
  out.flush();
  return total;
}

}  // namespace refrain::cli
