/*
 * policies.h - the collection policy in the database: check a file,
 * store it as a new version, read the one in force.
 */
#ifndef DUN_APP_POLICIES_H
#define DUN_APP_POLICIES_H

#include <stdint.h>

#include "core/err.h"
#include "core/policy.h"
#include "core/sbuf.h"
#include "store/store.h"

#define POLICY_FILE_MAX (1u << 20)

/* Read and check the policy file at path into *p. -1 with every error
 * appended to errors ("FILE:LINE: reason" lines) and the first in err. */
int policy_check_file(const char *path, struct policy *p, struct sbuf *text,
                      struct sbuf *errors, struct dun_err *err);

/* Check the file and, if it is sound, store it as a new version loaded
 * on as_of; its number in *version. Nothing is stored otherwise. */
int policy_load_file(struct store *st, const char *path, int32_t as_of,
                     int64_t *version, struct sbuf *errors,
                     struct dun_err *err);

/* Store the default policy unless some version exists (dun init). */
int policy_install_default(struct store *st, int32_t as_of,
                           struct dun_err *err);

/* The policy in force (the latest version), parsed, and its number. */
int policy_in_force(struct store *st, struct policy *p, int64_t *version,
                    struct dun_err *err);

#endif
