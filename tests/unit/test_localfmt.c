#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "core/date.h"
#include "core/money.h"
#include "render/localfmt.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define NBSP "\xc2\xa0"         /* U+00A0 no-break space */
#define NNBSP "\xe2\x80\xaf"    /* U+202F narrow no-break space */

struct want {
    const char *language, *country, *tag, *date, *eur, *gbp, *usd, *number;
};

/* 14 November 2026 and 7578.70 in each currency, as the issue that asked
 * for local formats wrote them for de-DE, en-GB and en-US. */
static const struct want wants[] = {
    {"de", "DE", "de-DE", "14.11.2026", "7.578,70" NBSP "\xe2\x82\xac",
     "7.578,70" NBSP "\xc2\xa3", "7.578,70" NBSP "$", "7.578,70"},
    {"en", "GB", "en-GB", "14 November 2026", "\xe2\x82\xac" "7,578.70",
     "\xc2\xa3" "7,578.70", "US$7,578.70", "7,578.70"},
    {"en", "US", "en-US", "November 14, 2026", "\xe2\x82\xac" "7,578.70",
     "\xc2\xa3" "7,578.70", "$7,578.70", "7,578.70"},
    {"fr", "FR", "fr-FR", "14 novembre 2026",
     "7" NNBSP "578,70" NBSP "\xe2\x82\xac", "7" NNBSP "578,70" NBSP
     "\xc2\xa3" "GB", "7" NNBSP "578,70" NBSP "$US", "7" NNBSP "578,70"},
    {"nl", "NL", "nl-NL", "14 november 2026",
     "\xe2\x82\xac" NBSP "7.578,70", "\xc2\xa3" NBSP "7.578,70",
     "US$" NBSP "7.578,70", "7.578,70"},
    {"es", "ES", "es-ES", "14 de noviembre de 2026",
     "7578,70" NBSP "\xe2\x82\xac", "7578,70" NBSP "GBP",
     "7578,70" NBSP "US$", "7578,70"},
    {"it", "IT", "it-IT", "14 novembre 2026", "7.578,70" NBSP "\xe2\x82\xac",
     "7.578,70" NBSP "\xc2\xa3", "7.578,70" NBSP "USD", "7.578,70"},
    {"de", "AT", "de-AT", "14.11.2026", "\xe2\x82\xac" NBSP "7.578,70",
     "\xc2\xa3" NBSP "7.578,70", "$" NBSP "7.578,70", "7" NBSP "578,70"},
    /* no country: the language's usual one */
    {"en", "", "en", "November 14, 2026", "\xe2\x82\xac" "7,578.70",
     "\xc2\xa3" "7,578.70", "$7,578.70", "7,578.70"},
    /* no language: English */
    {"", "GB", "en-GB", "14 November 2026", "\xe2\x82\xac" "7,578.70",
     "\xc2\xa3" "7,578.70", "US$7,578.70", "7,578.70"},
};

static void
test_dates_and_amounts_per_locale(void **state)
{
    int32_t day = date_from_ymd(2026, 11, 14);

    (void)state;
    for (size_t i = 0; i < N_ELEMS(wants); i++) {
        const struct want *w = &wants[i];
        struct dun_err err = DUN_ERR_INIT;
        struct localfmt *f = localfmt_new(w->language, w->country, &err);
        char out[LOCALFMT_MAX];

        assert_non_null(f);
        assert_string_equal(localfmt_tag(f), w->tag);
        assert_string_equal(localfmt_date(f, day, out), w->date);
        /* twice: the second comes from the cache */
        assert_string_equal(localfmt_date(f, day, out), w->date);
        assert_string_equal(localfmt_money(f, 757870, "EUR", out), w->eur);
        assert_string_equal(localfmt_money(f, 757870, "GBP", out), w->gbp);
        assert_string_equal(localfmt_money(f, 757870, "USD", out), w->usd);
        assert_string_equal(localfmt_number(f, 757870, "EUR", out),
                            w->number);
        localfmt_free(f);
    }
}

static void
test_short_dates_for_table_columns(void **state)
{
    static const struct {
        const char *language, *country, *want;
    } cases[] = {
        {"de", "DE", "14.11.2026"},
        {"en", "US", "Nov 14, 2026"},
        {"en", "GB", "14 Nov 2026"},
        {"nl", "NL", "14 nov 2026"},
    };
    int32_t day = date_from_ymd(2026, 11, 14);

    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct dun_err err = DUN_ERR_INIT;
        struct localfmt *f = localfmt_new(cases[i].language, cases[i].country,
                                          &err);
        char out[LOCALFMT_MAX];

        assert_string_equal(localfmt_date_short(f, day, out), cases[i].want);
        localfmt_free(f);
    }
}

/* What ICU itself writes for day in locale (ICU's form "de_DE") in
 * style: the reference the learned date forms must match. */
