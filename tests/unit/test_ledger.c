#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/ledger.h"

static struct ledger_invoice
inv(const char *number, const char *issue, const char *due, const char *cur,
    int64_t total)
{
    struct ledger_invoice i = { .number = number,
                                .issue_date = date_from_iso(issue),
                                .due_date = date_from_iso(due),
                                .total = total };
    memcpy(i.currency, cur, 4);
    return i;
}

static struct ledger_invoice
credit_note(const char *number, const char *applies_to, const char *issue,
            const char *cur, int64_t total)
{
    struct ledger_invoice i = inv(number, issue, issue, cur, total);

    i.is_credit_note = 1;
    i.applies_to = applies_to;
    return i;
}

static struct ledger_payment
pay(const char *id, const char *invoice, const char *date, const char *cur,
    int64_t amount)
{
    struct ledger_payment p = { .id = id, .invoice_number = invoice,
                                .date = date_from_iso(date),
                                .amount = amount };
    memcpy(p.currency, cur, 4);
    return p;
}

static int64_t
credit(const struct ledger *lg, const char *cur)
{
    for (size_t i = 0; i < lg->ncredits; i++)
        if (strcmp(lg->credits[i].currency, cur) == 0)
            return lg->credits[i].amount;
    return 0;
}

/* R2: a payment goes to the invoice it names first. */
static void
test_payment_to_referenced_invoice_first(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 10000),
        inv("B", "2026-02-01", "2026-03-03", "EUR", 5000),
    };
    struct ledger_payment p[] = { pay("P1", "B", "2026-03-10", "EUR", 5000) };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 10000);
    assert_int_equal(iv[1].open, 0);
    assert_int_equal(iv[1].settled_date, date_from_iso("2026-03-10"));
    assert_int_equal(lg.nallocs, 1);
    assert_int_equal(lg.allocs[0].invoice, 1);
    assert_int_equal(credit(&lg, "EUR"), 0);
    ledger_release(&lg);
}

/* Events happen in date order across documents of both kinds: credit
 * left by a payment settles an invoice issued later on that invoice's
 * day, not the payment's (the documents come invoices first, payments
 * after, each in key order). */
static void
test_credit_waits_for_a_later_invoice(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 10000),
        inv("B", "2026-02-01", "2026-03-03", "EUR", 5000),
        inv("C", "2026-04-01", "2026-05-01", "EUR", 2000),
    };
    struct ledger_payment p[] = {
        pay("P1", "", "2026-01-10", "EUR", 15000),
        pay("P2", "", "2026-03-20", "EUR", 500),
    };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 3, p, 2, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 0);
    assert_int_equal(iv[0].settled_date, date_from_iso("2026-01-10"));
    assert_int_equal(iv[1].open, 0);
    assert_int_equal(iv[1].settled_date, date_from_iso("2026-02-01"));
    assert_int_equal(iv[2].open, 1500);
    assert_int_equal(iv[2].settled_date, DATE_INVALID);
    assert_int_equal(credit(&lg, "EUR"), 0);
    ledger_release(&lg);
}

/* R2: an overpayment flows to the oldest due invoice, then to credit. */
static void
test_overpayment_oldest_due_first_then_credit(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-10", "2026-03-10", "EUR", 3000), /* due later */
        inv("B", "2026-01-20", "2026-02-19", "EUR", 2000), /* due first */
        inv("C", "2026-01-25", "2026-02-24", "EUR", 1000),
    };
    struct ledger_payment p[] = { pay("P1", "C", "2026-03-01", "EUR", 4500) };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 3, p, 1, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[2].open, 0);    /* C: 1000 referenced */
    assert_int_equal(iv[1].open, 0);    /* B: 2000, oldest due */
    assert_int_equal(iv[0].open, 1500); /* A: the last 1500 */
    assert_int_equal(credit(&lg, "EUR"), 0);
    p[0].amount = 7000;
    assert_int_equal(ledger_compute(&lg, iv, 3, p, 1, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 0);
    assert_int_equal(credit(&lg, "EUR"), 1000);
    ledger_release(&lg);
}

