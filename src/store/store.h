/*
 * store.h - the one storage interface; backends fill struct store_ops.
 *
 * store_sqlite.c is the embedded default; a PostgreSQL backend implements
 * the same table. Every row belongs to one tenant: a store is opened for
 * a tenant and sees only that tenant's rows.
 *
 * Order: where an op's comment says "in byte order", text compares as
 * memcmp does on its UTF-8 bytes (which is strcmp's order on our NUL-free
 * strings): callers merge scans and binary-search results with strcmp.
 * A backend states that order in its SQL (SQLite: COLLATE BINARY;
 * PostgreSQL: COLLATE "C" on the column or the ORDER BY), never the
 * database's default collation, which on a server follows its locale.
 *
 * Strings in records returned by the store live in the caller's arena.
 * Not thread-safe: one store per thread.
 */
#ifndef DUN_STORE_STORE_H
#define DUN_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/ledger.h"
#include "core/model.h"
#include "core/plan.h"

struct store;

/* Where a row came from: which import, which line of its file. */
struct store_stamp {
    int64_t import_id;
    int64_t line;
};

/* All documents of one customer, as the ledger wants them. */
struct store_docs {
    const char *customer_id;
    struct ledger_invoice *inv;
    size_t ninv, inv_cap;
    struct ledger_payment *pay;
    size_t npay, pay_cap;
};

/* Cached balances of one customer (the ledger's result for all dates). */
struct store_balances {
    const char *customer_id;
    const struct open_item *items; /* by currency, due date */
    size_t nitems;
    const struct ledger_credit *credits;
    size_t ncredits;
};

struct store_import {
    const char *kind; /* "customers", "invoices", "payments" */
    const char *file;
    int32_t as_of;
    int64_t rows, inserted, updated, unchanged, skipped;
};

/* What a payment needs to know of an invoice it names. */
struct store_invoice_ref {
    const char *number;
    enum invoice_type type;
    char currency[4];
};

/* One stored version of the collection policy. */
struct store_policy {
    int64_t version;   /* 1, 2, ... */
    int32_t loaded_on; /* the as-of date of 'dun policy load' */
    const char *source; /* the file it came from, or "default" */
    const char *text;
};

typedef int store_policy_cb(void *ctx, const struct store_policy *p,
                            struct dun_err *err);

/* What the collection cycle keeps of a customer besides documents. */
struct store_customer_state {
    unsigned flags;      /* enum dun_flags of core/dunning.h */
    const char *segment; /* set by hand, "" if none */
    int score;           /* payer score 0..100, -1 unknown */
    const char *timezone; /* IANA zone set by hand, "" if none */
};

struct store_dispute {
    const char *invoice_number;
    int32_t opened_on;
    const char *reason;
};

struct store_promise {
    int32_t made_on, by_date;
    char currency[4];
    int64_t amount;
};

/* A payment plan: installments in one currency, agreed on made_on. */
struct store_plan {
    int32_t made_on;
    char currency[4];
    const struct plan_installment *inst;
    size_t n;
};

struct store_contact {
    int32_t date;
    const char *stage; /* the policy stage's name ("pre-due" before) */
    unsigned channels;
    int approval;      /* enum dun_approval */
    int64_t run_id;
};

struct store_note {
    int32_t on_date;
    const char *kind;  /* "note", "call", "reason" */
    const char *invoice_number; /* "" for the customer as a whole */
    const char *reason; /* oversight, cash_flow, dissatisfaction, ... */
    const char *text;
};

/* One customer as the collection cycle sees it (all of it borrowed,
 * valid during the callback). */
struct store_collect {
    const struct store_balances *balances;
    struct store_customer_state state;
    const struct store_dispute *disputes; /* open ones */
    size_t ndisputes;
    const struct store_promise *promise;  /* the latest, or NULL */
    const struct store_plan *plan;        /* the latest, or NULL */
    const struct store_contact *contacts; /* oldest first */
    size_t ncontacts;
};

typedef int store_collect_cb(void *ctx, const struct store_collect *c,
                             struct dun_err *err);

