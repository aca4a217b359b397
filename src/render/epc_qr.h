/*
 * epc_qr.h - the payload of an EPC QR code ("GiroCode", EPC069-12 version
 * 002): a SEPA credit transfer that a banking app fills in from a scan,
 * and IBANs written in groups of four for people.
 *
 * Pure: no I/O, no drawing (render/pdf_letter.c draws the code).
 */
#ifndef DUN_RENDER_EPC_QR_H
#define DUN_RENDER_EPC_QR_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"

/* EPC069-12 5.2: the whole payload is at most 331 bytes. */
#define EPC_QR_MAX_BYTES 331
/* Longest IBAN (ISO 13616) and the grouped form with its spaces. */
#define IBAN_MAX 34
#define IBAN_GROUPED_MAX (IBAN_MAX + IBAN_MAX / 4)

/*
 * One credit transfer in euro. Strings are UTF-8, borrowed for the call.
 * Exactly one of reference and text is given (the other NULL or "").
 */
struct epc_qr {
    const char *bic;       /* 8 or 11 characters; NULL or "": none (002) */
    const char *name;      /* beneficiary, 1..70 characters */
    const char *iban;      /* spaces allowed, any case: written compact */
    int64_t amount_cents;  /* 1 .. 99999999999 (0.01 .. 999999999.99) */
    const char *reference; /* ISO 11649 creditor reference "RF18 5390 0754
                            * 7034", spaces allowed; at most 35 */
    const char *text;      /* unstructured remittance, 1..140 characters */
};

/*
 * Append the payload of q to out: the twelve EPC069-12 fields (service
 * tag BCD, version 002, character set 1 = UTF-8, SCT, BIC, name, IBAN,
 * amount as "EUR1234.56", purpose empty, reference or text,
 * beneficiary-to-originator information empty) separated by "\n", the
 * empty fields at the end left off as the standard asks.
 * Returns 0, or -1 with DUN_E_INPUT naming the field and out unchanged:
 * an IBAN that is not 15..34 letters and digits with a valid mod-97 check,
 * a BIC of the wrong form, an empty or too long name, an amount out of
 * range, both or neither of reference and text, a reference that is not
 * a valid RF reference, a line break in any field, text that is not
 * UTF-8, or a payload over 331 bytes.
 */
int epc_qr_payload(const struct epc_qr *q, struct sbuf *out,
                   struct dun_err *err);

/* 0 if iban (spaces allowed, any case) is an IBAN of ISO 13616 form with a
 * valid check (ISO 7064 mod 97-10), else -1 with DUN_E_INPUT. */
int iban_check(const char *iban, struct dun_err *err);

/*
 * Write iban in groups of four ("DE89 3704 0044 0532 0130 00"), upper
 * case, into out (n bytes, IBAN_GROUPED_MAX + 1 is always enough); spaces
 * in the input are dropped first. No check is made of the digits.
 * Returns the length written, or -1 (out set to "" if n > 0) when the
 * input has a character that is not a letter, digit or space, is longer
 * than 34 characters, or out is too small.
 */
int iban_group4(const char *iban, char *out, size_t n);

#endif
