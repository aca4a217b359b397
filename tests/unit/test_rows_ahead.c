/*
 * test_rows_ahead.c - rows read ahead on a second thread (rows_read_ahead,
 * io/rows.h) give exactly what rows read as asked give: every row, its
 * line, each conversion's record or error (a row without a currency
 * takes the caller's), blank lines skipped, a file that cannot be read
 * on stopping at the same row with the same error; over many batches,
 * and when the caller stops early. And, either way, what a description
 * becomes: its Windows line ends plain ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/row_groups.h"
#include "io/rows.h"

static char path[64];

static void
write_file(const char *text)
{
    int fd;
    FILE *f;

    strcpy(path, "/tmp/dun-test-rows-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

/* Invoices: most good, some bad in each way a field can be, some with
 * no currency, blank lines, a value over two lines. */
static char *
invoices(int n, int broken_at)
{
    size_t cap = (size_t)n * 120 + 200, len = 0;
    char *s = malloc(cap);

    assert_non_null(s);
    len += (size_t)snprintf(s, cap, "number,customer_id,issue_date,due_date,"
                                    "currency,total,description\n");
    for (int i = 1; i <= n; i++) {
        const char *cur = i % 7 == 0 ? "" : i % 5 == 0 ? "JPY" : "EUR";
        const char *issue = i % 11 == 0 ? "2026-02-30" : "2026-03-01";
        const char *total = i % 13 == 0 ? "12.345" : "100.50";
        const char *desc = i % 17 == 0 ? "\"two\nlines\"" : "Parts";

        if (i == broken_at) {
            len += (size_t)snprintf(s + len, cap - len, "I-%d,C1,\"2026\n", i);
            break;
        }
        if (i % 19 == 0)
            len += (size_t)snprintf(s + len, cap - len, "\n");
        len += (size_t)snprintf(s + len, cap - len, "I-%d,C%d,%s,2026-03-31,"
                                "%s,%s,%s\n", i, i % 9, issue, cur, total,
                                desc);
    }
    return s;
}

static void
same_invoice(const struct invoice *a, const struct invoice *b)
{
    assert_string_equal(a->number, b->number);
    assert_string_equal(a->customer_id, b->customer_id);
    assert_int_equal(a->type, b->type);
    assert_string_equal(a->applies_to, b->applies_to);
    assert_int_equal(a->issue_date, b->issue_date);
    assert_int_equal(a->due_date, b->due_date);
    assert_string_equal(a->currency, b->currency);
    assert_true(a->total == b->total);
    assert_string_equal(a->description, b->description);
}

/* Reads the file both ways, row by row, up to stop_after rows (0: all):
 * the number of rows read. */
static int
compare_invoices(int stop_after, int *bad, int *fallback)
{
    struct format fmt;
    struct rows plain, ahead;
    struct dun_err e1 = DUN_ERR_INIT, e2 = DUN_ERR_INIT;
    int rc1, rc2, rows = 0;

    format_canonical(&fmt, REC_INVOICES);
    assert_int_equal(rows_open(&plain, path, &fmt, &e1), 0);
    assert_int_equal(rows_open(&ahead, path, &fmt, &e2), 0);
    rows_read_ahead(&ahead, REC_INVOICES);
    for (;;) {
        struct invoice a, b;
        size_t n;

        rc1 = rows_next(&plain, &e1);
        rc2 = rows_next(&ahead, &e2);
        assert_int_equal(rc1, rc2);
        if (rc1 != 1)
            break;
        assert_int_equal(plain.line, ahead.line);
        rows_text(&plain, F_CURRENCY, &n);
        *fallback += n == 0;
        rc1 = rows_invoice(&plain, "GBP", &a, &e1);
        rc2 = rows_invoice(&ahead, "GBP", &b, &e2);
        assert_int_equal(rc1, rc2);
        if (rc1 < 0) {
            assert_string_equal(e1.msg, e2.msg);
            (*bad)++;
        } else {
            same_invoice(&a, &b);
        }
        if (++rows == stop_after)
            break;
    }
    if (rc1 < 0)
        assert_string_equal(e1.msg, e2.msg);
    rows_close(&plain);
    rows_close(&ahead);
    format_release(&fmt);
    return rows;
}

static void
test_invoices_read_ahead_are_the_same(void **state)
{
    char *text = invoices(5000, 0);
    int bad = 0, fallback = 0;

    (void)state;
    write_file(text);
    assert_int_equal(compare_invoices(0, &bad, &fallback), 5000);
    /* Every kind of row was there: bad dates and amounts, no currency. */
    assert_true(bad > 800);
    assert_true(fallback > 600);
    /* The caller stops early, with batches still being read. */
    bad = fallback = 0;
    assert_int_equal(compare_invoices(10, &bad, &fallback), 10);
    unlink(path);
    free(text);
}

