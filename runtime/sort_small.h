// Internal: the sort for the short lists a decision orders.
#pragma once

#include <cstddef>
#include <utility>

namespace refrain::runtime {

// Sorts the lists a decision orders (parties, payments, payees, split
// shares): a handful of entries, usually built in order already. A Shell
// sort: insertion sorts over shrinking gaps, the last gap 1, so a list in
// order costs about one comparison per entry, and a long one (a catalog work
// may name many holders) stays far from quadratic. Every such list has
// unique keys (or equal entries that are interchangeable), so the order is
// std::sort's; and the code is a fraction of std::sort's, which the
// WebAssembly module would carry once per element type.
// An insertion sort of the entries `gap` apart; an entry already in order
// costs one comparison and no move.
template <class T, class Less>
void insertionSort(T* v, size_t n, size_t gap, Less less) {
  for (size_t i = gap; i < n; ++i) {
    if (!less(v[i], v[i - gap])) continue;
    T entry = std::move(v[i]);
    size_t j = i;
    do {
      v[j] = std::move(v[j - gap]);
      j -= gap;
    } while (j >= gap && less(entry, v[j - gap]));
    v[j] = std::move(entry);
  }
}

template <class T, class Less>
void sortSmall(T* v, size_t n, Less less) {
  static const size_t kGaps[] = {1750, 701, 301, 132, 57, 23, 10, 4};  // Ciura's, extended; then 1
  constexpr size_t kShort = 16;  // at most 120 comparisons for a plain insertion sort
  if (n > kShort) {  // the usual handful of entries needs only the last pass
    for (size_t gap : kGaps)
      if (gap < n) insertionSort(v, n, gap, less);
  }
  insertionSort(v, n, 1, less);
}

template <class Vector, class Less>
void sortSmall(Vector& v, Less less) {
  sortSmall(v.data(), v.size(), less);
}

}  // namespace refrain::runtime
