/*
 * sendtime.h - when a message may go out: the allowed hours of the day
 * (the policy's quiet hours turned round) in the customer's time zone,
 * or in every zone the customer may be in.
 *
 * The daily run works in days (quiet days are decided in core/dunning);
 * the hours are for whatever sends the e-mails and makes the calls: each
 * e-mail in the outbox carries the first allowed stretch of its day as
 * two UTC instants, and the queue shows the calling hours.
 *
 * Where a customer's zone is not known and its country has several, the
 * hours are those allowed in every one of them: the rule US Regulation F
 * (12 CFR 1006.6(b)(1)(i) and its official commentary) gives a collector
 * whose information places the consumer in several locations, a time
 * convenient in all of them. docs/policy.md states the rules for users.
 *
 * Not thread-safe: one clock per thread (it caches what it read).
 */
#ifndef DUN_APP_SENDTIME_H
#define DUN_APP_SENDTIME_H

#include <stdint.h>

#include "core/err.h"
#include "core/policy.h"

/* [after, before): UTC instants, seconds since 1970. after == before is
 * an empty window: no hour of that day is allowed (see
 * send_clock_window); it is never {0, 0}, which the outbox reads as "no
 * window". */
struct send_window {
    int64_t after, before;
};

/* 1 if no hour of the window's day is allowed: nothing may go out that
 * day, and a caller must not plan or show a send for it. */
int send_window_empty(const struct send_window *w);

/* Allowed hours of one day, worked out once per zone; the machine's
 * zone.tab, read once, when a customer first needs it. */
struct send_clock;

/* A clock for day (day number, core/date.h) under the quiet hours of p.
 * Never NULL (aborts on out-of-memory). */
struct send_clock *send_clock_new(const struct policy *p, int32_t day);
void send_clock_free(struct send_clock *c); /* NULL: no-op */

/*
 * Where a customer is reached, as the text send_clock_window and
 * send_clock_offsets take and a message's timezone records. The first
 * rule that gives an answer decides:
 *   1. set_zone, the zone set by hand (customer set --timezone);
 *   2. the zones of region in country (io/timezone.h tz_region_zones:
 *      US states and DC, Canadian provinces and territories, Australian
 *      states and territories; "" or a code the table lacks: skip);
 *   3. the zones of country in the machine's zone.tab;
 *   4. tenant_zone, the business's; 5. "UTC".
 * For 2 and 3, one zone is given by its name ("America/Los_Angeles");
 * several by "PLACE: all N zones" (PLACE the country, "US", or the
 * country and region, "US-TX": "US: all 29 zones", "US-TX: all 2
 * zones"), whose window is what all N allow; except that zones all
 * allowing the very same hours on the clock's day count as one, the
 * first that zone.tab or the region table lists (DE's Europe/Berlin and
 * Europe/Busingen give "Europe/Berlin"). Any argument may be NULL or "".
 *
 * 0 and *zone, borrowed: a set's text lives as long as c, the others are
 * the caller's strings or static. -1 with err: DUN_E_IO if zone.tab is
 * needed and cannot be read; as send_clock_window if a zone of a set
 * cannot be converted.
 */
int send_clock_zone(struct send_clock *c, const char *set_zone,
                    const char *country, const char *region,
                    const char *tenant_zone, const char **zone,
                    struct dun_err *err);

/* 1 if zone is a set of zones as send_clock_zone writes it (it holds a
 * ':', which no zone name does), 0 for a zone's name. */
int send_zone_is_set(const char *zone);

/*
 * The allowed window of the clock's day in zone: a zone name, or a set
 * as send_clock_zone writes it. For a set, the intersection of its zones'
 * windows, as UTC instants: the latest start to the earliest end; when
 * they do not overlap (zones too far apart for the quiet hours) the
 * window is empty, after == before (send_window_empty), and the caller
 * must send nothing and make no call that day. 0 and *out, or -1 with
 * err: DUN_E_INPUT "unknown time zone ZONE" if a zone is not known on
 * this machine or the text is no set send_clock_zone would write;
 * DUN_E_IO as tz_local_to_utc, or if zone.tab cannot be read.
 */
int send_clock_window(struct send_clock *c, const char *zone,
                      struct send_window *out, struct dun_err *err);

/*
 * The UT offsets (seconds east of Greenwich) in force at instant t in
 * zone (as send_clock_window takes it): the lowest and the highest among
 * a set's zones, both the same for one zone. For showing local times
 * (the customer's clock reads t + offset), never for deciding. 0, or -1
 * with err as send_clock_window.
 */
int send_clock_offsets(struct send_clock *c, const char *zone, int64_t t,
                       int32_t *lo, int32_t *hi, struct dun_err *err);

#endif
