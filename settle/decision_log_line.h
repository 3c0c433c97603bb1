// One line of the decision log (docs/server.md, "The decision log"): the
// format `refrain serve` writes and statements are settled from.
//
//   {"id":"<decision id>","time":"<RFC 3339, UTC, milliseconds>",
//    "bundle":"<sha-256>","request":"<the request's bytes as received>",
//    "decision":<the canonical decision JSON>}
//
// The request is kept as a string holding exactly the bytes received, so
// what was asked is never reinterpreted; bytes that are not UTF-8 are kept
// exactly too, base64-encoded under "request_base64" instead. A request
// longer than the service takes (a batch line past --max-body) keeps only
// its first bytes, and "request_length" then gives its whole length.
#pragma once

#include <string>
#include <string_view>

namespace refrain::settle {

struct DecisionLogEntry {
  std::string_view id;
  std::string_view time;
  std::string_view bundle;
  std::string_view request;
  std::string_view decision;  // canonical compact decision JSON, no newline
  size_t requestLength = 0;   // when above request.size(), the request was cut to its first bytes
};

// Appends the entry as one line, newline included.
void appendDecisionLogLine(const DecisionLogEntry& entry, std::string* out);

// A line read back: the request's exact bytes and the decision's text.
struct DecisionLogRecord {
  std::string id, time, bundle, request, decision;
  size_t requestLength = 0;  // the request's whole length in bytes
};

// Reads a line written by appendDecisionLogLine (without its newline).
// False, with the reason in `error`, for anything else.
bool readDecisionLogLine(std::string_view line, DecisionLogRecord* out, std::string* error);

bool isUtf8(std::string_view bytes);

}  // namespace refrain::settle
