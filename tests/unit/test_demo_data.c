#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/demo_data.h"
#include "core/date.h"
#include "core/money.h"
#include "io/csv.h"

#define AS_OF "2026-06-30"
#define SEED 20260630

static const char *const file_names[3] = { "customers.csv", "invoices.csv",
                                           "payments.csv" };

/* DESIGN.md section 5: the canonical header rows, exactly. */
static const char *const headers[3] = {
    ("id,name,email,phone,address,city,postal_code,country,language,"
     "payment_terms_days,credit_limit,currency"),
    "number,customer_id,issue_date,due_date,currency,total,description",
    "id,date,customer_id,invoice_number,amount,currency,method,reference",
};
static const size_t widths[3] = { 12, 7, 8 };

enum { C_ID, C_NAME, C_COUNTRY = 7, C_TERMS = 9, C_LIMIT, C_CURRENCY };
enum { I_NUMBER, I_CUSTOMER, I_ISSUE, I_DUE, I_CURRENCY, I_TOTAL };
enum { P_ID, P_DATE, P_CUSTOMER, P_INVOICE, P_AMOUNT, P_CURRENCY };

struct table {
    size_t nrows, ncols; /* header not counted */
    char **cell;         /* nrows * ncols NUL-terminated strings */
};

struct demo {
    char dir[32];
    int32_t as_of;
    struct table t[3];
};

static void
make_dir(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/dun-demo-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void
remove_dir(const char *dir)
{
    char path[64];

    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, file_names[i]);
        unlink(path);
    }
    assert_int_equal(rmdir(dir), 0); /* also: no stray .tmp files */
}

static void
write_demo(const char *dir, int customers, const char *as_of, uint64_t seed)
{
    struct demo_data_opts o = { customers, date_from_iso(as_of), seed };
    struct dun_err err = DUN_ERR_INIT;

    if (demo_data_write(dir, &o, &err) < 0)
        fail_msg("demo_data_write: %s", err.msg);
}

