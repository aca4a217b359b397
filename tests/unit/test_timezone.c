#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "io/timezone.h"
#include "io/tzif.h"
#include "io/zonetab.h"

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

/* Chicago: CST (-6) and CDT (-5); 2026-03-08 jumps 02:00 -> 03:00 and
 * 2026-11-01 falls back 02:00 -> 01:00. */
static void
test_chicago(void **state)
{
    (void)state;
    assert_utc("America/Chicago", "2026-01-15", 8 * 60, 1768485600);
    assert_utc("America/Chicago", "2026-07-15", 8 * 60, 1784120400);
    /* 02:30 does not exist: read as CST, 08:30Z = 03:30 CDT. */
    assert_utc("America/Chicago", "2026-03-08", 2 * 60 + 30, 1772958600);
    /* 01:30 happens twice: the CDT one (06:30Z) first. */
    assert_utc("America/Chicago", "2026-11-01", 1 * 60 + 30, 1793514600);
}

/* Lord Howe Island: +10:30, and +11 in summer: DST moves the clocks by
 * half an hour. 2026-10-04 jumps 02:00 -> 02:30; 2026-04-05 falls back
 * 02:00 -> 01:30. */
static void
test_lord_howe_half_hour_dst(void **state)
{
    (void)state;
    assert_utc("Australia/Lord_Howe", "2026-01-15", 8 * 60, 1768424400);
    assert_utc("Australia/Lord_Howe", "2026-07-15", 8 * 60, 1784064600);
    /* The gap is half an hour: 02:00 and 02:15 come out as 02:30 and
     * 02:45 after it. */
    assert_utc("Australia/Lord_Howe", "2026-10-04", 2 * 60, 1791041400);
    assert_utc("Australia/Lord_Howe", "2026-10-04", 2 * 60 + 15,
               1791042300);
    assert_utc("Australia/Lord_Howe", "2026-10-04", 2 * 60 + 30,
               1791041400);
    /* 01:30 and 01:45 happen twice, first at +11. 02:00 is after it. */
    assert_utc("Australia/Lord_Howe", "2026-04-05", 1 * 60 + 30,
               1775313000);
    assert_utc("Australia/Lord_Howe", "2026-04-05", 1 * 60 + 45,
               1775313900);
    assert_utc("Australia/Lord_Howe", "2026-04-05", 2 * 60, 1775316600);
}

/* DST in the southern summer. Sydney: AEDT (+11) in January, AEST (+10)
 * in July. Santiago changes at 24:00 on a Saturday, so the first hour of
 * the Sunday is the gap, and the Saturday's minute 1440 is in it. */
static void
test_southern_hemisphere(void **state)
{
    (void)state;
    assert_utc("Australia/Sydney", "2026-01-15", 8 * 60, 1768424400);
    assert_utc("Australia/Sydney", "2026-07-15", 8 * 60, 1784066400);
    assert_utc("Australia/Sydney", "2026-10-04", 2 * 60 + 30, 1791045000);
    assert_utc("Australia/Sydney", "2026-04-05", 2 * 60 + 30, 1775316600);

    assert_utc("America/Santiago", "2026-01-15", 8 * 60, 1768474800);
    assert_utc("America/Santiago", "2026-07-15", 8 * 60, 1784116800);
    assert_utc("America/Santiago", "2026-09-05", 23 * 60 + 30, 1788665400);
    assert_utc("America/Santiago", "2026-09-05", 1440, 1788667200);
    assert_utc("America/Santiago", "2026-09-06", 0, 1788667200);
    assert_utc("America/Santiago", "2026-09-06", 30, 1788669000);
    /* 2026-04-04 24:00 falls back to 23:00: 23:30 first at -03. */
    assert_utc("America/Santiago", "2026-04-04", 23 * 60 + 30, 1775356200);
}

static void
test_kolkata_half_hour_offset(void **state)
{
    (void)state;
    assert_utc("Asia/Kolkata", "2026-01-15", 8 * 60, 1768444200);
    assert_utc("Asia/Kolkata", "2026-07-15", 0, 1784053800);
}

/* Past the last transition in the file (2037 in "fat" files, 1996 in
 * "slim" ones) the footer's POSIX rule decides. */
static void
test_footer_rule_far_ahead(void **state)
{
    (void)state;
    assert_utc("Europe/Berlin", "2090-01-15", 8 * 60, 3788146800);
    assert_utc("Europe/Berlin", "2090-07-15", 8 * 60, 3803781600);
    assert_utc("Europe/Berlin", "2090-03-26", 2 * 60 + 30, 3794175000);
    assert_utc("Europe/Berlin", "2090-10-29", 2 * 60 + 30, 3812920200);
    assert_utc("Europe/Berlin", "9999-07-01", 12 * 60, 253386439200);
    /* "IST-2IDT,M3.4.4/26,M10.5.0": Thursday 26:00 is Friday 02:00. */
    assert_utc("Asia/Jerusalem", "2090-03-24", 2 * 60 + 30, 3793998600);
    /* "<-02>2<-01>,M3.5.0/-1,M10.5.0/0": Sunday -1:00 is Saturday 23:00,
     * so 23:30 on the Saturday is in the gap, 22:30 is not. */
    assert_utc("America/Nuuk", "2090-03-25", 22 * 60 + 30, 3794171400);
    assert_utc("America/Nuuk", "2090-03-25", 23 * 60 + 30, 3794175000);
}

/* Before the first transition, the first time type: local mean time,
 * +0:53:28 in Berlin, -4:56:02 in New York. */
static void
test_before_first_transition(void **state)
{
    (void)state;
    assert_utc("Europe/Berlin", "1850-01-01", 12 * 60, -3786785608);
    assert_utc("America/New_York", "1850-01-01", 12 * 60, -3786764638);
    assert_utc("Europe/Berlin", "0001-01-01", 0, -62135600008);
}

static void
test_utc_and_calendar_ends(void **state)
{
    (void)state;
    assert_utc("UTC", "2026-06-30", 12 * 60, 1782820800);
    assert_utc("UTC", "0001-01-01", 0, -62135596800);
    assert_utc("UTC", "9999-12-31", 23 * 60 + 59, 253402300740);
    assert_utc("UTC", "9999-12-31", 1440, 253402300800);
    assert_utc("Etc/GMT-14", "2026-06-30", 0, 1782777600 - 14 * 3600);
}

/* The conversion reads no environment but $TZDIR and writes none: TZ
 * is the same string at the same address afterwards, failures too. */
