/*
 * test_cache_budget.c - a store cache's budget (store/cache_budget.h):
 * it stays at its least while what is forgotten stays forgotten, and
 * doubles, up to its most, when more than a quarter comes back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */

#include "store/cache_budget.h"

#define MB ((size_t)1 << 20)

/* An eviction of items first..first+n-1. */
static void
forget(struct cache_budget *cb, uint64_t first, uint64_t n)
{
    for (uint64_t h = first; h < first + n; h++)
        cache_budget_forget(cb, h);
}

/* An eviction forgets items 0..n-1, and back of them are read again. */
static void
forget_then_read(struct cache_budget *cb, uint64_t n, uint64_t back)
{
    forget(cb, 0, n);
    for (uint64_t h = 0; h < back; h++)
        cache_budget_missed(cb, h);
}

static void
test_rows_in_order_keep_the_least(void **state)
{
    struct cache_budget cb;

    (void)state;
    cache_budget_init(&cb, 8 * MB, 64 * MB, 4096);
    for (uint64_t round = 0; round < 10; round++) {
        /* New items only: none of those forgotten is read again. */
        for (uint64_t h = 0; h < 100; h++)
            cache_budget_missed(&cb, 100 * round + 100 + h);
        assert_int_equal(cache_budget_evict(&cb, 9 * MB), 1);
        forget(&cb, 100 * round, 100);
    }
    assert_int_equal(cb.budget, 8 * MB);
    cache_budget_release(&cb);
}

static void
test_rows_that_come_back_double_it_to_the_most(void **state)
{
    struct cache_budget cb;

    (void)state;
    cache_budget_init(&cb, 8 * MB, 64 * MB, 1024);
    /* Nothing forgotten yet: the first time over, it evicts. */
    assert_int_equal(cache_budget_evict(&cb, 9 * MB), 1);
    /* A quarter back is not more than a quarter. */
    forget_then_read(&cb, 100, 25);
    assert_int_equal(cache_budget_evict(&cb, 9 * MB), 1);
    assert_int_equal(cb.budget, 8 * MB);
    forget_then_read(&cb, 100, 26);
    /* Grown to 16 MB, past the 9 MB held: no eviction. */
    assert_int_equal(cache_budget_evict(&cb, 9 * MB), 0);
    assert_int_equal(cb.budget, 16 * MB);
    /* Nothing forgotten since: over the budget, it evicts. */
    cache_budget_missed(&cb, 1);
    assert_int_equal(cache_budget_evict(&cb, 17 * MB), 1);
    forget_then_read(&cb, 10, 10);
    /* Grown to 32 MB, still under the 40 MB held: it evicts. */
    assert_int_equal(cache_budget_evict(&cb, 40 * MB), 1);
    assert_int_equal(cb.budget, 32 * MB);
    for (int i = 0; i < 3; i++) {
        forget_then_read(&cb, 10, 10);
        cache_budget_evict(&cb, 100 * MB);
    }
    assert_int_equal(cb.budget, 64 * MB);
    cache_budget_release(&cb);
}

static void
test_items_are_told_apart_by_their_slot(void **state)
{
    struct cache_budget cb;

    (void)state;
    cache_budget_init(&cb, MB, 2 * MB, 64);
    forget(&cb, 0, 4);
    /* 64 + 1 shares slot 1 with a forgotten item: counted back. */
    cache_budget_missed(&cb, 65);
    cache_budget_missed(&cb, 5);
    assert_int_equal(cb.came_back, 1);
    cache_budget_release(&cb);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_in_order_keep_the_least),
        cmocka_unit_test(test_rows_that_come_back_double_it_to_the_most),
        cmocka_unit_test(test_items_are_told_apart_by_their_slot),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
