// decide_many's threads: blocks of requests taken in turn from a shared
// counter, each decided with the taking thread's scratch; the bundle is
// immutable, so the threads share it without a lock.
#include "python/src/decide_many.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>

#include "python/src/request_json.h"

namespace refrain::python {

void Batch::clear() {
  requests_.clear();
  ends_.clear();
}

void Batch::add(PyObject* request) {
  appendRequestText(request, &requests_);
  ends_.push_back(requests_.size());
}

RecordView Batch::record(size_t i) const {
  const Block& b = blocks_[i / kBlock];
  const Place& p = b.places[i % kBlock];
  return RecordView{b.words.data() + p.wordsAt, p.wordCount, std::string_view(b.texts).substr(p.textsAt, p.textsLen)};
}

void Batch::decideBlock(const refrain::Bundle& bundle, refrain::Scratch& scratch, size_t block) {
  Block& b = blocks_[block];
  b.words.clear();
  b.texts.clear();
  b.places.clear();
  const size_t first = block * kBlock, last = std::min(first + kBlock, size());
  for (size_t i = first; i < last; ++i) {
    const size_t begin = i ? ends_[i - 1] : 0;
    rf_record r{};
    // Never null (std::string's data() is not), which the C API asks even of an empty request.
    const char* text = requests_.data() + begin;
    if (rf_decide_record(bundle.handle(), scratch.handle(), text, ends_[i] - begin, &r) < 0) throw std::bad_alloc();
    b.places.push_back({b.words.size(), r.count, b.texts.size(), r.texts_len});
    b.words.insert(b.words.end(), r.words, r.words + r.count);
    b.texts.append(r.texts, r.texts_len);
  }
}

void Batch::decide(const refrain::Bundle& bundle, int threads) {
  const size_t blocks = (size() + kBlock - 1) / kBlock;
  if (blocks_.size() < blocks) blocks_.resize(blocks);
  std::atomic<size_t> next{0};
  std::mutex failed;
  std::exception_ptr failure;  // the first thread's failure, rethrown once all have stopped
  auto work = [&] {
    try {
      refrain::Scratch scratch;
      for (size_t block = next++; block < blocks; block = next++) decideBlock(bundle, scratch, block);
    } catch (...) {
      next = blocks;  // the others stop at their next block
      std::lock_guard<std::mutex> lock(failed);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> helpers;
  const size_t helperCount = std::min<size_t>(static_cast<size_t>(threads), blocks) - (blocks ? 1 : 0);
  for (size_t t = 0; t < helperCount; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running decide the rest, to the same result
    }
  }
  work();
  for (std::thread& t : helpers) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace refrain::python
