#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "render/json.h"
#include "render/mustache.h"
#include "render/value.h"
#include "io/textfile.h"
#include "conformance.h"

/* ---- helpers ---------------------------------------------------------- */

static char *
read_file(const char *path, size_t *len)
{
    struct sbuf sb = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    if (textfile_read(path, (size_t)1 << 30, &sb, &err) < 0)
        fail_msg("%s", err.msg);
    return sbuf_detach(&sb, len);
}

/* JSON text that must parse: the test's own data. */
static struct value *
json(struct arena *a, const char *text)
{
    struct dun_err err = DUN_ERR_INIT;
    struct value *v = NULL;

    if (json_parse(a, "data.json", text, strlen(text), &v, &err) < 0)
        fail_msg("%s", err.msg);
    return v;
}

/* Render template (called "t") with data and partials (JSON or NULL);
 * returns 0 with the output in out, or -1 with the message in err. */
static int
render(const char *tmpl, const char *data, const char *partials,
       struct sbuf *out, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    struct mustache_partials ps = { NULL, NULL, NULL, NULL };
    struct mustache *m = NULL;
    int rc = -1;

    if (partials)
        ps.map = json(&a, partials);
    if (mustache_compile(&m, "t", tmpl, strlen(tmpl), err) < 0)
        goto out;
    rc = mustache_render(m, data ? json(&a, data) : NULL, &ps, out, err);
out:
    mustache_free(m);
    arena_release(&a);
    return rc;
}

static void
expect_render(const char *tmpl, const char *data, const char *partials,
              const char *want)
{
    struct sbuf out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    if (render(tmpl, data, partials, &out, &err) < 0)
        fail_msg("%s: %s", tmpl, err.msg);
    assert_string_equal(out.buf, want);
    sbuf_release(&out);
}

static void
expect_error(const char *tmpl, const char *data, const char *partials,
             const char *want)
{
    struct sbuf out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    if (render(tmpl, data, partials, &out, &err) == 0)
        fail_msg("%s: rendered, want error %s", tmpl, want);
    assert_int_equal(err.code, DUN_E_INPUT);
    assert_string_equal(err.msg, want);
    assert_int_equal(out.len, 0); /* nothing half-written */
    sbuf_release(&out);
}

/* ---- the official Mustache spec ---------------------------------------- */

/* Every file of ../shared/conformance/mustache and its number of tests
 * (SOURCES.md: 136 in all). A file added there must be added here. */
static const struct {
    const char *file;
    size_t cases;
} spec_files[] = {
    { "comments.json", 12 },      { "delimiters.json", 14 },
    { "interpolation.json", 42 }, { "inverted.json", 22 },
    { "partials.json", 12 },      { "sections.json", 34 },
};
#define NSPEC_FILES (sizeof(spec_files) / sizeof(spec_files[0]))

static const struct value *
member(const struct value *obj, const char *key)
{
    return value_map_get(obj, key, strlen(key));
}

static const struct value *
string_member(const struct value *obj, const char *key, const char *file)
{
    const struct value *v = member(obj, key);

    if (v == NULL || v->type != VALUE_STRING)
        fail_msg("%s: a test without a string \"%s\"", file, key);
    return v;
}

/* Run one spec case; 0 if it passed, else 1 after saying why. */
static int
spec_case(const char *file, const struct value *tc)
{
    const struct value *name = string_member(tc, "name", file);
    const struct value *tmpl = string_member(tc, "template", file);
    const struct value *want = string_member(tc, "expected", file);
    struct mustache_partials ps = { member(tc, "partials"), NULL, NULL,
                                    NULL };
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf out = SBUF_INIT;
    struct mustache *m = NULL;
    int failed = 1;

    if (mustache_compile(&m, name->u.text.ptr, tmpl->u.text.ptr,
                         tmpl->u.text.len, &err) < 0 ||
        mustache_render(m, member(tc, "data"), &ps, &out, &err) < 0) {
        print_error("%s: \"%s\": %s\n", file, name->u.text.ptr, err.msg);
        goto out;
    }
    if (out.len != want->u.text.len ||
        memcmp(out.buf, want->u.text.ptr, out.len) != 0) {
        print_error("%s: \"%s\":\n  template %s\n  want [%s]\n  got  [%s]\n",
                    file, name->u.text.ptr, tmpl->u.text.ptr, want->u.text.ptr,
                    out.buf);
        goto out;
    }
    failed = 0;
out:
    mustache_free(m);
    sbuf_release(&out);
    return failed;
}

