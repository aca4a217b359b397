/*
 * bank.c - checks of bank details; see bank.h.
 *
 * Pure: no I/O, no locale (the character classes are spelled out in
 * ASCII).
 */
#include <stdio.h>
#include <string.h>

#include "core/bank.h"

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int
is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static int
to_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int
fail(const char **why, const char *phrase)
{
    *why = phrase;
    return -1;
}

/* 1 if s is n digits and nothing else. */
static int
all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!is_digit((unsigned char)s[i]))
            return 0;
    return s[n] == '\0';
}

int
bank_iban_normalise(const char *s, char *out, const char **why)
{
    char v[BANK_IBAN_MAX + 1];
    size_t n = 0;
    unsigned rem = 0;

    for (; *s; s++) {
        int c = to_upper((unsigned char)*s);

        if (c == ' ')
            continue;
        if (!is_upper(c) && !is_digit(c))
            return fail(why, "only letters, digits and spaces");
        if (n == BANK_IBAN_MAX)
            return fail(why, "more than 34 letters and digits");
        v[n++] = (char)c;
    }
    v[n] = '\0';
    if (n < BANK_IBAN_MIN)
        return fail(why, "fewer than 15 letters and digits");
    if (!is_upper((unsigned char)v[0]) || !is_upper((unsigned char)v[1]) ||
        !is_digit((unsigned char)v[2]) || !is_digit((unsigned char)v[3]))
        return fail(why, "it starts with a country code and two check "
                    "digits (such as DE89)");
    /* ISO 7064 MOD 97-10, a digit at a time: the first four characters
     * last, a letter as two digits (A = 10 ... Z = 35). */
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)v[(i + 4) % n];

        if (is_digit(c))
            rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    if (rem != 1)
        return fail(why, "the check digits do not match (a digit wrong "
                    "or two swapped?)");
    memcpy(out, v, n + 1);
    return 0;
}

int
bank_sort_code_normalise(const char *s, char *out, const char **why)
{
    char d[6];
    size_t n = 0;

    /* Banks print it 12-34-56, people type it 123456 or 12 34 56. */
    for (; *s; s++) {
        if (*s == '-' || *s == ' ')
            continue;
        if (!is_digit((unsigned char)*s) || n == 6)
            return fail(why, "6 digits (such as 12-34-56)");
        d[n++] = *s;
    }
    if (n != 6)
        return fail(why, "6 digits (such as 12-34-56)");
    snprintf(out, 9, "%.2s-%.2s-%.2s", d, d + 2, d + 4);
    return 0;
}

int
bank_uk_account_check(const char *s, const char **why)
{
    if (strlen(s) != 8 || !all_digits(s, 8))
        return fail(why, "8 digits");
    return 0;
}

int
bank_aba_routing_check(const char *s, const char **why)
{
    static const int weight[3] = { 3, 7, 1 };
    int sum = 0;

    if (strlen(s) != 9 || !all_digits(s, 9))
        return fail(why, "9 digits");
    for (int i = 0; i < 9; i++)
        sum += weight[i % 3] * (s[i] - '0');
    if (sum % 10 != 0)
        return fail(why, "the check digit does not match (a digit wrong "
                    "or two swapped?)");
    return 0;
}

int
bank_ach_account_check(const char *s, const char **why)
{
    size_t n = strlen(s);

    if (n < 4 || n > 17 || !all_digits(s, n))
        return fail(why, "4 to 17 digits");
    return 0;
}
