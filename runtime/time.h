// UTC time for the runtime: RFC 3339 parsing and formatting, with no clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace refrain::runtime {

// Parses `2026-01-01` (midnight UTC) or `2026-01-01T12:30:00Z` /
// `2026-01-01T12:30:00+02:00` into UTC seconds since 1970. Fractional
// seconds (`12:30:00.250Z`) are accepted and dropped: decisions are made to
// the second. False on any other text.
bool parseTime(std::string_view text, int64_t* seconds);

// Formats UTC seconds as `2026-01-01T12:30:00Z`.
std::string formatTime(int64_t seconds);

}  // namespace refrain::runtime
