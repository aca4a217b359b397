/*
 * statement.h - a customer's account in date order, as of the app's date.
 *
 * Recomputes the customer's ledger as of the date, with its disputes
 * (docs/ledger.md), and lists each document dated on or before it with
 * what it did: invoices raise the balance of
 * their currency, credit notes and payments lower it, naming the invoices
 * they were applied to. Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_STATEMENT_H
#define DUN_APP_STATEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"

enum statement_kind {
    STATEMENT_INVOICE,
    STATEMENT_CREDIT_NOTE,
    STATEMENT_PAYMENT,
};

struct statement_applied {
    const char *invoice_number;
    int64_t amount; /* > 0 */
};

struct statement_line {
    int32_t date;
    enum statement_kind kind;
    const char *ref;  /* invoice or credit note number, payment id */
    int32_t due_date; /* invoices; DATE_INVALID for the others */
    char currency[4];
    int64_t amount;   /* signed: what it did to the balance */
    int64_t balance;  /* the currency's running balance after it */
    int64_t open;     /* invoices: still owed as of the date; else 0 */
    const struct statement_applied *applied; /* credit notes, payments */
    size_t napplied;
};

struct statement_balance {
    char currency[4];
    int64_t balance;
};

struct statement {
    struct customer customer;
    int32_t as_of;
    struct statement_line *lines; /* date order; on one day invoices,
                                     credit notes, then payments */
    size_t nlines;
    struct statement_balance *balances; /* in order of first appearance */
    size_t nbalances;
    struct arena arena; /* everything above lives here */
};

/* Build the statement of customer_id into *s (release it with
 * statement_release, also after a failure). -1 with DUN_E_NOTFOUND "no
 * customer 'X'", or the ledger's error. */
int statement_build(struct app *app, const char *customer_id,
                    struct statement *s, struct dun_err *err);
void statement_release(struct statement *s);

#endif
