/*
 * letters.h - render one planned contact into its messages: an e-mail
 * (subject, plain text, HTML) and a letter, in the customer's language
 * (English when there are no templates in it), from the templates in
 * force (letter_input.library: the latest version loaded, or the
 * compiled-in defaults of templates/).
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
#include "render/template_library.h"
#include "render/template_set.h"
#include "store/store.h"

/* What will really follow if the customer does not pay: the
 * consequence paragraph says exactly this and nothing worse. */
enum letter_next_kind {
    NEXT_REVIEW,  /* nothing automatic: the account stays open and
                     further steps are reviewed (no threat) */
    NEXT_MESSAGE, /* a further, firmer message (stage names it) */
    NEXT_AGENCY,  /* the debt goes to a collection agency */
    NEXT_LAWYER,  /* a lawyer, with a view to legal proceedings */
};

struct letter_next {
    enum letter_next_kind kind;
    const char *stage;  /* the stage that follows, or NULL (review) */
    int needs_approval; /* a person decides first: "may", not "will" */
};

/* A promise to pay that was broken: what was promised, what arrived
 * from the day it was made to its date (plus grace), what is missing. */
struct letter_promise {
    int32_t made_on, by;
    char currency[4];
    int64_t promised, arrived; /* missing = promised - arrived > 0 */
};

/* A payment plan whose instalment was missed. */
struct letter_plan {
    int32_t made_on;
    char currency[4];
    int64_t total, paid;     /* of the plan; paid toward its invoices */
    const struct plan_installment *inst;
    size_t n;
    size_t missed;           /* index of the first instalment short */
    int64_t missed_short;    /* what is missing of it, > 0 */
    const char *const *invoices; /* the invoices the plan covers */
    size_t ninvoices;
};

struct letter_input {
    const struct tenant *tenant; /* the business that writes */
    const struct customer *customer;
    const char *stage;       /* policy stage name, "pre-due", "statement",
                                or "plan-missed" */
    const char *template_name; /* the stage's template */
    const char *tone;
    int32_t as_of;
    const struct dun_decision *d;
    /* d->in_message holds each item's enum dun_role: DUN_ROLE_STAGE is
     * listed under the stage (its deadline and consequences),
     * DUN_ROLE_ALSO as also due, outside them. */
    const struct dun_item *items;
    size_t nitems;
    int backlog; /* the first message about debts long overdue: say so
                    plainly, assume no oversight */
    struct letter_next next;
    const struct letter_promise *broken_promise; /* or NULL */
    const struct letter_plan *plan_missed;       /* or NULL */
    unsigned channels;      /* CHANNEL_EMAIL, CHANNEL_LETTER: parts to render */
    /* The templates to render with (the version in force, app/
     * templates.h), read-only and outliving the render; NULL: the
     * compiled-in defaults. */
    const struct template_library *library;
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

/*
 * The data a message's templates saw, from its saved inputs (len bytes
 * of JSON) and the set it was rendered with (NULL: none kept): the
 * words (labels) are the set's, and those the message kept itself (a
 * word the set lacked) over them. In a; -1 with err for inputs that are
 * not JSON or a set whose words do not read.
 */
int letter_message_data(struct arena *a, const struct template_set *set,
                        const char *language, const char *inputs,
                        size_t len, struct value **out, struct dun_err *err);

/* Render again from saved inputs (JSON) with the set it was rendered
 * with (NULL: today's default templates): the same bytes as the first
 * time. */
int letter_rerender(struct template_set *set, const char *language,
                    const char *template_name, unsigned channels,
                    const char *inputs, size_t len, struct letter *l,
                    struct dun_err *err);

#endif