/* Run every case of one spec file; returns how many ran. */
static size_t
spec_file(const char *dir, const char *file, size_t *failures)
{
    char path[4400];
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct value *doc = NULL;
    const struct value *tests;
    size_t len, n;
    char *text;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    text = read_file(path, &len);
    if (json_parse(&a, file, text, len, &doc, &err) < 0)
        fail_msg("%s", err.msg);
    tests = member(doc, "tests");
    if (tests == NULL || tests->type != VALUE_LIST)
        fail_msg("%s: no \"tests\" list", path);
    n = tests->u.list.len;
    for (size_t i = 0; i < n; i++)
        *failures += (size_t)spec_case(file, tests->u.list.items[i]);
    arena_release(&a);
    free(text);
    return n;
}

static void
test_spec_all_files_all_cases(void **state)
{
    size_t ran[NSPEC_FILES] = { 0 };
    size_t total = 0, failures = 0;
    struct dirent *de;
    char dir[4096];
    DIR *d;

    (void)state;
    if (!conformance_dir("mustache", dir, sizeof(dir)))
        skip();
    if ((d = opendir(dir)) == NULL)
        fail_msg("the Mustache spec is missing: %s", dir);
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name), i;

        if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0)
            continue;
        for (i = 0; i < NSPEC_FILES; i++)
            if (strcmp(de->d_name, spec_files[i].file) == 0)
                break;
        if (i == NSPEC_FILES)
            fail_msg("%s: a spec file this test does not know", de->d_name);
        ran[i] = spec_file(dir, de->d_name, &failures);
        total += ran[i];
    }
    closedir(d);
    for (size_t i = 0; i < NSPEC_FILES; i++)
        if (ran[i] != spec_files[i].cases)
            fail_msg("%s: ran %zu cases, want %zu", spec_files[i].file, ran[i],
                     spec_files[i].cases);
    assert_int_equal(total, 136);
    assert_int_equal(failures, 0);
}

/* ---- rendering beyond the spec ---------------------------------------- */

