/*
 * doc_pack.c - one customer's documents as one value; see doc_pack.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "core/xalloc.h"
#include "store/doc_pack.h"
#include "store/varint.h"

/* What doc_pack_encode writes; doc_pack_decode reads 1 too. */
#define PACK_VERSION 2

struct pack_chunk {
    struct pack_chunk *next;
    size_t size, used;
    char data[];
};

/* Room for n bytes of strings: at least want, else double the last. */
static char *
chunk_alloc(struct doc_pack *p, size_t n, size_t want)
{
    struct pack_chunk *c = p->chunks;

    if (c == NULL || c->size - c->used < n) {
        size_t size = c ? c->size * 2 : 128;

        if (size < want)
            size = want;
        if (size < n)
            size = n;
        c = xmalloc(sizeof(*c) + size);
        c->size = size;
        c->used = 0;
        c->next = p->chunks;
        p->chunks = c;
        p->chunk_bytes += sizeof(*c) + size;
    }
    c->used += n;
    return c->data + c->used - n;
}

/* Make sure the strings of n more bytes fit the current chunk. */
static void
chunk_reserve(struct doc_pack *p, size_t n)
{
    if (p->chunks == NULL || p->chunks->size - p->chunks->used < n) {
        chunk_alloc(p, n, n);
        p->chunks->used -= n;
    }
}

