/*
 * letters.c - the messages of one planned contact; see letters.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/contents.h"
#include "app/letters.h"
#include "core/date.h"
#include "core/money.h"
#include "core/plan.h"
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

/* The template sets used so far, by library, language and template. */
struct letter_cache {
    struct cached {
        unsigned char library[SHA256_LEN]; /* its digest; 0s: built-in */
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

/* The set of template_name in language, cut from library (NULL: the
 * compiled-in defaults), made once per letter. */
static struct template_set *
default_set(struct letter *l, const struct template_library *library,
            const char *language, const char *template_name,
            struct dun_err *err)
{
    static const unsigned char builtin[SHA256_LEN];
    const unsigned char *key = library ? template_library_digest(library)
                                       : builtin;
    struct letter_cache *c = l->cache;
    struct template_set *set;

    if (c == NULL)
        c = l->cache = xcalloc(1, sizeof(*c));
    for (size_t i = 0; i < c->n; i++)
        if (memcmp(c->v[i].library, key, SHA256_LEN) == 0 &&
            strcmp(c->v[i].language, language) == 0 &&
            strcmp(c->v[i].template_name, template_name) == 0)
            return c->v[i].set;
    if (strlen(template_name) >= sizeof(c->v[0].template_name)) {
        dun_err_set(err, DUN_E_NOTFOUND, "no template %s", template_name);
        return NULL;
    }
    if ((library ? template_library_cut(library, language, template_name,
                                        &set, err)
                 : template_set_default(&set, language, template_name, err))
        < 0)
        return NULL;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
    }
    memcpy(c->v[c->n].library, key, SHA256_LEN);
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

/* Totals per currency of the items with one role, in the order their
 * currencies first appear. */
struct role_totals {
    struct dun_total t[DUN_MAX_CURRENCIES];
    size_t n;
};

static int
totals_add(struct role_totals *rt, const struct dun_item *it,
           struct dun_err *err)
{
    size_t i;

    for (i = 0; i < rt->n; i++)
        if (strcmp(rt->t[i].currency, it->currency) == 0)
            break;
    if (i == rt->n) {
        if (i == DUN_MAX_CURRENCIES)
            return dun_err_set(err, DUN_E_INPUT, "more than %d currencies",
                               DUN_MAX_CURRENCIES);
        memcpy(rt->t[i].currency, it->currency, sizeof(rt->t[i].currency));
        rt->t[i].overdue = 0;
        rt->n++;
    }
    if (money_add(rt->t[i].overdue, it->balance, &rt->t[i].overdue) < 0)
        return dun_err_set(err, DUN_E_INPUT, "%s total overflows",
                           it->currency);
    return 0;
}

static struct value *
totals_list(struct arena *a, const struct role_totals *rt)
{
    struct value *list = value_list_new(a);

    for (size_t i = 0; i < rt->n; i++) {
        struct value *m = value_map_new(a);

        value_map_set(m, "currency", value_strz(a, rt->t[i].currency));
        value_map_set(m, "amount",
                      amount(a, rt->t[i].overdue, rt->t[i].currency));
        value_list_push(list, m);
    }
    return list;
}

static int32_t
days_overdue(int32_t as_of, int32_t due_date)
{
    return as_of > due_date ? as_of - due_date : 0;
}

static struct value *
number(struct arena *a, long long n)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%lld", n);
    return value_strz(a, buf);
}

static struct value *
invoice_row(struct arena *a, const struct dun_item *it, int32_t as_of)
{
    struct value *m = value_map_new(a);

    value_map_set(m, "number", str(a, it->number));
    value_map_set(m, "due_date", day(a, it->due_date));
    value_map_set(m, "days_overdue",
                  number(a, days_overdue(as_of, it->due_date)));
    value_map_set(m, "balance", amount(a, it->balance, it->currency));
    value_map_set(m, "currency", value_strz(a, it->currency));
    return m;
}

/* The most invoices a list of a message shows; the totals count them
 * all, and the list says how many more there are. A customer may have
 * 100,000 documents (docs/limits.md): no one reads such a table, and it
 * would pass the renderer's cap. */
#define LETTER_MAX_LISTED 200

/* "more": {count} when a list left out count items; nothing otherwise. */
static void
more(struct arena *a, struct value *root, const char *key, size_t shown,
     size_t all)
{
    struct value *m;

    if (all <= shown)
        return;
    m = value_map_new(a);
    value_map_set(m, "count", number(a, (int32_t)(all - shown)));
    value_map_set(root, key, m);
}

/* The listed items: those at the message's stage as invoices (under its
 * deadline and consequences), the newer ones as also_due, each list
 * with its own totals. */
static int
add_items(const struct letter_input *in, struct arena *a, struct value *root,
          struct dun_err *err)
{
    struct value *stage = value_list_new(a), *also = value_list_new(a);
    struct role_totals st = { .n = 0 }, at = { .n = 0 };
    size_t nstage = 0, nalso = 0;
    int32_t oldest = 0;

