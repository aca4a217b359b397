/*
 * rows.c - CSV rows to records, with field-level validation.
 *
 * Reads only the file it is given; knows nothing of the store. Rules that
 * need stored data (unknown customer, duplicate numbers) are app/import.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/contact.h"
#include "core/date.h"
#include "core/money.h"
#include "io/rows.h"
#include "io/row_groups.h"
#include "io/rows_ahead.h"

static int
field_error(struct rows *r, enum field f, const char *why,
            struct dun_err *err)
{
    return dun_err_set(err, DUN_E_INPUT, "%s:%zu: %s: %s", r->path, r->line,
                       format_field_name(f), why);
}

static void
trim(const char **p, size_t *len)
{
    while (*len && isspace((unsigned char)**p))
        (*p)++, (*len)--;
    while (*len && isspace((unsigned char)(*p)[*len - 1]))
        (*len)--;
}

/* How well header p matches the name want: 2 exactly, 1 ignoring case
 * and a leading '*' (exports mark required columns so: Xero, QuickBooks),
 * 0 not at all. The canonical layout takes exact names only. */
static int
header_matches(const struct format *fmt, const char *want, const char *p,
               size_t len)
{
    trim(&p, &len);
    if (strlen(want) == len && memcmp(want, p, len) == 0)
        return 2;
    if (fmt->canonical)
        return 0;
    while (len && *p == '*')
        p++, len--;
    while (*want == '*')
        want++;
    return strlen(want) == len && strncasecmp(want, p, len) == 0;
}

int
rows_open(struct rows *r, const char *path, const struct format *fmt,
          struct dun_err *err)
{
    int rc;

    memset(r, 0, sizeof(*r));
    r->csv = (struct csv_reader)CSV_READER_INIT;
    r->fmt = fmt;
    r->path = path;
    for (int f = 0; f < F_COUNT; f++)
        r->col[f] = -1;
    if (csv_open(&r->csv, path, err) < 0)
        return -1;
    csv_set_delimiter(&r->csv, fmt->delimiter ? fmt->delimiter : ',');
    if ((rc = csv_next(&r->csv, err)) <= 0)
        return rc < 0 ? -1
                      : dun_err_set(err, DUN_E_INPUT, "%s:1: empty file, "
                                    "expected a header row", path);
    int quality[F_COUNT] = {0};

    r->width = r->csv.nfields;
    r->field = r->csv.fields;
    r->nfields = r->csv.nfields;

    for (size_t i = 0; i < r->csv.nfields; i++) {
        const struct csv_field *h = &r->csv.fields[i];
        int hit = -1, q = 0;

        for (int f = 0; f < F_COUNT; f++)
            if (fmt->column[f] &&
                (q = header_matches(fmt, fmt->column[f], h->p, h->len)) > 0) {
                hit = f;
                break;
            }
        /* QuickBooks lists both "Item amount" and "*Item Amount": the
         * exact spelling wins; two equally good matches are an error. */
        if (hit >= 0 && quality[hit] == q)
            return dun_err_set(err, DUN_E_INPUT,
                               "%s:1: header: column '%.*s' appears twice",
                               path, (int)h->len, h->p);
        if (hit >= 0 && quality[hit] < q) {
            r->col[hit] = (int)i;
            quality[hit] = q;
        } else if (hit < 0 && fmt->canonical)
            return dun_err_set(err, DUN_E_INPUT,
                               "%s:1: header: unknown column '%.*s'", path,
                               (int)h->len, h->p);
    }
    for (size_t k = 0; k < fmt->nskip; k++) {
        r->skip_col[k] = -1;
        for (size_t i = 0; i < r->csv.nfields; i++)
            if (header_matches(fmt, fmt->skip[k].column, r->csv.fields[i].p,
                               r->csv.fields[i].len))
                r->skip_col[k] = (int)i;
        if (r->skip_col[k] < 0)
            return dun_err_set(err, DUN_E_INPUT,
                               "%s:1: header: missing column '%s'", path,
                               fmt->skip[k].column);
    }
    for (int f = 0; f < F_COUNT; f++) {
        int use = format_field_use(fmt->kind, f);

        if (fmt->column[f] && r->col[f] < 0 && (use == 2 || !fmt->canonical))
            return dun_err_set(err, DUN_E_INPUT,
                               "%s:1: header: missing column '%s'", path,
                               fmt->column[f]);
    }
    return 0;
}

