#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The invariants sbuf.h promises after every call. */
static void
assert_sane(const struct sbuf *sb)
{
    assert_non_null(sb->buf);
    assert_int_equal(sb->buf[sb->len], '\0');
    if (sb->cap == 0) {
        assert_ptr_equal(sb->buf, sbuf_empty);
        assert_int_equal(sb->len, 0);
    } else {
        assert_true(sb->len < sb->cap);
    }
    if (sb->max)
        assert_true(sb->len <= sb->max);
}

static void
test_init_is_empty_string_without_allocation(void **state)
{
    struct sbuf sb;
    struct sbuf st = SBUF_INIT;
    (void)state;
    sbuf_init(&sb, 100);
    assert_string_equal(sb.buf, "");
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, 0);
    assert_int_equal(sb.max, 100);
    assert_sane(&sb);
    assert_string_equal(st.buf, "");
    assert_int_equal(st.max, 0);
    assert_sane(&st);
    /* releasing a buffer that never grew frees nothing */
    sbuf_release(&sb);
    sbuf_release(&st);
    assert_sane(&sb);
}

static void
test_add_grows_and_keeps_content(void **state)
{
    struct sbuf sb = SBUF_INIT;
    char want[5000];
    (void)state;
    for (size_t i = 0; i < sizeof(want); i++) {
        want[i] = (char)('a' + i % 26);
        assert_int_equal(sbuf_addch(&sb, want[i]), 0);
        assert_int_equal(sb.len, i + 1);
        assert_sane(&sb);
    }
    assert_memory_equal(sb.buf, want, sizeof(want));
    assert_true(sb.cap > sizeof(want));
    sbuf_release(&sb);

    /* one large add at once, then small ones after it */
    assert_int_equal(sbuf_add(&sb, want, sizeof(want)), 0);
    assert_int_equal(sbuf_addstr(&sb, "xyz"), 0);
    assert_int_equal(sb.len, sizeof(want) + 3);
    assert_memory_equal(sb.buf, want, sizeof(want));
    assert_string_equal(sb.buf + sizeof(want), "xyz");
    assert_sane(&sb);
    sbuf_release(&sb);
}

static void
test_add_keeps_embedded_nul(void **state)
{
    struct sbuf sb = SBUF_INIT;
    (void)state;
    assert_int_equal(sbuf_add(&sb, "a\0b", 3), 0);
    assert_int_equal(sb.len, 3);
    assert_memory_equal(sb.buf, "a\0b", 4);
    /* adding nothing is fine, even with no pointer */
    assert_int_equal(sbuf_add(&sb, NULL, 0), 0);
    assert_int_equal(sb.len, 3);
    assert_sane(&sb);
    sbuf_release(&sb);
}

/* sbuf.h: -1, and sb unchanged, if an add would pass max. */
static void
test_cap_fails_and_leaves_buffer_unchanged(void **state)
{
    struct sbuf sb;
    char *before_buf;
    size_t before_cap;
    volatile size_t huge = SIZE_MAX - 5;
    (void)state;
    sbuf_init(&sb, 10);
    /* too much for an empty buffer: still nothing allocated */
    assert_int_equal(sbuf_add(&sb, "01234567890", 11), -1);
    assert_int_equal(sb.cap, 0);
    assert_sane(&sb);

    assert_int_equal(sbuf_add(&sb, "0123456789", 10), 0); /* exactly max */
    assert_int_equal(sb.len, 10);
    before_buf = sb.buf;
    before_cap = sb.cap;
    assert_int_equal(sbuf_addch(&sb, 'x'), -1); /* max + 1 */
    assert_int_equal(sbuf_addstr(&sb, "yz"), -1);
    assert_int_equal(sbuf_addf(&sb, "%d", 7), -1);
    /* wraps (volatile: GCC would see the inline copy of sbuf_add's
     * fast path, never taken, with that bound and warn) */
    assert_int_equal(sbuf_add(&sb, "x", huge), -1);
    assert_ptr_equal(sb.buf, before_buf);
    assert_int_equal(sb.cap, before_cap);
    assert_int_equal(sb.len, 10);
    assert_string_equal(sb.buf, "0123456789");
    assert_int_equal(sbuf_add(&sb, "", 0), 0); /* nothing still fits */
    assert_sane(&sb);

    /* below max: one byte short of the cap fits, then nothing more */
    sbuf_reset(&sb);
    assert_int_equal(sbuf_addf(&sb, "%s", "012345678"), 0);
    assert_int_equal(sbuf_addf(&sb, "%s", "ab"), -1);
    assert_string_equal(sb.buf, "012345678");
    assert_int_equal(sbuf_addf(&sb, "%s", "a"), 0);
    assert_string_equal(sb.buf, "012345678a");
    assert_sane(&sb);
    sbuf_release(&sb);
    assert_int_equal(sb.max, 10); /* the cap survives release */
}

