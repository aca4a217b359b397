/*
 * fuzz_zonetab.c - libFuzzer target for the zone.tab parser.
 *
 * A refusal must be DUN_E_IO with the table untouched. A parsed table
 * must hold what its users rely on: rows sorted by country, each a
 * two-letter upper-case code and a zone name of at most TZ_NAME_MAX
 * bytes without ':' or spaces (send_clock_zone tells sets from zones by
 * the ':'), no zone twice for a country; and zonetab_country must find
 * every country's rows, all of them and only them.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/zonetab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_row(const struct zonetab_row *r)
{
    size_t len = strlen(r->zone);

    if (strlen(r->country) != 2 || r->country[0] < 'A' || r->country[0] > 'Z' ||
        r->country[1] < 'A' || r->country[1] > 'Z')
        abort();
    if (len == 0 || len > TZ_NAME_MAX || strpbrk(r->zone, ": \t\n\r."))
        abort();
}

static void
check_table(const struct zonetab *t)
{
    if (t->n > ZONETAB_MAX_ROWS || (t->n > 0 && t->rows == NULL))
        abort();
    for (size_t i = 0; i < t->n; i++) {
        size_t first = (size_t)-1, n;

        check_row(&t->rows[i]);
        if (i > 0 && strcmp(t->rows[i - 1].country, t->rows[i].country) > 0)
            abort();
        for (size_t j = i;
             j-- > 0 && !strcmp(t->rows[j].country, t->rows[i].country);)
            if (!strcmp(t->rows[j].zone, t->rows[i].zone))
                abort();
        n = zonetab_country(t, t->rows[i].country, &first);
        if (n == 0 || first > i || i >= first + n || first + n > t->n)
            abort();
        if (first > 0 &&
            !strcmp(t->rows[first - 1].country, t->rows[i].country))
            abort();
        if (first + n < t->n &&
            !strcmp(t->rows[first + n].country, t->rows[i].country))
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dun_err err = DUN_ERR_INIT;
    struct zonetab t = ZONETAB_INIT;

    if (zonetab_parse(&t, "zone.tab", data, size, &err) < 0) {
        if (err.code != DUN_E_IO || t.rows != NULL || t.n != 0)
            abort();
        return 0;
    }
    check_table(&t);
    zonetab_release(&t);
    if (t.rows != NULL || t.n != 0)
        abort();
    return 0;
}
