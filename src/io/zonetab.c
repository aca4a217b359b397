/*
 * zonetab.c - tzdata's zone.tab parsed from a buffer; see zonetab.h.
 *
 * Pure: no I/O, no clock, no global state.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "core/xalloc.h"
#include "io/zonetab.h"

/* A row while parsing: its line, so that sorting by country keeps the
 * file's order within one. */
struct parsed {
    struct zonetab_row row;
    size_t line;
};

static int
upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int
digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A sign and 2 + w or 4 + w digits (degrees, minutes, seconds): the
 * length of the part, or 0. */
static size_t
coord_part(const char *s, size_t len, size_t w)
{
    size_t n = 0;

    if (len == 0 || (s[0] != '+' && s[0] != '-'))
        return 0;
    while (1 + n < len && digit(s[1 + n]))
        n++;
    return n == 2 + w || n == 4 + w ? 1 + n : 0;
}

static int
coords_ok(const char *s, size_t len)
{
    size_t lat = coord_part(s, len, 2);

    return lat != 0 && coord_part(s + lat, len - lat, 3) == len - lat;
}

/* The names tz_valid accepts, by their spelling alone. */
static int
zone_ok(const char *s, size_t len)
{
    if (len == 0 || len > TZ_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (!upper(c) && !(c >= 'a' && c <= 'z') && !digit(c) && c != '_' &&
            c != '+' && c != '-' && c != '/')
            return 0;
        if (c == '/' && (i == 0 || i + 1 == len || s[i + 1] == '/'))
            return 0;
    }
    return 1;
}

static int
cmp_parsed(const void *pa, const void *pb)
{
    const struct parsed *a = pa, *b = pb;
    int c = strcmp(a->row.country, b->row.country);

    if (c != 0)
        return c;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Fields of one line (no line end) into *p: 0, or -1 with err. */
static int
parse_line(const char *s, size_t len, const char *name, size_t line,
           struct parsed *p, struct dun_err *err)
{
    const char *f[3];
    size_t flen[3], nf = 0, start = 0;

    /* The three fields we need; the fourth, comments, is anything. */
    for (size_t i = 0; i <= len && nf < 3; i++)
        if (i == len || s[i] == '\t') {
            f[nf] = s + start;
            flen[nf++] = i - start;
            start = i + 1;
        }
    if (nf < 3)
        return dun_err_set(err, DUN_E_IO, "%s:%zu: fewer than 3 fields", name,
                           line);
    if (flen[0] != 2 || !upper(f[0][0]) || !upper(f[0][1]))
        return dun_err_set(err, DUN_E_IO,
                           "%s:%zu: country: not two upper-case letters", name,
                           line);
    if (!coords_ok(f[1], flen[1]))
        return dun_err_set(err, DUN_E_IO,
                           "%s:%zu: coordinates: not +-DDMM[SS]+-DDDMM[SS]",
                           name, line);
    if (!zone_ok(f[2], flen[2]))
        return dun_err_set(err, DUN_E_IO, "%s:%zu: zone: not a time zone name",
                           name, line);
    memcpy(p->row.country, f[0], 2);
    p->row.country[2] = '\0';
    memcpy(p->row.zone, f[2], flen[2]);
    p->row.zone[flen[2]] = '\0';
    p->line = line;
    return 0;
}

/* Was row's zone already given to its country (rows sorted)? */
static int
repeated(const struct zonetab_row *rows, size_t n,
         const struct zonetab_row *row)
{
    for (size_t i = n; i-- > 0 && !strcmp(rows[i].country, row->country);)
        if (!strcmp(rows[i].zone, row->zone))
            return 1;
    return 0;
}

int
zonetab_parse(struct zonetab *t, const char *name, const void *buf, size_t len,
              struct dun_err *err)
{
    const char *s = buf;
    struct parsed *v = NULL;
    struct zonetab_row *rows;
    size_t n = 0, cap = 0, line = 0, nrows = 0;

    if (len > ZONETAB_MAX_SIZE)
        return dun_err_set(err, DUN_E_IO, "%s: larger than %d bytes", name,
                           ZONETAB_MAX_SIZE);
    if (len > 0 && memchr(s, '\0', len) != NULL)
        return dun_err_set(err, DUN_E_IO, "%s: not a text file (NUL byte)",
                           name);
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len, n_line = end - pos;

        line++;
        if (n_line > 0 && s[pos + n_line - 1] == '\r')
            n_line--;
        if (n_line > 0 && s[pos] != '#') {
            if (n == ZONETAB_MAX_ROWS) {
                dun_err_set(err, DUN_E_IO, "%s:%zu: more than %d zones", name,
                            line, ZONETAB_MAX_ROWS);
                goto fail;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 512;
                v = xreallocarray(v, cap, sizeof(*v));
            }
            if (parse_line(s + pos, n_line, name, line, &v[n], err) < 0)
                goto fail;
            n++;
        }
        pos = end + 1;
    }
    sort_array(v, n, sizeof(*v), cmp_parsed);
    rows = xreallocarray(NULL, n ? n : 1, sizeof(*rows));
    for (size_t i = 0; i < n; i++)
        if (!repeated(rows, nrows, &v[i].row))
            rows[nrows++] = v[i].row;
    free(v);
    t->rows = rows;
    t->n = nrows;
    return 0;
fail:
    free(v);
    return -1;
}

void
zonetab_release(struct zonetab *t)
{
    free(t->rows);
    t->rows = NULL;
    t->n = 0;
}

size_t
zonetab_country(const struct zonetab *t, const char *country, size_t *first)
{
    size_t lo = 0, hi = t->n, end;

    if (country == NULL)
        return 0;
    /* The first row not before country. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(t->rows[mid].country, country) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (end = lo; end < t->n && !strcmp(t->rows[end].country, country);)
        end++;
    if (end > lo)
        *first = lo;
    return end - lo;
}
