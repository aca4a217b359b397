/*
 * statement_pdf.h - a customer's statement of account (app/statement.h)
 * as a printed letter for a window envelope: the letterhead, the address,
 * the date and account number beside it; the subject, a line of
 * introduction, a ruled table per currency (date, document, due date,
 * debit, credit, running balance, with the invoices a payment or credit
 * note was applied to) closing on the balance, a table of the open items
 * (invoice, due date, days overdue, amount due, totals per currency),
 * and, when something is owed, the payment box (with an EPC QR code for
 * one balance in euros to a valid IBAN); the legal footer and page
 * numbers.
 *
 * In the customer's language (else the business's, else English, as
 * data/labels.ini has words for it), dates and amounts as its country
 * writes them (render/localfmt.h); paper and logo as dun config says
 * (app/config.h: letter.paper, letter.logo). The PDF's date is the
 * as-of day: the same database and day give the same bytes.
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_STATEMENT_PDF_H
#define DUN_APP_STATEMENT_PDF_H

#include "app/app.h"
#include "core/err.h"
#include "core/sbuf.h"

/*
 * Append the statement of customer_id as of app->as_of to out as a PDF;
 * *pages (if not NULL) is set to its pages. -1 with err: DUN_E_NOTFOUND
 * "no customer 'X'", the ledger's or the store's error, or the layout's
 * (render/pdf_letter.h); out may then hold part of a PDF.
 */
int statement_pdf(struct app *app, const char *customer_id, struct sbuf *out,
                  int *pages, struct dun_err *err);

/*
 * statement_pdf into the file path, written whole or not at all
 * (io/textfile.h): nothing is written when the statement fails. -1 with
 * err as above, or "PATH: cannot write: WHY".
 */
int statement_pdf_write(struct app *app, const char *customer_id,
                        const char *path, int *pages, struct dun_err *err);

#endif
