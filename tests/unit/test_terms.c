#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <limits.h>
#include <string.h>

#include "core/date.h"
#include "core/terms.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void
test_parse_every_form(void **state)
{
    static const struct {
        const char *s;
        enum terms_kind kind;
        int days;
    } cases[] = {
        { "net 30", TERMS_NET, 30 },
        { "NET 30", TERMS_NET, 30 },
        { "Net 30", TERMS_NET, 30 },
        { "net30", TERMS_NET, 30 },
        { "net  30", TERMS_NET, 30 },
        { "net\t30", TERMS_NET, 30 },
        { "net 0", TERMS_NET, 0 },
        { "net 365", TERMS_NET, 365 }, /* TERMS_MAX_DAYS, just inside */
        { "net 0365", TERMS_NET, 365 },
        { "30", TERMS_NET, 30 }, /* plain days mean net */
        { "0", TERMS_NET, 0 },
        { "365", TERMS_NET, 365 },
        { "eom", TERMS_EOM, 0 }, /* the last day of the issue month */
        { "EOM", TERMS_EOM, 0 },
        { "eom 15", TERMS_EOM, 15 },
        { "eom+15", TERMS_EOM, 15 },
        { "eom + 15", TERMS_EOM, 15 },
        { "eom +15", TERMS_EOM, 15 },
        { "eom15", TERMS_EOM, 15 },
        { "Eom 0", TERMS_EOM, 0 },
        { "eom 365", TERMS_EOM, 365 },
        { "receipt", TERMS_RECEIPT, 0 },
        { "RECEIPT", TERMS_RECEIPT, 0 },
        { "due on receipt", TERMS_RECEIPT, 0 },
        { "Due On Receipt", TERMS_RECEIPT, 0 },
        { "due  on\treceipt", TERMS_RECEIPT, 0 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct terms t = { TERMS_RECEIPT, -1 };

        if (terms_parse(cases[i].s, strlen(cases[i].s), &t) != 0)
            fail_msg("\"%s\" rejected", cases[i].s);
        assert_int_equal(t.kind, cases[i].kind);
        assert_int_equal(t.days, cases[i].days);
    }
}

static void
test_parse_rejects(void **state)
{
    static const char *cases[] = {
        "",
        "net", /* net terms need a number of days */
        "net ",
        "net 366", /* TERMS_MAX_DAYS + 1 */
        "366",
        "eom 366",
        "net 99999999999999999999", /* would overflow an int */
        "-5",
        "net -5",
        "net +5",
        "+30",
        "eom -1",
        "eom+",
        "eom ",
        "eom++15",
        "eom 15 ",
        " net 30",
        "net 30 ",
        "net 30 days",
        "net30x",
        "net 3 0",
        "30 net",
        "n30",
        "net 30.5",
        "receipt ",
        " receipt",
        "receipts",
        "due",
        "due on",
        "due receipt",
        "dueon receipt",
        "due onreceipt",
        "due on 30",
        "on receipt",
        "cod",
        "\xef\xbc\x93\xef\xbc\x90", /* full-width "30" */
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct terms t = { TERMS_RECEIPT, -1 };

        if (terms_parse(cases[i], strlen(cases[i]), &t) != -1)
            fail_msg("\"%s\" accepted", cases[i]);
        /* *t untouched on failure */
        assert_int_equal(t.kind, TERMS_RECEIPT);
        assert_int_equal(t.days, -1);
    }
}

static void
test_parse_reads_exactly_len_bytes(void **state)
{
    struct terms t = { TERMS_RECEIPT, -1 };
    (void)state;
    assert_int_equal(terms_parse("net 30xx", 6, &t), 0);
    assert_int_equal(t.kind, TERMS_NET);
    assert_int_equal(t.days, 30);
    assert_int_equal(terms_parse("net 300", 6, &t), 0);
    assert_int_equal(t.days, 30);
    assert_int_equal(terms_parse("eom", 2, &t), -1);
    assert_int_equal(terms_parse("net 3\0", 6, &t), -1);
}

static void
test_due_date_every_kind(void **state)
{
    static const struct {
        enum terms_kind kind;
        int days;
        const char *issue, *due;
    } cases[] = {
        { TERMS_NET, 30, "2026-01-15", "2026-02-14" },
        { TERMS_NET, 30, "2026-12-15", "2027-01-14" }, /* year end */
        { TERMS_NET, 14, "2024-02-20", "2024-03-05" }, /* leap Feb */
        { TERMS_NET, 14, "2026-02-20", "2026-03-06" },
        { TERMS_NET, 0, "2026-03-31", "2026-03-31" },
        { TERMS_NET, 365, "2024-01-01", "2024-12-31" }, /* leap year */
        { TERMS_NET, 365, "2025-01-01", "2026-01-01" },
        { TERMS_EOM, 0, "2026-02-10", "2026-02-28" },
        { TERMS_EOM, 0, "2024-02-10", "2024-02-29" },
        { TERMS_EOM, 0, "2026-01-31", "2026-01-31" }, /* issued at eom */
        { TERMS_EOM, 0, "2026-12-01", "2026-12-31" },
        { TERMS_EOM, 15, "2026-01-10", "2026-02-15" },
        { TERMS_EOM, 15, "2026-12-05", "2027-01-15" }, /* year end */
        { TERMS_EOM, 30, "2025-12-31", "2026-01-30" },
        { TERMS_EOM, 30, "2026-01-01", "2026-03-02" }, /* Feb has 28 */
        { TERMS_EOM, 30, "2024-01-01", "2024-03-01" }, /* Feb has 29 */
        { TERMS_RECEIPT, 0, "2026-11-24", "2026-11-24" },
        { TERMS_RECEIPT, 0, "2024-02-29", "2024-02-29" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct terms t = { cases[i].kind, cases[i].days };
        char got[DATE_ISO_LEN + 1];

        date_iso(terms_due_date(&t, date_from_iso(cases[i].issue)), got);
        if (strcmp(got, cases[i].due) != 0)
            fail_msg("case %zu: issued %s, due %s, want %s", i, cases[i].issue,
                     got, cases[i].due);
    }
}

static void
test_due_date_from_parsed_text(void **state)
{
    static const struct {
        const char *terms, *issue, *due;
    } cases[] = {
        { "Net 30", "2026-11-24", "2026-12-24" },
        { "eom", "2026-11-24", "2026-11-30" },
        { "EOM+45", "2026-11-24", "2027-01-14" },
        { "due on receipt", "2026-11-24", "2026-11-24" },
        { "10", "2026-12-28", "2027-01-07" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct terms t;
        char got[DATE_ISO_LEN + 1];

        assert_int_equal(
            terms_parse(cases[i].terms, strlen(cases[i].terms), &t), 0);
        date_iso(terms_due_date(&t, date_from_iso(cases[i].issue)), got);
        assert_string_equal(got, cases[i].due);
    }
}

static void
test_format_canonical(void **state)
{
    static const struct {
        enum terms_kind kind;
        int days;
        const char *want;
    } cases[] = {
        { TERMS_NET, 30, "net 30" },     { TERMS_NET, 0, "net 0" },
        { TERMS_NET, 365, "net 365" },   { TERMS_EOM, 15, "eom 15" },
        { TERMS_EOM, 0, "eom" },         { TERMS_EOM, 365, "eom 365" },
        { TERMS_RECEIPT, 0, "receipt" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct terms t = { cases[i].kind, cases[i].days };
        char buf[16];

        assert_ptr_equal(terms_format(&t, buf), buf);
        assert_string_equal(buf, cases[i].want);
    }
}

/* The canonical text of every valid terms parses back to the same terms. */
static void
test_format_parse_round_trip(void **state)
{
    static const enum terms_kind kinds[] = { TERMS_NET, TERMS_EOM };
    struct terms receipt = { TERMS_RECEIPT, 0 }, back;
    char buf[16];
    (void)state;
    for (size_t k = 0; k < N_ELEMS(kinds); k++) {
        for (int days = 0; days <= TERMS_MAX_DAYS; days++) {
            struct terms t = { kinds[k], days };

            terms_format(&t, buf);
            assert_int_equal(terms_parse(buf, strlen(buf), &back), 0);
            assert_int_equal(back.kind, t.kind);
            assert_int_equal(back.days, t.days);
        }
    }
    terms_format(&receipt, buf);
    assert_int_equal(terms_parse(buf, strlen(buf), &back), 0);
    assert_int_equal(back.kind, TERMS_RECEIPT);
    assert_int_equal(back.days, 0);
}

/* terms.h promises buf >= 16 is enough; hold it to that even for a struct
 * that did not come from terms_parse (ASan checks the bound). */
static void
test_format_fits_16_bytes_for_any_days(void **state)
{
    struct terms t = { TERMS_EOM, INT_MIN };
    char buf[16];
    (void)state;
    assert_string_equal(terms_format(&t, buf), "eom -2147483648");
    t.kind = TERMS_NET;
    t.days = INT_MIN;
    assert_string_equal(terms_format(&t, buf), "net -2147483648");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_every_form),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_reads_exactly_len_bytes),
        cmocka_unit_test(test_due_date_every_kind),
        cmocka_unit_test(test_due_date_from_parsed_text),
        cmocka_unit_test(test_format_canonical),
        cmocka_unit_test(test_format_parse_round_trip),
        cmocka_unit_test(test_format_fits_16_bytes_for_any_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
