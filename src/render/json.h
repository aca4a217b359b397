/*
 * json.h - read a complete JSON text (RFC 8259) into a value tree.
 *
 * Pure: no I/O. Strict: one value, nothing after it but whitespace; no
 * comments, trailing commas, NaN or leading zeros; strings must be valid
 * UTF-8 and are decoded (all escapes, \uXXXX surrogate pairs to UTF-8,
 * \u0000 kept as a NUL byte inside the string's length); numbers keep
 * their source text. A leading UTF-8 byte order mark is skipped. Duplicate
 * keys in one object are rejected: data for a letter has no use for them.
 * Thread-safe: no shared state.
 */
#ifndef DUN_RENDER_JSON_H
#define DUN_RENDER_JSON_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "render/value.h"

/* Limits, so that hostile input fails as DUN_E_INPUT instead of exhausting
 * the stack or the heap. */
#define JSON_MAX_DEPTH 64          /* nested arrays and objects */
#define JSON_MAX_INPUT (16u << 20) /* bytes of JSON text */
#define JSON_MAX_VALUES 1000000u   /* values in one text */

/*
 * Parse the len bytes at text (NUL bytes allowed, and rejected as input).
 * On success sets *out to the root, allocated in a like every node below
 * it, and returns 0. On failure returns -1 with err set to DUN_E_INPUT
 * "NAME:LINE:COL: reason" (1-based; COL counts bytes, after any byte order
 * mark) or "NAME: input larger than N bytes", and leaves *out alone; what
 * was allocated stays in a until the caller resets it.
 */
int json_parse(struct arena *a, const char *name, const char *text, size_t len,
               struct value **out, struct dun_err *err);

/* Append v as compact JSON that json_parse reads back to an equal tree
 * (strings escaped, numbers as their text, map order kept). */
void json_write(const struct value *v, struct sbuf *out);

#endif
