/*
 * store.h - the one storage interface; backends fill struct store_ops.
 *
 * store_sqlite.c is the embedded default; a PostgreSQL backend (libpq)
 * implements the same table under this contract, so that app/ and core/
 * never learn which one they talk to.
 *
 * Tenant. store_open names the tenant; the backend resolves the name to
 * its tenant_id once and binds it into every statement. Every row belongs
 * to one tenant and a store sees only its tenant's rows.
 *
 * Transactions. store_begin starts a writer's transaction: writers are
 * serialised from begin to commit, so what a transaction reads stays true
 * until it commits (SQLite: BEGIN IMMEDIATE, one writer per database, a
 * second waits up to 5 s, then fails DUN_E_IO; PostgreSQL: one per
 * tenant, the transaction first takes pg_advisory_xact_lock(tenant_id)).
 * Readers outside a transaction see what is committed. Transactions do
 * not nest. Callers write inside one (an import, a run, a policy load:
 * all or nothing); outside one each statement commits on its own, and
 * ops that write several rows (plan_add) are then not atomic.
 * store_rollback never fails and does nothing without a transaction; a
 * dry run is begin, reads, rollback. Ops that write: import_begin and
 * _end, customer_, invoice_ and payment_insert and _update, balances_put
 * and _clear, policy_add, template_version_add, state_put, dispute_open and _resolve,
 * promise_add, plan_add, plan_cancel, note_add, run_begin and _end,
 * contact_add (with its items),
 * approvals_decide, calls_done, tenant_put, template_set_put,
 * pack_dict_put, outbox_add
 * and _add_packed, outbox_move, config_put and _put_data, evidence_add,
 * last_event_raise. All other ops only read.
 *
 * Scans. The ops taking a callback (customers_, customer_terms_,
 * invoices_, payments_, docs_, balances_, policies_, template_versions_,
 * tasks_, outbox_, events_, collect_, plans_, sales_, config_,
 * message_events_ and evidence_scan, outbox_pending, outbox_undelivered)
 * call it once per row or group, in the order their comment states; a
 * callback returning -1 stops the scan, which returns -1 with the
 * callback's err.
 * While a callback runs:
 *   - no other scan may start: one scan at a time per store (DUN_E_INTERNAL
 *     "store: X inside a scan"). outbox_scan of one message (seq > 0) is a
 *     lookup, not a scan, and may run inside a scan;
 *   - any op that only reads may run;
 *   - an op that writes may run only if the caller began a transaction
 *     before the scan ("store: X inside a scan outside a transaction");
 *   - store_begin and store_commit fail, and store_rollback must not be
 *     called: the callback returns its error, the caller rolls back after;
 *   - writes must not touch rows the scan has still to return: whether a
 *     scan sees writes made during it is the backend's affair (a server's
 *     cursor does not; SQLite may).
 * A server backend honours this with one cursor: it declares the scan's
 * query as a cursor inside the caller's transaction, or inside a READ ONLY
 * transaction of its own when there is none (DECLARE c NO SCROLL CURSOR
 * FOR ...; FETCH 1000 FROM c; ... CLOSE c), and fetches in batches; between
 * fetches the connection is free for the callback's statements, a lookup
 * being a plain query. Writes
 * need the caller's transaction because the backend's own is read-only
 * and ends with the scan. Callers today: the run's collect_scan callback
 * reads (payments_sum, customer_get) and writes (contact_add,
 * template_set_put, pack_dict_put, outbox_add) in the run's transaction;
 * balances_rebuild's docs_scan callback writes balances_put in its transaction; outbox verify
 * and export list the seqs first (outbox_scan(0)), then read each message
 * with outbox_scan(seq) and its template set after that scan ended;
 * plans_scan's callback (dun plan list) reads docs_load; plan_get and
 * docs_load may run in any scan's callback (app/plans.h plan_view_get).
 *
 * Order. Where an op's comment says "in byte order", text compares as
 * memcmp does on its UTF-8 bytes (which is strcmp's order on our NUL-free
 * strings): callers merge scans and binary-search results with strcmp.
 * A backend states that order in its SQL (SQLite: COLLATE BINARY;
 * PostgreSQL: COLLATE "C" on the column or the ORDER BY, and on the index
 * that serves it), never the database's default collation, which on a
 * server follows its locale. Integers and dates order as numbers.
 *
 * Identifiers. Policy versions, import ids, run ids, template set ids and
 * outbox seqs count per tenant, note seqs per customer: 1, 2, 3 ... in a
 * new tenant. Each is taken inside the writing transaction from a counter
 * row that stays locked until commit, so that several writers (processes,
 * or a server's connections) never take the same number and numbers rise
 * in commit order; a rollback gives them back. Outside a transaction a
 * number may be lost (a failed write): a gap, never a duplicate. (SQLite:
 * table counter; a server backend may use the same table with INSERT ...
 * ON CONFLICT DO UPDATE ... RETURNING, whose row lock lasts to commit.)
 *
 * Values. Dates are int32_t days (core/date.h); money int64_t minor units
 * with a 3-letter currency; enum values reach SQL as bound parameters
 * from their C constants, never as numbers written into the SQL.
 *
 * Results and ownership. Insert ops: 1 inserted, 0 a row with that key
 * exists (nothing written), -1 error. Get ops: 1 found, 0 not found, -1
 * error; out is filled only on 1 unless the op says it fills defaults.
 * Strings and arrays an op returns live in the arena the caller passes
 * (valid until it resets or releases it); a record passed to a callback,
 * and everything it points to, is borrowed for the call only. After -1
 * out parameters hold nothing to rely on. Errors: DUN_E_IO for
 * the database ("PATH: what: its message"), DUN_E_NOTFOUND from
 * store_open, DUN_E_INTERNAL for a broken rule above.
 *
 * Threads. A store is one connection: use it from one thread at a time,
 * never share it (a server gives each worker its own). Separate stores,
 * in one process or several, may work on one database at once.
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

/* All documents of one customer and its disputes, as the ledger wants
 * them (the disputes decide where money naming no invoice goes: ledger.h
 * R6). inv and pay grow on the heap (store_docs_release); disp lives in
 * the arena of the docs_load call or of the docs_scan callback. */
