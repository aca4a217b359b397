/*
 * test_sort.c - sort_array and search_array (core/sort.h): empty arrays,
 * arrays in order left as they are, others sorted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "core/sort.h"

struct pair {
    int key;
    int seq; /* where it was */
};

static int compares;

static int
cmp_key(const void *pa, const void *pb)
{
    const struct pair *a = pa, *b = pb;

    compares++;
    return (a->key > b->key) - (a->key < b->key);
}

/* In order already, ties and all: one pass of compares, nothing moves
 * (so equal keys keep their order, as a stable sort keeps them). */
static void
test_in_order_is_left_as_it_is(void **state)
{
    struct pair v[] = { {1, 0}, {2, 1}, {2, 2}, {2, 3}, {5, 4}, {9, 5} };
    size_t n = sizeof(v) / sizeof(v[0]);

    (void)state;
    compares = 0;
    sort_array(v, n, sizeof(v[0]), cmp_key);
    assert_int_equal(compares, (int)n - 1);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i].seq, (int)i);
}

static void
test_out_of_order_is_sorted(void **state)
{
    struct pair v[] = { {1, 0}, {2, 1}, {9, 2}, {5, 3}, {0, 4}, {5, 5} };
    const int want[] = { 0, 1, 2, 5, 5, 9 };
    size_t n = sizeof(v) / sizeof(v[0]);

    (void)state;
    sort_array(v, n, sizeof(v[0]), cmp_key);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i].key, want[i]);
    /* The last pair alone out of order. */
    {
        struct pair w[] = { {1, 0}, {2, 1}, {3, 2}, {0, 3} };

        sort_array(w, 4, sizeof(w[0]), cmp_key);
        assert_int_equal(w[0].key, 0);
        assert_int_equal(w[3].key, 3);
    }
}

static void
test_empty_and_single(void **state)
{
    struct pair one = {7, 0}, key = {7, 0};

    (void)state;
    compares = 0;
    sort_array(NULL, 0, sizeof(one), cmp_key);
    sort_array(&one, 1, sizeof(one), cmp_key);
    assert_int_equal(compares, 0);
    assert_null(search_array(&key, NULL, 0, sizeof(one), cmp_key));
    assert_ptr_equal(search_array(&key, &one, 1, sizeof(one), cmp_key),
                     &one);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order_is_left_as_it_is),
        cmocka_unit_test(test_out_of_order_is_sorted),
        cmocka_unit_test(test_empty_and_single),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
