/*
 * timezone.c - IANA time zones through glibc's zoneinfo reader.
 *
 * Reads zoneinfo files; never reads the clock. tz_local_to_utc changes
 * the process's TZ for the length of the call, so it is not thread-safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "io/timezone.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"

static int
tz_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' ||
           c == '/';
}

/* Does the regular file at path begin with the TZif magic? O_NONBLOCK so
 * that a FIFO planted in the directory cannot hang us before fstat
 * turns it away. */
static int
tz_file_is_tzif(const char *path)
{
    char magic[4];
    struct stat st;
    size_t got = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    int ok = 0;

    if (fd < 0)
        return 0;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        goto out;
    while (got < sizeof(magic)) {
        ssize_t n = read(fd, magic + got, sizeof(magic) - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto out;
        got += (size_t)n;
    }
    ok = memcmp(magic, "TZif", sizeof(magic)) == 0;
out:
    close(fd);
    return ok;
}

int
tz_valid(const char *name)
{
    char path[4096];
    const char *dir, *p;
    size_t len;
    int n;

    if (name == NULL)
        return 0;
    len = strlen(name);
    if (len == 0 || len > TZ_NAME_MAX)
        return 0;
    /* With '.' not allowed at all, "." and ".." parts cannot occur; what
     * is left of path tricks is a leading '/' (absolute path, which glibc
     * would honour) and empty parts. */
    for (p = name; *p != '\0'; p++) {
        if (!tz_name_char(*p))
            return 0;
        if (*p == '/' && (p == name || p[1] == '/' || p[1] == '\0'))
            return 0;
    }
    /* The directory glibc itself will read the zone from, so that what we
     * accept here is what tzset() then loads. */
    dir = getenv("TZDIR");
    if (dir == NULL || *dir == '\0')
        dir = TZ_DEFAULT_DIR;
    n = snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof(path))
        return 0;
    return tz_file_is_tzif(path);
}

/* mktime in the current zone of local y-m-d hh:mm, asking for DST flag
 * isdst (-1: let mktime decide). 0 and *t if the result is that very wall
 * clock time (not one mktime moved out of a gap), 1 and *t if mktime
 * succeeded but moved it, -1 if mktime failed. */
static int
tz_try_mktime(int y, int m, int d, int minute, int isdst, time_t *t)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = minute / 60;
    tm.tm_min = minute % 60;
    tm.tm_isdst = isdst;
    /* (time_t)-1 is also 1969-12-31T23:59:59Z; a failing mktime leaves
     * tm_wday alone (glibc does, C23 requires it), so that tells the two
     * apart. */
    tm.tm_wday = -1;
    *t = mktime(&tm);
    if (*t == (time_t)-1 && tm.tm_wday == -1)
        return -1;
    if (tm.tm_year == y - 1900 && tm.tm_mon == m - 1 && tm.tm_mday == d &&
        tm.tm_hour == minute / 60 && tm.tm_min == minute % 60)
        return 0;
    return 1;
}

/* Convert in whatever zone TZ names now. glibc's mktime with
 * tm_isdst = -1 picks the *second* occurrence of an ambiguous time
 * (2026-10-25 02:30 in Berlin comes out as 02:30 CET, not CEST), so ask
 * for each DST flag too and keep the earliest answer that is the asked-for
 * wall clock time. Where none is (a gap), the tm_isdst = -1 answer stands:
 * the same time after the change. An overlap made by a change of standard
 * offset, with the DST flag the same on both sides, is beyond this and
 * gets whatever mktime picks. */
static int
tz_convert(int y, int m, int d, int minute, time_t *out)
{
    time_t t, best;
    int rc, found;

    rc = tz_try_mktime(y, m, d, minute, -1, &best);
    if (rc < 0)
        return -1;
    found = rc == 0;
    for (int isdst = 0; isdst <= 1; isdst++) {
        if (tz_try_mktime(y, m, d, minute, isdst, &t) != 0)
            continue;
        if (!found || t < best)
            best = t;
        found = 1;
    }
    *out = best;
    return 0;
}

int
tz_local_to_utc(const char *name, int32_t day, int minute, int64_t *utc,
                struct dun_err *err)
{
    const char *cur;
    char *saved = NULL;
    time_t t = 0;
    int y, m, d, rc = -1, converted;

