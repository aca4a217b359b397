/*
 * fuzz_mapping.c - libFuzzer target for mapping files (format_load) and
 * the rows they read (io/rows.h).
 *
 * A mapping file is user input: loading it must either fail with a
 * message that names the file first ("PATH:LINE: key: reason", as the
 * import reports it) or give a format the readers can use as it is: a
 * known decimal mark and delimiter, a date format with room for its NUL,
 * every required field mapped. format_load reads a path, so the input is
 * written to one temporary file per process and loaded as each of the
 * three kinds. A loaded format then parses a few fixed dates and amounts:
 * no crash, and what parses is a real day and a short, terminated amount;
 * and a date or an amount written in the format's own style (its date
 * tokens, decimal mark and thousands separator) reads back as itself.
 *
 * Then the format reads rows, as an import does: [skip] rules, the
 * fields of the kind, [types], the amounts an export adds (line_amount,
 * amount_paid, amount_due), terms, and the contacts create_customers
 * makes. The rows are the input's bytes after its first NUL byte, if it
 * has one (the mapping is the bytes before it); otherwise a CSV file
 * written for the format: a header of its columns and [skip] columns in
 * its delimiter, and rows of good values in its styles (a second line
 * of an invoice, a row its [skip] rules leave out, a credit note of its
 * [types]) and of bad ones. Every error names the file and, for a row,
 * its line; every record that converts obeys the model's rules.
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
#include "core/money.h"
#include "core/sbuf.h"
#include "core/terms.h"
#include "io/format.h"
#include "io/rows.h"

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

/* The day y-m-d written in date format f: the tokens as
 * format_parse_date reads them (YYYY, MMM, MM, DD, M, D), any other
 * character as itself. */
static void
write_date(const char *f, int y, int m, int d, struct sbuf *out)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

    while (*f) {
        if (strncmp(f, "YYYY", 4) == 0) {
            sbuf_addf(out, "%04d", y);
            f += 4;
        } else if (strncmp(f, "MMM", 3) == 0) {
            sbuf_add(out, months + 3 * (m - 1), 3);
            f += 3;
        } else if (strncmp(f, "MM", 2) == 0 || strncmp(f, "DD", 2) == 0) {
            sbuf_addf(out, "%02d", f[0] == 'M' ? m : d);
            f += 2;
        } else if (*f == 'M' || *f == 'D') {
            sbuf_addf(out, "%d", *f == 'M' ? m : d);
            f++;
        } else {
            sbuf_addch(out, *f++);
        }
    }
}

/* An amount in fmt's style: the groups of its integer part (most
 * significant first, each but the first of three digits) joined by the
 * thousands separator, or not at all without one; then the decimal mark
 * and the fraction. */
static void
write_amount(const struct format *fmt, const char *const *groups,
             const char *fraction, struct sbuf *out)
{
    for (size_t i = 0; groups[i]; i++) {
        if (i > 0 && fmt->thousands)
            sbuf_addch(out, fmt->thousands);
        sbuf_addstr(out, groups[i]);
    }
    if (fraction) {
        sbuf_addch(out, fmt->decimal);
        sbuf_addstr(out, fraction);
    }
}

/* What is written in the format's own style reads back as itself: days
 * whose single-letter tokens take two digits (so that "MD" stays
 * unambiguous), amounts with and without groups. */
