// Batch evaluation: the input is read in blocks of whole lines, each block is
// decided by one of the workers, and the blocks' decisions are written back
// in input order, so the output never depends on the thread count.
#include "cli/batch_eval.h"

#include <array>
#include <condition_variable>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string_view>
#include <thread>
#include <vector>

#include "cli/line_blocks.h"
#include "runtime/money.h"
#include "runtime/same_text.h"

namespace refrain::cli {

namespace {

// The entry for `key`, made only the first time.
template <class Map>
typename Map::mapped_type& entry(Map& map, std::string_view key) {
  auto it = map.find(key);
  return it != map.end() ? it->second : map[std::string(key)];
}

// Adds decisions to one summary. A batch pays the same few parties thousands
// of times, and finding each sum in the maps by string compares cost more
// than everything else the summary does; so the sum last found for a
// (currency, party) is remembered in a small table, by a cheap hash of the
// two. A collision only costs a map look-up. Map nodes never move, so the
// remembered addresses stay valid while the summary lives, which outlives
// the adder.
class SummaryAdder {
 public:
  explicit SummaryAdder(BatchSummary& summary) : summary_(summary) {}

  void add(const runtime::DecisionView& d) {
    if (!d.errors.empty()) ++summary_.error;
    else if (d.allow) ++summary_.allow;
    else ++summary_.deny;
    for (const auto& p : d.payments)
      for (const auto& payee : p.payees) {
        int64_t& total = sum(p.currency, payee.party);
        summary_.overflow = summary_.overflow || !runtime::checkedAdd(total, payee.micros, &total);
      }
  }

 private:
  struct Remembered {
    std::string currency, party;
    int64_t* sum = nullptr;
  };

  int64_t& sum(std::string_view currency, std::string_view party) {
    Remembered& r = remembered_[slotOf(currency, party)];
    if (r.sum && runtime::sameText(r.party, party) && runtime::sameText(r.currency, currency)) return *r.sum;
    r.currency.assign(currency.data(), currency.size());
    r.party.assign(party.data(), party.size());
    r.sum = &entry(entry(summary_.paid, currency), party);
    return *r.sum;
  }

  // Mixes the lengths and a few bytes of each: cheap, and enough to tell
  // apart the few dozen parties a batch pays.
  static size_t slotOf(std::string_view currency, std::string_view party) {
    uint64_t h = (party.size() << 8) ^ currency.size();
    h ^= uint64_t{someBytes(party)} << 16;
    h ^= uint64_t{someBytes(currency)} << 40;
    return static_cast<size_t>((h * 0x9E3779B97F4A7C15ull) >> 58);  // the top 6 bits: kSlots
  }

  // The first, middle and last bytes of `text`, or 0 when it is empty.
  static uint32_t someBytes(std::string_view text) {
    if (text.empty()) return 0;
    auto at = [&](size_t i) { return uint32_t{static_cast<unsigned char>(text[i])}; };
    return at(0) | at(text.size() / 2) << 8 | at(text.size() - 1) << 16;
  }

  static constexpr size_t kSlots = 64;
  BatchSummary& summary_;
  std::array<Remembered, kSlots> remembered_;
};

}  // namespace

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

// One block of input on its way through: decided by one worker, then written in turn.
struct Chunk {
  uint64_t number = 0;
  InputBytes input;
  std::string output;
  BatchSummary summary;
};

void decideChunk(const runtime::Engine& engine, runtime::DecideScratch& scratch, Chunk& c) {
  c.output.clear();
  c.summary = BatchSummary();
  SummaryAdder summary(c.summary);
  forEachLine(c.input.view(), [&](std::string_view line) {
    if (blankLine(line)) return;
    const runtime::DecisionView& d = engine.decideView(line, scratch);
    summary.add(d);
    runtime::writeDecisionJson(d, &c.output, runtime::JsonStyle::kCompact);
  });
}

// Every worker runs the same loop: take the next block under the input lock,
// decide it with no lock held, and hand it to the output, where whichever
// worker holds the next block in input order writes every block that is
// ready; so reading, deciding and writing overlap. A worker may run ahead of
// a slow one by a few blocks only: at most 2 blocks per worker are taken and
// not yet written, which bounds memory whatever the input's size. (The
// lowest unwritten block is always being decided by a worker that is not
// waiting, so the wait always ends.)
class Pipeline {
 public:
  Pipeline(const runtime::Engine& engine, std::istream& in, std::ostream& out, int workers, void (*progress)(long))
      : engine_(engine), source_(in), out_(out), progress_(progress), maxUnwritten_(2 * static_cast<uint64_t>(workers)) {}

  void work() {
    runtime::DecideScratch scratch;
    std::unique_ptr<Chunk> chunk = std::make_unique<Chunk>();
    while (take(*chunk)) {
      decideChunk(engine_, scratch, *chunk);
      chunk = deliver(std::move(chunk));
    }
  }

  BatchSummary& total() { return total_; }

 private:
  bool take(Chunk& c) {
    {
      std::unique_lock<std::mutex> lock(outputMutex_);
      room_.wait(lock, [this] { return unwritten_ < maxUnwritten_; });
      ++unwritten_;
    }
    std::lock_guard<std::mutex> lock(inputMutex_);
    if (source_.next(&c.input)) {
      c.number = taken_++;
      return true;
    }
    std::lock_guard<std::mutex> output(outputMutex_);  // the end: the room taken is given back
    --unwritten_;
    room_.notify_all();
    return false;
  }

  // Files `c` and writes out every block now in order; returns a spare chunk to fill next.
  std::unique_ptr<Chunk> deliver(std::unique_ptr<Chunk> c) {
    std::lock_guard<std::mutex> lock(outputMutex_);
    const uint64_t number = c->number;
    waiting_.emplace(number, std::move(c));
    std::unique_ptr<Chunk> spare;
    for (auto it = waiting_.find(written_); it != waiting_.end(); it = waiting_.find(written_)) {
      Chunk& ready = *it->second;
      out_.write(ready.output.data(), static_cast<std::streamsize>(ready.output.size()));
      total_.merge(ready.summary);
      ++written_;
      if (progress_) progress_(total_.decisions());
      spare = std::move(it->second);  // keeps its buffers' capacity for the next block
      waiting_.erase(it);
      --unwritten_;
    }
    if (!spare) return std::make_unique<Chunk>();  // nothing written: no room made
    room_.notify_all();
    return spare;
  }

  const runtime::Engine& engine_;
  std::mutex inputMutex_;
  BlockSource source_;
  uint64_t taken_ = 0;
  std::mutex outputMutex_;  // guards everything below
  std::ostream& out_;
  void (*progress_)(long);
  std::map<uint64_t, std::unique_ptr<Chunk>> waiting_;  // decided, not yet written
  uint64_t written_ = 0;
  const uint64_t maxUnwritten_;
  uint64_t unwritten_ = 0;  // blocks taken (or being taken) and not yet written
  std::condition_variable room_;  // told when unwritten_ falls
  BatchSummary total_;
};

}  // namespace

BatchSummary decideLines(const runtime::Engine& engine, std::istream& in, std::ostream& out, int threads,
                         void (*progress)(long decided)) {
  const int workers = threads < 1 ? 1 : threads;
  Pipeline pipeline(engine, in, out, workers, progress);
  std::vector<std::thread> helpers;
  for (int t = 1; t < workers; ++t) helpers.emplace_back([&pipeline] { pipeline.work(); });
  pipeline.work();  // the calling thread is a worker too
  for (std::thread& t : helpers) t.join();
  out.flush();
  return std::move(pipeline.total());
}

}  // namespace refrain::cli
