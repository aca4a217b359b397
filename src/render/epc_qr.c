/*
 * epc_qr.c - EPC069-12 (version 002) credit-transfer payloads and IBANs in
 * groups of four; see epc_qr.h. Pure: no I/O.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/bank.h"
#include "core/contact.h"
#include "render/epc_qr.h"

/* EPC069-12 table 2: field lengths, in characters. */
#define EPC_NAME_MAX 70
#define EPC_REF_MAX 35
#define EPC_TEXT_MAX 140
#define EPC_AMOUNT_MAX INT64_C(99999999999) /* 999999999.99 */

static int
is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int
to_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* s without spaces, upper case, into out (cap bytes with the NUL); -1 if
 * it does not fit or has anything but letters, digits and spaces. */
static int
compact(const char *s, char *out, size_t cap)
{
    size_t n = 0;

    for (; *s; s++) {
        int c = to_upper((unsigned char)*s);

        if (c == ' ')
            continue;
        if (!is_upper(c) && !is_digit(c))
            return -1;
        if (n + 1 >= cap)
            return -1;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return (int)n;
}

/* ISO 7064 mod 97-10 over s (upper-case letters and digits) with its first
 * four characters moved to the end, letters counting as 10..35: what both
 * IBANs (ISO 13616) and creditor references (ISO 11649) check to 1. */
static int
mod97_rotated(const char *s)
{
    size_t n = strlen(s);
    unsigned rem = 0;

    for (size_t i = 0; i < n; i++) {
        int c = s[(i + 4) % n];

        if (is_digit(c))
            rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    return (int)rem;
}

/* Characters (code points) in the valid UTF-8 string s. */
static size_t
utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* 0 if s is one line of UTF-8 of 1..max characters; else -1 naming the
 * field. */
static int
check_field(const char *field, const char *s, size_t max, struct dun_err *err)
{
    const char *why = NULL;

    if (s == NULL || *s == '\0')
        return dun_err_set(err, DUN_E_INPUT, "epc qr: %s: empty", field);
    if (contact_text_check(s, 4 * max, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "epc qr: %s: %s", field, why);
    if (utf8_chars(s) > max)
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: %s: more than %zu characters", field, max);
    return 0;
}

/* The IBAN checked and in its electronic form (core/bank.h: the one
 * check of IBANs dun has, for 'tenant set' and here alike). */
static int
iban_compact(const char *iban, char out[IBAN_MAX + 1], struct dun_err *err)
{
    const char *why;

    if (iban == NULL || *iban == '\0')
        return dun_err_set(err, DUN_E_INPUT, "iban: empty");
    if (bank_iban_normalise(iban, out, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "iban: %s", why);
    return 0;
}

int
iban_check(const char *iban, struct dun_err *err)
{
    char c[IBAN_MAX + 1];

    return iban_compact(iban, c, err);
}

/* ISO 9362: bank (4), country (2 letters), location (2), branch (3,
 * optional); letters and digits. */
static int
bic_compact(const char *bic, char out[12], struct dun_err *err)
{
    int n = compact(bic, out, 12);

    if (n != 8 && n != 11)
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: bic: not 8 or 11 letters and digits");
    if (!is_upper(out[4]) || !is_upper(out[5]))
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: bic: no country code in characters 5-6");
    return 0;
}

/* ISO 11649: "RF", two check digits, 1..21 letters and digits. */
static int
reference_compact(const char *ref, char out[EPC_REF_MAX + 1],
                  struct dun_err *err)
{
    int n = compact(ref, out, EPC_REF_MAX + 1);

    if (n < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: reference: not letters and digits, or "
                           "longer than %d characters",
                           EPC_REF_MAX);
    if (n < 5 || n > 25 || out[0] != 'R' || out[1] != 'F' ||
        !is_digit(out[2]) || !is_digit(out[3]))
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: reference: not an RF creditor reference "
                           "(RF, two check digits, 1 to 21 letters and "
                           "digits)");
    if (mod97_rotated(out) != 1)
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: reference: wrong check digits");
    return 0;
}

int
epc_qr_payload(const struct epc_qr *q, struct sbuf *out, struct dun_err *err)
{
    char iban[IBAN_MAX + 1], bic[12] = "", ref[EPC_REF_MAX + 1] = "";
    int has_ref = q->reference != NULL && *q->reference != '\0';
    int has_text = q->text != NULL && *q->text != '\0';
    size_t start = out->len;
    int rc;

    if (check_field("name", q->name, EPC_NAME_MAX, err) < 0)
        return -1;
    if (iban_compact(q->iban, iban, err) < 0)
        return dun_err_prefix(err, "epc qr");
    if (q->bic != NULL && *q->bic != '\0' && bic_compact(q->bic, bic, err) < 0)
        return -1;
    if (q->amount_cents < 1 || q->amount_cents > EPC_AMOUNT_MAX)
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: amount: not between 0.01 and "
                           "999999999.99");
    if (has_ref == has_text)
        return dun_err_set(err, DUN_E_INPUT, "epc qr: %s",
                           has_ref ? "both a reference and a text given: one "
                                     "of them only"
                                   : "neither a reference nor a text given");
    if (has_ref && reference_compact(q->reference, ref, err) < 0)
        return -1;
    if (has_text && check_field("text", q->text, EPC_TEXT_MAX, err) < 0)
        return -1;

    /* Fields 1-8; the purpose (9) is empty; then the reference (10) or
     * the text (11); the information (12) is empty and, being last, left
     * off with the empty fields before it. */
    rc = sbuf_addf(
        out, "BCD\n002\n1\nSCT\n%s\n%s\n%s\nEUR%" PRId64 ".%02" PRId64 "\n\n",
        bic, q->name, iban, q->amount_cents / 100, q->amount_cents % 100);
    if (rc == 0)
        rc = has_ref ? sbuf_addstr(out, ref) : sbuf_addf(out, "\n%s", q->text);
    if (rc < 0 || out->len - start > EPC_QR_MAX_BYTES) {
        size_t got = out->len - start;

        out->len = start;
        out->buf[start] = '\0';
        if (rc < 0)
            return dun_err_set(err, DUN_E_INTERNAL,
                               "epc qr: output buffer full");
        return dun_err_set(err, DUN_E_INPUT,
                           "epc qr: payload of %zu bytes, more than %d", got,
                           EPC_QR_MAX_BYTES);
    }
    return 0;
}

int
iban_group4(const char *iban, char *out, size_t n)
{
    char c[IBAN_MAX + 1];
    size_t len = 0;
    int k;

    if (n > 0)
        out[0] = '\0';
    k = compact(iban, c, sizeof(c));
    if (k < 0)
        return -1;
    for (int i = 0; i < k; i++) {
        if (i > 0 && i % 4 == 0) {
            if (len + 1 >= n)
                goto full;
            out[len++] = ' ';
        }
        if (len + 1 >= n)
            goto full;
        out[len++] = c[i];
    }
    out[len] = '\0';
    return (int)len;
full:
    if (n > 0)
        out[0] = '\0';
    return -1;
}
