/*
 * money.h - exact money: integer minor units plus an ISO 4217 currency.
 *
 * Pure: no I/O, no clock, no floating point anywhere. Amounts are int64_t
 * counts of the currency's minor unit (cents for EUR, yen for JPY, fils for
 * BHD); arithmetic is overflow-checked and fails rather than wraps.
 *
 * Rounding rule (the only one): a result that falls between two minor
 * units rounds half away from zero ("commercial rounding": 0.005 -> 0.01,
 * -0.005 -> -0.01).
 */
#ifndef DUN_CORE_MONEY_H
#define DUN_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#define CURRENCY_LEN 3
/* Longest formatted amount: sign, 19 digits, point, NUL, with room. */
#define MONEY_FMT_MAX 32

/* The largest amount of one document or argument, in minor units
 * (docs/limits.md): 9,999,999,999.99 EUR, 999,999,999,999 JPY. With at
 * most 100,000 documents to a customer no sum dun forms can overflow;
 * overflow-checked arithmetic stays as the last line of defence. */
#define MONEY_MAX_AMOUNT INT64_C(999999999999)

/* Number of minor-unit digits of an ISO 4217 code (EUR 2, JPY 0, BHD 3),
 * or -1 if code (exactly 3 upper-case letters, len bytes) is not a known
 * active currency. */
int currency_exponent(const char *code, size_t len);

/* 1 if code is a known ISO 4217 currency, else 0. */
int currency_valid(const char *code, size_t len);

/*
 * Parse a plain decimal amount in the given currency: optional '-', one or
 * more digits, optionally '.' and 1..exponent digits ("12", "12.5", "12.50"
 * for EUR; "1200" for JPY). Rejects empty, '+', spaces, exponents ("1e3"),
 * comma decimals ("12,50"), thousands separators, more fraction digits than
 * the currency has ("1.234" for EUR), and values beyond int64_t.
 * On failure returns -1 and, if why is not NULL, sets *why to a static
 * reason ("not a number", "too many decimals for EUR" is reported as
 * "too many decimals", "out of range"). *out is set only on success.
 */
int money_parse(const char *s, size_t len, int exponent, int64_t *out,
                const char **why);

/* Format minor units with the given exponent as a plain decimal
 * ("-1234.50", "0.05", "1200" for exponent 0) into buf (>= MONEY_FMT_MAX
 * bytes). Returns buf. */
char *money_format(int64_t minor, int exponent, char *buf);

/* Overflow-checked arithmetic: 0 and *out on success, -1 on overflow
 * (*out untouched). */
int money_add(int64_t a, int64_t b, int64_t *out);
int money_sub(int64_t a, int64_t b, int64_t *out);
int money_mul(int64_t a, int64_t n, int64_t *out);

/* amount * num / den rounded half away from zero, computed exactly in
 * 128 bits. den must be > 0. -1 if the result does not fit. */
int money_scale(int64_t amount, int64_t num, int64_t den, int64_t *out);

/* amount * basis_points / 10000, rounded half away from zero: the one way
 * a percentage is applied (5% = 500 bp; 9.12% = 912 bp). */
int money_percent(int64_t amount, int64_t basis_points, int64_t *out);

/* Split total into n > 0 parts that sum exactly to total and differ by at
 * most one minor unit; the earlier parts take the larger share (100 / 3 ->
 * 34, 33, 33; -100 / 3 -> -34, -33, -33). */
void money_split(int64_t total, size_t n, int64_t *parts);

#endif
