#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/sbuf.h"
#include "render/json.h"
#include "render/output.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the sample document: two fields, a list with a nested list, a
 * second list, a field after the lists ---- */

static const struct out_col inv_cols[] = {
    OUT_COL("number", "Number", OUT_TEXT),
    OUT_COL("due_date", "Due", OUT_DATE),
    OUT_COL("days", "Days", OUT_INT),
    OUT_COL("balance", "Balance", OUT_MONEY),
};
static const struct out_col action_cols[] = {
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("stage", "Stage", OUT_CODE),
    OUT_COL("total", "Total", OUT_MONEY),
    OUT_COL_LIST("invoices", "Invoices", inv_cols),
};
static const struct out_col skip_cols[] = {
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("reason", "Reason", OUT_TEXT),
    OUT_COL("held", "Held", OUT_BOOL),
};

static void
invoice(struct out *o, const char *number, const char *due, int64_t days,
        int64_t balance)
{
    out_row_begin(o);
    out_text(o, number);
    out_date(o, due ? date_from_iso(due) : DATE_INVALID);
    if (days < 0)
        out_null(o);
    else
        out_int(o, days);
    out_money(o, balance, "EUR");
    out_row_end(o);
}

static void
sample(struct out *o)
{
    out_field_date(o, "as_of", "As of", date_from_iso("2026-06-30"));
    out_field_text(o, "tenant", "Tenant", "Acme GmbH");
    out_list_begin(o, "actions", "Actions", action_cols, N_ELEMS(action_cols));

    out_row_begin(o);
    out_text(o, "acme");
    out_code(o, "final", "last reminder");
    out_money(o, 123456, "EUR");
    out_sublist_begin(o);
    invoice(o, "A-1", "2026-05-01", 60, 10000);
    invoice(o, "A-22", "2026-05-03", 58, 113456);
    out_list_end(o);
    out_row_end(o);

    out_row_begin(o);
    out_text(o, "zeta");
    out_code(o, "first", NULL);
    out_money(o, 1000, "JPY");
    out_sublist_begin(o);
    out_list_end(o);
    out_row_end(o);

    out_row_begin(o);
    out_text(o, "bolt, \"B\"");
    out_null(o);
    out_money(o, -1250, "EUR");
    out_sublist_begin(o);
    invoice(o, "B-7", NULL, -1, -1250);
    out_list_end(o);
    out_row_end(o);

    out_list_end(o);
    out_list_begin(o, "skipped", "Skipped", skip_cols, N_ELEMS(skip_cols));
    out_row_begin(o);
    out_text(o, "kilo");
    out_text(o, "disputed");
    out_bool(o, true);
    out_row_end(o);
    out_row_begin(o);
    out_text(o, "lima");
    out_null(o);
    out_bool(o, false);
    out_row_end(o);
    out_list_end(o);
    out_field_int(o, "actions_taken", "Actions taken", 2);
}

/* ---- helpers ---- */

/* The document build(o, arg) writes in format f (caller frees). */
static char *
render(enum out_format f, unsigned flags,
       void (*build)(struct out *o, const void *arg), const void *arg)
{
    struct dun_err err = DUN_ERR_INIT;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    struct out *o;

    assert_non_null(fp);
    o = out_new(fp, f, flags);
    build(o, arg);
    assert_int_equal(out_finish(o, &err), 0);
    out_free(o);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(strlen(buf), len); /* no NUL bytes written */
    return buf;
}

static void
build_sample(struct out *o, const void *arg)
{
    (void)arg;
    sample(o);
}

static void
assert_renders(enum out_format f, unsigned flags,
               void (*build)(struct out *o, const void *arg), const void *arg,
               const char *want)
{
    char *got = render(f, flags, build, arg);

    assert_string_equal(got, want);
    free(got);
}

/* A list of one column of type type, one row per string (NULL: null);
 * OUT_CODE cells get no words. */
struct column_doc {
    enum out_type type;
    const char *const *cells;
    size_t n;
};

static void
build_column(struct out *o, const void *arg)
{
    const struct column_doc *d = arg;
    const struct out_col cols[] = { OUT_COL("v", "V", d->type) };

    out_list_begin(o, "rows", "Rows", cols, 1);
    for (size_t i = 0; i < d->n; i++) {
        out_row_begin(o);
        if (d->cells[i] == NULL)
            out_null(o);
        else if (d->type == OUT_CODE)
            out_code(o, d->cells[i], NULL);
        else
            out_text(o, d->cells[i]);
        out_row_end(o);
    }
    out_list_end(o);
}

/* The one cell of a one-row, one-column list, as f writes it. */
static char *
render_cell(enum out_format f, unsigned flags, enum out_type type,
            const char *s)
{
    const char *cells[] = { s };
    struct column_doc d = { type, cells, 1 };

    return render(f, flags, build_column, &d);
}

/* Parse text as exactly one JSON document (the project's own reader). */
static struct value *
parse_json(struct arena *a, const char *text)
{
    struct dun_err err = DUN_ERR_INIT;
    struct value *v = NULL;

    if (json_parse(a, "out", text, strlen(text), &v, &err) < 0)
        fail_msg("not one JSON document: %s\n%s", err.msg, text);
    return v;
}

static const struct value *
get(const struct value *map, const char *key)
{
    const struct value *v = value_map_get(map, key, strlen(key));

    assert_non_null(v);
    return v;
}

static const struct value *
item(const struct value *list, size_t i)
{
    assert_int_equal(list->type, VALUE_LIST);
    assert_true(i < list->u.list.len);
    return list->u.list.items[i];
}

static void
assert_json_string(const struct value *v, const char *want)
{
    assert_int_equal(v->type, VALUE_STRING);
    assert_int_equal(v->u.text.len, strlen(want));
    assert_memory_equal(v->u.text.ptr, want, strlen(want));
}

/* ---- each format, the whole sample ---- */

