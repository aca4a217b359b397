#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "core/date.h"
#include "core/dunning.h"

/*
 * Hand-built customers on fixed dates against the default policy:
 * grace 3 days, 7 days between contacts, 2 a week, promise grace 2, no
 * contact on Sundays; reminder day 3 (email), notice day 15 (email,
 * letter), final day 30 (email, letter, 10-day deadline), agency day 60
 * (hand-off from 500.00, approval); large-debt from 10000.00 (-5 days,
 * phone), reliable from score 80 (+5 days), key-account by hand (+7,
 * phone). 2026-06-30 is a Tuesday, 2026-06-28 a Sunday.
 */
static struct policy pol;

static int
setup(void **state)
{
    struct sbuf errors = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(policy_parse("default", policy_default_text,
                                  strlen(policy_default_text), &pol, &errors,
                                  &err), 0);
    sbuf_release(&errors);
    return 0;
}

static int32_t
D(const char *iso)
{
    return date_from_iso(iso);
}

#define MAX_ITEMS 8

struct fixture {
    struct dun_item items[MAX_ITEMS];
    size_t nitems;
    struct dun_contact contacts[MAX_ITEMS];
    size_t ncontacts;
    struct dun_customer c;
    unsigned char in[MAX_ITEMS];
    struct dun_decision d;
};

static void
item(struct fixture *f, const char *number, const char *cur,
     const char *due, int64_t balance)
{
    struct dun_item *it = &f->items[f->nitems++];

    *it = (struct dun_item){ .number = number, .due_date = D(due),
                             .balance = balance, .stage = -1,
                             .stage_date = DATE_INVALID,
                             .deadline = DATE_INVALID };
    memcpy(it->currency, cur, 4);
}

/* A contact at a stage that listed every invoice overdue on its day
 * under that stage (as one-invoice histories and the old ladder did). */
static void
contact_with(const struct policy *p, struct fixture *f, const char *date,
             int stage)
{
    unsigned ch = CHANNEL_EMAIL;

    if (stage >= 0)
        ch = p->stage[stage].action == ACTION_HANDOFF ? 0
                                                      : p->stage[stage].channels;
    f->contacts[f->ncontacts++] =
        (struct dun_contact){ D(date), stage, ch, DATE_INVALID };
    for (size_t i = 0; stage >= 0 && i < f->nitems; i++) {
        struct dun_item *it = &f->items[i];

        if (it->due_date >= D(date) || it->stage > stage)
            continue;
        it->stage = stage;
        it->stage_date = D(date);
        it->deadline = dun_deadline(p, &p->stage[stage], ch, D(date), NULL);
        it->approval = DUN_APPROVAL_NONE;
    }
}

static void
contact(struct fixture *f, const char *date, int stage)
{
    contact_with(&pol, f, date, stage);
}

static const struct dun_decision *
decide_with(const struct policy *p, struct fixture *f, const char *as_of)
{
    struct dun_err err = DUN_ERR_INIT;

    f->c.id = "C1";
    f->c.items = f->items;
    f->c.nitems = f->nitems;
    f->c.contacts = f->contacts;
    f->c.ncontacts = f->ncontacts;
    for (size_t i = 0; i < f->nitems; i++)
        f->items[i].days_overdue = D(as_of) - f->items[i].due_date;
    if (f->c.score == 0)
        f->c.score = -1;
    f->d.in_message = f->in;
    assert_int_equal(dun_decide(p, &f->c, D(as_of), &f->d, &err), 0);
    return &f->d;
}

static const struct dun_decision *
decide(struct fixture *f, const char *as_of)
{
    return decide_with(&pol, f, as_of);
}

static void
expect_skip(const struct dun_decision *d, enum dun_reason r)
{
    assert_int_equal(d->act, 0);
    assert_string_equal(dun_reason_name(d->reason), dun_reason_name(r));
}

static void
expect_act(const struct dun_decision *d, const char *stage,
           unsigned channels, int32_t days)
{
    assert_int_equal(d->act, 1);
    assert_int_equal(d->reason, DUN_REASON_NONE);
    assert_string_equal(pol.stage[d->stage].name, stage);
    assert_int_equal(d->channels, channels);
    assert_int_equal(d->max_days_overdue, days);
}

