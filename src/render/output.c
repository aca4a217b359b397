/*
 * output.c - a command's document as a table, CSV, JSON or JSON Lines.
 *
 * Writes only to the caller's FILE. Never calls setlocale, reads the
 * environment or keeps global state: display widths come from ICU's
 * character properties, which depend on no locale.
 *
 * Every value goes through one struct val, so that a field and a cell of
 * the same type print alike; each format has one function turning a val
 * into text (table_val, csv_val, json_val).
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "core/arena.h"
#include "core/date.h"
#include "core/money.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "render/output.h"
#include "render/utf8.h"

/* One value: a field's or a cell's. */
struct val {
    enum out_type type;
    bool null;
    const char *s;     /* OUT_TEXT, OUT_CODE's code, OUT_MONEY's currency */
    const char *words; /* OUT_CODE, may be NULL */
    int64_t i;         /* OUT_INT, OUT_MONEY */
    int32_t day;       /* OUT_DATE */
    bool b;            /* OUT_BOOL */
};

struct tcell {
    const char *s; /* display text: escaped, NUL-terminated */
    size_t len, width;
};

/*
 * The table's copy of a list, held until it is printed. A schema is shared
 * by every instance of a nested list, so that all of them align alike.
 */
struct tschema {
    const struct out_col *cols;
    size_t nshown;       /* ncols without a final OUT_LIST column */
    struct tcell *head;  /* the shown columns' titles */
    size_t *width;       /* display width of each shown column */
    struct tschema *sub; /* the OUT_LIST column's, or NULL */
    bool head_shown;     /* nested: its header was printed once already */
};

struct trow {
    struct trow *next;
    struct tlist *sub; /* its nested list, NULL if none or null */
    struct tcell cell[];
};

struct tlist {
    struct tschema *sch;
    const char *title; /* top-level lists only */
    struct trow *head, **tail;
    size_t nheld;      /* top-level lists: rows held */
    bool started;      /* top-level lists: title and header printed */
};



/* An open list. */
struct level {
    const struct out_col *cols;
    size_t ncols;
    size_t col; /* next cell of the open row */
    bool in_row;
    bool written; /* this list is part of the output format */
    size_t nrows;
    size_t sub_rows;   /* rows of the open row's nested list */
    struct tlist *tl;  /* table */
    struct trow *row;  /* table: the open row */
    size_t csv_prefix; /* CSV: line bytes of the enclosing rows' cells */
    size_t csv_cells;  /* CSV: cells among them */
};

/* JSON: the keys of one depth's columns, quoted, with ": " after, built
 * once per list shape (a run's thousands of nested invoice lists share
 * one), so that a cell copies its key instead of escaping it again. */
struct json_keys {
    const struct out_col *cols; /* whose keys; NULL: none built yet */
    struct sbuf text;
    size_t *off; /* key i is text.buf[off[i] .. off[i + 1]) */
    size_t cap;
};

enum block { BLOCK_NONE, BLOCK_FIELDS, BLOCK_LIST };

struct out {
    FILE *fp;
    enum out_format format;
    unsigned flags;
    size_t depth; /* open lists */
    struct level lv[OUT_MAX_DEPTH];
    size_t nitems; /* top-level fields and lists begun */
    size_t nlists; /* top-level lists begun */
    /* Unbounded (max 0), so that sbuf_add cannot fail: the output's size
     * is the caller's data, held one row (table: one list) at a time. */
    struct sbuf line;      /* the CSV line or JSON row being built */
    struct sbuf tmp;       /* one value's text */
    struct sbuf csv_keys, csv_vals; /* CSV: the fields, in case no list
                                       comes */
    size_t ncells;         /* CSV: cells on line */
    struct arena arena;    /* table: the held list's schema and title */
    struct arena rows;     /* table: its rows held (reset per window) */
    struct tlist *pending; /* table: a list ended but not printed */
    enum block last;       /* table: the last block printed */
    int werr;              /* errno of the first failed write, or 0 */
    struct json_keys keys[OUT_MAX_DEPTH]; /* JSON: per depth */
    bool finished;
};

/* ---- writing ---- */

static void
put(struct out *o, const char *p, size_t n)
{
    if (o->werr || n == 0)
        return;
    errno = 0;
    if (fwrite(p, 1, n, o->fp) != n)
        o->werr = errno ? errno : EIO;
}

static void
puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void
put_line(struct out *o)
{
    put(o, o->line.buf, o->line.len);
}

/* ---- UTF-8 and display width ---- */

