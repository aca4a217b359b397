/*
 * fuzz_contact_items.c - libFuzzer target for the packed list of the
 * invoices a contact listed (store/contact_items.h).
 *
 * The bytes come from the database, which a crash, a disk or an older dun
 * may have damaged: unpacking must either fail or give items whose
 * numbers and stages hold no NUL byte and whose lengths match the bytes;
 * packing what was unpacked must give the input back, byte for byte
 * (the layout has one spelling of each list, but for non-minimal varints,
 * which the unpacker accepts: then the repacked value is shorter and
 * unpacks to the same items).
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/contact_items.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
same(const struct store_contact_item *a, size_t na,
     const struct store_contact_item *b, size_t nb)
{
    if (na != nb)
        abort();
    for (size_t i = 0; i < na; i++)
        if (a[i].role != b[i].role ||
            strcmp(a[i].invoice_number, b[i].invoice_number) != 0 ||
            strcmp(a[i].item_stage, b[i].item_stage) != 0)
            abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    struct sbuf packed = SBUF_INIT;
    const struct store_contact_item *items, *again;
    size_t n, n2;

    if (contact_items_unpack(data, size, &items, &n, &a) == 0) {
        for (size_t i = 0; i < n; i++)
            if (items[i].role < 0 || items[i].role > 255 ||
                strlen(items[i].item_stage) > 255)
                abort();
        contact_items_pack(items, n, &packed);
        if (packed.len > size)
            abort();
        if (contact_items_unpack((const unsigned char *)packed.buf,
                                 packed.len, &again, &n2, &a) != 0)
            abort();
        same(items, n, again, n2);
        if (packed.len == size && memcmp(packed.buf, data, size) != 0)
            abort();
    }
    sbuf_release(&packed);
    arena_release(&a);
    return 0;
}
