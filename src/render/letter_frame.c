/*
 * letter_frame.c - the frame of the business's printed documents; see
 * letter_frame.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "render/epc_qr.h"
#include "render/letter_frame.h"

#define W(key) (w->get(w->ctx, (key)))
#define REFERENCE_MAX 140 /* a transfer's remittance text, and a GiroCode's */
#define REFERENCE_INVOICES 3

static int
has(const char *s)
{
    return s && s[0];
}

static const char *
keep(struct arena *a, const struct sbuf *sb)
{
    return arena_strndup(a, sb->buf ? sb->buf : "", sb->len);
}

/* The non-empty strings of v joined by sep. */
static const char *
joined(struct arena *a, const char *const *v, size_t n, const char *sep)
{
    struct sbuf sb = SBUF_INIT;
    const char *s;

    for (size_t i = 0; i < n; i++) {
        if (!has(v[i]))
            continue;
        if (sb.len)
            sbuf_addstr(&sb, sep);
        sbuf_addstr(&sb, v[i]);
    }
    s = keep(a, &sb);
    sbuf_release(&sb);
    return s;
}

/* label sep value, or "" when value is not set. */
const char *
letter_frame_labelled(struct arena *a, const char *label, const char *sep,
         const char *value)
{
    struct sbuf sb = SBUF_INIT;
    const char *s;

    if (!has(value))
        return "";
    sbuf_addf(&sb, "%s%s%s", label, sep, value);
    s = keep(a, &sb);
    sbuf_release(&sb);
    return s;
}

/* The lines of text (split at \n, empty ones left out) into a new array
 * with room for extra more; *n their count. */
const char **
letter_frame_lines(struct arena *a, const char *text, size_t extra, size_t *n)
{
    size_t cap = extra + 1;
    const char **v;

    for (const char *p = text; p && *p; p++)
        cap += *p == '\n';
    v = arena_alloc(a, (cap + 1) * sizeof(*v));
    *n = 0;
    for (const char *p = text; p && *p;) {
        size_t len = strcspn(p, "\n");

        if (len)
            v[(*n)++] = arena_strndup(a, p, len);
        p += len + (p[len] == '\n');
    }
    return v;
}

static const char *
iban_printed(struct arena *a, const char *iban)
{
    char out[IBAN_GROUPED_MAX + 1];

    if (!has(iban))
        return "";
    if (iban_group4(iban, out, sizeof(out)) < 0)
        return iban;
    return arena_strndup(a, out, strlen(out));
}

/* The registered name with its form ("Muster Handel GmbH"), the form
 * not twice when the name already ends with it ("Harper & Lane Ltd");
 * "" when neither is set. */
static const char *
legal_name(struct arena *a, const struct tenant *t)
{
    const char *name = has(t->legal_name) ? t->legal_name
                       : has(t->name)     ? t->name
                                          : "";
    const char *form = has(t->legal_form) ? t->legal_form : "";
    size_t nl = strlen(name), fl = strlen(form);

    if (!has(t->legal_name) && fl == 0)
        return "";
    if (fl == 0 || (nl > fl && name[nl - fl - 1] == ' ' &&
                    strcmp(name + nl - fl, form) == 0))
        return name;
    return letter_frame_labelled(a, name, " ", form);
}

/* "Seite {page} von {pages}" as pdf_letter's "Seite %d von %d" (a %
 * of the words kept as one). */
