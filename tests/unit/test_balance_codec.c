#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "store/balance_codec.h"

static const struct open_item items[] = {
    { "C1", "INV-1", "EUR", 20000, 20030, 12345, 20000 },
    { "C1", "INV-22", "EUR", -5, INT32_MAX, INT64_MAX, INT64_MAX - 1 },
    { "C1", "X", "USD", INT32_MIN, 0, 1, -1 }, /* total not known */
};
static const struct ledger_credit credits[] = {
    { "GBP", 700 },
    { "JPY", 1 },
};

static struct store_balances
sample(void)
{
    return (struct store_balances){ "C1", items, 3, credits, 2 };
}

static void
test_roundtrip_is_exact(void **state)
{
    struct store_balances in = sample(), out = { .customer_id = "C1" };
    struct sbuf sb = SBUF_INIT;
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    balance_encode(&in, &sb);
    assert_int_equal(balance_decode(sb.buf, sb.len, &out, &a, &err), 0);
    assert_int_equal(out.nitems, 3);
    assert_int_equal(out.ncredits, 2);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(out.items[i].customer_id, "C1");
        assert_string_equal(out.items[i].invoice_number,
                            items[i].invoice_number);
        assert_string_equal(out.items[i].currency, items[i].currency);
        assert_int_equal(out.items[i].issue_date, items[i].issue_date);
        assert_int_equal(out.items[i].due_date, items[i].due_date);
        assert_true(out.items[i].amount == items[i].amount);
        assert_true(out.items[i].total == items[i].total);
    }
    assert_string_equal(out.credits[0].currency, "GBP");
    assert_int_equal(out.credits[0].amount, 700);
    assert_string_equal(out.credits[1].currency, "JPY");
    assert_int_equal(out.credits[1].amount, 1);
    sbuf_release(&sb);
    arena_release(&a);
}

static void
test_empty_balance_is_three_bytes(void **state)
{
    struct store_balances in = { "C9", NULL, 0, NULL, 0 };
    struct store_balances out = { .customer_id = "C9" };
    struct sbuf sb = SBUF_INIT;
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    balance_encode(&in, &sb);
    assert_int_equal(sb.len, 3);
    assert_int_equal(balance_decode(sb.buf, sb.len, &out, &a, &err), 0);
    assert_int_equal(out.nitems, 0);
    assert_int_equal(out.ncredits, 0);
    sbuf_release(&sb);
    arena_release(&a);
}

/* Every proper prefix of a valid value is damage, and so is any suffix. */
static void
test_truncated_or_extended_value_is_an_error(void **state)
{
    struct store_balances in = sample();
    struct sbuf sb = SBUF_INIT;
    struct arena a = ARENA_INIT;

    (void)state;
    balance_encode(&in, &sb);
    for (size_t n = 0; n < sb.len; n++) {
        struct store_balances out = { .customer_id = "C1" };
        struct dun_err err = DUN_ERR_INIT;

        assert_int_equal(balance_decode(sb.buf, n, &out, &a, &err), -1);
        assert_int_equal(err.code, DUN_E_IO);
        assert_string_equal(err.msg, "customer C1: damaged cached balance "
                                     "('dun check --repair' rebuilds it)");
    }
    sbuf_addch(&sb, 0);
    {
        struct store_balances out = { .customer_id = "C1" };
        struct dun_err err = DUN_ERR_INIT;

        assert_int_equal(balance_decode(sb.buf, sb.len, &out, &a, &err), -1);
    }
    sbuf_release(&sb);
    arena_release(&a);
}

static int
decode_bytes(const unsigned char *p, size_t n)
{
    struct store_balances out = { .customer_id = "C1" };
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    int rc = balance_decode(p, n, &out, &a, &err);

    arena_release(&a);
    return rc;
}

/* A balance kept by version 1 (before totals) still reads: its totals
 * are not known (-1), never made up. */
