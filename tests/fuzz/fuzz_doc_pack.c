/*
 * fuzz_doc_pack.c - libFuzzer target for the decoder of a customer's
 * documents as stored (store/doc_pack.h), versions 1 and 2.
 *
 * The bytes come from the database, which a crash, a disk or an older dun
 * may have damaged: decoding must either fail with DUN_E_IO, leaving the
 * pack empty, or give documents that are all the pack's customer's, with
 * a number or id that is not empty and a currency of three bytes. A
 * decoded pack must survive a round trip: encoding it and decoding that
 * gives the same documents, and encoding is then a fixed point. A
 * decoded pack's encoding copies its invoices' bytes as they came; once
 * an invoice is set, all are written anew, and must decode to the same
 * documents too.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/doc_pack.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_pack(const struct doc_pack *p)
{
    for (size_t i = 0; i < p->ninv; i++) {
        const struct invoice *v = &p->inv[i].d;

        if (v->customer_id != p->customer_id || v->number == NULL ||
            v->number[0] == '\0' || v->applies_to == NULL ||
            v->description == NULL || strlen(v->currency) != 3 ||
            (v->type != INVOICE_PLAIN && v->type != INVOICE_CREDIT_NOTE))
            abort();
    }
    for (size_t i = 0; i < p->npay; i++) {
        const struct payment *v = &p->pay[i].d;

        if (v->customer_id != p->customer_id || v->id == NULL ||
            v->id[0] == '\0' || v->invoice_number == NULL ||
            v->method == NULL || v->reference == NULL ||
            strlen(v->currency) != 3)
            abort();
    }
}

static void
check_same(const struct doc_pack *x, const struct doc_pack *y)
{
    if (x->ninv != y->ninv || x->npay != y->npay)
        abort();
    for (size_t i = 0; i < x->ninv; i++) {
        const struct invoice *a = &x->inv[i].d, *b = &y->inv[i].d;

        if (strcmp(a->number, b->number) != 0 ||
            strcmp(a->applies_to, b->applies_to) != 0 ||
            a->type != b->type || a->issue_date != b->issue_date ||
            a->due_date != b->due_date ||
            strcmp(a->currency, b->currency) != 0 || a->total != b->total ||
            strcmp(a->description, b->description) != 0 ||
            x->inv[i].sp.import_id != y->inv[i].sp.import_id ||
            x->inv[i].sp.line != y->inv[i].sp.line)
            abort();
    }
    for (size_t i = 0; i < x->npay; i++) {
        const struct payment *a = &x->pay[i].d, *b = &y->pay[i].d;

        if (strcmp(a->id, b->id) != 0 || a->date != b->date ||
            strcmp(a->invoice_number, b->invoice_number) != 0 ||
            a->amount != b->amount || strcmp(a->currency, b->currency) != 0 ||
            strcmp(a->method, b->method) != 0 ||
            strcmp(a->reference, b->reference) != 0 ||
            x->pay[i].sp.import_id != y->pay[i].sp.import_id ||
            x->pay[i].sp.line != y->pay[i].sp.line)
            abort();
    }
}

/* The pack of value written anew (an invoice set to itself forgets the
 * bytes decoding kept) decodes to p's documents. */
static void
check_written_anew(const struct doc_pack *p, const void *value, size_t len)
{
    struct doc_pack anew, back;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf enc = SBUF_INIT;

    doc_pack_init(&anew, p->customer_id);
    doc_pack_init(&back, p->customer_id);
    if (doc_pack_decode(&anew, value, len, &err) < 0)
        abort();
    if (anew.ninv > 0) {
        struct pack_invoice first = anew.inv[0];

        doc_pack_set_invoice(&anew, 0, &first.d, &first.sp);
        if (anew.inv_bytes != NULL)
            abort();
    }
    doc_pack_encode(&anew, &enc);
    if (doc_pack_decode(&back, enc.buf, enc.len, &err) < 0)
        abort();
    check_same(p, &back);
    doc_pack_release(&anew);
    doc_pack_release(&back);
    sbuf_release(&enc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct doc_pack p, again;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf enc = SBUF_INIT, enc2 = SBUF_INIT;
    unsigned char *copy;

    copy = fuzz_copy(data, size);
    doc_pack_init(&p, "C-fuzz");
    doc_pack_init(&again, "C-fuzz");
    if (doc_pack_decode(&p, copy, size, &err) < 0) {
        if (err.code != DUN_E_IO || p.ninv + p.npay != 0 ||
            strcmp(err.msg, "customer C-fuzz: damaged documents "
                            "(dun check)") != 0)
            abort();
        goto out;
    }
    check_pack(&p);
    doc_pack_encode(&p, &enc);
    if (doc_pack_decode(&again, enc.buf, enc.len, &err) < 0)
        abort();
    check_pack(&again);
    check_same(&p, &again);
    doc_pack_encode(&again, &enc2);
    fuzz_same_bytes(&enc, &enc2);
    check_written_anew(&p, copy, size);
out:
    doc_pack_release(&p);
    doc_pack_release(&again);
    sbuf_release(&enc);
    sbuf_release(&enc2);
    free(copy);
    return 0;
}