int
rows_next(struct rows *r, struct dun_err *err)
{
    int rc;

    arena_reset(&r->arena);
    if (r->ahead)
        return rows_ahead_next(r, err);
    r->done = NULL;
    if (r->groups) {
        const char *key;

        return row_groups_next(r->groups, &r->line, &key, &r->field,
                               &r->nfields, err);
    }
    while ((rc = csv_next(&r->csv, err)) == 1) {
        r->line = r->csv.line;
        r->field = r->csv.fields;
        r->nfields = r->csv.nfields;
        if (!rows_blank(r->field, r->nfields))
            return 1;
    }
    return rc;
}

const char *
rows_text(struct rows *r, enum field f, size_t *len)
{
    const char *p = "";
    size_t n = 0;

    if (r->col[f] >= 0 && (size_t)r->col[f] < r->nfields) {
        p = r->field[r->col[f]].p;
        n = r->field[r->col[f]].len;
        trim(&p, &n);
    }
    if (n == 0 && r->fmt->fixed[f]) {
        p = r->fmt->fixed[f];
        n = strlen(p);
    }
    *len = n;
    return p;
}

void
rows_read_ahead(struct rows *r, enum record_kind kind)
{
    if (r->ahead == NULL)
        rows_ahead_start(r, kind, NULL);
}

void
rows_keep_raw(struct rows *r)
{
    rows_ahead_raw(r);
}

void
rows_read_groups(struct rows *r, struct row_groups *groups,
                 enum record_kind kind)
{
    rows_ahead_stop(r);
    r->groups = groups;
    rows_ahead_start(r, kind, groups);
}

int64_t
rows_file_size(const struct rows *r)
{
    struct stat sb;

    if (r->csv.fp == NULL || fstat(fileno(r->csv.fp), &sb) < 0 ||
        !S_ISREG(sb.st_mode))
        return -1;
    return (int64_t)sb.st_size;
}

/* 1 if p[0..len) is one of the comma-separated values in list (both
 * trimmed, case ignored). */
static int
in_list(const char *list, const char *p, size_t len)
{
    while (*list) {
        const char *v = list, *end = strchr(list, ',');
        size_t n = end ? (size_t)(end - list) : strlen(list);

        list += n + (end != NULL);
        trim(&v, &n);
        if (n == len && strncasecmp(v, p, n) == 0)
            return 1;
    }
    return 0;
}

int
rows_has(const struct rows *r, enum field f)
{
    return r->col[f] >= 0 || r->fmt->fixed[f] != NULL;
}

int
rows_skipped(struct rows *r)
{
    for (size_t k = 0; k < r->fmt->nskip; k++) {
        const char *p = "";
        size_t n = 0;

        if ((size_t)r->skip_col[k] < r->nfields) {
            p = r->field[r->skip_col[k]].p;
            n = r->field[r->skip_col[k]].len;
            trim(&p, &n);
        }
        if (in_list(r->fmt->skip[k].values, p, n))
            return 1;
    }
    return 0;
}

/* Field f as a NUL-terminated copy in the row's arena. */
static const char *
text(struct rows *r, enum field f)
{
    size_t n;
    const char *p = rows_text(r, f, &n);

    return arena_strndup(&r->arena, p, n);
}

/* Field f's n bytes at p checked as one line of at most max bytes, then
 * copied into the row's arena: 0, or -1 with the field named. The bytes
 * are checked where the reader left them, their length known: measuring
 * a string just copied cost a tenth of the reading thread (each read
 * waits for the copy's stores). */
