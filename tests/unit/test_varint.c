/*
 * test_varint.c - the store's packed integers and prefix-coded keys
 * (store/varint.h): exact bytes, round trips, and values refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "store/varint.h"

static struct varint_reader
reader(const struct sbuf *sb)
{
    return (struct varint_reader){ (const unsigned char *)sb->buf,
                                   (const unsigned char *)sb->buf + sb->len,
                                   0 };
}

static void
test_integers_round_trip(void **state)
{
    static const int64_t v[] = { 0, 1, -1, 63, -64, 64, 127, 128, 300,
                                 INT64_MAX, INT64_MIN };
    struct sbuf sb = SBUF_INIT;
    struct varint_reader r;

    (void)state;
    varint_put(&sb, 300);
    assert_int_equal(sb.len, 2);
    assert_memory_equal(sb.buf, "\xac\x02", 2);
    sbuf_reset(&sb);
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        varint_put_signed(&sb, v[i]);
    r = reader(&sb);
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        assert_true(varint_get_signed(&r) == v[i]);
    assert_int_equal(r.bad, 0);
    assert_ptr_equal(r.p, r.end);
    varint_get(&r);
    assert_int_equal(r.bad, 1);
    sbuf_release(&sb);
}

/* A day as a step from a base: landing exactly on either end of int32_t
 * is a day, one past either end is damage. */
static void
test_days_from_a_base_stay_within_int32(void **state)
{
    struct sbuf sb = SBUF_INIT;
    struct varint_reader r;

    (void)state;
    varint_put_signed(&sb, -3);
    varint_put_signed(&sb, (int64_t)INT32_MAX - 10);
    varint_put_signed(&sb, (int64_t)INT32_MIN + 10);
    r = reader(&sb);
    assert_int_equal(varint_get_day_from(&r, 20000), 19997);
    assert_int_equal(varint_get_day_from(&r, 10), INT32_MAX);
    assert_int_equal(varint_get_day_from(&r, -10), INT32_MIN);
    assert_int_equal(r.bad, 0);
    sbuf_reset(&sb);
    varint_put_signed(&sb, (int64_t)INT32_MAX - 10);
    r = reader(&sb);
    assert_int_equal(varint_get_day_from(&r, 11), 0);
    assert_int_equal(r.bad, 1);
    sbuf_reset(&sb);
    varint_put_signed(&sb, (int64_t)INT32_MIN + 10);
    r = reader(&sb);
    assert_int_equal(varint_get_day_from(&r, -11), 0);
    assert_int_equal(r.bad, 1);
    sbuf_release(&sb);
}

/* Reads a key written after prev into out: 0, or -1 refused. */
static int
get_key(struct varint_reader *r, const char *prev, char *out)
{
    size_t shared, n;
    const unsigned char *rest = varint_get_key(r, strlen(prev), &shared, &n);

    if (rest == NULL)
        return -1;
    memcpy(out, prev, shared);
    memcpy(out + shared, rest, n);
    out[shared + n] = '\0';
    return 0;
}

static void
test_keys_are_written_by_the_prefix_they_share(void **state)
{
    struct sbuf sb = SBUF_INIT;
    struct varint_reader r;
    char key[400];

    (void)state;
    varint_put_key(&sb, "INV-0009", "");
    varint_put_key(&sb, "INV-0010", "INV-0009");
    varint_put_key(&sb, "INV-00100", "INV-0010");
    assert_int_equal(sb.len, 10 + 4 + 3);
    assert_memory_equal(sb.buf, "\0\x08INV-0009\x06\x02" "10\x08\x01" "0", 17);
    r = reader(&sb);
    assert_int_equal(get_key(&r, "", key), 0);
    assert_string_equal(key, "INV-0009");
    assert_int_equal(get_key(&r, "INV-0009", key), 0);
    assert_string_equal(key, "INV-0010");
    assert_int_equal(get_key(&r, "INV-0010", key), 0);
    assert_string_equal(key, "INV-00100");
    assert_ptr_equal(r.p, r.end);
    sbuf_release(&sb);
}

static void
test_a_shared_prefix_stops_at_the_limit(void **state)
{
    struct sbuf sb = SBUF_INIT;
    struct varint_reader r;
    char a[302], b[302], key[400];

    (void)state;
    memset(a, 'x', 300);
    memcpy(b, a, 300);
    strcpy(a + 300, "1");
    strcpy(b + 300, "2");
    varint_put_key(&sb, b, a);
    /* 255 shared (two bytes), 46 of the rest (one), and those. */
    assert_int_equal(sb.len, 2 + 1 + 46);
    r = reader(&sb);
    assert_int_equal(get_key(&r, a, key), 0);
    assert_string_equal(key, b);
    sbuf_release(&sb);
}

static void
test_bad_keys_are_refused(void **state)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *prev; /* NULL: 300 bytes */
    } bad[] = {
        { "\0\0", 2, "INV-1" },            /* empty */
        { "\x06\x01" "2", 3, "INV-1" },    /* shares more than prev has */
        { "\x80\x02\x01" "2", 4, NULL },   /* shares past the limit */
        { "\0\x03" "ab", 4, "" },          /* cut short */
        { "\0\x03" "a\0b", 5, "" },        /* a NUL */
        { "\x01", 1, "INV-1" },            /* no length of the rest */
    };

    char long_prev[301];

    (void)state;
    memset(long_prev, 'x', 300);
    long_prev[300] = '\0';
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct varint_reader r = { (const unsigned char *)bad[i].bytes,
                                   (const unsigned char *)bad[i].bytes +
                                       bad[i].len, 0 };
        char key[400];

        assert_int_equal(get_key(&r, bad[i].prev ? bad[i].prev : long_prev,
                                 key), -1);
        assert_int_equal(r.bad, 1);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers_round_trip),
        cmocka_unit_test(test_days_from_a_base_stay_within_int32),
        cmocka_unit_test(test_keys_are_written_by_the_prefix_they_share),
        cmocka_unit_test(test_a_shared_prefix_stops_at_the_limit),
        cmocka_unit_test(test_bad_keys_are_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
