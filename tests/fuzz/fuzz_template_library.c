/*
 * fuzz_template_library.c - libFuzzer target for a stored template
 * library (render/template_library.h), as 'dun templates load' keeps it.
 *
 * A refusal is DUN_E_INPUT naming what was read; an accepted library
 * hands back exactly the input as its source, lists its names in
 * strictly ascending order with their texts, finds each by name, and
 * cuts a set of each language's templates that renders with empty data
 * to text or to an error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "render/template_library.h"
#include "render/template_set.h"
#include "render/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dun_err err = DUN_ERR_INIT;
    struct template_library *lib = NULL;
    const char *src, *prev = NULL;
    size_t len;

    if (template_library_parse(&lib, "fuzz", data, size, &err) < 0) {
        if (err.code != DUN_E_INPUT || strncmp(err.msg, "fuzz", 4) != 0)
            abort();
        template_library_free(lib);
        return 0;
    }
    src = template_library_source(lib, &len);
    if (len != size || memcmp(src, data, size) != 0)
        abort();
    for (size_t i = 0; i < template_library_count(lib); i++) {
        const char *name = template_library_name(lib, i);
        size_t tl, fl;
        const char *text = template_library_text(lib, i, &tl);
        const char *found = template_library_find(lib, name, &fl);
        const char *slash = strchr(name, '/'), *dot;
        char language[16], tname[96];
        struct template_set *set = NULL;

        if ((prev && strcmp(prev, name) >= 0) || found != text || fl != tl)
            abort();
        prev = name;
        /* LANG/NAME.PART: cut the set of that template and render it */
        dot = slash ? strrchr(slash, '.') : NULL;
        if (slash == NULL || dot == NULL || slash[1] == '_' ||
            (size_t)(slash - name) >= sizeof(language) ||
            (size_t)(dot - slash - 1) >= sizeof(tname))
            continue;
        memcpy(language, name, (size_t)(slash - name));
        language[slash - name] = '\0';
        memcpy(tname, slash + 1, (size_t)(dot - slash - 1));
        tname[dot - slash - 1] = '\0';
        if (template_library_cut(lib, language, tname, &set, &err) == 0) {
            struct arena a = ARENA_INIT;
            struct sbuf out = SBUF_INIT;

            if (template_set_render(set, name, value_map_new(&a), &out,
                                    &err) < 0 &&
                err.code != DUN_E_INPUT)
                abort();
            sbuf_release(&out);
            arena_release(&a);
            template_set_free(set);
        }
    }
    template_library_free(lib);
    return 0;
}
