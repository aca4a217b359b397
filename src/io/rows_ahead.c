/*
 * rows_ahead.c - rows read and converted on a second thread; see
 * rows_ahead.h.
 *
 * The thread owns the CSV reader from the start on. It fills batches of
 * rows, a ring of them, each with its fields' bytes and what converting
 * each row gave in one arena; the caller's thread takes the batches in
 * order and gives each back once it has moved past its last row (what a
 * row's strings are borrowed until). A batch passes from one thread to
 * the other through the ring's count, under the lock: nothing else is
 * shared.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "core/xalloc.h"
#include "io/row_groups.h"
#include "io/rows_ahead.h"

/* A batch's size: large enough that the lock is rare, small enough that
 * the caller starts soon and the ring stays in the cache. */
#define AHEAD_ROWS 512
#define AHEAD_BATCHES 4

/* What each thread writes lies on cache lines of its own: a line both
 * wrote would move between the cores at every row. */
#define CACHE_LINE 64

struct ahead_row {
    size_t line;
    size_t field0, nfields; /* in the batch's field */
    struct rows_done done;
};

struct ahead_batch {
    _Alignas(CACHE_LINE) struct ahead_row row[AHEAD_ROWS];
    size_t nrows;
    struct csv_field *field;
    size_t nfield, field_cap;
    struct arena arena;     /* the fields' bytes, the conversions' strings */
    int end;                /* after the rows: 0 more, 1 end of file, -1 error */
    struct dun_err err;     /* end -1 */
};

struct rows_ahead {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled, emptied;
    size_t nfilled;         /* batches filled and not yet given back */
    int stopping;
    /* The thread's own. The reader is moved here from the rows while the
     * thread runs: in struct rows its counters, written at every row,
     * shared cache lines with the layout the caller reads at every field
     * (fmt, col), and each read missed the cache, in both threads. */
    _Alignas(CACHE_LINE) struct csv_reader own;
    struct csv_reader *csv; /* &own */
    struct row_groups *groups; /* read from instead of csv */
    enum record_kind kind;
    int raw;                /* rows_keep_raw: convert no more (atomic) */
    struct sbuf number;     /* group_lines: the row before's number */
    size_t fill;            /* the batch it fills next */
    struct rows view;       /* the current row, as the conversions see it */
    /* The caller's own. */
    _Alignas(CACHE_LINE) size_t take; /* the batch it reads */
    size_t next;            /* its next row there */
    int taken;              /* it holds batch take */
    _Alignas(CACHE_LINE) struct ahead_batch batch[AHEAD_BATCHES];
};

/* A row of the batch, converted as kind says. */
static void
convert(struct rows_ahead *a, struct ahead_batch *b, struct ahead_row *row)
{
    struct dun_err e = DUN_ERR_INIT;
    struct rows *v = &a->view;
    size_t n;

    /* done.kind stays REC_CUSTOMERS: not converted. */
    if (a->kind == REC_CUSTOMERS || __atomic_load_n(&a->raw, __ATOMIC_RELAXED))
        return;
    v->field = b->field + row->field0;
    v->nfields = row->nfields;
    v->line = row->line;
    /* Not what the caller asks for: a row a [skip] rule drops, or an
     * exported invoice's further line (the caller converts its first). */
    if (v->fmt->nskip && rows_skipped(v))
        return;
    if (v->fmt->group_lines) {
        const char *num = rows_text(v, F_NUMBER, &n);
        int again = a->number.len == n &&
                    (n == 0 || memcmp(a->number.buf, num, n) == 0);

        sbuf_reset(&a->number);
        sbuf_add(&a->number, num, n);
        if (again)
            return;
    }
    /* A row that names no currency takes the caller's. */
    rows_text(v, F_CURRENCY, &n);
    if (n == 0)
        return;
    row->done.kind = a->kind;
    row->done.rc = a->kind == REC_INVOICES
                       ? rows_invoice(v, "", &row->done.rec.inv, &e)
                       : rows_payment(v, "", &row->done.rec.pay, &e);
    if (row->done.rc < 0) {
        struct dun_err *copy = arena_alloc(&v->arena, sizeof(*copy));

        *copy = e;
        row->done.err = copy;
    }
}

/* The source's next row: 1, 0 at its end, -1 error. Blank lines of the
 * file are no rows. */
static int
source_next(struct rows_ahead *a, size_t *line,
            const struct csv_field **field, size_t *nfields,
            struct dun_err *err)
{
    const char *key;
    int rc;

    if (a->groups)
        return row_groups_next(a->groups, line, &key, field, nfields, err);
    while ((rc = csv_next(a->csv, err)) == 1) {
        if (rows_blank(a->csv->fields, a->csv->nfields))
            continue;
        *line = a->csv->line;
        *field = a->csv->fields;
        *nfields = a->csv->nfields;
        return 1;
    }
    return rc;
}

/* Copy a row of the source into the batch as its next row. */
static struct ahead_row *
add_row(struct rows_ahead *a, struct ahead_batch *b, size_t line,
        const struct csv_field *field, size_t nfields)
{
    struct ahead_row *row = &b->row[b->nrows++];
    size_t bytes = 0;
    char *p;

    if (b->field_cap - b->nfield < nfields) {
        while (b->field_cap - b->nfield < nfields)
            b->field_cap = b->field_cap ? 2 * b->field_cap : 4096;
        b->field = xreallocarray(b->field, b->field_cap, sizeof(*b->field));
    }
    for (size_t i = 0; i < nfields; i++)
        bytes += field[i].len;
    p = arena_alloc(&a->view.arena, bytes ? bytes : 1);
    row->line = line;
    row->field0 = b->nfield;
    row->nfields = nfields;
    memset(&row->done, 0, sizeof(row->done));
    for (size_t i = 0; i < nfields; i++) {
        size_t n = field[i].len;

        if (n)
            memcpy(p, field[i].p, n);
        b->field[b->nfield++] = (struct csv_field){ p, n };
        p += n;
    }
    return row;
}

