/*
 * templates.c - a business's own message templates; see templates.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "app/templates.h"
#include "core/date.h"
#include "core/plan.h"
#include "core/sha256.h"
#include "core/xalloc.h"
#include "io/template_dir.h"
#include "render/labels.h"
#include "render/mustache.h"
#include "store/store.h"

#define FALLBACK "en" /* every customer's last language (app/letters.c) */
#define SUFFIX ".mustache"

void
templates_report_init(struct templates_report *r)
{
    r->checked = r->problems = 0;
    r->lines = (struct sbuf)SBUF_INIT;
}

void
templates_report_release(struct templates_report *r)
{
    sbuf_release(&r->lines);
}

/* What a check is looking at. */
struct check {
    const char *dir; /* without a trailing '/' */
    struct templates_report *r;
    struct template_library *lib;
};

/* Add a problem line unless it is there already (one template's error
 * shows in every sample it is rendered for). */
static void
problem(struct check *c, const char *fmt, ...)
{
    struct sbuf line = SBUF_INIT;
    const char *p = c->r->lines.buf;
    va_list ap;

    va_start(ap, fmt);
    sbuf_vaddf(&line, fmt, ap);
    va_end(ap);
    sbuf_addch(&line, '\n');
    while (*p) {
        size_t n = strcspn(p, "\n") + 1;

        if (n == line.len && memcmp(p, line.buf, n) == 0) {
            sbuf_release(&line);
            return;
        }
        p += n;
    }
    sbuf_add(&c->r->lines, line.buf, line.len);
    c->r->problems++;
    sbuf_release(&line);
}

static int
on_file(void *ctx, const char *rel, const char *path, const char *text,
        size_t len, const char *why, struct dun_err *err)
{
    struct check *c = ctx;
    struct dun_err e = DUN_ERR_INIT;
    size_t rl = strlen(rel), sl = strlen(SUFFIX);
    char *name;

    (void)err;
    if (why) {
        problem(c, "%s: %s", path, why);
        return 0;
    }
    if (rl <= sl || strcmp(rel + rl - sl, SUFFIX) != 0) {
        problem(c, "%s: not a template file (LANG/NAME.PART.mustache or "
                "LANG/_PARTIAL.mustache)", path);
        return 0;
    }
    name = xstrndup(rel, rl - sl);
    if (template_library_add(c->lib, name, text, len, &e) < 0)
        problem(c, "%s: %s", path, e.msg);
    else
        c->r->checked++;
    free(name);
    return 0;
}

/* Every template compiles, and every partial it names is there. */
static void
check_syntax(struct check *c)
{
    const struct template_library *lib = c->lib;

    for (size_t i = 0; i < template_library_count(lib); i++) {
        const char *name = template_library_name(lib, i), *text, *pname;
        struct dun_err e = DUN_ERR_INIT;
        struct mustache *m = NULL;
        struct sbuf path = SBUF_INIT;
        size_t len, plen, line;

        /* The words are no template (template_library_add read them). */
        if (strcmp(name + 3, LABELS_ENTRY) == 0)
            continue;
        text = template_library_text(lib, i, &len);
        sbuf_addf(&path, "%s/%s" SUFFIX, c->dir, name);
        if (mustache_compile(&m, path.buf, text, len, &e) < 0)
            problem(c, "%s", e.msg);
        for (size_t k = 0; m && mustache_partial_at(m, k, &pname, &plen,
                                                    &line);
             k++) {
            char key[TEMPLATE_SET_NAME_MAX + 8];
            size_t klen;

            snprintf(key, sizeof(key), "%.2s/_%.*s", name, (int)plen, pname);
            if (template_library_find(lib, key, &klen) == NULL)
                problem(c, "%s:%zu: no partial %.*s (%s/%s" SUFFIX ")",
                        path.buf, line, (int)plen, pname, c->dir, key);
        }
        mustache_free(m);
        sbuf_release(&path);
    }
}

