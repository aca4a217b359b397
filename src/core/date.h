/*
 * date.h - civil dates as day numbers (proleptic Gregorian calendar).
 *
 * Pure: no I/O and, above all, no clock: "today" is always a parameter.
 * A date is an int32_t count of days since 1970-01-01 (day 0), so that
 * differences are plain subtraction. Supported years: 1..9999.
 */
#ifndef DUN_CORE_DATE_H
#define DUN_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_ISO_LEN 10       /* "YYYY-MM-DD" */
#define DATE_INVALID INT32_MIN /* returned by date_from_iso on bad input */

/* Strict ISO 8601 calendar date "YYYY-MM-DD" of exactly len == 10 bytes;
 * the day must exist ("2026-02-30" and "2025-02-29" fail). Returns 0 and
 * sets *day, or -1. */
int date_parse(const char *s, size_t len, int32_t *day);

/* date_parse of a NUL-terminated string, DATE_INVALID on failure: for
 * constants in code and tests. */
int32_t date_from_iso(const char *s);

/* The days dun keeps (docs/limits.md): 1900-01-01 to 2199-12-31. Every
 * door refuses a date outside them, so that no date arithmetic dun does
 * (terms, deadlines, plans) leaves the calendar. */
#define DATE_FIRST_YEAR 1900
#define DATE_LAST_YEAR 2199
int date_in_range(int32_t day);

/* Write "YYYY-MM-DD" and a NUL into out (DATE_ISO_LEN + 1 bytes). */
void date_iso(int32_t day, char *out);

/* 1 if y-m-d names a real day (1 <= y <= 9999). */
int date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
int date_is_leap(int y);

/* Day number of a valid y-m-d. */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t day, int *y, int *m, int *d);

int32_t date_add_days(int32_t day, int32_t n);
/* Add n (may be negative) calendar months, clamping the day to the end of
 * the target month: 2026-01-31 + 1 month = 2026-02-28. */
int32_t date_add_months(int32_t day, int n);
/* Last day of day's month. */
int32_t date_end_of_month(int32_t day);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(int32_t day);

/* An instant (seconds since 1970-01-01T00:00Z) as its UTC day and the
 * seconds into it (0..86399), rounding down before 1970 too. */
void date_split_instant(int64_t t, int32_t *day, int *sec);

/* An instant (seconds since 1970-01-01T00:00Z) as "YYYY-MM-DDTHH:MMZ"
 * into out (>= DATE_UTC_LEN + 1 bytes). */
#define DATE_UTC_LEN 17
void date_utc_iso(int64_t t, char *out);

#endif
