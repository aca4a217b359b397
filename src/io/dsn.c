/*
 * dsn.c - delivery status notifications read from one message; see dsn.h.
 *
 * Pure: no I/O, no clock, no mutable statics. The message is read in
 * place, as spans of the caller's buffer; only what must be unfolded,
 * decoded or handed out is copied, into the caller's arena, and each
 * byte of the message is copied a bounded number of times, so the arena
 * grows at most a few times the message's size.
 *
 * The rules: RFC 5322 for header fields and folding, RFC 2045 for
 * Content-Type and Content-Transfer-Encoding, RFC 2046 section 5.1 for
 * multiparts, RFC 6522 for multipart/report, RFC 3464 for the
 * delivery-status body, RFC 3463 for status codes, RFC 6533 for the
 * global (UTF-8) variants.
 */
#include <string.h>

#include "io/dsn.h"

/* RFC 2046 5.1.1 allows 70 characters; a little more is tolerated, and a
 * longer boundary counts as none. */
#define BOUNDARY_MAX 200

/* A byte range [p, e) of the message or of a decoded copy. p == NULL:
 * absent (an empty field is p == e). */
struct span {
    const char *p, *e;
};

/* One header field: its name and its raw value, folded lines and all,
 * without the line break that ends it. */
struct field {
    const char *name;
    size_t nlen;
    struct span val;
};

enum cte {
    CTE_IDENTITY, /* 7bit, 8bit, binary, or one we do not know */
    CTE_BASE64,
    CTE_QP,
};

/* A Content-Type: type and subtype in lower case ("" when the field is
 * absent or unreadable, which the caller turns into the default). */
struct ctype {
    const char *type, *subtype;
    const char *boundary;    /* NULL: none */
    const char *report_type; /* lower case; "" when none */
};

/* A MIME entity: a message or a body part. */
struct entity {
    struct span body;
    struct ctype ct;
    enum cte cte;
};

struct parser {
    struct arena *a;
    struct dun_err *err;
    size_t parts; /* body parts met so far, all levels */
};

/* A multipart body being split into its parts. */
struct multipart {
    const char *p, *end; /* next line to look at; end of the body */
    const char *b;       /* the boundary */
    size_t blen;
    int started; /* the first delimiter has been passed */
    int done;
};

static const char empty[] = "";

static int
is_wsp(int c)
{
    return c == ' ' || c == '\t';
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* p[0..n) equals the NUL-terminated lit, ASCII case ignored (by hand:
 * strncasecmp follows the locale). */
static int
ci_eq(const char *p, size_t n, const char *lit)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (lit[i] == '\0' || lower((unsigned char)p[i]) != lower(lit[i]))
            return 0;
    return lit[i] == '\0';
}

/* The LF that ends the line at p, or end. */
static const char *
line_end(const char *p, const char *end)
{
    const char *lf = memchr(p, '\n', (size_t)(end - p));

    return lf != NULL ? lf : end;
}

/* The end of the line's text: before a CR that precedes le. */
static const char *
text_end(const char *p, const char *le)
{
    return le > p && le[-1] == '\r' ? le - 1 : le;
}

/* The start of the line after the one that ends at le. */
static const char *
after(const char *le, const char *end)
{
    return le < end ? le + 1 : end;
}

static int
is_blank(const char *p, const char *e)
{
    while (p < e && is_wsp(*p))
        p++;
    return p == e;
}

/*
 * If the line [p, e) starts a header field (RFC 5322 3.6.8: a name of
 * printable ASCII but ':', then the colon; RFC 5322 4.5.8 lets white
 * space come before it), the colon, else NULL.
 */
static const char *
field_colon(const char *p, const char *e, const char **name_end)
{
    const char *q = p;

    while (q < e && (unsigned char)*q > ' ' && *q < 127 && *q != ':')
        q++;
    *name_end = q;
    if (q == p)
        return NULL;
    while (q < e && is_wsp(*q))
        q++;
    return q < e && *q == ':' ? q : NULL;
}

