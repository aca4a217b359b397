/*
 * fuzz_mapping.c - libFuzzer target for mapping files (format_load).
 *
 * A mapping file is user input: loading it must either fail with a
 * message that names the file first ("PATH:LINE: key: reason", as the
 * import reports it) or give a format the readers can use as it is: a
 * known decimal mark and delimiter, a date format with room for its NUL,
 * every required field mapped. format_load reads a path, so the input is
 * written to one temporary file per process and loaded as each of the
 * three kinds. A loaded format then parses a few fixed dates and amounts:
 * no crash, and what parses is a real day and a short, terminated amount.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "io/format.h"

#include "fuzz_tmpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_loaded(const struct format *fmt, enum record_kind kind)
{
    if (fmt->kind != kind || fmt->canonical || fmt->path == NULL ||
        strcmp(fmt->path, tmp_path) != 0)
        abort();
    if (fmt->decimal != '.' && fmt->decimal != ',')
        abort();
    if (fmt->delimiter == 0 || strchr(",;\t", fmt->delimiter) == NULL)
        abort();
    if (memchr(fmt->date_format, '\0', sizeof(fmt->date_format)) == NULL)
        abort();
    if (fmt->ntypes > FORMAT_MAX_RULES || fmt->nskip > FORMAT_MAX_RULES)
        abort();
    if (fmt->new_customer_currency[3] != '\0')
        abort();
    for (int f = 0; f < F_COUNT; f++) {
        if ((fmt->column[f] || fmt->fixed[f]) &&
            format_field_use(kind, f) == 0)
            abort();
        if (format_field_use(kind, f) == 2 && !fmt->column[f] &&
            !fmt->fixed[f] &&
            !(f == F_TOTAL && fmt->column[F_LINE_AMOUNT]))
            abort();
    }
}

static void
try_dates(const struct format *fmt)
{
    static const char *const dates[] = {
        "2026-01-31", "31/01/2026", "01/31/2026", "1/2/2026", "31.1.2026",
        "31 Jan 2026", "Feb 29, 2024", "20260131", "29/02/2025",
        "0000-00-00", "9999-12-31", "", "2026", "31/01/2026 extra",
    };

    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        int32_t day = DATE_INVALID;
        int y, m, d;

        if (format_parse_date(fmt, dates[i], strlen(dates[i]), &day) < 0)
            continue;
        date_to_ymd(day, &y, &m, &d);
        if (day == DATE_INVALID || !date_valid_ymd(y, m, d) ||
            date_from_ymd(y, m, d) != day)
            abort();
    }
}

static void
try_amounts(const struct format *fmt)
{
    static const char *const amounts[] = {
        "1234.50", "1,234.50", "1.234,50", "1 234,50", "1'234.50", "-12",
        "", ".", ",", "12,5.0",
        /* 62 and 63 bytes: the longest accepted and the first refused. */
        "12345678901234567890123456789012345678901234567890123456789012",
        "123456789012345678901234567890123456789012345678901234567890123",
    };

    for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
        size_t len = strlen(amounts[i]), outlen = 0;
        char out[64];

        /* Poisoned, so that a missing terminator shows. */
        memset(out, 'x', sizeof(out));
        if (format_normalize_amount(fmt, amounts[i], len, out, &outlen) < 0)
            continue;
        if (outlen > len || out[outlen] != '\0' || strlen(out) != outlen)
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum record_kind kinds[] = {REC_CUSTOMERS, REC_INVOICES,
                                             REC_PAYMENTS};
    size_t plen;

    write_tmp(data, size);
    plen = strlen(tmp_path);
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        struct format fmt;
        struct dun_err err = DUN_ERR_INIT;

        if (format_load(&fmt, kinds[i], tmp_path, &err) < 0) {
            if ((err.code != DUN_E_INPUT && err.code != DUN_E_IO) ||
                strncmp(err.msg, tmp_path, plen) != 0 ||
                err.msg[plen] != ':')
                abort();
        } else {
            check_loaded(&fmt, kinds[i]);
            try_dates(&fmt);
            try_amounts(&fmt);
        }
        format_release(&fmt);
    }
    return 0;
}
