/*
 * test_row_groups.c - rows regrouped by key (io/row_groups.h): groups in
 * the byte order of their keys, each group's rows in the order added,
 * every field's bytes as they were; the same whether all rows fit the
 * budget or were written out in many runs and merged; the temporary file
 * gone from its directory; a directory where none can be made named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/row_groups.h"

struct row {
    size_t line;
    char key[16];
    size_t nfields;
    char *field[4];
    size_t len[4];
};

static void
add(struct row_groups *g, const struct row *r)
{
    struct dun_err err = DUN_ERR_INIT;
    struct csv_field f[4];

    for (size_t i = 0; i < r->nfields; i++)
        f[i] = (struct csv_field){ r->field[i], r->len[i] };
    assert_int_equal(row_groups_add(g, r->key, strlen(r->key), r->line, f,
                                    r->nfields, &err), 0);
}

/* The next row must be r, exactly. */
static void
expect(struct row_groups *g, const struct row *r)
{
    struct dun_err err = DUN_ERR_INIT;
    const struct csv_field *f;
    const char *key;
    size_t line, n;

    assert_int_equal(row_groups_next(g, &line, &key, &f, &n, &err), 1);
    assert_int_equal(line, r->line);
    assert_string_equal(key, r->key);
    assert_int_equal(n, r->nfields);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(f[i].len, r->len[i]);
        assert_memory_equal(f[i].p, r->field[i], r->len[i]);
    }
}

static void
expect_end(struct row_groups *g)
{
    struct dun_err err = DUN_ERR_INIT;
    const struct csv_field *f;
    const char *key;
    size_t line, n;

    assert_int_equal(row_groups_next(g, &line, &key, &f, &n, &err), 0);
    assert_int_equal(row_groups_next(g, &line, &key, &f, &n, &err), 0);
}

static struct row
row_of(size_t line, const char *key, const char *a, const char *b)
{
    struct row r = { .line = line, .nfields = 2 };

    snprintf(r.key, sizeof(r.key), "%s", key);
    r.field[0] = (char *)a;
    r.len[0] = strlen(a);
    r.field[1] = (char *)b;
    r.len[1] = strlen(b);
    return r;
}

static void
test_key_order_then_line_order(void **state)
{
    struct row_groups *g = row_groups_new(ROW_GROUPS_BUDGET);
    /* As a bank lists payments: by date, customers interleaved. */
    struct row in[] = {
        row_of(2, "C2", "P1", "10.00"), row_of(3, "C10", "P2", ""),
        row_of(4, "C2", "P3", "30.00"), row_of(6, "", "P4", "x"),
        row_of(7, "C1", "P5", "50.00"), row_of(9, "C10", "P6", "60.00"),
        row_of(10, "C2", "P7", "70.00"),
    };
    /* Byte order: "" < "C1" < "C10" < "C2". */
    const int want[] = { 3, 4, 1, 5, 0, 2, 6 };

    (void)state;
    for (size_t i = 0; i < 7; i++)
        add(g, &in[i]);
    for (size_t i = 0; i < 7; i++)
        expect(g, &in[want[i]]);
    expect_end(g);
    assert_int_equal(row_groups_runs(g), 0);
    row_groups_free(g);
}

/* An empty field's text may come as NULL (csv.h): as a key, it is "". */
static void
test_empty_key_and_fields(void **state)
{
    struct row_groups *g = row_groups_new(1); /* through a run, too */
    struct dun_err err = DUN_ERR_INIT;
    struct csv_field empty[2] = { { NULL, 0 }, { NULL, 0 } };
    struct row later = row_of(3, "", "", "");
    const struct csv_field *f;
    const char *key;
    size_t line, n;

    (void)state;
    assert_int_equal(row_groups_add(g, NULL, 0, 2, empty, 2, &err), 0);
    add(g, &later);
    assert_int_equal(row_groups_next(g, &line, &key, &f, &n, &err), 1);
    assert_int_equal(line, 2);
    assert_string_equal(key, "");
    assert_int_equal(n, 2);
    assert_int_equal(f[0].len + f[1].len, 0);
    expect(g, &later);
    expect_end(g);
    row_groups_free(g);
}

