/*
 * aging.h - receivables aging buckets and countback DSO.
 *
 * Pure: no I/O, no clock.
 */
#ifndef DUN_CORE_AGING_H
#define DUN_CORE_AGING_H

#include <stddef.h>
#include <stdint.h>

#define AGING_MAX_BUCKETS 8 /* including "current" and the open-ended one */

/* Bucket k (1 <= k < n - 1) holds items upper[k-1]+1 .. upper[k] days past
 * due; bucket 0 is "current" (not yet past due), bucket n-1 is "more than
 * upper[n-2]". The default is 30,60,90: current, 1-30, 31-60, 61-90, 91+. */
struct aging_buckets {
    size_t n;
    int32_t upper[AGING_MAX_BUCKETS];
    char label[AGING_MAX_BUCKETS][16];
};

/* Parse "30,60,90" (increasing positive day counts). */
int aging_buckets_parse(const char *s, struct aging_buckets *b);
/* Index of the bucket of an item days_past_due (<= 0 is current). */
size_t aging_bucket_of(const struct aging_buckets *b, int32_t days_past_due);

/*
 * Countback DSO: walk back from the as-of day, consuming each day's sales
 * until the receivable is used up; DSO is the number of days walked (the
 * last one counted by the fraction it took). Feed days newest first.
 */
struct dso_countback {
    int64_t remaining; /* receivable not yet matched by sales */
    int32_t next_day;  /* the next day to account for */
    int64_t tenths;    /* days so far, in tenths */
    int done;
};

void dso_countback_init(struct dso_countback *d, int64_t receivable,
                        int32_t as_of);
/* Account for sales on day (<= the previous day fed); days skipped had no
 * sales and count whole. */
void dso_countback_feed(struct dso_countback *d, int32_t day, int64_t sales);
/* DSO in tenths of a day; -1 if the days fed never covered the receivable
 * (then the answer is "more than" the days looked at). */
int64_t dso_countback_tenths(const struct dso_countback *d);

struct open_item;

/* The one order of open items, in the kept balances and in reports:
 * currency, due date, invoice number (a qsort comparator). */
int open_item_cmp(const void *a, const void *b);

#endif
