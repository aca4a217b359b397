/*
 * money.c - exact money: ISO 4217 minor units, strict parsing, checked
 * arithmetic and the one rounding rule (half away from zero).
 *
 * Pure: no I/O, no clock, no locale, no floating point. Nothing here
 * allocates; every function is safe to call from any thread.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/money.h"

/* 10^18 is the largest power of ten in an int64_t, so no currency can have
 * more minor-unit digits than this (the largest in use is 4). */
#define MONEY_MAX_EXPONENT 18

/*
 * ISO 4217 list one, the codes in current use, with their minor units.
 * Sorted by code for the binary search in currency_exponent(); keep it so.
 * Codes whose minor unit is "N.A." (precious metals XAU/XAG/XPD/XPT, bond
 * units XBA..XBD, XDR, XSU, XUA, testing XTS, "no currency" XXX) are left
 * out: an invoice cannot be issued in them. ANG, SLL and ZWL are kept
 * through their replacement by XCG, SLE and ZWG, because invoices issued
 * in them may still be open.
 */
static const struct currency {
    char code[CURRENCY_LEN + 1];
    unsigned char exponent;
} currencies[] = {
    { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 },
    { "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 },
    { "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 },
    { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
    { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
    { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
    { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 },
    { "COU", 2 }, { "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 },
    { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 },
    { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 },
    { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 },
    { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
    { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 },
    { "INR", 2 }, { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 },
    { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 },
    { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 },
    { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 },
    { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
    { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 },
    { "MUR", 2 }, { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 },
    { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 },
    { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 },
    { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 },
    { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
    { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 },
    { "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SLL", 2 },
    { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 },
    { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 },
    { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 },
    { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 },
    { "UYI", 0 }, { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 },
    { "VES", 2 }, { "VND", 0 }, { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 },
    { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 }, { "XPF", 0 }, { "YER", 2 },
    { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 }, { "ZWL", 2 },
};

int
currency_exponent(const char *code, size_t len)
{
    size_t lo = 0, hi = sizeof(currencies) / sizeof(currencies[0]);

    if (len != CURRENCY_LEN)
        return -1;
    /* ISO 4217 alphabetic codes are upper case only: "eur" is not a code,
     * and checking here keeps stray bytes out of the comparison. */
    for (size_t i = 0; i < len; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return -1;
    /* The three letters as one number, compared in the table's order;
     * the last code asked for answered at once (a run formats each
     * amount in a few ways, a customer's amounts in one currency). */
    uint32_t key = (uint32_t)code[0] << 16 | (uint32_t)code[1] << 8 |
                   (uint32_t)code[2];
    static _Thread_local uint32_t last_key;
    static _Thread_local int last_exponent;

    if (key == last_key)
        return last_exponent;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = currencies[mid].code;
        uint32_t k = (uint32_t)m[0] << 16 | (uint32_t)m[1] << 8 |
                     (uint32_t)m[2];

        if (k == key) {
            last_key = key;
            last_exponent = currencies[mid].exponent;
            return last_exponent;
        }
        if (key < k)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

int
currency_valid(const char *code, size_t len)
{
    return currency_exponent(code, len) >= 0;
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Syntax first, value second: a string is "not a number" unless it is
 * -?[0-9]+(\.[0-9]+)? as a whole, so that "1.234x" is not reported as
 * "too many decimals". The magnitude is accumulated in uint64_t so that
 * INT64_MIN, whose magnitude no int64_t holds, parses like any other value.
 */
int
money_parse(const char *s, size_t len, int exponent, int64_t *out,
            const char **why)
{
    const char *reason = "not a number";
    uint64_t limit = INT64_MAX;
    uint64_t mag = 0;
    size_t i = 0, int_digits = 0, frac_digits = 0;
    int neg = 0;

    if (exponent < 0 || exponent > MONEY_MAX_EXPONENT) {
        /* currency_exponent() said -1: there is no amount to read. */
        reason = "unknown currency";
        goto fail;
    }
    if (len == 0) {
        reason = "empty";
        goto fail;
    }
    if (s[0] == '-') {
        neg = 1;
        i++;
        /* Two's complement: one more unit on the negative side. */
        limit = (uint64_t)INT64_MAX + 1;
    }
    while (i < len && is_digit(s[i])) {
        i++;
        int_digits++;
    }
    if (int_digits == 0)
        goto fail; /* "", "-", ".5", "+1", " 1" */
    if (i < len && s[i] == '.') {
        i++;
        while (i + frac_digits < len && is_digit(s[i + frac_digits]))
            frac_digits++;
        if (frac_digits == 0)
            goto fail; /* "5." */
    }
    if (i + frac_digits != len)
        goto fail; /* "1e3", "12,50", "1,000.00", "1 " */
    if (frac_digits > (size_t)exponent) {
        reason = "too many decimals";
        goto fail;
    }

    /* Every digit, integer and fraction, then zeros up to the exponent:
     * "12.5" with exponent 2 is 1250 minor units. */
    for (size_t k = (size_t)neg; k < len; k++) {
        if (s[k] == '.')
            continue;
        if (__builtin_mul_overflow(mag, 10, &mag) ||
            __builtin_add_overflow(mag, (uint64_t)(s[k] - '0'), &mag) ||
            mag > limit)
            goto range;
    }
    for (size_t k = frac_digits; k < (size_t)exponent; k++)
        if (__builtin_mul_overflow(mag, 10, &mag) || mag > limit)
            goto range;

    if (neg)
        *out = mag == limit ? INT64_MIN : -(int64_t)mag;
    else
        *out = (int64_t)mag;
    return 0;
range:
    reason = "out of range";
fail:
    if (why)
        *why = reason;
    return -1;
}

char *
money_format(int64_t minor, int exponent, char *buf)
{
    /* Unsigned negation is defined for INT64_MIN, whose magnitude
     * 9223372036854775808 does not fit in an int64_t. */
    uint64_t mag = minor < 0 ? 0 - (uint64_t)minor : (uint64_t)minor;
    char digits[24];
    size_t n = 0;
    char *p = buf;

    assert(exponent >= 0 && exponent <= MONEY_MAX_EXPONENT);
    do {
        digits[n++] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    /* At least one integer digit: 5 cents is "0.05", not ".05". */
    while (n < (size_t)exponent + 1)
        digits[n++] = '0';

    if (minor < 0)
        *p++ = '-';
    while (n > 0) {
        if (n == (size_t)exponent && exponent > 0)
            *p++ = '.';
        *p++ = digits[--n];
    }
    *p = '\0';
    return buf;
}

int
money_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;

    if (__builtin_add_overflow(a, b, &r))
        return -1;
    *out = r;
    return 0;
}

int
money_sub(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;

    if (__builtin_sub_overflow(a, b, &r))
        return -1;
    *out = r;
    return 0;
}

int
money_mul(int64_t a, int64_t n, int64_t *out)
{
    int64_t r;

    if (__builtin_mul_overflow(a, n, &r))
        return -1;
    *out = r;
    return 0;
}

/*
 * The product of two int64_t always fits in 128 bits, so the only rounding
 * is the final division. C division truncates toward zero and the
 * remainder takes the sign of the dividend, so rounding half away from
 * zero is symmetric by construction: look at |rem| against den / 2 and
 * step one unit further from zero.
 */
int
money_scale(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
    __extension__ __int128 prod = amount;
    __extension__ __int128 q, rem;

    /* A zero or negative divisor is a caller bug; fail rather than trap. */
    if (den <= 0)
        return -1;
    prod *= num;
    q = prod / den;
    rem = prod % den;
    if (rem < 0)
        rem = -rem;
    /* money.h rounding rule: exactly half a unit goes away from zero. */
    if (2 * rem >= den)
        q += prod < 0 ? -1 : 1;
    if (q < INT64_MIN || q > INT64_MAX)
        return -1;
    *out = (int64_t)q;
    return 0;
}

int
money_percent(int64_t amount, int64_t basis_points, int64_t *out)
{
    return money_scale(amount, basis_points, 10000, out);
}

/*
 * total = q * n + r with |r| < n and r of total's sign, so giving the first
 * |r| parts one extra unit (in total's direction) sums exactly, and the
 * parts differ by at most one.
 */
void
money_split(int64_t total, size_t n, int64_t *parts)
{
    int64_t q, r, step;

    assert(n > 0 && n <= (uint64_t)INT64_MAX);
    q = total / (int64_t)n;
    r = total % (int64_t)n;
    step = r < 0 ? -1 : 1;
    if (r < 0)
        r = -r;
    for (size_t i = 0; i < n; i++)
        parts[i] = q + ((int64_t)i < r ? step : 0);
}
