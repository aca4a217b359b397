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

/* Replace the tenant's details with *t (every field; "" or NULL clears
 * one). Each is checked, else DUN_E_INPUT naming the option and why
 * ("--sort-code: not a UK sort code: 6 digits (such as 12-34-56)") and
 * nothing is written: free text without control characters, at most
 * 200 bytes (the address, remit-to address, registered office and
 * managing directors 300; only the address and the remit-to address may
 * have lines, separated by line feeds); e-mail and phone as a
 * customer's; the time zone one this machine knows; language ISO 639-1;
 * the website a host name with a dot, http:// or https:// optional; the
 * IBAN ISO 13616 with its check digits (stored in upper case without
 * spaces); the sort code 6 digits (stored as 12-34-56); the UK account
 * number 8 digits; the ACH routing number 9 digits with the ABA check
 * digit; the ACH account 4 to 17 digits. */
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
