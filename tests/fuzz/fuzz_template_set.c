/*
 * fuzz_template_set.c - libFuzzer target for stored template sets.
 *
 * Parses the input as a set's source. A refusal must be DUN_E_INPUT
 * naming the set; an accepted set must hand back exactly the input as
 * its source with its SHA-256, list its names in strictly ascending
 * order, and render each of them (with its partials) with empty data
 * either to text or to an error naming a template.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "core/sha256.h"
#include "render/template_set.h"
#include "render/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dun_err err = DUN_ERR_INIT;
    struct template_set *s = NULL;
    unsigned char digest[SHA256_LEN];
    struct arena a = ARENA_INIT;
    struct sbuf out = SBUF_INIT;
    const char *src, *name, *prev = NULL;
    size_t len;

    if (template_set_parse(&s, "fuzz", data, size, &err) < 0) {
        if (err.code != DUN_E_INPUT || strncmp(err.msg, "fuzz: ", 6) != 0 ||
            s != NULL)
            abort();
        return 0;
    }
    src = template_set_source(s, &len);
    sha256(data, size, digest);
    if (len != size || memcmp(src, data, size) != 0 ||
        memcmp(digest, template_set_digest(s), SHA256_LEN) != 0)
        abort();
    for (size_t i = 0; (name = template_set_name(s, i)) != NULL; i++) {
        if ((prev && strcmp(prev, name) >= 0) || !template_set_has(s, name))
            abort();
        sbuf_reset(&out);
        if (template_set_render(s, name, value_map_new(&a), &out, &err) < 0 &&
            err.code != DUN_E_INPUT)
            abort();
        prev = name;
    }
    sbuf_release(&out);
    arena_release(&a);
    template_set_free(s);
    return 0;
}
