/*
 * letters.c - the messages of one planned contact; see letters.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/contents.h"
#include "app/letters.h"
#include "core/date.h"
#include "core/money.h"
#include "core/plan.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "render/epc_qr.h"
#include "render/json.h"
#include "render/labels.h"
#include "render/localfmt.h"
#include "render/postal.h"
#include "render/template_set.h"
#include "render/templates.h"
#include "render/utf8.h"

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
    /* Local formats by language and country, opened once. */
    struct localfmt *fmt[32];
    size_t nfmt;
    /* The words of each template set met (render/labels.h), read once:
     * every message of a set has the same. Lives in words. */
    struct set_words {
        unsigned char set[SHA256_LEN]; /* the set's digest */
        struct value *all;   /* what its templates and letters read */
        struct value *extra; /* of those, what the set lacks: a message
                                keeps them in its data */
    } labels[16];
    size_t nlabels;
    struct arena words;
};

static void
cache_free(struct letter_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        template_set_free(c->v[i].set);
    for (size_t i = 0; i < c->nfmt; i++)
        localfmt_free(c->fmt[i]);
    arena_release(&c->words);
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

/* The local formats of language in country, opened once per letter
 * struct (the oldest is closed past 32: a run meets a handful). */
static struct localfmt *
local_formats(struct letter *l, const char *language, const char *country,
              struct dun_err *err)
{
    struct letter_cache *c = l->cache;
    struct localfmt *f;
    char tag[8];

    if (c == NULL)
        c = l->cache = xcalloc(1, sizeof(*c));
    int two = country && strlen(country) == 2;

    str_join(tag, sizeof(tag), (const char *const[]){
        language, two ? "-" : "", two ? country : "", NULL });
    for (size_t i = 0; i < c->nfmt; i++)
        if (strcasecmp(localfmt_tag(c->fmt[i]), tag) == 0)
            return c->fmt[i];
    if ((f = localfmt_new(language, country, err)) == NULL)
        return NULL;
    if (c->nfmt == sizeof(c->fmt) / sizeof(c->fmt[0])) {
        localfmt_free(c->fmt[0]);
        memmove(c->fmt, c->fmt + 1, --c->nfmt * sizeof(c->fmt[0]));
    }
    return c->fmt[c->nfmt++] = f;
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

/* What builds the data of one message: where it lives, and the local
 * formats and words of the language it is written in. */
struct data_ctx {
    struct arena *a;
    struct letter_cache *cache; /* the letter's: labels built once */
    const struct set_words *words; /* the message's set's */
    struct localfmt *lf;     /* the customer's */
    struct localfmt *sender; /* the business's language: the country
                                line of an address */
    const char *language;
    int32_t as_of;
};

/* The words of set (its LANG/_labels entry) into m (in a): 0, or -1
 * with err. A set kept before sets carried words has none. */
static int
read_set_words(const struct template_set *set, const char *language,
               struct value *m, struct dun_err *err)
{
    char name[16];
    const char *text;
    size_t len;

    snprintf(name, sizeof(name), "%.2s/" LABELS_ENTRY, language);
    if ((text = template_set_find(set, name, &len)) == NULL)
        return 0;
    if (labels_entry_map(text, len, m, err) < 0)
        return dun_err_prefix(err, "template set: %s", name);
    return 0;
}

/* The words a message of set says (render/labels.h): the set's, and
 * the built-in ones of the language for a word the set lacks (all of
 * them for a set without words), which the message then keeps in its
 * data. Read once per set and letter struct, shared by every message's
 * tree (which only reads it). */
static const struct set_words *
set_words(struct data_ctx *x, const struct template_set *set,
          struct dun_err *err)
{
    struct letter_cache *c = x->cache;
    const unsigned char *digest = template_set_digest(set);
    struct set_words *w;
    struct arena *a = &c->words;

    for (size_t i = 0; i < c->nlabels; i++)
        if (memcmp(c->labels[i].set, digest, SHA256_LEN) == 0)
            return &c->labels[i];
    if (c->nlabels == sizeof(c->labels) / sizeof(c->labels[0]))
        c->nlabels = 0; /* a run meets a handful; start over past that */
    w = &c->labels[c->nlabels];
    memcpy(w->set, digest, SHA256_LEN);
    w->all = value_map_new(a);
    w->extra = value_map_new(a);
    if (read_set_words(set, x->language, w->all, err) < 0)
        return NULL;
    for (size_t i = 0; labels_message_keys[i]; i++) {
        const char *k = labels_message_keys[i];

        if (value_map_get(w->all, k, strlen(k)) == NULL) {
            struct value *v = value_strz(a, labels_get(x->language, k));

            value_map_set(w->all, k, v);
            value_map_set(w->extra, k, v);
        }
    }
    c->nlabels++;
    return w;
}

/* The word for key in the message's language. */
static const char *
word(const struct data_ctx *x, const char *key)
{
    return labels_word(x->words->all, x->language, key);
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

static struct value *
day_fmt(struct data_ctx *x, int32_t d)
{
    char buf[LOCALFMT_MAX];

    return value_strz(x->a, localfmt_date(x->lf, d, buf));
}

/* A date short, as a table column shows it ("Nov 14, 2026"). */
static struct value *
day_short(struct data_ctx *x, int32_t d)
{
    char buf[LOCALFMT_MAX];

    return value_strz(x->a, localfmt_date_short(x->lf, d, buf));
}

static struct value *
amount_fmt(struct data_ctx *x, int64_t minor, const char *currency)
{
    char buf[LOCALFMT_MAX];

    return value_strz(x->a, localfmt_money(x->lf, minor, currency, buf));
}

/* A date as key (ISO 8601) and key_fmt (as the customer's country
 * writes it) in m. The keys are literals, kept as they are
 * (value_map_set_lit): SET_DAY names the two. */
static void
put_day(struct data_ctx *x, struct value *m, const char *key, size_t keylen,
        const char *fmt_key, int32_t d)
{
    value_map_setn_static(m, key, keylen, day(x->a, d));
    value_map_setn_static(m, fmt_key, keylen + 4, day_fmt(x, d));
}
#define SET_DAY(x, m, key, d) \
    put_day((x), (m), "" key "", sizeof(key) - 1, key "_fmt", (d))

/* An amount as key (a decimal string) and key_fmt (with the currency's
 * sign, as the customer's country writes it) in m; SET_AMOUNT names the
 * two. */
static void
put_amount(struct data_ctx *x, struct value *m, const char *key,
           size_t keylen, const char *fmt_key, int64_t minor,
           const char *currency)
{
    value_map_setn_static(m, key, keylen, amount(x->a, minor, currency));
    value_map_setn_static(m, fmt_key, keylen + 4,
                          amount_fmt(x, minor, currency));
}
#define SET_AMOUNT(x, m, key, minor, currency) \
    put_amount((x), (m), "" key "", sizeof(key) - 1, key "_fmt", (minor), \
               (currency))

/* An IBAN as it is printed for people: groups of four ("DE89 3704 0044
 * 0532 0130 00"), whatever spacing it was stored with. */
static struct value *
iban_groups(struct arena *a, const char *iban)
{
    char out[IBAN_GROUPED_MAX + 1];

    if (iban_group4(iban ? iban : "", out, sizeof(out)) < 0)
        return value_strz(a, iban ? iban : "");
    return value_strz(a, out);
}

/* Lines of text (split at \n) as [{line}]. */
static struct value *
lines(struct arena *a, const char *s)
{
    struct value *list = value_list_new(a);

    while (s && *s) {
        size_t n = strcspn(s, "\n");
        struct value *m = value_map_new(a);

        value_map_set_lit(m, "line", value_str(a, s, n));
        value_list_push(list, m);
        s += n + (s[n] == '\n');
    }
    return list;
}

/* The customer's address below its name, laid out as the post of its
 * country wants it (render/postal.h); the country line only when the
 * business is elsewhere. */
static struct value *
customer_lines(struct data_ctx *x, const struct customer *c,
               const char *from_country)
{
    struct postal_address pa = {
        .name = NULL, .street = c->address, .postal_code = c->postal_code,
        .city = c->city, .region = c->region, .country = c->country };
    struct sbuf sb = SBUF_INIT, attn = SBUF_INIT;
    struct value *v;

    /* The person the letter is for, under the company's name: "z. Hd.
     * Anna Schmidt", "Attn: Jane Doe". */
    if (c->contact_name && c->contact_name[0]) {
        sbuf_addf(&attn, "%s %s", word(x, "attention"), c->contact_name);
        pa.attention = attn.buf;
    }
    postal_lines(&pa, from_country, x->sender, &sb);
    sbuf_addch(&sb, '\0');
    v = lines(x->a, sb.buf);
    sbuf_release(&sb);
    sbuf_release(&attn);
    return v;
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
totals_list(struct data_ctx *x, const struct role_totals *rt)
{
    struct value *list = value_list_new(x->a);

    for (size_t i = 0; i < rt->n; i++) {
        struct value *m = value_map_new(x->a);

        value_map_set_lit(m, "currency", value_strz(x->a, rt->t[i].currency));
        SET_AMOUNT(x, m, "amount", rt->t[i].overdue, rt->t[i].currency);
        value_list_push(list, m);
    }
    return list;
}

static int32_t
days_overdue(int32_t as_of, int32_t due_date)
{
    return as_of > due_date ? as_of - due_date : 0;
}

/* n in decimal figures: money_format with no fraction digits (without
 * printf: every invoice row has one). */
static struct value *
number(struct arena *a, long long n)
{
    char buf[MONEY_FMT_MAX];

    return value_strz(a, money_format(n, 0, buf));
}

/* An invoice of a list: its dates and amounts as raw and formatted
 * values. Built at once (a letter lists up to LETTER_MAX_LISTED; a run
 * writes a hundred thousand): the same keys in the same order as the
 * other maps of the data, SET_DAY's and SET_AMOUNT's pairs. */
static struct value *
invoice_row(struct data_ctx *x, const struct dun_item *it)
{
    struct arena *a = x->a;
    const char *keys[15];
    size_t lens[15];
    struct value *v[15];
    size_t n = 0;

#define ROW(key, value) \
    (keys[n] = "" key "", lens[n] = sizeof(key) - 1, v[n++] = (value))
    ROW("number", str(a, it->number));
    ROW("issue_date", day(a, it->issue_date));
    ROW("issue_date_fmt", day_fmt(x, it->issue_date));
    ROW("due_date", day(a, it->due_date));
    ROW("due_date_fmt", day_fmt(x, it->due_date));
    ROW("issue_date_short", day_short(x, it->issue_date));
    ROW("due_date_short", day_short(x, it->due_date));
    ROW("days_overdue", number(a, days_overdue(x->as_of, it->due_date)));
    ROW("balance", amount(a, it->balance, it->currency));
    ROW("balance_fmt", amount_fmt(x, it->balance, it->currency));
    /* What the invoice was for, and what of it was paid or credited:
     * not known for a balance kept before totals were ("dun check
     * --repair" keeps it again with them). */
    if (it->total >= it->balance) {
        ROW("total", amount(a, it->total, it->currency));
        ROW("total_fmt", amount_fmt(x, it->total, it->currency));
        ROW("paid", amount(a, it->total - it->balance, it->currency));
        ROW("paid_fmt", amount_fmt(x, it->total - it->balance,
                                   it->currency));
    }
    ROW("currency", value_strz(a, it->currency));
#undef ROW
    return value_map_of_lits(a, keys, lens, v, n);
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
    value_map_set_lit(m, "count", number(a, (int32_t)(all - shown)));
    value_map_set(root, key, m);
}

/* ---- the plain-text table of a list ---- */

enum { TC_NUMBER, TC_DUE, TC_DAYS, TC_OPEN, TC_COUNT };

/* A cell of the table: its text and the columns it takes, measured once
 * (a run writes a table in every message). */
struct tcell {
    const char *s;
    size_t len, width;
};

static struct tcell
tcell_of(const char *s, size_t len)
{
    return (struct tcell){ s, len, utf8_width(s, len) };
}

/* The string under key in map as a cell; empty if there is none. */
static struct tcell
tcell_at(const struct value *map, const char *key, size_t keylen)
{
    const struct value *v = value_map_get(map, key, keylen);

    if (v == NULL || v->type != VALUE_STRING)
        return tcell_of("", 0);
    return tcell_of(v->u.text.ptr, v->u.text.len);
}

static void
row_cells(const struct value *row, struct tcell c[TC_COUNT])
{
    c[TC_NUMBER] = tcell_at(row, "number", 6);
    c[TC_DUE] = tcell_at(row, "due_date_fmt", 12);
    c[TC_DAYS] = tcell_at(row, "days_overdue", 12);
    c[TC_OPEN] = tcell_at(row, "balance_fmt", 11);
}

static struct tcell
word_cell(const struct data_ctx *x, const char *key)
{
    const char *s = word(x, key);

    return tcell_of(s, strlen(s));
}

static void
repeat(struct sbuf *sb, char ch, size_t n)
{
    if (n && sbuf_reserve(sb, n) == 0) {
        memset(sb->buf + sb->len, ch, n);
        sb->len += n;
        sb->buf[sb->len] = '\0';
    }
}

/* Append c padded with spaces to width columns, on the left for a
 * number (right-aligned) or on the right. */
static void
pad(struct sbuf *sb, const struct tcell *c, size_t width, int right)
{
    size_t fill = c->width < width ? width - c->width : 0;

    if (right)
        repeat(sb, ' ', fill);
    sbuf_add(sb, c->s, c->len);
    if (!right)
        repeat(sb, ' ', fill);
}

static void
row_line(struct sbuf *sb, const struct tcell c[TC_COUNT],
         const size_t w[TC_COUNT])
{
    size_t mark = sb->len;

    sbuf_add(sb, "  ", 2);
    for (int i = 0; i < TC_COUNT; i++) {
        if (i)
            sbuf_add(sb, "  ", 2);
        pad(sb, &c[i], w[i], i >= TC_DAYS);
    }
    while (sb->len > mark && sb->buf[sb->len - 1] == ' ')
        sb->len--; /* no trailing blanks */
    sbuf_addch(sb, '\n');
}

static void
rule_line(struct sbuf *sb, const size_t w[TC_COUNT])
{
    sbuf_add(sb, "  ", 2);
    for (int i = 0; i < TC_COUNT; i++) {
        if (i)
            sbuf_add(sb, "  ", 2);
        repeat(sb, '-', w[i]);
    }
    sbuf_addch(sb, '\n');
}

static struct value *
text_of(struct arena *a, struct sbuf *sb)
{
    if (sb->len && sb->buf[sb->len - 1] == '\n')
        sb->len--; /* the template ends the line */
    return value_str(a, sb->buf ? sb->buf : "", sb->len);
}

/*
 * The list's rows as a plain-text table whose columns line up by display
 * width (render/utf8.h), in three parts a template places: head (the
 * column heads and a rule), rows, foot (a rule and a total per
 * currency). Amounts and days right-aligned.
 */
static struct value *
text_table(struct data_ctx *x, const struct value *rows,
           const struct value *totals)
{
    struct tcell head[TC_COUNT] = {
        word_cell(x, "invoice"), word_cell(x, "due_date"),
        word_cell(x, "days_overdue"), word_cell(x, "open")};
    struct tcell total = word_cell(x, "total");
    size_t nrows = rows->u.list.len, ntotals = totals->u.list.len;
    struct tcell(*cells)[TC_COUNT] =
        arena_alloc(x->a, (nrows ? nrows : 1) * sizeof(*cells));
    struct tcell *sums = arena_alloc(x->a, (ntotals ? ntotals : 1) *
                                               sizeof(*sums));
    size_t w[TC_COUNT], span;
    struct value *m = value_map_new(x->a);
    struct sbuf sb = SBUF_INIT;

    for (int i = 0; i < TC_COUNT; i++)
        w[i] = head[i].width;
    for (size_t r = 0; r < nrows; r++) {
        row_cells(rows->u.list.items[r], cells[r]);
        for (int i = 0; i < TC_COUNT; i++)
            if (cells[r][i].width > w[i])
                w[i] = cells[r][i].width;
    }
    for (size_t t = 0; t < ntotals; t++) {
        sums[t] = tcell_at(totals->u.list.items[t], "amount_fmt", 10);
        if (sums[t].width > w[TC_OPEN])
            w[TC_OPEN] = sums[t].width;
    }
    /* The total's label spans the first three columns. */
    span = w[TC_NUMBER] + w[TC_DUE] + w[TC_DAYS] + 4;
    if (total.width > span) {
        w[TC_NUMBER] += total.width - span;
        span = total.width;
    }

    row_line(&sb, head, w);
    rule_line(&sb, w);
    value_map_set_lit(m, "head", text_of(x->a, &sb));
    sbuf_reset(&sb);
    for (size_t r = 0; r < nrows; r++)
        row_line(&sb, cells[r], w);
    value_map_set_lit(m, "rows", text_of(x->a, &sb));
    sbuf_reset(&sb);
    rule_line(&sb, w);
    for (size_t t = 0; t < ntotals; t++) {
        sbuf_add(&sb, "  ", 2);
        pad(&sb, &total, span, 0);
        sbuf_add(&sb, "  ", 2);
        pad(&sb, &sums[t], w[TC_OPEN], 1);
        sbuf_addch(&sb, '\n');
    }
    value_map_set_lit(m, "foot", text_of(x->a, &sb));
    sbuf_release(&sb);
    return m;
}

/* The listed items: those at the message's stage as invoices (under its
 * deadline and consequences), the newer ones as also_due, each list
 * with its own totals and plain-text table. */
static int
add_items(const struct letter_input *in, struct data_ctx *x,
          struct value *root, struct dun_err *err)
{
    struct arena *a = x->a;
    struct value *stage = value_list_new(a), *also = value_list_new(a);
    struct value *st_totals, *at_totals;
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
                value_list_push(stage, invoice_row(x, it));
            nstage++;
            if (late > oldest)
                oldest = late;
            break;
        case DUN_ROLE_ALSO:
            if (totals_add(&at, it, err) < 0)
                return -1;
            if (nalso < LETTER_MAX_LISTED)
                value_list_push(also, invoice_row(x, it));
            nalso++;
            break;
        default:
            break;
        }
    }
    st_totals = totals_list(x, &st);
    at_totals = totals_list(x, &at);
    value_map_set_lit(root, "invoices", stage);
    value_map_set_lit(root, "invoices_table", text_table(x, stage, st_totals));
    more(a, root, "more_invoices", LETTER_MAX_LISTED, nstage);
    more(a, root, "more_also_due", LETTER_MAX_LISTED, nalso);
    value_map_set_lit(root, "several_invoices", value_bool(a, nstage > 1));
    value_map_set_lit(root, "totals", st_totals);
    value_map_set_lit(root, "multiple_currencies", value_bool(a, st.n > 1));
    value_map_set_lit(root, "oldest_days_overdue", number(a, oldest));
    value_map_set_lit(root, "has_also_due", value_bool(a, nalso > 0));
    value_map_set_lit(root, "also_due", also);
    value_map_set_lit(root, "also_due_totals", at_totals);
    if (nalso > 0)
        value_map_set_lit(root, "also_due_table", text_table(x, also, at_totals));
    value_map_set_lit(root, "also_due_multiple_currencies",
                  value_bool(a, at.n > 1));
    return 0;
}

/* What follows if the customer does not pay: exactly one of review,
 * message, agency and lawyer is true. */
static struct value *
next_map(struct arena *a, const struct letter_next *n)
{
    struct value *m = value_map_new(a);

    value_map_set_lit(m, "review", value_bool(a, n->kind == NEXT_REVIEW));
    value_map_set_lit(m, "message", value_bool(a, n->kind == NEXT_MESSAGE));
    value_map_set_lit(m, "agency", value_bool(a, n->kind == NEXT_AGENCY));
    value_map_set_lit(m, "lawyer", value_bool(a, n->kind == NEXT_LAWYER));
    value_map_set_lit(m, "stage", str(a, n->stage));
    value_map_set_lit(m, "needs_approval", value_bool(a, n->needs_approval != 0));
    return m;
}

static int
promise_map(struct data_ctx *x, const struct letter_promise *p,
            struct value **out, struct dun_err *err)
{
    struct arena *a = x->a;
    struct value *m = value_map_new(a);
    int64_t missing;

    if (money_sub(p->promised, p->arrived, &missing) < 0 || missing <= 0 ||
        p->arrived < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "broken promise: nothing missing of it");
    SET_AMOUNT(x, m, "amount", p->promised, p->currency);
    SET_AMOUNT(x, m, "arrived", p->arrived, p->currency);
    SET_AMOUNT(x, m, "missing", missing, p->currency);
    value_map_set_lit(m, "currency", value_strz(a, p->currency));
    SET_DAY(x, m, "made_on", p->made_on);
    SET_DAY(x, m, "by", p->by);
    value_map_set_lit(m, "partly", value_bool(a, p->arrived > 0));
    *out = m;
    return 0;
}

static int
plan_map(struct data_ctx *x, const struct letter_plan *p, struct value **out,
         struct dun_err *err)
{
    struct arena *a = x->a;
    struct value *m = value_map_new(a), *inv = value_list_new(a);
    struct value *inst = value_list_new(a);
    const struct plan_installment *missed;

    if (p->missed >= p->n || p->missed_short <= 0 ||
        p->missed_short > p->inst[p->missed].amount)
        return dun_err_set(err, DUN_E_INPUT,
                           "missed plan: no instalment short");
    missed = &p->inst[p->missed];
    SET_DAY(x, m, "made_on", p->made_on);
    value_map_set_lit(m, "currency", value_strz(a, p->currency));
    SET_AMOUNT(x, m, "total", p->total, p->currency);
    SET_AMOUNT(x, m, "paid", p->paid, p->currency);
    value_map_set_lit(m, "any_paid", value_bool(a, p->paid > 0));
    SET_DAY(x, m, "missed_due", missed->due_date);
    SET_AMOUNT(x, m, "missed_amount", missed->amount, p->currency);
    SET_AMOUNT(x, m, "missed_short", p->missed_short, p->currency);
    value_map_set_lit(m, "missed_partly",
                  value_bool(a, p->missed_short < missed->amount));
    /* last and before_last let a template join the numbers ("1, 2 and
     * 3") in its own language. */
    for (size_t i = 0; i < p->ninvoices; i++) {
        struct value *v = value_map_new(a);

        value_map_set_lit(v, "number", str(a, p->invoices[i]));
        value_map_set_lit(v, "last", value_bool(a, i + 1 == p->ninvoices));
        value_map_set_lit(v, "before_last", value_bool(a, i + 2 == p->ninvoices));
        value_list_push(inv, v);
    }
    value_map_set_lit(m, "invoices", inv);
    value_map_set_lit(m, "several_invoices", value_bool(a, p->ninvoices > 1));
    for (size_t i = 0; i < p->n; i++) {
        struct value *v = value_map_new(a);

        SET_DAY(x, v, "due_date", p->inst[i].due_date);
        SET_AMOUNT(x, v, "amount", p->inst[i].amount, p->currency);
        value_list_push(inst, v);
    }
    value_map_set_lit(m, "installments", inst);
    *out = m;
    return 0;
}

/* The data the templates see (docs/templates.md): 0 and *out, or -1 for
 * data that cannot be written honestly (a total that overflows, a
 * broken promise or a missed plan with nothing missing). */
static int
build(const struct letter_input *in, struct data_ctx *x, struct value **out,
      struct dun_err *err)
{
    struct arena *a = x->a;
    const struct dun_decision *d = in->d;
    struct value *root = value_map_new(a), *t = value_map_new(a);
    struct value *c = value_map_new(a), *m = NULL, *where = value_map_new(a);
    const char *cc = in->customer->country ? in->customer->country : "";

    value_map_set_lit(root, "locale", value_strz(a, localfmt_tag(x->lf)));
    SET_DAY(x, root, "as_of", in->as_of);
    value_map_set_lit(root, "stage", str(a, in->stage));
    value_map_set_lit(root, "tone", str(a, in->tone));
    value_map_set_lit(t, "name", str(a, in->tenant->name));
    value_map_set_lit(t, "address_lines", lines(a, in->tenant->address));
    value_map_set_lit(t, "email", str(a, in->tenant->email));
    value_map_set_lit(t, "phone", str(a, in->tenant->phone));
    value_map_set_lit(t, "iban", str(a, in->tenant->iban));
    value_map_set_lit(t, "iban_fmt", iban_groups(a, in->tenant->iban));
    value_map_set_lit(t, "bic", str(a, in->tenant->bic));
    value_map_set_lit(t, "bank", str(a, in->tenant->bank));
    value_map_set_lit(t, "vat_id", str(a, in->tenant->vat_id));
    /* What printed letters add (docs/templates.md), only when set: most
     * businesses have a few of them, and every message carries them. */
    {
        const struct {
            const char *key, *value;
        } more[] = {
            {"website", in->tenant->website},
            {"country", in->tenant->country},
            {"legal_name", in->tenant->legal_name},
            {"legal_form", in->tenant->legal_form},
            {"register_court", in->tenant->register_court},
            {"register_number", in->tenant->register_number},
            {"managing_directors", in->tenant->managing_directors},
            {"registered_office", in->tenant->registered_office},
            {"share_capital", in->tenant->share_capital},
            {"sort_code", in->tenant->sort_code},
            {"account_number", in->tenant->account_number},
            {"ach_routing", in->tenant->ach_routing},
            {"ach_account", in->tenant->ach_account},
            {"checks_payable_to", in->tenant->checks_payable_to},
        };

        for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
            if (more[i].value && more[i].value[0])
                value_map_set(t, more[i].key, str(a, more[i].value));
        if (in->tenant->remit_to && in->tenant->remit_to[0])
            value_map_set_lit(t, "remit_to_lines", lines(a, in->tenant->remit_to));
    }
    value_map_set_lit(root, "tenant", t);
    value_map_set_lit(c, "id", str(a, in->customer->id));
    value_map_set_lit(c, "name", str(a, in->customer->name));
    value_map_set_lit(c, "address_lines",
                  customer_lines(x, in->customer, in->tenant->country));
    value_map_set_lit(c, "email", str(a, in->customer->email));
    value_map_set_lit(c, "contact_name", str(a, in->customer->contact_name));
    value_map_set_lit(c, "country", value_strz(a, cc));
    /* customer.in.US: a template's switch for a country's usage
     * ("Dear ...:" and "Sincerely" in the United States). */
    if (strlen(cc) == 2)
        value_map_set(where, cc, value_bool(a, true));
    value_map_set_lit(c, "in", where);
    value_map_set_lit(root, "customer", c);
    /* The words the set lacks; the set keeps the rest. */
    if (x->words->extra->u.map.len > 0)
        value_map_set_lit(root, "labels", x->words->extra);
    if (add_items(in, x, root, err) < 0)
        return -1;
    if (d->deadline != DATE_INVALID)
        SET_DAY(x, root, "deadline", d->deadline);
    value_map_set_lit(root, "backlog", value_bool(a, in->backlog != 0));
    value_map_set_lit(root, "next", next_map(a, &in->next));
    if (in->broken_promise) {
        if (promise_map(x, in->broken_promise, &m, err) < 0)
            return -1;
        value_map_set_lit(root, "broken_promise", m);
    }
    if (in->plan_missed) {
        if (plan_map(x, in->plan_missed, &m, err) < 0)
            return -1;
        value_map_set_lit(root, "plan_missed", m);
    }
    if (d->offer_plan)
        value_map_set_lit(root, "offer_plan", value_bool(a, true));
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

    str_join(key, sizeof(key), (const char *const[]){
        language, "/", template_name, ".", part, NULL });
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

    str_join(l->language, sizeof(l->language),
             (const char *const[]){ language, NULL });
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
    struct data_ctx x = { .a = &l->data, .language = language,
                          .as_of = in->as_of };
    const char *business = in->tenant->language && in->tenant->language[0]
                               ? in->tenant->language
                               : FALLBACK_LANGUAGE;
    struct value *data;

    if (set == NULL ||
        (x.lf = local_formats(l, language, in->customer->country, err)) ==
            NULL ||
        (x.sender = local_formats(l, business, "", err)) == NULL)
        return -1;
    x.cache = l->cache;
    if ((x.words = set_words(&x, set, err)) == NULL)
        return -1;
    arena_reset(&l->data);
    sbuf_reset(&l->inputs);
    if (build(in, &x, &data, err) < 0)
        return -1;
    json_write(data, &l->inputs);
    /* The templates see every word. */
    value_map_set_lit(data, "labels", x.words->all);
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
    if (letter_message_data(&l->data, set, language, inputs, len, &data,
                            err) < 0)
        return -1;
    return render_all(set, language, template_name, channels, data, l, err);
}

int
letter_message_data(struct arena *a, const struct template_set *set,
                    const char *language, const char *inputs, size_t len,
                    struct value **out, struct dun_err *err)
{
    struct value *data, *kept, *words;

    if (json_parse(a, "inputs", inputs, len, &data, err) < 0)
        return -1;
    kept = value_map_get(data, "labels", 6);
    words = value_map_new(a);
    if (set && read_set_words(set, language, words, err) < 0)
        return -1;
    if (kept && kept->type == VALUE_MAP)
        for (size_t i = 0; i < kept->u.map.len; i++)
            value_map_setn(words, kept->u.map.members[i].key,
                           kept->u.map.members[i].keylen,
                           kept->u.map.members[i].value);
    if (kept || words->u.map.len > 0)
        value_map_set_lit(data, "labels", words);
    *out = data;
    return 0;
}
