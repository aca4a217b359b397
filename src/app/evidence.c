/*
 * evidence.c - proof attached to a message; see evidence.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/evidence.h"
#include "app/outbox.h"
#include "core/contact.h"
#include "core/sha256.h"
#include "core/xalloc.h"
#include "store/store.h"

static const char *const kinds[] = { "certified", "registered", "courier",
                                     "receipt" };

/* The whole file at path into *data (malloc'd), at most max bytes. */
static int
read_file(const char *path, size_t max, void **data, size_t *len,
          struct dun_err *err)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    size_t done = 0;
    char *buf;

    if (fd < 0)
        return dun_err_set(err, DUN_E_INPUT, "--file: cannot open %s: %s",
                           path, strerror(errno));
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return dun_err_set(err, DUN_E_INPUT, "--file: %s is not a file",
                           path);
    }
    if ((uint64_t)sb.st_size > max) {
        close(fd);
        return dun_err_set(err, DUN_E_INPUT, "--file: %s is larger than "
                           "%zu bytes", path, max);
    }
    buf = xmalloc((size_t)sb.st_size + 1);
    while (done < (size_t)sb.st_size) {
        ssize_t n = read(fd, buf + done, (size_t)sb.st_size - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;

            free(buf);
            close(fd);
            return dun_err_set(err, DUN_E_IO, "--file: cannot read %s: %s",
                               path, strerror(e));
        }
        done += (size_t)n;
    }
    close(fd);
    *data = buf;
    *len = done;
    return 0;
}

int
evidence_add(struct app *app, int64_t seq, const char *kind,
             const char *ref, const char *path, struct evidence_added *out,
             struct dun_err *err)
{
    struct store *st = app->st;
    struct store_evidence e = { .seq = seq, .at = app->now,
                                .actor = app->actor, .kind = kind,
                                .ref = ref, .file_name = "" };
    struct arena a = ARENA_INIT;
    struct message m;
    void *data = NULL;
    const char *why;
    size_t k, len = 0;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
        if (strcmp(kinds[k], kind) == 0)
            break;
    if (k == sizeof(kinds) / sizeof(kinds[0]))
        return dun_err_set(err, DUN_E_INPUT, "--kind: one of certified, "
                           "registered, courier, receipt");
    if (!ref[0])
        return dun_err_set(err, DUN_E_INPUT, "--ref: missing");
    if (contact_text_check(ref, EVIDENCE_REF_MAX, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "--ref: %s", why);
    if (path && read_file(path, EVIDENCE_FILE_MAX, &data, &len, err) < 0)
        return -1;
    if (path) {
        struct sha256 c;
        const char *base = strrchr(path, '/');

        sha256_init(&c);
        sha256_update(&c, data, len);
        sha256_final(&c, e.sha256);
        e.file = data;
        e.file_len = len;
        e.file_name = base ? base + 1 : path;
        for (int i = 0; i < 32; i++)
            snprintf(out->sha256_hex + 2 * i, 3, "%02x", e.sha256[i]);
        out->file_len = (int64_t)len;
    }
    if (store_begin(st, err) < 0)
        goto out;
    if (outbox_get(app, seq, &m, &a, err) < 0 ||
        st->ops->evidence_add(st, &e, err) < 0 || store_commit(st, err) < 0) {
        store_rollback(st);
        goto out;
    }
    out->n = e.n;
    rc = 0;
out:
    free(data);
    arena_release(&a);
    return rc;
}
