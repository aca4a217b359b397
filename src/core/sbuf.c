/*
 * sbuf.c - growable string. Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/xalloc.h"

char sbuf_empty[1];

void
sbuf_init(struct sbuf *sb, size_t max)
{
    sb->buf = sbuf_empty;
    sb->len = 0;
    sb->cap = 0;
    sb->max = max;
}

static int
grow(struct sbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    size_t cap;

    if (need <= sb->len) /* wrapped around */
        return -1;
    if (sb->max && need - 1 > sb->max)
        return -1;
    if (need <= sb->cap)
        return 0;
    cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap * 2 > cap ? cap * 2 : need;
    if (sb->cap == 0) {
        sb->buf = xmalloc(cap);
        sb->buf[0] = '\0';
    } else {
        sb->buf = xrealloc(sb->buf, cap);
    }
    sb->cap = cap;
    return 0;
}

int
sbuf_reserve(struct sbuf *sb, size_t extra)
{
    return grow(sb, extra);
}

int
sbuf_add_grow(struct sbuf *sb, const void *p, size_t n)
{
    if (grow(sb, n) < 0)
        return -1;
    if (n)
        memcpy(sb->buf + sb->len, p, n);
    sb->len += n;
    if (sb->cap)
        sb->buf[sb->len] = '\0';
    return 0;
}

int
sbuf_addstr(struct sbuf *sb, const char *s)
{
    return sbuf_add(sb, s, strlen(s));
}

int
sbuf_addch(struct sbuf *sb, char c)
{
    /* The common case, room to spare and no cap in reach, inline. */
    if (sb->len + 2 <= sb->cap && (sb->max == 0 || sb->len < sb->max)) {
        sb->buf[sb->len++] = c;
        sb->buf[sb->len] = '\0';
        return 0;
    }
    return sbuf_add(sb, &c, 1);
}

int
sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0 || grow(sb, (size_t)n) < 0)
        return -1;
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
    return 0;
}

int
sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = sbuf_vaddf(sb, fmt, ap);
    va_end(ap);
    return rc;
}

const unsigned char json_special[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
    [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
    [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* The escape in a JSON string of c, a byte json_special marks; esc (7
 * bytes) holds it if it is not a literal. */
static const char *
json_escape(unsigned char c, char esc[7])
{
    static const char hex[] = "0123456789abcdef";

    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default:
        memcpy(esc, "\\u00", 4);
        esc[4] = hex[c >> 4];
        esc[5] = hex[c & 15];
        esc[6] = '\0';
        return esc;
    }
}

int
sbuf_add_json_str(struct sbuf *sb, const char *s, size_t n)
{
    size_t len = sb->len, run = 0;

    /* Characters that stand for themselves go in as runs. */
    for (size_t i = 0; i < n; i++) {
        char buf[7];
        const char *esc;

        i += json_plain_prefix(s + i, n - i);
        if (i == n)
            break;
        esc = json_escape((unsigned char)s[i], buf);
        if (sbuf_add(sb, s + run, i - run) < 0 ||
            sbuf_addstr(sb, esc) < 0)
            goto full;
        run = i + 1;
    }
    if (sbuf_add(sb, s + run, n - run) == 0)
        return 0;
full:
    /* All or nothing: no half-escaped string at the cap. */
    sb->len = len;
    if (sb->cap)
        sb->buf[len] = '\0';
    return -1;
}

void
sbuf_reset(struct sbuf *sb)
{
    sb->len = 0;
    if (sb->cap)
        sb->buf[0] = '\0';
}

void
sbuf_release(struct sbuf *sb)
{
    if (sb->cap)
        free(sb->buf);
    sbuf_init(sb, sb->max);
}

char *
sbuf_detach(struct sbuf *sb, size_t *len)
{
    char *p = sb->cap ? sb->buf : xstrdup("");

    if (len)
        *len = sb->len;
    sbuf_init(sb, sb->max);
    return p;
}

size_t
str_join(char *out, size_t size, const char *const parts[])
{
    size_t len = 0;

    for (; *parts; parts++) {
        size_t n = strlen(*parts);

        if (len < size - 1)
            memcpy(out + len, *parts,
                   n < size - 1 - len ? n : size - 1 - len);
        len += n;
    }
    out[len < size - 1 ? len : size - 1] = '\0';
    return len;
}
