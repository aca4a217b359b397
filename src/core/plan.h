/*
 * plan.h - payment plans: a debt paid in installments, and whether a plan
 * is being kept.
 *
 * Pure: no I/O, no clock. A plan covers named invoices of one customer
 * in one currency (docs/policy.md, "Payment plans"). The rules:
 *  P1 Only money the ledger applied to the plan's invoices counts toward
 *     it, from payments and credit notes dated from the day the plan was
 *     made to the as-of date (plan_paid): paying a newer invoice does not
 *     pay an installment.
 *  P2 What counts fills the installments in date order, the earliest
 *     first (plan_paid_toward).
 *  P3 An installment is missed when the as-of date is past its date plus
 *     grace and what counts does not cover it and every one before it:
 *     the plan is broken from that day (its date + grace + 1) for as long
 *     as it stays short; catching up keeps it again.
 *  P4 A plan is complete when what counts reaches its total, or when
 *     nothing is open on its invoices any more (paid some other way).
 */
#ifndef DUN_CORE_PLAN_H
#define DUN_CORE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ledger.h"

struct plan_installment {
    int32_t due_date;
    int64_t amount; /* > 0 */
};

enum plan_status { PLAN_KEPT, PLAN_COMPLETE, PLAN_BROKEN };

/* How a plan stands on a day (plan_progress). */
struct plan_progress {
    enum plan_status status;
    size_t missed;        /* BROKEN: index of the first installment short */
    int64_t missed_short; /* BROKEN: how much of it is missing (> 0) */
    int32_t broken_on;    /* BROKEN: its date + grace + 1; else
                             DATE_INVALID */
};

/* Status as of as_of, given what was paid toward the plan (P2-P4; the
 * installments need not be complete: n may be 0). Installments are in
 * date order, as plan_schedule makes them. */
enum plan_status plan_status(const struct plan_installment *inst, size_t n,
                             int64_t paid, int32_t as_of, int32_t grace);

/* plan_status with the detail of a break: settled is 1 when nothing is
 * open on the plan's invoices as of as_of (P4). 0, or -1 (DUN_E_INPUT) if
 * the installments add up beyond int64_t. */
int plan_progress(const struct plan_installment *inst, size_t n,
                  int64_t paid, int settled, int32_t as_of, int32_t grace,
                  struct plan_progress *out, struct dun_err *err);

/* What of paid went to installment i (P2): between 0 and its amount. */
int64_t plan_paid_toward(const struct plan_installment *inst, size_t n,
                         size_t i, int64_t paid);

/* P1: the money lg (ledger_compute over inv[] and pay[], as of as_of or
 * later) applied to the invoices whose covered[] flag is set, from
 * payments and credit notes dated made_on to as_of, into *paid. When
 * per_invoice is not NULL, each covered invoice's share is added to
 * per_invoice[its index] (the caller zeroes it). 0, or -1 (DUN_E_INPUT)
 * if a sum overflows. */
int plan_paid(const struct ledger *lg, const struct ledger_invoice *inv,
              const struct ledger_payment *pay, const unsigned char *covered,
              int32_t made_on, int32_t as_of, int64_t *paid,
              int64_t *per_invoice, struct dun_err *err);

/* Split total into n installments every `every` days from first (the
 * earlier ones take the odd minor units). -1 if n is 0 or every < 1. */
int plan_schedule(int64_t total, size_t n, int32_t first, int32_t every,
                  struct plan_installment *out);

#endif
