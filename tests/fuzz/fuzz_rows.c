/*
 * fuzz_rows.c - libFuzzer target for canonical CSV rows (io/rows.c).
 *
 * The first input byte picks the kind (byte % 3: customers, invoices,
 * payments) and the currency the caller falls back on (byte / 3 % 4: none,
 * EUR, JPY, BHD, for 2, 0 and 3 decimals); the rest is the CSV file, read
 * through the canonical format the way an import reads it. Every error
 * must name the file first ("PATH:LINE: field: reason", with the row's
 * line for a field error), and every record that converts must obey the
 * model's rules (core/model.h, docs/formats.md): required strings
 * present, real dates, a known currency, amounts in range, and amounts
 * that format back to text the row could have held.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/money.h"
#include "io/rows.h"

#include "fuzz_tmpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An error about the file: "PATH:" first. */
static void
check_file_error(const struct dun_err *err)
{
    size_t plen = strlen(tmp_path);

    if (err->code != DUN_E_INPUT || strncmp(err->msg, tmp_path, plen) != 0 ||
        err->msg[plen] != ':')
        abort();
}

/* An error about the current row: "PATH:LINE: " first. */
static void
check_row_error(const struct rows *r, const struct dun_err *err)
{
    char want[sizeof(tmp_path) + 32];
    int n = snprintf(want, sizeof(want), "%s:%zu: ", tmp_path, r->line);

    check_file_error(err);
    if (n < 0 || strncmp(err->msg, want, (size_t)n) != 0)
        abort();
}

static void
check_text(const char *s, int required)
{
    if (s == NULL || (required && s[0] == '\0'))
        abort();
}

/* A real day of years 1..9999, as the date module numbers them. */
static void
check_date(int32_t day)
{
    int y, m, d;

    if (day == DATE_INVALID)
        abort();
    date_to_ymd(day, &y, &m, &d);
    if (!date_valid_ymd(y, m, d) || date_from_ymd(y, m, d) != day)
        abort();
}

/* A known code, terminated; its exponent. */
static int
check_currency(const char *c)
{
    int e = currency_exponent(c, 3);

    if (e < 0 || c[3] != '\0')
        abort();
    return e;
}

/* amount formats in its currency to text that parses back to it. */
static void
check_amount(int64_t amount, int exponent)
{
    char buf[MONEY_FMT_MAX];
    int64_t back;

    money_format(amount, exponent, buf);
    if (money_parse(buf, strlen(buf), exponent, &back, NULL) < 0 ||
        back != amount)
        abort();
}

/* Two letters, or empty. */
static void
check_code(const char *s)
{
    if (s == NULL)
        abort();
    if (s[0] && (!isalpha((unsigned char)s[0]) ||
                 !isalpha((unsigned char)s[1]) || s[2] != '\0'))
        abort();
}

static void
check_customer(const struct customer *c)
{
    int e;

    check_text(c->id, 1);
    check_text(c->name, 1);
    check_text(c->email, 0);
    if (c->email[0] && strchr(c->email, '@') == NULL)
        abort();
    check_text(c->phone, 0);
    check_text(c->address, 0);
    check_text(c->city, 0);
    check_text(c->postal_code, 0);
    check_code(c->country);
    check_code(c->language);
    if (c->terms_days < 0 || c->terms_days > 365)
        abort();
    e = check_currency(c->currency);
    if (c->credit_limit < 0)
        abort();
    check_amount(c->credit_limit, e);
}

static void
check_invoice(const struct invoice *inv)
{
    int e;

    check_text(inv->number, 1);
    check_text(inv->customer_id, 1);
    check_text(inv->applies_to, 0);
    check_text(inv->description, 0);
    if (inv->type != INVOICE_PLAIN && inv->type != INVOICE_CREDIT_NOTE)
        abort();
    if (inv->applies_to[0] && (inv->type != INVOICE_CREDIT_NOTE ||
                               strcmp(inv->applies_to, inv->number) == 0))
        abort();
    check_date(inv->issue_date);
    if (inv->due_date != DATE_INVALID) {
        check_date(inv->due_date);
        if (inv->due_date < inv->issue_date)
            abort();
    }
    e = check_currency(inv->currency);
    if (inv->total < 0)
        abort();
    check_amount(inv->total, e);
}

static void
check_payment(const struct payment *p)
{
    int e;

    check_text(p->id, 1);
    check_text(p->customer_id, 1);
    check_text(p->invoice_number, 0);
    check_text(p->method, 0);
    check_text(p->reference, 0);
    check_date(p->date);
    e = check_currency(p->currency);
    if (p->amount <= 0)
        abort();
    check_amount(p->amount, e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum record_kind kinds[] = {REC_CUSTOMERS, REC_INVOICES,
                                             REC_PAYMENTS};
    static const char *const fallback[] = {"", "EUR", "JPY", "BHD"};
    struct format fmt;
    struct rows r;
    struct dun_err err = DUN_ERR_INIT;
    enum record_kind kind;
    const char *currency;
    size_t last_line = 0;
    int rc;

    if (size == 0)
        return 0;
    kind = kinds[data[0] % 3];
    currency = fallback[data[0] / 3 % 4];
    write_tmp(data + 1, size - 1);
    format_canonical(&fmt, kind);

    if (rows_open(&r, tmp_path, &fmt, &err) < 0) {
        check_file_error(&err);
        goto out;
    }
    while ((rc = rows_next(&r, &err)) == 1) {
        struct customer c;
        struct invoice inv;
        struct payment p;

        /* Line 1 is the header; rows only go forward. */
        if (r.line < 2 || r.line <= last_line)
            abort();
        last_line = r.line;
        if (rows_skipped(&r))
            abort(); /* the canonical format has no [skip] rules */
        dun_err_clear(&err);
        switch (kind) {
        case REC_CUSTOMERS:
            if (rows_customer(&r, &c, &err) < 0)
                check_row_error(&r, &err);
            else
                check_customer(&c);
            break;
        case REC_INVOICES:
            if (rows_invoice(&r, currency, &inv, &err) < 0)
                check_row_error(&r, &err);
            else
                check_invoice(&inv);
            break;
        case REC_PAYMENTS:
            if (rows_payment(&r, currency, &p, &err) < 0)
                check_row_error(&r, &err);
            else
                check_payment(&p);
            break;
        }
    }
    if (rc < 0)
        check_file_error(&err);
out:
    rows_close(&r);
    format_release(&fmt);
    return 0;
}
