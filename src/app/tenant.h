/*
 * tenant.h - the business as its messages present it: letterhead,
 * contact and bank details, and its time zone.
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_TENANT_H
#define DUN_APP_TENANT_H

#include <stddef.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"

/* The tenant's details into *out (strings in a; "" for what is not set). */
int tenant_show(struct app *app, struct tenant *out, struct arena *a,
                struct dun_err *err);

/* Replace the tenant's details with *t (every field; "" clears one). The
 * time zone must be "" or one this machine knows: else DUN_E_INPUT and
 * nothing is written. */
int tenant_set(struct app *app, const struct tenant *t,
               struct dun_err *err);

/* At most this many phrases from tenant_missing_for_messages. */
#define TENANT_MISSING_MAX 8

/* The business details that messages need and t lacks: sender name,
 * e-mail, postal address, bank details (IBAN) — each as a short phrase
 * ("the business's name (dun tenant set --name)"), at most 8, into
 * missing (room for TENANT_MISSING_MAX), in that order; how many in *n.
 * A field that is NULL or only blanks is missing. The phrases are
 * static; pure: reads nothing but t. */
void tenant_missing_for_messages(const struct tenant *t, const char **missing,
                                 size_t *n);

#endif