static const char *
icu_day(UDateFormat *fmt, int32_t day, char out[LOCALFMT_MAX])
{
    UChar buf[LOCALFMT_MAX];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = udat_format(fmt, (UDate)day * 86400000.0, buf, LOCALFMT_MAX,
                            NULL, &e);

    assert_true(U_SUCCESS(e) && n < LOCALFMT_MAX);
    e = U_ZERO_ERROR;
    u_strToUTF8(out, LOCALFMT_MAX, NULL, buf, n, &e);
    assert_true(U_SUCCESS(e));
    return out;
}

/* Dates are written from a form learned from ICU (render/localfmt.c),
 * and must be ICU's own text: every day dun allows, in the languages
 * dun writes and others with names or patterns of their own (German
 * in figures, Spanish "de", Polish and Czech genitive months, Greek,
 * Japanese and Arabic figures or scripts: ICU writes what the form
 * cannot). */
static void
test_dates_as_icu_writes_them(void **state)
{
    static const char *const locales[][2] = {
        {"de", "DE"}, {"en", "GB"}, {"en", "US"}, {"fr", "FR"},
        {"nl", "NL"}, {"es", "ES"}, {"it", "IT"}, {"de", "AT"},
        {"de", "CH"}, {"fr", "CA"}, {"pl", "PL"}, {"cs", "CZ"},
        {"fi", "FI"}, {"el", "GR"}, {"ja", "JP"}, {"ar", "EG"},
        {"en", ""}, {"pt", "BR"}, {"sv", "SE"}, {"hu", "HU"},
    };
    static const UChar utc[] = {'U', 'T', 'C', 0};
    int32_t first = date_from_ymd(DATE_FIRST_YEAR, 1, 1);
    int32_t last = date_from_ymd(DATE_LAST_YEAR, 12, 31);

    (void)state;
    for (size_t i = 0; i < N_ELEMS(locales); i++) {
        struct dun_err err = DUN_ERR_INIT;
        struct localfmt *f = localfmt_new(locales[i][0], locales[i][1], &err);
        char icu[16], want[LOCALFMT_MAX], got[LOCALFMT_MAX];
        UErrorCode e = U_ZERO_ERROR;
        UDateFormat *date, *date_short;
        /* German letters write days in figures (localfmt.h) */
        int style = strcmp(locales[i][0], "de") == 0 ? UDAT_MEDIUM
                                                     : UDAT_LONG;

        assert_non_null(f);
        snprintf(icu, sizeof(icu), "%s%s%s", locales[i][0],
                 locales[i][1][0] ? "_" : "", locales[i][1]);
        date = udat_open(UDAT_NONE, (UDateFormatStyle)style, icu, utc, -1,
                         NULL, 0, &e);
        date_short = udat_open(UDAT_NONE, UDAT_MEDIUM, icu, utc, -1, NULL,
                               0, &e);
        assert_true(U_SUCCESS(e));
        /* every day of two years, then every 13th to the last */
        for (int32_t day = first; day <= last;
             day += day < first + 731 ? 1 : 13) {
            icu_day(date, day, want);
            if (strcmp(localfmt_date(f, day, got), want) != 0)
                fail_msg("%s_%s day %d: got '%s', ICU '%s'", locales[i][0],
                         locales[i][1], (int)day, got, want);
            icu_day(date_short, day, want);
            if (strcmp(localfmt_date_short(f, day, got), want) != 0)
                fail_msg("%s_%s short day %d: got '%s', ICU '%s'",
                         locales[i][0], locales[i][1], (int)day, got, want);
        }
        udat_close(date);
        udat_close(date_short);
        localfmt_free(f);
    }
}

static void
test_amounts_are_exact(void **state)
{
    struct dun_err err = DUN_ERR_INIT;
    struct localfmt *f = localfmt_new("en", "US", &err);
    char out[LOCALFMT_MAX];

    (void)state;
    /* minor units of the currency: none for yen, three for dinars */
    assert_string_equal(localfmt_money(f, 7579, "JPY", out), "\xc2\xa5" "7,579");
    assert_string_equal(localfmt_money(f, 1234567, "KWD", out),
                        "KWD" NBSP "1,234.567");
    assert_string_equal(localfmt_money(f, -1200, "USD", out), "-$12.00");
    assert_string_equal(localfmt_money(f, 1, "USD", out), "$0.01");
    /* beyond a double's 53 bits: still every cent */
    assert_string_equal(localfmt_money(f, INT64_C(9007199254740993), "USD",
                                       out),
                        "$90,071,992,547,409.93");
    /* more currencies than slots: formatters are taken over, the
     * figures stay right */
    {
        static const char *const cur[] = {"EUR", "GBP", "CHF", "SEK", "NOK",
                                          "DKK", "PLN", "CZK", "HUF", "USD"};
        for (int round = 0; round < 2; round++)
            for (size_t i = 0; i < N_ELEMS(cur); i++) {
                localfmt_number(f, 100, cur[i], out);
                assert_string_equal(out, "1.00");
            }
    }
    localfmt_free(f);
}

