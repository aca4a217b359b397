/*
 * model.h - the records dun keeps (DESIGN.md section 3).
 *
 * Plain data, no behaviour. Strings are borrowed: whoever fills a record
 * says how long they live (an arena, a reader's buffer).
 */
#ifndef DUN_CORE_MODEL_H
#define DUN_CORE_MODEL_H

#include <stdint.h>

struct customer {
    const char *id;
    const char *name;
    const char *email;
    const char *phone;
    const char *address;
    const char *city;
    const char *postal_code;
    const char *country;  /* ISO 3166 alpha-2, or "" */
    const char *language; /* ISO 639-1, or "" */
    int terms_days;       /* payment terms: net N days */
    int64_t credit_limit; /* minor units of currency */
    char currency[4];     /* the customer's main currency */
};

enum invoice_type {
    INVOICE_PLAIN,       /* "invoice" */
    INVOICE_CREDIT_NOTE, /* "credit_note": reduces an invoice or balance */
};

struct invoice {
    const char *number;
    const char *customer_id;
    enum invoice_type type;
    const char *applies_to; /* credit notes: invoice number, or "" */
    int32_t issue_date;
    int32_t due_date;
    char currency[4];
    int64_t total; /* >= 0 */
    const char *description;
};

struct payment {
    const char *id;
    int32_t date;
    const char *customer_id;
    const char *invoice_number; /* "" when it names none */
    int64_t amount;             /* > 0 */
    char currency[4];
    const char *method;
    const char *reference;
};

/* An open invoice as kept for reports: the ledger's result, cached. */
struct open_item {
    const char *customer_id;
    const char *invoice_number;
    char currency[4];
    int32_t issue_date;
    int32_t due_date;
    int64_t amount; /* still owed, > 0 */
};

#endif