static void
test_table_sample(void **state)
{
    (void)state;
    assert_renders(OUT_TABLE, 0, build_sample, NULL,
                   "As of: 2026-06-30\n"
                   "Tenant: Acme GmbH\n"
                   "\n"
                   "Actions\n"
                   "Customer   Stage                        Total\n"
                   "acme       final \u2014 last reminder  1234.56 EUR\n"
                   "  Number  Due         Days      Balance\n"
                   "  A-1     2026-05-01    60   100.00 EUR\n"
                   "  A-22    2026-05-03    58  1134.56 EUR\n"
                   "zeta       first                     1000 JPY\n"
                   "bolt, \"B\"  -                       -12.50 EUR\n"
                   "  B-7     -              -   -12.50 EUR\n"
                   "\n"
                   "Skipped\n"
                   "Customer  Reason    Held\n"
                   "kilo      disputed  yes\n"
                   "lima      -         no\n"
                   "\n"
                   "Actions taken: 2\n");
}

static void
test_csv_sample_first_list_flattened(void **state)
{
    (void)state;
    /* Fields and the second list are not CSV's; a parent row without
     * nested rows is one line with the nested cells empty. */
    assert_renders(OUT_CSV, 0, build_sample, NULL,
                   "customer,stage,total,invoices.number,invoices.due_date,"
                   "invoices.days,invoices.balance\n"
                   "acme,final,1234.56,A-1,2026-05-01,60,100.00\n"
                   "acme,final,1234.56,A-22,2026-05-03,58,1134.56\n"
                   "zeta,first,1000,,,,\n"
                   "\"bolt, \"\"B\"\"\",,-12.50,B-7,,,-12.50\n");
}

static void
test_json_sample(void **state)
{
    (void)state;
    assert_renders(
        OUT_JSON, 0, build_sample, NULL,
        "{\n"
        "  \"as_of\": \"2026-06-30\",\n"
        "  \"tenant\": \"Acme GmbH\",\n"
        "  \"actions\": [\n"
        "    {\"customer\": \"acme\", \"stage\": \"final\", "
        "\"total\": \"1234.56\", \"invoices\": ["
        "{\"number\": \"A-1\", \"due_date\": \"2026-05-01\", \"days\": 60, "
        "\"balance\": \"100.00\"}, "
        "{\"number\": \"A-22\", \"due_date\": \"2026-05-03\", \"days\": 58, "
        "\"balance\": \"1134.56\"}]},\n"
        "    {\"customer\": \"zeta\", \"stage\": \"first\", "
        "\"total\": \"1000\", \"invoices\": []},\n"
        "    {\"customer\": \"bolt, \\\"B\\\"\", \"stage\": null, "
        "\"total\": \"-12.50\", \"invoices\": ["
        "{\"number\": \"B-7\", \"due_date\": null, \"days\": null, "
        "\"balance\": \"-12.50\"}]}\n"
        "  ],\n"
        "  \"skipped\": [\n"
        "    {\"customer\": \"kilo\", \"reason\": \"disputed\", "
        "\"held\": true},\n"
        "    {\"customer\": \"lima\", \"reason\": null, \"held\": false}\n"
        "  ],\n"
        "  \"actions_taken\": 2\n"
        "}\n");
}

static void
test_json_sample_parses_as_one_document(void **state)
{
    struct arena a = ARENA_INIT;
    char *text = render(OUT_JSON, 0, build_sample, NULL);
    const struct value *doc = parse_json(&a, text);
    const struct value *actions, *inv;

    (void)state;
    assert_int_equal(doc->type, VALUE_MAP);
    assert_int_equal(doc->u.map.len, 5);
    /* Keys in the order given. */
    assert_string_equal(doc->u.map.members[0].key, "as_of");
    assert_string_equal(doc->u.map.members[2].key, "actions");
    assert_string_equal(doc->u.map.members[4].key, "actions_taken");
    assert_json_string(get(doc, "as_of"), "2026-06-30");
    actions = get(doc, "actions");
    assert_int_equal(actions->u.list.len, 3);
    inv = get(item(actions, 0), "invoices");
    assert_int_equal(inv->u.list.len, 2);
    /* Money is a decimal string, never a float. */
    assert_json_string(get(item(inv, 1), "balance"), "1134.56");
    assert_int_equal(get(item(inv, 1), "days")->type, VALUE_NUMBER);
    assert_string_equal(get(item(inv, 1), "days")->u.text.ptr, "58");
    assert_int_equal(get(item(actions, 1), "invoices")->u.list.len, 0);
    assert_int_equal(get(item(actions, 2), "stage")->type, VALUE_NULL);
    assert_json_string(get(item(actions, 2), "customer"), "bolt, \"B\"");
    assert_int_equal(get(doc, "skipped")->u.list.len, 2);
    assert_true(get(item(get(doc, "skipped"), 0), "held")->u.boolean);
    free(text);
    arena_release(&a);
}

static void
test_jsonl_sample_rows_of_first_list(void **state)
{
    struct arena a = ARENA_INIT;
    char *text = render(OUT_JSONL, 0, build_sample, NULL);
    char *line, *save = NULL;
    size_t n = 0;

    (void)state;
    assert_string_equal(
        text,
        "{\"customer\": \"acme\", \"stage\": \"final\", "
        "\"total\": \"1234.56\", \"invoices\": ["
        "{\"number\": \"A-1\", \"due_date\": \"2026-05-01\", \"days\": 60, "
        "\"balance\": \"100.00\"}, "
        "{\"number\": \"A-22\", \"due_date\": \"2026-05-03\", \"days\": 58, "
        "\"balance\": \"1134.56\"}]}\n"
        "{\"customer\": \"zeta\", \"stage\": \"first\", "
        "\"total\": \"1000\", \"invoices\": []}\n"
        "{\"customer\": \"bolt, \\\"B\\\"\", \"stage\": null, "
        "\"total\": \"-12.50\", \"invoices\": ["
        "{\"number\": \"B-7\", \"due_date\": null, \"days\": null, "
        "\"balance\": \"-12.50\"}]}\n");
    /* Each line is a document of its own. */
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save), n++)
        assert_int_equal(parse_json(&a, line)->type, VALUE_MAP);
    assert_int_equal(n, 3);
    free(text);
    arena_release(&a);
}

