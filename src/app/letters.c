/*
 * letters.c - the messages of one planned contact; see letters.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "core/date.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "render/json.h"
#include "render/template_set.h"
#include "render/templates.h"

#define FALLBACK_LANGUAGE "en"

void
letter_init(struct letter *l)
{
    memset(l, 0, sizeof(*l));
    l->subject = l->text = l->html = l->letter = l->inputs =
        (struct sbuf)SBUF_INIT;
    l->data = (struct arena)ARENA_INIT;
}

/* The default template sets used so far, by language and template. */
struct letter_cache {
    struct cached {
        char language[3];
        char template_name[64];
        struct template_set *set;
    } *v;
    size_t n, cap;
};

static void
cache_free(struct letter_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        template_set_free(c->v[i].set);
    free(c->v);
    free(c);
}

/* The default set of template_name in language, made once per letter. */
static struct template_set *
default_set(struct letter *l, const char *language, const char *template_name,
            struct dun_err *err)
{
    struct letter_cache *c = l->cache;
    struct template_set *set;

    if (c == NULL)
        c = l->cache = xcalloc(1, sizeof(*c));
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].language, language) == 0 &&
            strcmp(c->v[i].template_name, template_name) == 0)
            return c->v[i].set;
    if (strlen(template_name) >= sizeof(c->v[0].template_name)) {
        dun_err_set(err, DUN_E_NOTFOUND, "no template %s", template_name);
        return NULL;
    }
    if (template_set_default(&set, language, template_name, err) < 0)
        return NULL;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
    }
    snprintf(c->v[c->n].language, sizeof(c->v[c->n].language), "%s",
             language);
    snprintf(c->v[c->n].template_name, sizeof(c->v[c->n].template_name),
             "%s", template_name);
    c->v[c->n++].set = set;
    return set;
}

void
letter_release(struct letter *l)
{
    cache_free(l->cache);
    l->cache = NULL;
    l->set = NULL;
    sbuf_release(&l->subject);
    sbuf_release(&l->text);
    sbuf_release(&l->html);
    sbuf_release(&l->letter);
    sbuf_release(&l->inputs);
    arena_release(&l->data);
}

static struct value *
str(struct arena *a, const char *s)
{
    return value_strz(a, s ? s : "");
}

static struct value *
day(struct arena *a, int32_t d)
{
    char iso[DATE_ISO_LEN + 1];

    date_iso(d, iso);
    return value_strz(a, iso);
}

static struct value *
amount(struct arena *a, int64_t minor, const char *currency)
{
    char buf[MONEY_FMT_MAX];
    int e = currency_exponent(currency, 3);

    return value_strz(a, money_format(minor, e < 0 ? 2 : e, buf));
}

/* Lines of text (split at \n) as [{line}]. */
static struct value *
lines(struct arena *a, const char *s)
{
    struct value *list = value_list_new(a);

    while (s && *s) {
        size_t n = strcspn(s, "\n");
        struct value *m = value_map_new(a);

        value_map_set(m, "line", value_str(a, s, n));
        value_list_push(list, m);
        s += n + (s[n] == '\n');
    }
    return list;
}

/* The customer's address as lines: street, postal code and city, country. */
static struct value *
customer_lines(struct arena *a, const struct customer *c)
{
    char buf[256];

    snprintf(buf, sizeof(buf), "%s%s%s%s%s%s", c->address ? c->address : "",
             c->address && c->address[0] ? "\n" : "",
             c->postal_code ? c->postal_code : "",
             c->postal_code && c->postal_code[0] ? " " : "",
             c->city ? c->city : "",
             c->country && c->country[0] ? "\n" : "");
    if (c->country && c->country[0])
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s",
                 c->country);
    return lines(a, buf);
}

