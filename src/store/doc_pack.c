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

#define PACK_VERSION 1

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

size_t
doc_pack_add_invoice(struct doc_pack *p, const struct invoice *inv,
                     const struct store_stamp *sp)
{
    if (p->ninv == p->inv_cap) {
        p->inv_cap = p->inv_cap ? p->inv_cap * 2 : 8;
        p->inv = xreallocarray(p->inv, p->inv_cap, sizeof(*p->inv));
    }
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
    if (p->sorted)
        return;
    sort_array(p->inv, p->ninv, sizeof(*p->inv), cmp_invoice);
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

static void
put_str(struct sbuf *out, const char *s)
{
    size_t n = strlen(s);

    varint_put(out, n);
    sbuf_add(out, s, n);
}

static void
put_stamp(struct sbuf *out, const struct store_stamp *sp)
{
    varint_put_signed(out, sp->import_id);
    varint_put_signed(out, sp->line);
}

void
doc_pack_encode(struct doc_pack *p, struct sbuf *out)
{
    sbuf_reset(out);
    doc_pack_sort(p);
    sbuf_addch(out, PACK_VERSION);
    varint_put(out, p->ninv);
    varint_put(out, p->npay);
    for (size_t i = 0; i < p->ninv; i++) {
        const struct invoice *v = &p->inv[i].d;

        put_str(out, v->number);
        put_str(out, v->applies_to);
        sbuf_addch(out, v->type == INVOICE_CREDIT_NOTE ? 1 : 0);
        varint_put_signed(out, v->issue_date);
        varint_put_signed(out, v->due_date);
        sbuf_add(out, v->currency, 3);
        varint_put_signed(out, v->total);
        put_str(out, v->description);
        put_stamp(out, &p->inv[i].sp);
    }
    for (size_t i = 0; i < p->npay; i++) {
        const struct payment *v = &p->pay[i].d;

        put_str(out, v->id);
        varint_put_signed(out, v->date);
        put_str(out, v->invoice_number);
        varint_put_signed(out, v->amount);
        sbuf_add(out, v->currency, 3);
        put_str(out, v->method);
        put_str(out, v->reference);
        put_stamp(out, &p->pay[i].sp);
    }
}

struct reader {
    struct varint_reader v;
    struct doc_pack *pack;
};

static const char *
get_str(struct reader *r)
{
    uint64_t n = varint_get(&r->v);
    const unsigned char *b;

    if (r->v.bad || n > (uint64_t)(r->v.end - r->v.p) ||
        memchr(r->v.p, '\0', (size_t)n) != NULL) {
        r->v.bad = 1;
        return "";
    }
    b = varint_get_bytes(&r->v, (size_t)n);
    return copy_n(r->pack, (const char *)b, (size_t)n);
}

static void
get_currency(struct reader *r, char *cur)
{
    const unsigned char *b = varint_get_bytes(&r->v, 3);

    memset(cur, 0, 4);
    if (b)
        memcpy(cur, b, 3);
}

static void
get_stamp(struct reader *r, struct store_stamp *sp)
{
    sp->import_id = varint_get_signed(&r->v);
    sp->line = varint_get_signed(&r->v);
}

int
doc_pack_decode(struct doc_pack *p, const void *value, size_t len,
                struct dun_err *err)
{
    struct reader r = { { value, (const unsigned char *)value + len, 0 }, p };
    uint64_t ninv, npay;

    if (len == 0 || *r.v.p++ != PACK_VERSION)
        goto bad;
    /* Its strings take fewer bytes than the value, NULs and all: one
     * chunk holds them. */
    chunk_reserve(p, len);
    ninv = varint_get(&r.v);
    npay = varint_get(&r.v);
    /* Each document takes more than 8 bytes: a count past that is not
     * believed before it is allocated. */
    if (r.v.bad || ninv > len / 8 || npay > len / 8)
        goto bad;
    p->inv_cap = ninv;
    p->pay_cap = npay;
    p->inv = xreallocarray(NULL, ninv ? ninv : 1, sizeof(*p->inv));
    p->pay = xreallocarray(NULL, npay ? npay : 1, sizeof(*p->pay));
    for (p->ninv = 0; p->ninv < ninv && !r.v.bad; p->ninv++) {
        struct pack_invoice *v = &p->inv[p->ninv];

        v->d.number = get_str(&r);
        v->d.customer_id = p->customer_id;
        v->d.applies_to = get_str(&r);
        if (r.v.p == r.v.end || *r.v.p > 1) {
            r.v.bad = 1;
            break;
        }
        v->d.type = *r.v.p++ ? INVOICE_CREDIT_NOTE : INVOICE_PLAIN;
        v->d.issue_date = varint_get_day(&r.v);
        v->d.due_date = varint_get_day(&r.v);
        get_currency(&r, v->d.currency);
        v->d.total = varint_get_signed(&r.v);
        v->d.description = get_str(&r);
        get_stamp(&r, &v->sp);
    }
    for (p->npay = 0; p->npay < npay && !r.v.bad; p->npay++) {
        struct pack_payment *v = &p->pay[p->npay];

        v->d.id = get_str(&r);
        v->d.customer_id = p->customer_id;
        v->d.date = varint_get_day(&r.v);
        v->d.invoice_number = get_str(&r);
        v->d.amount = varint_get_signed(&r.v);
        get_currency(&r, v->d.currency);
        v->d.method = get_str(&r);
        v->d.reference = get_str(&r);
        get_stamp(&r, &v->sp);
    }
    if (r.v.bad || r.v.p != r.v.end)
        goto bad;
    p->sorted = 1;
    p->dirty = 0;
    return 0;
bad:
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