static const char *
copy_n(struct doc_pack *p, const char *s, size_t n)
{
    char *d = chunk_alloc(p, n + 1, 0);

    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static const char *
copy(struct doc_pack *p, const char *s)
{
    return s ? copy_n(p, s, strlen(s)) : copy_n(p, "", 0);
}

void
doc_pack_init(struct doc_pack *p, const char *customer_id)
{
    memset(p, 0, sizeof(*p));
    p->customer_id = copy(p, customer_id);
    p->sorted = 1;
}

static void
copy_invoice(struct doc_pack *p, struct pack_invoice *to,
             const struct invoice *inv, const struct store_stamp *sp)
{
    to->d = *inv;
    to->d.number = copy(p, inv->number);
    to->d.customer_id = p->customer_id;
    to->d.applies_to = copy(p, inv->applies_to);
    to->d.description = copy(p, inv->description);
    to->sp = sp ? *sp : (struct store_stamp){0, 0};
}

static void
copy_payment(struct doc_pack *p, struct pack_payment *to,
             const struct payment *pay, const struct store_stamp *sp)
{
    to->d = *pay;
    to->d.id = copy(p, pay->id);
    to->d.customer_id = p->customer_id;
    to->d.invoice_number = copy(p, pay->invoice_number);
    to->d.method = copy(p, pay->method);
    to->d.reference = copy(p, pay->reference);
    to->sp = sp ? *sp : (struct store_stamp){0, 0};
}

/* An invoice changes: encoding must write the invoices anew. */
static void
forget_invoice_bytes(struct doc_pack *p)
{
    p->inv_strs = NULL;
    p->inv_nstrs = 0;
    p->inv_bytes = NULL;
    p->inv_len = 0;
}

size_t
doc_pack_add_invoice(struct doc_pack *p, const struct invoice *inv,
                     const struct store_stamp *sp)
{
    if (p->ninv == p->inv_cap) {
        p->inv_cap = p->inv_cap ? p->inv_cap * 2 : 8;
        p->inv = xreallocarray(p->inv, p->inv_cap, sizeof(*p->inv));
    }
    forget_invoice_bytes(p);
    copy_invoice(p, &p->inv[p->ninv], inv, sp);
    if (p->ninv > 0 &&
        strcmp(p->inv[p->ninv - 1].d.number, p->inv[p->ninv].d.number) >= 0)
        p->sorted = 0;
    p->dirty = 1;
    return p->ninv++;
}

size_t
doc_pack_add_payment(struct doc_pack *p, const struct payment *pay,
                     const struct store_stamp *sp)
{
    if (p->npay == p->pay_cap) {
        p->pay_cap = p->pay_cap ? p->pay_cap * 2 : 8;
        p->pay = xreallocarray(p->pay, p->pay_cap, sizeof(*p->pay));
    }
    copy_payment(p, &p->pay[p->npay], pay, sp);
    if (p->npay > 0 &&
        strcmp(p->pay[p->npay - 1].d.id, p->pay[p->npay].d.id) >= 0)
        p->sorted = 0;
    p->dirty = 1;
    return p->npay++;
}

void
doc_pack_set_invoice(struct doc_pack *p, size_t i, const struct invoice *inv,
                     const struct store_stamp *sp)
{
    forget_invoice_bytes(p);
    copy_invoice(p, &p->inv[i], inv, sp);
    p->dirty = 1;
}

void
doc_pack_set_payment(struct doc_pack *p, size_t i, const struct payment *pay,
                     const struct store_stamp *sp)
{
    copy_payment(p, &p->pay[i], pay, sp);
    p->dirty = 1;
}

void
doc_pack_remove_invoice(struct doc_pack *p, size_t i)
{
    forget_invoice_bytes(p);
    p->inv[i] = p->inv[--p->ninv];
    p->sorted = 0;
    p->dirty = 1;
}

void
doc_pack_remove_payment(struct doc_pack *p, size_t i)
{
    p->pay[i] = p->pay[--p->npay];
    p->sorted = 0;
    p->dirty = 1;
}

static int
cmp_invoice(const void *a, const void *b)
{
    return strcmp(((const struct pack_invoice *)a)->d.number,
                  ((const struct pack_invoice *)b)->d.number);
}

static int
cmp_payment(const void *a, const void *b)
{
    return strcmp(((const struct pack_payment *)a)->d.id,
                  ((const struct pack_payment *)b)->d.id);
}

void
doc_pack_sort(struct doc_pack *p)
{
    size_t i = 1;

    if (p->sorted)
        return;
    /* Invoices that move (a damaged pack, out of key order, decoded)
     * are no longer the bytes decoding kept. */
    while (i < p->ninv && cmp_invoice(&p->inv[i - 1], &p->inv[i]) <= 0)
        i++;
    if (i < p->ninv) {
        forget_invoice_bytes(p);
        sort_array(p->inv, p->ninv, sizeof(*p->inv), cmp_invoice);
    }
    sort_array(p->pay, p->npay, sizeof(*p->pay), cmp_payment);
    p->sorted = 1;
}

long
doc_pack_find_invoice(const struct doc_pack *p, const char *number)
{
    if (p->sorted) {
        struct pack_invoice key = { .d.number = number };
        const struct pack_invoice *f =
            search_array(&key, p->inv, p->ninv, sizeof(*p->inv), cmp_invoice);

        return f ? (long)(f - p->inv) : -1;
    }
    for (size_t i = 0; i < p->ninv; i++)
        if (strcmp(p->inv[i].d.number, number) == 0)
            return (long)i;
    return -1;
}

long
doc_pack_find_payment(const struct doc_pack *p, const char *id)
{
    if (p->sorted) {
        struct pack_payment key = { .d.id = id };
        const struct pack_payment *f =
            search_array(&key, p->pay, p->npay, sizeof(*p->pay), cmp_payment);

        return f ? (long)(f - p->pay) : -1;
    }
    for (size_t i = 0; i < p->npay; i++)
        if (strcmp(p->pay[i].d.id, id) == 0)
            return (long)i;
    return -1;
}

/*
 * Version 2 writes a pack in fewer bytes: most of a pack repeats itself
 * (a customer's descriptions, methods, the invoice numbers its payments
 * and credit notes name) or nearly so (numbers issued in sequence). Its
 * strings form a table in the order they are written: every number and
 * id, and every other string written out. A number or id is written as
 * the prefix it shares with the one before it (varint_put_key);
 * another string as a varint v: v odd,
 * the string at index v >> 1 of the table; v even, v >> 1 bytes of a
 * new string ("" is always written so, and not put in the table); a
 * currency is such a string of 3 bytes. An issue date or a payment's
 * date is a difference from the document's before (0 the first), a due
 * date from the issue date, an import line from the document's before.
 */

struct str_table {
    const char **s;   /* by index */
    size_t n, cap;
    /* Open addressing on the hash: index + 1 in the low 32 bits, 0 free;
     * the hash's high 32 bits above, compared before the strings. */
    uint64_t *slot;
    size_t nslots;
};

/* Room for n strings; with lookup (the encoder's), the hash slots for
 * them, which table_add doubles as the table fills. */
static void
table_init(struct str_table *t, size_t n, int lookup)
{
    memset(t, 0, sizeof(*t));
    t->cap = n ? n : 1;
    t->s = xreallocarray(NULL, t->cap, sizeof(*t->s));
    if (lookup) {
        t->nslots = 16;
        while (t->nslots < 2 * t->cap)
            t->nslots *= 2;
        t->slot = xcalloc(t->nslots, sizeof(*t->slot));
    }
}

static void
table_release(struct str_table *t)
{
    free(t->s);
    free(t->slot);
    memset(t, 0, sizeof(*t));
}

/* The encoder's hash of s[0..n), 8 bytes at a time: the table lives
 * in memory only (doc_key_hash, a byte at a time, is stored in buckets
 * of keys and must stay as it is), and hashing every string of a pack
 * was a twentieth of a payments import. */
static uint64_t
text_hash(const char *s, size_t n)
{
    uint64_t h = (uint64_t)n * UINT64_C(0x9e3779b97f4a7c15), w;

    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
        h ^= h >> 32;
    }
    if (n) {
        w = 0;
        memcpy(&w, s, n);
        h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
    }
    return h ^ (h >> 29);
}

