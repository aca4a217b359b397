#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "io/format.h"

static struct format
with_dates(const char *date_format)
{
    struct format f;

    format_canonical(&f, REC_INVOICES);
    snprintf(f.date_format, sizeof(f.date_format), "%s", date_format);
    return f;
}

static int32_t
parse(const struct format *f, const char *s)
{
    int32_t day;

    return format_parse_date(f, s, strlen(s), &day) < 0 ? DATE_INVALID : day;
}

static void
test_date_formats(void **state)
{
    struct format iso = with_dates("YYYY-MM-DD"), dmy = with_dates("DD/MM/YYYY");
    struct format mdy = with_dates("M/D/YYYY"), mon = with_dates("MMM D YYYY");

    (void)state;
    assert_int_equal(parse(&iso, "2026-02-03"), date_from_ymd(2026, 2, 3));
    assert_int_equal(parse(&dmy, "03/02/2026"), date_from_ymd(2026, 2, 3));
    assert_int_equal(parse(&mdy, "2/3/2026"), date_from_ymd(2026, 2, 3));
    assert_int_equal(parse(&mdy, "12/31/2026"), date_from_ymd(2026, 12, 31));
    assert_int_equal(parse(&mon, "Jan 28 2021"), date_from_ymd(2021, 1, 28));
    assert_int_equal(parse(&mon, "feb 1 2024"), date_from_ymd(2024, 2, 1));
    /* Strict: real days only, exact separators and widths, nothing more. */
    assert_int_equal(parse(&dmy, "29/02/2026"), DATE_INVALID);
    assert_int_equal(parse(&dmy, "29/02/2024"), date_from_ymd(2024, 2, 29));
    assert_int_equal(parse(&dmy, "3/2/2026"), DATE_INVALID);
    assert_int_equal(parse(&dmy, "03-02-2026"), DATE_INVALID);
    assert_int_equal(parse(&dmy, "03/02/2026 "), DATE_INVALID);
    assert_int_equal(parse(&dmy, "03/13/2026"), DATE_INVALID);
    assert_int_equal(parse(&dmy, ""), DATE_INVALID);
    assert_int_equal(parse(&mdy, "2/3/26"), DATE_INVALID);
    assert_int_equal(parse(&mon, "Jnu 28 2021"), DATE_INVALID);
    assert_int_equal(parse(&iso, "2026-02-30"), DATE_INVALID);
    format_release(&iso);
    format_release(&dmy);
    format_release(&mdy);
    format_release(&mon);
}

static const char *
norm(struct format *f, char decimal, char thousands, const char *s)
{
    static char out[64];
    size_t n;

    f->decimal = decimal;
    f->thousands = thousands;
    if (format_normalize_amount(f, s, strlen(s), out, &n) < 0)
        return "ERROR";
    assert_int_equal(n, strlen(out));
    return out;
}

static void
test_amount_styles(void **state)
{
    struct format f;

    (void)state;
    format_canonical(&f, REC_INVOICES);
    assert_string_equal(norm(&f, '.', 0, "1234.50"), "1234.50");
    assert_string_equal(norm(&f, '.', ',', "1,234.50"), "1234.50");
    assert_string_equal(norm(&f, ',', '.', "1.234,50"), "1234.50");
    assert_string_equal(norm(&f, ',', ' ', "1 234,50"), "1234.50");
    assert_string_equal(norm(&f, '.', '\'', "1'234.50"), "1234.50");
    /* A '.' that is neither the decimal mark nor the thousands one. */
    assert_string_equal(norm(&f, ',', 0, "1.234,50"), "ERROR");
    /* Thousands separators only between groups of three. */
    assert_string_equal(norm(&f, ',', '.', "1.234.567,00"), "1234567.00");
    assert_string_equal(norm(&f, ',', '.', "-12.345"), "-12345");
    assert_string_equal(norm(&f, ',', '.', "1.2.3.4,00"), "ERROR");
    assert_string_equal(norm(&f, ',', '.', "1234.567,00"), "ERROR");
    assert_string_equal(norm(&f, ',', '.', "1.23,00"), "ERROR");
    assert_string_equal(norm(&f, ',', '.', "1.2345"), "ERROR");
    assert_string_equal(norm(&f, ',', '.', ".123,00"), "ERROR");
    assert_string_equal(norm(&f, '.', ',', "1,234.5,0"), "ERROR");
    /* Too long to be an amount. */
    assert_string_equal(norm(&f, '.', 0, "1234567890123456789012345678901234"
                                         "5678901234567890123456789012345"),
                        "ERROR");
    format_release(&f);
}

/* Write text to a temp mapping file and load it for kind. */
static int
load(const char *text, enum record_kind kind, struct format *f,
     struct dun_err *err, char *path)
{
    int fd;

