#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/config.h"

/* A 2x1 truecolour PNG (as tests/unit/test_png.c's). */
static const unsigned char two_by_one[70] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8, 0xdd, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x44, 0x00, 0x08, 0xfe, 0x01, 0xff, 0xc6, 0x9e, 0x79, 0xf7, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

struct fixture {
    char dir[64], db[96], png[96];
    struct app app;
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct dun_err err = DUN_ERR_INIT;
    FILE *fp;

    snprintf(f->dir, sizeof(f->dir), "/tmp/dun-test-config-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
    snprintf(f->png, sizeof(f->png), "%s/logo.png", f->dir);
    fp = fopen(f->png, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(two_by_one, 1, sizeof(two_by_one), fp),
                     sizeof(two_by_one));
    fclose(fp);
    f->app.tenant = APP_TENANT_DEFAULT;
    f->app.actor = "test";
    assert_int_equal(app_open(&f->app, f->db, 1, &err), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char wal[128];

    app_close(&f->app);
    unlink(f->png);
    unlink(f->db);
    snprintf(wal, sizeof(wal), "%s-wal", f->db);
    unlink(wal);
    snprintf(wal, sizeof(wal), "%s-shm", f->db);
    unlink(wal);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void
test_paper_auto_by_country(void **state)
{
    static const struct {
        const char *country;
        enum letter_paper want;
    } cases[] = {
        { "US", LETTER_PAPER_US_LETTER }, { "CA", LETTER_PAPER_US_LETTER },
        { "MX", LETTER_PAPER_US_LETTER }, { "GB", LETTER_PAPER_A4_UK },
        { "IE", LETTER_PAPER_A4_UK },     { "DE", LETTER_PAPER_A4_DIN },
        { "FR", LETTER_PAPER_A4_DIN },    { "", LETTER_PAPER_A4_DIN },
        { NULL, LETTER_PAPER_A4_DIN },
    };
    struct fixture *f = *state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct dun_err err = DUN_ERR_INIT;
        enum letter_paper p = (enum letter_paper)99;

        assert_int_equal(config_paper_for_country(cases[i].country),
                         cases[i].want);
        /* Not set is auto. */
        assert_int_equal(config_letter_paper(&f->app, cases[i].country, &p,
                                             &err), 0);
        assert_int_equal(p, cases[i].want);
    }
}

static void
test_paper_set_wins_over_the_country(void **state)
{
    struct fixture *f = *state;
    struct dun_err err = DUN_ERR_INIT;
    enum letter_paper p;

    assert_int_equal(config_set(&f->app, "letter.paper", "a4-uk", &err), 0);
    assert_int_equal(config_letter_paper(&f->app, "US", &p, &err), 0);
    assert_int_equal(p, LETTER_PAPER_A4_UK);
    assert_string_equal(config_paper_name(p), "a4-uk");
    assert_int_equal(config_set(&f->app, "letter.paper", "auto", &err), 0);
    assert_int_equal(config_letter_paper(&f->app, "US", &p, &err), 0);
    assert_int_equal(p, LETTER_PAPER_US_LETTER);
    assert_int_equal(config_set(&f->app, "letter.paper", "A4", &err), -1);
    assert_string_equal(err.msg, "letter.paper: one of auto, a4-din, a4-uk, "
                                 "us-letter");
}

static void
test_logo_bytes_kept_and_given_back(void **state)
{
    struct fixture *f = *state;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf png = SBUF_INIT;
    struct config_entry e;
    struct arena a = ARENA_INIT;

    /* None set: nothing. */
    assert_int_equal(config_letter_logo(&f->app, &png, &err), 0);
    assert_int_equal(png.len, 0);
    assert_int_equal(config_set(&f->app, "letter.logo", f->png, &err), 0);
    /* The file may go: the database has the bytes. */
    unlink(f->png);
    assert_int_equal(config_letter_logo(&f->app, &png, &err), 0);
    assert_int_equal(png.len, sizeof(two_by_one));
    assert_memory_equal(png.buf, two_by_one, sizeof(two_by_one));
    assert_int_equal(config_get(&f->app, "letter.logo", &e, &a, &err), 0);
    assert_int_equal(e.is_set, 1);
    assert_string_equal(e.value, "PNG 2x1, 70 bytes, sha256 "
                                 "ad0296980d18");
    /* A buffer too small for it: refused, left as it was. */
    sbuf_release(&png);
    sbuf_init(&png, 10);
    assert_int_equal(config_letter_logo(&f->app, &png, &err), -1);
    assert_int_equal(png.len, 0);
    sbuf_release(&png);
    assert_int_equal(config_unset(&f->app, "letter.logo", &err), 0);
    assert_int_equal(config_letter_logo(&f->app, &png, &err), 0);
    assert_int_equal(png.len, 0);
    arena_release(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_paper_auto_by_country, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_paper_set_wins_over_the_country,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_logo_bytes_kept_and_given_back,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
