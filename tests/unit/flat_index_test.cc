// Unit tests for runtime/flat_index.h, the runtime's one hash table: each
// clause of its contract, with hashes chosen to collide, wrap and fill.
#define BOOST_TEST_MODULE flat_index
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "runtime/flat_index.h"
#include "runtime/name_index.h"

namespace rt = refrain::runtime;

namespace {

// Keys kept outside the index, as its users keep theirs: value v is keys[v - 1].
struct Keyed {
  std::vector<std::string> keys;
  rt::FlatIndex index;
  uint32_t find(uint64_t hash, std::string_view key, size_t* visited = nullptr) const {
    return index.find(hash, [&](uint32_t v) {
      if (visited) ++*visited;
      return keys[v - 1] == key;
    });
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_empty_index_finds_nothing_and_calls_nobody) {
  size_t calls = 0;
  auto never = [&](uint32_t) { ++calls; return true; };
  BOOST_TEST(rt::FlatIndex().find(7, never) == rt::FlatIndex::kNone);
  BOOST_TEST(rt::FlatIndex(0).find(7, never) == rt::FlatIndex::kNone);
  BOOST_TEST(rt::FlatIndex(0).slotCount() == 0u);
  BOOST_TEST(calls == 0u);
}

BOOST_AUTO_TEST_CASE(the_table_is_a_power_of_two_at_most_half_full) {
  for (size_t count : {1u, 2u, 3u, 4u, 5u, 100u, 1000u, 1025u}) {
    const size_t slots = rt::FlatIndex(count).slotCount();
    BOOST_TEST((slots & (slots - 1)) == 0u, count);
    BOOST_TEST(slots >= 2 * count, count);
    BOOST_TEST(slots < 4 * count + 2, count);  // and no bigger than that needs
  }
}

BOOST_AUTO_TEST_CASE(every_value_is_found_under_its_hash_even_when_all_hashes_collide) {
  for (uint64_t hashOf : {0ull, 5ull, ~0ull}) {  // one hash for all: one long run, wrapping at the end
    Keyed k;
    for (int i = 0; i < 50; ++i) k.keys.push_back("key-" + std::to_string(i));
    k.index = rt::FlatIndex(k.keys.size());
    for (size_t i = 0; i < k.keys.size(); ++i) k.index.add(hashOf, static_cast<uint32_t>(i + 1));
    for (size_t i = 0; i < k.keys.size(); ++i) BOOST_TEST(k.find(hashOf, k.keys[i]) == i + 1);
    // A missing key meets an empty slot and stops: it never loops, and visits each value once at most.
    size_t visited = 0;
    BOOST_TEST(k.find(hashOf, "absent", &visited) == rt::FlatIndex::kNone);
    BOOST_TEST(visited == k.keys.size());
  }
}

BOOST_AUTO_TEST_CASE(the_slot_is_the_hash_low_bits_and_probing_wraps) {
  Keyed k;
  k.keys = {"a", "b", "c"};
  k.index = rt::FlatIndex(3);  // eight slots
  BOOST_REQUIRE(k.index.slotCount() == 8u);
  const uint64_t last = 7 | (uint64_t{0xABCD} << 40);  // high bits are ignored
  for (uint32_t v = 1; v <= 3; ++v) k.index.add(last, v);  // slots 7, 0 and 1
  for (uint32_t v = 1; v <= 3; ++v) BOOST_TEST(k.find(7, k.keys[v - 1]) == v);
  size_t visited = 0;
  BOOST_TEST(k.find(0, "c", &visited) == 3u);  // from slot 0: "b", then "c"
  BOOST_TEST(visited == 2u);
  visited = 0;
  BOOST_TEST(k.find(2, "a", &visited) == rt::FlatIndex::kNone);  // slot 2 is empty: nothing visited
  BOOST_TEST(visited == 0u);
}

BOOST_AUTO_TEST_CASE(of_equal_keys_the_first_added_is_found) {
  Keyed k;
  k.keys = {"same", "other", "same", "same"};
  k.index = rt::FlatIndex(k.keys.size());
  for (uint32_t v = 1; v <= 4; ++v) k.index.add(v == 2 ? 1 : 9, v);
  BOOST_TEST(k.find(9, "same") == 1u);
  BOOST_TEST(k.find(1, "other") == 2u);
}

BOOST_AUTO_TEST_CASE(its_users_find_every_key_and_no_other) {
  std::vector<std::string> owned;
  for (int i = 0; i < 3000; ++i) owned.push_back("name-" + std::to_string(i * 7919));
  owned.push_back("name-0");  // a repeat: the first is found
  std::vector<std::string_view> names(owned.begin(), owned.end());
  rt::NameIndex index(names);
  for (size_t i = 0; i + 1 < owned.size(); ++i) BOOST_TEST(index.find(std::string(owned[i])) == static_cast<int64_t>(i));
  BOOST_TEST(index.find("name-1") == -1);
  BOOST_TEST(index.find("") == -1);
  BOOST_TEST(rt::NameIndex().find("name-0") == -1);
}
