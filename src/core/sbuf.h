/*
 * sbuf.h - growable, NUL-terminated byte string with a growth cap.
 *
 * Pure: no I/O. Input-fed buffers set a cap so that hostile input fails
 * cleanly (sbuf_add returns -1) instead of eating the heap.
 */
#ifndef DUN_CORE_SBUF_H
#define DUN_CORE_SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sbuf {
    char *buf;  /* never NULL, always NUL-terminated */
    size_t len; /* bytes in use, NUL not counted */
    size_t cap; /* bytes allocated; 0 while buf points at a static "" */
    size_t max; /* growth cap in bytes, 0 = unbounded */
};

#define SBUF_INIT {sbuf_empty, 0, 0, 0}
extern char sbuf_empty[1];

void sbuf_init(struct sbuf *sb, size_t max);
/* Room for extra more bytes and the NUL at buf[len] (to write into
 * directly, then set len); -1 if that would pass max. */
int sbuf_reserve(struct sbuf *sb, size_t extra);
/* Append n bytes; -1 (and sb unchanged) if that would pass max. p must
 * not point into sb itself (growth may move it). Inline when they fit
 * (a template's render appends millions of short pieces): else
 * sbuf_add_grow. */
int sbuf_add_grow(struct sbuf *sb, const void *p, size_t n);
static inline int
sbuf_add(struct sbuf *sb, const void *p, size_t n)
{
    if (n < sb->cap - sb->len && (sb->max == 0 || n <= sb->max - sb->len)) {
        if (n) /* p may be NULL then */
            memcpy(sb->buf + sb->len, p, n);
        sb->len += n;
        sb->buf[sb->len] = '\0';
        return 0;
    }
    return sbuf_add_grow(sb, p, n);
}
int sbuf_addstr(struct sbuf *sb, const char *s);
int sbuf_addch(struct sbuf *sb, char c);
int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Append s as the inside of a JSON string (quotes not included). */
int sbuf_add_json_str(struct sbuf *sb, const char *s, size_t n);
/* 1 for the bytes a JSON string cannot hold as they are: '"', '\\' and
 * the controls below 0x20. */
extern const unsigned char json_special[256];

/* How many of s's first n bytes go into a JSON string as they are (up to
 * the first '"', '\\' or control character). Inline: a run's JSON writer
 * asks it of every key and value. */
static inline size_t
json_plain_prefix(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;

    /* Eight bytes at a time: a byte below 0x20, or one that XORs to zero
     * with '"' or '\\'. Bytes from 0x80 on (UTF-8) never match: each
     * test keeps only bits whose byte was below 0x80. */
    for (uint64_t w, q, b; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        q = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        if ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
             ((b - ones) & ~b)) & highs)
            break;
    }
    while (i < n && !json_special[(unsigned char)s[i]])
        i++;
    return i;
}
void sbuf_reset(struct sbuf *sb); /* len = 0, keeps memory */
void sbuf_release(struct sbuf *sb); /* free; usable again */
/* Hand the buffer to the caller (caller frees); sb is empty again. */
char *sbuf_detach(struct sbuf *sb, size_t *len);

/* The strings of parts (up to a NULL) one after another in out, a fixed
 * buffer of size bytes (size > 0), NUL-terminated and cut short if they
 * do not fit: snprintf(out, size, "%s%s%s", ...) without parsing a
 * format, for keys a run joins thousands of times. Returns the length
 * of the whole join; size or more means it was cut. */
size_t str_join(char *out, size_t size, const char *const parts[]);

#endif
