#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <string.h>

#include "core/contact.h"
#include "core/contact_record.h"

struct check_case {
    const char *in;
    const char *why; /* NULL: accepted */
};

/* Run a check over cases: each accepted, or refused with its reason. */
static void
run_cases(const char *what, int (*check)(const char *, const char **),
          const struct check_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *why = NULL;
        int rc = check(cases[i].in, &why);

        if (cases[i].why == NULL) {
            if (rc != 0)
                fail_msg("%s: '%s' refused: %s", what, cases[i].in, why);
        } else {
            if (rc != -1)
                fail_msg("%s: '%s' accepted", what, cases[i].in);
            assert_non_null(why);
            if (strcmp(why, cases[i].why) != 0)
                fail_msg("%s: '%s': want '%s', got '%s'", what, cases[i].in,
                         cases[i].why, why);
        }
    }
}

static void
test_email_one_bare_address(void **state)
{
    static const struct check_case cases[] = {
        { "", NULL }, /* not known */
        { "v@example.com", NULL },
        { "first.last+tag@mail.example.co.uk", NULL },
        { "o'brien@example.ie", NULL },
        { "x@xn--bcher-kva.example", NULL },
        /* RFC 6531: needs SMTPUTF8 everywhere; the domain's xn-- form
         * is taken. */
        { "jürgen@bücher.example", "not ASCII (write the domain in its "
                                   "xn-- form; a non-ASCII name before '@' "
                                   "cannot be sent)" },
        { "juergen@xn--bcher-kva.example", NULL },
        { "a@b.test", NULL },
        { "a@b-c.test", NULL },
        /* Header injection: a line break starts a new header. */
        { "v@example.com\r\nBcc: x@evil.test",
          "a line break or control character" },
        { "v@example.com\nBcc: x@evil.test",
          "a line break or control character" },
        { "v@example.com\rBcc: x@evil.test",
          "a line break or control character" },
        { "v@example.com\t", "a line break or control character" },
        { "v@exa\x7fmple.com", "a line break or control character" },
        { "v@exa\xc2\x85mple.com", "a line break or control character" },
        { "v@exa\xe2\x80\xa8mple.com", "a line break or control character" },
        /* A second recipient, a display name, a comment. */
        { "a@b.test>, <boss@evil.test",
          "one of < > , ; \" ( ): give one bare address" },
        { "a@b.test,boss@evil.test",
          "one of < > , ; \" ( ): give one bare address" },
        { "a@b.test;boss@evil.test",
          "one of < > , ; \" ( ): give one bare address" },
        { "Boss<boss@evil.test>",
          "one of < > , ; \" ( ): give one bare address" },
        { "\"a b\"@example.com",
          "one of < > , ; \" ( ): give one bare address" },
        { "\"ab\"@example.com",
          "one of < > , ; \" ( ): give one bare address" },
        { "a(comment)@example.com",
          "one of < > , ; \" ( ): give one bare address" },
        { "a @example.com", "a space" },
        { " a@example.com", "a space" },
        { "example.com", "no '@'" },
        { "a@b@example.com", "more than one '@'" },
        { "@example.com", "nothing before '@'" },
        { "a@", "nothing after '@'" },
        { "a@localhost", "no dot in the domain" },
        { "a@example..com", "an empty label in the domain" },
        { "a@.example.com", "an empty label in the domain" },
        { "a@example.com.", "an empty label in the domain" },
        { "a@-example.com", "a label of the domain starts or ends with '-'" },
        { "a@example-.com", "a label of the domain starts or ends with '-'" },
        { "a@exa_mple.com", "a character not allowed in the domain" },
        { "a@[10.0.0.1]", "a character not allowed in the domain" },
        { "a@10.0.0.1", "the domain ends in a number" },
        { ".a@example.com", "a dot first, last or doubled before '@'" },
        { "a.@example.com", "a dot first, last or doubled before '@'" },
        { "a..b@example.com", "a dot first, last or doubled before '@'" },
        { "bcc:x@example.com", "a character not allowed before '@'" },
        { "a\\b@example.com", "a character not allowed before '@'" },
        { "a@\xff.test", "not valid UTF-8" },
        { "a@\xc0\xae.test", "not valid UTF-8" }, /* overlong '.' */
    };
    char buf[300];

    (void)state;
    run_cases("email", contact_email_check, cases,
              sizeof(cases) / sizeof(cases[0]));

    /* Both sides of the limits: 64 bytes before '@', 254 in all. */
    memset(buf, 'a', 64);
    strcpy(buf + 64, "@example.com");
    assert_int_equal(contact_email_check(buf, &(const char *){ NULL }), 0);
    memset(buf, 'a', 65);
    strcpy(buf + 65, "@example.com");
    {
        const char *why = NULL;

        assert_int_equal(contact_email_check(buf, &why), -1);
        assert_string_equal(why, "the part before '@' is longer than 64 "
                                 "bytes");
    }
    /* a@ + 4 labels of 61 bytes + ".test" = 2 + 4*62 + 4 = 254. */
    strcpy(buf, "a@");
    for (int i = 0; i < 4; i++) {
        memset(buf + strlen(buf), 'd', 61);
        buf[2 + i * 62 + 61] = '.';
        buf[2 + i * 62 + 62] = '\0';
    }
    strcat(buf, "test");
    assert_int_equal(strlen(buf), 254);
    assert_int_equal(contact_email_check(buf, &(const char *){ NULL }), 0);
    strcat(buf, "s");
    {
        const char *why = NULL;

        assert_int_equal(contact_email_check(buf, &why), -1);
        assert_string_equal(why, "longer than 254 bytes");
    }
    /* A label of 63 bytes passes, of 64 does not. */
    strcpy(buf, "a@");
    memset(buf + 2, 'd', 63);
    strcpy(buf + 65, ".test");
    assert_int_equal(contact_email_check(buf, &(const char *){ NULL }), 0);
    strcpy(buf, "a@");
    memset(buf + 2, 'd', 64);
    strcpy(buf + 66, ".test");
    {
        const char *why = NULL;

        assert_int_equal(contact_email_check(buf, &why), -1);
        assert_string_equal(why, "a label of the domain is longer than 63 "
                                 "bytes");
    }
}

