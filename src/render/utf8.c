/*
 * utf8.c - decoding UTF-8 and the display width of text; see utf8.h.
 */
#include <string.h>
#include <unicode/uchar.h>

#include "render/utf8.h"

/*
 * Decode the UTF-8 sequence at s (n > 0 bytes): its length, with *cp set.
 * For ill-formed input, *cp = -1 and the length of the maximal subpart
 * (at least 1 byte), the unit that Unicode's "U+FFFD substitution of
 * maximal subparts" replaces (Unicode 15, section 3.9). RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF.
 */
size_t
utf8_next(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t len;
    int32_t v;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
        v = s[0] & 0x1f;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        v = s[0] & 0x0f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        v = s[0] & 0x07;
    } else {
        *cp = -1;
        return 1;
    }
    /* The second byte's range is what rules out the bad forms. */
    if (s[0] == 0xe0)
        lo = 0xa0;
    else if (s[0] == 0xed)
        hi = 0x9f;
    else if (s[0] == 0xf0)
        lo = 0x90;
    else if (s[0] == 0xf4)
        hi = 0x8f;
    for (size_t i = 1; i < len; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *cp = -1;
            return i;
        }
        v = v << 6 | (s[i] & 0x3f);
        lo = 0x80;
        hi = 0xbf;
    }
    *cp = v;
    return len;
}

/*
 * Columns a terminal gives cp, after prev (the previous code point, or -1;
 * *ri counts the regional indicators just before). Marks, format
 * characters (the zero-width joiner, U+200B) and variation selectors take
 * none; East Asian Wide and Fullwidth characters and emoji with
 * Emoji_Presentation take two. A pictograph joined by U+200D, an emoji
 * modifier (skin tone) after its base and the second regional indicator
 * of a flag draw into the glyph before them: none.
 */
static size_t
cp_width(int32_t cp, int32_t prev, size_t *ri)
{
    int gc, eaw;

    if (cp >= 0x1f1e6 && cp <= 0x1f1ff) { /* regional indicator */
        if ((*ri)++ % 2)
            return 0;
        return 2;
    }
    *ri = 0;
    if (cp < 0x7f)
        return 1; /* ASCII: escaped controls never get here */
    gc = u_getIntPropertyValue(cp, UCHAR_GENERAL_CATEGORY);
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK ||
        gc == U_FORMAT_CHAR)
        return 0;
    /* Hangul medial vowels and final consonants join the syllable. */
    switch (u_getIntPropertyValue(cp, UCHAR_HANGUL_SYLLABLE_TYPE)) {
    case U_HST_VOWEL_JAMO:
    case U_HST_TRAILING_JAMO:
        return 0;
    default:
        break;
    }
    if (prev == 0x200d && u_hasBinaryProperty(cp, UCHAR_EXTENDED_PICTOGRAPHIC))
        return 0;
    if (prev >= 0 && u_hasBinaryProperty(cp, UCHAR_EMOJI_MODIFIER) &&
        u_hasBinaryProperty(prev, UCHAR_EMOJI_MODIFIER_BASE))
        return 0;
    eaw = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
    if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ||
        u_hasBinaryProperty(cp, UCHAR_EMOJI_PRESENTATION))
        return 2;
    return 1;
}

size_t
utf8_width(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0, ri = 0;
    int32_t prev = -1;

    for (size_t i = 0; i < n;) {
        int32_t cp;
        uint64_t word;

        /* Eight ASCII bytes, eight columns: the common case (numbers,
         * dates, names in Latin letters). */
        if (i + 8 <= n &&
            (memcpy(&word, p + i, 8), (word & 0x8080808080808080u) == 0)) {
            w += 8;
            ri = 0;
            prev = p[i + 7];
            i += 8;
            continue;
        }
        if (p[i] < 0x80) { /* ASCII: one column */
            w++;
            ri = 0;
            prev = p[i++];
            continue;
        }
        i += utf8_next(p + i, n - i, &cp);
        if (cp >= 0)
            w += cp_width(cp, prev, &ri);
        prev = cp;
    }
    return w;
}

void
utf8_prepare(void)
{
    /* e acute, euro sign, a grinning face and a joiner, a skin tone,
     * hangul GA */
    static const char sample[] = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
                                 "\xe2\x80\x8d\xf0\x9f\x98\x80"
                                 "\xf0\x9f\x8f\xbd\xea\xb0\x80";

    (void)utf8_width(sample, sizeof(sample) - 1);
}
