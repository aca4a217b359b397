/*
 * bank.h - checks of the business's bank details as its letters print
 * them: IBAN (ISO 13616), UK sort code and account number, US ABA
 * routing number and ACH account number.
 *
 * Pure: no I/O, no locale. Each check takes a NUL-terminated string
 * and returns 0 if it is acceptable, else -1 with *why set to a static
 * phrase, lower case, for messages such as "--iban: not an IBAN: the
 * check digits do not match". Those that normalise write the stored form
 * into out only on success. Thread-safe: no state.
 */
#ifndef DUN_CORE_BANK_H
#define DUN_CORE_BANK_H

#include <stddef.h>

#define BANK_IBAN_MIN 15 /* Norway's */
#define BANK_IBAN_MAX 34 /* ISO 13616-1 */

/* An IBAN as people write it: letters and digits, spaces anywhere, any
 * case. Into out (room for BANK_IBAN_MAX + 1) in its electronic form:
 * upper case, no spaces. ISO 13616-1: 15 to 34 characters, a country
 * code of two letters, two check digits, then letters and digits; the
 * whole, its first four moved to the end and letters read as 10 to 35,
 * is 1 modulo 97 (ISO 7064 MOD 97-10). */
int bank_iban_normalise(const char *s, char *out, const char **why);

/* A UK sort code: 6 digits, dashes and spaces between them ignored
 * ("123456", "12-34-56", "12 34 56"). Into out (room for 9) as
 * "12-34-56". */
int bank_sort_code_normalise(const char *s, char *out, const char **why);

/* A UK account number: exactly 8 digits (a shorter one is written with
 * leading zeros by its bank). */
int bank_uk_account_check(const char *s, const char **why);

/* A US ABA routing number: 9 digits whose weighted sum, weights 3, 7, 1
 * repeated, is a multiple of 10 (the ABA's check digit). */
int bank_aba_routing_check(const char *s, const char **why);

/* A US bank account number for ACH: 4 to 17 digits (NACHA's field is
 * 17 long). */
int bank_ach_account_check(const char *s, const char **why);

#endif