/* C0 controls, DEL and C1 controls: what a terminal may obey. */
static bool
is_control(int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Is s printable ASCII (0x20..0x7e) without " and \? Most data is, and
 * then needs no decoding, escaping or width lookups: the fast path of
 * the functions below. */
static bool
plain_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
            return false;
    }
    return true;
}

/*
 * Append s with what a terminal would obey shown instead: "\n", "\r",
 * "\t", "\x1b" for the other C0 controls and DEL, "\u0085" for C1
 * controls, and "\xff" for each byte of ill-formed UTF-8.
 */
static void
escape(struct sbuf *sb, const char *s, size_t n, bool keep_lines)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0;

    if (plain_ascii(s, n)) {
        sbuf_add(sb, s, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_next(p + i, n - i, &cp);

        if (cp >= 0 && (!is_control(cp) ||
                        (keep_lines && (cp == '\n' || cp == '\t')))) {
            i += len;
            continue;
        }
        sbuf_add(sb, s + run, i - run);
        if (cp == '\n')
            sbuf_addstr(sb, "\\n");
        else if (cp == '\r')
            sbuf_addstr(sb, "\\r");
        else if (cp == '\t')
            sbuf_addstr(sb, "\\t");
        else if (cp >= 0x80)
            sbuf_addf(sb, "\\u%04" PRIx32, (uint32_t)cp);
        else if (cp >= 0)
            sbuf_addf(sb, "\\x%02" PRIx32, (uint32_t)cp);
        else
            for (size_t k = 0; k < len; k++)
                sbuf_addf(sb, "\\x%02x", p[i + k]);
        i += len;
        run = i;
    }
    sbuf_add(sb, s + run, n - run);
}

static void
add_escaped(struct sbuf *sb, const char *s, size_t n)
{
    escape(sb, s, n, false);
}

void
out_escape_text(struct sbuf *sb, const char *s, size_t n)
{
    escape(sb, s, n, true);
}

static void
add_escapedz(struct sbuf *sb, const char *s)
{
    add_escaped(sb, s, strlen(s));
}

/*
 * Append s as the inside of a JSON string that is valid UTF-8 and safe on
 * a terminal: sbuf_add_json_str's escapes (RFC 8259 section 7), plus
 * \u007f and \u0080..\u009f, and U+FFFD for each maximal ill-formed
 * subpart.
 */