static void
try_own_style(const struct format *fmt)
{
    static const int days[][3] = {
        {2026, 11, 13}, {1999, 12, 31}, {2199, 10, 10}, {1900, 11, 30},
    };
    static const struct {
        const char *groups[4], *fraction, *want;
    } amounts[] = {
        {{"1", "234", NULL}, "50", "1234.50"},
        {{"-1", "234", "567", NULL}, "00", "-1234567.00"},
        {{"999", NULL}, "999", "999.999"},
        {{"12", NULL}, NULL, "12"},
        {{"0", NULL}, "05", "0.05"},
    };

    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        struct sbuf s = SBUF_INIT;
        int32_t day = DATE_INVALID;

        write_date(fmt->date_format, days[i][0], days[i][1], days[i][2], &s);
        if (format_parse_date(fmt, s.buf, s.len, &day) < 0 ||
            day != date_from_ymd(days[i][0], days[i][1], days[i][2]))
            abort();
        sbuf_release(&s);
    }
    for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
        struct sbuf s = SBUF_INIT;
        char out[64];
        size_t outlen;

        write_amount(fmt, amounts[i].groups, amounts[i].fraction, &s);
        if (format_normalize_amount(fmt, s.buf, s.len, out, &outlen) < 0 ||
            strcmp(out, amounts[i].want) != 0)
            abort();
        sbuf_release(&s);
    }
}

/* One CSV cell, quoted (so that any delimiter, decimal mark or quote in
 * it stays in it). */
static void
add_cell(struct sbuf *out, const struct format *fmt, int first,
         const char *v)
{
    if (!first)
        sbuf_addch(out, fmt->delimiter);
    sbuf_addch(out, '"');
    for (; *v; v++) {
        if (*v == '"')
            sbuf_addch(out, '"');
        sbuf_addch(out, *v);
    }
    sbuf_addch(out, '"');
}

/* The rows written for a format: 0 good, 1 the same invoice's second
 * line (no due date: its terms give one), 2 one its [skip] rules leave
 * out, 3 a credit note applying to the first; then row 0 with one kind
 * of fault: 4 dates, 5 amounts, 6 codes and the e-mail address, 7
 * control characters in text. */
#define GEN_ROWS 8

/* Field f of row r (4 to 7) if the row's fault is in it: 1, else 0. */
static int
bad_value(const struct format *fmt, enum field f, int r, struct sbuf *v)
{
    static const char *const bad[] = {"12", "34", NULL};

    switch (f) {
    case F_ISSUE_DATE: case F_DUE_DATE: case F_DATE:
        if (r != 4)
            return 0;
        sbuf_addstr(v, "31/02/2026");
        return 1;
    case F_TOTAL: case F_AMOUNT: case F_CREDIT_LIMIT: case F_AMOUNT_PAID:
    case F_AMOUNT_DUE: case F_LINE_AMOUNT:
        if (r != 5)
            return 0;
        write_amount(fmt, bad, "5", v);
        sbuf_addch(v, fmt->decimal); /* a second decimal mark */
        sbuf_addch(v, '0');
        return 1;
    case F_EMAIL: case F_CURRENCY: case F_TYPE: case F_COUNTRY:
    case F_TERMS_DAYS: case F_KIND: case F_REGION:
        if (r != 6)
            return 0;
        sbuf_addstr(v, f == F_EMAIL ? "a@b.test>, <boss@evil.test"
                       : f == F_CURRENCY ? "EURO" : "99999");
        return 1;
    default:
        if (r != 7)
            return 0;
        sbuf_addstr(v, "bad\x1b[31m\xe2\x80\xa8");
        return 1;
    }
}

