// Requests decided together off the GIL, on several threads: Bundle.decide_many.
#pragma once

#include <Python.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "python/src/decision_object.h"
#include "refrain/refrain.hpp"

namespace refrain::python {

// One round of decide_many: the requests' texts are gathered with the GIL
// held, decided without it, and their decision records read back with it.
// Reused from round to round, so its buffers keep their capacity.
class Batch {
 public:
  void clear();
  size_t size() const { return ends_.size(); }

  // Adds a request's JSON text (appendRequestText's rules; RequestError). Needs the GIL.
  void add(PyObject* request);

  // Decides every request on `threads` threads (the calling one among
  // them), each with its own scratch, copying each record out of it. Call
  // without the GIL: nothing here touches Python. Throws std::bad_alloc.
  void decide(const refrain::Bundle& bundle, int threads);

  // Request i's decision record, after decide().
  RecordView record(size_t i) const;

 private:
  // Requests are handed to the threads in blocks of this many: enough to
  // make taking one (an atomic increment) cheap beside deciding it.
  static constexpr size_t kBlock = 64;

  // Where one record's words and texts lie in its block's buffers.
  struct Place {
    size_t wordsAt, wordCount, textsAt, textsLen;
  };
  // The records of one block of requests, written by the one thread that decides it.
  struct Block {
    std::vector<uint32_t> words;
    std::string texts;
    std::vector<Place> places;
  };

  void decideBlock(const refrain::Bundle& bundle, refrain::Scratch& scratch, size_t block);

  std::string requests_;        // every request's text, one after another
  std::vector<size_t> ends_;    // request i is requests_[ends_[i - 1], ends_[i])
  std::vector<Block> blocks_;   // block b holds requests b × kBlock onwards
};

}  // namespace refrain::python
