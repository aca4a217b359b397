#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/doc_keys.h"

/* The buckets of "INV-000000", "ab" and "a", computed apart in Python. */
#define BUCKET_INV_000000 14613
#define BUCKET_AB 13980
#define BUCKET_A 8360

static int
cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

    return (a > b) - (a < b);
}

/* The hash is never stored, but entries and caches trust it to tell
 * keys apart: a million numbers in sequence, and the keys that differ
 * from one in a single byte or in length, all hash apart; and their
 * low bits, which index the caches, spread evenly. */
static void
test_hash_tells_keys_apart(void **state)
{
    enum { N = 1000000, SLOTS = 1 << 20 };
    uint64_t *h = malloc(N * sizeof(*h));
    unsigned char *load = calloc(SLOTS, 1);
    char key[32] = "INV-0000000000000001";
    unsigned most = 0;

    (void)state;
    assert_non_null(h);
    assert_non_null(load);
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof(key), "INV-%08d", i);
        h[i] = doc_key_hash(key);
        if (++load[h[i] & (SLOTS - 1)] > most)
            most = load[h[i] & (SLOTS - 1)];
    }
    assert_true(most <= 12);
    qsort(h, N, sizeof(*h), cmp_u64);
    for (int i = 1; i < N; i++)
        assert_true(h[i] != h[i - 1]);
    strcpy(key, "INV-0000000000000001");
    for (size_t i = 0; i < strlen(key); i++) {
        char other[32];

        strcpy(other, key);
        other[i] ^= 1;
        assert_true(doc_key_hash(other) != doc_key_hash(key));
        other[i] = '\0';
        assert_true(doc_key_hash(other) != doc_key_hash(key));
    }
    assert_true(doc_key_hash("") != doc_key_hash("a"));
    free(h);
    free(load);
}

/* The bucket is stored format: these values must never change
 * (FNV-1a 64, then MurmurHash3's finalizer; computed apart in Python). */
static void
test_bucket_is_fnv1a_64_finalized(void **state)
{
    char key[16];
    unsigned most = 0;
    static unsigned count[DOC_KEY_BUCKETS];

    (void)state;
    /* A bucket is chosen by all but the last two bytes: a hundred
     * numbers in sequence share one, and the hundreds spread over the
     * buckets: 163,840 of them fill each about ten times, none more than
     * three times that. */
    assert_int_equal(doc_key_bucket_index("INV-00000001"), BUCKET_INV_000000);
    assert_int_equal(doc_key_bucket_index("ab"), BUCKET_AB);
    assert_int_equal(doc_key_bucket_index("a"), BUCKET_A);
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "INV-000001%02d", i);
        assert_int_equal(doc_key_bucket_index(key),
                         doc_key_bucket_index("INV-00000100"));
    }
    for (int i = 0; i < 10 * (int)DOC_KEY_BUCKETS; i++) {
        unsigned b;

        snprintf(key, sizeof(key), "INV-%06d00", i);
        b = doc_key_bucket_index(key);
        if (++count[b] > most)
            most = count[b];
    }
    assert_true(most <= 30);
}