/* Field f of generated row r into v. */
static void
gen_value(const struct format *fmt, enum field f, int r, struct sbuf *v)
{
    static const char *const total[] = {"1", "234", NULL};
    static const char *const part[] = {"617", NULL};
    static const char *const small[] = {"40", NULL};
    static const char *const number[GEN_ROWS] = {"N-1", "N-1", "N-2", "N-3",
                                                  "N-4", "N-5", "N-6", "N-7"};

    if (r >= 4) {
        if (bad_value(fmt, f, r, v))
            return;
        if (f == F_NUMBER) {
            sbuf_addstr(v, number[r]);
            return;
        }
        r = 0;
    }
    switch (f) {
    case F_ID: sbuf_addf(v, "C-%d", r + 1); break;
    case F_NAME: sbuf_addstr(v, "Alder Bakery"); break;
    case F_EMAIL: sbuf_addstr(v, "ap@alder.example"); break;
    case F_PHONE: sbuf_addstr(v, "+49 341 1234567"); break;
    case F_ADDRESS: sbuf_addstr(v, "Hauptstra\xc3\x9f" "e 1\r\nHof 2"); break;
    case F_CITY: sbuf_addstr(v, "Leipzig"); break;
    case F_POSTAL_CODE: sbuf_addstr(v, "04109"); break;
    case F_COUNTRY: sbuf_addstr(v, "DE"); break;
    case F_LANGUAGE: sbuf_addstr(v, "de"); break;
    case F_TERMS_DAYS: sbuf_addstr(v, "30"); break;
    case F_REGION: sbuf_addstr(v, "SN"); break;
    case F_KIND: sbuf_addstr(v, r ? "consumer" : "business"); break;
    case F_CONTACT_NAME: sbuf_addstr(v, "J\xc3\xbcrgen M\xc3\xbcller"); break;
    case F_NUMBER: sbuf_addstr(v, number[r]); break;
    case F_CUSTOMER_ID: sbuf_addstr(v, "C-1"); break;
    case F_ISSUE_DATE: write_date(fmt->date_format, 2026, 11, 13, v); break;
    case F_DUE_DATE:
        if (r != 1)
            write_date(fmt->date_format, 2026, 12, 14, v);
        break; /* none: from the terms */
    case F_DATE: write_date(fmt->date_format, 2025, 12, 31, v); break;
    case F_TOTAL: case F_AMOUNT: case F_CREDIT_LIMIT: case F_AMOUNT_DUE:
        write_amount(fmt, total, "50", v);
        break;
    case F_LINE_AMOUNT: write_amount(fmt, part, "25", v); break;
    case F_AMOUNT_PAID: write_amount(fmt, small, "00", v); break;
    case F_DESCRIPTION: sbuf_addstr(v, "Bread, rolls; \"cakes\""); break;
    case F_TYPE:
        if (fmt->ntypes)
            sbuf_addstr(v, fmt->types[r == 3 && fmt->ntypes > 1 ? 1 : 0]
                               .value);
        else
            sbuf_addstr(v, r == 3 ? "credit_note" : "invoice");
        break;
    case F_APPLIES_TO:
        if (r == 3)
            sbuf_addstr(v, "N-1");
        break;
    case F_TERMS: sbuf_addstr(v, r == 1 ? "EOM 15" : "Net 30"); break;
    case F_INVOICE_NUMBER: sbuf_addstr(v, "N-1"); break;
    case F_METHOD: sbuf_addstr(v, "transfer"); break;
    case F_REFERENCE: sbuf_addstr(v, "ref N-1"); break;
    case F_CURRENCY: sbuf_addstr(v, "EUR"); break;
    case F_COUNT: break;
    }
}

/* The first value of a [skip] rule's list, trimmed. */
static void
first_skip_value(const char *values, struct sbuf *v)
{
    size_t n = strcspn(values, ",");

    while (n && (*values == ' ' || *values == '\t'))
        values++, n--;
    while (n && (values[n - 1] == ' ' || values[n - 1] == '\t'))
        n--;
    sbuf_add(v, values, n);
}

/* A CSV file for fmt: the header its columns name, GEN_ROWS rows. */
static void
gen_csv(const struct format *fmt, struct sbuf *out)
{
    const char *names[F_COUNT + FORMAT_MAX_RULES];
    size_t n = 0;

    for (int f = 0; f < F_COUNT; f++)
        if (fmt->column[f])
            names[n++] = fmt->column[f];
    for (size_t k = 0; k < fmt->nskip; k++)
        names[n++] = fmt->skip[k].column;
    for (size_t i = 0; i < n; i++)
        add_cell(out, fmt, i == 0, names[i]);
    sbuf_addstr(out, "\r\n");
    for (int r = 0; r < GEN_ROWS; r++) {
        size_t i = 0;

        for (int f = 0; f < F_COUNT; f++) {
            struct sbuf v = SBUF_INIT;

            if (!fmt->column[f])
                continue;
            gen_value(fmt, (enum field)f, r, &v);
            add_cell(out, fmt, i++ == 0, v.buf);
            sbuf_release(&v);
        }
        for (size_t k = 0; k < fmt->nskip; k++) {
            struct sbuf v = SBUF_INIT;

            if (r == 2)
                first_skip_value(fmt->skip[k].values, &v);
            else
                sbuf_addstr(&v, "Sent");
            add_cell(out, fmt, i++ == 0, v.buf);
            sbuf_release(&v);
        }
        sbuf_addstr(out, "\r\n");
    }
}