static const char *
page_label(struct arena *a, const struct letter_words *w)
{
    struct sbuf sb = SBUF_INIT;
    const char *s;

    for (const char *p = W("page"); *p;) {
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
    s = keep(a, &sb);
    sbuf_release(&sb);
    return s;
}

void
letter_frame_make(struct arena *a, const struct tenant *t,
                  const struct letter_words *w, struct letter_frame *out)
{
    size_t naddr, n;
    const char **addr = letter_frame_lines(a, t->address, 1, &naddr);
    const char **head = letter_frame_lines(a, t->address, 3, &n);
    const char *bank[4], *legal[5];

    if (has(t->phone))
        head[n++] = letter_frame_labelled(a, W("phone"), " ",
                             t->phone);
    if (has(t->email))
        head[n++] = t->email;
    if (has(t->website))
        head[n++] = t->website;
    out->sender_lines = head;
    out->nsender_lines = n;

    memmove(addr + 1, addr, naddr * sizeof(*addr));
    addr[0] = has(t->name) ? t->name : "";
    out->return_line = joined(a, addr, naddr + 1, " \xc2\xb7 ");

    bank[0] = t->bank;
    bank[1] = letter_frame_labelled(a, "IBAN", " ", iban_printed(a, t->iban));
    bank[2] = letter_frame_labelled(a, "BIC", " ", t->bic);
    bank[3] = letter_frame_labelled(a, W("vat_id"), " ", t->vat_id);
    legal[0] = legal_name(a, t);
    legal[1] = letter_frame_labelled(a, W("registered_office"), ": ",
                        t->registered_office);
    legal[2] = letter_frame_labelled(a,
                        has(t->register_court)
                            ? t->register_court
                            : W("company_number"),
                        " ", t->register_number);
    legal[3] = letter_frame_labelled(a, W("managing_directors"), ": ",
                        t->managing_directors);
    legal[4] = letter_frame_labelled(a, W("share_capital"), ": ",
                        t->share_capital);
    out->footer_lines[0] = out->return_line;
    out->nfooter_lines = 1;
    out->footer_lines[out->nfooter_lines] = joined(a, bank, 4, " \xc2\xb7 ");
    out->nfooter_lines += has(out->footer_lines[out->nfooter_lines]);
    out->footer_lines[out->nfooter_lines] = joined(a, legal, 5, " \xc2\xb7 ");
    out->nfooter_lines += has(out->footer_lines[out->nfooter_lines]);
    out->page_label = page_label(a, w);
}

const char *
letter_frame_continuation(struct arena *a, const struct tenant *t,
                          const struct letter_words *w, const char *customer_id,
                          const char *date)
{
    const char *v[3] = {
        t->name,
        letter_frame_labelled(a, W("customer_number"), " ",
                 customer_id),
        date };

    return joined(a, v, 3, " \xc2\xb7 ");
}

const char *
letter_frame_reference(struct arena *a, const char *customer_id,
                       const char *const *invoices, size_t n)
{
    struct sbuf sb = SBUF_INIT;
    const char *s;

    sbuf_addstr(&sb, customer_id ? customer_id : "");
    for (size_t i = 0; n <= REFERENCE_INVOICES && i < n; i++) {
        if (sb.len + strlen(invoices[i]) + 3 > REFERENCE_MAX)
            break;
        sbuf_addstr(&sb, i ? " " : " / ");
        sbuf_addstr(&sb, invoices[i]);
    }
    s = keep(a, &sb);
    sbuf_release(&sb);
    return s;
}

const struct pdf_payment *
letter_frame_payment(struct arena *a, const struct tenant *t,
                     const struct letter_words *w, const char *reference,
                     const struct letter_amount *amounts, size_t n)
{
    struct pdf_pair *rows = arena_alloc(a, (12 + n) * sizeof(*rows));
    struct pdf_payment *p = arena_alloc(a, sizeof(*p));
    /* the one currency asked for, or "" for several */
    const char *currency = n == 1 ? amounts[0].currency : "";
    size_t k = 0;

    if (n == 0)
        return NULL;
#define ROW(key, value) (rows[k++] = (struct pdf_pair){ W(key), (value) })
    ROW("account_holder", t->name);
    if (has(t->iban))
        ROW("iban", iban_printed(a, t->iban));
    if (has(t->bic))
        ROW("bic", t->bic);
    if (has(t->bank))
        ROW("bank", t->bank);
    /* Domestic details only for the currency they pay in: a sort code
     * for pounds, ACH and checks for dollars. */
    if (strcmp(currency, "GBP") == 0 && has(t->sort_code) &&
        has(t->account_number)) {
        ROW("sort_code", t->sort_code);
        ROW("account_number", t->account_number);
    }
    if (strcmp(currency, "USD") == 0 && has(t->ach_routing) &&
        has(t->ach_account)) {
        ROW("routing_number", t->ach_routing);
        ROW("ach_account", t->ach_account);
    }
    if (strcmp(currency, "USD") == 0 && has(t->checks_payable_to)) {
        size_t nr;
        const char **rl = letter_frame_lines(a, t->remit_to, 0, &nr);

        ROW("checks_payable_to", t->checks_payable_to);
        if (nr)
            ROW("remit_to", joined(a, rl, nr, ", "));
    }
    ROW("reference", reference);
    for (size_t i = 0; i < n; i++)
        ROW("amount", amounts[i].formatted);
#undef ROW
    *p = (struct pdf_payment){ .rows = rows, .nrows = k,
                               .title = W("payment_details") };
    /* A GiroCode only where it works: one amount, in euros, to a valid
     * IBAN; a name or amount the code cannot carry leaves it out. */
    if (strcmp(currency, "EUR") == 0 && iban_check(t->iban, NULL) == 0) {
        struct epc_qr q = { .bic = t->bic, .name = t->name, .iban = t->iban,
                            .amount_cents = amounts[0].minor,
                            .text = reference };
        struct sbuf qr = SBUF_INIT;

        if (epc_qr_payload(&q, &qr, NULL) == 0) {
            p->qr_payload = keep(a, &qr);
            p->qr_caption = W("scan_to_pay");
        }
        sbuf_release(&qr);
    }
    return p;
}
