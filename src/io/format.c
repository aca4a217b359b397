/*
 * format.c - canonical layout and mapping files.
 *
 * No I/O except reading the mapping file itself (through libinih).
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "core/contact.h"
#include "io/format.h"

static const char *const field_names[F_COUNT] = {
    [F_ID] = "id", [F_NAME] = "name", [F_EMAIL] = "email",
    [F_PHONE] = "phone", [F_ADDRESS] = "address", [F_CITY] = "city",
    [F_POSTAL_CODE] = "postal_code", [F_COUNTRY] = "country",
    [F_LANGUAGE] = "language", [F_TERMS_DAYS] = "payment_terms_days",
    [F_CREDIT_LIMIT] = "credit_limit", [F_REGION] = "region",
    [F_KIND] = "kind", [F_NUMBER] = "number",
    [F_CUSTOMER_ID] = "customer_id", [F_ISSUE_DATE] = "issue_date",
    [F_DUE_DATE] = "due_date", [F_TOTAL] = "total",
    [F_DESCRIPTION] = "description", [F_TYPE] = "type",
    [F_APPLIES_TO] = "applies_to", [F_AMOUNT_PAID] = "amount_paid",
    [F_AMOUNT_DUE] = "amount_due", [F_LINE_AMOUNT] = "line_amount",
    [F_TERMS] = "terms", [F_DATE] = "date",
    [F_INVOICE_NUMBER] = "invoice_number", [F_AMOUNT] = "amount",
    [F_METHOD] = "method", [F_REFERENCE] = "reference",
    [F_CURRENCY] = "currency", [F_CONTACT_NAME] = "contact_name",
};

/* Per kind: 0 unused, 1 optional, 2 required, 3 mapping only (not a
 * canonical column). Order of canonical columns is DESIGN.md's. */
static const unsigned char field_use[3][F_COUNT] = {
    [REC_CUSTOMERS] = {
        [F_ID] = 2, [F_NAME] = 2, [F_EMAIL] = 1, [F_PHONE] = 1,
        [F_ADDRESS] = 1, [F_CITY] = 1, [F_POSTAL_CODE] = 1, [F_COUNTRY] = 1,
        [F_LANGUAGE] = 1, [F_TERMS_DAYS] = 1, [F_CREDIT_LIMIT] = 1,
        [F_CURRENCY] = 2, [F_TERMS] = 3, [F_REGION] = 1, [F_KIND] = 1,
        [F_CONTACT_NAME] = 1,
    },
    [REC_INVOICES] = {
        [F_NUMBER] = 2, [F_CUSTOMER_ID] = 2, [F_ISSUE_DATE] = 2,
        [F_DUE_DATE] = 1, [F_CURRENCY] = 1, [F_TOTAL] = 2,
        [F_DESCRIPTION] = 1, [F_TYPE] = 1, [F_APPLIES_TO] = 1,
        [F_AMOUNT_PAID] = 3, [F_AMOUNT_DUE] = 3, [F_LINE_AMOUNT] = 3,
        [F_TERMS] = 3,
        /* for customers created from an export (create_customers) */
        [F_EMAIL] = 3, [F_PHONE] = 3, [F_ADDRESS] = 3, [F_CITY] = 3,
        [F_POSTAL_CODE] = 3, [F_COUNTRY] = 3,
    },
    [REC_PAYMENTS] = {
        [F_ID] = 2, [F_DATE] = 2, [F_CUSTOMER_ID] = 2,
        [F_INVOICE_NUMBER] = 1, [F_AMOUNT] = 2, [F_CURRENCY] = 1,
        [F_METHOD] = 1, [F_REFERENCE] = 1,
    },
};

static const char *const kind_names[] = {"customers", "invoices",
                                         "payments"};

int
format_kind(const char *s)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(s, kind_names[k]) == 0)
            return k;
    return -1;
}

const char *
format_kind_name(enum record_kind kind)
{
    return kind_names[kind];
}

const char *
format_field_name(enum field f)
{
    return field_names[f];
}

int
format_field_use(enum record_kind kind, enum field f)
{
    return field_use[kind][f];
}

