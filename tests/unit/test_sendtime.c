#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sendtime.h"
#include "core/date.h"
#include "core/policy.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Expected instants come from Python's zoneinfo over the same zone.tab
 * (Debian's tzdata 2025b), not from this code:
 *
 *   max(int(datetime(2026, 7, 15, 8, tzinfo=ZoneInfo(z)).timestamp())
 *       for z in zones)                  (and min(...) of 20:00)
 *
 * 2026-07-15T00:00Z is 1784073600, 2026-12-15T00:00Z 1797292800.
 */
#define JUL15 1784073600
#define DEC15 1797292800
#define H 3600

/* The default policy's quiet hours, 20:00-08:00: calls and e-mails from
 * 08:00 to 20:00 on the customer's clock. */
static struct send_clock *
clock_on(const char *iso, int quiet_start, int quiet_end)
{
    struct policy p;

    memset(&p, 0, sizeof(p));
    p.quiet_start = (int16_t)quiet_start;
    p.quiet_end = (int16_t)quiet_end;
    return send_clock_new(&p, date_from_iso(iso));
}

struct where {
    const char *set_zone, *country, *region, *tenant_zone;
};

/* Resolve w on c and check the zone text and its window. */
static void
assert_where(struct send_clock *c, struct where w, const char *want_zone,
             int64_t after, int64_t before)
{
    struct dun_err err = DUN_ERR_INIT;
    struct send_window win = { -1, -1 };
    const char *zone = NULL;

    if (send_clock_zone(c, w.set_zone, w.country, w.region, w.tenant_zone,
                        &zone, &err) < 0)
        fail_msg("%s-%s: %s", w.country, w.region, err.msg);
    assert_string_equal(zone, want_zone);
    if (send_clock_window(c, zone, &win, &err) < 0)
        fail_msg("%s: %s", zone, err.msg);
    if (win.after != after || win.before != before)
        fail_msg("%s: got %lld..%lld, want %lld..%lld", zone,
                 (long long)win.after, (long long)win.before, (long long)after,
                 (long long)before);
}

/* Regulation F's rule for a consumer who may be in several places: a US
 * customer without a state is called only when it is 08:00-20:00 in all
 * 29 US zones: from 08:00 in Honolulu (-10, 18:00Z) to 20:00 in New York
 * (-4 in July: 00:00Z; -5 in December: 01:00Z). */
static void
test_us_without_region(void **state)
{
    struct send_clock *jul = clock_on("2026-07-15", 20 * 60, 8 * 60);
    struct send_clock *dec = clock_on("2026-12-15", 20 * 60, 8 * 60);
    struct where us = { "", "US", "", "Europe/London" };
    (void)state;
    assert_where(jul, us, "US: all 29 zones", JUL15 + 18 * H, JUL15 + 24 * H);
    assert_where(dec, us, "US: all 29 zones", DEC15 + 18 * H, DEC15 + 25 * H);
    /* A region the table does not know is no region. */
    us.region = "ZZ";
    assert_where(jul, us, "US: all 29 zones", JUL15 + 18 * H, JUL15 + 24 * H);
    send_clock_free(jul);
    send_clock_free(dec);
}

/* A state that alone decides the zone gives that zone: California is
 * America/Los_Angeles (PDT, -7: 15:00Z to 03:00Z). Texas has two
 * (Chicago; El Paso and Hudspeth on Denver): 08:00 in Denver (14:00Z) to
 * 20:00 in Chicago (01:00Z). */
static void
test_us_states(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    (void)state;
    assert_where(c, (struct where){ NULL, "US", "CA", "Europe/London" },
                 "America/Los_Angeles", JUL15 + 15 * H, JUL15 + 27 * H);
    assert_where(c, (struct where){ NULL, "US", "TX", "Europe/London" },
                 "US-TX: all 2 zones", JUL15 + 14 * H, JUL15 + 25 * H);
    assert_where(c, (struct where){ NULL, "US", "NY", NULL },
                 "America/New_York", JUL15 + 12 * H, JUL15 + 24 * H);
    send_clock_free(c);
}

/* A country with one zone gives it (FR); Germany's two (Berlin and
 * Busingen, which keeps Swiss time) allow the same hours, so they count
 * as the first: 06:00Z to 18:00Z in summer (CEST, +2). */
static void
test_one_zone_countries(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    (void)state;
    assert_where(c, (struct where){ NULL, "DE", "", "America/New_York" },
                 "Europe/Berlin", JUL15 + 6 * H, JUL15 + 18 * H);
    assert_where(c, (struct where){ NULL, "FR", NULL, NULL }, "Europe/Paris",
                 JUL15 + 6 * H, JUL15 + 18 * H);
    /* Queensland's Brisbane and Lindeman (no DST, +10) likewise. */
    assert_where(c, (struct where){ NULL, "AU", "QLD", NULL },
                 "Australia/Brisbane", JUL15 - 2 * H, JUL15 + 10 * H);
    send_clock_free(c);
}

/* A zone set by hand wins over everything else. */
static void
test_zone_set_by_hand(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    (void)state;
    assert_where(c, (struct where){ "America/New_York", "DE", "", "UTC" },
                 "America/New_York", JUL15 + 12 * H, JUL15 + 24 * H);
    assert_where(c, (struct where){ "Europe/Berlin", "US", "CA", NULL },
                 "Europe/Berlin", JUL15 + 6 * H, JUL15 + 18 * H);
    send_clock_free(c);
}

/* Australia without a state: 08:00 in Perth (+8, 00:00Z) to 20:00 on
 * Lord Howe Island (+10:30 in July: 09:30Z; +11 in December, as Sydney:
 * 09:00Z). New South Wales alone has three zones (Broken Hill keeps
 * Central time, +9:30; Lord Howe). */
static void
test_au(void **state)
{
    struct send_clock *jul = clock_on("2026-07-15", 20 * 60, 8 * 60);
    struct send_clock *dec = clock_on("2026-12-15", 20 * 60, 8 * 60);
    struct where au = { NULL, "AU", NULL, NULL };
    (void)state;
    assert_where(jul, au, "AU: all 12 zones", JUL15, JUL15 + 9 * H + 1800);
    assert_where(dec, au, "AU: all 12 zones", DEC15, DEC15 + 9 * H);
    au.region = "NSW";
    assert_where(jul, au, "AU-NSW: all 3 zones", JUL15 - H - 1800,
                 JUL15 + 9 * H + 1800);
    send_clock_free(jul);
    send_clock_free(dec);
}

/* Other countries with several zones and no region table use all of
 * them, a region or not (Brazil: Noronha, -2, to Rio Branco, -5). */
static void
test_other_multi_zone_countries(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    (void)state;
    assert_where(c, (struct where){ NULL, "BR", "SP", NULL },
                 "BR: all 16 zones", JUL15 + 13 * H, JUL15 + 22 * H);
    /* Russia's zones span +2 to +12: two hours a day are left. */
    assert_where(c, (struct where){ NULL, "RU", NULL, NULL },
                 "RU: all 26 zones", JUL15 + 6 * H, JUL15 + 8 * H);
    send_clock_free(c);
}

/* Where the zones share no allowed hour the window is empty, and says
 * so: with only 10:00-18:00 allowed, Kaliningrad (+2) opens at 08:00Z,
 * after Kamchatka (+12) has closed at 06:00Z. */
static void
test_empty_intersection(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 18 * 60, 10 * 60);
    struct send_window w = { 0, 0 };
    (void)state;
    assert_where(c, (struct where){ NULL, "RU", NULL, NULL },
                 "RU: all 26 zones", JUL15 + 8 * H, JUL15 + 8 * H);
    w.after = w.before = JUL15 + 8 * H;
    assert_int_equal(send_window_empty(&w), 1);
    w.before++;
    assert_int_equal(send_window_empty(&w), 0);
    send_clock_free(c);
}

