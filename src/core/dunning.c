/*
 * dunning.c - the next collection action for one customer; the rules are
 * in dunning.h, in the order this file applies them.
 */
#include <string.h>

#include "core/date.h"
#include "core/dunning.h"
#include "core/money.h"

const char *
dun_reason_name(enum dun_reason r)
{
    static const char *const names[] = {
        [DUN_REASON_NONE] = "none",
        [DUN_REASON_NOTHING_OVERDUE] = "nothing_overdue",
        [DUN_REASON_GRACE] = "grace",
        [DUN_REASON_DISPUTE] = "dispute",
        [DUN_REASON_PROMISE] = "promise",
        [DUN_REASON_PLAN] = "plan",
        [DUN_REASON_DO_NOT_CONTACT] = "do_not_contact",
        [DUN_REASON_LEGAL_HOLD] = "legal_hold",
        [DUN_REASON_INSOLVENCY] = "insolvency",
        [DUN_REASON_MIN_GAP] = "min_gap",
        [DUN_REASON_WEEKLY_CAP] = "weekly_cap",
        [DUN_REASON_QUIET_HOURS] = "quiet_hours",
        [DUN_REASON_BELOW_MINIMUM] = "below_minimum",
        [DUN_REASON_AWAITING_APPROVAL] = "awaiting_approval",
        [DUN_REASON_NOT_YET] = "not_yet",
        [DUN_REASON_LADDER_END] = "ladder_end",
        [DUN_REASON_ERROR] = "error",
    };

    return (size_t)r < sizeof(names) / sizeof(names[0]) && names[r]
               ? names[r]
               : "?";
}

const char *
dun_reason_words(enum dun_reason r)
{
    static const char *const words[] = {
        [DUN_REASON_NONE] = "nothing to do",
        [DUN_REASON_NOTHING_OVERDUE] = "nothing overdue",
        [DUN_REASON_GRACE] = "inside the grace period",
        [DUN_REASON_DISPUTE] = "what is overdue is disputed",
        [DUN_REASON_PROMISE] = "promised to pay by a date not yet passed",
        [DUN_REASON_PLAN] = "keeping a payment plan",
        [DUN_REASON_DO_NOT_CONTACT] = "marked do not contact",
        [DUN_REASON_LEGAL_HOLD] = "under legal hold",
        [DUN_REASON_INSOLVENCY] = "insolvent",
        [DUN_REASON_MIN_GAP] = "contacted too recently",
        [DUN_REASON_WEEKLY_CAP] = "contacted as often as a week allows",
        [DUN_REASON_QUIET_HOURS] = "a quiet day",
        [DUN_REASON_BELOW_MINIMUM] = "owes less than the stage's minimum",
        [DUN_REASON_AWAITING_APPROVAL] = "waiting for approval",
        [DUN_REASON_NOT_YET] = "the next stage is not due yet",
        [DUN_REASON_LADDER_END] = "every stage is done",
        [DUN_REASON_ERROR] = "could not be handled",
    };

    return (size_t)r < sizeof(words) / sizeof(words[0]) && words[r]
               ? words[r]
               : "?";
}

int32_t
dun_stage_day(const struct policy *p, size_t s, int32_t shift)
{
    int32_t prev = -1, day = -1;

    for (size_t i = 0; i <= s && i < p->nstages; i++) {
        const struct policy_stage *st = &p->stage[i];

        if (st->after_previous_days >= 0) {
            /* Its real day depends on when the stage before it was; for
             * the stages after it, assume it came on time. */
            day = prev + st->after_previous_days;
            prev = day;
            if (i == s)
                return -1;
            continue;
        }
        day = st->after_due_days + shift;
        if (day < p->grace_days)
            day = p->grace_days;
        if (day <= prev)
            day = prev + 1;
        prev = day;
    }
    return day;
}

/* Add amount to the total of its currency. */
static int
add_total(struct dun_decision *d, const struct dun_item *it,
          struct dun_err *err)
{
    size_t i;

    for (i = 0; i < d->ntotals; i++)
        if (strcmp(d->totals[i].currency, it->currency) == 0)
            break;
    if (i == d->ntotals) {
        if (i == DUN_MAX_CURRENCIES)
            return dun_err_set(err, DUN_E_INPUT, "more than %d currencies",
                               DUN_MAX_CURRENCIES);
        memcpy(d->totals[i].currency, it->currency, 4);
        d->totals[i].overdue = 0;
        d->ntotals++;
    }
    if (money_add(d->totals[i].overdue, it->balance,
                  &d->totals[i].overdue) < 0)
        return dun_err_set(err, DUN_E_INPUT, "overdue total overflows");
    return 0;
}