/* ---- the table's layout ---- */

static void
one_list(struct out *o, const char *key, const char *title)
{
    static const struct out_col cols[] = {
        OUT_COL("id", "Id", OUT_TEXT),
        OUT_COL("n", "Count", OUT_INT),
    };

    out_list_begin(o, key, title, cols, N_ELEMS(cols));
    out_row_begin(o);
    out_text(o, "a");
    out_int(o, 7);
    out_row_end(o);
    out_list_end(o);
}

static void
build_one_list(struct out *o, const void *arg)
{
    (void)arg;
    one_list(o, "things", "Things");
}

static void
build_two_lists(struct out *o, const void *arg)
{
    (void)arg;
    one_list(o, "things", "Things");
    one_list(o, "others", "Others");
}

static void
build_field_then_list(struct out *o, const void *arg)
{
    (void)arg;
    out_field_money(o, "open", "Open", -5, "BHD");
    one_list(o, "things", "Things");
}

/* An empty list; arg: its key and title, or NULL for "things". */
static void
build_empty_list(struct out *o, const void *arg)
{
    static const struct out_col cols[] = {
        OUT_COL("id", "Id", OUT_TEXT),
        OUT_COL("total", "Total", OUT_MONEY),
    };
    const char *const *names = arg;

    out_list_begin(o, names ? names[0] : "things", names ? names[1] : "Things",
                   cols, N_ELEMS(cols));
    out_list_end(o);
}

static void
build_nothing(struct out *o, const void *arg)
{
    (void)o;
    (void)arg;
}

static void
test_table_single_list_has_no_title(void **state)
{
    (void)state;
    assert_renders(OUT_TABLE, 0, build_one_list, NULL,
                   "Id  Count\n"
                   "a       7\n");
}

static void
test_table_lists_titled_and_apart(void **state)
{
    (void)state;
    assert_renders(OUT_TABLE, 0, build_two_lists, NULL,
                   "Things\n"
                   "Id  Count\n"
                   "a       7\n"
                   "\n"
                   "Others\n"
                   "Id  Count\n"
                   "a       7\n");
    assert_renders(OUT_TABLE, 0, build_field_then_list, NULL,
                   "Open: -0.005 BHD\n"
                   "\n"
                   "Things\n"
                   "Id  Count\n"
                   "a       7\n");
}

static void
test_table_empty_list_is_its_header(void **state)
{
    (void)state;
    assert_renders(OUT_TABLE, 0, build_empty_list, NULL, "Id  Total\n");
    assert_renders(OUT_TABLE, 0, build_nothing, NULL, "");
}

static void
test_table_values(void **state)
{
    static const struct out_col cols[] = {
        OUT_COL("code", "Code", OUT_CODE),
        OUT_COL("ok", "OK", OUT_BOOL),
        OUT_COL("n", "N", OUT_INT),
    };
    struct out *o;
    struct dun_err err = DUN_ERR_INIT;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    (void)state;
    o = out_new(fp, OUT_TABLE, 0);
    out_list_begin(o, "k", "K", cols, N_ELEMS(cols));
    out_row_begin(o);
    out_code(o, "grace", "inside the grace period");
    out_bool(o, true);
    out_int(o, INT64_MIN);
    out_row_end(o);
    out_row_begin(o);
    out_code(o, "final", NULL);
    out_null(o);
    out_null(o);
    out_row_end(o);
    out_list_end(o);
    assert_int_equal(out_finish(o, &err), 0);
    out_free(o);
    fclose(fp);
    /* Null is "-"; the code's words after an em dash; no trailing
     * blanks after a left-aligned last column. */
    assert_string_equal(
        buf, "Code                             OK                      N\n"
             "grace \u2014 inside the grace period  yes  -9223372036854775808\n"
             "final                            -                       -\n");
    free(buf);
}

static const struct out_col level3_cols[] = {
    OUT_COL("ref", "Ref", OUT_TEXT),
    OUT_COL("amount", "Amount", OUT_MONEY),
};
static const struct out_col level2_cols[] = {
    OUT_COL("number", "Number", OUT_TEXT),
    OUT_COL_LIST("payments", "Payments", level3_cols),
};
static const struct out_col level1_cols[] = {
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL_LIST("invoices", "Invoices", level2_cols),
};

/* Three levels: a customer, its invoices, their payments. */
static void
build_three_levels(struct out *o, const void *arg)
{
    (void)arg;
    out_list_begin(o, "customers", "Customers", level1_cols, 2);
    out_row_begin(o);
    out_text(o, "acme");
    out_sublist_begin(o);
    out_row_begin(o);
    out_text(o, "A-1");
    out_sublist_begin(o);
    out_row_begin(o);
    out_text(o, "P-1");
    out_money(o, 500, "EUR");
    out_row_end(o);
    out_row_begin(o);
    out_text(o, "P-22");
    out_money(o, 12000, "EUR");
    out_row_end(o);
    out_list_end(o);
    out_row_end(o);
    out_row_begin(o);
    out_text(o, "A-2");
    out_sublist_begin(o);
    out_list_end(o);
    out_row_end(o);
    out_list_end(o);
    out_row_end(o);
    out_row_begin(o);
    out_text(o, "zeta");
    out_null(o); /* a null nested list */
    out_row_end(o);
    out_list_end(o);
}

static void
test_nested_lists_three_levels(void **state)
{
    struct arena a = ARENA_INIT;
    char *json;
    const struct value *doc;

    (void)state;
    assert_renders(OUT_TABLE, 0, build_three_levels, NULL,
                   "Customer\n"
                   "acme\n"
                   "  Number\n"
                   "  A-1\n"
                   "    Ref       Amount\n"
                   "    P-1     5.00 EUR\n"
                   "    P-22  120.00 EUR\n"
                   "  A-2\n"
                   "zeta\n");
    assert_renders(OUT_CSV, 0, build_three_levels, NULL,
                   "customer,invoices.number,invoices.payments.ref,"
                   "invoices.payments.amount\n"
                   "acme,A-1,P-1,5.00\n"
                   "acme,A-1,P-22,120.00\n"
                   "acme,A-2,,\n"
                   "zeta,,,\n");
    json = render(OUT_JSON, 0, build_three_levels, NULL);
    doc = parse_json(&a, json);
    doc = get(doc, "customers");
    assert_int_equal(get(item(doc, 1), "invoices")->type, VALUE_NULL);
    doc = get(item(get(item(doc, 0), "invoices"), 0), "payments");
    assert_json_string(get(item(doc, 1), "amount"), "120.00");
    free(json);
    arena_release(&a);
}

