// UTC calendar arithmetic (proleptic Gregorian) for request times and duty texts.
#include "runtime/time.h"

namespace refrain::runtime {

namespace {

// Howard Hinnant's days-from-civil and civil-from-days algorithms.
int64_t daysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

// Inline: a time has six of these fields, and a request has a time.
inline bool digits(std::string_view s, size_t at, size_t count, int* out) {
  if (at + count > s.size()) return false;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    const unsigned digit = static_cast<unsigned char>(s[i]) - unsigned{'0'};
    if (digit > 9) return false;
    value = value * 10 + static_cast<int>(digit);
  }
  *out = value;
  return true;
}

bool validDate(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= (m == 2 && leap ? 29 : kDays[m - 1]);
}

}  // namespace

bool parseTime(std::string_view s, int64_t* seconds) {
  int y, mo, d;
  if (!digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &mo) || s[7] != '-' ||
      !digits(s, 8, 2, &d) || !validDate(y, mo, d))
    return false;
  int64_t t = daysFromCivil(y, mo, d) * 86400;
  if (s.size() == 10) {
    *seconds = t;
    return true;
  }
  int h, mi, se;
  if (s[10] != 'T' || !digits(s, 11, 2, &h) || s.size() < 20 || s[13] != ':' || !digits(s, 14, 2, &mi) ||
      s[16] != ':' || !digits(s, 17, 2, &se) || h > 23 || mi > 59 || se > 59)
    return false;
  t += h * 3600 + mi * 60 + se;
  std::string_view zone = s.substr(19);
  // Fractions of a second are allowed (JavaScript writes them) and dropped:
  // decisions are made to the second.
  if (!zone.empty() && zone[0] == '.') {
    size_t digitsEnd = 1;
    while (digitsEnd < zone.size() && zone[digitsEnd] >= '0' && zone[digitsEnd] <= '9') ++digitsEnd;
    if (digitsEnd == 1) return false;
    zone = zone.substr(digitsEnd);
  }
  if (zone == "Z") {
    *seconds = t;
    return true;
  }
  int oh, om;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2, &oh) || zone[3] != ':' ||
      !digits(zone, 4, 2, &om) || oh > 23 || om > 59)
    return false;
  int64_t offset = oh * 3600 + om * 60;
  t = zone[0] == '+' ? t - offset : t + offset;
  if (t < kFirstTime || t > kLastTime) return false;
  *seconds = t;
  return true;
}

std::string formatTime(int64_t seconds) {
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) { rest += 86400; --days; }
  int64_t y;
  int m, d;
  civilFromDays(days, &y, &m, &d);
  auto two = [](int64_t v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); };
  std::string year = std::to_string(y);
  if (y >= 0 && y < 1000) year = std::string(4 - year.size(), '0') + year;
  return year + "-" + two(m) + "-" + two(d) + "T" + two(rest / 3600) + ":" + two(rest / 60 % 60) + ":" +
         two(rest % 60) + "Z";
}

}  // namespace refrain::runtime
