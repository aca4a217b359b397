/*
 * contact_items.h - the invoices a contact listed, packed in one value
 * of its row (contact.items): a run writes thousands of contacts, and a
 * row per invoice cost a fifth of a full run.
 *
 * Layout, per item: one byte for its role (enum dun_role), one byte for
 * the length of its stage and the stage's bytes, the invoice number's
 * length as an LEB128 varint and its bytes. Nothing else: an empty value
 * is no item.
 */
#ifndef DUN_STORE_CONTACT_ITEMS_H
#define DUN_STORE_CONTACT_ITEMS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "store/store.h"

/* Append items to out. A stage longer than 255 bytes is cut to 255
 * (policy names have at most 31). */
void contact_items_pack(const struct store_contact_item *items, size_t n,
                        struct sbuf *out);

/* Read a packed value (the database's: it may be damaged). 0 and the
 * items (array and strings in a: numbers and stages NUL-terminated, an
 * item with a NUL byte in either is refused); -1 when the value does not
 * parse. */
int contact_items_unpack(const unsigned char *p, size_t len,
                         const struct store_contact_item **out, size_t *n,
                         struct arena *a);

#endif