static void
test_not_yet_due_and_inside_grace(void **state)
{
    struct fixture f = {0};

    (void)state;
    item(&f, "A", "EUR", "2026-07-10", 10000);
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_NOTHING_OVERDUE);
    expect_skip(decide(&f, "2026-07-10"), DUN_REASON_NOTHING_OVERDUE);
    expect_skip(decide(&f, "2026-07-11"), DUN_REASON_GRACE); /* 1 day */
    expect_skip(decide(&f, "2026-07-12"), DUN_REASON_GRACE); /* 2 days */
}

static void
test_each_stage_on_its_first_day(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    /* Reminder on day 3: one invoice, email. */
    item(&f, "A", "EUR", "2026-06-27", 12345);
    d = decide(&f, "2026-06-30");
    expect_act(d, "reminder", CHANNEL_EMAIL, 3);
    assert_int_equal(d->in_message[0], 1);
    assert_int_equal(d->ntotals, 1);
    assert_string_equal(d->totals[0].currency, "EUR");
    assert_int_equal(d->totals[0].overdue, 12345);
    assert_int_equal(d->deadline, DATE_INVALID);
    assert_int_equal(d->needs_approval, 0);

    /* Notice on day 15 (not 14), reminder sent on day 3. */
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-06-15", 12345);
    contact(&f, "2026-06-18", 0);
    d = decide(&f, "2026-06-29");
    expect_skip(d, DUN_REASON_NOT_YET);
    assert_string_equal(pol.stage[d->stage].name, "notice");
    expect_act(decide(&f, "2026-06-30"), "notice",
               CHANNEL_EMAIL | CHANNEL_LETTER, 15);

    /* Final demand on day 30, with a deadline 10 days on. */
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-05-31", 12345);
    contact(&f, "2026-06-03", 0);
    contact(&f, "2026-06-15", 1);
    d = decide(&f, "2026-06-30");
    expect_act(d, "final", CHANNEL_EMAIL | CHANNEL_LETTER, 30);
    assert_int_equal(d->deadline, D("2026-07-10"));

    /* Agency on day 60: a hand-off, for approval, no channels. */
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-05-01", 60000);
    contact(&f, "2026-05-04", 0);
    contact(&f, "2026-05-16", 1);
    contact(&f, "2026-05-31", 2);
    d = decide(&f, "2026-06-30");
    assert_int_equal(d->act, 1);
    assert_string_equal(pol.stage[d->stage].name, "agency");
    assert_int_equal(d->handoff, 1);
    assert_int_equal(d->needs_approval, 1);
    assert_int_equal(d->channels, 0);
    assert_int_equal(d->max_days_overdue, 60);
}

/* Small debts go to an agency only when a person decides so. */
static void
test_below_minimum_for_handoff(void **state)
{
    struct fixture f = {0};
    struct policy p = pol;
    const struct dun_decision *d;

    (void)state;
    /* Below the agency's 500.00 the hand-off is still proposed, for a
     * person to decide: write it off, or pass it on all the same. */
    item(&f, "A", "EUR", "2026-05-01", 49999);
    contact(&f, "2026-05-04", 0);
    contact(&f, "2026-05-16", 1);
    contact(&f, "2026-05-31", 2);
    d = decide(&f, "2026-06-30");
    assert_int_equal(d->act, 1);
    assert_int_equal(d->handoff, 1);
    assert_int_equal(d->below_minimum, 1);
    assert_int_equal(d->needs_approval, 1);
    f.items[0].balance = 50000;
    assert_int_equal(decide(&f, "2026-06-30")->below_minimum, 0);
    /* A message stage below its minimum is not sent. */
    p.stage[2].min_customer_overdue = p.stage[3].min_customer_overdue;
    f.items[0].balance = 49999;
    f.items[0].stage = 1;
    f.items[0].deadline = DATE_INVALID;
    p.statement_every_days = 0;
    d = decide_with(&p, &f, "2026-06-30");
    expect_skip(d, DUN_REASON_BELOW_MINIMUM);
    assert_string_equal(pol.stage[d->stage].name, "final");
}

static void
test_paid_and_partly_paid(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    /* Paid: nothing open, nothing to say. */
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_NOTHING_OVERDUE);
    /* Partly paid: the message asks for what is still open. */
    item(&f, "A", "EUR", "2026-06-20", 2550);
    d = decide(&f, "2026-06-30");
    expect_act(d, "reminder", CHANNEL_EMAIL, 10);
    assert_int_equal(d->totals[0].overdue, 2550);
}

