/*
 * textfile.c - read a small text file whole.
 */
#include <errno.h>
#include <stdio.h>

#include "io/textfile.h"

int
textfile_read(const char *path, size_t max, struct sbuf *out,
              struct dun_err *err)
{
    char buf[8192], why[128];
    FILE *fp = fopen(path, "rb");
    size_t n, total = 0;
    int failed;

    if (fp == NULL)
        return dun_err_set(err, DUN_E_IO, "%s: cannot open: %s", path,
                           errstr(errno, why, sizeof(why)));
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
        total += n;
        if (total > max) {
            fclose(fp);
            return dun_err_set(err, DUN_E_INPUT, "%s: larger than %zu "
                               "bytes", path, max);
        }
        sbuf_add(out, buf, n);
    }
    failed = ferror(fp);
    fclose(fp);
    if (failed)
        return dun_err_set(err, DUN_E_IO, "%s: cannot read", path);
    return 0;
}
