/*
 * timezone.c - IANA time zones read from the machine's zoneinfo files.
 *
 * Reads zoneinfo files (parsed by io/tzif.c); never reads the clock and
 * never touches the process's time zone state: each call reads its zone
 * file afresh into its own memory, so calls share nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "io/timezone.h"
#include "io/tzif.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_MAGIC_LEN 4

static int
tz_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' ||
           c == '/';
}

/* Open the zone file of name for reading, after the name checks tz_valid
 * documents: the file descriptor of a regular file, its path in path and
 * its size in *size, or -1. O_NONBLOCK so that a FIFO planted in the
 * directory cannot hang us before fstat turns it away. */
static int
tz_open(const char *name, char *path, size_t pathsize, off_t *size)
{
    const char *dir, *p;
    struct stat st;
    size_t len;
    int n, fd;

    if (name == NULL)
        return -1;
    len = strlen(name);
    if (len == 0 || len > TZ_NAME_MAX)
        return -1;
    /* With '.' not allowed at all, "." and ".." parts cannot occur; what
     * is left of path tricks is a leading '/' (an absolute path) and empty
     * parts. */
    for (p = name; *p != '\0'; p++) {
        if (!tz_name_char(*p))
            return -1;
        if (*p == '/' && (p == name || p[1] == '/' || p[1] == '\0'))
            return -1;
    }
    /* The directory glibc reads zones from, so that we accept the names
     * the rest of the machine does. */
    dir = getenv("TZDIR");
    if (dir == NULL || *dir == '\0')
        dir = TZ_DEFAULT_DIR;
    n = snprintf(path, pathsize, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= pathsize)
        return -1;
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    *size = st.st_size;
    return fd;
}

/* Read up to cap bytes of fd into buf; the count, or -1 with errno. */
static ssize_t
tz_read(int fd, unsigned char *buf, size_t cap)
{
    size_t got = 0;

    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

int
tz_valid(const char *name)
{
    char path[4096];
    unsigned char magic[TZ_MAGIC_LEN];
    off_t size;
    int fd = tz_open(name, path, sizeof(path), &size);
    int ok;

    if (fd < 0)
        return 0;
    ok = tz_read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
         memcmp(magic, "TZif", sizeof(magic)) == 0;
    close(fd);
    return ok;
}

/* Read the zone file of name into *buf (caller frees) and *len, or fail
 * with DUN_E_INPUT "unknown time zone NAME" where tz_valid(name) would be
 * 0, DUN_E_IO if reading fails. Checking and reading use one open, so
 * that the file checked is the file read. At most TZIF_MAX_SIZE + 1
 * bytes are read: enough for tzif_parse to see a file is too big. */
static int
tz_read_zone(const char *name, char *path, size_t pathsize, unsigned char **buf,
             size_t *len, struct dun_err *err)
{
    char why[128];
    unsigned char *p = NULL;
    off_t size;
    size_t cap;
    ssize_t got;
    int fd = tz_open(name, path, pathsize, &size);
    int rc = -1;

    if (fd < 0)
        goto unknown;
    /* A byte more than fstat saw shows a file that grew meanwhile. */
    cap = size > TZIF_MAX_SIZE ? TZIF_MAX_SIZE + 1 : (size_t)size + 1;
    p = xmalloc(cap);
    got = tz_read(fd, p, cap);
    if (got < 0) {
        dun_err_set(err, DUN_E_IO, "%s: cannot read: %s", path,
                    errstr(errno, why, sizeof(why)));
        goto out;
    }
    if (got < TZ_MAGIC_LEN || memcmp(p, "TZif", TZ_MAGIC_LEN) != 0)
        goto unknown;
    *buf = p;
    *len = (size_t)got;
    p = NULL;
    rc = 0;
    goto out;
unknown:
    dun_err_set(err, DUN_E_INPUT, "unknown time zone %s",
                name != NULL ? name : "");
out:
    free(p);
    if (fd >= 0)
        close(fd);
    return rc;
}

int
tz_local_to_utc(const char *name, int32_t day, int minute, int64_t *utc,
                struct dun_err *err)
{
    char path[4096];
    struct dun_err perr = DUN_ERR_INIT;
    struct tzif z = TZIF_INIT;
    unsigned char *buf = NULL;
    size_t len;
    int y, m, d, rc = -1;

    if (tz_read_zone(name, path, sizeof(path), &buf, &len, err) < 0)
        return -1;
    if (minute < 0 || minute > 1440) {
        dun_err_set(err, DUN_E_INPUT, "minute %d out of range 0..1440", minute);
        goto out;
    }
    date_to_ymd(day, &y, &m, &d);
    if (!date_valid_ymd(y, m, d)) {
        dun_err_set(err, DUN_E_INPUT, "day %ld out of range", (long)day);
        goto out;
    }
    if (tzif_parse(&z, buf, len, &perr) < 0) {
        dun_err_set(err, DUN_E_IO, "%s: %s", path, perr.msg);
        goto out;
    }
    /* Minute 1440 is simply the next midnight: a local time is a count
     * of seconds, with no day to carry. */
    *utc = tzif_local_to_utc(&z, (int64_t)day * 86400 + minute * 60);
    tzif_release(&z);
    rc = 0;
out:
    free(buf);
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
