/*
 * replay.c - run a fuzz target on saved inputs, without libFuzzer.
 *
 * Linked with one fuzz_T.c, this is an ordinary test program: it feeds
 * LLVMFuzzerTestOneInput every regular file named on the command line or
 * found (not recursively) in a directory named there, so that the seed
 * corpora and any crash input saved next to them run in every build,
 * including the sanitizer build of the normal test suite. A target reports
 * a violation by aborting; replay only reports what it could not read.
 *
 * usage: replay_T PATH...   Exit status: 0, or 1 if a path cannot be read
 * or no input was found.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "replay: PATH: strerror(errno)" on stderr. */
static void
fail_errno(const char *path)
{
    char buf[128];
    const char *why = errstr(errno, buf, sizeof(buf));

    fprintf(stderr, "replay: %s: %s\n", path, why);
}

/* Replay one file; -1 (after a message) if it cannot be read. */
static int
replay_file(const char *path)
{
    struct stat st;
    unsigned char *buf = NULL;
    size_t len, got;
    FILE *fp;
    int rc = -1;

    if ((fp = fopen(path, "rb")) == NULL) {
        fail_errno(path);
        return -1;
    }
    if (fstat(fileno(fp), &st) < 0) {
        fail_errno(path);
        goto out;
    }
    len = (size_t)st.st_size;
    /* Exactly len bytes, so that ASan sees any read past the input, as
     * under libFuzzer; malloc(0) may return NULL, so ask for one byte. */
    if ((buf = malloc(len ? len : 1)) == NULL) {
        fprintf(stderr, "replay: %s: out of memory\n", path);
        goto out;
    }
    got = fread(buf, 1, len, fp);
    if (got != len || ferror(fp)) {
        fprintf(stderr, "replay: %s: short read\n", path);
        goto out;
    }
    LLVMFuzzerTestOneInput(buf, len);
    rc = 0;
out:
    free(buf);
    fclose(fp);
    return rc;
}

/* Replay the regular files of dir in name order; *n counts them. */
static int
replay_dir(const char *dir, size_t *n)
{
    struct dirent **names;
    int count = scandir(dir, &names, NULL, alphasort);
    int rc = 0;

    if (count < 0) {
        fail_errno(dir);
        return -1;
    }
    for (int i = 0; i < count; i++) {
        size_t need = strlen(dir) + strlen(names[i]->d_name) + 2;
        char *path = malloc(need);
        struct stat st;

        if (path == NULL) {
            fprintf(stderr, "replay: out of memory\n");
            rc = -1;
        } else {
            snprintf(path, need, "%s/%s", dir, names[i]->d_name);
            /* Subdirectories, ".", ".." and the like are not inputs. */
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (replay_file(path) < 0)
                    rc = -1;
                else
                    (*n)++;
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return rc;
}

int
main(int argc, char **argv)
{
    size_t n = 0;
    int failed = 0;

    for (int i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) < 0) {
            fail_errno(argv[i]);
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            if (replay_dir(argv[i], &n) < 0)
                failed = 1;
        } else if (replay_file(argv[i]) < 0) {
            failed = 1;
        } else {
            n++;
        }
    }
    printf("replayed %zu inputs\n", n);
    if (n == 0) {
        fprintf(stderr, "replay: no input found\n");
        failed = 1;
    }
    return failed;
}