/* One rendered message in the outbox. */
struct store_message {
    int64_t seq;          /* set by outbox_add */
    const char *customer_id;
    int32_t date;
    const char *stage, *channel; /* "email" or "letter" */
    const char *recipient;       /* e-mail address, or postal name */
    const char *language, *template_name;
    /* The template set it was rendered with (template_set_put), or 0
     * for messages from before sets were kept: those were rendered with
     * the compiled-in templates of their day. */
    int64_t template_set;
    const char *subject, *body, *html;
    const char *inputs;          /* the template data as JSON */
    /* When an e-mail may be sent: the allowed hours of its day in the
     * customer's time zone, as UTC instants (seconds since 1970), and
     * that zone; 0 and "" for letters and older messages. */
    int64_t send_after, send_before;
    const char *timezone;
};

typedef int store_message_cb(void *ctx, const struct store_message *m,
                             struct dun_err *err);

/* The business as it signs its messages; "" for what is not set. */
struct store_tenant {
    const char *name, *address, *email, *phone;
    const char *iban, *bic, *bank, *vat_id;
    const char *timezone; /* IANA zone of the business */
};

/* Work for a person: a call to make or a stage to approve. */
struct store_task {
    const char *customer_id;
    const char *customer_name;
    struct store_contact contact;
    const struct store_balances *balances; /* what the customer owes */
    const char *country, *timezone; /* where; timezone "" if not set */
    const char *reason; /* latest known reason for not paying, or "" */
};

typedef int store_task_cb(void *ctx, const struct store_task *t,
                          struct dun_err *err);

/* Something recorded about a customer other than a document. */
enum store_event_kind {
    EVENT_NOTE, EVENT_CALL, EVENT_DISPUTE_OPENED, EVENT_DISPUTE_RESOLVED,
    EVENT_PROMISE, EVENT_CONTACT, EVENT_PLAN,
};

struct store_event {
    int32_t date;
    enum store_event_kind kind;
    const char *ref;    /* invoice number, or the stage of a contact */
    const char *reason; /* why not paid (notes), else "" */
    const char *text;   /* note, dispute reason or resolution */
    int32_t until;      /* a promise's date */
    int64_t amount;     /* a promise's amount; a contact's channels */
    char currency[4];
};

typedef int store_event_cb(void *ctx, const struct store_event *e,
                           struct dun_err *err);

/* Sales of one day in one currency (credit notes subtracted). */
struct store_day_sales {
    char currency[4];
    int32_t day;
    int64_t amount;
};

typedef int store_docs_cb(void *ctx, struct store_docs *docs,
                          struct dun_err *err);
typedef int store_balances_cb(void *ctx, const struct store_balances *b,
                              struct dun_err *err);
typedef int store_customer_cb(void *ctx, const struct customer *c,
                              struct dun_err *err);
typedef int store_invoice_cb(void *ctx, const struct invoice *inv,
                             int64_t open, struct dun_err *err);
typedef int store_payment_cb(void *ctx, const struct payment *p,
                             struct dun_err *err);
typedef int store_sales_cb(void *ctx, const struct store_day_sales *s,
                           struct dun_err *err);

/*
 * Insert results: 1 inserted, 0 a row with that key exists (nothing
 * written), -1 error. Get results: 1 found (out filled, strings in the
 * arena), 0 not found, -1 error.
 */
struct store_ops {
    const char *name;
    void (*close)(struct store *st);
    int (*begin)(struct store *st, struct dun_err *err);
    int (*commit)(struct store *st, struct dun_err *err);
    void (*rollback)(struct store *st);

    int (*import_begin)(struct store *st, const struct store_import *imp,
                        int64_t *import_id, struct dun_err *err);
    int (*import_end)(struct store *st, int64_t import_id,
                      const struct store_import *imp, struct dun_err *err);

    int (*customer_insert)(struct store *st, const struct customer *c,
                           const struct store_stamp *sp, struct dun_err *err);
    int (*customer_get)(struct store *st, const char *id, struct customer *out,
                        struct store_stamp *sp, struct arena *a,
                        struct dun_err *err);
    int (*customer_update)(struct store *st, const struct customer *c,
                           const struct store_stamp *sp, struct dun_err *err);
    int (*customer_uses_currency)(struct store *st, const char *id,
                                  const char *currency, struct dun_err *err);
    /* Every customer, id in byte order. */
    int (*customers_scan)(struct store *st, store_customer_cb *cb, void *ctx,
                          struct dun_err *err);