/* What ICU itself writes for minor units of currency in locale (ICU's
 * form "de_DE"), the reference the fast path must match. */
static const char *
icu_money(const char *locale, const char *currency, int64_t minor,
          char out[LOCALFMT_MAX])
{
    UErrorCode e = U_ZERO_ERROR;
    UNumberFormat *nf = unum_open(UNUM_CURRENCY, NULL, 0, locale, NULL, &e);
    UChar code[4], buf[LOCALFMT_MAX];
    char dec[MONEY_FMT_MAX];
    int digits = currency_exponent(currency, 3);
    int32_t n;

    u_charsToUChars(currency, code, 4);
    unum_setTextAttribute(nf, UNUM_CURRENCY_CODE, code, 3, &e);
    unum_setAttribute(nf, UNUM_MIN_FRACTION_DIGITS, digits);
    unum_setAttribute(nf, UNUM_MAX_FRACTION_DIGITS, digits);
    unum_setAttribute(nf, UNUM_MINIMUM_GROUPING_DIGITS,
                      UNUM_MINIMUM_GROUPING_DIGITS_AUTO);
    money_format(minor, digits, dec);
    n = unum_formatDecimal(nf, dec, -1, buf, LOCALFMT_MAX, NULL, &e);
    u_strToUTF8(out, LOCALFMT_MAX, NULL, buf, n, &e);
    unum_close(nf);
    assert_true(U_SUCCESS(e));
    return out;
}

/* Amounts of every size, in every locale and currency above: the same
 * text as ICU's, whether the learned fast form or ICU wrote it. */
static void
test_amounts_as_icu_writes_them(void **state)
{
    static const char *const currencies[] = {"EUR", "GBP", "USD", "JPY",
                                             "CHF", "KWD"};
    uint64_t x = 88172645463325252u; /* xorshift: the same every run */

    (void)state;
    for (size_t i = 0; i < N_ELEMS(wants); i++) {
        struct dun_err err = DUN_ERR_INIT;
        struct localfmt *f = localfmt_new(wants[i].language,
                                          wants[i].country, &err);
        char icu[32], a[LOCALFMT_MAX], b[LOCALFMT_MAX];

        snprintf(icu, sizeof(icu), "%s", localfmt_tag(f));
        if (icu[2] == '-')
            icu[2] = '_';
        for (int k = 0; k < 400; k++) {
            const char *cur = currencies[k % N_ELEMS(currencies)];
            int64_t minor;

            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* 1 to 12 digits */
            minor = (int64_t)(x % 1000000000000u) / (int64_t)(1 + (x >> 60));
            if (minor <= 0)
                minor = 1;
            assert_string_equal(localfmt_money(f, minor, cur, a),
                                icu_money(icu, cur, minor, b));
        }
        /* and nothing (paid of an unpaid invoice) */
        for (size_t c = 0; c < N_ELEMS(currencies); c++)
            assert_string_equal(localfmt_money(f, 0, currencies[c], a),
                                icu_money(icu, currencies[c], 0, b));
        localfmt_free(f);
    }
}

static void
test_country_names_for_foreign_addresses(void **state)
{
    static const struct {
        const char *language, *country, *want;
    } cases[] = {
        {"de", "US", "VEREINIGTE STAATEN"},
        {"de", "NL", "NIEDERLANDE"},
        {"en", "DE", "GERMANY"},
        {"en", "GB", "UNITED KINGDOM"},
        {"fr", "DE", "ALLEMAGNE"},
        {"nl", "FR", "FRANKRIJK"},
        {"es", "GB", "REINO UNIDO"},
        {"it", "DE", "GERMANIA"},
        {"de", "AT", "\xc3\x96STERREICH"}, /* Ö: capitals beyond ASCII */
        {"en", "XX", "XX"},                /* no name: the code */
    };

    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct dun_err err = DUN_ERR_INIT;
        struct localfmt *f = localfmt_new(cases[i].language, "", &err);
        char out[LOCALFMT_MAX];

        assert_string_equal(localfmt_country(f, cases[i].country, out),
                            cases[i].want);
        localfmt_free(f);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_and_amounts_per_locale),
        cmocka_unit_test(test_short_dates_for_table_columns),
        cmocka_unit_test(test_dates_as_icu_writes_them),
        cmocka_unit_test(test_amounts_are_exact),
        cmocka_unit_test(test_amounts_as_icu_writes_them),
        cmocka_unit_test(test_country_names_for_foreign_addresses),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
