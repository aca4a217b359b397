/*
 * test_line_notes.c - messages that come out of line order are given
 * back by line (app/line_notes.h): only the first room lines' kept,
 * whatever came first; a line's messages in the order they came.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */

#include <stdio.h>

#include "app/line_notes.h"

static void
test_by_line(void **state)
{
    struct line_notes ln = { .room = 100 };
    struct sbuf out = SBUF_INIT;

    (void)state;
    line_notes_add(&ln, 9, "9 a\n");
    line_notes_add(&ln, 2, "2\n");
    line_notes_add(&ln, 9, "9 b\n");
    line_notes_add(&ln, 5, "5\n");
    line_notes_flush(&ln, &out);
    assert_string_equal(out.buf, "2\n5\n9 a\n9 b\n");
    assert_int_equal(ln.n, 0);
    assert_int_equal(ln.room, 0);
    assert_null(ln.v);
    sbuf_release(&out);
}

static void
test_first_lines_kept(void **state)
{
    struct line_notes ln = { .room = 3 };
    struct sbuf out = SBUF_INIT;
    const int lines[] = { 40, 7, 30, 12, 50, 3, 31 };

    (void)state;
    for (size_t i = 0; i < 7; i++) {
        char msg[16];

        snprintf(msg, sizeof(msg), "%d\n", lines[i]);
        line_notes_add(&ln, lines[i], msg);
    }
    line_notes_flush(&ln, &out);
    assert_string_equal(out.buf, "3\n7\n12\n");
    sbuf_release(&out);
}

static void
test_no_room(void **state)
{
    struct line_notes ln = { .room = 0 };
    struct sbuf out = SBUF_INIT;

    (void)state;
    line_notes_add(&ln, 1, "1\n");
    line_notes_flush(&ln, &out);
    line_notes_flush(&ln, &out); /* twice: nothing, nothing freed twice */
    assert_string_equal(out.buf, "");
    sbuf_release(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_line),
        cmocka_unit_test(test_first_lines_kept),
        cmocka_unit_test(test_no_room),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