static void
test_tz_untouched(void **state)
{
    struct saved_env tz = env_save("TZ");
    struct dun_err err = DUN_ERR_INIT;
    const char *before;
    int64_t utc;
    (void)state;

    assert_int_equal(setenv("TZ", "<+0345>-3:45", 1), 0);
    before = getenv("TZ");
    assert_int_equal(tz_local_to_utc("Australia/Lord_Howe",
                                     date_from_iso("2026-10-04"), 2 * 60,
                                     &utc, &err), 0);
    assert_true(utc == 1791041400);
    assert_int_equal(tz_local_to_utc("Nope/Zone", 0, 0, &utc, &err), -1);
    assert_int_equal(tz_valid("Europe/Berlin"), 1);
    assert_ptr_equal(getenv("TZ"), before);
    assert_string_equal(getenv("TZ"), "<+0345>-3:45");
    env_restore(&tz);
}

struct thread_case {
    const char *zone, *iso;
    int minute;
    int64_t want;
    int wrong; /* conversions that failed or gave another instant */
};

#define THREAD_ROUNDS 200

static void *
convert_often(void *arg)
{
    struct thread_case *c = arg;
    int32_t day = date_from_iso(c->iso);

    for (int i = 0; i < THREAD_ROUNDS; i++) {
        struct dun_err err = DUN_ERR_INIT;
        int64_t utc = UNTOUCHED;

        if (tz_local_to_utc(c->zone, day, c->minute, &utc, &err) < 0 ||
            utc != c->want)
            c->wrong++;
    }
    return NULL;
}

/* Conversions in several zones at once, in threads, each get their own
 * zone's answer (cmocka's asserts are for the main thread only). */
static void
test_threads(void **state)
{
    struct thread_case cases[] = {
        { "Europe/Berlin", "2026-07-15", 8 * 60, 1784095200, 0 },
        { "America/Chicago", "2026-11-01", 90, 1793514600, 0 },
        { "Asia/Kolkata", "2026-01-15", 8 * 60, 1768444200, 0 },
        { "Australia/Lord_Howe", "2026-10-04", 2 * 60, 1791041400, 0 },
    };
    pthread_t th[N_ELEMS(cases)];
    (void)state;

    for (size_t i = 0; i < N_ELEMS(cases); i++)
        assert_int_equal(
            pthread_create(&th[i], NULL, convert_often, &cases[i]), 0);
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        if (cases[i].wrong != 0)
            fail_msg("%s: %d of %d wrong", cases[i].zone, cases[i].wrong,
                     THREAD_ROUNDS);
}

/* Parse the zone file of name (under /usr/share/zoneinfo) into z. */
static void
load_zone(const char *name, struct tzif *z)
{
    static unsigned char buf[TZIF_MAX_SIZE];
    struct dun_err err = DUN_ERR_INIT;
    char path[256];
    size_t len;
    FILE *fp;

    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    len = fread(buf, 1, sizeof(buf), fp);
    assert_int_equal(ferror(fp), 0);
    fclose(fp);
    if (tzif_parse(z, buf, len, &err) < 0)
        fail_msg("%s: %s", name, err.msg);
}

/* glibc's answer for a wall clock time in the zone TZ names: of the
 * occurrences mktime finds with each DST flag, the first; for a time in a
 * gap, what mktime makes of it with tm_isdst = -1 (the offset from before
 * the jump). Good for zones whose overlaps all come with a DST flag
 * change, as in the years tested. */
static time_t
glibc_local_to_utc(int y, int m, int d, int minute)
{
    time_t best = 0;
    int found = 0;

    for (int isdst = -1; isdst <= 1; isdst++) {
        struct tm tm;
        time_t t;

        memset(&tm, 0, sizeof(tm));
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        tm.tm_hour = minute / 60;
        tm.tm_min = minute % 60;
        tm.tm_isdst = isdst;
        t = mktime(&tm);
        if (tm.tm_hour == minute / 60 && tm.tm_min == minute % 60 &&
            tm.tm_mday == d) {
            if (!found || t < best)
                best = t;
            found = 1;
        } else if (isdst == -1) {
            best = t;
        }
    }
    return best;
}

/* Every half hour of 2026 and, in 2090 (from the footer rules), the
 * night hours of the months with changes, in zones with DST both ways
 * round, half hours and odd change times, against glibc. (glibc parses
 * the footer again for each call past the table: all of 2090 would take
 * seconds. Zones without DST are left out: there mktime searches far
 * and long for the DST time asked for.) */
static void
test_matches_glibc(void **state)
{
    static const char *const zones[] = {
        "Europe/Berlin",    "America/Chicago", "Australia/Lord_Howe",
        "America/Santiago", "Pacific/Auckland", "Asia/Jerusalem",
    };
    static const int years[] = { 2026, 2090 };
    struct saved_env tz = env_save("TZ");
    (void)state;

    for (size_t i = 0; i < N_ELEMS(zones); i++) {
        struct tzif z = TZIF_INIT;

        load_zone(zones[i], &z);
        assert_int_equal(setenv("TZ", zones[i], 1), 0);
        tzset();
        for (size_t k = 0; k < N_ELEMS(years); k++) {
            int32_t first = date_from_ymd(years[k], 1, 1);
            int32_t last = date_from_ymd(years[k], 12, 31);

            for (int32_t day = first; day <= last; day++) {
                int y, m, d;

                date_to_ymd(day, &y, &m, &d);
                if (y > 2038 && (m < 3 || m > 11 || (m > 4 && m < 9)))
                    continue;
                for (int minute = 0; minute < 1440; minute += 30) {
                    if (y > 2038 && minute > 5 * 60 && minute < 22 * 60)
                        continue;
                    int64_t got = tzif_local_to_utc(
                        &z, (int64_t)day * 86400 + minute * 60);
                    int64_t want = glibc_local_to_utc(y, m, d, minute);

                    if (got != want)
                        fail_msg("%s %04d-%02d-%02d +%d min: got %lld, "
                                 "glibc %lld",
                                 zones[i], y, m, d, minute, (long long)got,
                                 (long long)want);
                }
            }
        }
        tzif_release(&z);
    }
    env_restore(&tz);
}

/*
 * Hand-built TZif files. Each type is named "ABC"; a version 2+ file
 * gets a version 1 block as zic's "slim" output has it (no transitions,
 * one type at UT) so that reading the wrong block shows.
 */
struct tzbuf {
    unsigned char b[1024];
    size_t len;
};

struct leap {
    int64_t occur;
    int32_t corr;
};

static void
put(struct tzbuf *t, const void *p, size_t n)
{
    assert_true(n <= sizeof(t->b) - t->len);
    if (n == 0)
        return; /* p may be NULL */
    memcpy(t->b + t->len, p, n);
    t->len += n;
}

static void
put_be(struct tzbuf *t, uint64_t v, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)(v >> (8 * (size - 1 - i)));

        put(t, &c, 1);
    }
}