static void
test_version_1_has_no_totals(void **state)
{
    static const unsigned char v1[] = { 1, 1, 0, 1, 'A', 'E', 'U', 'R',
                                        2, 4, 5 };
    struct store_balances out = { .customer_id = "C1" };
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(balance_decode(v1, sizeof(v1), &out, &a, &err), 0);
    assert_int_equal(out.nitems, 1);
    assert_int_equal(out.items[0].issue_date, 1);
    assert_int_equal(out.items[0].due_date, 2);
    assert_true(out.items[0].amount == 5);
    assert_true(out.items[0].total == -1);
    arena_release(&a);
}

static void
test_bad_fields_are_errors(void **state)
{
    /* version 1, 1 item "A", EUR, issue 0, due 0, amount 5 */
    unsigned char ok[] = { 1, 1, 0, 1, 'A', 'E', 'U', 'R', 0, 0, 5 };
    unsigned char v[sizeof(ok)];

    (void)state;
    assert_int_equal(decode_bytes(ok, sizeof(ok)), 0);
    memcpy(v, ok, sizeof(ok));
    v[0] = 4; /* unknown version */
    assert_int_equal(decode_bytes(v, sizeof(v)), -1);
    memcpy(v, ok, sizeof(ok));
    v[10] = 0; /* zero amount: open items are > 0 */
    assert_int_equal(decode_bytes(v, sizeof(v)), -1);
    memcpy(v, ok, sizeof(ok));
    v[6] = 'u'; /* not a currency code */
    assert_int_equal(decode_bytes(v, sizeof(v)), -1);
    memcpy(v, ok, sizeof(ok));
    v[3] = 0; /* empty invoice number */
    assert_int_equal(decode_bytes(v, sizeof(v)), -1);
    memcpy(v, ok, sizeof(ok));
    v[1] = 0x7f; /* more items than bytes could hold */
    assert_int_equal(decode_bytes(v, sizeof(v)), -1);
    {
        /* a varint longer than 64 bits */
        unsigned char big[] = { 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                0xff, 0xff, 0xff, 0xff, 0x01, 0 };

        assert_int_equal(decode_bytes(big, sizeof(big)), -1);
    }
    {
        /* ten bytes whose last carries bits beyond 64: one credit of
         * "1" if they were dropped (found by fuzz_balance_codec) */
        unsigned char over[] = { 1, 0, 1, 'E', 'U', 'R', 0x81, 0x80, 0x80,
                                 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e };

        assert_int_equal(decode_bytes(over, sizeof(over)), -1);
    }
}

/* Version 3 to the byte: the second number shares "INV-" with the
 * first, the second item's currency is "as before" (0), due dates step
 * from the one before, issue dates from their own due date, and a total
 * equal to the amount is 1. */
static void
test_version_3_bytes(void **state)
{
    static const struct open_item two[] = {
        { "C1", "INV-7", "EUR", 100, 130, 500, 500 },
        { "C1", "INV-12", "EUR", 101, 131, 300, -1 },
    };
    static const struct ledger_credit eur[] = { { "EUR", 5 } };
    static const unsigned char want[] = {
        3, 2, 1,
        0, 5, 'I', 'N', 'V', '-', '7', 'E', 'U', 'R', 0x84, 0x02, 59,
        0xf4, 0x03, 1,
        4, 2, '1', '2', 0, 2, 59, 0xac, 0x02, 0,
        'E', 'U', 'R', 5,
    };
    struct store_balances in = { "C1", two, 2, eur, 1 };
    struct store_balances out = { .customer_id = "C1" };
    struct sbuf sb = SBUF_INIT;
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    balance_encode(&in, &sb);
    assert_int_equal(sb.len, sizeof(want));
    assert_memory_equal(sb.buf, want, sizeof(want));
    assert_int_equal(balance_decode(sb.buf, sb.len, &out, &a, &err), 0);
    assert_string_equal(out.items[1].invoice_number, "INV-12");
    assert_string_equal(out.items[1].currency, "EUR");
    assert_int_equal(out.items[1].issue_date, 101);
    assert_int_equal(out.items[1].due_date, 131);
    assert_true(out.items[0].total == 500);
    assert_true(out.items[1].total == -1);
    sbuf_release(&sb);
    arena_release(&a);
}

