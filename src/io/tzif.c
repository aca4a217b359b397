/*
 * tzif.c - TZif files and POSIX TZ rules; see tzif.h.
 *
 * Pure: no I/O, no clock, no environment, no mutable statics. Layout and
 * rules follow RFC 9636 (which obsoletes RFC 8536; the format did not
 * change): a 44-byte header, a version 1 data block with 32-bit times, and
 * in version 2+ files a second header, a data block with 64-bit times and
 * a footer "\nTZ-string\n".
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "io/tzif.h"

#define TZIF_HEADER_LEN 44
#define DAY_SECS 86400

/* More than any UT offset in absolute value (TZIF_OFFSET_MIN..MAX), so
 * every instant a wall clock time can stand for lies within this many
 * seconds of it. */
#define OFFSET_SPAN 93600

/* The footer rule is worked out only within this many seconds of 1970
 * (about 2.2 million years), which keeps its year arithmetic far from
 * overflow; local times are clamped to LOCAL_LIMIT for the same reason. */
#define RULE_LIMIT (INT64_C(1) << 46)
#define LOCAL_LIMIT (INT64_C(1) << 62)

static int
bad(struct dun_err *err, const char *what)
{
    return dun_err_set(err, DUN_E_IO, "not a valid TZif file: %s", what);
}

/* Bytes not yet consumed. */
struct cursor {
    const unsigned char *p;
    size_t left;
};

/* The next n bytes, or NULL (consuming nothing) if fewer are left. */
static const unsigned char *
take(struct cursor *c, size_t n)
{
    const unsigned char *p = c->p;

    if (n > c->left)
        return NULL;
    c->p += n;
    c->left -= n;
    return p;
}

static uint32_t
get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

