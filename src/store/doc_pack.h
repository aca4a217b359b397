/*
 * doc_pack.h - one customer's documents (invoices, credit notes and
 * payments) as one stored value.
 *
 * Every reader of documents reads a customer's at a time (the ledger,
 * statements, the run), and an import writes them a customer at a time:
 * a row per document cost a B-tree insert for each (half of an import's
 * time on M). A pack is one row per customer instead. Pure: no I/O.
 *
 * In memory the documents are arrays with their stamps; strings live in
 * the pack's chunks (a replaced one stays there until the pack is read
 * again). doc_pack_sort puts invoices in number order and payments in id
 * order, byte order both (the order the tables' keys had), and an
 * encoded pack is sorted so.
 *
 * Stored value (version 1, which doc_pack_decode still reads): the byte
 * 1, then varints ninv and npay; each invoice as number, applies_to
 * (strings: varint length, bytes), its type (0 invoice, 1 credit note),
 * issue and due date (zigzag varints of the day number), currency (3
 * bytes), total, description, import id and line (varints); each payment
 * as id, date, invoice number, amount, currency, method, reference,
 * import id and line, alike. Version 2 (the byte 2; what doc_pack_encode
 * writes) has the same fields in the same order, but writes what repeats
 * once: doc_pack.c says how.
 */
#ifndef DUN_STORE_DOC_PACK_H
#define DUN_STORE_DOC_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"
#include "core/sbuf.h"
#include "store/store.h"

struct doc_pack {
    const char *customer_id; /* in arena; every document's customer_id */
    struct pack_invoice {
        struct invoice d;
        struct store_stamp sp;
    } *inv;
    size_t ninv, inv_cap;
    struct pack_payment {
        struct payment d;
        struct store_stamp sp;
    } *pay;
    size_t npay, pay_cap;
    /* Strings, in chunks that double: an arena's 64 KiB blocks would
     * make fifty thousand cached packs 3 GB. */
    struct pack_chunk *chunks;
    size_t chunk_bytes;
    /* While no invoice has changed since the pack was decoded: its
     * invoices as they were written and the strings they put in the
     * encoder's table, in order (both in a chunk). Encoding copies the
     * bytes instead of writing every invoice again: a payments import
     * adds to packs that are mostly invoices. NULL otherwise. */
    const unsigned char *inv_bytes;
    size_t inv_len;
    const char **inv_strs;
    size_t inv_nstrs;
    int dirty;  /* changed since read */
    int sorted; /* in key order */
    size_t accounted; /* doc_pack_size when a cache last counted it */
    uint64_t used;    /* for a cache: when it was last asked for */
};

/* An empty pack of customer_id. */
void doc_pack_init(struct doc_pack *p, const char *customer_id);

/* Fill an empty pack (doc_pack_init'ed) from a stored value: 0, or -1
 * with err (DUN_E_IO) if the value is not one. */
int doc_pack_decode(struct doc_pack *p, const void *value, size_t len,
                    struct dun_err *err);

/* The stored value of p (sorted first), replacing out's contents. */
void doc_pack_encode(struct doc_pack *p, struct sbuf *out);

void doc_pack_sort(struct doc_pack *p);

/* Append a copy of inv / pay (their customer_id is p's): the index. */
size_t doc_pack_add_invoice(struct doc_pack *p, const struct invoice *inv,
                            const struct store_stamp *sp);
size_t doc_pack_add_payment(struct doc_pack *p, const struct payment *pay,
                            const struct store_stamp *sp);

/* Overwrite document i with a copy of inv / pay. */
void doc_pack_set_invoice(struct doc_pack *p, size_t i,
                          const struct invoice *inv,
                          const struct store_stamp *sp);
void doc_pack_set_payment(struct doc_pack *p, size_t i,
                          const struct payment *pay,
                          const struct store_stamp *sp);

/* Remove document i (the last takes its place: p is unsorted). */
void doc_pack_remove_invoice(struct doc_pack *p, size_t i);
void doc_pack_remove_payment(struct doc_pack *p, size_t i);

/* The index of the invoice numbered number / the payment id, or -1. */
long doc_pack_find_invoice(const struct doc_pack *p, const char *number);
long doc_pack_find_payment(const struct doc_pack *p, const char *id);

/* Bytes p holds, for a cache's budget. */
size_t doc_pack_size(const struct doc_pack *p);

void doc_pack_release(struct doc_pack *p);

#endif
