/*
 * policies.h - the collection policy in the database: check a file,
 * store it as a new version, read the one in force.
 */
#ifndef DUN_APP_POLICIES_H
#define DUN_APP_POLICIES_H

#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"
#include "core/policy.h"
#include "core/sbuf.h"

#define POLICY_FILE_MAX (1u << 20)

/*
 * Read and check the policy file at path into *p (its text in text):
 * what core/policy.c checks, and that the templates in force
 * (app/templates.h: the latest version loaded, else the compiled-in
 * ones) have each message stage's template with the parts its channels
 * need, so
 * that the run cannot trip on it. -1 with every error appended to errors
 * ("FILE:LINE: reason" lines) and the first in err.
 *
 * A sound policy is also held against the books when app is open on a
 * database (app may be NULL, or not open: no books): each currency of
 * the open items in the kept balances that a min_customer_overdue of the
 * policy has no threshold for is a line in warnings, "FILE:LINE: warning:
 * stage \"agency\": min_customer_overdue: no threshold for JPY, a
 * currency owed in the books". Warnings do not fail the check. Reads the store, writes
 * nothing.
 */
int policy_check_file(struct app *app, const char *path, struct policy *p,
                      struct sbuf *text, struct sbuf *errors,
                      struct sbuf *warnings, struct dun_err *err);

/* Check the file as policy_check_file does (warnings too) and, if it is
 * sound, store it as a new version loaded on as_of; its number in
 * *version. Nothing is stored otherwise. */
int policy_load_file(struct app *app, const char *path,
                     int64_t *version, struct sbuf *errors,
                     struct sbuf *warnings, struct dun_err *err);

/* Store the default policy unless some version exists (dun init). */
int policy_install_default(struct app *app,
                           struct dun_err *err);

/* The policy in force (the latest version), parsed, and its number. */
int policy_in_force(struct app *app, struct policy *p, int64_t *version,
                    struct dun_err *err);

/* Version (0: the one in force) into *out, strings in a: -1 with
 * DUN_E_NOTFOUND "no policy version N" / "no policy stored". */
int policy_show(struct app *app, int64_t version, struct policy_version *out,
                struct arena *a, struct dun_err *err);

typedef int policy_version_cb(void *ctx, const struct policy_version *p,
                              struct dun_err *err);
/* Every stored version, oldest first, text left NULL. */
int policy_list(struct app *app, policy_version_cb *cb, void *ctx,
                struct dun_err *err);

#endif
