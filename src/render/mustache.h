/*
 * mustache.h - Mustache templates (https://mustache.github.io/mustache.5.html)
 * for dun's letters and e-mails, rendered from a value tree.
 *
 * Implements the spec's required modules: interpolation ({{x}} HTML-escaped,
 * {{{x}}} and {{&x}} raw), dotted names, the implicit iterator {{.}},
 * sections and inverted sections, comments, set delimiters and partials,
 * with the standalone-line and indentation rules. Not lambdas, dynamic
 * names or inheritance.
 *
 * Data: a section is skipped for null, false, "" and the empty list; it
 * repeats over a list and runs once, with the value on the context stack,
 * for anything else (numbers, even 0, and maps, even empty). {{x}} prints
 * strings and numbers (their source text) as they are, true and false as
 * words, and nothing for null, lists and maps.
 *
 * Pure: no I/O, no clock, no global state. A compiled template is read-only
 * while rendering, so threads may render one template at once, each with
 * its own output buffer and error record.
 */
#ifndef DUN_RENDER_MUSTACHE_H
#define DUN_RENDER_MUSTACHE_H

#include <stddef.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "render/value.h"

#define MUSTACHE_MAX_NESTING 64         /* sections inside one template */
#define MUSTACHE_MAX_PARTIAL_DEPTH 32   /* partials inside partials */
#define MUSTACHE_MAX_STEPS (1u << 22)   /* tags and texts visited per render */
#define MUSTACHE_MAX_OUTPUT (16u << 20) /* bytes one render may add */

struct mustache;

/* Where {{>name}} finds its template text: a map (name -> string value),
 * or, when map is NULL, a callback. The callback returns 1 and sets
 * *text, *len (borrowed; valid until mustache_render returns) if it has
 * the partial, 0 if not (the tag then renders as nothing, as the spec
 * wants), or -1 with err set. */
struct mustache_partials {
    const struct value *map;
    int (*lookup)(void *arg, const char *name, size_t namelen,
                  const char **text, size_t *len, struct dun_err *err);
    void *arg;
    /* Optional, tried first: a partial the caller compiled already (with
     * mustache_compile, kept across renders): 1 and *out set, 0 none
     * (then map or lookup are asked), -1 with err set. */
    int (*compiled)(void *arg, const char *name, size_t namelen,
                    const struct mustache **out, struct dun_err *err);
};

/*
 * Compile len bytes of text, called name in error messages. On success
 * sets *out to a new template (caller frees with mustache_free; it copies
 * what it needs of text and name) and returns 0. On failure returns -1
 * with err DUN_E_INPUT "NAME:LINE: reason" (LINE 1-based, where the bad
 * tag starts): unclosed tag, unclosed section "x", section end "y" without
 * a start, mismatched section end "y", expected "x", bad delimiter change,
 * empty tag, bad tag name "x", sections nested deeper than 64.
 */
int mustache_compile(struct mustache **out, const char *name, const char *text,
                     size_t len, struct dun_err *err);

/* Free a compiled template; NULL is a no-op. */
void mustache_free(struct mustache *tpl);

/*
 * Render tpl with data as the context (NULL renders as null) into out,
 * looking partials up in partials (NULL: there are none). Partials are
 * compiled once per call with the default delimiters. Returns 0, or -1
 * with err set and out as it was: DUN_E_INPUT "NAME:LINE: reason" where
 * NAME is the template or partial at fault, for a partial that does not
 * compile, a partial map entry that is not a string, partials nested
 * deeper than MUSTACHE_MAX_PARTIAL_DEPTH, more than MUSTACHE_MAX_STEPS
 * steps, or output past out->max or MUSTACHE_MAX_OUTPUT; or whatever the
 * lookup callback set.
 */
int mustache_render(const struct mustache *tpl, const struct value *data,
                    const struct mustache_partials *partials, struct sbuf *out,
                    struct dun_err *err);

/*
 * The i-th partial tag of tpl ({{>name}}, in source order): 1 with *name
 * (borrowed from tpl), *len and *line (1-based) set, 0 past the last. For
 * a check that every partial a template names exists.
 */
int mustache_partial_at(const struct mustache *tpl, size_t i,
                        const char **name, size_t *len, size_t *line);

#endif
