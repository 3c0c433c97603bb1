// The catalog section of a bundle, and the table the runtime looks works up
// in. A label's whole catalog can hold a million works, so the runtime keeps
// the section's bytes as they are and decodes only the work a request names:
// loading costs one verifying pass and a hash index, and a lookup costs the
// same at a thousand works as at a million.
//
//   catalog = strings (vector<string>: party ids, roles, genres, tags, each once)
//           | count (varint) | offsets (count × u32 LE, from the first record) | records
//   record  = id (string) | flags (varint, kWork* bits)
//           | [isrc (string), unless kWorkIsrcIsId] | [iswc (string)] | [title (string)]
//           | [genre (varint string index)] | [release date (zigzag varint)]
//           | [tags (vector<varint string index>)] | [contains_ai (varint string index)]
//           | holders (vector of: party (string index) | role (string index) | weight (varint; 0: no share))
//
// Records are sorted by id and lie back to back, so the offsets tile the rest
// of the section exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bundle.h"
#include "runtime/flat_index.h"

namespace refrain::runtime {

// The section's bytes for `works` (sorted by id, as the compiler gives them).
std::string encodeCatalog(const std::vector<WorkDef>& works);

struct HolderView {
  std::string_view party;
  uint32_t partyString = 0;  // the party's index in CatalogTable::strings()
  std::string_view role;
  bool hasShare = false;
  int64_t weight = 0;
};

// One work, decoded: views into the table's bytes. Reusable across lookups,
// so a decision allocates nothing once its vectors have grown.
struct WorkView {
  std::string_view id, isrc, iswc, title, genre;
  bool hasIsrc = false, hasIswc = false, hasTitle = false, hasGenre = false;
  bool hasReleaseDate = false;
  int64_t releaseDate = 0;
  bool hasTags = false;
  std::vector<std::string_view> tags;
  bool hasContainsAi = false;
  std::string_view containsAi;
  std::vector<HolderView> holders;
};

class CatalogTable {
 public:
  CatalogTable() = default;
  CatalogTable(const CatalogTable&) = delete;  // views point into bytes_
  CatalogTable& operator=(const CatalogTable&) = delete;

  // Takes the section's bytes, checks every record (bounds, string indexes,
  // roles among `roles`, ids strictly ascending, offsets tiling the section)
  // and builds the id index. False with a lowercase message otherwise.
  bool load(std::string bytes, const std::vector<std::string>& roles, std::string* error);

  size_t size() const { return offsets_.size(); }
  // The section's strings (party ids, roles, genres, tags), each once: the views a lookup hands out.
  const std::vector<std::string_view>& strings() const { return strings_; }
  // Decodes the work with this id into `out`; false when there is none. The
  // request path: one probe of the index and one record, the fewest distinct
  // cache lines and pages a million-work table allows.
  bool lookup(std::string_view id, WorkView* out) const;
  // The index of the work with this id, or -1.
  int64_t find(std::string_view id) const;
  // Decodes work `index` (< size()) into `out`.
  void read(size_t index, WorkView* out) const;
  // Work `index` as the compiler's model, for tools that list the catalog.
  WorkDef work(size_t index) const;

 private:
  bool decode(size_t index, WorkView* out) const;
  // Decodes the record at [start, end); `whole`: it must end exactly at `end`.
  bool decodeAt(size_t start, size_t end, bool whole, WorkView* out) const;
  std::string_view idAt(size_t index) const { return idAtOffset(offsets_[index]); }
  std::string_view idAtOffset(size_t offset) const;
  uint32_t probe(std::string_view id) const;  // the record's offset, or 0 (FlatIndex::kNone)

  std::string bytes_;
  std::vector<std::string_view> strings_;
  std::vector<uint32_t> offsets_;   // absolute, into bytes_
  FlatIndex index_;                 // over ids: a record's offset (never 0, so never FlatIndex::kNone)
};

}  // namespace refrain::runtime
