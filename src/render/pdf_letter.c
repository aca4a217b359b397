/*
 * pdf_letter.c - business letters as PDF with cairo and pango; see
 * pdf_letter.h. Pure layout: no clock, no files, no database.
 *
 * A letter is laid out first into a list of drawing operations, each on a
 * page of the letter (pango layouts, rules, bands, the QR code, the logo);
 * only then is the page count known, and the pages are drawn with their
 * footer and "page X of Y". Nothing reaches the PDF surface before the
 * whole letter has been laid out, so a refused letter leaves the
 * document as it was.
 *
 * All lengths are in PDF points (1/72 in); MM() converts millimetres.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "core/contact.h"
#include "core/xalloc.h"
#include "render/pdf_letter.h"

#define MM(x) ((x)*72.0 / 25.4)
#define PU(x) ((int)lround((x)*PANGO_SCALE)) /* points to pango units */
#define PT(x) ((double)(x) / PANGO_SCALE)    /* pango units to points */

/* Longest single text we lay out: a bound on work, far above a letter. */
#define TEXT_MAX (64 * 1024)
#define ROWS_MAX 20000

/* Where things go on one kind of paper. */
struct geom {
    double w, h;                       /* paper */
    double ml, mr;                     /* body margins, left and right */
    double head_y, head_h;             /* letterhead zone */
    double win_x, win_y, win_w, win_h; /* the envelope window */
    double addr_y;         /* first address line (below the return line) */
    double text_x;         /* address text: indented in the window */
    double info_x, info_y; /* information block, to the right margin */
    double body_y;         /* body on page 1 (at least) */
    int fold_marks;        /* DIN 5008 fold and punch marks */
};

static const struct geom geoms[] = {
    [PDF_PAPER_A4_DIN5008B] = { MM(210), MM(297), MM(25), MM(20), MM(10),
                                MM(33), MM(20), MM(45), MM(85), MM(45),
                                MM(62.7), MM(25), MM(125), MM(50), MM(98.46),
                                1 },
    [PDF_PAPER_A4_UK] = { MM(210), MM(297), MM(25), MM(20), MM(10), MM(36),
                          MM(20), MM(50), MM(90), MM(40), MM(55), MM(25),
                          MM(125), MM(50), MM(100), 0 },
    [PDF_PAPER_US_LETTER] = { 612, 792, 72, 54, 36, 100, 63, 144, 324, 81, 155,
                              72, 405, 144, 250, 0 },
};

enum font {
    F_BODY,
    F_BOLD,
    F_SUBJECT,
    F_HEADING,
    F_NAME,
    F_SMALL,
    F_TINY,
    F_INFO_LABEL,
    F_INFO,
    F_TABLE,
    F_TABLE_BOLD,
    F_COUNT
};

static const char *const font_specs[F_COUNT] = {
    [F_BODY] = "DejaVu Sans 9.5",
    [F_BOLD] = "DejaVu Sans Bold 9.5",
    [F_SUBJECT] = "DejaVu Sans Bold 11.5",
    [F_HEADING] = "DejaVu Sans Bold 11",
    [F_NAME] = "DejaVu Sans Bold 15",
    [F_SMALL] = "DejaVu Sans 8",
    [F_TINY] = "DejaVu Sans 6.5",
    [F_INFO_LABEL] = "DejaVu Sans 7.5",
    [F_INFO] = "DejaVu Sans 8.5",
    [F_TABLE] = "DejaVu Sans 8.5",
    [F_TABLE_BOLD] = "DejaVu Sans Bold 8.5",
};

/* Colours, grey levels or the heading's red. */
#define INK 0.10
#define GREY 0.40
#define RULE_GREY 0.75

/* Languages a document lays out in with contexts of their own. */
#define PDF_LANGUAGES 16

struct pdf_doc {
    struct sbuf *out;
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *ctx; /* the one laid out with now: one of ctxs */
    /* A context per language, never changed once made: a layout made in
     * one stays valid while letters in other languages are laid out (a
     * batch lays every letter out before drawing the first). */
    struct {
        PangoLanguage *language;
        PangoContext *ctx;
    } ctxs[PDF_LANGUAGES];
    size_t nctxs;
    PangoFontDescription *fonts[F_COUNT];
    int pages;
    int finished;
    int write_failed;
    /* The last logo, kept so that a batch embeds it once. */
    unsigned char *logo_png;
    size_t logo_len;
    cairo_surface_t *logo;
};

enum op_kind { OP_TEXT, OP_FILL, OP_RULE, OP_QR, OP_LOGO };

/* One drawing operation on one page of a letter. */
struct op {
    enum op_kind kind;
    int page;
    double x, y, w, h; /* TEXT: origin; FILL, QR, LOGO: box; RULE: line */
    double r, g, b;
    PangoLayout *lay; /* TEXT: one reference held */
    QRcode *qr;       /* QR: owned */
    int clip;         /* TEXT: clipped to cx..cx+cw, cy..cy+ch */
    double cx, cy, cw, ch;
};

/* A letter being laid out. */
struct lay {
    struct pdf_doc *d;
    const struct geom *g;
    struct op *ops;
    size_t nops, cap;
    int page;          /* current page, from 0 */
    double y;          /* cursor */
    double top1, top2; /* body top on page 1 and on the pages after it */
    double bottom;     /* body bottom */
    double x0, width;  /* body column */
    PangoLayout *cont; /* continuation header, or NULL */
    PangoLayout *foot; /* footer, or NULL */
    double foot_y;
    int too_long; /* ran past PDF_MAX_PAGES */
    PangoContext *ctx; /* of the letter's language */
};

/* Make d->ctx the context of language (made on first use). */
static void
use_language(struct pdf_doc *d, const char *language)
{
    PangoLanguage *lang = pango_language_from_string(language);
    cairo_font_options_t *fo;
    PangoContext *ctx;

    for (size_t i = 0; i < d->nctxs; i++)
        if (d->ctxs[i].language == lang) {
            d->ctx = d->ctxs[i].ctx;
            return;
        }
    if (d->nctxs == PDF_LANGUAGES) {
        /* Past that many, the last one changes language: its layouts
         * are laid out again when drawn (slower, the same result). */
        d->ctx = d->ctxs[PDF_LANGUAGES - 1].ctx;
        d->ctxs[PDF_LANGUAGES - 1].language = lang;
        pango_context_set_language(d->ctx, lang);
        return;
    }
    ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
    fo = cairo_font_options_create();
    /* PDF is scaled freely: unhinted outlines and metrics. */
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ctx, 72);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    pango_context_set_language(ctx, lang);
    d->ctxs[d->nctxs].language = lang;
    d->ctxs[d->nctxs++].ctx = ctx;
    d->ctx = ctx;
}

/* ---- text ---- */

