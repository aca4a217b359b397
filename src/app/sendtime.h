/*
 * sendtime.h - when a message may go out: the allowed hours of the day
 * (the policy's quiet hours turned round) in the customer's time zone.
 *
 * The daily run works in days (quiet days are decided in core/dunning);
 * the hours are for whatever sends the e-mails and makes the calls: each
 * e-mail in the outbox carries the first allowed stretch of its day as
 * two UTC instants, and the queue shows the calling hours.
 */
#ifndef DUN_APP_SENDTIME_H
#define DUN_APP_SENDTIME_H

#include <stdint.h>

#include "core/err.h"
#include "core/policy.h"

/* The zone a customer is reached in: set by hand (customer set
 * --timezone), else the usual one of its country, else the business's
 * own, else "UTC". */
const char *send_zone(const char *set_zone, const char *country,
                      const char *tenant_zone);

struct send_window {
    int64_t after, before; /* UTC instants, seconds since 1970 */
};

/* Allowed hours of one day, worked out once per zone. */
struct send_clock;

struct send_clock *send_clock_new(const struct policy *p, int32_t day);
void send_clock_free(struct send_clock *c);

/* The window of the clock's day in zone. -1 with err if the zone is not
 * known on this machine. */
int send_clock_window(struct send_clock *c, const char *zone,
                      struct send_window *out, struct dun_err *err);

#endif
