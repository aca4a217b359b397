/*
 * policies.c - the collection policy in the database; see policies.h.
 */
#include <stdio.h>
#include <string.h>

#include "app/policies.h"
#include "store/store.h"
#include "io/textfile.h"

int
policy_check_file(const char *path, struct policy *p, struct sbuf *text,
                  struct sbuf *errors, struct dun_err *err)
{
    if (textfile_read(path, POLICY_FILE_MAX, text, err) < 0) {
        sbuf_addf(errors, "%s\n", err->msg);
        return -1;
    }
    return policy_parse(path, text->buf, text->len, p, errors, err);
}

/* The one place a policy version is stored. */
static int
policy_store(struct store *st, const char *text, const char *source,
             int32_t as_of, int64_t *version, struct dun_err *err)
{
    return st->ops->policy_add(st, text, source, as_of, version, err);
}

int
policy_load_file(struct app *app, const char *path,
                 int64_t *version, struct sbuf *errors, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t as_of = app->as_of;
    struct sbuf text = SBUF_INIT;
    struct policy p;
    int rc = -1;

    if (policy_check_file(path, &p, &text, errors, err) < 0)
        goto out;
    if (store_begin(st, err) < 0)
        goto out;
    if (policy_store(st, text.buf, path, as_of, version, err) < 0 ||
        store_commit(st, err) < 0) {
        store_rollback(st);
        goto out;
    }
    rc = 0;
out:
    sbuf_release(&text);
    return rc;
}

int
policy_install_default(struct app *app, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t as_of = app->as_of;
    struct arena a = ARENA_INIT;
    struct policy_version sp;
    int64_t version;
    int rc;

    if (store_begin(st, err) < 0)
        return -1;
    rc = st->ops->policy_get(st, 0, &sp, &a, err);
    if (rc == 0)
        rc = policy_store(st, policy_default_text, "default", as_of,
                                 &version, err);
    arena_release(&a);
    if (rc < 0 || store_commit(st, err) < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}

int
policy_in_force(struct app *app, struct policy *p, int64_t *version,
                struct dun_err *err)
{
    struct store *st = app->st;
    struct arena a = ARENA_INIT;
    struct sbuf errors = SBUF_INIT;
    struct policy_version sp;
    char name[64];
    int rc = st->ops->policy_get(st, 0, &sp, &a, err);

    if (rc == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "no collection policy: store one "
                    "with 'dun policy load FILE'");
    if (rc == 1) {
        /* Stored versions were checked when loaded; a failure here means
         * the database was edited by hand. */
        snprintf(name, sizeof(name), "policy version %lld",
                 (long long)sp.version);
        rc = policy_parse(name, sp.text, strlen(sp.text), p, &errors, err)
                 < 0 ? -1 : 1;
        *version = sp.version;
    }
    arena_release(&a);
    sbuf_release(&errors);
    return rc == 1 ? 0 : -1;
}

int
policy_show(struct app *app, int64_t version, struct policy_version *out,
            struct arena *a, struct dun_err *err)
{
    int rc = app->st->ops->policy_get(app->st, version, out, a, err);

    if (rc == 0 && version)
        dun_err_set(err, DUN_E_NOTFOUND, "no policy version %lld",
                    (long long)version);
    else if (rc == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "no policy stored");
    return rc == 1 ? 0 : -1;
}

int
policy_list(struct app *app, policy_version_cb *cb, void *ctx,
            struct dun_err *err)
{
    return app->st->ops->policies_scan(app->st, cb, ctx, err);
}
