/*
 * statement_pdf.c - a statement of account as a printed letter; see
 * statement_pdf.h.
 *
 * The frame (letterhead, return line, footer, payment box) is the one
 * letters have (render/letter_frame.h), drawn here from the tenant and
 * customer records as they are today, in the words of the templates in
 * force (their _labels; data/labels.ini's for what they lack).
 */
#include <stdio.h>
#include <string.h>

#include "app/config.h"
#include "app/statement.h"
#include "app/statement_pdf.h"
#include "app/templates.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/money.h"
#include "io/textfile.h"
#include "app/print.h"
#include "render/letter_frame.h"
#include "render/labels.h"
#include "render/localfmt.h"
#include "render/pdf_letter.h"
#include "render/postal.h"
#include "store/store.h"

/* Invoices named after "applied to" in a payment's row; more are
 * counted ("+3"). */
#define APPLIED_LISTED 6
/* A bank transfer's remittance text (and the EPC QR code's) holds 140
 * characters. */
#define REFERENCE_MAX 140
/* Open invoices named in the reference: at most this many, else none. */
#define REFERENCE_INVOICES 3

/* What one statement is composed from. Every text lives in a. */
struct compose {
    struct arena *a;
    struct letter_words words; /* the words below, for letter_frame */
    /* The words of the templates in force for language (their _labels,
     * render/labels.h), or NULL; data/labels.ini's for what they lack. */
    struct value *mine;
    const struct statement *s;
    const struct tenant *t;
    const char *language;
    struct localfmt *lf; /* the customer's language and country */
    struct pdf_block *blocks;
    size_t nblocks;
};

static const char *
word(const struct compose *c, const char *key)
{
    return labels_word(c->mine, c->language, key);
}

static const char *
word_of(const void *compose, const char *key)
{
    return word(compose, key);
}


static const char *
keep(const struct compose *c, const char *s)
{
    return arena_strndup(c->a, s, strlen(s));
}

static const char *
keep_sbuf(const struct compose *c, const struct sbuf *sb)
{
    return arena_strndup(c->a, sb->buf, sb->len);
}

static int
has(const char *s)
{
    return s && s[0];
}

/* text with each {name} replaced by value. */
static const char *
fill(const struct compose *c, const char *text, const char *name,
     const char *value)
{
    struct sbuf sb = SBUF_INIT;
    size_t nl = strlen(name);
    const char *s;

    for (const char *p = text; *p;) {
        if (p[0] == '{' && strncmp(p + 1, name, nl) == 0 && p[nl + 1] == '}') {
            sbuf_addstr(&sb, value);
            p += nl + 2;
        } else {
            sbuf_addch(&sb, *p++);
        }
    }
    s = keep_sbuf(c, &sb);
    sbuf_release(&sb);
    return s;
}

static const char *
money(const struct compose *c, int64_t minor, const char *currency)
{
    char buf[LOCALFMT_MAX];

    return keep(c, localfmt_money(c->lf, minor, currency, buf));
}

static const char *
day_short(const struct compose *c, int32_t day)
{
    char buf[LOCALFMT_MAX];

    return day == DATE_INVALID ? ""
                               : keep(c, localfmt_date_short(c->lf, day, buf));
}

static const char *
day_long(const struct compose *c, int32_t day)
{
    char buf[LOCALFMT_MAX];

    return keep(c, localfmt_date(c->lf, day, buf));
}

static void
add_block(struct compose *c, struct pdf_block b)
{
    c->blocks[c->nblocks++] = b;
}

static void
add_text(struct compose *c, enum pdf_block_kind kind, const char *text)
{
    add_block(c, (struct pdf_block){ .kind = kind, .text = text });
}

static void
add_table(struct compose *c, struct pdf_table *t)
{
    add_block(c, (struct pdf_block){ .kind = PDF_BLOCK_TABLE, .table = t });
}

/* ---- the account, one table per currency ---- */

static const char *
kind_word(const struct compose *c, enum statement_kind k)
{
    switch (k) {
    case STATEMENT_CREDIT_NOTE:
        return word(c, "credit_note");
    case STATEMENT_PAYMENT:
        return word(c, "payment");
    default:
        return word(c, "invoice");
    }
}