static void
test_render_values(void **state)
{
    static const struct {
        const char *tmpl, *data, *want;
    } cases[] = {
        /* HTML escaping covers the apostrophe too (attribute values) */
        { "{{s}}", "{\"s\":\"<a href='x'>&\\\"</a>\"}",
          "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;" },
        { "{{{s}}}", "{\"s\":\"<'>\"}", "<'>" },
        /* numbers print their source text, not a reformatted double */
        { "{{a}} {{b}} {{c}} {{d}}",
          "{\"a\":1.210,\"b\":1.0,\"c\":-0,\"d\":1E+2}", "1.210 1.0 -0 1E+2" },
        { "{{t}}/{{f}}/{{n}}", "{\"t\":true,\"f\":false,\"n\":null}",
          "true/false/" },
        /* lists and maps have no text */
        { "[{{l}}][{{m}}]", "{\"l\":[1],\"m\":{\"a\":1}}", "[][]" },
        /* falsey: "", empty list; truthy: 0, "0", empty map */
        { "{{#s}}s{{/s}}{{#l}}l{{/l}}{{#z}}z{{/z}}{{#o}}o{{/o}}{{#m}}m{{/m}}",
          "{\"s\":\"\",\"l\":[],\"z\":0,\"o\":\"0\",\"m\":{}}", "zom" },
        { "{{^s}}S{{/s}}{{^z}}Z{{/z}}", "{\"s\":\"\",\"z\":0}", "S" },
        /* a section over a map pushes it; lookups fall back outward */
        { "{{#c}}{{name}} owes {{total}} {{cur}}{{/c}}",
          "{\"cur\":\"EUR\",\"c\":{\"name\":\"Acme\",\"total\":\"12.50\"}}",
          "Acme owes 12.50 EUR" },
        { "{{a.b.c}}", "{\"a\":{\"b\":\"str\"}}", "" },
        { "x{{.}}y", NULL, "xy" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_render(cases[i].tmpl, cases[i].data, NULL, cases[i].want);
}

static void
test_render_nul_bytes_pass_through(void **state)
{
    struct arena a = ARENA_INIT;
    struct value *data = value_map_new(&a);
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf out = SBUF_INIT;
    struct mustache *m = NULL;

    (void)state;
    value_map_set(data, "s", value_str(&a, "a\0<", 3));
    assert_int_equal(mustache_compile(&m, "t", "[{{s}}]\0!", 9, &err), 0);
    assert_int_equal(mustache_render(m, data, NULL, &out, &err), 0);
    assert_int_equal(out.len, 10);
    assert_memory_equal(out.buf, "[a\0&lt;]\0!", 11);
    mustache_free(m);
    sbuf_release(&out);
    arena_release(&a);
}

static void
test_render_appends_and_reuses_template(void **state)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf out = SBUF_INIT;
    struct mustache *m = NULL;
    char tmpl[] = "Dear {{name}},\n";

    (void)state;
    assert_int_equal(mustache_compile(&m, "t", tmpl, strlen(tmpl), &err), 0);
    memset(tmpl, 'x', sizeof(tmpl) - 1); /* the template kept its own copy */
    sbuf_addstr(&out, "> ");
    assert_int_equal(
        mustache_render(m, json(&a, "{\"name\":\"Ann\"}"), NULL, &out, &err),
        0);
    assert_int_equal(
        mustache_render(m, json(&a, "{\"name\":\"Bo\"}"), NULL, &out, &err), 0);
    assert_string_equal(out.buf, "> Dear Ann,\nDear Bo,\n");
    mustache_free(m);
    mustache_free(NULL);
    sbuf_release(&out);
    arena_release(&a);
}

static void
test_partial_indentation_nests(void **state)
{
    (void)state;
    /* standalone inside standalone: the indentations add up */
    expect_render("<\n  {{>a}}\n>\n", NULL,
                  "{\"a\":\"a1\\n  {{>b}}\\na2\\n\",\"b\":\"b1\\nb2\\n\"}",
                  "<\n  a1\n    b1\n    b2\n  a2\n>\n");
    /* inline inside standalone: the inner partial is not indented */
    expect_render("  {{>a}}\n", NULL, "{\"a\":\"x{{>b}}y\\n\",\"b\":\"1\\n2\"}",
                  "  x1\n2y\n");
    /* a section repeating in an indented partial */
    expect_render(" {{>p}}\n", "{\"l\":[1,2]}",
                  "{\"p\":\"{{#l}}\\n<{{.}}>\\n{{/l}}\\n\"}", " <1>\n <2>\n");
}

/* A partial source that serves "name:" followed by the name, except for
 * "fail", which fails. */
static int
lookup_partial(void *arg, const char *name, size_t namelen, const char **text,
               size_t *len, struct dun_err *err)
{
    int *calls = arg;

    (*calls)++;
    if (namelen == 4 && memcmp(name, "fail", 4) == 0)
        return dun_err_set(err, DUN_E_IO, "templates: cannot read fail");
    if (namelen == 4 && memcmp(name, "none", 4) == 0)
        return 0;
    *text = "[{{x}}]";
    *len = 7;
    return 1;
}

static void
test_partial_callback(void **state)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf out = SBUF_INIT;
    struct mustache *m = NULL;
    int calls = 0;
    struct mustache_partials ps = { NULL, lookup_partial, &calls, NULL };
    const char *tmpl = "{{#l}}{{>p}}{{>none}}{{/l}}";

    (void)state;
    assert_int_equal(mustache_compile(&m, "t", tmpl, strlen(tmpl), &err), 0);
    assert_int_equal(mustache_render(m,
                                     json(&a, "{\"l\":[{\"x\":1},{\"x\":2}]}"),
                                     &ps, &out, &err),
                     0);
    assert_string_equal(out.buf, "[1][2]");
    assert_int_equal(calls, 2); /* each name is looked up once per render */
    mustache_free(m);

    tmpl = "a{{>fail}}";
    assert_int_equal(mustache_compile(&m, "t", tmpl, strlen(tmpl), &err), 0);
    assert_int_equal(mustache_render(m, NULL, &ps, &out, &err), -1);
    assert_int_equal(err.code, DUN_E_IO);
    assert_string_equal(err.msg, "templates: cannot read fail");
    assert_string_equal(out.buf, "[1][2]"); /* out as it was */
    mustache_free(m);
    sbuf_release(&out);
    arena_release(&a);
}

/* ---- errors ------------------------------------------------------------ */

