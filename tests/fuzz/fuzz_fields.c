/*
 * fuzz_fields.c - libFuzzer target for the field parsers every import
 * leans on: money_parse, currency_exponent, date_parse, terms_parse, and
 * format.c's mapped dates and amounts.
 *
 * The whole input is one field, given to each parser in turn. What parses
 * must survive a round trip through the matching formatter: an amount
 * formats to text that parses to the same value, an ISO date formats back
 * to exactly the input (the format is strict, so there is one spelling per
 * day), terms format to text that parses to the same terms. A mapped date
 * is a real day, and a normalized amount is short and terminated.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/terms.h"
#include "io/format.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_money(const char *s, size_t len)
{
    /* JPY, EUR, BHD, CLF, and the largest the parser takes (no currency
     * has it, but the parser's limits are checked there). */
    static const int exponents[] = {0, 2, 3, 4, 18};

    for (size_t i = 0; i < sizeof(exponents) / sizeof(exponents[0]); i++) {
        int e = exponents[i];
        const char *why = NULL;
        char buf[MONEY_FMT_MAX];
        int64_t v, back;

        if (money_parse(s, len, e, &v, &why) < 0) {
            if (why == NULL)
                abort();
            continue;
        }
        money_format(v, e, buf);
        if (strlen(buf) >= MONEY_FMT_MAX ||
            money_parse(buf, strlen(buf), e, &back, NULL) < 0 || back != v)
            abort();
    }
    /* Never a valid exponent: always fails, with a reason. */
    {
        const char *why = NULL;
        int64_t v;

        if (money_parse(s, len, -1, &v, &why) == 0 || why == NULL)
            abort();
    }
}

static void
fuzz_currency(const char *s, size_t len)
{
    int e = currency_exponent(s, len);

    if (e < -1 || e > 4 || currency_valid(s, len) != (e >= 0))
        abort();
    if (e >= 0) {
        if (len != 3)
            abort();
        for (size_t i = 0; i < 3; i++)
            if (s[i] < 'A' || s[i] > 'Z')
                abort();
    }
}

static void
fuzz_date(const char *s, size_t len)
{
    char iso[DATE_ISO_LEN + 1];
    int32_t day;
    int y, m, d;

    if (date_parse(s, len, &day) < 0)
        return;
    date_iso(day, iso);
    if (len != DATE_ISO_LEN || memcmp(iso, s, len) != 0)
        abort();
    date_to_ymd(day, &y, &m, &d);
    if (!date_valid_ymd(y, m, d) || date_from_ymd(y, m, d) != day)
        abort();
    /* The calendar helpers stay inside it from any real day. */
    if (date_weekday(day) < 1 || date_weekday(day) > 7)
        abort();
    if (date_end_of_month(day) < day ||
        date_end_of_month(day) - day > 30)
        abort();
}

static void
fuzz_terms(const char *s, size_t len)
{
    struct terms t, back;
    char buf[16];

    if (terms_parse(s, len, &t) < 0)
        return;
    if (t.days < 0 || t.days > TERMS_MAX_DAYS ||
        (t.kind == TERMS_RECEIPT && t.days != 0))
        abort();
    terms_format(&t, buf);
    if (terms_parse(buf, strlen(buf), &back) < 0 || back.kind != t.kind ||
        back.days != t.days)
        abort();
    /* Due on or after the issue date, never before. */
    if (terms_due_date(&t, date_from_ymd(2026, 1, 31)) <
        date_from_ymd(2026, 1, 31))
        abort();
}

static void
fuzz_mapped(const char *s, size_t len)
{
    static const struct {
        const char *date_format;
        char decimal, thousands;
    } styles[] = {
        {"DD/MM/YYYY", '.', 0},  {"MM/DD/YYYY", '.', ','},
        {"D.M.YYYY", ',', '.'},  {"D MMM YYYY", ',', ' '},
        {"YYYYMMDD", '.', '\''}, {"MMM D, YYYY", ',', 0},
    };
    struct format fmt;

    format_canonical(&fmt, REC_INVOICES);
    for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
        char out[64];
        size_t outlen = 0;
        int32_t day;
        int y, m, d;

        snprintf(fmt.date_format, sizeof(fmt.date_format), "%s",
                 styles[i].date_format);
        fmt.decimal = styles[i].decimal;
        fmt.thousands = styles[i].thousands;
        if (format_parse_date(&fmt, s, len, &day) == 0) {
            date_to_ymd(day, &y, &m, &d);
            if (!date_valid_ymd(y, m, d) || date_from_ymd(y, m, d) != day)
                abort();
        }
        memset(out, 'x', sizeof(out));
        if (format_normalize_amount(&fmt, s, len, out, &outlen) == 0 &&
            (outlen > len || outlen >= sizeof(out) || out[outlen] != '\0'))
            abort();
    }
    format_release(&fmt);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s;

    s = fuzz_copy(data, size);
    fuzz_money(s, size);
    fuzz_currency(s, size);
    fuzz_date(s, size);
    fuzz_terms(s, size);
    fuzz_mapped(s, size);
    free(s);
    return 0;
}
