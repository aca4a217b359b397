/*
 * ledger.h - balances of one customer's invoices, as of a date.
 *
 * Pure: no I/O, no clock. The ledger is a function of a customer's
 * documents (invoices, credit notes, payments), its disputes and an as-of
 * date; nothing
 * it computes is stored as truth, only cached (see store.h, open items).
 *
 * Rules, applied to documents in date order (on one day: invoices, then
 * credit notes, then payments; ties by number or id):
 *  R1 A document dated after as_of does not exist yet.
 *  R2 A payment goes first to the invoice it references (same currency,
 *     already issued, up to its open amount), disputed or not; the rest
 *     to the customer's open invoices of that currency as R6 orders them;
 *     the rest becomes customer credit in that currency.
 *  R3 A credit note reduces the invoice it applies to the same way; one
 *     that applies to none reduces open invoices as R6 orders them; the
 *     rest is credit.
 *  R4 Credit is applied to each invoice as it is issued, oldest credit
 *     first, so credit exists only while nothing is open in its currency.
 *  R5 Currencies never mix: every rule works within one currency, and a
 *     customer may owe in several (one balance each).
 *  R6 Money that names no invoice (or is left after its own) goes to the
 *     undisputed open invoices oldest due date first (ties: issue date,
 *     number), and to disputed ones, in the same order, only when no
 *     undisputed one is open: the customer did not mean to pay what they
 *     dispute. For money dated P an invoice is disputed when one of its
 *     disputes was opened on or before P and not resolved by P (resolved
 *     never, or after P). Nothing dated after P decides where money dated
 *     P went, so a replay of history allocates the same way.
 * Every allocation names the payment or credit note the money came from,
 * so each balance can be traced to ledger rows.
 */
#ifndef DUN_CORE_LEDGER_H
#define DUN_CORE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct ledger_invoice {
    const char *number;     /* borrowed, unique within the customer */
    const char *applies_to; /* credit notes: invoice number, or NULL */
    int32_t issue_date;
    int32_t due_date;
    char currency[4];
    int64_t total;          /* >= 0 */
    int is_credit_note;
    /* Results of ledger_compute: */
    int64_t open;           /* invoices: still owed as of the date */
    int32_t settled_date;   /* when open reached 0, else DATE_INVALID */
};

struct ledger_payment {
    const char *id;             /* borrowed */
    const char *invoice_number; /* NULL or "" when it names none */
    int32_t date;
    char currency[4];
    int64_t amount;             /* > 0 */
};

/* A dispute on one of the customer's invoices (R6). */
struct ledger_dispute {
    const char *invoice_number; /* borrowed; one naming no issued invoice
                                   of the customer is ignored */
    int32_t opened_on;
    int32_t resolved_on;        /* DATE_INVALID while it is open */
};

enum ledger_source {
    LEDGER_FROM_PAYMENT,     /* source indexes the payments */
    LEDGER_FROM_CREDIT_NOTE, /* source indexes the invoices */
};

struct ledger_alloc {
    enum ledger_source kind;
    size_t source;  /* the payment or credit note the money came from */
    size_t invoice; /* index of the invoice it reduced */
    int32_t date;   /* when it was applied */
    int64_t amount; /* > 0 */
};

struct ledger_credit {
    char currency[4];
    int64_t amount; /* unapplied credit, > 0 */
};

/* Results and scratch space; reuse one across customers to save
 * allocations. */
struct ledger {
    struct ledger_alloc *allocs;
    size_t nallocs, allocs_cap;
    struct ledger_credit *credits; /* one per currency with credit */
    size_t ncredits, credits_cap;
    /* scratch */
    struct ledger_lot *lots;
    size_t nlots, lots_cap;
    /* one computation's arrays, kept for the next: balances are
     * computed a customer at a time, fifty thousand in an import */
    void *work;
    size_t work_cap;
};

#define LEDGER_INIT {0}

void ledger_init(struct ledger *lg);
void ledger_release(struct ledger *lg);

/*
 * Compute open amounts of inv[] (setting .open and .settled_date of each;
 * credit notes and documents after as_of get open = 0), the allocations
 * and the remaining credit per currency, as of as_of, with the disputes
 * disp[] (R6; NULL when ndisp is 0). Inputs need no particular order.
 * Fails (-1, DUN_E_INPUT) only if a sum overflows.
 */
int ledger_compute(struct ledger *lg, struct ledger_invoice *inv, size_t ninv,
                   const struct ledger_payment *pay, size_t npay,
                   const struct ledger_dispute *disp, size_t ndisp,
                   int32_t as_of, struct dun_err *err);

#endif