static void
test_compile_errors_name_template_and_line(void **state)
{
    static const struct {
        const char *tmpl, *want;
    } cases[] = {
        { "ab\n{{x", "t:2: unclosed tag" },
        { "ab\n{{{x}}", "t:2: unclosed tag" },
        { "a\n{{! never\nclosed }", "t:2: unclosed tag" },
        { "{{=<% %>=}}\n\n<%x%>{{y}}<%z", "t:3: unclosed tag" },
        { "{{#a}}\n{{#b}}\n{{/b}}", "t:1: unclosed section \"a\"" },
        { "{{#a}}\n{{^b}}\n{{/a}}",
          "t:3: mismatched section end \"a\", expected \"b\"" },
        { "x\n\n{{/a}}", "t:3: section end \"a\" without a start" },
        { "{{= x =}}", "t:1: bad delimiter change" },
        { "\n{{=<% %> x=}}", "t:2: bad delimiter change" },
        { "{{=a= b=}}", "t:1: bad delimiter change" },
        { "{{=a b}}", "t:1: unclosed tag" }, /* no "=}}" to end it */
        { "{{}}", "t:1: empty tag" },
        { "{{# }}", "t:1: empty tag" },
        { "{{a b}}", "t:1: bad tag name \"a b\"" },
        { "{{a..b}}", "t:1: bad tag name \"a..b\"" },
        { "{{.a}}", "t:1: bad tag name \".a\"" },
        { "{{#a.}}{{/a.}}", "t:1: bad tag name \"a.\"" },
        { "{{>a b}}", "t:1: bad tag name \"a b\"" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(cases[i].tmpl, NULL, NULL, cases[i].want);
}

static void
test_section_nesting_limit(void **state)
{
    struct sbuf tmpl = SBUF_INIT;

    (void)state;
    for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
        sbuf_addstr(&tmpl, "{{#a}}");
    sbuf_addstr(&tmpl, "x");
    for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
        sbuf_addstr(&tmpl, "{{/a}}");
    expect_render(tmpl.buf, "{\"a\":true}", NULL, "x");
    sbuf_reset(&tmpl);
    for (int i = 0; i <= MUSTACHE_MAX_NESTING; i++)
        sbuf_addstr(&tmpl, "\n{{#a}}");
    expect_error(tmpl.buf, NULL, NULL, "t:66: sections nested deeper than 64");
    sbuf_release(&tmpl);
}

/* Partials p1 -> p2 -> ... -> pN, pN rendering "end". */
static void
partial_chain(struct sbuf *json_out, int n)
{
    sbuf_addstr(json_out, "{");
    for (int i = 1; i < n; i++)
        sbuf_addf(json_out, "\"p%d\":\"{{>p%d}}\",", i, i + 1);
    sbuf_addf(json_out, "\"p%d\":\"end\"}", n);
}

static void
test_partial_depth_limit(void **state)
{
    struct sbuf partials = SBUF_INIT;

    (void)state;
    partial_chain(&partials, MUSTACHE_MAX_PARTIAL_DEPTH);
    expect_render("{{>p1}}", NULL, partials.buf, "end");
    sbuf_reset(&partials);
    partial_chain(&partials, MUSTACHE_MAX_PARTIAL_DEPTH + 1);
    expect_error("{{>p1}}", NULL, partials.buf,
                 "p32:1: partials nested deeper than 32");
    /* endless recursion stops the same way */
    expect_error("x\n{{>r}}", NULL, "{\"r\":\"\\n\\n{{>r}}\"}",
                 "r:3: partials nested deeper than 32");
    sbuf_release(&partials);
}

static void
test_render_errors(void **state)
{
    (void)state;
    /* a partial that does not compile is reported under its own name */
    expect_error("{{>p}}", NULL, "{\"p\":\"x\\n{{#a}}\"}",
                 "p:2: unclosed section \"a\"");
    expect_error("\n{{>p}}", NULL, "{\"p\":1}",
                 "t:2: partial \"p\" is not a string");
    /* 16^6 visits of the innermost of 7 sections */
    expect_error("{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}"
                 "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}",
                 "{\"l\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]}", NULL,
                 "t:1: more than 4194304 render steps");
}

static void
test_output_cap(void **state)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf out;
    struct mustache *m = NULL;
    const char *tmpl = "1234\n{{#l}}{{.}}{{/l}}";

    (void)state;
    sbuf_init(&out, 10);
    sbuf_addstr(&out, "ab");
    assert_int_equal(mustache_compile(&m, "t", tmpl, strlen(tmpl), &err), 0);
    /* 2 + 5 + 3 bytes: exactly at the cap */
    assert_int_equal(
        mustache_render(m, json(&a, "{\"l\":[1,2,3]}"), NULL, &out, &err), 0);
    assert_string_equal(out.buf, "ab1234\n123");
    sbuf_reset(&out);
    sbuf_addstr(&out, "ab");
    assert_int_equal(
        mustache_render(m, json(&a, "{\"l\":[1,2,3,4]}"), NULL, &out, &err),
        -1);
    assert_string_equal(err.msg, "t:2: output too large");
    assert_string_equal(out.buf, "ab");
    mustache_free(m);
    sbuf_release(&out);
    arena_release(&a);
}

/* ---- the value tree ---------------------------------------------------- */

static void
test_value_map_order_replace_and_index(void **state)
{
    struct arena a = ARENA_INIT;
    struct value *map = value_map_new(&a);
    struct value *list = value_list_new(&a);
    char key[16];

    (void)state;
    value_map_set(map, "b", value_strz(&a, "1"));
    value_map_set(map, "a", value_number_text(&a, "2.50", 4));
    value_map_set(map, "b", value_bool(&a, true)); /* replaced in place */
    assert_int_equal(map->u.map.len, 2);
    assert_string_equal(map->u.map.members[0].key, "b");
    assert_int_equal(map->u.map.members[0].value->type, VALUE_BOOL);
    assert_string_equal(value_map_get(map, "a", 1)->u.text.ptr, "2.50");
    assert_null(value_map_get(map, "c", 1));
    assert_null(value_map_get(list, "a", 1));
    assert_null(value_map_get(NULL, "a", 1));
    /* keys with NUL bytes are distinct from their prefixes */
    value_map_setn(map, "a\0x", 3, value_null(&a));
    assert_int_equal(value_map_get(map, "a\0x", 3)->type, VALUE_NULL);
    assert_int_equal(value_map_get(map, "a", 1)->type, VALUE_NUMBER);
    /* past the linear scan: the hash index finds every key */
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        value_map_set(map, key,
                      value_number_text(&a, key + 1, strlen(key) - 1));
        value_list_push(list, value_map_get(map, key, strlen(key)));
    }
    value_map_set(map, "k7", value_strz(&a, "seven"));
    assert_int_equal(map->u.map.len, 1003);
    assert_int_equal(list->u.list.len, 1000);
    for (int i = 0; i < 1000; i++) {
        const struct value *v;

        snprintf(key, sizeof(key), "k%d", i);
        v = value_map_get(map, key, strlen(key));
        assert_non_null(v);
        assert_string_equal(v->u.text.ptr, i == 7 ? "seven" : key + 1);
        assert_string_equal(map->u.map.members[3 + i].key, key);
    }
    arena_release(&a);
}

