/*
 * mustache.c - compile Mustache templates to a flat node list, render them
 * from a value tree. Pure: no I/O, no clock, no global state.
 *
 * Compiling does all the work the spec's whitespace rules need, once: a
 * "standalone" tag (a section, inverted, end, comment, partial or
 * delimiter tag alone on its line but for blanks) is dropped together with
 * its line's blanks and line end. Sections are a node followed by their
 * body, node.end pointing past it, so rendering is a loop that recurses
 * only into section bodies and partials.
 *
 * Standalone partials indent every line of the partial. The spec phrases
 * that as prefixing each line of the partial's text before compiling it;
 * here each node that starts a source line is flagged (bol), and while a
 * partial renders with an indentation, it is written before each flagged
 * node and after each newline inside a text node. That is the same output,
 * without recompiling a partial for each indentation it is used with.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"
#include "render/mustache.h"

enum node_kind {
    NODE_TEXT,
    NODE_ESCAPED,  /* {{x}} */
    NODE_RAW,      /* {{{x}}}, {{&x}} */
    NODE_SECTION,  /* {{#x}} */
    NODE_INVERTED, /* {{^x}} */
    NODE_PARTIAL,  /* {{>x}} */
};

struct node {
    enum node_kind kind;
    bool bol;        /* starts a line of the source: indentation goes first */
    bool standalone; /* partials: alone on their line */
    const char *str; /* text, or the tag's name */
    size_t len;
    uint32_t hash; /* names: value_key_hash of the first part (to a dot) */
    size_t head;   /* names: the first part's length (len if no dot) */
    const char *indent; /* standalone partials: the blanks before the tag */
    size_t indentlen;
    size_t line; /* 1-based, where the node starts */
    size_t end;  /* sections: index of the first node after the body */
};

/* A compiled template; its memory belongs to whoever owns the arena it
 * was compiled into. */
struct compiled {
    const char *name;
    const struct node *nodes;
    size_t nnodes;
};

struct mustache {
    struct arena arena; /* the text and name copies, the nodes */
    struct compiled tpl;
};

/* ---- compiling ------------------------------------------------------- */

struct parser {
    const char *name;
    const char *text; /* the compiled template's own copy */
    size_t len;
    size_t pos;        /* scanned up to here */
    size_t line;       /* line of pos */
    size_t line_start; /* offset where pos's line starts */
    size_t text_start; /* literal text not yet made a node starts here */
    size_t text_line;
    const char *otag, *ctag; /* delimiters: "{{", "}}" or in text */
    size_t olen, clen;
    struct node *nodes; /* heap while compiling; copied to the arena */
    size_t nnodes, cap;
    size_t open[MUSTACHE_MAX_NESTING]; /* indexes of open sections */
    size_t depth;
    struct dun_err *err;
};