/* A big-endian two's complement integer of 4 or 8 bytes. */
static int64_t
get_time(const unsigned char *p, size_t size)
{
    uint64_t u;

    if (size == 4) {
        uint32_t v = get_u32(p);

        return v <= INT32_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
    }
    u = (uint64_t)get_u32(p) << 32 | get_u32(p + 4);
    return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

struct header {
    int version; /* 1..4 */
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int
parse_header(struct cursor *c, struct header *h, struct dun_err *err)
{
    const unsigned char *p = take(c, TZIF_HEADER_LEN);

    if (p == NULL)
        return bad(err, "truncated header");
    if (memcmp(p, "TZif", 4) != 0)
        return bad(err, "bad magic");
    if (p[4] == 0)
        h->version = 1;
    else if (p[4] >= '2' && p[4] <= '4')
        h->version = p[4] - '0';
    else
        return bad(err, "unknown version");
    /* p[5..19] are reserved; RFC 9636 has readers ignore them. */
    h->isutcnt = get_u32(p + 20);
    h->isstdcnt = get_u32(p + 24);
    h->leapcnt = get_u32(p + 28);
    h->timecnt = get_u32(p + 32);
    h->typecnt = get_u32(p + 36);
    h->charcnt = get_u32(p + 40);
    return 0;
}

/* Bytes of the data block h announces, with times of tsize bytes. The
 * counts are 32-bit, so the sum cannot overflow 64 bits. */
static uint64_t
block_size(const struct header *h, size_t tsize)
{
    return (uint64_t)h->timecnt * (tsize + 1) + (uint64_t)h->typecnt * 6 +
           h->charcnt + (uint64_t)h->leapcnt * (tsize + 4) + h->isstdcnt +
           h->isutcnt;
}

/* RFC 9636 section 3.2: local time types, their designations, and the
 * standard/wall and UT/local indicators (checked, then unused). */
static int
parse_types(struct tzif *z, const struct header *h, const unsigned char *p,
            const unsigned char *isstd, const unsigned char *isut,
            struct dun_err *err)
{
    if (h->typecnt == 0)
        return bad(err, "no local time types");
    if ((h->isstdcnt != 0 && h->isstdcnt != h->typecnt) ||
        (h->isutcnt != 0 && h->isutcnt != h->typecnt))
        return bad(err, "indicator counts do not match the types");
    for (uint32_t i = 0; i < h->isstdcnt; i++)
        if (isstd[i] > 1)
            return bad(err, "standard/wall indicator not 0 or 1");
    for (uint32_t i = 0; i < h->isutcnt; i++)
        if (isut[i] > 1 ||
            (isut[i] == 1 && (h->isstdcnt == 0 || isstd[i] != 1)))
            return bad(err, "UT/local indicator not 0 or 1, or set on a "
                            "wall clock time");
    z->ntypes = h->typecnt;
    z->types = xreallocarray(NULL, z->ntypes, sizeof(*z->types));
    for (size_t i = 0; i < z->ntypes; i++, p += 6) {
        int64_t utoff = get_time(p, 4);

        if (utoff < TZIF_OFFSET_MIN || utoff > TZIF_OFFSET_MAX)
            return bad(err, "UT offset out of range");
        if (p[4] > 1)
            return bad(err, "DST flag not 0 or 1");
        if (p[5] >= h->charcnt)
            return bad(err, "designation index out of range");
        z->types[i].utoff = (int32_t)utoff;
        z->types[i].isdst = p[4];
    }
    return 0;
}

/* Transition times and their types. With leap-second records the times
 * count leap seconds (a right/ zone); they are made POSIX instants here by
 * taking off the correction of the last leap second at or before each
 * (tzcode's time2posix), so the rest of the module knows one time scale. */
static int
parse_transitions(struct tzif *z, const struct header *h, size_t tsize,
                  const unsigned char *times, const unsigned char *idx,
                  const unsigned char *leaps, struct dun_err *err)
{
    const size_t lsize = tsize + 4;
    int64_t corr = 0;
    uint32_t leap = 0; /* leap records at or before the time in hand */

    for (uint32_t i = 1; i < h->leapcnt; i++)
        if (get_time(leaps + i * lsize, tsize) <=
            get_time(leaps + (i - 1) * lsize, tsize))
            return bad(err, "leap seconds out of order");
    z->ntrans = h->timecnt;
    if (z->ntrans == 0)
        return 0;
    z->trans = xreallocarray(NULL, z->ntrans, sizeof(*z->trans));
    z->trans_type = xmalloc(z->ntrans);
    for (size_t i = 0; i < z->ntrans; i++) {
        int64_t t = get_time(times + i * tsize, tsize);

        if (i > 0 && t <= get_time(times + (i - 1) * tsize, tsize))
            return bad(err, "transition times out of order");
        for (; leap < h->leapcnt && get_time(leaps + leap * lsize, tsize) <= t;
             leap++)
            corr = get_time(leaps + leap * lsize + tsize, 4);
        if ((corr > 0 && t < INT64_MIN + corr) ||
            (corr < 0 && t > INT64_MAX + corr))
            return bad(err, "transition time out of range");
        t -= corr;
        if (i > 0 && t <= z->trans[i - 1])
            return bad(err, "transition times out of order");
        if (idx[i] >= h->typecnt)
            return bad(err, "transition type index out of range");
        z->trans[i] = t;
        z->trans_type[i] = idx[i];
    }
    return 0;
}

/* The data block h announces, with times of tsize bytes, into z. */
static int
parse_block(struct cursor *c, const struct header *h, size_t tsize,
            struct tzif *z, struct dun_err *err)
{
    const unsigned char *times, *idx, *types, *leaps, *isstd, *isut;

    if (block_size(h, tsize) > c->left)
        return bad(err, "counts exceed the data");
    /* Cannot fail now: the sizes add up to block_size. */
    times = take(c, (size_t)h->timecnt * tsize);
    idx = take(c, h->timecnt);
    types = take(c, (size_t)h->typecnt * 6);
    (void)take(c, h->charcnt); /* designations: not needed here */
    leaps = take(c, (size_t)h->leapcnt * (tsize + 4));
    isstd = take(c, h->isstdcnt);
    isut = take(c, h->isutcnt);
    assert(times && idx && types && leaps && isstd && isut);
    if (parse_types(z, h, types, isstd, isut, err) < 0)
        return -1;
    return parse_transitions(z, h, tsize, times, idx, leaps, err);
}

/* The footer of a version 2+ file: "\n", a TZ string, "\n". What may
 * follow is not ours to judge. */
static int
parse_footer(struct cursor *c, struct tzif *z, struct dun_err *err)
{
    const unsigned char *p = take(c, 1), *nl;
    size_t len;

    if (p == NULL || *p != '\n')
        return bad(err, "no footer");
    nl = memchr(c->p, '\n', c->left);
    if (nl == NULL)
        return bad(err, "footer does not end in a newline");
    len = (size_t)(nl - c->p);
    if (len == 0)
        return 0; /* no rule: the last type stays in force */
    if (tzif_rule_parse(&z->rule, (const char *)c->p, len, err) < 0)
        return -1;
    z->has_rule = 1;
    return 0;
}

int
tzif_parse(struct tzif *z, const void *buf, size_t len, struct dun_err *err)
{
    struct cursor c = { buf, len };
    struct tzif out = TZIF_INIT;
    struct header h = { 0 };
    uint64_t v1size;

    if (len > TZIF_MAX_SIZE)
        return bad(err, "larger than 256 KiB");
    if (parse_header(&c, &h, err) < 0)
        return -1;
    out.version = h.version;
    if (h.version >= 2) {
        /* Version 2+ readers skip the 32-bit block; the 64-bit one after
         * it holds the same zone, unlimited by 2038. */
        v1size = block_size(&h, 4);
        if (v1size > c.left)
            return bad(err, "counts exceed the data");
        (void)take(&c, (size_t)v1size);
        if (parse_header(&c, &h, err) < 0)
            return -1;
        if (h.version != out.version)
            return bad(err, "headers disagree on the version");
        if (parse_block(&c, &h, 8, &out, err) < 0 ||
            parse_footer(&c, &out, err) < 0)
            goto fail;
    } else if (parse_block(&c, &h, 4, &out, err) < 0) {
        goto fail;
    }
    *z = out;
    return 0;
fail:
    tzif_release(&out);
    return -1;
}

void
tzif_release(struct tzif *z)
{
    struct tzif empty = TZIF_INIT;

    free(z->trans);
    free(z->trans_type);
    free(z->types);
    *z = empty;
}

/* --- POSIX TZ strings (POSIX.1-2017 8.3, RFC 9636 3.3.1) --- */

/* Characters of a TZ string not yet read. */
struct tzs {
    const char *p, *end;
};

static int
tzs_at(const struct tzs *s, char c)
{
    return s->p < s->end && *s->p == c;
}

static int
is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A zone name: 3 or more letters, or 3 or more letters, digits, '+' and
 * '-' between '<' and '>'. */
static int
tzs_name(struct tzs *s)
{
    const char *start;

    if (tzs_at(s, '<')) {
        start = ++s->p;
        while (s->p < s->end && (is_alpha(*s->p) || is_digit(*s->p) ||
                                 *s->p == '+' || *s->p == '-'))
            s->p++;
        if (!tzs_at(s, '>') || s->p - start < 3)
            return -1;
        s->p++;
        return 0;
    }
    start = s->p;
    while (s->p < s->end && is_alpha(*s->p))
        s->p++;
    return s->p - start >= 3 ? 0 : -1;
}

/* A decimal number min..max of one or more digits. */
static int
tzs_num(struct tzs *s, int min, int max, int *out)
{
    const char *start = s->p;
    int v = 0;

    while (s->p < s->end && is_digit(*s->p)) {
        v = v * 10 + (*s->p++ - '0');
        if (v > max)
            return -1;
    }
    if (s->p == start || v < min)
        return -1;
    *out = v;
    return 0;
}

/* [+-]hh[:mm[:ss]] with hh 0..maxh, as seconds. */
static int
tzs_hms(struct tzs *s, int maxh, int32_t *out)
{
    int neg = tzs_at(s, '-'), h, m = 0, sec = 0;

    if (neg || tzs_at(s, '+'))
        s->p++;
    if (tzs_num(s, 0, maxh, &h) < 0)
        return -1;
    if (tzs_at(s, ':')) {
        s->p++;
        if (tzs_num(s, 0, 59, &m) < 0)
            return -1;
        if (tzs_at(s, ':')) {
            s->p++;
            if (tzs_num(s, 0, 59, &sec) < 0)
                return -1;
        }
    }
    *out = (int32_t)(h * 3600 + m * 60 + sec);
    if (neg)
        *out = -*out;
    return 0;
}

/* date[/time]: Jn, n or Mm.w.d; the time defaults to 02:00. Version 3
 * allows hours -167..167, so that "the Saturday before the last Sunday,
 * 24:00" and the like can be said. */
static int
tzs_when(struct tzs *s, struct tzif_when *w)
{
    memset(w, 0, sizeof(*w));
    if (tzs_at(s, 'J')) {
        s->p++;
        w->kind = 'J';
        if (tzs_num(s, 1, 365, &w->n) < 0)
            return -1;
    } else if (tzs_at(s, 'M')) {
        s->p++;
        w->kind = 'M';
        if (tzs_num(s, 1, 12, &w->m) < 0 || !tzs_at(s, '.'))
            return -1;
        s->p++;
        if (tzs_num(s, 1, 5, &w->w) < 0 || !tzs_at(s, '.'))
            return -1;
        s->p++;
        if (tzs_num(s, 0, 6, &w->d) < 0)
            return -1;
    } else {
        w->kind = 'D';
        if (tzs_num(s, 0, 365, &w->n) < 0)
            return -1;
    }
    w->time = 2 * 3600;
    if (tzs_at(s, '/')) {
        s->p++;
        if (tzs_hms(s, 167, &w->time) < 0)
            return -1;
    }
    return 0;
}

static int
bad_rule(struct dun_err *err, const char *what)
{
    return dun_err_set(err, DUN_E_IO, "bad TZ string: %s", what);
}

int
tzif_rule_parse(struct tzif_rule *r, const char *str, size_t len,
                struct dun_err *err)
{
    struct tzs s = { str, str + len };
    struct tzif_rule out;
    int32_t west;

    memset(&out, 0, sizeof(out));
    if (tzs_name(&s) < 0)
        return bad_rule(err, "std name");
    /* POSIX offsets count hours west, UT offsets east. */
    if (tzs_hms(&s, 24, &west) < 0)
        return bad_rule(err, "std offset");
    out.std_off = out.dst_off = -west;
    if (s.p == s.end) {
        *r = out;
        return 0;
    }
    if (tzs_name(&s) < 0)
        return bad_rule(err, "dst name");
    out.has_dst = 1;
    out.dst_off = out.std_off + 3600;
    if (!tzs_at(&s, ',') && s.p < s.end) {
        if (tzs_hms(&s, 24, &west) < 0)
            return bad_rule(err, "dst offset");
        out.dst_off = -west;
    }
    /* POSIX leaves the rule of "EST5EDT" to the implementation; a TZif
     * footer always spells it out. */
    if (!tzs_at(&s, ','))
        return bad_rule(err, "no rule after the dst name");
    s.p++;
    if (tzs_when(&s, &out.start) < 0)
        return bad_rule(err, "start of dst");
    if (!tzs_at(&s, ','))
        return bad_rule(err, "no end of dst");
    s.p++;
    if (tzs_when(&s, &out.end) < 0)
        return bad_rule(err, "end of dst");
    if (s.p != s.end)
        return bad_rule(err, "text after the rule");
    assert(out.std_off >= TZIF_OFFSET_MIN && out.std_off <= TZIF_OFFSET_MAX);
    assert(out.dst_off >= TZIF_OFFSET_MIN && out.dst_off <= TZIF_OFFSET_MAX);
    *r = out;
    return 0;
}

/* --- the calendar the rules need, for any year --- */

static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b < 0);
}

