/*
 * pdf_letter.h - business letters as PDF: letterhead, the address in the
 * window of an envelope, an information block, a body of subject,
 * headings, paragraphs, tables and a payment box with an EPC QR code, a
 * legal footer and page numbers; several letters (and a cover sheet) in one
 * document for a print batch.
 *
 * Pure layout: it knows nothing of the database, templates or languages;
 * the caller gives every text already in the letter's language and format
 * (UTF-8). It writes the PDF into a struct sbuf, reads no clock (the
 * document's date is a parameter) and makes the same bytes from the same
 * input every time. Fonts: "DejaVu Sans" through fontconfig, which falls
 * back (to Droid Sans Fallback for CJK) for scripts it lacks.
 *
 * Thread-safety: a document is used by one thread, the one that made it
 * (pango's default font map is per thread); documents on different threads
 * are independent.
 */
#ifndef DUN_RENDER_PDF_LETTER_H
#define DUN_RENDER_PDF_LETTER_H

#include <stddef.h>

#include "core/err.h"
#include "core/sbuf.h"

/* Paper and where the envelope's window shows the address. */
enum pdf_paper {
    /* A4, DIN 5008 form B (DL/C5/C6 window envelopes, DIN EN ISO 269):
     * address field 20 mm from the left, 45 mm from the top, 85 x 45 mm:
     * 17.7 mm "Zusatz- und Vermerkzone" (the return line at its foot),
     * then the address from 62.7 mm; text 25 mm from the left; the
     * information block at 125 mm, 50 mm from the top; fold marks at 105
     * and 210 mm and the punch mark at 148.5 mm. */
    PDF_PAPER_A4_DIN5008B,
    /* A4 for UK window envelopes (DL and C5 with the usual 90 x 45 mm
     * window 20 mm from the left, 15 mm from the bottom, which on A4
     * folded in three shows 50..95 mm from the top): the window taken as
     * 20 mm from the left, 50 mm from the top, 90 x 40 mm; text 25 mm from
     * the left, the return line at its top. */
    PDF_PAPER_A4_UK,
    /* US Letter for a #10 window envelope (window 4 1/2 x 1 1/8 in, 7/8 in
     * from the left): the window taken 2 in from the top; text 1 in from
     * the left, the return line at its top. */
    PDF_PAPER_US_LETTER,
};

struct pdf_pair {
    const char *label, *value;
};

/* A table: header, rows, totals; numbers right-aligned. Columns share the
 * width by their content; long cells wrap inside their column. Rows split
 * across pages with the header repeated; totals stay together. */
#define PDF_TABLE_MAX_COLS 8
struct pdf_table {
    size_t ncols;             /* 1 .. PDF_TABLE_MAX_COLS */
    const char *const *head;  /* ncols header cells, or NULL: no header */
    const int *align_right;   /* ncols flags, or NULL: all left */
    const char *const *cells; /* nrows * ncols, row-major; NULL cell = "" */
    size_t nrows;
    const char *const *total; /* ntotal * ncols cells of the totals rows */
    size_t ntotal;
};

enum pdf_block_kind {
    PDF_BLOCK_SUBJECT,   /* bold, larger; kept with what follows */
    PDF_BLOCK_HEADING,   /* a dark band with white bold text ("FINAL
                          * DEMAND - pay by 14.11.2026") */
    PDF_BLOCK_PARAGRAPH, /* reflowed (line breaks become spaces), left */
    PDF_BLOCK_LINES,     /* each \n-separated line kept (closing, name) */
    PDF_BLOCK_TABLE,
    PDF_BLOCK_PAYMENT,
};

/* The "how to pay" box, kept on one page. */
struct pdf_payment {
    const struct pdf_pair *rows; /* {"IBAN", "DE89 3704 ..."}, ... */
    size_t nrows;
    const char *title;      /* "Payment details", or NULL */
    const char *qr_payload; /* an EPC QR payload (epc_qr.h), or NULL: drawn
                             * as a QR code (level M) beside the rows */
    const char *qr_caption; /* under the code, or NULL */
};

struct pdf_block {
    enum pdf_block_kind kind;
    const char *text;                  /* SUBJECT, HEADING, PARAGRAPH, LINES */
    const struct pdf_table *table;     /* TABLE */
    const struct pdf_payment *payment; /* PAYMENT */
};

/*
 * One letter. All strings UTF-8, borrowed for the call; NULL strings and
 * zero counts leave the part out. Text that does not fit wraps (long words
 * break anywhere); the letterhead and the address are clipped to their
 * zones rather than run into the window or the body.
 */
