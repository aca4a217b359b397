/*
 * letter_pdf.c - a message's letter as PDF pages; see letter_pdf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/money.h"
#include "core/sbuf.h"
#include "render/epc_qr.h"
#include "render/letter_frame.h"
#include "render/letter_pdf.h"

/* What a place partial renders as: a line of its own that no template
 * text holds (an ASCII record separator, then the place). */
#define MARK '\x1e'

static const struct {
    const char *partial, *mark;
} places[] = {
    {"_letter_head", "\x1ehead\n"},
    {"_invoices_text", "\x1einvoices\n"},
    {"_also_due_text", "\x1e" "also_due\n"},
    {"_payment_text", "\x1epayment\n"},
};

#define MAX_BLOCKS 256

struct build {
    struct arena *a;
    const struct value *data;
    const struct value *labels;
    struct pdf_block blocks[MAX_BLOCKS];
    size_t nblocks;
    int subject_done;
    struct tenant tenant;      /* as the stored data has it */
    struct letter_words words; /* the stored labels */
};

static const char *
text_at(const struct value *map, const char *key)
{
    const char *s = value_map_text(map, key);

    return s ? s : "";
}

static const struct value *
at(const struct value *map, const char *key)
{
    return map && map->type == VALUE_MAP
               ? value_map_get(map, key, strlen(key))
               : NULL;
}

static size_t
list_len(const struct value *v)
{
    return v && v->type == VALUE_LIST ? v->u.list.len : 0;
}

static const struct value *
item(const struct value *list, size_t i)
{
    return list->u.list.items[i];
}

static const char *
label(struct build *b, const char *key)
{
    const char *s = value_map_text(b->labels, key);

    return s ? s : key;
}

static char *
dup(struct arena *a, const char *s, size_t n)
{
    return arena_strndup(a, s, n);
}

int
letter_pdf_mark(const struct template_set *set, const char *language,
                struct template_set **out, struct dun_err *err)
{
    struct sbuf src = SBUF_INIT;
    const char *name;
    int rc;

    sbuf_addstr(&src, "dun-templates 1\n");
    for (size_t i = 0; (name = template_set_name(set, i)) != NULL; i++) {
        size_t len;
        const char *text = template_set_text(set, i, &len);

        for (size_t p = 0; p < sizeof(places) / sizeof(places[0]); p++) {
            size_t ll = strlen(language);

            if (strncmp(name, language, ll) == 0 && name[ll] == '/' &&
                strcmp(name + ll + 1, places[p].partial) == 0) {
                text = places[p].mark;
                len = strlen(text);
            }
        }
        sbuf_addf(&src, "%s %zu\n", name, len);
        sbuf_add(&src, text, len);
        sbuf_addch(&src, '\n');
    }
    rc = template_set_parse(out, "letter set", src.buf, src.len, err);
    sbuf_release(&src);
    return rc;
}

static int
add_block(struct build *b, struct pdf_block blk, struct dun_err *err)
{
    if (b->nblocks == MAX_BLOCKS)
        return dun_err_set(err, DUN_E_INPUT, "letter: more than %d blocks",
                           MAX_BLOCKS);
    b->blocks[b->nblocks++] = blk;
    return 0;
}

static const char **lines_of(struct build *b, const struct value *list,
                             const char *first, size_t *n);
static const char *joined(struct build *b, const char *const *v, size_t n,
                          const char *sep);

/* ---- tables ---- */

