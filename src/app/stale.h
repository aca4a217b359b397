/*
 * stale.h - whether a message written by a run may still go out: what
 * it says held against the books as they are now.
 *
 * A message is stale when, since its day, an invoice it lists was paid
 * or credited (its open amount is not what the message says), an
 * invoice it lists was disputed, the customer promised to pay or agreed
 * a plan, or the customer was flagged do-not-contact, legal hold or
 * insolvent. A careful credit controller would not send it: the next
 * run writes one that is right.
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_STALE_H
#define DUN_APP_STALE_H

#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"

/* m whole (outbox_get); the books as of as_of. 0 with *why NULL when it
 * may go, or *why a sentence (in a) saying what changed; -1 with err
 * when the books or the message's data cannot be read. */
int message_stale(struct app *app, const struct message *m, int32_t as_of,
                  const char **why, struct arena *a, struct dun_err *err);

#endif
