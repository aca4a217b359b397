/*
 * fuzz_balance_codec.c - libFuzzer target for the cached balance decoder.
 *
 * The bytes come from the database, which a crash, a disk or an older dun
 * may have damaged: decoding must either fail with DUN_E_IO or give a
 * balance that obeys what balances_scan's callers assume (every item has a
 * non-empty number without NUL bytes, an upper-case currency code and a
 * positive amount; so does every credit). A second, independent reading
 * of the layout (walk_*, below) must find the same values in the input.
 * A decoded balance must also survive a round trip: encoding it and
 * decoding that gives the same fields, and encoding is a fixed point (the
 * decoder accepts non-minimal varints and letters where "as before" would
 * do, so the first encoding may differ from the input, but is never
 * longer than one of version 3, and at most ten bytes an item longer than
 * one of versions 1 and 2).
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/balance_codec.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_currency(const char *c)
{
    for (int i = 0; i < 3; i++)
        if (c[i] < 'A' || c[i] > 'Z')
            abort();
    if (c[3] != '\0')
        abort();
}

static void
check_balances(const struct store_balances *b, const char *customer_id)
{
    if (b->customer_id != customer_id)
        abort(); /* the decoder must leave it alone */
    if ((b->nitems && b->items == NULL) || (b->ncredits && b->credits == NULL))
        abort();
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *it = &b->items[i];

        if (it->customer_id != customer_id || it->invoice_number == NULL ||
            it->invoice_number[0] == '\0')
            abort();
        check_currency(it->currency);
        if (it->amount <= 0 || it->total < -1)
            abort();
    }
    for (size_t i = 0; i < b->ncredits; i++) {
        check_currency(b->credits[i].currency);
        if (b->credits[i].amount <= 0)
            abort();
    }
}

/*
 * The layout read again, as simply as possible, for comparison with what
 * the decoder made of the same bytes: only run on input it accepted, so a
 * walk that runs off the end means the decoder accepted too little.
 */
struct walk {
    const uint8_t *p, *end;
};

static uint64_t
walk_varint(struct walk *w)
{
    uint64_t v = 0;

    /* Ten bytes at most; bits past 64 are dropped, as the decoder does. */
    for (unsigned shift = 0; shift < 70; shift += 7) {
        if (w->p == w->end)
            abort();
        v |= shift < 64 ? (uint64_t)(*w->p & 0x7f) << shift : 0;
        if (!(*w->p++ & 0x80))
            return v;
    }
    abort();
}