/* Maps built at once (value_map_of_lits) or with literal keys kept as
 * they are behave as any other: order, lookups (hashed past the linear
 * scan too), replacing and growing. */
static void
test_value_maps_of_literal_keys(void **state)
{
    static const char *const keys[] = {
        "a", "bb", "ccc", "d", "e", "f", "g", "h", "i", "j",
        "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"};
    struct arena a = ARENA_INIT;
    struct value *v[20];
    size_t lens[20];

    (void)state;
    for (size_t i = 0; i < 20; i++) {
        lens[i] = strlen(keys[i]);
        v[i] = value_number_text(&a, keys[i], lens[i]);
    }
    for (size_t n = 0; n <= 20; n += 3) {
        struct value *map = value_map_of_lits(&a, keys, lens, v, n);

        assert_int_equal(map->u.map.len, n);
        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(keys[i]);

            assert_ptr_equal(map->u.map.members[i].key, keys[i]);
            assert_ptr_equal(value_map_get(map, keys[i], len), v[i]);
            assert_ptr_equal(value_map_get_hashed(
                                 map, keys[i], len,
                                 value_key_hash(keys[i], len)),
                             v[i]);
        }
        assert_null(value_map_get(map, "zz", 2));
        /* replaced in place; a new key goes last */
        value_map_set_lit(map, "a", value_null(&a));
        value_map_set_lit(map, "zz", value_bool(&a, false));
        assert_int_equal(map->u.map.len, n ? n + 1 : 2);
        assert_int_equal(value_map_get(map, "a", 1)->type, VALUE_NULL);
        assert_int_equal(value_map_get(map, "zz", 2)->type, VALUE_BOOL);
        assert_string_equal(map->u.map.members[map->u.map.len - 1].key,
                            "zz");
    }
    arena_release(&a);
}

/* ---- the JSON reader --------------------------------------------------- */