/* ---- display width ---- */

struct width_doc {
    const char *const *names;
    const int64_t *totals;
    size_t n;
};

static void
build_widths(struct out *o, const void *arg)
{
    static const struct out_col cols[] = {
        OUT_COL("name", "Name", OUT_TEXT),
        OUT_COL("total", "Total", OUT_MONEY),
        OUT_COL("note", "Note", OUT_TEXT),
    };
    const struct width_doc *d = arg;

    out_list_begin(o, "rows", "Rows", cols, N_ELEMS(cols));
    for (size_t i = 0; i < d->n; i++) {
        out_row_begin(o);
        out_text(o, d->names[i]);
        out_money(o, d->totals[i], i == 3 ? "JPY" : "EUR");
        out_text(o, "x");
        out_row_end(o);
    }
    out_list_end(o);
}

static void
test_table_aligns_by_display_width(void **state)
{
    static const char *const names[] = {
        "M\xc3\xbcller",                                    /* ü precomposed */
        "Zo\xc3\xab",                                       /* ë precomposed */
        "Zoe\xcc\x88",                                      /* e + U+0308 */
        "\xe6\xa0\xaa\xe5\xbc\x8f\xe4\xbc\x9a\xe7\xa4\xbe", /* 株式会社 */
        "Pizza \xf0\x9f\x8d\x95",                           /* U+1F355 */
        /* woman, zero-width joiner, laptop: one glyph */
        "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb dev",
    };
    static const int64_t totals[] = { 100, 123456, 5, 100000, -1250, 0 };
    struct width_doc d = { names, totals, N_ELEMS(names) };

    (void)state;
    /* Widths 6, 3, 3, 8, 8, 6: the name column is 8 wide. */
    assert_renders(
        OUT_TABLE, 0, build_widths, &d,
        "Name            Total  Note\n"
        "M\xc3\xbcller       1.00 EUR  x\n"
        "Zo\xc3\xab       1234.56 EUR  x\n"
        "Zoe\xcc\x88          0.05 EUR  x\n"
        "\xe6\xa0\xaa\xe5\xbc\x8f\xe4\xbc\x9a\xe7\xa4\xbe   100000 JPY  x\n"
        "Pizza \xf0\x9f\x8d\x95   -12.50 EUR  x\n"
        "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb dev       0.00 EUR  x\n");
}

/* Two text columns, one row per pair of cells. */
static void
build_pairs(struct out *o, const void *arg)
{
    static const struct out_col cols[] = {
        OUT_COL("a", "A", OUT_TEXT),
        OUT_COL("b", "B", OUT_TEXT),
    };
    const char *const *cells = arg;

    out_list_begin(o, "rows", "Rows", cols, N_ELEMS(cols));
    for (size_t i = 0; cells[i]; i += 2) {
        out_row_begin(o);
        out_text(o, cells[i]);
        out_text(o, cells[i + 1]);
        out_row_end(o);
    }
    out_list_end(o);
}

