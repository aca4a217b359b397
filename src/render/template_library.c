/*
 * template_library.c - a business's message templates, whole; see
 * template_library.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/contact.h"
#include "core/sbuf.h"
#include "core/sort.h"
#include "core/xalloc.h"
#include "render/labels.h"
#include "render/template_library.h"
#include "render/templates.h"

#define HEADER "dun-templates 1\n"
#define FALLBACK "en/" /* the language whose templates name the known */

const char *const template_library_parts[] = { "subject", "text", "html",
                                               "letter" };
const size_t template_library_nparts =
    sizeof(template_library_parts) / sizeof(template_library_parts[0]);

struct lib_entry {
    char *name;
    char *text;
    size_t len;
};

struct template_library {
    struct lib_entry *v; /* ascending by name once sealed */
    size_t n, cap;
    int sealed;
    struct sbuf source;
    unsigned char digest[SHA256_LEN];
};

static int
cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct lib_entry *)a)->name,
                  ((const struct lib_entry *)b)->name);
}

struct template_library *
template_library_new(void)
{
    struct template_library *lib = xcalloc(1, sizeof(*lib));

    lib->source = (struct sbuf)SBUF_INIT;
    return lib;
}

void
template_library_free(struct template_library *lib)
{
    if (lib == NULL)
        return;
    for (size_t i = 0; i < lib->n; i++) {
        free(lib->v[i].name);
        free(lib->v[i].text);
    }
    free(lib->v);
    sbuf_release(&lib->source);
    free(lib);
}

int
template_library_known(const char *name)
{
    size_t plen = strlen(FALLBACK), nlen = strlen(name);

    for (size_t i = 0; i < embedded_ntemplates; i++) {
        const char *t = embedded_templates[i].name;

        if (strncmp(t, FALLBACK, plen) == 0 &&
            strncmp(t + plen, name, nlen) == 0 && t[plen + nlen] == '.')
            return 1;
    }
    return 0;
}

void
template_library_known_list(struct sbuf *out)
{
    size_t plen = strlen(FALLBACK), start = out->len;
    const char *last = NULL;
    size_t lastlen = 0;

    /* Embedded templates are in name order: each template's parts are
     * together. */
    for (size_t i = 0; i < embedded_ntemplates; i++) {
        const char *t = embedded_templates[i].name, *rest = t + plen;
        size_t len = strcspn(rest, ".");

        if (strncmp(t, FALLBACK, plen) != 0 || rest[0] == '_' ||
            rest[len] != '.' ||
            (last && lastlen == len && strncmp(last, rest, len) == 0))
            continue;
        sbuf_addf(out, "%s%.*s", out->len > start ? ", " : "", (int)len,
                  rest);
        last = rest;
        lastlen = len;
    }
}

static int
is_lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The file part of name (after "LL/") is sound: 0, or -1 with err. */
static int
check_file_name(const char *name, struct dun_err *err)
{
    const char *file = name + 3, *dot;
    size_t n = strlen(name);

    for (size_t i = 0; i < n; i++)
        if (!is_lower_or_digit(name[i]) && name[i] != '_' &&
            name[i] != '.' && name[i] != '-' && name[i] != '/')
            return dun_err_set(err, DUN_E_INPUT, "not a template file name "
                               "(LANG/NAME.PART.mustache or "
                               "LANG/_PARTIAL.mustache, in a-z, 0-9, '_', "
                               "'.' and '-')");
    if (n < 5 || n > TEMPLATE_SET_NAME_MAX || name[2] != '/' ||
        strchr(file, '/') != NULL ||
        !(name[0] >= 'a' && name[0] <= 'z') ||
        !(name[1] >= 'a' && name[1] <= 'z'))
        return dun_err_set(err, DUN_E_INPUT, "not a template file name "
                           "(LANG/NAME.PART.mustache or "
                           "LANG/_PARTIAL.mustache, LANG two letters a-z)");
    if (file[0] == '_') {
        for (const char *p = file + 1; *p; p++)
            if (*p == '.')
                return dun_err_set(err, DUN_E_INPUT, "not a partial's name "
                                   "(_NAME.mustache, NAME in a-z, 0-9, '_' "
                                   "and '-')");
        return 0;
    }
    dot = strchr(file, '.');
    if (dot == NULL || strchr(dot + 1, '.') != NULL) {
        return dun_err_set(err, DUN_E_INPUT, "not a template file name "
                           "(LANG/NAME.PART.mustache or "
                           "LANG/_PARTIAL.mustache)");
    } else {
        char tname[TEMPLATE_SET_NAME_MAX + 1];
        size_t k;

        snprintf(tname, sizeof(tname), "%.*s", (int)(dot - file), file);
        if (!template_library_known(tname)) {
            struct sbuf names = SBUF_INIT;

            template_library_known_list(&names);
            dun_err_set(err, DUN_E_INPUT, "unknown template %s (there are "
                        "%s)", tname, names.buf);
            sbuf_release(&names);
            return -1;
        }
        for (k = 0; k < template_library_nparts; k++)
            if (strcmp(dot + 1, template_library_parts[k]) == 0)
                break;
        if (k == template_library_nparts)
            return dun_err_set(err, DUN_E_INPUT, "unknown part %s (subject, "
                               "text, html or letter)", dot + 1);
    }
    return 0;
}

