// UTC time for the runtime: RFC 3339 parsing and formatting, with no clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace refrain::runtime {

// Parses `2026-01-01` (midnight UTC) or `2026-01-01T12:30:00Z` /
// `2026-01-01T12:30:00+02:00` into UTC seconds since 1970. Fractional
// seconds (`12:30:00.250Z`) are accepted and dropped: decisions are made to
// the second. False on any other text, and for an instant outside the
// years 0000 to 9999 in UTC (`0000-01-01T00:00:00+01:00`), which RFC 3339
// cannot write back.
bool parseTime(std::string_view text, int64_t* seconds);

// The first and last second RFC 3339 can write: 0000-01-01T00:00:00Z and
// 9999-12-31T23:59:59Z.
inline constexpr int64_t kFirstTime = -62167219200;
inline constexpr int64_t kLastTime = 253402300799;

// Formats UTC seconds as `2026-01-01T12:30:00Z`.
std::string formatTime(int64_t seconds);

}  // namespace refrain::runtime
