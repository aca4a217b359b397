/*
 * json.c - strict recursive-descent JSON reader (RFC 8259) building a value
 * tree. Pure: no I/O.
 *
 * Recursion is bounded by JSON_MAX_DEPTH, memory by JSON_MAX_INPUT and
 * JSON_MAX_VALUES; line and column are worked out only when reporting an
 * error, so the happy path does no bookkeeping for them.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "render/json.h"

struct json_parser {
    struct arena *arena;
    const char *name;
    const unsigned char *start; /* after any byte order mark */
    const unsigned char *p;
    const unsigned char *end;
    size_t nvalues;
    struct sbuf str; /* scratch for decoding one string */
    struct dun_err *err;
};

static int fail(struct json_parser *jp, const unsigned char *at,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "NAME:LINE:COL: reason" for the byte at at. */
static int
fail(struct json_parser *jp, const unsigned char *at, const char *fmt, ...)
{
    char reason[128];
    size_t line = 1;
    const unsigned char *bol = jp->start;
    va_list ap;

    for (const unsigned char *q = jp->start; q < at; q++)
        if (*q == '\n') {
            line++;
            bol = q + 1;
        }
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    return dun_err_set(jp->err, DUN_E_INPUT, "%s:%zu:%zu: %s", jp->name, line,
                       (size_t)(at - bol) + 1, reason);
}

/* An error for an unexpected byte at p, or for the end of the input. */
static int
fail_unexpected(struct json_parser *jp, const unsigned char *p,
                const char *what)
{
    if (p == jp->end)
        return fail(jp, p, "unexpected end of input%s", what);
    if (*p >= 0x20 && *p < 0x7f)
        return fail(jp, p, "unexpected character '%c'%s", *p, what);
    return fail(jp, p, "unexpected byte 0x%02x%s", *p, what);
}

static void
skip_space(struct json_parser *jp)
{
    while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
                               *jp->p == '\n' || *jp->p == '\r'))
        jp->p++;
}

static int parse_value(struct json_parser *jp, int depth, struct value **out);

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0. */
static size_t
utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
    size_t n = (size_t)(end - p);
    unsigned char lo = 0x80, hi = 0xbf;
    size_t len;

    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        len = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        len = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        len = 4;
    else
        return 0;
    if (n < len)
        return 0;
    /* The second byte's range is what rules out the bad forms. */
    if (p[0] == 0xe0)
        lo = 0xa0;
    else if (p[0] == 0xed)
        hi = 0x9f;
    else if (p[0] == 0xf0)
        lo = 0x90;
    else if (p[0] == 0xf4)
        hi = 0x8f;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    return len;
}

