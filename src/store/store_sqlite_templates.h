/*
 * store_sqlite_templates.h - internal to the SQLite backend: the stored
 * versions of a tenant's message templates, listed in store_sqlite.c's
 * ops table.
 */
#ifndef DUN_STORE_SQLITE_TEMPLATES_H
#define DUN_STORE_SQLITE_TEMPLATES_H

#include "store/store.h"

int lite_template_version_add(struct store *st,
                              const struct store_template_version *v,
                              int64_t *version, struct dun_err *err);
int lite_template_version_get(struct store *st, int64_t version,
                              struct store_template_version *out,
                              struct arena *a, struct dun_err *err);
int lite_template_versions_scan(struct store *st,
                                store_template_version_cb *cb, void *ctx,
                                struct dun_err *err);

#endif
