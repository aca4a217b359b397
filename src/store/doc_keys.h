/*
 * doc_keys.h - whose each invoice number and payment id is, in buckets.
 *
 * An invoice number and a payment id are unique in a tenant, and a
 * command may name one without its customer. A unique index would cost
 * an index row per document, a B-tree insert for every row an import
 * writes (a fifth of its time on M). Instead the keys are hashed into
 * DOC_KEY_BUCKETS buckets per kind, and a bucket is one stored value:
 * its keys, each with its customer's id. An import reads and writes each
 * bucket once, however many of its keys the file holds.
 *
 * The hash (64-bit FNV-1a of the bytes, then MurmurHash3's 64-bit
 * finalizer), what is hashed for the bucket and the bucket count are
 * part of the stored format: a change to either is a migration.
 * A bucket's stored value in version 1 (which doc_key_decode still
 * reads) is its entries in any order, each the key and the customer id,
 * both NUL-terminated; version 2, what doc_key_encode writes, says the
 * same in a fifth of the bytes (doc_keys.c says how). Pure: no I/O.
 */
#ifndef DUN_STORE_DOC_KEYS_H
#define DUN_STORE_DOC_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "core/sbuf.h"

#define DOC_KEY_BUCKET_BITS 14
#define DOC_KEY_BUCKETS (1u << DOC_KEY_BUCKET_BITS)

enum doc_key_kind { DOC_KEY_INVOICE, DOC_KEY_PAYMENT, DOC_KEY_KINDS };

/* A key's hash, which entries compare before their bytes. */
uint64_t doc_key_hash(const char *key);

/* A key's bucket: the top DOC_KEY_BUCKET_BITS bits of the hash of all
 * but its last two bytes. Numbers are issued in sequence and files hold
 * them so: a hundred in a row share a bucket, and an import of
 * millions works on a few buckets at a time instead of all of them at
 * once (a bucket of each key's own hash had an import of L read and
 * write every bucket again and again once they outgrew memory). */
uint32_t doc_key_bucket_index(const char *key);

/* One bucket in memory. Entries point into text by offset (text grows);
 * a changed customer is appended and the old string left until the
 * bucket is encoded. */
struct doc_key_bucket {
    struct doc_key_entry {
        uint32_t hash; /* the low bits of the key's hash, compared first */
        uint32_t key, customer; /* offsets into text */
    } *e;
    size_t n, cap;
    struct sbuf text;
    int dirty; /* changed since it was read */
    uint64_t used; /* for a cache: when it was last asked for */
};

/* Fill an empty bucket from a stored value: 0, or -1 if it is not one
 * (an entry without both strings, an empty key). */
int doc_key_decode(struct doc_key_bucket *b, const void *value, size_t len);

/* The stored value of b, replacing out's contents. */
void doc_key_encode(const struct doc_key_bucket *b, struct sbuf *out);

/* The customer holding key (of hash) in b, or NULL. */
const char *doc_key_find(const struct doc_key_bucket *b, const char *key,
                         uint64_t hash);

/* Record that key (of hash) is customer's, a new entry or a changed one;
 * marks b dirty. */
void doc_key_set(struct doc_key_bucket *b, const char *key, uint64_t hash,
                 const char *customer);

/* Record that key (of hash) is customer's if no one holds it: 1 it was
 * free (b marked dirty), 0 it is held (b unchanged). One look where
 * doc_key_find and doc_key_set would take two. */
int doc_key_claim(struct doc_key_bucket *b, const char *key, uint64_t hash,
                  const char *customer);

/* Bytes b holds, for a cache's budget. */
size_t doc_key_bucket_size(const struct doc_key_bucket *b);

void doc_key_bucket_release(struct doc_key_bucket *b);

#endif