/* The languages of the library (and English), each once, into v. */
static size_t
languages(const struct template_library *lib, char (*v)[3], size_t max)
{
    size_t n = 0;

    memcpy(v[n++], FALLBACK, 3);
    for (size_t i = 0; i < template_library_count(lib); i++) {
        const char *name = template_library_name(lib, i);

        if (n < max && strncmp(v[n - 1], name, 2) != 0 &&
            strncmp(v[0], name, 2) != 0) {
            memcpy(v[n], name, 2);
            v[n++][2] = '\0';
        }
    }
    return n;
}

/* Each language has every part of each template it has (English, which
 * every customer falls back to, of every template): a part missing
 * would send an empty message, or a letter with no text. */
static void
check_parts(struct check *c, char (*langs)[3], size_t nlangs)
{
    struct template_library *builtin = template_library_builtin();

    for (size_t l = 0; l < nlangs; l++)
        for (size_t i = 0; i < template_library_count(builtin); i++) {
            const char *name = template_library_name(builtin, i);
            char tname[TEMPLATE_SET_NAME_MAX + 1];
            const char *dot = strchr(name, '.');
            int any = 0;

            if (strncmp(name, FALLBACK "/", 3) != 0 || dot == NULL)
                continue;
            snprintf(tname, sizeof(tname), "%.*s", (int)(dot - name - 3),
                     name + 3);
            for (size_t p = 0; p < template_library_nparts; p++)
                any |= template_library_has(c->lib, langs[l], tname,
                                            template_library_parts[p]);
            if (template_library_has(c->lib, langs[l], tname, dot + 1))
                continue;
            if (strcmp(langs[l], FALLBACK) == 0)
                problem(c, "%s/%s/%s.%s" SUFFIX ": missing: English is "
                        "every customer's last language", c->dir, langs[l],
                        tname, dot + 1);
            else if (any)
                problem(c, "%s/%s/%s.%s" SUFFIX ": missing: %s has other "
                        "parts of %s", c->dir, langs[l], tname, dot + 1,
                        langs[l], tname);
        }
    template_library_free(builtin);
}

/* ---- rendering against samples ------------------------------------- */

/* One situation a template is rendered in. */
struct sample {
    const char *stage, *template_name, *tone;
    int deadline;  /* the stage states a pay-by date */
    int also_due;  /* a newer invoice is listed as also due */
    int promise;   /* a promise to pay was broken */
    int plan;      /* a plan instalment was missed */
    enum letter_next_kind next;
};

static const struct sample samples[] = {
    { "pre-due", "pre-due", "friendly", 0, 0, 0, 0, NEXT_REVIEW },
    { "reminder", "reminder", "friendly", 0, 0, 0, 0, NEXT_MESSAGE },
    { "reminder", "reminder", "friendly", 0, 1, 1, 0, NEXT_MESSAGE },
    { "notice", "notice", "firm", 0, 0, 0, 0, NEXT_MESSAGE },
    { "notice", "notice", "firm", 0, 1, 1, 0, NEXT_MESSAGE },
    { "final", "final-demand", "final", 1, 0, 0, 0, NEXT_AGENCY },
    { "final", "final-demand", "final", 1, 1, 1, 0, NEXT_LAWYER },
    { "final", "final-demand", "firm", 0, 0, 0, 0, NEXT_REVIEW },
    { "statement", "statement", "friendly", 0, 1, 0, 0, NEXT_REVIEW },
    { "plan-missed", "plan-missed", "friendly", 0, 0, 0, 1, NEXT_MESSAGE },
};

/* The error of a render, as a problem naming the file: "LL/NAME:LINE:
 * reason" of a template (or partial) error, "LL/NAME.PART lacks WHAT:
 * not sent" of the content check (app/letters.c). */
