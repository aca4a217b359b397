#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "render/json.h"
#include "render/template_set.h"

#define SRC(s) s, sizeof(s) - 1

static struct template_set *
parse_ok(const char *src, size_t len)
{
    struct dun_err err = DUN_ERR_INIT;
    struct template_set *s = NULL;

    if (template_set_parse(&s, "set", src, len, &err) < 0)
        fail_msg("%s", err.msg);
    return s;
}

static void
assert_parse_fails(const char *src, size_t len, const char *want)
{
    struct dun_err err = DUN_ERR_INIT;
    struct template_set *s = NULL;

    assert_int_equal(template_set_parse(&s, "set", src, len, &err), -1);
    assert_null(s);
    assert_int_equal(err.code, DUN_E_INPUT);
    assert_string_equal(err.msg, want);
}

static char *
render(struct template_set *s, const char *name, const char *json)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct value *v;
    struct sbuf out = SBUF_INIT;

    if (json_parse(&a, "data", json, strlen(json), &v, &err) < 0 ||
        template_set_render(s, name, v, &out, &err) < 0)
        fail_msg("%s", err.msg);
    arena_release(&a);
    return sbuf_detach(&out, NULL);
}

/* A set renders its templates with the partials of the same language. */
static void
test_parse_and_render(void **state)
{
    struct template_set *s = parse_ok(SRC(
        "dun-templates 1\n"
        "de/_name 13\nHallo {{who}}\n"
        "de/x.text 16\n{{>name}}! {{n}}\n"
        "en/_name 13\nHello {{who}}\n"));
    char *out;
    (void)state;

    out = render(s, "de/x.text", "{\"who\":\"<Eva>\",\"n\":3}");
    assert_string_equal(out, "Hallo &lt;Eva&gt;! 3");
    free(out);
    /* A template the set lacks renders as nothing. */
    out = render(s, "de/x.letter", "{}");
    assert_string_equal(out, "");
    free(out);
    assert_true(template_set_has(s, "en/_name"));
    assert_false(template_set_has(s, "en/x.text"));
    template_set_free(s);
}

/* The defaults: the parts of one template and the language's partials,
 * nothing of other templates or languages; parsing the source gives the
 * same set, and it renders the same bytes. */
static void
test_default_set_round_trips(void **state)
{
    struct dun_err err = DUN_ERR_INIT;
    struct template_set *d = NULL, *p;
    const char *src;
    size_t len;
    char *a, *b;
    const char *data = "{\"customer\":{\"id\":\"C1\",\"name\":\"Eva\"},"
                       "\"invoices\":[],\"totals\":[]}";
    (void)state;

    assert_int_equal(template_set_default(&d, "de", "notice", &err), 0);
    assert_true(template_set_has(d, "de/notice.subject"));
    assert_true(template_set_has(d, "de/notice.text"));
    assert_true(template_set_has(d, "de/notice.html"));
    assert_true(template_set_has(d, "de/notice.letter"));
    assert_true(template_set_has(d, "de/_invoices_text"));
    assert_false(template_set_has(d, "de/reminder.text"));
    assert_false(template_set_has(d, "en/notice.text"));
    src = template_set_source(d, &len);
    assert_memory_equal(src, "dun-templates 1\nde/_", 20);
    p = parse_ok(src, len);
    assert_memory_equal(template_set_digest(p), template_set_digest(d),
                        SHA256_LEN);
    a = render(d, "de/notice.text", data);
    b = render(p, "de/notice.text", data);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "C1"));
    free(a);
    free(b);
    template_set_free(p);
    template_set_free(d);
}

static void
test_default_unknown(void **state)
{
    struct dun_err err = DUN_ERR_INIT;
    struct template_set *d = NULL;
    (void)state;

    assert_int_equal(template_set_default(&d, "xx", "notice", &err), -1);
    assert_int_equal(err.code, DUN_E_NOTFOUND);
    assert_string_equal(err.msg, "no template notice in language xx");
    assert_int_equal(template_set_default(&d, "en", "notic", &err), -1);
    assert_null(d);
}

/* Anything but the canonical form is refused, with where. */
static void
test_parse_refuses(void **state)
{
    (void)state;
    assert_parse_fails(SRC("dun-templates 2\n"),
                       "set: not a template set at byte 0");
    assert_parse_fails(SRC("dun-templates 1\nb 1\nx\na 1\ny\n"),
                       "set: template a out of order or twice");
    assert_parse_fails(SRC("dun-templates 1\na 1\nx\na 1\ny\n"),
                       "set: template a out of order or twice");
    assert_parse_fails(SRC("dun-templates 1\na 01\nx\n"),
                       "set: bad length at byte 18");
    assert_parse_fails(SRC("dun-templates 1\na 5\nx\n"),
                       "set: template shorter than its length at byte 20");
    assert_parse_fails(SRC("dun-templates 1\na 1\nxy"),
                       "set: template shorter than its length at byte 20");
    assert_parse_fails(SRC("dun-templates 1\na b 1\nx\n"),
                       "set: bad length at byte 18");
    assert_parse_fails(SRC("dun-templates 1\n 1\nx\n"),
                       "set: bad template name at byte 16");
    assert_parse_fails(SRC("dun-templates 1\na\\b 1\nx\n"),
                       "set: bad template name at byte 16");
    assert_parse_fails(SRC("dun-templates 1\na 1\n"),
                       "set: template shorter than its length at byte 20");
}

/* A template error names the template and its line. */
static void
test_template_error_names_template(void **state)
{
    struct template_set *s = parse_ok(SRC(
        "dun-templates 1\nen/x.text 14\nok\n{{#a}}\nopen\n"));
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf out = SBUF_INIT;
    (void)state;

    assert_int_equal(template_set_render(s, "en/x.text",
                                         value_map_new(&a), &out, &err), -1);
    assert_string_equal(err.msg, "en/x.text:2: unclosed section \"a\"");
    sbuf_release(&out);
    arena_release(&a);
    template_set_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_render),
        cmocka_unit_test(test_default_set_round_trips),
        cmocka_unit_test(test_default_unknown),
        cmocka_unit_test(test_parse_refuses),
        cmocka_unit_test(test_template_error_names_template),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
