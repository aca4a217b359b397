/*
 * demo_data.h - deterministic sample data for `dun demo` and tests.
 *
 * Writes a made-up small business's accounts receivable as the three
 * canonical CSV files (DESIGN.md section 5): a few hundred customers in
 * US, GB, DE, FR and NL, a year of invoices, and the payments that hidden
 * payer behaviours (reliable, slow, bad, disputer) would have made by the
 * as-of date. No clock, no rand(): the same options always give the same
 * bytes, on any machine.
 */
#ifndef DUN_APP_DEMO_DATA_H
#define DUN_APP_DEMO_DATA_H

#include <stdint.h>

#include "core/err.h"

#define DEMO_DATA_MAX_CUSTOMERS 100000

struct demo_data_opts {
    int customers; /* 1 .. DEMO_DATA_MAX_CUSTOMERS, e.g. 300 */
    int32_t as_of; /* day number (core/date.h): data covers the 12 months
                      up to and including it, nothing after */
    uint64_t seed; /* same seed + options => byte-identical files */
};

/*
 * Write customers.csv, invoices.csv and payments.csv into directory dir
 * (must exist) in dun's canonical CSV format: header row, RFC 4180 quoting
 * (only fields holding a comma, quote, CR or LF are quoted; quotes are
 * doubled), LF line ends, UTF-8 without BOM, ISO dates, '.' decimals.
 *
 * Keys: customers C0001.., invoices INV-000001.. (numbered in issue date
 * order), payments P000001.. (numbered in date order). Issue and payment
 * dates never pass o->as_of; due dates (issue + terms) may. A payment
 * names an invoice of its own customer, in that invoice's currency, or
 * (about 2%) no invoice at all: money received on account.
 *
 * Each file is written under a temporary name and renamed into place at
 * the end, so a failure leaves no partial file behind (files of an
 * earlier run may remain).
 *
 * Returns 0, or -1 with err set: DUN_E_INPUT for bad options, DUN_E_IO
 * "PATH: cannot write: REASON". Thread-safe: no shared state.
 */
int demo_data_write(const char *dir, const struct demo_data_opts *o,
                    struct dun_err *err);

#endif