static void
add_json_str(struct sbuf *sb, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0;

    if (plain_ascii(s, n)) {
        sbuf_add(sb, s, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_next(p + i, n - i, &cp);

        if (cp >= 0 && (cp < 0x7f || cp > 0x9f)) {
            i += len;
            continue;
        }
        sbuf_add_json_str(sb, s + run, i - run);
        if (cp >= 0)
            sbuf_addf(sb, "\\u%04" PRIx32, (uint32_t)cp);
        else
            sbuf_addstr(sb, "\xef\xbf\xbd");
        i += len;
        run = i;
    }
    sbuf_add_json_str(sb, s + run, n - run);
}

static void
add_json_quoted(struct sbuf *sb, const char *s)
{
    sbuf_addch(sb, '"');
    add_json_str(sb, s, strlen(s));
    sbuf_addch(sb, '"');
}

/* ---- values ---- */

static int
exponent_of(const char *currency)
{
    int e = currency_exponent(currency, strlen(currency));

    return e < 0 ? 2 : e;
}

/* The plain text of a value that is not null: "-12.50" (money without its
 * currency), "2026-06-30", "42", "true"; text and codes as they are. */
/* v in decimal into buf (>= 21 bytes); snprintf costs more than the
 * rest of a JSON cell. */
static const char *
format_int(int64_t v, char buf[MONEY_FMT_MAX])
{
    char tmp[24];
    size_t n = 0, k = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    buf[k] = '\0';
    return buf;
}

static const char *
plain(const struct val *v, char buf[MONEY_FMT_MAX])
{
    switch (v->type) {
    case OUT_INT:
        return format_int(v->i, buf);
    case OUT_MONEY:
        return money_format(v->i, exponent_of(v->s), buf);
    case OUT_DATE:
        date_iso(v->day, buf);
        return buf;
    case OUT_BOOL:
        return v->b ? "true" : "false";
    case OUT_TEXT:
    case OUT_CODE:
    case OUT_WORDS:
        return v->s;
    case OUT_LIST:
        break;
    }
    assert(!"a list has no plain text");
    return "";
}

/* The table's text of v, escaped: "1234.56 EUR", "grace — inside the
 * grace period", "yes", "-" for null. */
static void
table_val(const struct val *v, struct sbuf *sb)
{
    char buf[MONEY_FMT_MAX];

    if (v->null) {
        sbuf_addch(sb, '-');
        return;
    }
    switch (v->type) {
    case OUT_TEXT:
        add_escapedz(sb, v->s);
        return;
    case OUT_CODE:
        add_escapedz(sb, v->s);
        if (v->words) {
            sbuf_addstr(sb, " \xe2\x80\x94 "); /* em dash */
            add_escapedz(sb, v->words);
        }
        return;
    case OUT_MONEY:
        sbuf_addstr(sb, plain(v, buf));
        sbuf_addch(sb, ' ');
        add_escapedz(sb, v->s);
        return;
    case OUT_BOOL:
        sbuf_addstr(sb, v->b ? "yes" : "no");
        return;
    case OUT_WORDS:
        for (const char *w = v->s; *w;) {
            size_t n = strcspn(w, " ");

            if (w != v->s)
                sbuf_addstr(sb, ", ");
            add_escaped(sb, w, n);
            w += n + (w[n] == ' ');
        }
        return;
    default:
        sbuf_addstr(sb, plain(v, buf));
        return;
    }
}

/* OWASP "CSV Injection": a spreadsheet runs a cell that starts with one of
 * these as a formula. */
static bool
looks_like_formula(const char *s)
{
    return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

/* One CSV field (RFC 4180): quoted if it holds a comma, quote, CR or LF,
 * quotes doubled. */
static void
add_csv_field(struct sbuf *sb, const char *s, size_t n)
{
    if (strcspn(s, ",\"\r\n") >= n) {
        sbuf_add(sb, s, n);
        return;
    }
    sbuf_addch(sb, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            sbuf_addch(sb, '"');
        sbuf_addch(sb, s[i]);
    }
    sbuf_addch(sb, '"');
}

/* The CSV text of v: empty for null, the code alone for OUT_CODE; text
 * that a spreadsheet would run gets a leading "'"; on a terminal, controls
 * are escaped. */
static void
csv_val(struct out *o, const struct val *v, struct sbuf *sb)
{
    char buf[MONEY_FMT_MAX];
    const char *s;

    if (v->null)
        return;
    s = plain(v, buf);
    if (v->type != OUT_TEXT && v->type != OUT_CODE && v->type != OUT_WORDS) {
        sbuf_addstr(sb, s);
        return;
    }
    sbuf_reset(&o->tmp);
    if (looks_like_formula(s))
        sbuf_addch(&o->tmp, '\'');
    if (o->flags & OUT_TTY)
        add_escapedz(&o->tmp, s);
    else
        sbuf_addstr(&o->tmp, s);
    add_csv_field(sb, o->tmp.buf, o->tmp.len);
}

/* The JSON text of v: money as a decimal string, dates ISO strings,
 * OUT_CODE its code. */
static void
json_val(const struct val *v, struct sbuf *sb)
{
    char buf[MONEY_FMT_MAX];

    if (v->null) {
        sbuf_addstr(sb, "null");
        return;
    }
    switch (v->type) {
    case OUT_INT:
    case OUT_BOOL:
        sbuf_addstr(sb, plain(v, buf));
        return;
    case OUT_TEXT:
    case OUT_CODE:
        add_json_quoted(sb, v->s);
        return;
    case OUT_WORDS:
        sbuf_addch(sb, '[');
        for (const char *w = v->s; *w;) {
            size_t n = strcspn(w, " ");

            if (w != v->s)
                sbuf_addstr(sb, ", ");
            sbuf_addch(sb, '"');
            add_json_str(sb, w, n);
            sbuf_addch(sb, '"');
            w += n + (w[n] == ' ');
        }
        sbuf_addch(sb, ']');
        return;
    default:
        sbuf_addch(sb, '"');
        sbuf_addstr(sb, plain(v, buf));
        sbuf_addch(sb, '"');
        return;
    }
}

/* ---- the table ---- */

static bool
right_aligned(enum out_type t)
{
    return t == OUT_INT || t == OUT_MONEY;
}

/* Keep o->tmp (escaped display text) as cell c of the held list. */
static void
tcell_keep(struct arena *a, struct out *o, struct tcell *c)
{
    c->s = arena_strndup(a, o->tmp.buf, o->tmp.len);
    c->len = o->tmp.len;
    c->width = utf8_width(o->tmp.buf, o->tmp.len);
}

/* The table's schema of cols, widths starting at the titles'. */
static struct tschema *
tschema_new(struct out *o, const struct out_col *cols, size_t ncols)
{
    struct tschema *sch = arena_alloc(&o->arena, sizeof(*sch));

    sch->cols = cols;
    sch->nshown = ncols;
    sch->sub = NULL;
    sch->head_shown = false;
    if (cols[ncols - 1].type == OUT_LIST) {
        sch->nshown--;
        sch->sub = tschema_new(o, cols[ncols - 1].cols, cols[ncols - 1].ncols);
    }
    sch->head = arena_alloc(&o->arena, sch->nshown * sizeof(*sch->head));
    sch->width = arena_alloc(&o->arena, sch->nshown * sizeof(*sch->width));
    for (size_t i = 0; i < sch->nshown; i++) {
        sbuf_reset(&o->tmp);
        add_escapedz(&o->tmp, cols[i].title);
        tcell_keep(&o->arena, o, &sch->head[i]);
        sch->width[i] = sch->head[i].width;
    }
    return sch;
}

static struct tlist *
tlist_new(struct arena *a, struct tschema *sch)
{
    struct tlist *tl = arena_alloc(a, sizeof(*tl));

    tl->sch = sch;
    tl->title = NULL;
    tl->head = NULL;
    tl->tail = &tl->head;
    tl->nheld = 0;
    tl->started = false;
    return tl;
}

/*
 * One line of the table: indent spaces, then the cells two spaces apart,
 * padded to their column's width (text on the left, numbers on the
 * right). Padding is written only when text follows, so that no line
 * ends in blanks.
 */
static void
table_line(struct out *o, size_t indent, const struct tschema *sch,
           const struct tcell *cell)
{
    size_t pad = indent;

    sbuf_reset(&o->line);
    for (size_t i = 0; i < sch->nshown; i++) {
        size_t room = sch->width[i] - cell[i].width;
        bool right = right_aligned(sch->cols[i].type);

        if (i > 0)
            pad += 2;
        if (right)
            pad += room;
        if (cell[i].len != 0) {
            static const char spaces[] = "                                ";

            for (; pad > 0; pad -= pad < 32 ? pad : 32)
                sbuf_add(&o->line, spaces, pad < 32 ? pad : 32);
            sbuf_add(&o->line, cell[i].s, cell[i].len);
        }
        if (!right)
            pad += room;
    }
    sbuf_addch(&o->line, '\n');
    put_line(o);
}

/* A list: its header, then each row, with the rows of its nested list
 * under it, two spaces further in. A nested list's header is printed with
 * its first rows only: the same columns under every parent row would
 * bury the parents (a run lists thousands of actions). */
static void
table_list(struct out *o, const struct tlist *tl, size_t indent)
{
    if (indent == 0 ? !tl->started : !tl->sch->head_shown)
        table_line(o, indent, tl->sch, tl->sch->head);
    tl->sch->head_shown = true;
    for (const struct trow *r = tl->head; r; r = r->next) {
        table_line(o, indent, tl->sch, r->cell);
        if (r->sub && r->sub->head)
            table_list(o, r->sub, indent + 2);
    }
}

/* Print the list the table holds, if any, after its title line unless it
 * is the document's only item; then forget it. */
/* Print the rows tl holds (after the blank line, title and header when
 * it has printed nothing yet), then let them go. */
static void
table_print(struct out *o, struct tlist *tl, bool titled)
{
    if (!tl->started) {
        if (o->last != BLOCK_NONE)
            puts_(o, "\n");
        if (titled) {
            puts_(o, tl->title);
            puts_(o, "\n");
        }
    }
    table_list(o, tl, 0);
    tl->started = true;
    tl->head = NULL;
    tl->tail = &tl->head;
    tl->nheld = 0;
    o->last = BLOCK_LIST;
    arena_reset(&o->rows);
}

/* Print the list the table holds, if any, after its title line unless it
 * is the document's only item; then forget it. */
static void
table_flush(struct out *o, bool titled)
{
    if (o->pending == NULL)
        return;
    table_print(o, o->pending, titled);
    o->pending = NULL;
    arena_reset(&o->arena);
}

/* ---- CSV ---- */

/* Cut sb back to its first len bytes. */
static void
truncate_to(struct sbuf *sb, size_t len)
{
    assert(len <= sb->len);
    if (len == 0) {
        sbuf_reset(sb); /* never writes to the shared empty string */
        return;
    }
    sb->len = len;
    sb->buf[len] = '\0';
}

static void
csv_sep(struct out *o)
{
    if (o->ncells++ > 0)
        sbuf_addch(&o->line, ',');
}

/* Columns of cols once nested lists are flattened into their parent. */
static size_t
csv_ncols(const struct out_col *cols, size_t ncols)
{
    size_t n = 0;

    for (size_t i = 0; i < ncols; i++)
        n += cols[i].type == OUT_LIST ? csv_ncols(cols[i].cols, cols[i].ncols)
                                      : 1;
    return n;
}

/* The header cells of cols: keys, a nested list's prefixed with the
 * list's key and "." (o->tmp holds the prefix, plen bytes). */
static void
csv_header_cols(struct out *o, const struct out_col *cols, size_t ncols,
                size_t plen)
{
    for (size_t i = 0; i < ncols; i++) {
        truncate_to(&o->tmp, plen);
        if (o->flags & OUT_TTY)
            add_escapedz(&o->tmp, cols[i].key);
        else
            sbuf_addstr(&o->tmp, cols[i].key);
        if (cols[i].type == OUT_LIST) {
            sbuf_addch(&o->tmp, '.');
            csv_header_cols(o, cols[i].cols, cols[i].ncols, o->tmp.len);
            continue;
        }
        csv_sep(o);
        add_csv_field(&o->line, o->tmp.buf, o->tmp.len);
    }
}

static void
csv_header(struct out *o, const struct out_col *cols, size_t ncols)
{
    sbuf_reset(&o->line);
    sbuf_reset(&o->tmp);
    o->ncells = 0;
    csv_header_cols(o, cols, ncols, 0);
    sbuf_addch(&o->line, '\n');
    put_line(o);
}

/* ---- the document ---- */

static struct level *
top(struct out *o)
{
    assert(o->depth > 0);
    return &o->lv[o->depth - 1];
}

/* Check a list's columns, nested ones included, at nesting depth. */
static void
check_cols(const struct out_col *cols, size_t ncols, size_t depth)
{
    assert(cols != NULL && ncols > 0);
    assert(depth <= OUT_MAX_DEPTH);
    for (size_t i = 0; i < ncols; i++) {
        assert(cols[i].key != NULL && cols[i].title != NULL);
        if (cols[i].type == OUT_LIST) {
            assert(i == ncols - 1); /* one, and last */
            check_cols(cols[i].cols, cols[i].ncols, depth + 1);
        }
    }
}

/* The JSON keys of cols at depth d, built when they are not already. */
static const struct json_keys *
json_keys_of(struct out *o, size_t d, const struct out_col *cols,
             size_t ncols)
{
    struct json_keys *k = &o->keys[d];

    if (k->cols == cols)
        return k;
    if (k->cap < ncols + 1) {
        k->cap = ncols + 1;
        k->off = xreallocarray(k->off, k->cap, sizeof(*k->off));
    }
    sbuf_reset(&k->text);
    for (size_t i = 0; i < ncols; i++) {
        k->off[i] = k->text.len;
        add_json_quoted(&k->text, cols[i].key);
        sbuf_addstr(&k->text, ": ");
    }
    k->off[ncols] = k->text.len;
    k->cols = cols;
    return k;
}

/* Key i of the open list at depth d (1-based: the list's level) onto
 * o->line. */
static void
json_key(struct out *o, size_t i)
{
    const struct level *lv = &o->lv[o->depth - 1];
    const struct json_keys *k = json_keys_of(o, o->depth - 1, lv->cols,
                                             lv->ncols);

    sbuf_add(&o->line, k->text.buf + k->off[i], k->off[i + 1] - k->off[i]);
}

static struct level *
push(struct out *o, const struct out_col *cols, size_t ncols, bool written)
{
    struct level *lv;

    assert(o->depth < OUT_MAX_DEPTH);
    lv = &o->lv[o->depth++];
    memset(lv, 0, sizeof(*lv));
    lv->cols = cols;
    lv->ncols = ncols;
    lv->written = written;
    return lv;
}

/* Start a top-level item, a field or a list: what comes before it is
 * complete. */
static void
item_begin(struct out *o)
{
    assert(!o->finished);
    assert(o->depth == 0); /* not inside a list */
    if (o->format == OUT_TABLE)
        table_flush(o, true);
    else if (o->format == OUT_JSON)
        puts_(o, o->nitems > 0 ? ",\n  " : "{\n  ");
    o->nitems++;
}

static void
field(struct out *o, const char *key, const char *title, const struct val *v)
{
    assert(key != NULL && title != NULL);
    item_begin(o);
    sbuf_reset(&o->line);
    if (o->format == OUT_TABLE) {
        if (o->last == BLOCK_LIST)
            sbuf_addch(&o->line, '\n');
        add_escapedz(&o->line, title);
        sbuf_addstr(&o->line, ": ");
        table_val(v, &o->line);
        sbuf_addch(&o->line, '\n');
        o->last = BLOCK_FIELDS;
    } else if (o->format == OUT_JSON) {
        add_json_quoted(&o->line, key);
        sbuf_addstr(&o->line, ": ");
        json_val(v, &o->line);
    } else if (o->format == OUT_CSV) {
        if (o->csv_keys.len) {
            sbuf_addch(&o->csv_keys, ',');
            sbuf_addch(&o->csv_vals, ',');
        }
        add_csv_field(&o->csv_keys, key, strlen(key));
        csv_val(o, v, &o->csv_vals);
    }
    put_line(o);
}

/* The next cell of the open row. */
static void
cell(struct out *o, const struct val *v)
{
    struct level *lv;
    const struct out_col *c;

    if (o->depth == 0 || !top(o)->in_row || top(o)->col >= top(o)->ncols) {
        assert(!"a cell outside a row, or past its last column");
        return;
    }
    lv = top(o);
    c = &lv->cols[lv->col];
    assert(v->type == c->type); /* out_null takes the column's type */
    if (!lv->written)
        goto next;
    switch (o->format) {
    case OUT_TABLE:
        if (lv->col < lv->tl->sch->nshown) {
            struct tcell *tc = &lv->row->cell[lv->col];
            size_t *w = &lv->tl->sch->width[lv->col];

            sbuf_reset(&o->tmp);
            table_val(v, &o->tmp);
            tcell_keep(&o->rows, o, tc);
            if (tc->width > *w)
                *w = tc->width;
        }
        break;
    case OUT_CSV:
        /* A list's cells are added by its rows, or by out_row_end. */
        if (c->type != OUT_LIST) {
            csv_sep(o);
            csv_val(o, v, &o->line);
        }
        break;
    case OUT_JSON:
    case OUT_JSONL:
        if (lv->col > 0)
            sbuf_addstr(&o->line, ", ");
        json_key(o, lv->col);
        json_val(v, &o->line);
        break;
    }
next:
    lv->col++;
}

/* ---- the API ---- */

int
out_format_parse(const char *s, enum out_format *f)
{
    static const struct {
        const char *name;
        enum out_format f;
    } names[] = {
        { "table", OUT_TABLE },
        { "csv", OUT_CSV },
        { "json", OUT_JSON },
        { "jsonl", OUT_JSONL },
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i].name) == 0) {
            *f = names[i].f;
            return 0;
        }
    return -1;
}