/* The customer's overdue totals meet a policy threshold: the shares of
 * their currencies add up (policy_amount_met), so that EUR 300 and
 * GBP 300 count against a 500.00 minimum. */
static int
owes_at_least(const struct dun_decision *d, const struct policy_amount *a)
{
    char currency[DUN_MAX_CURRENCIES][4];
    int64_t owed[DUN_MAX_CURRENCIES];

    for (size_t i = 0; i < d->ntotals; i++) {
        memcpy(currency[i], d->totals[i].currency, 4);
        owed[i] = d->totals[i].overdue;
    }
    return policy_amount_met(a, (const char(*)[4])currency, owed,
                             d->ntotals);
}

static int
segment_applies(const struct policy_segment *sg, const struct dun_customer *c,
                const struct dun_decision *d)
{
    /* Put in a segment by hand: it applies whatever its conditions. */
    if (c->segment && strcmp(c->segment, sg->name) == 0)
        return 1;
    if (sg->manual)
        return 0;
    if (sg->min_score >= 0 && (c->score < 0 || c->score < sg->min_score))
        return 0;
    if (!owes_at_least(d, &sg->min_customer_overdue)) /* empty: met */
        return 0;
    return 1;
}

/* The guardrails any contact must pass (rule 6). */
static enum dun_reason
guardrails(const struct policy *p, const struct dun_customer *c,
           int32_t as_of)
{
    /* Never two contacts on one day, whatever the policy says: this is
     * also what makes a second run of the same day plan nothing. */
    int32_t gap = p->min_days_between_contacts > 1
                      ? p->min_days_between_contacts : 1;
    int32_t week = 0;

    for (size_t i = 0; i < c->ncontacts; i++) {
        int32_t ago = as_of - c->contacts[i].date;

        if (ago >= 0 && ago < gap)
            return DUN_REASON_MIN_GAP;
        if (ago >= 0 && ago < 7)
            week++;
    }
    if (week >= p->max_contacts_per_week)
        return DUN_REASON_WEEKLY_CAP;
    if (p->quiet_days & (1u << (date_weekday(as_of) - 1)))
        return DUN_REASON_QUIET_HOURS;
    return DUN_REASON_NONE;
}

/* A courtesy notice before a due date, for customers who asked (rule 2).
 * 1 planned (in d), 0 none due. */
static int
pre_due_notice(const struct policy *p, const struct dun_customer *c,
               int32_t as_of, struct dun_decision *d, struct dun_err *err)
{
    int32_t first_due = INT32_MAX;

    if (!(c->flags & DUN_PRE_DUE_OPT_IN) || p->pre_due_notice_days == 0)
        return 0;
    for (size_t i = 0; i < c->nitems; i++) {
        const struct dun_item *it = &c->items[i];
        int32_t ahead = it->due_date - as_of;

        if (it->disputed || ahead <= 0 || ahead > p->pre_due_notice_days)
            continue;
        d->in_message[i] = 1;
        if (add_total(d, it, err) < 0)
            return -1;
        if (it->due_date < first_due)
            first_due = it->due_date;
    }
    if (first_due == INT32_MAX)
        return 0;
    /* One notice per due date window. */
    for (size_t i = 0; i < c->ncontacts; i++)
        if (c->contacts[i].stage == DUN_STAGE_PRE_DUE &&
            c->contacts[i].date >= first_due - p->pre_due_notice_days) {
            memset(d->in_message, 0, c->nitems);
            d->ntotals = 0;
            return 0;
        }
    d->stage = DUN_STAGE_PRE_DUE;
    return 1;
}

/* Rule 5: the next stage and whether its day has come. */
static enum dun_reason
next_stage(const struct policy *p, const struct dun_customer *c,
           int32_t as_of, int32_t episode_start, int32_t shift,
           struct dun_decision *d)
{
    int last = -1;
    int32_t last_date = DATE_INVALID;
    enum dun_approval approval = DUN_APPROVAL_NONE;
    const struct policy_stage *st;

