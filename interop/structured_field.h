// RFC 9651 Structured Field Values for HTTP: the parser (§4.2) and the
// serializer (§4.1), for the AI-preference signals (AIPREF's
// `Content-Usage` is a Dictionary). Every vector of
// ../shared/testdata/structured-field-tests passes, parsing and
// serializing (tests/unit/structured_field_test.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace refrain::interop::sf {

struct Token { std::string name; };
struct ByteSequence { std::string bytes; };
struct DisplayString { std::string utf8; };
struct Date { int64_t seconds = 0; };
// A Decimal: at most 12 integer digits and 3 fractional ones, kept exactly
// as thousandths.
struct Decimal { int64_t thousandths = 0; };

using BareItem = std::variant<int64_t, Decimal, std::string, Token, ByteSequence, bool, Date, DisplayString>;
using Parameters = std::vector<std::pair<std::string, BareItem>>;
struct Item {
  BareItem value;
  Parameters params;
};
struct InnerList {
  std::vector<Item> items;
  Parameters params;
};
using ListMember = std::variant<Item, InnerList>;
using List = std::vector<ListMember>;
using Dictionary = std::vector<std::pair<std::string, ListMember>>;

// Each parses a whole field value (lines already combined with ", ").
// False, with `error` naming the offset and what was expected, when the
// text is not one; RFC 9651 says such a field is ignored as a whole.
bool parseList(std::string_view text, List* out, std::string* error);
bool parseDictionary(std::string_view text, Dictionary* out, std::string* error);
bool parseItem(std::string_view text, Item* out, std::string* error);

// Each writes the canonical text of a value to `out` (an empty List or
// Dictionary is the empty text: the field is left out). False, with
// `error` saying why and `out` untouched, for a value that has none.
bool serializeList(const List& list, std::string* out, std::string* error);
bool serializeDictionary(const Dictionary& dict, std::string* out, std::string* error);
bool serializeItem(const Item& item, std::string* out, std::string* error);

}  // namespace refrain::interop::sf