static PangoLayout *
text_new(struct pdf_doc *d, const char *s, enum font f, double width,
         PangoAlignment align)
{
    PangoLayout *lay = pango_layout_new(d->ctx);

    pango_layout_set_font_description(lay, d->fonts[f]);
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    if (width > 0) {
        pango_layout_set_width(lay, PU(width));
        pango_layout_set_alignment(lay, align);
    }
    pango_layout_set_text(lay, s ? s : "", -1);
    return lay;
}

/* Lines joined by "\n", NULL lines as empty ones. */
static char *
join_lines(const char *const *lines, size_t n)
{
    struct sbuf sb = SBUF_INIT;

    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sbuf_addch(&sb, '\n');
        sbuf_addstr(&sb, lines[i] ? lines[i] : "");
    }
    return sbuf_detach(&sb, NULL);
}

static double
text_h(PangoLayout *lay)
{
    int w, h;

    pango_layout_get_size(lay, &w, &h);
    return PT(h);
}

static double
text_w(PangoLayout *lay)
{
    int w, h;

    pango_layout_get_size(lay, &w, &h);
    return PT(w);
}

/* ---- operations ---- */

static struct op *
op_add(struct lay *s, enum op_kind kind, double x, double y, double w, double h)
{
    struct op *o;

    if (s->nops == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->ops = xrealloc(s->ops, s->cap * sizeof(*s->ops));
    }
    o = &s->ops[s->nops++];
    memset(o, 0, sizeof(*o));
    o->kind = kind;
    o->page = s->page;
    o->x = x;
    o->y = y;
    o->w = w;
    o->h = h;
    o->r = o->g = o->b = INK;
    return o;
}

/* Draw lay at x, y on the current page (a reference is taken). */
static struct op *
op_text(struct lay *s, PangoLayout *lay, double x, double y)
{
    struct op *o = op_add(s, OP_TEXT, x, y, 0, 0);

    o->lay = g_object_ref(lay);
    return o;
}

static void
op_clip(struct op *o, double x, double y, double w, double h)
{
    o->clip = 1;
    o->cx = x;
    o->cy = y;
    o->cw = w;
    o->ch = h;
}

static void
op_grey(struct op *o, double v)
{
    o->r = o->g = o->b = v;
}

static void
op_rule(struct lay *s, double x0, double y, double x1, double width,
        double grey)
{
    struct op *o = op_add(s, OP_RULE, x0, y, x1 - x0, width);

    op_grey(o, grey);
}

static void
lay_release(struct lay *s)
{
    for (size_t i = 0; i < s->nops; i++) {
        if (s->ops[i].lay)
            g_object_unref(s->ops[i].lay);
        if (s->ops[i].qr)
            QRcode_free(s->ops[i].qr);
    }
    free(s->ops);
    if (s->cont)
        g_object_unref(s->cont);
    if (s->foot)
        g_object_unref(s->foot);
    memset(s, 0, sizeof(*s));
}

/* ---- pages ---- */

static void
new_page(struct lay *s)
{
    s->page++;
    s->y = s->top2;
    if (s->page >= PDF_MAX_PAGES)
        s->too_long = 1;
}

/* Room for h more on this page, or a new page (unless this one is still
 * empty: what is taller than a page goes on one anyway). */
static void
need(struct lay *s, double h)
{
    double top = s->page == 0 ? s->top1 : s->top2;

    if (s->y + h > s->bottom && s->y > top + 0.5)
        new_page(s);
}

/*
 * Place lay (at x, width as laid out) in the flow, splitting it between
 * lines across pages: each piece is the same layout, shifted and clipped
 * to its lines.
 */
static void
flow(struct lay *s, PangoLayout *lay, double x, double w)
{
    double h = text_h(lay), off = 0;
    PangoLayoutIter *it = NULL;
    double *bot = NULL;
    int n = 0;

    for (;;) {
        double room = s->bottom - s->y, cut = -1;
        struct op *o;

        if (h - off <= room) {
            o = op_text(s, lay, x, s->y - off);
            if (off > 0)
                op_clip(o, x - 20, s->y, w + 40, h - off + 20);
            s->y += h - off;
            break;
        }
        if (bot == NULL) {
            int i = 0;

            n = pango_layout_get_line_count(lay);
            bot = xmalloc((size_t)n * sizeof(*bot));
            it = pango_layout_get_iter(lay);
            do {
                int y0, y1;

                pango_layout_iter_get_line_yrange(it, &y0, &y1);
                bot[i++] = PT(y1);
            } while (pango_layout_iter_next_line(it) && i < n);
            n = i;
        }
        {
            /* The last line that fits; but no line left alone at the
             * foot of a page (an orphan) or at the head of the next (a
             * widow), as a typesetter would. */
            int first = -1, k = -1;

            for (int i = 0; i < n; i++) {
                if (bot[i] <= off + 0.01)
                    continue;
                if (first < 0)
                    first = i;
                if (bot[i] - off <= room)
                    k = i;
            }
            if (k >= 0 && n - 1 - k == 1 && k - first >= 2)
                k--;
            if (k >= 0 && k == first && n - first >= 2)
                k = -1;
            if (k >= 0)
                cut = bot[k];
        }
        if (cut < 0) {
            double top = s->page == 0 ? s->top1 : s->top2;

            if (s->y > top + 0.5) {
                new_page(s);
                if (s->too_long)
                    break;
                continue;
            }
            /* A line taller than the page: give it the page. */
            for (int i = n - 1; i >= 0; i--)
                if (bot[i] > off + 0.01)
                    cut = bot[i];
        }
        o = op_text(s, lay, x, s->y - off);
        op_clip(o, x - 20, s->y - (off > 0 ? 0 : 20), w + 40,
                cut - off + (off > 0 ? 0 : 20));
        off = cut;
        new_page(s);
        if (s->too_long)
            break;
    }
    if (it)
        pango_layout_iter_free(it);
    free(bot);
}

/* ---- letterhead, window, information block ---- */

static cairo_status_t
png_read(void *closure, unsigned char *data, unsigned int length)
{
    struct {
        const unsigned char *p;
        size_t n, off;
    } *src = closure;

    if (src->n - src->off < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, src->p + src->off, length);
    src->off += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The logo as a surface: the document's cached one if the bytes are the
 * same as last time, so that a batch embeds it once. */
static cairo_surface_t *
logo_get(struct pdf_doc *d, const unsigned char *png, size_t len,
         struct dun_err *err)
{
    struct {
        const unsigned char *p;
        size_t n, off;
    } src = { png, len, 0 };
    cairo_surface_t *img;

    if (d->logo && d->logo_len == len && memcmp(d->logo_png, png, len) == 0)
        return d->logo;
    img = cairo_image_surface_create_from_png_stream(png_read, &src);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        dun_err_set(err, DUN_E_INPUT, "letter: logo: not a PNG image");
        return NULL;
    }
    if (d->logo)
        cairo_surface_destroy(d->logo);
    free(d->logo_png);
    d->logo = img;
    d->logo_png = xmalloc(len);
    memcpy(d->logo_png, png, len);
    d->logo_len = len;
    return img;
}

