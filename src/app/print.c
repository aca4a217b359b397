/*
 * print.c - the day's letters as PDF; see print.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/config.h"
#include "app/letters.h"
#include "app/outbox.h"
#include "app/print.h"
#include "app/templates.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/message_state.h"
#include "core/xalloc.h"
#include "io/textfile.h"
#include "render/labels.h"
#include "render/letter_pdf.h"
#include "store/store.h"
#include "render/pdf_letter.h"

/* A letter to print, read whole out of the outbox. */
struct job {
    int64_t seq;
    char customer[64];
    char stage[64];
    char language[8];
    char template_name[64];
    int64_t set_id;
    char *inputs;
    int pages;
    /* A batch's letter laid out to count its pages, kept to be drawn
     * after the cover (NULL: laid out again then), and its data. */
    struct letter_pdf_laid *laid;
    struct arena arena;
};

/* A batch keeps at most this many letters laid out between counting
 * their pages and drawing them (a letter's layouts take some 250 KB: 400
 * of them 100 MB); those after it are laid out twice. DUN_BATCH_KEPT
 * sets another number, for the test that both ways give the same
 * bytes. */
#define BATCH_KEPT 400

static size_t
batch_kept(void)
{
    const char *e = getenv("DUN_BATCH_KEPT");

    return e && *e ? (size_t)strtoul(e, NULL, 10) : BATCH_KEPT;
}

struct collect {
    int32_t day;
    struct job *v;
    size_t n, cap;
};

static int
on_message(void *ctx, const struct message *m, struct dun_err *err)
{
    struct collect *c = ctx;
    int st = message_status_parse(m->status);
    struct job *j;

    (void)err;
    if (m->date != c->day || strcmp(m->channel, "letter") != 0 ||
        (st != MSG_PLANNED && st != MSG_PRINTED && st != MSG_POSTED))
        return 0;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
    }
    j = &c->v[c->n++];
    memset(j, 0, sizeof(*j));
    j->seq = m->seq;
    snprintf(j->customer, sizeof(j->customer), "%s", m->customer_id);
    snprintf(j->stage, sizeof(j->stage), "%s", m->stage);
    snprintf(j->language, sizeof(j->language), "%s", m->language);
    snprintf(j->template_name, sizeof(j->template_name), "%s",
             m->template_name);
    j->set_id = m->template_set;
    j->inputs = xstrdup(m->inputs ? m->inputs : "{}");
    return 0;
}

/* What every letter of a print shares: the sets read so far, the
 * business's logo. */
struct press {
    struct app *app;
    struct outbox_sets sets;
    struct sbuf logo;
    /* Each set with its places marked (letter_pdf_mark), made once: a
     * batch prints many letters of a handful of sets. */
    struct marked {
        const struct template_set *set;
        char language[8];
        struct template_set *marked;
    } *marked;
    size_t nmarked;
};

/* set marked for language, made on first use; NULL with err. */
static struct template_set *
marked_set(struct press *pr, const struct template_set *set,
           const char *language, struct dun_err *err)
{
    struct template_set *m;

    for (size_t i = 0; i < pr->nmarked; i++)
        if (pr->marked[i].set == set &&
            strcmp(pr->marked[i].language, language) == 0)
            return pr->marked[i].marked;
    if (letter_pdf_mark(set, language, &m, err) < 0)
        return NULL;
    pr->marked = xreallocarray(pr->marked, pr->nmarked + 1,
                               sizeof(*pr->marked));
    pr->marked[pr->nmarked].set = set;
    snprintf(pr->marked[pr->nmarked].language,
             sizeof(pr->marked[0].language), "%s", language);
    pr->marked[pr->nmarked++].marked = m;
    return m;
}

static void
press_release(struct press *pr)
{
    for (size_t i = 0; i < pr->nmarked; i++)
        template_set_free(pr->marked[i].marked);
    free(pr->marked);
    pr->marked = NULL;
    pr->nmarked = 0;
    outbox_sets_release(&pr->sets);
    sbuf_release(&pr->logo);
}

enum pdf_paper
print_paper(enum letter_paper p)
{
    switch (p) {
    case LETTER_PAPER_A4_UK:
        return PDF_PAPER_A4_UK;
    case LETTER_PAPER_US_LETTER:
        return PDF_PAPER_US_LETTER;
    default:
        return PDF_PAPER_A4_DIN5008B;
    }
}

/* What letter_pdf needs for job j: its data (in a), set, paper and
 * reference (ref). 0, or -1 with err. */
