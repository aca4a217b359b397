/*
 * delivery.h - one step of a message on its way, recorded: the move of
 * its state (core/message_state.h) with its instant, who made it and why
 * or what a server said, and, when what came back says the address is
 * wrong, the customer's e-mail marked as not working (the run then
 * writes or calls instead, until the address changes). One transaction,
 * committed before the caller goes on: a send may die the next moment.
 *
 * Shared by dun send and dun bounces import.
 */
#ifndef DUN_APP_DELIVERY_H
#define DUN_APP_DELIVERY_H

#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"

/* The setting that holds this database's Message-ID token (made by the
 * first send; app/send.c): internal, not one of dun config's keys. */
#define DELIVERY_TOKEN_KEY "internal.message_id_token"

struct delivery_step {
    int to;            /* enum message_status */
    int attempts;      /* the message's count after it */
    int64_t retry_at;  /* 0: none */
    const char *actor; /* "send", "bounces" */
    const char *detail;
    int address_bad;   /* mark the customer's e-mail as not working */
};

/* Move m (its seq, customer and current status as read) by step, at
 * app->now. 1 moved; 0 it was no longer in m->status (someone else moved
 * it: nothing written); -1 with err. a is for scratch. */
int delivery_move(struct app *app, const struct message *m,
                  const struct delivery_step *step, struct arena *a,
                  struct dun_err *err);

/* 1 if an SMTP or DSN status says the address is wrong (RFC 3463: X.1.X
 * a bad mailbox, system or address syntax; X.2.1 a disabled mailbox),
 * given as "5.1.1" or at the start of a reply after its code ("550 5.1.1
 * ..."), permanent (5.) only. */
int delivery_address_refused(const char *status);

#endif