static void
test_set_find_change_and_round_trip(void **state)
{
    struct doc_key_bucket b = {0}, c = {0};
    struct sbuf out = SBUF_INIT;
    char key[32];

    (void)state;
    assert_null(doc_key_find(&b, "INV-1", doc_key_hash("INV-1")));
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "INV-%d", i);
        doc_key_set(&b, key, doc_key_hash(key), i % 2 ? "C1" : "C2");
    }
    assert_int_equal(b.n, 100);
    assert_true(b.dirty);
    assert_string_equal(doc_key_find(&b, "INV-7", doc_key_hash("INV-7")),
                        "C1");
    assert_string_equal(doc_key_find(&b, "INV-8", doc_key_hash("INV-8")),
                        "C2");
    /* A key found by its bytes, not by its hash alone. */
    assert_null(doc_key_find(&b, "INV-100", doc_key_hash("INV-7")));
    /* A payment moved to another customer: one entry, the new holder. */
    doc_key_set(&b, "INV-7", doc_key_hash("INV-7"), "C3");
    doc_key_set(&b, "INV-8", doc_key_hash("INV-8"), "C2");
    assert_int_equal(b.n, 100);
    assert_string_equal(doc_key_find(&b, "INV-7", doc_key_hash("INV-7")),
                        "C3");
    doc_key_encode(&b, &out);
    assert_int_equal(doc_key_decode(&c, out.buf, out.len), 0);
    assert_int_equal(c.n, 100);
    assert_false(c.dirty);
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "INV-%d", i);
        assert_string_equal(doc_key_find(&c, key, doc_key_hash(key)),
                            i == 7 ? "C3" : i % 2 ? "C1" : "C2");
    }
    /* What a stored value holds (version 2): 0 and 2, the count, the key
     * (no prefix shared, 2 bytes), the customer (3 bytes written out);
     * the changed customer's old string is not kept. */
    doc_key_bucket_release(&c);
    doc_key_set(&c, "P1", doc_key_hash("P1"), "C9");
    doc_key_set(&c, "P1", doc_key_hash("P1"), "C10");
    doc_key_encode(&c, &out);
    assert_int_equal(out.len, 11);
    assert_memory_equal(out.buf, "\0\2\1\0\2P1\6C10", 11);
    /* Version 1 still reads: key and customer, NUL after each. */
    doc_key_bucket_release(&c);
    assert_int_equal(doc_key_decode(&c, "P1\0C10\0P2\0C9\0", 13), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(doc_key_find(&c, "P1", doc_key_hash("P1")), "C10");
    assert_string_equal(doc_key_find(&c, "P2", doc_key_hash("P2")), "C9");
    doc_key_bucket_release(&b);
    doc_key_bucket_release(&c);
    sbuf_release(&out);
}

/* A claim takes a free key and leaves a held one as it was, whoever
 * asks: an insert looks into the bucket once. */
static void
test_claim_takes_a_free_key_only(void **state)
{
    struct doc_key_bucket b = {0};
    uint64_t h = doc_key_hash("INV-7");

    (void)state;
    assert_int_equal(doc_key_claim(&b, "INV-7", h, "C1"), 1);
    assert_true(b.dirty);
    assert_int_equal(b.n, 1);
    b.dirty = 0;
    assert_int_equal(doc_key_claim(&b, "INV-7", h, "C2"), 0);
    assert_int_equal(doc_key_claim(&b, "INV-7", h, "C1"), 0);
    assert_false(b.dirty);
    assert_int_equal(b.n, 1);
    assert_string_equal(doc_key_find(&b, "INV-7", h), "C1");
    /* Same low hash bits or not, another key is another entry. */
    assert_int_equal(doc_key_claim(&b, "INV-70", doc_key_hash("INV-70"),
                                   "C2"), 1);
    assert_string_equal(doc_key_find(&b, "INV-70", doc_key_hash("INV-70")),
                        "C2");
    assert_string_equal(doc_key_find(&b, "INV-7", h), "C1");
    doc_key_bucket_release(&b);
}

/* The i-th of a hundred numbers in sequence, into key. */
static void
numbered(char key[32], int i)
{
    snprintf(key, 32, "INV-%08d", 4200 + i);
}

/* Numbers in sequence share all but their last bytes, and are mostly
 * one customer's: a hundred of M's take under 6 bytes each, where
 * version 1 took 22; two customers interleaved are written out once
 * each. */
static void
test_a_bucket_of_a_sequence_is_small(void **state)
{
    struct doc_key_bucket b = {0}, c = {0};
    struct sbuf out = SBUF_INIT;
    char key[32];

    (void)state;
    for (int i = 0; i < 100; i++) {
        numbered(key, i);
        doc_key_set(&b, key, doc_key_hash(key),
                    i < 50 ? "C0001234" : i % 2 ? "C0001235" : "C0001236");
    }
    doc_key_encode(&b, &out);
    assert_true(out.len < 600);
    assert_int_equal(doc_key_decode(&c, out.buf, out.len), 0);
    assert_int_equal(c.n, 100);
    for (int i = 0; i < 100; i++) {
        numbered(key, i);
        assert_string_equal(doc_key_find(&c, key, doc_key_hash(key)),
                            i < 50 ? "C0001234"
                                   : i % 2 ? "C0001235" : "C0001236");
    }
    doc_key_bucket_release(&b);
    doc_key_bucket_release(&c);
    sbuf_release(&out);
}

