/*
 * localfmt.c - local formats of dates, amounts and country names, with
 * ICU; see localfmt.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "core/date.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "render/localfmt.h"

/* Days written recently, by day modulo the size: a run writes the same
 * few hundred due dates thousands of times. */
#define DAY_CACHE 1024
/* A cached day's room: a slot is one cache line (a date written longer
 * is formatted each time). */
#define DAY_TEXT 59
/* Currencies with a formatter at hand; more are rare (a customer has at
 * most 8, docs/limits.md) and just take a slot over. */
#define CURRENCY_SLOTS 8

/*
 * How a formatter writes a positive amount, learned from ICU once: what
 * comes before and after the digits, the grouping and decimal signs, how
 * many integer digits start grouping (4; 5 in Spanish). ok only when
 * the learned form gave exactly ICU's text for every sample: then a run
 * formats its thousands of amounts without ICU, and nothing changes.
 */
struct learned {
    int ok;
    char prefix[24], suffix[24], group[8], decimal[8];
    int min_grouping;
};

/*
 * How a date formatter writes a day, learned from its ICU pattern once:
 * a few pieces, each a literal, the day, the month (in figures or by
 * name) or the year. ok only when it gave exactly ICU's text for every
 * sample day: then a run writes its dates without ICU.
 */
enum date_piece_kind { DP_TEXT, DP_DAY, DP_MONTH, DP_MONTH_NAME, DP_YEAR };

#define DATE_PIECES 12

struct date_form {
    int ok;
    size_t n;
    struct date_piece {
        enum date_piece_kind kind;
        int width;        /* figures: at least this many (zero-padded) */
        char text[24];    /* DP_TEXT */
    } p[DATE_PIECES];
    char months[12][32];  /* by name, when a piece asks for them */
};

struct currency_slot {
    char code[4];
    int digits;
    UNumberFormat *money, *number;
    struct learned money_form, number_form;
};

