/*
 * fuzz_json.c - libFuzzer target for the JSON reader.
 *
 * Parses the input; an error must be DUN_E_INPUT naming the input
 * ("fuzz.json:LINE:COL: ..."), and a success must give a tree. Beyond
 * that only crashes and leaks (ASan) are looked for.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *   tests/fuzz/fuzz_json.c src/render/json.c src/render/value.c \
 *   src/core/arena.c src/core/sbuf.c src/core/err.c src/core/xalloc.c \
 *   -o fuzz_json
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "render/json.h"
#include "render/value.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct value *root = NULL;
    char *copy;

    copy = fuzz_copy(data, size);
    if (json_parse(&a, "fuzz.json", copy, size, &root, &err) < 0) {
        if (err.code != DUN_E_INPUT ||
            strncmp(err.msg, "fuzz.json:", 10) != 0 || root != NULL)
            abort();
    } else if (root == NULL) {
        abort();
    }
    arena_release(&a);
    free(copy);
    return 0;
}
