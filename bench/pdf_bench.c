/*
 * pdf_bench.c - how fast the PDF letter engine (render/pdf_letter.h) sets
 * a print batch: letters per second and megabytes of PDF per second.
 *
 * Each letter is a typical final demand of two pages: letterhead, return
 * line, a four-line address with non-ASCII names, an information block,
 * subject, heading, two paragraphs, a table of 25 invoices with a totals
 * row, a payment box with an EPC QR code, a closing, a two-line footer and
 * "Seite X von Y". Letters differ in names, amounts and references (their
 * QR codes differ too). The clock times pdf_doc_new(), every
 * pdf_doc_letter() (each starting on an odd page) and pdf_doc_finish()
 * into one buffer: one batch PDF.
 *
 * usage: pdf_bench [N]   N letters (default 500).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "render/epc_qr.h"
#include "render/pdf_letter.h"

#define ROWS 25
#define VARIANTS 32 /* distinct letters; the batch cycles through them */

static const char *const first[] = { "Jörg",     "Zoë",        "Ægidius",
                                     "François", "Małgorzata", "Søren",
                                     "Ángel",    "Dvořák" };
static const char *const last[] = { "Müller",  "Ångström",   "Øvergård",
                                    "Lefèvre", "Wiśniewska", "Þórsson",
                                    "Núñez",   "Štěpánek" };
static const char *const sender[] = {
    "Hauptstraße 1 · 10115 Berlin",
    "Telefon +49 30 1234567",
    "forderungen@acme.example",
    "www.acme.example",
};
static const char *const footer[] = {
    "Acme GmbH · Sitz Berlin · Amtsgericht Charlottenburg HRB 12345 · "
    "Geschäftsführer: Max Muster",
    "Commerzbank · IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX · "
    "USt-IdNr. DE123456789",
};
static const char *const head[] = { "Rechnung", "Datum", "Fällig", "Betrag",
                                    "Offen" };
static const int right[] = { 0, 0, 0, 1, 1 };

struct variant {
    char name[64], customer[16], ref[32], subject[96], heading[96], amount[32];
    char cells[ROWS * 5][24];
    const char *cellp[ROWS * 5];
    const char *total[5];
    const char *recipient[4];
    struct pdf_pair info[3], pay[4];
    struct pdf_table table;
    struct pdf_payment payment;
    struct pdf_block blocks[8];
    struct pdf_letter l;
    struct sbuf qr;
};

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "1.234,56 €" */
static void
euro(char *buf, size_t n, int64_t cents)
{
    snprintf(buf, n, "%" PRId64 ".%03" PRId64 ",%02" PRId64 " €",
             cents / 100000, cents / 100 % 1000, cents % 100);
    if (cents < 100000)
        snprintf(buf, n, "%" PRId64 ",%02" PRId64 " €", cents / 100,
                 cents % 100);
}

