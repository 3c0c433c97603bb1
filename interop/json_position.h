// Where a value sits in JSON text, so an importer can report a problem at
// the value's file:line:col. nlohmann/json parses into a tree that keeps no
// positions (only syntax errors carry a byte offset); this reads the text
// again, along one JSON pointer, to find the bytes the tree came from.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace refrain::interop {

// The byte offset where the value `pointer` (RFC 6901, e.g. "/data/entries/cawg.ai_training/use")
// names starts in `text`, which must be valid JSON (a UTF-8 byte order mark
// before it is allowed, as nlohmann/json allows one). Keys are compared after
// their escapes are decoded; of a key given twice, the last counts, as it
// does in nlohmann/json's tree. npos when the pointer names nothing.
size_t jsonValueOffset(std::string_view text, std::string_view pointer);

// The byte offset of the opening quote of the key of the object member
// `pointer` names; npos for the whole document, an array element or nothing.
size_t jsonKeyOffset(std::string_view text, std::string_view pointer);

// The byte offset of the opening quote of the second time `key` is given in
// the object `objectPointer` names. On the way there the first of a repeated
// key is followed: `text` may be JSON only up to that second key (a parser
// that refuses repeated keys stops there). npos when there is no such key.
size_t jsonRepeatedKeyOffset(std::string_view text, std::string_view objectPointer, std::string_view key);

struct LineColumn {
  size_t line = 1;    // from 1; lines end at LF (a CR before it is part of the line)
  size_t column = 1;  // from 1, in bytes
};

// The line and column of `offset` in `text`; an offset past the end is the end.
LineColumn lineColumnAt(std::string_view text, size_t offset);

// "file:line:col" of `offset`.
std::string positionText(std::string_view fileName, std::string_view text, size_t offset);

}  // namespace refrain::interop