/* "Payment P000811", and under it "applied to INV-000003, INV-000004". */
static const char *
document(const struct compose *c, const struct statement_line *l)
{
    struct sbuf sb = SBUF_INIT;
    const char *s;

    sbuf_addf(&sb, "%s %s", kind_word(c, l->kind), l->ref);
    if (l->napplied)
        sbuf_addf(&sb, "\n%s ", word(c, "applied_to"));
    for (size_t i = 0; i < l->napplied && i < APPLIED_LISTED; i++)
        sbuf_addf(&sb, "%s%s", i ? ", " : "", l->applied[i].invoice_number);
    if (l->napplied > APPLIED_LISTED)
        sbuf_addf(&sb, " +%zu", l->napplied - APPLIED_LISTED);
    s = keep_sbuf(c, &sb);
    sbuf_release(&sb);
    return s;
}

/* The documents in currency as a ruled table, closing on its balance. */
static void
add_account(struct compose *c, const struct statement_balance *b)
{
    static const int right[6] = { 0, 0, 0, 1, 1, 1 };
    const struct statement *s = c->s;
    const char **head = arena_alloc(c->a, 6 * sizeof(*head));
    const char **total = arena_alloc(c->a, 6 * sizeof(*total));
    struct pdf_table *t = arena_alloc(c->a, sizeof(*t));
    const char **cells;
    size_t n = 0, r = 0;

    for (size_t i = 0; i < s->nlines; i++)
        n += strcmp(s->lines[i].currency, b->currency) == 0;
    cells = arena_alloc(c->a, (n ? n : 1) * 6 * sizeof(*cells));
    head[0] = word(c, "date");
    head[1] = word(c, "document");
    head[2] = word(c, "due_date");
    head[3] = word(c, "debit");
    head[4] = word(c, "credit");
    head[5] = word(c, "balance");
    for (size_t i = 0; i < s->nlines; i++) {
        const struct statement_line *l = &s->lines[i];
        const char **row = cells + r * 6;

        if (strcmp(l->currency, b->currency) != 0)
            continue;
        r++;
        row[0] = day_short(c, l->date);
        row[1] = document(c, l);
        row[2] = day_short(c, l->due_date);
        row[3] = l->amount > 0 ? money(c, l->amount, l->currency) : "";
        row[4] = l->amount < 0 ? money(c, -l->amount, l->currency) : "";
        row[5] = money(c, l->balance, l->currency);
    }
    total[0] = word(c, "closing_balance");
    total[1] = total[2] = total[3] = total[4] = "";
    total[5] = money(c, b->balance, b->currency);
    *t = (struct pdf_table){ .ncols = 6,
                             .head = head,
                             .align_right = right,
                             .cells = cells,
                             .nrows = r,
                             .total = total,
                             .ntotal = 1 };
    if (s->nbalances > 1)
        add_text(c, PDF_BLOCK_LINES,
                 fill(c, word(c, "account_in"), "currency", b->currency));
    add_table(c, t);
}

/* ---- the open items ---- */

/* The invoices still owed, with their totals per currency. 0, or -1
 * with err when a total overflows. */
static int
add_open_items(struct compose *c, struct dun_err *err)
{
    static const int right[4] = { 0, 0, 1, 1 };
    const struct statement *s = c->s;
    const char **head = arena_alloc(c->a, 4 * sizeof(*head));
    const char **cells =
        arena_alloc(c->a, (s->nlines + 1) * 4 * sizeof(*cells));
    const char **total =
        arena_alloc(c->a, (s->nbalances + 1) * 4 * sizeof(*total));
    struct pdf_table *t = arena_alloc(c->a, sizeof(*t));
    size_t r = 0, nt = 0;

    head[0] = word(c, "invoice");
    head[1] = word(c, "due_date");
    head[2] = word(c, "days_overdue");
    head[3] = word(c, "open");
    for (size_t i = 0; i < s->nlines; i++) {
        const struct statement_line *l = &s->lines[i];
        const char **row = cells + r * 4;
        char days[24] = "";

        if (l->kind != STATEMENT_INVOICE || l->open <= 0)
            continue;
        if (s->as_of > l->due_date)
            snprintf(days, sizeof(days), "%ld", (long)(s->as_of - l->due_date));
        row[0] = l->ref;
        row[1] = day_short(c, l->due_date);
        row[2] = keep(c, days);
        row[3] = money(c, l->open, l->currency);
        r++;
    }
    if (r == 0) {
        add_text(c, PDF_BLOCK_PARAGRAPH, word(c, "nothing_open"));
        return 0;
    }
    for (size_t k = 0; k < s->nbalances; k++) {
        const char *cur = s->balances[k].currency;
        int64_t sum = 0;
        int any = 0;

        for (size_t i = 0; i < s->nlines; i++) {
            const struct statement_line *l = &s->lines[i];

            if (l->kind != STATEMENT_INVOICE || l->open <= 0 ||
                strcmp(l->currency, cur) != 0)
                continue;
            any = 1;
            if (money_add(sum, l->open, &sum) < 0)
                return dun_err_set(err, DUN_E_INPUT,
                                   "customer %s: balance in %s overflows",
                                   s->customer.id, cur);
        }
        if (!any)
            continue;
        total[nt * 4] = word(c, "total");
        total[nt * 4 + 1] = total[nt * 4 + 2] = "";
        total[nt * 4 + 3] = money(c, sum, cur);
        nt++;
    }
    *t = (struct pdf_table){ .ncols = 4,
                             .head = head,
                             .align_right = right,
                             .cells = cells,
                             .nrows = r,
                             .total = total,
                             .ntotal = nt };
    add_text(c, PDF_BLOCK_SUBJECT, word(c, "open_items"));
    add_table(c, t);
    return 0;
}

