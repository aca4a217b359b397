#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */

#include "core/date.h"
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_splits_exactly),
        cmocka_unit_test(test_status),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
