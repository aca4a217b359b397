#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Sentinel for "*day untouched": not a day any test expects. */
#define UNTOUCHED ((int32_t)0x5a5a5a5a)

static void
assert_day_is(int32_t got, const char *want, const char *what)
{
    char buf[DATE_ISO_LEN + 1];

    if (want == NULL) {
        if (got != DATE_INVALID) {
            date_iso(got, buf);
            fail_msg("%s: got %s, want DATE_INVALID", what, buf);
        }
        return;
    }
    date_iso(got, buf);
    if (strcmp(buf, want) != 0)
        fail_msg("%s: got %s, want %s", what, buf, want);
}

/* Gregorian rule: divisible by 4, except centuries not divisible by 400. */
static void
test_leap_years(void **state)
{
    static const struct {
        int y, leap;
    } cases[] = {
        { 2000, 1 }, { 1900, 0 }, { 2024, 1 }, { 2100, 0 }, { 2023, 0 },
        { 2026, 0 }, { 1600, 1 }, { 2400, 1 }, { 1700, 0 }, { 4, 1 },
        { 1, 0 },    { 9996, 1 }, { 9999, 0 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        assert_int_equal(date_is_leap(cases[i].y), cases[i].leap);
        assert_int_equal(date_days_in_month(cases[i].y, 2),
                         cases[i].leap ? 29 : 28);
    }
}

static void
test_days_in_month(void **state)
{
    static const int want[12] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };
    (void)state;
    for (int m = 1; m <= 12; m++)
        assert_int_equal(date_days_in_month(2026, m), want[m - 1]);
    /* not a month: no days */
    assert_int_equal(date_days_in_month(2026, 0), 0);
    assert_int_equal(date_days_in_month(2026, 13), 0);
    assert_int_equal(date_days_in_month(2026, -1), 0);
}

