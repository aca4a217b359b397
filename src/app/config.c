/*
 * config.c - the business's settings for sending and for printed
 * letters: checked when set, defaults applied when read. See config.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/config.h"
#include "app/tenant.h"
#include "core/contact.h"
#include "core/model.h"
#include "core/png.h"
#include "core/sha256.h"
#include "io/textfile.h"
#include "store/store.h"

/* A check: 0, or -1 with *why a short phrase. */
typedef int check_fn(const char *v, char *why, size_t n);

struct key {
    const char *name;
    const char *about;
    const char *deflt; /* NULL: none (mail.from: the business's e-mail) */
    check_fn *check;   /* NULL: the value is a PNG file's path (set_png) */
};

static int
fail(char *why, size_t n, const char *msg)
{
    snprintf(why, n, "%s", msg);
    return -1;
}

static int
is_host_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* smtp://HOST[:PORT] or smtps://HOST[:PORT]; HOST a name, an IPv4
 * address or [an IPv6 one]; nothing after the port but one '/'. */
static int
check_url(const char *v, char *why, size_t n)
{
    const char *p, *host;
    size_t hl;

    if (strncmp(v, "smtp://", 7) == 0)
        p = v + 7;
    else if (strncmp(v, "smtps://", 8) == 0)
        p = v + 8;
    else
        return fail(why, n, "not smtp://HOST[:PORT] or smtps://HOST[:PORT]");
    /* A password in the URL would be stored and shown: never. */
    if (strchr(p, '@'))
        return fail(why, n, "no user or password in the URL (see smtp.user "
                    "and smtp.password_file)");
    host = p;
    if (*p == '[') {
        p++;
        while (*p && (strchr("0123456789abcdefABCDEF:.", *p)))
            p++;
        if (*p != ']' || p == host + 1)
            return fail(why, n, "an IPv6 address goes in [brackets]");
        p++;
    } else {
        while (is_host_char((unsigned char)*p))
            p++;
    }
    hl = (size_t)(p - host);
    if (hl == 0 || hl > 253)
        return fail(why, n, "no host name");
    if (host[0] == '-' || host[0] == '.' || p[-1] == '-' || p[-1] == '.')
        return fail(why, n, "not a host name");
    if (*p == ':') {
        char *end;
        long port;

        errno = 0;
        port = strtol(p + 1, &end, 10);
        if (end == p + 1 || errno || port < 1 || port > 65535 ||
            (p[1] < '0' || p[1] > '9'))
            return fail(why, n, "the port is a number from 1 to 65535");
        p = end;
    }
    if (*p == '/')
        p++;
    if (*p)
        return fail(why, n, "nothing may follow the host and port (no "
                    "user, password or path: see smtp.user and "
                    "smtp.password_file)");
    return 0;
}

static int
check_starttls(const char *v, char *why, size_t n)
{
    if (strcmp(v, "required") && strcmp(v, "optional") && strcmp(v, "never"))
        return fail(why, n, "one of required, optional, never");
    return 0;
}

static int
check_user(const char *v, char *why, size_t n)
{
    const char *reason;

    if (contact_text_check(v, 256, &reason) < 0)
        return fail(why, n, reason);
    return 0;
}

static int
check_email(const char *v, char *why, size_t n)
{
    const char *reason;

    if (contact_email_check(v, &reason) < 0) {
        snprintf(why, n, "not an e-mail address: %s", reason);
        return -1;
    }
    return 0;
}

/* An integer from lo to hi, written plainly. */
static int
check_range(const char *v, long lo, long hi, char *why, size_t n)
{
    char *end;
    long x;

    errno = 0;
    x = strtol(v, &end, 10);
    if (!*v || *end || errno || x < lo || x > hi || v[0] == '+' ||
        v[0] == ' ') {
        snprintf(why, n, "a whole number from %ld to %ld", lo, hi);
        return -1;
    }
    return 0;
}

static int
check_rate(const char *v, char *why, size_t n)
{
    return check_range(v, 1, 60000, why, n);
}

