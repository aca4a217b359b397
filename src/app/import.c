/*
 * import.c - the import use case: rows -> checks -> store, all or nothing.
 *
 * Field syntax is io/rows.c's; here are the rules that need stored data:
 * unknown customers and invoices, duplicate keys in one file, currencies a
 * customer does not use, credit notes naming a real invoice. Balances of
 * every customer the file touched are recomputed before the commit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/balances.h"
#include "app/import.h"
#include "app/line_notes.h"
#include "store/store.h"
#include "core/date.h"
#include "core/dunning.h"
#include "core/money.h"
#include "core/strset.h"
#include "core/terms.h"
#include "core/xalloc.h"
#include "io/row_groups.h"
#include "io/rows.h"
#include "core/sort.h"

#define PROGRESS_EVERY 65536

/* A credit note's target, checked once every row is in. */
struct pending_target {
    int64_t line;
    char *number, *applies_to, *customer_id;
    char currency[4];
};

/* The invoice being assembled from lines of an export (group_lines). */
struct pending_invoice {
    int active;
    struct invoice inv;
    int64_t line;
    int64_t paid;     /* from amount_paid / amount_due, or -1 */
    struct arena arena;
};

#define IMPORT_CUSTOMER_CACHE 16

struct importer {
    struct store *st;
    const struct import_opts *o;
    int32_t as_of;
    struct import_report *rep;
    struct format fmt;
    struct rows rows;
    struct store_stamp stamp;
    /* Balances are redone for the customer the rows are on (hot) as soon
     * as the rows move on, while its documents are in the store's cache:
     * files mostly come customer by customer. One that comes back later
     * (or is touched by another's row) is redone once more at the end,
     * with touched: never more than twice, whatever the order. */
    char *hot;
    struct strset settled;  /* redone already */
    struct strset touched;  /* to redo at the end */
    struct balances_ctx bc;
    struct strset reallocated; /* of those, by a change to an old row */
    struct arena scratch;   /* records read back from the store, per row */
    int32_t max_date;
    /* The customers looked up last, each with its invoices once a
     * payment names one: files mostly come customer by customer, but a
     * bank's payments interleave customers, and one entry would read a
     * customer's invoices again at every change. */
    struct cust_entry {
        struct customer cust; /* cust.id NULL: a free entry */
        int found;
        struct arena arena;
        struct store_invoice_ref *refs;
        size_t nrefs;
        int refs_loaded;
        int64_t ndocs;        /* its documents, once counted */
        int ndocs_loaded;
        /* Currencies other than its own found to have room already
         * (currency_room): the store is asked once per currency. */
        char room[DUN_MAX_CURRENCIES][4];
        int nroom;
        uint64_t used;        /* for dropping the least recently used */
    } cache[IMPORT_CUSTOMER_CACHE], *cur;
    uint64_t tick;
    /* Every customer's currency and terms, read in one pass when the
     * file has more rows than there are customers: a lookup per
     * customer would cost more (a tenth of an import of M). By id in
     * byte order; NULL when not read. A customer the import creates is
     * not in it, and is looked up. */
    struct dir_entry {
        char *id;
        char currency[4];
        int terms_days;
    } *dir;
    size_t ndir, dir_cap;
    struct arena dir_arena;
    struct pending_invoice pend;
    struct pending_target *targets;
    size_t ntargets, targets_cap;
    /* A file whose rows come back to a customer they left is applied a
     * customer at a time from there on (row_groups): each customer's
     * documents are read and written once, not once per row. left holds
     * the customers the rows left, last the one of the row before. */
    struct row_groups *groups;
    struct strset left;
    struct sbuf last;
    int regrouped;           /* rows are applied out of line order */
    int64_t stored;          /* rows stored so far, for progress */
    struct line_notes late_errors, late_changes;
};

void
import_report_init(struct import_report *rep)
{
    memset(rep, 0, sizeof(*rep));
    sbuf_init(&rep->errors, 0);
    sbuf_init(&rep->changes, 0);
}

void
import_report_release(struct import_report *rep)
{
    sbuf_release(&rep->errors);
    sbuf_release(&rep->changes);
}

/* Record a bad row; the import goes on to find the others. */
static void
bad_row(struct importer *im, const struct dun_err *row_err)
{
    struct import_report *rep = im->rep;
    char msg[DUN_ERR_MSG_MAX + 2];

    snprintf(msg, sizeof(msg), "%s\n", row_err->msg);
    if (im->regrouped) {
        rep->nerrors++;
        line_notes_add(&im->late_errors, im->stamp.line, msg);
    } else if (++rep->nerrors <= IMPORT_MAX_ERRORS) {
        sbuf_addstr(&rep->errors, msg);
    }
}

/* Report a bad row as "FILE:LINE: field: why"; returns 0: the row is
 * dealt with, the import goes on. */
