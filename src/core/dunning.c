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
        [DUN_REASON_HANDED_OFF] = "handed_off",
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
        [DUN_REASON_HANDED_OFF] = "handed off to an agency or a lawyer",
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

int32_t
dun_deadline(const struct policy *p, const struct policy_stage *st,
             unsigned channels, int32_t day, const struct dun_law *law)
{
    int32_t days = st->deadline_days;
    /* A letter alone arrives by post; an e-mail (or a call) the day it
     * goes out, and with both the earlier one counts. */
    int32_t arrives = (channels & CHANNEL_LETTER) && !(channels & CHANNEL_EMAIL)
                          ? date_add_days(day, p->postal_days)
                          : day;

    if (days <= 0)
        return DATE_INVALID;
    if (law && days < law->min_response_days)
        days = law->min_response_days;
    return policy_next_business_day(p, date_add_days(arrives, days));
}

int
dun_item_stage_after(const struct dun_decision *d, const struct dun_item *it,
                     enum dun_role role)
{
    if (role == DUN_ROLE_STAGE)
        return d->stage;
    if (role == DUN_ROLE_ALSO && it->stage < 0 && d->stage > 0)
        return 0;
    return it->stage;
}

/* Add amount to the total of its currency. */
static int
add_total(struct dun_total *totals, size_t *ntotals, const struct dun_item *it,
          struct dun_err *err)
{
    size_t i;

    for (i = 0; i < *ntotals; i++)
        if (strcmp(totals[i].currency, it->currency) == 0)
            break;
    if (i == *ntotals) {
        if (i == DUN_MAX_CURRENCIES)
            return dun_err_set(err, DUN_E_INPUT, "more than %d currencies",
                               DUN_MAX_CURRENCIES);
        memcpy(totals[i].currency, it->currency, 4);
        totals[i].overdue = 0;
        (*ntotals)++;
    }
    if (money_add(totals[i].overdue, it->balance, &totals[i].overdue) < 0)
        return dun_err_set(err, DUN_E_INPUT, "overdue total overflows");
    return 0;
}

/* The customer's overdue totals meet a policy amount (docs/policy.md:
 * each currency counts for its share of its threshold). */
static int
owes_at_least(const struct dun_total *totals, size_t n,
              const struct policy_amount *a)
{
    char cur[DUN_MAX_CURRENCIES][4];
    int64_t owed[DUN_MAX_CURRENCIES];

    for (size_t i = 0; i < n; i++) {
        memcpy(cur[i], totals[i].currency, 4);
        owed[i] = totals[i].overdue;
    }
    return policy_amount_met(a, (const char (*)[4])cur, owed, n);
}

static int
segment_applies(const struct policy_segment *sg, const struct dun_customer *c,
                const struct dun_total *totals, size_t ntotals)
{
    /* Put in a segment by hand: it applies whatever its conditions. */
    if (c->segment && strcmp(c->segment, sg->name) == 0)
        return 1;
    if (sg->manual)
        return 0;
    if (sg->min_score >= 0 && (c->score < 0 || c->score < sg->min_score))
        return 0;
    if (sg->min_customer_overdue.n > 0 &&
        !owes_at_least(totals, ntotals, &sg->min_customer_overdue))
        return 0;
    return 1;
}

/* The guardrails a message must pass (rule 6). A hand-off (no channel)
 * is not a contact with the customer and counts for none. */
