/*
 * pdf_shim.c - render/pdf_letter.h in the dun executable: each function
 * forwards to the dun-pdf module, loaded by the first document
 * (loader.h says why).
 *
 * pdf_doc_new never fails (pdf_letter.h): when the module cannot be
 * loaded it gives a document that is not one, and the first call that
 * can fail says why.
 */
#include "modules/pdf_ops.h"

static char unloaded;          /* the document pdf_doc_new gives then */
#define UNLOADED ((struct pdf_doc *)(void *)&unloaded)

/* The module's table, loading it if need be; NULL with err. */
static const struct pdf_ops *
ops(struct dun_err *err)
{
    return module_table("dun-pdf", "dun_pdf_module", sizeof(struct pdf_ops),
                        err);
}

/* The table once a document exists (pdf_doc_new loaded it). */
static const struct pdf_ops *
loaded_ops(void)
{
    return ops(NULL);
}

struct pdf_doc *
pdf_doc_new(struct sbuf *out, const char *title, const char *date)
{
    const struct pdf_ops *o = ops(NULL);

    return o ? o->doc_new(out, title, date) : UNLOADED;
}

/* For a document pdf_doc_new gave without the module: why there is
 * none (the loader keeps its failure), into err; -1. */
static int
no_module(struct dun_err *err)
{
    (void)ops(err);
    return -1;
}

int
pdf_doc_letter(struct pdf_doc *d, const struct pdf_letter *l, int *pages,
               struct dun_err *err)
{
    return d == UNLOADED ? no_module(err)
                         : loaded_ops()->doc_letter(d, l, pages, err);
}

int
pdf_doc_measure(struct pdf_doc *d, const struct pdf_letter *l, int *pages,
                struct dun_err *err)
{
    return d == UNLOADED ? no_module(err)
                         : loaded_ops()->doc_measure(d, l, pages, err);
}

int
pdf_doc_lay(struct pdf_doc *d, const struct pdf_letter *l,
            struct pdf_laid **out, int *pages, struct dun_err *err)
{
    if (d == UNLOADED) {
        *out = NULL;
        return no_module(err);
    }
    return loaded_ops()->doc_lay(d, l, out, pages, err);
}

int
pdf_doc_draw(struct pdf_doc *d, struct pdf_laid *p, struct dun_err *err)
{
    return d == UNLOADED ? no_module(err)
                         : loaded_ops()->doc_draw(d, p, err);
}

void
pdf_laid_free(struct pdf_laid *p)
{
    /* Only a document of the module lays letters out. */
    if (p)
        loaded_ops()->laid_free(p);
}

int
pdf_doc_cover(struct pdf_doc *d, const struct pdf_cover *c, int *pages,
              struct dun_err *err)
{
    return d == UNLOADED ? no_module(err)
                         : loaded_ops()->doc_cover(d, c, pages, err);
}

int
pdf_doc_blank_page(struct pdf_doc *d, enum pdf_paper paper,
                   struct dun_err *err)
{
    return d == UNLOADED ? no_module(err)
                         : loaded_ops()->doc_blank_page(d, paper, err);
}

int
pdf_doc_pad_odd(struct pdf_doc *d, enum pdf_paper paper, struct dun_err *err)
{
    return d == UNLOADED ? no_module(err)
                         : loaded_ops()->doc_pad_odd(d, paper, err);
}

int
pdf_doc_page_count(const struct pdf_doc *d)
{
    return d == UNLOADED ? 0 : loaded_ops()->doc_page_count(d);
}

int
pdf_doc_finish(struct pdf_doc *d, struct dun_err *err)
{
    return d == UNLOADED ? no_module(err)
                         : loaded_ops()->doc_finish(d, err);
}

void
pdf_release_fonts(void)
{
    /* Fonts are only held where the module made a document: without it
     * there is nothing to give back, and nothing to load for it. */
    const struct pdf_ops *o = module_loaded("dun-pdf");

    if (o)
        o->release_fonts();
}

void
pdf_doc_free(struct pdf_doc *d)
{
    if (d && d != UNLOADED)
        loaded_ops()->doc_free(d);
}
