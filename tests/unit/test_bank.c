#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "core/bank.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_iban_normalised_upper_case_without_spaces(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "DE89370400440532013000", "DE89370400440532013000" },
        { "de89 3704 0044 0532 0130 00", "DE89370400440532013000" },
        { "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432" },
        /* ISO 13616 limits: Norway's 15 is the shortest in use. */
        { "NO93 8601 1117 947", "NO9386011117947" },
        { "LC55HEMM000100010012001200023015",
          "LC55HEMM000100010012001200023015" },
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        char out[BANK_IBAN_MAX + 1];
        const char *why = NULL;

        assert_int_equal(bank_iban_normalise(cases[i].in, out, &why), 0);
        assert_string_equal(out, cases[i].want);
    }
}

static void
test_iban_refused_with_the_reason(void **state)
{
    static const struct {
        const char *in, *why;
    } cases[] = {
        { "DE89370400440532013001", "the check digits do not match (a "
                                    "digit wrong or two swapped?)" },
        /* Two digits swapped. */
        { "DE89370400440532010300", "the check digits do not match (a "
                                    "digit wrong or two swapped?)" },
        { "NO93860111179", "fewer than 15 letters and digits" },
        { "", "fewer than 15 letters and digits" },
        { "LC55HEMM000100010012001200023015123",
          "more than 34 letters and digits" },
        { "DE89-3704-0044-0532-0130-00", "only letters, digits and spaces" },
        { "8937DE0400440532013000", "it starts with a country code and "
                                    "two check digits (such as DE89)" },
        { "DEXX370400440532013000", "it starts with a country code and "
                                    "two check digits (such as DE89)" },
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        char out[BANK_IBAN_MAX + 1] = "untouched";
        const char *why = NULL;

        assert_int_equal(bank_iban_normalise(cases[i].in, out, &why), -1);
        assert_string_equal(why, cases[i].why);
        assert_string_equal(out, "untouched");
    }
}

static void
test_sort_code_stored_with_dashes(void **state)
{
    static const struct {
        const char *in, *want; /* want NULL: refused */
    } cases[] = {
        { "123456", "12-34-56" },   { "12-34-56", "12-34-56" },
        { "12 34 56", "12-34-56" }, { "040004", "04-00-04" },
        { "12345", NULL },          { "1234567", NULL },
        { "12.34.56", NULL },       { "12-34-5a", NULL },
        { "", NULL },
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        char out[9];
        const char *why = NULL;
        int rc = bank_sort_code_normalise(cases[i].in, out, &why);

        if (cases[i].want) {
            assert_int_equal(rc, 0);
            assert_string_equal(out, cases[i].want);
        } else {
            assert_int_equal(rc, -1);
            assert_string_equal(why, "6 digits (such as 12-34-56)");
        }
    }
}

static void
test_uk_account_eight_digits(void **state)
{
    const char *why = NULL;

    (void)state;
    assert_int_equal(bank_uk_account_check("31926819", &why), 0);
    assert_int_equal(bank_uk_account_check("00012345", &why), 0);
    assert_int_equal(bank_uk_account_check("3192681", &why), -1);
    assert_string_equal(why, "8 digits");
    assert_int_equal(bank_uk_account_check("319268190", &why), -1);
    assert_int_equal(bank_uk_account_check("3192 6819", &why), -1);
}

static void
test_aba_routing_checksum_3_7_1(void **state)
{
    const char *why = NULL;

    (void)state;
    /* 3(0+0+0) + 7(2+0+2) + (1+0+1) = 30 */
    assert_int_equal(bank_aba_routing_check("021000021", &why), 0);
    assert_int_equal(bank_aba_routing_check("011000015", &why), 0);
    assert_int_equal(bank_aba_routing_check("111000025", &why), 0);
    /* 31: the last digit off by one */
    assert_int_equal(bank_aba_routing_check("021000022", &why), -1);
    assert_string_equal(why, "the check digit does not match (a digit "
                             "wrong or two swapped?)");
    /* two digits swapped */
    assert_int_equal(bank_aba_routing_check("201000021", &why), -1);
    assert_int_equal(bank_aba_routing_check("02100002", &why), -1);
    assert_string_equal(why, "9 digits");
    assert_int_equal(bank_aba_routing_check("0210000210", &why), -1);
    assert_int_equal(bank_aba_routing_check("02100002x", &why), -1);
}

static void
test_ach_account_4_to_17_digits(void **state)
{
    const char *why = NULL;

    (void)state;
    assert_int_equal(bank_ach_account_check("1234", &why), 0);
    assert_int_equal(bank_ach_account_check("12345678901234567", &why), 0);
    assert_int_equal(bank_ach_account_check("123", &why), -1);
    assert_string_equal(why, "4 to 17 digits");
    assert_int_equal(bank_ach_account_check("123456789012345678", &why),
                     -1);
    assert_int_equal(bank_ach_account_check("1234-5678", &why), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iban_normalised_upper_case_without_spaces),
        cmocka_unit_test(test_iban_refused_with_the_reason),
        cmocka_unit_test(test_sort_code_stored_with_dashes),
        cmocka_unit_test(test_uk_account_eight_digits),
        cmocka_unit_test(test_aba_routing_checksum_3_7_1),
        cmocka_unit_test(test_ach_account_4_to_17_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
