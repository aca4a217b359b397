#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "render/template_library.h"
#include "render/template_set.h"

/* A set cut from the built-in library is byte for byte the default set:
 * messages rendered before libraries keep their stored set's digest. */
static void
test_builtin_cut_is_the_default_set(void **state)
{
    static const char *const cases[][2] = {
        { "en", "reminder" }, { "de", "final-demand" },
        { "fr", "plan-missed" }, { "en", "pre-due" },
    };
    struct template_library *lib = template_library_builtin();

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct dun_err err = DUN_ERR_INIT;
        struct template_set *a = NULL, *b = NULL;
        size_t alen, blen;
        const char *as, *bs;

        assert_int_equal(template_set_default(&a, cases[i][0], cases[i][1],
                                              &err), 0);
        assert_int_equal(template_library_cut(lib, cases[i][0], cases[i][1],
                                              &b, &err), 0);
        as = template_set_source(a, &alen);
        bs = template_set_source(b, &blen);
        assert_int_equal(alen, blen);
        assert_memory_equal(as, bs, alen);
        template_set_free(a);
        template_set_free(b);
    }
    template_library_free(lib);
}

/* The canonical source parses back to the same library; the order the
 * templates were added in does not matter. */
static void
test_source_round_trips_whatever_the_order(void **state)
{
    struct template_library *a = template_library_new();
    struct template_library *b = template_library_new(), *c = NULL;
    struct dun_err err = DUN_ERR_INIT;
    size_t alen, blen, clen, len;
    const char *src;

    (void)state;
    assert_int_equal(template_library_add(a, "en/_x", "X", 1, &err), 0);
    assert_int_equal(template_library_add(a, "de/notice.text", "Hallo\n", 6,
                                          &err), 0);
    assert_int_equal(template_library_add(b, "de/notice.text", "Hallo\n", 6,
                                          &err), 0);
    assert_int_equal(template_library_add(b, "en/_x", "X", 1, &err), 0);
    template_library_seal(a);
    template_library_seal(b);
    src = template_library_source(a, &alen);
    assert_string_equal(src, "dun-templates 1\nde/notice.text 6\nHallo\n\n"
                             "en/_x 1\nX\n");
    template_library_source(b, &blen);
    assert_int_equal(alen, blen);
    assert_memory_equal(template_library_digest(a),
                        template_library_digest(b), 32);
    assert_int_equal(template_library_parse(&c, "v", src, alen, &err), 0);
    template_library_source(c, &clen);
    assert_int_equal(clen, alen);
    assert_int_equal(template_library_count(c), 2);
    assert_string_equal(template_library_name(c, 1), "en/_x");
    assert_string_equal(template_library_find(c, "de/notice.text", &len),
                        "Hallo\n");
    assert_int_equal(len, 6);
    assert_true(template_library_has(c, "de", "notice", "text"));
    assert_false(template_library_has(c, "de", "notice", "html"));
    template_library_free(a);
    template_library_free(b);
    template_library_free(c);
}

/* Names and texts a library refuses, each with its reason. */
static void
test_refused_names_and_texts(void **state)
{
    static const struct {
        const char *name, *text, *want;
    } cases[] = {
        { "en/notise.text", "x",
          "unknown template notise (there are final-demand, notice, "
          "plan-missed, pre-due, reminder, statement)" },
        { "en/notice.body", "x",
          "unknown part body (subject, text, html or letter)" },
        { "en/Notice.text", "x",
          "not a template file name (LANG/NAME.PART.mustache or "
          "LANG/_PARTIAL.mustache, in a-z, 0-9, '_', '.' and '-')" },
        { "eng/notice.text", "x",
          "not a template file name (LANG/NAME.PART.mustache or "
          "LANG/_PARTIAL.mustache, LANG two letters a-z)" },
        { "en/notice", "x",
          "not a template file name (LANG/NAME.PART.mustache or "
          "LANG/_PARTIAL.mustache)" },
        { "en/_a.b", "x",
          "not a partial's name (_NAME.mustache, NAME in a-z, 0-9, '_' "
          "and '-')" },
        { "en/notice.text", "caf\xe9", "not valid UTF-8" },
        { "en/reminder.text", "a", "there twice" },
    };
    struct template_library *lib = template_library_new();
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(template_library_add(lib, "en/reminder.text", "a", 1,
                                          &err), 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        err = (struct dun_err)DUN_ERR_INIT;
        assert_int_equal(template_library_add(lib, cases[i].name,
                                              cases[i].text,
                                              strlen(cases[i].text), &err),
                         -1);
        assert_string_equal(err.msg, cases[i].want);
    }
    template_library_free(lib);
}

/* The largest template is TEMPLATE_SET_TEXT_MAX bytes: one more is
 * refused. */
static void
test_size_limit_both_sides(void **state)
{
    struct template_library *lib = template_library_new();
    struct dun_err err = DUN_ERR_INIT;
    char *big = malloc(TEMPLATE_SET_TEXT_MAX + 1);

    (void)state;
    memset(big, 'a', TEMPLATE_SET_TEXT_MAX + 1);
    assert_int_equal(template_library_add(lib, "en/_big", big,
                                          TEMPLATE_SET_TEXT_MAX, &err), 0);
    assert_int_equal(template_library_add(lib, "en/_bigger", big,
                                          TEMPLATE_SET_TEXT_MAX + 1, &err),
                     -1);
    assert_string_equal(err.msg, "larger than 1048576 bytes");
    free(big);
    template_library_free(lib);
}

/* A cut holds the template's parts and the language's partials; a
 * language without the template has no set. */
static void
test_cut_takes_parts_and_partials(void **state)
{
    struct template_library *lib = template_library_new();
    struct dun_err err = DUN_ERR_INIT;
    struct template_set *s = NULL;

    (void)state;
    assert_int_equal(template_library_add(lib, "de/notice.text", "n", 1,
                                          &err), 0);
    assert_int_equal(template_library_add(lib, "de/reminder.text", "r", 1,
                                          &err), 0);
    assert_int_equal(template_library_add(lib, "de/_p", "p", 1, &err), 0);
    assert_int_equal(template_library_add(lib, "en/_q", "q", 1, &err), 0);
    template_library_seal(lib);
    assert_int_equal(template_library_cut(lib, "de", "notice", &s, &err), 0);
    assert_string_equal(template_set_name(s, 0), "de/_p");
    assert_string_equal(template_set_name(s, 1), "de/notice.text");
    assert_null(template_set_name(s, 2));
    template_set_free(s);
    assert_int_equal(template_library_cut(lib, "en", "notice", &s, &err), -1);
    assert_string_equal(err.msg, "no template notice in language en");
    template_library_free(lib);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_cut_is_the_default_set),
        cmocka_unit_test(test_source_round_trips_whatever_the_order),
        cmocka_unit_test(test_refused_names_and_texts),
        cmocka_unit_test(test_size_limit_both_sides),
        cmocka_unit_test(test_cut_takes_parts_and_partials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
