#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "render/epc_qr.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define IBAN_DE "DE89 3704 0044 0532 0130 00"

/* s repeated n times into buf (cap bytes). */
static const char *
repeat(char *buf, size_t cap, const char *s, size_t n)
{
    size_t k = strlen(s), len = 0;

    for (size_t i = 0; i < n && len + k < cap; i++, len += k)
        memcpy(buf + len, s, k);
    buf[len] = '\0';
    return buf;
}

/* EPC069-12 5.3: fields in order, "\n" between them, the empty ones at the
 * end left off; the amount as EUR and a point with two decimals. */
static void
test_payload_exact(void **state)
{
    static const struct {
        struct epc_qr q;
        const char *want;
    } cases[] = {
        { { "COBADEFFXXX", "Acme GmbH", IBAN_DE, 757870, "RF18 5390 0754 7034",
            NULL },
          "BCD\n002\n1\nSCT\nCOBADEFFXXX\nAcme GmbH\nDE89370400440532013000\n"
          "EUR7578.70\n\nRF18539007547034" },
        /* BIC optional in 002; the text goes in field 11. */
        { { NULL, "Müller & Söhne KG", "de89370400440532013000", 1, NULL,
            "Rechnung 2026-0042, Kunde C00001" },
          "BCD\n002\n1\nSCT\n\nMüller & Söhne KG\nDE89370400440532013000\n"
          "EUR0.01\n\n\nRechnung 2026-0042, Kunde C00001" },
        { { "cobadeff", "A", "NO93 8601 1117 947", INT64_C(99999999999), NULL,
            "x" },
          "BCD\n002\n1\nSCT\nCOBADEFF\nA\nNO9386011117947\n"
          "EUR999999999.99\n\n\nx" },
        { { "", "株式会社", "GB82 WEST 1234 5698 7654 32", 100,
            "rf18539007547034", "" },
          "BCD\n002\n1\nSCT\n\n株式会社\nGB82WEST12345698765432\nEUR1.00\n\n"
          "RF18539007547034" },
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        struct sbuf sb = SBUF_INIT;
        struct dun_err err = DUN_ERR_INIT;

        if (epc_qr_payload(&cases[i].q, &sb, &err) < 0)
            fail_msg("case %zu: %s", i, err.msg);
        assert_string_equal(sb.buf, cases[i].want);
        sbuf_release(&sb);
    }
}

/* Every refusal names its field and leaves the output as it was. */
static void
test_payload_refusals(void **state)
{
    char n70[256], n71[256], t141[512], big[512];
    struct {
        struct epc_qr q;
        const char *msg;
    } cases[] = {
        { { NULL, "", IBAN_DE, 100, NULL, "t" }, "epc qr: name: empty" },
        { { NULL, NULL, IBAN_DE, 100, NULL, "t" }, "epc qr: name: empty" },
        { { NULL, repeat(n71, sizeof(n71), "ä", 71), IBAN_DE, 100, NULL, "t" },
          "epc qr: name: more than 70 characters" },
        { { NULL, "A\nB", IBAN_DE, 100, NULL, "t" },
          "epc qr: name: a line break or control character" },
        { { NULL, "A\xC3", IBAN_DE, 100, NULL, "t" },
          "epc qr: name: not valid UTF-8" },
        { { NULL, "A", "DE88 3704 0044 0532 0130 00", 100, NULL, "t" },
          "epc qr: iban: the check digits do not match (a digit wrong or "
          "two swapped?)" },
        { { NULL, "A", "DE89-3704-0044-0532-0130-00", 100, NULL, "t" },
          "epc qr: iban: only letters, digits and spaces" },
        { { NULL, "A", "NO93 8601 1117 94", 100, NULL, "t" },
          "epc qr: iban: fewer than 15 letters and digits" },
        { { NULL, "A", "8937 0400 4405 3201 3000", 100, NULL, "t" },
          "epc qr: iban: it starts with a country code and two check digits "
          "(such as DE89)" },
        { { NULL, "A", "", 100, NULL, "t" }, "epc qr: iban: empty" },
        { { "COBADEFFX", "A", IBAN_DE, 100, NULL, "t" },
          "epc qr: bic: not 8 or 11 letters and digits" },
        { { "COBA1EFF", "A", IBAN_DE, 100, NULL, "t" },
          "epc qr: bic: no country code in characters 5-6" },
        { { NULL, "A", IBAN_DE, 0, NULL, "t" },
          "epc qr: amount: not between 0.01 and 999999999.99" },
        { { NULL, "A", IBAN_DE, -5, NULL, "t" },
          "epc qr: amount: not between 0.01 and 999999999.99" },
        { { NULL, "A", IBAN_DE, INT64_C(100000000000), NULL, "t" },
          "epc qr: amount: not between 0.01 and 999999999.99" },
        { { NULL, "A", IBAN_DE, 100, "RF18539007547034", "t" },
          "epc qr: both a reference and a text given: one of them only" },
        { { NULL, "A", IBAN_DE, 100, NULL, NULL },
          "epc qr: neither a reference nor a text given" },
        { { NULL, "A", IBAN_DE, 100, "RF19539007547034", NULL },
          "epc qr: reference: wrong check digits" },
        { { NULL, "A", IBAN_DE, 100, "2026-0042", NULL },
          "epc qr: reference: not letters and digits, or longer than 35 "
          "characters" },
        { { NULL, "A", IBAN_DE, 100, "INV20260042", NULL },
          "epc qr: reference: not an RF creditor reference (RF, two check "
          "digits, 1 to 21 letters and digits)" },
        { { NULL, "A", IBAN_DE, 100, NULL,
            repeat(t141, sizeof(t141), "x", 141) },
          "epc qr: text: more than 140 characters" },
        { { NULL, "A", IBAN_DE, 100, NULL, "a\r\nb" },
          "epc qr: text: a line break or control character" },
        /* 140 + 280 bytes of name and text: each within its limit in
         * characters, together over the 331 bytes of 5.2. */
        { { NULL, repeat(n70, sizeof(n70), "ä", 70), IBAN_DE, 100, NULL,
            repeat(big, sizeof(big), "ä", 140) },
          "epc qr: payload of 469 bytes, more than 331" },
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        struct sbuf sb = SBUF_INIT;
        struct dun_err err = DUN_ERR_INIT;

        sbuf_addstr(&sb, "kept");
        if (epc_qr_payload(&cases[i].q, &sb, &err) == 0)
            fail_msg("case %zu accepted: %s", i, sb.buf);
        assert_int_equal(err.code, DUN_E_INPUT);
        assert_string_equal(err.msg, cases[i].msg);
        assert_string_equal(sb.buf, "kept");
        sbuf_release(&sb);
    }
}