    for (size_t i = 0; i < in->nitems; i++) {
        const struct dun_item *it = &in->items[i];
        int32_t late = days_overdue(in->as_of, it->due_date);

        switch (in->d->in_message[i]) {
        case DUN_ROLE_STAGE:
            if (totals_add(&st, it, err) < 0)
                return -1;
            if (nstage < LETTER_MAX_LISTED)
                value_list_push(stage, invoice_row(a, it, in->as_of));
            nstage++;
            if (late > oldest)
                oldest = late;
            break;
        case DUN_ROLE_ALSO:
            if (totals_add(&at, it, err) < 0)
                return -1;
            if (nalso < LETTER_MAX_LISTED)
                value_list_push(also, invoice_row(a, it, in->as_of));
            nalso++;
            break;
        default:
            break;
        }
    }
    value_map_set(root, "invoices", stage);
    more(a, root, "more_invoices", LETTER_MAX_LISTED, nstage);
    more(a, root, "more_also_due", LETTER_MAX_LISTED, nalso);
    value_map_set(root, "several_invoices", value_bool(a, nstage > 1));
    value_map_set(root, "totals", totals_list(a, &st));
    value_map_set(root, "multiple_currencies", value_bool(a, st.n > 1));
    value_map_set(root, "oldest_days_overdue", number(a, oldest));
    value_map_set(root, "has_also_due", value_bool(a, nalso > 0));
    value_map_set(root, "also_due", also);
    value_map_set(root, "also_due_totals", totals_list(a, &at));
    value_map_set(root, "also_due_multiple_currencies",
                  value_bool(a, at.n > 1));
    return 0;
}

/* What follows if the customer does not pay: exactly one of review,
 * message, agency and lawyer is true. */
static struct value *
next_map(struct arena *a, const struct letter_next *n)
{
    struct value *m = value_map_new(a);

    value_map_set(m, "review", value_bool(a, n->kind == NEXT_REVIEW));
    value_map_set(m, "message", value_bool(a, n->kind == NEXT_MESSAGE));
    value_map_set(m, "agency", value_bool(a, n->kind == NEXT_AGENCY));
    value_map_set(m, "lawyer", value_bool(a, n->kind == NEXT_LAWYER));
    value_map_set(m, "stage", str(a, n->stage));
    value_map_set(m, "needs_approval", value_bool(a, n->needs_approval != 0));
    return m;
}

static int
promise_map(struct arena *a, const struct letter_promise *p, struct value **out,
            struct dun_err *err)
{
    struct value *m = value_map_new(a);
    int64_t missing;

    if (money_sub(p->promised, p->arrived, &missing) < 0 || missing <= 0 ||
        p->arrived < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "broken promise: nothing missing of it");
    value_map_set(m, "amount", amount(a, p->promised, p->currency));
    value_map_set(m, "arrived", amount(a, p->arrived, p->currency));
    value_map_set(m, "missing", amount(a, missing, p->currency));
    value_map_set(m, "currency", value_strz(a, p->currency));
    value_map_set(m, "made_on", day(a, p->made_on));
    value_map_set(m, "by", day(a, p->by));
    value_map_set(m, "partly", value_bool(a, p->arrived > 0));
    *out = m;
    return 0;
}

static int
plan_map(struct arena *a, const struct letter_plan *p, struct value **out,
         struct dun_err *err)
{
    struct value *m = value_map_new(a), *inv = value_list_new(a);
    struct value *inst = value_list_new(a);
    const struct plan_installment *missed;