/* The invoices of list as a ruled table, with their totals. */
static int
add_table(struct build *b, const char *list_key, const char *totals_key,
          const char *more_key, struct dun_err *err)
{
    const struct value *list = at(b->data, list_key);
    const struct value *totals = at(b->data, totals_key);
    const struct value *more = at(b->data, more_key);
    size_t n = list_len(list), nt = list_len(totals), nc, r;
    int with_totals = n > 0 && value_map_text(item(list, 0), "total_fmt");
    struct pdf_table *t;
    const char **cells, **total, **head;
    int *right;

    if (n == 0)
        return 0;
    nc = with_totals ? 7 : 5;
    t = arena_alloc(b->a, sizeof(*t));
    head = arena_alloc(b->a, nc * sizeof(*head));
    right = arena_alloc(b->a, nc * sizeof(*right));
    cells = arena_alloc(b->a, (n + (more ? 1 : 0)) * nc * sizeof(*cells));
    total = arena_alloc(b->a, (nt ? nt : 1) * nc * sizeof(*total));
    {
        static const char *const full[] = {"invoice", "issue_date", "due_date",
                                           "original", "paid", "open",
                                           "days_overdue"};
        static const char *const part[] = {"invoice", "issue_date", "due_date",
                                           "open", "days_overdue"};
        for (size_t c = 0; c < nc; c++) {
            head[c] = label(b, with_totals ? full[c] : part[c]);
            right[c] = c >= 3;
        }
    }
    for (r = 0; r < n; r++) {
        const struct value *row = item(list, r);
        const char **c = cells + r * nc;
        size_t k = 0;

        c[k++] = text_at(row, "number");
        /* short dates, where the stored data has them */
        c[k++] = text_at(row, value_map_text(row, "issue_date_short")
                                  ? "issue_date_short"
                                  : "issue_date_fmt");
        c[k++] = text_at(row, value_map_text(row, "due_date_short")
                                  ? "due_date_short"
                                  : "due_date_fmt");
        if (with_totals) {
            c[k++] = text_at(row, "total_fmt");
            c[k++] = text_at(row, "paid_fmt");
        }
        c[k++] = text_at(row, "balance_fmt");
        c[k++] = text_at(row, "days_overdue");
    }
    if (more) { /* the rows not listed, counted in the total */
        const char *words = label(b, "more");
        const char *p = strstr(words, "{count}");
        struct sbuf sb = SBUF_INIT;

        if (p) {
            sbuf_add(&sb, words, (size_t)(p - words));
            sbuf_addstr(&sb, text_at(more, "count"));
            sbuf_addstr(&sb, p + 7);
        } else {
            sbuf_addstr(&sb, words);
        }
        for (size_t c = 0; c < nc; c++)
            cells[r * nc + c] = "";
        cells[r * nc] = dup(b->a, sb.buf ? sb.buf : "", sb.len);
        sbuf_release(&sb);
        r++;
    }
    for (size_t i = 0; i < nt; i++) {
        for (size_t c = 0; c < nc; c++)
            total[i * nc + c] = "";
        total[i * nc] = label(b, "total");
        total[i * nc + nc - 2] = text_at(item(totals, i), "amount_fmt");
    }
    *t = (struct pdf_table){ .ncols = nc, .head = head, .align_right = right,
                             .cells = cells, .nrows = r, .total = total,
                             .ntotal = nt };
    return add_block(b, (struct pdf_block){ .kind = PDF_BLOCK_TABLE,
                                            .table = t }, err);
}

/* ---- the payment box ---- */

/* The business as its stored data has it (what the message was written
 * with, not today's records). */
static void
tenant_of(struct build *b, struct tenant *t)
{
    const struct value *v = at(b->data, "tenant");
    const char **lines;
    size_t n;

    memset(t, 0, sizeof(*t));
    t->name = text_at(v, "name");
    lines = lines_of(b, at(v, "address_lines"), NULL, &n);
    t->address = joined(b, lines, n, "\n");
    t->email = text_at(v, "email");
    t->phone = text_at(v, "phone");
    t->website = text_at(v, "website");
    t->iban = text_at(v, "iban");
    t->bic = text_at(v, "bic");
    t->bank = text_at(v, "bank");
    t->vat_id = text_at(v, "vat_id");
    t->legal_name = text_at(v, "legal_name");
    t->legal_form = text_at(v, "legal_form");
    t->register_court = text_at(v, "register_court");
    t->register_number = text_at(v, "register_number");
    t->managing_directors = text_at(v, "managing_directors");
    t->registered_office = text_at(v, "registered_office");
    t->share_capital = text_at(v, "share_capital");
    t->sort_code = text_at(v, "sort_code");
    t->account_number = text_at(v, "account_number");
    t->ach_routing = text_at(v, "ach_routing");
    t->ach_account = text_at(v, "ach_account");
    t->checks_payable_to = text_at(v, "checks_payable_to");
    lines = lines_of(b, at(v, "remit_to_lines"), NULL, &n);
    t->remit_to = joined(b, lines, n, "\n");
    t->country = text_at(v, "country");
}

