/*
 * template_library.h - a business's whole collection of message
 * templates: every language, every template's parts, the partials. It
 * comes from the compiled-in defaults, from a directory of files (read
 * by io/template_dir.h, checked here name by name), or from a stored
 * version; a message's template set is cut from it.
 *
 * Names are those of template_set.h without the ".mustache" of the
 * file: "LANG/NAME.PART" ("de/notice.text") or "LANG/_PARTIAL"
 * ("de/_invoices_text"). LANG is two letters a-z; NAME one of the
 * compiled-in templates (pre-due, reminder, notice, final-demand,
 * statement, plan-missed); PART subject, text, html or letter; PARTIAL
 * letters a-z, digits, '_' and '-'.
 *
 * The canonical source is template_set.h's form ("dun-templates 1"):
 * equal libraries have equal sources, so the SHA-256 of the source
 * identifies a version, and a set cut from the built-in library is,
 * byte for byte, what template_set_default makes.
 *
 * Pure: no I/O. A sealed library is read-only: threads may cut sets
 * from one library at once.
 */
#ifndef DUN_RENDER_TEMPLATE_LIBRARY_H
#define DUN_RENDER_TEMPLATE_LIBRARY_H

#include <stddef.h>

#include "core/err.h"
#include "render/template_set.h"

#define TEMPLATE_LIBRARY_FILES_MAX 4096 /* templates in one library */

struct template_library;

/* The parts of a template, in the order they are listed. */
extern const char *const template_library_parts[];
extern const size_t template_library_nparts;

/* A new, empty library to add templates to, then seal. */
struct template_library *template_library_new(void);

/* Every compiled-in template, sealed. */
struct template_library *template_library_builtin(void);

/*
 * Add the template called name with its text (copied). -1 with err
 * DUN_E_INPUT "REASON" (the caller names the file): "not a template
 * file name ...", "unknown template NAME (there are ...)", "unknown part
 * PART (subject, text, html or letter)", "not valid UTF-8", "a NUL
 * byte", "larger than N bytes", "there twice", "more than N templates".
 * Not after template_library_seal.
 */
int template_library_add(struct template_library *lib, const char *name,
                         const char *text, size_t len, struct dun_err *err);

/* Sort the templates and make the canonical source and its SHA-256. */
void template_library_seal(struct template_library *lib);

/*
 * A sealed library from its canonical source (what is called what in
 * errors). -1 with err DUN_E_INPUT "WHAT: reason" for a source that is
 * not canonical or holds a name template_library_add refuses.
 */
int template_library_parse(struct template_library **out, const char *what,
                           const void *source, size_t len,
                           struct dun_err *err);

void template_library_free(struct template_library *lib);

/* The templates of a sealed library, names ascending. */
size_t template_library_count(const struct template_library *lib);
const char *template_library_name(const struct template_library *lib,
                                  size_t i);
const char *template_library_text(const struct template_library *lib,
                                  size_t i, size_t *len);
/* The text of the template called name, or NULL. */
const char *template_library_find(const struct template_library *lib,
                                  const char *name, size_t *len);
/* Is there a template LANGUAGE/NAME.PART? */
int template_library_has(const struct template_library *lib,
                         const char *language, const char *name,
                         const char *part);

/* The canonical source and its SHA-256 (owned by the library). */
const char *template_library_source(const struct template_library *lib,
                                    size_t *len);
const unsigned char *
template_library_digest(const struct template_library *lib);

/* Is name ("reminder") one of the compiled-in templates? */
int template_library_known(const char *name);
/* "final-demand, notice, ..." : the compiled-in templates, appended. */
void template_library_known_list(struct sbuf *out);

/*
 * The set of template_name in language (template_set.h): the parts of
 * the template and every partial of the language. 0 and *out (free with
 * template_set_free); -1 with err DUN_E_NOTFOUND "no template NAME in
 * language LANG" if the language has no part of it.
 */
int template_library_cut(const struct template_library *lib,
                         const char *language, const char *template_name,
                         struct template_set **out, struct dun_err *err);

#endif