struct store_docs {
    const char *customer_id;
    struct ledger_invoice *inv;
    size_t ninv, inv_cap;
    struct ledger_payment *pay;
    size_t npay, pay_cap;
    const struct ledger_dispute *disp; /* every dispute, open or resolved */
    size_t ndisp;
};

/* Cached balances of one customer (the ledger's result for all dates). */
struct store_balances {
    const char *customer_id;
    const struct open_item *items; /* by currency, due date */
    size_t nitems;
    const struct ledger_credit *credits;
    size_t ncredits;
};

/* What a payment needs to know of an invoice it names. */
struct store_invoice_ref {
    const char *number;
    enum invoice_type type;
    char currency[4];
};

/* One stored version of a tenant's message templates (schema migration
 * 14): the canonical source of a render/template_library.h library. */
struct store_template_version {
    int64_t version;   /* 1, 2, ... */
    int32_t loaded_on; /* the as-of date of 'dun templates load' */
    const char *origin; /* the directory it was loaded from */
    int64_t files;      /* templates in it */
    unsigned char sha256[32]; /* of source */
    const void *source; /* NULL in scans */
    size_t len;
};

typedef int store_template_version_cb(void *ctx,
                                      const struct store_template_version *v,
                                      struct dun_err *err);

typedef int store_policy_cb(void *ctx, const struct policy_version *p,
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
    int32_t resolved_on; /* DATE_INVALID while open */
};

struct store_promise {
    int32_t made_on, by_date;
    char currency[4];
    int64_t amount;
};

/* A payment plan: installments in one currency, agreed on made_on, on
 * the invoices it covers. */
