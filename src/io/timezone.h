/*
 * timezone.h - IANA time zones: check a name, turn a local day and time
 * into a UTC instant and an instant into an offset, tell which zones a
 * country (zone.tab) or one of its states or provinces has.
 *
 * Reads the zoneinfo files of the machine itself (TZif, parsed by
 * io/tzif.c, and zone.tab, by io/zonetab.c); never reads the clock: the
 * day or instant is always a parameter.
 *
 * Thread-safe: nothing is shared between calls (no cache, no static
 * state), and nothing process-wide is changed: no TZ, tzset, localtime or
 * mktime. The one shared thing read is the environment ($TZDIR, with
 * getenv), which, as for any getenv, no thread may change meanwhile.
 */
#ifndef DUN_IO_TIMEZONE_H
#define DUN_IO_TIMEZONE_H

#include <stdint.h>

#include "core/err.h"

#define TZ_NAME_MAX 64

/* Is name an IANA time zone this machine knows ("Europe/Berlin", "UTC")?
 * Only [A-Za-z0-9_+-/] characters, no leading '/', no "." or ".." path
 * parts, at most TZ_NAME_MAX bytes, and a file under the zoneinfo
 * directory ($TZDIR, else /usr/share/zoneinfo) that starts with the TZif
 * magic. The characters are letters, digits, '_', '+', '-' and '/' (no
 * '.', which no zone name uses); empty path parts ("Europe//Berlin",
 * "Europe/") are refused too, and so is NULL. 1 if valid, else 0. */
int tz_valid(const char *name);

/* The UTC instant (seconds since 1970-01-01T00:00Z) of civil day `day`
 * (days since 1970-01-01, as src/core/date.h counts them: see date.h for the
 * day-number convention and the functions to split a day into y/m/d) at
 * `minute` minutes after local midnight (0..1440; 1440 = next midnight)
 * in zone name. A local time that does not exist (skipped by a DST
 * change) is taken as the same wall-clock time after the change (read
 * with the offset in force before it: 02:30 on a day that jumps from 02:00
 * to 03:00 gives the instant of 03:30); an ambiguous one as its first
 * occurrence, whatever made it (a DST change or a change of standard
 * offset). Before a zone's first transition its first time type holds
 * (usually local mean time); after its last, the POSIX TZ rule at the end
 * of the file. Returns 0 and sets *utc, or -1 with err:
 *   DUN_E_INPUT "unknown time zone NAME" if !tz_valid(name);
 *   DUN_E_INPUT if minute is outside 0..1440 or day outside the years
 *   1..9999 of date.h;
 *   DUN_E_IO "PATH: REASON" if the zone file cannot be read or is not a
 *   valid TZif file (see tzif_parse: bigger than TZIF_MAX_SIZE,
 *   truncated, bad counts or indexes, a bad footer ...).
 *
 * Thread-safe (see above). Each call reads and parses the zone file
 * (a few KiB, some microseconds), so callers converting many instants
 * may cache the result per (zone, day). */
int tz_local_to_utc(const char *name, int32_t day, int minute, int64_t *utc,
                    struct dun_err *err);

/* The UT offset (seconds east of Greenwich) in force in zone name at
 * instant utc (seconds since 1970, UTC): 0 and *off, or -1 with err as
 * for tz_local_to_utc. Thread-safe; reads the zone file each call. */
int tz_offset_at(const char *name, int64_t utc, int32_t *off,
                 struct dun_err *err);

/* At most this many zones for one region (US-IN has 11). */
#define TZ_REGION_MAX_ZONES 12

/*
 * The zones of a region: a state, province or territory of the US, Canada
 * or Australia, named as the part after the dash of its ISO 3166-2 code
 * (country "US", region "TX"; "CA" "QC"; "AU" "NSW"; upper case only).
 * Returns how many (1 where the region alone decides the zone: US-CA is
 * America/Los_Angeles; more where tzdata splits it: US-TX is
 * America/Chicago and America/Denver) and points *zones at them, the
 * region's main zone first; 0, *zones untouched, for a region or country
 * the table does not have (then the country's zones apply). The zones
 * come from tzdata's comments (zone.tab, northamerica, australasia), so
 * that every place of the region keeps one of them. Static data;
 * thread-safe.
 */
size_t tz_region_zones(const char *country, const char *region,
                       const char *const **zones);

struct zonetab;

/* Read and parse the machine's zone.tab (io/zonetab.h) from the zoneinfo
 * directory ($TZDIR, else /usr/share/zoneinfo) into *t: 0, or -1 with
 * err (DUN_E_IO "PATH: reason", or "PATH:LINE: reason" from
 * zonetab_parse) and *t untouched. Free *t with zonetab_release. */
int tz_zonetab_load(struct zonetab *t, struct dun_err *err);

#endif