static void
put_header(struct tzbuf *t, char version, uint32_t leapcnt,
           uint32_t timecnt, uint32_t typecnt, uint32_t charcnt)
{
    static const unsigned char zeros[15];

    put(t, "TZif", 4);
    put(t, &version, 1);
    put(t, zeros, sizeof(zeros));
    put_be(t, 0, 4); /* isutcnt */
    put_be(t, 0, 4); /* isstdcnt */
    put_be(t, leapcnt, 4);
    put_be(t, timecnt, 4);
    put_be(t, typecnt, 4);
    put_be(t, charcnt, 4);
}

/* A header's length; the version 1 block build puts before a version 2+
 * one: header, one type, one designation byte. */
#define HEADER_LEN 44
#define V1_STUB_LEN (HEADER_LEN + 6 + 1)

static void
build(struct tzbuf *t, char version, const int64_t *trans,
      const unsigned char *idx, size_t ntrans, const struct tzif_type *types,
      size_t ntypes, const struct leap *leaps, size_t nleaps,
      const char *footer)
{
    size_t tsize = version == 0 ? 4 : 8;

    t->len = 0;
    if (version != 0) {
        put_header(t, version, 0, 0, 1, 1);
        put_be(t, 0, 6);
        put(t, "", 1);
    }
    put_header(t, version, (uint32_t)nleaps, (uint32_t)ntrans,
               (uint32_t)ntypes, 4);
    for (size_t i = 0; i < ntrans; i++)
        put_be(t, (uint64_t)trans[i], tsize);
    put(t, idx, ntrans);
    for (size_t i = 0; i < ntypes; i++) {
        unsigned char flags[2] = { (unsigned char)types[i].isdst, 0 };

        put_be(t, (uint64_t)(int64_t)types[i].utoff, 4);
        put(t, flags, 2);
    }
    put(t, "ABC", 4);
    for (size_t i = 0; i < nleaps; i++) {
        put_be(t, (uint64_t)leaps[i].occur, tsize);
        put_be(t, (uint64_t)(int64_t)leaps[i].corr, 4);
    }
    if (version != 0) {
        put(t, "\n", 1);
        put(t, footer, strlen(footer));
        put(t, "\n", 1);
    }
}

static const int64_t v1_trans[] = { 1000000000, 1100000000 };
static const unsigned char v1_idx[] = { 1, 0 };
static const struct tzif_type v1_types[] = { { 3600, 0 }, { 7200, 1 } };

/* +1 until 2001-09-09T01:46:40Z, +2 until 2004-11-09T11:33:20Z, +1 after,
 * in a version 1 file. */
static void
build_v1(struct tzbuf *t)
{
    build(t, 0, v1_trans, v1_idx, 2, v1_types, 2, NULL, 0, NULL);
}

static const int64_t v2_trans[] = { 0 };
static const unsigned char v2_idx[] = { 1 };
static const struct tzif_type v2_types[] = {
    { 1000, 0 }, { 3600, 0 }, { 7200, 1 }
};

/* +0:16:40 until 1970, then CET/CEST by the footer rule. */
static void
build_v2(struct tzbuf *t, char version)
{
    build(t, version, v2_trans, v2_idx, 1, v2_types, 3, NULL, 0,
          "CET-1CEST,M3.5.0,M10.5.0/3");
}

/* Parse t, which must succeed. */
static void
parse_ok(const struct tzbuf *t, struct tzif *z)
{
    struct dun_err err = DUN_ERR_INIT;

    if (tzif_parse(z, t->b, t->len, &err) < 0)
        fail_msg("%s", err.msg);
}

/* The instant of local y-m-d hh:mm in z. */
static int64_t
local(const struct tzif *z, const char *iso, int minute)
{
    return tzif_local_to_utc(z, (int64_t)date_from_iso(iso) * 86400 +
                                    minute * 60);
}

/* Expected instants here come from Python's ZoneInfo.from_file on the
 * same bytes. */
static void
test_parse_v1_only(void **state)
{
    struct tzbuf t;
    struct tzif z = TZIF_INIT;
    (void)state;

    build_v1(&t);
    parse_ok(&t, &z);
    assert_int_equal(z.version, 1);
    assert_int_equal(z.ntrans, 2);
    assert_int_equal(z.ntypes, 2);
    assert_int_equal(z.has_rule, 0);
    assert_true(local(&z, "2000-01-01", 0) == 946681200);
    assert_true(local(&z, "2002-01-01", 12 * 60) == 1009879200);
    /* No footer: the last type holds for ever. */
    assert_true(local(&z, "2030-01-01", 0) == 1893452400);
    assert_int_equal(tzif_offset_at(&z, 999999999), 3600);
    assert_int_equal(tzif_offset_at(&z, 1000000000), 7200);
    tzif_release(&z);
    /* Released is as new, and releasing again is harmless. */
    assert_null(z.trans);
    tzif_release(&z);
}

static void
test_parse_v2_footer(void **state)
{
    static const char versions[] = { '2', '3', '4' };
    (void)state;

    for (size_t i = 0; i < N_ELEMS(versions); i++) {
        struct tzbuf t;
        struct tzif z = TZIF_INIT;

        build_v2(&t, versions[i]);
        parse_ok(&t, &z);
        assert_int_equal(z.version, versions[i] - '0');
        assert_int_equal(z.ntrans, 1);
        assert_int_equal(z.ntypes, 3);
        assert_int_equal(z.has_rule, 1);
        assert_int_equal(z.rule.std_off, 3600);
        assert_true(local(&z, "1960-01-01", 0) == -315620200);
        assert_true(local(&z, "2026-07-15", 8 * 60) == 1784095200);
        assert_true(local(&z, "2026-01-15", 8 * 60) == 1768460400);
        assert_true(local(&z, "2026-03-29", 150) == 1774747800);
        assert_true(local(&z, "2026-10-25", 150) == 1792888200);
        tzif_release(&z);
    }
}

/* An empty footer: no rule, the last type holds. */
static void
test_parse_empty_footer(void **state)
{
    struct tzbuf t;
    struct tzif z = TZIF_INIT;
    (void)state;

    build(&t, '2', v1_trans, v1_idx, 2, v1_types, 2, NULL, 0, "");
    parse_ok(&t, &z);
    assert_int_equal(z.has_rule, 0);
    assert_true(local(&z, "2030-01-01", 0) == 1893452400);
    assert_true(local(&z, "2002-01-01", 12 * 60) == 1009879200);
    tzif_release(&z);
}

/* A right/ zone counts leap seconds in its times: with 2 of them before
 * a transition, the transition's POSIX instant is 2 seconds earlier. */