/* How to pay the totals of the message (render/letter_frame.h). */
static int
add_payment(struct build *b, struct dun_err *err)
{
    const struct value *totals = at(b->data, "totals");
    const struct value *invoices = at(b->data, "invoices");
    size_t nt = list_len(totals), ni = list_len(invoices), n = 0;
    struct letter_amount *amt = arena_alloc(b->a, (nt ? nt : 1) *
                                                      sizeof(*amt));
    const char **numbers = arena_alloc(b->a, (ni ? ni : 1) *
                                                 sizeof(*numbers));
    const struct pdf_payment *p;

    for (size_t i = 0; i < ni; i++)
        numbers[i] = text_at(item(invoices, i), "number");
    for (size_t i = 0; i < nt; i++) {
        const struct value *tot = item(totals, i);
        const char *cur = text_at(tot, "currency"), *v = text_at(tot, "amount");
        int e = currency_exponent(cur, 3);
        int64_t minor;

        if (money_parse(v, strlen(v), e < 0 ? 2 : e, &minor, NULL) == 0 &&
            minor > 0)
            amt[n++] = (struct letter_amount){ cur, minor,
                                               text_at(tot, "amount_fmt") };
    }
    p = letter_frame_payment(b->a, &b->tenant, &b->words,
                             letter_frame_reference(
                                 b->a, text_at(at(b->data, "customer"), "id"),
                                 numbers, ni),
                             amt, n);
    if (p == NULL)
        return 0;
    return add_block(b, (struct pdf_block){ .kind = PDF_BLOCK_PAYMENT,
                                            .payment = p }, err);
}

/* ---- the body text ---- */

/* A line of '=' or '-' (indented or not): a frame or an underline in
 * plain text, a band or a bold line on paper. */
static int
is_frame(const char *s, size_t n)
{
    size_t marks = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '=' || s[i] == '-')
            marks++;
        else if (s[i] != ' ')
            return 0;
    }
    return marks >= 3;
}

/* One paragraph (lines [p, p + n), no blank line) as its block. */
static int
paragraph(struct build *b, const char *p, size_t n, struct dun_err *err)
{
    size_t first = strcspn(p, "\n"), last_start;
    int indented = 1;
    struct sbuf sb = SBUF_INIT;
    enum pdf_block_kind kind = PDF_BLOCK_PARAGRAPH;
    const char *s = p, *end = p + n;
    int rc;

    for (last_start = n; last_start > 0 && p[last_start - 1] != '\n';
         last_start--)
        ;
    /* A heading or a box: its text between two frame lines; a title:
     * one line underlined. */
    if (last_start > first && is_frame(p, first) &&
        is_frame(p + last_start, n - last_start)) {
        kind = PDF_BLOCK_HEADING;
        s = p + first + 1;
        end = p + last_start - 1;
    } else if (last_start == first + 1 &&
               is_frame(p + last_start, n - last_start)) {
        kind = PDF_BLOCK_SUBJECT;
        end = p + first;
    }
    for (const char *l = s; l < end;) {
        size_t ln = (size_t)(memchr(l, '\n', (size_t)(end - l))
                                 ? (const char *)memchr(l, '\n',
                                                        (size_t)(end - l)) - l
                                 : end - l);

        if (ln < 2 || l[0] != ' ' || l[1] != ' ')
            indented = 0;
        l += ln + 1;
    }
    if (kind == PDF_BLOCK_PARAGRAPH && indented)
        kind = PDF_BLOCK_LINES;
    if (kind == PDF_BLOCK_SUBJECT)
        b->subject_done = 1;
    else if (kind == PDF_BLOCK_PARAGRAPH && !b->subject_done)
        kind = PDF_BLOCK_SUBJECT;
    if (kind != PDF_BLOCK_LINES)
        b->subject_done = 1;
    for (const char *l = s; l < end;) {
        const char *nl = memchr(l, '\n', (size_t)(end - l));
        size_t ln = nl ? (size_t)(nl - l) : (size_t)(end - l);

        if (kind == PDF_BLOCK_LINES) {
            if (sb.len)
                sbuf_addch(&sb, '\n');
            sbuf_add(&sb, l + 2, ln - 2);
        } else if (kind == PDF_BLOCK_HEADING) {
            const char *t = l;
            size_t tn = ln;

            while (tn && *t == ' ')
                t++, tn--;
            if (sb.len)
                sbuf_addch(&sb, '\n');
            sbuf_add(&sb, t, tn);
        } else {
            while (ln && *l == ' ')
                l++, ln--;
            if (sb.len && ln)
                sbuf_addch(&sb, ' ');
            sbuf_add(&sb, l, ln);
        }
        l += ln + 1;
    }
    rc = add_block(b, (struct pdf_block){
                          .kind = kind,
                          .text = dup(b->a, sb.buf ? sb.buf : "", sb.len) },
                   err);
    sbuf_release(&sb);
    return rc;
}

