/*
 * fuzz_dsn.c - libFuzzer target for the DSN reader and the mbox splitter.
 *
 * Every input is parsed by dsn_parse, which must either refuse it with
 * DUN_E_INPUT and a reason, or fill the report so that what the bounce
 * importer relies on holds: at most DSN_MAX_RECIPIENTS recipients (and
 * dropped ones counted only beyond that), at least one in a report and
 * none in an ordinary message, every string non-NULL, NUL-terminated,
 * no longer than the input and free of control characters, an action
 * one of RFC 3464's five words or "", a status "" or of RFC 3463's form,
 * a message id without white space or angle brackets. A second parse of
 * the same bytes must give the same report.
 *
 * An input that starts with "From " is also written to a file and split
 * as an mbox by mail_source_scan: messages are numbered from 1 in
 * "PATH:N", are NUL-terminated, together no longer than the input, and
 * each goes through dsn_parse as above.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "io/dsn.h"
#include "io/mailsource.h"
#include "fuzz_input.h"
#include "fuzz_tmpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s is a string of at most max bytes with no ASCII control character. */
static void
check_string(const char *s, size_t max)
{
    size_t n;

    if (s == NULL)
        abort();
    n = strnlen(s, max + 1);
    if (n > max)
        abort();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < ' ' || s[i] == 127)
            abort();
}

static int
digits(const char **p, size_t lo, size_t hi)
{
    size_t n = 0;

    while (**p >= '0' && **p <= '9') {
        (*p)++;
        n++;
    }
    return n >= lo && n <= hi;
}

static void
check_status(const char *s)
{
    if (*s == '\0')
        return;
    if (*s != '2' && *s != '4' && *s != '5')
        abort();
    s++;
    if (*s++ != '.' || !digits(&s, 1, 3) || *s++ != '.' || !digits(&s, 1, 3) ||
        *s != '\0')
        abort();
}

static void
check_action(const char *s)
{
    static const char *const ok[] = { "",          "failed",  "delayed",
                                      "delivered", "relayed", "expanded" };

    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strcmp(s, ok[i]) == 0)
            return;
    abort();
}

static void
check_report(const struct dsn *d, size_t size)
{
    if (d->is_dsn != 0 && d->is_dsn != 1)
        abort();
    if (d->nrcpt > DSN_MAX_RECIPIENTS)
        abort();
    if (d->nrcpt_dropped > 0 && d->nrcpt != DSN_MAX_RECIPIENTS)
        abort();
    if (d->is_dsn ? d->nrcpt == 0 : (d->nrcpt != 0 || d->nrcpt_dropped != 0))
        abort();
    check_string(d->original_message_id, size);
    check_string(d->original_envelope_id, size);
    check_string(d->reporting_mta, size);
    if (strpbrk(d->original_message_id, " <>") != NULL)
        abort();
    if (!d->is_dsn &&
        (d->original_message_id[0] != '\0' ||
         d->original_envelope_id[0] != '\0' || d->reporting_mta[0] != '\0'))
        abort();
    for (size_t i = 0; i < DSN_MAX_RECIPIENTS; i++) {
        const struct dsn_recipient *r = &d->rcpt[i];

        check_string(r->final_recipient, size);
        check_string(r->original_recipient, size);
        check_string(r->action, size);
        check_string(r->status, size);
        check_string(r->diagnostic, size);
        check_action(r->action);
        check_status(r->status);
        if (r->original_recipient[0] != '\0' && r->final_recipient[0] == '\0')
            abort();
        if (i >= d->nrcpt &&
            (r->final_recipient[0] != '\0' ||
             r->original_recipient[0] != '\0' || r->action[0] != '\0' ||
             r->status[0] != '\0' || r->diagnostic[0] != '\0'))
            abort();
    }
}

static int
same(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static void
check_same(const struct dsn *x, const struct dsn *y)
{
    if (x->is_dsn != y->is_dsn || x->nrcpt != y->nrcpt ||
        x->nrcpt_dropped != y->nrcpt_dropped ||
        !same(x->original_message_id, y->original_message_id) ||
        !same(x->original_envelope_id, y->original_envelope_id) ||
        !same(x->reporting_mta, y->reporting_mta))
        abort();
    for (size_t i = 0; i < x->nrcpt; i++) {
        const struct dsn_recipient *a = &x->rcpt[i], *b = &y->rcpt[i];

        if (!same(a->final_recipient, b->final_recipient) ||
            !same(a->original_recipient, b->original_recipient) ||
            !same(a->action, b->action) || !same(a->status, b->status) ||
            !same(a->diagnostic, b->diagnostic))
            abort();
    }
}

/* dsn_parse on msg[0..len), checked; twice, compared. */
static void
parse_checked(const char *msg, size_t len)
{
    struct arena a = ARENA_INIT, b = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct dsn d, again;
    int rc = dsn_parse(msg, len, &d, &a, &err);

    if (rc != 0 && rc != -1)
        abort();
    if (rc < 0) {
        if (err.code != DUN_E_INPUT || err.msg[0] == '\0')
            abort();
    } else {
        check_report(&d, len);
        if (dsn_parse(msg, len, &again, &b, &err) != 0)
            abort();
        check_same(&d, &again);
    }
    arena_release(&a);
    arena_release(&b);
}

struct mbox_seen {
    size_t n;     /* messages so far */
    size_t total; /* their bytes */
    size_t size;  /* the input's */
};

static int
each_message(void *ctx, const char *where, const char *msg, size_t len,
             struct dun_err *err)
{
    struct mbox_seen *s = ctx;
    char want[64];
    size_t pl = strlen(tmp_path);

    (void)err;
    s->n++;
    s->total += len;
    snprintf(want, sizeof(want), ":%zu", s->n);
    if (strncmp(where, tmp_path, pl) != 0 || strcmp(where + pl, want) != 0)
        abort();
    if (msg[len] != '\0' || s->total > s->size)
        abort();
    parse_checked(msg, len);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = fuzz_copy(data, size);

    parse_checked(copy, size);
    free(copy);

    if (size >= 5 && memcmp(data, "From ", 5) == 0) {
        struct mbox_seen s = { 0, 0, size };
        struct dun_err err = DUN_ERR_INIT;

        write_tmp(data, size);
        if (mail_source_scan(tmp_path, each_message, &s, &err) != 0)
            abort();
        if (s.n == 0)
            abort();
    }
    return 0;
}