static int
letterhead(struct lay *s, const struct pdf_letter *l, struct dun_err *err)
{
    const struct geom *g = s->g;
    double x = g->ml, right = g->w - g->mr, y = g->head_y;
    double logo_w = 0;

    if (l->logo_png && l->logo_len) {
        cairo_surface_t *img = logo_get(s->d, l->logo_png, l->logo_len, err);
        double iw, ih, k;

        if (img == NULL)
            return -1;
        iw = cairo_image_surface_get_width(img);
        ih = cairo_image_surface_get_height(img);
        if (iw > 0 && ih > 0) {
            k = fmin(MM(45) / iw, fmin(MM(20), g->head_h) / ih);
            logo_w = iw * k;
            op_add(s, OP_LOGO, x, y, iw * k, ih * k);
        }
    }
    if (l->sender_name && *l->sender_name) {
        double w = right - x - (logo_w > 0 ? logo_w + MM(8) : 0);
        PangoLayout *lay =
            text_new(s->d, l->sender_name, F_NAME, w, PANGO_ALIGN_RIGHT);
        struct op *o = op_text(s, lay, right - w, y);

        op_clip(o, x, 0, right - x, g->head_y + g->head_h);
        y += text_h(lay) + 3;
        g_object_unref(lay);
    }
    if (l->nsender_lines) {
        char *t = join_lines(l->sender_lines, l->nsender_lines);
        double w = right - x - (logo_w > 0 ? logo_w + MM(8) : 0);
        PangoLayout *lay = text_new(s->d, t, F_SMALL, w, PANGO_ALIGN_RIGHT);
        struct op *o = op_text(s, lay, right - w, y);

        op_grey(o, GREY);
        op_clip(o, x, 0, right - x, g->head_y + g->head_h);
        g_object_unref(lay);
        free(t);
    }
    return 0;
}

static void
window(struct lay *s, const struct pdf_letter *l)
{
    const struct geom *g = s->g;
    double w = g->win_x + g->win_w - g->text_x - MM(3);

    if (l->return_line && *l->return_line) {
        PangoLayout *lay = text_new(s->d, l->return_line, F_TINY, 0, 0);
        double h = text_h(lay), tw = fmin(text_w(lay), w);
        double y = g->addr_y - h - 2.5;
        struct op *o = op_text(s, lay, g->text_x, y);

        op_grey(o, GREY);
        op_clip(o, g->text_x, g->win_y, w, g->win_h);
        op_rule(s, g->text_x, y + h + 0.4, g->text_x + tw, 0.3, GREY);
        g_object_unref(lay);
    }
    if (l->nrecipient_lines) {
        char *t = join_lines(l->recipient_lines, l->nrecipient_lines);
        PangoLayout *lay = text_new(s->d, t, F_BODY, 0, 0);
        double tw = text_w(lay);
        struct op *o;

        /* Postal services read an address best with each line on one
         * line: a long one is set smaller first (down to 7.5 pt), and
         * only then wrapped. */
        if (tw > w) {
            PangoFontDescription *f =
                pango_font_description_copy(s->d->fonts[F_BODY]);
            double size = pango_font_description_get_size(f) * w / tw;

            pango_font_description_set_size(f,
                                            (int)fmax(size, 7.5 * PANGO_SCALE));
            pango_layout_set_font_description(lay, f);
            pango_font_description_free(f);
            pango_layout_set_width(lay, PU(w));
        }
        o = op_text(s, lay, g->text_x, g->addr_y);

        op_clip(o, g->text_x - 2, g->addr_y - 2, w + 4,
                g->win_y + g->win_h - g->addr_y + 2);
        g_object_unref(lay);
        free(t);
    }
}

/* Label and value in two columns; returns the bottom. */
static double
info_block(struct lay *s, const struct pdf_letter *l)
{
    const struct geom *g = s->g;
    double x = g->info_x, w = g->w - g->mr - x, y = g->info_y, lw = 0;
    PangoLayout *labels[32];
    size_t n = l->ninfo < 32 ? l->ninfo : 32;

    for (size_t i = 0; i < n; i++) {
        labels[i] = text_new(s->d, l->info[i].label, F_INFO_LABEL, w * 0.5,
                             PANGO_ALIGN_LEFT);
        lw = fmax(lw, text_w(labels[i]));
    }
    for (size_t i = 0; i < n; i++) {
        PangoLayout *v = text_new(s->d, l->info[i].value, F_INFO, w - lw - 6,
                                  PANGO_ALIGN_LEFT);
        struct op *o = op_text(s, labels[i], x, y + 1);

        op_grey(o, GREY);
        op_text(s, v, x + lw + 6, y);
        y += fmax(text_h(v), text_h(labels[i]) + 1) + 1.5;
        g_object_unref(v);
        g_object_unref(labels[i]);
    }
    return y;
}

/* ---- body blocks ---- */

static void
block_subject(struct lay *s, const char *t, enum font f, double gap)
{
    PangoLayout *lay = text_new(s->d, t, f, s->width, PANGO_ALIGN_LEFT);
    double h = text_h(lay);

    /* Kept with the next few lines. */
    need(s, h + 40);
    op_text(s, lay, s->x0, s->y);
    s->y += h + gap;
    g_object_unref(lay);
}

static void
block_heading(struct lay *s, const char *t)
{
    double pad = 5, ind = 8;
    PangoLayout *lay =
        text_new(s->d, t, F_HEADING, s->width - 2 * ind, PANGO_ALIGN_LEFT);
    double h = text_h(lay) + 2 * pad;
    struct op *o;

    need(s, h + 40);
    o = op_add(s, OP_FILL, s->x0, s->y, s->width, h);
    o->r = 0.55;
    o->g = 0.06;
    o->b = 0.06;
    o = op_text(s, lay, s->x0 + ind, s->y + pad);
    o->r = o->g = o->b = 1;
    s->y += h + 10;
    g_object_unref(lay);
}