static void
test_dispute_leaves_out_one_invoice(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "A", "EUR", "2026-06-01", 10000);
    item(&f, "B", "EUR", "2026-06-20", 5000);
    f.items[0].disputed = 1;
    d = decide(&f, "2026-06-30");
    /* B alone, at B's stage: 10 days, the reminder. */
    expect_act(d, "reminder", CHANNEL_EMAIL, 10);
    assert_int_equal(d->in_message[0], 0);
    assert_int_equal(d->in_message[1], 1);
    assert_int_equal(d->totals[0].overdue, 5000);
    /* Both disputed: nothing is chased. */
    f.items[1].disputed = 1;
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_DISPUTE);
}

static void
test_promise_live_then_broken(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "A", "EUR", "2026-06-01", 10000);
    contact(&f, "2026-06-04", 0);
    f.c.has_promise = 1;
    f.c.promise_by = D("2026-07-01");
    /* Live until the promised day + 2 days of grace. */
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_PROMISE);
    expect_skip(decide(&f, "2026-07-03"), DUN_REASON_PROMISE);
    /* Broken on 07-04: the ladder resumes where it stood (notice) and
     * the message says the promise was broken. */
    d = decide(&f, "2026-07-04");
    expect_act(d, "notice", CHANNEL_EMAIL | CHANNEL_LETTER, 33);
    assert_int_equal(d->broken_promise, 1);
    /* Said once: after a contact since, no more. */
    contact(&f, "2026-07-04", 1);
    d = decide(&f, "2026-07-14");
    expect_act(d, "final", CHANNEL_EMAIL | CHANNEL_LETTER, 43);
    assert_int_equal(d->broken_promise, 0);
}

static void
test_customer_pauses(void **state)
{
    struct fixture f = {0};

    (void)state;
    item(&f, "A", "EUR", "2026-06-01", 10000);
    f.items[0].in_plan = 1;
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_PLAN);
    f.items[0].in_plan = 0;
    f.c.flags = DUN_DO_NOT_CONTACT;
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_DO_NOT_CONTACT);
    f.c.flags = DUN_LEGAL_HOLD;
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_LEGAL_HOLD);
    f.c.flags = DUN_INSOLVENT;
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_INSOLVENCY);
}

static void
test_min_gap_and_weekly_cap(void **state)
{
    struct fixture f = {0};
    struct policy p = pol;

    (void)state;
    /* Notice is due (day 29) but the reminder went out 5 days ago. */
    item(&f, "A", "EUR", "2026-06-01", 10000);
    contact(&f, "2026-06-25", 0);
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_MIN_GAP);
    expect_act(decide(&f, "2026-07-02"), "notice",
               CHANNEL_EMAIL | CHANNEL_LETTER, 31);
    /* A policy with no gap still never contacts twice a day, and caps
     * contacts at 2 in any 7 days. */
    p.min_days_between_contacts = 0;
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-05-01", 10000);
    contact(&f, "2026-06-25", 0);
    contact(&f, "2026-06-29", 1);
    expect_skip(decide_with(&p, &f, "2026-06-29"), DUN_REASON_MIN_GAP);
    expect_skip(decide_with(&p, &f, "2026-06-30"), DUN_REASON_WEEKLY_CAP);
    expect_skip(decide_with(&p, &f, "2026-07-01"), DUN_REASON_WEEKLY_CAP);
    f.d.in_message = f.in;
    assert_int_equal(decide_with(&p, &f, "2026-07-02")->act, 1);
}

/* A backlog invoice 45 days overdue, never chased: the gentle reminder
 * first, then one stage at a time. */
static void
test_backlog_starts_gently(void **state)
{
    struct fixture f = {0};

    (void)state;
    item(&f, "A", "EUR", "2026-05-16", 10000);
    expect_act(decide(&f, "2026-06-30"), "reminder", CHANNEL_EMAIL, 45);
    contact(&f, "2026-06-30", 0);
    expect_act(decide(&f, "2026-07-07"), "notice",
               CHANNEL_EMAIL | CHANNEL_LETTER, 52);
}

