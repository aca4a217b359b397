/*
 * templates_export.c - the built-in templates as files; see
 * templates_export.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/templates_export.h"
#include "io/textfile.h"
#include "app/templates.h"

int
templates_export(struct app *app, const char *dir, int64_t *written,
                 struct dun_err *err)
{
    struct template_library *lib = NULL;
    char path[4096], lang[4096];
    int64_t version;
    int rc = -1;

    *written = 0;
    if (templates_in_force(app, &lib, &version, err) < 0)
        return -1;
    if (textfile_mkdir(dir, err) < 0)
        goto out;
    for (size_t i = 0; i < template_library_count(lib); i++) {
        const char *name = template_library_name(lib, i), *text;
        const char *slash = strchr(name, '/');
        size_t len;

        text = template_library_text(lib, i, &len);
        if (slash == NULL)
            continue;
        snprintf(lang, sizeof(lang), "%s/%.*s", dir, (int)(slash - name),
                 name);
        if (textfile_mkdir(lang, err) < 0)
            goto out;
        if (snprintf(path, sizeof(path), "%s/%s.mustache", dir, name) >=
            (int)sizeof(path)) {
            dun_err_set(err, DUN_E_IO, "%s: path too long", dir);
            goto out;
        }
        if (textfile_write(path, text, len, err) < 0)
            goto out;
        (*written)++;
    }
    rc = 0;
out:
    template_library_free(lib);
    return rc;
}
