/*
 * cache_budget.c - a store cache's budget by the order of the rows; see
 * cache_budget.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/cache_budget.h"

void
cache_budget_init(struct cache_budget *cb, size_t least, size_t most,
                  size_t nslots)
{
    memset(cb, 0, sizeof(*cb));
    cb->budget = least;
    cb->most = most;
    cb->nslots = nslots;
    cb->gone = xcalloc((nslots + 63) / 64, sizeof(*cb->gone));
}

void
cache_budget_release(struct cache_budget *cb)
{
    free(cb->gone);
    memset(cb, 0, sizeof(*cb));
}

int
cache_budget_forgotten(const struct cache_budget *cb, uint64_t h)
{
    size_t i = (size_t)h & (cb->nslots - 1);

    return (int)(cb->gone[i / 64] >> (i % 64) & 1);
}

void
cache_budget_missed(struct cache_budget *cb, uint64_t h)
{
    /* Two items may share a slot: a guess, right for most. */
    if (cache_budget_forgotten(cb, h))
        cb->came_back++;
}

int
cache_budget_evict(struct cache_budget *cb, size_t bytes)
{
    int grow = cb->forgot > 0 && cb->came_back > cb->forgot / 4 &&
               cb->budget < cb->most;

    cb->forgot = 0;
    cb->came_back = 0;
    if (!grow)
        return 1;
    cb->budget = cb->budget > cb->most / 2 ? cb->most : cb->budget * 2;
    return bytes > cb->budget;
}

void
cache_budget_forget(struct cache_budget *cb, uint64_t h)
{
    size_t i = (size_t)h & (cb->nslots - 1);

    cb->gone[i / 64] |= UINT64_C(1) << (i % 64);
    cb->forgot++;
}