static void
test_large_debt_escalates_sooner_with_a_call(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    assert_int_equal(dun_stage_day(&pol, 0, -5), 3); /* clamped to grace */
    assert_int_equal(dun_stage_day(&pol, 1, -5), 10);
    assert_int_equal(dun_stage_day(&pol, 3, -5), 55);
    item(&f, "A", "EUR", "2026-06-20", 1200000);
    contact(&f, "2026-06-23", 0);
    d = decide(&f, "2026-06-30");
    expect_act(d, "notice", CHANNEL_EMAIL | CHANNEL_LETTER | CHANNEL_PHONE,
               10);
    /* The same debt below 10000.00 waits for day 15. */
    f.items[0].balance = 999999;
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_NOT_YET);
}

static void
test_reliable_payer_gets_slack(void **state)
{
    struct fixture f = {0};

    (void)state;
    item(&f, "A", "EUR", "2026-06-25", 10000);
    f.c.score = 85;
    expect_skip(decide(&f, "2026-07-02"), DUN_REASON_NOT_YET); /* day 7 */
    expect_act(decide(&f, "2026-07-03"), "reminder", CHANNEL_EMAIL, 8);
    f.c.score = 79; /* not reliable enough: day 3 */
    expect_act(decide(&f, "2026-06-29"), "reminder", CHANNEL_EMAIL, 4);
    /* A manual segment: +7 days and a call. */
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-06-22", 10000);
    f.c.segment = "key-account";
    expect_skip(decide(&f, "2026-07-01"), DUN_REASON_NOT_YET); /* day 9 */
    expect_act(decide(&f, "2026-07-02"), "reminder",
               CHANNEL_EMAIL | CHANNEL_PHONE, 10);
}

static void
test_two_currencies_one_message(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "E1", "EUR", "2026-06-20", 10000);
    item(&f, "U1", "USD", "2026-06-25", 5050);
    item(&f, "E2", "EUR", "2026-07-15", 7000); /* not due */
    d = decide(&f, "2026-06-30");
    expect_act(d, "reminder", CHANNEL_EMAIL, 10);
    assert_int_equal(d->in_message[0] + d->in_message[1] * 2 + d->in_message[2] * 4, 3);
    assert_int_equal(d->ntotals, 2);
    assert_string_equal(d->totals[0].currency, "EUR");
    assert_int_equal(d->totals[0].overdue, 10000);
    assert_string_equal(d->totals[1].currency, "USD");
    assert_int_equal(d->totals[1].overdue, 5050);
}

static void
test_quiet_day_ladder_end_and_approval(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "A", "EUR", "2026-06-20", 10000);
    expect_skip(decide(&f, "2026-06-28"), DUN_REASON_QUIET_HOURS);
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-04-01", 60000);
    contact(&f, "2026-04-04", 0);
    contact(&f, "2026-04-16", 1);
    contact(&f, "2026-05-01", 2);
    contact(&f, "2026-05-31", 3);
    f.items[0].approval = DUN_APPROVAL_PENDING;
    d = decide(&f, "2026-06-30");
    expect_skip(d, DUN_REASON_AWAITING_APPROVAL);
    assert_string_equal(pol.stage[d->stage].name, "agency");
    /* Approved: the agency has it; nothing of ours to send. */
    f.items[0].approval = DUN_APPROVAL_GIVEN;
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_HANDED_OFF);
}

/* Contacts about an earlier debt do not advance the ladder for a new
 * one: each invoice climbs its own ladder. */
static void
test_new_debt_starts_a_new_ladder(void **state)
{
    struct fixture f = {0};

    (void)state;
    contact(&f, "2026-03-05", 0);
    contact(&f, "2026-03-20", 1);
    item(&f, "B", "EUR", "2026-06-10", 10000);
    expect_act(decide(&f, "2026-06-30"), "reminder", CHANNEL_EMAIL, 20);
}

static void
test_pre_due_notice_only_when_asked(void **state)
{
    struct fixture f = {0};
    struct policy p = pol;
    const struct dun_decision *d;

    (void)state;
    p.pre_due_notice_days = 3;
    item(&f, "A", "EUR", "2026-07-03", 10000);
    expect_skip(decide_with(&p, &f, "2026-06-30"),
                DUN_REASON_NOTHING_OVERDUE);
    f.c.flags = DUN_PRE_DUE_OPT_IN;
    expect_skip(decide_with(&p, &f, "2026-06-29"),
                DUN_REASON_NOTHING_OVERDUE); /* 4 days ahead */
    d = decide_with(&p, &f, "2026-06-30");
    assert_int_equal(d->act, 1);
    assert_int_equal(d->stage, DUN_STAGE_PRE_DUE);
    assert_int_equal(d->channels, CHANNEL_EMAIL);
    assert_int_equal(d->in_message[0], 1);
    contact(&f, "2026-06-30", DUN_STAGE_PRE_DUE);
    expect_skip(decide_with(&p, &f, "2026-07-02"),
                DUN_REASON_NOTHING_OVERDUE); /* sent once */
}