/* Both sides of the length limits: 70 characters of name and 140 of text
 * are accepted (in ASCII, so that the payload stays within 331 bytes). */
static void
test_payload_limits_accepted(void **state)
{
    char name[128], text[256];
    struct epc_qr q = { NULL, repeat(name, sizeof(name), "n", 70), IBAN_DE, 100,
                        NULL, repeat(text, sizeof(text), "t", 140) };
    struct sbuf sb = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    if (epc_qr_payload(&q, &sb, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(sb.len <= EPC_QR_MAX_BYTES);
    /* 11 fields and 10 line feeds: 3+3+1+3+0+70+22+7+0+0+140 */
    assert_int_equal(sb.len, 249 + 10);
    sbuf_release(&sb);
}

static void
test_iban_check(void **state)
{
    static const char *const good[] = {
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "NO9386011117947",
        "at611904300234573201",
        "LC55HEMM000100010012001200023015", /* 32 characters */
    };
    static const char *const bad[] = {
        "DE89370400440532013001",
        "NO938601111794",
        "",
        "DE89 3704 0044 0532 0130 0000 0000 0000 0", /* 35 */
        "DE89_370400440532013000",
    };
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    for (size_t i = 0; i < N(good); i++)
        if (iban_check(good[i], &err) < 0)
            fail_msg("%s: %s", good[i], err.msg);
    for (size_t i = 0; i < N(bad); i++)
        if (iban_check(bad[i], &err) == 0)
            fail_msg("%s accepted", bad[i]);
}

static void
test_iban_group4(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "DE89370400440532013000", "DE89 3704 0044 0532 0130 00" },
        { "de89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00" },
        { "NO9386011117947", "NO93 8601 1117 947" },
        { "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32" },
        { "LC55HEMM000100010012001200023015",
          "LC55 HEMM 0001 0001 0012 0012 0002 3015" },
        { "ABCD", "ABCD" },
        { "", "" },
    };
    char out[IBAN_GROUPED_MAX + 1], small[27];

    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        int n = iban_group4(cases[i].in, out, sizeof(out));

        assert_string_equal(out, cases[i].want);
        assert_int_equal(n, (int)strlen(cases[i].want));
    }
    /* 27 bytes hold 26 characters and the NUL: one short. */
    assert_int_equal(iban_group4("DE89370400440532013000", small, 28 - 1), -1);
    assert_string_equal(small, "");
    assert_int_equal(iban_group4("DE89/3704", out, sizeof(out)), -1);
    assert_string_equal(out, "");
    assert_int_equal(
        iban_group4("DE89370400440532013000000000000000000", out, sizeof(out)),
        -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payload_exact),
        cmocka_unit_test(test_payload_refusals),
        cmocka_unit_test(test_payload_limits_accepted),
        cmocka_unit_test(test_iban_check),
        cmocka_unit_test(test_iban_group4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
