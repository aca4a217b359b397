/*
 * balance_codec.c - the compact per-customer balance value; see the header.
 */
#include <stdint.h>
#include <string.h>

#include "store/balance_codec.h"
#include "store/varint.h"

/* 3: items written by what they share with the one before (see the
 * header); 2: each item's total after its amount; 1: no totals. */
#define BALANCE_VERSION 3

/* An item's total as version 3 writes it: 0 not known, 1 its amount
 * (an invoice nothing was paid of), else the total plus two. */
static uint64_t
total_code(const struct open_item *it)
{
    if (it->total < 0)
        return 0;
    if (it->total == it->amount)
        return 1;
    return (uint64_t)it->total + 2;
}

void
balance_encode(const struct store_balances *b, struct sbuf *out)
{
    const char *prev = "", *prev_currency = NULL;
    int64_t prev_due = 0;

    sbuf_addch(out, BALANCE_VERSION);
    varint_put(out, b->nitems);
    varint_put(out, b->ncredits);
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *it = &b->items[i];

        varint_put_key(out, it->invoice_number, prev);
        /* A currency's letters are never 0: a 0 says "as before". */
        if (prev_currency && memcmp(prev_currency, it->currency, 3) == 0)
            sbuf_addch(out, 0);
        else
            sbuf_add(out, it->currency, 3);
        varint_put_signed(out, (int64_t)it->due_date - prev_due);
        varint_put_signed(out, (int64_t)it->issue_date - it->due_date);
        varint_put(out, (uint64_t)it->amount);
        varint_put(out, total_code(it));
        prev = it->invoice_number;
        prev_currency = it->currency;
        prev_due = it->due_date;
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

/* Version 3's total (see total_code). */
static int64_t
get_total_code(struct varint_reader *r, int64_t amount)
{
    uint64_t v = varint_get(r);

    if (v == 0)
        return -1;
    if (v == 1)
        return amount;
    if (v - 2 > INT64_MAX)
        r->bad = 1;
    return (int64_t)(v - 2);
}

/* Item it as versions 1 and 2 write it. */
static int
get_item_v2(struct varint_reader *r, struct open_item *it, int version,
            struct arena *a)
{
    uint64_t n = varint_get(r);
    const unsigned char *num = varint_get_bytes(r, n);

    if (num == NULL || n == 0 || memchr(num, 0, n))
        return -1;
    it->invoice_number = arena_strndup(a, (const char *)num, n);
    get_currency(r, it->currency);
    it->issue_date = varint_get_day(r);
    it->due_date = varint_get_day(r);
    it->amount = get_amount(r);
    /* Version 1 kept no totals: not known, rather than wrong. */
    it->total = version >= 2 ? get_total(r) : -1;
    return 0;
}

/* Item it as version 3 writes it, after prev (NULL for the first);
 * *number_len is the length of prev's number and becomes the length of
 * its own: a balance of thousands of items would measure each number
 * twice. */
static int
get_item_v3(struct varint_reader *r, struct open_item *it,
            const struct open_item *prev, size_t *number_len,
            struct arena *a)
{
    const char *prev_number = prev ? prev->invoice_number : "";
    const unsigned char *rest;
    size_t shared, n;
    char *number;

    if ((rest = varint_get_key(r, prev ? *number_len : 0, &shared, &n)) ==
        NULL)
        return -1;
    *number_len = shared + n;
    number = arena_alloc(a, shared + n + 1);
    memcpy(number, prev_number, shared);
    memcpy(number + shared, rest, n);
    number[shared + n] = '\0';
    it->invoice_number = number;
    if (r->p < r->end && *r->p == 0) {
        if (prev == NULL)
            return -1;
        r->p++;
        memcpy(it->currency, prev->currency, 4);
    } else {
        get_currency(r, it->currency);
    }
    it->due_date = varint_get_day_from(r, prev ? prev->due_date : 0);
    it->issue_date = varint_get_day_from(r, it->due_date);
    it->amount = get_amount(r);
    it->total = get_total_code(r, it->amount);
    return r->bad ? -1 : 0;
}

int
balance_decode(const void *p, size_t len, struct store_balances *b,
               struct arena *a, struct dun_err *err)
{
    struct varint_reader r = { p, (const unsigned char *)p + len, 0 };
    struct open_item *items = NULL;
    struct ledger_credit *credits = NULL;
    uint64_t nitems, ncredits;
    size_t number_len = 0;
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

        it->customer_id = b->customer_id;
        if (*version >= 3) {
            if (get_item_v3(&r, it, i ? &items[i - 1] : NULL, &number_len,
                            a) < 0)
                goto bad;
            continue;
        }
        if (get_item_v2(&r, it, *version, a) < 0)
            goto bad;
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