/* A description's Windows line ends become plain ones, read either way;
 * a carriage return of its own is refused, with its field and line. */
static void
test_a_description_keeps_its_lines_without_carriage_returns(void **state)
{
    struct format fmt;
    struct rows r[2];
    char want[128];

    (void)state;
    write_file("number,customer_id,issue_date,due_date,currency,total,"
               "description\r\n"
               "I-1,C1,2026-03-01,2026-03-31,EUR,1.00,\"one\r\ntwo\r\n"
               "three\"\r\n"
               "I-2,C1,2026-03-01,2026-03-31,EUR,1.00,Parts\r\n"
               "I-3,C1,2026-03-01,2026-03-31,EUR,1.00,\"one\rtwo\"\r\n");
    snprintf(want, sizeof(want), "%s:6: description: a line break or "
             "control character", path);
    format_canonical(&fmt, REC_INVOICES);
    for (int k = 0; k < 2; k++) {
        struct dun_err e = DUN_ERR_INIT;
        struct invoice inv;

        assert_int_equal(rows_open(&r[k], path, &fmt, &e), 0);
        if (k == 1)
            rows_read_ahead(&r[k], REC_INVOICES);
        assert_int_equal(rows_next(&r[k], &e), 1);
        assert_int_equal(rows_invoice(&r[k], "EUR", &inv, &e), 0);
        assert_string_equal(inv.description, "one\ntwo\nthree");
        assert_int_equal(rows_next(&r[k], &e), 1);
        assert_int_equal(rows_invoice(&r[k], "EUR", &inv, &e), 0);
        assert_string_equal(inv.description, "Parts");
        assert_int_equal(rows_next(&r[k], &e), 1);
        assert_int_equal(rows_invoice(&r[k], "EUR", &inv, &e), -1);
        assert_string_equal(e.msg, want);
        assert_int_equal(rows_next(&r[k], &e), 0);
        rows_close(&r[k]);
    }
    format_release(&fmt);
    unlink(path);
}

static void
test_a_file_that_cannot_be_read_on_stops_at_the_same_row(void **state)
{
    char *text = invoices(3000, 2500);
    int bad = 0, fallback = 0;

    (void)state;
    write_file(text);
    assert_int_equal(compare_invoices(0, &bad, &fallback), 2499);
    unlink(path);
    free(text);
}

/* n payments, of customer C((i * step) % ncust) (step 1: a few rows of
 * each in turn), every tenth refused (-1.00), and no currency on every
 * no_currency-th (0: never). */
static void
write_payments(int n, int step, int ncust, int no_currency)
{
    size_t cap = (size_t)n * 80 + 100, len = 0;
    char *s = malloc(cap);

    assert_non_null(s);
    len += (size_t)snprintf(s, cap, "id,date,customer_id,invoice_number,"
                                    "amount,currency,method,reference\n");
    for (int i = 1; i <= n; i++)
        len += (size_t)snprintf(s + len, cap - len, "P-%d,2026-04-%02d,C%d,"
                                "I-%d,%s,%s,card,r%d\n", i, i % 28 + 1,
                                (i * step) % ncust, i,
                                i % 10 == 0 ? "-1.00" : "7.00",
                                no_currency && i % no_currency == 0 ? ""
                                                                    : "EUR",
                                i);
    write_file(s);
    free(s);
}

static void
test_payments_read_ahead_are_the_same(void **state)
{
    struct format fmt;
    struct rows plain, ahead;
    struct dun_err e1 = DUN_ERR_INIT, e2 = DUN_ERR_INIT;
    int rc1, rc2, rows = 0, bad = 0;

    (void)state;
    write_payments(3000, 1, 9, 4);
    format_canonical(&fmt, REC_PAYMENTS);
    assert_int_equal(rows_open(&plain, path, &fmt, &e1), 0);
    assert_int_equal(rows_open(&ahead, path, &fmt, &e2), 0);
    rows_read_ahead(&ahead, REC_PAYMENTS);
    while ((rc1 = rows_next(&plain, &e1)) == 1) {
        struct payment a, b;

        assert_int_equal(rows_next(&ahead, &e2), 1);
        assert_int_equal(plain.line, ahead.line);
        rc1 = rows_payment(&plain, "USD", &a, &e1);
        rc2 = rows_payment(&ahead, "USD", &b, &e2);
        assert_int_equal(rc1, rc2);
        rows++;
        if (rc1 < 0) {
            assert_string_equal(e1.msg, e2.msg);
            bad++;
            continue;
        }
        assert_string_equal(a.id, b.id);
        assert_int_equal(a.date, b.date);
        assert_string_equal(a.customer_id, b.customer_id);
        assert_string_equal(a.invoice_number, b.invoice_number);
        assert_true(a.amount == b.amount);
        assert_string_equal(a.currency, b.currency);
        assert_string_equal(a.method, b.method);
        assert_string_equal(a.reference, b.reference);
    }
    assert_int_equal(rc1, 0);
    assert_int_equal(rows_next(&ahead, &e2), 0);
    assert_int_equal(rows_next(&ahead, &e2), 0); /* the end stays */
    assert_int_equal(rows, 3000);
    assert_int_equal(bad, 300);
    rows_close(&plain);
    rows_close(&ahead);
    format_release(&fmt);
    unlink(path);
}