static void
slot_put(struct str_table *t, size_t at, uint64_t h)
{
    size_t i = (size_t)h & (t->nslots - 1);

    while (t->slot[i])
        i = (i + 1) & (t->nslots - 1);
    t->slot[i] = (h & ~(uint64_t)UINT32_MAX) | ((uint64_t)at + 1);
}

/* Twice the slots, the strings put back in index order: of equal
 * strings the first still comes first on its probe sequence, so a
 * lookup answers as it did before. */
static void
table_grow(struct str_table *t)
{
    free(t->slot);
    t->nslots *= 2;
    t->slot = xcalloc(t->nslots, sizeof(*t->slot));
    for (size_t at = 0; at < t->n; at++)
        slot_put(t, at, text_hash(t->s[at], strlen(t->s[at])));
}

/* Add s, of hash h (the encoder's; anything for a table without
 * lookup). */
static void
table_add(struct str_table *t, const char *s, uint64_t h)
{
    if (t->n == t->cap) {
        t->cap *= 2;
        t->s = xreallocarray(t->s, t->cap, sizeof(*t->s));
    }
    if (t->slot) {
        if (2 * (t->n + 1) > t->nslots)
            table_grow(t);
        slot_put(t, t->n, h);
    }
    t->s[t->n++] = s;
}

/* The index of a string equal to s, of hash h, or -1. */
static long
table_find(const struct str_table *t, const char *s, uint64_t h)
{
    for (size_t i = (size_t)h & (t->nslots - 1); t->slot[i];
         i = (i + 1) & (t->nslots - 1)) {
        uint64_t v = t->slot[i];
        size_t at = (size_t)(v & UINT32_MAX) - 1;

        if ((v ^ h) >> 32 == 0 && strcmp(t->s[at], s) == 0)
            return (long)at;
    }
    return -1;
}

static void
put_key(struct sbuf *out, struct str_table *t, const char *key,
        const char *prev)
{
    table_add(t, key, text_hash(key, varint_put_key(out, key, prev)));
}

/* A string of the table, by its index i, or "" (i < 0). */
static void
put_index(struct sbuf *out, long i)
{
    varint_put(out, i < 0 ? 0 : (uint64_t)i << 1 | 1);
}

/* s, by index if the table has it, else its bytes (then it has it);
 * returns its index, -1 for "". */
static long
put_text(struct sbuf *out, struct str_table *t, const char *s)
{
    size_t n = strlen(s);
    uint64_t h;
    long i;

    if (n == 0) {
        varint_put(out, 0);
        return -1;
    }
    h = text_hash(s, n);
    if ((i = table_find(t, s, h)) >= 0) {
        put_index(out, i);
        return i;
    }
    varint_put(out, (uint64_t)n << 1);
    sbuf_add(out, s, n);
    table_add(t, s, h);
    return (long)t->n - 1;
}