static int
letter_of(struct press *pr, const struct job *j, struct arena *a,
          char ref[24], struct letter_pdf *lp, struct dun_err *err)
{
    struct app *app = pr->app;
    enum letter_paper paper;
    struct value *data;
    struct template_set *set, *marked;

    if (j->set_id == 0)
        return dun_err_set(err, DUN_E_INPUT, "rendered before template "
                           "sets were kept: no PDF");
    if ((set = outbox_set(app, &pr->sets, j->set_id, err)) == NULL ||
        (marked = marked_set(pr, set, j->language, err)) == NULL ||
        letter_message_data(a, set, j->language, j->inputs,
                            strlen(j->inputs), &data, err) < 0)
        return -1;
    /* letter.paper, or the customer's country's */
    if (config_letter_paper(app,
                            value_map_text(value_map_get(data, "customer", 8),
                                           "country"),
                            &paper, err) < 0)
        return -1;
    snprintf(ref, 24, "%lld", (long long)j->seq);
    *lp = (struct letter_pdf){ .set = set, .marked = marked,
                               .language = j->language,
                               .template_name = j->template_name,
                               .data = data,
                               .logo_png = pr->logo.len
                                               ? (const unsigned char *)
                                                     pr->logo.buf
                                               : NULL,
                               .logo_len = pr->logo.len,
                               .paper = print_paper(paper),
                               .reference = ref };
    return 0;
}

/* The letter of one message into d (measure: only count its pages). */
static int
add_letter(struct press *pr, struct pdf_doc *d, const struct job *j,
           int measure, int *pages, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    struct letter_pdf lp;
    char ref[24];
    int rc;

    rc = letter_of(pr, j, &a, ref, &lp, err);
    if (rc == 0)
        rc = letter_pdf_add(d, &lp, measure, pages, err);
    arena_release(&a);
    if (rc < 0)
        dun_err_prefix(err, "message %lld", (long long)j->seq);
    return rc;
}

/* Lay j's letter out for d and keep it (j->laid, its data in j->arena)
 * to draw after the cover; its pages into j->pages. */
static int
lay_letter(struct press *pr, struct pdf_doc *d, struct job *j,
           struct dun_err *err)
{
    struct letter_pdf lp;
    char ref[24];
    int rc;

    j->arena = (struct arena)ARENA_INIT;
    rc = letter_of(pr, j, &j->arena, ref, &lp, err);
    if (rc == 0)
        rc = letter_pdf_lay(d, &lp, &j->laid, &j->pages, err);
    if (rc < 0)
        dun_err_prefix(err, "message %lld", (long long)j->seq);
    return rc;
}

static void
iso_instant(int32_t day, char out[32])
{
    char iso[DATE_ISO_LEN + 1];

    date_iso(day, iso);
    snprintf(out, 32, "%sT00:00:00Z", iso);
}

/* The cover sheet: what is in the batch, in the business's words. */
static int
cover(struct app *app, struct pdf_doc *d, const struct collect *c,
      const char *language, struct arena *a, struct dun_err *err)
{
    struct value *words;
    const char *head[4], *w, *p;
    static const int right[4] = {1, 0, 0, 1};
    const char **cells = arena_alloc(a, (c->n ? c->n : 1) * 4 *
                                            sizeof(*cells));
    char iso[DATE_ISO_LEN + 1], title[256], buf[32];
    struct pdf_table t;
    struct pdf_cover cv;

    if (templates_words(app, language, a, &words, err) < 0)
        return -1;
    head[0] = labels_word(words, language, "letter");
    head[1] = labels_word(words, language, "customer");
    head[2] = labels_word(words, language, "stage");
    head[3] = labels_word(words, language, "pages");
    w = labels_word(words, language, "cover");
    p = strstr(w, "{date}");

    date_iso(c->day, iso);
    if (p)
        snprintf(title, sizeof(title), "%.*s%s%s", (int)(p - w), w, iso,
                 p + 6);
    else
        snprintf(title, sizeof(title), "%s", w);
    for (size_t i = 0; i < c->n; i++) {
        snprintf(buf, sizeof(buf), "%lld", (long long)c->v[i].seq);
        cells[i * 4] = arena_strndup(a, buf, strlen(buf));
        cells[i * 4 + 1] = c->v[i].customer;
        cells[i * 4 + 2] = c->v[i].stage;
        snprintf(buf, sizeof(buf), "%d", c->v[i].pages);
        cells[i * 4 + 3] = arena_strndup(a, buf, strlen(buf));
    }
    t = (struct pdf_table){ .ncols = 4, .head = head, .align_right = right,
                            .cells = cells, .nrows = c->n };
    cv = (struct pdf_cover){ .paper = PDF_PAPER_A4_DIN5008B,
                             .language = language, .title = title,
                             .table = &t };
    return pdf_doc_cover(d, &cv, NULL, err);
}

