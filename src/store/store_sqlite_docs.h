/*
 * store_sqlite_docs.h - the SQLite backend's operations on documents
 * (store.h: invoice_*, payment_*, docs_*, sales_scan, payments_sum and
 * the customer's currencies), for its table of operations. Internal to
 * the backend.
 */
#ifndef DUN_STORE_STORE_SQLITE_DOCS_H
#define DUN_STORE_STORE_SQLITE_DOCS_H

#include "store/sqlite_util.h"

int lite_customer_uses_currency(struct store *st, const char *id,
                                const char *currency, struct dun_err *err);
int lite_customer_currencies(struct store *st, const char *id, int64_t *n,
                             struct dun_err *err);
int lite_invoice_insert(struct store *st, const struct invoice *inv,
                        const struct store_stamp *sp, struct dun_err *err);
int lite_invoice_get(struct store *st, const char *number,
                     struct invoice *out, struct store_stamp *sp,
                     struct arena *a, struct dun_err *err);
int lite_invoice_update(struct store *st, const struct invoice *inv,
                        const struct store_stamp *sp, struct dun_err *err);
int lite_docs_count(struct store *st, const char *customer_id, int64_t *n,
                    struct dun_err *err);
int lite_invoice_refs(struct store *st, const char *customer_id,
                      struct store_invoice_ref **out, size_t *n,
                      struct arena *a, struct dun_err *err);
int lite_invoices_scan(struct store *st, const char *customer_id,
                       int open_only, store_invoice_cb *cb, void *ctx,
                       struct dun_err *err);
int lite_payment_insert(struct store *st, const struct payment *p,
                        const struct store_stamp *sp, struct dun_err *err);
int lite_payment_get(struct store *st, const char *id, struct payment *out,
                     struct store_stamp *sp, struct arena *a,
                     struct dun_err *err);
int lite_payment_update(struct store *st, const struct payment *p,
                        const struct store_stamp *sp, struct dun_err *err);
int lite_payments_scan(struct store *st, const char *customer_id,
                       store_payment_cb *cb, void *ctx, struct dun_err *err);
int lite_docs_load(struct store *st, const char *customer_id,
                   struct store_docs *docs, struct arena *a,
                   struct dun_err *err);
int lite_docs_scan(struct store *st, store_docs_cb *cb, void *ctx,
                   struct dun_err *err);
int lite_sales_scan(struct store *st, int32_t from, int32_t to,
                    store_sales_cb *cb, void *ctx, struct dun_err *err);
int lite_payments_sum(struct store *st, const char *customer_id,
                      const char *currency, int32_t from, int32_t to,
                      int64_t *sum, struct dun_err *err);

#endif
