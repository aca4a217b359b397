#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */

#include "app/tenant.h"

static void
test_missing_lists_what_a_demand_needs_in_order(void **state)
{
    struct tenant none = { .name = "", .address = "", .email = "",
                           .iban = "" };
    const char *missing[TENANT_MISSING_MAX];
    size_t n = 99;

    (void)state;
    tenant_missing_for_messages(&none, missing, &n);
    assert_int_equal(n, 4);
    assert_string_equal(missing[0], "the business's name (dun tenant set "
                                    "--name)");
    assert_string_equal(missing[1], "the business's e-mail address (dun "
                                    "tenant set --email)");
    assert_string_equal(missing[2], "the business's postal address (dun "
                                    "tenant set --address)");
    assert_string_equal(missing[3], "the business's bank account (dun "
                                    "tenant set --iban)");
}

static void
test_missing_none_when_complete(void **state)
{
    /* Phone, BIC, bank, VAT id and zone are not needed to send. */
    struct tenant t = { .name = "Acme GmbH",
                        .address = "Hauptstr. 1\n10115 "
                                   "Berlin",
                        .email = "ar@acme.example",
                        .phone = "",
                        .iban = "DE89370400440532013000",
                        .bic = "",
                        .bank = "",
                        .vat_id = "",
                        .timezone = "" };
    const char *missing[TENANT_MISSING_MAX];
    size_t n = 99;

    (void)state;
    tenant_missing_for_messages(&t, missing, &n);
    assert_int_equal(n, 0);
}

static void
test_missing_blank_and_null_count_as_missing(void **state)
{
    struct tenant t = {
        .name = "  ", .address = NULL, .email = "ar@acme.example", .iban = "\t"
    };
    const char *missing[TENANT_MISSING_MAX];
    size_t n = 0;

    (void)state;
    tenant_missing_for_messages(&t, missing, &n);
    assert_int_equal(n, 3);
    assert_string_equal(missing[0], "the business's name (dun tenant set "
                                    "--name)");
    assert_string_equal(missing[1], "the business's postal address (dun "
                                    "tenant set --address)");
    assert_string_equal(missing[2], "the business's bank account (dun "
                                    "tenant set --iban)");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_lists_what_a_demand_needs_in_order),
        cmocka_unit_test(test_missing_none_when_complete),
        cmocka_unit_test(test_missing_blank_and_null_count_as_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