static struct value *
build(const struct letter_input *in, struct arena *a)
{
    const struct dun_decision *d = in->d;
    struct value *root = value_map_new(a), *t = value_map_new(a);
    struct value *c = value_map_new(a), *invoices = value_list_new(a);
    struct value *totals = value_list_new(a);

    value_map_set(root, "as_of", day(a, in->as_of));
    value_map_set(root, "stage", str(a, in->stage));
    value_map_set(root, "tone", str(a, in->tone));
    value_map_set(t, "name", str(a, in->tenant->name));
    value_map_set(t, "address_lines", lines(a, in->tenant->address));
    value_map_set(t, "email", str(a, in->tenant->email));
    value_map_set(t, "phone", str(a, in->tenant->phone));
    value_map_set(t, "iban", str(a, in->tenant->iban));
    value_map_set(t, "bic", str(a, in->tenant->bic));
    value_map_set(t, "bank", str(a, in->tenant->bank));
    value_map_set(t, "vat_id", str(a, in->tenant->vat_id));
    value_map_set(root, "tenant", t);
    value_map_set(c, "id", str(a, in->customer->id));
    value_map_set(c, "name", str(a, in->customer->name));
    value_map_set(c, "address_lines", customer_lines(a, in->customer));
    value_map_set(c, "email", str(a, in->customer->email));
    value_map_set(root, "customer", c);
    for (size_t i = 0; i < in->nitems; i++) {
        const struct dun_item *it = &in->items[i];
        struct value *m;
        char late[16];
        int32_t days = in->as_of - it->due_date;

        if (!d->in_message[i])
            continue;
        m = value_map_new(a);
        snprintf(late, sizeof(late), "%d", days > 0 ? (int)days : 0);
        value_map_set(m, "number", str(a, it->number));
        value_map_set(m, "due_date", day(a, it->due_date));
        value_map_set(m, "days_overdue", value_strz(a, late));
        value_map_set(m, "balance", amount(a, it->balance, it->currency));
        value_map_set(m, "currency", value_strz(a, it->currency));
        value_list_push(invoices, m);
    }
    value_map_set(root, "invoices", invoices);
    for (size_t i = 0; i < d->ntotals; i++) {
        struct value *m = value_map_new(a);

        value_map_set(m, "currency", value_strz(a, d->totals[i].currency));
        value_map_set(m, "amount", amount(a, d->totals[i].overdue,
                                          d->totals[i].currency));
        value_list_push(totals, m);
    }
    value_map_set(root, "totals", totals);
    value_map_set(root, "multiple_currencies", value_bool(a, d->ntotals > 1));
    if (d->deadline != DATE_INVALID)
        value_map_set(root, "deadline", day(a, d->deadline));
    if (in->broken_promise) {
        struct value *m = value_map_new(a);

        value_map_set(m, "amount", amount(a, in->broken_promise->promised,
                                          in->broken_promise->currency));
        value_map_set(m, "currency",
                      value_strz(a, in->broken_promise->currency));
        value_map_set(m, "by", day(a, in->broken_promise->by));
        value_map_set(root, "broken_promise", m);
    }
    if (d->offer_plan)
        value_map_set(root, "offer_plan", value_bool(a, true));
    if (in->next.kind == NEXT_AGENCY || in->next.kind == NEXT_LAWYER)
        value_map_set(root, "next_step", value_strz(a, "agency"));
    return root;
}

/* Render part ("subject", "text", ...) of the template into out; a
 * part the set lacks renders as nothing. */
static int
render_part(struct template_set *set, const char *language,
            const char *template_name, const char *part,
            const struct value *data, struct sbuf *out, struct dun_err *err)
{
    char key[TEMPLATE_SET_NAME_MAX + 1];

    snprintf(key, sizeof(key), "%s/%s.%s", language, template_name, part);
    sbuf_reset(out);
    return template_set_render(set, key, data, out, err);
}

/* The subject always; text and HTML for an e-mail, the letter text for
 * a letter. */
static int
render_all(struct template_set *set, const char *language,
           const char *template_name, unsigned channels,
           const struct value *data, struct letter *l, struct dun_err *err)
{
    int email = (channels & CHANNEL_EMAIL) != 0;
    int letter = (channels & CHANNEL_LETTER) != 0;

    snprintf(l->language, sizeof(l->language), "%s", language);
    l->set = set;
    sbuf_reset(&l->text);
    sbuf_reset(&l->html);
    sbuf_reset(&l->letter);
    return render_part(set, language, template_name, "subject", data,
                       &l->subject, err) < 0 ||
                   (email && (render_part(set, language, template_name,
                                          "text", data, &l->text, err) < 0 ||
                              render_part(set, language, template_name,
                                          "html", data, &l->html, err) < 0)) ||
                   (letter && render_part(set, language, template_name,
                                          "letter", data, &l->letter,
                                          err) < 0)
               ? -1
               : 0;
}

/* The customer's language if there are templates in it, else English. */
static const char *
language_for(const char *wanted, const char *template_name, char *buf)
{
    char key[96];

    if (wanted && strlen(wanted) == 2) {
        snprintf(key, sizeof(key), "%s/%s.text", wanted, template_name);
        if (templates_find(key)) {
            memcpy(buf, wanted, 3);
            return buf;
        }
    }
    return FALLBACK_LANGUAGE;
}

int
letter_render(const struct letter_input *in, struct letter *l,
              struct dun_err *err)
{
    char lang[3];
    const char *language = language_for(in->customer->language,
                                        in->template_name, lang);
    struct template_set *set = default_set(l, language, in->template_name,
                                           err);
    struct value *data;

    if (set == NULL)
        return -1;
    arena_reset(&l->data);
    data = build(in, &l->data);
    sbuf_reset(&l->inputs);
    json_write(data, &l->inputs);
    return render_all(set, language, in->template_name, in->channels, data,
                      l, err);
}

int
letter_rerender(struct template_set *set, const char *language,
                const char *template_name, unsigned channels,
                const char *inputs, size_t len, struct letter *l,
                struct dun_err *err)
{
    struct value *data;

    if (set == NULL &&
        (set = default_set(l, language, template_name, err)) == NULL)
        return -1;
    arena_reset(&l->data);
    if (json_parse(&l->data, "inputs", inputs, len, &data, err) < 0)
        return -1;
    return render_all(set, language, template_name, channels, data, l, err);
}