/* ---- the payment box ---- */

/* How to pay what is owed (the balances above 0), with a reference of
 * the account and, when few, its open invoices (render/letter_frame.h).
 * Nothing when nothing is owed. */
static void
add_payment(struct compose *c)
{
    const struct statement *s = c->s;
    struct letter_amount *amt =
        arena_alloc(c->a, (s->nbalances + 1) * sizeof(*amt));
    const char **open = arena_alloc(c->a, (s->nlines + 1) * sizeof(*open));
    const struct pdf_payment *p;
    size_t n = 0, nopen = 0;

    for (size_t i = 0; i < s->nbalances; i++)
        if (s->balances[i].balance > 0)
            amt[n++] = (struct letter_amount){
                s->balances[i].currency, s->balances[i].balance,
                money(c, s->balances[i].balance, s->balances[i].currency) };
    for (size_t i = 0; i < s->nlines; i++)
        if (s->lines[i].kind == STATEMENT_INVOICE && s->lines[i].open > 0)
            open[nopen++] = s->lines[i].ref;
    p = letter_frame_payment(
        c->a, c->t, &c->words,
        letter_frame_reference(c->a, s->customer.id, open, nopen), amt, n);
    if (p)
        add_block(c, (struct pdf_block){ .kind = PDF_BLOCK_PAYMENT,
                                         .payment = p });
}

/* ---- the frame ---- */

/* The customer's name and address as its country's post wants it (the
 * country line, in the business's language, only when the business is
 * elsewhere), as letters have it. */
static const char **
recipient(const struct compose *c, struct localfmt *sender, size_t *n)
{
    const struct customer *cu = &c->s->customer;
    struct postal_address pa = { .name = cu->name,
                                 .street = cu->address,
                                 .postal_code = cu->postal_code,
                                 .city = cu->city,
                                 .region = cu->region,
                                 .country = cu->country };
    struct sbuf sb = SBUF_INIT, attn = SBUF_INIT;
    const char **v;

    if (has(cu->contact_name)) {
        sbuf_addf(&attn, "%s %s", word(c, "attention"), cu->contact_name);
        pa.attention = attn.buf;
    }
    postal_lines(&pa, has(c->t->country) ? c->t->country : "", sender, &sb);
    v = letter_frame_lines(c->a, sb.buf, 0, n);
    sbuf_release(&sb);
    sbuf_release(&attn);
    return v;
}

/* ---- the whole ---- */

/* The customer's language if there are words for it, else the
 * business's, else English. */
static const char *
language_of(const struct customer *cu, const struct tenant *t)
{
    const char *want[2] = { cu->language, t->language };

    for (size_t i = 0; i < 2; i++)
        if (want[i] && strlen(want[i]) == 2 &&
            (strcmp(want[i], "en") == 0 ||
             labels_get(want[i], "statement") != labels_get("en", "statement")))
            return want[i];
    return "en";
}

/* The body and frame of s into d. */
static int
compose(struct compose *c, struct pdf_doc *d, struct localfmt *sender_fmt,
        enum pdf_paper paper, const struct sbuf *logo, int *pages,
        struct dun_err *err)
{
    const struct statement *s = c->s;
    const char *as_of = day_long(c, s->as_of);
    struct pdf_pair info[2];
    size_t nrecipient;
    const char **recipient_lines = recipient(c, sender_fmt, &nrecipient);
    struct letter_frame fr;
    struct pdf_letter l;