/* A string met before and its index: the table's answer for equal
 * bytes never changes once given (later equal strings come after it),
 * so a run of one currency or method skips the lookup. */
struct text_memo {
    const char *s;
    long i;
};

static void
put_text_memo(struct sbuf *out, struct str_table *t, const char *s,
              struct text_memo *m)
{
    if (m->s && strcmp(m->s, s) == 0) {
        put_index(out, m->i);
        return;
    }
    m->i = put_text(out, t, s);
    m->s = s;
}

/* The invoices as decoded: the same bytes, and the same strings put in
 * the table in the same order. */
static void
put_kept_invoices(struct sbuf *out, struct str_table *t,
                  const struct doc_pack *p)
{
    sbuf_add(out, p->inv_bytes, p->inv_len);
    for (size_t i = 0; i < p->inv_nstrs; i++)
        table_add(t, p->inv_strs[i],
                  text_hash(p->inv_strs[i], strlen(p->inv_strs[i])));
}

static void
put_invoices(struct sbuf *out, struct str_table *t, const struct doc_pack *p,
             struct text_memo *currency)
{
    struct text_memo description = { NULL, 0 };
    const char *prev = "";
    int64_t line = 0;
    int32_t day = 0;

    for (size_t i = 0; i < p->ninv; i++) {
        const struct invoice *v = &p->inv[i].d;

        put_key(out, t, v->number, prev);
        prev = v->number;
        put_text(out, t, v->applies_to);
        sbuf_addch(out, v->type == INVOICE_CREDIT_NOTE ? 1 : 0);
        varint_put_signed(out, (int64_t)v->issue_date - day);
        day = v->issue_date;
        varint_put_signed(out, (int64_t)v->due_date - v->issue_date);
        put_text_memo(out, t, v->currency, currency);
        varint_put_signed(out, v->total);
        put_text_memo(out, t, v->description, &description);
        varint_put_signed(out, p->inv[i].sp.import_id);
        varint_put_signed(out, (int64_t)((uint64_t)p->inv[i].sp.line -
                                         (uint64_t)line));
        line = p->inv[i].sp.line;
    }
}

static void
put_payments(struct sbuf *out, struct str_table *t, const struct doc_pack *p,
             struct text_memo *currency)
{
    struct text_memo method = { NULL, 0 };
    const char *prev = "";
    int64_t line = 0;
    int32_t day = 0;

    for (size_t i = 0; i < p->npay; i++) {
        const struct payment *v = &p->pay[i].d;
        long number;

        put_key(out, t, v->id, prev);
        prev = v->id;
        varint_put_signed(out, (int64_t)v->date - day);
        day = v->date;
        number = put_text(out, t, v->invoice_number);
        varint_put_signed(out, v->amount);
        put_text_memo(out, t, v->currency, currency);
        put_text_memo(out, t, v->method, &method);
        /* A bank's reference is often the invoice's number. */
        if (strcmp(v->reference, v->invoice_number) == 0)
            put_index(out, number);
        else
            put_text(out, t, v->reference);
        varint_put_signed(out, p->pay[i].sp.import_id);
        varint_put_signed(out, (int64_t)((uint64_t)p->pay[i].sp.line -
                                         (uint64_t)line));
        line = p->pay[i].sp.line;
    }
}

void
doc_pack_encode(struct doc_pack *p, struct sbuf *out)
{
    struct str_table t;
    struct text_memo currency = { NULL, 0 };

    sbuf_reset(out);
    doc_pack_sort(p);
    /* Mostly a key a document and a few strings more. */
    table_init(&t, p->inv_nstrs + p->ninv + p->npay + 8, 1);
    sbuf_addch(out, PACK_VERSION);
    varint_put(out, p->ninv);
    varint_put(out, p->npay);
    if (p->inv_bytes)
        put_kept_invoices(out, &t, p);
    else
        put_invoices(out, &t, p, &currency);
    put_payments(out, &t, p, &currency);
    table_release(&t);
}

