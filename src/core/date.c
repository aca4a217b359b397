/*
 * date.c - civil dates as day numbers since 1970-01-01, proleptic
 * Gregorian calendar, years 1..9999.
 *
 * Pure: no I/O, no clock, no locale, no time zones; every function is safe
 * to call from any thread. The conversions are the days-from-civil /
 * civil-from-days method (H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms", public domain), re-derived below: count years from March,
 * so that the leap day is the last day of the counted year, in 400-year
 * eras of exactly 146097 days.
 *
 * The functions returning a day number have no error channel: a result
 * outside years 1..9999 is DATE_INVALID, and DATE_INVALID (or any day
 * outside the range) in gives DATE_INVALID out, so a bad date cannot turn
 * silently into a plausible one.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/date.h"

#define DAYS_PER_ERA 146097 /* 400 years: 97 of them leap */
#define EPOCH_SHIFT 719468  /* 1970-01-01 counted from 0000-03-01 */
#define DAY_MIN (-719162)   /* 0001-01-01 */
#define DAY_MAX 2932896     /* 9999-12-31 */

static int
day_in_range(int64_t day)
{
    return day >= DAY_MIN && day <= DAY_MAX;
}

int
date_is_leap(int y)
{
    /* Gregorian rule: every 4th year, but not centuries unless by 400. */
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int
date_days_in_month(int y, int m)
{
    static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30,
                                            31, 31, 30, 31, 30, 31 };

    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && date_is_leap(y))
        return 29;
    return days[m - 1];
}

int
date_valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

/*
 * Years start on 1 March here, so February (and its leap day) closes the
 * year and the month lengths from March repeat in a 153-day, five-month
 * pattern: (153 * mp + 2) / 5 is the day of the year on which month mp
 * (0 = March ... 11 = February) begins. y, m, d: a valid date.
 */
static int32_t
days_from_civil(int y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    if (m <= 2)
        y--;
    /* y >= 0 from here on, so plain division is floor division. */
    era = y / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * DAYS_PER_ERA + doe - EPOCH_SHIFT);
}

int32_t
date_from_ymd(int y, int m, int d)
{
    if (!date_valid_ymd(y, m, d))
        return DATE_INVALID;
    return days_from_civil(y, m, d);
}

void
date_to_ymd(int32_t day, int *y, int *m, int *d)
{
    int64_t z = (int64_t)day + EPOCH_SHIFT;
    int64_t era, doe, yoe, doy, mp;

    /* Floor division, so that days before 0000-03-01 still land in the
     * right era rather than overflow the arithmetic. */
    era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
    doe = z - era * DAYS_PER_ERA;
    /* Take out the leap days (one per 1460 days, none per 36524, one per
     * 146096) to find the year of the era. */
    yoe = (doe - doe / 1460 + doe / 36524 - doe / (DAYS_PER_ERA - 1)) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(era * 400 + yoe + (*m <= 2));
}

static int
two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

int
date_parse(const char *s, size_t len, int32_t *day)
{
    int y, m, d;

    /* ISO 8601 calendar date, extended format, four-digit year only. */
    if (len != DATE_ISO_LEN || s[4] != '-' || s[7] != '-')
        return -1;
    for (size_t i = 0; i < len; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    y = two_digits(s) * 100 + two_digits(s + 2);
    m = two_digits(s + 5);
    d = two_digits(s + 8);
    if (!date_valid_ymd(y, m, d))
        return -1;
    *day = days_from_civil(y, m, d);
    return 0;
}

int32_t
date_from_iso(const char *s)
{
    int32_t day;

    if (date_parse(s, strlen(s), &day) < 0)
        return DATE_INVALID;
    return day;
}

void
date_iso(int32_t day, char *out)
{
    int y, m, d;

    /* A year outside 1..9999 would not fit "YYYY"; write a marker that no
     * parser accepts rather than a wrong date or a longer string. */
    if (!day_in_range(day)) {
        memcpy(out, "0000-00-00", DATE_ISO_LEN + 1);
        return;
    }
    date_to_ymd(day, &y, &m, &d);
    /* By hand: a run writes a few dates for each invoice of each message,
     * and printf's parsing of the format was a fiftieth of it. */
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

int32_t
date_add_days(int32_t day, int32_t n)
{
    int64_t r = (int64_t)day + n;

    if (!day_in_range(day) || !day_in_range(r))
        return DATE_INVALID;
    return (int32_t)r;
}

int32_t
date_add_months(int32_t day, int n)
{
    int y, m, d, dim;
    int64_t months, ny;

    if (!day_in_range(day))
        return DATE_INVALID;
    date_to_ymd(day, &y, &m, &d);
    /* Months since year 0, January; floor division for negative n. */
    months = (int64_t)y * 12 + (m - 1) + n;
    ny = months >= 0 ? months / 12 : (months - 11) / 12;
    if (ny < 1 || ny > 9999)
        return DATE_INVALID;
    m = (int)(months - ny * 12) + 1;
    y = (int)ny;
    /* date.h: clamp to the end of the target month (Jan 31 + 1 = Feb 28). */
    dim = date_days_in_month(y, m);
    if (d > dim)
        d = dim;
    return date_from_ymd(y, m, d);
}

int32_t
date_end_of_month(int32_t day)
{
    int y, m, d;

    if (!day_in_range(day))
        return DATE_INVALID;
    date_to_ymd(day, &y, &m, &d);
    return date_from_ymd(y, m, date_days_in_month(y, m));
}

int
date_weekday(int32_t day)
{
    /* 1970-01-01, day 0, was a Thursday (4); take day % 7 first so that
     * the sum cannot overflow, then make it non-negative. */
    return (day % 7 + 7 + 3) % 7 + 1;
}

void
date_split_instant(int64_t t, int32_t *day, int *sec)
{
    int64_t d = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);

    *day = (int32_t)d;
    *sec = (int)(t - d * 86400);
}

void
date_utc_iso(int64_t t, char *out)
{
    int32_t day;
    int sec, hh, mm;

    date_split_instant(t, &day, &sec);
    hh = sec / 3600;
    mm = sec % 3600 / 60;
    date_iso(day, out);
    out[10] = 'T';
    out[11] = (char)('0' + hh / 10);
    out[12] = (char)('0' + hh % 10);
    out[13] = ':';
    out[14] = (char)('0' + mm / 10);
    out[15] = (char)('0' + mm % 10);
    out[16] = 'Z';
    out[17] = '\0';
}

/* DATE_FIRST_YEAR-01-01 and DATE_LAST_YEAR-12-31 as day numbers: every
 * date of an import is checked against them (test_date checks them). */
#define DAY_FIRST_IN_RANGE (-25567)
#define DAY_LAST_IN_RANGE 84005

int
date_in_range(int32_t day)
{
    return day >= DAY_FIRST_IN_RANGE && day <= DAY_LAST_IN_RANGE;
}
