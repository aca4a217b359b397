/*
 * textfile.c - read a small text file whole; write a file whole.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

/*
 * Write a file whole or not at all: into a new file beside it (made
 * readable by its owner only, as mkstemp makes it), then renamed over
 * path. A full disk leaves no cut file, and a symbolic link named like
 * the file is replaced, never followed to overwrite what it points at.
 */
int
textfile_write(const char *path, const void *data, size_t len,
               struct dun_err *err)
{
    char tmp[4200], why[128];
    int fd, e = 0;
    size_t done = 0;

    if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
        return dun_err_set(err, DUN_E_IO, "%s: path too long", path);
    if ((fd = mkstemp(tmp)) < 0)
        return dun_err_set(err, DUN_E_IO, "%s: cannot write: %s", path,
                           errstr(errno, why, sizeof(why)));
    while (done < len) {
        ssize_t n = write(fd, (const char *)data + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? errno : ENOSPC;
            break;
        }
        done += (size_t)n;
    }
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e == 0 && rename(tmp, path) != 0)
        e = errno;
    if (e != 0) {
        unlink(tmp);
        return dun_err_set(err, DUN_E_IO, "%s: cannot write: %s", path,
                           errstr(e, why, sizeof(why)));
    }
    return 0;
}

int
textfile_mkdir(const char *path, struct dun_err *err)
{
    char why[128];

    if (mkdir(path, 0700) < 0 && errno != EEXIST)
        return dun_err_set(err, DUN_E_IO, "%s: cannot create: %s", path,
                           errstr(errno, why, sizeof(why)));
    return 0;
}