static void
render_problem(struct check *c, const struct sample *s, const char *lang,
               const char *msg)
{
    size_t n = strcspn(msg, ": "), len;
    char name[TEMPLATE_SET_NAME_MAX + 1];
    const char *lacks = " lacks ", *end;

    snprintf(name, sizeof(name), "%.*s", (int)n, msg);
    if (n > TEMPLATE_SET_NAME_MAX ||
        template_library_find(c->lib, name, &len) == NULL) {
        problem(c, "%s/%s: %s, rendering %s: %s", c->dir, lang,
                s->template_name, s->stage, msg);
    } else if (msg[n] == ':') {
        problem(c, "%s/%s" SUFFIX "%s", c->dir, name, msg + n);
    } else if (strncmp(msg + n, lacks, strlen(lacks)) == 0 &&
               (end = strstr(msg, ": not sent")) != NULL) {
        const char *what = msg + n + strlen(lacks);

        problem(c, "%s/%s" SUFFIX ": lacks %.*s, which a firm or final "
                "message must carry", c->dir, name, (int)(end - what), what);
    } else {
        problem(c, "%s/%s" SUFFIX ": %s", c->dir, name, msg + n + 1);
    }
}

static void
render_samples(struct check *c, char (*langs)[3], size_t nlangs)
{
    static const char *const numbers[] = { "INV-1001", "INV-1002",
                                           "INV-1003" };
    const int32_t as_of = date_from_iso("2026-06-30");
    const struct tenant tenant = {
        .name = "Sample Trading Ltd", .address = "1 Sample Street\n"
        "Sampleton SA1 1AA", .email = "accounts@sample.example",
        .phone = "+44 20 7946 0000", .iban = "GB33BUKB20201555555555",
        .bic = "BUKBGB22", .bank = "Sample Bank", .vat_id = "GB123456789",
        .timezone = "", .language = "" };
    const struct plan_installment inst[] = {
        { date_from_iso("2026-06-15"), 77025 },
        { date_from_iso("2026-07-15"), 77025 },
    };
    struct dun_item items[3];
    unsigned char roles[3];
    struct letter l;

    memset(items, 0, sizeof(items));
    for (size_t i = 0; i < 3; i++) {
        items[i].number = numbers[i];
        memcpy(items[i].currency, "EUR", 4);
        items[i].balance = i == 0 ? 120000 : i == 1 ? 34050 : 9990;
        items[i].due_date = as_of - (i == 0 ? 46 : i == 1 ? 30 : 10);
    }
    letter_init(&l);
    for (size_t li = 0; li < nlangs; li++)
        for (size_t si = 0; si < sizeof(samples) / sizeof(samples[0]);
             si++) {
            const struct sample *s = &samples[si];
            struct customer cust = {
                .id = "C-1", .name = "Sample Customer GmbH",
                .email = "ap@customer.example", .phone = "",
                .address = "2 Customer Road", .city = "Customertown",
                .postal_code = "12345", .country = "", .region = "",
                .language = langs[li], .currency = "EUR" };
            struct letter_promise promise = {
                .made_on = as_of - 20, .by = as_of - 10, .currency = "EUR",
                .promised = 100000, .arrived = 40000 };
            struct letter_plan plan = {
                .made_on = as_of - 60, .currency = "EUR", .total = 154050,
                .paid = 20000, .inst = inst, .n = 2, .missed = 0,
                .missed_short = 57025, .invoices = numbers,
                .ninvoices = 2 };
            struct dun_decision d = { .act = 1, .deadline = DATE_INVALID,
                                      .in_message = roles };
            struct letter_input in = {
                .tenant = &tenant, .customer = &cust, .stage = s->stage,
                .template_name = s->template_name, .tone = s->tone,
                .as_of = as_of, .d = &d, .items = items, .nitems = 3,
                .next = { s->next, s->next == NEXT_MESSAGE ? "final" : NULL,
                          s->next == NEXT_LAWYER },
                .broken_promise = s->promise ? &promise : NULL,
                .plan_missed = s->plan ? &plan : NULL,
                .channels = CHANNEL_EMAIL | CHANNEL_LETTER,
                .library = c->lib };
            struct dun_err e = DUN_ERR_INIT;

            /* A language without the template's text gets another's
             * (app/letters.c): that language is checked on its own. */
            if (!template_library_has(c->lib, langs[li], s->template_name,
                                      "text"))
                continue;
            roles[0] = roles[1] = DUN_ROLE_STAGE;
            roles[2] = s->also_due ? DUN_ROLE_ALSO : DUN_ROLE_NONE;
            if (s->deadline)
                d.deadline = as_of + 10;
            if (letter_render(&in, &l, &e) < 0)
                render_problem(c, s, langs[li], e.msg);
        }
    letter_release(&l);
}