static void
test_cash_flow_trouble_offers_a_plan(void **state)
{
    struct fixture f = {0};

    (void)state;
    item(&f, "A", "EUR", "2026-06-20", 10000);
    f.c.flags = DUN_CASH_FLOW;
    assert_int_equal(decide(&f, "2026-06-30")->offer_plan, 1);
}

static void
test_relative_stage(void **state)
{
    struct fixture f = {0};
    struct policy p = pol;

    (void)state;
    p.stage[1].after_due_days = -1;
    p.stage[1].after_previous_days = 10;
    item(&f, "A", "EUR", "2026-06-01", 10000);
    contact(&f, "2026-06-24", 0);
    expect_skip(decide_with(&p, &f, "2026-07-03"), DUN_REASON_NOT_YET);
    assert_int_equal(decide_with(&p, &f, "2026-07-04")->act, 1);
}

/* Finding: invoices a few days overdue and never reminded appeared in a
 * final demand, under its deadline and threat. Each invoice climbs its
 * own ladder; newer ones are listed as also due. */
static void
test_each_invoice_climbs_its_own_ladder(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "OLD", "EUR", "2026-05-31", 80000);
    contact(&f, "2026-06-03", 0);
    contact(&f, "2026-06-15", 1);
    item(&f, "NEW", "EUR", "2026-06-26", 20000); /* 4 days, never reminded */
    item(&f, "CUR", "EUR", "2026-07-10", 5000);  /* not due */
    d = decide(&f, "2026-06-30");
    expect_act(d, "final", CHANNEL_EMAIL | CHANNEL_LETTER, 30);
    assert_int_equal(d->in_message[0], DUN_ROLE_STAGE);
    assert_int_equal(d->in_message[1], DUN_ROLE_ALSO);
    assert_int_equal(d->in_message[2], DUN_ROLE_NONE);
    /* The demand's total is the old invoice's alone. */
    assert_int_equal(d->ntotals, 1);
    assert_int_equal(d->totals[0].overdue, 80000);
    /* Listed as also due, NEW had its reminder; OLD its final demand. */
    assert_int_equal(dun_item_stage_after(d, &f.items[0], DUN_ROLE_STAGE), 2);
    assert_int_equal(dun_item_stage_after(d, &f.items[1], DUN_ROLE_ALSO), 0);
    /* A new invoice alone starts at the reminder, whatever came before. */
    memset(&f, 0, sizeof(f));
    item(&f, "NEW", "EUR", "2026-06-26", 20000);
    f.contacts[f.ncontacts++] = (struct dun_contact){ D("2026-06-15"), 1,
                                                      CHANNEL_EMAIL,
                                                      DATE_INVALID };
    expect_act(decide(&f, "2026-06-30"), "reminder", CHANNEL_EMAIL, 4);
}

/* Finding: the hand-off came 7 days after a final demand that gave the
 * customer 10; deadlines landed on Sundays. */
static void
test_handoff_waits_for_the_deadline(void **state)
{
    struct fixture f = {0};
    struct policy p = pol;
    const struct dun_decision *d;

    (void)state;
    /* A backlog: 120 days overdue, the ladder climbed a week at a time. */
    item(&f, "A", "EUR", "2026-03-02", 90000);
    contact(&f, "2026-06-09", 0);
    contact(&f, "2026-06-16", 1);
    /* Final demand on Thursday 2026-06-18 by e-mail and letter: due
     * 10 days after the e-mail, Sunday 06-28, so Monday 06-29. */
    contact(&f, "2026-06-18", 2);
    assert_int_equal(f.items[0].deadline, D("2026-06-29"));
    expect_skip(decide(&f, "2026-06-25"), DUN_REASON_NOT_YET);
    d = decide(&f, "2026-06-29");
    expect_skip(d, DUN_REASON_NOT_YET); /* the deadline day itself */
    assert_string_equal(pol.stage[d->stage].name, "agency");
    d = decide(&f, "2026-06-30");
    assert_int_equal(d->act, 1);
    assert_int_equal(d->handoff, 1);
    /* A letter alone arrives postal_days later; a holiday moves the
     * deadline on too. */
    p.postal_days = 2;
    p.holidays[0] = D("2026-07-13");
    p.nholidays = 1;
    assert_int_equal(dun_deadline(&p, &p.stage[2], CHANNEL_LETTER,
                                  D("2026-06-30"), NULL),
                     D("2026-07-14")); /* 07-12 Sun, 07-13 holiday */
    assert_int_equal(dun_deadline(&p, &p.stage[2],
                                  CHANNEL_EMAIL | CHANNEL_LETTER,
                                  D("2026-06-30"), NULL),
                     D("2026-07-10")); /* the e-mail arrives first */
    assert_int_equal(dun_deadline(&p, &p.stage[0], CHANNEL_EMAIL,
                                  D("2026-06-30"), NULL),
                     DATE_INVALID); /* a reminder states none */
}