static int
checked_copy(struct rows *r, enum field f, const char *p, size_t n,
             size_t max, const char **out, struct dun_err *err)
{
    const char *why;

    *out = "";
    if (contact_text_check_len(p, n, max, &why) < 0)
        return field_error(r, f, why, err);
    *out = arena_strndup(&r->arena, p, n);
    return 0;
}

/* Field f as one line of at most max bytes (checked_copy). */
static int
line_text(struct rows *r, enum field f, size_t max, const char **out,
          struct dun_err *err)
{
    size_t n;
    const char *p = rows_text(r, f, &n);

    return checked_copy(r, f, p, n, max, out, err);
}

/* An id or a number names a row everywhere (messages, listings, the
 * record): short printable text (docs/limits.md). */
static int
key_text(struct rows *r, enum field f, const char **out, struct dun_err *err)
{
    return line_text(r, f, ROWS_KEY_MAX, out, err);
}

static int
req_text(struct rows *r, enum field f, const char **out, struct dun_err *err)
{
    size_t n;
    const char *p = rows_text(r, f, &n);

    *out = "";
    if (n == 0)
        return field_error(r, f, "missing", err);
    if (f == F_NAME) {
        *out = arena_strndup(&r->arena, p, n);
        return 0;
    }
    return checked_copy(r, f, p, n, ROWS_KEY_MAX, out, err);
}

static int
get_date(struct rows *r, enum field f, int required, int32_t *day,
         struct dun_err *err)
{
    size_t n;
    const char *p = rows_text(r, f, &n);

    *day = DATE_INVALID;
    if (n == 0)
        return required ? field_error(r, f, "missing", err) : 0;
    if (format_parse_date(r->fmt, p, n, day) < 0)
        return dun_err_set(err, DUN_E_INPUT, "%s:%zu: %s: not a date (%s): "
                           "'%.*s'", r->path, r->line, format_field_name(f),
                           r->fmt->date_format, (int)(n > 40 ? 40 : n), p);
    if (!date_in_range(*day))
        return dun_err_set(err, DUN_E_INPUT, "%s:%zu: %s: outside the years "
                           "%d to %d: '%.*s'", r->path, r->line,
                           format_field_name(f), DATE_FIRST_YEAR,
                           DATE_LAST_YEAR, (int)(n > 40 ? 40 : n), p);
    return 0;
}

static int
get_currency(struct rows *r, const char *fallback, char *out,
             struct dun_err *err)
{
    size_t n;
    const char *p = rows_text(r, F_CURRENCY, &n);

    if (n == 0) {
        p = fallback;
        n = strlen(fallback);
        if (n == 0)
            return field_error(r, F_CURRENCY, "missing", err);
    }
    if (!currency_valid(p, n))
        return dun_err_set(err, DUN_E_INPUT,
                           "%s:%zu: currency: not an ISO 4217 code: '%.*s'",
                           r->path, r->line, (int)(n > 8 ? 8 : n), p);
    memcpy(out, p, 3);
    out[3] = '\0';
    return 0;
}

int
rows_amount(struct rows *r, enum field f, const char *currency, int64_t *out,
            struct dun_err *err)
{
    size_t n, m;
    const char *p = rows_text(r, f, &n), *why = NULL;
    char buf[64];

    if (n == 0)
        return 0;
    if (format_normalize_amount(r->fmt, p, n, buf, &m) < 0 ||
        money_parse(buf, m, currency_exponent(currency, 3), out, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "%s:%zu: %s: %s for %s: '%.*s'",
                           r->path, r->line, format_field_name(f),
                           why ? why : "not an amount", currency,
                           (int)(n > 40 ? 40 : n), p);
    if (*out > MONEY_MAX_AMOUNT || *out < -MONEY_MAX_AMOUNT) {
        char max[MONEY_FMT_MAX];
        int e = currency_exponent(currency, 3);

        money_format(MONEY_MAX_AMOUNT, e < 0 ? 2 : e, max);
        return dun_err_set(err, DUN_E_INPUT, "%s:%zu: %s: more than %s %s: "
                           "'%.*s'", r->path, r->line, format_field_name(f),
                           max, currency, (int)(n > 40 ? 40 : n), p);
    }
    return 1;
}

static int
req_amount(struct rows *r, enum field f, const char *currency, int64_t *out,
           struct dun_err *err)
{
    int rc = rows_amount(r, f, currency, out, err);

