// The catalog section: encoding for the compiler, verified decoding and an id
// index for the runtime (layout in catalog_table.h).
#include "runtime/catalog_table.h"

#include <algorithm>
#include <map>

#include "runtime/byte_reader.h"
#include "runtime/name_index.h"
#include "runtime/same_text.h"

namespace refrain::runtime {

namespace {

// A record's flags: which optional fields follow.
constexpr uint32_t kWorkIsrc = 1, kWorkIswc = 2, kWorkTitle = 4, kWorkGenre = 8, kWorkReleaseDate = 16, kWorkTags = 32;
constexpr uint32_t kWorkIsrcIsId = 64;  // most works are identified by their ISRC: store it once
constexpr uint32_t kWorkContainsAi = 128;
constexpr uint32_t kWorkAllFlags = 255;

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void putString(std::string& out, std::string_view s) {
  putVarint(out, s.size());
  out.append(s.data(), s.size());
}

void putU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

// Interns the strings works repeat (parties, roles, genres, tags), in first-use order.
class StringTable {
 public:
  uint32_t add(const std::string& s) {
    auto [it, fresh] = index_.emplace(s, static_cast<uint32_t>(strings_.size()));
    if (fresh) strings_.push_back(s);
    return it->second;
  }
  const std::vector<std::string>& strings() const { return strings_; }

