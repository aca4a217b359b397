#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/strset.h"

static void
test_strset_add_has_iterate(void **state)
{
    struct strset set = STRSET_INIT;
    char buf[32];
    size_t pos = 0, seen = 0;
    const char *s;

    (void)state;
    assert_int_equal(strset_has(&set, "a"), 0);
    assert_null(strset_next(&set, &pos));
    /* Enough members to grow the table several times. */
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof(buf), "C%05d", i);
        assert_int_equal(strset_add(&set, buf), 1);
    }
    assert_int_equal(strset_add(&set, "C00042"), 0);
    assert_int_equal(set.len, 5000);
    assert_true(strset_has(&set, "C04999"));
    assert_false(strset_has(&set, "C05000"));
    assert_false(strset_has(&set, ""));
    /* The set owns copies. */
    snprintf(buf, sizeof(buf), "mutable");
    strset_add(&set, buf);
    buf[0] = 'X';
    assert_true(strset_has(&set, "mutable"));
    pos = 0;
    while ((s = strset_next(&set, &pos)) != NULL)
        seen++;
    assert_int_equal(seen, 5001);
    strset_release(&set);
    assert_int_equal(set.len, 0);
    assert_false(strset_has(&set, "C00001"));
}

static void
test_arena_alignment_and_reset(void **state)
{
    struct arena a = ARENA_INIT;
    char *s;

    (void)state;
    for (size_t n = 1; n < 3000; n += 7) {
        void *p = arena_alloc(&a, n);

        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        memset(p, 0xab, n);
    }
    /* A block bigger than any default block. */
    assert_non_null(arena_alloc(&a, 1 << 20));
    s = arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    s = arena_strndup(&a, "", 0);
    assert_string_equal(s, "");
    arena_reset(&a);
    s = arena_strndup(&a, "again", 5);
    assert_string_equal(s, "again");
    arena_release(&a);
    arena_release(&a); /* releasing twice is harmless */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strset_add_has_iterate),
        cmocka_unit_test(test_arena_alignment_and_reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
