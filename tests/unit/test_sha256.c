#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"

static void
assert_digest(const void *p, size_t n, const char *want)
{
    unsigned char d[SHA256_LEN];
    char hex[65];

    sha256(p, n, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, want);
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the empty string. */
static void
test_known_answers(void **state)
{
    (void)state;
    assert_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
                         "27ae41e4649b934ca495991b7852b855");
    assert_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
                            "b00361a396177a9cb410ff61f20015ad");
    assert_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                  56, "248d6a61d20638b8e5c026930c3e6039"
                      "a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a': many blocks, the padding in a block of its own. */
static void
test_million_a(void **state)
{
    char *a = malloc(1000000);
    (void)state;
    assert_non_null(a);
    memset(a, 'a', 1000000);
    assert_digest(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
                              "f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* Fed in pieces of every size from 1 to 130 bytes, the digest is the
 * digest of the whole: the block buffer carries over correctly. */
static void
test_pieces_equal_whole(void **state)
{
    unsigned char buf[1000], whole[SHA256_LEN], parts[SHA256_LEN];
    (void)state;
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(i * 31 + 7);
    sha256(buf, sizeof(buf), whole);
    for (size_t step = 1; step <= 130; step++) {
        struct sha256 c;

        sha256_init(&c);
        for (size_t at = 0; at < sizeof(buf); at += step)
            sha256_update(&c, buf + at,
                          sizeof(buf) - at < step ? sizeof(buf) - at : step);
        sha256_final(&c, parts);
        assert_memory_equal(parts, whole, SHA256_LEN);
    }
}

/* Lengths around the padding boundary (55, 56, 63, 64, 65 bytes). */
static void
test_padding_boundaries(void **state)
{
    char a[65];
    (void)state;
    memset(a, 'a', sizeof(a));
    assert_digest(a, 55, "9f4390f8d30c2dd92ec9f095b65e2b9a"
                         "e9b0a925a5258e241c9f1e910f734318");
    assert_digest(a, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f"
                         "590ce20f1bde7090ef7970686ec6738a");
    assert_digest(a, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209"
                         "f439851db43d0ba5997337df154668eb");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_pieces_equal_whole),
        cmocka_unit_test(test_padding_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