/* Partial payments leave the rest open, to the cent. */
static void
test_partial_payments(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "USD", 100001),
    };
    struct ledger_payment p[] = {
        pay("P1", "A", "2026-02-01", "USD", 33333),
        pay("P2", "A", "2026-03-01", "USD", 33333),
    };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 2, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 33335);
    assert_int_equal(iv[0].settled_date, DATE_INVALID);
    ledger_release(&lg);
}

/* R1: documents after the as-of date do not exist yet. */
static void
test_as_of_excludes_later_documents(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 10000),
        inv("B", "2026-05-01", "2026-05-31", "EUR", 7000),
    };
    struct ledger_payment p[] = { pay("P1", "A", "2026-02-15", "EUR", 10000) };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1, NULL, 0,
                                    date_from_iso("2026-02-14"), NULL), 0);
    assert_int_equal(iv[0].open, 10000); /* paid the day after */
    assert_int_equal(iv[1].open, 0);     /* not issued yet */
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1, NULL, 0,
                                    date_from_iso("2026-02-15"), NULL), 0);
    assert_int_equal(iv[0].open, 0);
    ledger_release(&lg);
}

/* R4: credit is taken by the next invoice of its currency. */
static void
test_credit_applies_to_next_invoice(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-03-01", "2026-03-31", "EUR", 10000),
    };
    struct ledger_payment p[] = { pay("P1", "", "2026-02-01", "EUR", 2500) };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 1, NULL, 0,
                                    date_from_iso("2026-02-28"), NULL), 0);
    assert_int_equal(credit(&lg, "EUR"), 2500);
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 1, NULL, 0,
                                    date_from_iso("2026-03-01"), NULL), 0);
    assert_int_equal(credit(&lg, "EUR"), 0);
    assert_int_equal(iv[0].open, 7500);
    assert_int_equal(lg.allocs[0].kind, LEDGER_FROM_PAYMENT);
    assert_int_equal(lg.allocs[0].source, 0);
    ledger_release(&lg);
}

/* R3: a credit note reduces its invoice; the rest is credit. */
static void
test_credit_note_reduces_its_invoice(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 5000),
        inv("B", "2026-01-05", "2026-02-04", "EUR", 8000),
        credit_note("CN1", "B", "2026-01-10", "EUR", 9000),
    };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 3, NULL, 0, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[1].open, 0);    /* B takes 8000 */
    assert_int_equal(iv[0].open, 4000); /* then the oldest: A takes 1000 */
    assert_int_equal(iv[2].open, 0);    /* a credit note owes nothing */
    assert_int_equal(credit(&lg, "EUR"), 0);
    ledger_release(&lg);
}

/* R5: currencies never mix; a customer may owe in two. */
static void
test_currencies_never_mix(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("E1", "2026-01-01", "2026-01-31", "EUR", 10000),
        inv("U1", "2026-01-01", "2026-01-31", "USD", 20000),
    };
    struct ledger_payment p[] = { pay("P1", "", "2026-02-01", "USD", 25000) };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 10000);
    assert_int_equal(iv[1].open, 0);
    assert_int_equal(credit(&lg, "USD"), 5000);
    assert_int_equal(credit(&lg, "EUR"), 0);
    ledger_release(&lg);
}

/* A payment naming an invoice in another currency does not touch it. */
static void
test_reference_in_other_currency_is_ignored(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("E1", "2026-01-01", "2026-01-31", "EUR", 10000),
    };
    struct ledger_payment p[] = { pay("P1", "E1", "2026-02-01", "USD", 100) };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 1, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 10000);
    assert_int_equal(credit(&lg, "USD"), 100);
    ledger_release(&lg);
}

/* Payments naming invoices out of their order, twice the same one, one
 * already settled: each finds the invoice it names. */
