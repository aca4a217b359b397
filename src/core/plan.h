/*
 * plan.h - payment plans: a debt paid in installments, and whether a plan
 * is being kept.
 *
 * Pure. A plan is kept while the payments made since it was agreed cover
 * every installment whose date (plus grace) has passed; it is complete
 * when they cover the total, broken as soon as one installment is short.
 */
#ifndef DUN_CORE_PLAN_H
#define DUN_CORE_PLAN_H

#include <stddef.h>
#include <stdint.h>

struct plan_installment {
    int32_t due_date;
    int64_t amount; /* > 0 */
};

enum plan_status { PLAN_KEPT, PLAN_COMPLETE, PLAN_BROKEN };

/* Status as of as_of, given what was paid since the plan was agreed. */
enum plan_status plan_status(const struct plan_installment *inst, size_t n,
                             int64_t paid, int32_t as_of, int32_t grace);

/* Split total into n installments every `every` days from first (the
 * earlier ones take the odd minor units). -1 if n is 0 or every < 1. */
int plan_schedule(int64_t total, size_t n, int32_t first, int32_t every,
                  struct plan_installment *out);

#endif