static void
block_text(struct lay *s, const char *t, int reflow)
{
    char *copy = NULL;
    PangoLayout *lay;

    if (reflow) {
        copy = xstrdup(t ? t : "");
        for (char *p = copy; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        t = copy;
    }
    lay = text_new(s->d, t, F_BODY, s->width, PANGO_ALIGN_LEFT);
    pango_layout_set_spacing(lay, PU(1.6));
    flow(s, lay, s->x0, s->width);
    s->y += 8;
    g_object_unref(lay);
    free(copy);
}

/* Layouts of one table and the widths of its columns. */
struct tab {
    size_t ncols, nrows; /* rows: header (if any), body, totals */
    size_t first_body, first_total;
    PangoLayout **cell;
    double nat[PDF_TABLE_MAX_COLS]; /* what each column's text needs */
    double colx[PDF_TABLE_MAX_COLS + 1];
    double *rowh;
    int right[PDF_TABLE_MAX_COLS];
};

#define TAB_PAD_X 4.0
#define TAB_PAD_Y 2.6

/* How wide a header cell must be: its longest word, for a header may
 * wrap between words ("Tage / überfällig") while the figures under it
 * must not. Estimated from the word's share of the text's bytes. */
static double
head_w(PangoLayout *lay)
{
    const char *s = pango_layout_get_text(lay);
    size_t len = strlen(s), run = 0, longest = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == ' ' || s[i] == '/' || s[i] == '-') {
            longest = run > longest ? run : longest;
            run = 0;
        } else {
            run++;
        }
    }
    return len ? text_w(lay) * (double)(longest + 1) / (double)len : 0;
}

/* The cells of pt laid out, each column's natural width measured. */
static void
tab_build(struct lay *s, const struct pdf_table *pt, struct tab *t)
{
    size_t nc = pt->ncols, hr = pt->head ? 1 : 0;

    memset(t, 0, sizeof(*t));
    t->ncols = nc;
    t->first_body = hr;
    t->first_total = hr + pt->nrows;
    t->nrows = t->first_total + pt->ntotal;
    t->cell = xmalloc(t->nrows * nc * sizeof(*t->cell));
    t->rowh = xmalloc(t->nrows * sizeof(*t->rowh));
    for (size_t c = 0; c < nc; c++)
        t->right[c] = pt->align_right ? pt->align_right[c] : 0;
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < nc; c++) {
            const char *v;
            enum font f = F_TABLE;
            PangoLayout *lay;
            double w;

            if (r < hr) {
                v = pt->head[c];
                f = F_TABLE_BOLD;
            } else if (r < t->first_total) {
                v = pt->cells[(r - hr) * nc + c];
            } else {
                v = pt->total[(r - t->first_total) * nc + c];
                f = F_TABLE_BOLD;
            }
            lay = t->cell[r * nc + c] = text_new(s->d, v, f, 0, 0);
            w = r < hr ? head_w(lay) : text_w(lay);
            t->nat[c] = fmax(t->nat[c], w + 2 * TAB_PAD_X);
        }
    }
}

static void
tab_free(struct tab *t)
{
    for (size_t i = 0; t->cell && i < t->nrows * t->ncols; i++)
        g_object_unref(t->cell[i]);
    free(t->cell);
    free(t->rowh);
    memset(t, 0, sizeof(*t));
}

/*
 * The tables of one letter with the same columns (the invoices under a
 * demand and those also due) line up: each takes, column by column, the
 * widest of them all.
 */
static void
tab_share_widths(struct tab *tabs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j && tabs[i].ncols && tabs[i].ncols == tabs[j].ncols)
                for (size_t c = 0; c < tabs[i].ncols; c++)
                    tabs[i].nat[c] = fmax(tabs[i].nat[c], tabs[j].nat[c]);
}

static void
tab_columns(struct tab *t, double x0, double width)
{
    double nat[PDF_TABLE_MAX_COLS], sum = 0, flex = 0;
    double minw = 28;
    size_t nc = t->ncols;

    memcpy(nat, t->nat, sizeof(nat));
    for (size_t c = 0; c < nc; c++) {
        nat[c] = fmax(nat[c], minw);
        sum += nat[c];
        if (!t->right[c])
            flex += nat[c];
    }
    if (sum > width) {
        /* Narrow the widest text columns to a common cap, leaving the
         * narrower ones (dates, codes) as they are; numbers only if that
         * is not enough. */
        double avail = width - (sum - flex), cap;
        int nflex = 0;

        for (size_t c = 0; c < nc; c++)
            nflex += !t->right[c];
        /* From the cap of all columns alike up to the one where the
         * narrow columns keep their width and the rest share. */
        cap = nflex ? avail / nflex : 0;

        for (size_t k = 0; k < nc && flex > 0; k++) {
            double small = 0;
            int nbig = 0;

            for (size_t c = 0; c < nc; c++) {
                if (t->right[c])
                    continue;
                if (nat[c] <= cap)
                    small += nat[c];
                else
                    nbig++;
            }
            if (nbig == 0)
                break;
            cap = (avail - small) / nbig;
        }
        if (flex > 0 && cap >= minw) {
            for (size_t c = 0; c < nc; c++)
                if (!t->right[c])
                    nat[c] = fmin(nat[c], cap);
        } else {
            for (size_t c = 0; c < nc; c++)
                nat[c] *= width / sum;
        }
    } else {
        /* The spare width goes to the widest text column, so that the
         * table spans the body. */
        size_t wide = nc;

        for (size_t c = 0; c < nc; c++)
            if (!t->right[c] && (wide == nc || nat[c] > nat[wide]))
                wide = c;
        if (wide < nc) {
            nat[wide] += width - sum;
        } else {
            for (size_t c = 0; c < nc; c++)
                nat[c] += (width - sum) / (double)nc;
        }
    }
    t->colx[0] = x0;
    for (size_t c = 0; c < nc; c++)
        t->colx[c + 1] = t->colx[c] + nat[c];
}

static void
tab_row(struct lay *s, struct tab *t, size_t r)
{
    for (size_t c = 0; c < t->ncols; c++) {
        PangoLayout *lay = t->cell[r * t->ncols + c];
        double x = t->colx[c] + TAB_PAD_X;

        if (t->right[c] && pango_layout_get_width(lay) < 0)
            x = t->colx[c + 1] - TAB_PAD_X - text_w(lay);
        op_text(s, lay, x, s->y + TAB_PAD_Y);
    }
    s->y += t->rowh[r];
}

static void
tab_head(struct lay *s, struct tab *t)
{
    if (t->first_body == 0)
        return;
    tab_row(s, t, 0);
    op_rule(s, t->colx[0], s->y, t->colx[t->ncols], 0.8, INK);
}

