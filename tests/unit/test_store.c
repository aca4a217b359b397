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
#include "store/store.h"

/* A scratch folder with one database path in it, per test. */
struct scratch {
    char dir[32];
    char db[64];
};

static int
setup(void **state)
{
    struct scratch *sc = calloc(1, sizeof(*sc));

    if (sc == NULL)
        return -1;
    snprintf(sc->dir, sizeof(sc->dir), "/tmp/dun-store-XXXXXX");
    if (mkdtemp(sc->dir) == NULL) {
        free(sc);
        return -1;
    }
    snprintf(sc->db, sizeof(sc->db), "%s/t.db", sc->dir);
    *state = sc;
    return 0;
}

static int
teardown(void **state)
{
    static const char *const sfx[] = { "", "-wal", "-shm" };
    struct scratch *sc = *state;
    char path[80];

    for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
        snprintf(path, sizeof(path), "%s%s", sc->db, sfx[i]);
        unlink(path);
    }
    rmdir(sc->dir);
    free(sc);
    return 0;
}

static struct store *
open_ok(const char *db, const char *tenant, int create)
{
    struct dun_err err = DUN_ERR_INIT;
    struct store *st = store_open(db, tenant, create, &err);

    if (st == NULL)
        fail_msg("store_open %s %s: %s", db, tenant, err.msg);
    return st;
}

static int64_t
add_policy(struct store *st, const char *text)
{
    struct dun_err err = DUN_ERR_INIT;
    int64_t version = 0;

    if (st->ops->policy_add(st, text, "test", date_from_iso("2026-06-01"),
                            &version, &err) < 0)
        fail_msg("policy_add: %s", err.msg);
    return version;
}

/* The latest policy's text, "" if there is none. */
static const char *
latest_policy(struct store *st, struct arena *a)
{
    struct dun_err err = DUN_ERR_INIT;
    struct store_policy p;
    int rc = st->ops->policy_get(st, 0, &p, a, &err);

    assert_int_not_equal(rc, -1);
    return rc == 1 ? p.text : "";
}

static void
test_open_names_a_tenant_the_database_lacks(void **state)
{
    struct scratch *sc = *state;
    struct dun_err err = DUN_ERR_INIT;
    char want[128];

    store_close(open_ok(sc->db, "default", 1));
    assert_null(store_open(sc->db, "acme", 0, &err));
    assert_int_equal(err.code, DUN_E_NOTFOUND);
    snprintf(want, sizeof(want), "%s: no tenant 'acme' in the database",
             sc->db);
    assert_string_equal(err.msg, want);
}

static void
test_open_without_a_database_fails(void **state)
{
    struct scratch *sc = *state;
    struct dun_err err = DUN_ERR_INIT;

    assert_null(store_open(sc->db, "default", 0, &err));
    assert_int_equal(err.code, DUN_E_NOTFOUND);
    assert_int_not_equal(access(sc->db, F_OK), 0);
}

/* Creating adds the tenant; its rows and its numbering are its own. */
static void
test_create_adds_a_tenant_that_sees_only_its_rows(void **state)
{
    struct scratch *sc = *state;
    struct arena a = ARENA_INIT;
    struct store *def = open_ok(sc->db, "default", 1);
    struct store *acme;
    int64_t def_id = def->tenant_id;

    assert_int_equal(add_policy(def, "[default]\n"), 1);
    assert_int_equal(add_policy(def, "[default 2]\n"), 2);
    acme = open_ok(sc->db, "acme", 1);
    assert_int_not_equal(acme->tenant_id, def_id);
    assert_string_equal(latest_policy(acme, &a), "");
    assert_int_equal(add_policy(acme, "[acme]\n"), 1);
    store_close(acme);

    acme = open_ok(sc->db, "acme", 0); /* now it exists */
    assert_string_equal(latest_policy(acme, &a), "[acme]\n");
    assert_string_equal(latest_policy(def, &a), "[default 2]\n");
    store_close(acme);
    store_close(def);
    def = open_ok(sc->db, "default", 0);
    assert_int_equal(def->tenant_id, def_id);
    store_close(def);
    arena_release(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_open_names_a_tenant_the_database_lacks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_without_a_database_fails,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_create_adds_a_tenant_that_sees_only_its_rows, setup,
            teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