/* Without a country the business's zone, without one UTC. */
static void
test_fallbacks(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    (void)state;
    assert_where(c, (struct where){ "", "", "", "America/New_York" },
                 "America/New_York", JUL15 + 12 * H, JUL15 + 24 * H);
    assert_where(c, (struct where){ NULL, "XX", "CA", "America/New_York" },
                 "America/New_York", JUL15 + 12 * H, JUL15 + 24 * H);
    assert_where(c, (struct where){ NULL, "us", NULL, "Europe/Berlin" },
                 "Europe/Berlin", JUL15 + 6 * H, JUL15 + 18 * H);
    assert_where(c, (struct where){ NULL, NULL, NULL, NULL }, "UTC",
                 JUL15 + 8 * H, JUL15 + 20 * H);
    assert_where(c, (struct where){ "", "USA", "", "" }, "UTC", JUL15 + 8 * H,
                 JUL15 + 20 * H);
    send_clock_free(c);
}

/* Offsets for showing local times: at 2026-07-15T12:00Z a US customer's
 * clock reads 02:00 in Honolulu (-10) to 08:00 in New York (-4). */
static void
test_offsets(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    struct dun_err err = DUN_ERR_INIT;
    const char *zone;
    int32_t lo = 1, hi = 1;
    (void)state;
    assert_int_equal(send_clock_zone(c, NULL, "US", NULL, NULL, &zone, &err),
                     0);
    assert_int_equal(
        send_clock_offsets(c, zone, JUL15 + 12 * H, &lo, &hi, &err), 0);
    assert_int_equal(lo, -10 * H);
    assert_int_equal(hi, -4 * H);
    /* Another instant is worked out afresh: in December, -10 to -5. */
    assert_int_equal(send_clock_offsets(c, zone, DEC15, &lo, &hi, &err), 0);
    assert_int_equal(lo, -10 * H);
    assert_int_equal(hi, -5 * H);
    assert_int_equal(send_clock_offsets(c, "America/Los_Angeles",
                                        JUL15 + 12 * H, &lo, &hi, &err),
                     0);
    assert_int_equal(lo, -7 * H);
    assert_int_equal(hi, -7 * H);
    assert_int_equal(send_clock_offsets(c, "Mars/Base", 0, &lo, &hi, &err), -1);
    assert_string_equal(err.msg, "unknown time zone Mars/Base");
    send_clock_free(c);
}

