/*
 * utf8.h - decoding UTF-8 and the display width of text, as a terminal
 * or a monospaced text column shows it (plain-text tables line up by it).
 *
 * Pure: no I/O, no state; widths come from ICU's character properties.
 */
#ifndef DUN_RENDER_UTF8_H
#define DUN_RENDER_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the UTF-8 sequence at s (n > 0 bytes): its length in bytes, with
 * *cp set to the code point, or to -1 for ill-formed input (the length is
 * then that of the maximal subpart, at least 1).
 */
size_t utf8_next(const unsigned char *s, size_t n, int32_t *cp);

/* Columns n bytes of text take: marks and format characters none, East
 * Asian wide characters and emoji two, the rest one; ill-formed bytes
 * none. */
size_t utf8_width(const char *s, size_t n);

/* Have ICU load the character properties utf8_width reads (it builds
 * some, the emoji ones, on first use): before threads that measure text
 * start, so that they only read them. */
void utf8_prepare(void);

#endif