static void
test_parse_leap_seconds(void **state)
{
    static const struct leap leaps[] = { { 78796800, 1 }, { 94694401, 2 } };
    static const int64_t trans[] = { 100000002 };
    static const unsigned char idx[] = { 1 };
    struct tzbuf t;
    struct tzif z = TZIF_INIT;
    (void)state;

    build(&t, '2', trans, idx, 1, v1_types, 2, leaps, 2, "");
    parse_ok(&t, &z);
    assert_true(z.trans[0] == 100000000);
    assert_int_equal(tzif_offset_at(&z, 99999999), 3600);
    assert_int_equal(tzif_offset_at(&z, 100000000), 7200);
    tzif_release(&z);

    build(&t, 0, trans, idx, 1, v1_types, 2, leaps, 2, NULL);
    parse_ok(&t, &z);
    assert_true(z.trans[0] == 100000000);
    tzif_release(&z);
}

struct damage {
    const char *what;
    size_t at;         /* byte to overwrite */
    const char *bytes; /* with these */
    size_t n;
    const char *msg;
};

/* Each damage, done to a fresh v1 file (v2 = 0) or v2 file, must make the
 * parse fail with DUN_E_IO and msg, leaving *z alone. */
static void
test_parse_rejects(void **state)
{
    /* v1 file: header 0..43; times 44..51; indexes 52..53; types 54..65
     * (utoff, isdst, desigidx each); designations 66..69. */
    static const struct damage v1[] = {
        { "magic", 0, "TZIX", 4, "bad magic" },
        { "version", 4, "5", 1, "unknown version" },
        { "timecnt", 32, "\xff\xff\xff\xff", 4, "counts exceed the data" },
        { "typecnt", 36, "\x00\x01\x00\x00", 4, "counts exceed the data" },
        { "no types", 36, "\x00\x00\x00\x00", 4, "no local time types" },
        { "type index", 53, "\x02", 1, "transition type index out of range" },
        { "order", 48, "\x3b\x9a\xca\x00", 4,
          "transition times out of order" },
        { "utoff", 54, "\x80\x00\x00\x00", 4, "UT offset out of range" },
        { "utoff 26h", 54, "\x00\x01\x6d\xa0", 4, "UT offset out of range" },
        { "isdst", 58, "\x02", 1, "DST flag not 0 or 1" },
        { "desigidx", 59, "\x04", 1, "designation index out of range" },
    };
    /* v2 file: the v1 stub, then the v2 header at 51; times 95..102;
     * index 103; types 104..121; designations 122..125; footer from 126. */
    static const struct damage v2[] = {
        { "v1 counts", 32, "\x00\x10\x00\x00", 4, "counts exceed the data" },
        { "v2 magic", V1_STUB_LEN, "TZiF", 4, "bad magic" },
        { "v2 version", V1_STUB_LEN + 4, "3", 1,
          "headers disagree on the version" },
        { "v2 timecnt", V1_STUB_LEN + 32, "\x10\x00\x00\x00", 4,
          "counts exceed the data" },
        /* One indicator for three types; the footer's newline is it. */
        { "isstdcnt", V1_STUB_LEN + 24, "\x00\x00\x00\x01", 4,
          "indicator counts do not match the types" },
        { "footer", 126, "x", 1, "no footer" },
        { "footer rule", 127, "1", 1, "bad TZ string: std name" },
    };
    (void)state;

    for (size_t k = 0; k < 2; k++) {
        const struct damage *dv = k == 0 ? v1 : v2;
        size_t n = k == 0 ? N_ELEMS(v1) : N_ELEMS(v2);

        for (size_t i = 0; i < n; i++) {
            struct dun_err err = DUN_ERR_INIT;
            struct tzif z = TZIF_INIT;
            struct tzbuf t;

            if (k == 0)
                build_v1(&t);
            else
                build_v2(&t, '2');
            assert_true(dv[i].at + dv[i].n <= t.len);
            memcpy(t.b + dv[i].at, dv[i].bytes, dv[i].n);
            if (tzif_parse(&z, t.b, t.len, &err) != -1)
                fail_msg("%s: accepted", dv[i].what);
            assert_int_equal(err.code, DUN_E_IO);
            if (strstr(err.msg, dv[i].msg) == NULL)
                fail_msg("%s: %s", dv[i].what, err.msg);
            assert_null(z.trans);
            assert_null(z.types);
        }
    }
}

/* Every proper prefix of a valid file is refused: headers, blocks and
 * the footer's closing newline are all required. */
static void
test_parse_every_truncation_fails(void **state)
{
    struct tzbuf files[2];
    (void)state;

    build_v1(&files[0]);
    build_v2(&files[1], '2');
    for (size_t k = 0; k < N_ELEMS(files); k++)
        for (size_t len = 0; len < files[k].len; len++) {
            struct dun_err err = DUN_ERR_INIT;
            struct tzif z = TZIF_INIT;
            /* An exact-size copy, so that ASan sees any overread. */
            unsigned char *copy = malloc(len ? len : 1);

            assert_non_null(copy);
            memcpy(copy, files[k].b, len);
            if (tzif_parse(&z, copy, len, &err) != -1)
                fail_msg("file %zu cut to %zu bytes: accepted", k, len);
            assert_int_equal(err.code, DUN_E_IO);
            free(copy);
        }
    /* Without its last byte, the footer has no closing newline. */
    {
        struct dun_err err = DUN_ERR_INIT;
        struct tzif z = TZIF_INIT;

        assert_int_equal(tzif_parse(&z, files[1].b, files[1].len - 1, &err),
                         -1);
        assert_string_equal(err.msg, "not a valid TZif file: footer does "
                                     "not end in a newline");
    }
}

static void
test_parse_too_big(void **state)
{
    struct dun_err err = DUN_ERR_INIT;
    struct tzif z = TZIF_INIT;
    struct tzbuf t;
    unsigned char *big = calloc(1, TZIF_MAX_SIZE + 1);
    (void)state;

    assert_non_null(big);
    build_v1(&t);
    memcpy(big, t.b, t.len);
    assert_int_equal(tzif_parse(&z, big, TZIF_MAX_SIZE + 1, &err), -1);
    assert_string_equal(err.msg, "not a valid TZif file: larger than 256 KiB");
    /* Trailing bytes after a version 1 block are not looked at. */
    parse_ok(&t, &z);
    tzif_release(&z);
    assert_int_equal(tzif_parse(&z, big, TZIF_MAX_SIZE, &err), 0);
    tzif_release(&z);
    free(big);
}

/* A zone of no transitions and footer rule, parsed. */
static void
rule_zone(const char *rule, struct tzif *z)
{
    static const struct tzif_type ut = { 0, 0 };
    struct tzbuf t;

    build(&t, '3', NULL, NULL, 0, &ut, 1, NULL, 0, rule);
    parse_ok(&t, z);
}

/* The date forms and odd times of POSIX rules. Expected instants from
 * Python's zoneinfo, which agrees with glibc but in two places: glibc
 * leaves all-year DST at each year's end (RFC 9636 3.3.1 says it is DST
 * all year, as zoneinfo does), and zoneinfo (3.11) reads the zero-based
 * n as one day early (POSIX and glibc put day 59 of 2025 on March 1). */