static int parse_fail(struct parser *ps, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
parse_fail(struct parser *ps, size_t line, const char *fmt, ...)
{
    char reason[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    return dun_err_set(ps->err, DUN_E_INPUT, "%s:%zu: %s", ps->name, line,
                       reason);
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Offset of needle in text[from, len), or len if it is not there. */
static size_t
find(const char *text, size_t from, size_t len, const char *needle, size_t nlen)
{
    while (from < len && len - from >= nlen) {
        const char *p = memchr(text + from, needle[0], len - from - nlen + 1);

        if (p == NULL)
            break;
        if (memcmp(p, needle, nlen) == 0)
            return (size_t)(p - text);
        from = (size_t)(p - text) + 1;
    }
    return len;
}

/* Offset of c immediately followed by the closing delimiter, as in "}}}"
 * or "=}}", at or after from; len if there is none. */
static size_t
find_before_ctag(const struct parser *ps, size_t from, char c)
{
    size_t q = from + 1;

    while ((q = find(ps->text, q, ps->len, ps->ctag, ps->clen)) < ps->len) {
        if (ps->text[q - 1] == c)
            return q - 1;
        q++;
    }
    return ps->len;
}

/* Move pos to to, keeping line and line_start right. */
static void
advance(struct parser *ps, size_t to)
{
    const char *p = ps->text + ps->pos, *end = ps->text + to;

    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        ps->line++;
        p++;
        ps->line_start = (size_t)(p - ps->text);
    }
    ps->pos = to;
}

static struct node *
add_node(struct parser *ps, enum node_kind kind, const char *str, size_t len,
         size_t line)
{
    struct node *n;

    if (ps->nnodes == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 32;
        ps->nodes = xreallocarray(ps->nodes, ps->cap, sizeof(*ps->nodes));
    }
    n = &ps->nodes[ps->nnodes++];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    n->str = str;
    n->len = len;
    n->line = line;
    if (kind != NODE_TEXT) {
        const char *dot = memchr(str, '.', len);

        n->head = dot ? (size_t)(dot - str) : len;
        n->hash = value_key_hash(str, n->head);
    }
    return n;
}

/* Make text[text_start, to) a text node. */
static void
flush_text(struct parser *ps, size_t to)
{
    size_t from = ps->text_start;
    struct node *n;

    if (to <= from)
        return;
    n = add_node(ps, NODE_TEXT, ps->text + from, to - from, ps->text_line);
    n->bol = from == 0 || ps->text[from - 1] == '\n';
}

/* After the tag ending at te only blanks up to a line end or the end of the
 * text: sets *next past that line end. */
static bool
rest_of_line_blank(const struct parser *ps, size_t te, size_t *next)
{
    size_t q = te;

    while (q < ps->len && is_blank(ps->text[q]))
        q++;
    if (q < ps->len && ps->text[q] == '\r' && q + 1 < ps->len &&
        ps->text[q + 1] == '\n')
        q++;
    if (q < ps->len && ps->text[q] != '\n')
        return false;
    *next = q < ps->len ? q + 1 : q;
    return true;
}

static bool
all_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank(p[i]))
            return false;
    return true;
}

static void
trim(const char **p, size_t *n)
{
    while (*n && is_space(**p)) {
        (*p)++;
        (*n)--;
    }
    while (*n && is_space((*p)[*n - 1]))
        (*n)--;
}

/* A name is "." or dot-separated non-empty parts without whitespace; a
 * partial's name is any run without whitespace. */
static int
check_name(struct parser *ps, size_t line, const char *s, size_t n, bool dotted)
{
    if (n == 0)
        return parse_fail(ps, line, "empty tag");
    for (size_t i = 0; i < n; i++) {
        bool bad = is_space(s[i]);

        if (dotted && s[i] == '.' && n > 1)
            bad = i == 0 || i == n - 1 || s[i + 1] == '.';
        if (bad)
            return parse_fail(ps, line, "bad tag name \"%.*s\"",
                              n > 40 ? 40 : (int)n, s);
    }
    return 0;
}

/* {{=OPEN CLOSE=}}: two runs without blanks or '=', apart. */
static int
set_delimiters(struct parser *ps, size_t line, const char *s, size_t n)
{
    size_t a = 0, b;

    trim(&s, &n);
    while (a < n && !is_space(s[a]))
        a++;
    b = a;
    while (b < n && is_space(s[b]))
        b++;
    if (a == 0 || b == n || b == a || memchr(s, '=', n) != NULL)
        return parse_fail(ps, line, "bad delimiter change");
    for (size_t i = b; i < n; i++)
        if (is_space(s[i]))
            return parse_fail(ps, line, "bad delimiter change");
    ps->otag = s;
    ps->olen = a;
    ps->ctag = s + b;
    ps->clen = n - b;
    return 0;
}

static int
open_section(struct parser *ps, enum node_kind kind, const char *name, size_t n,
             size_t line, bool bol)
{
    if (ps->depth == MUSTACHE_MAX_NESTING)
        return parse_fail(ps, line, "sections nested deeper than %d",
                          MUSTACHE_MAX_NESTING);
    ps->open[ps->depth++] = ps->nnodes;
    add_node(ps, kind, name, n, line)->bol = bol;
    return 0;
}

static int
close_section(struct parser *ps, const char *name, size_t n, size_t line)
{
    struct node *open;

    if (ps->depth == 0)
        return parse_fail(ps, line, "section end \"%.*s\" without a start",
                          n > 40 ? 40 : (int)n, name);
    open = &ps->nodes[ps->open[ps->depth - 1]];
    if (open->len != n || memcmp(open->str, name, n) != 0)
        return parse_fail(ps, line,
                          "mismatched section end \"%.*s\", expected \"%.*s\"",
                          n > 40 ? 40 : (int)n, name,
                          open->len > 40 ? 40 : (int)open->len, open->str);
    open->end = ps->nnodes;
    ps->depth--;
    return 0;
}

