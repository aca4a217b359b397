#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */

#include "core/aging.h"
#include "core/date.h"

static void
test_default_buckets(void **state)
{
    struct aging_buckets b;

    (void)state;
    assert_int_equal(aging_buckets_parse("30,60,90", &b), 0);
    assert_int_equal(b.n, 5);
    assert_string_equal(b.label[0], "current");
    assert_string_equal(b.label[1], "1-30");
    assert_string_equal(b.label[2], "31-60");
    assert_string_equal(b.label[3], "61-90");
    assert_string_equal(b.label[4], "91+");
    /* Due today or later is current; the edges belong to the lower. */
    assert_int_equal(aging_bucket_of(&b, -400), 0);
    assert_int_equal(aging_bucket_of(&b, 0), 0);
    assert_int_equal(aging_bucket_of(&b, 1), 1);
    assert_int_equal(aging_bucket_of(&b, 30), 1);
    assert_int_equal(aging_bucket_of(&b, 31), 2);
    assert_int_equal(aging_bucket_of(&b, 60), 2);
    assert_int_equal(aging_bucket_of(&b, 61), 3);
    assert_int_equal(aging_bucket_of(&b, 90), 3);
    assert_int_equal(aging_bucket_of(&b, 91), 4);
    assert_int_equal(aging_bucket_of(&b, 5000), 4);
}

static void
test_configured_buckets(void **state)
{
    struct aging_buckets b;

    (void)state;
    assert_int_equal(aging_buckets_parse("7", &b), 0);
    assert_int_equal(b.n, 3);
    assert_string_equal(b.label[1], "1-7");
    assert_string_equal(b.label[2], "8+");
    assert_int_equal(aging_bucket_of(&b, 7), 1);
    assert_int_equal(aging_bucket_of(&b, 8), 2);
    assert_int_equal(aging_buckets_parse("15,30,45,60,120,365", &b), 0);
    assert_int_equal(b.n, AGING_MAX_BUCKETS);
    assert_string_equal(b.label[6], "121-365");
    assert_string_equal(b.label[7], "366+");
}

static void
test_bad_buckets(void **state)
{
    static const char *const bad[] = {
        "", "0", "30,30", "60,30", "30,", ",30", "30;60", "-5", "x",
        "3651", "1,2,3,4,5,6,7",
    };
    struct aging_buckets b;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(aging_buckets_parse(bad[i], &b), -1);
}

/* Receivable 1000.00 on 2026-06-30; sales 400.00 on the 30th, none on the
 * 29th, 500.00 on the 28th, 400.00 on the 27th: the 30th and 28th use up
 * 900.00, the 29th counts whole, and 100.00 of the 27th's 400.00 is a
 * quarter day: 3.25 days, 3.3 in tenths (half away from zero). */
static void
test_countback_exact(void **state)
{
    int32_t d = date_from_ymd(2026, 6, 30);
    struct dso_countback c;

    (void)state;
    dso_countback_init(&c, 100000, d);
    dso_countback_feed(&c, d, 40000);
    assert_int_equal(dso_countback_tenths(&c), -1);
    dso_countback_feed(&c, d - 2, 50000);
    dso_countback_feed(&c, d - 3, 40000);
    assert_int_equal(dso_countback_tenths(&c), 33);
    /* Done: more days change nothing. */
    dso_countback_feed(&c, d - 4, 99999);
    assert_int_equal(dso_countback_tenths(&c), 33);
}

static void
test_countback_edges(void **state)
{
    int32_t d = date_from_ymd(2026, 1, 31);
    struct dso_countback c;

    (void)state;
    /* Nothing owed: zero days. */
    dso_countback_init(&c, 0, d);
    assert_int_equal(dso_countback_tenths(&c), 0);
    /* Exactly one day's sales: one day. */
    dso_countback_init(&c, 500, d);
    dso_countback_feed(&c, d, 500);
    assert_int_equal(dso_countback_tenths(&c), 10);
    /* A day of net credit notes adds to what is left to cover. */
    dso_countback_init(&c, 1000, d);
    dso_countback_feed(&c, d, -500);
    dso_countback_feed(&c, d - 1, 3000);
    assert_int_equal(dso_countback_tenths(&c), 15);
    /* Sales never cover it: unknown (more than the days looked at). */
    dso_countback_init(&c, 1000, d);
    dso_countback_feed(&c, d - 10, 999);
    assert_int_equal(dso_countback_tenths(&c), -1);
    /* A first sale 10 days back: 10 empty days, then 1/20 of a day. */
    dso_countback_init(&c, 100, d);
    dso_countback_feed(&c, d - 10, 2000);
    assert_int_equal(dso_countback_tenths(&c), 101);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_buckets),
        cmocka_unit_test(test_configured_buckets),
        cmocka_unit_test(test_bad_buckets),
        cmocka_unit_test(test_countback_exact),
        cmocka_unit_test(test_countback_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