struct store_plan {
    int32_t made_on;
    char currency[4];
    const struct plan_installment *inst; /* in date order */
    size_t n;
    /* plan_add, plan_get, plans_scan: the invoices it covers, number in
     * byte order; none for a plan made before they were recorded (schema
     * migration 11: app/plans.h says what such a plan covers). */
    const char *const *invoices;
    size_t ninvoices;
    /* plan_get, plans_scan: the day it was cancelled, DATE_INVALID if
     * never. collect_scan leaves invoices and cancelled_on unset. */
    int32_t cancelled_on;
};

typedef int store_plan_cb(void *ctx, const char *customer_id,
                          const struct store_plan *p, struct dun_err *err);

/* An invoice a contact listed: the stage it reached in it (each invoice
 * climbs its own ladder) and how it was listed. */
struct store_contact_item {
    const char *invoice_number;
    const char *item_stage;    /* the stage the invoice reached, or "" */
    int role;                  /* enum dun_role */
};

struct store_contact {
    int32_t date;
    const char *stage; /* the policy stage's name ("pre-due" before) */
    unsigned channels;
    int approval;      /* enum dun_approval */
    int64_t run_id;
    int32_t deadline;  /* the pay-by date it stated, or DATE_INVALID */
    /* The invoices it lists (contact_add writes them, collect_scan reads
     * them; other ops leave them empty). */
    const struct store_contact_item *items;
    size_t nitems;
    /* The day a call task was done or an approval decided, else
     * DATE_INVALID (read by collect_scan; contact_add ignores it). */
    int32_t done_on;
    /* 1 when it wrote messages and none went out or may still go (all
     * void, failed or bounced): it did not reach the customer (read by
     * collect_scan). */
    int lost;
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
    const struct store_balances *balances; /* kept (all documents) */
    struct store_customer_state state;
    const struct store_dispute *disputes; /* every one, open or not */
    size_t ndisputes;
    const struct store_promise *promises; /* oldest first */
    size_t npromises;
    const struct store_plan *plan;        /* the latest, or NULL */
    const struct store_contact *contacts; /* oldest first, with the
                                             invoices each listed */
    size_t ncontacts;
    /* The customer's record (collect_scan with STORE_COLLECT_RECORDS);
     * else NULL, as when a kept balance names no customer (a damaged
     * database). */
    const struct customer *customer;
    /* Where the customer is, what kind it is (for the law that protects
     * individuals) and how it can be reached: 1 when the record has an
     * e-mail address, a phone number, a postal address (a street and a
     * city or postal code). */
    const char *country, *region;
    enum customer_kind kind;
    int has_email, has_phone, has_post;
    /* NULL, or why some of this customer's rows cannot be read (a damaged
     * kept balance or contact: what is read of them is left out): the
     * caller passes the customer over, the scan goes on. */
    const char *damage;
};

typedef int store_collect_cb(void *ctx, const struct store_collect *c,
                             struct dun_err *err);

/* collect_scan's flags. */
#define STORE_COLLECT_ALL 1u     /* every customer, not only those owing */
#define STORE_COLLECT_RECORDS 2u /* each customer's whole record */

typedef int store_message_cb(void *ctx, const struct message *m,
                             struct dun_err *err);

typedef int store_config_cb(void *ctx, const char *key, const char *value,
                            struct dun_err *err);

/* A message moved from one state to another (outbox_move). */
struct store_message_move {
    int64_t seq;
    const char *from, *to;  /* message_state.h's words */
    int64_t at;             /* when, seconds since 1970 */
    const char *actor;      /* "send", "cli", ... */
    const char *detail;     /* why, or what the server answered; "" */
    int attempts;           /* the message's count after the move */
    int64_t retry_at;       /* 0: none */
};

/* Proof attached to a message (evidence_add). */
struct store_evidence {
    int64_t seq;
    int n;                  /* 1, 2 ... per message; set by evidence_add */
    int64_t at;             /* when it was attached */
    const char *actor;
    const char *kind;       /* certified, registered, courier, receipt */
    const char *ref;        /* the tracking reference */
    const char *file_name;  /* "" when no file */
    unsigned char sha256[32]; /* of the file, when there is one */
    const void *file;       /* NULL when none (scans: always NULL) */
    size_t file_len;
    const char *customer_id; /* the message's (scans) */
    const char *channel;
};