static void
test_phone_digits_and_separators(void **state)
{
    static const struct check_case cases[] = {
        { "", NULL },
        { "123456", NULL }, /* 6 digits */
        { "+49 30 1234567", NULL },
        { "+1 (555) 010-9999", NULL },
        { "030.123.456", NULL },
        { "12345678901234567890", NULL }, /* 20 digits */
        { "12345", "fewer than 6 digits" },
        { "+1 (2) 3-4", "fewer than 6 digits" },
        { "123456789012345678901", "more than 20 digits" },
        { "49+301234567", "'+' other than first" },
        { "++49301234567", "'+' other than first" },
        { " +49301234567", "'+' other than first" },
        { "(030 123456", "unbalanced parentheses" },
        { "030) 123456", "unbalanced parentheses" },
        { "((030)) 123456", "nested parentheses" },
        { "030 123456 ext 7", "a character other than digits, a leading "
                              "'+', spaces, '-', '.', '(' and ')'" },
        { "030123456\r\nX: y", "a character other than digits, a leading "
                               "'+', spaces, '-', '.', '(' and ')'" },
        { "030/123456", "a character other than digits, a leading '+', "
                        "spaces, '-', '.', '(' and ')'" },
        { "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1", "longer than 40 bytes" },
    };

    (void)state;
    run_cases("phone", contact_phone_check, cases,
              sizeof(cases) / sizeof(cases[0]));
}

static int
text_check_10(const char *s, const char **why)
{
    return contact_text_check(s, 10, why);
}

