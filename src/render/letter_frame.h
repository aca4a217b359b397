/*
 * letter_frame.h - what every printed document of the business carries,
 * whatever it says: the letterhead's lines, the return line above the
 * window, the footer a company's letters must carry (bank, registered
 * name and form, seat, register, directors, capital), page numbers, the
 * head of the pages after the first, and the payment box (with an EPC QR
 * code where one works). Letters (render/letter_pdf.c) and statements of
 * account (app/statement_pdf.c) are framed alike by it.
 *
 * Pure: no I/O. Every string it makes lives in the caller's arena. The
 * words are the caller's: a letter's come from its stored data (so that
 * it reprints the same after data/labels.ini changes), a statement's
 * from render/labels.h.
 */
#ifndef DUN_RENDER_LETTER_FRAME_H
#define DUN_RENDER_LETTER_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/model.h"
#include "render/pdf_letter.h"

/* The word for key ("page", "iban", ...; data/labels.ini's keys). */
struct letter_words {
    const char *(*get)(const void *ctx, const char *key);
    const void *ctx;
};

struct letter_frame {
    const char **sender_lines; /* under the name: address, phone, ... */
    size_t nsender_lines;
    const char *return_line;   /* "Name · street · town" */
    const char *footer_lines[3];
    size_t nfooter_lines;
    const char *page_label;    /* "Seite %d von %d" */
};

/* label sep value in a, or "" when value is not set ("IBAN DE89 ..."). */
const char *letter_frame_labelled(struct arena *a, const char *label,
                                  const char *sep, const char *value);

/* The non-empty lines of text (split at \n) as a new array in a, with
 * room for extra more; *n their count. */
const char **letter_frame_lines(struct arena *a, const char *text,
                                size_t extra, size_t *n);

/* The frame of t's documents, in w's words. */
void letter_frame_make(struct arena *a, const struct tenant *t,
                       const struct letter_words *w, struct letter_frame *out);

/* The head of pages 2 and after: "Harper & Lane Ltd · Kundennummer C0027
 * · 01.12.2026". */
const char *letter_frame_continuation(struct arena *a, const struct tenant *t,
                                      const struct letter_words *w,
                                      const char *customer_id,
                                      const char *date);

/* The reference a transfer should carry: the account, and the invoices
 * when there are at most three (a long list helps no one match a
 * payment; a bank takes 140 characters). */
const char *letter_frame_reference(struct arena *a, const char *customer_id,
                                   const char *const *invoices, size_t n);

/* An amount asked for: its currency, minor units, and as the customer's
 * country writes it. */
struct letter_amount {
    const char *currency;
    int64_t minor;
    const char *formatted;
};

/*
 * The "how to pay" box for amounts[0..n) (one per currency, each > 0):
 * account holder, IBAN in groups of four, BIC, bank; a UK sort code and
 * account number only for pounds, ACH details and "make checks payable
 * to" only for dollars; the reference; each amount. With an EPC QR code
 * for a single amount in euros to a valid IBAN. NULL when n is 0.
 */
const struct pdf_payment *letter_frame_payment(struct arena *a,
                                               const struct tenant *t,
                                               const struct letter_words *w,
                                               const char *reference,
                                               const struct letter_amount *amounts,
                                               size_t n);

#endif
