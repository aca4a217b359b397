/*
 * delivery.c - a message's step on its way, recorded; see delivery.h.
 */
#include <string.h>

#include "app/delivery.h"
#include "core/dunning.h"
#include "core/message_state.h"
#include "store/store.h"

int
delivery_move(struct app *app, const struct message *m,
              const struct delivery_step *step, struct arena *a,
              struct dun_err *err)
{
    struct store *st = app->st;
    struct store_message_move mv = {
        .seq = m->seq, .from = m->status,
        .to = message_status_name(step->to), .at = app->now,
        .actor = step->actor, .detail = step->detail ? step->detail : "",
        .attempts = step->attempts, .retry_at = step->retry_at };
    struct store_customer_state cs;
    int rc;

    if (store_begin(st, err) < 0)
        return -1;
    rc = st->ops->outbox_move(st, &mv, err);
    if (rc == 1 && step->address_bad) {
        if (st->ops->state_get(st, m->customer_id, &cs, a, err) < 0) {
            rc = -1;
        } else {
            cs.flags |= DUN_EMAIL_BAD;
            if (st->ops->state_put(st, m->customer_id, &cs, err) < 0)
                rc = -1;
        }
    }
    if (rc < 0 || store_commit(st, err) < 0) {
        store_rollback(st);
        return -1;
    }
    return rc;
}

int
delivery_address_refused(const char *status)
{
    const char *p = status;

    /* "550 5.1.1 <x>: user unknown": the enhanced code after the reply
     * code. */
    if (p[0] >= '2' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9' &&
        p[2] >= '0' && p[2] <= '9' && (p[3] == ' ' || p[3] == '-'))
        p += 4;
    return strncmp(p, "5.1.", 4) == 0 || strncmp(p, "5.2.1", 5) == 0;
}