static void
test_rule_forms(void **state)
{
    static const struct {
        const char *rule, *iso;
        int minute;
        int64_t want;
    } cases[] = {
        /* DST all year: the end, Dec 31 25:00 DST, is the next start. */
        { "EST5EDT,0/0,J365/25", "2026-01-15", 12 * 60, 1768492800 },
        { "EST5EDT,0/0,J365/25", "2026-07-15", 12 * 60, 1784131200 },
        { "EST5EDT,0/0,J365/25", "2026-12-31", 23 * 60 + 30, 1798774200 },
        { "EST5EDT,0/0,J365/25", "2027-01-01", 30, 1798777800 },
        /* n counts Feb 29: day 59 is Feb 29 in 2024, Mar 1 in 2025. */
        { "XXX-2YYY,59/2,300", "2024-02-29", 12 * 60, 1709197200 },
        { "XXX-2YYY,59/2,300", "2025-02-28", 12 * 60, 1740736800 },
        { "XXX-2YYY,59/2,300", "2025-03-01", 12 * 60, 1740819600 },
        /* Jn does not: J60 is Mar 1 in every year. */
        { "XXX-2YYY,J60/2,J300", "2024-02-29", 12 * 60, 1709200800 },
        { "XXX-2YYY,J60/2,J300", "2024-03-01", 12 * 60, 1709283600 },
        /* Quoted names, minutes in the offset. */
        { "<+0530>-5:30", "2026-01-15", 8 * 60, 1768444200 },
        /* Version 3 times: DST starts at -1:30 on Sunday (Saturday
         * 22:30) and ends at 25:15 on Sunday (Monday 01:15). */
        { "<-0330>3:30<-0230>,M3.2.0/-1:30,M11.1.0/25:15", "2026-03-07",
          22 * 60 + 30, 1772935200 },
        { "<-0330>3:30<-0230>,M3.2.0/-1:30,M11.1.0/25:15", "2026-03-07",
          23 * 60, 1772937000 },
        { "<-0330>3:30<-0230>,M3.2.0/-1:30,M11.1.0/25:15", "2026-11-01", 30,
          1793502000 },
        { "<-0330>3:30<-0230>,M3.2.0/-1:30,M11.1.0/25:15", "2026-11-02", 30,
          1793588400 },
        { "<-0330>3:30<-0230>,M3.2.0/-1:30,M11.1.0/25:15", "2026-11-02", 60,
          1793590200 },
    };
    (void)state;

    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct tzif z = TZIF_INIT;
        int64_t got;

        rule_zone(cases[i].rule, &z);
        got = local(&z, cases[i].iso, cases[i].minute);
        if (got != cases[i].want)
            fail_msg("%s %s +%d min: got %lld, want %lld", cases[i].rule,
                     cases[i].iso, cases[i].minute, (long long)got,
                     (long long)cases[i].want);
        tzif_release(&z);
    }
}

static void
parse_rule(const char *s, struct tzif_rule *r)
{
    struct dun_err err = DUN_ERR_INIT;

    if (tzif_rule_parse(r, s, strlen(s), &err) < 0)
        fail_msg("%s: %s", s, err.msg);
}

static void
test_rule_fields(void **state)
{
    struct tzif_rule r;
    (void)state;

    parse_rule("CET-1CEST,M3.5.0,M10.5.0/3", &r);
    assert_int_equal(r.std_off, 3600);
    assert_int_equal(r.dst_off, 7200);
    assert_int_equal(r.has_dst, 1);
    assert_int_equal(r.start.kind, 'M');
    assert_int_equal(r.start.m, 3);
    assert_int_equal(r.start.w, 5);
    assert_int_equal(r.start.d, 0);
    assert_int_equal(r.start.time, 2 * 3600);
    assert_int_equal(r.end.m, 10);
    assert_int_equal(r.end.time, 3 * 3600);

    /* Signs and seconds: "+" is west, like no sign. */
    parse_rule("AAA+1:02:03", &r);
    assert_int_equal(r.std_off, -3723);
    assert_int_equal(r.has_dst, 0);
    parse_rule("AAA-24:59:59", &r);
    assert_int_equal(r.std_off, 89999);
    parse_rule("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", &r);
    assert_int_equal(r.std_off, -3 * 3600);
    assert_int_equal(r.dst_off, -2 * 3600);
    assert_int_equal(r.start.time, -2 * 3600);
    assert_int_equal(r.end.time, -3600);
    /* An explicit DST offset, and the extremes of rule times. */
    parse_rule("<+1030>-10:30<+11>-11,J1/-167,0/167:59:59", &r);
    assert_int_equal(r.std_off, 37800);
    assert_int_equal(r.dst_off, 39600);
    assert_int_equal(r.start.kind, 'J');
    assert_int_equal(r.start.n, 1);
    assert_int_equal(r.start.time, -167 * 3600);
    assert_int_equal(r.end.kind, 'D');
    assert_int_equal(r.end.n, 0);
    assert_int_equal(r.end.time, 167 * 3600 + 59 * 60 + 59);
}

static void
test_rule_rejects(void **state)
{
    static const struct {
        const char *s, *msg;
    } cases[] = {
        { "", "std name" },
        { "CE-1", "std name" },
        { "<+0>-1", "std name" },
        { "<+03-3", "std name" },
        { "<+0 3>-3", "std name" },
        { "CET", "std offset" },
        { "CET-25", "std offset" },
        { "CET-1:60", "std offset" },
        { "CET-", "std offset" },
        { "CET-1:", "std offset" },
        { "CET-1C", "dst name" },
        { "CET-1CEST", "no rule after the dst name" },
        { "CET-1CEST-25,M3.5.0,M10.5.0", "dst offset" },
        { "CET-1CEST,M3.5.0", "no end of dst" },
        { "CET-1CEST,M13.5.0,M10.5.0", "start of dst" },
        { "CET-1CEST,M3.6.0,M10.5.0", "start of dst" },
        { "CET-1CEST,M3.5.7,M10.5.0", "start of dst" },
        { "CET-1CEST,M3.5,M10.5.0", "start of dst" },
        { "CET-1CEST,J0,M10.5.0", "start of dst" },
        { "CET-1CEST,J366,M10.5.0", "start of dst" },
        { "CET-1CEST,366,M10.5.0", "start of dst" },
        { "CET-1CEST,M3.5.0/168,M10.5.0", "start of dst" },
        { "CET-1CEST,M3.5.0,M10.5.0/", "end of dst" },
        { "CET-1CEST,M3.5.0,M10.5.0/3 ", "text after the rule" },
        { "CET-1 ", "dst name" },
    };
    (void)state;

    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct dun_err err = DUN_ERR_INIT;
        struct tzif_rule r;
        char want[128];

        memset(&r, 0x5a, sizeof(r));
        if (tzif_rule_parse(&r, cases[i].s, strlen(cases[i].s), &err) != -1)
            fail_msg("\"%s\": accepted", cases[i].s);
        snprintf(want, sizeof(want), "bad TZ string: %s", cases[i].msg);
        if (strcmp(err.msg, want) != 0)
            fail_msg("\"%s\": %s", cases[i].s, err.msg);
        assert_int_equal(err.code, DUN_E_IO);
        assert_int_equal(r.std_off, 0x5a5a5a5a);
    }
    /* len, not a NUL, ends the string. */
    {
        struct dun_err err = DUN_ERR_INIT;
        struct tzif_rule r;

        assert_int_equal(tzif_rule_parse(&r, "UTC0junk", 4, &err), 0);
        assert_int_equal(r.std_off, 0);
    }
}

