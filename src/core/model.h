/*
 * model.h - the records dun keeps (DESIGN.md section 3).
 *
 * Plain data, no behaviour. Strings are borrowed: whoever fills a record
 * says how long they live (an arena, a reader's buffer).
 */
#ifndef DUN_CORE_MODEL_H
#define DUN_CORE_MODEL_H

#include <stdint.h>

/* Who the customer is in law: consumers and sole traders are
 * individuals, and their jurisdiction's rules on contact and demands
 * apply to them (docs/policy.md). */
enum customer_kind {
    CUSTOMER_BUSINESS,    /* "business", the default */
    CUSTOMER_SOLE_TRADER, /* "sole_trader" */
    CUSTOMER_CONSUMER,    /* "consumer" */
};

/* The most documents (invoices, credit notes, payments) one customer may
 * have (docs/limits.md): with MONEY_MAX_AMOUNT no sum of them overflows. */
#define CUSTOMER_MAX_DOCUMENTS 100000

struct customer {
    const char *id;
    const char *name;
    const char *email;
    const char *phone;
    const char *address;
    const char *city;
    const char *postal_code;
    const char *country;  /* ISO 3166 alpha-2, or "" */
    const char *region;   /* state or province: the part after the
                           * dash of an ISO 3166-2 code ("CA" in
                           * US-CA), or "" (NULL reads as "") */
    enum customer_kind kind;
    const char *language; /* ISO 639-1, or "" */
    int terms_days;       /* payment terms: net N days */
    int64_t credit_limit; /* minor units of currency */
    char currency[4];     /* the customer's main currency */
    const char *contact_name; /* the person letters are addressed to,
                               * as given ("Jane Doe"), or "" (NULL
                               * reads as "") */
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
    int64_t total;  /* the invoice's own amount; -1 when not known (a
                       balance kept before totals were: balance_codec.h) */
};

/* The business as it signs its messages; "" for what is not set. */
struct tenant {
    const char *name, *address, *email, *phone;
    const char *iban, *bic, *bank, *vat_id;
    const char *timezone; /* IANA zone of the business */
    /* ISO 639-1: the language of customers whose own has no templates
     * ("" : English). */
    const char *language;
    /* The business in law, for the footer a company's letters must
     * carry: its registered name if not name, its legal form ("GmbH",
     * "Ltd"), the register's court and its number there ("Amtsgericht
     * Leipzig", "HRB 12345"), managing directors as one line, the
     * registered office as one line, the share capital as free text. */
    const char *legal_name, *legal_form, *register_court, *register_number;
    const char *managing_directors, *registered_office, *share_capital;
    const char *website;
    /* UK bank: sort code as "12-34-56", account number of 8 digits. */
    const char *sort_code, *account_number;
    /* US: ABA routing number (9 digits), ACH account (4 to 17 digits),
     * who checks are made out to, and where they are mailed (lines
     * separated by line feeds, as address). */
    const char *ach_routing, *ach_account, *checks_payable_to, *remit_to;
    /* ISO 3166-1 alpha-2 of the business, or "": letters to customers in
     * it leave the country line out of the address. */
    const char *country;
};

/* One rendered message in the outbox (an activity of DESIGN.md: its
 * channel, stage, template and the document itself). */
struct message {
    int64_t seq;          /* set by outbox_add */
    const char *customer_id;
    int32_t date;
    const char *stage, *channel; /* "email" or "letter" */
    const char *recipient;       /* e-mail address, or postal name */
    const char *language, *template_name;
    /* The template set it was rendered with (template_set_put), or 0
     * for messages from before sets were kept: those were rendered with
     * the compiled-in templates of their day. */
    int64_t template_set;
    const char *subject, *body, *html;
    const char *inputs;          /* the template data as JSON */
    /* When an e-mail may be sent: the allowed hours of its day in the
     * customer's time zone, as UTC instants (seconds since 1970), and
     * that zone; 0 and "" for letters and older messages. */
    int64_t send_after, send_before;
    const char *timezone;
    /* Where it is on its way (core/message_state.h: "planned" when
     * added), how often its delivery was tried, and when it may be tried
     * again (seconds since 1970; 0: whenever its window is open). */
    const char *status;
    int attempts;
    int64_t retry_at;
};

/* One stored version of the collection policy. */
struct policy_version {
    int64_t version;   /* 1, 2, ... */
    int32_t loaded_on; /* the as-of date of 'dun policy load' */
    const char *source; /* the file it came from, or "default" */
    const char *text;
};

/* One import of a file: what it was and what it did. */
struct import_record {
    const char *kind; /* "customers", "invoices", "payments" */
    const char *file;
    int32_t as_of;
    int64_t rows, inserted, updated, unchanged, skipped;
};

#endif