int
templates_check_dir(const char *dir, struct templates_report *r,
                    struct template_library **out, struct dun_err *err)
{
    struct check c = { NULL, r, template_library_new() };
    char langs[64][3];
    size_t nlangs, dlen = strlen(dir);
    char *d;

    /* "DIR/" and "DIR" name the same files. */
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    c.dir = d = xstrndup(dir, dlen);
    if (template_dir_read(c.dir, TEMPLATE_SET_TEXT_MAX, on_file, &c,
                          err) < 0) {
        template_library_free(c.lib);
        free(d);
        return -1;
    }
    template_library_seal(c.lib);
    check_syntax(&c);
    nlangs = languages(c.lib, langs, sizeof(langs) / sizeof(langs[0]));
    check_parts(&c, langs, nlangs);
    render_samples(&c, langs, nlangs);
    if (out && r->problems == 0)
        *out = c.lib;
    else
        template_library_free(c.lib);
    free(d);
    return 0;
}

/* ---- versions ------------------------------------------------------ */

int
templates_in_force(struct app *app, struct template_library **out,
                   int64_t *version, struct dun_err *err)
{
    struct store_template_version v;
    struct arena a = ARENA_INIT;
    char what[64];
    int rc;

    *version = 0;
    if (app == NULL || app->st == NULL) {
        *out = template_library_builtin();
        return 0;
    }
    rc = app->st->ops->template_version_get(app->st, 0, &v, &a, err);
    if (rc == 0)
        *out = template_library_builtin();
    if (rc == 1) {
        /* Stored versions were checked when loaded; a failure here means
         * the database was edited by hand. */
        snprintf(what, sizeof(what), "templates version %lld",
                 (long long)v.version);
        rc = template_library_parse(out, what, v.source, v.len, err);
        *version = v.version;
    }
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

int
templates_load_dir(struct app *app, const char *dir,
                   struct templates_report *r, int64_t *version,
                   int *unchanged, struct dun_err *err)
{
    struct store *st = app->st;
    struct template_library *lib = NULL, *now = NULL;
    struct store_template_version v;
    int64_t current;
    int rc = -1;

    *unchanged = 0;
    if (templates_check_dir(dir, r, &lib, err) < 0)
        return -1;
    if (r->problems)
        return dun_err_set(err, DUN_E_INPUT, "%s: not loaded", dir);
    if (store_begin(st, err) < 0)
        goto out;
    if (templates_in_force(app, &now, &current, err) < 0)
        goto fail;
    if (memcmp(template_library_digest(now), template_library_digest(lib),
               SHA256_LEN) == 0) {
        *unchanged = 1;
        *version = current;
        store_rollback(st);
        rc = 0;
        goto out;
    }
    v = (struct store_template_version){
        .loaded_on = app->as_of, .origin = dir,
        .files = (int64_t)template_library_count(lib) };
    memcpy(v.sha256, template_library_digest(lib), SHA256_LEN);
    v.source = template_library_source(lib, &v.len);
    if (st->ops->template_version_add(st, &v, version, err) < 0 ||
        store_commit(st, err) < 0)
        goto fail;
    rc = 0;
    goto out;
fail:
    store_rollback(st);
out:
    template_library_free(lib);
    template_library_free(now);
    return rc;
}

static void
builtin_version(struct templates_version *out)
{
    struct template_library *lib = template_library_builtin();

    *out = (struct templates_version){
        .version = 0, .loaded_on = DATE_INVALID, .origin = "built-in",
        .files = (int64_t)template_library_count(lib), .in_force = 1 };
    sha256_hex(template_library_digest(lib), out->sha256);
    template_library_free(lib);
}

static void
from_store(const struct store_template_version *v, int64_t latest,
           struct templates_version *out)
{
    *out = (struct templates_version){
        .version = v->version, .loaded_on = v->loaded_on,
        .origin = v->origin, .files = v->files,
        .in_force = v->version == latest };
    sha256_hex(v->sha256, out->sha256);
}

/* The versions, gathered first: the latest is known only at the end. */
struct gathered {
    struct store_template_version *v;
    size_t n, cap;
    struct arena a;
};

static int
on_version(void *ctx, const struct store_template_version *v,
           struct dun_err *err)
{
    struct gathered *g = ctx;

    (void)err;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 8;
        g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
    }
    g->v[g->n] = *v;
    g->v[g->n++].origin = arena_strndup(&g->a, v->origin,
                                        strlen(v->origin));
    return 0;
}