/* UT offsets at an instant: Berlin in summer (CEST, +2) and winter (CET,
 * +1); Lord Howe Island's half-hour DST (+10:30 in July, +11 in
 * December). */
static void
test_offset_at(void **state)
{
    static const struct {
        const char *zone;
        int64_t utc;
        int32_t want;
    } cases[] = {
        {"Europe/Berlin", 1784116800, 7200},      /* 2026-07-15T12:00Z */
        {"Europe/Berlin", 1797336000, 3600},      /* 2026-12-15T12:00Z */
        {"Australia/Lord_Howe", 1784116800, 37800},
        {"Australia/Lord_Howe", 1797336000, 39600},
        {"America/Los_Angeles", 1784116800, -25200},
        {"UTC", 1784116800, 0},
    };
    struct dun_err err = DUN_ERR_INIT;
    int32_t off = 12345;
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        assert_int_equal(tz_offset_at(cases[i].zone, cases[i].utc, &off,
                                      &err), 0);
        assert_int_equal(off, cases[i].want);
    }
    off = 12345;
    assert_int_equal(tz_offset_at("Mars/Base", 0, &off, &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    assert_string_equal(err.msg, "unknown time zone Mars/Base");
    assert_int_equal(off, 12345);
}

/* Rows come out sorted by country, in the file's order within one;
 * comments, blank lines, CR LF ends and the comments column are fine; a
 * zone repeated for a country counts once. */
static void
test_zonetab_parse(void **state)
{
    static const char text[] =
        "# tzdb timezone descriptions\n"
        "#\n"
        "US\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n"
        "DE\t+5230+01322\tEurope/Berlin\r\n"
        "\n"
        "US\t+340308-1181434\tAmerica/Los_Angeles\tPacific\n"
        "DE\t+4742+00841\tEurope/Busingen\tBusingen\n"
        "US\t+404251-0740023\tAmerica/New_York\tagain\n"
        "AQ\t-7750+16636\tAntarctica/McMurdo\t\n"
        "FR\t+4852+00220\tEurope/Paris";
    struct zonetab t = ZONETAB_INIT;
    struct dun_err err = DUN_ERR_INIT;
    static const char *const want[][2] = {
        {"AQ", "Antarctica/McMurdo"}, {"DE", "Europe/Berlin"},
        {"DE", "Europe/Busingen"},    {"FR", "Europe/Paris"},
        {"US", "America/New_York"},   {"US", "America/Los_Angeles"},
    };
    size_t first = 999;
    (void)state;
    assert_int_equal(zonetab_parse(&t, "zone.tab", text, strlen(text),
                                   &err), 0);
    assert_int_equal(t.n, N_ELEMS(want));
    for (size_t i = 0; i < t.n; i++) {
        assert_string_equal(t.rows[i].country, want[i][0]);
        assert_string_equal(t.rows[i].zone, want[i][1]);
    }
    assert_int_equal(zonetab_country(&t, "US", &first), 2);
    assert_int_equal(first, 4);
    assert_int_equal(zonetab_country(&t, "DE", &first), 2);
    assert_int_equal(first, 1);
    assert_int_equal(zonetab_country(&t, "AQ", &first), 1);
    assert_int_equal(first, 0);
    assert_int_equal(zonetab_country(&t, "FR", &first), 1);
    assert_int_equal(first, 3);
    first = 999;
    assert_int_equal(zonetab_country(&t, "ZZ", &first), 0);
    assert_int_equal(zonetab_country(&t, "AA", &first), 0);
    assert_int_equal(zonetab_country(&t, "us", &first), 0);
    assert_int_equal(zonetab_country(&t, "", &first), 0);
    assert_int_equal(zonetab_country(&t, NULL, &first), 0);
    assert_int_equal(first, 999);
    zonetab_release(&t);
    assert_null(t.rows);
    assert_int_equal(t.n, 0);
    zonetab_release(&t);
    /* An empty file, or only comments: no zones at all. */
    assert_int_equal(zonetab_parse(&t, "zone.tab", "# x\n", 4, &err), 0);
    assert_int_equal(t.n, 0);
    assert_int_equal(zonetab_country(&t, "US", &first), 0);
    zonetab_release(&t);
    assert_int_equal(zonetab_parse(&t, "zone.tab", "", 0, &err), 0);
    assert_int_equal(t.n, 0);
    zonetab_release(&t);
}

static void
test_zonetab_rejects(void **state)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"US\t+404251-0740023\n", "z:1: fewer than 3 fields"},
        {"# c\nUS America/New_York\n", "z:2: fewer than 3 fields"},
        {"us\t+4042-07400\tAmerica/New_York\n",
         "z:1: country: not two upper-case letters"},
        {"USA\t+4042-07400\tAmerica/New_York\n",
         "z:1: country: not two upper-case letters"},
        {"\t+4042-07400\tAmerica/New_York\n",
         "z:1: country: not two upper-case letters"},
        {"US\t4042-07400\tAmerica/New_York\n",
         "z:1: coordinates: not +-DDMM[SS]+-DDDMM[SS]"},
        {"US\t+4042-0740\tAmerica/New_York\n",
         "z:1: coordinates: not +-DDMM[SS]+-DDDMM[SS]"},
        {"US\t+404-07400\tAmerica/New_York\n",
         "z:1: coordinates: not +-DDMM[SS]+-DDDMM[SS]"},
        {"US\t+4042-07400x\tAmerica/New_York\n",
         "z:1: coordinates: not +-DDMM[SS]+-DDDMM[SS]"},
        {"US\t\tAmerica/New_York\n",
         "z:1: coordinates: not +-DDMM[SS]+-DDDMM[SS]"},
        {"US\t+4042-07400\t\n", "z:1: zone: not a time zone name"},
        {"US\t+4042-07400\t/etc/passwd\n", "z:1: zone: not a time zone name"},
        {"US\t+4042-07400\tAmerica//New_York\n",
         "z:1: zone: not a time zone name"},
        {"US\t+4042-07400\tAmerica/\n", "z:1: zone: not a time zone name"},
        {"US\t+4042-07400\t../x\n", "z:1: zone: not a time zone name"},
        {"US\t+4042-07400\tUS: all 2 zones\n",
         "z:1: zone: not a time zone name"},
        {"US\t+4042-07400\tAmerica/New York\n",
         "z:1: zone: not a time zone name"},
        {"US\t+4042-07400\tAmerica/\xc3\xa9\n",
         "z:1: zone: not a time zone name"},
    };
    static const char nul[] = "US\t+4042-07400\tAmerica/New_York\n\0";
    struct dun_err err = DUN_ERR_INIT;
    struct zonetab t = ZONETAB_INIT;
    char longzone[128] = "US\t+4042-07400\t";
    char *big;
    size_t n;
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        dun_err_clear(&err);
        if (zonetab_parse(&t, "z", cases[i].text, strlen(cases[i].text),
                          &err) != -1)
            fail_msg("case %zu accepted", i);
        assert_int_equal(err.code, DUN_E_IO);
        assert_string_equal(err.msg, cases[i].msg);
        assert_null(t.rows);
    }
    assert_int_equal(zonetab_parse(&t, "z", nul, sizeof(nul) - 1, &err),
                     -1);
    assert_string_equal(err.msg, "z: not a text file (NUL byte)");
    /* TZ_NAME_MAX bytes are a name; one more is not. */
    n = strlen(longzone);
    memset(longzone + n, 'a', TZ_NAME_MAX);
    longzone[n + TZ_NAME_MAX] = '\0';
    assert_int_equal(zonetab_parse(&t, "z", longzone, strlen(longzone),
                                   &err), 0);
    assert_int_equal(strlen(t.rows[0].zone), TZ_NAME_MAX);
    zonetab_release(&t);
    strcat(longzone, "a");
    assert_int_equal(zonetab_parse(&t, "z", longzone, strlen(longzone),
                                   &err), -1);
    assert_string_equal(err.msg, "z:1: zone: not a time zone name");
    /* The limits: size, then rows. */
    big = calloc(ZONETAB_MAX_SIZE + 1, 1);
    assert_non_null(big);
    memset(big, '\n', ZONETAB_MAX_SIZE + 1);
    assert_int_equal(zonetab_parse(&t, "z", big, ZONETAB_MAX_SIZE, &err), 0);
    zonetab_release(&t);
    assert_int_equal(zonetab_parse(&t, "z", big, ZONETAB_MAX_SIZE + 1, &err),
                     -1);
    assert_string_equal(err.msg, "z: larger than 262144 bytes");
    n = 0;
    for (int i = 0; i <= ZONETAB_MAX_ROWS; i++)
        n += (size_t)sprintf(big + n, "US\t+4042-07400\tZ%d\n", i);
    assert_int_equal(zonetab_parse(&t, "z", big, n, &err), -1);
    assert_string_equal(err.msg, "z:4097: more than 4096 zones");
    assert_null(t.rows);
    free(big);
}