static int
variant_make(struct variant *v, int i)
{
    static const char para1[] =
        "trotz unserer Zahlungserinnerung und unserer Mahnung sind die "
        "folgenden Rechnungen noch offen. Wir bitten Sie, den offenen "
        "Betrag bis zum 28.11.2026 auf unser unten genanntes Konto zu "
        "überweisen. Bitte geben Sie dabei die Referenz an, damit wir Ihre "
        "Zahlung zuordnen können.";
    static const char para2[] =
        "Sollte der Betrag bis dahin nicht bei uns eingegangen sein, werden "
        "wir die Forderung ohne weitere Ankündigung an ein Inkassounternehmen "
        "übergeben. Die dadurch entstehenden Kosten gehen zu Ihren Lasten. "
        "Sollte sich Ihre Zahlung mit diesem Schreiben überschnitten haben, "
        "betrachten Sie es bitte als gegenstandslos.";
    struct dun_err err = DUN_ERR_INIT;
    struct epc_qr q = { "COBADEFFXXX", "Acme GmbH", "DE89370400440532013000", 0,
                        NULL,          NULL };
    int64_t sum = 0;
    size_t nb = 0;

    memset(v, 0, sizeof(*v));
    v->qr = (struct sbuf)SBUF_INIT;
    snprintf(v->name, sizeof(v->name), "%s %s", first[i % 8],
             last[(i / 8) % 8]);
    snprintf(v->customer, sizeof(v->customer), "C%05d", i + 1);
    snprintf(v->subject, sizeof(v->subject), "Letzte Mahnung – Kundennummer %s",
             v->customer);
    for (int r = 0; r < ROWS; r++) {
        int64_t c = 10000 + (int64_t)((i * 7919 + r * 104729) % 900000);

        sum += c;
        snprintf(v->cells[r * 5], 24, "RE-2026-%05d", i * ROWS + r + 1);
        snprintf(v->cells[r * 5 + 1], 24, "%02d.07.2026", r % 28 + 1);
        snprintf(v->cells[r * 5 + 2], 24, "%02d.08.2026", r % 28 + 1);
        euro(v->cells[r * 5 + 3], 24, c);
        euro(v->cells[r * 5 + 4], 24, c);
    }
    for (int k = 0; k < ROWS * 5; k++)
        v->cellp[k] = v->cells[k];
    euro(v->amount, sizeof(v->amount), sum);
    snprintf(v->heading, sizeof(v->heading),
             "LETZTE MAHNUNG – %s zahlbar bis 28.11.2026", v->amount);
    snprintf(v->ref, sizeof(v->ref), "Kunde %s Mahnung 3", v->customer);
    q.amount_cents = sum;
    q.text = v->ref;
    if (epc_qr_payload(&q, &v->qr, &err) < 0) {
        fprintf(stderr, "pdf_bench: %s\n", err.msg);
        return -1;
    }
    v->total[0] = "Summe";
    v->total[1] = v->total[2] = v->total[3] = "";
    v->total[4] = v->amount;
    v->table =
        (struct pdf_table){ 5, head, right, v->cellp, ROWS, v->total, 1 };
    v->recipient[0] = v->name;
    v->recipient[1] = "Łódź Handels GmbH";
    v->recipient[2] = "Königsallee 12";
    v->recipient[3] = "40212 Düsseldorf";
    v->info[0] = (struct pdf_pair){ "Datum", "14.11.2026" };
    v->info[1] = (struct pdf_pair){ "Kundennummer", v->customer };
    v->info[2] = (struct pdf_pair){ "Unser Zeichen", "M-2026-0042" };
    v->pay[0] = (struct pdf_pair){ "IBAN", "DE89 3704 0044 0532 0130 00" };
    v->pay[1] = (struct pdf_pair){ "BIC", "COBADEFFXXX" };
    v->pay[2] = (struct pdf_pair){ "Verwendungszweck", v->ref };
    v->pay[3] = (struct pdf_pair){ "Betrag", v->amount };
    v->payment =
        (struct pdf_payment){ v->pay, 4, "Zahlungsinformationen", v->qr.buf,
                              "Mit der Banking-App scannen" };
    v->blocks[nb++] =
        (struct pdf_block){ PDF_BLOCK_SUBJECT, v->subject, NULL, NULL };
    v->blocks[nb++] =
        (struct pdf_block){ PDF_BLOCK_HEADING, v->heading, NULL, NULL };
    v->blocks[nb++] =
        (struct pdf_block){ PDF_BLOCK_LINES, "Sehr geehrte Damen und Herren,",
                            NULL, NULL };
    v->blocks[nb++] =
        (struct pdf_block){ PDF_BLOCK_PARAGRAPH, para1, NULL, NULL };
    v->blocks[nb++] =
        (struct pdf_block){ PDF_BLOCK_TABLE, NULL, &v->table, NULL };
    v->blocks[nb++] =
        (struct pdf_block){ PDF_BLOCK_PAYMENT, NULL, NULL, &v->payment };
    v->blocks[nb++] =
        (struct pdf_block){ PDF_BLOCK_PARAGRAPH, para2, NULL, NULL };
    v->blocks[nb++] = (struct pdf_block){
        PDF_BLOCK_LINES, "Mit freundlichen Grüßen\n\nAcme GmbH", NULL, NULL
    };
    v->l = (struct pdf_letter){
        .paper = PDF_PAPER_A4_DIN5008B,
        .language = "de-DE",
        .sender_name = "Acme GmbH",
        .sender_lines = sender,
        .nsender_lines = 4,
        .return_line = "Acme GmbH · Hauptstraße 1 · 10115 Berlin",
        .recipient_lines = v->recipient,
        .nrecipient_lines = 4,
        .info = v->info,
        .ninfo = 3,
        .blocks = v->blocks,
        .nblocks = nb,
        .footer_lines = footer,
        .nfooter_lines = 2,
        .page_label = "Seite %d von %d",
        .continuation = "Acme GmbH · Mahnung vom 14.11.2026",
    };
    return 0;
}

int
main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 500;
    struct variant *v = calloc(VARIANTS, sizeof(*v));
    struct sbuf pdf = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct pdf_doc *d;
    long pages = 0;
    double t0, t;

    if (n < 1 || v == NULL) {
        fprintf(stderr, "usage: pdf_bench [N]\n");
        return 2;
    }
    for (int i = 0; i < VARIANTS; i++)
        if (variant_make(&v[i], i) < 0)
            return 1;

    t0 = now();
    d = pdf_doc_new(&pdf, "Druckauftrag 2026-11-14", "2026-11-14T00:00:00Z");
    for (int i = 0; i < n; i++) {
        int p = 0;

        if (pdf_doc_pad_odd(d, PDF_PAPER_A4_DIN5008B, &err) < 0 ||
            pdf_doc_letter(d, &v[i % VARIANTS].l, &p, &err) < 0) {
            fprintf(stderr, "pdf_bench: %s\n", err.msg);
            return 1;
        }
        pages += p;
    }
    if (pdf_doc_finish(d, &err) < 0) {
        fprintf(stderr, "pdf_bench: %s\n", err.msg);
        return 1;
    }
    t = now() - t0;
    pdf_doc_free(d);

    printf("letters %d  pages %ld (%.2f per letter)  pdf %.1f MB\n", n, pages,
           (double)pages / n, pdf.len / 1e6);
    printf("time %.3f s  %.0f letters/s  %.1f MB/s\n", t, n / t,
           pdf.len / 1e6 / t);
    if (getenv("PDF_BENCH_OUT")) {
        FILE *f = fopen(getenv("PDF_BENCH_OUT"), "wb");

        if (f == NULL || fwrite(pdf.buf, 1, pdf.len, f) != pdf.len ||
            fclose(f) != 0)
            return 1;
    }
    sbuf_release(&pdf);
    for (int i = 0; i < VARIANTS; i++)
        sbuf_release(&v[i].qr);
    free(v);
    return 0;
}