/* Place the table t (built by tab_build, freed here) in the flow. */
static void
block_table(struct lay *s, struct tab *tp)
{
    struct tab t = *tp;
    size_t nc = t.ncols, hr = t.first_body;
    double headh = 0;

    memset(tp, 0, sizeof(*tp));
    tab_columns(&t, s->x0, s->width);
    for (size_t r = 0; r < t.nrows; r++) {
        double h = 0;

        for (size_t c = 0; c < nc; c++) {
            PangoLayout *lay = t.cell[r * nc + c];
            double cw = t.colx[c + 1] - t.colx[c] - 2 * TAB_PAD_X;

            if (text_w(lay) > cw + 0.01) {
                pango_layout_set_width(lay, PU(cw));
                pango_layout_set_alignment(lay, t.right[c] ? PANGO_ALIGN_RIGHT
                                                           : PANGO_ALIGN_LEFT);
            }
            h = fmax(h, text_h(lay));
        }
        t.rowh[r] = h + 2 * TAB_PAD_Y;
    }
    if (hr)
        headh = t.rowh[0] + 1;

    need(s, headh + (t.nrows > hr ? t.rowh[hr] : 0));
    tab_head(s, &t);
    for (size_t r = hr; r < t.first_total && !s->too_long; r++) {
        if (s->y + t.rowh[r] > s->bottom) {
            new_page(s);
            tab_head(s, &t);
        } else if (r > hr) {
            op_rule(s, t.colx[0], s->y, t.colx[nc], 0.25, RULE_GREY);
        }
        tab_row(s, &t, r);
    }
    if (t.nrows > t.first_total && !s->too_long) {
        double h = 1.5;

        for (size_t r = t.first_total; r < t.nrows; r++)
            h += t.rowh[r];
        if (s->y + h > s->bottom) {
            new_page(s);
            tab_head(s, &t);
        }
        op_rule(s, t.colx[0], s->y + 0.5, t.colx[nc], 0.8, INK);
        s->y += 1.5;
        for (size_t r = t.first_total; r < t.nrows; r++)
            tab_row(s, &t, r);
    }
    s->y += 10;
    tab_free(&t);
}

#define QR_QUIET 4 /* ISO/IEC 18004: four modules of quiet zone */

