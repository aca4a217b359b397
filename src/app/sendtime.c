/*
 * sendtime.c - quiet hours in the customer's time zone, or in every zone
 * of its country or region; see sendtime.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sendtime.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "io/timezone.h"
#include "io/zonetab.h"

/* What the clock worked out for a zone or a set: a run meets a handful,
 * and each conversion reads a zone file. */
struct zone_entry {
    char zone[TZ_NAME_MAX + 1]; /* a zone's name or a set's text */
    const char *text;           /* a set's text handed out, in texts */
    int has_window, has_offsets;
    /* A place's entry ("@US", "@US-TX"): the zone or set picked for it
     * today, or NULL (a run asks once per customer, a place's zones are
     * many: US has 29). */
    const char *picked;
    struct send_window w;
    int64_t off_at; /* the instant the offsets are for */
    int32_t off_lo, off_hi;
};

struct send_clock {
    int32_t day;
    int from, to; /* minutes after local midnight */
    struct zonetab tab;
    int tab_loaded;
    struct zone_entry *v;
    size_t n, cap;
    struct arena texts;
};

/* The zones of a place: a region's (static table) or a country's (rows
 * of zone.tab). */
struct zone_set {
    const char *const *names;
    const struct zonetab_row *rows;
    size_t n;
};

/* The longest place: a country, a dash and a region ("AU-NSW"). */
#define PLACE_MAX 6

static const char *
set_zone_name(const struct zone_set *s, size_t i)
{
    return s->names != NULL ? s->names[i] : s->rows[i].zone;
}

/* A set's text; sendtime.h documents it. Short enough for an entry. */
static void
set_text(char *buf, size_t size, const char *place, size_t n)
{
    snprintf(buf, size, "%s: all %zu zones", place, n);
}

int
send_zone_is_set(const char *zone)
{
    return strchr(zone, ':') != NULL;
}

int
send_window_empty(const struct send_window *w)
{
    return w->after >= w->before;
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
    zonetab_release(&c->tab);
    arena_release(&c->texts);
    free(c->v);
    free(c);
}

/* The entry of zone, or NULL. */
static struct zone_entry *
find(struct send_clock *c, const char *zone)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].zone, zone) == 0)
            return &c->v[i];
    return NULL;
}

/* The entry of zone, made if new. Only for zones that converted, which
 * are at most TZ_NAME_MAX bytes (tz_local_to_utc refuses longer names,
 * set_window longer texts). The pointer lasts until the next call. */
static struct zone_entry *
entry(struct send_clock *c, const char *zone)
{
    struct zone_entry *e = find(c, zone);

    if (e != NULL)
        return e;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
    }
    e = &c->v[c->n++];
    memset(e, 0, sizeof(*e));
    memcpy(e->zone, zone, strlen(zone) + 1);
    return e;
}

/* The zones of place ("US": zone.tab's; "US-TX": the region table's):
 * their count, 0 for a place neither knows, or -1 with err if zone.tab
 * cannot be read. */
static int
place_set(struct send_clock *c, const char *place, struct zone_set *s,
          struct dun_err *err)
{
    size_t len = strlen(place), first;

    memset(s, 0, sizeof(*s));
    if (len > 3 && place[2] == '-') {
        char country[3] = { place[0], place[1], '\0' };

        s->n = tz_region_zones(country, place + 3, &s->names);
        return (int)s->n;
    }
    if (len != 2)
        return 0;
    /* Read once per clock, and only if a customer needs it: a business
     * whose customers all have a zone never reads it. */
    if (!c->tab_loaded) {
        if (tz_zonetab_load(&c->tab, err) < 0)
            return -1;
        c->tab_loaded = 1;
    }
    s->n = zonetab_country(&c->tab, place, &first);
    if (s->n > 0)
        s->rows = &c->tab.rows[first];
    return (int)s->n;
}

/* The zones of a set's text, as send_clock_zone writes it: 0, or -1 with
 * err if it is not one. */
static int
parse_set(struct send_clock *c, const char *text, struct zone_set *s,
          struct dun_err *err)
{
    const char *colon = strchr(text, ':');
    char place[PLACE_MAX + 1], want[TZ_NAME_MAX + 1];
    size_t len = (size_t)(colon - text);
    int n;

    if (len < 2 || len > PLACE_MAX)
        goto unknown;
    memcpy(place, text, len);
    place[len] = '\0';
    if ((n = place_set(c, place, s, err)) < 0)
        return -1;
    /* Only the exact text: a set of one zone, or a count zone.tab no
     * longer gives, is not ours. */
    set_text(want, sizeof(want), place, (size_t)n);
    if (n < 2 || strcmp(want, text) != 0)
        goto unknown;
    return 0;
unknown:
    return dun_err_set(err, DUN_E_INPUT, "unknown time zone %s", text);
}

/* The window every zone of a set allows: the latest start to the
 * earliest end, empty where they do not meet. */
static int
set_window(struct send_clock *c, const char *text, struct send_window *out,
           struct dun_err *err)
{
    struct zone_set s;
    struct send_window w, all = { 0, 0 };

    if (parse_set(c, text, &s, err) < 0)
        return -1;
    for (size_t i = 0; i < s.n; i++) {
        if (send_clock_window(c, set_zone_name(&s, i), &w, err) < 0)
            return -1;
        if (i == 0 || w.after > all.after)
            all.after = w.after;
        if (i == 0 || w.before < all.before)
            all.before = w.before;
    }
    if (all.before < all.after)
        all.before = all.after;
    *out = all;
    return 0;
}

