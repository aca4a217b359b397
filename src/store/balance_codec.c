/*
 * balance_codec.c - the compact per-customer balance value; see the header.
 */
#include <stdint.h>
#include <string.h>

#include "store/balance_codec.h"

#define BALANCE_VERSION 2 /* 2: each item's total after its amount */

static void
put_varint(struct sbuf *out, uint64_t v)
{
    unsigned char b[10];
    size_t n = 0;

    do {
        b[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            b[n] |= 0x80;
        n++;
    } while (v);
    sbuf_add(out, b, n);
}

static void
put_svarint(struct sbuf *out, int64_t v)
{
    put_varint(out, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void
balance_encode(const struct store_balances *b, struct sbuf *out)
{
    sbuf_addch(out, BALANCE_VERSION);
    put_varint(out, b->nitems);
    put_varint(out, b->ncredits);
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *it = &b->items[i];
        size_t n = strlen(it->invoice_number);

        put_varint(out, n);
        sbuf_add(out, it->invoice_number, n);
        sbuf_add(out, it->currency, 3);
        put_svarint(out, it->issue_date);
        put_svarint(out, it->due_date);
        put_varint(out, (uint64_t)it->amount);
        /* total + 1: 0 keeps "not known" (-1) through a re-encoding */
        put_varint(out, (uint64_t)(it->total < 0 ? 0 : it->total) +
                            (it->total < 0 ? 0 : 1));
    }
    for (size_t i = 0; i < b->ncredits; i++) {
        sbuf_add(out, b->credits[i].currency, 3);
        put_varint(out, (uint64_t)b->credits[i].amount);
    }
}

struct reader {
    const unsigned char *p, *end;
    int bad;
};

static uint64_t
get_varint(struct reader *r)
{
    uint64_t v = 0;

    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p == r->end)
            break;
        unsigned char b = *r->p++;

        /* The tenth byte holds bit 63 only: more would be lost. */
        if (shift == 63 && (b & 0x7e))
            break;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static int64_t
get_svarint(struct reader *r)
{
    uint64_t v = get_varint(r);

    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static int32_t
get_day(struct reader *r)
{
    int64_t v = get_svarint(r);

    if (v < INT32_MIN || v > INT32_MAX)
        r->bad = 1;
    return (int32_t)v;
}

static int64_t
get_amount(struct reader *r)
{
    uint64_t v = get_varint(r);

    if (v == 0 || v > INT64_MAX)
        r->bad = 1;
    return (int64_t)v;
}

/* An item's total, stored plus one (0: not known). */
static int64_t
get_total(struct reader *r)
{
    uint64_t v = get_varint(r);

    if (v > INT64_MAX)
        r->bad = 1;
    return v == 0 ? -1 : (int64_t)(v - 1);
}

static const unsigned char *
get_bytes(struct reader *r, size_t n)
{
    const unsigned char *p = r->p;

    if ((size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    r->p += n;
    return p;
}

static void
get_currency(struct reader *r, char *out)
{
    const unsigned char *p = get_bytes(r, 3);

    memset(out, 0, 4);
    if (p == NULL)
        return;
    for (int i = 0; i < 3; i++)
        if (p[i] < 'A' || p[i] > 'Z')
            r->bad = 1;
    memcpy(out, p, 3);
}

int
balance_decode(const void *p, size_t len, struct store_balances *b,
               struct arena *a, struct dun_err *err)
{
    struct reader r = { p, (const unsigned char *)p + len, 0 };
    struct open_item *items = NULL;
    struct ledger_credit *credits = NULL;
    uint64_t nitems, ncredits;
    const unsigned char *version = get_bytes(&r, 1);

    if (version == NULL || *version < 1 || *version > BALANCE_VERSION)
        goto bad;
    nitems = get_varint(&r);
    ncredits = get_varint(&r);
    /* Each item takes at least 7 bytes and each credit 4: a count that
     * cannot fit in what is left is damage, not a reason to allocate. */
    if (r.bad || nitems > len / 7 || ncredits > len / 4)
        goto bad;
    if (nitems)
        items = arena_alloc(a, nitems * sizeof(*items));
    if (ncredits)
        credits = arena_alloc(a, ncredits * sizeof(*credits));
    for (size_t i = 0; i < nitems && !r.bad; i++) {
        struct open_item *it = &items[i];
        uint64_t n = get_varint(&r);
        const unsigned char *num = get_bytes(&r, n);

        if (num == NULL || n == 0 || memchr(num, 0, n))
            goto bad;
        it->customer_id = b->customer_id;
        it->invoice_number = arena_strndup(a, (const char *)num, n);
        get_currency(&r, it->currency);
        it->issue_date = get_day(&r);
        it->due_date = get_day(&r);
        it->amount = get_amount(&r);
        /* Version 1 kept no totals: not known, rather than wrong. */
        it->total = *version >= 2 ? get_total(&r) : -1;
    }
    for (size_t i = 0; i < ncredits && !r.bad; i++) {
        get_currency(&r, credits[i].currency);
        credits[i].amount = get_amount(&r);
    }
    if (r.bad || r.p != r.end)
        goto bad;
    b->items = items;
    b->nitems = nitems;
    b->credits = credits;
    b->ncredits = ncredits;
    return 0;
bad:
    return dun_err_set(err, DUN_E_IO, "customer %s: damaged cached balance "
                       "('dun check --repair' rebuilds it)",
                       b->customer_id ? b->customer_id : "?");
}