    if (p->missed >= p->n || p->missed_short <= 0 ||
        p->missed_short > p->inst[p->missed].amount)
        return dun_err_set(err, DUN_E_INPUT,
                           "missed plan: no instalment short");
    missed = &p->inst[p->missed];
    value_map_set(m, "made_on", day(a, p->made_on));
    value_map_set(m, "currency", value_strz(a, p->currency));
    value_map_set(m, "total", amount(a, p->total, p->currency));
    value_map_set(m, "paid", amount(a, p->paid, p->currency));
    value_map_set(m, "any_paid", value_bool(a, p->paid > 0));
    value_map_set(m, "missed_due", day(a, missed->due_date));
    value_map_set(m, "missed_amount", amount(a, missed->amount, p->currency));
    value_map_set(m, "missed_short", amount(a, p->missed_short, p->currency));
    value_map_set(m, "missed_partly",
                  value_bool(a, p->missed_short < missed->amount));
    /* last and before_last let a template join the numbers ("1, 2 and
     * 3") in its own language. */
    for (size_t i = 0; i < p->ninvoices; i++) {
        struct value *v = value_map_new(a);

        value_map_set(v, "number", str(a, p->invoices[i]));
        value_map_set(v, "last", value_bool(a, i + 1 == p->ninvoices));
        value_map_set(v, "before_last", value_bool(a, i + 2 == p->ninvoices));
        value_list_push(inv, v);
    }
    value_map_set(m, "invoices", inv);
    value_map_set(m, "several_invoices", value_bool(a, p->ninvoices > 1));
    for (size_t i = 0; i < p->n; i++) {
        struct value *v = value_map_new(a);

        value_map_set(v, "due_date", day(a, p->inst[i].due_date));
        value_map_set(v, "amount", amount(a, p->inst[i].amount, p->currency));
        value_list_push(inst, v);
    }
    value_map_set(m, "installments", inst);
    *out = m;
    return 0;
}

/* The data the templates see (docs/templates.md): 0 and *out, or -1 for
 * data that cannot be written honestly (a total that overflows, a
 * broken promise or a missed plan with nothing missing). */
static int
build(const struct letter_input *in, struct arena *a, struct value **out,
      struct dun_err *err)
{
    const struct dun_decision *d = in->d;
    struct value *root = value_map_new(a), *t = value_map_new(a);
    struct value *c = value_map_new(a), *m = NULL;

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
    if (add_items(in, a, root, err) < 0)
        return -1;
    if (d->deadline != DATE_INVALID)
        value_map_set(root, "deadline", day(a, d->deadline));
    value_map_set(root, "backlog", value_bool(a, in->backlog != 0));
    value_map_set(root, "next", next_map(a, &in->next));
    if (in->broken_promise) {
        if (promise_map(a, in->broken_promise, &m, err) < 0)
            return -1;
        value_map_set(root, "broken_promise", m);
    }
    if (in->plan_missed) {
        if (plan_map(a, in->plan_missed, &m, err) < 0)
            return -1;
        value_map_set(root, "plan_missed", m);
    }
    if (d->offer_plan)
        value_map_set(root, "offer_plan", value_bool(a, true));
    *out = root;
    return 0;
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

/* Whether there are templates of template_name in language, in library
 * (NULL: the compiled-in ones). */
static int
has_templates(const struct template_library *library, const char *language,
              const char *template_name)
{
    char key[96];

    if (language == NULL || strlen(language) != 2)
        return 0;
    if (library)
        return template_library_has(library, language, template_name,
                                    "text");
    snprintf(key, sizeof(key), "%s/%s.text", language, template_name);
    return templates_find(key) != NULL;
}

/* The customer's language if there are templates in it, else the
 * business's (tenant set --language), else English. */
static const char *
language_for(const struct template_library *library, const char *wanted,
             const char *business, const char *template_name, char *buf)
{
    if (has_templates(library, wanted, template_name)) {
        memcpy(buf, wanted, 3);
        return buf;
    }
    if (has_templates(library, business, template_name)) {
        memcpy(buf, business, 3);
        return buf;
    }
    return FALLBACK_LANGUAGE;
}

/* Each rendered part of a firm or final message holds what it must
 * (app/contents.h): else the message is not made, and the error names
 * the template and what it left out. */
static int
check_contents(struct template_set *set, const char *language,
               const struct letter_input *in, const struct value *data,
               struct letter *l, struct dun_err *err)
{
    struct sbuf why = SBUF_INIT;
    int rc = contents_check_message(set, language, in->template_name,
                                    in->tone, in->customer->country, data,
                                    l->text.buf, l->html.buf, l->letter.buf,
                                    &why, err);

    if (rc == 1)
        rc = dun_err_set(err, DUN_E_INPUT, "%s: not sent", why.buf);
    sbuf_release(&why);
    return rc;
}

int
letter_render(const struct letter_input *in, struct letter *l,
              struct dun_err *err)
{
    char lang[3];
    const char *language = language_for(in->library, in->customer->language,
                                        in->tenant->language,
                                        in->template_name, lang);
    struct template_set *set = default_set(l, in->library, language,
                                           in->template_name, err);
    struct value *data;

    if (set == NULL)
        return -1;
    arena_reset(&l->data);
    sbuf_reset(&l->inputs);
    if (build(in, &l->data, &data, err) < 0)
        return -1;
    json_write(data, &l->inputs);
    if (render_all(set, language, in->template_name, in->channels, data, l,
                   err) < 0)
        return -1;
    return check_contents(set, language, in, data, l, err);
}

int
letter_rerender(struct template_set *set, const char *language,
                const char *template_name, unsigned channels,
                const char *inputs, size_t len, struct letter *l,
                struct dun_err *err)
{
    struct value *data;

    if (set == NULL &&
        (set = default_set(l, NULL, language, template_name, err)) == NULL)
        return -1;
    arena_reset(&l->data);
    if (json_parse(&l->data, "inputs", inputs, len, &data, err) < 0)
        return -1;
    return render_all(set, language, template_name, channels, data, l, err);
}
