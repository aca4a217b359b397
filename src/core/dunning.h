/*
 * dunning.h - decide, for one customer on one day, the next collection
 * action or why there is none.
 *
 * Pure: everything comes in as arguments (open items, past contacts,
 * promises, flags, the policy, the as-of date), so that a decision can be
 * replayed and tested. The rules, in the order they are applied:
 *
 *  1. Flags first: do-not-contact, legal hold and insolvency stop all
 *     contact (reasons do_not_contact, legal_hold, insolvency).
 *  2. An item is overdue when the as-of date is past its due date; a
 *     disputed item is left out of every message, the others are still
 *     followed up (all overdue items disputed: reason dispute). Nothing
 *     overdue: no action, unless the customer opted in to a courtesy
 *     notice pre_due_notice_days before a due date.
 *  3. Nothing before due date + grace_days (reason grace).
 *  4. An active payment plan pauses everything (plan); so does a promise
 *     to pay until its date + promise_grace_days (promise). A promise
 *     broken since the last contact is said so in the next message.
 *  5. The ladder is climbed one stage at a time, from the contacts made
 *     since the oldest overdue item fell due: the next stage is the one
 *     after the last planned, never further (a backlog starts gently).
 *     Its day is after_due_days (of the most overdue item), shifted by the
 *     customer's segments, or after_previous_days after the last stage.
 *     Not yet its day: reason not_yet; no stage left: ladder_end; the
 *     stage's min_customer_overdue not met: below_minimum; a stage that
 *     waits for approval: awaiting_approval.
 *  6. Guardrails on the action: min_days_between_contacts since any last
 *     contact (min_gap), max_contacts_per_week in the 7 days ending today
 *     (weekly_cap), a quiet weekday (quiet_hours).
 * One message per customer lists all their overdue, undisputed invoices,
 * at the stage of the most overdue one, with a total per currency.
 */
#ifndef DUN_CORE_DUNNING_H
#define DUN_CORE_DUNNING_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/policy.h"

#define DUN_MAX_CURRENCIES 8
#define DUN_STAGE_PRE_DUE (-1) /* the courtesy notice before a due date */
#define DUN_STAGE_UNKNOWN (-2) /* a stage the policy no longer has: the
                                  contact counts for the guardrails only */

enum dun_reason {
    DUN_REASON_NONE,         /* an action, or nothing owed at all */
    DUN_REASON_NOTHING_OVERDUE,
    DUN_REASON_GRACE,
    DUN_REASON_DISPUTE,
    DUN_REASON_PROMISE,
    DUN_REASON_PLAN,
    DUN_REASON_DO_NOT_CONTACT,
    DUN_REASON_LEGAL_HOLD,
    DUN_REASON_INSOLVENCY,
    DUN_REASON_MIN_GAP,
    DUN_REASON_WEEKLY_CAP,
    DUN_REASON_QUIET_HOURS,
    DUN_REASON_BELOW_MINIMUM,
    DUN_REASON_AWAITING_APPROVAL,
    DUN_REASON_NOT_YET,
    DUN_REASON_LADDER_END,
    DUN_REASON_ERROR,        /* the customer's data could not be handled */
};

/* "dispute", "min_gap", ... as in the run's JSON. */
const char *dun_reason_name(enum dun_reason r);
/* The same for people: "inside the grace period", ... */
const char *dun_reason_words(enum dun_reason r);

enum dun_flags {
    DUN_DO_NOT_CONTACT = 1 << 0,
    DUN_LEGAL_HOLD = 1 << 1,
    DUN_INSOLVENT = 1 << 2,
    DUN_PRE_DUE_OPT_IN = 1 << 3, /* asked for courtesy pre-due notices */
    DUN_CASH_FLOW = 1 << 4,      /* known cash-flow trouble: offer a plan */
};

/* How an item appears in a message (d->in_message[i]). */
enum dun_role {
    DUN_ROLE_NONE,  /* not listed */
    DUN_ROLE_STAGE, /* at the message's stage: under its deadline and
                       consequences */
    DUN_ROLE_ALSO,  /* newer overdue: listed as also due, outside them */
};

/* One open invoice of the customer. */
struct dun_item {
    const char *number;
    char currency[4];
    int32_t due_date;
    int64_t balance; /* open amount, > 0 */
    int disputed;
    int32_t days_overdue; /* as of the decision's day; < 0 not yet due */
};

enum dun_approval { DUN_APPROVAL_NONE, DUN_APPROVAL_PENDING,
                    DUN_APPROVAL_GIVEN, DUN_APPROVAL_REFUSED };

/* A contact planned for the customer in an earlier run, oldest first. */
struct dun_contact {
    int32_t date;
    int stage;                 /* policy stage index or DUN_STAGE_PRE_DUE */
    enum dun_approval approval; /* for stages that require it */
};

struct dun_customer {
    const char *id;
    unsigned flags;          /* enum dun_flags */
    const char *segment;     /* manual segment name, or NULL */
    int score;               /* payer score 0..100, -1 unknown */
    int plan_active;
    int has_promise;         /* an unkept promise to pay */
    int32_t promise_by;
    const struct dun_item *items;
    size_t nitems;
    const struct dun_contact *contacts;
    size_t ncontacts;
};

struct dun_total {
    char currency[4];
    int64_t overdue; /* of the items in the message */
};

struct dun_decision {
    int act;                /* 1: contact (or hand off) today */
    enum dun_reason reason; /* why not, when act is 0 */
    int stage;              /* the stage planned (or due, when skipped) */
    unsigned channels;      /* enum policy_channel bits; 0 for hand-offs */
    int handoff;
    int needs_approval;     /* planned, but a person approves first */
    int broken_promise;     /* the message says a promise was broken */
    int offer_plan;         /* the message offers a payment plan */
    int32_t max_days_overdue;
    int32_t deadline;       /* pay-by date stated, or DATE_INVALID */
    unsigned char *in_message; /* caller's array: 1 per item listed */
    struct dun_total totals[DUN_MAX_CURRENCIES];
    size_t ntotals;
};

/*
 * Decide for c as of as_of. d->in_message must point at c->nitems bytes.
 * 0 on success (d filled); -1 only for input dun cannot handle (more
 * than DUN_MAX_CURRENCIES currencies, a sum that overflows).
 */
int dun_decide(const struct policy *p, const struct dun_customer *c,
               int32_t as_of, struct dun_decision *d, struct dun_err *err);

/* The day (days past due) stage s starts for a customer with the given
 * segment shift, after clamping to grace and to the stages before it;
 * -1 for stages timed after_previous_days. */
int32_t dun_stage_day(const struct policy *p, size_t s, int32_t shift);

#endif