    int (*invoice_insert)(struct store *st, const struct invoice *inv,
                          const struct store_stamp *sp, struct dun_err *err);
    int (*invoice_get)(struct store *st, const char *number,
                       struct invoice *out, struct store_stamp *sp,
                       struct arena *a, struct dun_err *err);
    int (*invoice_update)(struct store *st, const struct invoice *inv,
                          const struct store_stamp *sp, struct dun_err *err);
    /* One customer's invoices, number in byte order (callers
     * binary-search it with strcmp), into *out (array and strings in a). */
    int (*invoice_refs)(struct store *st, const char *customer_id,
                        struct store_invoice_ref **out, size_t *n,
                        struct arena *a, struct dun_err *err);
    /* Invoices with their cached open amount, a customer's (customer_id)
     * or everyone's (NULL: customers by id in byte order); a customer's
     * by issue date, then number in byte order. open_only: only those
     * with an amount open. */
    int (*invoices_scan)(struct store *st, const char *customer_id,
                         int open_only, store_invoice_cb *cb, void *ctx,
                         struct dun_err *err);

    int (*payment_insert)(struct store *st, const struct payment *p,
                          const struct store_stamp *sp, struct dun_err *err);
    int (*payment_get)(struct store *st, const char *id, struct payment *out,
                       struct store_stamp *sp, struct arena *a,
                       struct dun_err *err);
    int (*payment_update)(struct store *st, const struct payment *p,
                          const struct store_stamp *sp, struct dun_err *err);
    /* Payments, a customer's or everyone's (customer_id NULL: customers
     * by id in byte order); a customer's by date, then id in byte order. */
    int (*payments_scan)(struct store *st, const char *customer_id,
                         store_payment_cb *cb, void *ctx, struct dun_err *err);

    /* One customer's documents into docs (strings in a), in no
     * particular order: the ledger needs none. */
    int (*docs_load)(struct store *st, const char *customer_id,
                     struct store_docs *docs, struct arena *a,
                     struct dun_err *err);
    /* Every customer with documents, customer_id in byte order (callers
     * may merge on it with strcmp): one callback per customer with all
     * its documents, in no particular order. */
    int (*docs_scan)(struct store *st, store_docs_cb *cb, void *ctx,
                     struct dun_err *err);
    /* Replace the cached balances of one customer. */
    int (*balances_put)(struct store *st, const struct store_balances *b,
                        struct dun_err *err);
    /* Drop every cached balance (before a rebuild). */
    int (*balances_clear)(struct store *st, struct dun_err *err);
    /* Every customer with a cached open item or credit, customer_id in
     * byte order. */
    int (*balances_scan)(struct store *st, store_balances_cb *cb, void *ctx,
                         struct dun_err *err);

    /* Store a new policy version (text already checked); its number in
     * *version. Old versions stay. */
    int (*policy_add)(struct store *st, const char *text, const char *source,
                      int32_t loaded_on, int64_t *version,
                      struct dun_err *err);
    /* A version (0: the latest) into *out, strings in a: 1 found, 0 none. */
    int (*policy_get)(struct store *st, int64_t version,
                      struct store_policy *out, struct arena *a,
                      struct dun_err *err);
    /* Every version, oldest (lowest) first, text left NULL. */
    int (*policies_scan)(struct store *st, store_policy_cb *cb, void *ctx,
                         struct dun_err *err);

