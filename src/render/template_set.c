/*
 * template_set.c - templates kept with the messages; see template_set.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "core/xalloc.h"
#include "render/labels.h"
#include "render/mustache.h"
#include "render/template_set.h"
#include "render/templates.h"

#define HEADER "dun-templates 1\n"

struct entry {
    const char *name; /* NUL-terminated, inside names */
    const char *text; /* inside source */
    size_t len;
    struct mustache *compiled; /* on first use */
};

struct template_set {
    char *source;
    size_t len;
    unsigned char digest[SHA256_LEN];
    char *names;      /* every entry's name, each NUL-terminated */
    struct entry *v;  /* ascending by name */
    size_t n;
};

static int
cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name,
                  ((const struct entry *)b)->name);
}

static int
valid_name(const char *s, size_t n)
{
    if (n == 0 || n > TEMPLATE_SET_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' ||
              c == '-'))
            return 0;
    }
    return 1;
}

static void
finish(struct template_set *s)
{
    sha256(s->source, s->len, s->digest);
}

/* Does the embedded template called name belong to the set of
 * template_name in language (prefix "LANG/")? */
static int
in_default_set(const char *name, const char *prefix, size_t plen,
               const char *template_name, size_t tlen)
{
    const char *rest = name + plen;

    if (strncmp(name, prefix, plen) != 0)
        return 0;
    if (rest[0] == '_')
        return 1;
    return strncmp(rest, template_name, tlen) == 0 && rest[tlen] == '.';
}

int
template_set_default(struct template_set **out, const char *language,
                     const char *template_name, struct dun_err *err)
{
    struct template_set *s = xcalloc(1, sizeof(*s));
    struct sbuf src = SBUF_INIT, names = SBUF_INIT, words = SBUF_INIT;
    char prefix[16], words_name[32];
    size_t plen, tlen = strlen(template_name), at, main_parts = 0;

    plen = (size_t)snprintf(prefix, sizeof(prefix), "%s/", language);
    s->v = xreallocarray(NULL, embedded_ntemplates + 1, sizeof(*s->v));
    for (size_t i = 0; i < embedded_ntemplates; i++) {
        const struct embedded_template *t = &embedded_templates[i];

        if (plen >= sizeof(prefix) ||
            !in_default_set(t->name, prefix, plen, template_name, tlen))
            continue;
        main_parts += t->name[plen] != '_';
        s->v[s->n++] = (struct entry){ t->name, t->text, t->len, NULL };
    }
    if (main_parts == 0) {
        free(s->v);
        free(s);
        return dun_err_set(err, DUN_E_NOTFOUND, "no template %s in "
                           "language %s", template_name, language);
    }
    /* The words of the language (render/labels.h), as the built-in
     * library has them (template_library_builtin). */
    snprintf(words_name, sizeof(words_name), "%s" LABELS_ENTRY, prefix);
    labels_entry_text(language, &words);
    s->v[s->n++] = (struct entry){ words_name, words.buf, words.len, NULL };
    sort_array(s->v, s->n, sizeof(*s->v), cmp_entry);
    sbuf_addstr(&src, HEADER);
    for (size_t i = 0; i < s->n; i++) {
        sbuf_addf(&src, "%s %zu\n", s->v[i].name, s->v[i].len);
        sbuf_add(&src, s->v[i].text, s->v[i].len);
        sbuf_addch(&src, '\n');
        sbuf_add(&names, s->v[i].name, strlen(s->v[i].name) + 1);
    }
    /* Point the entries into the set's own copies. */
    at = strlen(HEADER);
    for (size_t i = 0, n = 0; i < s->n; i++) {
        size_t nlen = strlen(s->v[i].name);

        s->v[i].name = names.buf + n;
        n += nlen + 1;
        at = (size_t)(strchr(src.buf + at, '\n') - src.buf) + 1;
        s->v[i].text = src.buf + at;
        at += s->v[i].len + 1;
    }
    sbuf_release(&words);
    s->source = src.buf;
    s->len = src.len;
    s->names = names.buf;
    finish(s);
    *out = s;
    return 0;
}

static int
bad(struct dun_err *err, const char *name, const char *p, const char *base,
    const char *reason)
{
    return dun_err_set(err, DUN_E_INPUT, "%s: %s at byte %zu", name, reason,
                       (size_t)(p - base));
}

