/*
 * test_err.c - error records: set, prefix (never reading what it writes),
 * truncation, NULL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "core/err.h"

static void
test_prefix_once(void **state)
{
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(dun_err_set(&err, DUN_E_INPUT, "more than %d currencies",
                                 8), -1);
    assert_int_equal(dun_err_prefix(&err, "customer %s", "X1"), -1);
    assert_string_equal(err.msg, "customer X1: more than 8 currencies");
    assert_int_equal(err.code, DUN_E_INPUT);
}

static void
test_prefix_twice_nests(void **state)
{
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    dun_err_set(&err, DUN_E_IO, "disk full");
    dun_err_prefix(&err, "outbox");
    dun_err_prefix(&err, "run %d", 7);
    assert_string_equal(err.msg, "run 7: outbox: disk full");
    assert_int_equal(err.code, DUN_E_IO);
}

static void
test_prefix_truncates_to_fit(void **state)
{
    struct dun_err err = DUN_ERR_INIT;
    char long_prefix[400], want[DUN_ERR_MSG_MAX];

    (void)state;
    memset(long_prefix, 'p', sizeof(long_prefix) - 1);
    long_prefix[sizeof(long_prefix) - 1] = '\0';
    dun_err_set(&err, DUN_E_INPUT, "reason");
    dun_err_prefix(&err, "%s", long_prefix);
    memset(want, 'p', sizeof(want) - 1);
    want[sizeof(want) - 1] = '\0';
    assert_string_equal(err.msg, want);

    memset(long_prefix, 'q', 250);
    long_prefix[250] = '\0';
    dun_err_set(&err, DUN_E_INPUT, "reason");
    dun_err_prefix(&err, "%s", long_prefix);
    assert_int_equal(strlen(err.msg), DUN_ERR_MSG_MAX - 1);
    assert_memory_equal(err.msg + 250, ": rea", 5);
}

static void
test_null_err(void **state)
{
    (void)state;
    assert_int_equal(dun_err_set(NULL, DUN_E_INPUT, "x"), -1);
    assert_int_equal(dun_err_prefix(NULL, "y"), -1);
    dun_err_clear(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_once),
        cmocka_unit_test(test_prefix_twice_nests),
        cmocka_unit_test(test_prefix_truncates_to_fit),
        cmocka_unit_test(test_null_err),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