    if (!tz_valid(name))
        return dun_err_set(err, DUN_E_INPUT, "unknown time zone %s",
                           name != NULL ? name : "");
    if (minute < 0 || minute > 1440)
        return dun_err_set(err, DUN_E_INPUT, "minute %d out of range "
                           "0..1440", minute);
    date_to_ymd(day, &y, &m, &d);
    if (!date_valid_ymd(y, m, d))
        return dun_err_set(err, DUN_E_INPUT, "day %ld out of range",
                           (long)day);
    /* Next midnight is minute 0 of the next day, which mktime would also
     * reach from hour 24; moving it here keeps the check in tz_try_mktime
     * comparing like with like. */
    if (minute == 1440) {
        date_to_ymd(day + 1, &y, &m, &d);
        minute = 0;
    }

    cur = getenv("TZ");
    if (cur != NULL)
        saved = xstrdup(cur); /* setenv may free the string cur points to */
    if (setenv("TZ", name, 1) < 0) {
        free(saved);
        return dun_err_set(err, DUN_E_INTERNAL, "cannot set TZ to %s",
                           name);
    }
    tzset();
    converted = tz_convert(y, m, d, minute, &t);

    if ((saved != NULL ? setenv("TZ", saved, 1) : unsetenv("TZ")) < 0) {
        dun_err_set(err, DUN_E_INTERNAL, "cannot restore TZ");
        goto out;
    }
    tzset();
    if (converted < 0) {
        dun_err_set(err, DUN_E_INTERNAL, "%04d-%02d-%02d %02d:%02d in %s: "
                    "mktime failed", y, m, d, minute / 60, minute % 60, name);
        goto out;
    }
    *utc = (int64_t)t;
    rc = 0;
out:
    free(saved);
    return rc;
}

struct tz_country {
    const char code[3];
    const char *zone;
};

/* Countries with one zone in practice, sorted by code for bsearch. Those
 * with several (US, CA, AU, BR, MX, RU, ...) are left out on purpose: a
 * guess there would send letters at the wrong hour. ES and PT name the
 * mainland zone; the Canaries and the Azores keep other hours. */
static const struct tz_country tz_countries[] = {
    {"AE", "Asia/Dubai"},
    {"AT", "Europe/Vienna"},
    {"BE", "Europe/Brussels"},
    {"BG", "Europe/Sofia"},
    {"CH", "Europe/Zurich"},
    {"CN", "Asia/Shanghai"},
    {"CY", "Asia/Nicosia"},
    {"CZ", "Europe/Prague"},
    {"DE", "Europe/Berlin"},
    {"DK", "Europe/Copenhagen"},
    {"EE", "Europe/Tallinn"},
    {"ES", "Europe/Madrid"},
    {"FI", "Europe/Helsinki"},
    {"FR", "Europe/Paris"},
    {"GB", "Europe/London"},
    {"GR", "Europe/Athens"},
    {"HK", "Asia/Hong_Kong"},
    {"HR", "Europe/Zagreb"},
    {"HU", "Europe/Budapest"},
    {"IE", "Europe/Dublin"},
    {"IL", "Asia/Jerusalem"},
    {"IN", "Asia/Kolkata"},
    {"IS", "Atlantic/Reykjavik"},
    {"IT", "Europe/Rome"},
    {"JP", "Asia/Tokyo"},
    {"KR", "Asia/Seoul"},
    {"LI", "Europe/Vaduz"},
    {"LT", "Europe/Vilnius"},
    {"LU", "Europe/Luxembourg"},
    {"LV", "Europe/Riga"},
    {"MT", "Europe/Malta"},
    {"NL", "Europe/Amsterdam"},
    {"NO", "Europe/Oslo"},
    {"NZ", "Pacific/Auckland"},
    {"PL", "Europe/Warsaw"},
    {"PT", "Europe/Lisbon"},
    {"RO", "Europe/Bucharest"},
    {"SE", "Europe/Stockholm"},
    {"SG", "Asia/Singapore"},
    {"SI", "Europe/Ljubljana"},
    {"SK", "Europe/Bratislava"},
    {"TR", "Europe/Istanbul"},
    {"ZA", "Africa/Johannesburg"},
};

static int
tz_country_cmp(const void *key, const void *elem)
{
    const struct tz_country *c = elem;

    return strcmp(key, c->code);
}

const char *
tz_for_country(const char *country)
{
    const struct tz_country *c;

    if (country == NULL || country[0] == '\0' || country[1] == '\0' ||
        country[2] != '\0')
        return NULL;
    c = bsearch(country, tz_countries,
                sizeof(tz_countries) / sizeof(tz_countries[0]),
                sizeof(tz_countries[0]), tz_country_cmp);
    return c != NULL ? c->zone : NULL;
}