/* The padding after s, in a column 10 wide, shows the width counted. */
static void
test_display_width_of_each_kind(void **state)
{
    static const struct {
        const char *s;
        int width;
    } cases[] = {
        { "abc", 3 },
        { "M\xc3\xbcller", 6 },
        { "Zoe\xcc\x88", 3 },              /* combining diaeresis */
        { "e\xe2\x83\x9d", 1 },            /* combining enclosing circle */
        { "\xe6\xa0\xaa\xe5\xbc\x8f", 4 }, /* CJK: wide */
        { "\xef\xbc\xa1\xef\xbc\xa2", 4 }, /* fullwidth A, B */
        { "\xed\x95\x9c", 2 },             /* Hangul syllable */
        { "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 2 }, /* the same as jamo */
        { "\xf0\x9f\x8d\x95", 2 },                     /* Emoji_Presentation */
        { "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
          "\xf0\x9f\x91\xa7",
          2 },                                     /* family: a ZWJ sequence */
        { "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 2 }, /* thumb + skin tone */
        { "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", 2 }, /* flag: two indicators */
        { "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa\xf0\x9f\x87\xab", 4 },
        { "a\xe2\x80\x8b"
          "b",
          2 },                             /* zero width space */
        { "\xe2\x98\xba\xef\xb8\x8e", 1 }, /* U+263A + VS15 */
        /* U+2764 has no Emoji_Presentation; VS16 counts 0 like every
         * variation selector (terminals disagree on this one). */
        { "\xe2\x9d\xa4\xef\xb8\x8f", 1 },
        { "\xe2\x80\x94", 1 }, /* em dash: East Asian Ambiguous */
        /* ASCII is counted eight bytes at a time: what follows such a run
         * still sees the character before it */
        { "abcdefghi", 9 },
        { "abcdefgh\xcc\x88", 8 },     /* combining, after eight */
        { "abcdefg\xe6\xa0\xaa", 9 }, /* wide, in the eighth byte */
        { "12345678\xe2\x80\x8d\xf0\x9f\x91\xa8", 8 }, /* joined */
        { "abcdefgh\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", 10 },
    };

    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        const char *cells[] = { cases[i].s, "|", "0123456789", "|", NULL };
        char *got = render(OUT_TABLE, 0, build_pairs, cells);
        char want[256];

        snprintf(want, sizeof(want), "A           B\n%s%*s  |\n0123456789  |\n",
                 cases[i].s, 10 - cases[i].width, "");
        if (strcmp(got, want) != 0)
            fail_msg("case %zu: got\n%s\nwant\n%s", i, got, want);
        free(got);
    }
}

/* ---- terminal safety ---- */

/* Text with what a terminal would obey: ESC (a colour change), line
 * breaks, TAB, DEL, C1 CSI (U+009B), and ill-formed UTF-8. */
static const char hostile[] = "ACME\x1b[31m Ltd\r\n\t\x7f\xc2\x9b"
                              "2J\xff|\xe2\x82|\xc0\xaf|\xed\xa0\x80";
static const char hostile_shown[] =
    "ACME\\x1b[31m Ltd\\r\\n\\t\\x7f\\u009b2J\\xff|\\xe2\\x82|\\xc0\\xaf|"
    "\\xed\\xa0\\x80";

static void
build_hostile(struct out *o, const void *arg)
{
    static const struct out_col cols[] = {
        OUT_COL("name", "Name\x1b]0;x\x07", OUT_TEXT),
        OUT_COL("stage", "Stage", OUT_CODE),
        OUT_COL("total", "Total", OUT_MONEY),
    };

    (void)arg;
    out_field_text(o, "note", "Note\x1b", hostile);
    out_list_begin(o, "rows", "Rows\x1b[2J", cols, N_ELEMS(cols));
    out_row_begin(o);
    out_text(o, hostile);
    out_code(o, "x\x1b", "y\n");
    out_money(o, 1, "E\x1bR");
    out_row_end(o);
    out_list_end(o);
}

static void
test_table_escapes_control_characters(void **state)
{
    char want[1024];
    int w = (int)strlen(hostile_shown);

    (void)state;
    /* Always, terminal or not; escapes count their width as written. */
    snprintf(want, sizeof(want),
             "Note\\x1b: %s\n"
             "\n"
             "Rows\\x1b[2J\n"
             "%-*s  Stage              Total\n"
             "%s  x\\x1b \u2014 y\\n  0.01 E\\x1bR\n",
             hostile_shown, w, "Name\\x1b]0;x\\x07", hostile_shown);
    assert_renders(OUT_TABLE, 0, build_hostile, NULL, want);
    assert_renders(OUT_TABLE, OUT_TTY, build_hostile, NULL, want);
}

static void
test_csv_escapes_control_characters_on_a_terminal(void **state)
{
    char *got;

    (void)state;
    got = render_cell(OUT_CSV, OUT_TTY, OUT_TEXT, hostile);
    assert_string_equal(got, "v\n"
                             "ACME\\x1b[31m Ltd\\r\\n\\t\\x7f\\u009b2J"
                             "\\xff|\\xe2\\x82|\\xc0\\xaf|\\xed\\xa0\\x80\n");
    free(got);
    /* Not on a terminal: the data as it is, quoted per RFC 4180. */
    got = render_cell(OUT_CSV, 0, OUT_TEXT, hostile);
    assert_string_equal(got, "v\n\"ACME\x1b[31m Ltd\r\n\t\x7f\xc2\x9b"
                             "2J\xff|\xe2\x82|\xc0\xaf|\xed\xa0\x80\"\n");
    free(got);
    got = render_cell(OUT_CSV, OUT_TTY, OUT_CODE,
                      "a\x1b"
                      "b");
    assert_string_equal(got, "v\na\\x1bb\n");
    free(got);
}

static void
test_json_escapes_controls_and_replaces_bad_utf8(void **state)
{
    struct arena a = ARENA_INIT;
    char *got;
    const struct value *v;

    (void)state;
    /* RFC 8259 escapes for C0, \u escapes for DEL and C1 too, so that
     * JSON is safe on a terminal; U+FFFD for each maximal ill-formed
     * subpart (Unicode 15 section 3.9), so that it is valid UTF-8. */
    got = render_cell(OUT_JSON, 0, OUT_TEXT, hostile);
    assert_string_equal(
        got,
        "{\n  \"rows\": [\n    {\"v\": \"ACME\\u001b[31m Ltd\\r\\n\\t"
        "\\u007f\\u009b2J\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"}\n  ]\n}\n");
    v = parse_json(&a, got);
    v = get(item(get(v, "rows"), 0), "v");
    assert_json_string(v,
                       "ACME\x1b[31m Ltd\r\n\t\x7f\xc2\x9b"
                       "2J\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
                       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    free(got);
    /* The same with OUT_TTY: JSON is always written this way. */
    got = render_cell(OUT_JSONL, OUT_TTY, OUT_TEXT, "\x1b\xff");
    assert_string_equal(got, "{\"v\": \"\\u001b\xef\xbf\xbd\"}\n");
    free(got);
    /* Valid multi-byte text passes as it is. */
    got = render_cell(OUT_JSONL, 0, OUT_TEXT,
                      "Zoe\xcc\x88 \xe6\xa0\xaa \xf0\x9f\x8d\x95 \"\\");
    assert_string_equal(got, "{\"v\": \"Zoe\xcc\x88 \xe6\xa0\xaa "
                             "\xf0\x9f\x8d\x95 \\\"\\\\\"}\n");
    free(got);
    arena_release(&a);
}

/* ---- CSV ---- */

static void
test_csv_neutralises_formulas(void **state)
{
    static const struct {
        enum out_type type;
        const char *in, *want;
    } cases[] = {
        /* OWASP "CSV Injection": = + - @ TAB CR start a formula. */
        { OUT_TEXT, "=HYPERLINK(\"http://x\")",
          "\"'=HYPERLINK(\"\"http://x\"\")\"" },
        { OUT_TEXT, "+1+1", "'+1+1" },
        { OUT_TEXT, "-1+1", "'-1+1" },
        { OUT_TEXT, "@SUM(A1)", "'@SUM(A1)" },
        { OUT_TEXT, "\t=1", "'\t=1" },
        { OUT_TEXT, "\r=1", "\"'\r=1\"" },
        { OUT_CODE, "=code", "'=code" },
        { OUT_CODE, "-x", "'-x" },
        /* Text that merely holds them, or starts otherwise, is left. */
        { OUT_TEXT, "a=b", "a=b" },
        { OUT_TEXT, " =1", " =1" },
        { OUT_TEXT, "'=1", "'=1" },
        { OUT_TEXT, "", "" },
        /* A text cell that looks like a number is still text. */
        { OUT_TEXT, "-12.50", "'-12.50" },
    };

    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        char *got = render_cell(OUT_CSV, 0, cases[i].type, cases[i].in);
        char want[128];

        snprintf(want, sizeof(want), "v\n%s\n", cases[i].want);
        if (strcmp(got, want) != 0)
            fail_msg("case %zu: got %s, want %s", i, got, want);
        free(got);
    }
}