static int
check_attempts(const char *v, char *why, size_t n)
{
    return check_range(v, 1, 20, why, n);
}

static int
check_retry(const char *v, char *why, size_t n)
{
    return check_range(v, 1, 14400, why, n);
}

/* Open path for reading and hold it to what a secret's file must be. */
static int
open_secret(const char *path, char *why, size_t n)
{
    struct stat sb;
    int fd;

    if (path[0] != '/')
        return fail(why, n, "give the file's absolute path");
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(why, n, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        snprintf(why, n, "%s is not a file", path);
        return -1;
    }
    if (sb.st_uid != geteuid()) {
        close(fd);
        snprintf(why, n, "%s belongs to another user (it must be yours)",
                 path);
        return -1;
    }
    if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
        close(fd);
        snprintf(why, n, "%s may be read by others: run 'chmod 600 %s'",
                 path, path);
        return -1;
    }
    return fd;
}

static int
check_password_file(const char *v, char *why, size_t n)
{
    int fd = open_secret(v, why, n);

    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

/* A PEM bundle: an absolute path to a file dun can read. */
static int
check_ca_file(const char *v, char *why, size_t n)
{
    struct stat sb;

    if (v[0] != '/')
        return fail(why, n, "give the file's absolute path");
    if (stat(v, &sb) < 0) {
        snprintf(why, n, "cannot open %s: %s", v, strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode) || access(v, R_OK) != 0) {
        snprintf(why, n, "%s is not a file dun can read", v);
        return -1;
    }
    return 0;
}

static const char *const paper_names[] = {
    [LETTER_PAPER_A4_DIN] = "a4-din",
    [LETTER_PAPER_A4_UK] = "a4-uk",
    [LETTER_PAPER_US_LETTER] = "us-letter",
};

enum { NPAPERS = sizeof(paper_names) / sizeof(paper_names[0]) };

static int
check_paper(const char *v, char *why, size_t n)
{
    if (strcmp(v, "auto") == 0)
        return 0;
    for (size_t i = 0; i < NPAPERS; i++)
        if (strcmp(v, paper_names[i]) == 0)
            return 0;
    return fail(why, n, "one of auto, a4-din, a4-uk, us-letter");
}

static const struct key keys[] = {
    {"smtp.url", "the mail server: smtp://HOST[:PORT] or smtps://HOST[:PORT]",
     NULL, check_url},
    {"smtp.starttls", "STARTTLS on smtp://: required, optional or never",
     "optional", check_starttls},
    {"smtp.user", "the login name at the mail server", NULL, check_user},
    {"smtp.password_file", "a file holding the password, only its owner "
     "may read it", NULL, check_password_file},
    {"smtp.ca_file", "the certificates to trust, a PEM file (default: "
     "the system's)", NULL, check_ca_file},
    {"mail.from", "who the messages are from (default: the business's "
     "e-mail)", NULL, check_email},
    {"mail.reply_to", "where replies go", NULL, check_email},
    {"mail.bcc", "an archive address that gets a copy of each message",
     NULL, check_email},
    {"send.rate", "messages per minute", "60", check_rate},
    {"send.max_attempts", "tries of one message before it is failed", "5",
     check_attempts},
    {"send.retry_after", "seconds before the first retry (doubling after, "
     "at most 4 hours)", "300", check_retry},
    {"letter.paper", "the paper letters are laid out for: auto (by the "
     "customer's country), a4-din, a4-uk or us-letter", "auto",
     check_paper},
    {"letter.logo", "the letterhead's logo: a PNG file of at most 1 MiB, "
     "kept in the database", NULL, NULL},
};

enum { NKEYS = sizeof(keys) / sizeof(keys[0]) };

static const struct key *
find_key(const char *name, struct dun_err *err)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    dun_err_set(err, DUN_E_INPUT, "no setting called '%s' (see 'dun config "
                "list')", name);
    return NULL;
}

/* Read the PNG file at path, check it (core/png.h) and keep its bytes
 * under key, its value a description: "PNG 300x120, 5210 bytes, sha256
 * 3a7bd3e2360a". Letters then draw it from the database alone: the file
 * may move or change after. */
