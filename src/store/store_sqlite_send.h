/*
 * store_sqlite_send.h - internal to the SQLite backend: the business's
 * settings and the moves of messages on their way out.
 */
#ifndef DUN_STORE_SQLITE_SEND_H
#define DUN_STORE_SQLITE_SEND_H

#include "store/store.h"

int lite_config_get(struct store *st, const char *key, const char **value,
                    struct arena *a, struct dun_err *err);
int lite_config_put(struct store *st, const char *key, const char *value,
                    struct dun_err *err);
int lite_config_put_data(struct store *st, const char *key,
                         const char *value, const void *data, size_t len,
                         struct dun_err *err);
int lite_config_get_data(struct store *st, const char *key, struct arena *a,
                         const void **data, size_t *len,
                         struct dun_err *err);
int lite_config_scan(struct store *st, store_config_cb *cb, void *ctx,
                     struct dun_err *err);
int lite_outbox_move(struct store *st, const struct store_message_move *mv,
                     struct dun_err *err);
int lite_message_events_scan(struct store *st, const char *customer_id,
                             int64_t seq, store_message_event_cb *cb,
                             void *ctx, struct dun_err *err);

int lite_evidence_add(struct store *st, struct store_evidence *e,
                      struct dun_err *err);
int lite_evidence_scan(struct store *st, const char *customer_id,
                       store_evidence_cb *cb, void *ctx, struct dun_err *err);

#endif