/* In memory, a run of one customer's keys keeps its id once: a bucket
 * of a hundred numbers holds their 1,300 bytes and one id of 9. */
static void
test_a_run_of_one_customer_keeps_its_id_once(void **state)
{
    struct doc_key_bucket b = {0}, c = {0};
    struct sbuf out = SBUF_INIT;
    char key[32];

    (void)state;
    for (int i = 0; i < 100; i++) {
        numbered(key, i);
        assert_int_equal(doc_key_claim(&b, key, doc_key_hash(key),
                                       "C0001234"), 1);
    }
    assert_int_equal(b.text.len, 100 * 13 + 9);
    doc_key_encode(&b, &out);
    assert_int_equal(doc_key_decode(&c, out.buf, out.len), 0);
    assert_int_equal(c.text.len, 100 * 13 + 9);
    /* Another customer between two of the first's: three copies. */
    doc_key_set(&c, "INV-X1", doc_key_hash("INV-X1"), "C2");
    doc_key_set(&c, "INV-X2", doc_key_hash("INV-X2"), "C0001234");
    assert_int_equal(c.text.len, 100 * 13 + 9 + 7 + 3 + 7 + 9);
    assert_string_equal(doc_key_find(&c, "INV-00004299",
                                     doc_key_hash("INV-00004299")),
                        "C0001234");
    assert_string_equal(doc_key_find(&c, "INV-X1", doc_key_hash("INV-X1")),
                        "C2");
    doc_key_bucket_release(&b);
    doc_key_bucket_release(&c);
    /* A customer one byte longer or shorter than the one before is
     * another: "C1", "C12", "C1" make three copies. */
    b = (struct doc_key_bucket){0};
    assert_int_equal(doc_key_claim(&b, "K1", doc_key_hash("K1"), "C1"), 1);
    assert_int_equal(doc_key_claim(&b, "K2", doc_key_hash("K2"), "C12"), 1);
    assert_int_equal(doc_key_claim(&b, "K3", doc_key_hash("K3"), "C1"), 1);
    assert_int_equal(b.text.len, 3 * 3 + 3 + 4 + 3);
    assert_string_equal(doc_key_find(&b, "K2", doc_key_hash("K2")), "C12");
    assert_string_equal(doc_key_find(&b, "K3", doc_key_hash("K3")), "C1");
    doc_key_bucket_release(&b);
    sbuf_release(&out);
}

static void
test_decode_refuses_what_no_encode_writes(void **state)
{
    static const struct { const char *v; size_t n; } bad[] = {
        {"P1", 2},          /* no NUL */
        {"P1\0C1", 5},      /* customer without its NUL */
        {"\0C1\0", 4},      /* empty key */
        {"P1\0\0", 4},      /* empty customer */
        {"P1\0C1\0P2", 9},  /* a second entry cut short */
        {"\0\3\0", 3},       /* an unknown version */
        {"\0\2\1\0\0\4C1", 8},   /* version 2: an empty key */
        {"\0\2\1\0\2P1\1", 8},   /* a customer not yet written */
        {"\0\2\1\0\2P1\0", 8},   /* an empty customer */
        {"\0\2\2\0\2P1\4C1\3\1X\1", 14}, /* 3 bytes shared of 2 */
        {"\0\2\1\0\2P1\4C1\0", 11},   /* a byte too many */
        {"\0\2\011\0\2P1\4C1", 10},    /* more entries than bytes */
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct doc_key_bucket b = {0};

        assert_int_equal(doc_key_decode(&b, bad[i].v, bad[i].n), -1);
        doc_key_bucket_release(&b);
    }
    {
        struct doc_key_bucket b = {0};

        assert_int_equal(doc_key_decode(&b, "", 0), 0);
        assert_int_equal(b.n, 0);
        doc_key_bucket_release(&b);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_tells_keys_apart),
        cmocka_unit_test(test_bucket_is_fnv1a_64_finalized),
        cmocka_unit_test(test_set_find_change_and_round_trip),
        cmocka_unit_test(test_claim_takes_a_free_key_only),
        cmocka_unit_test(test_a_bucket_of_a_sequence_is_small),
        cmocka_unit_test(test_a_run_of_one_customer_keeps_its_id_once),
        cmocka_unit_test(test_decode_refuses_what_no_encode_writes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