struct reader {
    struct varint_reader v;
    struct doc_pack *pack;
    int version;
    struct str_table t; /* version 2 */
};

/* A string of the pack: shared bytes of prefix, then n of b. */
static const char *
pack_string(struct reader *r, const char *prefix, size_t shared,
            const unsigned char *b, size_t n)
{
    char *d = chunk_alloc(r->pack, shared + n + 1, 0);

    memcpy(d, prefix, shared);
    memcpy(d + shared, b, n);
    d[shared + n] = '\0';
    return d;
}

/* n bytes of the value as a string of the pack, or "" (bad set). */
static const char *
get_bytes(struct reader *r, uint64_t n)
{
    if (r->v.bad || n > (uint64_t)(r->v.end - r->v.p) ||
        memchr(r->v.p, '\0', (size_t)n) != NULL) {
        r->v.bad = 1;
        return "";
    }
    return pack_string(r, "", 0, varint_get_bytes(&r->v, (size_t)n),
                       (size_t)n);
}

/* A string as version 1 writes all: length, bytes. */
static const char *
get_str(struct reader *r)
{
    return get_bytes(r, varint_get(&r->v));
}

/* A number or id, never empty; prev is the one before (version 2), of
 * *prev_len bytes, which becomes the new one's length. */
static const char *
get_key(struct reader *r, const char *prev, size_t *prev_len)
{
    const unsigned char *rest;
    const char *key;
    size_t shared, n;

    if (r->version == 1) {
        key = get_str(r);
        if (key[0] == '\0')
            r->v.bad = 1;
        return key;
    }
    if ((rest = varint_get_key(&r->v, *prev_len, &shared, &n)) == NULL)
        return "";
    *prev_len = shared + n;
    key = pack_string(r, prev, shared, rest, n);
    table_add(&r->t, key, 0);
    return key;
}

static const char *
get_text(struct reader *r)
{
    uint64_t v;
    const char *s;

    if (r->version == 1)
        return get_str(r);
    v = varint_get(&r->v);
    if (v & 1) {
        if ((v >> 1) >= r->t.n) {
            r->v.bad = 1;
            return "";
        }
        return r->t.s[v >> 1];
    }
    s = get_bytes(r, v >> 1);
    if (s[0])
        table_add(&r->t, s, 0);
    return s;
}

/* Version 1: 3 bytes; version 2: a string of 3. */
static void
get_currency(struct reader *r, char *cur)
{
    const unsigned char *b;
    const char *s;

    memset(cur, 0, 4);
    if (r->version == 2) {
        s = get_text(r);
        if (strlen(s) != 3)
            r->v.bad = 1;
        else
            memcpy(cur, s, 3);
        return;
    }
    if ((b = varint_get_bytes(&r->v, 3)) != NULL)
        memcpy(cur, b, 3);
    if (strlen(cur) != 3)
        r->v.bad = 1;
}

/* A day written as a difference from base (version 2). */
static int32_t
get_day_from(struct reader *r, int32_t base)
{
    if (r->version == 1)
        return varint_get_day(&r->v);
    return varint_get_day_from(&r->v, base);
}

static void
get_stamp(struct reader *r, struct store_stamp *sp, int64_t *line)
{
    sp->import_id = varint_get_signed(&r->v);
    sp->line = varint_get_signed(&r->v);
    if (r->version == 2)
        sp->line = (int64_t)((uint64_t)sp->line + (uint64_t)*line);
    *line = sp->line;
}

int
doc_pack_decode(struct doc_pack *p, const void *value, size_t len,
                struct dun_err *err)
{
    struct reader r = { { value, (const unsigned char *)value + len, 0 }, p,
                        0, { 0 } };
    uint64_t ninv, npay;
    const unsigned char *inv_start;
    size_t inv_len, inv_nstrs;
    const char *prev = "";
    size_t prev_len = 0;
    int64_t line = 0;
    int32_t day = 0;

