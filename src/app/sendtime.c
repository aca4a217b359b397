/*
 * sendtime.c - quiet hours in the customer's time zone; see sendtime.h.
 */
#include <stdlib.h>
#include <string.h>

#include "app/sendtime.h"
#include "core/xalloc.h"
#include "io/timezone.h"

struct send_clock {
    int32_t day;
    int from, to; /* minutes after local midnight */
    /* Zones seen so far: a run meets a handful, and each conversion
     * reads the zone's file. */
    struct zone_window {
        char zone[TZ_NAME_MAX + 1];
        struct send_window w;
    } *v;
    size_t n, cap;
};

const char *
send_zone(const char *set_zone, const char *country, const char *tenant_zone)
{
    const char *z;

    if (set_zone && set_zone[0])
        return set_zone;
    if (country && (z = tz_for_country(country)) != NULL)
        return z;
    if (tenant_zone && tenant_zone[0])
        return tenant_zone;
    return "UTC";
}

struct send_clock *
send_clock_new(const struct policy *p, int32_t day)
{
    struct send_clock *c = xcalloc(1, sizeof(*c));

    c->day = day;
    policy_send_window(p, &c->from, &c->to);
    return c;
}

void
send_clock_free(struct send_clock *c)
{
    if (c == NULL)
        return;
    free(c->v);
    free(c);
}

int
send_clock_window(struct send_clock *c, const char *zone,
                  struct send_window *out, struct dun_err *err)
{
    struct send_window w;

    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].zone, zone) == 0) {
            *out = c->v[i].w;
            return 0;
        }
    /* tz_local_to_utc refuses a name longer than TZ_NAME_MAX, so a zone
     * that converts fits the cache entry. */
    if (tz_local_to_utc(zone, c->day, c->from, &w.after, err) < 0 ||
        tz_local_to_utc(zone, c->day, c->to, &w.before, err) < 0)
        return -1;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
    }
    memcpy(c->v[c->n].zone, zone, strlen(zone) + 1);
    c->v[c->n++].w = w;
    *out = w;
    return 0;
}
