/*
 * template_set.h - the templates one message is rendered with, kept with
 * the message so that it renders again byte for byte even after the
 * templates have changed.
 *
 * A set holds, for one language, the parts of one template
 * ("de/notice.subject", "de/notice.text", ...) and every partial of that
 * language ("de/_invoices_text", ...), among them the words dun sets
 * itself ("de/_labels", render/labels.h). Its source is one canonical text:
 *
 *     dun-templates 1\n
 *     NAME SP LENGTH \n BYTES \n        (per template, names ascending)
 *
 * NAME is 1..95 characters of [A-Za-z0-9_./-]; LENGTH is decimal without
 * leading zeros. Equal sets have equal sources, so the SHA-256 of the
 * source identifies the set (the store keeps each one once).
 *
 * Compiled templates are cached in the set: one set renders any number
 * of messages, but not from two threads at once.
 */
#ifndef DUN_RENDER_TEMPLATE_SET_H
#define DUN_RENDER_TEMPLATE_SET_H

#include <stddef.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "core/sha256.h"
#include "render/value.h"

#define TEMPLATE_SET_NAME_MAX 95
#define TEMPLATE_SET_TEXT_MAX (1u << 20) /* bytes per template */

struct template_set;

/*
 * The set of template_name ("reminder") in language ("de") from the
 * compiled-in default templates: 0 and *out (free with
 * template_set_free); -1 with err DUN_E_NOTFOUND if that language has no
 * such template.
 */
int template_set_default(struct template_set **out, const char *language,
                         const char *template_name, struct dun_err *err);

/*
 * A set from its source (len bytes; what is called name in errors).
 * -1 with err DUN_E_INPUT "NAME: reason at byte N" if the source is not
 * exactly the canonical form.
 */
int template_set_parse(struct template_set **out, const char *name,
                       const void *source, size_t len, struct dun_err *err);

void template_set_free(struct template_set *s);

/* The canonical source and its SHA-256 (owned by the set). */
const char *template_set_source(const struct template_set *s, size_t *len);
const unsigned char *template_set_digest(const struct template_set *s);

/* The name of the i-th template (ascending), NULL past the last. */
const char *template_set_name(const struct template_set *s, size_t i);

/* The text of the i-th template (ascending), NULL past the last. */
const char *template_set_text(const struct template_set *s, size_t i,
                              size_t *len);

/* Is there a template called name ("de/notice.letter") in the set? */
int template_set_has(const struct template_set *s, const char *name);

/* The text of the entry called name ("de/_labels"; *len its bytes), or
 * NULL. */
const char *template_set_find(const struct template_set *s,
                              const char *name, size_t *len);

/*
 * Render the template called name with data, appending to out; its
 * partials ({{>invoices_text}}) are the set's templates of the same
 * language ("de/_invoices_text"). A name the set lacks renders as
 * nothing. -1 with err "NAME:LINE: reason" for a template error.
 */
int template_set_render(struct template_set *s, const char *name,
                        const struct value *data, struct sbuf *out,
                        struct dun_err *err);

#endif
