/*
 * aging.c - aging buckets and countback DSO. Pure: no I/O, no clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aging.h"
#include "core/model.h"
#include "core/money.h"

int
aging_buckets_parse(const char *s, struct aging_buckets *b)
{
    struct aging_buckets out = {0};
    const char *p = s;
    int32_t prev = 0;

    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);

        if (end == p || v <= prev || v > 3650 ||
            out.n + 2 >= AGING_MAX_BUCKETS)
            return -1;
        out.upper[out.n++] = (int32_t)v;
        prev = (int32_t)v;
        if (*end == ',' && end[1] != '\0')
            end++;
        else if (*end != '\0')
            return -1;
        p = end;
    }
    if (out.n == 0)
        return -1;
    /* Shift: bucket 0 (current) has upper bound 0. */
    memmove(out.upper + 1, out.upper, out.n * sizeof(out.upper[0]));
    out.upper[0] = 0;
    out.n += 2; /* current ... open-ended */
    snprintf(out.label[0], sizeof(out.label[0]), "current");
    for (size_t k = 1; k + 1 < out.n; k++)
        snprintf(out.label[k], sizeof(out.label[k]), "%d-%d",
                 (int)out.upper[k - 1] + 1, (int)out.upper[k]);
    snprintf(out.label[out.n - 1], sizeof(out.label[0]), "%d+",
             (int)out.upper[out.n - 2] + 1);
    *b = out;
    return 0;
}

size_t
aging_bucket_of(const struct aging_buckets *b, int32_t days_past_due)
{
    for (size_t k = 0; k + 1 < b->n; k++)
        if (days_past_due <= b->upper[k])
            return k;
    return b->n - 1;
}

void
dso_countback_init(struct dso_countback *d, int64_t receivable, int32_t as_of)
{
    d->remaining = receivable;
    d->next_day = as_of;
    d->tenths = 0;
    d->done = receivable <= 0;
}

void
dso_countback_feed(struct dso_countback *d, int32_t day, int64_t sales)
{
    if (d->done || day > d->next_day)
        return;
    /* Days between had no sales: each counts whole. */
    d->tenths += (int64_t)(d->next_day - day) * 10;
    d->next_day = day - 1;
    if (sales <= 0) {
        d->tenths += 10;
        d->remaining -= sales; /* a day of net credit notes adds to it */
        return;
    }
    if (sales >= d->remaining) {
        /* The last day counts by the share of it the receivable needs,
         * in tenths, rounded as money_scale rounds. */
        int64_t part = 10;

        money_scale(d->remaining, 10, sales, &part);
        d->tenths += part;
        d->remaining = 0;
        d->done = 1;
        return;
    }
    d->remaining -= sales;
    d->tenths += 10;
}

int64_t
dso_countback_tenths(const struct dso_countback *d)
{
    return d->done ? d->tenths : -1;
}

int
open_item_cmp(const void *pa, const void *pb)
{
    const struct open_item *a = pa, *b = pb;
    int c = strcmp(a->currency, b->currency);

    if (c)
        return c;
    if (a->due_date != b->due_date)
        return a->due_date < b->due_date ? -1 : 1;
    return strcmp(a->invoice_number, b->invoice_number);
}