    /* The collection cycle's state (store_sqlite_collect.c). */
    int (*state_get)(struct store *st, const char *customer_id,
                     struct store_customer_state *out, struct arena *a,
                     struct dun_err *err);
    int (*state_put)(struct store *st, const char *customer_id,
                     const struct store_customer_state *s,
                     struct dun_err *err);
    /* 1 opened, 0 already open. */
    int (*dispute_open)(struct store *st, const char *customer_id,
                        const struct store_dispute *d, struct dun_err *err);
    /* 1 resolved, 0 none open. */
    int (*dispute_resolve)(struct store *st, const char *invoice_number,
                           int32_t on, const char *resolution,
                           struct dun_err *err);
    int (*promise_add)(struct store *st, const char *customer_id,
                       const struct store_promise *p, struct dun_err *err);
    /* Replaces a plan agreed the same day. */
    int (*plan_add)(struct store *st, const char *customer_id,
                    const struct store_plan *p, struct dun_err *err);
    int (*note_add)(struct store *st, const char *customer_id,
                    const struct store_note *n, struct dun_err *err);
    int (*run_begin)(struct store *st, int32_t as_of, int64_t policy_version,
                     int64_t *run_id, struct dun_err *err);
    int (*run_end)(struct store *st, int64_t run_id, int64_t planned,
                   struct dun_err *err);
    /* 1 recorded, 0 one with that customer, date and stage exists. */
    int (*contact_add)(struct store *st, const char *customer_id,
                       const struct store_contact *c, struct dun_err *err);
    /* Decide the customer's pending approvals (given or refused) on a
     * day: how many there were in *n. */
    int (*approvals_decide)(struct store *st, const char *customer_id,
                            int given, int32_t on, int64_t *n,
                            struct dun_err *err);
    /* Mark the customer's open phone tasks planned up to on as done. */
    int (*calls_done)(struct store *st, const char *customer_id, int32_t on,
                      struct dun_err *err);
    /* Pending approvals and open phone tasks, any order. */
    int (*tasks_scan)(struct store *st, store_task_cb *cb, void *ctx,
                      struct dun_err *err);
    int (*tenant_get)(struct store *st, struct store_tenant *out,
                      struct arena *a, struct dun_err *err);
    int (*tenant_put)(struct store *st, const struct store_tenant *t,
                      struct dun_err *err);
    /* The id of the template set with this SHA-256 of its source,
     * storing it if it is new. */
    int (*template_set_put)(struct store *st,
                            const unsigned char digest[32],
                            const void *source, size_t len, int64_t *id,
                            struct dun_err *err);
    /* A template set's source (in a): 1, 0 if there is no such id. */
    int (*template_set_get)(struct store *st, int64_t id, struct arena *a,
                            const void **source, size_t *len,
                            struct dun_err *err);
    /* 1 stored (m->seq set), 0 that customer, date, stage and channel
     * has a message already. */
    int (*outbox_add)(struct store *st, struct store_message *m,
                      struct dun_err *err);
    /* seq 0: every message, seq ascending, body, html and inputs left
     * NULL. seq > 0: that one message, all of it (no callback if there is
     * none). */
    int (*outbox_scan)(struct store *st, int64_t seq, store_message_cb *cb,
                       void *ctx, struct dun_err *err);
    /* Sum of a customer's payments in currency dated from..to. */
    int (*payments_sum)(struct store *st, const char *customer_id,
                        const char *currency, int32_t from, int32_t to,
                        int64_t *sum, struct dun_err *err);
    /* A customer's events (not documents) by date; on one day notes and
     * calls, opened disputes, resolved ones, promises and plans, then
     * contacts; within those in no defined order. */
    int (*events_scan)(struct store *st, const char *customer_id,
                       store_event_cb *cb, void *ctx, struct dun_err *err);
    /* Every customer with open items or credit, customer_id in byte
     * order, with its state, open disputes (invoice number in byte
     * order), latest promise, latest plan and contacts (by date, then
     * stage in byte order). */
    int (*collect_scan)(struct store *st, store_collect_cb *cb, void *ctx,
                        struct dun_err *err);

    /* Latest date of any document (DATE_INVALID if none) and raising it. */
    int (*last_event_get)(struct store *st, int32_t *day, struct dun_err *err);
    int (*last_event_raise)(struct store *st, int32_t day,
                            struct dun_err *err);
    /* Sales per currency and issue day, days from..to: newest day
     * first, a day's currencies in byte order. */
    int (*sales_scan)(struct store *st, int32_t from, int32_t to,
                      store_sales_cb *cb, void *ctx, struct dun_err *err);
};

struct store {
    const struct store_ops *ops;
    int64_t tenant_id;
};

/*
 * Open the database at uri (a file path for SQLite) for the tenant called
 * tenant ("default" is the one every database has). Migrates the schema.
 * With create set, makes the database and the tenant if they are
 * missing; otherwise a missing database or tenant fails as
 * DUN_E_NOTFOUND ("PATH: no tenant 'acme' in the database"). The store
 * sees that tenant's rows only. Caller frees with store_close.
 */
struct store *store_open(const char *uri, const char *tenant, int create,
                         struct dun_err *err);
void store_close(struct store *st);

static inline int
store_begin(struct store *st, struct dun_err *err)
{
    return st->ops->begin(st, err);
}

static inline int
store_commit(struct store *st, struct dun_err *err)
{
    return st->ops->commit(st, err);
}

static inline void
store_rollback(struct store *st)
{
    st->ops->rollback(st);
}

/* Grow docs' arrays by one element and return it, zeroed. */
struct ledger_invoice *store_docs_add_invoice(struct store_docs *docs);
struct ledger_payment *store_docs_add_payment(struct store_docs *docs);
void store_docs_reset(struct store_docs *docs);
void store_docs_release(struct store_docs *docs);

#endif
