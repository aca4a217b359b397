/*
 * fuzz_doc_keys.c - libFuzzer target for the decoder of a bucket of
 * invoice numbers and payment ids as stored (store/doc_keys.h), versions
 * 1 and 2.
 *
 * The bytes come from the database, which a crash, a disk or an older dun
 * may have damaged: decoding must either fail or give entries whose key
 * and customer are not empty, each key found again by its hash. A decoded
 * bucket must survive a round trip: encoding it and decoding that gives
 * the same entries, and encoding is then a fixed point.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/doc_keys.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
key_of(const struct doc_key_bucket *b, size_t i)
{
    return b->text.buf + b->e[i].key;
}

static const char *
customer_of(const struct doc_key_bucket *b, size_t i)
{
    return b->text.buf + b->e[i].customer;
}

static void
check_bucket(const struct doc_key_bucket *b)
{
    for (size_t i = 0; i < b->n; i++) {
        const char *key = key_of(b, i), *found;

        if (key[0] == '\0' || customer_of(b, i)[0] == '\0')
            abort();
        /* With a key twice, the first holds it. */
        found = doc_key_find(b, key, doc_key_hash(key));
        if (found == NULL)
            abort();
    }
}

/* Every entry of x is in y with the same customer, and as many. */
static void
check_same(const struct doc_key_bucket *x, const struct doc_key_bucket *y)
{
    if (x->n != y->n)
        abort();
    for (size_t i = 0; i < x->n; i++) {
        const char *key = key_of(x, i);
        const char *a = doc_key_find(x, key, doc_key_hash(key));
        const char *b = doc_key_find(y, key, doc_key_hash(key));

        if (b == NULL || strcmp(a, b) != 0)
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct doc_key_bucket b = {0}, again = {0};
    struct sbuf enc = SBUF_INIT, enc2 = SBUF_INIT;
    unsigned char *copy;

    copy = fuzz_copy(data, size);
    if (doc_key_decode(&b, copy, size) < 0)
        goto out;
    check_bucket(&b);
    doc_key_encode(&b, &enc);
    if (doc_key_decode(&again, enc.buf, enc.len) < 0)
        abort();
    check_bucket(&again);
    check_same(&b, &again);
    doc_key_encode(&again, &enc2);
    fuzz_same_bytes(&enc, &enc2);
out:
    doc_key_bucket_release(&b);
    doc_key_bucket_release(&again);
    sbuf_release(&enc);
    sbuf_release(&enc2);
    free(copy);
    return 0;
}