int
send_clock_window(struct send_clock *c, const char *zone,
                  struct send_window *out, struct dun_err *err)
{
    struct zone_entry *e = find(c, zone);
    struct send_window w;

    if (e != NULL && e->has_window) {
        *out = e->w;
        return 0;
    }
    if (send_zone_is_set(zone)) {
        if (set_window(c, zone, &w, err) < 0)
            return -1;
    } else if (tz_local_to_utc(zone, c->day, c->from, &w.after, err) < 0 ||
               tz_local_to_utc(zone, c->day, c->to, &w.before, err) < 0) {
        return -1;
    }
    e = entry(c, zone);
    e->w = w;
    e->has_window = 1;
    *out = w;
    return 0;
}

int
send_clock_offsets(struct send_clock *c, const char *zone, int64_t t,
                   int32_t *lo, int32_t *hi, struct dun_err *err)
{
    struct zone_entry *e = find(c, zone);
    int32_t l = 0, h = 0;

    if (e != NULL && e->has_offsets && e->off_at == t) {
        *lo = e->off_lo;
        *hi = e->off_hi;
        return 0;
    }
    if (send_zone_is_set(zone)) {
        struct zone_set s;

        if (parse_set(c, zone, &s, err) < 0)
            return -1;
        for (size_t i = 0; i < s.n; i++) {
            int32_t zl, zh;

            if (send_clock_offsets(c, set_zone_name(&s, i), t, &zl, &zh, err) <
                0)
                return -1;
            l = i == 0 || zl < l ? zl : l;
            h = i == 0 || zh > h ? zh : h;
        }
    } else if (tz_offset_at(zone, t, &l, err) < 0) {
        return -1;
    } else {
        h = l;
    }
    e = entry(c, zone);
    e->off_at = t;
    e->off_lo = l;
    e->off_hi = h;
    e->has_offsets = 1;
    *lo = l;
    *hi = h;
    return 0;
}

/* The zone or set text for the zones of place (n >= 1). */
static int
pick(struct send_clock *c, const char *place, const struct zone_set *s,
     const char **zone, struct dun_err *err)
{
    char text[TZ_NAME_MAX + 1];
    struct send_window w, first = { 0, 0 };
    struct zone_entry *e;
    int same = 1;

    for (size_t i = 0; i < s->n && s->n > 1; i++) {
        if (send_clock_window(c, set_zone_name(s, i), &w, err) < 0)
            return -1;
        if (i == 0)
            first = w;
        else if (w.after != first.after || w.before != first.before)
            same = 0;
    }
    /* Zones that allow the same hours today are, for today, one zone:
     * the first, the place's main one. */
    if (same) {
        *zone = set_zone_name(s, 0);
        return 0;
    }
    set_text(text, sizeof(text), place, s->n);
    if (send_clock_window(c, text, &w, err) < 0)
        return -1;
    e = find(c, text);
    if (e->text == NULL)
        e->text = arena_strndup(&c->texts, text, strlen(text));
    *zone = e->text;
    return 0;
}

/* The zone already picked for place today: 1 and *zone, else 0. */
static int
picked(struct send_clock *c, const char *place, const char **zone,
       struct dun_err *err)
{
    char key[PLACE_MAX + 2];
    struct zone_entry *e;

    (void)err;
    str_join(key, sizeof(key), (const char *const[]){ "@", place, NULL });
    if ((e = find(c, key)) == NULL || e->picked == NULL)
        return 0;
    *zone = e->picked;
    return 1;
}

/* pick, remembered for the place ("@" and its code: no zone's name
 * starts so). */
static int
pick_once(struct send_clock *c, const char *place, const struct zone_set *s,
          const char **zone, struct dun_err *err)
{
    char key[PLACE_MAX + 2];

    if (pick(c, place, s, zone, err) < 0)
        return -1;
    str_join(key, sizeof(key), (const char *const[]){ "@", place, NULL });
    /* Names from zone.tab or the region table live as long as the
     * clock; a set's text is the entry's own (pick keeps it). */
    entry(c, key)->picked = *zone;
    return 0;
}

int
send_clock_zone(struct send_clock *c, const char *set_zone, const char *country,
                const char *region, const char *tenant_zone, const char **zone,
                struct dun_err *err)
{
    char place[PLACE_MAX + 1];
    struct zone_set s;
    int n;

    if (set_zone != NULL && set_zone[0] != '\0') {
        *zone = set_zone;
        return 0;
    }
    if (country != NULL && strlen(country) == 2 && region != NULL &&
        region[0] != '\0' && strlen(region) <= PLACE_MAX - 3) {
        str_join(place, sizeof(place),
                 (const char *const[]){ country, "-", region, NULL });
        if ((n = picked(c, place, zone, err)) != 0)
            return n < 0 ? -1 : 0;
        if (place_set(c, place, &s, err) > 0)
            return pick_once(c, place, &s, zone, err);
    }
    if (country != NULL && strlen(country) == 2) {
        if ((n = picked(c, country, zone, err)) != 0)
            return n < 0 ? -1 : 0;
        if ((n = place_set(c, country, &s, err)) < 0)
            return -1;
        if (n > 0)
            return pick_once(c, country, &s, zone, err);
    }
    *zone = tenant_zone != NULL && tenant_zone[0] != '\0' ? tenant_zone : "UTC";
    return 0;
}
