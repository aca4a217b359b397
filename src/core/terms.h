/*
 * terms.h - payment terms and the due date they give.
 *
 * Pure: no I/O, no clock.
 */
#ifndef DUN_CORE_TERMS_H
#define DUN_CORE_TERMS_H

#include <stddef.h>
#include <stdint.h>

enum terms_kind {
    TERMS_NET,     /* due N days after the issue date */
    TERMS_EOM,     /* due N days after the end of the issue month */
    TERMS_RECEIPT, /* due on the issue date */
};

#define TERMS_MAX_DAYS 365

struct terms {
    enum terms_kind kind;
    int days; /* 0..TERMS_MAX_DAYS; 0 for TERMS_RECEIPT */
};

/*
 * Parse terms, case-insensitively: "net 30", "net30", "30" (plain days
 * mean net), "eom", "eom 15", "eom+15", "receipt", "due on receipt".
 * Returns 0 and fills *t, or -1 (*t untouched).
 */
int terms_parse(const char *s, size_t len, struct terms *t);

/* Due date of an invoice issued on issue under terms t. */
int32_t terms_due_date(const struct terms *t, int32_t issue);

/* Canonical text of t ("net 30", "eom 15", "receipt") into buf (>= 16). */
char *terms_format(const struct terms *t, char *buf);

#endif
