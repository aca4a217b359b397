/*
 * localfmt.c - local formats of dates, amounts and country names, with
 * ICU; see localfmt.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "core/money.h"
#include "core/xalloc.h"
#include "render/localfmt.h"

/* Days written recently, by day modulo the size: a run writes the same
 * few hundred due dates thousands of times. */
#define DAY_CACHE 256
/* Currencies with a formatter at hand; more are rare (a customer has at
 * most 8, docs/limits.md) and just take a slot over. */
#define CURRENCY_SLOTS 8

struct currency_slot {
    char code[4];
    UNumberFormat *money, *number;
};

struct localfmt {
    char tag[32];    /* BCP 47: "de-DE" */
    char icu[32];    /* ICU's form: "de_DE" */
    UDateFormat *date, *date_short;
    struct {
        int32_t day;
        char text[LOCALFMT_MAX];
    } days[DAY_CACHE];
    struct currency_slot cur[CURRENCY_SLOTS];
    size_t next_slot;
};

static int
is_code(const char *s, size_t len)
{
    if (s == NULL || strlen(s) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return 1;
}

/* UTF-16 from ICU into out as UTF-8; "" if it does not fit. */
static const char *
to_utf8(const UChar *u, int32_t n, char out[LOCALFMT_MAX])
{
    UErrorCode e = U_ZERO_ERROR;

    u_strToUTF8(out, LOCALFMT_MAX, NULL, u, n, &e);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
        out[0] = '\0';
    return out;
}

struct localfmt *
localfmt_new(const char *language, const char *country, struct dun_err *err)
{
    static const UChar utc[] = {'U', 'T', 'C', 0};
    struct localfmt *f = xcalloc(1, sizeof(*f));
    const char *lang = is_code(language, 2) ? language : "en";
    UErrorCode e = U_ZERO_ERROR;
    int style;

    if (is_code(country, 2)) {
        snprintf(f->tag, sizeof(f->tag), "%c%c-%c%c", lang[0] | 0x20,
                 lang[1] | 0x20, country[0] & ~0x20, country[1] & ~0x20);
    } else {
        snprintf(f->tag, sizeof(f->tag), "%c%c", lang[0] | 0x20,
                 lang[1] | 0x20);
    }
    memcpy(f->icu, f->tag, sizeof(f->icu));
    if (f->icu[2] == '-')
        f->icu[2] = '_';
    /* German letters write the day in figures (DIN 5008: 14.11.2026);
     * the other languages spell the month out, as their letters do. */
    style = strncmp(f->tag, "de", 2) == 0 ? UDAT_MEDIUM : UDAT_LONG;
    f->date = udat_open(UDAT_NONE, (UDateFormatStyle)style, f->icu, utc, -1,
                        NULL, 0, &e);
    if (U_SUCCESS(e))
        f->date_short = udat_open(UDAT_NONE, UDAT_MEDIUM, f->icu, utc, -1,
                                  NULL, 0, &e);
    if (U_FAILURE(e)) {
        dun_err_set(err, DUN_E_INTERNAL, "%s: no date format: %s", f->tag,
                    u_errorName(e));
        localfmt_free(f);
        return NULL;
    }
    for (size_t i = 0; i < DAY_CACHE; i++)
        f->days[i].day = INT32_MIN;
    return f;
}

void
localfmt_free(struct localfmt *f)
{
    if (f == NULL)
        return;
    if (f->date)
        udat_close(f->date);
    if (f->date_short)
        udat_close(f->date_short);
    for (size_t i = 0; i < CURRENCY_SLOTS; i++) {
        if (f->cur[i].money)
            unum_close(f->cur[i].money);
        if (f->cur[i].number)
            unum_close(f->cur[i].number);
    }
    free(f);
}

const char *
localfmt_tag(const struct localfmt *f)
{
    return f->tag;
}

const char *
localfmt_date(struct localfmt *f, int32_t day, char out[LOCALFMT_MAX])
{
    size_t slot = (uint32_t)day % DAY_CACHE;
    UErrorCode e = U_ZERO_ERROR;
    UChar buf[LOCALFMT_MAX];
    int32_t n;

    if (f->days[slot].day == day) {
        memcpy(out, f->days[slot].text, LOCALFMT_MAX);
        return out;
    }
    n = udat_format(f->date, (UDate)day * 86400000.0, buf, LOCALFMT_MAX,
                    NULL, &e);
    if (U_FAILURE(e) || n >= LOCALFMT_MAX)
        out[0] = '\0';
    else
        to_utf8(buf, n, out);
    f->days[slot].day = day;
    memcpy(f->days[slot].text, out, LOCALFMT_MAX);
    return out;
}

const char *
localfmt_date_short(struct localfmt *f, int32_t day, char out[LOCALFMT_MAX])
{
    UErrorCode e = U_ZERO_ERROR;
    UChar buf[LOCALFMT_MAX];
    int32_t n = udat_format(f->date_short, (UDate)day * 86400000.0, buf,
                            LOCALFMT_MAX, NULL, &e);

    if (U_FAILURE(e) || n >= LOCALFMT_MAX) {
        out[0] = '\0';
        return out;
    }
    return to_utf8(buf, n, out);
}

/* Formatters of a currency, opened on first use. NULL if ICU fails. */
static struct currency_slot *
slot_of(struct localfmt *f, const char *currency)
{
    struct currency_slot *s;
    UErrorCode e = U_ZERO_ERROR;
    UChar code[4];
    int digits = currency_exponent(currency, 3);

    for (size_t i = 0; i < CURRENCY_SLOTS; i++)
        if (f->cur[i].money && strcmp(f->cur[i].code, currency) == 0)
            return &f->cur[i];
    s = &f->cur[f->next_slot++ % CURRENCY_SLOTS];
    if (s->money)
        unum_close(s->money);
    if (s->number)
        unum_close(s->number);
    memset(s, 0, sizeof(*s));
    if (digits < 0)
        digits = 2;
    u_charsToUChars(currency, code, 4);
    s->money = unum_open(UNUM_CURRENCY, NULL, 0, f->icu, NULL, &e);
    if (U_SUCCESS(e))
        unum_setTextAttribute(s->money, UNUM_CURRENCY_CODE, code, 3, &e);
    if (U_SUCCESS(e))
        s->number = unum_open(UNUM_DECIMAL, NULL, 0, f->icu, NULL, &e);
    if (U_FAILURE(e)) {
        if (s->money)
            unum_close(s->money);
        if (s->number)
            unum_close(s->number);
        memset(s, 0, sizeof(*s));
        return NULL;
    }
    /* The currency's own minor units, whatever ICU's rounding rules:
     * the figure printed is the figure in the books. */
    unum_setAttribute(s->money, UNUM_MIN_FRACTION_DIGITS, digits);
    unum_setAttribute(s->money, UNUM_MAX_FRACTION_DIGITS, digits);
    unum_setAttribute(s->number, UNUM_MIN_FRACTION_DIGITS, digits);
    unum_setAttribute(s->number, UNUM_MAX_FRACTION_DIGITS, digits);
    /* Spanish leaves four-digit amounts ungrouped (7578,70): the
     * locale's own rule, which the classic API applies only if asked. */
    unum_setAttribute(s->money, UNUM_MINIMUM_GROUPING_DIGITS,
                      UNUM_MINIMUM_GROUPING_DIGITS_AUTO);
    unum_setAttribute(s->number, UNUM_MINIMUM_GROUPING_DIGITS,
                      UNUM_MINIMUM_GROUPING_DIGITS_AUTO);
    unum_setAttribute(s->money, UNUM_ROUNDING_MODE, UNUM_ROUND_UNNECESSARY);
    unum_setAttribute(s->number, UNUM_ROUNDING_MODE, UNUM_ROUND_UNNECESSARY);
    memcpy(s->code, currency, 3);
    return s;
}

static const char *
format(struct localfmt *f, int64_t minor, const char *currency, int money,
       char out[LOCALFMT_MAX])
{
    char dec[MONEY_FMT_MAX];
    int digits = currency_exponent(currency, 3);
    struct currency_slot *s = is_code(currency, 3) ? slot_of(f, currency)
                                                   : NULL;
    UErrorCode e = U_ZERO_ERROR;
    UChar buf[LOCALFMT_MAX];
    int32_t n;

    money_format(minor, digits < 0 ? 2 : digits, dec);
    if (s == NULL) { /* no formatter: the plain figure, still exact */
        snprintf(out, LOCALFMT_MAX, "%s%s%s", dec, money ? " " : "",
                 money ? currency : "");
        return out;
    }
    n = unum_formatDecimal(money ? s->money : s->number, dec, -1, buf,
                           LOCALFMT_MAX, NULL, &e);
    if (U_FAILURE(e) || n >= LOCALFMT_MAX) {
        snprintf(out, LOCALFMT_MAX, "%s%s%s", dec, money ? " " : "",
                 money ? currency : "");
        return out;
    }
    return to_utf8(buf, n, out);
}

const char *
localfmt_money(struct localfmt *f, int64_t minor, const char *currency,
               char out[LOCALFMT_MAX])
{
    return format(f, minor, currency, 1, out);
}

const char *
localfmt_number(struct localfmt *f, int64_t minor, const char *currency,
                char out[LOCALFMT_MAX])
{
    return format(f, minor, currency, 0, out);
}

const char *
localfmt_country(struct localfmt *f, const char *country,
                 char out[LOCALFMT_MAX])
{
    char loc[8];
    UChar name[LOCALFMT_MAX], upper[LOCALFMT_MAX];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n;

    if (!is_code(country, 2)) {
        snprintf(out, LOCALFMT_MAX, "%s", country ? country : "");
        return out;
    }
    snprintf(loc, sizeof(loc), "und_%c%c", country[0] & ~0x20,
             country[1] & ~0x20);
    n = uloc_getDisplayCountry(loc, f->icu, name, LOCALFMT_MAX, &e);
    /* ICU answers an unknown code with the code itself. */
    if (U_FAILURE(e) || n <= 0 || n >= LOCALFMT_MAX) {
        snprintf(out, LOCALFMT_MAX, "%c%c", country[0] & ~0x20,
                 country[1] & ~0x20);
        return out;
    }
    e = U_ZERO_ERROR;
    n = u_strToUpper(upper, LOCALFMT_MAX, name, n, f->icu, &e);
    if (U_FAILURE(e) || n >= LOCALFMT_MAX) {
        snprintf(out, LOCALFMT_MAX, "%c%c", country[0] & ~0x20,
                 country[1] & ~0x20);
        return out;
    }
    return to_utf8(upper, n, out);
}

void
localfmt_upper(struct localfmt *f, const char *s, struct sbuf *out)
{
    UChar in[256], up[512];
    char utf8[1536];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = 0, m = 0;

    u_strFromUTF8(in, 256, &n, s, -1, &e);
    if (U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING)
        m = u_strToUpper(up, 512, in, n, f->icu, &e);
    if (U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING)
        u_strToUTF8(utf8, sizeof(utf8), NULL, up, m, &e);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING) {
        sbuf_addstr(out, s); /* too long for capitals: as it is */
        return;
    }
    sbuf_addstr(out, utf8);
}