static int
set_png(struct app *app, const char *key, const char *path,
        struct dun_err *err)
{
    struct store *st = app->st;
    struct sbuf png = SBUF_INIT;
    struct png_info info;
    unsigned char digest[SHA256_LEN];
    char hex[65], value[128];
    const char *why;
    int rc = -1;

    if (path[0] == '\0')
        return dun_err_set(err, DUN_E_INPUT, "%s: give the PNG file's path "
                           "(dun config unset %s removes the logo)", key,
                           key);
    if (textfile_read(path, CONFIG_LOGO_MAX, &png, err) < 0) {
        struct dun_err why_read = *err;

        dun_err_set(err, DUN_E_INPUT, "%s: %s", key, why_read.msg);
        goto out;
    }
    if (png_inspect(png.buf, png.len, &info, &why) < 0) {
        dun_err_set(err, DUN_E_INPUT, "%s: %s is %s", key, path, why);
        goto out;
    }
    sha256(png.buf, png.len, digest);
    sha256_hex(digest, hex);
    snprintf(value, sizeof(value), "PNG %lux%lu, %zu bytes, sha256 %.12s",
             (unsigned long)info.width, (unsigned long)info.height, png.len,
             hex);
    if (store_begin(st, err) < 0)
        goto out;
    if (st->ops->config_put_data(st, key, value, png.buf, png.len, err) < 0 ||
        store_commit(st, err) < 0) {
        store_rollback(st);
        goto out;
    }
    rc = 0;
out:
    sbuf_release(&png);
    return rc;
}

int
config_set(struct app *app, const char *key, const char *value,
           struct dun_err *err)
{
    struct store *st = app->st;
    const struct key *k = find_key(key, err);
    char why[512];

