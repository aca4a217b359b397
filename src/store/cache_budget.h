/*
 * cache_budget.h - how much a cache of the store (packs, buckets of keys)
 * may hold before it writes and forgets what was used longest ago, by
 * the order the rows come in.
 *
 * Rows that come customer by customer, or in number order, are done
 * with what the cache forgets: a small cache keeps the memory (and the
 * page faults of a fresh process) down. Rows in any other order (a
 * bank's payments, by date) come back to what was forgotten: the budget
 * doubles, up to its most, whenever more than a quarter of what the
 * last eviction forgot came back before the next. Pure.
 */
#ifndef DUN_STORE_CACHE_BUDGET_H
#define DUN_STORE_CACHE_BUDGET_H

#include <stddef.h>
#include <stdint.h>

struct cache_budget {
    size_t budget, most;
    uint64_t *gone;     /* a bit per slot: forgotten since the start */
    size_t nslots;      /* a power of two */
    size_t forgot;      /* by the last eviction */
    size_t came_back;   /* since the last eviction */
};

/* A budget of least bytes, that may grow to most; what is cached is told
 * apart by a hash, of which nslots (a power of two) bits count. */
void cache_budget_init(struct cache_budget *cb, size_t least, size_t most,
                       size_t nslots);
void cache_budget_release(struct cache_budget *cb);

/* The cache read h from the store. */
void cache_budget_missed(struct cache_budget *cb, uint64_t h);
/* The cache holds bytes, past its budget: 1 evict, 0 the budget grew
 * past bytes instead. An eviction then tells each item it forgets. */
int cache_budget_evict(struct cache_budget *cb, size_t bytes);
void cache_budget_forget(struct cache_budget *cb, uint64_t h);
/* 1 if h may have been forgotten since the start (so written to the
 * store): one sharing its slot was, or h itself; 0 it was not. */
int cache_budget_forgotten(const struct cache_budget *cb, uint64_t h);

#endif