static void
build_typed_negatives(struct out *o, const void *arg)
{
    static const struct out_col cols[] = {
        OUT_COL("amount", "Amount", OUT_MONEY),
        OUT_COL("days", "Days", OUT_INT),
        OUT_COL("due", "Due", OUT_DATE),
        OUT_COL("ok", "OK", OUT_BOOL),
        OUT_COL("note", "Note", OUT_TEXT),
    };

    (void)arg;
    out_list_begin(o, "rows", "Rows", cols, N_ELEMS(cols));
    out_row_begin(o);
    out_money(o, -1250, "EUR");
    out_int(o, -3);
    out_date(o, date_from_iso("2026-06-30"));
    out_bool(o, false);
    out_text(o, "-3");
    out_row_end(o);
    out_row_begin(o);
    out_money(o, -1, "BHD");
    out_null(o);
    out_null(o);
    out_null(o);
    out_null(o);
    out_row_end(o);
    out_list_end(o);
}

static void
test_csv_typed_numbers_are_not_touched(void **state)
{
    (void)state;
    /* Money, integers and dates stay numbers a spreadsheet can sum;
     * null is an empty field. */
    assert_renders(OUT_CSV, 0, build_typed_negatives, NULL,
                   "amount,days,due,ok,note\n"
                   "-12.50,-3,2026-06-30,false,'-3\n"
                   "-0.001,,,,\n");
}

static void
test_csv_quoting(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "plain", "plain" },
        { "a,b", "\"a,b\"" },
        { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "a\rb", "\"a\rb\"" },
        { "a\nb", "\"a\nb\"" },
        { "\"", "\"\"\"\"" },
        { "semi;colon", "semi;colon" },
        { " spaced ", " spaced " },
        { "M\xc3\xbcller", "M\xc3\xbcller" },
    };

    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        char *got = render_cell(OUT_CSV, 0, OUT_TEXT, cases[i].in);
        char want[128];

        snprintf(want, sizeof(want), "v\n%s\n", cases[i].want);
        if (strcmp(got, want) != 0)
            fail_msg("case %zu: got %s, want %s", i, got, want);
        free(got);
    }
}

static void
test_csv_and_jsonl_skip_fields_and_later_lists(void **state)
{
    (void)state;
    assert_renders(OUT_CSV, 0, build_two_lists, NULL, "id,n\na,7\n");
    assert_renders(OUT_JSONL, 0, build_two_lists, NULL,
                   "{\"id\": \"a\", \"n\": 7}\n");
    assert_renders(OUT_CSV, 0, build_field_then_list, NULL, "id,n\na,7\n");
    /* An empty list is its header; no list, no output. */
    assert_renders(OUT_CSV, 0, build_empty_list, NULL, "id,total\n");
    assert_renders(OUT_CSV, 0, build_nothing, NULL, "");
    assert_renders(OUT_JSONL, 0, build_empty_list, NULL, "");
}

/* ---- JSON ---- */

static void
build_nulls(struct out *o, const void *arg)
{
    static const char *const others[] = { "others", "Others" };

    (void)arg;
    out_field_text(o, "name", "Name", NULL);
    out_field_date(o, "due", "Due", DATE_INVALID);
    out_field_code(o, "stage", "Stage", NULL, "words");
    out_field_bool(o, "held", "Held", true);
    out_field_money(o, "open", "Open", 100, "JPY");
    out_field_code(o, "why", "Why", "grace", "inside the grace period");
    build_empty_list(o, NULL);
    build_empty_list(o, others);
}

static void
test_json_nulls_and_empty_lists(void **state)
{
    struct arena a = ARENA_INIT;
    char *got = render(OUT_JSON, 0, build_nulls, NULL);
    const struct value *v;

    (void)state;
    assert_string_equal(got, "{\n"
                             "  \"name\": null,\n"
                             "  \"due\": null,\n"
                             "  \"stage\": null,\n"
                             "  \"held\": true,\n"
                             "  \"open\": \"100\",\n"
                             "  \"why\": \"grace\",\n"
                             "  \"things\": [],\n"
                             "  \"others\": []\n"
                             "}\n");
    v = parse_json(&a, got);
    assert_int_equal(get(v, "name")->type, VALUE_NULL);
    assert_int_equal(get(v, "due")->type, VALUE_NULL);
    assert_int_equal(get(v, "stage")->type, VALUE_NULL);
    assert_int_equal(get(v, "things")->type, VALUE_LIST);
    assert_int_equal(get(v, "things")->u.list.len, 0);
    assert_int_equal(get(v, "others")->u.list.len, 0);
    free(got);
    /* An empty document is still one JSON document. */
    got = render(OUT_JSON, 0, build_nothing, NULL);
    assert_string_equal(got, "{}\n");
    v = parse_json(&a, got);
    assert_int_equal(v->type, VALUE_MAP);
    assert_int_equal(v->u.map.len, 0);
    free(got);
    arena_release(&a);
}

static void
test_table_fields_show_nulls_and_codes(void **state)
{
    (void)state;
    assert_renders(OUT_TABLE, 0, build_nulls, NULL,
                   "Name: -\n"
                   "Due: -\n"
                   "Stage: -\n"
                   "Held: yes\n"
                   "Open: 100 JPY\n"
                   "Why: grace \u2014 inside the grace period\n"
                   "\n"
                   "Things\n"
                   "Id  Total\n"
                   "\n"
                   "Others\n"
                   "Id  Total\n");
}

