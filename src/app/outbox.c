/*
 * outbox.c - re-rendering the outbox; see outbox.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "app/outbox.h"
#include "core/arena.h"
#include "core/xalloc.h"
#include "render/template_set.h"

struct verify {
    struct store *st;
    void (*mismatch)(void *ctx, int64_t seq);
    void *ctx;
    struct outbox_check *out;
    struct letter letter;
    /* the stored sets parsed so far */
    struct parsed {
        int64_t id;
        struct template_set *set;
    } *sets;
    size_t nsets, cap;
};

/* Stored set id, parsed once. */
static struct template_set *
stored_set(struct verify *v, int64_t id, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    struct template_set *set = NULL;
    const void *src;
    size_t len;
    char name[48];
    int rc;

    for (size_t i = 0; i < v->nsets; i++)
        if (v->sets[i].id == id)
            return v->sets[i].set;
    snprintf(name, sizeof(name), "template set %lld", (long long)id);
    rc = v->st->ops->template_set_get(v->st, id, &a, &src, &len, err);
    if (rc == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "%s is missing", name);
    if (rc == 1 && template_set_parse(&set, name, src, len, err) == 0) {
        if (v->nsets == v->cap) {
            v->cap = v->cap ? v->cap * 2 : 8;
            v->sets = xreallocarray(v->sets, v->cap, sizeof(*v->sets));
        }
        v->sets[v->nsets++] = (struct parsed){ id, set };
    }
    arena_release(&a);
    return set;
}

static int
verify_one(void *ctx, const struct store_message *m, struct dun_err *err)
{
    struct verify *v = ctx;
    struct template_set *set = NULL;
    int email = strcmp(m->channel, "email") == 0, same;
    struct letter *l = &v->letter;

    if (m->template_set && (set = stored_set(v, m->template_set, err)) == NULL)
        return -1;
    if (letter_rerender(set, m->language, m->template_name,
                        email ? CHANNEL_EMAIL : CHANNEL_LETTER, m->inputs,
                        strlen(m->inputs), l, err) < 0)
        return -1;
    same = strcmp(l->subject.buf, m->subject) == 0 &&
           strcmp(email ? l->text.buf : l->letter.buf, m->body) == 0 &&
           strcmp(email ? l->html.buf : "", m->html) == 0;
    v->out->checked++;
    if (!same) {
        v->out->mismatched++;
        if (v->mismatch)
            v->mismatch(v->ctx, m->seq);
    }
    return 0;
}

static int
verify_listed(void *ctx, const struct store_message *m, struct dun_err *err)
{
    struct verify *v = ctx;

    return v->st->ops->outbox_scan(v->st, m->seq, verify_one, v, err);
}

int
outbox_verify(struct store *st, void (*mismatch)(void *ctx, int64_t seq),
              void *ctx, struct outbox_check *out, struct dun_err *err)
{
    struct verify v = { .st = st, .mismatch = mismatch, .ctx = ctx,
                        .out = out };
    int rc;

    memset(out, 0, sizeof(*out));
    letter_init(&v.letter);
    rc = st->ops->outbox_scan(st, 0, verify_listed, &v, err);
    letter_release(&v.letter);
    for (size_t i = 0; i < v.nsets; i++)
        template_set_free(v.sets[i].set);
    free(v.sets);
    return rc;
}
