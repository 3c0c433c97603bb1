/* The Refrain C API: one small ABI for C and C++ services, FFI and WebAssembly.
 * Installed as <refrain/refrain.h>; the library exports these functions and
 * nothing else (librefrain.so.1). <refrain/refrain.hpp> is a C++ face over it.
 *
 * A bundle is loaded once and is then immutable: any number of threads may
 * call rf_decide on it at once. No function here throws (allocation failure
 * included: it is caught and answered as below), reads files or the clock;
 * every failure is a return value, and no failure leaks memory. */
#ifndef REFRAIN_REFRAIN_H_
#define REFRAIN_REFRAIN_H_

#include <stddef.h>
#include <stdint.h>

/* The shared library is built with hidden visibility: RF_EXPORT marks what
 * it exports. For a caller it changes nothing. */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__EMSCRIPTEN__) && !defined(_WIN32)
#define RF_EXPORT __attribute__((visibility("default")))
#else
#define RF_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rf_bundle rf_bundle;

/* Why a load failed: a NUL-terminated lowercase message. */
typedef struct rf_error {
  char message[256];
} rf_error;

/* Bytes owned by the runtime; release them with rf_buffer_free. */
typedef struct rf_buffer {
  char* data;
  size_t len;
} rf_buffer;

/* The runtime's version, "MAJOR.MINOR.PATCH" (static storage). */
RF_EXPORT const char* rf_version(void);

/* Loads and verifies a bundle from `len` bytes (copied). Returns NULL and
 * fills `err` (when not NULL) for a truncated, corrupted or newer bundle, a
 * NULL `bytes` with a non-zero `len`, or when memory runs out. */
RF_EXPORT rf_bundle* rf_bundle_load(const uint8_t* bytes, size_t len, rf_error* err);

/* Limits on each request a bundle decides, fixed when it is loaded. A field
 * of 0 takes the default; a request past a limit is a deny with a named
 * error (request_too_large, request_too_deep, invalid_request). */
typedef struct rf_limits {
  size_t max_request_bytes;   /* default 1048576; at most 1073741824 */
  size_t max_json_depth;      /* default 32; at most 1024 */
  size_t max_rights_holders;  /* default 256; at most 4096 */
} rf_limits;

/* rf_bundle_load, deciding within `limits` (NULL: every default). A limit
 * above its maximum is refused with a message in `err`. */
RF_EXPORT rf_bundle* rf_bundle_load_with_limits(const uint8_t* bytes, size_t len, const rf_limits* limits,
                                                rf_error* err);

/* The SHA-256 of the bundle's contents as 64 lowercase hex digits,
 * NUL-terminated, living as long as the bundle: log it with each decision
 * to say which bundle decided. NULL for a NULL bundle. */
RF_EXPORT const char* rf_bundle_hash(const rf_bundle* bundle);

/* What the bundle holds, as one line of JSON the caller frees with
 * rf_buffer_free: its format version, hash, policies (name, role, party,
 * effective and expires as RFC 3339 or null, number of rules), uses and
 * number of catalogued works (docs/embedding.md, "What a bundle holds").
 * Returns 0, or -1 if an argument is NULL or memory ran out (the buffer is
 * then left empty). */
RF_EXPORT int rf_bundle_describe(const rf_bundle* bundle, rf_buffer* description_json);

/* Decides a request (JSON text, `len` bytes) and writes the canonical
 * decision JSON to `decision_json`, which the caller frees with
 * rf_buffer_free. Returns 1 for allow, 0 for deny (including a malformed
 * request, which is a deny with a named error), -1 if an argument is NULL
 * (a NULL `request_json` too, whatever `len`) or memory ran out; on -1,
 * `decision_json` is left empty. */
RF_EXPORT int rf_decide(const rf_bundle* bundle, const char* request_json, size_t len, rf_buffer* decision_json);

/* Decides a request as rf_decide does and writes, instead of the decision
 * alone, its explanation as one line of JSON (docs/embedding.md and
 * runtime/explain.h give the shape): the canonical decision, then every
 * relevant rule of the speaking policies with each condition of its `when`
 * evaluated and shown with its values. For answering "why", not for hot
 * paths. Returns as rf_decide; free the buffer with rf_buffer_free. */
RF_EXPORT int rf_explain(const rf_bundle* bundle, const char* request_json, size_t len, rf_buffer* explanation_json);

/* Per-thread working memory that makes repeated decisions allocation-free.
 * One scratch must not be used by two threads at once. */
typedef struct rf_scratch rf_scratch;
RF_EXPORT rf_scratch* rf_scratch_new(void);
RF_EXPORT void rf_scratch_free(rf_scratch* scratch);

/* rf_decide with caller-owned scratch: same results, fewer allocations. */
RF_EXPORT int rf_decide_with(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                             rf_buffer* decision_json);

/* rf_decide_with without a copy for the caller: *decision_json is set to
 * the decision JSON (NUL-terminated, *decision_len bytes) kept in `scratch`,
 * valid until the scratch decides again or is freed; never pass it to
 * rf_buffer_free. For hot loops, and for WebAssembly hosts that read the
 * text straight out of the module's memory. Returns as rf_decide. */
RF_EXPORT int rf_decide_in_scratch(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                                   const char** decision_json, size_t* decision_len);

/* rf_decide_in_scratch with the decision on one line, as `refrain eval
 * --requests` prints it (JSON Lines): the same keys, values and order with
 * no indentation, then a newline. For logs and streams. Returns as rf_decide. */
RF_EXPORT int rf_decide_line(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                             const char** decision_json, size_t* decision_len);

/* A decision record (docs/wasm.md, "The decision record"): the decision as
 * 32-bit words and a text area, for hosts that build their own objects
 * rather than parse JSON. Both are kept in the scratch, valid until it
 * decides again or is freed. */
typedef struct rf_record {
  const uint32_t* words;
  size_t count;
  const char* texts;
  size_t texts_len;
} rf_record;

/* rf_decide_in_scratch with the decision as a record instead of JSON text:
 * the same decision, field for field. Returns as rf_decide. */
RF_EXPORT int rf_decide_record(const rf_bundle* bundle, rf_scratch* scratch, const char* request_json, size_t len,
                               rf_record* record);

/* The text of name `id` of the bundle, which a record gives by number: sets
 * *text (not NUL-terminated; it lives as long as the bundle) and *len and
 * returns 1, or returns 0 for a number the bundle has no name for. */
RF_EXPORT int rf_bundle_name(const rf_bundle* bundle, uint32_t id, const char** text, size_t* len);

/* Frees a bundle from rf_bundle_load; NULL is ignored. */
RF_EXPORT void rf_bundle_free(rf_bundle* bundle);

/* Frees the bytes of a buffer filled by rf_decide and empties it. */
RF_EXPORT void rf_buffer_free(rf_buffer* buffer);

#ifdef __cplusplus
}
#endif

#endif /* REFRAIN_REFRAIN_H_ */
