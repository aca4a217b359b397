/*
 * demo_slice.c - the rows of a CSV file dated within some days.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/demo_slice.h"
#include "core/date.h"
#include "core/money.h"
#include "core/sbuf.h"
#include "io/csv.h"

static int
column(const struct csv_reader *rd, const char *name)
{
    for (size_t i = 0; i < rd->nfields; i++)
        if (rd->fields[i].len == strlen(name) &&
            memcmp(rd->fields[i].p, name, rd->fields[i].len) == 0)
            return (int)i;
    return -1;
}

/* Write the current record again as CSV (quoting what needs it). */
static void
put_record(const struct csv_reader *rd, struct sbuf *line)
{
    sbuf_reset(line);
    for (size_t i = 0; i < rd->nfields; i++) {
        const struct csv_field *f = &rd->fields[i];
        int quote = memchr(f->p, ',', f->len) || memchr(f->p, '"', f->len) ||
                    memchr(f->p, '\n', f->len) || memchr(f->p, '\r', f->len);

        if (i)
            sbuf_addch(line, ',');
        if (quote)
            sbuf_addch(line, '"');
        for (size_t k = 0; k < f->len; k++) {
            if (f->p[k] == '"')
                sbuf_addch(line, '"');
            sbuf_addch(line, f->p[k]);
        }
        if (quote)
            sbuf_addch(line, '"');
    }
    sbuf_addch(line, '\n');
}

static void
add_sum(struct demo_sums *s, const struct csv_field *amt,
        const struct csv_field *cur)
{
    char code[4] = "";
    int64_t v;
    int e, i;

    if (cur->len != 3)
        return;
    memcpy(code, cur->p, 3);
    if ((e = currency_exponent(code, 3)) < 0 ||
        money_parse(amt->p, amt->len, e, &v, NULL) < 0)
        return;
    for (i = 0; i < s->n; i++)
        if (strcmp(s->currency[i], code) == 0)
            break;
    if (i == s->n) {
        if (s->n == 8)
            return;
        memcpy(s->currency[s->n++], code, 4);
        s->amount[i] = 0;
    }
    s->amount[i] += v;
}

int
demo_slice(const char *src, const char *dst, const char *date_col,
           int32_t from, int32_t to, const char *amount_col,
           const char *currency_col, struct demo_sums *sums, int64_t *rows,
           struct dun_err *err)
{
    struct csv_reader rd = CSV_READER_INIT;
    struct sbuf line = SBUF_INIT;
    FILE *out = NULL;
    int dcol, acol = -1, ccol = -1, rc = -1, next;
    char why[128];

    *rows = 0;
    if (csv_open(&rd, src, err) < 0)
        return -1;
    if (csv_next(&rd, err) != 1 ||
        (dcol = date_col ? column(&rd, date_col) : -2) == -1 ||
        (sums && ((acol = column(&rd, amount_col)) < 0 ||
                  (ccol = column(&rd, currency_col)) < 0))) {
        if (!err->msg[0])
            dun_err_set(err, DUN_E_INPUT, "%s: no column %s", src, date_col);
        goto out;
    }
    if ((out = fopen(dst, "w")) == NULL) {
        dun_err_set(err, DUN_E_IO, "%s: cannot write: %s", dst,
                    errstr(errno, why, sizeof(why)));
        goto out;
    }
    put_record(&rd, &line);
    fputs(line.buf, out);
    while ((next = csv_next(&rd, err)) == 1) {
        int32_t day;

        if (dcol >= 0 &&
            ((size_t)dcol >= rd.nfields ||
             date_parse(rd.fields[dcol].p, rd.fields[dcol].len, &day) < 0 ||
             day < from || day > to))
            continue;
        put_record(&rd, &line);
        fputs(line.buf, out);
        (*rows)++;
        if (sums && (size_t)acol < rd.nfields && (size_t)ccol < rd.nfields)
            add_sum(sums, &rd.fields[acol], &rd.fields[ccol]);
    }
    if (next < 0)
        goto out;
    rc = 0;
out:
    if (out && fclose(out) != 0 && rc == 0)
        rc = dun_err_set(err, DUN_E_IO, "%s: cannot write", dst);
    csv_close(&rd);
    sbuf_release(&line);
    return rc;
}
