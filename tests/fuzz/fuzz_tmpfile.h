/*
 * fuzz_tmpfile.h - for fuzz targets whose parser reads a file by path:
 * one temporary file per process, rewritten with each input and removed
 * at exit. Included by the targets that need it (header-only: each
 * target is one program).
 */
#ifndef DUN_FUZZ_TMPFILE_H
#define DUN_FUZZ_TMPFILE_H

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char tmp_path[] = "/tmp/dun-fuzz-XXXXXX";
static int tmp_fd = -1;

static void
remove_tmp(void)
{
    unlink(tmp_path);
}

/* Replace the temporary file's contents with data (created on first use). */
static void
write_tmp(const uint8_t *data, size_t size)
{
    size_t done = 0;

    if (tmp_fd < 0) {
        if ((tmp_fd = mkstemp(tmp_path)) < 0)
            abort();
        atexit(remove_tmp);
    }
    if (ftruncate(tmp_fd, 0) < 0)
        abort();
    while (done < size) {
        ssize_t n = pwrite(tmp_fd, data + done, size - done, (off_t)done);

        if (n <= 0)
            abort();
        done += (size_t)n;
    }
}

#endif
