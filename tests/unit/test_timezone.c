#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "io/timezone.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Sentinel for "*utc untouched": not an instant any test expects. */
#define UNTOUCHED ((int64_t)0x5a5a5a5a5a5a)

/*
 * Expected instants come from Python's zoneinfo, not from this code:
 *
 *   int(datetime(2026, 1, 15, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"),
 *                fold=0).timestamp())
 *
 * fold=0 is the first occurrence of an ambiguous time and, for a time in a
 * gap, the offset from before the change (so 02:30 becomes 03:30 after
 * it), which is what tz_local_to_utc promises.
 */
static void
assert_utc(const char *zone, const char *iso, int minute, int64_t want)
{
    struct dun_err err = DUN_ERR_INIT;
    int64_t got = UNTOUCHED;
    int32_t day = date_from_iso(iso);

    assert_int_not_equal(day, DATE_INVALID);
    if (tz_local_to_utc(zone, day, minute, &got, &err) < 0)
        fail_msg("%s %s +%d min: %s", zone, iso, minute, err.msg);
    if (got != want)
        fail_msg("%s %s +%d min: got %lld, want %lld", zone, iso, minute,
                 (long long)got, (long long)want);
    assert_int_equal(err.code, DUN_E_OK);
}

/* Save an environment variable for a test that changes it; restore puts
 * it back, unset if it was unset, so tests do not leak into each other. */
struct saved_env {
    const char *name;
    char *value; /* NULL: was unset */
};

static struct saved_env
env_save(const char *name)
{
    struct saved_env s = {name, NULL};
    const char *v = getenv(name);

    if (v != NULL) {
        s.value = strdup(v);
        assert_non_null(s.value);
    }
    return s;
}

static void
env_restore(struct saved_env *s)
{
    if (s->value != NULL)
        assert_int_equal(setenv(s->name, s->value, 1), 0);
    else
        assert_int_equal(unsetenv(s->name), 0);
    free(s->value);
    s->value = NULL;
    tzset();
}

/* 08:00 in Berlin is 07:00Z in winter (CET, +1) and 06:00Z in summer
 * (CEST, +2); 08:00 in New York in summer (EDT, -4) is 12:00Z. */
static void
test_standard_and_summer_time(void **state)
{
    (void)state;
    assert_utc("Europe/Berlin", "2026-01-15", 8 * 60, 1768460400);
    assert_utc("Europe/Berlin", "2026-07-15", 8 * 60, 1784095200);
    assert_utc("America/New_York", "2026-06-30", 8 * 60, 1782820800);
}

/* Minute 1440 is the next midnight, also on the eve of a DST change:
 * Berlin's 2026-03-28 ends at 2026-03-29T00:00 CET, before the jump. */
static void
test_midnights(void **state)
{
    (void)state;
    assert_utc("UTC", "2026-06-30", 0, 1782777600);
    assert_utc("UTC", "2026-06-30", 1440, 1782864000);
    assert_utc("UTC", "2026-07-01", 0, 1782864000);
    assert_utc("Europe/Berlin", "2026-03-28", 1440, 1774738800);
    assert_utc("Europe/Berlin", "2026-03-29", 0, 1774738800);
    /* The last day of the year rolls over into the next year. */
    assert_utc("UTC", "2026-12-31", 1440, 1798761600);
}

/* 2026-03-29 in Berlin jumps from 02:00 CET to 03:00 CEST. 08:00 is
 * plain CEST. 02:30 does not exist: glibc's mktime (tm_isdst = -1) reads
 * it with the offset from before the jump, +1, giving 01:30Z, which is
 * 03:30 CEST: the same wall clock time after the change, an hour on. */
static void
test_dst_start_gap(void **state)
{
    (void)state;
    assert_utc("Europe/Berlin", "2026-03-29", 8 * 60, 1774764000);
    assert_utc("Europe/Berlin", "2026-03-29", 2 * 60 + 30, 1774747800);
    assert_utc("Europe/Berlin", "2026-03-29", 3 * 60 + 30, 1774747800);
    /* New York, 2026-03-08: 02:30 EST would be 07:30Z = 03:30 EDT. */
    assert_utc("America/New_York", "2026-03-08", 2 * 60 + 30, 1772955000);
}

/* 2026-10-25 in Berlin falls back from 03:00 CEST to 02:00 CET, so 02:30
 * happens twice: at 00:30Z (CEST) and at 01:30Z (CET). We want the first;
 * glibc's mktime with tm_isdst = -1 alone gives the second (1792891800). */
