/*
 * pdf_ops.h - what the dun-pdf module gives the executable: the
 * functions of render/pdf_letter.h, by address (loader.h says why).
 */
#ifndef DUN_MODULES_PDF_OPS_H
#define DUN_MODULES_PDF_OPS_H

#include "modules/loader.h"
#include "render/pdf_letter.h"

struct pdf_ops {
    struct module_head head; /* MODULE_ENTRY_ABI, sizeof(struct pdf_ops) */
    struct pdf_doc *(*doc_new)(struct sbuf *out, const char *title,
                               const char *date);
    int (*doc_letter)(struct pdf_doc *d, const struct pdf_letter *l,
                      int *pages, struct dun_err *err);
    int (*doc_measure)(struct pdf_doc *d, const struct pdf_letter *l,
                       int *pages, struct dun_err *err);
    int (*doc_lay)(struct pdf_doc *d, const struct pdf_letter *l,
                   struct pdf_laid **out, int *pages, struct dun_err *err);
    int (*doc_draw)(struct pdf_doc *d, struct pdf_laid *p,
                    struct dun_err *err);
    void (*laid_free)(struct pdf_laid *p);
    int (*doc_cover)(struct pdf_doc *d, const struct pdf_cover *c,
                     int *pages, struct dun_err *err);
    int (*doc_blank_page)(struct pdf_doc *d, enum pdf_paper paper,
                          struct dun_err *err);
    int (*doc_pad_odd)(struct pdf_doc *d, enum pdf_paper paper,
                       struct dun_err *err);
    int (*doc_page_count)(const struct pdf_doc *d);
    int (*doc_finish)(struct pdf_doc *d, struct dun_err *err);
    void (*release_fonts)(void);
    void (*doc_free)(struct pdf_doc *d);
};

/* The module's entry point. */
const void *dun_pdf_module(void);

#endif