    if (k == NULL)
        return -1;
    if (k->check == NULL)
        return set_png(app, key, value, err);
    if (k->check(value, why, sizeof(why)) < 0)
        return dun_err_set(err, DUN_E_INPUT, "%s: %s", key, why);
    if (store_begin(st, err) < 0)
        return -1;
    if (st->ops->config_put(st, key, value, err) < 0 ||
        store_commit(st, err) < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}

int
config_unset(struct app *app, const char *key, struct dun_err *err)
{
    struct store *st = app->st;

    if (find_key(key, err) == NULL)
        return -1;
    if (store_begin(st, err) < 0)
        return -1;
    if (st->ops->config_put(st, key, NULL, err) < 0 ||
        store_commit(st, err) < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}

static int
entry_of(struct app *app, const struct key *k, struct config_entry *e,
         struct arena *a, struct dun_err *err)
{
    const char *v;
    int rc = app->st->ops->config_get(app->st, k->name, &v, a, err);

    if (rc < 0)
        return -1;
    *e = (struct config_entry){ .key = k->name, .value = rc ? v : "",
                                .is_set = rc, .about = k->about };
    if (!rc && k->deflt) {
        e->value = k->deflt;
    } else if (!rc && strcmp(k->name, "mail.from") == 0) {
        struct tenant t;

        if (tenant_show(app, &t, a, err) < 0)
            return -1;
        e->value = t.email;
    }
    return 0;
}

int
config_get(struct app *app, const char *key, struct config_entry *e,
           struct arena *a, struct dun_err *err)
{
    const struct key *k = find_key(key, err);

    return k ? entry_of(app, k, e, a, err) : -1;
}

int
config_list(struct app *app, config_cb *cb, void *ctx, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    int rc = 0;

    for (size_t i = 0; i < NKEYS && rc == 0; i++) {
        struct config_entry e;

        arena_reset(&a);
        rc = entry_of(app, &keys[i], &e, &a, err);
        if (rc == 0)
            rc = cb(ctx, &e, err);
    }
    arena_release(&a);
    return rc;
}

int
config_send_load(struct app *app, struct send_config *out, struct arena *a,
                 struct dun_err *err)
{
    /* The text settings, in the order of keys[]. */
    const char **text[] = { &out->smtp_url, NULL, &out->smtp_user,
                            &out->password_file, &out->ca_file, &out->from,
                            &out->reply_to, &out->bcc };
    struct config_entry e;

    for (size_t i = 0; i < NKEYS; i++) {
        if (entry_of(app, &keys[i], &e, a, err) < 0)
            return -1;
        if (i < sizeof(text) / sizeof(text[0]) && text[i])
            *text[i] = e.value;
        else if (strcmp(e.key, "smtp.starttls") == 0)
            out->starttls = strcmp(e.value, "never") == 0      ? 0
                            : strcmp(e.value, "required") == 0 ? 2
                                                               : 1;
        else if (strcmp(e.key, "send.rate") == 0)
            out->rate = atoi(e.value);
        else if (strcmp(e.key, "send.max_attempts") == 0)
            out->max_attempts = atoi(e.value);
        else if (strcmp(e.key, "send.retry_after") == 0)
            out->retry_after = atoi(e.value);
    }
    return 0;
}

int
config_read_password(const char *path, char *buf, size_t size,
                     struct dun_err *err)
{
    char why[512];
    int fd = open_secret(path, why, sizeof(why));
    ssize_t got;

    if (fd < 0)
        return dun_err_set(err, DUN_E_INPUT, "smtp.password_file: %s", why);
    got = read(fd, buf, size - 1);
    close(fd);
    if (got < 0)
        return dun_err_set(err, DUN_E_IO, "%s: cannot read: %s", path,
                           strerror(errno));
    buf[got] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    if (buf[0] == '\0')
        return dun_err_set(err, DUN_E_INPUT, "smtp.password_file: %s holds "
                           "no password", path);
    return 0;
}

const char *
config_paper_name(enum letter_paper p)
{
    return (size_t)p < NPAPERS ? paper_names[p] : paper_names[0];
}

enum letter_paper
config_paper_for_country(const char *country)
{
    /* The Americas that print on US Letter (ANSI/ASME Y14.1; Canada
     * and Mexico by custom), and the Philippines. */
    static const char *const letter[] = {
        "US", "CA", "MX", "PR", "VI", "GU", "AS", "MP", "UM", "PH", "CL",
        "CO", "VE", "GT", "CR", "DO", "SV", "NI", "PA",
    };
    /* A4 laid out as the UK's window envelopes want it (BS EN ISO 269
     * C5/DL, the address higher and further left than DIN 5008's). */
    static const char *const uk[] = { "GB", "IE", "IM", "JE", "GG" };

    if (country == NULL)
        return LETTER_PAPER_A4_DIN;
    for (size_t i = 0; i < sizeof(letter) / sizeof(letter[0]); i++)
        if (strcmp(country, letter[i]) == 0)
            return LETTER_PAPER_US_LETTER;
    for (size_t i = 0; i < sizeof(uk) / sizeof(uk[0]); i++)
        if (strcmp(country, uk[i]) == 0)
            return LETTER_PAPER_A4_UK;
    return LETTER_PAPER_A4_DIN;
}

int
config_letter_paper(struct app *app, const char *country,
                    enum letter_paper *out, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    const char *v;
    int rc = app->st->ops->config_get(app->st, "letter.paper", &v, &a, err);

    if (rc < 0) {
        arena_release(&a);
        return -1;
    }
    *out = config_paper_for_country(country);
    /* Set: its paper, unless auto. */
    for (size_t i = 0; rc == 1 && i < NPAPERS; i++)
        if (strcmp(v, paper_names[i]) == 0)
            *out = (enum letter_paper)i;
    arena_release(&a);
    return 0;
}

int
config_letter_logo(struct app *app, struct sbuf *png, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    const void *data;
    size_t len;
    int rc = app->st->ops->config_get_data(app->st, "letter.logo", &a,
                                           &data, &len, err);

    if (rc == 1 && sbuf_add(png, data, len) < 0)
        rc = dun_err_set(err, DUN_E_INTERNAL, "letter.logo: %zu bytes do "
                         "not fit the buffer given", len);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}
