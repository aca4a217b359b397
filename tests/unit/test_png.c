#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "core/png.h"

/* A 2x1 truecolour PNG: signature, IHDR, IDAT, IEND. */
static const unsigned char two_by_one[70] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8, 0xdd, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x44, 0x00, 0x08, 0xfe, 0x01, 0xff, 0xc6, 0x9e, 0x79, 0xf7, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static void
test_whole_png_gives_its_size(void **state)
{
    struct png_info info;
    const char *why = NULL;

    (void)state;
    assert_int_equal(png_inspect(two_by_one, sizeof(two_by_one), &info,
                                 &why), 0);
    assert_int_equal(info.width, 2);
    assert_int_equal(info.height, 1);
    assert_int_equal(info.bit_depth, 8);
    assert_int_equal(info.color_type, 2);
}

static void
test_refused_with_the_reason(void **state)
{
    static const struct {
        size_t at;         /* byte to change, or cut the file there */
        int value;         /* -1: cut at at; -2: add a byte at the end */
        const char *why;
    } cases[] = {
        { 0, 'G', "not a PNG file (no PNG signature)" },
        { 7, -1, "not a PNG file (no PNG signature)" },
        { 8, -1, "cut short (no IEND chunk at its end)" },
        { 58, -1, "cut short (no IEND chunk at its end)" },
        { 40, -1, "cut short (a chunk runs past its end)" },
        /* A pixel changed: the IDAT's CRC no longer matches. */
        { 45, 0x00, "damaged (a chunk's CRC does not match)" },
        { 70, -2, "damaged (data after its IEND chunk)" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned char buf[sizeof(two_by_one) + 1];
        size_t n = sizeof(two_by_one);
        struct png_info info = { 7, 7, 7, 7 };
        const char *why = NULL;

        memcpy(buf, two_by_one, n);
        if (cases[i].value == -1)
            n = cases[i].at;
        else if (cases[i].value == -2)
            buf[n++] = 0;
        else
            buf[cases[i].at] = (unsigned char)cases[i].value;
        assert_int_equal(png_inspect(buf, n, &info, &why), -1);
        assert_string_equal(why, cases[i].why);
        assert_int_equal(info.width, 7);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_png_gives_its_size),
        cmocka_unit_test(test_refused_with_the_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