static void
test_dst_end_ambiguous(void **state)
{
    (void)state;
    assert_utc("Europe/Berlin", "2026-10-25", 2 * 60 + 30, 1792888200);
    assert_utc("Europe/Berlin", "2026-10-25", 1 * 60 + 30, 1792884600);
    assert_utc("Europe/Berlin", "2026-10-25", 3 * 60 + 30, 1792895400);
    /* New York, 2026-11-01: 01:30 EDT (05:30Z) before 01:30 EST. */
    assert_utc("America/New_York", "2026-11-01", 1 * 60 + 30, 1793511000);
}

static void
assert_rejected(const char *zone, int32_t day, int minute,
                const char *want_msg)
{
    struct dun_err err = DUN_ERR_INIT;
    int64_t got = UNTOUCHED;

    assert_int_equal(tz_local_to_utc(zone, day, minute, &got, &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    assert_string_equal(err.msg, want_msg);
    assert_true(got == UNTOUCHED);
}

static void
test_bad_input(void **state)
{
    int32_t day = date_from_iso("2026-06-30");
    (void)state;
    assert_rejected("Nope/Zone", day, 0, "unknown time zone Nope/Zone");
    assert_rejected("../etc/passwd", day, 0,
                    "unknown time zone ../etc/passwd");
    assert_rejected("", day, 0, "unknown time zone ");
    assert_rejected("UTC", day, -1, "minute -1 out of range 0..1440");
    assert_rejected("UTC", day, 1441, "minute 1441 out of range 0..1440");
    assert_rejected("UTC", date_from_ymd(1, 1, 1) - 1, 0,
                    "day -719163 out of range");
}

static void
test_valid_names(void **state)
{
    (void)state;
    assert_int_equal(tz_valid("Europe/Berlin"), 1);
    assert_int_equal(tz_valid("UTC"), 1);
    assert_int_equal(tz_valid("America/New_York"), 1);
    assert_int_equal(tz_valid("America/Argentina/Buenos_Aires"), 1);
    assert_int_equal(tz_valid("Etc/GMT+5"), 1);
    assert_int_equal(tz_valid("Etc/GMT-14"), 1);
}

static void
test_invalid_names(void **state)
{
    char longname[101];
    (void)state;
    memset(longname, 'a', 100);
    longname[100] = '\0';
    assert_int_equal(tz_valid(NULL), 0);
    assert_int_equal(tz_valid(""), 0);
    assert_int_equal(tz_valid("Nope/Zone"), 0);
    assert_int_equal(tz_valid("../etc/passwd"), 0);
    assert_int_equal(tz_valid("/etc/passwd"), 0);
    assert_int_equal(tz_valid("Europe/../../etc/passwd"), 0);
    assert_int_equal(tz_valid("Europe/Berlin\n"), 0);
    assert_int_equal(tz_valid(longname), 0);
    assert_int_equal(tz_valid("."), 0);
    assert_int_equal(tz_valid(".."), 0);
    assert_int_equal(tz_valid("./UTC"), 0);
    assert_int_equal(tz_valid("Europe/./Berlin"), 0);
    /* Empty parts, a directory, files that are not zones. */
    assert_int_equal(tz_valid("Europe//Berlin"), 0);
    assert_int_equal(tz_valid("Europe/Berlin/"), 0);
    assert_int_equal(tz_valid("Europe"), 0);
    assert_int_equal(tz_valid("Europe/"), 0);
    assert_int_equal(tz_valid("zone.tab"), 0);
    assert_int_equal(tz_valid("iso3166_tab"), 0);
    assert_int_equal(tz_valid("Europe/Berlin "), 0);
    assert_int_equal(tz_valid("Europe\\Berlin"), 0);
}

/* $TZDIR moves the zoneinfo directory; empty means the default, as in
 * glibc. */
static void
test_tzdir(void **state)
{
    struct saved_env tzdir = env_save("TZDIR");
    (void)state;
    assert_int_equal(setenv("TZDIR", "/nonexistent/zoneinfo", 1), 0);
    assert_int_equal(tz_valid("UTC"), 0);
    assert_int_equal(setenv("TZDIR", "/usr/share/zoneinfo", 1), 0);
    assert_int_equal(tz_valid("UTC"), 1);
    assert_int_equal(setenv("TZDIR", "", 1), 0);
    assert_int_equal(tz_valid("UTC"), 1);
    env_restore(&tzdir);
}

/* A TZ that was set comes back the same, and the process's zone with it:
 * local 2026-06-30 08:00 is Tokyo time (+9) again after the call. */
static void
test_tz_restored_when_set(void **state)
{
    struct saved_env tz = env_save("TZ");
    struct dun_err err = DUN_ERR_INIT;
    struct tm tm;
    int64_t utc;
    (void)state;

    assert_int_equal(setenv("TZ", "Asia/Tokyo", 1), 0);
    tzset();
    assert_int_equal(tz_local_to_utc("Europe/Berlin",
                                     date_from_iso("2026-07-15"), 8 * 60,
                                     &utc, &err), 0);
    assert_true(utc == 1784095200);
    assert_non_null(getenv("TZ"));
    assert_string_equal(getenv("TZ"), "Asia/Tokyo");

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 6 - 1;
    tm.tm_mday = 30;
    tm.tm_hour = 8;
    tm.tm_isdst = -1;
    assert_true(mktime(&tm) == 1782774000);

    /* And after a failed call too. */
    assert_int_equal(tz_local_to_utc("Nope/Zone", 0, 0, &utc, &err), -1);
    assert_string_equal(getenv("TZ"), "Asia/Tokyo");
    env_restore(&tz);
}

static void
test_tz_restored_when_unset(void **state)
{
    struct saved_env tz = env_save("TZ");
    struct dun_err err = DUN_ERR_INIT;
    int64_t utc;
    (void)state;

    assert_int_equal(unsetenv("TZ"), 0);
    tzset();
    assert_int_equal(tz_local_to_utc("America/New_York",
                                     date_from_iso("2026-06-30"), 8 * 60,
                                     &utc, &err), 0);
    assert_true(utc == 1782820800);
    assert_null(getenv("TZ"));
    env_restore(&tz);
}

static void
test_country(void **state)
{
    (void)state;
    assert_string_equal(tz_for_country("DE"), "Europe/Berlin");
    assert_string_equal(tz_for_country("GB"), "Europe/London");
    assert_string_equal(tz_for_country("ES"), "Europe/Madrid");
    assert_string_equal(tz_for_country("PT"), "Europe/Lisbon");
    assert_string_equal(tz_for_country("CN"), "Asia/Shanghai");
    assert_string_equal(tz_for_country("IN"), "Asia/Kolkata");
    assert_string_equal(tz_for_country("NZ"), "Pacific/Auckland");
    /* The ends of the sorted table. */
    assert_string_equal(tz_for_country("AE"), "Asia/Dubai");
    assert_string_equal(tz_for_country("ZA"), "Africa/Johannesburg");
    assert_null(tz_for_country("US"));
    assert_null(tz_for_country("CA"));
    assert_null(tz_for_country("AU"));
    assert_null(tz_for_country("BR"));
    assert_null(tz_for_country("MX"));
    assert_null(tz_for_country("RU"));
    assert_null(tz_for_country(""));
    assert_null(tz_for_country("de"));
    assert_null(tz_for_country("De"));
    assert_null(tz_for_country("D"));
    assert_null(tz_for_country("DEU"));
    assert_null(tz_for_country("XX"));
    assert_null(tz_for_country(NULL));
}

/* Every zone the table can answer exists on this machine. */
static void
test_country_zones_valid(void **state)
{
    static const char *const codes[] = {
        "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
        "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU",
        "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "JP",
        "KR", "CN", "IN", "SG", "HK", "IL", "TR", "ZA", "NZ", "AE",
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(codes); i++) {
        const char *zone = tz_for_country(codes[i]);

        if (zone == NULL)
            fail_msg("%s: no zone", codes[i]);
        if (!tz_valid(zone))
            fail_msg("%s: %s is not a valid zone", codes[i], zone);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standard_and_summer_time),
        cmocka_unit_test(test_midnights),
        cmocka_unit_test(test_dst_start_gap),
        cmocka_unit_test(test_dst_end_ambiguous),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_valid_names),
        cmocka_unit_test(test_invalid_names),
        cmocka_unit_test(test_tzdir),
        cmocka_unit_test(test_tz_restored_when_set),
        cmocka_unit_test(test_tz_restored_when_unset),
        cmocka_unit_test(test_country),
        cmocka_unit_test(test_country_zones_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
