/*
 * events.h - what people record between runs: customer flags and
 * segments, disputes, promises to pay, notes and reasons for not paying.
 *
 * Each call checks its input against stored data (the customer and the
 * invoice exist and belong together) and writes in one transaction, on
 * the as-of date given, so that history can be entered after the fact.
 */
#ifndef DUN_APP_EVENTS_H
#define DUN_APP_EVENTS_H

#include <stdint.h>

#include "app/app.h"
#include "core/err.h"
#include "core/model.h"

/* The longest note, call outcome, dispute reason or resolution, in
 * bytes: lines of UTF-8 without control characters (docs/limits.md). */
#define EVENT_TEXT_MAX 2000

/* Why a customer does not pay (notes and the run use these words). */
enum pay_reason {
    REASON_NONE, REASON_OVERSIGHT, REASON_CASH_FLOW, REASON_DISSATISFIED,
    REASON_WRONG_AMOUNT, REASON_OTHER,
};

/* "cash_flow" -> REASON_CASH_FLOW; -1 if not a reason. */
int pay_reason_parse(const char *s);
const char *pay_reason_name(enum pay_reason r);

/* What 'customer set' changes. */
struct customer_change {
    unsigned set_flags, clear_flags; /* enum dun_flags bits */
    const char *segment;  /* NULL keeps it, "" clears it; else a segment
                           * of the policy in force */
    int score;            /* < -1 keeps it */
    const char *timezone; /* NULL keeps it, "" clears it; else must be
                           * a zone this machine knows */
    /* The customer's record. NULL keeps a field, "" clears it (the name
     * cannot be cleared); each is checked as core/contact.h says: email
     * one bare address, phone, free text of bounded length (the
     * address may have lines, separated by line feeds), country an
     * ISO 3166-1 code in upper case, language ISO 639-1 in lower case,
     * region one of the country's (the new country, else the stored
     * one). A new country drops the stored region unless region is
     * given too. */
    const char *name, *email, *phone, *address, *city, *postal_code;
    const char *country, *region, *language;
    const char *kind; /* "business", "sole_trader", "consumer" */
    /* The person letters are addressed to: free text of at most
     * CONTACT_PERSON_MAX bytes, one line. */
    const char *contact_name;
};

/* Apply ch to the customer in one transaction: its record (through the
 * store's customer_update, nothing else: documents and balances stay as
 * they are) and what the collection cycle keeps of it. Bad input is
 * DUN_E_INPUT naming the option and why ("--email: not an e-mail
 * address: no '@'"), an unknown customer DUN_E_NOTFOUND; either way
 * nothing is written. */
int event_customer_set(struct app *app, const char *customer_id,
                       const struct customer_change *ch,
                       struct dun_err *err);

/* Open a dispute on an invoice (its customer's collection leaves it out
 * until resolved). 1 opened, 0 one was open already. The reason, like a
 * resolution, is text of lines, at most EVENT_TEXT_MAX bytes: else
 * DUN_E_INPUT ("--reason: longer than 2000 bytes") and nothing is
 * written. */
int event_dispute_open(struct app *app, const char *invoice_number,
                       const char *reason, struct dun_err *err);
/* 1 resolved, 0 none was open. */
int event_dispute_resolve(struct app *app, const char *invoice_number,
                          const char *resolution, struct dun_err *err);

/* A promise to pay amount (text, in currency, or the customer's) by a
 * date, made on the as-of date. */
int event_promise(struct app *app, const char *customer_id,
                  const char *amount, const char *currency, int32_t by, struct dun_err *err);

/*
 * A payment plan agreed on the as-of date, in currency (NULL: the
 * customer's), on the invoices named (ninvoices > 0), else on every
 * invoice of the customer in that currency overdue that day (app/plans.h
 * plan_cover_choose says which qualify, and the errors): amount (text;
 * NULL: what is open on them) in n installments every `every` days from
 * first. An amount above what is open on them is refused ("a plan of EUR
 * 5000.00 is more than the EUR 3000.00 open on the invoices it covers
 * (I-1, I-2)"). Stored with its invoices in one transaction; replaces a
 * plan made the same day. While it is kept, the run leaves its invoices
 * alone.
 */
int event_plan(struct app *app, const char *customer_id, const char *amount,
               const char *currency, size_t n, int32_t first, int32_t every,
               const char *const *invoices, size_t ninvoices,
               struct dun_err *err);

/*
 * A note ("note"), a call outcome ("call") or the reason a customer does
 * not pay; invoice may be NULL. Dissatisfaction with an invoice opens a
 * dispute on it; cash-flow trouble flags the customer so that the next
 * message offers a payment plan. The text is lines of at most
 * EVENT_TEXT_MAX bytes: else DUN_E_INPUT naming it ("TEXT: longer than
 * 2000 bytes", "OUTCOME: ..." for a call) and nothing is written.
 */
int event_note(struct app *app, const char *kind, const char *customer_id,
               const char *invoice_number, enum pay_reason reason,
               const char *text, struct dun_err *err);

#endif