static void
test_json_strings_decode_every_escape(void **state)
{
    static const struct {
        const char *json, *want;
        size_t len;
    } cases[] = {
        { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8 },
        { "\"caf\\u00e9 \\u20AC\"", "caf\xc3\xa9 \xe2\x82\xac", 9 },
        /* RFC 8259 section 7: U+1F600 as a surrogate pair */
        { "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4 },
        { "\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4 },
        { "\"a\\u0000b\"", "a\0b", 3 },
        { "\"\\u007f\\u0080\\u07ff\\u0800\\uffff\"",
          "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 11 },
        /* raw UTF-8 passes as it is */
        { "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
          "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9 },
        { "\"\"", "", 0 },
    };
    struct arena a = ARENA_INIT;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct value *v = json(&a, cases[i].json);

        assert_int_equal(v->type, VALUE_STRING);
        assert_int_equal(v->u.text.len, cases[i].len);
        assert_memory_equal(v->u.text.ptr, cases[i].want, cases[i].len + 1);
    }
    arena_release(&a);
}

static void
test_json_numbers_keep_their_text(void **state)
{
    static const char *const numbers[] = {
        "0",        "-0",   "1.210",   "1.0",
        "-12.5e-3", "1E+2", "6.02e23", "123456789012345678901234567890",
    };
    struct arena a = ARENA_INIT;

    (void)state;
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        const struct value *v = json(&a, numbers[i]);

        assert_int_equal(v->type, VALUE_NUMBER);
        assert_string_equal(v->u.text.ptr, numbers[i]);
    }
    arena_release(&a);
}

static void
test_json_nesting_and_literals(void **state)
{
    struct arena a = ARENA_INIT;
    const struct value *v =
        json(&a, "{\"z\" : [1, {\"b\":null}, []],\n\t\"a\":true,"
                 "\"f\":false, \"o\":{}}\r\n");

    (void)state;
    assert_int_equal(v->type, VALUE_MAP);
    assert_int_equal(v->u.map.len, 4);
    assert_string_equal(v->u.map.members[0].key, "z"); /* document order */
    assert_string_equal(v->u.map.members[1].key, "a");
    v = v->u.map.members[0].value;
    assert_int_equal(v->type, VALUE_LIST);
    assert_int_equal(v->u.list.len, 3);
    assert_string_equal(v->u.list.items[0]->u.text.ptr, "1");
    assert_int_equal(value_map_get(v->u.list.items[1], "b", 1)->type,
                     VALUE_NULL);
    assert_int_equal(v->u.list.items[2]->u.list.len, 0);
    arena_release(&a);
}

/* A leading BOM is fine; this one is not at the start. */
static void
test_json_bom(void **state)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct value *v = NULL;

    (void)state;
    assert_int_equal(json_parse(&a, "x.json", "\xef\xbb\xbf[1]", 6, &v, &err),
                     0);
    assert_int_equal(v->type, VALUE_LIST);
    assert_int_equal(json_parse(&a, "x.json", "\xef\xbb\xbfx", 4, &v, &err),
                     -1);
    assert_string_equal(err.msg, "x.json:1:1: unexpected character 'x'");
    arena_release(&a);
}

static void
expect_json_error(const char *text, size_t len, const char *want)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct value *v = NULL;

    if (json_parse(&a, "x.json", text, len, &v, &err) == 0)
        fail_msg("parsed, want error %s", want);
    assert_null(v); /* untouched */
    assert_int_equal(err.code, DUN_E_INPUT);
    assert_string_equal(err.msg, want);
    arena_release(&a);
}

static void
test_json_errors_name_line_and_column(void **state)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        { "", "x.json:1:1: unexpected end of input" },
        { "  \n ", "x.json:2:2: unexpected end of input" },
        { "[1,", "x.json:1:4: unexpected end of input" },
        { "[1", "x.json:1:3: unexpected end of input, expected ',' or ']'" },
        { "{\"a\":1,}",
          "x.json:1:8: unexpected character '}', expected a string key" },
        { "{1:2}",
          "x.json:1:2: unexpected character '1', expected a string key" },
        { "[1,]", "x.json:1:4: unexpected character ']'" },
        { "[1 2]",
          "x.json:1:4: unexpected character '2', expected ',' or ']'" },
        { "{\n  \"a\" 1}",
          "x.json:2:7: unexpected character '1', expected ':'" },
        { "{\r\n\"a\":x}", "x.json:2:5: unexpected character 'x'" },
        { "{\"a\":1 \"b\":2}",
          "x.json:1:8: unexpected character '\"', expected ',' or '}'" },
        { "{\"a\":1,\"a\":2}", "x.json:1:8: duplicate key" },
        { "1 2", "x.json:1:3: unexpected character '2' after the value" },
        { "[1]]", "x.json:1:4: unexpected character ']' after the value" },
        { "tru", "x.json:1:1: invalid literal" },
        { "nul", "x.json:1:1: invalid literal" },
        { "True", "x.json:1:1: unexpected character 'T'" },
        { "NaN", "x.json:1:1: unexpected character 'N'" },
        { "\x01", "x.json:1:1: unexpected byte 0x01" },
        /* strings */
        { "\n \"abc", "x.json:2:2: unterminated string" },
        { "\"abc\\", "x.json:1:1: unterminated string" },
        { "\"a\\x\"", "x.json:1:3: invalid escape '\\x'" },
        { "\"a\\'\"", "x.json:1:3: invalid escape '\\''" },
        { "\"\\u12g4\"", "x.json:1:2: invalid \\u escape" },
        { "\"\\u12\"", "x.json:1:2: invalid \\u escape" },
        { "\"x\\ud800\"", "x.json:1:3: lone high surrogate \\ud800" },
        { "\"\\ud800\\u0041\"", "x.json:1:2: lone high surrogate \\ud800" },
        { "\"\\ud800\\ud800\"", "x.json:1:2: lone high surrogate \\ud800" },
        { "\"\\udc00\"", "x.json:1:2: lone low surrogate \\udc00" },
        { "\"a\tb\"",
          "x.json:1:3: unescaped control character 0x09 in string" },
        { "\"a\nb\"",
          "x.json:1:3: unescaped control character 0x0a in string" },
        { "\"\xc3\x28\"", "x.json:1:2: invalid UTF-8 in string" },
        { "\"\xc0\xaf\"",
          "x.json:1:2: invalid UTF-8 in string" }, /* overlong */
        { "\"\xe0\x80\xaf\"", "x.json:1:2: invalid UTF-8 in string" },
        { "\"ab\xed\xa0\x80\"", "x.json:1:4: invalid UTF-8 in string" },
        { "\"\xf4\x90\x80\x80\"", "x.json:1:2: invalid UTF-8 in string" },
        { "\"\xf0\x9f\x98\"", "x.json:1:2: invalid UTF-8 in string" },
        { "\"\xff\"", "x.json:1:2: invalid UTF-8 in string" },
        /* numbers */
        { "01", "x.json:1:1: invalid number: leading zero" },
        { "[-01]", "x.json:1:2: invalid number: leading zero" },
        { "-", "x.json:1:1: invalid number" },
        { "-a", "x.json:1:1: invalid number" },
        { "1.", "x.json:1:1: invalid number: no digit after '.'" },
        { "1.e5", "x.json:1:1: invalid number: no digit after '.'" },
        { "1e", "x.json:1:1: invalid number: no digit in exponent" },
        { "1e+", "x.json:1:1: invalid number: no digit in exponent" },
        { ".5", "x.json:1:1: unexpected character '.'" },
        { "+1", "x.json:1:1: unexpected character '+'" },
        { "0x1", "x.json:1:2: unexpected character 'x' after the value" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_json_error(cases[i].text, strlen(cases[i].text), cases[i].want);
    expect_json_error("[1]\0", 4,
                      "x.json:1:4: unexpected byte 0x00 after the value");
    expect_json_error("\"a\0\"", 4,
                      "x.json:1:3: unescaped control character 0x00 in "
                      "string");
}