/* A set's text is kept by the clock (the same pointer each time); only
 * the exact text send_clock_zone writes is a set. */
static void
test_set_texts(void **state)
{
    static const char *const bad[] = {
        "US: all 28 zones",   "US: all 29 zones ", "US:all 29 zones",
        "XX: all 2 zones",    "FR: all 1 zones",   "US-CA: all 1 zones",
        "US-ZZ: all 2 zones", ": all 2 zones",     "USAUSAUSA: all 2 zones",
        "Mars/Base",
    };
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    struct dun_err err = DUN_ERR_INIT;
    struct send_window w;
    const char *a, *b;
    char copy[32];
    (void)state;
    assert_int_equal(send_clock_zone(c, NULL, "US", "TX", NULL, &a, &err), 0);
    assert_int_equal(send_clock_zone(c, NULL, "US", "TX", NULL, &b, &err), 0);
    assert_ptr_equal(a, b);
    assert_int_equal(send_zone_is_set(a), 1);
    assert_int_equal(send_zone_is_set("America/Chicago"), 0);
    /* The text read back (from a message) gives the same window. */
    strcpy(copy, a);
    assert_int_equal(send_clock_window(c, copy, &w, &err), 0);
    assert_true(w.after == JUL15 + 14 * H && w.before == JUL15 + 25 * H);
    for (size_t i = 0; i < N_ELEMS(bad); i++) {
        char want[128];

        dun_err_clear(&err);
        if (send_clock_window(c, bad[i], &w, &err) != -1)
            fail_msg("%s accepted", bad[i]);
        snprintf(want, sizeof(want), "unknown time zone %s", bad[i]);
        assert_int_equal(err.code, DUN_E_INPUT);
        assert_string_equal(err.msg, want);
    }
    send_clock_free(c);
    send_clock_free(NULL);
}

/* zone.tab is read only when a customer needs it; when it cannot be
 * read, the customers who need it fail, with the reason, and no zone is
 * guessed for them. */
static void
test_zonetab_missing(void **state)
{
    struct send_clock *c = clock_on("2026-07-15", 20 * 60, 8 * 60);
    struct dun_err err = DUN_ERR_INIT;
    const char *old = getenv("TZDIR"), *zone = NULL;
    char *saved = old ? strdup(old) : NULL;
    (void)state;
    assert_int_equal(setenv("TZDIR", "/nonexistent/zoneinfo", 1), 0);
    assert_int_equal(
        send_clock_zone(c, "Europe/Berlin", "US", NULL, NULL, &zone, &err), 0);
    assert_string_equal(zone, "Europe/Berlin");
    assert_int_equal(send_clock_zone(c, NULL, "US", "CA", NULL, &zone, &err),
                     0);
    assert_string_equal(zone, "America/Los_Angeles");
    zone = NULL;
    assert_int_equal(send_clock_zone(c, NULL, "US", NULL, NULL, &zone, &err),
                     -1);
    assert_null(zone);
    assert_int_equal(err.code, DUN_E_IO);
    assert_string_equal(err.msg, "/nonexistent/zoneinfo/zone.tab: cannot "
                                 "open: No such file or directory");
    if (saved) {
        assert_int_equal(setenv("TZDIR", saved, 1), 0);
        free(saved);
    } else {
        assert_int_equal(unsetenv("TZDIR"), 0);
    }
    send_clock_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_us_without_region),
        cmocka_unit_test(test_us_states),
        cmocka_unit_test(test_one_zone_countries),
        cmocka_unit_test(test_zone_set_by_hand),
        cmocka_unit_test(test_au),
        cmocka_unit_test(test_other_multi_zone_countries),
        cmocka_unit_test(test_empty_intersection),
        cmocka_unit_test(test_fallbacks),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_set_texts),
        cmocka_unit_test(test_zonetab_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
