/*
 * balance_codec.c - the compact per-customer balance value; see the header.
 */
#include <stdint.h>
#include <string.h>

#include "store/balance_codec.h"
#include "store/varint.h"

#define BALANCE_VERSION 2 /* 2: each item's total after its amount */

void
balance_encode(const struct store_balances *b, struct sbuf *out)
{
    sbuf_addch(out, BALANCE_VERSION);
    varint_put(out, b->nitems);
    varint_put(out, b->ncredits);
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *it = &b->items[i];
        size_t n = strlen(it->invoice_number);

        varint_put(out, n);
        sbuf_add(out, it->invoice_number, n);
        sbuf_add(out, it->currency, 3);
        varint_put_signed(out, it->issue_date);
        varint_put_signed(out, it->due_date);
        varint_put(out, (uint64_t)it->amount);
        /* total + 1: 0 keeps "not known" (-1) through a re-encoding */
        varint_put(out, (uint64_t)(it->total < 0 ? 0 : it->total) +
                            (it->total < 0 ? 0 : 1));
    }
    for (size_t i = 0; i < b->ncredits; i++) {
        sbuf_add(out, b->credits[i].currency, 3);
        varint_put(out, (uint64_t)b->credits[i].amount);
    }
}

static int64_t
get_amount(struct varint_reader *r)
{
    uint64_t v = varint_get(r);

    if (v == 0 || v > INT64_MAX)
        r->bad = 1;
    return (int64_t)v;
}

/* An item's total, stored plus one (0: not known). */
static int64_t
get_total(struct varint_reader *r)
{
    uint64_t v = varint_get(r);

    if (v > INT64_MAX)
        r->bad = 1;
    return v == 0 ? -1 : (int64_t)(v - 1);
}

static void
get_currency(struct varint_reader *r, char *out)
{
    const unsigned char *p = varint_get_bytes(r, 3);

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
    struct varint_reader r = { p, (const unsigned char *)p + len, 0 };
    struct open_item *items = NULL;
    struct ledger_credit *credits = NULL;
    uint64_t nitems, ncredits;
    const unsigned char *version = varint_get_bytes(&r, 1);

    if (version == NULL || *version < 1 || *version > BALANCE_VERSION)
        goto bad;
    nitems = varint_get(&r);
    ncredits = varint_get(&r);
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
        uint64_t n = varint_get(&r);
        const unsigned char *num = varint_get_bytes(&r, n);

        if (num == NULL || n == 0 || memchr(num, 0, n))
            goto bad;
        it->customer_id = b->customer_id;
        it->invoice_number = arena_strndup(a, (const char *)num, n);
        get_currency(&r, it->currency);
        it->issue_date = varint_get_day(&r);
        it->due_date = varint_get_day(&r);
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