/* The machine's zone.tab (Debian's tzdata 2025b when written): each
 * country's own zones, the most populous first, every one a zone this
 * machine knows. */
static void
test_zonetab_machine(void **state)
{
    static const struct {
        const char *country, *first;
        size_t n;
    } cases[] = {
        {"US", "America/New_York", 29}, {"CA", "America/St_Johns", 23},
        {"AU", "Australia/Lord_Howe", 12}, {"DE", "Europe/Berlin", 2},
        {"DK", "Europe/Copenhagen", 1}, {"FR", "Europe/Paris", 1},
        {"ES", "Europe/Madrid", 3},     {"BR", "America/Noronha", 16},
        {"RU", "Europe/Kaliningrad", 26},
    };
    struct zonetab t = ZONETAB_INIT;
    struct dun_err err = DUN_ERR_INIT;
    size_t first;
    (void)state;
    if (tz_zonetab_load(&t, &err) < 0)
        fail_msg("%s", err.msg);
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        size_t n = zonetab_country(&t, cases[i].country, &first);

        if (n != cases[i].n)
            fail_msg("%s: %zu zones, want %zu", cases[i].country, n,
                     cases[i].n);
        assert_string_equal(t.rows[first].zone, cases[i].first);
    }
    for (size_t i = 0; i < t.n; i++)
        if (!tz_valid(t.rows[i].zone))
            fail_msg("%s: %s is not a zone here", t.rows[i].country,
                     t.rows[i].zone);
    zonetab_release(&t);
}

