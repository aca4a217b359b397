/*
 * tzif.h - time zone files (TZif, RFC 8536 and RFC 9636, versions 1 to
 * 4) parsed from a byte buffer, and local time turned into UTC with them.
 *
 * Pure: no I/O, no clock, no environment, no global state; the caller
 * reads the file (io/timezone.c does). Every count, index and length is
 * checked against the buffer, so a damaged or hostile file is an error,
 * never a crash or a read outside it. A parsed zone is never changed by
 * the functions that query it, so any number of threads may share one.
 *
 * Instants are POSIX seconds since 1970-01-01T00:00Z; "local" times are
 * the same count read on the zone's wall clock (local = utc + offset).
 */
#ifndef DUN_IO_TZIF_H
#define DUN_IO_TZIF_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Bigger buffers are refused: real zone files are a few KiB. */
#define TZIF_MAX_SIZE (256 * 1024)

/* UT offsets (seconds east of Greenwich) a zone may use: RFC 9636's
 * "more than -25 hours and less than 26 hours", which covers the POSIX
 * range [-24:59:59, 25:59:59]. Files with others are refused. */
#define TZIF_OFFSET_MIN (-89999)
#define TZIF_OFFSET_MAX 93599

/* One end of daylight saving time in a POSIX TZ rule: a day of the year
 * and a time of day on the wall clock in force before the change. */
struct tzif_when {
    char kind; /* 'J': Jn (1..365, Feb 29 not counted); 'D': n (0..365);
                  'M': Mm.w.d (month 1..12, week 1..5, 5 = last,
                  weekday 0..6, 0 = Sunday) */
    int n, m, w, d;
    int32_t time; /* seconds after local midnight, -167h..167h */
};

/* A POSIX TZ string as the footer of a TZif file holds it:
 * "CET-1CEST,M3.5.0,M10.5.0/3", "<+0530>-5:30", "EST5EDT,0/0,J365/25".
 * Names are checked and dropped; only the rule is kept. */
struct tzif_rule {
    int32_t std_off; /* UT offsets, seconds east (the string's sign is */
    int32_t dst_off; /* the opposite: "CET-1" is one hour east) */
    int has_dst;     /* 0: std_off all year, start/end unused */
    struct tzif_when start, end;
};

struct tzif_type {
    int32_t utoff; /* TZIF_OFFSET_MIN..TZIF_OFFSET_MAX */
    int isdst;
};

/* A parsed zone; fill with tzif_parse, free with tzif_release. */
struct tzif {
    int version;               /* 1..4 */
    size_t ntrans;             /* transitions */
    int64_t *trans;            /* strictly ascending POSIX instants */
    unsigned char *trans_type; /* per transition, an index into types */
    size_t ntypes;             /* >= 1 */
    struct tzif_type *types;   /* types[0] is in force before trans[0] */
    int has_rule;              /* footer TZ string present and not empty */
    struct tzif_rule rule;     /* in force from the last transition on */
};

#define TZIF_INIT {0}

/*
 * Parse len bytes of a TZif file into *z: the 64-bit data block of a
 * version 2+ file and its footer, else the version 1 block. Leap-second
 * records are applied, so that a right/ zone's transitions come out as
 * POSIX instants too. Returns 0 and fills *z (free it with
 * tzif_release), or -1 with DUN_E_IO in err and *z untouched if the bytes
 * are not a valid TZif file: bad magic or version, more than
 * TZIF_MAX_SIZE bytes, counts the bytes do not hold, indexes out of
 * range, transitions out of order, offsets outside
 * TZIF_OFFSET_MIN..TZIF_OFFSET_MAX, a footer without its newlines or with
 * a TZ string tzif_rule_parse refuses.
 */
int tzif_parse(struct tzif *z, const void *buf, size_t len,
               struct dun_err *err);

/* Free what tzif_parse allocated and reset *z to TZIF_INIT; safe on a
 * zone that was never parsed. */
void tzif_release(struct tzif *z);

/*
 * Parse the POSIX TZ string s[0..len) as RFC 9636 section 3.3 allows it
 * in a footer: std name and offset, then optionally a dst name, an
 * optional dst offset (default one hour east of std) and a rule, which is
 * required with a dst name. Names are 3 or more letters, or 3 or more of
 * [A-Za-z0-9+-] quoted in <>; offsets [+-]hh[:mm[:ss]] with hh 0..24;
 * rule times likewise but with hh 0..167 and a sign allowed (the version
 * 3 extension). Returns 0 and sets *r, or -1 with DUN_E_IO in err.
 */
int tzif_rule_parse(struct tzif_rule *r, const char *s, size_t len,
                    struct dun_err *err);

/* The UT offset in force at instant t in zone z. */
int32_t tzif_offset_at(const struct tzif *z, int64_t t);

/*
 * The instant at which zone z's wall clock reads local. When local occurs
 * twice (clocks set back) the first; when it does not occur (clocks set
 * forward over it) local read with the offset in force before the jump,
 * which is the same wall clock time after it (02:30 on a day that jumps
 * from 02:00 to 03:00 gives the instant of 03:30). Always within
 * TZIF_OFFSET_MAX seconds of local. Meant for local times of years 1 to
 * 10000; beyond about +-2 million years the footer rule is read as at
 * that limit.
 */
int64_t tzif_local_to_utc(const struct tzif *z, int64_t local);

#endif