typedef int store_evidence_cb(void *ctx, const struct store_evidence *e,
                              struct dun_err *err);

/* One kept move of a message. */
struct store_message_event {
    int64_t seq;
    int n;                  /* 1, 2, ... per message */
    int64_t at;
    const char *status, *actor, *detail;
    const char *customer_id, *channel, *stage;
    int32_t date;           /* the message's day */
};

typedef int store_message_event_cb(void *ctx,
                                   const struct store_message_event *e,
                                   struct dun_err *err);

/* A message's bodies as the outbox keeps them (an empty body: no
 * bytes). dict 0: each packed with body_codec_pack (store/body_codec.h),
 * the message's template set's source as the dictionary; else with
 * dict_codec_pack (store/dict_codec.h) and the pack dictionary of that
 * id (pack_dict_put). inputs, its data (JSON) packed the same way, or
 * NULL: kept as the text m->inputs. */
struct store_packed {
    const void *body, *html;
    size_t body_len, html_len;
    const void *inputs;
    size_t inputs_len;
    int64_t dict;
};

/* Work for a person: a call to make or a stage to approve. */
struct store_task {
    const char *customer_id;
    const char *customer_name;
    struct store_contact contact;
    const struct store_balances *balances; /* what the customer owes */
    const char *country, *timezone; /* where; timezone "" if not set */
    const char *reason; /* latest known reason for not paying, or "" */
    const char *phone;  /* the customer's, or "" */
    const char *region; /* struct customer's region, or "" */
    unsigned flags;     /* the customer's (enum dun_flags) */
};

typedef int store_task_cb(void *ctx, const struct store_task *t,
                          struct dun_err *err);

/* Something recorded about a customer other than a document. */
enum store_event_kind {
    EVENT_NOTE, EVENT_CALL, EVENT_DISPUTE_OPENED, EVENT_DISPUTE_RESOLVED,
    EVENT_PROMISE, EVENT_CONTACT, EVENT_PLAN,
    EVENT_APPROVAL, /* a stage approved or refused: ref the stage, text
                       "approved" or "refused" */
    EVENT_CHANGE,   /* what the customer's record or flags became (a note
                       of kind "change") */
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
 * The operations; results, ownership, transactions and scans as the
 * contract at the top says. 0 ok and -1 error unless a comment says more.
 */
struct store_ops {
    const char *name; /* "sqlite" */
    void (*close)(struct store *st);
    /* store_begin, store_commit, store_rollback below. */
    int (*begin)(struct store *st, struct dun_err *err);
    int (*begin_checked)(struct store *st, struct dun_err *err);
    int (*begin_load)(struct store *st, struct dun_err *err);
    int (*commit)(struct store *st, struct dun_err *err);
    void (*rollback)(struct store *st);

    /* Record an import about to run (kind, file, as_of); its new id in
     * *import_id, for the stamps of the rows it writes. */
    int (*import_begin)(struct store *st, const struct import_record *imp,
                        int64_t *import_id, struct dun_err *err);
    /* Record the import's counts. */
    int (*import_end)(struct store *st, int64_t import_id,
                      const struct import_record *imp, struct dun_err *err);

    /* Insert result (1, 0 if the id exists). */
    int (*customer_insert)(struct store *st, const struct customer *c,
                           const struct store_stamp *sp, struct dun_err *err);
    /* Get result; sp (may be NULL) gets the row's stamp. */
    int (*customer_get)(struct store *st, const char *id, struct customer *out,
                        struct store_stamp *sp, struct arena *a,
                        struct dun_err *err);
    /* Overwrite the customer with c->id (nothing if there is none). */
    int (*customer_update)(struct store *st, const struct customer *c,
                           const struct store_stamp *sp, struct dun_err *err);
    /* 1 if the customer's own currency or one of its invoices' is
     * currency, else 0. */
    int (*customer_uses_currency)(struct store *st, const char *id,
                                  const char *currency, struct dun_err *err);
    /* How many currencies the customer uses: its own and its invoices'. */
    int (*customer_currencies)(struct store *st, const char *id, int64_t *n,
                               struct dun_err *err);
    /* Every customer, id in byte order. */
    int (*customers_scan)(struct store *st, store_customer_cb *cb, void *ctx,
                          struct dun_err *err);
    /* How many customers the tenant has. */
    int (*customers_count)(struct store *st, int64_t *n, struct dun_err *err);
    /* customers_scan with only id, currency and terms_days set (the
     * rest NULL or 0): what an importer checks rows against, without
     * reading or copying the rest of each record. */
    int (*customer_terms_scan)(struct store *st, store_customer_cb *cb,
                               void *ctx, struct dun_err *err);