static int row_fail(struct importer *im, struct dun_err *e, const char *field,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
row_fail(struct importer *im, struct dun_err *e, const char *field,
         const char *fmt, ...)
{
    char why[DUN_ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    dun_err_set(e, DUN_E_INPUT, "%s:%lld: %s: %s", im->o->path,
                (long long)im->stamp.line, field, why);
    bad_row(im, e);
    return 0;
}

static void
note_date(struct importer *im, int32_t day)
{
    if (day != DATE_INVALID && day > im->max_date)
        im->max_date = day;
}

/* The rows have moved on from the hot customer: redo its balances now
 * if this is the first time, else at the end. */
static int
settle(struct importer *im, struct dun_err *err)
{
    int rc = 0;

    if (im->hot == NULL)
        return 0;
    if (im->rep->nerrors > 0 || strset_has(&im->settled, im->hot))
        strset_add(&im->touched, im->hot);
    else if ((rc = balances_refresh(im->st, &im->bc, im->hot, err)) == 0)
        strset_add(&im->settled, im->hot);
    free(im->hot);
    im->hot = NULL;
    return rc;
}

/* customer_id's documents changed: its balances must be redone. */
static int
touch(struct importer *im, const char *customer_id, struct dun_err *err)
{
    if (im->hot && strcmp(im->hot, customer_id) == 0)
        return 0;
    if (settle(im, err) < 0)
        return -1;
    im->hot = xstrdup(customer_id);
    return 0;
}

/* Field f of the current row, copied into the row's scratch arena. */
static const char *
row_copy(struct importer *im, enum field f)
{
    size_t n;
    const char *p = rows_text(&im->rows, f, &n);

    return arena_strndup(&im->scratch, p, n);
}

static int
on_dir_customer(void *ctx, const struct customer *c, struct dun_err *err)
{
    struct importer *im = ctx;
    struct dir_entry *d;

    (void)err;
    if (im->ndir == im->dir_cap) {
        im->dir_cap = im->dir_cap ? im->dir_cap * 2 : 1024;
        im->dir = xreallocarray(im->dir, im->dir_cap, sizeof(*im->dir));
    }
    d = &im->dir[im->ndir++];
    d->id = arena_strndup(&im->dir_arena, c->id, strlen(c->id));
    memcpy(d->currency, c->currency, 4);
    d->terms_days = c->terms_days;
    return 0;
}

/* A file large enough that writing its rows once, not twice (store.h,
 * store_begin_load), is worth taking the database to itself: the
 * import of a few tens of thousands of rows, a second or more. */
#define IMPORT_LOAD_BYTES ((int64_t)4 << 20)

static int
big_file(struct rows *r)
{
    return rows_file_size(r) >= IMPORT_LOAD_BYTES;
}

/* Read the directory of customers if the file likely has more rows
 * than there are customers (a row takes 40 bytes or more). */
static int
read_directory(struct importer *im, struct dun_err *err)
{
    int64_t size = rows_file_size(&im->rows), n;

    if (size < 0)
        return 0; /* read as it comes */
    if (im->st->ops->customers_count(im->st, &n, err) < 0)
        return -1;
    if (size / 40 <= n)
        return 0;
    if (im->st->ops->customer_terms_scan(im->st, on_dir_customer, im,
                                         err) < 0)
        return -1;
    if (im->dir == NULL) /* no customers: an empty directory */
        im->dir = xreallocarray(NULL, 1, sizeof(*im->dir));
    return 0;
}

static int
cmp_dir(const void *key, const void *elem)
{
    return strcmp(key, ((const struct dir_entry *)elem)->id);
}

/* Look a customer up, through the cache; it becomes im->cur. 1 found,
 * 0 not, -1 store error. */
static int
find_customer(struct importer *im, const char *id, struct dun_err *err)
{
    struct cust_entry *e = &im->cache[0];
    int rc;

    /* Rows mostly come customer by customer. */
    if (im->cur && im->cur->cust.id && strcmp(im->cur->cust.id, id) == 0) {
        im->cur->used = ++im->tick;
        return im->cur->found;
    }
    for (size_t i = 0; i < IMPORT_CUSTOMER_CACHE; i++) {
        struct cust_entry *c = &im->cache[i];

        if (c->cust.id && strcmp(c->cust.id, id) == 0) {
            c->used = ++im->tick;
            im->cur = c;
            return c->found;
        }
        if (!c->cust.id || (e->cust.id && c->used < e->used))
            e = c;
    }
    arena_reset(&e->arena);
    memset(&e->cust, 0, sizeof(e->cust));
    e->refs_loaded = 0;
    e->ndocs_loaded = 0;
    e->nroom = 0;
    im->cur = e;
    if (im->dir) {
        const struct dir_entry *d = search_array(id, im->dir, im->ndir,
                                                 sizeof(*im->dir), cmp_dir);

        /* What the importer needs of a customer: id, currency, terms. */
        if (d) {
            memcpy(e->cust.currency, d->currency, 4);
            e->cust.terms_days = d->terms_days;
        }
        rc = d != NULL;
    } else {
        rc = 0;
    }
    if (rc == 0)
        rc = im->st->ops->customer_get(im->st, id, &e->cust, NULL,
                                       &e->arena, err);
    if (rc < 0)
        return -1;
    e->cust.id = arena_strndup(&e->arena, id, strlen(id));
    e->found = rc;
    e->used = ++im->tick;
    return rc;
}

/* A customer was written: what the cache holds of customers is stale. */
static void
forget_customer(struct importer *im)
{
    for (size_t i = 0; i < IMPORT_CUSTOMER_CACHE; i++) {
        im->cache[i].cust.id = NULL;
        im->cache[i].refs_loaded = 0;
        im->cache[i].ndocs_loaded = 0;
        im->cache[i].nroom = 0;
    }
}

/* A new document of customer_id was written: count it, and refuse the
 * row (reported) past CUSTOMER_MAX_DOCUMENTS, on which the limits of
 * amounts rest (docs/limits.md). 1 within the limit, 0 the row is bad,
 * -1 store error. */
static int
count_document(struct importer *im, const char *customer_id,
               struct dun_err *err)
{
    struct dun_err row = DUN_ERR_INIT;
    struct cust_entry *c;

    if (find_customer(im, customer_id, err) < 0)
        return -1;
    c = im->cur;
    if (!c->ndocs_loaded) {
        /* Counted after the write: the new one is in the count. */
        if (im->st->ops->docs_count(im->st, customer_id, &c->ndocs, err) < 0)
            return -1;
        c->ndocs_loaded = 1;
    } else {
        c->ndocs++;
    }
    if (c->ndocs <= CUSTOMER_MAX_DOCUMENTS)
        return 1;
    row_fail(im, &row, "customer_id", "customer %s has %d documents, the "
             "most dun keeps for one customer", customer_id,
             CUSTOMER_MAX_DOCUMENTS);
    return 0;
}

static int
cmp_ref(const void *key, const void *elem)
{
    return strcmp(key, ((const struct store_invoice_ref *)elem)->number);
}

/* The current customer's invoice called number: 1 found (*ref set), 0
 * not one of theirs, -1 store error. One read per customer instead of
 * one per payment. */
static int
find_customer_invoice(struct importer *im, const char *number,
                      const struct store_invoice_ref **ref,
                      struct dun_err *err)
{
    struct cust_entry *c = im->cur;

    if (!c->refs_loaded) {
        if (im->st->ops->invoice_refs(im->st, c->cust.id, &c->refs, &c->nrefs,
                                      &c->arena, err) < 0)
            return -1;
        c->refs_loaded = 1;
    }
    *ref = search_array(number, c->refs, c->nrefs, sizeof(*c->refs), cmp_ref);
    return *ref != NULL;
}

/* Append "name" to a list of changed fields. */
static void
changed(struct sbuf *sb, const char *name)
{
    sbuf_addstr(sb, sb->len ? ", " : "");
    sbuf_addstr(sb, name);
}

static void
cmp_str(struct sbuf *sb, const char *name, const char *a, const char *b)
{
    if (strcmp(a ? a : "", b ? b : "") != 0)
        changed(sb, name);
}

static void
cmp_int(struct sbuf *sb, const char *name, int64_t a, int64_t b)
{
    if (a != b)
        changed(sb, name);
}

/*
 * The shared tail of every put: the row's key existed. A key already
 * written by this import is a duplicate row; otherwise the fields that
 * differ (in diff) decide between unchanged and updated. again (NULL, or
 * one or two customer ids, the second NULL or the same) names whose
 * money is allocated anew because the change moves amounts or dates:
 * the change line says so. Returns 1 for a duplicate (reported), else 0
 * with *update set if fields differ.
 */
static int
existing_row(struct importer *im, const char *key, const char *field,
             const struct store_stamp *old, struct sbuf *diff,
             const char *const again[2], struct dun_err *err, int *update)
{
    struct sbuf note = SBUF_INIT;

    *update = 0;
    if (old->import_id == im->stamp.import_id) {
        /* Rows regrouped by customer can meet a key's later line
         * first: the message is the one line order gives. */
        int64_t line = im->stamp.line, first = old->line;

        if (first > line) {
            im->stamp.line = first;
            first = line;
        }
        row_fail(im, err, field, "duplicate '%s' (first on line %lld)", key,
                 (long long)first);
        im->stamp.line = line;
        return 1;
    }
    if (diff->len == 0) {
        im->rep->counts.unchanged++;
        return 0;
    }
    im->rep->counts.updated++;
    if (++im->rep->nchanges <= IMPORT_MAX_CHANGES || im->regrouped) {
        sbuf_addf(&note, "%s:%lld: %s: updated: %s", im->o->path,
                  (long long)im->stamp.line, key, diff->buf);
        if (again && again[1] && strcmp(again[0], again[1]) != 0)
            sbuf_addf(&note, "; payments of %s and of %s allocated again",
                      again[0], again[1]);
        else if (again)
            sbuf_addf(&note, "; payments of %s allocated again", again[0]);
        sbuf_addch(&note, '\n');
        if (im->regrouped)
            line_notes_add(&im->late_changes, im->stamp.line, note.buf);
        else
            sbuf_addstr(&im->rep->changes, note.buf);
        sbuf_release(&note);
    }
    for (int i = 0; again && i < 2 && again[i]; i++)
        strset_add(&im->reallocated, again[i]);
    *update = 1;
    return 0;
}

/* The one place each kind of row is written, so that what a write must
 * also do (an audit entry, later) is added once. Results as the store's
 * insert: 1 inserted, 0 the key exists, -1 error. */
static int
write_customer(struct importer *im, const struct customer *c,
               struct dun_err *err)
{
    return im->st->ops->customer_insert(im->st, c, &im->stamp, err);
}

static int
write_payment(struct importer *im, const struct payment *p, int update,
              struct dun_err *err)
{
    struct store *st = im->st;

    return update ? st->ops->payment_update(st, p, &im->stamp, err)
                  : st->ops->payment_insert(st, p, &im->stamp, err);
}

static int
put_customer(struct importer *im, struct customer *c, struct dun_err *err)
{
    struct store *st = im->st;
    struct customer old;
    struct store_stamp os;
    struct sbuf diff = SBUF_INIT;
    int rc, update;

    if ((rc = write_customer(im, c, err)) != 0) {
        im->rep->counts.inserted += rc > 0;
        return rc < 0 ? -1 : 0;
    }
    if (st->ops->customer_get(st, c->id, &old, &os, &im->scratch, err) < 0)
        return -1;
    /* Region and kind came after the exports in use were written (and
     * are often set by hand, dun customer set): a file without their
     * columns keeps what is stored rather than clearing it each time. A
     * region is part of its country's code: a new country drops it. */
    if (!rows_has(&im->rows, F_REGION) && strcmp(old.country, c->country) == 0)
        c->region = old.region;
    if (!rows_has(&im->rows, F_KIND))
        c->kind = old.kind;
    /* The contact person likewise: often set by hand, rarely exported. */
    if (!rows_has(&im->rows, F_CONTACT_NAME))
        c->contact_name = old.contact_name;
    cmp_str(&diff, "name", old.name, c->name);
    cmp_str(&diff, "contact_name", old.contact_name, c->contact_name);
    cmp_str(&diff, "email", old.email, c->email);
    cmp_str(&diff, "phone", old.phone, c->phone);
    cmp_str(&diff, "address", old.address, c->address);
    cmp_str(&diff, "city", old.city, c->city);
    cmp_str(&diff, "postal_code", old.postal_code, c->postal_code);
    cmp_str(&diff, "country", old.country, c->country);
    cmp_str(&diff, "region", old.region, c->region);
    cmp_int(&diff, "kind", old.kind, c->kind);
    cmp_str(&diff, "language", old.language, c->language);
    cmp_int(&diff, "payment_terms_days", old.terms_days, c->terms_days);
    cmp_int(&diff, "credit_limit", old.credit_limit, c->credit_limit);
    cmp_str(&diff, "currency", old.currency, c->currency);
    rc = existing_row(im, c->id, "id", &os, &diff, NULL, err, &update);
    sbuf_release(&diff);
    /* A row seen again is stamped too, so that a later duplicate in the
     * same file is caught. */
    if (rc == 0 && st->ops->customer_update(st, c, &im->stamp, err) < 0)
        return -1;
    /* A new e-mail address is tried afresh (dun send marks one that is
     * refused or bounces). */
    if (rc == 0 && update && strcmp(old.email, c->email) != 0) {
        struct store_customer_state cs;

        if (st->ops->state_get(st, c->id, &cs, &im->scratch, err) < 0)
            return -1;
        if (cs.flags & DUN_EMAIL_BAD) {
            cs.flags &= ~(unsigned)DUN_EMAIL_BAD;
            if (st->ops->state_put(st, c->id, &cs, err) < 0)
                return -1;
        }
    }
    forget_customer(im);
    return 0;
}

static int
put_invoice(struct importer *im, const struct invoice *inv,
            struct dun_err *err)
{
    struct store *st = im->st;
    struct invoice old;
    struct store_stamp os;
    struct sbuf diff = SBUF_INIT;
    int rc, update;

    if ((rc = st->ops->invoice_insert(st, inv, &im->stamp, err)) != 0) {
        if (rc < 0 || (rc = count_document(im, inv->customer_id, err)) < 0)
            return -1;
        if (rc == 0)
            return 0;
        im->rep->counts.inserted++;
        note_date(im, inv->issue_date);
        return touch(im, inv->customer_id, err);
    }
    if (st->ops->invoice_get(st, inv->number, &old, &os, &im->scratch, err) <
        0)
        return -1;
    /* An invoice is its customer's, in its currency, as what it is: a
     * re-import that changed one would carry its payments and its ladder
     * over to another debt (and have another customer chased for it). */
    if (strcmp(old.customer_id, inv->customer_id) != 0 ||
        strcmp(old.currency, inv->currency) != 0 || old.type != inv->type) {
        struct dun_err row = DUN_ERR_INIT;
        int cust = strcmp(old.customer_id, inv->customer_id) != 0;
        int cur = !cust && strcmp(old.currency, inv->currency) != 0;
        /* Rows regrouped by customer can meet the later of two lines
         * first: the message is the one line order gives. */
        const struct invoice *first = &old;
        int64_t line = im->stamp.line;

        if (os.import_id == im->stamp.import_id && os.line > line) {
            first = inv;
            im->stamp.line = os.line;
        }
        row_fail(im, &row, cust ? "customer_id" : cur ? "currency" : "type",
                 "%s is already %s's %s in %s: an invoice keeps its "
                 "customer, currency and type (credit it and issue a new "
                 "one)", inv->number, first->customer_id,
                 first->type == INVOICE_CREDIT_NOTE ? "credit note"
                                                    : "invoice",
                 first->currency);
        im->stamp.line = line;
        return 0;
    }
    cmp_str(&diff, "customer_id", old.customer_id, inv->customer_id);
    cmp_int(&diff, "type", old.type, inv->type);
    cmp_str(&diff, "applies_to", old.applies_to, inv->applies_to);
    cmp_int(&diff, "issue_date", old.issue_date, inv->issue_date);
    cmp_int(&diff, "due_date", old.due_date, inv->due_date);
    cmp_str(&diff, "currency", old.currency, inv->currency);
    cmp_int(&diff, "total", old.total, inv->total);
    cmp_str(&diff, "description", old.description, inv->description);
    /* What is owed and when decides where payments go (ledger.h). */
    {
        const char *again[2] = { inv->customer_id, NULL };
        int moves = old.total != inv->total ||
                    old.issue_date != inv->issue_date ||
                    old.due_date != inv->due_date ||
                    strcmp(old.applies_to, inv->applies_to) != 0;

        rc = existing_row(im, inv->number, "number", &os, &diff,
                          moves ? again : NULL, err, &update);
    }
    sbuf_release(&diff);
    if (rc > 0)
        return 0;
    if (st->ops->invoice_update(st, inv, &im->stamp, err) < 0)
        return -1;
    if (update) {
        note_date(im, inv->issue_date);
        if (touch(im, old.customer_id, err) < 0 ||
            touch(im, inv->customer_id, err) < 0)
            return -1;
    }
    return 0;
}

static int
put_payment(struct importer *im, const struct payment *p,
            struct dun_err *err)
{
    struct store *st = im->st;
    struct payment old;
    struct store_stamp os;
    struct sbuf diff = SBUF_INIT;
    int rc, update;

    if ((rc = write_payment(im, p, 0, err)) != 0) {
        if (rc < 0 || (rc = count_document(im, p->customer_id, err)) < 0)
            return -1;
        if (rc == 0)
            return 0;
        im->rep->counts.inserted++;
        note_date(im, p->date);
        return touch(im, p->customer_id, err);
    }
    if (st->ops->payment_get(st, p->id, &old, &os, &im->scratch, err) < 0)
        return -1;
    cmp_int(&diff, "date", old.date, p->date);
    cmp_str(&diff, "customer_id", old.customer_id, p->customer_id);
    cmp_str(&diff, "invoice_number", old.invoice_number, p->invoice_number);
    cmp_int(&diff, "amount", old.amount, p->amount);
    cmp_str(&diff, "currency", old.currency, p->currency);
    cmp_str(&diff, "method", old.method, p->method);
    cmp_str(&diff, "reference", old.reference, p->reference);
    {
        const char *again[2] = { old.customer_id, p->customer_id };
        int moves = old.date != p->date || old.amount != p->amount ||
                    strcmp(old.customer_id, p->customer_id) != 0 ||
                    strcmp(old.invoice_number, p->invoice_number) != 0 ||
                    strcmp(old.currency, p->currency) != 0;

        rc = existing_row(im, p->id, "id", &os, &diff, moves ? again : NULL,
                          err, &update);
    }
    sbuf_release(&diff);
    if (rc > 0)
        return 0;
    if (write_payment(im, p, 1, err) < 0)
        return -1;
    if (update) {
        note_date(im, p->date);
        if (touch(im, old.customer_id, err) < 0 ||
            touch(im, p->customer_id, err) < 0)
            return -1;
    }
    return 0;
}

static int
import_customer_row(struct importer *im, struct dun_err *err)
{
    struct customer c;
    struct dun_err row = DUN_ERR_INIT;

    if (rows_customer(&im->rows, &c, &row) < 0) {
        bad_row(im, &row);
        return 0;
    }
    if (put_customer(im, &c, err) < 0)
        return -1;
    return 0;
}

/* The customer of an invoice or payment row: 1 known, 0 bad row
 * (reported), -1 store error. Mapped exports may create customers. */
static int
row_customer(struct importer *im, const char *currency, struct dun_err *err)
{
    size_t n;
    const char *p = rows_text(&im->rows, F_CUSTOMER_ID, &n);
    char *id = arena_strndup(&im->scratch, p, n);
    struct dun_err row = DUN_ERR_INIT;
    int rc;

    struct customer c = {
        .id = id, .name = id, .email = "", .phone = "", .address = "",
        .city = "", .postal_code = "", .country = "", .language = "",
        .terms_days = 30,
    };

    if (n == 0)
        return row_fail(im, &row, "customer_id", "missing");
    if ((rc = find_customer(im, id, err)) != 0)
        return rc;
    if (!im->fmt.create_customers || im->fmt.kind != REC_INVOICES)
        return row_fail(im, &row, "customer_id", "unknown customer '%s'", id);
    if (!currency_valid(currency, strlen(currency)))
        return row_fail(im, &row, "currency", "needed to create customer "
                        "'%s'", id);
    /* Xero and others create a contact the first time they see a name;
     * take what the export says of it. */
    memcpy(c.currency, currency, 4);
    /* Checked as a customers file is: the e-mail goes into headers. */
    if (rows_contact(&im->rows, &c, &row) < 0) {
        bad_row(im, &row);
        return 0;
    }
    c.country = row_copy(im, F_COUNTRY);
    if (write_customer(im, &c, err) < 0)
        return -1;
    forget_customer(im);
    return find_customer(im, id, err);
}

/* Amount already paid on an exported invoice (amount_paid, or total less
 * amount_due): 0 none, 1 *paid set, -1 bad row (reported). */
static int
exported_paid(struct importer *im, const struct invoice *inv, int64_t *paid)
{
    struct dun_err row = DUN_ERR_INIT;
    int64_t due;
    int rc;

    if ((rc = rows_amount(&im->rows, F_AMOUNT_PAID, inv->currency, paid,
                          &row)) != 0) {
        if (rc < 0)
            bad_row(im, &row);
        return rc;
    }
    if ((rc = rows_amount(&im->rows, F_AMOUNT_DUE, inv->currency, &due,
                          &row)) <= 0) {
        if (rc < 0)
            bad_row(im, &row);
        return rc;
    }
    *paid = inv->total - due;
    return 1;
}

/*
 * What an export says was paid becomes a payment of that invoice, dated
 * the day of the import: dun must not chase what is already paid. The
 * same export imported again later changes nothing; a later export with
 * more paid moves the payment to that import's day.
 */
static int
put_exported_payment(struct importer *im, const struct invoice *inv,
                     int64_t paid, struct dun_err *err)
{
    struct store *st = im->st;
    struct payment p = {
        .date = im->as_of, .customer_id = inv->customer_id,
        .invoice_number = inv->number, .amount = paid,
        .method = "export", .reference = "amount paid in the export",
    };
    struct payment old;
    char *id;
    int rc;

    if (paid <= 0)
        return 0;
    id = arena_alloc(&im->scratch, strlen(inv->number) + 8);
    sprintf(id, "%s/paid", inv->number);
    p.id = id;
    memcpy(p.currency, inv->currency, 4);
    if ((rc = write_payment(im, &p, 0, err)) < 0)
        return -1;
    if (rc == 0) {
        if (st->ops->payment_get(st, id, &old, NULL, &im->scratch, err) < 0)
            return -1;
        if (old.amount == p.amount && strcmp(old.currency, p.currency) == 0 &&
            strcmp(old.customer_id, p.customer_id) == 0)
            return 0;
        if (write_payment(im, &p, 1, err) < 0 ||
            touch(im, old.customer_id, err) < 0)
            return -1;
    }
    im->rep->paid_recorded++;
    note_date(im, p.date);
    return touch(im, p.customer_id, err);
}

static int
finish_invoice(struct importer *im, struct invoice *inv, int64_t paid,
               struct dun_err *err)
{
    struct dun_err row = DUN_ERR_INIT;

    if (inv->type == INVOICE_CREDIT_NOTE && inv->applies_to[0]) {
        struct pending_target *t;

        if (im->ntargets == im->targets_cap) {
            im->targets_cap = im->targets_cap ? im->targets_cap * 2 : 16;
            im->targets = xreallocarray(im->targets, im->targets_cap,
                                        sizeof(*im->targets));
        }
        t = &im->targets[im->ntargets++];
        t->line = im->stamp.line;
        t->number = xstrdup(inv->number);
        t->applies_to = xstrdup(inv->applies_to);
        t->customer_id = xstrdup(inv->customer_id);
        memcpy(t->currency, inv->currency, 4);
    }
    if (paid > inv->total)
        return row_fail(im, &row, "amount_paid", "more than the total of "
                        "%s", inv->number);
    if (put_invoice(im, inv, err) < 0)
        return -1;
    return put_exported_payment(im, inv, paid, err);
}

/* Lines of one exported invoice arrive as consecutive rows: sum them. */
static int
flush_pending(struct importer *im, struct dun_err *err)
{
    struct pending_invoice *pd = &im->pend;
    int64_t line = im->stamp.line;
    int rc;

    if (!pd->active)
        return 0;
    pd->active = 0;
    im->stamp.line = pd->line;
    rc = finish_invoice(im, &pd->inv, pd->paid, err);
    im->stamp.line = line;
    return rc;
}

/* A customer is billed in at most DUN_MAX_CURRENCIES currencies (what a
 * message can total): 1 room for inv's, 0 the row is bad (reported), -1
 * store error. Asked of the store only for a currency that is not the
 * customer's own. */
static int
currency_room(struct importer *im, const struct invoice *inv,
              struct dun_err *err)
{
    struct cust_entry *c = im->cur;
    struct dun_err row = DUN_ERR_INIT;
    int64_t n;
    int rc;

    if (strcmp(inv->currency, c->cust.currency) == 0)
        return 1;
    for (int i = 0; i < c->nroom; i++)
        if (memcmp(c->room[i], inv->currency, 4) == 0)
            return 1;
    rc = im->st->ops->customer_uses_currency(im->st, c->cust.id,
                                             inv->currency, err);
    if (rc == 0) {
        if (im->st->ops->customer_currencies(im->st, c->cust.id, &n,
                                             err) < 0)
            return -1;
        rc = n < DUN_MAX_CURRENCIES;
    }
    /* Once it has room, the invoice makes it one of the customer's. */
    if (rc == 1 && c->nroom < DUN_MAX_CURRENCIES)
        memcpy(c->room[c->nroom++], inv->currency, 4);
    if (rc != 0)
        return rc;
    return row_fail(im, &row, "currency", "customer %s is billed in %d "
                    "currencies already, the most dun keeps for one "
                    "customer", im->cur->cust.id, DUN_MAX_CURRENCIES);
}

static int
import_invoice_row(struct importer *im, struct dun_err *err)
{
    struct pending_invoice *pd = &im->pend;
    struct dun_err row = DUN_ERR_INIT;
    struct invoice inv;
    size_t n;
    const char *cur = rows_text(&im->rows, F_CURRENCY, &n);
    char currency[4] = "";
    int64_t line_amount = 0, paid = 0;
    int rc;

    if (n == 3)
        memcpy(currency, cur, 3);
    else if (n == 0)
        memcpy(currency, im->fmt.new_customer_currency, 4);
    if (im->fmt.group_lines && pd->active) {
        const char *num = rows_text(&im->rows, F_NUMBER, &n);

        if (strlen(pd->inv.number) == n &&
            memcmp(pd->inv.number, num, n) == 0) {
            rc = rows_amount(&im->rows, F_LINE_AMOUNT, pd->inv.currency,
                             &line_amount, &row);
            if (rc < 0)
                bad_row(im, &row);
            else if (money_add(pd->inv.total, line_amount,
                               &pd->inv.total) < 0 ||
                     pd->inv.total > MONEY_MAX_AMOUNT)
                row_fail(im, &row, "line_amount", "the lines add up to "
                         "more than the largest amount (docs/limits.md)");
            return 0;
        }
        if (flush_pending(im, err) < 0)
            return -1;
    }
    if ((rc = row_customer(im, currency, err)) <= 0)
        return rc;
    if (rows_invoice(&im->rows, im->cur->cust.currency, &inv, &row) < 0) {
        bad_row(im, &row);
        return 0;
    }
    if ((rc = currency_room(im, &inv, err)) <= 0)
        return rc;
    if (inv.due_date == DATE_INVALID) {
        /* No due date: the row's terms, else the customer's. */
        struct terms t = {TERMS_NET, im->cur->cust.terms_days};
        const char *tx = rows_text(&im->rows, F_TERMS, &n);

        if (n && terms_parse(tx, n, &t) < 0)
            return row_fail(im, &row, "terms", "not payment terms: '%s'",
                            arena_strndup(&im->scratch, tx, n));
        inv.due_date = terms_due_date(&t, inv.issue_date);
        if (!date_in_range(inv.due_date))
            return row_fail(im, &row, "due_date", "its terms put it after "
                            "%d", DATE_LAST_YEAR);
    }
    if ((rc = exported_paid(im, &inv, &paid)) < 0)
        return 0;
    if (!im->fmt.group_lines)
        return finish_invoice(im, &inv, paid, err);
    /* Keep the first line's invoice fields; sum the line amounts. */
    if (im->rows.col[F_LINE_AMOUNT] >= 0) {
        if ((rc = rows_amount(&im->rows, F_LINE_AMOUNT, inv.currency,
                              &line_amount, &row)) < 0) {
            bad_row(im, &row);
            return 0;
        }
        inv.total = line_amount;
    }
    arena_reset(&pd->arena);
    pd->inv = inv;
    pd->inv.number = arena_strndup(&pd->arena, inv.number, strlen(inv.number));
    pd->inv.customer_id = arena_strndup(&pd->arena, inv.customer_id,
                                        strlen(inv.customer_id));
    pd->inv.applies_to = arena_strndup(&pd->arena, inv.applies_to,
                                       strlen(inv.applies_to));
    pd->inv.description = arena_strndup(&pd->arena, inv.description,
                                        strlen(inv.description));
    pd->line = im->stamp.line;
    pd->paid = paid;
    pd->active = 1;
    return 0;
}

static int
import_payment_row(struct importer *im, struct dun_err *err)
{
    struct dun_err row = DUN_ERR_INIT;
    struct payment p;
    const struct store_invoice_ref *ref = NULL;
    size_t n;
    const char *num = rows_text(&im->rows, F_INVOICE_NUMBER, &n);
    char *number = arena_strndup(&im->scratch, num, n);
    const char *currency;
    int rc;

    if ((rc = row_customer(im, "", err)) <= 0)
        return rc;
    currency = im->cur->cust.currency;
    if (number[0]) {
        if ((rc = find_customer_invoice(im, number, &ref, err)) < 0)
            return -1;
        if (rc == 0) {
            /* Not theirs: someone else's, or nobody's? */
            struct invoice inv;

            if ((rc = im->st->ops->invoice_get(im->st, number, &inv, NULL,
                                               &im->scratch, err)) < 0)
                return -1;
            if (rc == 0)
                return row_fail(im, &row, "invoice_number", "unknown "
                                "invoice '%s'", number);
            return row_fail(im, &row, "invoice_number", "invoice '%s' is "
                            "customer %s's", number, inv.customer_id);
        }
        if (ref->type != INVOICE_PLAIN)
            return row_fail(im, &row, "invoice_number", "'%s' is a credit "
                            "note", number);
        currency = ref->currency;
    }
    if (rows_payment(&im->rows, currency, &p, &row) < 0) {
        bad_row(im, &row);
        return 0;
    }
    if (ref && strcmp(p.currency, ref->currency) != 0)
        return row_fail(im, &row, "currency", "%s, but invoice is in %s",
                        p.currency, ref->currency);
    if (!number[0] && strcmp(p.currency, im->cur->cust.currency) != 0) {
        rc = im->st->ops->customer_uses_currency(im->st, im->cur->cust.id,
                                                 p.currency, err);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return row_fail(im, &row, "currency", "customer %s is not "
                            "billed in %s", im->cur->cust.id, p.currency);
    }
    return put_payment(im, &p, err);
}

/* Every credit note must name an invoice of its customer and currency. */
static int
check_targets(struct importer *im, struct dun_err *err)
{
    for (size_t i = 0; i < im->ntargets; i++) {
        struct pending_target *t = &im->targets[i];
        struct dun_err row = DUN_ERR_INIT;
        struct invoice inv;
        int rc;

        arena_reset(&im->scratch);
        im->stamp.line = t->line;
        rc = im->st->ops->invoice_get(im->st, t->applies_to, &inv, NULL,
                                      &im->scratch, err);
        if (rc < 0)
            return -1;
        if (rc == 0)
            row_fail(im, &row, "applies_to", "unknown invoice '%s'", t->applies_to);
        else if (inv.type != INVOICE_PLAIN)
            row_fail(im, &row, "applies_to", "'%s' is a credit note",
                     t->applies_to);
        else if (strcmp(inv.customer_id, t->customer_id) != 0)
            row_fail(im, &row, "applies_to", "invoice '%s' is customer %s's",
                     t->applies_to, inv.customer_id);
        else if (strcmp(inv.currency, t->currency) != 0)
            row_fail(im, &row, "applies_to", "invoice '%s' is in %s",
                     t->applies_to, inv.currency);
    }
    return 0;
}

/* The current row, checked and stored. */
static int
import_row(struct importer *im, struct dun_err *err)
{
    arena_reset(&im->scratch);
    im->stamp.line = (int64_t)im->rows.line;
    switch (im->fmt.kind) {
    case REC_CUSTOMERS: return import_customer_row(im, err);
    case REC_INVOICES: return import_invoice_row(im, err);
    case REC_PAYMENTS: return import_payment_row(im, err);
    }
    return 0;
}

/* 1 if the current row, of customer id (n bytes), comes back to a
 * customer the rows left (from then on they are regrouped), else 0.
 * Customers files have a customer a row; an export's lines (group_lines)
 * must stay together. */
static int
comes_back(struct importer *im, const char *id, size_t n)
{
    if (im->fmt.kind == REC_CUSTOMERS || im->fmt.group_lines)
        return 0;
    /* An empty field's text may be NULL: no memcmp of it. */
    if (n == im->last.len && (n == 0 || memcmp(id, im->last.buf, n) == 0))
        return 0;
    if (im->last.len)
        strset_add(&im->left, im->last.buf);
    sbuf_reset(&im->last);
    sbuf_add(&im->last, id, n);
    return strset_has(&im->left, im->last.buf);
}

/* From the current row on, rows are kept (row_groups) to be applied a
 * customer at a time once all are read. */
static void
regroup(struct importer *im)
{
    int64_t kept = im->rep->nerrors;

    im->groups = row_groups_new(im->o->memory ? im->o->memory
                                               : ROW_GROUPS_BUDGET);
    im->regrouped = 1;
    rows_keep_raw(&im->rows);
    im->late_errors.room = kept < IMPORT_MAX_ERRORS
                               ? (size_t)(IMPORT_MAX_ERRORS - kept) : 0;
    kept = im->rep->nchanges;
    im->late_changes.room = kept < IMPORT_MAX_CHANGES
                                ? (size_t)(IMPORT_MAX_CHANGES - kept) : 0;
}

/* The rows kept, a customer at a time, then their messages by line
 * (those of the rows stored before a store error too). */
static int
apply_groups(struct importer *im, struct dun_err *err)
{
    int rc;

    rows_read_groups(&im->rows, im->groups, im->fmt.kind);
    while ((rc = rows_next(&im->rows, err)) == 1) {
        if ((rc = import_row(im, err)) < 0)
            break;
        if (im->o->progress && ++im->stored % PROGRESS_EVERY == 0)
            im->o->progress(im->o->progress_ctx, im->o->path,
                            im->rep->counts.rows, im->stored, 0);
    }
    line_notes_flush(&im->late_errors, &im->rep->errors);
    line_notes_flush(&im->late_changes, &im->rep->changes);
    im->regrouped = 0;
    return rc < 0 ? -1 : 0;
}

static int
run_rows(struct importer *im, struct dun_err *err)
{
    const char *id;
    size_t n;
    int rc;

    while ((rc = rows_next(&im->rows, err)) == 1) {
        im->rep->counts.rows++;
        if (im->fmt.nskip && rows_skipped(&im->rows)) {
            im->rep->counts.skipped++;
            continue;
        }
        id = rows_text(&im->rows, F_CUSTOMER_ID, &n);
        if (im->groups == NULL && comes_back(im, id, n))
            regroup(im);
        rc = im->groups ? row_groups_add(im->groups, id, n, im->rows.line,
                                         im->rows.field, im->rows.nfields,
                                         err)
                        : import_row(im, err);
        if (rc < 0)
            return -1;
        im->stored += im->groups == NULL;
        if (im->o->progress && im->rep->counts.rows % PROGRESS_EVERY == 0)
            im->o->progress(im->o->progress_ctx, im->o->path,
                            im->rep->counts.rows, -1, 0);
    }
    if (rc < 0)
        return -1;
    if (flush_pending(im, err) < 0)
        return -1;
    if (im->groups && apply_groups(im, err) < 0)
        return -1;
    return check_targets(im, err);
}

int
import_file(struct app *app, const struct import_opts *o,
            struct import_report *rep, struct dun_err *err)
{
    struct store *st = app->st;
    struct importer im = { .st = st, .o = o, .as_of = app->as_of, .rep = rep,
                           .max_date = DATE_INVALID };
    int rc = -1, began = 0;

    balances_ctx_init(&im.bc);
    if (o->mapping ? format_load(&im.fmt, o->kind, o->mapping, err)
                   : (format_canonical(&im.fmt, o->kind), 0) < 0)
        goto out;
    if (rows_open(&im.rows, o->path, &im.fmt, err) < 0)
        goto out;
    rep->counts.kind = format_kind_name(o->kind);
    rep->counts.file = o->path;
    rep->counts.as_of = app->as_of;
    rep->grouped = im.fmt.group_lines;
    /* Every document's customer is looked up before it is written
     * (find_customer), and a credit note's invoice at the end
     * (check_targets). */
    if ((big_file(&im.rows) ? store_begin_load(st, err)
                            : store_begin_checked(st, err)) < 0)
        goto out;
    began = 1;
    if (st->ops->import_begin(st, &rep->counts, &im.stamp.import_id, err) < 0)
        goto fail;
    if (o->kind != REC_CUSTOMERS && read_directory(&im, err) < 0)
        goto fail;
    /* Rows are read and checked on the second core while this one
     * stores the ones before. */
    rows_read_ahead(&im.rows, o->kind);
    if (run_rows(&im, err) < 0)
        goto fail;
    if (rep->nerrors > 0) {
        dun_err_set(err, DUN_E_INPUT, "%s: %lld bad row%s; nothing was "
                    "imported", o->path, (long long)rep->nerrors,
                    rep->nerrors == 1 ? "" : "s");
        goto fail;
    }
    if (settle(&im, err) < 0 ||
        balances_refresh_set(st, &im.touched, err) < 0 ||
        (im.max_date != DATE_INVALID &&
         st->ops->last_event_raise(st, im.max_date, err) < 0) ||
        st->ops->import_end(st, im.stamp.import_id, &rep->counts, err) < 0 ||
        store_commit(st, err) < 0)
        goto fail;
    rep->reallocated = (int64_t)im.reallocated.len;
    rc = 0;
    if (o->progress)
        o->progress(o->progress_ctx, o->path, rep->counts.rows,
                    im.groups ? im.stored : -1, 1);
    goto out;
fail:
    /* All or nothing: a bad row leaves the data exactly as it was. */
    if (began)
        store_rollback(st);
out:
    rows_close(&im.rows);
    format_release(&im.fmt);
    free(im.hot);
    strset_release(&im.settled);
    strset_release(&im.touched);
    balances_ctx_release(&im.bc);
    strset_release(&im.reallocated);
    arena_release(&im.scratch);
    for (size_t i = 0; i < IMPORT_CUSTOMER_CACHE; i++)
        arena_release(&im.cache[i].arena);
    arena_release(&im.pend.arena);
    free(im.dir);
    arena_release(&im.dir_arena);
    for (size_t i = 0; i < im.ntargets; i++) {
        free(im.targets[i].number);
        free(im.targets[i].applies_to);
        free(im.targets[i].customer_id);
    }
    free(im.targets);
    row_groups_free(im.groups);
    strset_release(&im.left);
    sbuf_release(&im.last);
    return rc;
}
