#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "store/dict_codec.h"

/* A sample as app/render_worker.c builds one: the set's source, then a
 * message rendered from it. */
static const char sample[] =
    "dun-templates 1\nen/reminder.text 60\nDear {{customer.name}},\n"
    "invoice {{number}} of {{amount}} is overdue.\n"
    "Dear Sample Customer,\ninvoice INV-1001 of EUR 1,200.00 is "
    "overdue.\nPlease pay the amount above soon. If you cannot, please "
    "contact us so that we can find a solution together.\n";
static const char body[] =
    "Dear Summit Garage PLC,\ninvoice INV-00000181 of GBP 147.02 is "
    "overdue.\nPlease pay the amount above soon. If you cannot, please "
    "contact us so that we can find a solution together.\n";

static struct dict_codec *
codec_with(int64_t id, const char *dict, size_t len)
{
    struct dict_codec *c = dict_codec_new();

    dict_codec_add(c, id, dict, len);
    return c;
}

static void
test_round_trip(void **state)
{
    struct dict_codec *c = codec_with(7, sample, sizeof(sample) - 1);
    struct sbuf packed = SBUF_INIT, out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(dict_codec_pack(c, 7, body, strlen(body), &packed,
                                     &err), 0);
    assert_true(packed.len > 0);
    /* The sample's words come from the dictionary: the frame (header,
     * size, end mark and checksum included) is smaller than the text. */
    assert_true(packed.len < strlen(body));
    assert_int_equal(dict_codec_unpack(c, 7, packed.buf, packed.len, &out,
                                       &err), 0);
    assert_int_equal(out.len, strlen(body));
    assert_string_equal(out.buf, body);
    /* Another codec given the same bytes reads it: nothing but the
     * dictionary's bytes is shared. */
    {
        struct dict_codec *d = codec_with(1, sample, sizeof(sample) - 1);

        assert_int_equal(dict_codec_unpack(d, 1, packed.buf, packed.len,
                                           &out, &err), 0);
        assert_string_equal(out.buf, body);
        dict_codec_free(d);
    }
    sbuf_release(&packed);
    sbuf_release(&out);
    dict_codec_free(c);
}

static void
test_empty_is_no_bytes(void **state)
{
    struct dict_codec *c = codec_with(1, sample, sizeof(sample) - 1);
    struct sbuf packed = SBUF_INIT, out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(dict_codec_pack(c, 1, "", 0, &packed, &err), 0);
    assert_int_equal(packed.len, 0);
    assert_int_equal(dict_codec_unpack(c, 1, "", 0, &out, &err), 0);
    assert_int_equal(out.len, 0);
    sbuf_release(&packed);
    sbuf_release(&out);
    dict_codec_free(c);
}

/* Packed with one dictionary, unpacked with another: the checksum
 * refuses it, never garbage. */
static void
test_wrong_dictionary_refused(void **state)
{
    static const char other[] = "Sehr geehrte Damen und Herren, die "
                                "Rechnung ist seit langem fällig.";
    struct dict_codec *c = codec_with(1, sample, sizeof(sample) - 1);
    struct sbuf packed = SBUF_INIT, out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    dict_codec_add(c, 2, other, sizeof(other) - 1);
    assert_int_equal(dict_codec_pack(c, 1, body, strlen(body), &packed,
                                     &err), 0);
    assert_int_equal(dict_codec_unpack(c, 2, packed.buf, packed.len, &out,
                                       &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    assert_int_equal(out.len, 0);
    sbuf_release(&packed);
    sbuf_release(&out);
    dict_codec_free(c);
}

/* Every damaged byte, a cut frame and a frame with bytes after it are
 * refused with DUN_E_INPUT. */
static void
test_damage_refused(void **state)
{
    struct dict_codec *c = codec_with(1, sample, sizeof(sample) - 1);
    struct sbuf packed = SBUF_INIT, out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    unsigned char bad[512];

    (void)state;
    assert_int_equal(dict_codec_pack(c, 1, body, strlen(body), &packed,
                                     &err), 0);
    assert_true(packed.len + 1 <= sizeof(bad));
    for (size_t i = 0; i < packed.len; i++) {
        memcpy(bad, packed.buf, packed.len);
        bad[i] ^= 0x20;
        err = (struct dun_err)DUN_ERR_INIT;
        if (dict_codec_unpack(c, 1, bad, packed.len, &out, &err) == 0)
            fail_msg("byte %zu damaged, still unpacked", i);
        assert_int_equal(err.code, DUN_E_INPUT);
    }
    for (size_t n = 1; n < packed.len; n++) {
        err = (struct dun_err)DUN_ERR_INIT;
        assert_int_equal(dict_codec_unpack(c, 1, packed.buf, n, &out, &err),
                         -1);
        assert_int_equal(err.code, DUN_E_INPUT);
    }
    memcpy(bad, packed.buf, packed.len);
    bad[packed.len] = 'x';
    assert_int_equal(dict_codec_unpack(c, 1, bad, packed.len + 1, &out,
                                       &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    sbuf_release(&packed);
    sbuf_release(&out);
    dict_codec_free(c);
}

/* Only the last DICT_CODEC_WINDOW bytes of a long dictionary count: a
 * codec given just those bytes reads what the other packed. */
static void
test_long_dictionary_uses_its_tail(void **state)
{
    size_t len = DICT_CODEC_WINDOW + 5000;
    char *dict = malloc(len);
    struct dict_codec *c, *tail;
    struct sbuf packed = SBUF_INIT, out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    for (size_t i = 0; i < len; i++)
        dict[i] = (char)('a' + (i * 7919 % 26));
    memcpy(dict + len - (sizeof(sample) - 1), sample, sizeof(sample) - 1);
    c = codec_with(1, dict, len);
    tail = codec_with(1, dict + len - DICT_CODEC_WINDOW, DICT_CODEC_WINDOW);
    assert_int_equal(dict_codec_pack(c, 1, body, strlen(body), &packed,
                                     &err), 0);
    assert_int_equal(dict_codec_unpack(tail, 1, packed.buf, packed.len,
                                       &out, &err), 0);
    assert_string_equal(out.buf, body);
    sbuf_release(&packed);
    sbuf_release(&out);
    dict_codec_free(c);
    dict_codec_free(tail);
    free(dict);
}

static void
test_unknown_dictionary(void **state)
{
    struct dict_codec *c = dict_codec_new();
    struct sbuf out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_false(dict_codec_has(c, 3));
    assert_int_equal(dict_codec_pack(c, 3, body, strlen(body), &out, &err),
                     -1);
    assert_int_equal(err.code, DUN_E_INTERNAL);
    sbuf_release(&out);
    dict_codec_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_empty_is_no_bytes),
        cmocka_unit_test(test_wrong_dictionary_refused),
        cmocka_unit_test(test_damage_refused),
        cmocka_unit_test(test_long_dictionary_uses_its_tail),
        cmocka_unit_test(test_unknown_dictionary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