    /* As the customer's, keyed by number (unique in the tenant). */
    int (*invoice_insert)(struct store *st, const struct invoice *inv,
                          const struct store_stamp *sp, struct dun_err *err);
    int (*invoice_get)(struct store *st, const char *number,
                       struct invoice *out, struct store_stamp *sp,
                       struct arena *a, struct dun_err *err);
    int (*invoice_update)(struct store *st, const struct invoice *inv,
                          const struct store_stamp *sp, struct dun_err *err);
    /* How many documents (invoices, credit notes, payments) a customer
     * has, in *n. */
    int (*docs_count)(struct store *st, const char *customer_id, int64_t *n,
                      struct dun_err *err);
    /* One customer's invoices, number in byte order (callers
     * binary-search it with strcmp), into *out (array and strings in a). */
    int (*invoice_refs)(struct store *st, const char *customer_id,
                        struct store_invoice_ref **out, size_t *n,
                        struct arena *a, struct dun_err *err);
    /* Invoices with their cached open amount, a customer's (customer_id)
     * or everyone's (NULL: customers by id in byte order); a customer's
     * by issue date, then number in byte order. open_only: only those
     * with an amount open (so only customers with open items). */
    int (*invoices_scan)(struct store *st, const char *customer_id,
                         int open_only, store_invoice_cb *cb, void *ctx,
                         struct dun_err *err);

    /* As the customer's, keyed by id (unique in the tenant). */
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

    /* One customer's documents and disputes into docs (strings and the
     * disputes in a), in no particular order: the ledger needs none. */
    int (*docs_load)(struct store *st, const char *customer_id,
                     struct store_docs *docs, struct arena *a,
                     struct dun_err *err);
    /* Every customer with documents, customer_id in byte order (callers
     * may merge on it with strcmp): one callback per customer with all
     * its documents and disputes, in no particular order. */
    int (*docs_scan)(struct store *st, store_docs_cb *cb, void *ctx,
                     struct dun_err *err);
    /* Replace the cached balances of b->customer_id (none: delete). */
    int (*balances_put)(struct store *st, const struct store_balances *b,
                        struct dun_err *err);
    /* Drop every cached balance (before a rebuild). */
    int (*balances_clear)(struct store *st, struct dun_err *err);
    /* Every customer with a cached open item or credit, customer_id in
     * byte order. */
    int (*balances_scan)(struct store *st, store_balances_cb *cb, void *ctx,
                         struct dun_err *err);
    /* The backend's own index of invoice numbers and payment ids (which
     * customer holds each): every one found once, at its document, and
     * no document left out. 0, or -1 (DUN_E_CONFLICT) with the first
     * that is not so. */
    int (*keys_verify)(struct store *st, struct dun_err *err);
    /* Make that index anew from the documents (in the caller's
     * transaction). */
    int (*keys_rebuild)(struct store *st, struct dun_err *err);

    /* Store a new policy version (text already checked); its number
     * (Identifiers) in *version. Old versions stay. */
    int (*policy_add)(struct store *st, const char *text, const char *source,
                      int32_t loaded_on, int64_t *version,
                      struct dun_err *err);
    /* Get result: a version, 0 for the latest (the highest). */
    int (*policy_get)(struct store *st, int64_t version,
                      struct policy_version *out, struct arena *a,
                      struct dun_err *err);
    /* Every version, oldest (lowest) first, text left NULL. */
    int (*policies_scan)(struct store *st, store_policy_cb *cb, void *ctx,
                         struct dun_err *err);

