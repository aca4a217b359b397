/*
 * law.c - the rules of law.h, as a table.
 */
#include <string.h>

#include "core/law.h"

/* Who a row applies to: bits of enum customer_kind. */
#define SOLE_TRADER (1u << CUSTOMER_SOLE_TRADER)
#define CONSUMER (1u << CUSTOMER_CONSUMER)

static const struct {
    const char *country, *region; /* region NULL: any */
    unsigned kinds;
    struct dun_law law;
} rules[] = {
    /* England and Wales: the Pre-Action Protocol for Debt Claims (in
     * force 1 October 2017) applies when a business claims from an
     * individual, sole traders included: the letter before claim gives
     * 30 days to reply. Scotland and Northern Ireland have no such
     * protocol (they come first so that they are not matched below). */
    {"GB", "SCT", 0, {NULL, 0, 0, 0, -1, -1, NULL}},
    {"GB", "NIR", 0, {NULL, 0, 0, 0, -1, -1, NULL}},
    {"GB", NULL, SOLE_TRADER | CONSUMER,
     {"GB-ENG", 30, 0, 0, -1, -1,
      "Pre-Action Protocol for Debt Claims: 30 days to reply"}},
    /* Massachusetts binds creditors collecting consumer debts: at most 2
     * calls in 7 days, 8 a.m. to 9 p.m. (940 CMR 7.04). */
    {"US", "MA", CONSUMER,
     {"US-MA", 0, 2, 0, 8 * 60, 21 * 60,
      "940 CMR 7.04: at most 2 calls in 7 days, 8 a.m. to 9 p.m."}},
    /* Regulation F (12 CFR 1006.14(b)(2), 1006.6(b)(1)(i)): at most 7
     * calls in 7 days and none in the 7 days after a telephone
     * conversation, only from 8 a.m. to 9 p.m. at the consumer's
     * place. Written for debt collectors; California's Rosenthal Act
     * (Civ. Code 1788.17) extends it to original creditors, and the
     * survey suggests it as the guardrail for every creditor. */
    {"US", NULL, CONSUMER,
     {"US", 0, 7, 7, 8 * 60, 21 * 60,
      "Regulation F: at most 7 calls in 7 days, none for 7 days after a "
      "conversation, 8 a.m. to 9 p.m."}},
    /* The Netherlands: collection costs may be charged to a consumer
     * only after a demand giving at least 14 days (BW 6:96 lid 6). */
    {"NL", NULL, CONSUMER,
     {"NL", 14, 0, 0, -1, -1,
      "BW 6:96 lid 6: a consumer has at least 14 days after a demand"}},
};

const struct dun_law *
law_for(const char *country, const char *region, enum customer_kind kind)
{
    if (kind == CUSTOMER_BUSINESS || country == NULL)
        return NULL;
    if (region == NULL)
        region = "";
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        if (strcmp(rules[i].country, country) != 0 ||
            (rules[i].region && strcmp(rules[i].region, region) != 0))
            continue;
        return rules[i].kinds & (1u << kind) ? &rules[i].law : NULL;
    }
    return NULL;
}
