/*
 * fuzz_dict_codec.c - libFuzzer target for message bodies packed with LZ4
 * against a sample dictionary (store/dict_codec.h).
 *
 * The first input byte picks how the rest is used: even, as stored bytes
 * to unpack (a refusal must be DUN_E_INPUT; anything unpacked must fit
 * the limit and be NUL-terminated); odd, as text to pack, which must
 * unpack to exactly that text. The dictionary is a fixed sample.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "store/dict_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char dict[] =
    "dun-templates 1\nen/_x 21\nDear {{customer.name}}\n"
    "en/r.text 36\n{{>x}}, invoice {{number}} is due.\n"
    "{\"customer\":{\"name\":\"Sample Customer\"},\"number\":\"INV-1\"}"
    "Dear Sample Customer, invoice INV-1 is due.\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct dict_codec *c;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf packed = SBUF_INIT, out = SBUF_INIT;

    if (c == NULL) {
        c = dict_codec_new();
        dict_codec_add(c, 1, dict, sizeof(dict) - 1);
    }
    if (size == 0)
        return 0;
    if (data[0] % 2 == 0) {
        if (dict_codec_unpack(c, 1, data + 1, size - 1, &out, &err) < 0) {
            if (err.code != DUN_E_INPUT)
                abort();
        } else if (out.len > DICT_CODEC_MAX || out.buf[out.len] != '\0') {
            abort();
        }
    } else {
        if (dict_codec_pack(c, 1, (const char *)data + 1, size - 1, &packed,
                            &err) < 0 ||
            dict_codec_unpack(c, 1, packed.buf, packed.len, &out, &err) < 0 ||
            out.len != size - 1 || memcmp(out.buf, data + 1, size - 1) != 0)
            abort();
    }
    sbuf_release(&packed);
    sbuf_release(&out);
    return 0;
}