/*
 * One tag starting at ts (the opening delimiter). Works out its kind and
 * extent, drops a standalone tag's line, then acts on the tag.
 */
static int
parse_tag(struct parser *ps, size_t ts)
{
    size_t line = ps->line, ls = ps->line_start;
    size_t p = ts + ps->olen, ce, te, next = 0;
    char sigil = p < ps->len ? ps->text[p] : '\0';
    const char *name;
    size_t n;
    bool standalone, bol;

    if (sigil == '{' || sigil == '=') {
        ce = find_before_ctag(ps, p + 1, sigil == '{' ? '}' : '=');
        te = ce + 1 + ps->clen;
        p++;
    } else {
        if (sigil && strchr("&#^/!>", sigil))
            p++;
        else
            sigil = '\0';
        ce = find(ps->text, p, ps->len, ps->ctag, ps->clen);
        te = ce + ps->clen;
    }
    if (ce == ps->len)
        return parse_fail(ps, line, "unclosed tag");
    name = ps->text + p;
    n = ce - p;

    /* Spec: these tags alone on a line take the whole line with them. */
    standalone = sigil && strchr("#^/!>=", sigil) &&
                 all_blank(ps->text + ls, ts - ls) &&
                 rest_of_line_blank(ps, te, &next);
    bol = !standalone && ts == ls;
    if (standalone) {
        assert(ps->text_start <= ls);
        flush_text(ps, ls);
    } else {
        flush_text(ps, ts);
        next = te;
    }
    advance(ps, next);
    ps->text_start = next;
    ps->text_line = ps->line;

    if (sigil == '!')
        goto done;
    if (sigil == '=') {
        if (set_delimiters(ps, line, name, n) < 0)
            return -1;
        goto done;
    }
    trim(&name, &n);
    if (check_name(ps, line, name, n, sigil != '>') < 0)
        return -1;
    switch (sigil) {
    case '#':
        return open_section(ps, NODE_SECTION, name, n, line, bol);
    case '^':
        return open_section(ps, NODE_INVERTED, name, n, line, bol);
    case '/':
        /* Indentation before an end tag belongs to the section's body. */
        if (bol)
            add_node(ps, NODE_TEXT, name, 0, line)->bol = true;
        return close_section(ps, name, n, line);
    case '>': {
        struct node *nd = add_node(ps, NODE_PARTIAL, name, n, line);

        nd->bol = bol;
        nd->standalone = standalone;
        if (standalone) {
            nd->indent = ps->text + ls;
            nd->indentlen = ts - ls;
        }
        return 0;
    }
    default:
        add_node(ps, sigil ? NODE_RAW : NODE_ESCAPED, name, n, line)->bol = bol;
        return 0;
    }
done:
    /* A comment or delimiter change leading its line still has the line's
     * indentation written where it stood. */
    if (bol)
        add_node(ps, NODE_TEXT, name, 0, line)->bol = true;
    return 0;
}

/* Compile text (which must outlive the result) into arena a. */
static int
compile(struct arena *a, const char *name, const char *text, size_t len,
        struct compiled *out, struct dun_err *err)
{
    struct parser ps;
    struct node *nodes;
    size_t ts;
    int rc = -1;

    memset(&ps, 0, sizeof(ps));
    ps.name = name;
    ps.text = text;
    ps.len = len;
    ps.line = ps.text_line = 1;
    ps.otag = "{{";
    ps.ctag = "}}";
    ps.olen = ps.clen = 2;
    ps.err = err;
    while ((ts = find(text, ps.pos, len, ps.otag, ps.olen)) < len) {
        advance(&ps, ts);
        if (parse_tag(&ps, ts) < 0)
            goto out;
    }
    flush_text(&ps, len);
    if (ps.depth > 0) {
        const struct node *open = &ps.nodes[ps.open[ps.depth - 1]];

        parse_fail(&ps, open->line, "unclosed section \"%.*s\"",
                   open->len > 40 ? 40 : (int)open->len, open->str);
        goto out;
    }
    nodes = arena_alloc(a, ps.nnodes * sizeof(*nodes));
    if (ps.nnodes)
        memcpy(nodes, ps.nodes, ps.nnodes * sizeof(*nodes));
    out->name = name;
    out->nodes = nodes;
    out->nnodes = ps.nnodes;
    rc = 0;
out:
    free(ps.nodes);
    return rc;
}