    if (rc == 0)
        return field_error(r, f, "missing", err);
    return rc < 0 ? -1 : 0;
}

static int
get_int(struct rows *r, enum field f, int lo, int hi, int *out,
        struct dun_err *err)
{
    size_t n;
    const char *p = rows_text(r, f, &n);
    long v = 0;

    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)p[i]) || v > 100000)
            return field_error(r, f, "not a whole number of days", err);
        v = v * 10 + (p[i] - '0');
    }
    if (v < lo || v > hi)
        return dun_err_set(err, DUN_E_INPUT, "%s:%zu: %s: out of range "
                           "%d..%d", r->path, r->line, format_field_name(f),
                           lo, hi);
    *out = (int)v;
    return 0;
}

/* ISO 3166 alpha-2 or ISO 639-1: two letters, or empty. */
static int
check_code(struct rows *r, enum field f, const char *v, struct dun_err *err)
{
    if (v[0] == '\0' || (isalpha((unsigned char)v[0]) &&
                         isalpha((unsigned char)v[1]) && v[2] == '\0'))
        return 0;
    return field_error(r, f, "not a two-letter code", err);
}

/* region and kind, both optional: "" is no region and a business. */
static int
get_region_kind(struct rows *r, struct customer *c, struct dun_err *err)
{
    const char *why = NULL, *kind;
    int k;

    c->region = text(r, F_REGION);
    if (contact_region_check(c->country, c->region, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "%s:%zu: region: %s: '%.8s'",
                           r->path, r->line, why, c->region);
    kind = text(r, F_KIND);
    if (kind[0] == '\0')
        return 0;
    if ((k = contact_kind_parse(kind)) < 0)
        return dun_err_set(
            err, DUN_E_INPUT,
            "%s:%zu: kind: not business, sole_trader or consumer: '%.16s'",
            r->path, r->line, kind);
    c->kind = (enum customer_kind)k;
    return 0;
}

/* What every row must be, whatever its kind: no value past the fields
 * the header names (it would be lost without a word), and text that is
 * UTF-8 (what dun prints and keeps must be). */
static int
row_check(struct rows *r, struct dun_err *err)
{
    /* Empty fields past the header lose nothing (some exports end every
     * row with a delimiter); a value does. */
    for (size_t i = r->width; i < r->nfields; i++)
        if (r->field[i].len > 0)
            return dun_err_set(err, DUN_E_INPUT, "%s:%zu: row: a value in "
                               "field %zu, the header has %zu", r->path,
                               r->line, i + 1, r->width);
    for (size_t i = 0; i < r->nfields; i++) {
        const struct csv_field *fl = &r->field[i];

        if (!contact_utf8_valid(fl->p, fl->len)) {
            for (int f = 0; f < F_COUNT; f++)
                if (r->col[f] == (int)i)
                    return field_error(r, (enum field)f, "not valid UTF-8",
                                       err);
            return dun_err_set(err, DUN_E_INPUT, "%s:%zu: column %zu: not "
                               "valid UTF-8", r->path, r->line, i + 1);
        }
    }
    return 0;
}

/* Text of lines (an address, a description: a CSV cell may hold them),
 * each printable, at most max bytes: a Windows line end becomes a plain
 * one, so that no carriage return reaches a letter. s is the row's own
 * copy. */
static int
lines_normalised(char *s, size_t max, const char **why)
{
    char *w = s;

    /* Most text has no carriage return: nothing to move. */
    while (*w && *w != '\r')
        w++;
    for (const char *p = w; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            *w++ = *p;
    *w = '\0';
    return contact_lines_check_len(s, (size_t)(w - s), max, why);
}

int
rows_contact(struct rows *r, struct customer *c, struct dun_err *err)
{
    const char *why;

    c->email = text(r, F_EMAIL);
    /* The address goes into e-mail headers: one bare address or nothing,
     * never a line break that would start a header of its own. */
    if (c->email[0] && contact_email_check(c->email, &why) < 0) {
        char reason[128];

        snprintf(reason, sizeof(reason), "not an e-mail address: %s", why);
        return field_error(r, F_EMAIL, reason, err);
    }
    c->phone = text(r, F_PHONE);
    c->address = text(r, F_ADDRESS);
    c->city = text(r, F_CITY);
    c->postal_code = text(r, F_POSTAL_CODE);
    /* What goes on an envelope and into letters: no form feed, carriage
     * return or terminal escape, within the lengths customer set allows;
     * the address alone may have lines. */
    {
        const struct { enum field f; const char *v; size_t max; } t[] = {
            {F_NAME, c->name, CONTACT_NAME_MAX},
            {F_PHONE, c->phone, CONTACT_PHONE_MAX},
            {F_CITY, c->city, CONTACT_CITY_MAX},
            {F_POSTAL_CODE, c->postal_code, CONTACT_POSTAL_CODE_MAX},
        };

        for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
            if (contact_text_check(t[i].v ? t[i].v : "", t[i].max, &why) < 0)
                return field_error(r, t[i].f, why, err);
        if (lines_normalised((char *)c->address, CONTACT_ADDRESS_MAX,
                             &why) < 0)
            return field_error(r, F_ADDRESS, why, err);
    }
    return 0;
}

int
rows_customer(struct rows *r, struct customer *c, struct dun_err *err)
{
    const char *why;

    memset(c, 0, sizeof(*c));
    if (row_check(r, err) < 0)
        return -1;
    c->terms_days = 30;
    if (req_text(r, F_ID, &c->id, err) < 0 ||
        req_text(r, F_NAME, &c->name, err) < 0 ||
        get_currency(r, "", c->currency, err) < 0)
        return -1;
    if (rows_contact(r, c, err) < 0)
        return -1;
    c->country = text(r, F_COUNTRY);
    c->language = text(r, F_LANGUAGE);
    if (check_code(r, F_COUNTRY, c->country, err) < 0 ||
        check_code(r, F_LANGUAGE, c->language, err) < 0 ||
        get_int(r, F_TERMS_DAYS, 0, 365, &c->terms_days, err) < 0 ||
        rows_amount(r, F_CREDIT_LIMIT, c->currency, &c->credit_limit, err) < 0)
        return -1;
    if (c->credit_limit < 0)
        return field_error(r, F_CREDIT_LIMIT, "negative", err);
    /* The person letters are addressed to: one line, as the name. */
    c->contact_name = text(r, F_CONTACT_NAME);
    if (contact_text_check(c->contact_name, CONTACT_PERSON_MAX, &why) < 0)
        return field_error(r, F_CONTACT_NAME, why, err);
    return get_region_kind(r, c, err);
}

/* What the read-ahead made of the current row stands when it converted
 * the row as kind: it converts none that names no currency (the
 * caller's stands in for it). */
static int
done_stands(const struct rows *r, enum record_kind kind)
{
    return r->done != NULL && r->done->kind == kind;
}

static int
done_result(const struct rows *r, struct dun_err *err)
{
    if (r->done->rc < 0) {
        *err = *r->done->err;
        return -1;
    }
    return 0;
}

int
rows_invoice(struct rows *r, const char *currency, struct invoice *inv,
             struct dun_err *err)
{
    size_t n;
    const char *type, *why;

    if (done_stands(r, REC_INVOICES)) {
        *inv = r->done->rec.inv;
        return done_result(r, err);
    }
    memset(inv, 0, sizeof(*inv));
    if (row_check(r, err) < 0 ||
        req_text(r, F_NUMBER, &inv->number, err) < 0 ||
        req_text(r, F_CUSTOMER_ID, &inv->customer_id, err) < 0 ||
        get_date(r, F_ISSUE_DATE, 1, &inv->issue_date, err) < 0 ||
        get_date(r, F_DUE_DATE, 0, &inv->due_date, err) < 0 ||
        get_currency(r, currency, inv->currency, err) < 0)
        return -1;
    type = rows_text(r, F_TYPE, &n);
    if (r->fmt->ntypes && n) {
        /* A mapping with [types] names every type its export uses. */
        size_t i;

        for (i = 0; i < r->fmt->ntypes; i++)
            if (strlen(r->fmt->types[i].value) == n &&
                strncasecmp(r->fmt->types[i].value, type, n) == 0)
                break;
        if (i == r->fmt->ntypes)
            return dun_err_set(err, DUN_E_INPUT, "%s:%zu: type: '%.*s' is "
                               "not in the mapping's [types]", r->path,
                               r->line, (int)n, type);
        inv->type = r->fmt->types[i].type;
    } else if (n == 0 || (n == 7 && memcmp(type, "invoice", 7) == 0))
        inv->type = INVOICE_PLAIN;
    else if (n == 11 && memcmp(type, "credit_note", 11) == 0)
        inv->type = INVOICE_CREDIT_NOTE;
    else
        return field_error(r, F_TYPE, "must be invoice or credit_note", err);
    if (r->col[F_TOTAL] >= 0 || r->fmt->fixed[F_TOTAL]) {
        if (req_amount(r, F_TOTAL, inv->currency, &inv->total, err) < 0)
            return -1;
        if (inv->total < 0)
            return field_error(r, F_TOTAL, inv->type == INVOICE_PLAIN
                               ? "negative (a credit is a row with type "
                                 "credit_note and a positive total)"
                               : "negative", err);
    }
    if (inv->due_date != DATE_INVALID && inv->due_date < inv->issue_date)
        return field_error(r, F_DUE_DATE, "before the issue date", err);
    inv->applies_to = text(r, F_APPLIES_TO);
    if (inv->applies_to[0] && inv->type != INVOICE_CREDIT_NOTE)
        return field_error(r, F_APPLIES_TO, "only a credit note applies to "
                           "an invoice", err);
    if (strcmp(inv->applies_to, inv->number) == 0)
        return field_error(r, F_APPLIES_TO, "names the row itself", err);
    inv->description = text(r, F_DESCRIPTION);
    if (inv->applies_to[0] && key_text(r, F_APPLIES_TO, &inv->applies_to,
                                       err) < 0)
        return -1;
    /* It may have lines (a Windows line end becomes a plain one), and
     * nothing a terminal or a letter would obey. */
    if (lines_normalised((char *)inv->description, ROWS_TEXT_MAX, &why) < 0)
        return field_error(r, F_DESCRIPTION, why, err);
    return 0;
}

int
rows_payment(struct rows *r, const char *currency, struct payment *p,
             struct dun_err *err)
{
    if (done_stands(r, REC_PAYMENTS)) {
        *p = r->done->rec.pay;
        return done_result(r, err);
    }
    memset(p, 0, sizeof(*p));
    if (row_check(r, err) < 0 ||
        req_text(r, F_ID, &p->id, err) < 0 ||
        get_date(r, F_DATE, 1, &p->date, err) < 0 ||
        req_text(r, F_CUSTOMER_ID, &p->customer_id, err) < 0 ||
        get_currency(r, currency, p->currency, err) < 0 ||
        req_amount(r, F_AMOUNT, p->currency, &p->amount, err) < 0)
        return -1;
    if (p->amount <= 0)
        return field_error(r, F_AMOUNT, "not positive (refunds are not "
                           "payments)", err);
    if (key_text(r, F_INVOICE_NUMBER, &p->invoice_number, err) < 0 ||
        key_text(r, F_METHOD, &p->method, err) < 0 ||
        line_text(r, F_REFERENCE, ROWS_TEXT_MAX, &p->reference, err) < 0)
        return -1;
    return 0;
}

void
rows_close(struct rows *r)
{
    rows_ahead_stop(r);
    csv_close(&r->csv);
    arena_release(&r->arena);
}