static void
assert_text(const struct value *v, const char *s, size_t n)
{
    assert_int_equal(v->type, VALUE_STRING);
    assert_int_equal(v->u.text.len, n);
    assert_memory_equal(v->u.text.ptr, s, n);
}

/* json_write of the string s (n bytes), alone and as key and value of a
 * map's members (written by a path of their own), reads back the same,
 * with no raw control byte in it and c escaped. */
static void
assert_json_string(struct arena *a, struct sbuf *out, const char *s,
                   size_t n, int c)
{
    struct value *back = NULL, *map = value_map_new(a);
    struct dun_err err = DUN_ERR_INIT;

    sbuf_reset(out);
    json_write(value_str(a, s, n), out);
    for (size_t i = 0; i < out->len; i++)
        if ((unsigned char)out->buf[i] < 0x20)
            fail_msg("byte 0x%02x left raw in a string of %zu", c, n);
    /* escaped: longer than the bytes and their quotes */
    assert_true(out->len > n + 2);
    assert_int_equal(json_parse(a, "t", out->buf, out->len, &back, &err), 0);
    assert_text(back, s, n);
    value_map_set(map, "k", value_str(a, s, n));
    value_map_setn(map, s, n, value_strz(a, "v"));
    value_map_set(map, "w", value_strz(a, "x"));
    sbuf_reset(out);
    json_write(map, out);
    for (size_t i = 0; i < out->len; i++)
        if ((unsigned char)out->buf[i] < 0x20)
            fail_msg("byte 0x%02x left raw in a map of %zu", c, n);
    assert_int_equal(json_parse(a, "t", out->buf, out->len, &back, &err), 0);
    assert_int_equal(back->type, VALUE_MAP);
    assert_int_equal(back->u.map.len, 3);
    assert_text(value_map_get(back, "k", 1), s, n);
    assert_text(value_map_get(back, s, n), "v", 1);
    assert_int_equal(back->u.map.members[1].keylen, n);
    assert_memory_equal(back->u.map.members[1].key, s, n);
    assert_text(value_map_get(back, "w", 1), "x", 1);
}

/* json_write escapes exactly what JSON asks for, wherever it stands in a
 * string (render/json.c looks at eight bytes at a time): each control
 * byte, '"' and '\\' at every place of strings of 1 to 24 bytes of
 * ASCII, and between the characters of UTF-8 text (bytes from 0x80,
 * which stay as they are). */
