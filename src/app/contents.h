/*
 * contents.h - what a message must carry before it may go out: the
 * identity of creditor and debtor, the debt invoice by invoice, the
 * total, a deadline, the consequences, how to pay and how to dispute, as
 * data/contents.ini lists them per tone and country (compiled in). dun
 * run checks each firm or final message it renders, dun send each
 * message before it goes: a template that leaves an element out (a
 * business's own, or a mistake) cannot send a defective demand.
 *
 * Not thread-safe for one set: a template set renders on one thread.
 */
#ifndef DUN_APP_CONTENTS_H
#define DUN_APP_CONTENTS_H

#include "core/err.h"
#include "core/sbuf.h"
#include "render/template_set.h"
#include "render/value.h"

/* The rendered part a check reads: its text, and whether it is HTML
 * (values then appear escaped, and the _html partials are the ones). */
struct contents_part {
    const char *template_name; /* "en/final-demand.text", for messages */
    const char *body;
    int html;
};

/*
 * Check part, rendered from data (the message's data tree) with set in
 * language, against the elements tone ("firm", "final"; another tone
 * has none) and country (the customer's, "" if unknown) require. 0 when
 * nothing is missing; else 1 with missing set to "the deadline, how to
 * dispute" (the elements, in words). -1 with err when a partial cannot
 * be rendered or the compiled-in rules do not parse (a bug).
 */
int contents_check(struct template_set *set, const char *language,
                   const char *tone, const char *country,
                   const struct value *data, const struct contents_part *part,
                   struct sbuf *missing, struct dun_err *err);

/* contents_check for each part of a message of template_name (text,
 * html, letter: NULL or "" for a part not made). 0 when nothing is
 * missing; 1 with why set to "LANG/TEMPLATE.PART lacks WHAT" for the
 * first part that lacks something; -1 with err. */
int contents_check_message(struct template_set *set, const char *language,
                           const char *template_name, const char *tone,
                           const char *country, const struct value *data,
                           const char *text, const char *html,
                           const char *letter, struct sbuf *why,
                           struct dun_err *err);

/* The same from rules text instead of the compiled-in data (tests). */
int contents_check_rules(const char *rules, struct template_set *set,
                         const char *language, const char *tone,
                         const char *country, const struct value *data,
                         const struct contents_part *part,
                         struct sbuf *missing, struct dun_err *err);

#endif