static void
test_valid_ymd_both_sides(void **state)
{
    static const struct {
        int y, m, d, valid;
    } cases[] = {
        { 2026, 2, 28, 1 },  { 2026, 2, 29, 0 },  { 2026, 2, 30, 0 },
        { 2024, 2, 29, 1 },  { 2024, 2, 30, 0 },  { 2000, 2, 29, 1 },
        { 1900, 2, 29, 0 },  { 2100, 2, 29, 0 },  { 2026, 4, 30, 1 },
        { 2026, 4, 31, 0 },  { 2026, 12, 31, 1 }, { 2026, 12, 32, 0 },
        { 2026, 1, 1, 1 },   { 2026, 1, 0, 0 },   { 2026, 0, 1, 0 },
        { 2026, 13, 1, 0 },  { 1, 1, 1, 1 },      { 0, 12, 31, 0 },
        { 9999, 12, 31, 1 }, { 10000, 1, 1, 0 },  { -1, 1, 1, 0 },
        { 2026, 1, -1, 0 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        if (date_valid_ymd(cases[i].y, cases[i].m, cases[i].d) !=
            cases[i].valid)
            fail_msg("%d-%d-%d: want valid=%d", cases[i].y, cases[i].m,
                     cases[i].d, cases[i].valid);
}

static void
test_day_numbers_of_known_dates(void **state)
{
    static const struct {
        int y, m, d;
        int32_t day;
        int weekday; /* ISO: 1 = Monday ... 7 = Sunday */
    } cases[] = {
        { 1970, 1, 1, 0, 4 }, /* the epoch, a Thursday */
        { 1969, 12, 31, -1, 3 },
        { 1970, 1, 2, 1, 5 },
        { 2000, 1, 1, 10957, 6 },
        { 2000, 3, 1, 11017, 3 },
        { 2024, 2, 29, 19782, 4 },
        { 2026, 11, 24, 20781, 2 }, /* a Tuesday */
        { 2038, 1, 19, 24855, 2 },
        { 1900, 1, 1, -25567, 1 },
        { 2100, 12, 31, 47846, 5 },
        { 1, 1, 1, -719162, 1 },      /* first supported day, a Monday */
        { 9999, 12, 31, 2932896, 5 }, /* last supported day, a Friday */
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int y, m, d;

        assert_int_equal(date_from_ymd(cases[i].y, cases[i].m, cases[i].d),
                         cases[i].day);
        date_to_ymd(cases[i].day, &y, &m, &d);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(d, cases[i].d);
        assert_int_equal(date_weekday(cases[i].day), cases[i].weekday);
    }
    assert_int_equal(date_from_ymd(2026, 2, 30), DATE_INVALID);
    assert_int_equal(date_from_ymd(0, 1, 1), DATE_INVALID);
}

static void
test_weekday_of_known_dates(void **state)
{
    static const struct {
        const char *iso;
        int weekday;
    } cases[] = {
        { "2026-11-24", 2 }, { "2026-01-04", 7 }, { "2026-01-05", 1 },
        { "2026-01-10", 6 }, { "1969-12-29", 1 }, { "1969-12-28", 7 },
        { "2000-02-29", 2 }, { "1900-02-28", 3 }, { "1900-03-01", 4 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        assert_int_equal(date_weekday(date_from_iso(cases[i].iso)),
                         cases[i].weekday);
    /* Any int32_t, even out of range, gives 1..7 without overflow. */
    assert_in_range(date_weekday(INT32_MIN), 1, 7);
    assert_in_range(date_weekday(INT32_MAX), 1, 7);
    assert_int_equal(date_weekday(-7), 4);
}

static void
test_parse_accepts_real_days(void **state)
{
    static const struct {
        const char *s;
        int32_t day;
    } cases[] = {
        { "1970-01-01", 0 },       { "2024-02-29", 19782 },
        { "2000-02-29", 11016 },   { "2026-11-24", 20781 },
        { "0001-01-01", -719162 }, { "9999-12-31", 2932896 },
        { "1969-12-31", -1 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int32_t day = UNTOUCHED;

        assert_int_equal(date_parse(cases[i].s, strlen(cases[i].s), &day), 0);
        assert_int_equal(day, cases[i].day);
        assert_int_equal(date_from_iso(cases[i].s), cases[i].day);
    }
}

static void
test_parse_rejects(void **state)
{
    static const char *cases[] = {
        "2026-02-30", /* no such day */
        "2025-02-29", /* not a leap year */
        "1900-02-29", /* century, not by 400 */
        "2100-02-29",
        "2026-04-31",
        "2026-01-32",
        "2026-01-00",
        "2026-00-01",
        "2026-13-01",
        "0000-01-01", /* year 0 is out of range */
        "",
        "2026-1-01",
        "2026-01-1",
        "26-01-01",
        "20260101",
        "2026/01/01",
        "2026.01.01",
        "2026-01-01T00:00",
        "2026-01-01 ",
        " 2026-01-01",
        "+2026-01-01",
        "-002-01-01",
        "+002-01-01",
        "2026-0a-01",
        "2026--1-01",
        "2026-01- 1",
        "2026-01-+1",
        "10000-01-01",
        "2026_01_01",
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        int32_t day = UNTOUCHED;

        if (date_parse(cases[i], strlen(cases[i]), &day) != -1)
            fail_msg("\"%s\" accepted", cases[i]);
        assert_int_equal(day, UNTOUCHED);
        assert_int_equal(date_from_iso(cases[i]), DATE_INVALID);
    }
}

static void
test_parse_reads_exactly_len_bytes(void **state)
{
    int32_t day = UNTOUCHED;
    (void)state;
    assert_int_equal(date_parse("2026-11-24xyz", 10, &day), 0);
    assert_int_equal(day, 20781);
    day = UNTOUCHED;
    assert_int_equal(date_parse("2026-11-24", 9, &day), -1);
    assert_int_equal(date_parse("2026-11-2\0", 10, &day), -1);
    assert_int_equal(day, UNTOUCHED);
}

/* Every day from 1900-01-01 to 2100-12-31 formats and parses back, and
 * agrees with a calendar counted one day at a time. */
static void
test_round_trip_1900_to_2100(void **state)
{
    int32_t first = date_from_ymd(1900, 1, 1);
    int32_t last = date_from_ymd(2100, 12, 31);
    int y = 1900, m = 1, d = 1, wd = 1; /* 1900-01-01 was a Monday */
    (void)state;
    assert_int_equal(last - first + 1, 73414); /* 201 years, 49 of them leap */
    for (int32_t day = first; day <= last; day++) {
        char iso[DATE_ISO_LEN + 1], want[48];
        int32_t back = UNTOUCHED;

        date_iso(day, iso);
        snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
        if (strcmp(iso, want) != 0)
            fail_msg("day %d: got %s, want %s", (int)day, iso, want);
        assert_int_equal(date_parse(iso, DATE_ISO_LEN, &back), 0);
        assert_int_equal(back, day);
        assert_int_equal(date_weekday(day), wd);
        wd = wd % 7 + 1;
        if (++d > date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 2101);
}

/* The same walk over the whole supported range, in y-m-d. */
static void
test_ymd_round_trip_all_supported_days(void **state)
{
    int y = 1, m = 1, d = 1;
    (void)state;
    for (int32_t day = date_from_ymd(1, 1, 1);
         day <= date_from_ymd(9999, 12, 31); day++) {
        int gy, gm, gd;

        date_to_ymd(day, &gy, &gm, &gd);
        if (gy != y || gm != m || gd != d)
            fail_msg("day %d: got %d-%d-%d, want %d-%d-%d", (int)day, gy, gm,
                     gd, y, m, d);
        if (date_from_ymd(y, m, d) != day)
            fail_msg("%d-%d-%d: not day %d", y, m, d, (int)day);
        if (++d > date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 10000);
}

static void
test_iso_of_unsupported_day_is_marker(void **state)
{
    char buf[DATE_ISO_LEN + 1];
    (void)state;
    date_iso(DATE_INVALID, buf);
    assert_string_equal(buf, "0000-00-00");
    date_iso(date_from_iso("0001-01-01") - 1, buf);
    assert_string_equal(buf, "0000-00-00");
    date_iso(date_from_iso("9999-12-31") + 1, buf);
    assert_string_equal(buf, "0000-00-00");
    date_iso(INT32_MAX, buf);
    assert_string_equal(buf, "0000-00-00");
}

static void
test_add_days(void **state)
{
    static const struct {
        const char *from;
        int32_t n;
        const char *want; /* NULL: DATE_INVALID */
    } cases[] = {
        { "2024-02-28", 1, "2024-02-29" },
        { "2024-02-29", 1, "2024-03-01" },
        { "2023-02-28", 1, "2023-03-01" },
        { "2024-12-31", 1, "2025-01-01" },
        { "2025-01-01", -1, "2024-12-31" },
        { "2026-01-15", 30, "2026-02-14" },
        { "2026-01-15", 0, "2026-01-15" },
        { "2024-01-01", 366, "2025-01-01" },
        { "2025-01-01", 365, "2026-01-01" },
        { "9999-12-30", 1, "9999-12-31" },
        { "9999-12-31", 1, NULL },
        { "0001-01-02", -1, "0001-01-01" },
        { "0001-01-01", -1, NULL },
        { "2026-01-01", INT32_MAX, NULL },
        { "2026-01-01", INT32_MIN, NULL },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        assert_day_is(date_add_days(date_from_iso(cases[i].from), cases[i].n),
                      cases[i].want, cases[i].from);
    /* DATE_INVALID stays invalid rather than becoming a real day. */
    assert_int_equal(date_add_days(DATE_INVALID, 1), DATE_INVALID);
    assert_int_equal(date_add_days(DATE_INVALID, INT32_MAX), DATE_INVALID);
}

/* date.h: clamp the day to the end of the target month. */
static void
test_add_months_clamps_to_month_end(void **state)
{
    static const struct {
        const char *from;
        int n;
        const char *want; /* NULL: DATE_INVALID */
    } cases[] = {
        { "2026-01-31", 1, "2026-02-28" },
        { "2024-01-31", 1, "2024-02-29" },
        { "2026-01-30", 1, "2026-02-28" },
        { "2026-01-28", 1, "2026-02-28" },
        { "2026-05-31", 1, "2026-06-30" },
        { "2026-03-31", -1, "2026-02-28" },
        { "2024-03-31", -1, "2024-02-29" },
        { "2024-02-29", 12, "2025-02-28" },
        { "2024-02-29", 48, "2028-02-29" },
        { "2024-02-29", -12, "2023-02-28" },
        { "2000-02-29", -1200, "1900-02-28" },
        { "2026-01-31", 0, "2026-01-31" },
        /* year boundaries, both directions */
        { "2025-12-31", 1, "2026-01-31" },
        { "2025-11-30", 2, "2026-01-30" },
        { "2026-01-15", -1, "2025-12-15" },
        { "2026-01-15", -12, "2025-01-15" },
        { "2026-01-15", -13, "2024-12-15" },
        { "2026-01-15", 11, "2026-12-15" },
        { "2026-01-15", 12, "2027-01-15" },
        { "2026-12-31", -11, "2026-01-31" },
        { "2026-12-31", -12, "2025-12-31" },
        { "2026-08-31", -6, "2026-02-28" },
        /* range limits */
        { "9999-11-30", 1, "9999-12-30" },
        { "9999-12-15", 1, NULL },
        { "0001-02-15", -1, "0001-01-15" },
        { "0001-01-15", -1, NULL },
        { "2026-01-15", INT_MAX, NULL },
        { "2026-01-15", INT_MIN, NULL },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        assert_day_is(date_add_months(date_from_iso(cases[i].from), cases[i].n),
                      cases[i].want, cases[i].from);
    assert_int_equal(date_add_months(DATE_INVALID, 1), DATE_INVALID);
}

static void
test_end_of_month(void **state)
{
    static const struct {
        const char *from, *want;
    } cases[] = {
        { "2024-02-10", "2024-02-29" }, { "2026-02-01", "2026-02-28" },
        { "1900-02-15", "1900-02-28" }, { "2000-02-15", "2000-02-29" },
        { "2026-12-01", "2026-12-31" }, { "2026-12-31", "2026-12-31" },
        { "2026-04-30", "2026-04-30" }, { "2026-04-01", "2026-04-30" },
        { "9999-12-01", "9999-12-31" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        assert_day_is(date_end_of_month(date_from_iso(cases[i].from)),
                      cases[i].want, cases[i].from);
    assert_int_equal(date_end_of_month(DATE_INVALID), DATE_INVALID);
}

/* Instants split into day and seconds round down on both sides of
 * 1970, and print as UTC minutes. */
static void
test_instants(void **state)
{
    char out[DATE_UTC_LEN + 1];
    int32_t day;
    int sec;

    (void)state;
    date_split_instant(1782820800, &day, &sec); /* 2026-06-30T12:00Z */
    assert_int_equal(day, date_from_ymd(2026, 6, 30));
    assert_int_equal(sec, 12 * 3600);
    date_split_instant(-1, &day, &sec);
    assert_int_equal(day, date_from_ymd(1969, 12, 31));
    assert_int_equal(sec, 86399);
    date_split_instant(-86400, &day, &sec);
    assert_int_equal(day, date_from_ymd(1969, 12, 31));
    assert_int_equal(sec, 0);
    date_utc_iso(1782820800 + 59, out);
    assert_string_equal(out, "2026-06-30T12:00Z");
    date_utc_iso(1782864000, out);
    assert_string_equal(out, "2026-07-01T00:00Z");
    date_utc_iso(-60, out);
    assert_string_equal(out, "1969-12-31T23:59Z");
}

/* dun's dates run from 1900 to 2199 (docs/limits.md). */
static void
test_in_range_is_1900_to_2199(void **state)
{
    (void)state;
    assert_true(date_in_range(date_from_ymd(1900, 1, 1)));
    assert_true(date_in_range(date_from_ymd(2199, 12, 31)));
    assert_true(date_in_range(0));
    assert_false(date_in_range(date_from_ymd(1899, 12, 31)));
    assert_false(date_in_range(date_from_ymd(2200, 1, 1)));
    assert_false(date_in_range(DATE_INVALID));
    assert_false(date_in_range(INT32_MAX));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_valid_ymd_both_sides),
        cmocka_unit_test(test_day_numbers_of_known_dates),
        cmocka_unit_test(test_weekday_of_known_dates),
        cmocka_unit_test(test_parse_accepts_real_days),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_reads_exactly_len_bytes),
        cmocka_unit_test(test_round_trip_1900_to_2100),
        cmocka_unit_test(test_ymd_round_trip_all_supported_days),
        cmocka_unit_test(test_iso_of_unsupported_day_is_marker),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_add_months_clamps_to_month_end),
        cmocka_unit_test(test_end_of_month),
        cmocka_unit_test(test_instants),
        cmocka_unit_test(test_in_range_is_1900_to_2199),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