/* Rows kept by customer (row_groups) read back: through the read-ahead
 * thread (rows_read_groups), and as rows_next reads them when no thread
 * could be had (groups set, no read-ahead). Both give every row once,
 * customers in byte order, each customer's rows in line order, with the
 * same fields and conversions as the file gave them. */
static void
test_kept_rows_read_back_alike(void **state)
{
    struct format fmt;
    struct rows file, fallback, ahead;
    struct row_groups *g1 = row_groups_new(1 << 20);
    struct row_groups *g2 = row_groups_new(1 << 20);
    struct dun_err e1 = DUN_ERR_INIT, e2 = DUN_ERR_INIT;
    char prev_customer[16] = "";
    size_t prev_line = 0;
    int rows = 0, bad = 0;

    (void)state;
    /* By date, as a bank lists them: customers come and go. */
    write_payments(3000, 7, 11, 0);
    format_canonical(&fmt, REC_PAYMENTS);
    assert_int_equal(rows_open(&file, path, &fmt, &e1), 0);
    while (rows_next(&file, &e1) == 1) {
        size_t n;
        const char *id = rows_text(&file, F_CUSTOMER_ID, &n);

        assert_int_equal(row_groups_add(g1, id, n, file.line, file.field,
                                        file.nfields, &e1), 0);
        assert_int_equal(row_groups_add(g2, id, n, file.line, file.field,
                                        file.nfields, &e1), 0);
    }
    rows_close(&file);
    assert_int_equal(rows_open(&fallback, path, &fmt, &e1), 0);
    fallback.groups = g1;
    assert_int_equal(rows_open(&ahead, path, &fmt, &e2), 0);
    rows_read_groups(&ahead, g2, REC_PAYMENTS);
    while (rows_next(&fallback, &e1) == 1) {
        struct payment a, b;
        int rc1, rc2;

        assert_int_equal(rows_next(&ahead, &e2), 1);
        assert_int_equal(fallback.line, ahead.line);
        rc1 = rows_payment(&fallback, "USD", &a, &e1);
        rc2 = rows_payment(&ahead, "USD", &b, &e2);
        assert_int_equal(rc1, rc2);
        rows++;
        if (rc1 < 0) {
            char want[128];

            snprintf(want, sizeof(want), "%s:%zu: amount: not positive "
                     "(refunds are not payments)", path, fallback.line);
            assert_string_equal(e1.msg, e2.msg);
            assert_string_equal(e1.msg, want);
            bad++;
            continue;
        }
        assert_string_equal(a.id, b.id);
        assert_string_equal(a.customer_id, b.customer_id);
        assert_string_equal(a.reference, b.reference);
        assert_true(a.amount == 700);
        /* P-i is on line i + 1 */
        assert_int_equal(atoi(a.id + 2) + 1, (int)fallback.line);
        if (strcmp(a.customer_id, prev_customer) == 0) {
            assert_true(fallback.line > prev_line);
        } else {
            assert_true(strcmp(a.customer_id, prev_customer) > 0);
            strcpy(prev_customer, a.customer_id);
        }
        prev_line = fallback.line;
    }
    assert_int_equal(rows_next(&ahead, &e2), 0);
    assert_int_equal(rows, 3000);
    assert_int_equal(bad, 300);
    assert_string_equal(prev_customer, "C9");
    rows_close(&fallback);
    rows_close(&ahead);
    row_groups_free(g1);
    row_groups_free(g2);
    format_release(&fmt);
    unlink(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invoices_read_ahead_are_the_same),
        cmocka_unit_test(
            test_a_description_keeps_its_lines_without_carriage_returns),
        cmocka_unit_test(test_a_file_that_cannot_be_read_on_stops_at_the_same_row),
        cmocka_unit_test(test_payments_read_ahead_are_the_same),
        cmocka_unit_test(test_kept_rows_read_back_alike),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