static int
place(struct build *b, const char *name, size_t n, struct dun_err *err)
{
    if (n == 4 && memcmp(name, "head", 4) == 0) {
        b->subject_done = 0; /* what follows the head is the subject */
        b->nblocks = 0;      /* and nothing before it is printed */
        return 0;
    }
    if (n == 8 && memcmp(name, "invoices", 8) == 0)
        return add_table(b, "invoices", "totals", "more_invoices", err);
    if (n == 8 && memcmp(name, "also_due", 8) == 0)
        return add_table(b, "also_due", "also_due_totals", "more_also_due",
                         err);
    if (n == 7 && memcmp(name, "payment", 7) == 0)
        return add_payment(b, err);
    return 0;
}

static int
body(struct build *b, const char *text, struct dun_err *err)
{
    const char *p = text, *para = NULL;

    b->subject_done = 1; /* no head: no subject */
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t ln = nl ? (size_t)(nl - p) : strlen(p);
        int blank = 1;

        for (size_t i = 0; i < ln; i++)
            if (p[i] != ' ')
                blank = 0;
        if (blank || p[0] == MARK) {
            if (para && paragraph(b, para, (size_t)(p - para) - 1, err) < 0)
                return -1;
            para = NULL;
            if (p[0] == MARK && place(b, p + 1, ln - 1, err) < 0)
                return -1;
        } else if (para == NULL) {
            para = p;
        }
        p += ln + (nl != NULL);
    }
    if (para && paragraph(b, para, strlen(para) - (p[-1] == '\n'), err) < 0)
        return -1;
    return 0;
}

/* ---- the frame: letterhead, address, information, footer ---- */

static const char **
lines_of(struct build *b, const struct value *list, const char *first,
         size_t *n)
{
    size_t len = list_len(list), k = 0;
    const char **v = arena_alloc(b->a, (len + 1) * sizeof(*v));

    if (first && first[0])
        v[k++] = first;
    for (size_t i = 0; i < len; i++)
        v[k++] = text_at(item(list, i), "line");
    *n = k;
    return v;
}

static const char *
joined(struct build *b, const char *const *v, size_t n, const char *sep)
{
    struct sbuf sb = SBUF_INIT;
    const char *s;

    for (size_t i = 0; i < n; i++) {
        if (!v[i] || !v[i][0])
            continue;
        if (sb.len)
            sbuf_addstr(&sb, sep);
        sbuf_addstr(&sb, v[i]);
    }
    s = dup(b->a, sb.buf ? sb.buf : "", sb.len);
    sbuf_release(&sb);
    return s;
}

/* A word of the message's stored labels (the key itself if it has
 * none): what it was written with. */
static const char *
stored_word(const void *ctx, const char *key)
{
    const char *s = value_map_text(ctx, key);

    return s ? s : key;
}

/* A letter laid out: what its pdf_letter points into, kept until it is
 * drawn. */
struct letter_pdf_laid {
    struct arena a;
    struct build *b;
    struct sbuf text;
    struct letter_frame fr;
    struct pdf_pair info[3];
    struct pdf_letter l;
    struct pdf_laid *laid;
};

void
letter_pdf_laid_free(struct letter_pdf_laid *x)
{
    if (x == NULL)
        return;
    pdf_laid_free(x->laid);
    sbuf_release(&x->text);
    arena_release(&x->a);
    free(x->b);
    free(x);
}