/*
 * The next field of the header block at *pp, which ends at a blank line
 * or at end: 1 with *f set and *pp past it; 0 at the end of the block,
 * with *pp at the body (past the blank line) or end. A field goes on over
 * the lines that start with white space (RFC 5322 2.2.3). Lines that are
 * not fields (no colon, a continuation with no field before it) are
 * skipped, as mail readers do.
 */
static int
next_field(const char **pp, const char *end, struct field *f)
{
    const char *p = *pp;

    while (p < end) {
        const char *le = line_end(p, end);
        const char *te = text_end(p, le);
        const char *name_end, *colon;

        if (te == p) {
            *pp = after(le, end);
            return 0;
        }
        if (is_wsp(*p) || (colon = field_colon(p, te, &name_end)) == NULL) {
            p = after(le, end);
            continue;
        }
        f->name = p;
        f->nlen = (size_t)(name_end - p);
        f->val.p = colon + 1;
        f->val.e = te;
        p = after(le, end);
        while (p < end && is_wsp(*p)) {
            le = line_end(p, end);
            f->val.e = text_end(p, le);
            p = after(le, end);
        }
        *pp = p;
        return 1;
    }
    *pp = end;
    return 0;
}

static int
name_is(const struct field *f, const char *name)
{
    return ci_eq(f->name, f->nlen, name);
}

/*
 * [p, e) as display text, a new string in a: unfolded, every control
 * character (CR, LF, TAB, NUL ...) a space, each run of spaces one
 * space, none at either end.
 */