    for (size_t i = 0; i < c->ncontacts; i++) {
        const struct dun_contact *ct = &c->contacts[i];

        if (ct->stage < 0 || ct->date < episode_start || ct->stage < last)
            continue;
        last = ct->stage;
        last_date = ct->date;
        approval = ct->approval;
    }
    if (last >= 0 && approval == DUN_APPROVAL_PENDING) {
        d->stage = last;
        return DUN_REASON_AWAITING_APPROVAL;
    }
    if ((size_t)(last + 1) >= p->nstages) {
        d->stage = last;
        return DUN_REASON_LADDER_END;
    }
    d->stage = last + 1;
    st = &p->stage[d->stage];
    if (st->after_previous_days >= 0) {
        if (as_of < last_date + st->after_previous_days)
            return DUN_REASON_NOT_YET;
    } else if (d->max_days_overdue < dun_stage_day(p, (size_t)d->stage,
                                                   shift)) {
        return DUN_REASON_NOT_YET;
    }
    if (!owes_at_least(d, &st->min_customer_overdue)) /* empty: met */
        return DUN_REASON_BELOW_MINIMUM;
    return DUN_REASON_NONE;
}

static int
skip(struct dun_decision *d, enum dun_reason r)
{
    d->act = 0;
    d->reason = r;
    return 0;
}

int
dun_decide(const struct policy *p, const struct dun_customer *c,
           int32_t as_of, struct dun_decision *d, struct dun_err *err)
{
    unsigned char *in_message = d->in_message;
    size_t disputed = 0, included = 0;
    int32_t episode_start = INT32_MAX, shift = 0;
    unsigned add_channels = 0;
    enum dun_reason r;
    int rc;

    memset(d, 0, sizeof(*d));
    d->in_message = in_message;
    memset(in_message, 0, c->nitems);
    d->stage = -1;
    d->deadline = DATE_INVALID;
    /* 1: flags */
    if (c->flags & DUN_DO_NOT_CONTACT)
        return skip(d, DUN_REASON_DO_NOT_CONTACT);
    if (c->flags & DUN_LEGAL_HOLD)
        return skip(d, DUN_REASON_LEGAL_HOLD);
    if (c->flags & DUN_INSOLVENT)
        return skip(d, DUN_REASON_INSOLVENCY);
    /* 2: what is overdue, less what is disputed */
    for (size_t i = 0; i < c->nitems; i++) {
        const struct dun_item *it = &c->items[i];
        int32_t late = as_of - it->due_date;

        if (late <= 0 || it->balance <= 0)
            continue;
        if (it->disputed) {
            disputed++;
            continue;
        }
        in_message[i] = 1;
        included++;
        if (add_total(d, it, err) < 0)
            return -1;
        if (late > d->max_days_overdue)
            d->max_days_overdue = late;
        if (it->due_date < episode_start)
            episode_start = it->due_date;
    }
    if (included == 0) {
        if (disputed)
            return skip(d, DUN_REASON_DISPUTE);
        if ((rc = pre_due_notice(p, c, as_of, d, err)) <= 0)
            return rc < 0 ? -1 : skip(d, DUN_REASON_NOTHING_OVERDUE);
        if ((r = guardrails(p, c, as_of)) != DUN_REASON_NONE)
            return skip(d, r);
        d->act = 1;
        d->channels = CHANNEL_EMAIL;
        return 0;
    }
    /* 3: grace */
    if (d->max_days_overdue < p->grace_days)
        return skip(d, DUN_REASON_GRACE);
    /* 4: plans and promises */
    if (c->plan_active)
        return skip(d, DUN_REASON_PLAN);
    if (c->has_promise) {
        int32_t broken_on = c->promise_by + p->promise_grace_days + 1;

        if (as_of < broken_on)
            return skip(d, DUN_REASON_PROMISE);
        d->broken_promise = 1;
        for (size_t i = 0; i < c->ncontacts; i++)
            if (c->contacts[i].date >= broken_on)
                d->broken_promise = 0; /* already said */
    }
    /* 5: the ladder, shifted by the customer's segments */
    for (size_t i = 0; i < p->nsegments; i++)
        if (segment_applies(&p->segment[i], c, d)) {
            shift += p->segment[i].shift_days;
            add_channels |= p->segment[i].add_channels;
        }
    if ((r = next_stage(p, c, as_of, episode_start, shift, d)) !=
        DUN_REASON_NONE)
        return skip(d, r);
    /* 6: guardrails */
    if ((r = guardrails(p, c, as_of)) != DUN_REASON_NONE)
        return skip(d, r);
    {
        const struct policy_stage *st = &p->stage[d->stage];

        d->act = 1;
        d->handoff = st->action == ACTION_HANDOFF;
        d->channels = d->handoff ? 0 : st->channels | add_channels;
        d->needs_approval = st->requires_approval;
        d->offer_plan = (c->flags & DUN_CASH_FLOW) != 0;
        if (st->deadline_days)
            d->deadline = date_add_days(as_of, st->deadline_days);
    }
    return 0;
}
