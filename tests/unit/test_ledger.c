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
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 10000);
    assert_int_equal(iv[1].open, 0);
    assert_int_equal(iv[1].settled_date, date_from_iso("2026-03-10"));
    assert_int_equal(lg.nallocs, 1);
    assert_int_equal(lg.allocs[0].invoice, 1);
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
    assert_int_equal(ledger_compute(&lg, iv, 3, p, 1,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[2].open, 0);    /* C: 1000 referenced */
    assert_int_equal(iv[1].open, 0);    /* B: 2000, oldest due */
    assert_int_equal(iv[0].open, 1500); /* A: the last 1500 */
    assert_int_equal(credit(&lg, "EUR"), 0);
    p[0].amount = 7000;
    assert_int_equal(ledger_compute(&lg, iv, 3, p, 1,
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
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 2,
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
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1,
                                    date_from_iso("2026-02-14"), NULL), 0);
    assert_int_equal(iv[0].open, 10000); /* paid the day after */
    assert_int_equal(iv[1].open, 0);     /* not issued yet */
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1,
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
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 1,
                                    date_from_iso("2026-02-28"), NULL), 0);
    assert_int_equal(credit(&lg, "EUR"), 2500);
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 1,
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
    assert_int_equal(ledger_compute(&lg, iv, 3, NULL, 0,
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
    assert_int_equal(ledger_compute(&lg, iv, 2, p, 1,
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
    assert_int_equal(ledger_compute(&lg, iv, 1, p, 1,
                                    date_from_iso("2026-06-30"), NULL), 0);
    assert_int_equal(iv[0].open, 10000);
    assert_int_equal(credit(&lg, "USD"), 100);
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
    assert_int_equal(ledger_compute(&lg, iv, 40, p, 60,
                                    date_from_iso("2026-12-31"), NULL), 0);
    for (int i = 0; i < 40; i++) {
        assert_true(iv[i].open >= 0 && iv[i].open <= iv[i].total);
        open += iv[i].open;
    }
    assert_int_equal(open - credit(&lg, "EUR"), invoiced - paid);
    ledger_release(&lg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payment_to_referenced_invoice_first),
        cmocka_unit_test(test_overpayment_oldest_due_first_then_credit),
        cmocka_unit_test(test_partial_payments),
        cmocka_unit_test(test_as_of_excludes_later_documents),
        cmocka_unit_test(test_credit_applies_to_next_invoice),
        cmocka_unit_test(test_credit_note_reduces_its_invoice),
        cmocka_unit_test(test_currencies_never_mix),
        cmocka_unit_test(test_reference_in_other_currency_is_ignored),
        cmocka_unit_test(test_money_is_conserved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