/* $TZDIR moves zone.tab with the zones. */
static void
test_zonetab_tzdir(void **state)
{
    struct saved_env tzdir = env_save("TZDIR");
    char dir[] = "/tmp/dun-zonetab-XXXXXX", path[128];
    struct zonetab t = ZONETAB_INIT;
    struct dun_err err = DUN_ERR_INIT;
    FILE *fp;
    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(setenv("TZDIR", dir, 1), 0);
    assert_int_equal(tz_zonetab_load(&t, &err), -1);
    snprintf(path, sizeof(path), "%s/zone.tab: cannot open: No such file "
             "or directory", dir);
    assert_int_equal(err.code, DUN_E_IO);
    assert_string_equal(err.msg, path);
    snprintf(path, sizeof(path), "%s/zone.tab", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("XX\t+0000+00000\tEtc/UTC\nXX\t+0000+00000\tbad zone\n", fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(tz_zonetab_load(&t, &err), -1);
    snprintf(path, sizeof(path), "%s/zone.tab:2: zone: not a time zone "
             "name", dir);
    assert_string_equal(err.msg, path);
    snprintf(path, sizeof(path), "%s/zone.tab", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("XX\t+0000+00000\tEtc/UTC\n", fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(tz_zonetab_load(&t, &err), 0);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.rows[0].country, "XX");
    zonetab_release(&t);
    /* A directory where the file should be is no zone.tab. */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(tz_zonetab_load(&t, &err), -1);
    snprintf(path, sizeof(path), "%s/zone.tab: cannot open: not a regular "
             "file", dir);
    assert_string_equal(err.msg, path);
    snprintf(path, sizeof(path), "%s/zone.tab", dir);
    assert_int_equal(rmdir(path), 0);
    assert_int_equal(rmdir(dir), 0);
    env_restore(&tzdir);
}

static void
assert_region(const char *country, const char *region, const char *want)
{
    const char *const *zones = NULL;
    size_t n = tz_region_zones(country, region, &zones);
    char got[1024] = "";

    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
                 i ? " " : "", zones[i]);
    if (strcmp(got, want) != 0)
        fail_msg("%s-%s: got \"%s\", want \"%s\"", country, region, got,
                 want);
}

/* A region names one zone only where it alone decides it (zone.tab's
 * comments and tzdata's northamerica and australasia files). */
static void
test_region_zones(void **state)
{
    (void)state;
    assert_region("US", "CA", "America/Los_Angeles");
    assert_region("US", "NY", "America/New_York");
    assert_region("US", "DC", "America/New_York");
    assert_region("US", "HI", "Pacific/Honolulu");
    assert_region("US", "AZ", "America/Phoenix America/Denver");
    assert_region("US", "TX", "America/Chicago America/Denver");
    assert_region("US", "FL", "America/New_York America/Chicago");
    assert_region("US", "TN", "America/Chicago America/New_York");
    assert_region("US", "MI", "America/Detroit America/Menominee");
    assert_region("US", "OR", "America/Los_Angeles America/Boise");
    assert_region("US", "ID", "America/Boise America/Los_Angeles");
    assert_region("US", "NV", "America/Los_Angeles America/Denver");
    assert_region("US", "KY", "America/New_York America/Kentucky/Louisville "
                  "America/Kentucky/Monticello America/Chicago");
    assert_region("US", "ND", "America/Chicago America/North_Dakota/Center "
                  "America/North_Dakota/New_Salem "
                  "America/North_Dakota/Beulah America/Denver");
    assert_region("US", "IN", "America/Indiana/Indianapolis "
                  "America/Indiana/Vincennes America/Indiana/Winamac "
                  "America/Indiana/Marengo America/Indiana/Petersburg "
                  "America/Indiana/Vevay America/Indiana/Tell_City "
                  "America/Indiana/Knox America/Chicago America/New_York "
                  "America/Kentucky/Louisville");
    assert_region("US", "PR", "America/Puerto_Rico");
    assert_region("CA", "QC", "America/Toronto America/Halifax "
                  "America/Blanc-Sablon");
    assert_region("CA", "AB", "America/Edmonton");
    assert_region("CA", "BC", "America/Vancouver America/Edmonton "
                  "America/Creston America/Dawson_Creek America/Fort_Nelson");
    assert_region("AU", "NSW", "Australia/Sydney Australia/Broken_Hill "
                  "Australia/Lord_Howe");
    assert_region("AU", "VIC", "Australia/Melbourne");
    assert_region("AU", "WA", "Australia/Perth Australia/Eucla");
    /* Not in the table: the country's zones apply. */
    assert_region("US", "XX", "");
    assert_region("US", "ca", "");
    assert_region("us", "CA", "");
    assert_region("US", "", "");
    assert_region("US", "CAL", "");
    assert_region("US", "TOOLONG", "");
    assert_region("BR", "SP", "");
    assert_region("MX", "CMX", "");
    assert_region("AU", "NS", "");
    assert_region("", "CA", "");
    assert_region(NULL, "CA", "");
    assert_region("US", NULL, "");
}

/* Every US state, DC and outlying area, Canadian province and territory
 * and Australian state and territory is in the table; its zones exist
 * here; the zones of a state, province or territory are all zone.tab's
 * for its country (the outlying areas have codes of their own there). */
static void
test_region_table_complete(void **state)
{
    static const char *const codes[] = {
        "US-AL", "US-AK", "US-AZ", "US-AR", "US-CA", "US-CO", "US-CT",
        "US-DE", "US-FL", "US-GA", "US-HI", "US-ID", "US-IL", "US-IN",
        "US-IA", "US-KS", "US-KY", "US-LA", "US-ME", "US-MD", "US-MA",
        "US-MI", "US-MN", "US-MS", "US-MO", "US-MT", "US-NE", "US-NV",
        "US-NH", "US-NJ", "US-NM", "US-NY", "US-NC", "US-ND", "US-OH",
        "US-OK", "US-OR", "US-PA", "US-RI", "US-SC", "US-SD", "US-TN",
        "US-TX", "US-UT", "US-VT", "US-VA", "US-WA", "US-WV", "US-WI",
        "US-WY", "US-DC", "US-AS", "US-GU", "US-MP", "US-PR", "US-UM",
        "US-VI", "CA-AB", "CA-BC", "CA-MB", "CA-NB", "CA-NL", "CA-NS",
        "CA-NT", "CA-NU", "CA-ON", "CA-PE", "CA-QC", "CA-SK", "CA-YT",
        "AU-ACT", "AU-NSW", "AU-NT", "AU-QLD", "AU-SA", "AU-TAS",
        "AU-VIC", "AU-WA",
    };
    static const char outlying[] = "AS GU MP PR UM VI";
    struct zonetab t = ZONETAB_INIT;
    struct dun_err err = DUN_ERR_INIT;
    (void)state;
    if (tz_zonetab_load(&t, &err) < 0)
        fail_msg("%s", err.msg);
    for (size_t i = 0; i < N_ELEMS(codes); i++) {
        char country[3] = {codes[i][0], codes[i][1], '\0'};
        const char *region = codes[i] + 3;
        const char *const *zones;
        size_t n = tz_region_zones(country, region, &zones), first, nc;
        int own = !(country[0] == 'U' && strstr(outlying, region) != NULL);

        if (n == 0)
            fail_msg("%s: not in the table", codes[i]);
        nc = zonetab_country(&t, own ? country : region, &first);
        for (size_t j = 0; j < n; j++) {
            size_t k = 0;

            if (!tz_valid(zones[j]))
                fail_msg("%s: %s is not a zone here", codes[i], zones[j]);
            while (k < nc && strcmp(t.rows[first + k].zone, zones[j]) != 0)
                k++;
            if (k == nc)
                fail_msg("%s: %s is not in zone.tab for %s", codes[i],
                         zones[j], own ? country : region);
        }
    }
    zonetab_release(&t);
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
        cmocka_unit_test(test_offset_at),
        cmocka_unit_test(test_zonetab_parse),
        cmocka_unit_test(test_zonetab_rejects),
        cmocka_unit_test(test_zonetab_machine),
        cmocka_unit_test(test_zonetab_tzdir),
        cmocka_unit_test(test_region_zones),
        cmocka_unit_test(test_region_table_complete),
        cmocka_unit_test(test_chicago),
        cmocka_unit_test(test_lord_howe_half_hour_dst),
        cmocka_unit_test(test_southern_hemisphere),
        cmocka_unit_test(test_kolkata_half_hour_offset),
        cmocka_unit_test(test_footer_rule_far_ahead),
        cmocka_unit_test(test_before_first_transition),
        cmocka_unit_test(test_utc_and_calendar_ends),
        cmocka_unit_test(test_tz_untouched),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_matches_glibc),
        cmocka_unit_test(test_parse_v1_only),
        cmocka_unit_test(test_parse_v2_footer),
        cmocka_unit_test(test_parse_empty_footer),
        cmocka_unit_test(test_parse_leap_seconds),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_every_truncation_fails),
        cmocka_unit_test(test_parse_too_big),
        cmocka_unit_test(test_rule_forms),
        cmocka_unit_test(test_rule_fields),
        cmocka_unit_test(test_rule_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
