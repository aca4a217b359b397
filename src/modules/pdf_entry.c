/*
 * pdf_entry.c - the dun-pdf module's entry point (loader.h).
 */
#include "modules/loader.h"
#include "modules/pdf_ops.h"

const void *
dun_pdf_module(void)
{
    static const struct pdf_ops ops = {
        { MODULE_ENTRY_ABI, sizeof(struct pdf_ops) },
        pdf_doc_new, pdf_doc_letter, pdf_doc_measure, pdf_doc_lay,
        pdf_doc_draw, pdf_laid_free, pdf_doc_cover, pdf_doc_blank_page,
        pdf_doc_pad_odd, pdf_doc_page_count, pdf_doc_finish,
        pdf_release_fonts, pdf_doc_free,
    };

    return &ops;
}
