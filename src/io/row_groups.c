/*
 * row_groups.c - rows regrouped by key, in memory and in sorted runs on
 * disk; see row_groups.h.
 *
 * A row is held as one record, the same in memory and in a run:
 *
 *   u32 size (of what follows), u32 group, u64 line, u32 nfields,
 *   each field's length (LEB128 varint), then the fields' bytes.
 *
 * A group is a number, given to each key when it first comes. Rows are
 * put in the order of their groups' keys with a counting sort (by each
 * group's rank among the keys), which keeps rows of a group in the order
 * they came, and takes a time linear in the rows.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/fnv.h"
#include "core/leb128.h"
#include "core/sort.h"
#include "core/xalloc.h"
#include "io/row_groups.h"

#define HEAD 20                  /* size, group, line, nfields */
#define BLOCK ((size_t)1 << 20)  /* records are laid out in blocks */
#define IO_BUF ((size_t)1 << 18) /* a run's read and write buffer */

struct block {
    struct block *next;
    size_t used, cap;
    unsigned char data[];
};

struct group {
    const char *key; /* in keys */
    size_t len;
    uint32_t hash;
    uint32_t rank;   /* among the keys, when rows were last sorted */
};

/* Where rows are given back from: a run on disk or the rows in memory. */
struct source {
    off_t off, end;                 /* a run: what is left of it */
    unsigned char *buf;             /* NULL: the rows in memory */
    size_t pos, len, cap;
    size_t at;                      /* in memory: the next in sorted */
    const unsigned char *rec;       /* the current record, NULL at end */
    uint32_t group;
    uint64_t line;
};

struct row_groups {
    size_t budget, held;
    struct block *blocks;           /* the newest first */
    unsigned char **row;            /* records in the order added */
    size_t nrow, row_cap;
    unsigned char **sorted;         /* row, grouped (the counting sort's) */
    struct group *group;
    size_t ngroup, group_cap;
    uint32_t *slot;                 /* group + 1 by hash, 0 free */
    size_t slot_cap;                /* a power of two */
    struct arena keys;
    int fd;                         /* the runs' file, -1 before the first */
    char *tmp_dir;                  /* for messages */
    off_t *run_start;               /* runs are [run_start[i], run_start[i+1]) */
    size_t nrun;
    off_t written;
    unsigned char *wbuf;
    size_t wlen;
    /* Giving back. */
    int reading;
    struct source *src;
    size_t nsrc;
    struct source *last;            /* gave the row before: to move on */
    struct csv_field field[CSV_MAX_FIELDS];
};