    /* The collection cycle's state. Get result; on 0 *out holds the
     * defaults: no flags, segment "", score -1, timezone "". */
    int (*state_get)(struct store *st, const char *customer_id,
                     struct store_customer_state *out, struct arena *a,
                     struct dun_err *err);
    /* Replace the customer's state. */
    int (*state_put)(struct store *st, const char *customer_id,
                     const struct store_customer_state *s,
                     struct dun_err *err);
    /* 1 opened, 0 one is open for that invoice already. */
    int (*dispute_open)(struct store *st, const char *customer_id,
                        const struct store_dispute *d, struct dun_err *err);
    /* Resolve the open dispute of an invoice: 1 resolved, 0 none open. */
    int (*dispute_resolve)(struct store *st, const char *invoice_number,
                           int32_t on, const char *resolution,
                           struct dun_err *err);
    /* Replaces a promise made the same day. */
    int (*promise_add)(struct store *st, const char *customer_id,
                       const struct store_promise *p, struct dun_err *err);
    /* The plan with its invoices (p->cancelled_on is ignored); replaces
     * a plan agreed the same day, its invoices and its cancellation. */
    int (*plan_add)(struct store *st, const char *customer_id,
                    const struct store_plan *p, struct dun_err *err);
    /* Get result: the customer's latest plan made on or before as_of,
     * with its invoices and cancellation (arrays and strings in a). */
    int (*plan_get)(struct store *st, const char *customer_id,
                    int32_t as_of, struct store_plan *out, struct arena *a,
                    struct dun_err *err);
    /* Each customer's latest plan made on or before as_of, as plan_get
     * returns it, customer_id in byte order. */
    int (*plans_scan)(struct store *st, int32_t as_of, store_plan_cb *cb,
                      void *ctx, struct dun_err *err);
    /* Record the plan made on made_on cancelled on day on: 1 recorded, 0
     * it was cancelled already (nothing written). The caller checks that
     * the plan exists. */
    int (*plan_cancel)(struct store *st, const char *customer_id,
                       int32_t made_on, int32_t on, struct dun_err *err);
    /* Numbered per customer (Identifiers). */
    int (*note_add)(struct store *st, const char *customer_id,
                    const struct store_note *n, struct dun_err *err);
    /* Record a run starting (as of, policy in force): its new id in
     * *run_id. run_end records how many contacts it planned. */
    int (*run_begin)(struct store *st, int32_t as_of, int64_t policy_version,
                     int64_t *run_id, struct dun_err *err);
    int (*run_end)(struct store *st, int64_t run_id, int64_t planned,
                   struct dun_err *err);
    /* The as-of date of the latest run that was not a dry run
     * (DATE_INVALID if none) in *as_of. */
    int (*run_latest)(struct store *st, int32_t *as_of, struct dun_err *err);
    /* 1 recorded (with its items), 0 one with that customer, date and
     * stage exists (nothing written). */
    int (*contact_add)(struct store *st, const char *customer_id,
                       const struct store_contact *c, struct dun_err *err);
    /* Decide the customer's approvals pending on day on, given or
     * refused: how many there were in *n. */
    int (*approvals_decide)(struct store *st, const char *customer_id,
                            int given, int32_t on, int64_t *n,
                            struct dun_err *err);
    /* Mark the customer's open phone tasks planned up to on as done. */
    int (*calls_done)(struct store *st, const char *customer_id, int32_t on,
                      struct dun_err *err);
    /* Pending approvals and open phone tasks, in no defined order. */
    int (*tasks_scan)(struct store *st, store_task_cb *cb, void *ctx,
                      struct dun_err *err);
    /* The tenant's profile. Get result; every field "" until one is put,
     * also on 0. */
    int (*tenant_get)(struct store *st, struct tenant *out,
                      struct arena *a, struct dun_err *err);
    /* Replace the tenant's profile. */
    int (*tenant_put)(struct store *st, const struct tenant *t,
                      struct dun_err *err);
    /* The id of the template set with this SHA-256 of its source,
     * storing it under a new id (Identifiers) if it is new. An op that
     * writes, even when the set exists. */
    int (*template_set_put)(struct store *st,
                            const unsigned char digest[32],
                            const void *source, size_t len, int64_t *id,
                            struct dun_err *err);
    /* A template set's source (in a): 1, 0 if there is no such id. */
    int (*template_set_get)(struct store *st, int64_t id, struct arena *a,
                            const void **source, size_t *len,
                            struct dun_err *err);
    /* The id of the pack dictionary (store/dict_codec.h) with this
     * SHA-256 of its content, storing it under a new id if it is new:
     * like template_set_put. */
    int (*pack_dict_put)(struct store *st, const unsigned char digest[32],
                         const void *content, size_t len, int64_t *id,
                         struct dun_err *err);
    /* Store a new version of the tenant's message templates (v->version
     * ignored; source already checked); its number (Identifiers) in
     * *version. Old versions stay. */
    int (*template_version_add)(struct store *st,
                                const struct store_template_version *v,
                                int64_t *version, struct dun_err *err);
    /* Get result: a version (0: the latest, the highest), with its
     * source in a. */
    int (*template_version_get)(struct store *st, int64_t version,
                                struct store_template_version *out,
                                struct arena *a, struct dun_err *err);
    /* Every version, oldest (lowest) first, source left NULL. */
    int (*template_versions_scan)(struct store *st,
                                  store_template_version_cb *cb, void *ctx,
                                  struct dun_err *err);
    /* 1 stored, m->seq set to its new number (Identifiers); 0 that
     * customer, date, stage and channel has a message already, and no
     * number is used. */
    int (*outbox_add)(struct store *st, struct message *m,
                      struct dun_err *err);
    /* The same, with m->body and m->html already packed (store_packed):
     * so that a caller can pack on another thread. m->body and m->html
     * are not read. */
    int (*outbox_add_packed)(struct store *st, struct message *m,
                             const struct store_packed *packed,
                             struct dun_err *err);
    /* seq 0: every message, seq ascending, body, html and inputs left
     * NULL. seq > 0: that one message, all of it (no callback if there is
     * none); a lookup, which may run inside a scan (Scans). */
    int (*outbox_scan)(struct store *st, int64_t seq, store_message_cb *cb,
                       void *ctx, struct dun_err *err);
    /* The messages still on their way (planned, sending, printed), seq
     * ascending, as outbox_scan(0) gives them. */
    int (*outbox_pending)(struct store *st, store_message_cb *cb, void *ctx,
                          struct dun_err *err);
    /* The messages that did not reach the customer (failed, bounced),
     * seq ascending, as outbox_scan(0) gives them. */
    int (*outbox_undelivered)(struct store *st, store_message_cb *cb,
                              void *ctx, struct dun_err *err);
    /* The business's settings (app/config.h): the value of key (in a),
     * 1, or 0 if it is not set. */
    int (*config_get)(struct store *st, const char *key, const char **value,
                      struct arena *a, struct dun_err *err);
    /* Set key to value; value NULL removes it. */
    int (*config_put)(struct store *st, const char *key, const char *value,
                      struct dun_err *err);
    /* Every setting, key in byte order. */
    int (*config_scan)(struct store *st, store_config_cb *cb, void *ctx,
                       struct dun_err *err);
    /* A setting that is a file's bytes (letter.logo): key set to value
     * (what config_get and config_scan give: a description of the
     * bytes) with data[0..len) kept beside it; value NULL removes both,
     * as config_put. */
    int (*config_put_data)(struct store *st, const char *key,
                           const char *value, const void *data, size_t len,
                           struct dun_err *err);
    /* The bytes kept with key (in a, a NUL after them): 1, or 0 if key
     * is not set or has none (*data NULL, *len 0). */
    int (*config_get_data)(struct store *st, const char *key,
                           struct arena *a, const void **data, size_t *len,
                           struct dun_err *err);
    /* Move message mv->seq to mv->status, with its attempts and retry_at,
     * and keep the move (message_event) with its instant, actor and
     * detail. 1 moved; 0 if the message is not in mv->from (someone
     * else moved it first: nothing written) or there is no such
     * message. */
    int (*outbox_move)(struct store *st, const struct store_message_move *mv,
                       struct dun_err *err);
    /* The moves of a customer's messages (customer_id), or of one message
     * (customer_id NULL, seq), by message then in the order they were
     * made. */
    int (*message_events_scan)(struct store *st, const char *customer_id,
                               int64_t seq, store_message_event_cb *cb,
                               void *ctx, struct dun_err *err);
    /* Attach e to message e->seq (its next number in e->n). */
    int (*evidence_add)(struct store *st, struct store_evidence *e,
                        struct dun_err *err);
    /* The evidence of a customer's messages, by message then number,
     * files left out (file NULL, file_len their size). */
    int (*evidence_scan)(struct store *st, const char *customer_id,
                         store_evidence_cb *cb, void *ctx,
                         struct dun_err *err);
    /* Sum of a customer's payments in currency dated from..to, both
     * included; 0 if none. */
    int (*payments_sum)(struct store *st, const char *customer_id,
                        const char *currency, int32_t from, int32_t to,
                        int64_t *sum, struct dun_err *err);
    /* A customer's events (not documents) by date; on one day notes,
     * calls and changes, opened disputes, resolved ones, promises and
     * plans, then contacts, then approvals decided; within those in no
     * defined order. */
    int (*events_scan)(struct store *st, const char *customer_id,
                       store_event_cb *cb, void *ctx, struct dun_err *err);
    /* Every customer with open items or credit (STORE_COLLECT_ALL: every
     * customer, those without a kept balance with none), customer_id in
     * byte order, with its state, disputes (invoice number in byte
     * order, then opened_on), promises, latest plan, contacts (by date,
     * then stage in byte order) with the invoices each listed; with
     * STORE_COLLECT_RECORDS its whole record too (else customer is
     * NULL). */
    int (*collect_scan)(struct store *st, unsigned flags,
                        store_collect_cb *cb, void *ctx,
                        struct dun_err *err);