struct out *
out_new(FILE *fp, enum out_format f, unsigned flags)
{
    struct out *o = xcalloc(1, sizeof(*o));

    o->fp = fp;
    o->format = f;
    o->flags = flags;
    sbuf_init(&o->line, 0);
    sbuf_init(&o->tmp, 0);
    sbuf_init(&o->csv_keys, 0);
    for (size_t d = 0; d < OUT_MAX_DEPTH; d++)
        sbuf_init(&o->keys[d].text, 0);
    sbuf_init(&o->csv_vals, 0);
    o->arena = (struct arena)ARENA_INIT;
    o->rows = (struct arena)ARENA_INIT;
    return o;
}

void
out_field_text(struct out *o, const char *key, const char *title, const char *s)
{
    struct val v = { .type = OUT_TEXT, .null = s == NULL, .s = s };

    field(o, key, title, &v);
}

void
out_field_int(struct out *o, const char *key, const char *title, int64_t i)
{
    struct val v = { .type = OUT_INT, .i = i };

    field(o, key, title, &v);
}

void
out_field_money(struct out *o, const char *key, const char *title,
                int64_t minor, const char *currency)
{
    struct val v = { .type = OUT_MONEY, .i = minor, .s = currency };

    assert(currency != NULL);
    field(o, key, title, &v);
}