    if (len == 0 || (*r.v.p != 1 && *r.v.p != PACK_VERSION))
        goto bad;
    r.version = *r.v.p++;
    /* Version 1's strings take fewer bytes than the value, NULs and all:
     * one chunk holds them (version 2's mostly do, and the invoices'
     * bytes and strings kept for encoding after them). */
    chunk_reserve(p, r.version == 2 ? 2 * len : len);
    ninv = varint_get(&r.v);
    npay = varint_get(&r.v);
    /* Each document takes more than 8 bytes: a count past that is not
     * believed before it is allocated. */
    if (r.v.bad || ninv > len / 8 || npay > len / 8)
        goto bad;
    if (r.version == 2)
        table_init(&r.t, (size_t)(2 * ninv + 3 * npay), 0);
    p->inv_cap = ninv;
    p->pay_cap = npay;
    p->inv = xreallocarray(NULL, ninv ? ninv : 1, sizeof(*p->inv));
    p->pay = xreallocarray(NULL, npay ? npay : 1, sizeof(*p->pay));
    inv_start = r.v.p;
    for (p->ninv = 0; p->ninv < ninv && !r.v.bad; p->ninv++) {
        struct pack_invoice *v = &p->inv[p->ninv];

        v->d.number = prev = get_key(&r, prev, &prev_len);
        v->d.customer_id = p->customer_id;
        v->d.applies_to = get_text(&r);
        if (r.v.p == r.v.end || *r.v.p > 1) {
            r.v.bad = 1;
            break;
        }
        v->d.type = *r.v.p++ ? INVOICE_CREDIT_NOTE : INVOICE_PLAIN;
        v->d.issue_date = day = get_day_from(&r, day);
        v->d.due_date = get_day_from(&r, v->d.issue_date);
        get_currency(&r, v->d.currency);
        v->d.total = varint_get_signed(&r.v);
        v->d.description = get_text(&r);
        get_stamp(&r, &v->sp, &line);
    }
    inv_len = (size_t)(r.v.p - inv_start);
    inv_nstrs = r.t.n;
    prev = "";
    prev_len = 0;
    line = 0;
    day = 0;
    for (p->npay = 0; p->npay < npay && !r.v.bad; p->npay++) {
        struct pack_payment *v = &p->pay[p->npay];

        v->d.id = prev = get_key(&r, prev, &prev_len);
        v->d.customer_id = p->customer_id;
        v->d.date = day = get_day_from(&r, day);
        v->d.invoice_number = get_text(&r);
        v->d.amount = varint_get_signed(&r.v);
        get_currency(&r, v->d.currency);
        v->d.method = get_text(&r);
        v->d.reference = get_text(&r);
        get_stamp(&r, &v->sp, &line);
    }
    if (r.v.bad || r.v.p != r.v.end)
        goto bad;
    if (r.version == 2) {
        /* In the pack's chunks: the strings' pointers, aligned, then
         * the bytes. */
        size_t ptrs = inv_nstrs * sizeof(*p->inv_strs);
        uintptr_t at = (uintptr_t)chunk_alloc(p, ptrs + inv_len +
                                                     sizeof(void *), 0);

        at = (at + sizeof(void *) - 1) & ~(uintptr_t)(sizeof(void *) - 1);
        p->inv_strs = (const char **)at;
        if (ptrs)
            memcpy(p->inv_strs, r.t.s, ptrs);
        p->inv_nstrs = inv_nstrs;
        p->inv_bytes = (const unsigned char *)(at + ptrs);
        memcpy((unsigned char *)(at + ptrs), inv_start, inv_len);
        p->inv_len = inv_len;
    }
    table_release(&r.t);
    p->sorted = 1;
    p->dirty = 0;
    return 0;
bad:
    table_release(&r.t);
    p->ninv = p->npay = 0;
    return dun_err_set(err, DUN_E_IO, "customer %s: damaged documents "
                       "(dun check)", p->customer_id);
}

size_t
doc_pack_size(const struct doc_pack *p)
{
    return sizeof(*p) + p->inv_cap * sizeof(*p->inv) +
           p->pay_cap * sizeof(*p->pay) + p->chunk_bytes;
}

void
doc_pack_release(struct doc_pack *p)
{
    free(p->inv);
    free(p->pay);
    while (p->chunks) {
        struct pack_chunk *c = p->chunks;

        p->chunks = c->next;
        free(c);
    }
    memset(p, 0, sizeof(*p));
}
