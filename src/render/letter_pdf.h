/*
 * letter_pdf.h - a message's printed letter as PDF pages: the letter part
 * of its template, rendered from its stored data with the template set
 * it was rendered with, laid out for a window envelope (pdf_letter.h).
 *
 * The words come from the templates, the layout from here:
 *   - the letterhead, the return line, the address in the window, the
 *     date and the customer's number beside it, the legal footer and the
 *     page numbers are drawn from the data (tenant, customer, labels);
 *   - the body is the letter template's text with four partials read
 *     as places instead of text: _letter_head (drawn as above),
 *     _invoices_text and _also_due_text (ruled tables of the invoices:
 *     number, issue date, due date, amount, paid or credited, open,
 *     days overdue), _payment_text (a payment box, with an EPC QR code
 *     for a transfer in euros to a SEPA IBAN);
 *   - the first paragraph after the head is the subject (bold); a
 *     paragraph framed by lines of '=' is a heading band; a paragraph
 *     whose lines are indented keeps its lines; the others flow.
 * Paper and window are the caller's (app/config.h: letter.paper, or the
 * customer's country's).
 *
 * Pure: no I/O, no clock. The same data and set give the same bytes.
 */
#ifndef DUN_RENDER_LETTER_PDF_H
#define DUN_RENDER_LETTER_PDF_H

#include <stddef.h>

#include "core/err.h"
#include "render/pdf_letter.h"
#include "render/template_set.h"
#include "render/value.h"

struct letter_pdf {
    struct template_set *set;  /* the message's set */
    /* That set with its places marked (letter_pdf_mark), kept by a
     * caller that prints many letters; NULL: made for this one. */
    struct template_set *marked;
    const char *language;      /* of the message ("de") */
    const char *template_name; /* "final-demand" */
    const struct value *data;  /* its stored data */
    const unsigned char *logo_png; /* the business's logo, or NULL */
    size_t logo_len;
    enum pdf_paper paper;
    /* The message's number, printed as "our reference" (a reply that
     * quotes it finds the letter), or NULL. */
    const char *reference;
};

/*
 * The set with the place partials of language replaced by their marks
 * (what letter_pdf_add renders the letter template with): 0 and *out
 * (free with template_set_free), or -1 with err.
 */
int letter_pdf_mark(const struct template_set *set, const char *language,
                    struct template_set **out, struct dun_err *err);

/*
 * Append the letter to d (starting on a new page); *pages (if not NULL)
 * is set to its pages. With measure set, only count them. -1 with err
 * for a template that fails or data the layout refuses (pdf_letter.h).
 */
int letter_pdf_add(struct pdf_doc *d, const struct letter_pdf *lp,
                   int measure, int *pages, struct dun_err *err);

/*
 * The same in two steps, for a batch that counts the pages of all its
 * letters before it draws the first: lay the letter out (*out, free with
 * letter_pdf_laid_free; *pages), then draw it. lp->data and lp->logo_png
 * must live until it is drawn.
 */
struct letter_pdf_laid;
int letter_pdf_lay(struct pdf_doc *d, const struct letter_pdf *lp,
                   struct letter_pdf_laid **out, int *pages,
                   struct dun_err *err);
int letter_pdf_draw(struct pdf_doc *d, struct letter_pdf_laid *x,
                    struct dun_err *err);
void letter_pdf_laid_free(struct letter_pdf_laid *x);

#endif