void
out_field_date(struct out *o, const char *key, const char *title, int32_t day)
{
    struct val v = { .type = OUT_DATE,
                     .null = day == DATE_INVALID,
                     .day = day };

    field(o, key, title, &v);
}

void
out_field_code(struct out *o, const char *key, const char *title,
               const char *code, const char *words)
{
    struct val v = {
        .type = OUT_CODE, .null = code == NULL, .s = code, .words = words
    };

    field(o, key, title, &v);
}

void
out_field_bool(struct out *o, const char *key, const char *title, bool b)
{
    struct val v = { .type = OUT_BOOL, .b = b };

    field(o, key, title, &v);
}

void
out_field_words(struct out *o, const char *key, const char *title,
                const char *words)
{
    struct val v = { .type = OUT_WORDS, .s = words, .null = words == NULL };

    field(o, key, title, &v);
}

void
out_list_begin(struct out *o, const char *key, const char *title,
               const struct out_col *cols, size_t ncols)
{
    struct level *lv;
    bool written;

    assert(key != NULL && title != NULL);
    check_cols(cols, ncols, 1);
    item_begin(o);
    /* CSV and JSON Lines have room for one list: the first. */
    written = o->format == OUT_TABLE || o->format == OUT_JSON || o->nlists == 0;
    o->nlists++;
    lv = push(o, cols, ncols, written);
    if (!written)
        return;
    switch (o->format) {
    case OUT_TABLE:
        lv->tl = tlist_new(&o->arena, tschema_new(o, cols, ncols));
        sbuf_reset(&o->tmp);
        add_escapedz(&o->tmp, title);
        lv->tl->title = arena_strndup(&o->arena, o->tmp.buf, o->tmp.len);
        break;
    case OUT_CSV:
        csv_header(o, cols, ncols);
        break;
    case OUT_JSON:
        sbuf_reset(&o->line);
        add_json_quoted(&o->line, key);
        sbuf_addstr(&o->line, ": [");
        put_line(o);
        break;
    case OUT_JSONL:
        break;
    }
}