static void
test_addf_formats_and_grows(void **state)
{
    struct sbuf sb = SBUF_INIT;
    char want[400];
    (void)state;
    assert_int_equal(
        sbuf_addf(&sb, "%s:%d: %s", "invoices.csv", 12, "due_date: not a date"),
        0);
    assert_string_equal(sb.buf, "invoices.csv:12: due_date: not a date");
    assert_int_equal(sb.len, strlen(sb.buf));
    /* past the first allocation, so vaddf must grow mid-string */
    memset(want, 'z', sizeof(want) - 1);
    want[sizeof(want) - 1] = '\0';
    assert_int_equal(sbuf_addf(&sb, "[%s]", want), 0);
    assert_int_equal(sb.len, 37 + 2 + 399);
    assert_int_equal(sb.buf[37], '[');
    assert_memory_equal(sb.buf + 38, want, 399);
    assert_string_equal(sb.buf + 38 + 399, "]");
    assert_sane(&sb);
    sbuf_release(&sb);

    /* an empty format on a fresh buffer leaves a valid empty string */
    assert_int_equal(sbuf_addf(&sb, "%s", ""), 0);
    assert_string_equal(sb.buf, "");
    assert_sane(&sb);
    sbuf_release(&sb);
}

static void
test_json_escapes(void **state)
{
    static const struct {
        const char *in;
        size_t len;
        const char *want;
    } cases[] = {
        { "plain", 5, "plain" },
        { "say \"hi\"", 8, "say \\\"hi\\\"" },
        { "C:\\dun", 6, "C:\\\\dun" },
        { "a\nb\rc\td", 7, "a\\nb\\rc\\td" },
        { "\x01\x1f", 2, "\\u0001\\u001f" },
        { "\b\f", 2, "\\u0008\\u000c" },
        { "a\0b", 3, "a\\u0000b" }, /* NUL is data when len says so */
        { " \x7f", 2, " \x7f" },    /* DEL and space need no escape */
        { "</script>", 9, "</script>" },
        { "caf\xc3\xa9", 5, "caf\xc3\xa9" }, /* UTF-8 passes through */
        { "", 0, "" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct sbuf sb = SBUF_INIT;

        assert_int_equal(sbuf_add_json_str(&sb, cases[i].in, cases[i].len), 0);
        assert_string_equal(sb.buf, cases[i].want);
        assert_int_equal(sb.len, strlen(cases[i].want));
        assert_sane(&sb);
        sbuf_release(&sb);
    }
}

static void
test_json_respects_cap(void **state)
{
    struct sbuf sb;
    (void)state;
    sbuf_init(&sb, 4);
    /* "\"" takes two bytes escaped: four quotes do not fit in four */
    assert_int_equal(sbuf_add_json_str(&sb, "\"\"", 2), 0);
    assert_string_equal(sb.buf, "\\\"\\\"");
    sbuf_reset(&sb);
    assert_int_equal(sbuf_add_json_str(&sb, "\x01", 1), -1); /* 6 > 4 */
    assert_true(sb.len <= sb.max);
    assert_sane(&sb);
    sbuf_release(&sb);
}

static void
test_reset_keeps_memory(void **state)
{
    struct sbuf sb = SBUF_INIT;
    char *buf;
    size_t cap;
    (void)state;
    sbuf_reset(&sb); /* on a never-grown buffer too */
    assert_sane(&sb);
    assert_int_equal(sbuf_addstr(&sb, "hello"), 0);
    buf = sb.buf;
    cap = sb.cap;
    sbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    assert_ptr_equal(sb.buf, buf);
    assert_int_equal(sb.cap, cap);
    assert_int_equal(sbuf_addstr(&sb, "again"), 0);
    assert_string_equal(sb.buf, "again");
    sbuf_release(&sb);
}

static void
test_detach_hands_over_buffer(void **state)
{
    struct sbuf sb;
    size_t len = 0;
    char *p;
    (void)state;
    sbuf_init(&sb, 50);
    assert_int_equal(sbuf_addstr(&sb, "owned"), 0);
    p = sbuf_detach(&sb, &len);
    assert_string_equal(p, "owned");
    assert_int_equal(len, 5);
    /* sb is empty again, keeps its cap, and is usable */
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, 0);
    assert_int_equal(sb.max, 50);
    assert_sane(&sb);
    assert_int_equal(sbuf_addstr(&sb, "next"), 0);
    assert_string_equal(sb.buf, "next");
    assert_string_equal(p, "owned"); /* not shared with sb */
    free(p);
    sbuf_release(&sb);

    /* a buffer that never grew still hands over a string to free */
    p = sbuf_detach(&sb, &len);
    assert_non_null(p);
    assert_ptr_not_equal(p, sbuf_empty);
    assert_string_equal(p, "");
    assert_int_equal(len, 0);
    free(p);

    /* len is optional */
    assert_int_equal(sbuf_addstr(&sb, "x"), 0);
    p = sbuf_detach(&sb, NULL);
    assert_string_equal(p, "x");
    free(p);
}

