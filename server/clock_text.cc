#include "server/clock_text.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace refrain::server {

std::string nowRfc3339() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  // Every decision logged asks for the time: the date and clock of the
  // second are formatted once per thread and second, the milliseconds each time.
  thread_local std::time_t cachedSeconds = -1;
  thread_local char text[64];
  if (seconds != cachedSeconds) {
    std::tm t{};
    gmtime_r(&seconds, &t);
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec);
    cachedSeconds = seconds;
  }
  const int millis = static_cast<int>(ms % 1000);
  std::string out(text);
  const size_t at = out.size() - 4;  // the three digits before `Z`
  out[at] = static_cast<char>('0' + millis / 100);
  out[at + 1] = static_cast<char>('0' + millis / 10 % 10);
  out[at + 2] = static_cast<char>('0' + millis % 10);
  return out;
}

}  // namespace refrain::server