void
out_sublist_begin(struct out *o)
{
    struct level *parent, *lv;
    const struct out_col *c;

    if (o->depth == 0 || !top(o)->in_row || top(o)->col >= top(o)->ncols) {
        assert(!"a nested list outside a row, or past its last column");
        return;
    }
    parent = top(o);
    c = &parent->cols[parent->col];
    assert(c->type == OUT_LIST);
    lv = push(o, c->cols, c->ncols, parent->written);
    if (!lv->written)
        return;
    switch (o->format) {
    case OUT_TABLE:
        lv->tl = tlist_new(&o->rows, parent->tl->sch->sub);
        parent->row->sub = lv->tl;
        break;
    case OUT_CSV:
        /* Each nested row's line starts with the parent's cells. */
        lv->csv_prefix = o->line.len;
        lv->csv_cells = o->ncells;
        break;
    case OUT_JSON:
    case OUT_JSONL:
        if (parent->col > 0)
            sbuf_addstr(&o->line, ", ");
        add_json_quoted(&o->line, c->key);
        sbuf_addstr(&o->line, ": [");
        break;
    }
}

void
out_list_end(struct out *o)
{
    struct level *lv;

    if (o->depth == 0 || top(o)->in_row) {
        assert(!"out_list_end without an open list, or inside a row");
        return;
    }
    lv = &o->lv[--o->depth];
    if (o->depth > 0) {
        struct level *parent = top(o);

        parent->sub_rows = lv->nrows;
        parent->col++; /* the OUT_LIST cell is done */
        if (lv->written && (o->format == OUT_JSON || o->format == OUT_JSONL))
            sbuf_addch(&o->line, ']');
        return;
    }
    if (!lv->written)
        return;
    if (o->format == OUT_TABLE)
        o->pending = lv->tl; /* printed once we know what follows */
    else if (o->format == OUT_JSON)
        puts_(o, lv->nrows > 0 ? "\n  ]" : "]");
}