static void
put_u32(unsigned char *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static uint32_t
get_u32(const unsigned char *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

struct row_groups *
row_groups_new(size_t budget)
{
    struct row_groups *g = xcalloc(1, sizeof(*g));

    g->budget = budget;
    g->fd = -1;
    return g;
}

/* The group of key, a new one if it is the first time. */
static uint32_t
group_of(struct row_groups *g, const char *key, size_t len)
{
    uint32_t h = (uint32_t)fnv1a64(key, len);
    size_t mask, i;

    if (2 * (g->ngroup + 1) > g->slot_cap) {
        size_t cap = g->slot_cap ? 2 * g->slot_cap : 1024;

        free(g->slot);
        g->slot = xcalloc(cap, sizeof(*g->slot));
        g->slot_cap = cap;
        for (size_t k = 0; k < g->ngroup; k++) {
            for (i = g->group[k].hash & (cap - 1); g->slot[i];
                 i = (i + 1) & (cap - 1))
                ;
            g->slot[i] = (uint32_t)k + 1;
        }
    }
    mask = g->slot_cap - 1;
    for (i = h & mask; g->slot[i]; i = (i + 1) & mask) {
        const struct group *e = &g->group[g->slot[i] - 1];

        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
            return g->slot[i] - 1;
    }
    if (g->ngroup == g->group_cap) {
        g->group_cap = g->group_cap ? 2 * g->group_cap : 1024;
        g->group = xreallocarray(g->group, g->group_cap, sizeof(*g->group));
    }
    g->group[g->ngroup] = (struct group){
        arena_strndup(&g->keys, key, len), len, h, 0 };
    g->slot[i] = (uint32_t)++g->ngroup;
    return (uint32_t)g->ngroup - 1;
}

/* Room for a record of size bytes. */
static unsigned char *
room(struct row_groups *g, size_t size)
{
    struct block *b = g->blocks;

    if (b == NULL || b->cap - b->used < size) {
        size_t cap = size > BLOCK ? size : BLOCK;

        b = xmalloc(sizeof(*b) + cap);
        b->next = g->blocks;
        b->used = 0;
        b->cap = cap;
        g->blocks = b;
    }
    b->used += size;
    return b->data + b->used - size;
}

static void
free_blocks(struct row_groups *g)
{
    while (g->blocks) {
        struct block *next = g->blocks->next;

        free(g->blocks);
        g->blocks = next;
    }
}

/* Byte order of the groups' keys: the order a store keeps customers
 * in, so that their documents are read and written in the order they
 * lie on disk. */
static int
cmp_keys(const struct group *a, const struct group *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->key, b->key, n) : 0;

    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int
cmp_group_ptrs(const void *a, const void *b)
{
    return cmp_keys(*(struct group *const *)a, *(struct group *const *)b);
}

/* Put the rows held in the order of their keys, keeping each group's in
 * the order added. */
static void
sort_rows(struct row_groups *g)
{
    struct group **by_key = xreallocarray(NULL, g->ngroup + 1,
                                          sizeof(*by_key));
    size_t *at = xcalloc(g->ngroup + 1, sizeof(*at));

    for (size_t k = 0; k < g->ngroup; k++)
        by_key[k] = &g->group[k];
    sort_array(by_key, g->ngroup, sizeof(*by_key), cmp_group_ptrs);
    for (size_t k = 0; k < g->ngroup; k++)
        by_key[k]->rank = (uint32_t)k;
    free(by_key);
    free(g->sorted);
    g->sorted = xreallocarray(NULL, g->nrow ? g->nrow : 1,
                              sizeof(*g->sorted));
    for (size_t i = 0; i < g->nrow; i++)
        at[g->group[get_u32(g->row[i] + 4)].rank + 1]++;
    for (size_t k = 1; k <= g->ngroup; k++)
        at[k] += at[k - 1];
    for (size_t i = 0; i < g->nrow; i++)
        g->sorted[at[g->group[get_u32(g->row[i] + 4)].rank]++] = g->row[i];
    free(at);
}

static int
io_error(struct row_groups *g, const char *what, struct dun_err *err)
{
    return dun_err_set(err, DUN_E_IO, "cannot %s the rows' temporary file "
                       "in %s: %s", what, g->tmp_dir, strerror(errno));
}

/* A record of a run read back is not what was written. */
static int
damaged(struct row_groups *g, struct dun_err *err)
{
    errno = EIO;
    return io_error(g, "read", err);
}

static int
open_runs(struct row_groups *g, struct dun_err *err)
{
    const char *dir = getenv("TMPDIR");
    size_t n;
    char *path;

    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    g->tmp_dir = xstrdup(dir);
    n = strlen(dir) + sizeof("/dun-rows-XXXXXX");
    path = xmalloc(n);
    snprintf(path, n, "%s/dun-rows-XXXXXX", dir);
    /* mkstemp creates the file 0600; unlinked, it goes with the fd. */
    g->fd = mkstemp(path);
    if (g->fd >= 0)
        unlink(path);
    free(path);
    if (g->fd < 0)
        return io_error(g, "create", err);
    g->wbuf = xmalloc(IO_BUF);
    g->run_start = xmalloc(sizeof(*g->run_start));
    g->run_start[0] = 0;
    return 0;
}

static int
write_all(struct row_groups *g, const unsigned char *p, size_t n,
          struct dun_err *err)
{
    while (n > 0) {
        ssize_t w = pwrite(g->fd, p, n, g->written);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return io_error(g, "write", err);
        }
        p += w;
        n -= (size_t)w;
        g->written += w;
    }
    return 0;
}

static int
put_bytes(struct row_groups *g, const unsigned char *p, size_t n,
          struct dun_err *err)
{
    if (g->wlen + n > IO_BUF) {
        if (write_all(g, g->wbuf, g->wlen, err) < 0)
            return -1;
        g->wlen = 0;
        if (n > IO_BUF)
            return write_all(g, p, n, err);
    }
    memcpy(g->wbuf + g->wlen, p, n);
    g->wlen += n;
    return 0;
}

/* Write the rows held out as a run, in group order, and forget them. */
static int
spill(struct row_groups *g, struct dun_err *err)
{
    if (g->fd < 0 && open_runs(g, err) < 0)
        return -1;
    sort_rows(g);
    for (size_t i = 0; i < g->nrow; i++) {
        const unsigned char *r = g->sorted[i];

        if (put_bytes(g, r, 4 + get_u32(r), err) < 0)
            return -1;
    }
    if (write_all(g, g->wbuf, g->wlen, err) < 0)
        return -1;
    g->wlen = 0;
    g->run_start = xreallocarray(g->run_start, g->nrun + 2,
                                 sizeof(*g->run_start));
    g->run_start[++g->nrun] = g->written;
    free_blocks(g);
    g->nrow = 0;
    g->held = 0;
    return 0;
}

int
row_groups_add(struct row_groups *g, const char *key, size_t key_len,
               size_t line, const struct csv_field *field, size_t nfields,
               struct dun_err *err)
{
    size_t size = HEAD;
    unsigned char *r, *p;
    uint64_t line64 = line;

    if (key == NULL) /* an empty field's text may be NULL */
        key = "";
    if (nfields > CSV_MAX_FIELDS)
        return dun_err_set(err, DUN_E_INPUT, "line %zu: more than %d fields",
                           line, CSV_MAX_FIELDS);
    for (size_t i = 0; i < nfields; i++)
        size += leb128_size(field[i].len) + field[i].len;
    if (size - 4 > UINT32_MAX)
        return dun_err_set(err, DUN_E_INPUT, "line %zu: a row of more "
                           "than 4 GB", line);
    r = room(g, size);
    put_u32(r, (uint32_t)(size - 4));
    put_u32(r + 4, group_of(g, key, key_len));
    memcpy(r + 8, &line64, 8);
    put_u32(r + 16, (uint32_t)nfields);
    p = r + HEAD;
    for (size_t i = 0; i < nfields; i++)
        p = leb128_put(p, field[i].len);
    for (size_t i = 0; i < nfields; i++) {
        if (field[i].len)
            memcpy(p, field[i].p, field[i].len);
        p += field[i].len;
    }
    if (g->nrow == g->row_cap) {
        g->row_cap = g->row_cap ? 2 * g->row_cap : 4096;
        g->row = xreallocarray(g->row, g->row_cap, sizeof(*g->row));
    }
    g->row[g->nrow++] = r;
    /* The record, its place in row and in sorted. */
    g->held += size + 2 * sizeof(*g->row);
    return g->held > g->budget ? spill(g, err) : 0;
}

/* Read on until the buffer holds need bytes from pos: 1, 0 the run
 * ended before, -1 error. */
static int
fill(struct row_groups *g, struct source *s, size_t need, struct dun_err *err)
{
    if (s->len - s->pos >= need)
        return 1;
    memmove(s->buf, s->buf + s->pos, s->len - s->pos);
    s->len -= s->pos;
    s->pos = 0;
    if (s->cap < need) {
        s->cap = need;
        s->buf = xrealloc(s->buf, s->cap);
    }
    while (s->len < need && s->off < s->end) {
        size_t want = s->cap - s->len;
        ssize_t n;

        if ((off_t)want > s->end - s->off)
            want = (size_t)(s->end - s->off);
        n = pread(g->fd, s->buf + s->len, want, s->off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* the file is shorter than what was written */
            return io_error(g, "read", err);
        }
        s->len += (size_t)n;
        s->off += n;
    }
    return s->len >= need;
}

/* Move s to its next record (rec NULL at its end). */
static int
advance(struct row_groups *g, struct source *s, struct dun_err *err)
{
    int rc;

    s->rec = NULL;
    if (s->buf == NULL) {
        if (s->at < g->nrow)
            s->rec = g->sorted[s->at++];
    } else {
        if ((rc = fill(g, s, 4, err)) == 0 && s->len == s->pos)
            return 0; /* the run's end */
        if (rc > 0)
            rc = fill(g, s, 4 + get_u32(s->buf + s->pos), err);
        if (rc == 0)
            errno = EIO; /* a record cut short: not what was written */
        if (rc <= 0)
            return rc < 0 ? -1 : io_error(g, "read", err);
        s->rec = s->buf + s->pos;
        s->pos += 4 + get_u32(s->rec);
        /* What row_groups_next trusts of a record: its head, a group
         * that was given, no more fields than a row may have. */
        if (get_u32(s->rec) < HEAD - 4 ||
            get_u32(s->rec + 4) >= g->ngroup ||
            get_u32(s->rec + 16) > CSV_MAX_FIELDS) {
            s->rec = NULL;
            return damaged(g, err);
        }
    }
    if (s->rec) {
        s->group = get_u32(s->rec + 4);
        memcpy(&s->line, s->rec + 8, 8);
    }
    return 0;
}

static int
start_reading(struct row_groups *g, struct dun_err *err)
{
    g->reading = 1;
    sort_rows(g);
    g->src = xcalloc(g->nrun + 1, sizeof(*g->src));
    for (size_t i = 0; i < g->nrun; i++) {
        struct source *s = &g->src[g->nsrc++];

        s->off = g->run_start[i];
        s->end = g->run_start[i + 1];
        s->cap = IO_BUF;
        s->buf = xmalloc(s->cap);
    }
    g->nsrc++; /* the rows in memory, the last run */
    for (size_t i = 0; i < g->nsrc; i++)
        if (advance(g, &g->src[i], err) < 0)
            return -1;
    return 0;
}

int
row_groups_next(struct row_groups *g, size_t *line, const char **key,
                const struct csv_field **field, size_t *nfields,
                struct dun_err *err)
{
    struct source *best = NULL;
    const unsigned char *p, *end;
    uint64_t len;
    size_t n;

    if (!g->reading && start_reading(g, err) < 0)
        return -1;
    if (g->last && advance(g, g->last, err) < 0)
        return -1;
    g->last = NULL;
    /* Runs are few (a budget's worth of rows each): a scan is enough. */
    for (size_t i = 0; i < g->nsrc; i++) {
        struct source *s = &g->src[i];
        int c;

        if (s->rec == NULL)
            continue;
        c = best == NULL ? -1
            : s->group == best->group
                ? (s->line > best->line) - (s->line < best->line)
                : cmp_keys(&g->group[s->group], &g->group[best->group]);
        if (c < 0)
            best = s;
    }
    if (best == NULL)
        return 0;
    g->last = best;
    n = get_u32(best->rec + 16);
    p = best->rec + HEAD;
    end = best->rec + 4 + get_u32(best->rec);
    for (size_t i = 0; i < n; i++) {
        if (leb128_get(&p, end, &len) < 0)
            return damaged(g, err);
        g->field[i].len = (size_t)len;
    }
    for (size_t i = 0; i < n; i++) {
        if (g->field[i].len > (size_t)(end - p))
            return damaged(g, err);
        g->field[i].p = (const char *)p;
        p += g->field[i].len;
    }
    *line = (size_t)best->line;
    *key = g->group[best->group].key;
    *field = g->field;
    *nfields = n;
    return 1;
}

size_t
row_groups_runs(const struct row_groups *g)
{
    return g->nrun;
}

void
row_groups_free(struct row_groups *g)
{
    if (g == NULL)
        return;
    free_blocks(g);
    free(g->row);
    free(g->sorted);
    free(g->group);
    free(g->slot);
    arena_release(&g->keys);
    if (g->fd >= 0)
        close(g->fd);
    free(g->tmp_dir);
    free(g->run_start);
    free(g->wbuf);
    for (size_t i = 0; i < g->nsrc; i++)
        free(g->src[i].buf);
    free(g->src);
    free(g);
}
