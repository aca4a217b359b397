/*
 * bounces.h - delivery status notifications (RFC 3464) read back: each
 * matched to the message dun sent (its Message-ID, dun.SEQ.TOKEN@...,
 * with this database's token, and the recipient), a failure marking the
 * message bounced and the address as not working, a delay reported and
 * nothing changed.
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_BOUNCES_H
#define DUN_APP_BOUNCES_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/err.h"

/* One report, or one recipient of one. */
struct bounce_item {
    const char *where;     /* the file, "MBOX:N", or the Maildir file */
    int64_t seq;           /* the message matched, 0 if none */
    const char *recipient; /* "" when the report names none of ours */
    const char *action;    /* failed, delayed, ... ("" if not a report) */
    const char *status;    /* "5.1.1" */
    /* "bounced", "already bounced", "delayed: no change", "not ours",
     * "no such message", "not sent", "not a report", "unreadable" */
    const char *outcome;
    const char *detail;    /* the diagnostic, or why */
};

struct bounce_summary {
    int64_t messages, reports, bounced, delayed, unmatched;
};

typedef int bounce_cb(void *ctx, const struct bounce_item *it,
                      struct dun_err *err);

/* Read every message at paths[0..n) (a Maildir, an mbox or a message
 * file each: io/mailsource.h). -1 with err only when a path cannot be
 * read or the store fails; a message that is not a report, or one that
 * cannot be read, is listed and passed over. */
int bounces_import(struct app *app, const char *const *paths, size_t n,
                   bounce_cb *cb, void *ctx, struct bounce_summary *sum,
                   struct dun_err *err);

#endif
