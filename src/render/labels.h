/*
 * labels.h - the words dun sets in a message itself, per language: table
 * heads, the attention line, the labels of a printed letter
 * (data/labels.ini, compiled in). Everything else a message says is in
 * its templates.
 *
 * Read once, on first use (thread-safe); then read-only.
 */
#ifndef DUN_RENDER_LABELS_H
#define DUN_RENDER_LABELS_H

#include <stddef.h>

/* The label key in language (ISO 639-1), the English one when that
 * language or key has none, key itself when English has none either.
 * Never NULL; lives as long as the program. */
const char *labels_get(const char *language, const char *key);

/* The keys there are (English's, in file order): i < labels_count(). */
size_t labels_count(void);
const char *labels_key(size_t i);

#endif
