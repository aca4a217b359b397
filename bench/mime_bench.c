/*
 * mime_bench.c - how fast the MIME writer (render/mime.h) assembles
 * dunning e-mails: messages per second and megabytes of message per
 * second, for messages with text and HTML only and for those carrying a
 * letter as a PDF.
 *
 * Each message is a realistic one: a text of about 1.5 KB and HTML of
 * about 4 KB in German with non-ASCII names and amounts, an encoded
 * display name on From and To, a subject needing encoded words,
 * Reply-To, a stable Message-ID made by mime_message_id() and a thread of
 * up to three earlier messages; half carry a 30 KB PDF of random bytes.
 * The bodies are made before the clock starts; the clock times
 * mime_message_id() and mime_email() into one reused buffer, as the
 * outbox writes one message at a time.
 *
 * usage: mime_bench [N]   N messages (default 20000), half with a PDF.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "render/mime.h"

#define CUSTOMERS 64 /* distinct bodies; messages cycle through them */
#define PDFS 8
#define PDF_BYTES (30 * 1024)

static const char *const first[] = {
    "Jörg", "Zoë", "Ægidius", "François", "Małgorzata", "Søren", "Ángel",
    "Dvořák",
};
static const char *const last[] = {
    "Müller", "Ångström", "Øvergård", "Lefèvre", "Wiśniewska", "Þórsson",
    "Núñez", "Štěpánek",
};

struct customer {
    char name[64], addr[64], subject[160];
    struct sbuf text, html;
};

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A reminder of about 1.5 KB of text and 4 KB of HTML for customer i. */
static void
customer_make(struct customer *c, int i)
{
    static const char para[] =
        "bei der Durchsicht unserer Buchhaltung haben wir festgestellt, "
        "dass die unten aufgeführten Rechnungen trotz Fälligkeit noch "
        "nicht beglichen sind. Sicher handelt es sich um ein Versehen.";
    int lines = 0;

    snprintf(c->name, sizeof(c->name), "%s %s – Einkauf",
             first[i % 8], last[i / 8 % 8]);
    snprintf(c->addr, sizeof(c->addr), "ap%d@kunde%d.example", i, i);
    snprintf(c->subject, sizeof(c->subject),
             "Zahlungserinnerung – Kundennummer K%05d – offene Rechnungen "
             "über %d.%03d,%02d €", i, 1 + i % 9, i * 37 % 1000, i % 100);
    sbuf_init(&c->text, 0);
    sbuf_init(&c->html, 0);
    sbuf_addf(&c->text, "Sehr geehrte Damen und Herren,\n\n%s\n\n", para);
    sbuf_addf(&c->html, "<!DOCTYPE html>\n<html lang=\"de\"><head>"
                        "<meta charset=\"utf-8\"><title>%s</title>"
                        "<style>body{font-family:sans-serif}table{border-"
                        "collapse:collapse}td,th{padding:4px 8px;border:"
                        "1px solid #ccc}</style></head>\n<body>\n"
                        "<p>Sehr geehrte Damen und Herren,</p>\n<p>%s</p>\n"
                        "<table>\n<tr><th>Rechnung</th><th>Datum</th>"
                        "<th>Fällig</th><th>Betrag</th></tr>\n",
              c->subject, para);
    while (c->text.len < 1400 || c->html.len < 3800) {
        int amt = 100 + (i * 7919 + lines * 104729) % 90000;

        if (c->text.len < 1400)
            sbuf_addf(&c->text, "  Rechnung 2026-%04d vom %02d.05.2026, "
                                "fällig %02d.06.2026: %d,%02d €\n",
                      i * 10 + lines, 1 + lines % 28, 1 + lines % 28,
                      amt / 100, amt % 100);
        if (c->html.len < 3800)
            sbuf_addf(&c->html, "<tr><td>2026-%04d</td><td>%02d.05.2026"
                                "</td><td>%02d.06.2026</td><td style=\""
                                "text-align:right\">%d,%02d&nbsp;€</td>"
                                "</tr>\n",
                      i * 10 + lines, 1 + lines % 28, 1 + lines % 28,
                      amt / 100, amt % 100);
        lines++;
    }
    sbuf_addstr(&c->text, "\nBitte überweisen Sie den Betrag innerhalb "
                          "von 7 Tagen auf das unten genannte Konto.\n\n"
                          "Mit freundlichen Grüßen\nJörg Müller\n"
                          "Forderungsmanagement\n");
    sbuf_addstr(&c->html, "</table>\n<p>Bitte überweisen Sie den Betrag "
                          "innerhalb von 7 Tagen.</p>\n<p>Mit freundlichen "
                          "Grüßen<br>Jörg Müller</p>\n</body></html>\n");
}

