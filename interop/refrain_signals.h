/* AI opt-out signals behind a C ABI, for the artist portal's WebAssembly
 * module (docs/standards.md, "Signals"). Like the compiler's C API, it
 * throws nothing and reads no files, and no clock: the time is given. */
#ifndef REFRAIN_INTEROP_REFRAIN_SIGNALS_H_
#define REFRAIN_INTEROP_REFRAIN_SIGNALS_H_

#include "refrain/refrain.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Compiles sources and derives a party's (or a catalog work's) stance at a
 * time, and writes it in every signal format. Input JSON:
 *   {"sources": [{"name", "text"}, ...], "catalog": {"name", "text"} | null,
 *    "party": "luna-ray", "work": "USNW12400013" | null,
 *    "at": "2026-12-01T00:00:00Z", "url": "/", "rslUrl": "https://…" | ""}
 * (`work`, `url` and `rslUrl` optional). Fills `out` with JSON:
 *   {"ok": true, "stance": [{"use", "stance", "terms"?}, ...],
 *    "signals": {"rsl", "aipref", "robots", "tdmrep", "cawg", "iptc"},
 *    "errors": {"<format>": "why it could not be written"}}
 * or {"ok": false, "error": "..."} when the sources have errors (the
 * rendered diagnostics), the party or work is unknown or the time is not
 * RFC 3339. Free it with rf_buffer_free. Returns 1 (ok), 0 (refused, `out`
 * says why) or -1 (an argument is NULL, the input is not that JSON, or
 * memory ran out; `out` is left empty). */
int rf_signals_export(const char* input_json, size_t len, rf_buffer* out);

#ifdef __cplusplus
}
#endif

#endif /* REFRAIN_INTEROP_REFRAIN_SIGNALS_H_ */
