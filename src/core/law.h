/*
 * law.h - what the law of a customer's place asks of a business that
 * collects from an individual: a consumer, and for some rules a sole
 * trader. Business customers have none of these rules (NULL).
 *
 * Pure: a compiled table of facts from the jurisdiction survey the team
 * keeps (../shared/data/jurisdictions.json, version 1, compiled
 * 2026-11-22; jurisdictions-notes.md cites each source). Only rules the
 * run can act on are here; docs/policy.md lists them. Not legal advice:
 * the table is what dun does, not a statement of the law.
 */
#ifndef DUN_CORE_LAW_H
#define DUN_CORE_LAW_H

#include <stdint.h>

#include "core/model.h"

struct dun_law {
    const char *code;          /* "GB-ENG", "US", "US-MA", "NL" */
    /* A demand's deadline gives at least this many days to respond
     * (0: no minimum of the law's). */
    int32_t min_response_days;
    int calls_per_7_days;       /* at most this many calls in any 7
                                   consecutive days; 0 no limit */
    int no_call_days_after_call; /* no call in this many days after a
                                   call that reached the person, its day
                                   counting as the first; 0 none */
    int16_t earliest, latest;  /* contact only from..until, minutes
                                  after local midnight; -1 none */
    const char *source;        /* the rule, for docs and messages */
};

/* The rules for a customer of this kind in country (ISO 3166-1) and
 * region (ISO 3166-2 subdivision without the country, or ""), or NULL
 * when none apply. */
const struct dun_law *law_for(const char *country, const char *region,
                              enum customer_kind kind);

#endif