static void
format_init(struct format *fmt, enum record_kind kind)
{
    memset(fmt, 0, sizeof(*fmt));
    fmt->kind = kind;
    snprintf(fmt->date_format, sizeof(fmt->date_format), "YYYY-MM-DD");
    fmt->decimal = '.';
    fmt->delimiter = ',';
}

void
format_canonical(struct format *fmt, enum record_kind kind)
{
    format_init(fmt, kind);
    fmt->canonical = 1;
    for (int f = 0; f < F_COUNT; f++)
        if (field_use[kind][f] == 1 || field_use[kind][f] == 2)
            fmt->column[f] = xstrdup(field_names[f]);
}

void
format_release(struct format *fmt)
{
    for (int f = 0; f < F_COUNT; f++) {
        free(fmt->column[f]);
        free(fmt->fixed[f]);
    }
    for (size_t i = 0; i < fmt->ntypes; i++)
        free(fmt->types[i].value);
    for (size_t i = 0; i < fmt->nskip; i++) {
        free(fmt->skip[i].column);
        free(fmt->skip[i].values);
    }
    free(fmt->path);
    memset(fmt, 0, sizeof(*fmt));
}

struct load_ctx {
    struct format *fmt;
    struct dun_err *err;
    int failed;
    int saw_mapping;
    FILE *fp;
    int line; /* libinih as packaged gives no line numbers: count them */
};

/* fgets for libinih, counting lines for error messages. A line longer
 * than libinih's buffer would be read as two, the second a bogus key
 * with a wrong number: it is refused at its own line instead. */
static char *
read_line(char *str, int num, void *stream)
{
    struct load_ctx *c = stream;
    char *s = fgets(str, num, c->fp);
    size_t n;

    if (s == NULL)
        return NULL;
    c->line++;
    n = strlen(s);
    if (!contact_utf8_valid(s, n)) {
        if (!c->failed)
            dun_err_set(c->err, DUN_E_INPUT, "%s:%d: not valid UTF-8",
                        c->fmt->path, c->line);
        c->failed = 1;
        s[0] = '\0';
        return s;
    }
    if (n > 0 && s[n - 1] != '\n' && !feof(c->fp)) {
        int ch;

        while ((ch = fgetc(c->fp)) != EOF && ch != '\n')
            ;
        if (!c->failed)
            dun_err_set(c->err, DUN_E_INPUT, "%s:%d: line longer than %d "
                        "characters", c->fmt->path, c->line, num - 2);
        c->failed = 1;
        s[0] = '\0';
    }
    return s;
}

static int
parse_bool(const char *v, int *out)
{
    if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
        strcmp(v, "1") == 0)
        *out = 1;
    else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 ||
             strcmp(v, "0") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

/* One separator character named in a mapping ("comma", ",", "none"). */
static int
parse_sep(const char *v, char *out)
{
    static const struct {
        const char *name;
        char c;
    } names[] = {
        {"comma", ','}, {"dot", '.'}, {"period", '.'}, {"semicolon", ';'},
        {"tab", '\t'}, {"space", ' '}, {"apostrophe", '\''}, {"none", 0},
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcasecmp(v, names[i].name) == 0) {
            *out = names[i].c;
            return 0;
        }
    if (strlen(v) == 1 && strchr(",.;' ", v[0])) {
        *out = v[0];
        return 0;
    }
    return -1;
}

static int
valid_date_format(const char *v)
{
    int y = 0, m = 0, d = 0;

    for (const char *p = v; *p;) {
        if (strncmp(p, "YYYY", 4) == 0)
            y++, p += 4;
        else if (strncmp(p, "MMM", 3) == 0 || strncmp(p, "MM", 2) == 0)
            m++, p += (p[2] == 'M' ? 3 : 2);
        else if (strncmp(p, "DD", 2) == 0)
            d++, p += 2;
        else if (*p == 'M')
            m++, p++;
        else if (*p == 'D')
            d++, p++;
        else if (isalnum((unsigned char)*p))
            return 0;
        else
            p++;
    }
    return y == 1 && m == 1 && d == 1;
}

/* Whether a field other than f reads column already. */
static int
column_taken(const struct format *fmt, int f, const char *column)
{
    for (int g = 0; g < F_COUNT; g++)
        if (g != f && fmt->column[g] && strcasecmp(fmt->column[g], column) == 0)
            return 1;
    return 0;
}

