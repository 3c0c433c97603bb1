/* The compiler's C API, for the playground's WebAssembly module and other embedders.
 * Like the runtime's, it throws nothing and reads no files. */
#ifndef REFRAIN_COMPILER_REFRAIN_COMPILE_H_
#define REFRAIN_COMPILER_REFRAIN_COMPILE_H_

#include "refrain/refrain.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Compiles sources given as JSON:
 *   {"sources": [{"name": "a.refrain", "text": "..."}, ...],
 *    "catalog": {"name": "works.jsonl", "text": "..."}}      (catalog optional)
 * Fills `bundle` with the bundle bytes (empty when there are errors) and
 * `diagnostics` with JSON:
 *   {"ok": true, "diagnostics": [{"file", "line", "col", "severity", "message"}],
 *    "rendered": "file:line:col: error: ...\n  source line\n  ^\n"}
 * Free both with rf_buffer_free. Returns 1 when compiled, 0 when the sources
 * have errors, -1 when an argument is NULL, the input is not that JSON or
 * memory ran out; on -1 both buffers are left empty (nothing to free). */
int rf_compile(const char* input_json, size_t len, rf_buffer* bundle, rf_buffer* diagnostics);

#ifdef __cplusplus
}
#endif

#endif /* REFRAIN_COMPILER_REFRAIN_COMPILE_H_ */
