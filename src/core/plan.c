/*
 * plan.c - payment plan schedules, progress and status; see plan.h.
 */
#include <stdlib.h>

#include "core/date.h"
#include "core/money.h"
#include "core/plan.h"

enum plan_status
plan_status(const struct plan_installment *inst, size_t n, int64_t paid,
            int32_t as_of, int32_t grace)
{
    int64_t due = 0, total = 0;

    for (size_t i = 0; i < n; i++) {
        total += inst[i].amount;
        if (as_of > inst[i].due_date + grace)
            due += inst[i].amount;
    }
    if (paid >= total)
        return PLAN_COMPLETE;
    return paid >= due ? PLAN_KEPT : PLAN_BROKEN;
}

int
plan_progress(const struct plan_installment *inst, size_t n, int64_t paid,
              int settled, int32_t as_of, int32_t grace,
              struct plan_progress *out, struct dun_err *err)
{
    int64_t total = 0, upto = 0;

    *out = (struct plan_progress){ PLAN_KEPT, 0, 0, DATE_INVALID };
    for (size_t i = 0; i < n; i++)
        if (money_add(total, inst[i].amount, &total) < 0)
            return dun_err_set(err, DUN_E_INPUT, "plan: installments add "
                               "up beyond what an amount can hold");
    /* P4 */
    if (settled || paid >= total) {
        out->status = PLAN_COMPLETE;
        return 0;
    }
    /* P3: the installments are in date order, so the first one past its
     * grace that what was paid does not reach is the one missed. */
    for (size_t i = 0; i < n; i++) {
        upto += inst[i].amount; /* <= total: cannot overflow */
        if (as_of <= date_add_days(inst[i].due_date, grace))
            break;
        if (paid < upto) {
            int64_t sh = upto - paid;

            out->status = PLAN_BROKEN;
            out->missed = i;
            out->missed_short = sh < inst[i].amount ? sh : inst[i].amount;
            out->broken_on = date_add_days(inst[i].due_date, grace + 1);
            break;
        }
    }
    return 0;
}

int64_t
plan_paid_toward(const struct plan_installment *inst, size_t n, size_t i,
                 int64_t paid)
{
    int64_t before = 0;

    if (i >= n)
        return 0;
    /* P2: the earlier installments take their share first. */
    for (size_t k = 0; k < i && before < paid; k++)
        before += inst[k].amount;
    if (paid <= before)
        return 0;
    return paid - before < inst[i].amount ? paid - before : inst[i].amount;
}

int
plan_paid(const struct ledger *lg, const struct ledger_invoice *inv,
          const struct ledger_payment *pay, const unsigned char *covered,
          int32_t made_on, int32_t as_of, int64_t *paid,
          int64_t *per_invoice, struct dun_err *err)
{
    int64_t sum = 0;

    for (size_t k = 0; k < lg->nallocs; k++) {
        const struct ledger_alloc *al = &lg->allocs[k];
        /* The date of the money, not of its application: credit left
         * from before the plan and applied to an invoice later is not an
         * installment (P1). */
        int32_t d = al->kind == LEDGER_FROM_PAYMENT
                        ? pay[al->source].date
                        : inv[al->source].issue_date;

        if (!covered[al->invoice] || d < made_on || d > as_of)
            continue;
        if (money_add(sum, al->amount, &sum) < 0 ||
            (per_invoice && money_add(per_invoice[al->invoice], al->amount,
                                      &per_invoice[al->invoice]) < 0))
            return dun_err_set(err, DUN_E_INPUT, "plan: money paid toward "
                               "it adds up beyond what an amount can hold");
    }
    *paid = sum;
    return 0;
}

int
plan_schedule(int64_t total, size_t n, int32_t first, int32_t every,
              struct plan_installment *out)
{
    int64_t *parts;

    if (n == 0 || every < 1 || total <= 0)
        return -1;
    if ((parts = malloc(n * sizeof(*parts))) == NULL)
        return -1;
    money_split(total, n, parts);
    for (size_t i = 0; i < n; i++)
        out[i] = (struct plan_installment){
            date_add_days(first, (int32_t)i * every), parts[i] };
    free(parts);
    return 0;
}
