/*
 * plan.c - payment plan schedules and status; see plan.h.
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
