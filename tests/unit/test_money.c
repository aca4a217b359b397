#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "core/money.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Sentinel for "*out untouched": no test expects this value back. */
#define UNTOUCHED ((int64_t)0x5a5a5a5a5a5a5a5a)

static void
test_currency_exponent_by_class(void **state)
{
    static const struct {
        const char *code;
        int want;
    } cases[] = {
        /* ISO 4217 list one: minor unit 2, the common case */
        { "EUR", 2 },
        { "USD", 2 },
        { "GBP", 2 },
        { "CHF", 2 },
        { "SEK", 2 },
        { "HUF", 2 },
        { "IDR", 2 },
        { "XCD", 2 },
        /* minor unit 0 */
        { "JPY", 0 },
        { "KRW", 0 },
        { "ISK", 0 },
        { "CLP", 0 },
        { "VND", 0 },
        { "XAF", 0 },
        { "XOF", 0 },
        { "XPF", 0 },
        { "PYG", 0 },
        { "UGX", 0 },
        { "BIF", 0 },
        { "UYI", 0 },
        /* minor unit 3 */
        { "BHD", 3 },
        { "IQD", 3 },
        { "JOD", 3 },
        { "KWD", 3 },
        { "LYD", 3 },
        { "OMR", 3 },
        { "TND", 3 },
        /* minor unit 4 */
        { "CLF", 4 },
        { "UYW", 4 },
        /* both ends of the sorted table */
        { "AED", 2 },
        { "ZWL", 2 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int got = currency_exponent(cases[i].code, strlen(cases[i].code));

        if (got != cases[i].want)
            fail_msg("%s: got %d, want %d", cases[i].code, got, cases[i].want);
        assert_int_equal(currency_valid(cases[i].code, 3), 1);
    }
}

/* Every code of the table must be reachable by the binary search: an entry
 * out of order would hide itself or its neighbours. */
static void
test_currency_every_active_code_found(void **state)
{
    static const char all[] =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF "
        "BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF "
        "CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB "
        "EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR "
        "ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD "
        "KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR "
        "MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK "
        "PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP "
        "SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD "
        "TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF "
        "XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL";
    static const char zero[] = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF "
                               "UGX UYI VND VUV XAF XOF XPF";
    static const char three[] = "BHD IQD JOD KWD LYD OMR TND";
    static const char four[] = "CLF UYW";
    size_t count = 0;
    (void)state;
    for (size_t i = 0; i + 3 <= strlen(all); i += 4) {
        char code[4] = { all[i], all[i + 1], all[i + 2], '\0' };
        int want = 2;

        if (strstr(zero, code))
            want = 0;
        else if (strstr(three, code))
            want = 3;
        else if (strstr(four, code))
            want = 4;
        if (currency_exponent(code, 3) != want)
            fail_msg("%s: got %d, want %d", code, currency_exponent(code, 3),
                     want);
        count++;
    }
    assert_int_equal(count, 169);
}

static void
test_currency_rejects_unknown_and_malformed(void **state)
{
    static const struct {
        const char *code;
        size_t len;
    } cases[] = {
        /* ISO 4217 alphabetic codes are upper case */
        { "eur", 3 },
        { "Eur", 3 },
        /* exactly 3 bytes; len counts them, a NUL is not a letter */
        { "EU", 2 },
        { "EURO", 4 },
        { "EUR", 2 },
        { "", 0 },
        { "EU\0", 3 },
        { "E1R", 3 },
        { "E R", 3 },
        /* before the first and after the last entry of the table */
        { "AAA", 3 },
        { "ZZZ", 3 },
        /* minor unit "N.A.": no currency, gold, SDR, testing */
        { "XXX", 3 },
        { "XAU", 3 },
        { "XDR", 3 },
        { "XTS", 3 },
        /* withdrawn: HRK (2023, Croatia uses EUR), DEM (2002), VEF */
        { "HRK", 3 },
        { "DEM", 3 },
        { "VEF", 3 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        if (currency_exponent(cases[i].code, cases[i].len) != -1)
            fail_msg("case %zu (%s) accepted", i, cases[i].code);
        assert_int_equal(currency_valid(cases[i].code, cases[i].len), 0);
    }
}

static void
test_money_parse_accepts_plain_decimals(void **state)
{
    static const struct {
        const char *s;
        int exponent;
        int64_t want;
    } cases[] = {
        { "0", 2, 0 },
        { "12", 2, 1200 },
        { "12.5", 2, 1250 },
        { "12.50", 2, 1250 },
        { "0.01", 2, 1 },
        { "0.00", 2, 0 },
        { "007", 2, 700 },
        { "-0.50", 2, -50 }, /* negative allowed: credit notes, refunds */
        { "-0", 2, 0 },
        { "-12.5", 2, -1250 },
        { "1200", 0, 1200 },
        { "-1200", 0, -1200 },
        { "1.234", 3, 1234 },
        { "0.001", 3, 1 },
        { "1.2", 3, 1200 },
        { "1.2345", 4, 12345 },
        /* int64_t limits, reached exactly */
        { "92233720368547758.07", 2, INT64_MAX },
        { "-92233720368547758.08", 2, INT64_MIN },
        { "9223372036854775807", 0, INT64_MAX },
        { "-9223372036854775808", 0, INT64_MIN },
        { "9223372036854775.807", 3, INT64_MAX },
        { "922337203685477.5807", 4, INT64_MAX },
        { "9.223372036854775807", 18, INT64_MAX },
        { "-9.223372036854775808", 18, INT64_MIN },
        { "0000000000000000000000001", 0, 1 }, /* zeros never overflow */
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int64_t got = UNTOUCHED;
        const char *why = NULL;

        if (money_parse(cases[i].s, strlen(cases[i].s), cases[i].exponent, &got,
                        &why) != 0)
            fail_msg("%s (exp %d): rejected: %s", cases[i].s, cases[i].exponent,
                     why);
        if (got != cases[i].want)
            fail_msg("%s (exp %d): got %lld, want %lld", cases[i].s,
                     cases[i].exponent, (long long)got,
                     (long long)cases[i].want);
        assert_null(why);
    }
}

static void
test_money_parse_rejects_with_reason(void **state)
{
    static const struct {
        const char *s;
        int exponent;
        const char *why;
    } cases[] = {
        { "", 2, "empty" },
        { "-", 2, "not a number" },
        { "+1", 2, "not a number" },
        { " 1", 2, "not a number" },
        { "1 ", 2, "not a number" },
        { ".5", 2, "not a number" },
        { "-.5", 2, "not a number" },
        { "5.", 2, "not a number" },
        { "5.", 0, "not a number" },
        { "1e3", 2, "not a number" },
        { "12,50", 2, "not a number" },
        { "1,000.00", 2, "not a number" },
        { "1'000", 2, "not a number" },
        { "--1", 2, "not a number" },
        { "1-", 2, "not a number" },
        { "1.2.3", 2, "not a number" },
        { "1.-2", 2, "not a number" },
        { "0x10", 2, "not a number" },
        { "1.234x", 2, "not a number" }, /* syntax before decimals */
        { "abc", 2, "not a number" },
        { "\xd9\xa1", 2, "not a number" }, /* Arabic-Indic digit one */
        /* one fraction digit more than the currency has */
        { "1.234", 2, "too many decimals" },
        { "0.001", 2, "too many decimals" },
        { "1.2345", 3, "too many decimals" },
        { "1.23456", 4, "too many decimals" },
        { "1.5", 0, "too many decimals" },
        { "1.0", 0, "too many decimals" },
        { "1.000", 2, "too many decimals" }, /* even when zero */
        /* one minor unit past int64_t, both sides */
        { "92233720368547758.08", 2, "out of range" },
        { "-92233720368547758.09", 2, "out of range" },
        { "9223372036854775808", 0, "out of range" },
        { "-9223372036854775809", 0, "out of range" },
        { "9.223372036854775808", 18, "out of range" },
        { "99999999999999999999999", 0, "out of range" },
        { "100000000000000000", 2, "out of range" },
        /* overflow only from the exponent's padding zeros */
        { "92233720368547759", 2, "out of range" },
        { "1", -1, "unknown currency" }, /* currency_exponent() failed */
        { "1", 19, "unknown currency" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int64_t got = UNTOUCHED;
        const char *why = NULL;

        if (money_parse(cases[i].s, strlen(cases[i].s), cases[i].exponent, &got,
                        &why) != -1)
            fail_msg("%s (exp %d): accepted as %lld", cases[i].s,
                     cases[i].exponent, (long long)got);
        assert_true(got == UNTOUCHED);
        assert_non_null(why);
        if (strcmp(why, cases[i].why) != 0)
            fail_msg("%s (exp %d): why \"%s\", want \"%s\"", cases[i].s,
                     cases[i].exponent, why, cases[i].why);
        /* why may be NULL */
        assert_int_equal(money_parse(cases[i].s, strlen(cases[i].s),
                                     cases[i].exponent, &got, NULL),
                         -1);
    }
}

static void
test_money_parse_reads_exactly_len_bytes(void **state)
{
    static const char nul[] = { '1', '\0', '2' };
    int64_t got = UNTOUCHED;
    (void)state;
    assert_int_equal(money_parse("12.50xyz", 5, 2, &got, NULL), 0);
    assert_true(got == 1250);
    assert_int_equal(money_parse("12.505", 5, 2, &got, NULL), 0);
    assert_true(got == 1250);
    /* An embedded NUL is a byte like any other, not an end. */
    got = UNTOUCHED;
    assert_int_equal(money_parse(nul, sizeof(nul), 2, &got, NULL), -1);
    assert_true(got == UNTOUCHED);
}

static void
test_money_format_exact(void **state)
{
    static const struct {
        int64_t minor;
        int exponent;
        const char *want;
    } cases[] = {
        { 0, 2, "0.00" },
        { 5, 2, "0.05" },
        { -5, 2, "-0.05" },
        { 50, 2, "0.50" },
        { 100, 2, "1.00" },
        { 123450, 2, "1234.50" },
        { -123450, 2, "-1234.50" },
        { 0, 0, "0" },
        { 1200, 0, "1200" },
        { -1, 0, "-1" },
        { 1, 3, "0.001" },
        { 1234, 3, "1.234" },
        { -1000, 3, "-1.000" },
        { 1, 4, "0.0001" },
        { INT64_MAX, 2, "92233720368547758.07" },
        { INT64_MIN, 2, "-92233720368547758.08" },
        { INT64_MAX, 0, "9223372036854775807" },
        { INT64_MIN, 0, "-9223372036854775808" },
        { INT64_MIN + 1, 0, "-9223372036854775807" },
        { INT64_MAX, 18, "9.223372036854775807" },
        { INT64_MIN, 18, "-9.223372036854775808" },
        { -1, 18, "-0.000000000000000001" }, /* longest output */
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        char buf[MONEY_FMT_MAX];

        assert_ptr_equal(money_format(cases[i].minor, cases[i].exponent, buf),
                         buf);
        assert_string_equal(buf, cases[i].want);
    }
}

/* format then parse gives the amount back; parse then format gives the
 * canonical text back: EUR (2), JPY (0), BHD (3). */
static void
test_money_round_trip_eur_jpy_bhd(void **state)
{
    static const char *codes[] = { "EUR", "JPY", "BHD" };
    static const int64_t fixed[] = {
        /* both sides of each digit count */
        0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 1001, 123456789,
        /* int64_t limits */
        INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1
    };
    (void)state;
    for (size_t c = 0; c < N_ELEMS(codes); c++) {
        int exponent = currency_exponent(codes[c], 3);
        uint64_t x = 0x9e3779b97f4a7c15u;

        assert_in_range(exponent, 0, 3);
        for (size_t i = 0; i < N_ELEMS(fixed) + 10000; i++) {
            int64_t v, back = UNTOUCHED;
            char buf[MONEY_FMT_MAX], again[MONEY_FMT_MAX];

            if (i < N_ELEMS(fixed)) {
                v = fixed[i];
            } else {
                /* xorshift64: every magnitude, both signs */
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                v = (int64_t)(x >> (1 + x % 63));
                if (x & 1)
                    v = -v;
            }
            money_format(v, exponent, buf);
            if (money_parse(buf, strlen(buf), exponent, &back, NULL) != 0 ||
                back != v)
                fail_msg("%s %lld -> \"%s\" did not parse back", codes[c],
                         (long long)v, buf);
            money_format(back, exponent, again);
            assert_string_equal(again, buf);
        }
    }
}

static void
test_money_add_sub_limits(void **state)
{
    static const struct {
        int64_t a, b;
        int rc;
        int64_t want;
    } adds[] = {
        { 1, 2, 0, 3 },
        { INT64_MAX, 0, 0, INT64_MAX },
        { INT64_MAX, 1, -1, 0 },
        { INT64_MAX - 1, 1, 0, INT64_MAX },
        { INT64_MIN, 0, 0, INT64_MIN },
        { INT64_MIN, -1, -1, 0 },
        { INT64_MIN + 1, -1, 0, INT64_MIN },
        { INT64_MAX, INT64_MIN, 0, -1 },
        { INT64_MAX, INT64_MAX, -1, 0 },
        { INT64_MIN, INT64_MIN, -1, 0 },
    }, subs[] = {
        { 3, 5, 0, -2 },
        { INT64_MIN, 1, -1, 0 },
        { INT64_MIN + 1, 1, 0, INT64_MIN },
        { INT64_MAX, -1, -1, 0 },
        { INT64_MAX - 1, -1, 0, INT64_MAX },
        { 0, INT64_MIN, -1, 0 }, /* -INT64_MIN does not exist */
        { -1, INT64_MIN, 0, INT64_MAX },
        { 0, INT64_MAX, 0, -INT64_MAX },
        { -2, INT64_MAX, -1, 0 },
        { INT64_MIN, INT64_MIN, 0, 0 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(adds); i++) {
        int64_t got = UNTOUCHED;

        assert_int_equal(money_add(adds[i].a, adds[i].b, &got), adds[i].rc);
        assert_true(got == (adds[i].rc ? UNTOUCHED : adds[i].want));
    }
    for (size_t i = 0; i < N_ELEMS(subs); i++) {
        int64_t got = UNTOUCHED;

        assert_int_equal(money_sub(subs[i].a, subs[i].b, &got), subs[i].rc);
        assert_true(got == (subs[i].rc ? UNTOUCHED : subs[i].want));
    }
}

static void
test_money_mul_limits(void **state)
{
    static const struct {
        int64_t a, n;
        int rc;
        int64_t want;
    } cases[] = {
        { 1250, 3, 0, 3750 },
        { -1250, 3, 0, -3750 },
        { INT64_MAX, 1, 0, INT64_MAX },
        { INT64_MAX, -1, 0, -INT64_MAX },
        { INT64_MIN, 1, 0, INT64_MIN },
        { INT64_MIN, -1, -1, 0 },
        { INT64_MIN, 0, 0, 0 },
        { INT64_MAX, 2, -1, 0 },
        { (int64_t)1 << 62, 2, -1, 0 },           /* 2^63: one past */
        { -((int64_t)1 << 62), 2, 0, INT64_MIN }, /* -2^63: just fits */
        { -((int64_t)1 << 62), -2, -1, 0 },
        { 3037000499, 3037000499, 0, 9223372030926249001 },
        { 3037000500, 3037000500, -1, 0 },
        { -3037000500, 3037000500, -1, 0 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int64_t got = UNTOUCHED;

        assert_int_equal(money_mul(cases[i].a, cases[i].n, &got), cases[i].rc);
        assert_true(got == (cases[i].rc ? UNTOUCHED : cases[i].want));
    }
}

/* money.h: half a minor unit rounds away from zero, on both sides of 0. */
static void
test_money_percent_rounds_half_away_from_zero(void **state)
{
    static const struct {
        int64_t amount, bp, want;
    } cases[] = {
        /* exactly half a unit: away from zero, whatever the signs */
        { 1, 5000, 1 },
        { -1, 5000, -1 },
        { 1, -5000, -1 },
        { -1, -5000, 1 },
        { 3, 5000, 2 },
        { -3, 5000, -2 },
        /* 2.5 -> 3: not banker's rounding, which would give 2 */
        { 5, 5000, 3 },
        { -5, 5000, -3 },
        /* just below and just above half */
        { 1, 4999, 0 },
        { -1, 4999, 0 },
        { 1, 5001, 1 },
        { -1, 5001, -1 },
        /* 5% of 100.00; 9.12% of 123.45 = 11.25864 */
        { 10000, 500, 500 },
        { 12345, 912, 1126 },
        { -12345, 912, -1126 },
        /* 5% of 19.99 = 0.9995 -> 1.00; 5% of 19.89 = 0.9945 -> 0.99 */
        { 1999, 500, 100 },
        { 1989, 500, 99 },
        { 0, 912, 0 },
        { 12345, 0, 0 },
        { 12345, 10000, 12345 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int64_t got = UNTOUCHED;

        assert_int_equal(money_percent(cases[i].amount, cases[i].bp, &got), 0);
        if (got != cases[i].want)
            fail_msg("%lld * %lld bp: got %lld, want %lld",
                     (long long)cases[i].amount, (long long)cases[i].bp,
                     (long long)got, (long long)cases[i].want);
    }
}

static void
test_money_scale_exact_and_limits(void **state)
{
    static const struct {
        int64_t amount, num, den;
        int rc;
        int64_t want;
    } cases[] = {
        { 1, 1, 3, 0, 0 },
        { 2, 1, 3, 0, 1 },
        { -2, 1, 3, 0, -1 },
        { 100, 1, 3, 0, 33 },
        { 100, 2, 3, 0, 67 },
        { -100, 2, 3, 0, -67 },
        { 1, 1, 2, 0, 1 },
        { -1, 1, 2, 0, -1 },
        /* the product needs 128 bits, the result does not */
        { INT64_MAX, INT64_MAX, INT64_MAX, 0, INT64_MAX },
        { INT64_MIN, INT64_MAX, INT64_MAX, 0, INT64_MIN },
        { INT64_MAX, 1, 2, 0, 4611686018427387904 },      /* .5 up */
        { INT64_MIN, 1, 2, 0, -4611686018427387904 },     /* exact */
        { INT64_MIN + 1, 1, 2, 0, -4611686018427387904 }, /* .5 down */
        /* results just past int64_t */
        { INT64_MAX, 2, 1, -1, 0 },
        { INT64_MIN, -1, 1, -1, 0 },
        { INT64_MIN, -INT64_MAX, INT64_MAX, -1, 0 }, /* -INT64_MIN */
        { INT64_MAX, 3, 2, -1, 0 },
        { INT64_MIN, INT64_MIN, INT64_MAX, -1, 0 }, /* 2^126 / (2^63 - 1) */
        /* (2^64 - 1) / 2 = INT64_MAX + 0.5: rounding alone overflows */
        { 6148914691236517205, 3, 2, -1, 0 },
        /* -(2^64 - 1) / 2 = INT64_MIN + 0.5, which rounds to INT64_MIN */
        { -6148914691236517205, 3, 2, 0, INT64_MIN },
        /* -(2^64 + 1) / 2 = INT64_MIN - 0.5 rounds past it */
        { -67280421310721, 274177, 2, -1, 0 },
        /* den must be > 0 */
        { 1, 1, 0, -1, 0 },
        { 1, 1, -1, -1, 0 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int64_t got = UNTOUCHED;
        int rc = money_scale(cases[i].amount, cases[i].num, cases[i].den, &got);

        if (rc != cases[i].rc)
            fail_msg("case %zu: rc %d, want %d", i, rc, cases[i].rc);
        assert_true(got == (rc ? UNTOUCHED : cases[i].want));
    }
}

static void
check_split(int64_t total, size_t n)
{
    int64_t parts[64];
    int64_t sum = 0;

    assert_true(n > 0 && n <= N_ELEMS(parts));
    money_split(total, n, parts);
    for (size_t i = 0; i < n; i++) {
        /* every part on total's side of zero: no partial sum overflows */
        assert_true(total >= 0 ? parts[i] >= 0 : parts[i] <= 0);
        sum += parts[i];
        /* differ by at most one, earlier parts the larger share */
        if (i > 0) {
            int64_t d =
                total >= 0 ? parts[i - 1] - parts[i] : parts[i] - parts[i - 1];
            assert_true(d == 0 || d == 1);
        }
    }
    if (sum != total)
        fail_msg("split %lld / %zu sums to %lld", (long long)total, n,
                 (long long)sum);
    assert_true(total >= 0 ? parts[0] - parts[n - 1] <= 1
                           : parts[n - 1] - parts[0] <= 1);
}

static void
test_money_split_exact(void **state)
{
    static const struct {
        int64_t total;
        size_t n;
        int64_t want[4];
    } cases[] = {
        { 100, 3, { 34, 33, 33 } },
        { -100, 3, { -34, -33, -33 } },
        { 101, 3, { 34, 34, 33 } },
        { -101, 3, { -34, -34, -33 } },
        { 99, 3, { 33, 33, 33 } },
        { 2, 3, { 1, 1, 0 } },
        { -2, 3, { -1, -1, 0 } },
        { 0, 3, { 0, 0, 0 } },
        { 5, 1, { 5 } },
        { -5, 1, { -5 } },
        { 1, 4, { 1, 0, 0, 0 } },
        { INT64_MAX, 1, { INT64_MAX } },
        { INT64_MIN, 1, { INT64_MIN } },
        { INT64_MAX, 2, { 4611686018427387904, 4611686018427387903 } },
        { INT64_MIN, 2, { -4611686018427387904, -4611686018427387904 } },
        { INT64_MIN,
          3,
          { -3074457345618258603, -3074457345618258603,
            -3074457345618258602 } },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int64_t parts[4];

        money_split(cases[i].total, cases[i].n, parts);
        for (size_t k = 0; k < cases[i].n; k++)
            if (parts[k] != cases[i].want[k])
                fail_msg("%lld / %zu: part %zu is %lld, want %lld",
                         (long long)cases[i].total, cases[i].n, k,
                         (long long)parts[k], (long long)cases[i].want[k]);
    }
}

static void
test_money_split_sums_exactly(void **state)
{
    static const int64_t edges[] = {
        INT64_MAX,     INT64_MIN,           INT64_MAX - 1,
        INT64_MIN + 1, 4611686018427387904, -4611686018427387904,
        1000000007,
    };
    (void)state;
    for (int64_t total = -1000; total <= 1000; total++)
        for (size_t n = 1; n <= 64; n++)
            check_split(total, n);
    for (size_t i = 0; i < N_ELEMS(edges); i++)
        for (size_t n = 1; n <= 64; n++)
            check_split(edges[i], n);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_currency_exponent_by_class),
        cmocka_unit_test(test_currency_every_active_code_found),
        cmocka_unit_test(test_currency_rejects_unknown_and_malformed),
        cmocka_unit_test(test_money_parse_accepts_plain_decimals),
        cmocka_unit_test(test_money_parse_rejects_with_reason),
        cmocka_unit_test(test_money_parse_reads_exactly_len_bytes),
        cmocka_unit_test(test_money_format_exact),
        cmocka_unit_test(test_money_round_trip_eur_jpy_bhd),
        cmocka_unit_test(test_money_add_sub_limits),
        cmocka_unit_test(test_money_mul_limits),
        cmocka_unit_test(test_money_percent_rounds_half_away_from_zero),
        cmocka_unit_test(test_money_scale_exact_and_limits),
        cmocka_unit_test(test_money_split_exact),
        cmocka_unit_test(test_money_split_sums_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