static int
on_ini(void *user, const char *section, const char *key, const char *value)
{
    struct load_ctx *c = user;
    int line = c->line;
    struct format *fmt = c->fmt;
    const char *why = NULL;

    if (c->failed)
        return 0;
    if (strcmp(section, "mapping") == 0) {
        c->saw_mapping = 1;
        if (strcmp(key, "kind") == 0) {
            if (format_kind(value) != (int)fmt->kind)
                why = "does not match the import kind";
        } else if (strcmp(key, "date_format") == 0) {
            if (!valid_date_format(value) ||
                strlen(value) >= sizeof(fmt->date_format))
                why = "needs one each of YYYY, MM/M/MMM and DD/D";
            else
                snprintf(fmt->date_format, sizeof(fmt->date_format), "%s",
                         value);
        } else if (strcmp(key, "decimal") == 0) {
            if (parse_sep(value, &fmt->decimal) < 0 ||
                (fmt->decimal != '.' && fmt->decimal != ','))
                why = "must be '.' or ','";
        } else if (strcmp(key, "thousands") == 0) {
            if (parse_sep(value, &fmt->thousands) < 0)
                why = "must be none, ',', '.', space or apostrophe";
        } else if (strcmp(key, "delimiter") == 0) {
            if (parse_sep(value, &fmt->delimiter) < 0 ||
                !strchr(",;\t", fmt->delimiter) || fmt->delimiter == 0)
                why = "must be comma, semicolon or tab";
        } else if (strcmp(key, "group_lines") == 0) {
            if (parse_bool(value, &fmt->group_lines) < 0)
                why = "must be yes or no";
        } else if (strcmp(key, "create_customers") == 0) {
            if (parse_bool(value, &fmt->create_customers) < 0)
                why = "must be yes or no";
        } else if (strcmp(key, "new_customer_currency") == 0) {
            if (!currency_valid(value, strlen(value)))
                why = "not an ISO 4217 currency code";
            else
                memcpy(fmt->new_customer_currency, value, 4);
        } else {
            why = "unknown key";
        }
    } else if (strcmp(section, "columns") == 0 ||
               strcmp(section, "defaults") == 0) {
        int f;

        for (f = 0; f < F_COUNT; f++)
            if (strcmp(key, field_names[f]) == 0)
                break;
        if (f == F_COUNT || field_use[fmt->kind][f] == 0)
            why = "not a field of this kind";
        else if (section[0] == 'c' && column_taken(fmt, f, value))
            /* The header check would then miss it for one of them. */
            why = "its column feeds another field already (a column "
                  "feeds one field)";
        else if (section[0] == 'c') {
            free(fmt->column[f]);
            fmt->column[f] = xstrdup(value);
        } else {
            free(fmt->fixed[f]);
            fmt->fixed[f] = xstrdup(value);
        }
    } else if (strcmp(section, "types") == 0) {
        if (fmt->kind != REC_INVOICES)
            why = "types are for invoices";
        else if (fmt->ntypes == FORMAT_MAX_RULES)
            why = "too many types";
        else if (strcmp(value, "invoice") != 0 &&
                 strcmp(value, "credit_note") != 0)
            why = "must be invoice or credit_note";
        else
            fmt->types[fmt->ntypes++] = (struct format_type){
                xstrdup(key), value[0] == 'i' ? INVOICE_PLAIN
                                              : INVOICE_CREDIT_NOTE };
    } else if (strcmp(section, "skip") == 0) {
        if (fmt->nskip == FORMAT_MAX_RULES)
            why = "too many skip rules";
        else
            fmt->skip[fmt->nskip++] = (struct format_skip){ xstrdup(key),
                                                            xstrdup(value) };
    } else {
        why = "unknown section";
    }
    if (why) {
        c->failed = 1;
        dun_err_set(c->err, DUN_E_INPUT, "%s:%d: %s: %s", fmt->path, line,
                    key, why);
        return 0;
    }
    return 1;
}

int
format_load(struct format *fmt, enum record_kind kind, const char *path,
            struct dun_err *err)
{
    struct load_ctx c = {fmt, err, 0, 0, NULL, 0};
    FILE *fp;
    int rc;