int
templates_list(struct app *app, templates_version_cb *cb, void *ctx,
               struct dun_err *err)
{
    struct gathered g = { NULL, 0, 0, ARENA_INIT };
    struct templates_version out;
    int rc = -1;

    if (app->st->ops->template_versions_scan(app->st, on_version, &g,
                                             err) < 0)
        goto out;
    if (g.n == 0) {
        builtin_version(&out);
        rc = cb(ctx, &out, err);
        goto out;
    }
    for (size_t i = 0; i < g.n; i++) {
        from_store(&g.v[i], g.v[g.n - 1].version, &out);
        if (cb(ctx, &out, err) < 0)
            goto out;
    }
    rc = 0;
out:
    free(g.v);
    arena_release(&g.a);
    return rc;
}

int
templates_show(struct app *app, int64_t version,
               struct templates_version *out, struct template_library **lib,
               struct arena *a, struct dun_err *err)
{
    struct store_template_version v, latest;
    char what[64];
    int64_t want = version == TEMPLATES_IN_FORCE ? 0 : version;
    int rc = 0;

    /* The latest says which is in force. */
    if ((rc = app->st->ops->template_version_get(app->st, 0, &latest, a,
                                                 err)) < 0)
        return -1;
    if (version == 0 || (version == TEMPLATES_IN_FORCE && rc == 0)) {
        builtin_version(out);
        out->in_force = rc == 0;
        *lib = template_library_builtin();
        return 0;
    }
    if (want == 0)
        v = latest;
    else if ((rc = app->st->ops->template_version_get(app->st, want, &v, a,
                                                      err)) < 0)
        return -1;
    else if (rc == 0)
        return dun_err_set(err, DUN_E_NOTFOUND, "no templates version %lld",
                           (long long)version);
    from_store(&v, latest.version, out);
    snprintf(what, sizeof(what), "templates version %lld",
             (long long)v.version);
    return template_library_parse(lib, what, v.source, v.len, err);
}

int
templates_words(struct app *app, const char *language, struct arena *a,
                struct value **out, struct dun_err *err)
{
    struct template_library *lib;
    char name[16];
    const char *text;
    size_t len;
    int64_t version;
    int rc = 0;

    *out = NULL;
    if (templates_in_force(app, &lib, &version, err) < 0)
        return -1;
    snprintf(name, sizeof(name), "%.2s/" LABELS_ENTRY,
             language ? language : "");
    if ((text = template_library_find(lib, name, &len)) != NULL) {
        *out = value_map_new(a);
        rc = labels_entry_map(text, len, *out, err);
    }
    template_library_free(lib);
    return rc;
}
