/*
 * zonetab.h - tzdata's zone.tab: which time zones each country has.
 *
 * Pure: parses bytes the caller read (tz_zonetab_load in io/timezone.h
 * reads the machine's file); no I/O, no clock, no global state. Every
 * line is checked, so a damaged or hostile file is an error, never a
 * crash or a read outside the buffer. A parsed table is never changed by
 * its queries, so any number of threads may share one.
 *
 * Why zone.tab and not zone1970.tab, which tzdata recommends to new
 * programs: zone1970.tab gives a zone to every country whose clocks have
 * agreed with it since 1970, so Denmark gets Europe/Berlin and Australia
 * gets Asia/Tokyo (for a bird observatory in Antarctica); zone.tab gives
 * each country its own zones, named after its own places, and only
 * those. Which zones a country has, and what a message records, is what
 * we want. Debian's tzdata ships both files.
 */
#ifndef DUN_IO_ZONETAB_H
#define DUN_IO_ZONETAB_H

#include <stddef.h>

#include "core/err.h"
#include "io/timezone.h"

/* Bigger files, or more rows, are refused: zone.tab has some 20 KiB and
 * 450 rows. */
#define ZONETAB_MAX_SIZE (256 * 1024)
#define ZONETAB_MAX_ROWS 4096

struct zonetab_row {
    char country[3];            /* ISO 3166 alpha-2, upper case */
    char zone[TZ_NAME_MAX + 1]; /* "America/New_York" */
};

/* A parsed table: rows sorted by country and, within a country, in the
 * file's order (tzdata lists the most populous zone first). A country's
 * zone appears once however often the file repeats it. */
struct zonetab {
    struct zonetab_row *rows;
    size_t n;
};

#define ZONETAB_INIT {NULL, 0}

/*
 * Parse len bytes of zone.tab into *t. Lines are "#" comments, empty, or
 * tab-separated fields: a country code (two upper-case letters), the
 * coordinates (+-DDMM[SS]+-DDDMM[SS]), a zone name (at most TZ_NAME_MAX
 * bytes of [A-Za-z0-9_+-/], no empty path parts) and optional comments;
 * a line may end in CR LF. Returns 0 and fills *t (free it with
 * zonetab_release), or -1 with DUN_E_IO "NAME:LINE: reason" in err and *t
 * untouched: a malformed line, a NUL byte, more than ZONETAB_MAX_SIZE
 * bytes or ZONETAB_MAX_ROWS rows. name is used in messages only.
 */
int zonetab_parse(struct zonetab *t, const char *name, const void *buf,
                  size_t len, struct dun_err *err);

/* Free what zonetab_parse allocated and reset *t to ZONETAB_INIT; safe on
 * a table that was never parsed. */
void zonetab_release(struct zonetab *t);

/* How many zones country has (0 for a code the table does not list,
 * NULL included); the first is t->rows[*first], the others follow it.
 * *first is set only when the count is not 0. */
size_t zonetab_country(const struct zonetab *t, const char *country,
                       size_t *first);

#endif