    strcpy(path, "/tmp/dun-test-map-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return format_load(f, kind, path, err);
}

static void
test_mapping_loads(void **state)
{
    struct format f;
    struct dun_err err = DUN_ERR_INIT;
    char path[64];

    (void)state;
    assert_int_equal(load("; Xero-like\n[mapping]\nkind = invoices\n"
                          "date_format = DD/MM/YYYY\ndecimal = ,\n"
                          "thousands = dot\ndelimiter = semicolon\n"
                          "group_lines = yes\ncreate_customers = true\n"
                          "new_customer_currency = NZD\n"
                          "[columns]\nnumber = InvoiceNumber\n"
                          "customer_id = *ContactName\nissue_date = Date\n"
                          "line_amount = LineAmount\n"
                          "[defaults]\ncurrency = EUR\n"
                          "[types]\nSales Invoice = invoice\n"
                          "Sales Credit = credit_note\n"
                          "[skip]\nStatus = Draft, Voided\n",
                          REC_INVOICES, &f, &err, path), 0);
    unlink(path);
    assert_string_equal(f.date_format, "DD/MM/YYYY");
    assert_int_equal(f.decimal, ',');
    assert_int_equal(f.thousands, '.');
    assert_int_equal(f.delimiter, ';');
    assert_int_equal(f.group_lines, 1);
    assert_int_equal(f.create_customers, 1);
    assert_string_equal(f.new_customer_currency, "NZD");
    assert_string_equal(f.column[F_NUMBER], "InvoiceNumber");
    assert_string_equal(f.column[F_CUSTOMER_ID], "*ContactName");
    assert_null(f.column[F_TOTAL]); /* line_amount stands in for it */
    assert_string_equal(f.fixed[F_CURRENCY], "EUR");
    assert_int_equal(f.ntypes, 2);
    assert_string_equal(f.types[1].value, "Sales Credit");
    assert_int_equal(f.types[1].type, INVOICE_CREDIT_NOTE);
    assert_int_equal(f.nskip, 1);
    assert_string_equal(f.skip[0].column, "Status");
    assert_string_equal(f.skip[0].values, "Draft, Voided");
    format_release(&f);
}

static void
test_mapping_errors(void **state)
{
    static const struct {
        const char *text;
        enum record_kind kind;
        const char *want; /* after "PATH" */
    } cases[] = {
        { "[mapping]\nkind = payments\n", REC_INVOICES,
          ":2: kind: does not match the import kind" },
        { "[mapping]\ndate_format = YYYY-MM\n", REC_INVOICES,
          ":2: date_format: needs one each of YYYY, MM/M/MMM and DD/D" },
        { "[mapping]\n\ndecimal = ;\n", REC_INVOICES,
          ":3: decimal: must be '.' or ','" },
        { "[mapping]\ndelimiter = pipe\n", REC_INVOICES,
          ":2: delimiter: must be comma, semicolon or tab" },
        { "[mapping]\ncolour = red\n", REC_INVOICES, ":2: colour: unknown key" },
        { "[mapping]\nnew_customer_currency = EURO\n", REC_INVOICES,
          ":2: new_customer_currency: not an ISO 4217 currency code" },
        { "[mapping]\n[columns]\nline_amount = X\n", REC_PAYMENTS,
          ":3: line_amount: not a field of this kind" },
        { "[mapping]\n[types]\nA = invoice\n", REC_PAYMENTS,
          ":3: A: types are for invoices" },
        { "[maping]\nkind = invoices\n", REC_INVOICES,
          ":2: kind: unknown section" },
        { "[mapping]\nthis is not ini\n", REC_INVOICES,
          ":2: not an INI line" },
        { "[columns]\nnumber = N\n", REC_INVOICES, ": no [mapping] section" },
        { "[mapping]\nkind = invoices\n[columns]\nnumber = N\n"
          "customer_id = C\nissue_date = D\n", REC_INVOICES,
          ": columns: total: required field not mapped" },
        /* 1,50 would read as 150. */
        { "[mapping]\nkind = invoices\ndecimal = ,\nthousands = ,\n"
          "[columns]\nnumber = N\ncustomer_id = C\nissue_date = D\n"
          "total = T\n", REC_INVOICES,
          ": thousands: the same separator as decimal (',')" },
        /* Too long for libinih: refused at its own line, not split into
         * a bogus key with a wrong number. */
        { "[mapping]\nkind = invoices\n[columns]\nnumber = "
          "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"
          "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"
          "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"
          "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN\n"
          "customer_id = C\n", REC_INVOICES,
          ":4: line longer than 198 characters" },
        { "[mapping]\nkind = invoices\n[columns]\nnumber = Num\xe9ro\n",
          REC_INVOICES, ":4: not valid UTF-8" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct format f;
        struct dun_err err = DUN_ERR_INIT;
        char path[64], want[256];

        assert_int_equal(load(cases[i].text, cases[i].kind, &f, &err, path),
                         -1);
        unlink(path);
        snprintf(want, sizeof(want), "%s%s", path, cases[i].want);
        assert_string_equal(err.msg, want);
        assert_int_equal(err.code, DUN_E_INPUT);
        format_release(&f);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_formats),
        cmocka_unit_test(test_amount_styles),
        cmocka_unit_test(test_mapping_loads),
        cmocka_unit_test(test_mapping_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
