/*
 * policies.c - the collection policy in the database; see policies.h.
 */
#include <stdio.h>
#include <string.h>

#include "app/policies.h"
#include "core/model.h"
#include "core/sort.h"
#include "app/templates.h"
#include "store/store.h"
#include "io/textfile.h"

/* The language every customer can be written to in: app/letters.c falls
 * back to it when there are no templates in the customer's own. */
#define TEMPLATE_FALLBACK "en"
#define MAX_LANGUAGES 16

/* The parts of a template the run renders for a channel set, as
 * app/letters.c does: the subject always, text and HTML for e-mail, the
 * letter text for a letter. */
static const struct {
    unsigned channel; /* 0: every stage */
    const char *part, *why;
} template_parts[] = {
    {0, "subject", "every message"},
    {CHANNEL_EMAIL, "text", "channel email"},
    {CHANNEL_EMAIL, "html", "channel email"},
    {CHANNEL_LETTER, "letter", "channel letter"},
};

/* The languages of the library ("de", "en"), into v. */
static size_t
template_languages(const struct template_library *lib, char (*v)[8],
                   size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < template_library_count(lib); i++) {
        const char *name = template_library_name(lib, i);
        size_t len = strcspn(name, "/"), j;

        if (len >= sizeof(v[0]))
            continue;
        for (j = 0; j < n; j++)
            if (strlen(v[j]) == len && strncmp(v[j], name, len) == 0)
                break;
        if (j == n && n < max) {
            memcpy(v[n], name, len);
            v[n++][len] = '\0';
        }
    }
    return n;
}

/*
 * Every message stage's template, as the run will look for it: in the
 * fallback language and in each language a customer may get it in (one
 * with the template's text), with the parts its channels need. A
 * missing part would not fail the run but send an empty message, and a
 * missing template fails it for everyone.
 */
static void
check_templates(const struct template_library *lib, const char *path,
                const struct policy *p, struct sbuf *errors,
                struct dun_err *err)
{
    char langs[MAX_LANGUAGES][8];
    size_t nlangs = template_languages(lib, langs, MAX_LANGUAGES);

    for (size_t s = 0; s < p->nstages; s++) {
        const struct policy_stage *st = &p->stage[s];
        const char *name = st->template_name;
        int known = 0;

        if (st->action != ACTION_MESSAGE || !name[0])
            continue;
        for (size_t i = 0; i < sizeof(template_parts) /
                                   sizeof(template_parts[0]); i++)
            known |= template_library_has(lib, TEMPLATE_FALLBACK, name,
                                          template_parts[i].part);
        if (!known) {
            struct sbuf names = SBUF_INIT;

            template_library_known_list(&names);
            sbuf_addf(errors, "%s:%d: template: no template %s (there "
                      "are %s)\n", path, st->template_line, name,
                      names.buf);
            if (err->code == DUN_E_OK)
                dun_err_set(err, DUN_E_INPUT, "%s:%d: template: no "
                            "template %s", path, st->template_line, name);
            sbuf_release(&names);
            continue;
        }
        for (size_t l = 0; l < nlangs; l++) {
            int used = strcmp(langs[l], TEMPLATE_FALLBACK) == 0 ||
                       template_library_has(lib, langs[l], name, "text");

            for (size_t i = 0; used && i < sizeof(template_parts) /
                                           sizeof(template_parts[0]); i++) {
                unsigned ch = template_parts[i].channel;

                if ((ch && !(st->channels & ch)) ||
                    template_library_has(lib, langs[l], name,
                                         template_parts[i].part))
                    continue;
                sbuf_addf(errors, "%s:%d: template: %s has no %s/%s.%s, "
                          "needed for %s\n", path, st->template_line, name,
                          langs[l], name, template_parts[i].part,
                          template_parts[i].why);
                if (err->code == DUN_E_OK)
                    dun_err_set(err, DUN_E_INPUT, "%s:%d: template: %s has "
                                "no %s/%s.%s", path, st->template_line,
                                name, langs[l], name,
                                template_parts[i].part);
            }
        }
    }
}

/* The currencies of the open items in the kept balances. */
struct book_currencies {
    char v[256][4]; /* ISO 4217 has fewer */
    size_t n;
};

static int
on_balances(void *ctx, const struct store_balances *b, struct dun_err *err)
{
    struct book_currencies *bc = ctx;

    (void)err;
    for (size_t i = 0; i < b->nitems; i++) {
        const char *c = b->items[i].currency;
        size_t j = 0;

        while (j < bc->n && strcmp(bc->v[j], c) != 0)
            j++;
        if (j == bc->n && bc->n < sizeof(bc->v) / sizeof(bc->v[0]))
            memcpy(bc->v[bc->n++], c, 4);
    }
    return 0;
}

static int
cmp_currency(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void
warn_uncovered(struct sbuf *warnings, const char *path, const char *kind,
               const char *name, int line, const struct policy_amount *a,
               const struct book_currencies *bc)
{
    int64_t minor;

    /* No threshold at all is no condition: nothing left out. */
    if (a->n == 0)
        return;
    for (size_t i = 0; i < bc->n; i++)
        if (!policy_amount_in(a, bc->v[i], &minor))
            sbuf_addf(warnings, "%s:%d: warning: %s \"%s\": "
                      "min_customer_overdue: no threshold for %s, a "
                      "currency owed in the books\n", path, line, kind,
                      name, bc->v[i]);
}

/* A threshold without the books' currencies leaves what is owed in them
 * out of the sum (policy_amount_met): warn, naming each. */
static int
check_books(struct app *app, const char *path, const struct policy *p,
            struct sbuf *warnings, struct dun_err *err)
{
    struct book_currencies bc = { .n = 0 };

    if (app == NULL || app->st == NULL)
        return 0;
    if (app->st->ops->balances_scan(app->st, on_balances, &bc, err) < 0)
        return -1;
    sort_array(bc.v, bc.n, sizeof(bc.v[0]), cmp_currency);
    for (size_t i = 0; i < p->nstages; i++)
        warn_uncovered(warnings, path, "stage", p->stage[i].name,
                       p->stage[i].min_customer_overdue_line,
                       &p->stage[i].min_customer_overdue, &bc);
    for (size_t i = 0; i < p->nsegments; i++)
        warn_uncovered(warnings, path, "segment", p->segment[i].name,
                       p->segment[i].min_customer_overdue_line,
                       &p->segment[i].min_customer_overdue, &bc);
    return 0;
}

int
policy_check_file(struct app *app, const char *path, struct policy *p,
                  struct sbuf *text, struct sbuf *errors,
                  struct sbuf *warnings, struct dun_err *err)
{
    struct template_library *lib = NULL;
    int64_t version;

    if (textfile_read(path, POLICY_FILE_MAX, text, err) < 0) {
        sbuf_addf(errors, "%s\n", err->msg);
        return -1;
    }
    if (policy_parse(path, text->buf, text->len, p, errors, err) < 0)
        return -1;
    /* The templates the run will render with. */
    if (templates_in_force(app, &lib, &version, err) < 0) {
        sbuf_addf(errors, "%s\n", err->msg);
        return -1;
    }
    check_templates(lib, path, p, errors, err);
    template_library_free(lib);
    if (errors->len)
        return -1;
    return check_books(app, path, p, warnings, err);
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
                 int64_t *version, struct sbuf *errors,
                 struct sbuf *warnings, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t as_of = app->as_of;
    struct sbuf text = SBUF_INIT;
    struct policy p;
    int rc = -1;

    if (policy_check_file(app, path, &p, &text, errors, warnings, err) < 0)
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
