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
#include "io/zonetab.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_MAGIC_LEN 4

static int
tz_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' ||
           c == '/';
}

/* The zoneinfo directory: the one glibc reads zones from, so that we
 * accept the names the rest of the machine does. */
static const char *
tz_dir(void)
{
    const char *dir = getenv("TZDIR");

    return dir != NULL && *dir != '\0' ? dir : TZ_DEFAULT_DIR;
}

/* Open file (a path under the zoneinfo directory) for reading: the file
 * descriptor of a regular file, its path in path and its size in *size,
 * or -1. O_NONBLOCK so that a FIFO planted in the directory cannot hang
 * us before fstat turns it away. */
static int
tz_open_file(const char *file, char *path, size_t pathsize, off_t *size)
{
    struct stat st;
    int n, fd;

    n = snprintf(path, pathsize, "%s/%s", tz_dir(), file);
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

/* Open the zone file of name for reading, after the name checks tz_valid
 * documents; as tz_open_file. */
static int
tz_open(const char *name, char *path, size_t pathsize, off_t *size)
{
    const char *p;
    size_t len;

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
    return tz_open_file(name, path, pathsize, size);
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

/* Read and parse the zone file of name into *z (free with tzif_release):
 * 0, or -1 with err as tz_local_to_utc documents for the zone. */
static int
tz_load(const char *name, struct tzif *z, struct dun_err *err)
{
    char path[4096];
    struct dun_err perr = DUN_ERR_INIT;
    unsigned char *buf = NULL;
    size_t len;
    int rc = 0;

    if (tz_read_zone(name, path, sizeof(path), &buf, &len, err) < 0)
        return -1;
    if (tzif_parse(z, buf, len, &perr) < 0)
        rc = dun_err_set(err, DUN_E_IO, "%s: %s", path, perr.msg);
    free(buf);
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

int
tz_offset_at(const char *name, int64_t utc, int32_t *off,
             struct dun_err *err)
{
    struct tzif z = TZIF_INIT;

    if (tz_load(name, &z, err) < 0)
        return -1;
    *off = tzif_offset_at(&z, utc);
    tzif_release(&z);
    return 0;
}

int
tz_zonetab_load(struct zonetab *t, struct dun_err *err)
{
    char path[4096], why[128];
    unsigned char *buf;
    off_t size;
    ssize_t got;
    int fd, rc;

    errno = 0;
    fd = tz_open_file("zone.tab", path, sizeof(path), &size);
    if (fd < 0) {
        int e = errno;

        /* tz_open_file fails without errno on a path too long or a file
         * that is not a regular one. */
        return dun_err_set(err, DUN_E_IO, "%s/zone.tab: cannot open: %s",
                           tz_dir(), e ? errstr(e, why, sizeof(why))
                                       : "not a regular file");
    }
    /* A byte more than the limit lets zonetab_parse see a file too big. */
    buf = xmalloc(ZONETAB_MAX_SIZE + 1);
    got = tz_read(fd, buf, ZONETAB_MAX_SIZE + 1);
    if (got < 0)
        rc = dun_err_set(err, DUN_E_IO, "%s: cannot read: %s", path,
                         errstr(errno, why, sizeof(why)));
    else
        rc = zonetab_parse(t, path, buf, (size_t)got, err);
    free(buf);
    close(fd);
    return rc;
}

/* Zones of one region, its main zone first (the one its largest city
 * keeps), NULL-terminated. */
struct tz_region {
    const char code[8]; /* "US-TX" */
    const char *zones[TZ_REGION_MAX_ZONES];
};

/*
 * Sorted by code for bsearch. A region maps to one zone only where tzdata
 * puts all of it in that zone; the others list every zone tzdata's
 * comments give any part of them (zone.tab's own, plus northamerica's and
 * australasia's for zones "most areas" covers), so that the hours allowed
 * in all of them are allowed wherever in the region the customer is:
 *   US: AZ's Navajo Nation keeps DST (America/Denver); FL's panhandle, KY's
 *   and TN's west are Central; ID's north and most of OR are Pacific,
 *   southern ID and OR's Malheur county Mountain (America/Boise); IN has
 *   eight zones of its own plus Chicago (NW and SW counties), New_York
 *   (Dearborn, Ohio) and Kentucky/Louisville (Clark, Floyd, Harrison); MI's
 *   Wisconsin border is Central (America/Menominee); KS, NE, ND, SD, TX
 *   have Mountain corners; NV's border towns (West Wendover, Jackpot) keep
 *   Mountain time.
 *   CA: QC's Magdalen Islands and Listuguj keep Atlantic time (Halifax),
 *   its Lower North Shore AST all year (Blanc-Sablon); SK's Lloydminster
 *   is as Edmonton, Creighton and Denare Beach as Winnipeg; ON's west is
 *   Central, Atikokan EST all year.
 *   AU: NSW includes Broken Hill (Central time) and Lord Howe Island; TAS
 *   Macquarie Island; WA's Eucla keeps +08:45.
 * US outlying areas have codes of their own in ISO 3166-1 too; a US
 * address naming one still gets its zone.
 */
static const struct tz_region tz_regions[] = {
    {"AU-ACT", {"Australia/Sydney"}},
    {"AU-NSW", {"Australia/Sydney", "Australia/Broken_Hill",
                "Australia/Lord_Howe"}},
    {"AU-NT", {"Australia/Darwin"}},
    {"AU-QLD", {"Australia/Brisbane", "Australia/Lindeman"}},
    {"AU-SA", {"Australia/Adelaide"}},
    {"AU-TAS", {"Australia/Hobart", "Antarctica/Macquarie"}},
    {"AU-VIC", {"Australia/Melbourne"}},
    {"AU-WA", {"Australia/Perth", "Australia/Eucla"}},
    {"CA-AB", {"America/Edmonton"}},
    {"CA-BC", {"America/Vancouver", "America/Edmonton", "America/Creston",
               "America/Dawson_Creek", "America/Fort_Nelson"}},
    {"CA-MB", {"America/Winnipeg"}},
    {"CA-NB", {"America/Moncton"}},
    {"CA-NL", {"America/St_Johns", "America/Goose_Bay"}},
    {"CA-NS", {"America/Halifax", "America/Glace_Bay"}},
    {"CA-NT", {"America/Edmonton", "America/Inuvik"}},
    {"CA-NU", {"America/Iqaluit", "America/Rankin_Inlet",
               "America/Cambridge_Bay", "America/Resolute",
               "America/Atikokan"}},
    {"CA-ON", {"America/Toronto", "America/Winnipeg", "America/Atikokan"}},
    {"CA-PE", {"America/Halifax"}},
    {"CA-QC", {"America/Toronto", "America/Halifax", "America/Blanc-Sablon"}},
    {"CA-SK", {"America/Regina", "America/Swift_Current", "America/Edmonton",
               "America/Winnipeg"}},
    {"CA-YT", {"America/Whitehorse", "America/Dawson"}},
    {"US-AK", {"America/Anchorage", "America/Juneau", "America/Sitka",
               "America/Metlakatla", "America/Yakutat", "America/Nome",
               "America/Adak"}},
    {"US-AL", {"America/Chicago"}},
    {"US-AR", {"America/Chicago"}},
    {"US-AS", {"Pacific/Pago_Pago"}},
    {"US-AZ", {"America/Phoenix", "America/Denver"}},
    {"US-CA", {"America/Los_Angeles"}},
    {"US-CO", {"America/Denver"}},
    {"US-CT", {"America/New_York"}},
    {"US-DC", {"America/New_York"}},
    {"US-DE", {"America/New_York"}},
    {"US-FL", {"America/New_York", "America/Chicago"}},
    {"US-GA", {"America/New_York"}},
    {"US-GU", {"Pacific/Guam"}},
    {"US-HI", {"Pacific/Honolulu"}},
    {"US-IA", {"America/Chicago"}},
    {"US-ID", {"America/Boise", "America/Los_Angeles"}},
    {"US-IL", {"America/Chicago"}},
    {"US-IN", {"America/Indiana/Indianapolis", "America/Indiana/Vincennes",
               "America/Indiana/Winamac", "America/Indiana/Marengo",
               "America/Indiana/Petersburg", "America/Indiana/Vevay",
               "America/Indiana/Tell_City", "America/Indiana/Knox",
               "America/Chicago", "America/New_York",
               "America/Kentucky/Louisville"}},
    {"US-KS", {"America/Chicago", "America/Denver"}},
    {"US-KY", {"America/New_York", "America/Kentucky/Louisville",
               "America/Kentucky/Monticello", "America/Chicago"}},
    {"US-LA", {"America/Chicago"}},
    {"US-MA", {"America/New_York"}},
    {"US-MD", {"America/New_York"}},
    {"US-ME", {"America/New_York"}},
    {"US-MI", {"America/Detroit", "America/Menominee"}},
    {"US-MN", {"America/Chicago"}},
    {"US-MO", {"America/Chicago"}},
    {"US-MP", {"Pacific/Saipan"}},
    {"US-MS", {"America/Chicago"}},
    {"US-MT", {"America/Denver"}},
    {"US-NC", {"America/New_York"}},
    {"US-ND", {"America/Chicago", "America/North_Dakota/Center",
               "America/North_Dakota/New_Salem",
               "America/North_Dakota/Beulah", "America/Denver"}},
    {"US-NE", {"America/Chicago", "America/Denver"}},
    {"US-NH", {"America/New_York"}},
    {"US-NJ", {"America/New_York"}},
    {"US-NM", {"America/Denver"}},
    {"US-NV", {"America/Los_Angeles", "America/Denver"}},
    {"US-NY", {"America/New_York"}},
    {"US-OH", {"America/New_York"}},
    {"US-OK", {"America/Chicago"}},
    {"US-OR", {"America/Los_Angeles", "America/Boise"}},
    {"US-PA", {"America/New_York"}},
    {"US-PR", {"America/Puerto_Rico"}},
    {"US-RI", {"America/New_York"}},
    {"US-SC", {"America/New_York"}},
    {"US-SD", {"America/Chicago", "America/Denver"}},
    {"US-TN", {"America/Chicago", "America/New_York"}},
    {"US-TX", {"America/Chicago", "America/Denver"}},
    {"US-UM", {"Pacific/Midway", "Pacific/Wake"}},
    {"US-UT", {"America/Denver"}},
    {"US-VA", {"America/New_York"}},
    {"US-VI", {"America/St_Thomas"}},
    {"US-VT", {"America/New_York"}},
    {"US-WA", {"America/Los_Angeles"}},
    {"US-WI", {"America/Chicago"}},
    {"US-WV", {"America/New_York"}},
    {"US-WY", {"America/Denver"}},
};

static int
tz_region_cmp(const void *key, const void *elem)
{
    const struct tz_region *r = elem;

    return strcmp(key, r->code);
}

size_t
tz_region_zones(const char *country, const char *region,
                const char *const **zones)
{
    char code[sizeof(tz_regions[0].code)];
    const struct tz_region *r;
    size_t n = 0;
    int len;

    if (country == NULL || region == NULL || region[0] == '\0')
        return 0;
    len = snprintf(code, sizeof(code), "%s-%s", country, region);
    if (len < 0 || (size_t)len >= sizeof(code))
        return 0;
    r = bsearch(code, tz_regions, sizeof(tz_regions) / sizeof(tz_regions[0]),
                sizeof(tz_regions[0]), tz_region_cmp);
    if (r == NULL)
        return 0;
    while (n < TZ_REGION_MAX_ZONES && r->zones[n] != NULL)
        n++;
    *zones = r->zones;
    return n;
}