    /* subject, intro, a heading and table per currency, the open items'
     * heading and table, the request to check, the payment box */
    c->blocks = arena_alloc(c->a, (6 + 2 * s->nbalances) * sizeof(*c->blocks));
    add_text(c, PDF_BLOCK_SUBJECT, word(c, "statement"));
    add_text(
        c, PDF_BLOCK_PARAGRAPH,
        fill(c, fill(c, word(c, "statement_intro"), "account", s->customer.id),
             "date", as_of));
    for (size_t i = 0; i < s->nbalances; i++)
        add_account(c, &s->balances[i]);
    if (add_open_items(c, err) < 0)
        return -1;
    add_text(c, PDF_BLOCK_PARAGRAPH, word(c, "statement_check"));
    add_payment(c);

    letter_frame_make(c->a, c->t, &c->words, &fr);
    info[0] = (struct pdf_pair){ word(c, "date"), as_of };
    info[1] = (struct pdf_pair){ word(c, "customer_number"), s->customer.id };
    l = (struct pdf_letter){
        .paper = paper,
        .language = localfmt_tag(c->lf),
        .sender_name = c->t->name,
        .sender_lines = fr.sender_lines,
        .nsender_lines = fr.nsender_lines,
        .logo_png = logo->len ? (const unsigned char *)logo->buf : NULL,
        .logo_len = logo->len,
        .return_line = fr.return_line,
        .recipient_lines = recipient_lines,
        .nrecipient_lines = nrecipient,
        .info = info,
        .ninfo = 2,
        .blocks = c->blocks,
        .nblocks = c->nblocks,
        .footer_lines = fr.footer_lines,
        .nfooter_lines = fr.nfooter_lines,
        .page_label = fr.page_label,
        .continuation = letter_frame_continuation(c->a, c->t, &c->words,
                                                  s->customer.id, as_of),
    };
    return pdf_doc_letter(d, &l, pages, err);
}

int
statement_pdf(struct app *app, const char *customer_id, struct sbuf *out,
              int *pages, struct dun_err *err)
{
    struct statement s;
    struct tenant t;
    struct arena a = ARENA_INIT;
    struct sbuf logo = SBUF_INIT;
    struct localfmt *lf = NULL, *sender_fmt = NULL;
    struct pdf_doc *d = NULL;
    struct compose c = { .a = &a, .s = &s, .t = &t };
    enum letter_paper paper;
    char iso[DATE_ISO_LEN + 1], date[32];
    int rc = -1;

    if (statement_build(app, customer_id, &s, err) < 0 ||
        app->st->ops->tenant_get(app->st, &t, &a, err) < 0 ||
        config_letter_paper(app, s.customer.country, &paper, err) < 0 ||
        config_letter_logo(app, &logo, err) < 0)
        goto out;
    c.language = language_of(&s.customer, &t);
    c.words = (struct letter_words){ word_of, &c };
    if (templates_words(app, c.language, &a, &c.mine, err) < 0 ||
        (lf = localfmt_new(c.language, s.customer.country, err)) == NULL ||
        (sender_fmt = localfmt_new(has(t.language) ? t.language : "en", "",
                                   err)) == NULL)
        goto out;
    c.lf = lf;
    /* the as-of day is the document's date: no clock */
    date_iso(s.as_of, iso);
    snprintf(date, sizeof(date), "%sT00:00:00Z", iso);
    d = pdf_doc_new(out,
                    letter_frame_labelled(&a, word(&c, "statement"), " ",
                                          s.customer.id),
                    date);
    if (compose(&c, d, sender_fmt, print_paper(paper), &logo, pages, err) < 0 ||
        pdf_doc_finish(d, err) < 0)
        goto out;
    rc = 0;
out:
    pdf_doc_free(d);
    localfmt_free(lf);
    localfmt_free(sender_fmt);
    sbuf_release(&logo);
    arena_release(&a);
    statement_release(&s);
    return rc;
}

int
statement_pdf_write(struct app *app, const char *customer_id, const char *path,
                    int *pages, struct dun_err *err)
{
    struct sbuf pdf = SBUF_INIT;
    int rc = statement_pdf(app, customer_id, &pdf, pages, err);

    if (rc == 0)
        rc = textfile_write(path, pdf.buf, pdf.len, err);
    sbuf_release(&pdf);
    return rc;
}