static char *
slurp(const char *dir, const char *name, size_t *len)
{
    char path[64];
    FILE *fp;
    char *buf;
    long n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

/* Read file k of dir through the real CSV reader: the header must be
 * DESIGN.md's and every record exactly as wide. */
static void
load_table(const char *dir, size_t k, struct table *t)
{
    struct csv_reader rd = CSV_READER_INIT;
    struct dun_err err = DUN_ERR_INIT;
    char path[64], header[256] = "";
    size_t cap = 0;
    int rc;

    snprintf(path, sizeof(path), "%s/%s", dir, file_names[k]);
    if (csv_open(&rd, path, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(csv_next(&rd, &err), 1);
    for (size_t f = 0; f < rd.nfields; f++)
        snprintf(header + strlen(header), sizeof(header) - strlen(header),
                 "%s%.*s", f ? "," : "", (int)rd.fields[f].len, rd.fields[f].p);
    assert_string_equal(header, headers[k]);
    t->nrows = 0;
    t->ncols = widths[k];
    t->cell = NULL;
    while ((rc = csv_next(&rd, &err)) == 1) {
        if (rd.nfields != t->ncols)
            fail_msg("%s:%zu: %zu fields, want %zu", path, rd.line, rd.nfields,
                     t->ncols);
        if ((t->nrows + 1) * t->ncols > cap) {
            cap = cap ? 2 * cap : 1024 * t->ncols;
            t->cell = realloc(t->cell, cap * sizeof(*t->cell));
            assert_non_null(t->cell);
        }
        for (size_t f = 0; f < t->ncols; f++) {
            char *s = malloc(rd.fields[f].len + 1);

            assert_non_null(s);
            memcpy(s, rd.fields[f].p, rd.fields[f].len);
            s[rd.fields[f].len] = '\0';
            t->cell[t->nrows * t->ncols + f] = s;
        }
        t->nrows++;
    }
    if (rc < 0)
        fail_msg("%s", err.msg);
    csv_close(&rd);
}

static void
free_table(struct table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cell[i]);
    free(t->cell);
}

static const char *
cell(const struct table *t, size_t row, size_t col)
{
    return t->cell[row * t->ncols + col];
}

/* A column sorted for bsearch: find_row gives the row of a key, or
 * SIZE_MAX (keys are unique: test_keys_are_unique). */
struct key_index {
    const char *key;
    size_t row;
};

static int
key_cmp(const void *a, const void *b)
{
    return strcmp(((const struct key_index *)a)->key,
                  ((const struct key_index *)b)->key);
}

static struct key_index *
index_column(const struct table *t, size_t col)
{
    struct key_index *ix = calloc(t->nrows + 1, sizeof(*ix));

    assert_non_null(ix);
    for (size_t i = 0; i < t->nrows; i++) {
        ix[i].key = cell(t, i, col);
        ix[i].row = i;
    }
    qsort(ix, t->nrows, sizeof(*ix), key_cmp);
    return ix;
}

static size_t
find_row(const struct key_index *ix, size_t n, const char *key)
{
    struct key_index want = { key, 0 };
    const struct key_index *hit = bsearch(&want, ix, n, sizeof(*ix), key_cmp);

    return hit ? hit->row : SIZE_MAX;
}

static int32_t
day_of(const char *s)
{
    int32_t d;

    if (date_parse(s, strlen(s), &d) < 0)
        fail_msg("not a date: '%s'", s);
    return d;
}

static int64_t
cents_of(const char *s)
{
    int64_t v;

    if (money_parse(s, strlen(s), 2, &v, NULL) < 0)
        fail_msg("not an amount: '%s'", s);
    return v;
}

/* One data set, written and read once, for the checks that only read. */
static int
setup(void **state)
{
    struct demo *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    make_dir(d->dir, sizeof(d->dir));
    d->as_of = date_from_iso(AS_OF);
    write_demo(d->dir, 300, AS_OF, SEED);
    for (size_t k = 0; k < 3; k++)
        load_table(d->dir, k, &d->t[k]);
    *state = d;
    return 0;
}

static int
teardown(void **state)
{
    struct demo *d = *state;

    for (size_t k = 0; k < 3; k++)
        free_table(&d->t[k]);
    remove_dir(d->dir);
    free(d);
    return 0;
}

static void
test_same_seed_gives_identical_bytes(void **state)
{
    struct demo *d = *state;
    char dir[32];

    make_dir(dir, sizeof(dir));
    write_demo(dir, 300, AS_OF, SEED);
    for (size_t k = 0; k < 3; k++) {
        size_t la, lb;
        char *a = slurp(d->dir, file_names[k], &la);
        char *b = slurp(dir, file_names[k], &lb);

        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        free(a);
        free(b);
    }
    remove_dir(dir);
}

static void
test_other_seed_gives_other_files(void **state)
{
    struct demo *d = *state;
    char dir[32];

    make_dir(dir, sizeof(dir));
    write_demo(dir, 300, AS_OF, SEED + 1);
    for (size_t k = 0; k < 3; k++) {
        size_t la, lb;
        char *a = slurp(d->dir, file_names[k], &la);
        char *b = slurp(dir, file_names[k], &lb);

        assert_false(la == lb && memcmp(a, b, la) == 0);
        free(a);
        free(b);
    }
    remove_dir(dir);
}

/* load_table already checked headers and widths; here: sizes. */
static void
test_files_have_expected_rows(void **state)
{
    struct demo *d = *state;
    const struct table *inv = &d->t[1], *pay = &d->t[2];

    assert_int_equal(d->t[0].nrows, 300);
    assert_string_equal(cell(&d->t[0], 0, C_ID), "C0001");
    assert_string_equal(cell(&d->t[0], 299, C_ID), "C0300");
    /* 2-4 invoices a customer a month: 7,200 .. 14,400 in a year. */
    assert_in_range(inv->nrows, 7200, 14400);
    assert_string_equal(cell(inv, 0, I_NUMBER), "INV-000001");
    assert_string_equal(cell(pay, 0, P_ID), "P000001");
    /* Most invoices are paid by someone. */
    assert_in_range(pay->nrows, inv->nrows / 2, inv->nrows * 3 / 2);
}

static void
test_files_are_lf_utf8_without_bom(void **state)
{
    struct demo *d = *state;

    for (size_t k = 0; k < 3; k++) {
        size_t len, i = 0;
        char *buf = slurp(d->dir, file_names[k], &len);
        const unsigned char *s = (const unsigned char *)buf;

        assert_true(len > 0 && buf[len - 1] == '\n');
        assert_null(memchr(buf, '\r', len));
        assert_false(len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0);
        while (i < len) { /* well-formed UTF-8, 1 to 4 bytes */
            size_t n = s[i] < 0x80             ? 1
                       : (s[i] & 0xE0) == 0xC0 ? 2
                       : (s[i] & 0xF0) == 0xE0 ? 3
                       : (s[i] & 0xF8) == 0xF0 ? 4
                                               : 0;

            assert_true(n > 0 && i + n <= len);
            for (size_t j = 1; j < n; j++)
                assert_true((s[i + j] & 0xC0) == 0x80);
            i += n;
        }
        free(buf);
    }
}

/* The names that make RFC 4180 quoting matter come back intact. */
static void
test_names_need_quoting_and_utf8(void **state)
{
    struct demo *d = *state;
    const struct table *c = &d->t[0];
    size_t comma = 0, quote = 0, wide = 0;

    for (size_t i = 0; i < c->nrows; i++) {
        const char *name = cell(c, i, C_NAME);

        comma += strchr(name, ',') != NULL;
        quote += strchr(name, '"') != NULL;
        for (const char *p = name; *p; p++)
            if ((unsigned char)*p >= 0x80) {
                wide++;
                break;
            }
    }
    assert_true(comma >= 3);
    assert_in_range(quote, 1, 2);
    assert_true(wide >= 10);
}

static void
test_keys_are_unique(void **state)
{
    struct demo *d = *state;
    static const size_t col[3] = { C_ID, I_NUMBER, P_ID };

    for (size_t k = 0; k < 3; k++) {
        struct key_index *ix = index_column(&d->t[k], col[k]);

        for (size_t i = 1; i < d->t[k].nrows; i++)
            if (strcmp(ix[i - 1].key, ix[i].key) == 0)
                fail_msg("%s: duplicate key %s", file_names[k], ix[i].key);
        free(ix);
    }
}

static void
test_customers_fields_are_consistent(void **state)
{
    struct demo *d = *state;
    const struct table *c = &d->t[0];
    static const struct {
        const char *country, *currency, *language;
    } want[] = {
        { "US", "USD", "en" }, { "GB", "GBP", "en" }, { "DE", "EUR", "de" },
        { "FR", "EUR", "fr" }, { "NL", "EUR", "nl" },
    };

    for (size_t i = 0; i < c->nrows; i++) {
        const char *terms = cell(c, i, C_TERMS);
        size_t k;

        for (k = 0; k < 5; k++)
            if (strcmp(cell(c, i, C_COUNTRY), want[k].country) == 0)
                break;
        assert_true(k < 5);
        assert_string_equal(cell(c, i, C_CURRENCY), want[k].currency);
        assert_string_equal(cell(c, i, 8), want[k].language);
        assert_non_null(strchr(cell(c, i, 2), '@'));
        assert_true(strcmp(terms, "0") == 0 || strcmp(terms, "14") == 0 ||
                    strcmp(terms, "30") == 0 || strcmp(terms, "60") == 0);
        assert_true(cents_of(cell(c, i, C_LIMIT)) > 0);
    }
}

/* Data covers the 12 months up to and including as_of, nothing after;
 * due = issue + the customer's terms (so a due date may pass as_of). */
static void
test_no_date_after_as_of(void **state)
{
    struct demo *d = *state;
    const struct table *c = &d->t[0], *inv = &d->t[1], *pay = &d->t[2];
    struct key_index *cix = index_column(c, C_ID);
    struct key_index *iix = index_column(inv, I_NUMBER);
    int32_t first = date_add_days(date_add_months(d->as_of, -12), 1);
    int at_first = 0, at_last = 0;

    for (size_t i = 0; i < inv->nrows; i++) {
        int32_t issue = day_of(cell(inv, i, I_ISSUE));
        size_t cr = find_row(cix, c->nrows, cell(inv, i, I_CUSTOMER));

        assert_true(cr != SIZE_MAX);
        assert_in_range(issue, first, d->as_of);
        at_first |= issue - first < 7;
        at_last |= d->as_of - issue < 7;
        assert_int_equal(day_of(cell(inv, i, I_DUE)),
                         issue + atoi(cell(c, cr, C_TERMS)));
        if (i > 0) /* numbered in issue order */
            assert_true(issue >= day_of(cell(inv, i - 1, I_ISSUE)));
    }
    assert_true(at_first && at_last);
    for (size_t i = 0; i < pay->nrows; i++) {
        int32_t date = day_of(cell(pay, i, P_DATE));
        size_t ir = find_row(iix, inv->nrows, cell(pay, i, P_INVOICE));

        assert_true(date <= d->as_of);
        if (ir != SIZE_MAX)
            assert_true(date >= day_of(cell(inv, ir, I_ISSUE)));
        if (i > 0) /* numbered in date order */
            assert_true(date >= day_of(cell(pay, i - 1, P_DATE)));
    }
    free(cix);
    free(iix);
}

static void
test_payments_match_their_invoices(void **state)
{
    struct demo *d = *state;
    const struct table *c = &d->t[0], *inv = &d->t[1], *pay = &d->t[2];
    struct key_index *cix = index_column(c, C_ID);
    struct key_index *iix = index_column(inv, I_NUMBER);
    int64_t *paid = calloc(inv->nrows + 1, sizeof(*paid));
    size_t unapplied = 0;

    assert_non_null(paid);
    for (size_t i = 0; i < inv->nrows; i++) {
        size_t cr = find_row(cix, c->nrows, cell(inv, i, I_CUSTOMER));

        assert_true(cr != SIZE_MAX);
        assert_string_equal(cell(inv, i, I_CURRENCY), cell(c, cr, C_CURRENCY));
    }
    for (size_t i = 0; i < pay->nrows; i++) {
        const char *number = cell(pay, i, P_INVOICE);
        size_t ir = find_row(iix, inv->nrows, number);

        assert_true(find_row(cix, c->nrows, cell(pay, i, P_CUSTOMER)) !=
                    SIZE_MAX);
        if (number[0] == '\0') {
            unapplied++;
            continue;
        }
        if (ir == SIZE_MAX)
            fail_msg("payment %s: unknown invoice %s", cell(pay, i, P_ID),
                     number);
        assert_string_equal(cell(pay, i, P_CUSTOMER),
                            cell(inv, ir, I_CUSTOMER));
        assert_string_equal(cell(pay, i, P_CURRENCY),
                            cell(inv, ir, I_CURRENCY));
        paid[ir] += cents_of(cell(pay, i, P_AMOUNT));
    }
    /* About 2% of payments name no invoice. */
    assert_in_range(unapplied, pay->nrows / 200, pay->nrows / 20);
    for (size_t i = 0; i < inv->nrows; i++)
        assert_true(paid[i] <= cents_of(cell(inv, i, I_TOTAL)));
    free(paid);
    free(cix);
    free(iix);
}

static void
test_amounts_parse_and_stay_in_range(void **state)
{
    struct demo *d = *state;
    const struct table *inv = &d->t[1], *pay = &d->t[2];

    for (size_t i = 0; i < inv->nrows; i++)
        assert_in_range(cents_of(cell(inv, i, I_TOTAL)), 5000, 2000000);
    for (size_t i = 0; i < pay->nrows; i++)
        assert_true(cents_of(cell(pay, i, P_AMOUNT)) > 0);
}

/* The demo is about collections: open money in every aging bucket. */
static void
test_open_items_fill_every_aging_bucket(void **state)
{
    struct demo *d = *state;
    const struct table *inv = &d->t[1], *pay = &d->t[2];
    struct key_index *iix = index_column(inv, I_NUMBER);
    int64_t *open = calloc(inv->nrows + 1, sizeof(*open));
    size_t bucket[5] = { 0 }, paid_off = 0;

    assert_non_null(open);
    for (size_t i = 0; i < inv->nrows; i++)
        open[i] = cents_of(cell(inv, i, I_TOTAL));
    for (size_t i = 0; i < pay->nrows; i++) {
        size_t ir = find_row(iix, inv->nrows, cell(pay, i, P_INVOICE));

        if (ir != SIZE_MAX)
            open[ir] -= cents_of(cell(pay, i, P_AMOUNT));
    }
    for (size_t i = 0; i < inv->nrows; i++) {
        int32_t late = d->as_of - day_of(cell(inv, i, I_DUE));

        if (open[i] == 0) {
            paid_off++;
            continue;
        }
        bucket[late <= 0    ? 0
               : late <= 30 ? 1
               : late <= 60 ? 2
               : late <= 90 ? 3
                            : 4]++;
    }
    for (size_t b = 0; b < 5; b++)
        assert_true(bucket[b] >= 20);
    assert_true(paid_off > inv->nrows / 2);
    free(open);
    free(iix);
}

/* Boundaries: one customer works; an as-of on a leap day works. */
static void
test_one_customer_on_a_leap_day(void **state)
{
    struct table t[3];
    char dir[32];

    (void)state;
    make_dir(dir, sizeof(dir));
    write_demo(dir, 1, "2028-02-29", 7);
    for (size_t k = 0; k < 3; k++)
        load_table(dir, k, &t[k]);
    assert_int_equal(t[0].nrows, 1);
    assert_true(t[1].nrows >= 1);
    for (size_t i = 0; i < t[1].nrows; i++)
        assert_in_range(day_of(cell(&t[1], i, I_ISSUE)),
                        date_from_iso("2027-03-01"),
                        date_from_iso("2028-02-29"));
    for (size_t k = 0; k < 3; k++)
        free_table(&t[k]);
    remove_dir(dir);
}

static void
test_bad_options_are_input_errors(void **state)
{
    static const struct {
        int customers;
        const char *as_of;
    } cases[] = {
        { 0, AS_OF },
        { DEMO_DATA_MAX_CUSTOMERS + 1, AS_OF },
        { 300, "0001-12-31" },
    };
    char dir[32];

    (void)state;
    make_dir(dir, sizeof(dir));
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct demo_data_opts o = { cases[i].customers,
                                    date_from_iso(cases[i].as_of), 1 };
        struct dun_err err = DUN_ERR_INIT;

        assert_int_equal(demo_data_write(dir, &o, &err), -1);
        assert_int_equal(err.code, DUN_E_INPUT);
    }
    remove_dir(dir); /* nothing was written */
}

static void
test_missing_directory_is_io_error(void **state)
{
    struct demo_data_opts o = { 3, date_from_iso(AS_OF), 1 };
    struct dun_err err = DUN_ERR_INIT;
    const char *want = "/nonexistent/dun-demo/customers.csv: cannot write: ";

    (void)state;
    assert_int_equal(demo_data_write("/nonexistent/dun-demo", &o, &err), -1);
    assert_int_equal(err.code, DUN_E_IO);
    assert_memory_equal(err.msg, want, strlen(want));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_gives_identical_bytes),
        cmocka_unit_test(test_other_seed_gives_other_files),
        cmocka_unit_test(test_files_have_expected_rows),
        cmocka_unit_test(test_files_are_lf_utf8_without_bom),
        cmocka_unit_test(test_names_need_quoting_and_utf8),
        cmocka_unit_test(test_keys_are_unique),
        cmocka_unit_test(test_customers_fields_are_consistent),
        cmocka_unit_test(test_no_date_after_as_of),
        cmocka_unit_test(test_payments_match_their_invoices),
        cmocka_unit_test(test_amounts_parse_and_stay_in_range),
        cmocka_unit_test(test_open_items_fill_every_aging_bucket),
        cmocka_unit_test(test_one_customer_on_a_leap_day),
        cmocka_unit_test(test_bad_options_are_input_errors),
        cmocka_unit_test(test_missing_directory_is_io_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
