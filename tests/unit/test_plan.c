#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */

#include <string.h>

#include "core/date.h"
#include "core/err.h"
#include "core/ledger.h"
#include "core/plan.h"

/* 1000.00 in 3 monthly-ish installments from 2026-07-01, 30 days apart:
 * 333.34 on 07-01, 333.33 on 07-31 and 08-30. */
static void
test_schedule_splits_exactly(void **state)
{
    struct plan_installment p[3];

    (void)state;
    assert_int_equal(plan_schedule(100000, 3, date_from_iso("2026-07-01"),
                                   30, p), 0);
    assert_int_equal(p[0].amount, 33334);
    assert_int_equal(p[1].amount, 33333);
    assert_int_equal(p[2].amount, 33333);
    assert_int_equal(p[0].due_date, date_from_iso("2026-07-01"));
    assert_int_equal(p[1].due_date, date_from_iso("2026-07-31"));
    assert_int_equal(p[2].due_date, date_from_iso("2026-08-30"));
    assert_int_equal(plan_schedule(100000, 0, 0, 30, p), -1);
    assert_int_equal(plan_schedule(100000, 3, 0, 0, p), -1);
    assert_int_equal(plan_schedule(0, 3, 0, 30, p), -1);
}

static void
test_status(void **state)
{
    struct plan_installment p[3];
    int32_t first = date_from_iso("2026-07-01");

    (void)state;
    plan_schedule(100000, 3, first, 30, p);
    /* Before the first date nothing is due: kept. */
    assert_int_equal(plan_status(p, 3, 0, first - 1, 2), PLAN_KEPT);
    /* The first installment's date plus 2 days' grace: still kept. */
    assert_int_equal(plan_status(p, 3, 0, first + 2, 2), PLAN_KEPT);
    /* A day later, unpaid: broken; one cent short: broken. */
    assert_int_equal(plan_status(p, 3, 0, first + 3, 2), PLAN_BROKEN);
    assert_int_equal(plan_status(p, 3, 33333, first + 3, 2), PLAN_BROKEN);
    assert_int_equal(plan_status(p, 3, 33334, first + 3, 2), PLAN_KEPT);
    /* Paid ahead: kept; all of it: complete, whatever the date. */
    assert_int_equal(plan_status(p, 3, 66667, first + 3, 2), PLAN_KEPT);
    assert_int_equal(plan_status(p, 3, 100000, first - 10, 2),
                     PLAN_COMPLETE);
    assert_int_equal(plan_status(p, 3, 66667, first + 62, 2), PLAN_KEPT);
    assert_int_equal(plan_status(p, 3, 66667, first + 63, 2), PLAN_BROKEN);
}

/* P3, P4: 1000.00 in 3 installments from 2026-07-01, 30 days apart
 * (333.34, 333.33, 333.33), 2 days' grace. */
static void
test_progress_misses_and_completion(void **state)
{
    struct plan_installment p[3];
    int32_t first = date_from_iso("2026-07-01");
    static const struct {
        int64_t paid;
        int settled;
        int32_t day; /* days after first */
        enum plan_status status;
        size_t missed;
        int64_t missed_short;
        int32_t broken_on; /* days after first, or -1 for none */
    } cases[] = {
        /* Nothing due before the first date plus grace. */
        { 0, 0, -1, PLAN_KEPT, 0, 0, -1 },
        { 0, 0, 2, PLAN_KEPT, 0, 0, -1 },
        /* The day after the grace: the first installment is missed. */
        { 0, 0, 3, PLAN_BROKEN, 0, 33334, 3 },
        /* A cent short is short. */
        { 33333, 0, 3, PLAN_BROKEN, 0, 1, 3 },
        { 33334, 0, 3, PLAN_KEPT, 0, 0, -1 },
        /* Partly into the second: kept until its date (07-31) + 2. */
        { 40000, 0, 32, PLAN_KEPT, 0, 0, -1 },
        { 40000, 0, 33, PLAN_BROKEN, 1, 26667, 33 },
        /* Two paid, the third (08-30) missed from 09-02. */
        { 66667, 0, 62, PLAN_KEPT, 0, 0, -1 },
        { 66667, 0, 63, PLAN_BROKEN, 2, 33333, 63 },
        /* Paid late but caught up: kept again. */
        { 66667, 0, 40, PLAN_KEPT, 0, 0, -1 },
        /* All of it: complete, even before the first date. */
        { 100000, 0, -10, PLAN_COMPLETE, 0, 0, -1 },
        { 100000, 0, 200, PLAN_COMPLETE, 0, 0, -1 },
        /* Its invoices settled some other way: complete, though nothing
         * counted toward it. */
        { 0, 1, 200, PLAN_COMPLETE, 0, 0, -1 },
    };
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(plan_schedule(100000, 3, first, 30, p), 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct plan_progress pg;

        assert_int_equal(plan_progress(p, 3, cases[i].paid, cases[i].settled,
                                       first + cases[i].day, 2, &pg, &err),
                         0);
        assert_int_equal(pg.status, cases[i].status);
        assert_int_equal(pg.missed, cases[i].missed);
        assert_int_equal(pg.missed_short, cases[i].missed_short);
        assert_int_equal(pg.broken_on, cases[i].broken_on < 0
                                           ? DATE_INVALID
                                           : first + cases[i].broken_on);
    }
}

