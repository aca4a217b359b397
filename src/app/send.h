/*
 * send.h - e-mail that leaves: the planned messages whose hour has come,
 * checked against the books as they are now, delivered to the mail
 * server over one connection at the configured rate, and every step kept
 * (core/message_state.h) with the server's answer as evidence.
 *
 * What happens to a message (docs/sending.md):
 *   - its day's sending hours (the window the run stored) have not begun,
 *     or a retry is not due yet: it waits;
 *   - its day's hours have passed: void ("the next run plans afresh");
 *   - it is stale: an invoice it lists was paid, credited or disputed
 *     since it was written, a promise or a plan was made, or the
 *     customer was flagged do-not-contact (or legal hold, insolvent):
 *     void, with the reason;
 *   - otherwise it is moved to sending (committed), handed to the server,
 *     then moved to sent with the server's final reply and its
 *     Message-ID; a failure for now (4xx, no connection) gives it back
 *     to planned with a retry time (5 minutes, doubling, at most 4
 *     hours) until send.max_attempts, then failed; a refusal (5xx) is
 *     failed at once.
 * A send that dies between sending and sent leaves the message in
 * sending; the next send gives it back to planned and sends it again
 * with the same Message-ID: it may arrive twice (a receiver may fold
 * the two by that id), it is never lost.
 *
 * One send at a time per database (a lock file beside it).
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_SEND_H
#define DUN_APP_SEND_H

#include <stdint.h>

#include "app/app.h"
#include "core/err.h"

struct send_opts {
    int dry_run;   /* say what would go, touch nothing, connect nowhere */
    int64_t limit; /* at most this many handed to the server; 0: all */
};

/* What became of one message. */
struct send_item {
    int64_t seq;
    const char *customer_id, *recipient;
    /* "sent", "retry", "failed", "void", "would send", "resumed" (found
     * in sending after an interrupted send) */
    const char *outcome;
    const char *detail; /* the server's answer, or why */
};

struct send_summary {
    int64_t sent, retry, failed, voided, would_send, resumed;
    int64_t waiting; /* planned e-mails whose hour has not come */
};

typedef int send_cb(void *ctx, const struct send_item *it,
                    struct dun_err *err);

/* Send what is due at app->now, as of app->as_of (the books the stale
 * check reads, and messages dated on or before it). cb (may be NULL)
 * hears of each message touched. -1 with err when sending cannot go on
 * (no mail server or sender configured, the password file unfit, the
 * server refusing the session: wrong password, no STARTTLS), with what
 * was done before kept. */
int send_messages(struct app *app, const struct send_opts *o, send_cb *cb,
                  void *ctx, struct send_summary *sum, struct dun_err *err);

#endif