static const char *
clean_text(struct arena *a, const char *p, const char *e)
{
    char *out, *o;
    int space = 0;

    if (p == e)
        return empty;
    out = o = arena_alloc(a, (size_t)(e - p) + 1);
    for (; p < e; p++) {
        unsigned char c = (unsigned char)*p;

        if (c < ' ' || c == 127)
            c = ' ';
        if (c == ' ') {
            space = o != out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = 0;
        *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

/* [p, e) unfolded (RFC 5322 2.2.3: the line breaks taken out, the white
 * space kept), a new string in a. */
static char *
unfold(struct arena *a, const char *p, const char *e)
{
    char *out = arena_alloc(a, (size_t)(e - p) + 1);
    char *o = out;

    for (; p < e; p++)
        if (*p != '\r' && *p != '\n')
            *o++ = *p;
    *o = '\0';
    return out;
}

static char *
lower_dup(struct arena *a, const char *p, size_t n)
{
    char *s = arena_strndup(a, p, n);

    for (size_t i = 0; i < n; i++)
        s[i] = (char)lower((unsigned char)s[i]);
    return s;
}

/* Past white space and (nested) comments, RFC 5322 3.2.2's CFWS. s is
 * NUL-terminated; an unterminated comment runs to its end. */
static const char *
skip_cfws(const char *s)
{
    for (;;) {
        int depth = 0;

        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != '(')
            return s;
        for (; *s != '\0'; s++) {
            if (*s == '\\' && s[1] != '\0')
                s++;
            else if (*s == '(')
                depth++;
            else if (*s == ')' && --depth == 0)
                break;
        }
        if (*s == '\0')
            return s;
        s++;
    }
}

/* RFC 2045 5.1 token: printable ASCII but tspecials. */
static int
is_token(unsigned char c)
{
    return c > ' ' && c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

static const char *
skip_token(const char *s)
{
    while (is_token((unsigned char)*s))
        s++;
    return s;
}

/*
 * A parameter value at s: a quoted-string (unescaped into a) or, short
 * of a token, any run of printable ASCII but ';' (unquoted boundaries
 * holding '=' or '/' are common enough). NULL if there is none or the
 * quotes do not close; else *next is past it.
 */
static const char *
param_value(struct arena *a, const char *s, const char **next)
{
    const char *q = s;

    if (*s == '"') {
        char *out, *o;

        for (q = s + 1; *q != '"'; q++) {
            if (*q == '\0')
                return NULL;
            if (*q == '\\' && q[1] != '\0')
                q++;
        }
        out = o = arena_alloc(a, (size_t)(q - s));
        for (s++; s < q; s++) {
            if (*s == '\\')
                s++;
            *o++ = *s;
        }
        *o = '\0';
        *next = q + 1;
        return out;
    }
    while (*q > ' ' && *q < 127 && *q != ';')
        q++;
    if (q == s)
        return NULL;
    *next = q;
    return arena_strndup(a, s, (size_t)(q - s));
}

/*
 * RFC 2045 5.1: type "/" subtype *(";" attribute "=" value), with CFWS
 * between the tokens and attribute names in any case. Reading stops at
 * the first thing that does not fit; what came before it counts.
 */
static void
parse_ctype(struct arena *a, const char *s, struct ctype *ct)
{
    const char *t, *te, *st;

    ct->type = ct->subtype = ct->report_type = empty;
    ct->boundary = NULL;
    t = skip_cfws(s);
    te = skip_token(t);
    s = skip_cfws(te);
    if (te == t || *s != '/')
        return;
    st = skip_cfws(s + 1);
    s = skip_token(st);
    if (s == st)
        return;
    ct->type = lower_dup(a, t, (size_t)(te - t));
    ct->subtype = lower_dup(a, st, (size_t)(s - st));
    for (;;) {
        const char *attr, *ae, *v;

        s = skip_cfws(s);
        if (*s != ';')
            return;
        attr = skip_cfws(s + 1);
        ae = skip_token(attr);
        s = skip_cfws(ae);
        if (ae == attr || *s != '=')
            continue; /* ";;" or a trailing ';': look on */
        s = skip_cfws(s + 1);
        if ((v = param_value(a, s, &s)) == NULL)
            return;
        if (ct->boundary == NULL &&
            ci_eq(attr, (size_t)(ae - attr), "boundary")) {
            size_t n = strlen(v);

            if (n >= 1 && n <= BOUNDARY_MAX)
                ct->boundary = v;
        } else if (ct->report_type[0] == '\0' &&
                   ci_eq(attr, (size_t)(ae - attr), "report-type")) {
            ct->report_type = lower_dup(a, v, strlen(v));
        }
    }
}

static int
ctype_is(const struct ctype *ct, const char *type, const char *subtype)
{
    return strcmp(ct->type, type) == 0 && strcmp(ct->subtype, subtype) == 0;
}

/*
 * The entity (message or body part) [p, end): its header's
 * Content-Type (the default when absent or unreadable, RFC 2045 5.2 and
 * RFC 2046 5.1.5 for a digest's parts) and Content-Transfer-Encoding,
 * and where its body lies. The first of each field counts.
 */
static void
read_entity(struct arena *a, const char *p, const char *end, int in_digest,
            struct entity *en)
{
    struct span ct = { NULL, NULL }, cte = { NULL, NULL };
    struct field f;

    while (next_field(&p, end, &f)) {
        if (ct.p == NULL && name_is(&f, "Content-Type"))
            ct = f.val;
        else if (cte.p == NULL && name_is(&f, "Content-Transfer-Encoding"))
            cte = f.val;
    }
    en->body.p = p;
    en->body.e = end;
    en->ct.type = empty;
    if (ct.p != NULL)
        parse_ctype(a, unfold(a, ct.p, ct.e), &en->ct);
    if (en->ct.type[0] == '\0') {
        en->ct.type = in_digest ? "message" : "text";
        en->ct.subtype = in_digest ? "rfc822" : "plain";
        en->ct.boundary = NULL;
        en->ct.report_type = empty;
    }
    en->cte = CTE_IDENTITY;
    if (cte.p != NULL) {
        const char *v = clean_text(a, cte.p, cte.e);

        if (ci_eq(v, strlen(v), "base64"))
            en->cte = CTE_BASE64;
        else if (ci_eq(v, strlen(v), "quoted-printable"))
            en->cte = CTE_QP;
    }
}

static int
b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static int
hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* RFC 2045 6.8; bytes outside the alphabet (line breaks) are skipped,
 * the first '=' ends the data. Returns the length written to out, which
 * is at most three quarters of the input. */
static size_t
b64_decode(const char *p, const char *e, char *out)
{
    unsigned long v = 0;
    int bits = 0;
    size_t n = 0;

    for (; p < e && *p != '='; p++) {
        int d = b64_value((unsigned char)*p);

        if (d < 0)
            continue;
        v = (v << 6 | (unsigned long)d) & 0xffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (char)(v >> bits & 0xff);
        }
    }
    return n;
}

/* RFC 2045 6.7: "=XX" a byte, '=' at a line's end a soft line break; an
 * '=' that is neither is kept, as the RFC's note on robustness allows.
 * Never longer than the input. */
static size_t
qp_decode(const char *p, const char *e, char *out)
{
    size_t n = 0;

    while (p < e) {
        const char *q = p + 1;
        int hi, lo;

        if (*p != '=') {
            out[n++] = *p++;
            continue;
        }
        while (q < e && is_wsp(*q))
            q++;
        if (q == e || *q == '\n') {
            p = after(q, e);
            continue;
        }
        if (*q == '\r' && q + 1 < e && q[1] == '\n') {
            p = q + 2;
            continue;
        }
        if (e - p >= 3 && (hi = hex_value((unsigned char)p[1])) >= 0 &&
            (lo = hex_value((unsigned char)p[2])) >= 0) {
            out[n++] = (char)(hi << 4 | lo);
            p += 3;
            continue;
        }
        out[n++] = *p++;
    }
    return n;
}

/* The entity's body, decoded if it is in base64 or quoted-printable. */
static struct span
decoded_body(struct arena *a, const struct entity *en)
{
    struct span s = en->body;
    char *out;
    size_t n;

    if (en->cte == CTE_IDENTITY)
        return s;
    out = arena_alloc(a, (size_t)(s.e - s.p) + 1);
    if (en->cte == CTE_BASE64)
        n = b64_decode(s.p, s.e, out);
    else
        n = qp_decode(s.p, s.e, out);
    s.p = out;
    s.e = out + n;
    return s;
}

/*
 * Whether the line [s, te) is a delimiter of m (RFC 2046 5.1.1: "--",
 * the boundary, optionally "--" for the close delimiter, then only
 * white space): 1 a delimiter, 2 the close delimiter, 0 neither.
 */
static int
delimiter(const struct multipart *m, const char *s, const char *te)
{
    const char *q = s + 2 + m->blen;
    int close = 0;

    if ((size_t)(te - s) < 2 + m->blen || s[0] != '-' || s[1] != '-' ||
        memcmp(s + 2, m->b, m->blen) != 0)
        return 0;
    if (te - q >= 2 && q[0] == '-' && q[1] == '-') {
        close = 1;
        q += 2;
    }
    if (!is_blank(q, te))
        return 0;
    return close ? 2 : 1;
}

/* The first delimiter line of m at or after the line start s: its kind,
 * its start in *ds and the next line's in *dn; 0 if none before the end. */
static int
find_delimiter(const struct multipart *m, const char *s, const char **ds,
               const char **dn)
{
    while (s < m->end) {
        const char *le = line_end(s, m->end);
        int kind = delimiter(m, s, text_end(s, le));

        if (kind != 0) {
            *ds = s;
            *dn = after(le, m->end);
            return kind;
        }
        s = after(le, m->end);
    }
    return 0;
}

/*
 * The next body part of m: 1 with its bytes in *part, 0 when there are
 * no more. The preamble and the epilogue are not parts; the line break
 * before a delimiter belongs to the delimiter. Without a close delimiter
 * the last part runs to the end of the body.
 */
static int
next_part(struct multipart *m, struct span *part)
{
    const char *ds, *dn, *pe;
    int kind;

    if (m->done)
        return 0;
    if (!m->started) {
        kind = find_delimiter(m, m->p, &ds, &dn);
        if (kind != 1) {
            m->done = 1;
            return 0;
        }
        m->started = 1;
        m->p = dn;
    }
    part->p = m->p;
    kind = find_delimiter(m, m->p, &ds, &dn);
    if (kind == 0) {
        part->e = m->end;
        m->done = 1;
        return 1;
    }
    pe = ds;
    if (pe > m->p && pe[-1] == '\n') {
        pe--;
        if (pe > m->p && pe[-1] == '\r')
            pe--;
    }
    part->e = pe;
    if (kind == 2)
        m->done = 1;
    else
        m->p = dn;
    return 1;
}

/* Start splitting en, a multipart with a boundary, nested in depth
 * others; -1 past DSN_MAX_DEPTH. */
static int
start_multipart(struct parser *ps, const struct entity *en, int depth,
                struct multipart *m)
{
    if (depth >= DSN_MAX_DEPTH)
        return dun_err_set(ps->err, DUN_E_INPUT,
                           "multipart nested deeper than %d levels",
                           DSN_MAX_DEPTH);
    m->p = en->body.p;
    m->end = en->body.e;
    m->b = en->ct.boundary;
    m->blen = strlen(m->b);
    m->started = 0;
    m->done = 0;
    return 0;
}

/* The next part of m read as an entity: 1, 0 when there are no more, -1
 * past DSN_MAX_PARTS. */
static int
next_entity(struct parser *ps, struct multipart *m, int in_digest,
            struct entity *en)
{
    struct span part;

    if (!next_part(m, &part))
        return 0;
    if (++ps->parts > DSN_MAX_PARTS)
        return dun_err_set(ps->err, DUN_E_INPUT, "more than %d MIME parts",
                           DSN_MAX_PARTS);
    read_entity(ps->a, part.p, part.e, in_digest, en);
    return 1;
}

/* The text after a field's type ("smtp; 550 ..." gives "550 ..."), or
 * all of it if it names none. */
static const char *
after_type(struct arena *a, struct span v)
{
    const char *s = clean_text(a, v.p, v.e);
    const char *semi = strchr(s, ';');

    if (semi == NULL)
        return s;
    semi++;
    return *semi == ' ' ? semi + 1 : semi;
}

/* Decode RFC 6533's embedded-unicode-char, "\x{HHHH}" (two to six hex
 * digits), into UTF-8, in place. Anything else, and one that stands for
 * white space, a control character or no Unicode scalar value, stays as
 * written. */
static void
decode_unicode(char *s)
{
    char *o = s;

    while (*s != '\0') {
        unsigned long v = 0;
        int nd = 0;

        if (s[0] == '\\' && s[1] == 'x' && s[2] == '{') {
            while (nd < 7 && hex_value((unsigned char)s[3 + nd]) >= 0)
                v = v << 4 |
                    (unsigned long)hex_value((unsigned char)s[3 + nd++]);
            if (nd >= 2 && nd <= 6 && s[3 + nd] == '}' &&
                ((v > ' ' && v < 127) || (v >= 0xa0 && v <= 0x10ffff &&
                                          !(v >= 0xd800 && v <= 0xdfff)))) {
                if (v < 0x80) {
                    *o++ = (char)v;
                    s += 4 + nd;
                    continue;
                }
                if (v < 0x800) {
                    *o++ = (char)(0xc0 | v >> 6);
                } else if (v < 0x10000) {
                    *o++ = (char)(0xe0 | v >> 12);
                    *o++ = (char)(0x80 | (v >> 6 & 0x3f));
                } else {
                    *o++ = (char)(0xf0 | v >> 18);
                    *o++ = (char)(0x80 | (v >> 12 & 0x3f));
                    *o++ = (char)(0x80 | (v >> 6 & 0x3f));
                }
                *o++ = (char)(0x80 | (v & 0x3f));
                s += 4 + nd;
                continue;
            }
        }
        *o++ = *s++;
    }
    *o = '\0';
}

/*
 * The address of a recipient field, "address-type ; generic-address"
 * (RFC 3464 2.3.1, 2.3.2): comments and angle brackets dropped, the
 * domain (after the last '@') in lower case, RFC 6533's utf-8 type
 * decoded. A field with no ';' is read as an address alone.
 */
static const char *
address(struct arena *a, struct span v)
{
    const char *s = clean_text(a, v.p, v.e);
    const char *semi = strchr(s, ';');
    const char *lt, *gt, *at;
    char *out, *o;
    int utf8 = 0, quoted = 0, depth = 0;

    if (semi != NULL) {
        const char *t = s;
        const char *te = semi;

        while (te > t && te[-1] == ' ')
            te--;
        utf8 = ci_eq(t, (size_t)(te - t), "utf-8");
        s = semi + 1;
    }
    out = o = arena_alloc(a, strlen(s) + 1);
    for (; *s != '\0'; s++) {
        if (*s == '\\' && s[1] != '\0' && (quoted || depth > 0)) {
            if (depth == 0) {
                *o++ = *s++;
                *o++ = *s;
            } else {
                s++;
            }
            continue;
        }
        if (depth == 0 && *s == '"')
            quoted = !quoted;
        if (!quoted && *s == '(')
            depth++;
        if (depth == 0)
            *o++ = *s;
        if (!quoted && *s == ')' && depth > 0)
            depth--;
    }
    *o = '\0';
    if ((lt = strchr(out, '<')) != NULL && (gt = strchr(lt, '>')) != NULL) {
        memmove(out, lt + 1, (size_t)(gt - lt - 1));
        out[gt - lt - 1] = '\0';
    }
    for (o = out; *o == ' '; o++)
        ;
    memmove(out, o, strlen(o) + 1);
    for (o = out + strlen(out); o > out && o[-1] == ' '; o--)
        ;
    *o = '\0';
    if (utf8)
        decode_unicode(out);
    if ((at = strrchr(out, '@')) != NULL)
        for (o = out + (at - out); *o != '\0'; o++)
            *o = (char)lower((unsigned char)*o);
    return out;
}

/* RFC 3464 2.3.3: the action, one of five words. */
static const char *
action(struct span v)
{
    static const char *const words[] = { "failed", "delayed", "delivered",
                                         "relayed", "expanded" };
    const char *p = v.p, *q;

    while (p < v.e && (is_wsp(*p) || *p == '\r' || *p == '\n'))
        p++;
    for (q = p; q < v.e && ((lower((unsigned char)*q) >= 'a' &&
                             lower((unsigned char)*q) <= 'z') ||
                            *q == '-');
         q++)
        ;
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (ci_eq(p, (size_t)(q - p), words[i]))
            return words[i];
    return empty;
}

/* Up to three digits at *p; 0 if there are none. */
static int
digits(const char **p, const char *e)
{
    const char *q = *p;

    while (q < e && q - *p < 3 && *q >= '0' && *q <= '9')
        q++;
    if (q == *p)
        return 0;
    *p = q;
    return 1;
}

/* RFC 3464 2.3.4, RFC 3463 2: class "." subject "." detail, the class 2,
 * 4 or 5, subject and detail one to three digits; a comment may follow. */
static const char *
status(struct arena *a, struct span v)
{
    const char *s = clean_text(a, v.p, v.e);
    const char *e = s + strlen(s);
    const char *p = s + 1;

    if (*s != '2' && *s != '4' && *s != '5')
        return empty;
    if (p >= e || *p++ != '.' || !digits(&p, e) || p >= e || *p++ != '.' ||
        !digits(&p, e))
        return empty;
    if (p < e && ((*p >= '0' && *p <= '9') || *p == '.'))
        return empty;
    return arena_strndup(a, s, (size_t)(p - s));
}

/* RFC 5322 3.6.4: the id of a Message-ID field, without the angle
 * brackets and any white space folded into it; "" if it holds none. It
 * never holds white space, a control character, '<' or '>'. */
static const char *
message_id(struct arena *a, struct span v)
{
    const char *lt = memchr(v.p, '<', (size_t)(v.e - v.p));
    const char *gt;
    char *out, *o;

    if (lt == NULL) {
        const char *s = clean_text(a, v.p, v.e);

        return strpbrk(s, " ()<>") == NULL ? s : empty;
    }
    gt = memchr(lt, '>', (size_t)(v.e - lt));
    if (gt == NULL)
        return empty;
    out = o = arena_alloc(a, (size_t)(gt - lt));
    for (const char *p = lt + 1; p < gt; p++)
        if ((unsigned char)*p > ' ' && *p != 127)
            *o++ = *p;
    *o = '\0';
    /* "<a<b>": no id, rather than one dun could never have sent. */
    return strchr(out, '<') == NULL ? out : empty;
}

/* The Message-ID of the returned message or header block. */
static const char *
returned_message_id(struct arena *a, const struct entity *en)
{
    struct span body = decoded_body(a, en);
    const char *p = body.p;
    struct field f;

    while (next_field(&p, body.e, &f))
        if (name_is(&f, "Message-ID"))
            return message_id(a, f.val);
    return empty;
}

enum {
    F_FINAL,
    F_ORIGINAL,
    F_ACTION,
    F_STATUS,
    F_DIAGNOSTIC,
    F_ENVID,
    F_MTA,
    F_COUNT,
};

static const char *const field_names[F_COUNT] = {
    "Final-Recipient", "Original-Recipient",   "Action",        "Status",
    "Diagnostic-Code", "Original-Envelope-Id", "Reporting-MTA",
};

/* One group of fields [p, e) of the delivery-status body. */
static void
read_group(struct arena *a, const char *p, const char *e, struct dsn *d,
           int *have_message_fields)
{
    struct span got[F_COUNT];
    struct field f;

    for (int i = 0; i < F_COUNT; i++)
        got[i].p = got[i].e = NULL;
    while (next_field(&p, e, &f))
        for (int i = 0; i < F_COUNT; i++)
            if (got[i].p == NULL && name_is(&f, field_names[i])) {
                got[i] = f.val;
                break;
            }
    if (got[F_FINAL].p != NULL || got[F_ORIGINAL].p != NULL) {
        struct dsn_recipient *r;

        if (d->nrcpt == DSN_MAX_RECIPIENTS) {
            d->nrcpt_dropped++;
            return;
        }
        r = &d->rcpt[d->nrcpt++];
        if (got[F_ORIGINAL].p != NULL)
            r->original_recipient = address(a, got[F_ORIGINAL]);
        if (got[F_FINAL].p != NULL)
            r->final_recipient = address(a, got[F_FINAL]);
        if (r->final_recipient[0] == '\0')
            r->final_recipient = r->original_recipient;
        if (got[F_ACTION].p != NULL)
            r->action = action(got[F_ACTION]);
        if (got[F_STATUS].p != NULL)
            r->status = status(a, got[F_STATUS]);
        if (got[F_DIAGNOSTIC].p != NULL)
            r->diagnostic = after_type(a, got[F_DIAGNOSTIC]);
        return;
    }
    if (*have_message_fields ||
        (got[F_ENVID].p == NULL && got[F_MTA].p == NULL))
        return;
    *have_message_fields = 1;
    if (got[F_ENVID].p != NULL)
        d->original_envelope_id = clean_text(a, got[F_ENVID].p, got[F_ENVID].e);
    if (got[F_MTA].p != NULL)
        d->reporting_mta = after_type(a, got[F_MTA]);
}

/*
 * RFC 3464 2.1: the per-message fields, then per-recipient fields, each
 * group ending at a blank line. Groups are told apart by what they hold
 * rather than by their place, and lines of white space only count as
 * blank, so that reports a little off the grammar still read.
 */
static int
read_status(struct parser *ps, const struct entity *en, struct dsn *d)
{
    struct span body = decoded_body(ps->a, en);
    const char *p = body.p;
    int have_message_fields = 0;

    while (p < body.e) {
        const char *start;

        for (;;) {
            const char *le = line_end(p, body.e);

            if (p == body.e || !is_blank(p, text_end(p, le)))
                break;
            p = after(le, body.e);
        }
        start = p;
        while (p < body.e) {
            const char *le = line_end(p, body.e);

            if (is_blank(p, text_end(p, le)))
                break;
            p = after(le, body.e);
        }
        if (start < p)
            read_group(ps->a, start, p, d, &have_message_fields);
    }
    if (d->nrcpt == 0)
        return dun_err_set(ps->err, DUN_E_INPUT,
                           "delivery-status part without a recipient");
    return 0;
}

static int
is_status_part(const struct entity *en)
{
    return ctype_is(&en->ct, "message", "delivery-status") ||
           ctype_is(&en->ct, "message", "global-delivery-status");
}

/* RFC 6522 3, RFC 6533 6: what a report returns of the message. */
static int
is_returned_part(const struct entity *en)
{
    return ctype_is(&en->ct, "message", "rfc822") ||
           ctype_is(&en->ct, "text", "rfc822-headers") ||
           ctype_is(&en->ct, "message", "global") ||
           ctype_is(&en->ct, "message", "global-headers");
}

/*
 * en is a multipart/report nested in depth multiparts: read it if it is
 * a delivery status notification (1), else 0; -1 if it says it is one
 * but is not.
 */
static int
read_report(struct parser *ps, const struct entity *en, int depth,
            struct dsn *d)
{
    const char *rt = en->ct.report_type;
    int says = strcmp(rt, "delivery-status") == 0 ||
               strcmp(rt, "global-delivery-status") == 0;
    struct entity part, status_part, returned;
    int have_status = 0, have_returned = 0;
    struct multipart m = { 0 };
    int rc;

    if (!says && rt[0] != '\0')
        return 0; /* a read receipt (RFC 8098), an abuse report ... */
    if (en->ct.boundary == NULL)
        return says ? dun_err_set(ps->err, DUN_E_INPUT,
                                  "multipart/report without a boundary")
                    : 0;
    if (start_multipart(ps, en, depth, &m) < 0)
        return -1;
    while ((rc = next_entity(ps, &m, 0, &part)) == 1) {
        if (!have_status && is_status_part(&part)) {
            status_part = part;
            have_status = 1;
        } else if (!have_returned && is_returned_part(&part)) {
            returned = part;
            have_returned = 1;
        }
    }
    if (rc < 0)
        return -1;
    if (!have_status)
        return says ? dun_err_set(ps->err, DUN_E_INPUT,
                                  "delivery-status report without a "
                                  "message/delivery-status part")
                    : 0;
    d->is_dsn = 1;
    if (read_status(ps, &status_part, d) < 0)
        return -1;
    if (have_returned)
        d->original_message_id = returned_message_id(ps->a, &returned);
    return 1;
}

/* Look for the report in en and the multiparts within it, depth first;
 * en is nested in depth multiparts. 1 found and read, 0 none, -1 error. */
static int
find_report(struct parser *ps, const struct entity *en, int depth,
            struct dsn *d)
{
    struct entity part;
    struct multipart m = { 0 };
    int rc;

    if (strcmp(en->ct.type, "multipart") != 0)
        return 0;
    if (strcmp(en->ct.subtype, "report") == 0)
        return read_report(ps, en, depth, d);
    if (en->ct.boundary == NULL)
        return 0;
    if (start_multipart(ps, en, depth, &m) < 0)
        return -1;
    while ((rc = next_entity(ps, &m, strcmp(en->ct.subtype, "digest") == 0,
                             &part)) == 1)
        if ((rc = find_report(ps, &part, depth + 1, d)) != 0)
            return rc;
    return rc;
}

int
dsn_parse(const char *msg, size_t len, struct dsn *out, struct arena *a,
          struct dun_err *err)
{
    struct parser ps = { a, err, 0 };
    struct entity top;
    struct dsn d;
    const char *end = msg + len;
    const char *name_end;

    if (len > DSN_MAX_SIZE)
        return dun_err_set(err, DUN_E_INPUT, "message larger than %u bytes",
                           DSN_MAX_SIZE);
    if (len == 0)
        return dun_err_set(err, DUN_E_INPUT, "empty message");
    if (field_colon(msg, text_end(msg, line_end(msg, end)), &name_end) == NULL)
        return dun_err_set(err, DUN_E_INPUT,
                           "not a message: the first line is no header "
                           "field");
    memset(&d, 0, sizeof(d));
    d.original_message_id = d.original_envelope_id = d.reporting_mta = empty;
    for (size_t i = 0; i < DSN_MAX_RECIPIENTS; i++) {
        struct dsn_recipient *r = &d.rcpt[i];

        r->final_recipient = r->original_recipient = empty;
        r->action = r->status = r->diagnostic = empty;
    }
    read_entity(a, msg, end, 0, &top);
    if (find_report(&ps, &top, 0, &d) < 0)
        return -1;
    *out = d;
    return 0;
}