/* An error about the file: "PATH:" first. */
static void
check_file_error(const struct dun_err *err)
{
    size_t plen = strlen(tmp_path);

    if ((err->code != DUN_E_INPUT && err->code != DUN_E_IO) ||
        strncmp(err->msg, tmp_path, plen) != 0 || err->msg[plen] != ':')
        abort();
}

/* An error about the current row: "PATH:LINE: " first. */
static void
check_row_error(const struct rows *r, const struct dun_err *err)
{
    char want[sizeof(tmp_path) + 32];
    int n = snprintf(want, sizeof(want), "%s:%zu: ", tmp_path, r->line);

    if (err->code != DUN_E_INPUT || n < 0 ||
        strncmp(err->msg, want, (size_t)n) != 0)
        abort();
}

static void
check_text(const char *s, int required)
{
    if (s == NULL || (required && s[0] == '\0'))
        abort();
}

static void
check_date(int32_t day)
{
    int y, m, d;

    if (day == DATE_INVALID || !date_in_range(day))
        abort();
    date_to_ymd(day, &y, &m, &d);
    if (!date_valid_ymd(y, m, d) || date_from_ymd(y, m, d) != day)
        abort();
}

static int
check_currency(const char *c)
{
    int e = currency_exponent(c, 3);

    if (e < 0 || c[3] != '\0')
        abort();
    return e;
}

/* Within the limit, and formats in its currency to text that parses
 * back to it. */
static void
check_amount(int64_t amount, int exponent)
{
    char buf[MONEY_FMT_MAX];
    int64_t back;

    if (amount > MONEY_MAX_AMOUNT || amount < -MONEY_MAX_AMOUNT)
        abort();
    money_format(amount, exponent, buf);
    if (money_parse(buf, strlen(buf), exponent, &back, NULL) < 0 ||
        back != amount)
        abort();
}

/* The contact fields rows_contact checked. */
static void
check_contact(const struct customer *c)
{
    check_text(c->email, 0);
    if (c->email[0] && strchr(c->email, '@') == NULL)
        abort();
    check_text(c->phone, 0);
    check_text(c->address, 0);
    if (strchr(c->address, '\r'))
        abort(); /* a Windows line end became a plain one */
    check_text(c->city, 0);
    check_text(c->postal_code, 0);
}

static void
check_customer(const struct customer *c)
{
    int e;

    check_text(c->id, 1);
    check_text(c->name, 1);
    check_contact(c);
    if (c->terms_days < 0 || c->terms_days > 365)
        abort();
    e = check_currency(c->currency);
    if (c->credit_limit < 0)
        abort();
    check_amount(c->credit_limit, e);
}

static void
check_invoice(const struct format *fmt, const struct invoice *inv)
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
    if (inv->total < 0 ||
        (inv->total && !fmt->column[F_TOTAL] && !fmt->fixed[F_TOTAL]))
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

/* An amount field an export adds, read as the import reads it. */
static void
try_row_amount(struct rows *r, enum field f, const char *currency)
{
    struct dun_err err = DUN_ERR_INIT;
    int64_t v = 0;
    int rc = rows_amount(r, f, currency, &v, &err);

    if (rc < 0)
        check_row_error(r, &err);
    else if (rc > 0)
        check_amount(v, currency_exponent(currency, 3));
}

/* An invoice row as app/import.c takes it: the contact a mapping with
 * create_customers makes, the invoice, the amounts and terms. */