/* labels_entry_read's callback when only checking. */
static void
no_words(void *ctx, const char *key, size_t keylen, const char *words,
         size_t wordslen)
{
    (void)ctx;
    (void)key;
    (void)keylen;
    (void)words;
    (void)wordslen;
}

int
template_library_add(struct template_library *lib, const char *name,
                     const char *text, size_t len, struct dun_err *err)
{
    struct lib_entry *e;

    if (check_file_name(name, err) < 0)
        return -1;
    if (len > TEMPLATE_SET_TEXT_MAX)
        return dun_err_set(err, DUN_E_INPUT, "larger than %u bytes",
                           TEMPLATE_SET_TEXT_MAX);
    if (memchr(text, '\0', len) != NULL)
        return dun_err_set(err, DUN_E_INPUT, "a NUL byte: not a text file");
    if (!contact_utf8_valid(text, len))
        return dun_err_set(err, DUN_E_INPUT, "not valid UTF-8");
    if (strcmp(name + 3, LABELS_ENTRY) == 0 &&
        labels_entry_read(text, len, no_words, NULL, err) < 0)
        return -1;
    for (size_t i = 0; i < lib->n; i++)
        if (strcmp(lib->v[i].name, name) == 0)
            return dun_err_set(err, DUN_E_INPUT, "there twice");
    if (lib->n == TEMPLATE_LIBRARY_FILES_MAX)
        return dun_err_set(err, DUN_E_INPUT, "more than %d templates",
                           TEMPLATE_LIBRARY_FILES_MAX);
    if (lib->n == lib->cap) {
        lib->cap = lib->cap ? lib->cap * 2 : 64;
        lib->v = xreallocarray(lib->v, lib->cap, sizeof(*lib->v));
    }
    e = &lib->v[lib->n++];
    e->name = xstrdup(name);
    e->text = xmalloc(len + 1);
    memcpy(e->text, text, len);
    e->text[len] = '\0';
    e->len = len;
    return 0;
}

void
template_library_seal(struct template_library *lib)
{
    sort_array(lib->v, lib->n, sizeof(*lib->v), cmp_entry);
    sbuf_reset(&lib->source);
    sbuf_addstr(&lib->source, HEADER);
    for (size_t i = 0; i < lib->n; i++) {
        sbuf_addf(&lib->source, "%s %zu\n", lib->v[i].name, lib->v[i].len);
        sbuf_add(&lib->source, lib->v[i].text, lib->v[i].len);
        sbuf_addch(&lib->source, '\n');
    }
    sha256(lib->source.buf, lib->source.len, lib->digest);
    lib->sealed = 1;
}

struct template_library *
template_library_builtin(void)
{
    struct template_library *lib = template_library_new();
    struct dun_err err = DUN_ERR_INIT;

    struct sbuf words = SBUF_INIT;
    char name[32], lang[3];

    for (size_t i = 0; i < embedded_ntemplates; i++) {
        const struct embedded_template *t = &embedded_templates[i];
        int rc = template_library_add(lib, t->name, t->text, t->len, &err);

        /* scripts/embed_templates.py writes only sound names. */
        (void)rc;
        /* Each language's words (render/labels.h) after its templates:
         * embedded names are in order, a language's together. */
        if (i + 1 == embedded_ntemplates ||
            strncmp(t->name, embedded_templates[i + 1].name, 3) != 0) {
            snprintf(name, sizeof(name), "%.3s" LABELS_ENTRY, t->name);
            snprintf(lang, sizeof(lang), "%.2s", t->name);
            sbuf_reset(&words);
            labels_entry_text(lang, &words);
            rc = template_library_add(lib, name, words.buf, words.len, &err);
            (void)rc;
        }
    }
    sbuf_release(&words);
    template_library_seal(lib);
    return lib;
}

