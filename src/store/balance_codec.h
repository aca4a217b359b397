/*
 * balance_codec.h - one customer's cached balances as one compact value.
 *
 * The cache is rewritten a customer at a time, so it is stored a customer
 * at a time: one row per customer holding its open items and credit,
 * instead of one row per open item. An import of a million invoices then
 * writes one row per customer it touched, not a million.
 *
 * Layout (version 3), integers as LEB128 varints, signed ones zigzagged:
 *   u8 version, varint nitems, varint ncredits,
 *   nitems x { number as varint_put_key writes it after the item before
 *              (its shared prefix, then the rest),
 *              currency: the byte 0 when the item before has the same,
 *              else its 3 letters,
 *              svarint due_date less the due date before (0 for the
 *              first), svarint issue_date less due_date,
 *              varint amount,
 *              varint total: 0 not known, 1 equal to amount, else
 *              total + 2 },
 *   ncredits x { 3 currency bytes, varint amount }.
 * Items come by currency, due date and number: numbers issued in
 * sequence and dates a few days apart make an item about 8 bytes, where
 * version 2 took about 30 (a million open invoices: 37 MB of M's 75).
 * Version 2 wrote each item whole: { varint len, number bytes,
 * 3 currency bytes, svarint issue_date, svarint due_date, varint amount,
 * varint total + 1 (0: not known) }; version 1 the same without totals,
 * which decode as -1 (not known). Both still decode.
 * Decoding checks every length and value: a damaged value is an error,
 * never a crash or a wrong balance.
 */
#ifndef DUN_STORE_BALANCE_CODEC_H
#define DUN_STORE_BALANCE_CODEC_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "store/store.h"

/* Append the encoding of b's items and credits to out. */
void balance_encode(const struct store_balances *b, struct sbuf *out);

/*
 * Decode len bytes at p into b (customer_id is left alone). Items and
 * credits are allocated in a; strings too. -1 (DUN_E_IO) if the
 * bytes are not a valid encoding.
 */
int balance_decode(const void *p, size_t len, struct store_balances *b,
                   struct arena *a, struct dun_err *err);

#endif