int
template_set_parse(struct template_set **out, const char *name,
                   const void *source, size_t len, struct dun_err *err)
{
    const char *base, *p, *end;
    struct template_set *s;
    struct sbuf names = SBUF_INIT;
    size_t cap = 0, hlen = strlen(HEADER);
    int rc = -1;

    s = xcalloc(1, sizeof(*s));
    s->source = xmalloc(len + 1);
    if (len)
        memcpy(s->source, source, len);
    s->source[len] = '\0';
    s->len = len;
    base = p = s->source;
    end = base + len;
    if (len < hlen || memcmp(p, HEADER, hlen) != 0) {
        bad(err, name, p, base, "not a template set");
        goto out;
    }
    for (p += hlen; p < end;) {
        const char *sp = memchr(p, ' ', (size_t)(end - p)), *nl, *digits;
        size_t n = 0;

        if (sp == NULL || !valid_name(p, (size_t)(sp - p))) {
            bad(err, name, p, base, "bad template name");
            goto out;
        }
        digits = sp + 1;
        nl = memchr(digits, '\n', (size_t)(end - digits));
        if (nl == NULL || nl == digits || nl - digits > 7 ||
            (digits[0] == '0' && nl - digits > 1)) {
            bad(err, name, digits, base, "bad length");
            goto out;
        }
        for (const char *d = digits; d < nl; d++) {
            if (*d < '0' || *d > '9') {
                bad(err, name, d, base, "bad length");
                goto out;
            }
            n = n * 10 + (size_t)(*d - '0');
        }
        if (n > TEMPLATE_SET_TEXT_MAX || n >= (size_t)(end - nl) - 1 ||
            nl[1 + n] != '\n') {
            bad(err, name, nl + 1, base, "template shorter than its length");
            goto out;
        }
        if (s->n == cap) {
            cap = cap ? cap * 2 : 16;
            s->v = xreallocarray(s->v, cap, sizeof(*s->v));
        }
        /* Names are offsets into names until it stops moving. */
        s->v[s->n++] = (struct entry){ (const char *)(uintptr_t)names.len,
                                       nl + 1, n, NULL };
        sbuf_add(&names, p, (size_t)(sp - p));
        sbuf_addch(&names, '\0');
        p = nl + 1 + n + 1;
    }
    for (size_t i = 0; i < s->n; i++)
        s->v[i].name = names.buf + (uintptr_t)s->v[i].name;
    for (size_t i = 1; i < s->n; i++)
        if (strcmp(s->v[i - 1].name, s->v[i].name) >= 0) {
            dun_err_set(err, DUN_E_INPUT, "%s: template %s out of order "
                        "or twice", name, s->v[i].name);
            goto out;
        }
    s->names = names.buf;
    names = (struct sbuf)SBUF_INIT;
    finish(s);
    *out = s;
    rc = 0;
out:
    sbuf_release(&names);
    if (rc < 0) {
        s->n = 0;
        template_set_free(s);
    }
    return rc;
}

void
template_set_free(struct template_set *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        mustache_free(s->v[i].compiled);
    free(s->v);
    if (s->names != NULL && s->names != sbuf_empty)
        free(s->names);
    free(s->source);
    free(s);
}

const char *
template_set_source(const struct template_set *s, size_t *len)
{
    *len = s->len;
    return s->source;
}

const unsigned char *
template_set_digest(const struct template_set *s)
{
    return s->digest;
}

static struct entry *
find(const struct template_set *s, const char *name)
{
    struct entry key = { name, NULL, 0, NULL };

    return search_array(&key, s->v, s->n, sizeof(*s->v), cmp_entry);
}

const char *
template_set_name(const struct template_set *s, size_t i)
{
    return i < s->n ? s->v[i].name : NULL;
}

const char *
template_set_text(const struct template_set *s, size_t i, size_t *len)
{
    if (i >= s->n)
        return NULL;
    *len = s->v[i].len;
    return s->v[i].text;
}

int
template_set_has(const struct template_set *s, const char *name)
{
    return find(s, name) != NULL;
}

const char *
template_set_find(const struct template_set *s, const char *name,
                  size_t *len)
{
    const struct entry *e = find(s, name);

    if (e == NULL)
        return NULL;
    *len = e->len;
    return e->text;
}

/* The entry's compiled template: 1, 0 if the set lacks it, -1 error. */
static int
compiled(struct template_set *s, const char *name,
         const struct mustache **out, struct dun_err *err)
{
    struct entry *e = find(s, name);

    if (e == NULL)
        return 0;
    if (e->compiled == NULL &&
        mustache_compile(&e->compiled, e->name, e->text, e->len, err) < 0)
        return -1;
    *out = e->compiled;
    return 1;
}

struct partial_ctx {
    struct template_set *s;
    const char *lang; /* "de/" of the template rendered */
    size_t lang_len;
};

static int
find_partial(void *arg, const char *name, size_t namelen,
             const struct mustache **out, struct dun_err *err)
{
    struct partial_ctx *pc = arg;
    char key[TEMPLATE_SET_NAME_MAX + 1];

    if (pc->lang_len + 1 + namelen > TEMPLATE_SET_NAME_MAX)
        return 0;
    /* "de/" "_" "invoices_text": copies, not printf (a message renders a
     * dozen partials). */
    memcpy(key, pc->lang, pc->lang_len);
    key[pc->lang_len] = '_';
    memcpy(key + pc->lang_len + 1, name, namelen);
    key[pc->lang_len + 1 + namelen] = '\0';
    return compiled(pc->s, key, out, err);
}

int
template_set_render(struct template_set *s, const char *name,
                    const struct value *data, struct sbuf *out,
                    struct dun_err *err)
{
    const char *slash = strchr(name, '/');
    struct partial_ctx pc = { s, name, slash ? (size_t)(slash + 1 - name)
                                             : 0 };
    struct mustache_partials partials = { .compiled = find_partial,
                                          .arg = &pc };
    const struct mustache *m;
    int rc;

    if ((rc = compiled(s, name, &m, err)) <= 0)
        return rc;
    return mustache_render(m, data, &partials, out, err);
}