static int
block_payment(struct lay *s, const struct pdf_payment *p, struct dun_err *err)
{
    double pad = 8, qsize = 0, capw = 0, caph = 0, lw = 0, y, rowsh = 0;
    double boxh, x = s->x0 + pad, inner = s->width - 2 * pad;
    PangoLayout *title = NULL, *caption = NULL;
    PangoLayout **lab = xmalloc((p->nrows + 1) * sizeof(*lab));
    PangoLayout **val = xmalloc((p->nrows + 1) * sizeof(*val));
    QRcode *qr = NULL;
    struct op *o;

    if (p->qr_payload && *p->qr_payload) {
        qr = QRcode_encodeString(p->qr_payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        if (qr == NULL) {
            free(lab);
            free(val);
            return dun_err_set(err, DUN_E_INPUT,
                               "letter: payment: QR payload too long for "
                               "a QR code");
        }
        /* 32 mm with the quiet zone: a module of about 0.5 mm for
         * version 6..10, which phone cameras read at arm's length. */
        qsize = MM(32);
        capw = qsize;
        if (p->qr_caption && *p->qr_caption) {
            caption =
                text_new(s->d, p->qr_caption, F_TINY, capw, PANGO_ALIGN_CENTER);
            caph = text_h(caption) + 2;
        }
        inner -= qsize + pad;
    }
    if (p->title && *p->title)
        title = text_new(s->d, p->title, F_BOLD, inner, PANGO_ALIGN_LEFT);
    for (size_t i = 0; i < p->nrows; i++) {
        lab[i] = text_new(s->d, p->rows[i].label, F_SMALL, inner * 0.4,
                          PANGO_ALIGN_LEFT);
        lw = fmax(lw, text_w(lab[i]));
    }
    for (size_t i = 0; i < p->nrows; i++) {
        val[i] = text_new(s->d, p->rows[i].value, F_BODY, inner - lw - 10,
                          PANGO_ALIGN_LEFT);
        rowsh += fmax(text_h(val[i]), text_h(lab[i])) + 3;
    }
    if (title)
        rowsh += text_h(title) + 6;
    boxh = fmax(rowsh, qsize + caph) + 2 * pad;

    need(s, boxh);
    o = op_add(s, OP_FILL, s->x0, s->y, s->width, boxh);
    op_grey(o, 0.95);
    y = s->y + pad;
    if (title) {
        op_text(s, title, x, y);
        y += text_h(title) + 6;
    }
    for (size_t i = 0; i < p->nrows; i++) {
        double vh = text_h(val[i]);

        /* Labels sit on the values' baseline. */
        o = op_text(s, lab[i], x,
                    y + PT(pango_layout_get_baseline(val[i]) -
                           pango_layout_get_baseline(lab[i])));
        op_grey(o, GREY);
        op_text(s, val[i], x + lw + 10, y);
        y += fmax(vh, text_h(lab[i])) + 3;
    }
    if (qr) {
        double qx = s->x0 + s->width - pad - qsize;

        op_add(s, OP_QR, qx, s->y + pad, qsize, qsize)->qr = qr;
        if (caption)
            op_text(s, caption, qx, s->y + pad + qsize + 1);
    }
    s->y += boxh + 10;

    for (size_t i = 0; i < p->nrows; i++) {
        g_object_unref(lab[i]);
        g_object_unref(val[i]);
    }
    free(lab);
    free(val);
    if (title)
        g_object_unref(title);
    if (caption)
        g_object_unref(caption);
    return 0;
}

/* ---- checks ---- */

static int
check_text(const char *what, size_t i, const char *s, struct dun_err *err)
{
    size_t n;

    if (s == NULL)
        return 0;
    n = strlen(s);
    if (n > TEXT_MAX)
        return dun_err_set(err, DUN_E_INPUT,
                           "letter: %s %zu: more than %d bytes", what, i + 1,
                           TEXT_MAX);
    if (!contact_utf8_valid(s, n))
        return dun_err_set(err, DUN_E_INPUT, "letter: %s %zu: not valid UTF-8",
                           what, i + 1);
    return 0;
}

static int
check_texts(const char *what, const char *const *v, size_t n,
            struct dun_err *err)
{
    if (n > 0 && v == NULL)
        return dun_err_set(err, DUN_E_INPUT, "letter: %s: missing", what);
    for (size_t i = 0; i < n; i++)
        if (check_text(what, i, v[i], err) < 0)
            return -1;
    return 0;
}

static int
check_pairs(const char *what, const struct pdf_pair *p, size_t n,
            struct dun_err *err)
{
    if (n > 0 && p == NULL)
        return dun_err_set(err, DUN_E_INPUT, "letter: %s: missing", what);
    for (size_t i = 0; i < n; i++)
        if (check_text(what, i, p[i].label, err) < 0 ||
            check_text(what, i, p[i].value, err) < 0)
            return -1;
    return 0;
}

static int
check_table(const struct pdf_table *t, struct dun_err *err)
{
    if (t == NULL)
        return dun_err_set(err, DUN_E_INPUT, "letter: table: missing");
    if (t->ncols < 1 || t->ncols > PDF_TABLE_MAX_COLS)
        return dun_err_set(err, DUN_E_INPUT,
                           "letter: table: %zu columns, not 1 to %d", t->ncols,
                           PDF_TABLE_MAX_COLS);
    if (t->nrows > ROWS_MAX || t->ntotal > ROWS_MAX)
        return dun_err_set(err, DUN_E_INPUT, "letter: table: more than %d rows",
                           ROWS_MAX);
    if (t->head && check_texts("table header", t->head, t->ncols, err) < 0)
        return -1;
    if (check_texts("table cell", t->cells, t->nrows * t->ncols, err) < 0)
        return -1;
    return check_texts("table total", t->total, t->ntotal * t->ncols, err);
}

static int
check_letter(const struct pdf_letter *l, struct dun_err *err)
{
    if ((unsigned)l->paper > PDF_PAPER_US_LETTER)
        return dun_err_set(err, DUN_E_INPUT, "letter: paper: unknown");
    if (check_text("sender name", 0, l->sender_name, err) < 0 ||
        check_texts("sender line", l->sender_lines, l->nsender_lines, err) <
            0 ||
        check_text("return line", 0, l->return_line, err) < 0 ||
        check_texts("recipient line", l->recipient_lines, l->nrecipient_lines,
                    err) < 0 ||
        check_pairs("info", l->info, l->ninfo, err) < 0 ||
        check_texts("footer line", l->footer_lines, l->nfooter_lines, err) <
            0 ||
        check_text("page label", 0, l->page_label, err) < 0 ||
        check_text("continuation", 0, l->continuation, err) < 0 ||
        check_text("language", 0, l->language, err) < 0)
        return -1;
    if (l->nblocks > 0 && l->blocks == NULL)
        return dun_err_set(err, DUN_E_INPUT, "letter: blocks: missing");
    for (size_t i = 0; i < l->nblocks; i++) {
        const struct pdf_block *b = &l->blocks[i];

        switch (b->kind) {
        case PDF_BLOCK_SUBJECT:
        case PDF_BLOCK_HEADING:
        case PDF_BLOCK_PARAGRAPH:
        case PDF_BLOCK_LINES:
            if (check_text("block", i, b->text, err) < 0)
                return -1;
            break;
        case PDF_BLOCK_TABLE:
            if (check_table(b->table, err) < 0)
                return -1;
            break;
        case PDF_BLOCK_PAYMENT:
            if (b->payment == NULL)
                return dun_err_set(err, DUN_E_INPUT,
                                   "letter: block %zu: payment missing", i + 1);
            if (check_pairs("payment row", b->payment->rows, b->payment->nrows,
                            err) < 0 ||
                check_text("payment title", 0, b->payment->title, err) < 0 ||
                check_text("payment caption", 0, b->payment->qr_caption, err) <
                    0)
                return -1;
            break;
        default:
            return dun_err_set(err, DUN_E_INPUT,
                               "letter: block %zu: unknown kind", i + 1);
        }
    }
    return 0;
}

/* ---- a letter: layout, then drawing ---- */

/* Footer and continuation header, which fix the body's top and bottom. */
static void
furniture(struct lay *s, const struct pdf_letter *l)
{
    const struct geom *g = s->g;
    double width = g->w - g->ml - g->mr;

    s->bottom = g->h - MM(15);
    s->top2 = MM(20);
    if (l->nfooter_lines) {
        char *t = join_lines(l->footer_lines, l->nfooter_lines);

        s->foot = text_new(s->d, t, F_TINY, width, PANGO_ALIGN_CENTER);
        s->foot_y = g->h - MM(8) - text_h(s->foot);
        s->bottom = s->foot_y - MM(4);
        free(t);
    }
    /* Room for the page label above the footer. */
    s->bottom -= 14;
    if (l->continuation && *l->continuation) {
        s->cont =
            text_new(s->d, l->continuation, F_SMALL, width, PANGO_ALIGN_LEFT);
        s->top2 = MM(12) + text_h(s->cont) + MM(8);
    }
}

static int
layout(struct lay *s, struct pdf_doc *d, const struct pdf_letter *l, int plain,
       struct dun_err *err)
{
    const struct geom *g = &geoms[l->paper];
    struct tab *tabs;
    int rc = 0;

    memset(s, 0, sizeof(*s));
    s->d = d;
    s->g = g;
    s->x0 = g->ml;
    s->width = g->w - g->ml - g->mr;
    use_language(d, l->language ? l->language : "en");
    s->ctx = d->ctx;
    furniture(s, l);
    if (plain) {
        s->top1 = MM(20);
    } else {
        double info_bottom;

        if (letterhead(s, l, err) < 0)
            return -1;
        window(s, l);
        info_bottom = info_block(s, l);
        s->top1 = fmax(g->body_y, info_bottom + MM(8));
    }
    s->y = s->top1;
    /* The tables first, to line their columns up. */
    tabs = xcalloc(l->nblocks ? l->nblocks : 1, sizeof(*tabs));
    for (size_t i = 0; i < l->nblocks; i++)
        if (l->blocks[i].kind == PDF_BLOCK_TABLE)
            tab_build(s, l->blocks[i].table, &tabs[i]);
    tab_share_widths(tabs, l->nblocks);
    for (size_t i = 0; i < l->nblocks && !s->too_long; i++) {
        const struct pdf_block *b = &l->blocks[i];

        switch (b->kind) {
        case PDF_BLOCK_SUBJECT:
            block_subject(s, b->text, F_SUBJECT, 12);
            break;
        case PDF_BLOCK_HEADING:
            block_heading(s, b->text);
            break;
        case PDF_BLOCK_PARAGRAPH:
            block_text(s, b->text, 1);
            break;
        case PDF_BLOCK_LINES:
            block_text(s, b->text, 0);
            break;
        case PDF_BLOCK_TABLE:
            block_table(s, &tabs[i]);
            break;
        case PDF_BLOCK_PAYMENT:
            if (block_payment(s, b->payment, err) < 0)
                rc = -1;
            break;
        }
        if (rc < 0)
            break;
    }
    for (size_t i = 0; i < l->nblocks; i++)
        tab_free(&tabs[i]);
    free(tabs);
    if (rc < 0)
        return -1;
    if (s->too_long)
        return dun_err_set(err, DUN_E_INPUT, "letter: more than %d pages",
                           PDF_MAX_PAGES);
    return 0;
}

/*
 * The code as an image of one pixel per module, quiet zone included,
 * scaled up without interpolation: as sharp as rectangles in print and in
 * viewers, and a few hundred bytes instead of a path of hundreds of
 * rectangles (which made up 40% of a letter's drawing time).
 */
static void
draw_qr(cairo_t *cr, const QRcode *q, double x, double y, double size)
{
    int n = q->width + 2 * QR_QUIET;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, n, n);
    unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    cairo_pattern_t *pat;
    cairo_matrix_t m;

    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return;
    }
    cairo_surface_flush(img);
    for (int r = 0; r < n; r++) {
        uint32_t *row = (uint32_t *)(void *)(px + (size_t)r * stride);

        for (int c = 0; c < n; c++) {
            int qr = r - QR_QUIET, qc = c - QR_QUIET;
            int dark = qr >= 0 && qr < q->width && qc >= 0 && qc < q->width &&
                       (q->data[(size_t)qr * q->width + qc] & 1);

            row[c] = dark ? 0x000000 : 0xFFFFFF;
        }
    }
    cairo_surface_mark_dirty(img);
    pat = cairo_pattern_create_for_surface(img);
    cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
    cairo_matrix_init_scale(&m, n / size, n / size);
    cairo_matrix_translate(&m, -x, -y);
    cairo_pattern_set_matrix(pat, &m);
    cairo_set_source(cr, pat);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_pattern_destroy(pat);
    cairo_surface_destroy(img);
}