/* ---- failure ---- */

static int
finish_sample(FILE *fp, enum out_format f, struct dun_err *err)
{
    struct out *o = out_new(fp, f, 0);
    int rc;

    sample(o);
    rc = out_finish(o, err);
    out_free(o);
    return rc;
}

static void
test_write_error_is_reported_by_finish(void **state)
{
    static const enum out_format formats[] = { OUT_TABLE, OUT_CSV, OUT_JSON,
                                               OUT_JSONL };
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);

    (void)state;
    for (size_t i = 0; i < N_ELEMS(formats); i++) {
        struct dun_err err = DUN_ERR_INIT;
        char small[16];
        FILE *fp = fmemopen(small, sizeof(small), "w");
        int fds[2];

        /* A buffer too small for the document. */
        assert_non_null(fp);
        assert_int_equal(finish_sample(fp, formats[i], &err), -1);
        assert_int_equal(err.code, DUN_E_IO);
        assert_memory_equal(err.msg, "cannot write output: ", 21);
        fclose(fp);

        /* A pipe nobody reads. */
        assert_int_equal(pipe(fds), 0);
        close(fds[0]);
        fp = fdopen(fds[1], "w");
        assert_non_null(fp);
        dun_err_clear(&err);
        assert_int_equal(finish_sample(fp, formats[i], &err), -1);
        assert_int_equal(err.code, DUN_E_IO);
        assert_string_equal(err.msg, "cannot write output: Broken pipe");
        fclose(fp);

        /* A full device. */
        fp = fopen("/dev/full", "w");
        if (fp == NULL)
            continue;
        dun_err_clear(&err);
        assert_int_equal(finish_sample(fp, formats[i], &err), -1);
        assert_int_equal(err.code, DUN_E_IO);
        assert_string_equal(err.msg,
                            "cannot write output: No space left on device");
        fclose(fp);
    }
    signal(SIGPIPE, old);
}

static void
test_format_parse(void **state)
{
    static const struct {
        const char *s;
        int rc;
        enum out_format f;
    } cases[] = {
        { "table", 0, OUT_TABLE }, { "csv", 0, OUT_CSV },
        { "json", 0, OUT_JSON },   { "jsonl", 0, OUT_JSONL },
        { "JSON", -1, OUT_CSV },   { "", -1, OUT_CSV },
        { "tab", -1, OUT_CSV },    { "jsonl ", -1, OUT_CSV },
        { "ndjson", -1, OUT_CSV },
    };

    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        enum out_format f = OUT_CSV; /* left alone on failure */

        assert_int_equal(out_format_parse(cases[i].s, &f), cases[i].rc);
        assert_int_equal(f, cases[i].f);
    }
}

/* ---- misuse is a bug: assert ---- */

#ifndef NDEBUG
static void
misuse_wrong_type(struct out *o)
{
    static const struct out_col cols[] = { OUT_COL("n", "N", OUT_INT) };

    out_list_begin(o, "k", "K", cols, 1);
    out_row_begin(o);
    out_text(o, "7");
}

static void
misuse_too_few_cells(struct out *o)
{
    static const struct out_col cols[] = {
        OUT_COL("a", "A", OUT_TEXT),
        OUT_COL("b", "B", OUT_TEXT),
    };

    out_list_begin(o, "k", "K", cols, 2);
    out_row_begin(o);
    out_text(o, "a");
    out_row_end(o);
}

static void
misuse_too_many_cells(struct out *o)
{
    static const struct out_col cols[] = { OUT_COL("a", "A", OUT_TEXT) };

    out_list_begin(o, "k", "K", cols, 1);
    out_row_begin(o);
    out_text(o, "a");
    out_text(o, "b");
}

static void
misuse_field_inside_list(struct out *o)
{
    static const struct out_col cols[] = { OUT_COL("a", "A", OUT_TEXT) };

    out_list_begin(o, "k", "K", cols, 1);
    out_field_int(o, "n", "N", 1);
}

static void
misuse_list_not_last(struct out *o)
{
    static const struct out_col cols[] = {
        OUT_COL_LIST("l", "L", level3_cols),
        OUT_COL("a", "A", OUT_TEXT),
    };

    out_list_begin(o, "k", "K", cols, 2);
}

static void
misuse_unended_list(struct out *o)
{
    struct dun_err err = DUN_ERR_INIT;

    build_empty_list(o, NULL);
    out_list_begin(o, "k", "K", level3_cols, 2);
    (void)out_finish(o, &err);
}