void
out_row_begin(struct out *o)
{
    struct level *lv;

    if (o->depth == 0 || top(o)->in_row) {
        assert(!"a row outside a list, or inside another row");
        return;
    }
    lv = top(o);
    lv->in_row = true;
    lv->col = 0;
    lv->sub_rows = 0;
    if (!lv->written)
        return;
    switch (o->format) {
    case OUT_TABLE: {
        struct trow *r =
            arena_alloc(&o->rows, sizeof(*r) + lv->ncols * sizeof(r->cell[0]));

        r->next = NULL;
        r->sub = NULL;
        *lv->tl->tail = r;
        lv->tl->tail = &r->next;
        lv->row = r;
        break;
    }
    case OUT_CSV:
        truncate_to(&o->line, lv->csv_prefix);
        o->ncells = lv->csv_cells;
        break;
    case OUT_JSON:
    case OUT_JSONL:
        if (o->depth == 1) {
            sbuf_reset(&o->line);
            if (o->format == OUT_JSON)
                sbuf_addstr(&o->line, lv->nrows > 0 ? ",\n    " : "\n    ");
        } else if (lv->nrows > 0) {
            sbuf_addstr(&o->line, ", ");
        }
        sbuf_addch(&o->line, '{');
        break;
    }
}

void
out_text(struct out *o, const char *s)
{
    struct val v = { .type = OUT_TEXT, .null = s == NULL, .s = s };

    cell(o, &v);
}