static int
write_pdf(const char *path, struct sbuf *pdf, struct dun_err *err)
{
    return textfile_write(path, pdf->buf, pdf->len, err);
}

int
print_letters(struct app *app, int32_t day, const char *batch,
              const char *dir, struct print_report *report,
              struct dun_err *err)
{
    struct collect c = { .day = day };
    struct press pr = { .app = app, .logo = SBUF_INIT };
    struct outbox_filter f = { -1, day };
    struct arena a = ARENA_INIT;
    struct tenant t;
    struct sbuf pdf = SBUF_INIT;
    struct pdf_doc *d = NULL;
    char date[32];
    int rc;

    memset(report, 0, sizeof(*report));
    iso_instant(day, date);
    rc = app->st->ops->tenant_get(app->st, &t, &a, err);
    if (rc >= 0)
        rc = outbox_each(app, &f, on_message, &c, err);
    if (rc >= 0)
        rc = config_letter_logo(app, &pr.logo, err);
    if (rc < 0 || c.n == 0)
        goto out;
    if (dir && (rc = textfile_mkdir(dir, err)) < 0)
        goto out;
    /* One file per letter. */
    for (size_t i = 0; dir && i < c.n; i++) {
        char path[4096];

        sbuf_reset(&pdf);
        d = pdf_doc_new(&pdf, NULL, date);
        rc = add_letter(&pr, d, &c.v[i], 0, &c.v[i].pages, err);
        if (rc == 0)
            rc = pdf_doc_finish(d, err);
        pdf_doc_free(d);
        d = NULL;
        snprintf(path, sizeof(path), "%s/%08lld-%s.pdf", dir,
                 (long long)c.v[i].seq, c.v[i].customer);
        if (rc == 0)
            rc = write_pdf(path, &pdf, err);
        if (rc < 0)
            goto out;
        report->pages += c.v[i].pages;
    }
    /* One print file: the cover, then each letter on the front of a
     * sheet. */
    if (batch) {
        const char *language = t.language && t.language[0] ? t.language
                                                             : "en";

        sbuf_reset(&pdf);
        d = pdf_doc_new(&pdf, NULL, date);
        for (size_t i = 0, keep = batch_kept(); rc == 0 && i < c.n; i++)
            rc = i < keep
                     ? lay_letter(&pr, d, &c.v[i], err)
                     : add_letter(&pr, d, &c.v[i], 1, &c.v[i].pages, err);
        if (rc == 0)
            rc = cover(app, d, &c, language, &a, err);
        for (size_t i = 0; rc == 0 && i < c.n; i++) {
            rc = pdf_doc_pad_odd(d, PDF_PAPER_A4_DIN5008B, err);
            if (rc == 0 && c.v[i].laid)
                rc = letter_pdf_draw(d, c.v[i].laid, err);
            else if (rc == 0)
                rc = add_letter(&pr, d, &c.v[i], 0, NULL, err);
        }
        if (rc == 0)
            rc = pdf_doc_finish(d, err);
        report->pages = rc == 0 ? pdf_doc_page_count(d) : 0;
        if (rc == 0)
            rc = write_pdf(batch, &pdf, err);
    }
    if (rc == 0)
        report->letters = (int64_t)c.n;
out:
    pdf_doc_free(d);
    sbuf_release(&pdf);
    press_release(&pr);
    for (size_t i = 0; i < c.n; i++) {
        free(c.v[i].inputs);
        letter_pdf_laid_free(c.v[i].laid);
        arena_release(&c.v[i].arena);
    }
    free(c.v);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

int
print_message_pdf(struct app *app, const struct message *m,
                  struct sbuf *out, struct dun_err *err)
{
    struct press pr = { .app = app, .logo = SBUF_INIT };
    struct job j = { .seq = m->seq, .set_id = m->template_set,
                     .inputs = (char *)(m->inputs ? m->inputs : "{}") };
    char date[32];
    struct pdf_doc *d;
    int rc;

    snprintf(j.language, sizeof(j.language), "%s", m->language);
    snprintf(j.template_name, sizeof(j.template_name), "%s",
             m->template_name);
    iso_instant(m->date, date);
    d = pdf_doc_new(out, NULL, date);
    rc = config_letter_logo(app, &pr.logo, err);
    if (rc == 0)
        rc = add_letter(&pr, d, &j, 0, NULL, err);
    if (rc == 0)
        rc = pdf_doc_finish(d, err);
    pdf_doc_free(d);
    press_release(&pr);
    return rc;
}