/* Finding: a final demand threatened an agency or legal proceedings
 * when the hand-off would never apply. The decision names the stage
 * that really follows. */
static void
test_says_only_what_will_happen(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "A", "EUR", "2026-05-31", 80000);
    contact(&f, "2026-06-03", 0);
    contact(&f, "2026-06-15", 1);
    d = decide(&f, "2026-06-30");
    expect_act(d, "final", CHANNEL_EMAIL | CHANNEL_LETTER, 30);
    assert_string_equal(pol.stage[d->next_stage].name, "agency");
    /* Below the agency's 500.00: nothing automatic follows. */
    f.items[0].balance = 30000;
    d = decide(&f, "2026-06-30");
    expect_act(d, "final", CHANNEL_EMAIL | CHANNEL_LETTER, 30);
    assert_int_equal(d->next_stage, -1);
    /* After a reminder, the notice follows. */
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-06-20", 10000);
    d = decide(&f, "2026-06-30");
    assert_string_equal(pol.stage[d->next_stage].name, "notice");
}

/* Finding: a 264-day-old debt's first message assumed an oversight. */
static void
test_backlog_is_stated_plainly(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "A", "EUR", "2025-10-09", 10000); /* 264 days */
    d = decide(&f, "2026-06-30");
    expect_act(d, "reminder", CHANNEL_EMAIL, 264);
    assert_int_equal(d->backlog, 1);
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-06-20", 10000); /* 10 days */
    assert_int_equal(decide(&f, "2026-06-30")->backlog, 0);
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-06-15", 10000); /* 15: the notice's day */
    assert_int_equal(decide(&f, "2026-06-30")->backlog, 1);
}

/* Finding: EUR 300 and GBP 300 were below every minimum forever. Each
 * currency counts for its share of its threshold. */
static void
test_thresholds_across_currencies(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "E", "EUR", "2026-05-01", 30000);
    item(&f, "G", "GBP", "2026-05-01", 30000);
    contact(&f, "2026-05-04", 0);
    contact(&f, "2026-05-16", 1);
    contact(&f, "2026-05-31", 2);
    d = decide(&f, "2026-06-30");
    assert_int_equal(d->act, 1);
    assert_int_equal(d->handoff, 1);
    assert_int_equal(d->ntotals, 2);
    /* JPY 60,000 is not a large debt: "10000.00" has two decimals. */
    memset(&f, 0, sizeof(f));
    item(&f, "J", "JPY", "2026-06-20", 60000);
    contact(&f, "2026-06-23", 0);
    expect_skip(decide(&f, "2026-06-30"), DUN_REASON_NOT_YET);
}

/* After the ladder: a refused hand-off leaves the customer on
 * statements; a new invoice starts its own ladder. */