struct localfmt {
    char tag[32];    /* BCP 47: "de-DE" */
    char icu[32];    /* ICU's form: "de_DE" */
    UDateFormat *date, *date_short;
    struct date_form date_form, short_form;
    struct day_slot {
        int32_t day;
        char text[DAY_TEXT + 1];
    } days[DAY_CACHE], short_days[DAY_CACHE];
    struct currency_slot cur[CURRENCY_SLOTS];
    size_t next_slot;
    /* Country names written so far (a run names a few, thousands of
     * times), the oldest taken over past the last slot. */
    struct {
        char code[3];
        char name[LOCALFMT_MAX];
    } countries[16];
    size_t ncountries;
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

/*
 * Every call into ICU here holds this lock. Formatters are per thread
 * (each run's rendering thread has its own localfmt), but ICU builds
 * shared data lazily on first use (number symbols, display names), and
 * two threads' first formats at once were reported by ThreadSanitizer
 * as a race inside ICU. The learned forms and the caches do the bulk of
 * a run's formatting without it.
 */
static pthread_mutex_t icu_lock = PTHREAD_MUTEX_INITIALIZER;

/* n figures of v, at least width of them, at out[*len]. */
static void
put_number(char *out, size_t *len, int v, int width)
{
    char d[12];
    int k = 0;

    do {
        d[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && k < (int)sizeof(d));
    while (k < width && k < (int)sizeof(d))
        d[k++] = '0';
    while (k > 0 && *len < LOCALFMT_MAX - 1)
        out[(*len)++] = d[--k];
}

/* day in the learned form (no ICU, no lock). */
static const char *
fast_day(const struct date_form *df, int32_t day, char out[LOCALFMT_MAX])
{
    size_t len = 0;
    int y, m, d;

    date_to_ymd(day, &y, &m, &d);
    for (size_t i = 0; i < df->n; i++) {
        const struct date_piece *pc = &df->p[i];
        const char *t = pc->kind == DP_TEXT ? pc->text
                        : pc->kind == DP_MONTH_NAME ? df->months[m - 1]
                                                    : NULL;

        if (t != NULL) {
            size_t k = strlen(t);

            if (len + k >= LOCALFMT_MAX)
                k = LOCALFMT_MAX - 1 - len;
            memcpy(out + len, t, k);
            len += k;
        } else {
            put_number(out, &len, pc->kind == DP_DAY ? d
                                  : pc->kind == DP_MONTH ? m : y,
                       pc->width);
        }
    }
    out[len] = '\0';
    return out;
}

/* A literal piece of text (UTF-8) onto df; -1 if it does not fit. */
static int
add_text(struct date_form *df, const char *t, size_t len)
{
    struct date_piece *pc;

    if (len == 0)
        return 0;
    if (df->n > 0 && df->p[df->n - 1].kind == DP_TEXT) {
        size_t have;

        pc = &df->p[df->n - 1];
        have = strlen(pc->text);
        if (have + len >= sizeof(pc->text))
            return -1;
        memcpy(pc->text + have, t, len);
        pc->text[have + len] = '\0';
        return 0;
    }
    if (df->n == DATE_PIECES || len >= sizeof(df->p[0].text))
        return -1;
    pc = &df->p[df->n++];
    pc->kind = DP_TEXT;
    memcpy(pc->text, t, len);
    pc->text[len] = '\0';
    return 0;
}

/* fmt's pattern ("d MMMM y", "dd.MM.y", "d 'de' MMMM 'de' y") as pieces
 * (icu_lock held); -1 for a field the form does not know (weekday, era,
 * a two-figure year...): ICU writes those dates. */
static int
parse_pattern(UDateFormat *fmt, struct date_form *df)
{
    UChar u[LOCALFMT_MAX];
    char pat[LOCALFMT_MAX];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = udat_toPattern(fmt, 0, u, LOCALFMT_MAX, &e);
    int names = 0;

    if (U_FAILURE(e) || n >= LOCALFMT_MAX || !to_utf8(u, n, pat)[0])
        return -1;
    for (const char *q = pat; *q;) {
        char c = *q;
        int run = 0;

        if (c == '\'') { /* 'quoted text', '' a quote */
            const char *end = q + 1;

            if (*end == '\'') {
                if (add_text(df, "'", 1) < 0)
                    return -1;
                q += 2;
                continue;
            }
            while (*end && !(end[0] == '\'' && end[1] != '\''))
                end += end[0] == '\'' ? 2 : 1;
            if (*end != '\'')
                return -1;
            for (const char *t = q + 1; t < end; t++)
                if (add_text(df, t, 1) < 0)
                    return -1;
                else if (*t == '\'')
                    t++; /* '' inside quotes */
            q = end + 1;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            if (add_text(df, q, 1) < 0)
                return -1;
            q++;
            continue;
        }
        while (q[run] == c)
            run++;
        if (df->n == DATE_PIECES)
            return -1;
        if (c == 'd' && run <= 2) {
            df->p[df->n++] = (struct date_piece){ DP_DAY, run, "" };
        } else if (c == 'M' && run <= 2) {
            df->p[df->n++] = (struct date_piece){ DP_MONTH, run, "" };
        } else if (c == 'M' && run <= 4) {
            df->p[df->n++] = (struct date_piece){ DP_MONTH_NAME, 0, "" };
            if (names && names != run)
                return -1;
            names = run;
        } else if (c == 'y' && (run == 1 || run == 4)) {
            df->p[df->n++] = (struct date_piece){ DP_YEAR, run, "" };
        } else {
            return -1;
        }
        q += run;
    }
    for (int i = 0; names && i < 12; i++) {
        UChar b[32];
        int32_t k;

        e = U_ZERO_ERROR;
        k = udat_getSymbols(fmt, names == 3 ? UDAT_SHORT_MONTHS : UDAT_MONTHS,
                            i, b, 32, &e);
        if (U_FAILURE(e) || k >= 32)
            return -1;
        e = U_ZERO_ERROR;
        u_strToUTF8(df->months[i], sizeof(df->months[i]), NULL, b, k, &e);
        if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
            return -1;
    }
    return 0;
}

/* Does the form write day as ICU does (icu_lock held)? */
static int
same_as_icu(UDateFormat *fmt, const struct date_form *df, int y, int m,
            int d)
{
    char want[LOCALFMT_MAX], got[LOCALFMT_MAX];
    UChar buf[LOCALFMT_MAX];
    UErrorCode e = U_ZERO_ERROR;
    int32_t day = date_from_ymd(y, m, d), n;

    n = udat_format(fmt, (UDate)day * 86400000.0, buf, LOCALFMT_MAX, NULL,
                    &e);
    return U_SUCCESS(e) && n < LOCALFMT_MAX &&
           strcmp(to_utf8(buf, n, want), fast_day(df, day, got)) == 0;
}

/* Learn fmt's form and check it against ICU on days that try every
 * month's name, one- and two-figure days, month ends, a leap day and the
 * first and last years dun allows (icu_lock held). tests/unit/
 * test_localfmt.c compares every day dun allows in twenty locales. */
static void
learn_days(UDateFormat *fmt, struct date_form *df)
{
    static const int edges[][3] = { {1900, 1, 1}, {2024, 2, 29},
                                    {2199, 12, 31} };

    memset(df, 0, sizeof(*df));
    if (parse_pattern(fmt, df) < 0)
        return;
    for (int m = 1; m <= 12; m++)
        if (!same_as_icu(fmt, df, 2026, m, 1) ||
            !same_as_icu(fmt, df, 2026, m, 9) ||
            !same_as_icu(fmt, df, 2026, m, 10) ||
            !same_as_icu(fmt, df, 2026, m, date_days_in_month(2026, m)))
            return; /* not ICU's: ICU writes every date */
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        if (!same_as_icu(fmt, df, edges[i][0], edges[i][1], edges[i][2]))
            return;
    df->ok = 1;
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
    pthread_mutex_lock(&icu_lock);
    f->date = udat_open(UDAT_NONE, (UDateFormatStyle)style, f->icu, utc, -1,
                        NULL, 0, &e);
    if (U_SUCCESS(e))
        f->date_short = udat_open(UDAT_NONE, UDAT_MEDIUM, f->icu, utc, -1,
                                  NULL, 0, &e);
    if (U_SUCCESS(e)) {
        learn_days(f->date, &f->date_form);
        learn_days(f->date_short, &f->short_form);
    }
    pthread_mutex_unlock(&icu_lock);
    if (U_FAILURE(e)) {
        dun_err_set(err, DUN_E_INTERNAL, "%s: no date format: %s", f->tag,
                    u_errorName(e));
        localfmt_free(f);
        return NULL;
    }
    for (size_t i = 0; i < DAY_CACHE; i++)
        f->days[i].day = f->short_days[i].day = INT32_MIN;
    return f;
}

void
localfmt_free(struct localfmt *f)
{
    if (f == NULL)
        return;
    pthread_mutex_lock(&icu_lock);
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
    pthread_mutex_unlock(&icu_lock);
    free(f);
}

const char *
localfmt_tag(const struct localfmt *f)
{
    return f->tag;
}

/* day by fmt, or in its learned form df when it has one, through the
 * cache days: a run writes each invoice's dates, and the same few
 * hundred days recur in thousands of letters. */
static const char *
format_day(UDateFormat *fmt, const struct date_form *df,
           struct day_slot *days, int32_t day, char out[LOCALFMT_MAX])
{
    struct day_slot *slot = &days[(uint32_t)day % DAY_CACHE];
    UErrorCode e = U_ZERO_ERROR;
    UChar buf[LOCALFMT_MAX];
    int32_t n;
    size_t len;

    if (slot->day == day) {
        memcpy(out, slot->text, sizeof(slot->text));
        return out;
    }
    if (df->ok && date_in_range(day)) {
        fast_day(df, day, out);
    } else {
        pthread_mutex_lock(&icu_lock);
        n = udat_format(fmt, (UDate)day * 86400000.0, buf, LOCALFMT_MAX,
                        NULL, &e);
        pthread_mutex_unlock(&icu_lock);
        if (U_FAILURE(e) || n >= LOCALFMT_MAX)
            out[0] = '\0';
        else
            to_utf8(buf, n, out);
    }
    if ((len = strlen(out)) <= DAY_TEXT) {
        slot->day = day;
        memcpy(slot->text, out, len + 1);
    }
    return out;
}

const char *
localfmt_date(struct localfmt *f, int32_t day, char out[LOCALFMT_MAX])
{
    return format_day(f->date, &f->date_form, f->days, day, out);
}

const char *
localfmt_date_short(struct localfmt *f, int32_t day, char out[LOCALFMT_MAX])
{
    return format_day(f->date_short, &f->short_form, f->short_days, day,
                      out);
}

/* minor (digits after the point) by ICU, into out; "" on failure. */
static const char *
icu_amount(UNumberFormat *nf, int64_t minor, int digits,
           char out[LOCALFMT_MAX])
{
    char dec[MONEY_FMT_MAX];
    UErrorCode e = U_ZERO_ERROR;
    UChar buf[LOCALFMT_MAX];
    int32_t n;

    money_format(minor, digits, dec);
    n = unum_formatDecimal(nf, dec, -1, buf, LOCALFMT_MAX, NULL, &e);
    if (U_FAILURE(e) || n >= LOCALFMT_MAX) {
        out[0] = '\0';
        return out;
    }
    return to_utf8(buf, n, out);
}

/* Append s to out at *n (LOCALFMT_MAX bytes in all, NUL kept room). */
static void
put(char *out, size_t *n, const char *s)
{
    size_t len = strlen(s);

    if (*n + len >= LOCALFMT_MAX)
        len = LOCALFMT_MAX - 1 - *n;
    memcpy(out + *n, s, len);
    *n += len;
}

/* minor >= 0 in the learned form l (no printf: a run writes hundreds of
 * thousands). */
static const char *
fast_amount(const struct learned *l, int64_t minor, int digits,
            char out[LOCALFMT_MAX])
{
    char num[24], frac[8];
    int64_t scale = 1, whole;
    size_t n = 0;
    int len = 0;

    for (int i = 0; i < digits; i++)
        scale *= 10;
    whole = minor / scale;
    do { /* the whole part's digits, last first */
        num[len++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    put(out, &n, l->prefix);
    for (int i = len - 1; i >= 0 && n < LOCALFMT_MAX - 2; i--) {
        out[n++] = num[i];
        if (i > 0 && i % 3 == 0 && len >= l->min_grouping)
            put(out, &n, l->group);
    }
    if (digits > 0) {
        int64_t f = minor % scale;

        for (int i = digits - 1; i >= 0; i--) {
            frac[i] = (char)('0' + f % 10);
            f /= 10;
        }
        frac[digits] = '\0';
        put(out, &n, l->decimal);
        put(out, &n, frac);
    }
    put(out, &n, l->suffix);
    out[n] = '\0';
    return out;
}

/* The digits of s (ASCII 0-9): the byte offsets of the first and last,
 * -1 when none. */
static void
digit_span(const char *s, int *first, int *last)
{
    *first = *last = -1;
    for (int i = 0; s[i]; i++)
        if (s[i] >= '0' && s[i] <= '9') {
            if (*first < 0)
                *first = i;
            *last = i;
        }
}

/* Copy s[a, b) into out (cap bytes); 0, or -1 if it does not fit. */
static int
piece(const char *s, int a, int b, char *out, size_t cap)
{
    if (b < a || (size_t)(b - a) >= cap)
        return -1;
    memcpy(out, s + a, (size_t)(b - a));
    out[b - a] = '\0';
    return 0;
}

/* Learn how nf writes amounts (struct learned) from 1234567.89... and
 * check the form against ICU on amounts of every length. */
static void
learn(UNumberFormat *nf, int digits, struct learned *l)
{
    static const int64_t samples[] = {0, 1, 7, 42, 100, 999, 1000, 1234,
                                      9999, 10000, 12345, 123456, 999999,
                                      1000000, 1234567, 12345678,
                                      INT64_C(123456789012)};
    char out[LOCALFMT_MAX], fast[LOCALFMT_MAX];
    int64_t big = INT64_C(1234567), scale = 1;
    int first, last, p;
    const char *s;

    memset(l, 0, sizeof(*l));
    for (int i = 0; i < digits; i++) {
        scale *= 10;
        big = big * 10 + (i % 9) + 1; /* 1234567.1, .12, .123 */
    }
    s = icu_amount(nf, big, digits, out);
    digit_span(s, &first, &last);
    if (first < 0 || piece(s, 0, first, l->prefix, sizeof(l->prefix)) < 0 ||
        piece(s, last + 1, (int)strlen(s), l->suffix, sizeof(l->suffix)) < 0)
        return;
    /* "1" G "234" G "567" [D digits] */
    p = first + 1;
    {
        int q = p;

        while (s[q] && s[q] != '2')
            q++;
        if (piece(s, p, q, l->group, sizeof(l->group)) < 0)
            return;
    }
    if (digits > 0) {
        const char *d = strstr(s, "567");

        if (d == NULL || piece(s, (int)(d - s) + 3,
                               (int)(strchr(d + 3, '1') ? strchr(d + 3, '1') - s
                                                        : 0),
                               l->decimal, sizeof(l->decimal)) < 0)
            return;
    }
    /* Where grouping starts: 1234 grouped or not. */
    s = icu_amount(nf, 1234 * scale, digits, out);
    l->min_grouping = l->group[0] && strstr(s, "1234") != NULL ? 5 : 4;
    if (l->group[0] == '\0')
        l->min_grouping = 99; /* a locale that never groups */
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        icu_amount(nf, samples[i], digits, out);
        if (strcmp(out, fast_amount(l, samples[i], digits, fast)) != 0)
            return; /* the form is not ICU's: ICU does every amount */
    }
    l->ok = 1;
}

static struct currency_slot *slot_open(struct localfmt *f,
                                       const char *currency);

/* Formatters of a currency, opened on first use. NULL if ICU fails. */
static struct currency_slot *
slot_of(struct localfmt *f, const char *currency)
{
    struct currency_slot *s;

    for (size_t i = 0; i < CURRENCY_SLOTS; i++)
        if (f->cur[i].money && strcmp(f->cur[i].code, currency) == 0)
            return &f->cur[i];
    pthread_mutex_lock(&icu_lock);
    s = slot_open(f, currency);
    pthread_mutex_unlock(&icu_lock);
    return s;
}

/* slot_of's new slot, opened and learned (icu_lock held). */
static struct currency_slot *
slot_open(struct localfmt *f, const char *currency)
{
    struct currency_slot *s;
    UErrorCode e = U_ZERO_ERROR;
    UChar code[4];
    int digits = currency_exponent(currency, 3);

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
    s->digits = digits;
    learn(s->money, digits, &s->money_form);
    learn(s->number, digits, &s->number_form);
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
    const struct learned *l;

    if (s == NULL) { /* no formatter: the plain figure, still exact */
        money_format(minor, digits < 0 ? 2 : digits, dec);
        snprintf(out, LOCALFMT_MAX, "%s%s%s", dec, money ? " " : "",
                 money ? currency : "");
        return out;
    }
    l = money ? &s->money_form : &s->number_form;
    /* Zero too: what was paid of most invoices. */
    if (l->ok && minor >= 0)
        return fast_amount(l, minor, s->digits, out);
    pthread_mutex_lock(&icu_lock);
    icu_amount(money ? s->money : s->number, minor, s->digits, out);
    pthread_mutex_unlock(&icu_lock);
    if (out[0] == '\0') {
        money_format(minor, s->digits, dec);
        snprintf(out, LOCALFMT_MAX, "%s%s%s", dec, money ? " " : "",
                 money ? currency : "");
    }
    return out;
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

static const char *country_name(struct localfmt *f, const char *country,
                                char out[LOCALFMT_MAX]);

const char *
localfmt_country(struct localfmt *f, const char *country,
                 char out[LOCALFMT_MAX])
{
    size_t n = sizeof(f->countries) / sizeof(f->countries[0]), slot;

    if (!is_code(country, 2))
        return country_name(f, country, out);
    for (size_t i = 0; i < f->ncountries && i < n; i++)
        if (strcmp(f->countries[i].code, country) == 0) {
            memcpy(out, f->countries[i].name, LOCALFMT_MAX);
            return out;
        }
    country_name(f, country, out);
    slot = f->ncountries++ % n;
    memcpy(f->countries[slot].code, country, 3);
    memcpy(f->countries[slot].name, out, LOCALFMT_MAX);
    return out;
}

static const char *country_name_icu(struct localfmt *f, const char *country,
                                    char out[LOCALFMT_MAX]);

static const char *
country_name(struct localfmt *f, const char *country, char out[LOCALFMT_MAX])
{
    pthread_mutex_lock(&icu_lock);
    country_name_icu(f, country, out);
    pthread_mutex_unlock(&icu_lock);
    return out;
}

static const char *
country_name_icu(struct localfmt *f, const char *country,
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

    pthread_mutex_lock(&icu_lock);
    u_strFromUTF8(in, 256, &n, s, -1, &e);
    if (U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING)
        m = u_strToUpper(up, 512, in, n, f->icu, &e);
    if (U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING)
        u_strToUTF8(utf8, sizeof(utf8), NULL, up, m, &e);
    pthread_mutex_unlock(&icu_lock);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING) {
        sbuf_addstr(out, s); /* too long for capitals: as it is */
        return;
    }
    sbuf_addstr(out, utf8);
}
