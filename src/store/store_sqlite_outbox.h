/*
 * store_sqlite_outbox.h - internal to the SQLite backend: the outbox and
 * tenant profile operations, listed in store_sqlite.c's ops table.
 */
#ifndef DUN_STORE_SQLITE_OUTBOX_H
#define DUN_STORE_SQLITE_OUTBOX_H

#include "store/store.h"

int lite_tenant_get(struct store *st, struct tenant *out,
                    struct arena *a, struct dun_err *err);
int lite_tenant_put(struct store *st, const struct tenant *t,
                    struct dun_err *err);
int lite_template_set_put(struct store *st, const unsigned char digest[32],
                          const void *source, size_t len, int64_t *id,
                          struct dun_err *err);
int lite_template_set_get(struct store *st, int64_t id, struct arena *a,
                          const void **source, size_t *len,
                          struct dun_err *err);
int lite_pack_dict_put(struct store *st, const unsigned char digest[32],
                       const void *content, size_t len, int64_t *id,
                       struct dun_err *err);
int lite_outbox_add_packed(struct store *st, struct message *m,
                           const struct store_packed *packed,
                           struct dun_err *err);
int lite_outbox_add(struct store *st, struct message *m,
                    struct dun_err *err);
int lite_outbox_pending(struct store *st, store_message_cb *cb, void *ctx,
                        struct dun_err *err);
int lite_outbox_undelivered(struct store *st, store_message_cb *cb,
                            void *ctx, struct dun_err *err);
int lite_outbox_scan(struct store *st, int64_t seq, store_message_cb *cb,
                     void *ctx, struct dun_err *err);

#endif