static void
draw_op(struct pdf_doc *d, const struct lay *s, const struct op *o)
{
    cairo_t *cr = d->cr;

    switch (o->kind) {
    case OP_TEXT:
        cairo_save(cr);
        if (o->clip) {
            cairo_rectangle(cr, o->cx, o->cy, o->cw, o->ch);
            cairo_clip(cr);
        }
        cairo_set_source_rgb(cr, o->r, o->g, o->b);
        cairo_move_to(cr, o->x, o->y);
        pango_cairo_show_layout(cr, o->lay);
        cairo_restore(cr);
        break;
    case OP_FILL:
        cairo_set_source_rgb(cr, o->r, o->g, o->b);
        cairo_rectangle(cr, o->x, o->y, o->w, o->h);
        cairo_fill(cr);
        break;
    case OP_RULE:
        cairo_set_source_rgb(cr, o->r, o->g, o->b);
        cairo_set_line_width(cr, o->h);
        cairo_move_to(cr, o->x, o->y);
        cairo_line_to(cr, o->x + o->w, o->y);
        cairo_stroke(cr);
        break;
    case OP_QR:
        draw_qr(cr, o->qr, o->x, o->y, o->w);
        break;
    case OP_LOGO: {
        double iw = cairo_image_surface_get_width(d->logo);

        cairo_save(cr);
        cairo_translate(cr, o->x, o->y);
        cairo_scale(cr, o->w / iw, o->w / iw);
        cairo_set_source_surface(cr, d->logo, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        break;
    }
    }
}

/* fmt with its first %d replaced by page, the second by count, "%%" by
 * "%"; nothing else is read from it (it is text, not a format). */
static void
page_label(struct sbuf *sb, const char *fmt, int page, int count)
{
    int k = 0;

    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 'd' && k < 2) {
            sbuf_addf(sb, "%d", k++ == 0 ? page : count);
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            sbuf_addch(sb, '%');
            p++;
        } else {
            sbuf_addch(sb, *p);
        }
    }
}

static void
draw_furniture(struct pdf_doc *d, const struct lay *s,
               const struct pdf_letter *l, int page, int count)
{
    const struct geom *g = s->g;
    cairo_t *cr = d->cr;

    if (g->fold_marks && l->recipient_lines) {
        static const double marks[][2] = { { 105, 5 },
                                           { 148.5, 8 },
                                           { 210, 5 } };

        cairo_set_source_rgb(cr, GREY, GREY, GREY);
        cairo_set_line_width(cr, 0.3);
        for (size_t i = 0; i < 3 && page == 0; i++) {
            cairo_move_to(cr, MM(4), MM(marks[i][0]));
            cairo_line_to(cr, MM(4 + marks[i][1]), MM(marks[i][0]));
        }
        cairo_stroke(cr);
    }
    if (s->foot) {
        cairo_set_source_rgb(cr, GREY, GREY, GREY);
        cairo_set_line_width(cr, 0.3);
        cairo_move_to(cr, g->ml, s->foot_y - 4);
        cairo_line_to(cr, g->w - g->mr, s->foot_y - 4);
        cairo_stroke(cr);
        cairo_move_to(cr, g->ml, s->foot_y);
        pango_cairo_show_layout(cr, s->foot);
    }
    if (page > 0 && s->cont) {
        double h = text_h(s->cont);

        cairo_set_source_rgb(cr, GREY, GREY, GREY);
        cairo_move_to(cr, g->ml, MM(12));
        pango_cairo_show_layout(cr, s->cont);
        cairo_set_line_width(cr, 0.3);
        cairo_move_to(cr, g->ml, MM(12) + h + 3);
        cairo_line_to(cr, g->w - g->mr, MM(12) + h + 3);
        cairo_stroke(cr);
    }
    if (count > 1 && l->page_label && *l->page_label) {
        struct sbuf sb = SBUF_INIT;
        PangoLayout *lay;

        page_label(&sb, l->page_label, page + 1, count);
        lay = text_new(d, sb.buf, F_SMALL, g->w - g->ml - g->mr,
                       PANGO_ALIGN_RIGHT);
        cairo_set_source_rgb(cr, GREY, GREY, GREY);
        cairo_move_to(cr, g->ml, s->bottom + 4);
        pango_cairo_show_layout(cr, lay);
        g_object_unref(lay);
        sbuf_release(&sb);
    }
}

static int
doc_status(struct pdf_doc *d, struct dun_err *err)
{
    cairo_status_t st = cairo_status(d->cr);

    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(d->surface);
    if (d->write_failed)
        return dun_err_set(err, DUN_E_IO, "pdf: output larger than its cap");
    if (st != CAIRO_STATUS_SUCCESS)
        return dun_err_set(err, DUN_E_IO, "pdf: %s",
                           cairo_status_to_string(st));
    return 0;
}

static int
usable(struct pdf_doc *d, struct dun_err *err)
{
    if (d->finished)
        return dun_err_set(err, DUN_E_INTERNAL, "pdf: document finished");
    return doc_status(d, err);
}

/* A letter laid out, not yet drawn. */
struct pdf_laid {
    struct lay s;
    const struct pdf_letter *l;
};

static int
lay_out(struct pdf_doc *d, const struct pdf_letter *l, int plain,
        struct pdf_laid **out, int *pages, struct dun_err *err)
{
    struct pdf_laid *p;

    *out = NULL;
    if (usable(d, err) < 0 || check_letter(l, err) < 0)
        return -1;
    p = xcalloc(1, sizeof(*p));
    p->l = l;
    if (layout(&p->s, d, l, plain, err) < 0) {
        pdf_laid_free(p);
        return -1;
    }
    if (pages)
        *pages = p->s.page + 1;
    *out = p;
    return 0;
}