static void
test_after_the_ladder(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "A", "EUR", "2026-04-01", 60000);
    contact(&f, "2026-04-04", 0);
    contact(&f, "2026-04-16", 1);
    contact(&f, "2026-05-01", 2);
    contact(&f, "2026-05-31", 3);
    f.items[0].approval = DUN_APPROVAL_REFUSED;
    /* The last message was the final demand of 05-01 (a hand-off is no
     * message): a statement is due at once, then every 30 days. */
    d = decide(&f, "2026-06-29");
    assert_int_equal(d->act, 1);
    assert_int_equal(d->stage, DUN_STAGE_STATEMENT);
    contact(&f, "2026-06-29", DUN_STAGE_STATEMENT);
    expect_skip(decide(&f, "2026-07-28"), DUN_REASON_LADDER_END);
    assert_int_equal(decide(&f, "2026-07-29")->stage, DUN_STAGE_STATEMENT);
    /* A new invoice: its own reminder, with A listed as also due. */
    item(&f, "B", "EUR", "2026-06-20", 10000);
    d = decide(&f, "2026-07-06");
    expect_act(d, "reminder", CHANNEL_EMAIL, 16);
    assert_int_equal(d->in_message[0], DUN_ROLE_ALSO);
    assert_int_equal(d->in_message[1], DUN_ROLE_STAGE);
    /* Handed off with approval: only B is ours to chase. */
    f.items[0].approval = DUN_APPROVAL_GIVEN;
    d = decide(&f, "2026-07-06");
    expect_act(d, "reminder", CHANNEL_EMAIL, 16);
    assert_int_equal(d->in_message[0], DUN_ROLE_NONE);
    /* With a debt at the agency, no "surely an oversight". */
    assert_int_equal(d->backlog, 1);
    /* A hand-off is no contact with the customer: the gap holds none. */
    memset(&f, 0, sizeof(f));
    item(&f, "A", "EUR", "2026-04-01", 60000);
    contact(&f, "2026-04-04", 0);
    contact(&f, "2026-04-16", 1);
    contact(&f, "2026-05-01", 2);
    contact(&f, "2026-06-29", 3);
    f.items[0].approval = DUN_APPROVAL_GIVEN;
    item(&f, "B", "EUR", "2026-06-20", 10000);
    expect_act(decide(&f, "2026-06-30"), "reminder", CHANNEL_EMAIL, 10);
}

/* Consumers and sole traders: their law's rules on top of the policy. */
static void
test_individuals_law(void **state)
{
    struct fixture f = {0};
    struct policy p = pol;
    const struct dun_decision *d;
    const struct dun_law *uk = law_for("GB", "", CUSTOMER_SOLE_TRADER);
    const struct dun_law *us = law_for("US", "TX", CUSTOMER_CONSUMER);
    const struct dun_law *ma = law_for("US", "MA", CUSTOMER_CONSUMER);

    (void)state;
    assert_non_null(uk);
    assert_string_equal(uk->code, "GB-ENG");
    assert_null(law_for("GB", "SCT", CUSTOMER_CONSUMER));
    assert_null(law_for("GB", "", CUSTOMER_BUSINESS));
    assert_null(law_for("US", "TX", CUSTOMER_SOLE_TRADER));
    assert_string_equal(us->code, "US");
    assert_string_equal(ma->code, "US-MA");
    assert_int_equal(law_for("NL", "", CUSTOMER_CONSUMER)->min_response_days,
                     14);
    /* UK pre-action: a final demand to a sole trader gives 30 days from
     * the e-mail (Tuesday 06-30 + 30 = Thursday 07-30). */
    item(&f, "A", "GBP", "2026-05-31", 80000);
    contact(&f, "2026-06-03", 0);
    contact(&f, "2026-06-15", 1);
    f.c.law = uk;
    d = decide(&f, "2026-06-30");
    expect_act(d, "final", CHANNEL_EMAIL | CHANNEL_LETTER, 30);
    assert_int_equal(d->deadline, D("2026-07-30"));
    f.c.law = NULL;
    assert_int_equal(decide(&f, "2026-06-30")->deadline, D("2026-07-10"));
    /* US consumer: calls as often as the policy allows (here twice on
     * 06-24, then daily): with 7 calls in the 7 days ending today the
     * next is left out, the e-mail still goes. */
    p.min_days_between_contacts = 0;
    p.max_contacts_per_week = 10;
    p.stage[0].channels = CHANNEL_EMAIL | CHANNEL_PHONE;
    p.stage[0].after_due_days = 3;
    memset(&f, 0, sizeof(f));
    item(&f, "A", "USD", "2026-06-20", 10000);
    for (int i = 1; i <= 7; i++) {
        struct dun_contact k = { D("2026-06-30") - (i < 7 ? i : 6),
                                 DUN_STAGE_STATEMENT, CHANNEL_PHONE,
                                 DATE_INVALID };

        f.contacts[f.ncontacts++] = k;
    }
    f.c.law = us;
    d = decide_with(&p, &f, "2026-06-30");
    assert_int_equal(d->act, 1);
    assert_int_equal(d->channels, CHANNEL_EMAIL);
    /* Six calls in the week: the seventh may be made. */
    f.contacts[6].date = D("2026-06-23");
    assert_int_equal(decide_with(&p, &f, "2026-06-30")->channels,
                     CHANNEL_EMAIL | CHANNEL_PHONE);
    /* Massachusetts: two. */
    f.c.law = ma;
    assert_int_equal(decide_with(&p, &f, "2026-06-30")->channels,
                     CHANNEL_EMAIL);
    /* No call in the 7 days after a call that reached the person (its
     * day the first): made 06-24, none through 06-30. */
    memset(&f, 0, sizeof(f));
    item(&f, "A", "USD", "2026-06-20", 10000);
    f.contacts[f.ncontacts++] = (struct dun_contact){
        D("2026-06-23"), DUN_STAGE_STATEMENT, CHANNEL_PHONE, D("2026-06-24") };
    f.c.law = us;
    assert_int_equal(decide_with(&p, &f, "2026-06-30")->channels,
                     CHANNEL_EMAIL);
    assert_int_equal(decide_with(&p, &f, "2026-07-01")->channels,
                     CHANNEL_EMAIL | CHANNEL_PHONE);
    /* A call alone that the law holds back: no action today. */
    p.stage[0].channels = CHANNEL_PHONE;
    expect_skip(decide_with(&p, &f, "2026-06-29"), DUN_REASON_WEEKLY_CAP);
}