void
out_int(struct out *o, int64_t i)
{
    struct val v = { .type = OUT_INT, .i = i };

    cell(o, &v);
}

void
out_money(struct out *o, int64_t minor, const char *currency)
{
    struct val v = { .type = OUT_MONEY, .i = minor, .s = currency };

    assert(currency != NULL);
    cell(o, &v);
}

void
out_date(struct out *o, int32_t day)
{
    struct val v = { .type = OUT_DATE,
                     .null = day == DATE_INVALID,
                     .day = day };

    cell(o, &v);
}

void
out_code(struct out *o, const char *code, const char *words)
{
    struct val v = {
        .type = OUT_CODE, .null = code == NULL, .s = code, .words = words
    };

    cell(o, &v);
}

void
out_bool(struct out *o, bool b)
{
    struct val v = { .type = OUT_BOOL, .b = b };

    cell(o, &v);
}

void
out_words(struct out *o, const char *words)
{
    struct val v = { .type = OUT_WORDS, .s = words, .null = words == NULL };

    cell(o, &v);
}

void
out_null(struct out *o)
{
    struct val v = { .null = true };

    if (o->depth > 0 && top(o)->in_row && top(o)->col < top(o)->ncols)
        v.type = top(o)->cols[top(o)->col].type;
    cell(o, &v);
}

void
out_row_end(struct out *o)
{
    struct level *lv;

    if (o->depth == 0 || !top(o)->in_row) {
        assert(!"out_row_end outside a row");
        return;
    }
    lv = top(o);
    assert(lv->col == lv->ncols); /* one cell per column */
    lv->in_row = false;
    lv->nrows++;
    if (!lv->written)
        return;
    switch (o->format) {
    case OUT_TABLE:
        /* A full window of a top-level list goes out now; whether the
         * list gets a title is known from what came before it. */
        if (o->depth == 1 && ++lv->tl->nheld >= OUT_TABLE_WINDOW)
            table_print(o, lv->tl, o->nitems > 1);
        break;
    case OUT_CSV: {
        const struct out_col *last = &lv->cols[lv->ncols - 1];

        if (last->type == OUT_LIST) {
            if (lv->sub_rows > 0)
                break; /* its rows wrote the lines */
            /* No nested rows: one line, the nested cells empty. */
            for (size_t n = csv_ncols(last->cols, last->ncols); n > 0; n--)
                csv_sep(o);
        }
        sbuf_addch(&o->line, '\n');
        put_line(o);
        break;
    }
    case OUT_JSON:
    case OUT_JSONL:
        sbuf_addch(&o->line, '}');
        if (o->depth == 1) {
            if (o->format == OUT_JSONL)
                sbuf_addch(&o->line, '\n');
            put_line(o);
        }
        break;
    }
}

int
out_finish(struct out *o, struct dun_err *err)
{
    char buf[128];

    assert(!o->finished);
    assert(o->depth == 0); /* every list ended */
    o->finished = true;
    if (o->format == OUT_TABLE)
        table_flush(o, o->nitems > 1);
    else if (o->format == OUT_JSON)
        puts_(o, o->nitems > 0 ? "\n}\n" : "{}\n");
    else if (o->format == OUT_CSV && o->nlists == 0 && o->csv_keys.len) {
        puts_(o, o->csv_keys.buf);
        puts_(o, "\n");
        puts_(o, o->csv_vals.buf);
        puts_(o, "\n");
    }
    errno = 0;
    if (fflush(o->fp) != 0 && o->werr == 0)
        o->werr = errno ? errno : EIO;
    if (o->werr == 0 && ferror(o->fp))
        o->werr = EIO;
    if (o->werr)
        return dun_err_set(err, DUN_E_IO, "cannot write output: %s",
                           errstr(o->werr, buf, sizeof(buf)));
    return 0;
}

void
out_free(struct out *o)
{
    if (o == NULL)
        return;
    sbuf_release(&o->line);
    sbuf_release(&o->tmp);
    sbuf_release(&o->csv_keys);
    for (size_t d = 0; d < OUT_MAX_DEPTH; d++) {
        sbuf_release(&o->keys[d].text);
        free(o->keys[d].off);
    }
    sbuf_release(&o->csv_vals);
    arena_release(&o->arena);
    arena_release(&o->rows);
    free(o);
}