static void
test_progress_overflow_fails(void **state)
{
    struct plan_installment p[2] = { { 0, INT64_MAX }, { 30, 1 } };
    struct plan_progress pg;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(plan_progress(p, 2, 0, 0, 100, 0, &pg, &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
}

/* P2: money fills the earliest installments first. */
static void
test_paid_toward_fills_in_date_order(void **state)
{
    struct plan_installment p[3];

    (void)state;
    plan_schedule(100000, 3, date_from_iso("2026-07-01"), 30, p);
    assert_int_equal(plan_paid_toward(p, 3, 0, 50000), 33334);
    assert_int_equal(plan_paid_toward(p, 3, 1, 50000), 16666);
    assert_int_equal(plan_paid_toward(p, 3, 2, 50000), 0);
    assert_int_equal(plan_paid_toward(p, 3, 0, 0), 0);
    assert_int_equal(plan_paid_toward(p, 3, 2, 100000), 33333);
    assert_int_equal(plan_paid_toward(p, 3, 2, 200000), 33333);
    assert_int_equal(plan_paid_toward(p, 3, 3, 200000), 0);
}

/* The books of one customer: I-1 (300.00, overdue when the plan is made
 * on 07-04, the plan's only invoice), I-2 (500.00, a new invoice issued
 * after the plan), a credit note on I-1 and payments before, on and
 * after the day the plan was made (dates: books_dates). */
static const struct ledger_invoice books_inv[] = {
    { .number = "I-1", .currency = "EUR", .total = 30000 },
    { .number = "I-2", .currency = "EUR", .total = 50000 },
    { .number = "CN-1", .applies_to = "I-1", .currency = "EUR",
      .total = 3000, .is_credit_note = 1 },
};

static void
books_dates(struct ledger_invoice *inv, struct ledger_payment *pay)
{
    static const char *const issued[][3] = {
        { "2026-05-01", "2026-05-31" },
        { "2026-07-10", "2026-08-09" },
        { "2026-07-25", "2026-07-25" },
    };
    static const char *const paid_on[] = {
        "2026-06-15", "2026-07-03", "2026-07-04", "2026-07-12",
        "2026-07-15", "2026-07-20", "2026-08-05",
    };

    for (size_t i = 0; i < 3; i++) {
        inv[i].issue_date = date_from_iso(issued[i][0]);
        inv[i].due_date = date_from_iso(issued[i][1]);
    }
    for (size_t i = 0; i < 7; i++)
        pay[i].date = date_from_iso(paid_on[i]);
}

/* P1: only money applied to the plan's invoices, from money dated from
 * the day it was made to the as-of date, counts. */
static void
test_paid_counts_money_to_its_invoices_only(void **state)
{
    struct ledger_invoice inv[3];
    struct ledger_payment pay[] = {
        { "P-0", "I-1", 0, "EUR", 5000 }, /* before the plan */
        { "P-6", "I-1", 0, "EUR", 500 },  /* the day before */
        { "P-5", "I-1", 0, "EUR", 1000 }, /* the day it was made */
        { "P-1", "I-2", 0, "EUR", 20000 }, /* the new invoice */
        { "P-2", "I-1", 0, "EUR", 4000 },
        { "P-3", NULL, 0, "EUR", 6000 }, /* names none: oldest first */
        { "P-4", "I-1", 0, "EUR", 10500 }, /* after the as-of date */
    };
    static const struct {
        const char *as_of;
        int64_t paid, i1_open;
    } cases[] = {
        /* 10.00 on 07-04; 200.00 to I-2 on 07-12 does not count. */
        { "2026-07-14", 1000, 23500 },
        /* + 40.00, + 60.00 naming none (to I-1, due first), + the credit
         * note's 30.00 on 07-25. */
        { "2026-08-01", 14000, 10500 },
        /* P-4 on 08-05 pays I-1's remaining 105.00. */
        { "2026-08-05", 24500, 0 },
    };
    unsigned char covered[3] = { 1, 0, 0 };
    struct ledger lg = LEDGER_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    memcpy(inv, books_inv, sizeof(inv));
    books_dates(inv, pay);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int32_t as_of = date_from_iso(cases[i].as_of);
        int64_t paid = -1, per[3] = { 0, 0, 0 };

        assert_int_equal(ledger_compute(&lg, inv, 3, pay, 7, NULL, 0, as_of,
                                        &err), 0);
        assert_int_equal(inv[0].open, cases[i].i1_open);
        assert_int_equal(plan_paid(&lg, inv, pay, covered,
                                   date_from_iso("2026-07-04"), as_of, &paid,
                                   per, &err), 0);
        assert_int_equal(paid, cases[i].paid);
        assert_int_equal(per[0], cases[i].paid);
        assert_int_equal(per[1], 0);
        assert_int_equal(per[2], 0);
    }
    ledger_release(&lg);
}

/* The finding of issue 10: a customer who pays a new invoice (200.00 to
 * I-2 on 07-12) but not the plan's first installment (122.50 by 07-10,
 * 3 days' grace) has broken the plan on 07-14, though the money paid
 * since the plan was made exceeds the installment. */
static void
test_payment_of_a_new_invoice_does_not_keep_a_plan(void **state)
{
    struct ledger_invoice inv[3];
    struct ledger_payment pay[] = {
        { "P-0", "I-1", 0, "EUR", 5000 }, { "P-6", "I-1", 0, "EUR", 500 },
        { "P-5", "I-1", 0, "EUR", 1000 }, { "P-1", "I-2", 0, "EUR", 20000 },
        { "P-2", "I-1", 0, "EUR", 4000 }, { "P-3", NULL, 0, "EUR", 6000 },
        { "P-4", "I-1", 0, "EUR", 10500 },
    };
    unsigned char covered[3] = { 1, 0, 0 };
    struct plan_installment p[2];
    struct ledger lg = LEDGER_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct plan_progress pg;
    int32_t as_of = date_from_iso("2026-07-14");
    int64_t paid;

    (void)state;
    memcpy(inv, books_inv, sizeof(inv));
    books_dates(inv, pay);
    assert_int_equal(plan_schedule(24500, 2, date_from_iso("2026-07-10"), 14,
                                   p), 0);
    assert_int_equal(ledger_compute(&lg, inv, 3, pay, 7, NULL, 0, as_of,
                                    &err), 0);
    assert_int_equal(plan_paid(&lg, inv, pay, covered,
                               date_from_iso("2026-07-04"), as_of, &paid,
                               NULL, &err), 0);
    assert_int_equal(paid, 1000);
    assert_int_equal(plan_progress(p, 2, paid, 0, as_of - 1, 3, &pg, &err),
                     0);
    assert_int_equal(pg.status, PLAN_KEPT);
    assert_int_equal(plan_progress(p, 2, paid, 0, as_of, 3, &pg, &err), 0);
    assert_int_equal(pg.status, PLAN_BROKEN);
    assert_int_equal(pg.missed, 0);
    assert_int_equal(pg.missed_short, 11250);
    assert_int_equal(pg.broken_on, as_of);
    ledger_release(&lg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_splits_exactly),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_progress_misses_and_completion),
        cmocka_unit_test(test_progress_overflow_fails),
        cmocka_unit_test(test_paid_toward_fills_in_date_order),
        cmocka_unit_test(test_paid_counts_money_to_its_invoices_only),
        cmocka_unit_test(test_payment_of_a_new_invoice_does_not_keep_a_plan),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