int
letter_pdf_lay(struct pdf_doc *d, const struct letter_pdf *lp,
               struct letter_pdf_laid **out, int *pages, struct dun_err *err)
{
    struct letter_pdf_laid *x = calloc(1, sizeof(*x));
    struct template_set *set, *own = NULL;
    char key[TEMPLATE_SET_NAME_MAX + 1];
    const struct value *customer = at(lp->data, "customer");
    struct build *b;
    size_t nrecipient;
    const char **recipient;
    int rc = -1;

    *out = NULL;
    if (x == NULL || (x->b = b = calloc(1, sizeof(*b))) == NULL) {
        free(x);
        return dun_err_set(err, DUN_E_INTERNAL, "out of memory");
    }
    x->a = (struct arena)ARENA_INIT;
    x->text = (struct sbuf)SBUF_INIT;
    b->a = &x->a;
    b->data = lp->data;
    b->labels = at(lp->data, "labels");
    b->words = (struct letter_words){ stored_word, b->labels };
    tenant_of(b, &b->tenant);
    snprintf(key, sizeof(key), "%s/%s.letter", lp->language,
             lp->template_name);
    if (lp->marked == NULL &&
        letter_pdf_mark(lp->set, lp->language, &own, err) < 0)
        goto out;
    set = lp->marked ? lp->marked : own;
    if (template_set_render(set, key, lp->data, &x->text, err) < 0 ||
        body(b, x->text.buf ? x->text.buf : "", err) < 0)
        goto out;
    letter_frame_make(&x->a, &b->tenant, &b->words, &x->fr);
    recipient = lines_of(b, at(customer, "address_lines"),
                         text_at(customer, "name"), &nrecipient);
    x->info[0] = (struct pdf_pair){ label(b, "date"),
                                    text_at(lp->data, "as_of_fmt") };
    x->info[1] = (struct pdf_pair){ label(b, "customer_number"),
                                    text_at(customer, "id") };
    /* Our reference: only with a word for it in the stored labels (what
     * older messages lack they print without). */
    x->info[2] = (struct pdf_pair){
        value_map_text(b->labels, "our_reference"),
        lp->reference ? dup(&x->a, lp->reference, strlen(lp->reference))
                      : NULL };
    x->l = (struct pdf_letter){
        .paper = lp->paper,
        .language = text_at(lp->data, "locale"),
        .sender_name = b->tenant.name,
        .sender_lines = x->fr.sender_lines,
        .nsender_lines = x->fr.nsender_lines,
        .logo_png = lp->logo_png,
        .logo_len = lp->logo_len,
        .return_line = x->fr.return_line,
        .recipient_lines = recipient,
        .nrecipient_lines = nrecipient,
        .info = x->info,
        .ninfo = x->info[2].label && lp->reference && lp->reference[0] ? 3
                                                                       : 2,
        .blocks = b->blocks,
        .nblocks = b->nblocks,
        .footer_lines = x->fr.footer_lines,
        .nfooter_lines = x->fr.nfooter_lines,
        .page_label = x->fr.page_label,
        .continuation = letter_frame_continuation(
            &x->a, &b->tenant, &b->words, text_at(customer, "id"),
            text_at(lp->data, "as_of_fmt")),
    };
    rc = pdf_doc_lay(d, &x->l, &x->laid, pages, err);
out:
    template_set_free(own);
    if (rc < 0)
        letter_pdf_laid_free(x);
    else
        *out = x;
    return rc;
}

int
letter_pdf_draw(struct pdf_doc *d, struct letter_pdf_laid *x,
                struct dun_err *err)
{
    return pdf_doc_draw(d, x->laid, err);
}

int
letter_pdf_add(struct pdf_doc *d, const struct letter_pdf *lp, int measure,
               int *pages, struct dun_err *err)
{
    struct letter_pdf_laid *x;
    int rc;

    if (letter_pdf_lay(d, lp, &x, pages, err) < 0)
        return -1;
    rc = measure ? 0 : letter_pdf_draw(d, x, err);
    letter_pdf_laid_free(x);
    return rc;
}