/* A statement of account lists what is open and ours to collect, not
 * yet due included; not what is disputed. */
static void
test_statement_of_account(void **state)
{
    struct fixture f = {0};
    const struct dun_decision *d;

    (void)state;
    item(&f, "A", "EUR", "2026-04-01", 60000);
    contact(&f, "2026-04-04", 0);
    contact(&f, "2026-04-16", 1);
    contact(&f, "2026-05-01", 2);
    contact(&f, "2026-05-31", 3);
    f.items[0].approval = DUN_APPROVAL_REFUSED;
    item(&f, "N", "EUR", "2026-07-20", 5000);  /* not yet due */
    item(&f, "X", "EUR", "2026-06-01", 7000);  /* disputed */
    f.items[2].disputed = 1;
    d = decide(&f, "2026-06-29");
    assert_int_equal(d->stage, DUN_STAGE_STATEMENT);
    assert_int_equal(d->in_message[0], DUN_ROLE_STAGE);
    assert_int_equal(d->in_message[1], DUN_ROLE_STAGE);
    assert_int_equal(d->in_message[2], DUN_ROLE_NONE);
    assert_int_equal(d->totals[0].overdue, 65000);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_yet_due_and_inside_grace),
        cmocka_unit_test(test_each_stage_on_its_first_day),
        cmocka_unit_test(test_below_minimum_for_handoff),
        cmocka_unit_test(test_paid_and_partly_paid),
        cmocka_unit_test(test_dispute_leaves_out_one_invoice),
        cmocka_unit_test(test_promise_live_then_broken),
        cmocka_unit_test(test_customer_pauses),
        cmocka_unit_test(test_min_gap_and_weekly_cap),
        cmocka_unit_test(test_backlog_starts_gently),
        cmocka_unit_test(test_large_debt_escalates_sooner_with_a_call),
        cmocka_unit_test(test_reliable_payer_gets_slack),
        cmocka_unit_test(test_two_currencies_one_message),
        cmocka_unit_test(test_quiet_day_ladder_end_and_approval),
        cmocka_unit_test(test_new_debt_starts_a_new_ladder),
        cmocka_unit_test(test_pre_due_notice_only_when_asked),
        cmocka_unit_test(test_cash_flow_trouble_offers_a_plan),
        cmocka_unit_test(test_relative_stage),
        cmocka_unit_test(test_each_invoice_climbs_its_own_ladder),
        cmocka_unit_test(test_handoff_waits_for_the_deadline),
        cmocka_unit_test(test_says_only_what_will_happen),
        cmocka_unit_test(test_backlog_is_stated_plainly),
        cmocka_unit_test(test_thresholds_across_currencies),
        cmocka_unit_test(test_after_the_ladder),
        cmocka_unit_test(test_individuals_law),
        cmocka_unit_test(test_statement_of_account),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
