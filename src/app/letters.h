/*
 * letters.h - render one planned contact into its messages: an e-mail
 * (subject, plain text, HTML) and a letter, in the customer's language
 * (English when there are no templates in it), from the default
 * templates (templates/, compiled in).
 *
 * The data the templates see is built here (docs/templates.md lists it)
 * and kept as JSON with each message, so that any message can be
 * rendered again byte for byte.
 */
#ifndef DUN_APP_LETTERS_H
#define DUN_APP_LETTERS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/dunning.h"
#include "core/err.h"
#include "core/model.h"
#include "core/policy.h"
#include "core/sbuf.h"
#include "render/template_set.h"
#include "store/store.h"

struct letter_input {
    const struct tenant *tenant; /* the business that writes */
    const struct customer *customer;
    const char *stage;       /* policy stage name, or "pre-due" */
    const char *template_name; /* the stage's template */
    const char *tone;
    int32_t as_of;
    const struct dun_decision *d;
    const struct dun_item *items; /* d->in_message marks those listed */
    size_t nitems;
    const struct store_promise *broken_promise; /* or NULL */
    int next_step_agency;   /* a hand-off stage follows */
    unsigned channels;      /* CHANNEL_EMAIL, CHANNEL_LETTER: parts to render */
};

struct letter_cache;

struct letter {
    char language[3];
    struct template_set *set; /* what the message was rendered with */
    struct sbuf subject, text, html, letter; /* parts not asked for: "" */
    struct sbuf inputs; /* the data as JSON */
    struct arena data;  /* the data as a tree, kept for reuse */
    /* The default template sets, compiled once for all the messages
     * rendered with this struct (a run renders thousands with a handful
     * of templates). */
    struct letter_cache *cache;
};

void letter_init(struct letter *l);
void letter_release(struct letter *l);

/* Render in into l (its buffers are reset first). -1 with err naming the
 * template and line if a template fails. */
int letter_render(const struct letter_input *in, struct letter *l,
                  struct dun_err *err);

/* Render again from saved inputs (JSON) with the set it was rendered
 * with (NULL: today's default templates): the same bytes as the first
 * time. */
int letter_rerender(struct template_set *set, const char *language,
                    const char *template_name, unsigned channels,
                    const char *inputs, size_t len, struct letter *l,
                    struct dun_err *err);

#endif
