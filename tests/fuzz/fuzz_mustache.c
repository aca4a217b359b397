/*
 * fuzz_mustache.c - libFuzzer target for the Mustache compiler and renderer.
 *
 * Compiles the input as a template named "fuzz" and renders it against a
 * fixed small context (strings with HTML specials, a number, booleans,
 * null, nested maps, lists), with the input itself served as the partial
 * "fuzz", so that recursion, indentation and the depth limit are explored
 * too. Checks what callers rely on: no crash, every error is DUN_E_INPUT
 * and names the template ("fuzz:LINE: ..."), and a failed render leaves
 * the output buffer as it was.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *   tests/fuzz/fuzz_mustache.c src/render/mustache.c src/render/value.c \
 *   src/render/json.c src/core/arena.c src/core/sbuf.c src/core/err.c \
 *   src/core/xalloc.c -o fuzz_mustache
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "render/json.h"
#include "render/mustache.h"
#include "render/value.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context_json[] =
    "{\"name\":\"Acme & <Sons> \\\"Ltd\\\" 'x'\",\"total\":1.210,"
    "\"zero\":0,\"yes\":true,\"no\":false,\"none\":null,\"empty\":\"\","
    "\"customer\":{\"name\":\"Ann\",\"address\":{\"city\":\"Graz\"}},"
    "\"invoices\":[{\"number\":\"A-1\",\"days\":3},{\"number\":\"A-2\","
    "\"days\":40,\"note\":\"line1\\nline2\"}],"
    "\"list\":[1,\"two\",[3,4],{\"five\":5}],\"nolist\":[]}";

struct input {
    const char *text;
    size_t len;
};

/* Serve the input itself as the partial "fuzz"; nothing else exists. */
static int
lookup(void *arg, const char *name, size_t namelen, const char **text,
       size_t *len, struct dun_err *err)
{
    const struct input *in = arg;

    (void)err;
    if (namelen != 4 || memcmp(name, "fuzz", 4) != 0)
        return 0;
    *text = in->text;
    *len = in->len;
    return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct mustache *m = NULL;
    struct value *ctx = NULL;
    struct sbuf out;
    struct input in;
    struct mustache_partials partials = { NULL, lookup, &in, NULL };
    char *copy;

    copy = fuzz_copy(data, size);
    in.text = copy;
    in.len = size;
    if (json_parse(&a, "context", context_json, sizeof(context_json) - 1, &ctx,
                   &err) < 0)
        abort();
    /* A small cap keeps runs fast; reaching it is an ordinary error. */
    sbuf_init(&out, 1 << 16);
    sbuf_addstr(&out, "pre");
    if (mustache_compile(&m, "fuzz", copy, size, &err) < 0) {
        if (err.code != DUN_E_INPUT || strncmp(err.msg, "fuzz:", 5) != 0)
            abort();
    } else if (mustache_render(m, ctx, &partials, &out, &err) < 0) {
        if (err.code != DUN_E_INPUT || strncmp(err.msg, "fuzz:", 5) != 0)
            abort();
        if (out.len != 3 || strcmp(out.buf, "pre") != 0)
            abort();
    } else if (out.len < 3 || memcmp(out.buf, "pre", 3) != 0) {
        abort();
    }
    mustache_free(m);
    sbuf_release(&out);
    arena_release(&a);
    free(copy);
    return 0;
}