int
pdf_doc_draw(struct pdf_doc *d, struct pdf_laid *p, struct dun_err *err)
{
    const struct lay *s = &p->s;
    size_t k = 0;
    int count = s->page + 1;

    if (usable(d, err) < 0)
        return -1;
    /* The page labels are laid out now, in the letter's language. */
    d->ctx = s->ctx;
    for (int pg = 0; pg < count; pg++) {
        cairo_pdf_surface_set_size(d->surface, s->g->w, s->g->h);
        draw_furniture(d, s, p->l, pg, count);
        for (; k < s->nops && s->ops[k].page == pg; k++)
            draw_op(d, s, &s->ops[k]);
        cairo_show_page(d->cr);
        d->pages++;
    }
    return doc_status(d, err);
}

void
pdf_laid_free(struct pdf_laid *p)
{
    if (p == NULL)
        return;
    lay_release(&p->s);
    free(p);
}

static int
emit(struct pdf_doc *d, const struct pdf_letter *l, int plain, int *pages,
     struct dun_err *err)
{
    struct pdf_laid *p;
    int rc;

    if (lay_out(d, l, plain, &p, pages, err) < 0)
        return -1;
    rc = pdf_doc_draw(d, p, err);
    pdf_laid_free(p);
    return rc;
}

/* ---- the document ---- */

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
    struct pdf_doc *d = closure;

    if (sbuf_add(d->out, data, length) < 0) {
        d->write_failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Whether this process laid out a document: its fonts are then held by
 * pango, cairo and fontconfig until pdf_release_fonts. */
static int fonts_used;

/*
 * Only for a leak checker (a build with -fsanitize=address): elsewhere
 * the process ends with the caches, as every program using them does.
 * cairo_debug_reset_static_data() aborts when any cairo object is still
 * alive, and pango loads fontconfig on a thread of its own that holds
 * the font map while it works and that no one waits for: dun aborted so
 * at exit twice in some thousand runs, both times on a loaded machine.
 * So even then the font map is let go only once ours is the last
 * reference to it (waited for up to a second).
 */
void
pdf_release_fonts(void)
{
#if defined(__SANITIZE_ADDRESS__)
    PangoFontMap *fm;

    if (!fonts_used)
        return;
    fm = pango_cairo_font_map_get_default();
    for (int i = 0; i < 1000 && g_atomic_int_get(&G_OBJECT(fm)->ref_count) > 1;
         i++)
        g_usleep(1000);
    if (g_atomic_int_get(&G_OBJECT(fm)->ref_count) > 1)
        return;
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
    fonts_used = 0;
#endif
}

struct pdf_doc *
pdf_doc_new(struct sbuf *out, const char *title, const char *date)
{
    struct pdf_doc *d = xcalloc(1, sizeof(*d));

    d->out = out;
    d->surface = cairo_pdf_surface_create_for_stream(
        pdf_write, d, geoms[PDF_PAPER_A4_DIN5008B].w,
        geoms[PDF_PAPER_A4_DIN5008B].h);
    cairo_pdf_surface_restrict_to_version(d->surface, CAIRO_PDF_VERSION_1_5);
    if (title)
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE,
                                       title);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR,
                                   "dun");
    if (date == NULL)
        date = "2000-01-01T00:00:00Z";
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_MOD_DATE,
                                   date);
    d->cr = cairo_create(d->surface);

    fonts_used = 1;
    use_language(d, "en");
    for (int i = 0; i < F_COUNT; i++)
        d->fonts[i] = pango_font_description_from_string(font_specs[i]);
    return d;
}

int
pdf_doc_letter(struct pdf_doc *d, const struct pdf_letter *l, int *pages,
               struct dun_err *err)
{
    return emit(d, l, 0, pages, err);
}

int
pdf_doc_lay(struct pdf_doc *d, const struct pdf_letter *l,
            struct pdf_laid **out, int *pages, struct dun_err *err)
{
    return lay_out(d, l, 0, out, pages, err);
}

int
pdf_doc_measure(struct pdf_doc *d, const struct pdf_letter *l, int *pages,
                struct dun_err *err)
{
    struct pdf_laid *p;

    if (lay_out(d, l, 0, &p, pages, err) < 0)
        return -1;
    pdf_laid_free(p);
    return 0;
}

int
pdf_doc_cover(struct pdf_doc *d, const struct pdf_cover *c, int *pages,
              struct dun_err *err)
{
    struct pdf_block b[3];
    struct pdf_letter l = { 0 };
    char *lines = NULL;
    size_t n = 0;
    int rc;

    if (check_texts("cover line", c->lines, c->nlines, err) < 0)
        return -1;
    if (c->title && *c->title)
        b[n++] = (struct pdf_block){ PDF_BLOCK_SUBJECT, c->title, NULL, NULL };
    if (c->nlines) {
        lines = join_lines(c->lines, c->nlines);
        b[n++] = (struct pdf_block){ PDF_BLOCK_LINES, lines, NULL, NULL };
    }
    if (c->table)
        b[n++] = (struct pdf_block){ PDF_BLOCK_TABLE, NULL, c->table, NULL };
    l.paper = c->paper;
    l.language = c->language;
    l.blocks = b;
    l.nblocks = n;
    l.page_label = c->page_label;
    rc = emit(d, &l, 1, pages, err);
    free(lines);
    return rc;
}

int
pdf_doc_blank_page(struct pdf_doc *d, enum pdf_paper paper, struct dun_err *err)
{
    if ((unsigned)paper > PDF_PAPER_US_LETTER)
        return dun_err_set(err, DUN_E_INPUT, "pdf: paper: unknown");
    if (usable(d, err) < 0)
        return -1;
    cairo_pdf_surface_set_size(d->surface, geoms[paper].w, geoms[paper].h);
    cairo_show_page(d->cr);
    d->pages++;
    return doc_status(d, err);
}

int
pdf_doc_pad_odd(struct pdf_doc *d, enum pdf_paper paper, struct dun_err *err)
{
    if (d->pages % 2 == 0)
        return 0;
    return pdf_doc_blank_page(d, paper, err);
}

int
pdf_doc_page_count(const struct pdf_doc *d)
{
    return d->pages;
}

int
pdf_doc_finish(struct pdf_doc *d, struct dun_err *err)
{
    if (usable(d, err) < 0)
        return -1;
    if (d->pages == 0)
        return dun_err_set(err, DUN_E_INPUT, "pdf: document without pages");
    d->finished = 1;
    cairo_surface_finish(d->surface);
    return doc_status(d, err);
}

void
pdf_doc_free(struct pdf_doc *d)
{
    if (d == NULL)
        return;
    for (int i = 0; i < F_COUNT; i++)
        if (d->fonts[i])
            pango_font_description_free(d->fonts[i]);
    for (size_t i = 0; i < d->nctxs; i++)
        g_object_unref(d->ctxs[i].ctx);
    cairo_destroy(d->cr);
    cairo_surface_destroy(d->surface);
    if (d->logo)
        cairo_surface_destroy(d->logo);
    free(d->logo_png);
    free(d);
}
