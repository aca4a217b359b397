/*
 * mailsource.c - messages from a Maildir, an mbox or a single file; see
 * mailsource.h.
 *
 * Reads only. A Maildir's files are opened relative to the new/ and cur/
 * directories with O_NOFOLLOW, after an lstat-like check, so that neither
 * a link planted there nor one swapped in between the check and the open
 * is followed. An mbox is read line by line through a fixed buffer; only
 * the current message and line are held.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sbuf.h"
#include "core/xalloc.h"
#include "io/mailsource.h"

#define CHUNK 65536

/* An open file read through buf. */
struct reader {
    int fd;
    char *buf; /* CHUNK bytes */
    size_t pos, len;
    int eof;
};

/* A Maildir file: its name and which directory holds it. */
struct entry {
    char *name;
    int sub; /* index into subdirs */
};

static const char *const subdirs[] = { "new", "cur" };

static int
cannot_read(struct dun_err *err, const char *path, int e)
{
    char why[128];

    return dun_err_set(err, DUN_E_IO, "%s: cannot read: %s", path,
                       errstr(e, why, sizeof(why)));
}

static int
too_big(struct dun_err *err, const char *where)
{
    return dun_err_set(err, DUN_E_INPUT, "%s: message larger than %u bytes",
                       where, MAIL_MAX_MESSAGE);
}

static ssize_t
read_some(int fd, char *buf, size_t n)
{
    ssize_t r;

    do
        r = read(fd, buf, n);
    while (r < 0 && errno == EINTR);
    return r;
}

/* Read more into r->buf after what it holds (which must leave room); -1
 * with errno on failure. Sets eof at the end of the file. */
static int
refill(struct reader *r)
{
    ssize_t n = read_some(r->fd, r->buf + r->len, CHUNK - r->len);

    if (n < 0)
        return -1;
    if (n == 0)
        r->eof = 1;
    r->len += (size_t)n;
    return 0;
}

/*
 * The next line of r, its LF included if it has one, into line (emptied
 * first): 1, or 0 at the end of the file. -1 if it cannot be read (err
 * names path) or is longer than line's cap (err names where).
 */
static int
read_line(struct reader *r, struct sbuf *line, const char *path,
          const char *where, struct dun_err *err)
{
    sbuf_reset(line);
    for (;;) {
        const char *p, *lf;
        size_t take;

        if (r->pos == r->len) {
            if (r->eof)
                return line->len > 0;
            r->pos = r->len = 0;
            if (refill(r) < 0)
                return cannot_read(err, path, errno);
            continue;
        }
        p = r->buf + r->pos;
        lf = memchr(p, '\n', r->len - r->pos);
        take = lf != NULL ? (size_t)(lf - p) + 1 : r->len - r->pos;
        if (sbuf_add(line, p, take) < 0)
            return too_big(err, where);
        r->pos += take;
        if (lf != NULL)
            return 1;
    }
}

/* "PATH:N" into where. */
static void
set_where(struct sbuf *where, const char *path, size_t n)
{
    sbuf_reset(where);
    sbuf_addf(where, "%s:%zu", path, n);
}

/* Hand an mbox message to cb, less the empty line that ends it, which
 * belongs to the separator. */
static int
emit_mbox(struct sbuf *msg, const char *where, mail_source_cb *cb, void *ctx,
          struct dun_err *err)
{
    const char *b = msg->buf;
    size_t n = msg->len;

    if (n >= 3 && memcmp(b + n - 3, "\n\r\n", 3) == 0)
        n -= 2;
    else if (n >= 2 && memcmp(b + n - 2, "\n\n", 2) == 0)
        n -= 1;
    if (n < msg->len)
        msg->buf[n] = '\0';
    return cb(ctx, where, msg->buf, n, err);
}

/* An mbox: r holds its first bytes, which are "From ". */
static int
scan_mbox(struct reader *r, const char *path, mail_source_cb *cb, void *ctx,
          struct dun_err *err)
{
    struct sbuf msg = SBUF_INIT, line = SBUF_INIT, where = SBUF_INIT;
    size_t n = 0;        /* messages begun */
    int after_blank = 1; /* the start of the file counts as one */
    int rc;