static void
check_named_out_of_order(struct ledger *lg)
{
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 1000),
        inv("B", "2026-02-01", "2026-02-28", "EUR", 2000),
        inv("C", "2026-03-01", "2026-03-31", "EUR", 3000),
    };
    struct ledger_payment p[] = {
        pay("P1", "A", "2026-02-05", "EUR", 1000),
        pay("P2", "C", "2026-03-10", "EUR", 500),
        pay("P3", "B", "2026-03-12", "EUR", 2000),
        pay("P4", "C", "2026-03-20", "EUR", 2500),
        pay("P5", "A", "2026-03-25", "EUR", 100),
    };
    static const size_t to[] = { 0, 2, 1, 2 };
    static const int64_t amount[] = { 1000, 500, 2000, 2500 };

    assert_int_equal(ledger_compute(lg, iv, 3, p, 5, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].settled_date, date_from_iso("2026-02-05"));
    assert_int_equal(iv[1].settled_date, date_from_iso("2026-03-12"));
    assert_int_equal(iv[2].settled_date, date_from_iso("2026-03-20"));
    assert_int_equal(iv[0].open + iv[1].open + iv[2].open, 0);
    assert_int_equal(lg->nallocs, 4);
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(lg->allocs[k].source, k);
        assert_int_equal(lg->allocs[k].invoice, to[k]);
        assert_int_equal(lg->allocs[k].amount, amount[k]);
    }
    assert_int_equal(credit(lg, "EUR"), 100);
}

/* One ledger computes customer after customer, small, large, small:
 * each result is its own. */