 private:
  std::map<std::string, uint32_t> index_;
  std::vector<std::string> strings_;
};

std::string encodeRecord(const WorkDef& w, StringTable& strings) {
  std::string r;
  putString(r, w.id);
  const bool isrcIsId = w.hasIsrc && w.isrc == w.id;
  uint32_t flags = (w.hasIsrc ? kWorkIsrc : 0) | (w.hasIswc ? kWorkIswc : 0) | (w.hasTitle ? kWorkTitle : 0) |
                   (w.hasGenre ? kWorkGenre : 0) | (w.hasReleaseDate ? kWorkReleaseDate : 0) |
                   (w.hasTags ? kWorkTags : 0) | (isrcIsId ? kWorkIsrcIsId : 0) | (w.hasContainsAi ? kWorkContainsAi : 0);
  putVarint(r, flags);
  if (w.hasIsrc && !isrcIsId) putString(r, w.isrc);
  if (w.hasIswc) putString(r, w.iswc);
  if (w.hasTitle) putString(r, w.title);
  if (w.hasGenre) putVarint(r, strings.add(w.genre));
  if (w.hasReleaseDate)
    putVarint(r, (static_cast<uint64_t>(w.releaseDate) << 1) ^ static_cast<uint64_t>(w.releaseDate >> 63));
  if (w.hasTags) {
    putVarint(r, w.tags.size());
    for (const std::string& t : w.tags) putVarint(r, strings.add(t));
  }
  if (w.hasContainsAi) putVarint(r, strings.add(w.containsAi));
  putVarint(r, w.holders.size());
  for (const HolderDef& h : w.holders) {
    putVarint(r, strings.add(h.party));
    putVarint(r, strings.add(h.role));
    putVarint(r, h.hasShare ? static_cast<uint64_t>(h.weight) + 1 : 0);  // 0: no share; a share may be 0
  }
  return r;
}

}  // namespace

std::string encodeCatalog(const std::vector<WorkDef>& works) {
  StringTable strings;
  std::string records;
  std::vector<uint32_t> offsets;
  for (const WorkDef& w : works) {
    offsets.push_back(static_cast<uint32_t>(records.size()));
    records += encodeRecord(w, strings);
  }
  std::string out;
  putVarint(out, strings.strings().size());
  for (const std::string& s : strings.strings()) putString(out, s);
  putVarint(out, works.size());
  for (uint32_t o : offsets) putU32(out, o);
  return out + records;
}

bool CatalogTable::load(std::string bytes, const std::vector<std::string>& roles, std::string* error) {
  bytes_ = std::move(bytes);
  auto fail = [&](const std::string& what) {
    *error = "bundle is invalid: " + what;
    return false;
  };
  const auto* base = reinterpret_cast<const uint8_t*>(bytes_.data());
  ReadArchive in(base, bytes_.size());
  uint64_t stringCount = in.varint();
  if (stringCount > in.remaining()) return fail("the catalog's string table is malformed");
  strings_.resize(stringCount);
  for (std::string_view& s : strings_) s = in.view();
  if (!in.ok()) return fail("the catalog's string table is malformed");
  uint64_t count = in.varint();
  if (!in.ok() || count > in.remaining() / 4) return fail("the catalog's record count is malformed");
  offsets_.resize(count);
  const size_t recordsStart = bytes_.size() - in.remaining() + 4 * count;
  for (uint32_t& o : offsets_) {
    uint64_t absolute = recordsStart + uint64_t{in.u32()};
    if (absolute > bytes_.size()) return fail("a catalog record lies outside the catalog");
    o = static_cast<uint32_t>(absolute);
  }
  if (count > 0 && offsets_[0] != recordsStart) return fail("the catalog's records do not follow its offsets");
  WorkView work;
  for (size_t i = 0; i < count; ++i) {
    if (!decode(i, &work)) return fail("catalog record " + std::to_string(i) + " is malformed");
    if (i > 0 && !(idAt(i - 1) < work.id)) return fail("the catalog is not sorted by work id");
    for (const HolderView& h : work.holders)
      if (std::find(roles.begin(), roles.end(), h.role) == roles.end())
        return fail("work `" + std::string(work.id) + "` names the unknown role `" + std::string(h.role) + "`");
  }
  index_ = FlatIndex(count);
  for (size_t i = 0; i < count; ++i) index_.add(hashName(idAt(i)), offsets_[i]);  // records follow the count, so no offset is 0
  return true;
}

std::string_view CatalogTable::idAtOffset(size_t offset) const {
  const auto* base = reinterpret_cast<const uint8_t*>(bytes_.data());
  ReadArchive in(base + offset, bytes_.size() - offset);
  return in.view();
}

uint32_t CatalogTable::probe(std::string_view id) const {
  return index_.find(hashName(id), [&](uint32_t offset) { return sameText(idAtOffset(offset), id); });
}

bool CatalogTable::lookup(std::string_view id, WorkView* out) const {
  const uint32_t offset = probe(id);
  // load() decoded every record whole, so the section's end is bound enough here.
  return offset != 0 && decodeAt(offset, bytes_.size(), false, out);
}

int64_t CatalogTable::find(std::string_view id) const {
  const uint32_t offset = probe(id);
  if (offset == 0) return -1;
  return std::lower_bound(offsets_.begin(), offsets_.end(), offset) - offsets_.begin();
}

void CatalogTable::read(size_t index, WorkView* out) const {
  decode(index, out);  // load() decoded every record once, so this cannot fail
}

// Decodes one record, bounds-checked; a record must end where the next begins.
bool CatalogTable::decode(size_t index, WorkView* out) const {
  const size_t start = offsets_[index];
  const size_t end = index + 1 < offsets_.size() ? offsets_[index + 1] : bytes_.size();
  return decodeAt(start, end, true, out);
}

bool CatalogTable::decodeAt(size_t start, size_t end, bool whole, WorkView* out) const {
  if (end < start) return false;
  const auto* base = reinterpret_cast<const uint8_t*>(bytes_.data());
  ReadArchive in(base + start, end - start);
  bool badIndex = false;
  auto stringIndex = [&]() -> uint32_t {
    uint64_t i = in.varint();
    if (i >= strings_.size()) { badIndex = true; return 0; }
    return static_cast<uint32_t>(i);
  };
  auto indexed = [&]() {
    uint32_t i = stringIndex();
    return badIndex ? std::string_view() : strings_[i];
  };
  out->id = in.view();
  uint64_t flags = in.varint();
  if (flags & ~uint64_t{kWorkAllFlags}) return false;
  out->hasIsrc = flags & kWorkIsrc;
  out->hasIswc = flags & kWorkIswc;
  out->hasTitle = flags & kWorkTitle;
  out->hasGenre = flags & kWorkGenre;
  out->hasReleaseDate = flags & kWorkReleaseDate;
  out->hasTags = flags & kWorkTags;
  out->hasContainsAi = flags & kWorkContainsAi;
  if ((flags & kWorkIsrcIsId) && !out->hasIsrc) return false;
  out->isrc = !out->hasIsrc ? std::string_view() : (flags & kWorkIsrcIsId) ? out->id : in.view();
  out->iswc = out->hasIswc ? in.view() : std::string_view();
  out->title = out->hasTitle ? in.view() : std::string_view();
  out->genre = out->hasGenre ? indexed() : std::string_view();
  out->releaseDate = 0;
  if (out->hasReleaseDate) in(out->releaseDate);
  out->tags.clear();
  if (out->hasTags) {
    uint64_t n = in.varint();
    if (n > in.remaining()) return false;
    for (uint64_t k = 0; k < n; ++k) out->tags.push_back(indexed());
  }
  out->containsAi = out->hasContainsAi ? indexed() : std::string_view();
  out->holders.clear();
  uint64_t n = in.varint();
  if (n > in.remaining()) return false;
  for (uint64_t k = 0; k < n; ++k) {
    HolderView h;
    h.partyString = stringIndex();
    h.party = badIndex ? std::string_view() : strings_[h.partyString];
    h.role = indexed();
    uint64_t weight = in.varint();  // 0: no share; else the share plus one
    if (weight > static_cast<uint64_t>(INT64_MAX)) return false;
    h.hasShare = weight > 0;
    h.weight = h.hasShare ? static_cast<int64_t>(weight - 1) : 0;
    out->holders.push_back(h);
  }
  return in.ok() && (in.atEnd() || !whole) && !badIndex;
}

WorkDef CatalogTable::work(size_t index) const {
  WorkView v;
  read(index, &v);
  WorkDef w;
  w.id = v.id;
  w.hasIsrc = v.hasIsrc, w.isrc = v.isrc;
  w.hasIswc = v.hasIswc, w.iswc = v.iswc;
  w.hasTitle = v.hasTitle, w.title = v.title;
  w.hasGenre = v.hasGenre, w.genre = v.genre;
  w.hasReleaseDate = v.hasReleaseDate, w.releaseDate = v.releaseDate;
  w.hasTags = v.hasTags;
  for (std::string_view t : v.tags) w.tags.emplace_back(t);
  w.hasContainsAi = v.hasContainsAi, w.containsAi = v.containsAi;
  for (const HolderView& h : v.holders) w.holders.push_back({std::string(h.party), std::string(h.role), h.hasShare, h.weight});
  return w;
}

}  // namespace refrain::runtime