static void
test_release_frees_and_is_reusable(void **state)
{
    struct sbuf sb;
    (void)state;
    sbuf_init(&sb, 0);
    assert_int_equal(sbuf_addstr(&sb, "first"), 0);
    sbuf_release(&sb);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, 0);
    assert_sane(&sb);
    sbuf_release(&sb); /* twice is harmless */
    assert_int_equal(sbuf_addstr(&sb, "second"), 0);
    assert_string_equal(sb.buf, "second");
    sbuf_release(&sb); /* ASan: nothing leaks */
}

static void
test_str_join_joins_and_cuts_as_snprintf_would(void **state)
{
    char out[8], want[8];
    static const char *const cases[][4] = {
        { "en", "/", "reminder", NULL }, { "", NULL }, { "abc", "defg", NULL },
        { "abcd", "efgh", NULL }, { "a", "", "b", NULL },
    };

    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        const char *const *p = cases[i];
        int n = snprintf(want, sizeof(want), "%s%s%s", p[0],
                         p[1] ? p[1] : "", p[1] && p[2] ? p[2] : "");

        assert_int_equal(str_join(out, sizeof(out), p), (size_t)n);
        assert_string_equal(out, want);
    }
    assert_int_equal(str_join(out, 1, cases[0]), 11);
    assert_string_equal(out, "");
}

/* Every byte that needs escaping, at every place of strings of up to
 * 24 bytes (the word-at-a-time scan and the bytes after it), among
 * bytes that do not (UTF-8 included). */
static void
test_json_plain_prefix_stops_at_the_first_byte_to_escape(void **state)
{
    static const char special[] = { '"', '\\', '\n', '\x01', '\x1f', '\0' };
    char s[24] = { 0 };

    (void)state;
    for (size_t n = 0; n <= sizeof(s); n++) {
        for (size_t i = 0; i < n; i++)
            s[i] = i % 3 ? 'a' + (char)i : (char)0xc3;
        assert_int_equal(json_plain_prefix(s, n), n);
        for (size_t at = 0; at < n; at++)
            for (size_t k = 0; k < sizeof(special); k++) {
                char keep = s[at];

                s[at] = special[k];
                assert_int_equal(json_plain_prefix(s, n), at);
                s[at] = keep;
            }
    }
}

static void
test_add_json_str_escapes_each_special_byte_among_runs(void **state)
{
    struct sbuf sb = SBUF_INIT;
    static const char in[] = "head\"quoted\" and a \\ back\tslash, "
                             "a long run of plain bytes\n\x01" "end";

    (void)state;
    assert_int_equal(sbuf_add_json_str(&sb, in, sizeof(in) - 1), 0);
    assert_string_equal(sb.buf, "head\\\"quoted\\\" and a \\\\ back\\tslash, "
                                "a long run of plain bytes\\n\\u0001end");
    sbuf_release(&sb);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_is_empty_string_without_allocation),
        cmocka_unit_test(test_str_join_joins_and_cuts_as_snprintf_would),
        cmocka_unit_test(
            test_json_plain_prefix_stops_at_the_first_byte_to_escape),
        cmocka_unit_test(
            test_add_json_str_escapes_each_special_byte_among_runs),
        cmocka_unit_test(test_add_grows_and_keeps_content),
        cmocka_unit_test(test_add_keeps_embedded_nul),
        cmocka_unit_test(test_cap_fails_and_leaves_buffer_unchanged),
        cmocka_unit_test(test_addf_formats_and_grows),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_json_respects_cap),
        cmocka_unit_test(test_reset_keeps_memory),
        cmocka_unit_test(test_detach_hands_over_buffer),
        cmocka_unit_test(test_release_frees_and_is_reusable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