static enum dun_reason
guardrails(const struct policy *p, const struct dun_customer *c,
           int32_t as_of, int handoff)
{
    /* Never two contacts on one day, whatever the policy says: this is
     * also what makes a second run of the same day plan nothing. */
    int32_t gap = p->min_days_between_contacts > 1
                      ? p->min_days_between_contacts : 1;
    int32_t week = 0;

    for (size_t i = 0; i < c->ncontacts; i++) {
        int32_t ago = as_of - c->contacts[i].date;

        /* One action a day, a hand-off included: a day run twice plans
         * nothing new. */
        if (ago == 0)
            return DUN_REASON_MIN_GAP;
        if (handoff || c->contacts[i].channels == 0)
            continue;
        if (ago >= 0 && ago < gap)
            return DUN_REASON_MIN_GAP;
        if (ago >= 0 && ago < 7)
            week++;
    }
    if (handoff)
        return DUN_REASON_NONE;
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
        d->in_message[i] = DUN_ROLE_STAGE;
        if (add_total(d->totals, &d->ntotals, it, err) < 0)
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

/* Where one item stands on its ladder today (rule 5). */
enum item_state {
    ITEM_OFF,       /* not on a ladder today (paid, disputed, in a plan,
                       handed off, inside grace): 0, as in_message starts */
    ITEM_READY,     /* its next stage can happen today */
    ITEM_WAITING,   /* its next stage's day or deadline has not come */
    ITEM_PENDING,   /* a person has still to approve its last stage */
    ITEM_BELOW,     /* its next stage's minimum is not met */
    ITEM_ENDED,     /* no stage left, or its hand-off was refused */
};

static enum item_state
item_state(const struct policy *p, const struct dun_item *it, int32_t as_of,
           int32_t shift, const struct dun_total *totals, size_t ntotals,
           int *next)
{
    const struct policy_stage *st;
    int last = it->stage >= 0 ? it->stage : -1;

    *next = last + 1;
    if (last >= 0 && it->approval == DUN_APPROVAL_PENDING)
        return ITEM_PENDING;
    if (last >= 0 && it->approval == DUN_APPROVAL_REFUSED)
        return ITEM_ENDED;
    if ((size_t)*next >= p->nstages)
        return ITEM_ENDED;
    st = &p->stage[*next];
    /* A stage that gave a deadline is followed only once it has passed. */
    if (it->deadline != DATE_INVALID && as_of <= it->deadline)
        return ITEM_WAITING;
    if (st->after_previous_days >= 0) {
        if (last < 0 || as_of < it->stage_date + st->after_previous_days)
            return ITEM_WAITING;
    } else if (it->days_overdue < dun_stage_day(p, (size_t)*next, shift)) {
        return ITEM_WAITING;
    }
    /* A hand-off below its minimum is still proposed, for a person to
     * decide (write off, or pass it on all the same); a message stage
     * below its minimum is not sent. */
    if (st->min_customer_overdue.n > 0 &&
        !owes_at_least(totals, ntotals, &st->min_customer_overdue) &&
        st->action != ACTION_HANDOFF)
        return ITEM_BELOW;
    return ITEM_READY;
}

/* The stage that really follows s for this customer, or -1: the next
 * one, if the customer owes its minimum. */
static int
stage_that_follows(const struct policy *p, int s,
                   const struct dun_total *totals, size_t ntotals)
{
    const struct policy_stage *st;

    if (s < 0 || (size_t)s + 1 >= p->nstages)
        return -1;
    st = &p->stage[s + 1];
    if (st->min_customer_overdue.n > 0 &&
        !owes_at_least(totals, ntotals, &st->min_customer_overdue))
        return -1;
    return s + 1;
}

/* The last statement, or failing one the last message, after which the
 * next statement is due. */
static int
statement_due(const struct policy *p, const struct dun_customer *c,
              int32_t as_of)
{
    int32_t last = DATE_INVALID;

    if (p->statement_every_days <= 0)
        return 0;
    for (size_t i = 0; i < c->ncontacts; i++)
        if (c->contacts[i].channels != 0 && c->contacts[i].date <= as_of &&
            c->contacts[i].date > last)
            last = c->contacts[i].date;
    return last == DATE_INVALID || as_of - last >= p->statement_every_days;
}

/* Rule 7: the calls an individual's law allows today. */
static unsigned
lawful_channels(const struct dun_law *law, const struct dun_customer *c,
                int32_t as_of, unsigned channels)
{
    int calls = 0;

    if (law == NULL || !(channels & CHANNEL_PHONE))
        return channels;
    for (size_t i = 0; i < c->ncontacts; i++) {
        const struct dun_contact *k = &c->contacts[i];

        if ((k->channels & CHANNEL_PHONE) && as_of - k->date < 7 &&
            as_of >= k->date)
            calls++;
        if (law->no_call_days_after_call && k->call_on != DATE_INVALID &&
            as_of >= k->call_on &&
            as_of - k->call_on < law->no_call_days_after_call)
            return channels & ~(unsigned)CHANNEL_PHONE;
    }
    if (law->calls_per_7_days && calls >= law->calls_per_7_days)
        return channels & ~(unsigned)CHANNEL_PHONE;
    return channels;
}

static int
skip(struct dun_decision *d, enum dun_reason r)
{
    d->act = 0;
    d->reason = r;
    return 0;
}

/* Whether an overdue item is followed up at all (rule 2). */
static int
followed_up(const struct policy *p, const struct dun_item *it)
{
    return !it->disputed && !it->in_plan &&
           !(it->stage >= 0 && it->approval == DUN_APPROVAL_GIVEN &&
             (size_t)it->stage < p->nstages &&
             p->stage[it->stage].action == ACTION_HANDOFF);
}

int
dun_decide(const struct policy *p, const struct dun_customer *c,
           int32_t as_of, struct dun_decision *d, struct dun_err *err)
{
    unsigned char *in_message = d->in_message;
    size_t disputed = 0, planned = 0, followed = 0, handed = 0;
    int stage_pending = -1, stage_below = -1, stage_waiting = -1;
    size_t pending = 0, below = 0, ended = 0;
    struct dun_total owed[DUN_MAX_CURRENCIES];
    size_t nowed = 0;
    int32_t max_late = 0, shift = 0;
    unsigned add_channels = 0;
    int top = -1;
    enum dun_reason r;
    int rc;

    memset(d, 0, sizeof(*d));
    d->in_message = in_message;
    memset(in_message, 0, c->nitems);
    d->stage = -1;
    d->next_stage = -1;
    d->deadline = DATE_INVALID;
    /* 1: flags */
    if (c->flags & DUN_DO_NOT_CONTACT)
        return skip(d, DUN_REASON_DO_NOT_CONTACT);
    if (c->flags & DUN_LEGAL_HOLD)
        return skip(d, DUN_REASON_LEGAL_HOLD);
    if (c->flags & DUN_INSOLVENT)
        return skip(d, DUN_REASON_INSOLVENCY);
    /* 2: what is overdue and followed up: the customer's overdue totals,
     * which the thresholds and segments judge */
    for (size_t i = 0; i < c->nitems; i++) {
        const struct dun_item *it = &c->items[i];

        if (it->days_overdue <= 0 || it->balance <= 0)
            continue;
        if (it->disputed) {
            disputed++;
            continue;
        }
        if (it->in_plan) {
            planned++;
            continue;
        }
        if (!followed_up(p, it)) {
            handed++;
            continue;
        }
        followed++;
        if (add_total(owed, &nowed, it, err) < 0)
            return -1;
        if (it->days_overdue > max_late)
            max_late = it->days_overdue;
    }
    if (followed == 0) {
        if (disputed || planned)
            return skip(d, disputed >= planned ? DUN_REASON_DISPUTE
                                               : DUN_REASON_PLAN);
        if (handed)
            return skip(d, DUN_REASON_HANDED_OFF);
        if ((rc = pre_due_notice(p, c, as_of, d, err)) <= 0)
            return rc < 0 ? -1 : skip(d, DUN_REASON_NOTHING_OVERDUE);
        if ((r = guardrails(p, c, as_of, 0)) != DUN_REASON_NONE)
            return skip(d, r);
        d->act = 1;
        d->channels = CHANNEL_EMAIL;
        return 0;
    }
    /* 3: grace */
    if (max_late < p->grace_days)
        return skip(d, DUN_REASON_GRACE);
    /* 4: a broken plan is said so first, promises pause */
    if (c->plan_missed) {
        for (size_t i = 0; i < c->nitems; i++) {
            const struct dun_item *it = &c->items[i];

            if (!it->plan_covered || it->balance <= 0 || it->disputed)
                continue;
            d->in_message[i] = DUN_ROLE_STAGE;
            if (add_total(d->totals, &d->ntotals, it, err) < 0)
                return -1;
            if (it->days_overdue > d->max_days_overdue)
                d->max_days_overdue = it->days_overdue;
        }
        if (d->ntotals > 0) {
            d->stage = DUN_STAGE_PLAN_MISSED;
            if ((r = guardrails(p, c, as_of, 0)) != DUN_REASON_NONE)
                return skip(d, r);
            d->act = 1;
            d->channels = CHANNEL_EMAIL;
            d->offer_plan = (c->flags & DUN_CASH_FLOW) != 0;
            return 0;
        }
        memset(in_message, 0, c->nitems);
    }
    if (c->has_promise) {
        int32_t broken_on = c->promise_by + p->promise_grace_days + 1;

        if (as_of < broken_on)
            return skip(d, DUN_REASON_PROMISE);
        d->broken_promise = 1;
        for (size_t i = 0; i < c->ncontacts; i++)
            if (c->contacts[i].date >= broken_on &&
                c->contacts[i].channels != 0)
                d->broken_promise = 0; /* already said */
    }
    /* 5: each invoice's ladder, shifted by the customer's segments */
    for (size_t i = 0; i < p->nsegments; i++)
        if (segment_applies(&p->segment[i], c, owed, nowed)) {
            shift += p->segment[i].shift_days;
            add_channels |= p->segment[i].add_channels;
        }
    /* Each item's state once, kept in in_message until the roles are
     * known (then replaced by them). */
    for (size_t i = 0; i < c->nitems; i++) {
        const struct dun_item *it = &c->items[i];
        enum item_state s;
        int next;

        if (it->days_overdue < p->grace_days || it->balance <= 0 ||
            !followed_up(p, it))
            continue;
        s = item_state(p, it, as_of, shift, owed, nowed, &next);
        in_message[i] = (unsigned char)s;
        switch (s) {
        case ITEM_READY:
            if (next > top)
                top = next;
            break;
        case ITEM_PENDING:
            pending++;
            if (next - 1 > stage_pending)
                stage_pending = next - 1;
            break;
        case ITEM_BELOW:
            below++;
            if (next > stage_below)
                stage_below = next;
            break;
        case ITEM_ENDED:
            ended++;
            break;
        case ITEM_WAITING:
            if (next > stage_waiting)
                stage_waiting = next;
            break;
        case ITEM_OFF:
            break;
        }
    }
    if (top < 0) {
        memset(in_message, 0, c->nitems);
        /* Nothing climbs today. After the ladder, a statement now and
         * then keeps the account in front of the customer. */
        if ((below || ended) && statement_due(p, c, as_of)) {
            d->stage = DUN_STAGE_STATEMENT;
            /* A statement of account: everything open that is ours to
             * collect, not yet due included, not what is disputed. */
            for (size_t i = 0; i < c->nitems; i++) {
                const struct dun_item *it = &c->items[i];

                if (it->balance <= 0 || !followed_up(p, it))
                    continue;
                in_message[i] = DUN_ROLE_STAGE;
                if (add_total(d->totals, &d->ntotals, it, err) < 0)
                    return -1;
                if (it->days_overdue > d->max_days_overdue)
                    d->max_days_overdue = it->days_overdue;
            }
            if ((r = guardrails(p, c, as_of, 0)) != DUN_REASON_NONE)
                return skip(d, r);
            d->act = 1;
            d->channels = CHANNEL_EMAIL;
            return 0;
        }
        /* The stage the reason is about. */
        d->stage = pending ? stage_pending
                   : below ? stage_below
                   : ended ? (int)p->nstages - 1
                           : stage_waiting;
        return skip(d, pending ? DUN_REASON_AWAITING_APPROVAL
                       : below ? DUN_REASON_BELOW_MINIMUM
                       : ended ? DUN_REASON_LADDER_END
                               : DUN_REASON_NOT_YET);
    }
    d->stage = top;
    {
        const struct policy_stage *st = &p->stage[top];
        int handoff = st->action == ACTION_HANDOFF;
        int32_t first_day = top + 1 < (int)p->nstages
                                ? dun_stage_day(p, (size_t)top + 1, shift)
                                : -1;

        for (size_t i = 0; i < c->nitems; i++) {
            const struct dun_item *it = &c->items[i];
            enum item_state s = (enum item_state)in_message[i];
            int next = it->stage >= 0 ? it->stage + 1 : 0;

            in_message[i] = DUN_ROLE_NONE;
            if (s == ITEM_OFF)
                continue;
            if (s == ITEM_READY && next == top) {
                in_message[i] = DUN_ROLE_STAGE;
                if (add_total(d->totals, &d->ntotals, it, err) < 0)
                    return -1;
                if (it->days_overdue > d->max_days_overdue)
                    d->max_days_overdue = it->days_overdue;
            } else if (!handoff && s != ITEM_PENDING) {
                in_message[i] = DUN_ROLE_ALSO;
            }
        }
        /* 6: guardrails; a hand-off only waits for another day */
        if ((r = guardrails(p, c, as_of, handoff)) != DUN_REASON_NONE)
            return skip(d, r);
        d->handoff = handoff;
        d->channels = handoff ? 0
                              : lawful_channels(c->law, c, as_of,
                                                st->channels | add_channels);
        if (!handoff && d->channels == 0)
            return skip(d, DUN_REASON_WEEKLY_CAP);
        d->act = 1;
        d->below_minimum = handoff && st->min_customer_overdue.n > 0 &&
                           !owes_at_least(owed, nowed,
                                          &st->min_customer_overdue);
        d->needs_approval = st->requires_approval || d->below_minimum;
        d->offer_plan = (c->flags & DUN_CASH_FLOW) != 0;
        d->next_stage = stage_that_follows(p, top, owed, nowed);
        d->deadline = dun_deadline(p, st, d->channels, as_of, c->law);
        /* A first message about invoices that are already past the day
         * the next stage would have come, or to a customer with debts
         * handed off or past the ladder, states the overdue account
         * plainly instead of assuming an oversight. */
        d->backlog = top == 0 && !handoff &&
                     (d->max_days_overdue >= (first_day > 0 ? first_day : 30) ||
                      handed || ended || pending || below);
    }
    return 0;
}