    sbuf_init(&msg, MAIL_MAX_MESSAGE);
    /* A line may lose a '>' of quoting; it must fit the message then. */
    sbuf_init(&line, MAIL_MAX_MESSAGE + 1);
    set_where(&where, path, 1);
    while ((rc = read_line(r, &line, path, where.buf, err)) == 1) {
        const char *l = line.buf;
        size_t len = line.len;
        size_t k = 0;

        if (after_blank && len >= 5 && memcmp(l, "From ", 5) == 0) {
            if (n > 0 && emit_mbox(&msg, where.buf, cb, ctx, err) < 0)
                goto fail;
            set_where(&where, path, ++n);
            sbuf_reset(&msg);
            after_blank = 0;
            continue;
        }
        after_blank = (len == 1 && l[0] == '\n') ||
                      (len == 2 && l[0] == '\r' && l[1] == '\n');
        /* mboxrd: ">From ", ">>From " ... lose one '>'. */
        while (k < len && l[k] == '>')
            k++;
        if (k > 0 && len - k >= 5 && memcmp(l + k, "From ", 5) == 0) {
            l++;
            len--;
        }
        if (sbuf_add(&msg, l, len) < 0) {
            too_big(err, where.buf);
            goto fail;
        }
    }
    if (rc < 0)
        goto fail;
    if (n > 0 && emit_mbox(&msg, where.buf, cb, ctx, err) < 0)
        goto fail;
    rc = 0;
    goto out;
fail:
    rc = -1;
out:
    sbuf_release(&msg);
    sbuf_release(&line);
    sbuf_release(&where);
    return rc;
}

/* The rest of r, after what its buffer holds, into out (emptied first);
 * where names the message in errors, path the file. */
static int
read_whole(struct reader *r, struct sbuf *out, const char *path,
           const char *where, struct dun_err *err)
{
    sbuf_reset(out);
    for (;;) {
        if (sbuf_add(out, r->buf + r->pos, r->len - r->pos) < 0)
            return too_big(err, where);
        r->pos = r->len = 0;
        if (r->eof)
            return 0;
        if (refill(r) < 0)
            return cannot_read(err, path, errno);
    }
}

/* A file that is not a directory: an mbox or one message. */
static int
scan_file(int fd, const char *path, mail_source_cb *cb, void *ctx,
          struct dun_err *err)
{
    struct reader r = { fd, NULL, 0, 0, 0 };
    struct sbuf msg = SBUF_INIT;
    int rc = -1;

    r.buf = xmalloc(CHUNK);
    /* Enough to tell an mbox, even if the file arrives in dribs. */
    while (r.len < 5 && !r.eof)
        if (refill(&r) < 0) {
            cannot_read(err, path, errno);
            goto out;
        }
    if (r.len >= 5 && memcmp(r.buf, "From ", 5) == 0) {
        rc = scan_mbox(&r, path, cb, ctx, err);
        goto out;
    }
    sbuf_init(&msg, MAIL_MAX_MESSAGE);
    if (read_whole(&r, &msg, path, path, err) < 0)
        goto out;
    rc = cb(ctx, path, msg.buf, msg.len, err) < 0 ? -1 : 0;
out:
    sbuf_release(&msg);
    free(r.buf);
    return rc;
}

static int
by_name(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    return c != 0 ? c : x->sub - y->sub;
}

/*
 * Open the Maildir's subdirs[sub] into *fd (-1 if it is absent or a link)
 * and add its entries to *v. dir is the Maildir's path with a final '/'.
 */