static void
test_one_ledger_customer_after_customer(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[200];
    struct ledger_payment p[200];
    char names[400][8];

    (void)state;
    check_named_out_of_order(&lg);
    for (int i = 0; i < 200; i++) {
        snprintf(names[i], 8, "I%03d", i);
        snprintf(names[200 + i], 8, "P%03d", i);
        iv[i] = inv(names[i], "2025-01-01", "2025-01-31", "EUR", 100);
        iv[i].issue_date += i;
        iv[i].due_date += i;
        p[i] = pay(names[200 + i], names[i], "2025-02-01", "EUR", 100);
        p[i].date += i;
    }
    assert_int_equal(ledger_compute(&lg, iv, 200, p, 200, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(lg.nallocs, 200);
    assert_int_equal(lg.allocs[199].invoice, 199);
    assert_int_equal(iv[199].settled_date, date_from_iso("2025-02-01") + 199);
    check_named_out_of_order(&lg);
    /* Two open invoices as of a day before the payment, then, of the
     * same sizes, a customer paying its second invoice before it is
     * issued: the money goes to the first, the second stays open
     * (nothing of the states before lingers). */
    assert_int_equal(ledger_compute(&lg, iv, 2, p + 1, 1, NULL, 0,
                                    date_from_iso("2025-01-31"), NULL), 0);
    assert_int_equal(iv[1].open, 100);
    iv[1].issue_date = date_from_iso("2025-03-01");
    assert_int_equal(ledger_compute(&lg, iv, 2, p + 1, 1, NULL, 0,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(lg.nallocs, 1);
    assert_int_equal(lg.allocs[0].invoice, 0);
    assert_int_equal(lg.allocs[0].amount, 100);
    assert_int_equal(iv[0].open, 0);
    assert_int_equal(iv[1].open, 100);
    ledger_release(&lg);
}

/* Money is conserved: open + credit = invoiced - paid - credited, for a
 * mixed history in any input order. */
static void
test_money_is_conserved(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[40];
    struct ledger_payment p[60];
    char names[100][8];
    int64_t invoiced = 0, paid = 0, open = 0;

    (void)state;
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], 8, "I%02d", i);
        iv[i] = inv(names[i], "2026-01-01", "2026-01-31", "EUR",
                    1000 + 37 * i);
        iv[i].issue_date += (i * 7) % 90;
        iv[i].due_date = iv[i].issue_date + 30;
        invoiced += iv[i].total;
    }
    for (int k = 0; k < 60; k++) {
        snprintf(names[40 + k], 8, "P%02d", k);
        p[k] = pay(names[40 + k], k % 3 ? names[(k * 11) % 40] : "",
                   "2026-01-01", "EUR", 500 + 13 * k);
        p[k].date += (k * 5) % 120;
        paid += p[k].amount;
    }
    assert_int_equal(ledger_compute(&lg, iv, 40, p, 60, NULL, 0,
                                    date_from_iso("2026-12-31"), NULL), 0);
    for (int i = 0; i < 40; i++) {
        assert_true(iv[i].open >= 0 && iv[i].open <= iv[i].total);
        open += iv[i].open;
    }
    assert_int_equal(open - credit(&lg, "EUR"), invoiced - paid);
    ledger_release(&lg);
}

/* R6: where money that names no invoice goes when the oldest invoice,
 * A (10000, due 2026-01-31), is disputed and B (6000, due 2026-03-03) is
 * not. The money is dated 2026-03-10; each case is run as a payment and
 * as a credit note (R3 orders a credit note's money the same way). */
static const struct dispute_case {
    const char *fact;
    const char *ref;           /* "" names no invoice */
    int64_t amount;
    const char *opened[2];     /* NULL: no such dispute */
    const char *resolved[2];   /* NULL: still open */
    const char *disputed;      /* the invoice disputed, "A" unless said */
    int64_t want_a, want_b, want_credit;
} dispute_cases[] = {
    { "no dispute: oldest due first", "", 5000, { NULL, NULL },
      { NULL, NULL }, "A", 5000, 6000, 0 },
    { "disputed oldest: the next one is paid", "", 5000,
      { "2026-02-10", NULL }, { NULL, NULL }, "A", 10000, 1000, 0 },
    { "named: the disputed invoice is paid all the same", "A", 5000,
      { "2026-02-10", NULL }, { NULL, NULL }, "A", 5000, 6000, 0 },
    { "named and more: the rest skips the disputed one", "A", 12000,
      { "2026-02-10", NULL }, { NULL, NULL }, "A", 0, 4000, 0 },
    { "only disputed open: the rest goes to it", "", 8000,
      { "2026-02-10", NULL }, { NULL, NULL }, "A", 8000, 0, 0 },
    { "more than both: the rest is credit", "", 20000,
      { "2026-02-10", NULL }, { NULL, NULL }, "A", 0, 0, 4000 },
    { "opened the day after the money: not yet disputed", "", 5000,
      { "2026-03-11", NULL }, { NULL, NULL }, "A", 5000, 6000, 0 },
    { "opened the day of the money: disputed", "", 5000,
      { "2026-03-10", NULL }, { NULL, NULL }, "A", 10000, 1000, 0 },
    { "resolved before the money: not disputed", "", 5000,
      { "2026-02-10", NULL }, { "2026-03-09", NULL }, "A", 5000, 6000, 0 },
    { "resolved the day of the money: not disputed", "", 5000,
      { "2026-02-10", NULL }, { "2026-03-10", NULL }, "A", 5000, 6000, 0 },
    { "resolved the day after the money: still disputed", "", 5000,
      { "2026-02-10", NULL }, { "2026-03-11", NULL }, "A", 10000, 1000,
      0 },
    { "resolved, then disputed again: disputed", "", 5000,
      { "2026-01-15", "2026-03-01" }, { "2026-02-01", NULL }, "A", 10000,
      1000, 0 },
    { "disputed twice, both resolved: not disputed", "", 5000,
      { "2026-01-15", "2026-03-01" }, { "2026-02-01", "2026-03-05" }, "A",
      5000, 6000, 0 },
    { "a dispute naming no invoice of the customer changes nothing", "",
      5000, { "2026-02-10", NULL }, { NULL, NULL }, "Z", 5000, 6000, 0 },
};

static void
check_dispute_case(const struct dispute_case *c, int as_credit_note)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 10000),
        inv("B", "2026-02-01", "2026-03-03", "EUR", 6000),
        credit_note("CN1", c->ref[0] ? c->ref : NULL, "2026-03-10", "EUR",
                    c->amount),
    };
    struct ledger_payment p[] = {
        pay("P1", c->ref, "2026-03-10", "EUR", c->amount),
    };
    struct ledger_dispute d[2];
    size_t nd = 0;

    for (size_t k = 0; k < 2 && c->opened[k]; k++)
        d[nd++] = (struct ledger_dispute){
            .invoice_number = c->disputed,
            .opened_on = date_from_iso(c->opened[k]),
            .resolved_on = c->resolved[k] ? date_from_iso(c->resolved[k])
                                          : DATE_INVALID,
        };
    assert_int_equal(ledger_compute(&lg, iv, as_credit_note ? 3 : 2, p,
                                    as_credit_note ? 0 : 1, nd ? d : NULL,
                                    nd, date_from_iso("2026-06-30"), NULL),
                     0);
    if (iv[0].open != c->want_a || iv[1].open != c->want_b ||
        credit(&lg, "EUR") != c->want_credit)
        fail_msg("%s (%s): A %lld, B %lld, credit %lld; want %lld, %lld, "
                 "%lld", c->fact, as_credit_note ? "credit note" : "payment",
                 (long long)iv[0].open, (long long)iv[1].open,
                 (long long)credit(&lg, "EUR"), (long long)c->want_a,
                 (long long)c->want_b, (long long)c->want_credit);
    ledger_release(&lg);
}