    format_init(fmt, kind);
    fmt->path = xstrdup(path);
    if ((fp = fopen(path, "r")) == NULL) {
        char buf[128];
        return dun_err_set(err, DUN_E_IO, "%s: cannot open: %s", path,
                           errstr(errno, buf, sizeof(buf)));
    }
    c.fp = fp;
    rc = ini_parse_stream(read_line, &c, on_ini, &c);
    fclose(fp);
    if (c.failed)
        return -1;
    if (rc != 0)
        return dun_err_set(err, DUN_E_INPUT, "%s:%d: not an INI line", path,
                           rc);
    if (!c.saw_mapping)
        return dun_err_set(err, DUN_E_INPUT, "%s: no [mapping] section",
                           path);
    /* 1,50 with both ',' would read as 150. */
    if (fmt->thousands && fmt->thousands == fmt->decimal)
        return dun_err_set(err, DUN_E_INPUT, "%s: thousands: the same "
                           "separator as decimal ('%c')", path,
                           fmt->decimal);
    for (int f = 0; f < F_COUNT; f++)
        if (field_use[kind][f] == 2 && !fmt->column[f] && !fmt->fixed[f] &&
            !(f == F_TOTAL && fmt->column[F_LINE_AMOUNT]))
            return dun_err_set(err, DUN_E_INPUT,
                               "%s: columns: %s: required field not mapped",
                               path, field_names[f]);
    return 0;
}

static int
take_digits(const char **p, const char *end, int min, int max, int *out)
{
    int n = 0, v = 0;

    while (*p < end && n < max && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n < min)
        return -1;
    *out = v;
    return 0;
}

int
format_parse_date(const struct format *fmt, const char *s, size_t len,
                  int32_t *day)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    const char *p = s, *end = s + len;
    const char *f = fmt->date_format;
    int y = 0, m = 0, d = 0;

    if (strcmp(f, "YYYY-MM-DD") == 0)
        return date_parse(s, len, day);
    while (*f) {
        int rc = 0;

        if (strncmp(f, "YYYY", 4) == 0) {
            rc = take_digits(&p, end, 4, 4, &y);
            f += 4;
        } else if (strncmp(f, "MMM", 3) == 0) {
            rc = -1;
            if (end - p >= 3)
                for (int i = 0; i < 12; i++)
                    if (strncasecmp(p, months + 3 * i, 3) == 0) {
                        m = i + 1;
                        p += 3;
                        rc = 0;
                        break;
                    }
            f += 3;
        } else if (strncmp(f, "MM", 2) == 0 || strncmp(f, "DD", 2) == 0) {
            rc = take_digits(&p, end, 2, 2, f[0] == 'M' ? &m : &d);
            f += 2;
        } else if (*f == 'M' || *f == 'D') {
            rc = take_digits(&p, end, 1, 2, *f == 'M' ? &m : &d);
            f++;
        } else {
            rc = p < end && *p == *f ? 0 : -1;
            p++;
            f++;
        }
        if (rc < 0)
            return -1;
    }
    if (p != end || !date_valid_ymd(y, m, d))
        return -1;
    *day = date_from_ymd(y, m, d);
    return 0;
}

int
format_normalize_amount(const struct format *fmt, const char *s, size_t len,
                        char *out, size_t *outlen)
{
    size_t n = 0, group = 0;
    int grouped = 0, fraction = 0;

    if (len >= 63)
        return -1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        /* Thousands separators only where they belong: 1.234.567,00,
         * never 1.2.3.4,00 or in the fraction. */
        if (fmt->thousands && c == fmt->thousands) {
            if (fraction || group == 0 || group > 3 || (grouped && group != 3))
                return -1;
            grouped = 1;
            group = 0;
            continue;
        }
        if (c >= '0' && c <= '9')
            group++;
        else if (c == fmt->decimal) {
            if (grouped && group != 3)
                return -1;
            fraction = 1;
        } else if (c != '-' && c != '+')
            group = 0;
        if (c == fmt->decimal)
            c = '.';
        else if (c == '.')
            return -1; /* a '.' that is neither separator */
        out[n++] = c;
    }
    if (grouped && !fraction && group != 3)
        return -1;
    out[n] = '\0';
    *outlen = n;
    return 0;
}