static int
list_subdir(int dfd, const char *dir, int sub, int *fd, struct entry **v,
            size_t *n, struct dun_err *err)
{
    struct sbuf where = SBUF_INIT;
    struct dirent *de;
    DIR *d = NULL;
    int lfd, rc = -1;

    sbuf_addf(&where, "%s%s", dir, subdirs[sub]);
    *fd = openat(dfd, subdirs[sub],
                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (*fd < 0) {
        if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR) {
            rc = 0;
            goto out;
        }
        cannot_read(err, where.buf, errno);
        goto out;
    }
    /* closedir closes the descriptor it reads; *fd stays for openat. */
    if ((lfd = openat(*fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
        (d = fdopendir(lfd)) == NULL) {
        int e = errno;

        if (lfd >= 0)
            close(lfd);
        cannot_read(err, where.buf, e);
        goto out;
    }
    for (;;) {
        errno = 0;
        if ((de = readdir(d)) == NULL)
            break;
        if (de->d_name[0] == '.')
            continue;
        if (*n == MAIL_MAX_FILES) {
            dun_err_set(err, DUN_E_INPUT, "%.*s: more than %d files",
                        (int)strlen(dir) - 1, dir, MAIL_MAX_FILES);
            goto out;
        }
        *v = xreallocarray(*v, *n + 1, sizeof(**v));
        (*v)[*n].name = xstrdup(de->d_name);
        (*v)[*n].sub = sub;
        (*n)++;
    }
    if (errno != 0) {
        cannot_read(err, where.buf, errno);
        goto out;
    }
    rc = 0;
out:
    if (d != NULL)
        closedir(d);
    sbuf_release(&where);
    return rc;
}

/* Read the Maildir file e into msg: 1, 0 if it is to be skipped (gone,
 * a link, not a regular file), -1 on failure. */
static int
read_entry(int dfd, const struct entry *e, const char *where, struct sbuf *msg,
           struct dun_err *err)
{
    struct reader r = { -1, NULL, 0, 0, 0 };
    struct stat st;
    int rc = -1;

    if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno == ENOENT ? 0 : cannot_read(err, where, errno);
    if (!S_ISREG(st.st_mode))
        return 0;
    /* O_NONBLOCK: should a FIFO be swapped in, the open must not wait. */
    r.fd = openat(dfd, e->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (r.fd < 0)
        return errno == ENOENT || errno == ELOOP
                   ? 0
                   : cannot_read(err, where, errno);
    if (fstat(r.fd, &st) < 0) {
        cannot_read(err, where, errno);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = 0;
        goto out;
    }
    r.buf = xmalloc(CHUNK);
    if (read_whole(&r, msg, where, where, err) < 0)
        goto out;
    rc = 1;
out:
    free(r.buf);
    close(r.fd);
    return rc;
}

static int
scan_maildir(int dfd, const char *path, mail_source_cb *cb, void *ctx,
             struct dun_err *err)
{
    struct sbuf dir = SBUF_INIT, where = SBUF_INIT, msg = SBUF_INIT;
    int fds[2] = { -1, -1 };
    struct entry *v = NULL;
    size_t n = 0;
    int rc = -1;

    sbuf_addstr(&dir, path);
    if (dir.len == 0 || dir.buf[dir.len - 1] != '/')
        sbuf_addch(&dir, '/');
    for (int i = 0; i < 2; i++)
        if (list_subdir(dfd, dir.buf, i, &fds[i], &v, &n, err) < 0)
            goto out;
    if (fds[0] < 0 && fds[1] < 0) {
        dun_err_set(err, DUN_E_INPUT,
                    "%s: not a Maildir: no new/ or cur/ directory", path);
        goto out;
    }
    if (n > 0)
        qsort(v, n, sizeof(*v), by_name);
    sbuf_init(&msg, MAIL_MAX_MESSAGE);
    for (size_t i = 0; i < n; i++) {
        int got;

        sbuf_reset(&where);
        sbuf_addf(&where, "%s%s/%s", dir.buf, subdirs[v[i].sub], v[i].name);
        got = read_entry(fds[v[i].sub], &v[i], where.buf, &msg, err);
        if (got < 0)
            goto out;
        if (got == 1 && cb(ctx, where.buf, msg.buf, msg.len, err) < 0)
            goto out;
    }
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
    for (int i = 0; i < 2; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    sbuf_release(&dir);
    sbuf_release(&where);
    sbuf_release(&msg);
    return rc;
}

int
mail_source_scan(const char *path, mail_source_cb *cb, void *ctx,
                 struct dun_err *err)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return cannot_read(err, path, errno);
    if (fstat(fd, &st) < 0) {
        rc = cannot_read(err, path, errno);
    } else if (S_ISDIR(st.st_mode)) {
        rc = scan_maildir(fd, path, cb, ctx, err);
    } else {
        rc = scan_file(fd, path, cb, ctx, err);
    }
    close(fd);
    return rc;
}
