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
#include "render/templates.h"

static int
make_dir(const char *path, struct dun_err *err)
{
    char why[128];

    if (mkdir(path, 0700) < 0 && errno != EEXIST)
        return dun_err_set(err, DUN_E_IO, "%s: cannot create: %s", path,
                           errstr(errno, why, sizeof(why)));
    return 0;
}

int
templates_export(const char *dir, int64_t *written, struct dun_err *err)
{
    char path[4096], lang[4096];

    *written = 0;
    if (make_dir(dir, err) < 0)
        return -1;
    for (size_t i = 0; i < embedded_ntemplates; i++) {
        const struct embedded_template *t = &embedded_templates[i];
        const char *slash = strchr(t->name, '/');

        if (slash == NULL)
            continue;
        snprintf(lang, sizeof(lang), "%s/%.*s", dir, (int)(slash - t->name),
                 t->name);
        if (make_dir(lang, err) < 0)
            return -1;
        if (snprintf(path, sizeof(path), "%s/%s.mustache", dir, t->name) >=
            (int)sizeof(path))
            return dun_err_set(err, DUN_E_IO, "%s: path too long", dir);
        if (textfile_write(path, t->text, t->len, err) < 0)
            return -1;
        (*written)++;
    }
    return 0;
}