static void
test_text_no_controls_bounded(void **state)
{
    static const struct check_case cases[] = {
        { "", NULL },
        { "0123456789", NULL }, /* 10 bytes: the limit */
        { "Straße 1", NULL },   /* 9 bytes of UTF-8 */
        { "01234567890", "too long" },
        { "Main St\n2", "a line break or control character" },
        { "Main\rSt", "a line break or control character" },
        { "a\x1b[2Jb", "a line break or control character" },
        { "a\xc2\x9b"
          "2J",
          "a line break or control character" }, /* CSI */
        { "a\xe2\x80\xa9"
          "b",
          "a line break or control character" },
        { "ab\xed\xa0\x80", "not valid UTF-8" },     /* a surrogate */
        { "ab\xe2\x82", "not valid UTF-8" },         /* cut short */
        { "ab\xf4\x90\x80\x80", "not valid UTF-8" }, /* above U+10FFFF */
    };

    (void)state;
    run_cases("text", text_check_10, cases, sizeof(cases) / sizeof(cases[0]));
}

static int
lines_check_12(const char *s, const char **why)
{
    return contact_lines_check(s, 12, why);
}

/* Lines (an address, a note): line feeds between them, nothing else of
 * C0; the limit counts the whole text, line feeds too. */
static void
test_lines_only_line_feeds_bounded_in_all(void **state)
{
    static const struct check_case cases[] = {
        { "", NULL },
        { "Main St\n2", NULL },
        { "a\nb\nc\n\nd", NULL },
        { "0123456789\n1", NULL }, /* 12 bytes: the limit */
        { "0123456789\n12", "too long" },
        { "\n\n\n\n\n\n\n\n\n\n\n\n\n", "too long" },
        { "Main St\r\n2", "a line break or control character" },
        { "Main\tSt", "a line break or control character" },
        { "Page\fTwo", "a line break or control character" },
        { "a\x1b[2Jb", "a line break or control character" },
        { "a\xc2\x85"
          "b",
          "a line break or control character" }, /* NEL */
        { "a\xe2\x80\xa8"
          "b",
          "a line break or control character" }, /* U+2028 */
        { "ab\n\xed\xa0\x80", "not valid UTF-8" },
    };

    (void)state;
    run_cases("lines", lines_check_12, cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_country_iso_3166_1_alpha_2(void **state)
{
    char cc[3] = "";
    int n = 0;

    (void)state;
    assert_true(contact_country_valid("DE"));
    assert_true(contact_country_valid("US"));
    assert_true(contact_country_valid("AX"));
    assert_true(contact_country_valid("ZW"));
    assert_true(contact_country_valid("XK"));
    assert_false(contact_country_valid("de"));
    assert_false(contact_country_valid("De"));
    assert_false(contact_country_valid("UK")); /* GB is the code */
    assert_false(contact_country_valid("EU"));
    assert_false(contact_country_valid("XX"));
    assert_false(contact_country_valid("D"));
    assert_false(contact_country_valid("DEU"));
    assert_false(contact_country_valid(""));
    /* 249 assigned codes and XK, nothing else of the 676 pairs. */
    for (cc[0] = 'A'; cc[0] <= 'Z'; cc[0]++)
        for (cc[1] = 'A'; cc[1] <= 'Z'; cc[1]++)
            n += contact_country_valid(cc);
    assert_int_equal(n, 250);
}

static void
test_language_iso_639_1(void **state)
{
    char lc[3] = "";
    int n = 0;

    (void)state;
    assert_true(contact_language_valid("de"));
    assert_true(contact_language_valid("en"));
    assert_true(contact_language_valid("zu"));
    assert_false(contact_language_valid("DE"));
    assert_false(contact_language_valid("xx"));
    assert_false(contact_language_valid("bh")); /* withdrawn */
    assert_false(contact_language_valid("deu"));
    assert_false(contact_language_valid("d"));
    for (lc[0] = 'a'; lc[0] <= 'z'; lc[0]++)
        for (lc[1] = 'a'; lc[1] <= 'z'; lc[1]++)
            n += contact_language_valid(lc);
    assert_int_equal(n, 183);
}

static void
test_region_checked_against_country(void **state)
{
    static const struct {
        const char *country, *region, *why;
    } cases[] = {
        { "", "", NULL },
        { "US", "", NULL },
        { "US", "CA", NULL },
        { "US", "DC", NULL },
        { "US", "PR", NULL },
        { "us", "NY", NULL }, /* imports take the country in any case */
        { "CA", "QC", NULL },
        { "CA", "NU", NULL },
        { "AU", "NSW", NULL },
        { "AU", "ACT", NULL },
        { "DE", "BY", NULL }, /* no table for DE: the form only */
        { "FR", "75", NULL },
        { "GB", "ENG", NULL },
        { "US", "XX", "not a state, district or outlying area of US" },
        { "US", "NSW", "not a state, district or outlying area of US" },
        { "CA", "CA", "not a province or territory of CA" },
        { "AU", "NS", "not a state or territory of AU" },
        { "AU", "QC", "not a state or territory of AU" },
        { "US", "ca", "not 1 to 3 upper-case letters or digits" },
        { "US", "US-CA", "not 1 to 3 upper-case letters or digits" },
        { "DE", "BYER", "not 1 to 3 upper-case letters or digits" },
        { "DE", "B Y", "not 1 to 3 upper-case letters or digits" },
        { "", "CA", "a region needs a country" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *why = NULL;
        int rc = contact_region_check(cases[i].country, cases[i].region, &why);

        if (cases[i].why == NULL) {
            if (rc != 0)
                fail_msg("%s-%s refused: %s", cases[i].country, cases[i].region,
                         why);
        } else {
            if (rc != -1)
                fail_msg("%s-%s accepted", cases[i].country, cases[i].region);
            assert_string_equal(why, cases[i].why);
        }
    }
}

static void
test_kind_words(void **state)
{
    (void)state;
    assert_int_equal(contact_kind_parse("business"), CUSTOMER_BUSINESS);
    assert_int_equal(contact_kind_parse("sole_trader"), CUSTOMER_SOLE_TRADER);
    assert_int_equal(contact_kind_parse("consumer"), CUSTOMER_CONSUMER);
    assert_int_equal(contact_kind_parse(""), -1);
    assert_int_equal(contact_kind_parse("Business"), -1);
    assert_int_equal(contact_kind_parse("sole-trader"), -1);
    assert_string_equal(contact_kind_name(CUSTOMER_BUSINESS), "business");
    assert_string_equal(contact_kind_name(CUSTOMER_SOLE_TRADER), "sole_trader");
    assert_string_equal(contact_kind_name(CUSTOMER_CONSUMER), "consumer");
    assert_string_equal(contact_kind_name((enum customer_kind)7), "business");
}

/* A record read back is checked field by field as the doors would; the
 * first field at fault is named. */
static void
test_record_checked_as_the_doors_check(void **state)
{
    char address[CONTACT_ADDRESS_MAX + 2];
    struct customer c = { .id = "C1", .name = "Ann's Shop",
                          .email = "ann@shop.example", .phone = "+44 1",
                          .address = "1 High Street\nYork", .city = "York",
                          .postal_code = "YO1" };
    const char *field = NULL, *why = NULL;

    (void)state;
    assert_int_equal(contact_record_check(&c, &field, &why), 0);
    c.email = "";
    c.phone = NULL; /* not known */
    assert_int_equal(contact_record_check(&c, &field, &why), 0);
    c.email = "ann@shop.example\r\nBcc: x@evil.test";
    assert_int_equal(contact_record_check(&c, &field, &why), -1);
    assert_string_equal(field, "email");
    assert_string_equal(why, "a line break or control character");
    c.email = "ann@shop.example";
    c.name = "Ann\xff";
    assert_int_equal(contact_record_check(&c, &field, &why), -1);
    assert_string_equal(field, "name");
    assert_string_equal(why, "not valid UTF-8");
    c.name = "Ann";
    c.address = "1 High Street\r\nYork"; /* the door makes it "\n" */
    assert_int_equal(contact_record_check(&c, &field, &why), -1);
    assert_string_equal(field, "address");
    c.address = "1 High Street\fYork";
    assert_int_equal(contact_record_check(&c, &field, &why), -1);
    c.city = "\x1b[31mYork";
    c.address = "";
    assert_int_equal(contact_record_check(&c, &field, &why), -1);
    assert_string_equal(field, "city");
    /* An address: lines, at most CONTACT_ADDRESS_MAX bytes in all. */
    memset(address, 'a', CONTACT_ADDRESS_MAX);
    address[100] = '\n';
    address[CONTACT_ADDRESS_MAX] = '\0';
    assert_int_equal(contact_lines_check(address, CONTACT_ADDRESS_MAX, &why), 0);
    address[CONTACT_ADDRESS_MAX] = 'a';
    address[CONTACT_ADDRESS_MAX + 1] = '\0';
    assert_int_equal(contact_lines_check(address, CONTACT_ADDRESS_MAX, &why), -1);
    assert_string_equal(why, "too long");
    assert_int_equal(contact_lines_check("\n\n", CONTACT_ADDRESS_MAX, &why),
                     0);
}

/* The checks pass ASCII eight bytes at a time: a byte they must stop
 * at is found at every place of a word, before, in and after one, and
 * the result is what a check of one character at a time gives. */
static int
reference_text_ok(const unsigned char *p, size_t n, int lines)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];

        if (c == 0xc3 && i + 1 < n && p[i + 1] == 0xa9) {
            i++;          /* é, well formed */
            continue;
        }
        if (c >= 0x80 || (c < 0x20 && !(lines && c == '\n')) || c == 0x7f)
            return 0;
    }
    return 1;
}