/* A customer's twenty unpaid invoices, numbered in sequence a month
 * apart: the first takes 24 bytes, the others 9 to 11 (version 2 took
 * 26 to 28 each). */
static void
test_version_3_is_compact(void **state)
{
    struct open_item many[20];
    char numbers[20][16];
    struct store_balances in = { "C1", many, 20, NULL, 0 };
    struct sbuf sb = SBUF_INIT;

    (void)state;
    for (int i = 0; i < 20; i++) {
        snprintf(numbers[i], sizeof(numbers[i]), "INV-%08d", 4711 + i);
        many[i] = (struct open_item){ "C1", numbers[i], "EUR",
                                      20000 + 30 * i, 20030 + 30 * i,
                                      12345 + 1000 * i, 12345 + 1000 * i };
    }
    balance_encode(&in, &sb);
    assert_int_equal(sb.len, 3 + 24 + 19 * 9 + 15 + 2);
    sbuf_release(&sb);
}

/* A value version 2 wrote still reads: "INV-1", EUR, issued day 3, due
 * day 4, 250 open of 300. */
static void
test_version_2_still_reads(void **state)
{
    static const unsigned char v2[] = { 2, 1, 0, 5, 'I', 'N', 'V', '-', '1',
                                        'E', 'U', 'R', 6, 8, 0xfa, 0x01,
                                        0xad, 0x02 };
    struct store_balances out = { .customer_id = "C1" };
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(balance_decode(v2, sizeof(v2), &out, &a, &err), 0);
    assert_int_equal(out.nitems, 1);
    assert_string_equal(out.items[0].invoice_number, "INV-1");
    assert_string_equal(out.items[0].currency, "EUR");
    assert_int_equal(out.items[0].issue_date, 3);
    assert_int_equal(out.items[0].due_date, 4);
    assert_true(out.items[0].amount == 250);
    assert_true(out.items[0].total == 300);
    arena_release(&a);
}

static void
test_version_3_damage_is_an_error(void **state)
{
    /* one item "A", EUR, due day 0, issued day 0, amount 5, total 1 */
    unsigned char ok[] = { 3, 1, 0, 0, 1, 'A', 'E', 'U', 'R', 0, 0, 5, 1 };
    unsigned char v[sizeof(ok)];

    (void)state;
    assert_int_equal(decode_bytes(ok, sizeof(ok)), 0);
    memcpy(v, ok, sizeof(ok));
    v[5] = 0; /* "as before" needs an item before */
    assert_int_equal(decode_bytes(v, sizeof(v)), -1);
    memcpy(v, ok, sizeof(ok));
    v[3] = 1; /* shares a byte with no number before */
    assert_int_equal(decode_bytes(v, sizeof(v)), -1);
    {
        /* a due date stepped past the largest day */
        unsigned char far[] = { 3, 1, 0, 0, 1, 'A', 'E', 'U', 'R',
                                0x80, 0x80, 0x80, 0x80, 0x10, 0, 5, 1 };
        /* the largest day itself reads */
        unsigned char last[] = { 3, 1, 0, 0, 1, 'A', 'E', 'U', 'R',
                                 0xfe, 0xff, 0xff, 0xff, 0x0f, 0, 5, 1 };

        assert_int_equal(decode_bytes(far, sizeof(far)), -1);
        assert_int_equal(decode_bytes(last, sizeof(last)), 0);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_is_exact),
        cmocka_unit_test(test_empty_balance_is_three_bytes),
        cmocka_unit_test(test_truncated_or_extended_value_is_an_error),
        cmocka_unit_test(test_version_1_has_no_totals),
        cmocka_unit_test(test_bad_fields_are_errors),
        cmocka_unit_test(test_version_3_bytes),
        cmocka_unit_test(test_version_3_is_compact),
        cmocka_unit_test(test_version_2_still_reads),
        cmocka_unit_test(test_version_3_damage_is_an_error),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