static void
test_no_rows(void **state)
{
    struct row_groups *g = row_groups_new(ROW_GROUPS_BUDGET);

    (void)state;
    expect_end(g);
    row_groups_free(g);
}

static unsigned rng = 12345;

static unsigned
next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) & 0xffffff;
}

static int
cmp_rows(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* n rows over 300 keys; some fields empty, a few long (one longer than
 * a run's buffer), some with bytes 0x00 and 0xff. */
static struct row *
make_rows(size_t n)
{
    struct row *v = calloc(n, sizeof(*v));

    assert_non_null(v);
    for (size_t i = 0; i < n; i++) {
        struct row *r = &v[i];

        r->line = 2 + 3 * i;
        snprintf(r->key, sizeof(r->key), "C%u", next_rand() % 300);
        r->nfields = 1 + next_rand() % 4;
        for (size_t k = 0; k < r->nfields; k++) {
            size_t len = next_rand() % 40;

            if (next_rand() % 500 == 0)
                len = 5000 + next_rand() % 20000;
            if (i == n / 2 && k == 0)
                len = 600000; /* more than a run's read buffer */
            r->len[k] = len;
            r->field[k] = malloc(len ? len : 1);
            assert_non_null(r->field[k]);
            for (size_t j = 0; j < len; j++)
                r->field[k][j] = (char)(next_rand() & 0xff);
        }
    }
    return v;
}

static void
free_rows(struct row *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < v[i].nfields; k++)
            free(v[i].field[k]);
    free(v);
}

/* The first n rows through a set of the budget's, against the same
 * rows sorted; the runs it wrote. */
static size_t
check_budget(const struct row *v, size_t n, size_t budget)
{
    struct row_groups *g = row_groups_new(budget);
    struct row *sorted = malloc(n * sizeof(*sorted));
    size_t runs;

    assert_non_null(sorted);
    memcpy(sorted, v, n * sizeof(*v));
    qsort(sorted, n, sizeof(*sorted), cmp_rows); /* lines are distinct */
    for (size_t i = 0; i < n; i++)
        add(g, &v[i]);
    for (size_t i = 0; i < n; i++)
        expect(g, &sorted[i]);
    expect_end(g);
    runs = row_groups_runs(g);
    row_groups_free(g);
    free(sorted);
    return runs;
}

static void
test_runs_merge_to_the_same_order(void **state)
{
    const size_t n = 6000;
    struct row *v = make_rows(n);

    (void)state;
    assert_int_equal(check_budget(v, n, ROW_GROUPS_BUDGET), 0);
    /* About 16 KB a run: many runs, and rows over the budget alone. */
    assert_true(check_budget(v, n, 16 * 1024) > 30);
    /* Each row a run of its own. */
    assert_int_equal(check_budget(v, 300, 1), 300);
    free_rows(v, n);
}

static int
entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void
test_runs_leave_no_file(void **state)
{
    char dir[] = "/tmp/dun-test-groups-XXXXXX";
    struct row_groups *g;
    struct row r = row_of(2, "C1", "P1", "1.00");

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(setenv("TMPDIR", dir, 1), 0);
    g = row_groups_new(1);
    add(g, &r);
    r = row_of(3, "C0", "P2", "2.00");
    add(g, &r);
    assert_int_equal(row_groups_runs(g), 2);
    assert_int_equal(entries(dir), 0); /* unlinked as soon as made */
    expect(g, &r);
    row_groups_free(g);
    unsetenv("TMPDIR");
    assert_int_equal(rmdir(dir), 0);
}

static void
test_no_temporary_file_is_an_error(void **state)
{
    struct row_groups *g;
    struct dun_err err = DUN_ERR_INIT;
    struct csv_field f = { "P1", 2 };

    (void)state;
    assert_int_equal(setenv("TMPDIR", "/nonexistent-dun-dir", 1), 0);
    g = row_groups_new(1);
    assert_int_equal(row_groups_add(g, "C1", 2, 2, &f, 1, &err), -1);
    assert_int_equal(err.code, DUN_E_IO);
    assert_string_equal(err.msg, "cannot create the rows' temporary file in "
                                 "/nonexistent-dun-dir: No such file or "
                                 "directory");
    row_groups_free(g);
    unsetenv("TMPDIR");
}

/* The descriptor of the set's unlinked run file (in dir), or -1. */
static int
run_fd(const char *dir)
{
    char link[64], target[4096];
    ssize_t n;

    for (int fd = 3; fd < 1024; fd++) {
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        if ((n = readlink(link, target, sizeof(target) - 1)) <= 0)
            continue;
        target[n] = '\0';
        if (strncmp(target, dir, strlen(dir)) == 0 &&
            strstr(target, "/dun-rows-") != NULL)
            return fd;
    }
    return -1;
}

/* Two rows written out as runs, the first record's bytes at off then
 * overwritten with len bytes of with: reading back must stop at the
 * damage with EIO naming the directory, never read past a record. */
static void
expect_damage_refused(size_t off, const void *with, size_t len)
{
    struct row a = row_of(2, "C1", "ab", "cd"), b = row_of(3, "C2", "", "e");
    struct dun_err err = DUN_ERR_INIT;
    char dir[] = "/tmp/dun-test-rg-XXXXXX", want[128];
    const struct csv_field *f;
    struct row_groups *g;
    const char *key;
    size_t line, n;
    int fd;

    assert_non_null(mkdtemp(dir));
    assert_int_equal(setenv("TMPDIR", dir, 1), 0);
    g = row_groups_new(1); /* every row a run of its own */
    add(g, &a);
    add(g, &b);
    assert_int_equal(row_groups_runs(g), 2);
    assert_true((fd = run_fd(dir)) >= 0);
    assert_int_equal(pwrite(fd, with, len, (off_t)off), (ssize_t)len);
    assert_int_equal(row_groups_next(g, &line, &key, &f, &n, &err), -1);
    snprintf(want, sizeof(want), "cannot read the rows' temporary file in "
             "%s: %s", dir, strerror(EIO));
    assert_string_equal(err.msg, want);
    row_groups_free(g);
    unsetenv("TMPDIR");
    assert_int_equal(rmdir(dir), 0);
}

/* A run is the rows' own file, but a disk can hand back other bytes:
 * each part of a record row_groups_next relies on is checked. */
static void
test_damaged_runs_are_refused(void **state)
{
    /* The record: u32 size, u32 group, u64 line, u32 nfields at 16
     * (native order, as written), then the field lengths from 20. */
    const uint32_t no_group = 7, too_many = 512 + 1, short_size = 4;
    const unsigned char big_len = 0x7f;

    (void)state;
    expect_damage_refused(20, &big_len, 1); /* a field past the record */
    expect_damage_refused(4, &no_group, 4);  /* a group never given */
    expect_damage_refused(16, &too_many, 4); /* more fields than a row */
    expect_damage_refused(0, &short_size, 4); /* shorter than its head */
}

static void
test_too_many_fields(void **state)
{
    struct row_groups *g = row_groups_new(ROW_GROUPS_BUDGET);
    struct dun_err err = DUN_ERR_INIT;
    static struct csv_field f[CSV_MAX_FIELDS + 1];

    (void)state;
    assert_int_equal(row_groups_add(g, "C1", 2, 7, f, CSV_MAX_FIELDS + 1,
                                    &err), -1);
    assert_string_equal(err.msg, "line 7: more than 512 fields");
    expect_end(g);
    row_groups_free(g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_order_then_line_order),
        cmocka_unit_test(test_no_rows),
        cmocka_unit_test(test_empty_key_and_fields),
        cmocka_unit_test(test_runs_merge_to_the_same_order),
        cmocka_unit_test(test_runs_leave_no_file),
        cmocka_unit_test(test_no_temporary_file_is_an_error),
        cmocka_unit_test(test_too_many_fields),
        cmocka_unit_test(test_damaged_runs_are_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