    /* The latest date of any document imported, DATE_INVALID if none;
     * last_event_raise sets it to day if day is later. */
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
    int64_t tenant_id; /* the opened tenant's, resolved by store_open */
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
/* Close the connection and free st; store_close(NULL) does nothing. */
void store_close(struct store *st);

/* The embedded database engine this build runs on: its name ("SQLite")
 * and the version of the library loaded at run time ("3.40.1"); both
 * static strings. Thread-safe. */
void store_engine(const char **name, const char **version);

/* Transactions, as the contract at the top says: begin fails inside a
 * transaction or a scan; commit fails inside a scan; rollback never fails
 * and is not called inside a scan. */
static inline int
store_begin(struct store *st, struct dun_err *err)
{
    return st->ops->begin(st, err);
}

/* store_begin for a writer that checks every reference it writes itself
 * (the importer looks up each document's customer before it writes the
 * document; a run writes only about what it read or wrote in the same
 * transaction): the store leaves out its own check of each row's
 * references until commit or rollback (SQLite: foreign keys, a B-tree
 * lookup per row, an eighth of an import). */
static inline int
store_begin_checked(struct store *st, struct dun_err *err)
{
    return st->ops->begin_checked(st, err);
}

/* store_begin_checked for a writer about to write a great deal (an
 * import of a large file). SQLite: if no other connection has the
 * database open, the transaction writes its pages once, straight into
 * the file behind a rollback journal, instead of into the WAL and then
 * all over again at the checkpoint (an eighth of the import of a large
 * first file); commit or rollback returns the database to WAL. Until
 * then a reader that opens the database waits for it like a writer does
 * (up to 5 s, then DUN_E_IO); with another connection open the
 * transaction stays in WAL and this is store_begin_checked. */
static inline int
store_begin_load(struct store *st, struct dun_err *err)
{
    return st->ops->begin_load(st, err);
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