/* Assemble n messages, with a PDF each if pdfs is not NULL; returns the
 * seconds taken and adds the bytes written to *bytes. */
static double
run(struct customer *cs, unsigned char (*pdfs)[PDF_BYTES], int n,
    int64_t seq0, struct sbuf *out, double *bytes)
{
    char id[MIME_ID_SIZE], refs[3][MIME_ID_SIZE];
    const char *refp[3] = { refs[0], refs[1], refs[2] };
    struct dun_err err = DUN_ERR_INIT;
    double t0 = now();

    for (int i = 0; i < n; i++) {
        const struct customer *c = &cs[i % CUSTOMERS];
        int64_t seq = seq0 + i;
        size_t nrefs = (size_t)(i / CUSTOMERS % 4);
        struct mime_attachment att = { "Mahnung.pdf", "application/pdf",
                                       pdfs ? pdfs[i % PDFS] : NULL,
                                       PDF_BYTES };
        struct mime_message m = {
            .from_name = "Harper & Lane – Forderungsmanagement",
            .from_addr = "accounts@harperlane.example",
            .to_name = c->name, .to_addr = c->addr, .subject = c->subject,
            .at = 1782800000 + seq * 7, .message_id = id,
            .text = c->text.buf, .html = c->html.buf,
            .reply_to_name = "Harper & Lane AR",
            .reply_to_addr = "ar@harperlane.example",
            .in_reply_to = nrefs ? refs[nrefs - 1] : NULL,
            .references = refp, .n_references = nrefs,
            .attachments = pdfs ? &att : NULL,
            .n_attachments = pdfs != NULL,
        };

        for (size_t k = 0; k < nrefs; k++)
            if (mime_message_id(refs[k], sizeof(refs[k]),
                                seq - (int64_t)(k + 1) * CUSTOMERS,
                                "harper-lane", m.from_addr, &err) < 0)
                goto fail;
        if (mime_message_id(id, sizeof(id), seq, "harper-lane", m.from_addr,
                            &err) < 0)
            goto fail;
        sbuf_reset(out);
        if (mime_email(&m, out, &err) < 0)
            goto fail;
        *bytes += (double)out->len;
    }
    return now() - t0;
fail:
    fprintf(stderr, "mime_bench: %s\n", err.msg);
    exit(1);
}

static void
report(const char *what, int n, double secs, double bytes)
{
    printf("%-14s %7d messages %8.3f s %10.0f messages/s %8.1f MB/s "
           "%6.1f KB/message\n",
           what, n, secs, n / secs, bytes / secs / 1e6, bytes / n / 1024);
}

int
main(int argc, char **argv)
{
    static unsigned char pdfs[PDFS][PDF_BYTES];
    static struct customer cs[CUSTOMERS];
    struct sbuf out = SBUF_INIT;
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    double plain_s, pdf_s, plain_b = 0, pdf_b = 0;
    uint64_t x = 88172645463325252u;

    if (n < 2) {
        fprintf(stderr, "usage: mime_bench [N]   (N >= 2)\n");
        return 2;
    }
    for (int i = 0; i < CUSTOMERS; i++)
        customer_make(&cs[i], i);
    for (int k = 0; k < PDFS; k++)
        for (size_t i = 0; i < PDF_BYTES; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
            pdfs[k][i] = (unsigned char)(x >> 32);
        }
    memcpy(pdfs[0], "%PDF-1.4\n", 9);
    plain_s = run(cs, NULL, n / 2, 1, &out, &plain_b);
    pdf_s = run(cs, pdfs, n - n / 2, 1 + n / 2, &out, &pdf_b);
    report("text+html", n / 2, plain_s, plain_b);
    report("with 30KB PDF", n - n / 2, pdf_s, pdf_b);
    report("all", n, plain_s + pdf_s, plain_b + pdf_b);
    sbuf_release(&out);
    for (int i = 0; i < CUSTOMERS; i++) {
        sbuf_release(&cs[i].text);
        sbuf_release(&cs[i].html);
    }
    return 0;
}