static void
try_invoice_row(struct rows *r, const struct format *fmt)
{
    struct dun_err err = DUN_ERR_INIT;
    struct invoice inv;
    struct customer c;
    const char *fallback = fmt->new_customer_currency[0]
                               ? fmt->new_customer_currency : "EUR";
    size_t n;

    if (fmt->create_customers) {
        memset(&c, 0, sizeof(c));
        c.name = "Alder Bakery";
        if (rows_contact(r, &c, &err) < 0)
            check_row_error(r, &err);
        else
            check_contact(&c);
        dun_err_clear(&err);
    }
    if (rows_invoice(r, fallback, &inv, &err) < 0) {
        check_row_error(r, &err);
        return;
    }
    check_invoice(fmt, &inv);
    try_row_amount(r, F_LINE_AMOUNT, inv.currency);
    try_row_amount(r, F_AMOUNT_PAID, inv.currency);
    try_row_amount(r, F_AMOUNT_DUE, inv.currency);
    {
        struct terms t = {TERMS_NET, 30};
        const char *tx = rows_text(r, F_TERMS, &n);

        if (n && terms_parse(tx, n, &t) == 0)
            (void)terms_due_date(&t, inv.issue_date);
    }
}

/* Read the rows in tmp_path through fmt. */
static void
try_rows(const struct format *fmt)
{
    struct dun_err err = DUN_ERR_INIT;
    struct rows r;
    size_t last_line = 0;
    int rc;

    if (rows_open(&r, tmp_path, fmt, &err) < 0) {
        check_file_error(&err);
        goto out;
    }
    while ((rc = rows_next(&r, &err)) == 1) {
        struct customer c;
        struct payment p;

        /* Line 1 is the header; rows only go forward. */
        if (r.line < 2 || r.line <= last_line)
            abort();
        last_line = r.line;
        if (fmt->nskip == 0 && rows_skipped(&r))
            abort();
        if (fmt->nskip && rows_skipped(&r))
            continue;
        dun_err_clear(&err);
        switch (fmt->kind) {
        case REC_CUSTOMERS:
            if (rows_customer(&r, &c, &err) < 0)
                check_row_error(&r, &err);
            else
                check_customer(&c);
            break;
        case REC_INVOICES:
            try_invoice_row(&r, fmt);
            break;
        case REC_PAYMENTS:
            if (rows_payment(&r, "EUR", &p, &err) < 0)
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
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum record_kind kinds[] = {REC_CUSTOMERS, REC_INVOICES,
                                             REC_PAYMENTS};
    const uint8_t *nul = memchr(data, '\0', size);
    size_t msize = nul ? (size_t)(nul - data) : size;
    struct format fmt[3];
    int loaded[3] = {0, 0, 0};
    size_t plen;

    write_tmp(data, msize);
    plen = strlen(tmp_path);
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        struct dun_err err = DUN_ERR_INIT;

        if (format_load(&fmt[i], kinds[i], tmp_path, &err) < 0) {
            if ((err.code != DUN_E_INPUT && err.code != DUN_E_IO) ||
                strncmp(err.msg, tmp_path, plen) != 0 ||
                err.msg[plen] != ':')
                abort();
            format_release(&fmt[i]);
            continue;
        }
        check_loaded(&fmt[i], kinds[i]);
        try_dates(&fmt[i]);
        try_amounts(&fmt[i]);
        try_own_style(&fmt[i]);
        loaded[i] = 1;
    }
    /* The mapping is read: the same file now holds the rows. */
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (!loaded[i])
            continue;
        if (nul) {
            write_tmp(nul + 1, size - msize - 1);
        } else {
            struct sbuf csv = SBUF_INIT;

            gen_csv(&fmt[i], &csv);
            write_tmp((const uint8_t *)csv.buf, csv.len);
            sbuf_release(&csv);
        }
        try_rows(&fmt[i]);
        format_release(&fmt[i]);
    }
    return 0;
}
