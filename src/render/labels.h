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

#include "core/err.h"
#include "core/sbuf.h"
#include "render/value.h"

/* The label key in language (ISO 639-1), the English one when that
 * language or key has none, key itself when English has none either.
 * Never NULL; lives as long as the program. */
const char *labels_get(const char *language, const char *key);

/* The keys there are (English's, in file order): i < labels_count(). */
size_t labels_count(void);
const char *labels_key(size_t i);

/*
 * The words a message uses (its table heads, the attention line of an
 * address, the labels of its printed letter); data/labels.ini has more,
 * for statements and print covers, which no message prints. NULL-ended.
 */
extern const char *const labels_message_keys[];

/*
 * A template set's words (render/template_set.h): the entry LANG/_labels
 * of the set, "KEY = WORDS" lines (';' starts a comment). A business
 * edits them as it edits templates; a message rendered with the set
 * keeps them with it.
 */
#define LABELS_ENTRY "_labels"

/* The built-in words of language as such an entry, appended to out:
 * a comment, then every key of data/labels.ini (those of statements and
 * print covers too, so that a business edits all its words in one
 * place). */
void labels_entry_text(const char *language, struct sbuf *out);

/*
 * Read an entry's text (len bytes): each KEY (a-z, 0-9, '_') and its
 * WORDS (trimmed; one line) to add(ctx, key, keylen, words, wordslen).
 * 0, or -1 with err DUN_E_INPUT "line N: reason" (the caller names the
 * file): a line without '=', a bad or repeated key.
 */
int labels_entry_read(const char *text, size_t len,
                      void (*add)(void *ctx, const char *key, size_t keylen,
                                  const char *words, size_t wordslen),
                      void *ctx, struct dun_err *err);

/* key in words (a map labels_entry_map filled; NULL: none), else
 * labels_get(language, key). Never NULL. */
const char *labels_word(const struct value *words, const char *language,
                        const char *key);

/* labels_entry_read into map (a value map: each KEY to its WORDS, in
 * map's arena). */
int labels_entry_map(const char *text, size_t len, struct value *map,
                     struct dun_err *err);

#endif
