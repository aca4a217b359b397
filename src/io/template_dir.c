/*
 * template_dir.c - read a directory of template files; see
 * template_dir.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/sbuf.h"
#include "core/xalloc.h"
#include "io/template_dir.h"
#include "io/textfile.h"

#define NAMES_MAX 100000 /* entries of one directory we look at */

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in path but . and .., sorted (caller frees each and v). */
static int
list(const char *path, char ***out, size_t *n, struct dun_err *err)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **v = NULL, why[128];
    size_t cap = 0;

    *n = 0;
    if (d == NULL)
        return dun_err_set(err, DUN_E_IO, "%s: cannot open: %s", path,
                           errstr(errno, why, sizeof(why)));
    while ((e = readdir(d)) != NULL && *n < NAMES_MAX) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            v = xreallocarray(v, cap, sizeof(*v));
        }
        v[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof(*v), cmp_name);
    *out = v;
    return 0;
}

static void
list_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Each entry of the language directory dir/lang. */
static int
read_language(const char *dir, const char *lang, size_t max,
              template_dir_cb *cb, void *ctx, struct dun_err *err)
{
    struct sbuf path = SBUF_INIT, rel = SBUF_INIT, text = SBUF_INIT;
    char **v = NULL;
    size_t n = 0;
    int rc = -1;

    sbuf_addf(&path, "%s/%s", dir, lang);
    if (list(path.buf, &v, &n, err) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        struct dun_err rerr = DUN_ERR_INIT;
        const char *why = NULL;
        struct stat sb;
        int found;

        sbuf_reset(&path);
        sbuf_addf(&path, "%s/%s/%s", dir, lang, v[i]);
        found = stat(path.buf, &sb) == 0;
        sbuf_reset(&rel);
        sbuf_addf(&rel, "%s/%s", lang, v[i]);
        sbuf_reset(&text);
        if (found && S_ISDIR(sb.st_mode)) {
            why = "a directory";
        } else if (!found || !S_ISREG(sb.st_mode)) {
            why = "not a regular file";
        } else if (textfile_read(path.buf, max, &text, &rerr) < 0) {
            /* The reason without the path it starts with. */
            why = rerr.msg;
            if (strncmp(why, path.buf, path.len) == 0 &&
                strncmp(why + path.len, ": ", 2) == 0)
                why += path.len + 2;
        }
        if (cb(ctx, rel.buf, path.buf, why ? NULL : text.buf, text.len, why,
               err) < 0)
            goto out;
    }
    rc = 0;
out:
    list_free(v, n);
    sbuf_release(&path);
    sbuf_release(&rel);
    sbuf_release(&text);
    return rc;
}

int
template_dir_read(const char *dir, size_t max, template_dir_cb *cb,
                  void *ctx, struct dun_err *err)
{
    struct sbuf path = SBUF_INIT;
    char **v = NULL;
    size_t n = 0;
    int rc = -1;

    if (list(dir, &v, &n, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;

        sbuf_reset(&path);
        sbuf_addf(&path, "%s/%s", dir, v[i]);
        if (stat(path.buf, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if (read_language(dir, v[i], max, cb, ctx, err) < 0)
                goto out;
        } else if (cb(ctx, v[i], path.buf, NULL, 0,
                      "not in a language's directory", err) < 0) {
            goto out;
        }
    }
    rc = 0;
out:
    list_free(v, n);
    sbuf_release(&path);
    return rc;
}
