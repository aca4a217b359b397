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

static const char *
fmt(struct arena *a, const char *f, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, f);
    n = vsnprintf(buf, sizeof(buf), f, ap);
    va_end(ap);
    return dup(a, buf, n < 0 ? 0 : n >= (int)sizeof(buf) ? sizeof(buf) - 1
                                                          : (size_t)n);
}

/* The set with the place partials of language replaced by their marks,
 * in the canonical form template_set_parse reads. */
static int
marked_set(struct template_set *set, const char *language,
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

static int
add_payment(struct build *b, struct dun_err *err)
{
    const struct value *tenant = at(b->data, "tenant");
    const struct value *customer = at(b->data, "customer");
    const struct value *totals = at(b->data, "totals");
    const struct value *invoices = at(b->data, "invoices");
    struct pdf_pair *rows = arena_alloc(b->a, 14 * sizeof(*rows));
    struct pdf_payment *p = arena_alloc(b->a, sizeof(*p));
    struct sbuf ref = SBUF_INIT, qr = SBUF_INIT;
    size_t n = 0;
    struct dun_err ignored = DUN_ERR_INIT;
    /* the one currency the message asks for, or "" for several */
    const char *currency = list_len(totals) == 1
                               ? text_at(item(totals, 0), "currency")
                               : "";

    /* The reference a transfer should carry: the account, and the
     * invoices when there are few (a long list helps no one matching a
     * payment, and a bank takes 140 characters). */
    sbuf_addstr(&ref, text_at(customer, "id"));
    for (size_t i = 0; list_len(invoices) <= 3 && i < list_len(invoices);
         i++) {
        const char *num = text_at(item(invoices, i), "number");

        if (ref.len + strlen(num) + 2 > 140)
            break;
        sbuf_addstr(&ref, i ? " " : " / ");
        sbuf_addstr(&ref, num);
    }
    rows[n++] = (struct pdf_pair){ label(b, "account_holder"),
                                   text_at(tenant, "name") };
    if (text_at(tenant, "iban")[0])
        rows[n++] = (struct pdf_pair){ label(b, "iban"),
                                       text_at(tenant, "iban_fmt") };
    if (text_at(tenant, "bic")[0])
        rows[n++] = (struct pdf_pair){ label(b, "bic"),
                                       text_at(tenant, "bic") };
    if (text_at(tenant, "bank")[0])
        rows[n++] = (struct pdf_pair){ label(b, "bank"),
                                       text_at(tenant, "bank") };
    /* Domestic details only for the currency they pay in: a sort code
     * for pounds, ACH and checks for dollars. */
    if (strcmp(currency, "GBP") == 0 && text_at(tenant, "sort_code")[0] &&
        text_at(tenant, "account_number")[0]) {
        rows[n++] = (struct pdf_pair){ label(b, "sort_code"),
                                       text_at(tenant, "sort_code") };
        rows[n++] = (struct pdf_pair){ label(b, "account_number"),
                                       text_at(tenant, "account_number") };
    }
    if (strcmp(currency, "USD") == 0 && text_at(tenant, "ach_routing")[0] &&
        text_at(tenant, "ach_account")[0]) {
        rows[n++] = (struct pdf_pair){ label(b, "routing_number"),
                                       text_at(tenant, "ach_routing") };
        rows[n++] = (struct pdf_pair){ label(b, "ach_account"),
                                       text_at(tenant, "ach_account") };
    }
    if (strcmp(currency, "USD") == 0 &&
        text_at(tenant, "checks_payable_to")[0]) {
        size_t nr;
        const char **rl = lines_of(b, at(tenant, "remit_to_lines"), NULL, &nr);

        rows[n++] = (struct pdf_pair){ label(b, "checks_payable_to"),
                                       text_at(tenant, "checks_payable_to") };
        if (nr)
            rows[n++] = (struct pdf_pair){ label(b, "remit_to"),
                                           joined(b, rl, nr, ", ") };
    }
    rows[n++] = (struct pdf_pair){ label(b, "reference"),
                                   dup(b->a, ref.buf, ref.len) };
    if (list_len(totals) == 1)
        rows[n++] = (struct pdf_pair){
            label(b, "amount"), text_at(item(totals, 0), "amount_fmt") };
    *p = (struct pdf_payment){ .rows = rows, .nrows = n,
                               .title = label(b, "payment_details") };
    /* A GiroCode only where it works: one total, in euros, to a valid
     * IBAN. */
    if (list_len(totals) == 1 &&
        strcmp(text_at(item(totals, 0), "currency"), "EUR") == 0 &&
        iban_check(text_at(tenant, "iban"), &ignored) == 0) {
        int64_t cents;
        const char *amt = text_at(item(totals, 0), "amount");
        struct epc_qr q = { .bic = text_at(tenant, "bic"),
                            .name = text_at(tenant, "name"),
                            .iban = text_at(tenant, "iban"),
                            .text = ref.buf };

        if (money_parse(amt, strlen(amt), 2, &cents, NULL) == 0) {
            q.amount_cents = cents;
            if (epc_qr_payload(&q, &qr, &ignored) == 0) {
                p->qr_payload = dup(b->a, qr.buf, qr.len);
                p->qr_caption = label(b, "scan_to_pay");
            }
        }
    }
    sbuf_release(&ref);
    sbuf_release(&qr);
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

/* The registered name with its form ("Muster Handel GmbH"), the form
 * not twice when the name already ends with it ("Harper & Lane Ltd");
 * "" when neither is set. */
static const char *
legal_name(struct build *b, const struct value *tenant)
{
    const char *name = text_at(tenant, "legal_name")[0]
                           ? text_at(tenant, "legal_name")
                           : text_at(tenant, "name");
    const char *form = text_at(tenant, "legal_form");
    size_t nl = strlen(name), fl = strlen(form);

    if (!text_at(tenant, "legal_name")[0] && !form[0])
        return "";
    if (fl == 0 || (nl > fl && name[nl - fl - 1] == ' ' &&
                    strcmp(name + nl - fl, form) == 0))
        return name;
    return fmt(b->a, "%s %s", name, form);
}

/* "Seite {page} von {pages}" as pdf_letter's "Seite %d von %d". */
static const char *
page_label(struct build *b)
{
    const char *w = label(b, "page");
    struct sbuf sb = SBUF_INIT;
    const char *s;

    for (const char *p = w; *p;) {
        if (strncmp(p, "{pages}", 7) == 0) {
            sbuf_addstr(&sb, "%d");
            p += 7;
        } else if (strncmp(p, "{page}", 6) == 0) {
            sbuf_addstr(&sb, "%d");
            p += 6;
        } else if (*p == '%') {
            sbuf_addstr(&sb, "%%");
            p++;
        } else {
            sbuf_addch(&sb, *p++);
        }
    }
    s = dup(b->a, sb.buf ? sb.buf : "", sb.len);
    sbuf_release(&sb);
    return s;
}

int
letter_pdf_add(struct pdf_doc *d, const struct letter_pdf *lp, int measure,
               int *pages, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    struct build *b = calloc(1, sizeof(*b));
    struct template_set *set = NULL;
    struct sbuf text = SBUF_INIT;
    char key[TEMPLATE_SET_NAME_MAX + 1];
    const struct value *tenant = at(lp->data, "tenant");
    const struct value *customer = at(lp->data, "customer");
    struct pdf_letter l;
    struct pdf_pair info[2];
    const char *contact[3], *footer[3], *bank[4], *legal[5];
    size_t nrecipient, nsender, naddr, nfooter;
    const char **sender, **recipient;
    int rc = -1;

    if (b == NULL)
        return dun_err_set(err, DUN_E_INTERNAL, "out of memory");
    b->a = &a;
    b->data = lp->data;
    b->labels = at(lp->data, "labels");
    snprintf(key, sizeof(key), "%s/%s.letter", lp->language,
             lp->template_name);
    if (marked_set(lp->set, lp->language, &set, err) < 0 ||
        template_set_render(set, key, lp->data, &text, err) < 0 ||
        body(b, text.buf ? text.buf : "", err) < 0)
        goto out;

    contact[0] = text_at(tenant, "phone")[0]
                     ? fmt(&a, "%s %s", label(b, "phone"),
                                     text_at(tenant, "phone"))
                     : "";
    contact[1] = text_at(tenant, "email");
    contact[2] = text_at(tenant, "website");
    {
        const char **addr = lines_of(b, at(tenant, "address_lines"), NULL,
                                     &naddr);
        const char **all = arena_alloc(&a, (naddr + 3) * sizeof(*all));

        memcpy(all, addr, naddr * sizeof(*all));
        nsender = naddr;
        for (size_t i = 0; i < 3; i++)
            if (contact[i][0])
                all[nsender++] = contact[i];
        sender = all;
        {
            const char **rl = arena_alloc(&a, (naddr + 1) * sizeof(*rl));

            rl[0] = text_at(tenant, "name");
            memcpy(rl + 1, addr, naddr * sizeof(*rl));
            footer[0] = joined(b, rl, naddr + 1, " \xc2\xb7 ");
        }
    }
    recipient = lines_of(b, at(customer, "address_lines"),
                         text_at(customer, "name"), &nrecipient);
    info[0] = (struct pdf_pair){ label(b, "date"), text_at(lp->data,
                                                           "as_of_fmt") };
    info[1] = (struct pdf_pair){ label(b, "customer_number"),
                                 text_at(customer, "id") };
    bank[0] = text_at(tenant, "bank");
    bank[1] = text_at(tenant, "iban")[0]
                  ? fmt(&a, "IBAN %s", text_at(tenant, "iban_fmt"))
                  : "";
    bank[2] = text_at(tenant, "bic")[0]
                  ? fmt(&a, "BIC %s", text_at(tenant, "bic"))
                  : "";
    bank[3] = text_at(tenant, "vat_id")[0]
                  ? fmt(&a, "%s %s", label(b, "vat_id"),
                                  text_at(tenant, "vat_id"))
                  : "";
    footer[1] = joined(b, bank, 4, " \xc2\xb7 ");
    /* What the law asks of a company's letters: its registered name and
     * form, seat, register, directors, capital. */
    legal[0] = legal_name(b, tenant);
    legal[1] = text_at(tenant, "registered_office")[0]
                   ? fmt(&a, "%s: %s", label(b, "registered_office"),
                         text_at(tenant, "registered_office"))
                   : "";
    legal[2] = text_at(tenant, "register_number")[0]
                   ? fmt(&a, "%s%s%s", text_at(tenant, "register_court")[0]
                                            ? text_at(tenant, "register_court")
                                            : label(b, "company_number"),
                         " ", text_at(tenant, "register_number"))
                   : "";
    legal[3] = text_at(tenant, "managing_directors")[0]
                   ? fmt(&a, "%s: %s", label(b, "managing_directors"),
                         text_at(tenant, "managing_directors"))
                   : "";
    legal[4] = text_at(tenant, "share_capital")[0]
                   ? fmt(&a, "%s: %s", label(b, "share_capital"),
                         text_at(tenant, "share_capital"))
                   : "";
    footer[2] = joined(b, legal, 5, " \xc2\xb7 ");
    nfooter = 1; /* the return line always; the others when there */
    for (size_t i = 1; i < 3; i++)
        if (footer[i][0])
            footer[nfooter++] = footer[i];
    l = (struct pdf_letter){
        .paper = lp->paper,
        .language = text_at(lp->data, "locale"),
        .sender_name = text_at(tenant, "name"),
        .sender_lines = sender,
        .nsender_lines = nsender,
        .logo_png = lp->logo_png,
        .logo_len = lp->logo_len,
        .return_line = footer[0],
        .recipient_lines = recipient,
        .nrecipient_lines = nrecipient,
        .info = info,
        .ninfo = 2,
        .blocks = b->blocks,
        .nblocks = b->nblocks,
        .footer_lines = footer,
        .nfooter_lines = nfooter,
        .page_label = page_label(b),
        .continuation = fmt(&a, "%s \xc2\xb7 %s %s \xc2\xb7 %s",
                                      text_at(tenant, "name"),
                                      label(b, "customer_number"),
                                      text_at(customer, "id"),
                                      text_at(lp->data, "as_of_fmt")),
    };
    rc = measure ? pdf_doc_measure(d, &l, pages, err)
                 : pdf_doc_letter(d, &l, pages, err);
out:
    template_set_free(set);
    sbuf_release(&text);
    arena_release(&a);
    free(b);
    return rc;
}