static int64_t
walk_svarint(struct walk *w)
{
    uint64_t v = walk_varint(w);

    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static const uint8_t *
walk_bytes(struct walk *w, uint64_t n)
{
    const uint8_t *p = w->p;

    if ((uint64_t)(w->end - w->p) < n)
        abort();
    w->p += n;
    return p;
}

/* Version 3's item i, which follows prev (NULL for the first). */
static void
walk_item_v3(struct walk *w, const struct open_item *it,
             const struct open_item *prev)
{
    const char *before = prev ? prev->invoice_number : "";
    uint64_t shared = walk_varint(w), n = walk_varint(w);
    const uint8_t *rest = walk_bytes(w, n);
    uint64_t code;
    int64_t due;

    if (shared > strlen(before) || strlen(it->invoice_number) != shared + n ||
        memcmp(it->invoice_number, before, shared) != 0 ||
        memcmp(it->invoice_number + shared, rest, n) != 0)
        abort();
    if (w->p < w->end && *w->p == 0) {
        w->p++;
        if (prev == NULL || memcmp(it->currency, prev->currency, 4) != 0)
            abort();
    } else if (memcmp(it->currency, walk_bytes(w, 3), 3) != 0) {
        abort();
    }
    due = (prev ? prev->due_date : 0) + walk_svarint(w);
    if (it->due_date != due || it->issue_date != due + walk_svarint(w) ||
        (uint64_t)it->amount != walk_varint(w))
        abort();
    /* 0 not known, 1 the amount, else total + 2 */
    code = walk_varint(w);
    if (code == 0 ? it->total != -1
                  : code == 1 ? it->total != it->amount
                              : (uint64_t)it->total + 2 != code)
        abort();
}

static void
check_walk(const struct store_balances *b, const uint8_t *data, size_t size)
{
    struct walk w = { data, data + size };
    uint8_t version = *walk_bytes(&w, 1);

    if (version < 1 || version > 3 || walk_varint(&w) != b->nitems ||
        walk_varint(&w) != b->ncredits)
        abort();
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *it = &b->items[i];
        uint64_t n;
        const uint8_t *num;

        if (version == 3) {
            walk_item_v3(&w, it, i ? &b->items[i - 1] : NULL);
            continue;
        }
        n = walk_varint(&w);
        num = walk_bytes(&w, n);
        /* strlen, not n: a NUL in the number would cut it short. */
        if (strlen(it->invoice_number) != n ||
            memcmp(it->invoice_number, num, n) != 0 ||
            memcmp(it->currency, walk_bytes(&w, 3), 3) != 0 ||
            it->issue_date != walk_svarint(&w) ||
            it->due_date != walk_svarint(&w) ||
            (uint64_t)it->amount != walk_varint(&w))
            abort();
        /* version 2: total + 1, 0 for not known; version 1: none */
        if (version == 2 ? (uint64_t)(it->total + 1) != walk_varint(&w)
                         : it->total != -1)
            abort();
    }
    for (size_t i = 0; i < b->ncredits; i++)
        if (memcmp(b->credits[i].currency, walk_bytes(&w, 3), 3) != 0 ||
            (uint64_t)b->credits[i].amount != walk_varint(&w))
            abort();
    if (w.p != w.end)
        abort();
}

static void
check_same(const struct store_balances *x, const struct store_balances *y)
{
    if (x->nitems != y->nitems || x->ncredits != y->ncredits)
        abort();
    for (size_t i = 0; i < x->nitems; i++) {
        const struct open_item *a = &x->items[i], *b = &y->items[i];

        if (strcmp(a->invoice_number, b->invoice_number) != 0 ||
            memcmp(a->currency, b->currency, sizeof(a->currency)) != 0 ||
            a->issue_date != b->issue_date || a->due_date != b->due_date ||
            a->amount != b->amount || a->total != b->total)
            abort();
    }
    for (size_t i = 0; i < x->ncredits; i++) {
        const struct ledger_credit *a = &x->credits[i], *b = &y->credits[i];

        if (memcmp(a->currency, b->currency, sizeof(a->currency)) != 0 ||
            a->amount != b->amount)
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char customer_id[] = "C-fuzz";
    struct store_balances b = { .customer_id = customer_id };
    struct store_balances again = { .customer_id = customer_id };
    struct dun_err err = DUN_ERR_INIT;
    struct arena arena = ARENA_INIT;
    struct sbuf enc = SBUF_INIT, enc2 = SBUF_INIT;
    unsigned char *copy;

    copy = fuzz_copy(data, size);

    if (balance_decode(copy, size, &b, &arena, &err) < 0) {
        if (err.code != DUN_E_IO ||
            strncmp(err.msg, "customer C-fuzz: ", 17) != 0)
            abort();
        goto out;
    }
    check_balances(&b, customer_id);
    check_walk(&b, copy, size);

    balance_encode(&b, &enc);
    /* Version 3 writes an item in at most ten bytes more than the older
     * ones (the shared length; each date as a step, which may take five
     * bytes where the day took one; the total), and an input of version 3
     * never in more. */
    if (enc.len > size + (copy[0] < 3 ? 10 * b.nitems : 0))
        abort();
    if (balance_decode(enc.buf, enc.len, &again, &arena, &err) < 0)
        abort();
    check_balances(&again, customer_id);
    check_same(&b, &again);
    balance_encode(&again, &enc2);
    fuzz_same_bytes(&enc, &enc2);
out:
    sbuf_release(&enc);
    sbuf_release(&enc2);
    arena_release(&arena);
    free(copy);
    return 0;
}