int
mustache_compile(struct mustache **out, const char *name, const char *text,
                 size_t len, struct dun_err *err)
{
    struct mustache *m = xmalloc(sizeof(*m));
    const char *copy;

    m->arena = (struct arena)ARENA_INIT;
    name = arena_strndup(&m->arena, name, strlen(name));
    copy = arena_strndup(&m->arena, text, len);
    if (compile(&m->arena, name, copy, len, &m->tpl, err) < 0) {
        mustache_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

void
mustache_free(struct mustache *tpl)
{
    if (tpl == NULL)
        return;
    arena_release(&tpl->arena);
    free(tpl);
}

int
mustache_partial_at(const struct mustache *tpl, size_t i, const char **name,
                    size_t *len, size_t *line)
{
    for (size_t k = 0; k < tpl->tpl.nnodes; k++) {
        const struct node *nd = &tpl->tpl.nodes[k];

        if (nd->kind != NODE_PARTIAL || i-- > 0)
            continue;
        *name = nd->str;
        *len = nd->len;
        *line = nd->line;
        return 1;
    }
    return 0;
}

/* ---- rendering ------------------------------------------------------- */

/* The context stack, innermost first; frames live on the C stack. */
struct context {
    const struct value *value;
    const struct context *up;
};

/* Indentation of nested standalone partials, innermost first; NULL when
 * there is none. Each link is non-empty. */
struct indent {
    const char *str;
    size_t len;
    const struct indent *outer;
};

/* A partial compiled during this render, or remembered as missing. */
struct cached_partial {
    const char *name;
    size_t namelen;
    bool found;
    struct compiled tpl;
    struct cached_partial *next;
};

struct render {
    struct sbuf *out;
    size_t out_limit; /* out->len may not pass this */
    const struct mustache_partials *partials;
    struct arena arena; /* cached partials */
    struct cached_partial *cache;
    int partial_depth;
    size_t steps;
    struct dun_err *err;
};

static int render_fail(struct render *r, const struct compiled *t, size_t line,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
render_fail(struct render *r, const struct compiled *t, size_t line,
            const char *fmt, ...)
{
    char reason[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    return dun_err_set(r->err, DUN_E_INPUT, "%s:%zu: %s", t->name, line,
                       reason);
}

static int
emit(struct render *r, const struct compiled *t, const struct node *nd,
     const char *p, size_t n)
{
    if (n > r->out_limit - r->out->len || sbuf_add(r->out, p, n) < 0)
        return render_fail(r, t, nd->line, "output too large");
    return 0;
}

static int
emit_indent(struct render *r, const struct compiled *t, const struct node *nd,
            const struct indent *ind)
{
    if (ind == NULL)
        return 0;
    if (emit_indent(r, t, nd, ind->outer) < 0)
        return -1;
    return emit(r, t, nd, ind->str, ind->len);
}

/* A text node, indenting each line that starts inside it. */
static int
emit_text(struct render *r, const struct compiled *t, const struct node *nd,
          const struct indent *ind)
{
    const char *p = nd->str, *end = nd->str + nd->len, *nl;

    while (ind && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL &&
           nl + 1 < end) {
        if (emit(r, t, nd, p, (size_t)(nl + 1 - p)) < 0 ||
            emit_indent(r, t, nd, ind) < 0)
            return -1;
        p = nl + 1;
    }
    return emit(r, t, nd, p, (size_t)(end - p));
}

/* The entity standing for c in HTML text and attribute values, or NULL if
 * c stands for itself. The spec asks for & " < >; the apostrophe closes
 * single-quoted attributes, so it is escaped too. */
static const char *
html_entity(char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

static int
emit_escaped(struct render *r, const struct compiled *t, const struct node *nd,
             const char *s, size_t n)
{
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        const char *esc = html_entity(s[i]);

        if (esc == NULL)
            continue;
        if (emit(r, t, nd, s + run, i - run) < 0 ||
            emit(r, t, nd, esc, strlen(esc)) < 0)
            return -1;
        run = i + 1;
    }
    return emit(r, t, nd, s + run, n - run);
}

static int
emit_value(struct render *r, const struct compiled *t, const struct node *nd,
           const struct value *v)
{
    const char *s;
    size_t n;

    if (v == NULL)
        return 0;
    switch (v->type) {
    case VALUE_STRING:
    case VALUE_NUMBER:
        s = v->u.text.ptr;
        n = v->u.text.len;
        break;
    case VALUE_BOOL:
        s = v->u.boolean ? "true" : "false";
        n = strlen(s);
        break;
    default: /* null, lists and maps print nothing */
        return 0;
    }
    if (nd->kind == NODE_RAW)
        return emit(r, t, nd, s, n);
    return emit_escaped(r, t, nd, s, n);
}

static bool
truthy(const struct value *v)
{
    if (v == NULL)
        return false;
    switch (v->type) {
    case VALUE_NULL:
        return false;
    case VALUE_BOOL:
        return v->u.boolean;
    case VALUE_STRING:
        return v->u.text.len > 0;
    case VALUE_LIST:
        return v->u.list.len > 0;
    default:
        return true;
    }
}

/* Spec name resolution: the first part from the innermost context that is
 * a map holding it, each further part inside the value found; NULL on a
 * miss anywhere. The node's name, its first part's hash computed when it
 * was compiled (each part is looked up in every context up the stack
 * until found: a template's names, in every message). */
static const struct value *
lookup(const struct context *ctx, const struct node *nd)
{
    const struct value *v = NULL;
    const char *name = nd->str, *dot, *end = name + nd->len;

    if (nd->len == 1 && name[0] == '.')
        return ctx->value;
    dot = nd->head < nd->len ? name + nd->head : NULL;
    for (; ctx && v == NULL; ctx = ctx->up)
        v = value_map_get_hashed(ctx->value, name, nd->head, nd->hash);
    while (v && dot) {
        name = dot + 1;
        dot = memchr(name, '.', (size_t)(end - name));
        v = value_map_get(v, name, (size_t)((dot ? dot : end) - name));
    }
    return v;
}

static int render_nodes(struct render *r, const struct compiled *t, size_t from,
                        size_t to, const struct context *ctx,
                        const struct indent *ind);

static int
render_section(struct render *r, const struct compiled *t,
               const struct node *nd, size_t body, const struct context *ctx,
               const struct indent *ind)
{
    const struct value *v = lookup(ctx, nd);
    struct context frame = { v, ctx };

    if (nd->kind == NODE_INVERTED)
        return truthy(v) ? 0 : render_nodes(r, t, body, nd->end, ctx, ind);
    if (!truthy(v))
        return 0;
    if (v->type != VALUE_LIST)
        return render_nodes(r, t, body, nd->end, &frame, ind);
    for (size_t i = 0; i < v->u.list.len; i++) {
        frame.value = v->u.list.items[i];
        if (render_nodes(r, t, body, nd->end, &frame, ind) < 0)
            return -1;
    }
    return 0;
}

/* Set *out to the partial nd names, or to NULL if there is none; a partial
 * is looked up and compiled on first use and kept for the rest of the
 * render, so that one used in a loop costs one compile. */
static int
get_partial(struct render *r, const struct compiled *t, const struct node *nd,
            const struct compiled **out)
{
    const struct mustache_partials *ps = r->partials;
    struct cached_partial *c;
    const char *text = NULL;
    size_t len = 0;
    int found = 0;

    if (ps && ps->compiled) {
        const struct mustache *m = NULL;
        int rc = ps->compiled(ps->arg, nd->str, nd->len, &m, r->err);

        if (rc < 0)
            return -1;
        if (rc > 0) {
            *out = &m->tpl;
            return 0;
        }
    }
    for (c = r->cache; c; c = c->next)
        if (c->namelen == nd->len && memcmp(c->name, nd->str, nd->len) == 0) {
            *out = c->found ? &c->tpl : NULL;
            return 0;
        }
    if (ps && ps->map) {
        const struct value *v = value_map_get(ps->map, nd->str, nd->len);

        if (v && v->type != VALUE_STRING)
            return render_fail(r, t, nd->line,
                               "partial \"%.*s\" is not a string",
                               nd->len > 40 ? 40 : (int)nd->len, nd->str);
        if (v) {
            text = v->u.text.ptr;
            len = v->u.text.len;
            found = 1;
        }
    } else if (ps && ps->lookup) {
        found = ps->lookup(ps->arg, nd->str, nd->len, &text, &len, r->err);
        if (found < 0)
            return -1;
    }
    if (text == NULL) { /* a callback may serve "" that way */
        text = "";
        len = 0;
    }
    c = arena_alloc(&r->arena, sizeof(*c));
    c->name = arena_strndup(&r->arena, nd->str, nd->len);
    c->namelen = nd->len;
    c->found = found > 0;
    /* Compiled from a copy: the text is only borrowed from the caller. */
    if (c->found &&
        compile(&r->arena, c->name, arena_strndup(&r->arena, text, len), len,
                &c->tpl, r->err) < 0)
        return -1;
    c->next = r->cache;
    r->cache = c;
    *out = c->found ? &c->tpl : NULL;
    return 0;
}

static int
render_partial(struct render *r, const struct compiled *t,
               const struct node *nd, const struct context *ctx,
               const struct indent *ind)
{
    const struct compiled *partial = NULL;
    struct indent own = { nd->indent, nd->indentlen, ind };
    const struct indent *inner = NULL;
    int rc;

    if (r->partial_depth == MUSTACHE_MAX_PARTIAL_DEPTH)
        return render_fail(r, t, nd->line, "partials nested deeper than %d",
                           MUSTACHE_MAX_PARTIAL_DEPTH);
    if (get_partial(r, t, nd, &partial) < 0)
        return -1;
    if (partial == NULL)
        return 0;
    /* Only a standalone tag indents; inline, the partial's lines start at
     * the left margin, as they would in the spec's text substitution. */
    if (nd->standalone)
        inner = nd->indentlen ? &own : ind;
    r->partial_depth++;
    rc = render_nodes(r, partial, 0, partial->nnodes, ctx, inner);
    r->partial_depth--;
    return rc;
}

static int
render_nodes(struct render *r, const struct compiled *t, size_t from, size_t to,
             const struct context *ctx, const struct indent *ind)
{
    size_t i = from;

    while (i < to) {
        const struct node *nd = &t->nodes[i];
        int rc = 0;

        if (++r->steps > MUSTACHE_MAX_STEPS)
            return render_fail(r, t, nd->line, "more than %u render steps",
                               MUSTACHE_MAX_STEPS);
        if (nd->bol && emit_indent(r, t, nd, ind) < 0)
            return -1;
        switch (nd->kind) {
        case NODE_TEXT:
            rc = emit_text(r, t, nd, ind);
            break;
        case NODE_ESCAPED:
        case NODE_RAW:
            rc = emit_value(r, t, nd, lookup(ctx, nd));
            break;
        case NODE_SECTION:
        case NODE_INVERTED:
            if (render_section(r, t, nd, i + 1, ctx, ind) < 0)
                return -1;
            i = nd->end;
            continue;
        case NODE_PARTIAL:
            rc = render_partial(r, t, nd, ctx, ind);
            break;
        }
        if (rc < 0)
            return -1;
        i++;
    }
    return 0;
}

int
mustache_render(const struct mustache *tpl, const struct value *data,
                const struct mustache_partials *partials, struct sbuf *out,
                struct dun_err *err)
{
    struct render r;
    struct context root = { data, NULL };
    size_t start = out->len;
    int rc;

    memset(&r, 0, sizeof(r));
    r.out = out;
    r.out_limit = start + MUSTACHE_MAX_OUTPUT;
    if (r.out_limit < start) /* wrapped */
        r.out_limit = (size_t)-1;
    r.partials = partials;
    r.arena = (struct arena)ARENA_INIT;
    r.err = err;
    rc = render_nodes(&r, &tpl->tpl, 0, tpl->tpl.nnodes, &root, NULL);
    if (rc < 0) {
        /* Nothing half-written: out is as the caller gave it. */
        out->len = start;
        if (out->cap)
            out->buf[start] = '\0';
    }
    arena_release(&r.arena);
    return rc;
}