static void
fill(struct rows_ahead *a, struct ahead_batch *b)
{
    const struct csv_field *field;
    size_t line, nfields;
    int rc = 1;

    b->nrows = 0;
    b->nfield = 0;
    b->end = 0;
    arena_reset(&b->arena);
    /* The conversions allocate from the view's arena: the batch's. */
    a->view.arena = b->arena;
    while (b->nrows < AHEAD_ROWS &&
           (rc = source_next(a, &line, &field, &nfields, &b->err)) == 1)
        convert(a, b, add_row(a, b, line, field, nfields));
    b->arena = a->view.arena;
    a->view.arena = (struct arena)ARENA_INIT;
    if (rc <= 0)
        b->end = rc == 0 ? 1 : -1;
}

static void *
loop(void *arg)
{
    struct rows_ahead *a = arg;

    prctl(PR_SET_NAME, "dun-rows"); /* as top and perf show it */
    for (;;) {
        struct ahead_batch *b;

        pthread_mutex_lock(&a->lock);
        while (!a->stopping && a->nfilled == AHEAD_BATCHES)
            pthread_cond_wait(&a->emptied, &a->lock);
        if (a->stopping) {
            pthread_mutex_unlock(&a->lock);
            return NULL;
        }
        pthread_mutex_unlock(&a->lock);
        b = &a->batch[a->fill];
        fill(a, b);
        a->fill = (a->fill + 1) % AHEAD_BATCHES;
        pthread_mutex_lock(&a->lock);
        a->nfilled++;
        pthread_cond_signal(&a->filled);
        pthread_mutex_unlock(&a->lock);
        if (b->end != 0)
            return NULL;
    }
}

int
rows_ahead_start(struct rows *r, enum record_kind kind,
                 struct row_groups *groups)
{
    /* sizeof is a multiple of the alignment. */
    struct rows_ahead *a = aligned_alloc(CACHE_LINE, sizeof(*a));

    if (a == NULL)
        return -1;
    memset(a, 0, sizeof(*a));
    sbuf_init(&a->number, 0);

    a->own = r->csv;
    a->csv = &a->own;
    a->groups = groups;
    a->kind = kind;
    /* What the conversions read of the rows: the layout, not the reader. */
    a->view.fmt = r->fmt;
    a->view.path = r->path;
    memcpy(a->view.col, r->col, sizeof(r->col));
    memcpy(a->view.skip_col, r->skip_col, sizeof(r->skip_col));
    a->view.width = r->width;
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->filled, NULL);
    pthread_cond_init(&a->emptied, NULL);
    if (pthread_create(&a->thread, NULL, loop, a) != 0) {
        pthread_cond_destroy(&a->emptied);
        pthread_cond_destroy(&a->filled);
        pthread_mutex_destroy(&a->lock);
        free(a);
        return -1;
    }
    r->ahead = a;
    return 0;
}

/* Give the batch read back to the thread. */
static void
give_back(struct rows_ahead *a)
{
    pthread_mutex_lock(&a->lock);
    a->nfilled--;
    pthread_cond_signal(&a->emptied);
    pthread_mutex_unlock(&a->lock);
    a->taken = 0;
    a->take = (a->take + 1) % AHEAD_BATCHES;
    a->next = 0;
}

int
rows_ahead_next(struct rows *r, struct dun_err *err)
{
    struct rows_ahead *a = r->ahead;

    r->done = NULL;
    for (;;) {
        struct ahead_batch *b = &a->batch[a->take];

        if (!a->taken) {
            pthread_mutex_lock(&a->lock);
            while (a->nfilled == 0)
                pthread_cond_wait(&a->filled, &a->lock);
            pthread_mutex_unlock(&a->lock);
            a->taken = 1;
        }
        if (a->next < b->nrows) {
            const struct ahead_row *row = &b->row[a->next++];

            r->line = row->line;
            r->field = b->field + row->field0;
            r->nfields = row->nfields;
            r->done = &row->done;
            return 1;
        }
        if (b->end == 1)
            return 0; /* the batch stays taken: the end, at every call */
        if (b->end == -1) {
            *err = b->err;
            return -1;
        }
        give_back(a);
    }
}

void
rows_ahead_raw(struct rows *r)
{
    if (r->ahead)
        __atomic_store_n(&r->ahead->raw, 1, __ATOMIC_RELAXED);
}

void
rows_ahead_stop(struct rows *r)
{
    struct rows_ahead *a = r->ahead;

    if (a == NULL)
        return;
    pthread_mutex_lock(&a->lock);
    a->stopping = 1;
    pthread_cond_signal(&a->emptied);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    r->csv = a->own;
    sbuf_release(&a->number);
    for (size_t i = 0; i < AHEAD_BATCHES; i++) {
        free(a->batch[i].field);
        arena_release(&a->batch[i].arena);
    }
    pthread_cond_destroy(&a->emptied);
    pthread_cond_destroy(&a->filled);
    pthread_mutex_destroy(&a->lock);
    free(a);
    r->ahead = NULL;
    r->done = NULL;
    r->field = NULL;
    r->nfields = 0;
}