struct pdf_letter {
    enum pdf_paper paper;
    const char *language; /* BCP 47 ("de-DE") for shaping and line breaks */
    /* Letterhead, top of page 1: logo left, name and lines right. */
    const char *sender_name;
    const char *const *sender_lines; /* address, phone, e-mail, web */
    size_t nsender_lines;
    const unsigned char *logo_png; /* PNG, scaled into 45 x 20 mm */
    size_t logo_len;
    /* Small one-line sender address just above the address, underlined. */
    const char *return_line;
    const char *const *recipient_lines; /* in postal order */
    size_t nrecipient_lines;
    /* Beside the window: Date, Our reference, Customer number ... (the
     * first 32 pairs) */
    const struct pdf_pair *info;
    size_t ninfo;
    const struct pdf_block *blocks; /* the body, in order */
    size_t nblocks;
    /* Small, centred, on every page. */
    const char *const *footer_lines;
    size_t nfooter_lines;
    /* "Page %d of %d": the first %d is the page, the second the count
     * ("%%" is a percent sign; nothing else is interpreted). Printed on
     * each page when the letter has more than one. NULL: none. */
    const char *page_label;
    /* Header line on pages 2+ ("Acme GmbH · Customer C00001 ·
     * 14.11.2026"), or NULL. */
    const char *continuation;
};

/* A cover sheet for a batch: title, lines, a table (seq, customer, stage,
 * pages ...), over as many pages as it needs. */
struct pdf_cover {
    enum pdf_paper paper;
    const char *language;
    const char *title;
    const char *const *lines;
    size_t nlines;
    const struct pdf_table *table; /* or NULL */
    const char *page_label;        /* as in pdf_letter, or NULL */
};

/* A letter may not run to more pages than this (DUN_E_INPUT). */
#define PDF_MAX_PAGES 500

struct pdf_doc;

/*
 * A new document writing into out (appended to; out's cap bounds the
 * PDF: past it the document fails with DUN_E_IO). title goes into the
 * document's information (NULL: none), as does date, the creation and
 * modification date "YYYY-MM-DDThh:mm:ssZ" (the batch's or letter's
 * date: no clock is read; NULL: "2000-01-01T00:00:00Z"), so that the
 * same calls give the same bytes. Never NULL (aborts when out of memory);
 * a failure to start shows at the first call. Free with pdf_doc_free().
 */
struct pdf_doc *pdf_doc_new(struct sbuf *out, const char *title,
                            const char *date);

/*
 * Append the letter l, on as many pages as it needs; *pages (if not NULL)
 * is set to that number. Returns 0, or -1 with DUN_E_INPUT (text not
 * UTF-8, a table of no or more than 8 columns, a logo that is not a PNG,
 * a QR payload too long for a code, more than PDF_MAX_PAGES pages:
 * nothing is added to the document) or DUN_E_IO (the PDF could not be
 * written: the document is then unusable).
 */
int pdf_doc_letter(struct pdf_doc *d, const struct pdf_letter *l, int *pages,
                   struct dun_err *err);

/* The pages l would take, without adding it; same checks as
 * pdf_doc_letter(). For a cover listing the pages of the letters after
 * it. */
int pdf_doc_measure(struct pdf_doc *d, const struct pdf_letter *l, int *pages,
                    struct dun_err *err);

/*
 * pdf_doc_letter in two steps, for a batch that counts its letters'
 * pages before it draws the first: lay l out (*out, free with
 * pdf_laid_free; *pages as above), then draw it later, with other
 * letters laid out or drawn in between. l must live until it is drawn.
 */
struct pdf_laid;
int pdf_doc_lay(struct pdf_doc *d, const struct pdf_letter *l,
                struct pdf_laid **out, int *pages, struct dun_err *err);
int pdf_doc_draw(struct pdf_doc *d, struct pdf_laid *p, struct dun_err *err);
void pdf_laid_free(struct pdf_laid *p);

/* Append the cover sheet c (1 page or more; *pages as above). */
int pdf_doc_cover(struct pdf_doc *d, const struct pdf_cover *c, int *pages,
                  struct dun_err *err);

/* Append an empty page. */
int pdf_doc_blank_page(struct pdf_doc *d, enum pdf_paper paper,
                       struct dun_err *err);

/* For duplex printing: when the document has an odd number of pages,
 * append an empty one, so that what comes next starts on an odd page
 * (the front of a sheet). */
int pdf_doc_pad_odd(struct pdf_doc *d, enum pdf_paper paper,
                    struct dun_err *err);

/* Pages in the document so far. */
int pdf_doc_page_count(const struct pdf_doc *d);

/* Write the rest of the PDF into out. Returns 0, or -1 with DUN_E_IO
 * (output cap reached, cairo failure) or DUN_E_INPUT (a document without
 * pages). The document takes no more pages after it. */
int pdf_doc_finish(struct pdf_doc *d, struct dun_err *err);

/*
 * In a build for AddressSanitizer: give back the fonts and caches pango,
 * cairo and fontconfig keep for the process once a document was made
 * (nothing otherwise), at exit, after the last document and on the
 * thread that made them, so that the leak checker sees only what is
 * really lost. Documents may be made again after it, at the cost of
 * loading the fonts again. In any other build it does nothing: cairo's
 * reset is a debugging aid that aborts if anything is still alive.
 */
void pdf_release_fonts(void);

/* Free d (NULL: nothing). Without pdf_doc_finish() out holds a partial
 * PDF. */
void pdf_doc_free(struct pdf_doc *d);

#endif