static int
is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
    static const unsigned char days[] = { 31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31 };

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of y-m-d, proleptic Gregorian (H. Hinnant's
 * days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The year of day number days (days since 1970-01-01). */
static int64_t
year_of_day(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153; /* 0 = March ... 11 = February */

    return yoe + era * 400 + (mp >= 10);
}

/* The day number w names in year y. */
static int64_t
when_day(const struct tzif_when *w, int64_t y)
{
    int64_t first;
    int wday, off;

    switch (w->kind) {
    case 'J':
        /* Feb 29 is not counted: J60 is March 1 in every year. */
        return days_from_civil(y, 1, 1) + w->n - 1 + (is_leap(y) && w->n >= 60);
    case 'D':
        return days_from_civil(y, 1, 1) + w->n;
    default:
        first = days_from_civil(y, w->m, 1);
        wday = (int)((first % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
        off = (w->d - wday + 7) % 7 + (w->w - 1) * 7;
        if (off >= days_in_month(y, w->m))
            off -= 7; /* week 5: the last such day */
        return first + off;
    }
}

struct rule_event {
    int64_t t;
    int dst; /* 1: daylight saving time starts; 0: it ends */
};

#define RULE_YEARS 5 /* the year of t and two either side */

/* The starts and ends of DST in the years around instant t (within
 * RULE_LIMIT), in time order. Ends sort before starts at the same instant,
 * so that a rule with DST all year ("EST5EDT,0/0,J365/25", whose end each
 * year is the next year's start) never leaves it. An event lies within
 * eight days of its day (a time of up to 167:59:59, less an offset), so
 * years two away suffice for an event before t and one after. */
static size_t
rule_events(const struct tzif_rule *r, int64_t t,
            struct rule_event ev[2 * RULE_YEARS])
{
    int64_t y = year_of_day(floor_div(t, DAY_SECS));
    size_t n = 0;

    for (int64_t k = y - RULE_YEARS / 2; k <= y + RULE_YEARS / 2; k++) {
        /* Start on the standard time wall clock, end on the DST one. */
        ev[n].t =
            when_day(&r->start, k) * DAY_SECS + r->start.time - r->std_off;
        ev[n++].dst = 1;
        ev[n].t = when_day(&r->end, k) * DAY_SECS + r->end.time - r->dst_off;
        ev[n++].dst = 0;
    }
    for (size_t i = 1; i < n; i++) {
        struct rule_event e = ev[i];
        size_t j = i;

        for (; j > 0 && (ev[j - 1].t > e.t ||
                         (ev[j - 1].t == e.t && ev[j - 1].dst > e.dst));
             j--)
            ev[j] = ev[j - 1];
        ev[j] = e;
    }
    return n;
}

static int64_t
rule_clamp(int64_t t)
{
    return t < -RULE_LIMIT ? -RULE_LIMIT : t > RULE_LIMIT ? RULE_LIMIT : t;
}

static int32_t
rule_offset_at(const struct tzif_rule *r, int64_t t)
{
    struct rule_event ev[2 * RULE_YEARS];
    size_t n;
    int dst = 0;

    if (!r->has_dst)
        return r->std_off;
    t = rule_clamp(t);
    n = rule_events(r, t, ev);
    for (size_t i = 0; i < n && ev[i].t <= t; i++)
        dst = ev[i].dst;
    return dst ? r->dst_off : r->std_off;
}

/* The first start or end of DST after t, INT64_MAX if none. */
static int64_t
rule_next(const struct tzif_rule *r, int64_t t)
{
    struct rule_event ev[2 * RULE_YEARS];
    size_t n;

    if (!r->has_dst || t >= RULE_LIMIT)
        return INT64_MAX;
    n = rule_events(r, rule_clamp(t), ev);
    for (size_t i = 0; i < n; i++)
        if (ev[i].t > t)
            return ev[i].t;
    return INT64_MAX;
}

/* --- queries --- */

/* How many transitions are at or before t. */
static size_t
trans_upto(const struct tzif *z, int64_t t)
{
    size_t lo = 0, hi = z->ntrans;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (z->trans[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The offset in force after the first n transitions, by the table
 * alone: type 0 before the first (RFC 9636 3.2). */
static int32_t
table_offset(const struct tzif *z, size_t n)
{
    return z->types[n == 0 ? 0 : z->trans_type[n - 1]].utoff;
}

int32_t
tzif_offset_at(const struct tzif *z, int64_t t)
{
    size_t n = trans_upto(z, t);

    assert(z->ntypes > 0);
    /* From the last transition on, or for all time if there are none,
     * the footer's rule; without one the last type stays. */
    if (n == z->ntrans && z->has_rule)
        return rule_offset_at(&z->rule, t);
    return table_offset(z, n);
}

/*
 * Walk the stretches of constant offset that overlap the instants local
 * can stand for, in time order. In each, local - offset is the instant if
 * it falls inside the stretch: the first such is the first occurrence.
 * If none does, local is in a gap, and the last stretch that had begun by
 * local on its own wall clock is the one before the jump.
 */
int64_t
tzif_local_to_utc(const struct tzif *z, int64_t local)
{
    int64_t lo, hi, start, fallback = 0;
    size_t n; /* transitions at or before start */

    assert(z->ntypes > 0);
    if (local < -LOCAL_LIMIT)
        local = -LOCAL_LIMIT;
    else if (local > LOCAL_LIMIT)
        local = LOCAL_LIMIT;
    lo = local - OFFSET_SPAN;
    hi = local + OFFSET_SPAN;
    start = lo;
    n = trans_upto(z, start);
    for (;;) {
        int64_t end, t;
        int32_t off;

        /* The stretch from start to the next change (a transition may
         * change only the name: stretches need not differ). */
        if (n < z->ntrans) {
            off = table_offset(z, n);
            end = z->trans[n++];
        } else if (z->has_rule) {
            off = rule_offset_at(&z->rule, start);
            end = rule_next(&z->rule, start);
        } else {
            off = table_offset(z, n);
            end = INT64_MAX;
        }
        t = local - off;
        /* Always true in the first stretch, as t >= lo. */
        if (t >= start) {
            if (t < end)
                return t;
            fallback = t;
        }
        if (end > hi)
            return fallback;
        start = end;
    }
}