static int
hex4(const unsigned char *p, const unsigned char *end, unsigned *out)
{
    unsigned v = 0;

    if (end - p < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];

        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static int
add_utf8(struct sbuf *sb, unsigned cp)
{
    char b[4];
    size_t n;

    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return sbuf_add(sb, b, n);
}

/* \uXXXX at jp->p (on the backslash), a surrogate pair taking two. */
static int
parse_u_escape(struct json_parser *jp)
{
    const unsigned char *at = jp->p;
    unsigned cp, lo;

    if (hex4(at + 2, jp->end, &cp) < 0)
        return fail(jp, at, "invalid \\u escape");
    jp->p += 6;
    if (cp >= 0xdc00 && cp <= 0xdfff)
        return fail(jp, at, "lone low surrogate \\u%04x", cp);
    if (cp >= 0xd800 && cp <= 0xdbff) {
        /* RFC 8259 section 7: outside the BMP, a UTF-16 surrogate pair */
        if (jp->end - jp->p < 2 || jp->p[0] != '\\' || jp->p[1] != 'u' ||
            hex4(jp->p + 2, jp->end, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
            return fail(jp, at, "lone high surrogate \\u%04x", cp);
        jp->p += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    if (add_utf8(&jp->str, cp) < 0)
        return fail(jp, at, "string too long");
    return 0;
}

/* One escape sequence at jp->p (on the backslash). */
static int
parse_escape(struct json_parser *jp)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    const unsigned char *at = jp->p;
    const char *e;

    if (at + 1 == jp->end)
        return 1; /* the caller reports the unterminated string */
    if (at[1] == 'u')
        return parse_u_escape(jp);
    e = at[1] ? strchr(from, at[1]) : NULL;
    if (e == NULL) {
        if (at[1] >= 0x20 && at[1] < 0x7f)
            return fail(jp, at, "invalid escape '\\%c'", at[1]);
        return fail(jp, at, "invalid escape");
    }
    jp->p += 2;
    if (sbuf_addch(&jp->str, to[e - from]) < 0)
        return fail(jp, at, "string too long");
    return 0;
}

/* The string at jp->p (on its opening quote), decoded into jp->str. */
static int
parse_string(struct json_parser *jp)
{
    const unsigned char *open = jp->p;

    sbuf_reset(&jp->str);
    jp->p++;
    for (;;) {
        const unsigned char *run = jp->p;
        size_t n;
        int rc;

        while (jp->p < jp->end && *jp->p >= 0x20 && *jp->p < 0x80 &&
               *jp->p != '"' && *jp->p != '\\')
            jp->p++;
        if (sbuf_add(&jp->str, run, (size_t)(jp->p - run)) < 0)
            return fail(jp, open, "string too long");
        if (jp->p == jp->end)
            return fail(jp, open, "unterminated string");
        if (*jp->p == '"') {
            jp->p++;
            return 0;
        }
        if (*jp->p == '\\') {
            if ((rc = parse_escape(jp)) < 0)
                return -1;
            if (rc > 0)
                return fail(jp, open, "unterminated string");
            continue;
        }
        if (*jp->p < 0x20)
            return fail(jp, jp->p,
                        "unescaped control character 0x%02x in string", *jp->p);
        if ((n = utf8_seq_len(jp->p, jp->end)) == 0)
            return fail(jp, jp->p, "invalid UTF-8 in string");
        if (sbuf_add(&jp->str, jp->p, n) < 0)
            return fail(jp, open, "string too long");
        jp->p += n;
    }
}

static bool
is_digit(const unsigned char *p, const unsigned char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

/* RFC 8259 section 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int
parse_number(struct json_parser *jp, struct value **out)
{
    const unsigned char *start = jp->p, *p = jp->p, *end = jp->end;

    if (p < end && *p == '-')
        p++;
    if (!is_digit(p, end))
        return fail(jp, start, "invalid number");
    if (*p == '0') {
        p++;
        if (is_digit(p, end))
            return fail(jp, start, "invalid number: leading zero");
    } else {
        while (is_digit(p, end))
            p++;
    }
    if (p < end && *p == '.') {
        p++;
        if (!is_digit(p, end))
            return fail(jp, start, "invalid number: no digit after '.'");
        while (is_digit(p, end))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (!is_digit(p, end))
            return fail(jp, start, "invalid number: no digit in exponent");
        while (is_digit(p, end))
            p++;
    }
    jp->p = p;
    *out =
        value_number_text(jp->arena, (const char *)start, (size_t)(p - start));
    return 0;
}

static int
parse_literal(struct json_parser *jp, struct value **out)
{
    static const struct {
        const char *word;
        size_t len;
    } words[] = { { "true", 4 }, { "false", 5 }, { "null", 4 } };

    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if ((size_t)(jp->end - jp->p) < words[i].len ||
            memcmp(jp->p, words[i].word, words[i].len) != 0)
            continue;
        jp->p += words[i].len;
        *out = i == 2 ? value_null(jp->arena) : value_bool(jp->arena, i == 0);
        return 0;
    }
    if (*jp->p == 't' || *jp->p == 'f' || *jp->p == 'n')
        return fail(jp, jp->p, "invalid literal");
    return fail_unexpected(jp, jp->p, "");
}

static int
parse_array(struct json_parser *jp, int depth, struct value **out)
{
    struct value *list = value_list_new(jp->arena);
    struct value *item;

    jp->p++;
    skip_space(jp);
    if (jp->p < jp->end && *jp->p == ']') {
        jp->p++;
        *out = list;
        return 0;
    }
    for (;;) {
        if (parse_value(jp, depth, &item) < 0)
            return -1;
        value_list_push(list, item);
        skip_space(jp);
        if (jp->p < jp->end && *jp->p == ',') {
            jp->p++;
            continue;
        }
        if (jp->p < jp->end && *jp->p == ']')
            break;
        return fail_unexpected(jp, jp->p, ", expected ',' or ']'");
    }
    jp->p++;
    *out = list;
    return 0;
}

static int
parse_object(struct json_parser *jp, int depth, struct value **out)
{
    struct value *map = value_map_new(jp->arena);
    struct value *item;

    jp->p++;
    skip_space(jp);
    if (jp->p < jp->end && *jp->p == '}') {
        jp->p++;
        *out = map;
        return 0;
    }
    for (;;) {
        const unsigned char *key_at;
        char *key;
        size_t keylen;

        skip_space(jp);
        if (jp->p == jp->end || *jp->p != '"')
            return fail_unexpected(jp, jp->p, ", expected a string key");
        key_at = jp->p;
        if (parse_string(jp) < 0)
            return -1;
        /* The scratch buffer is reused by the value's own strings. */
        keylen = jp->str.len;
        key = arena_strndup(jp->arena, jp->str.buf, keylen);
        if (value_map_get(map, key, keylen) != NULL)
            return fail(jp, key_at, "duplicate key");
        skip_space(jp);
        if (jp->p == jp->end || *jp->p != ':')
            return fail_unexpected(jp, jp->p, ", expected ':'");
        jp->p++;
        if (parse_value(jp, depth, &item) < 0)
            return -1;
        value_map_setn(map, key, keylen, item);
        skip_space(jp);
        if (jp->p < jp->end && *jp->p == ',') {
            jp->p++;
            continue;
        }
        if (jp->p < jp->end && *jp->p == '}')
            break;
        return fail_unexpected(jp, jp->p, ", expected ',' or '}'");
    }
    jp->p++;
    *out = map;
    return 0;
}

/* One value at jp->p, after optional whitespace; depth counts the arrays
 * and objects around it. */
static int
parse_value(struct json_parser *jp, int depth, struct value **out)
{
    skip_space(jp);
    if (jp->p == jp->end)
        return fail_unexpected(jp, jp->p, "");
    if (++jp->nvalues > JSON_MAX_VALUES)
        return fail(jp, jp->p, "more than %u values", JSON_MAX_VALUES);
    if (*jp->p == '{' || *jp->p == '[') {
        if (depth >= JSON_MAX_DEPTH)
            return fail(jp, jp->p, "nested deeper than %d", JSON_MAX_DEPTH);
        return *jp->p == '{' ? parse_object(jp, depth + 1, out)
                             : parse_array(jp, depth + 1, out);
    }
    if (*jp->p == '"') {
        if (parse_string(jp) < 0)
            return -1;
        *out = value_str(jp->arena, jp->str.buf, jp->str.len);
        return 0;
    }
    if (*jp->p == '-' || is_digit(jp->p, jp->end))
        return parse_number(jp, out);
    return parse_literal(jp, out);
}

int
json_parse(struct arena *a, const char *name, const char *text, size_t len,
           struct value **out, struct dun_err *err)
{
    struct json_parser jp;
    struct value *root;
    int rc = -1;

    if (len > JSON_MAX_INPUT)
        return dun_err_set(err, DUN_E_INPUT, "%s: input larger than %u bytes",
                           name, JSON_MAX_INPUT);
    jp.arena = a;
    jp.name = name;
    jp.start = (const unsigned char *)text;
    jp.end = jp.start + len;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        jp.start += 3;
    jp.p = jp.start;
    jp.nvalues = 0;
    jp.err = err;
    sbuf_init(&jp.str, JSON_MAX_INPUT);
    if (parse_value(&jp, 0, &root) < 0)
        goto out;
    skip_space(&jp);
    if (jp.p != jp.end) {
        fail_unexpected(&jp, jp.p, " after the value");
        goto out;
    }
    *out = root;
    rc = 0;
out:
    sbuf_release(&jp.str);
    return rc;
}

/* Whether none of s's len bytes needs escaping in a JSON string. */
static int
clean(const char *s, size_t len)
{
    return json_plain_prefix(s, len) == len;
}

/* Room for n more bytes (and the NUL) at the end of out: where they go,
 * or NULL if out may not grow so far. */
static char *
room(struct sbuf *out, size_t n)
{
    if ((out->cap == 0 || out->cap - out->len <= n) &&
        sbuf_reserve(out, n) < 0)
        return NULL;
    return out->buf + out->len;
}

/* n bytes written at room()'s pointer: count them, end with the NUL. */
static void
wrote(struct sbuf *out, size_t n)
{
    out->len += n;
    out->buf[out->len] = '\0';
}

static char *
put_quoted(char *p, const char *s, size_t len)
{
    *p++ = '"';
    memcpy(p, s, len);
    p += len;
    *p++ = '"';
    return p;
}

/* s as a JSON string, escaped as it needs. */
static void
write_string(struct sbuf *out, const char *s, size_t len)
{
    char *p;

    if (clean(s, len) && (p = room(out, len + 2)) != NULL) {
        wrote(out, (size_t)(put_quoted(p, s, len) - p));
        return;
    }
    sbuf_addch(out, '"');
    sbuf_add_json_str(out, s, len);
    sbuf_addch(out, '"');
}

/* One member of a map: "key":value, after a comma unless first. A run
 * writes each message's data (a few KB, mostly short strings with
 * nothing to escape): such a member goes in with one check of room and
 * two copies. */
static void
write_member(struct sbuf *out, const struct value_member *m, int first)
{
    const struct value *v = m->value;
    size_t comma = first ? 0 : 1;
    char *p;

    if (v && v->type == VALUE_STRING && clean(m->key, m->keylen) &&
        clean(v->u.text.ptr, v->u.text.len) &&
        (p = room(out, comma + m->keylen + v->u.text.len + 5)) != NULL) {
        char *q = p;

        if (comma)
            *q++ = ',';
        q = put_quoted(q, m->key, m->keylen);
        *q++ = ':';
        q = put_quoted(q, v->u.text.ptr, v->u.text.len);
        wrote(out, (size_t)(q - p));
        return;
    }
    if (comma)
        sbuf_addch(out, ',');
    write_string(out, m->key, m->keylen);
    sbuf_addch(out, ':');
    json_write(v, out);
}

void
json_write(const struct value *v, struct sbuf *out)
{
    switch (v ? v->type : VALUE_NULL) {
    case VALUE_NULL:
        sbuf_addstr(out, "null");
        break;
    case VALUE_BOOL:
        sbuf_addstr(out, v->u.boolean ? "true" : "false");
        break;
    case VALUE_NUMBER:
        sbuf_add(out, v->u.text.ptr, v->u.text.len);
        break;
    case VALUE_STRING:
        write_string(out, v->u.text.ptr, v->u.text.len);
        break;
    case VALUE_LIST:
        sbuf_addch(out, '[');
        for (size_t i = 0; i < v->u.list.len; i++) {
            if (i)
                sbuf_addch(out, ',');
            json_write(v->u.list.items[i], out);
        }
        sbuf_addch(out, ']');
        break;
    case VALUE_MAP:
        sbuf_addch(out, '{');
        for (size_t i = 0; i < v->u.map.len; i++)
            write_member(out, &v->u.map.members[i], i == 0);
        sbuf_addch(out, '}');
        break;
    }
}