/* 1 if misuse(o) aborts (in a child process, so that we survive it). */
static int
aborts(void (*misuse)(struct out *o))
{
    pid_t pid = fork();
    int status;

    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit no_core = { 0, 0 };
        FILE *devnull = fopen("/dev/null", "w");

        setrlimit(RLIMIT_CORE, &no_core);
        dup2(fileno(devnull), 2); /* the assert message */
        misuse(out_new(devnull, OUT_TABLE, 0));
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void
test_misuse_asserts(void **state)
{
    (void)state;
    assert_true(aborts(misuse_wrong_type));
    assert_true(aborts(misuse_too_few_cells));
    assert_true(aborts(misuse_too_many_cells));
    assert_true(aborts(misuse_field_inside_list));
    assert_true(aborts(misuse_list_not_last));
    assert_true(aborts(misuse_unended_list));
}
#endif

/* ---- words (a run's channels) and a document of fields only ---- */

static const struct out_col word_cols[] = {
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("channels", "Channels", OUT_WORDS),
};

static void
build_words(struct out *o, const void *arg)
{
    (void)arg;
    out_list_begin(o, "actions", "Actions", word_cols, N_ELEMS(word_cols));
    out_row_begin(o);
    out_text(o, "C1");
    out_words(o, "email letter");
    out_row_end(o);
    out_row_begin(o);
    out_text(o, "C2");
    out_words(o, "");
    out_row_end(o);
    out_row_begin(o);
    out_text(o, "C3");
    out_null(o);
    out_row_end(o);
    out_list_end(o);
}

static void
test_words(void **state)
{
    char *t;

    (void)state;
    t = render(OUT_TABLE, 0, build_words, NULL);
    assert_string_equal(t, "Customer  Channels\n"
                           "C1        email, letter\n"
                           "C2\n"
                           "C3        -\n");
    free(t);
    t = render(OUT_JSON, 0, build_words, NULL);
    assert_string_equal(t, "{\n  \"actions\": [\n"
                           "    {\"customer\": \"C1\", \"channels\": "
                           "[\"email\", \"letter\"]},\n"
                           "    {\"customer\": \"C2\", \"channels\": []},\n"
                           "    {\"customer\": \"C3\", \"channels\": null}\n"
                           "  ]\n}\n");
    free(t);
    t = render(OUT_CSV, 0, build_words, NULL);
    assert_string_equal(t, "customer,channels\nC1,email letter\nC2,\nC3,\n");
    free(t);
}

static void
build_record(struct out *o, const void *arg)
{
    (void)arg;
    out_field_text(o, "id", "Id", "C1");
    out_field_text(o, "name", "Name", "=HYPERLINK(\"x\")");
    out_field_money(o, "credit_limit", "Credit limit", -1250, "EUR");
    out_field_bool(o, "do_not_contact", "Do not contact", true);
    out_field_words(o, "channels", "Channels", "email phone");
}

static void
test_fields_only_document(void **state)
{
    char *t;

    (void)state;
    t = render(OUT_CSV, 0, build_record, NULL);
    assert_string_equal(t, "id,name,credit_limit,do_not_contact,channels\n"
                           "C1,\"'=HYPERLINK(\"\"x\"\")\",-12.50,true,"
                           "email phone\n");
    free(t);
    t = render(OUT_TABLE, 0, build_record, NULL);
    assert_string_equal(t, "Id: C1\nName: =HYPERLINK(\"x\")\n"
                           "Credit limit: -12.50 EUR\nDo not contact: yes\n"
                           "Channels: email, phone\n");
    free(t);
}

/* ---- a long table: printed in windows, memory bounded ---- */

static const struct out_col long_cols[] = {
    OUT_COL("n", "N", OUT_INT),
    OUT_COL("name", "Name", OUT_TEXT),
};

static void
build_long(struct out *o, const void *arg)
{
    const int *rows = arg;

    out_field_int(o, "count", "Count", *rows);
    out_list_begin(o, "rows", "Rows", long_cols, N_ELEMS(long_cols));
    for (int i = 1; i <= *rows; i++) {
        out_row_begin(o);
        out_int(o, i);
        /* one name after the first window is wider than any before */
        out_text(o, i == 5000 ? "a much longer name" : "x");
        out_row_end(o);
    }
    out_list_end(o);
}

static void
test_table_window(void **state)
{
    int rows = 10000;
    char *t, *line;
    size_t lines = 0, headers = 0;

    (void)state;
    t = render(OUT_TABLE, 0, build_long, &rows);
    for (line = t; *line; line = strchr(line, '\n') + 1) {
        lines++;
        headers += strncmp(line, "   N  Name\n", 11) == 0;
    }
    /* "Count: 10000", blank, title, one header, 10000 rows */
    assert_int_equal(lines, 4 + 10000);
    assert_int_equal(headers, 1);
    /* each window of OUT_TABLE_WINDOW (1024) rows aligned to the widths
     * seen so far: 1..1024 four wide, the window of 5000 (4097..5120)
     * with the long name, the last (9217..10000) five wide */
    assert_int_equal(OUT_TABLE_WINDOW, 1024);
    assert_non_null(strstr(t, "\n   1  x\n"));
    assert_non_null(strstr(t, "\n4097  x\n"));
    assert_non_null(strstr(t, "\n5000  a much longer name\n"));
    assert_non_null(strstr(t, "\n 9217  x\n"));
    assert_non_null(strstr(t, "\n10000  x\n"));
    free(t);
}

static void
test_escape_text_keeps_lines(void **state)
{
    struct sbuf sb = SBUF_INIT;
    const char *in = "Dear Zo\xc3\xab,\n\tpay\x1b[2J \xc2\x9b\xff.\r";

    (void)state;
    out_escape_text(&sb, in, strlen(in));
    assert_string_equal(sb.buf, "Dear Zo\xc3\xab,\n\tpay\\x1b[2J \\u009b\\xff.\\r");
    sbuf_release(&sb);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sample),
        cmocka_unit_test(test_csv_sample_first_list_flattened),
        cmocka_unit_test(test_json_sample),
        cmocka_unit_test(test_json_sample_parses_as_one_document),
        cmocka_unit_test(test_jsonl_sample_rows_of_first_list),
        cmocka_unit_test(test_table_single_list_has_no_title),
        cmocka_unit_test(test_table_lists_titled_and_apart),
        cmocka_unit_test(test_table_empty_list_is_its_header),
        cmocka_unit_test(test_table_values),
        cmocka_unit_test(test_nested_lists_three_levels),
        cmocka_unit_test(test_table_aligns_by_display_width),
        cmocka_unit_test(test_display_width_of_each_kind),
        cmocka_unit_test(test_table_escapes_control_characters),
        cmocka_unit_test(test_csv_escapes_control_characters_on_a_terminal),
        cmocka_unit_test(test_json_escapes_controls_and_replaces_bad_utf8),
        cmocka_unit_test(test_csv_neutralises_formulas),
        cmocka_unit_test(test_csv_typed_numbers_are_not_touched),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_and_jsonl_skip_fields_and_later_lists),
        cmocka_unit_test(test_json_nulls_and_empty_lists),
        cmocka_unit_test(test_table_fields_show_nulls_and_codes),
        cmocka_unit_test(test_write_error_is_reported_by_finish),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_escape_text_keeps_lines),
        cmocka_unit_test(test_table_window),
        cmocka_unit_test(test_fields_only_document),
#ifndef NDEBUG
        cmocka_unit_test(test_misuse_asserts),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