/* R6: unreferenced money goes to undisputed invoices first, to a
 * disputed one when named or when nothing else is open; disputed means
 * opened on or before the money's date and not resolved by it. */
static void
test_disputed_invoice_paid_last_unless_named(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(dispute_cases) / sizeof(dispute_cases[0]);
         i++) {
        check_dispute_case(&dispute_cases[i], 0);
        check_dispute_case(&dispute_cases[i], 1);
    }
}

/* R5 + R6: "nothing else open" counts the money's currency only. */
static void
test_disputed_invoice_paid_when_only_other_currencies_open(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 10000),
        inv("U", "2026-02-01", "2026-03-03", "USD", 6000),
    };
    struct ledger_payment p[] = { pay("P1", "", "2026-03-10", "EUR", 3000) };
    struct ledger_dispute d[] = {
        { "A", date_from_iso("2026-02-10"), DATE_INVALID },
    };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1, d, 1,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 7000);
    assert_int_equal(iv[1].open, 6000);
    assert_int_equal(lg.nallocs, 1);
    assert_int_equal(lg.allocs[0].invoice, 0);
    ledger_release(&lg);
}

/* R1 + R6: as of a day before a dispute is resolved, money dated while
 * it was open went past the disputed invoice; a payment dated after the
 * as-of date does not exist, whatever the disputes. */
static void
test_disputes_and_as_of(void **state)
{
    struct ledger lg = LEDGER_INIT;
    struct ledger_invoice iv[] = {
        inv("A", "2026-01-01", "2026-01-31", "EUR", 10000),
        inv("B", "2026-02-01", "2026-03-03", "EUR", 6000),
    };
    struct ledger_payment p[] = {
        pay("P1", "", "2026-03-10", "EUR", 5000),
        pay("P2", "", "2026-04-10", "EUR", 2000),
    };
    struct ledger_dispute d[] = {
        { "A", date_from_iso("2026-02-10"), date_from_iso("2026-04-01") },
    };

    (void)state;
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 2, d, 1,
                                    date_from_iso("2026-03-31"), NULL), 0);
    assert_int_equal(iv[0].open, 10000);
    assert_int_equal(iv[1].open, 1000);
    /* P2 comes after the resolution: the oldest, A, again. */
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 2, d, 1,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 8000);
    assert_int_equal(iv[1].open, 1000);
    ledger_release(&lg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payment_to_referenced_invoice_first),
        cmocka_unit_test(test_credit_waits_for_a_later_invoice),
        cmocka_unit_test(test_overpayment_oldest_due_first_then_credit),
        cmocka_unit_test(test_partial_payments),
        cmocka_unit_test(test_as_of_excludes_later_documents),
        cmocka_unit_test(test_credit_applies_to_next_invoice),
        cmocka_unit_test(test_credit_note_reduces_its_invoice),
        cmocka_unit_test(test_currencies_never_mix),
        cmocka_unit_test(test_reference_in_other_currency_is_ignored),
        cmocka_unit_test(test_money_is_conserved),
        cmocka_unit_test(test_one_ledger_customer_after_customer),
        cmocka_unit_test(test_disputed_invoice_paid_last_unless_named),
        cmocka_unit_test(
            test_disputed_invoice_paid_when_only_other_currencies_open),
        cmocka_unit_test(test_disputes_and_as_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
