/*
 * contact_items.c - see contact_items.h.
 */
#include <string.h>

#include "store/contact_items.h"

void
contact_items_pack(const struct store_contact_item *items, size_t n,
                   struct sbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t slen = strlen(items[i].item_stage);
        size_t nlen = strlen(items[i].invoice_number), v;

        if (slen > 255)
            slen = 255;
        sbuf_addch(out, (char)items[i].role);
        sbuf_addch(out, (char)slen);
        sbuf_add(out, items[i].item_stage, slen);
        for (v = nlen; v >= 0x80; v >>= 7)
            sbuf_addch(out, (char)((v & 0x7f) | 0x80));
        sbuf_addch(out, (char)v);
        sbuf_add(out, items[i].invoice_number, nlen);
    }
}

/* One item at *q (before end); its parts in the out parameters. 0, or
 * -1 if the bytes do not hold one. */
static int
one(const unsigned char **q, const unsigned char *end, int *role,
    const unsigned char **stage, size_t *slen, const unsigned char **num,
    size_t *nlen)
{
    const unsigned char *p = *q;
    int shift = 0;

    if (end - p < 2)
        return -1;
    *role = p[0];
    *slen = p[1];
    p += 2;
    if ((size_t)(end - p) < *slen)
        return -1;
    *stage = p;
    p += *slen;
    *nlen = 0;
    do {
        /* A number fits a size_t and the value; more is damage. */
        if (p == end || shift > 28)
            return -1;
        *nlen |= (size_t)(*p & 0x7f) << shift;
        shift += 7;
    } while (*p++ & 0x80);
    if ((size_t)(end - p) < *nlen)
        return -1;
    *num = p;
    *q = p + *nlen;
    if (memchr(*stage, '\0', *slen) || memchr(*num, '\0', *nlen))
        return -1;
    return 0;
}

int
contact_items_unpack(const unsigned char *p, size_t len,
                     const struct store_contact_item **out, size_t *n,
                     struct arena *a)
{
    const unsigned char *end = p + len, *q, *stage, *num;
    struct store_contact_item *items;
    size_t count = 0, slen, nlen, k = 0;
    int role;

    /* Count first, checking every item: one array of the right size. */
    for (q = p; q < end; count++)
        if (one(&q, end, &role, &stage, &slen, &num, &nlen) < 0)
            return -1;
    items = arena_alloc(a, (count ? count : 1) * sizeof(*items));
    for (q = p; q < end; k++) {
        one(&q, end, &role, &stage, &slen, &num, &nlen);
        items[k] = (struct store_contact_item){
            .invoice_number = arena_strndup(a, (const char *)num, nlen),
            .item_stage = arena_strndup(a, (const char *)stage, slen),
            .role = role };
    }
    *out = items;
    *n = count;
    return 0;
}