int
template_library_parse(struct template_library **out, const char *what,
                       const void *source, size_t len, struct dun_err *err)
{
    struct template_set *set = NULL;
    struct template_library *lib;
    const char *name;
    size_t i;

    if (template_set_parse(&set, what, source, len, err) < 0)
        return -1;
    lib = template_library_new();
    for (i = 0; (name = template_set_name(set, i)) != NULL; i++) {
        size_t tlen;
        const char *text = template_set_text(set, i, &tlen);

        if (template_library_add(lib, name, text, tlen, err) < 0) {
            char why[sizeof(err->msg)];

            snprintf(why, sizeof(why), "%s", err->msg);
            dun_err_set(err, DUN_E_INPUT, "%s: %s: %s", what, name, why);
            template_set_free(set);
            template_library_free(lib);
            return -1;
        }
    }
    template_set_free(set);
    template_library_seal(lib);
    *out = lib;
    return 0;
}

size_t
template_library_count(const struct template_library *lib)
{
    return lib->n;
}

const char *
template_library_name(const struct template_library *lib, size_t i)
{
    return i < lib->n ? lib->v[i].name : NULL;
}

const char *
template_library_text(const struct template_library *lib, size_t i,
                      size_t *len)
{
    if (i >= lib->n)
        return NULL;
    *len = lib->v[i].len;
    return lib->v[i].text;
}

const char *
template_library_find(const struct template_library *lib, const char *name,
                      size_t *len)
{
    struct lib_entry key = { (char *)name, NULL, 0 };
    const struct lib_entry *e;

    if (!lib->sealed)
        return NULL;
    e = search_array(&key, lib->v, lib->n, sizeof(*lib->v), cmp_entry);
    if (e == NULL)
        return NULL;
    *len = e->len;
    return e->text;
}

int
template_library_has(const struct template_library *lib,
                     const char *language, const char *name,
                     const char *part)
{
    char key[TEMPLATE_SET_NAME_MAX + 16];
    size_t len;

    if (str_join(key, sizeof(key), (const char *const[]){
            language, "/", name, ".", part, NULL }) >= sizeof(key))
        return 0;
    return template_library_find(lib, key, &len) != NULL;
}

const char *
template_library_source(const struct template_library *lib, size_t *len)
{
    *len = lib->source.len;
    return lib->source.buf;
}

const unsigned char *
template_library_digest(const struct template_library *lib)
{
    return lib->digest;
}

int
template_library_cut(const struct template_library *lib,
                     const char *language, const char *template_name,
                     struct template_set **out, struct dun_err *err)
{
    struct sbuf src = SBUF_INIT;
    char what[TEMPLATE_SET_NAME_MAX + 16];
    size_t llen = strlen(language), tlen = strlen(template_name), parts = 0;
    int rc;

    sbuf_addstr(&src, HEADER);
    /* The library is in name order: so is the set. */
    for (size_t i = 0; i < lib->n; i++) {
        const char *name = lib->v[i].name, *rest = name + llen + 1;

        if (strncmp(name, language, llen) != 0 || name[llen] != '/')
            continue;
        if (rest[0] != '_') {
            if (strncmp(rest, template_name, tlen) != 0 || rest[tlen] != '.')
                continue;
            parts++;
        }
        sbuf_addf(&src, "%s %zu\n", name, lib->v[i].len);
        sbuf_add(&src, lib->v[i].text, lib->v[i].len);
        sbuf_addch(&src, '\n');
    }
    if (parts == 0) {
        sbuf_release(&src);
        return dun_err_set(err, DUN_E_NOTFOUND, "no template %s in "
                           "language %s", template_name, language);
    }
    snprintf(what, sizeof(what), "%s/%s", language, template_name);
    rc = template_set_parse(out, what, src.buf, src.len, err);
    sbuf_release(&src);
    return rc;
}
