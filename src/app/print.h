/*
 * print.h - the day's letters as PDF: one print file for a duplex
 * printer (a cover sheet listing them, each letter starting on the front
 * of a sheet) or a file per letter; and the PDF of any one message's
 * letter, for an e-mail attachment.
 *
 * Each PDF is made from what the outbox keeps of the message (its data
 * and template set; render/letter_pdf.h), so it is the same, byte for
 * byte, whenever it is made.
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_PRINT_H
#define DUN_APP_PRINT_H

#include <stdint.h>

#include "app/app.h"
#include "app/config.h"
#include "core/err.h"
#include "core/model.h"
#include "core/sbuf.h"
#include "render/pdf_letter.h"

struct print_report {
    int64_t letters; /* letters printed */
    int64_t pages;   /* pages in all, cover and blank backs included */
};

/*
 * The letters of day (planned or printed, not void) into batch (a PDF
 * file, written whole or not at all) and/or one file each into dir
 * (DIR/SEQ-CUSTOMER.pdf, created if missing). -1 with err naming the
 * message that could not be laid out, or the file that could not be
 * written. No letters: 0 with report->letters 0 and no file written.
 */
int print_letters(struct app *app, int32_t day, const char *batch,
                  const char *dir, struct print_report *report,
                  struct dun_err *err);

/* The PDF paper of a letter.paper (app/config.h). */
enum pdf_paper print_paper(enum letter_paper p);

/* The letter of message m (either channel: an e-mail's letter part
 * from its set) as a PDF of its own, into out. */
int print_message_pdf(struct app *app, const struct message *m,
                      struct sbuf *out, struct dun_err *err);

#endif
