/*
 * store_sqlite_collect.h - internal to the SQLite backend: the collection
 * state's operations (store_sqlite_collect.c), listed in store_sqlite.c's
 * ops table. See store.h for what each does.
 */
#ifndef DUN_STORE_SQLITE_COLLECT_H
#define DUN_STORE_SQLITE_COLLECT_H

#include "store/store.h"

int lite_state_get(struct store *st, const char *customer_id,
                   struct store_customer_state *out, struct arena *a,
                   struct dun_err *err);
int lite_state_put(struct store *st, const char *customer_id,
                   const struct store_customer_state *s,
                   struct dun_err *err);
int lite_dispute_open(struct store *st, const char *customer_id,
                      const struct store_dispute *d, struct dun_err *err);
int lite_dispute_resolve(struct store *st, const char *invoice_number,
                         int32_t on, const char *resolution,
                         struct dun_err *err);
int lite_promise_add(struct store *st, const char *customer_id,
                     const struct store_promise *p, struct dun_err *err);
int lite_plan_add(struct store *st, const char *customer_id,
                  const struct store_plan *p, struct dun_err *err);
int lite_plan_get(struct store *st, const char *customer_id, int32_t as_of,
                  struct store_plan *out, struct arena *a,
                  struct dun_err *err);
int lite_plans_scan(struct store *st, int32_t as_of, store_plan_cb *cb,
                    void *ctx, struct dun_err *err);
int lite_plan_cancel(struct store *st, const char *customer_id,
                     int32_t made_on, int32_t on, struct dun_err *err);
int lite_note_add(struct store *st, const char *customer_id,
                  const struct store_note *n, struct dun_err *err);
int lite_run_begin(struct store *st, int32_t as_of, int64_t policy_version,
                   int64_t *run_id, struct dun_err *err);
int lite_run_end(struct store *st, int64_t run_id, int64_t planned,
                 struct dun_err *err);
int lite_contact_add(struct store *st, const char *customer_id,
                     const struct store_contact *c, struct dun_err *err);
int lite_events_scan(struct store *st, const char *customer_id,
                     store_event_cb *cb, void *ctx, struct dun_err *err);
int lite_approvals_decide(struct store *st, const char *customer_id,
                          int given, int32_t on, int64_t *n,
                          struct dun_err *err);
int lite_calls_done(struct store *st, const char *customer_id, int32_t on,
                    struct dun_err *err);
int lite_tasks_scan(struct store *st, store_task_cb *cb, void *ctx,
                    struct dun_err *err);
int lite_collect_scan(struct store *st, unsigned flags,
                      store_collect_cb *cb, void *ctx, struct dun_err *err);
int lite_run_latest(struct store *st, int32_t *as_of, struct dun_err *err);

#endif