static void
test_checks_stop_at_every_place_of_a_word(void **state)
{
    static const char *const odd[] = {
        "\x01", "\x1f", "\n", "\x7f", "\x80", "\xc3", "\xc3\xa9",
        "\xc3(", "\xe2\x80\xa8", "\xff", "~", " ",
    };

    (void)state;
    for (size_t len = 0; len <= 24; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t k = 0; k < sizeof(odd) / sizeof(odd[0]); k++) {
                char buf[40];
                size_t ol = strlen(odd[k]), n;
                const char *why;
                int lines_ok, text_ok;

                memset(buf, 'a', sizeof(buf));
                memcpy(buf + at, odd[k], ol);
                n = at + ol > len ? at + ol : len;
                buf[n] = '\0';
                text_ok = contact_text_check(buf, 100, &why) == 0;
                lines_ok = contact_lines_check(buf, 100, &why) == 0;
                /* U+2028 is a line break to some readers: refused. */
                if (k == 8) {
                    assert_false(text_ok);
                    assert_false(lines_ok);
                    assert_true(contact_utf8_valid(buf, n));
                    continue;
                }
                if (text_ok != reference_text_ok((unsigned char *)buf, n, 0) ||
                    lines_ok != reference_text_ok((unsigned char *)buf, n, 1))
                    fail_msg("'%s' at %zu of %zu: text %d, lines %d", odd[k],
                             at, len, text_ok, lines_ok);
                assert_int_equal(contact_utf8_valid(buf, n),
                                 k != 5 && k != 7 && k != 9 && k != 4);
            }
    /* A NUL is text's end to the checks of C strings, and never valid
     * inside a field. */
    for (size_t at = 0; at < 20; at++) {
        char buf[20];

        memset(buf, 'a', sizeof(buf));
        buf[at] = '\0';
        assert_false(contact_utf8_valid(buf, sizeof(buf)));
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email_one_bare_address),
        cmocka_unit_test(test_phone_digits_and_separators),
        cmocka_unit_test(test_text_no_controls_bounded),
        cmocka_unit_test(test_lines_only_line_feeds_bounded_in_all),
        cmocka_unit_test(test_country_iso_3166_1_alpha_2),
        cmocka_unit_test(test_language_iso_639_1),
        cmocka_unit_test(test_region_checked_against_country),
        cmocka_unit_test(test_kind_words),
        cmocka_unit_test(test_record_checked_as_the_doors_check),
        cmocka_unit_test(test_checks_stop_at_every_place_of_a_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
