/*
 * dunning.h - decide, for one customer on one day, the next collection
 * action or why there is none.
 *
 * Pure: everything comes in as arguments (open items with the ladder
 * each has climbed, past contacts, promises, flags, the policy, the
 * as-of date), so that a decision can be replayed and tested. The rules,
 * in the order they are applied (docs/policy.md says them for people):
 *
 *  1. Flags first: do-not-contact, legal hold and insolvency stop all
 *     contact (reasons do_not_contact, legal_hold, insolvency).
 *  2. An item is overdue when the as-of date is past its due date. A
 *     disputed item, one a kept payment plan covers and one handed off
 *     with approval are left out; the others are followed up (all of them
 *     left out: reason dispute or plan). Nothing overdue: no action,
 *     unless the customer opted in to a courtesy notice.
 *  3. Nothing before due date + grace_days (reason grace).
 *  4. A promise to pay pauses everything until its date plus
 *     promise_grace_days (promise); broken, the next message says so.
 *     A plan whose installment was missed first gets a message of its own
 *     (DUN_STAGE_PLAN_MISSED, listing the plan's invoices); then its
 *     invoices go on from where they stood on their ladder.
 *  5. Each invoice climbs its own ladder, one stage at a time: its next
 *     stage is the one after the last it reached. That stage is ready
 *     when its day has come (after_due_days past the invoice's own due
 *     date, shifted by the customer's segments; or after_previous_days
 *     after the invoice's last stage), the deadline the last stage gave
 *     has passed, no approval is pending for it, and the customer owes
 *     the stage's min_customer_overdue (a hand-off below it is proposed
 *     for approval all the same). The message takes the highest
 *     ready stage; the invoices ready for it are listed under it
 *     (DUN_ROLE_STAGE), the customer's other overdue invoices past grace
 *     as also due (DUN_ROLE_ALSO), outside its deadline and consequences.
 *     A hand-off lists only the invoices it hands off.
 *     Nothing ready: an invoice past its last stage, with a hand-off
 *     refused or below its minimum is after the ladder: a statement of
 *     account every statement_every_days (the statement stage); else the
 *     reason awaiting_approval, below_minimum, ladder_end or not_yet.
 *  6. Guardrails on a message: min_days_between_contacts since the last
 *     contact with the customer (min_gap), max_contacts_per_week in the
 *     7 days ending today (weekly_cap), a quiet weekday (quiet_hours).
 *     A hand-off is not a contact with the customer: no guardrail holds
 *     it, and it counts for none.
 *  7. An individual's law (core/law.h): a deadline gives at least its
 *     min_response_days; calls beyond its calls_per_7_days, or within
 *     no_call_days_after_call of a call that reached the person, are
 *     left out of the action (a call alone: weekly_cap).
 * A deadline counts from the day the message arrives (an e-mail the day
 * it is sent; a letter alone postal_days later) and moves off weekends
 * and the policy's holidays.
 */
#ifndef DUN_CORE_DUNNING_H
#define DUN_CORE_DUNNING_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/law.h"
#include "core/policy.h"

#define DUN_MAX_CURRENCIES 8
#define DUN_STAGE_PRE_DUE (-1)  /* the courtesy notice before a due date */
#define DUN_STAGE_UNKNOWN (-2)  /* a stage the policy no longer has: the
                                   contact counts for the guardrails only */
#define DUN_STAGE_STATEMENT (-3) /* a statement after the ladder */
#define DUN_STAGE_NONE (-4)     /* a contact that climbs no ladder (a call
                                   task when there is no usable contact) */
#define DUN_STAGE_PLAN_MISSED (-5) /* a plan's installment was missed */

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
    DUN_REASON_HANDED_OFF,   /* all that is overdue is with an agency */
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
    /* The e-mail address was refused or bounced: it does not reach the
     * customer (cleared when the address changes). */
    DUN_EMAIL_BAD = 1 << 5,
};

/* How an item appears in a message (d->in_message[i]). */
enum dun_role {
    DUN_ROLE_NONE,  /* not listed */
    DUN_ROLE_STAGE, /* at the message's stage: under its deadline and
                       consequences */
    DUN_ROLE_ALSO,  /* newer overdue: listed as also due, outside them */
};