static void
test_json_write_escapes_at_every_place(void **state)
{
    static const char ascii[] = "a~\x7f b";
    struct arena a = ARENA_INIT;
    struct sbuf out = SBUF_INIT;

    (void)state;
    for (int c = 0; c <= 0x5c; c++) {
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        for (size_t len = 1; len <= 24; len++)
            for (size_t at = 0; at < len; at++) {
                char s[24];

                for (size_t i = 0; i < len; i++)
                    s[i] = ascii[i % (sizeof(ascii) - 1)];
                s[at] = (char)c;
                assert_json_string(&a, &out, s, len, c);
            }
        for (size_t at = 0; at <= 24; at += 2) {
            char s[25];

            for (size_t i = 0, k = 0; k < 25; i++) {
                if (i * 2 == at)
                    s[k++] = (char)c;
                if (k + 2 <= 25) {
                    s[k++] = '\xc3'; /* e acute */
                    s[k++] = '\xa9';
                } else if (k < 25) {
                    s[k++] = 'x';
                }
            }
            assert_json_string(&a, &out, s, 25, c);
        }
    }
    sbuf_release(&out);
    arena_release(&a);
}

static void
test_json_depth_limit(void **state)
{
    struct arena a = ARENA_INIT;
    struct sbuf text = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct value *v = NULL;

    (void)state;
    for (int i = 0; i < JSON_MAX_DEPTH; i++)
        sbuf_addstr(&text, i % 2 ? "{\"k\":" : "[");
    sbuf_addstr(&text, "0");
    for (int i = JSON_MAX_DEPTH - 1; i >= 0; i--)
        sbuf_addstr(&text, i % 2 ? "}" : "]");
    assert_int_equal(json_parse(&a, "x.json", text.buf, text.len, &v, &err), 0);
    sbuf_reset(&text);
    for (int i = 0; i <= JSON_MAX_DEPTH; i++)
        sbuf_addstr(&text, "[");
    expect_json_error(text.buf, text.len, "x.json:1:65: nested deeper than 64");
    sbuf_release(&text);
    arena_release(&a);
}

static void
test_json_size_limits(void **state)
{
    struct arena a = ARENA_INIT;
    struct sbuf text = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct value *v = NULL;
    char *big;

    (void)state;
    /* values: the list itself and JSON_MAX_VALUES - 1 zeros */
    sbuf_addstr(&text, "[0");
    for (unsigned i = 1; i < JSON_MAX_VALUES - 1; i++)
        sbuf_addstr(&text, ",0");
    sbuf_addstr(&text, "]");
    assert_int_equal(json_parse(&a, "x.json", text.buf, text.len, &v, &err), 0);
    assert_int_equal(v->u.list.len, JSON_MAX_VALUES - 1);
    arena_reset(&a);
    text.buf[text.len - 1] = ',';
    sbuf_addstr(&text, "0]");
    expect_json_error(text.buf, text.len,
                      "x.json:1:2000000: more than 1000000 values");
    sbuf_release(&text);

    big = malloc(JSON_MAX_INPUT + 1);
    assert_non_null(big);
    memset(big, ' ', JSON_MAX_INPUT + 1);
    big[0] = '0';
    assert_int_equal(json_parse(&a, "x.json", big, JSON_MAX_INPUT, &v, &err),
                     0);
    expect_json_error(big, JSON_MAX_INPUT + 1,
                      "x.json: input larger than 16777216 bytes");
    free(big);
    arena_release(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_all_files_all_cases),
        cmocka_unit_test(test_render_values),
        cmocka_unit_test(test_render_nul_bytes_pass_through),
        cmocka_unit_test(test_render_appends_and_reuses_template),
        cmocka_unit_test(test_partial_indentation_nests),
        cmocka_unit_test(test_partial_callback),
        cmocka_unit_test(test_compile_errors_name_template_and_line),
        cmocka_unit_test(test_section_nesting_limit),
        cmocka_unit_test(test_partial_depth_limit),
        cmocka_unit_test(test_render_errors),
        cmocka_unit_test(test_output_cap),
        cmocka_unit_test(test_value_map_order_replace_and_index),
        cmocka_unit_test(test_value_maps_of_literal_keys),
        cmocka_unit_test(test_json_strings_decode_every_escape),
        cmocka_unit_test(test_json_numbers_keep_their_text),
        cmocka_unit_test(test_json_nesting_and_literals),
        cmocka_unit_test(test_json_bom),
        cmocka_unit_test(test_json_errors_name_line_and_column),
        cmocka_unit_test(test_json_write_escapes_at_every_place),
        cmocka_unit_test(test_json_depth_limit),
        cmocka_unit_test(test_json_size_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