/* The approval a stage that needs one has had. */
enum dun_approval { DUN_APPROVAL_NONE, DUN_APPROVAL_PENDING,
                    DUN_APPROVAL_GIVEN, DUN_APPROVAL_REFUSED };

/* One open invoice of the customer, with the ladder it has climbed. */
struct dun_item {
    const char *number;
    char currency[4];
    int32_t issue_date;
    int32_t due_date;
    int64_t balance; /* open amount, > 0 */
    int64_t total;   /* the invoice's own amount; below balance (-1, 0)
                        when not known */
    int disputed;
    int in_plan;     /* covered by a payment plan being kept */
    int plan_covered; /* covered by the latest plan, kept or not */
    int32_t days_overdue; /* as of the decision's day; < 0 not yet due */
    int stage;            /* the last stage it reached, -1 none */
    int32_t stage_date;   /* the day it reached it */
    int32_t deadline;     /* the deadline that stage gave, DATE_INVALID */
    enum dun_approval approval; /* of that stage, when it needs one */
};

/* A contact with the customer planned in an earlier run, oldest first. */
struct dun_contact {
    int32_t date;
    int stage;      /* policy stage index or a DUN_STAGE_* */
    unsigned channels; /* enum policy_channel bits; 0 for a hand-off */
    int32_t call_on;   /* a call task: the day the call was made (it
                          reached the person), else DATE_INVALID */
};

struct dun_customer {
    const char *id;
    unsigned flags;          /* enum dun_flags */
    const char *segment;     /* manual segment name, or NULL */
    int score;               /* payer score 0..100, -1 unknown */
    int plan_missed;         /* the latest plan broke and no message
                                has said so yet */
    int has_promise;         /* an unkept promise to pay */
    int32_t promise_by;
    const struct dun_item *items;
    size_t nitems;
    const struct dun_contact *contacts;
    size_t ncontacts;
    const struct dun_law *law; /* an individual's rules, or NULL */
};

struct dun_total {
    char currency[4];
    int64_t overdue; /* of the items in the message */
};

struct dun_decision {
    int act;                /* 1: contact (or hand off) today */
    enum dun_reason reason; /* why not, when act is 0 */
    int stage;              /* the stage planned (or due, when skipped):
                               an index or DUN_STAGE_PRE_DUE/_STATEMENT */
    unsigned channels;      /* enum policy_channel bits; 0 for hand-offs */
    int handoff;
    int needs_approval;     /* planned, but a person approves first */
    int below_minimum;      /* a hand-off proposed below its stage's
                               minimum: a person decides (write off, or
                               pass it on all the same) */
    int broken_promise;     /* the message says a promise was broken */
    int offer_plan;         /* the message offers a payment plan */
    int backlog;            /* a reminder about invoices already past the
                               next stage's day, or to a customer with
                               debts handed off or past the ladder: no
                               "oversight" */
    int next_stage;         /* what really follows for the listed
                               invoices: a stage index, or -1 (nothing
                               automatic: the account is reviewed) */
    int32_t max_days_overdue; /* of the invoices listed under the stage */
    int32_t deadline;       /* pay-by date stated, or DATE_INVALID */
    unsigned char *in_message; /* caller's array: enum dun_role per item */
    struct dun_total totals[DUN_MAX_CURRENCIES]; /* of DUN_ROLE_STAGE */
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

/* The day a stage's deadline falls on for a message planned on day with
 * these channels: deadline_days (at least the law's min_response_days)
 * after it arrives, moved to the next business day; DATE_INVALID when
 * the stage states none. */
int32_t dun_deadline(const struct policy *p, const struct policy_stage *st,
                     unsigned channels, int32_t day,
                     const struct dun_law *law);

/* The stage an item has reached once the message of d went out: the
 * message's for DUN_ROLE_STAGE; for DUN_ROLE_ALSO the first stage when
 * it had none (being listed overdue was its reminder), else its own. */
int dun_item_stage_after(const struct dun_decision *d,
                         const struct dun_item *it, enum dun_role role);

#endif
