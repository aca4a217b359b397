#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/policy.h"

static int
parse(const char *text, struct policy *p, struct sbuf *errors)
{
    struct dun_err err = DUN_ERR_INIT;

    sbuf_reset(errors);
    return policy_parse("p.ini", text, strlen(text), p, errors, &err);
}

static void
test_default_policy(void **state)
{
    struct policy p;
    struct sbuf errors = SBUF_INIT;
    char buf[64];

    (void)state;
    assert_int_equal(parse(policy_default_text, &p, &errors), 0);
    assert_string_equal(errors.buf, "");
    assert_int_equal(p.grace_days, 3);
    assert_int_equal(p.pre_due_notice_days, 0);
    assert_int_equal(p.min_days_between_contacts, 7);
    assert_int_equal(p.max_contacts_per_week, 2);
    assert_int_equal(p.promise_grace_days, 2);
    assert_int_equal(p.quiet_start, 20 * 60);
    assert_int_equal(p.quiet_end, 8 * 60);
    assert_int_equal(p.quiet_days, 1u << 6);
    assert_int_equal(p.postal_days, 2);
    assert_int_equal(p.nholidays, 0);
    assert_int_equal(p.statement_every_days, 30);
    assert_int_equal(p.nstages, 4);
    assert_string_equal(p.stage[0].name, "reminder");
    assert_int_equal(p.stage[0].after_due_days, 3);
    assert_int_equal(p.stage[0].channels, CHANNEL_EMAIL);
    assert_string_equal(p.stage[0].template_name, "reminder");
    assert_string_equal(p.stage[0].tone, "friendly");
    assert_int_equal(p.stage[0].requires_approval, 0);
    assert_int_equal(p.stage[1].fee, FEE_CONTRACT);
    assert_string_equal(policy_channels_str(p.stage[1].channels, buf,
                                            sizeof(buf)), "email, letter");
    assert_string_equal(p.stage[2].template_name, "final-demand");
    assert_int_equal(p.stage[2].deadline_days, 10);
    assert_int_equal(p.stage[3].action, ACTION_HANDOFF);
    assert_int_equal(p.stage[3].requires_approval, 1);
    assert_int_equal(p.stage[3].handoff_to, HANDOFF_AGENCY);
    assert_int_equal(p.stage[3].min_customer_overdue.n, 1);
    assert_string_equal(p.stage[3].min_customer_overdue.per[0].currency, "");
    assert_int_equal(p.stage[3].min_customer_overdue.per[0].exponent, 2);
    assert_int_equal(p.stage[3].min_customer_overdue.per[0].minor, 50000);
    assert_int_equal(p.stage[0].min_customer_overdue.n, 0);
    assert_int_equal(p.nsegments, 3);
    assert_string_equal(p.segment[0].name, "large-debt");
    assert_int_equal(p.segment[0].min_customer_overdue.n, 1);
    assert_int_equal(p.segment[0].min_customer_overdue.per[0].minor, 1000000);
    assert_int_equal(p.segment[0].shift_days, -5);
    assert_int_equal(p.segment[0].add_channels, CHANNEL_PHONE);
    assert_int_equal(p.segment[1].min_score, 80);
    assert_int_equal(p.segment[1].min_customer_overdue.n, 0);
    assert_int_equal(p.segment[2].manual, 1);
    assert_int_equal(policy_stage_index(&p, "final"), 2);
    assert_int_equal(policy_stage_index(&p, "nope"), -1);
    sbuf_release(&errors);
}

static void
test_relative_stages_and_fixed_fee(void **state)
{
    struct policy p;
    struct sbuf errors = SBUF_INIT;

    (void)state;
    assert_int_equal(parse("[policy]\ngrace_days = 0\nquiet_hours = none\n"
                           "quiet_days = sat, SUN\n"
                           "[stage \"a\"]\nafter_due_days = 0\n"
                           "channels = letter\ntemplate = a\nfee = 40.00\n"
                           "[stage \"b\"]\nafter_previous_days = 10\n"
                           "action = handoff\nrequires_approval = no\n",
                           &p, &errors), 0);
    assert_int_equal(p.quiet_start, p.quiet_end);
    assert_int_equal(p.quiet_days, (1u << 5) | (1u << 6));
    assert_int_equal(p.stage[0].fee, FEE_FIXED);
    assert_int_equal(p.stage[0].fee_milli, 40000);
    assert_int_equal(p.stage[1].after_previous_days, 10);
    assert_int_equal(p.stage[1].requires_approval, 0);
    sbuf_release(&errors);
}

/* Every error is reported, each with its line. */
static void
test_errors_name_their_lines(void **state)
{
    struct policy p;
    struct sbuf errors = SBUF_INIT;

    (void)state;
    assert_int_equal(parse("[policy]\n"
                           "grace_days = soon\n"              /* 2 */
                           "quiet_hours = 8pm-8am\n"          /* 3 */
                           "colour = red\n"                   /* 4 */
                           "[stage \"r\"]\n"
                           "after_due_days = 3\n"
                           "channels = email, pigeon\n"       /* 7 */
                           "fee = lots\n"                     /* 8 */
                           "[stage \"r\"]\n"                  /* 9 */
                           "after_due_days = 5\n"
                           "[segment \"s\"]\n"
                           "min_score = 101\n"                /* 12 */
                           "[stages \"x\"]\n"                 /* 13 */
                           "a = b\n",
                           &p, &errors), -1);
    assert_string_equal(errors.buf,
        "p.ini:2: grace_days: a number of days, 0 to 3650\n"
        "p.ini:3: quiet_hours: HH:MM-HH:MM (24-hour) or none\n"
        "p.ini:4: colour: unknown key in [policy]\n"
        "p.ini:7: channels: a list of email, letter, phone\n"
        "p.ini:8: fee: none, contract or an amount such as 40.00\n"
        "p.ini:9: stage \"r\" is defined twice\n"
        "p.ini:12: min_score: 0 to 100\n"
        "p.ini:13: [stages \"x\"]: unknown section (policy, stage \"NAME\" "
        "or segment \"NAME\")\n");
    /* Text that is not UTF-8 (a Latin-1 é) is refused at its line. */
    assert_int_equal(parse("[policy]\ngrace_days = 3\n[stage \"r\xe9\"]\n",
                           &p, &errors), -1);
    assert_string_equal(errors.buf, "p.ini:3: not valid UTF-8\n");
    sbuf_release(&errors);
}

static void
test_ladder_rules(void **state)
{
    struct policy p;
    struct sbuf errors = SBUF_INIT;

    (void)state;
    assert_int_equal(parse("[policy]\ngrace_days = 5\n", &p, &errors), -1);
    assert_string_equal(errors.buf, "p.ini:2: no [stage \"NAME\"] sections: "
                                    "a policy needs at least one stage\n");
    assert_int_equal(parse("[policy]\ngrace_days = 5\n"
                           "[stage \"early\"]\n"                /* 3 */
                           "after_due_days = 2\nchannels = email\n"
                           "template = t\n"
                           "[stage \"both\"]\n"                 /* 7 */
                           "after_due_days = 9\nafter_previous_days = 2\n"
                           "channels = email\ntemplate = t\n"
                           "[stage \"back\"]\n"                 /* 12 */
                           "after_due_days = 1\nchannels = email\n"
                           "template = t\n"
                           "[stage \"mute\"]\n"                 /* 16 */
                           "after_previous_days = 20\n"
                           "[segment \"any\"]\n"                /* 18 */
                           "shift_days = 3\n",
                           &p, &errors), -1);
    assert_string_equal(errors.buf,
        "p.ini:3: stage \"early\": day 2 is inside grace_days (5): no "
        "contact before due date + grace\n"
        "p.ini:7: stage \"both\": give after_due_days or "
        "after_previous_days (one of them)\n"
        "p.ini:12: stage \"back\": starts at day 1, not after the stage "
        "before it (day 2)\n"
        "p.ini:12: stage \"back\": day 1 is inside grace_days (5): no "
        "contact before due date + grace\n"
        "p.ini:16: stage \"mute\": a message stage needs channels and a "
        "template\n"
        "p.ini:18: segment \"any\": no condition (min_customer_overdue, "
        "min_score or manual = yes)\n");
    assert_int_equal(parse("[stage \"a\"]\nafter_previous_days = 3\n"
                           "channels = email\ntemplate = t\n",
                           &p, &errors), -1);
    assert_string_equal(errors.buf, "p.ini:1: stage \"a\": the first stage "
                                    "needs after_due_days\n");
    assert_int_equal(parse("grace_days = 3\n", &p, &errors), -1);
    assert_string_equal(errors.buf, "p.ini:1: grace_days: a key before any section\n");
    assert_int_equal(parse("[policy]\nthis line\n", &p, &errors), -1);
    assert_string_equal(errors.buf, "p.ini:2: not a 'key = value' line or "
                                    "a [section]\n");
    sbuf_release(&errors);
}

static const char one_stage[] = "[stage \"r\"]\nafter_due_days = 5\n"
                                "channels = email\ntemplate = reminder\n";

/* A policy of one stage with line 3 on as the segment "s". */
static int
parse_segment(const char *lines, struct policy *p, struct sbuf *errors)
{
    char text[512];

    snprintf(text, sizeof(text), "%s[segment \"s\"]\n%s", one_stage, lines);
    return parse(text, p, errors);
}

/* Named amounts take their currency's decimals exactly; a bare amount
 * applies where the currency has as many decimals as it is written
 * with, and a named one wins over it. */
static void
test_amounts_per_currency(void **state)
{
    static const struct {
        const char *currency;
        int applies;
        int64_t minor;
    } cases[] = {
        {"EUR", 1, 45000},   /* named */
        {"GBP", 1, 50000},   /* bare, 2 decimals */
        {"USD", 1, 50000},
        {"JPY", 1, 60000},   /* named, no decimals */
        {"BHD", 1, 500000},  /* bare, 3 decimals */
        {"KWD", 1, 500000},
        {"KRW", 0, 0},       /* no decimals, not named */
        {"CLF", 0, 0},       /* 4 decimals */
        {"XYZ", 0, 0},       /* not a currency */
    };
    struct sbuf errors = SBUF_INIT;
    struct policy p;
    const struct policy_amount *a = &p.segment[0].min_customer_overdue;

    (void)state;
    assert_int_equal(parse_segment("min_customer_overdue = 500.00, 450.00 "
                                   "EUR,60000 JPY , 500.000\n",
                                   &p, &errors), 0);
    assert_string_equal(errors.buf, "");
    assert_int_equal(a->n, 4);
    assert_string_equal(a->per[1].currency, "EUR");
    assert_int_equal(a->per[1].exponent, 2);
    assert_int_equal(a->per[1].minor, 45000);
    assert_string_equal(a->per[3].currency, "");
    assert_int_equal(a->per[3].exponent, 3);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t minor = -1;

        assert_int_equal(policy_amount_in(a, cases[i].currency, &minor),
                         cases[i].applies);
        if (cases[i].applies)
            assert_int_equal(minor, cases[i].minor);
        else
            assert_int_equal(minor, -1);
    }
    /* A value may go on over an indented line or a repeated key. */
    assert_int_equal(parse_segment("min_customer_overdue = 500.00 EUR,\n"
                                   "  500.00 GBP\n"
                                   "min_customer_overdue = 60000 JPY\n",
                                   &p, &errors), 0);
    assert_int_equal(a->n, 3);
    assert_string_equal(a->per[2].currency, "JPY");
    assert_int_equal(p.segment[0].min_customer_overdue_line, 6);
    sbuf_release(&errors);
}

static void
test_amount_errors(void **state)
{
    static const struct {
        const char *value, *error;
    } cases[] = {
        {"500", "min_customer_overdue: 500: write 500.00, or name the "
                "currency: 500 JPY"},
        {"500 EUR", "min_customer_overdue: 500 EUR: EUR is written with 2 "
                    "decimals"},
        {"500.0 EUR", "min_customer_overdue: 500.0 EUR: EUR is written "
                      "with 2 decimals"},
        {"60000.00 JPY", "min_customer_overdue: 60000.00 JPY: JPY is "
                         "written without decimals"},
        {"500.00 XYZ", "min_customer_overdue: XYZ is not a currency (an ISO "
                       "4217 code such as EUR)"},
        {"500.00 eur", "min_customer_overdue: eur is not a currency (an ISO "
                       "4217 code such as EUR)"},
        {"500.00 EURO", "min_customer_overdue: EURO is not a currency (an "
                        "ISO 4217 code such as EUR)"},
        {"EUR 500.00", "min_customer_overdue: an amount such as 500.00, or "
                       "amounts per currency: 500.00 EUR, 60000 JPY"},
        {"-5.00", "min_customer_overdue: an amount such as 500.00, or "
                  "amounts per currency: 500.00 EUR, 60000 JPY"},
        {"500.00,, 60000 JPY", "min_customer_overdue: an amount such as "
                               "500.00, or amounts per currency: 500.00 "
                               "EUR, 60000 JPY"},
        {"", "min_customer_overdue: an amount such as 500.00, or amounts "
             "per currency: 500.00 EUR, 60000 JPY"},
        {"1,000.00", "min_customer_overdue: 1: write 1.00, or name the "
                     "currency: 1 JPY"},
        {"500.0", "min_customer_overdue: 500.0: no currency has 1 decimals "
                  "(EUR has 2, BHD 3)"},
        {"500.00 EUR, 400.00 EUR", "min_customer_overdue: EUR is given "
                                   "twice"},
        {"500.00, 400.00", "min_customer_overdue: two bare amounts with 2 "
                           "decimals (they would apply in the same "
                           "currencies)"},
        {"1.00 EUR, 1.00 USD, 1.00 GBP, 1.00 CHF, 1.00 SEK, 1.00 NOK, "
         "1.00 DKK, 1.00 PLN, 1.00 CZK",
         "min_customer_overdue: more than 8 amounts"},
    };
    struct sbuf errors = SBUF_INIT;
    char line[256], want[512];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct policy p;

        snprintf(line, sizeof(line), "min_customer_overdue = %s\n",
                 cases[i].value);
        snprintf(want, sizeof(want), "p.ini:6: %s\n", cases[i].error);
        assert_int_equal(parse_segment(line, &p, &errors), -1);
        assert_string_equal(errors.buf, want);
    }
    sbuf_release(&errors);
}

/* owed/threshold per currency in thousandths, rounded down, summed. */
static void
test_amount_met_adds_shares(void **state)
{
    static const char cur[][4] = {"EUR", "GBP", "JPY", "CHF"};
    static const struct {
        int64_t owed[4];
        int met;
    } cases[] = {
        {{30000, 30000, 0, 0}, 1},     /* 600 + 600 */
        {{30000, 20000, 0, 0}, 1},     /* 600 + 400: exactly 1000 */
        {{30000, 19999, 0, 0}, 0},     /* 600 + 399 */
        {{49999, 0, 0, 0}, 0},         /* 999 */
        {{50000, 0, 0, 0}, 1},         /* the threshold itself */
        {{0, 0, 59999, 0}, 0},         /* JPY 59,999 of 60,000 */
        {{25000, 0, 30000, 0}, 1},     /* 500 + 500 */
        {{49999, 0, 0, 50000}, 1},     /* CHF, bare 500.00 */
        {{-50000, 49999, 0, 0}, 0},    /* a credit counts for nothing */
    };
    struct sbuf errors = SBUF_INIT;
    struct policy p;
    const struct policy_amount *a = &p.segment[0].min_customer_overdue;

    (void)state;
    assert_int_equal(parse_segment("min_customer_overdue = 500.00, 60000 "
                                   "JPY\n", &p, &errors), 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(policy_amount_met(a, cur, cases[i].owed, 4),
                         cases[i].met);
    /* Owed only where there is no threshold: never met. */
    assert_int_equal(parse_segment("min_customer_overdue = 500.00 EUR\n",
                                   &p, &errors), 0);
    assert_int_equal(policy_amount_met(a, cur,
                                       (const int64_t[]){0, 9000000, 0, 0},
                                       4), 0);
    /* A zero threshold: anything owed in its currency. */
    assert_int_equal(parse_segment("min_customer_overdue = 0.00 EUR\n",
                                   &p, &errors), 0);
    assert_int_equal(policy_amount_met(a, cur, (const int64_t[]){1, 0, 0, 0},
                                       4), 1);
    assert_int_equal(policy_amount_met(a, cur, (const int64_t[]){0, 0, 0, 0},
                                       4), 0);
    /* No threshold at all: met. */
    assert_int_equal(policy_amount_met(&p.stage[0].min_customer_overdue, cur,
                                       (const int64_t[]){0, 0, 0, 0}, 4), 1);
    /* Near INT64_MAX the share is still exact. */
    assert_int_equal(parse_segment("min_customer_overdue = "
                                   "92233720368547758.07 EUR\n", &p,
                                   &errors), 0);
    assert_int_equal(policy_amount_met(a, cur,
                                       (const int64_t[]){INT64_MAX - 1, 0,
                                                         0, 0}, 4), 0);
    sbuf_release(&errors);
}

static void
test_postal_days_holidays_statements(void **state)
{
    struct sbuf errors = SBUF_INIT;
    struct policy p;
    char text[512];

    (void)state;
    snprintf(text, sizeof(text), "[policy]\npostal_days = 0\n"
             "holidays = 2027-01-01, 2026-12-26,2026-12-25\n"
             "holidays = 2026-12-25, 2026-05-01\n"
             "  2026-12-24,\n"
             "statement_every_days = 0\n%s", one_stage);
    assert_int_equal(parse(text, &p, &errors), 0);
    assert_int_equal(p.postal_days, 0);
    assert_int_equal(p.statement_every_days, 0);
    /* Sorted, the repeated 2026-12-25 once. */
    assert_int_equal(p.nholidays, 5);
    assert_int_equal(p.holidays[0], date_from_iso("2026-05-01"));
    assert_int_equal(p.holidays[1], date_from_iso("2026-12-24"));
    assert_int_equal(p.holidays[2], date_from_iso("2026-12-25"));
    assert_int_equal(p.holidays[3], date_from_iso("2026-12-26"));
    assert_int_equal(p.holidays[4], date_from_iso("2027-01-01"));
    snprintf(text, sizeof(text), "[policy]\npostal_days = 14\n"
             "holidays = none\nstatement_every_days = 365\n%s", one_stage);
    assert_int_equal(parse(text, &p, &errors), 0);
    assert_int_equal(p.postal_days, 14);
    assert_int_equal(p.nholidays, 0);
    assert_int_equal(p.statement_every_days, 365);
    snprintf(text, sizeof(text), "[policy]\n"
             "postal_days = 15\n"                          /* 2 */
             "postal_days = -1\n"                          /* 3 */
             "holidays = 2026-12-25, 2026-02-30\n"         /* 4 */
             "holidays = 25.12.2026\n"                     /* 5 */
             "holidays = 2026-12-25,,2026-12-26\n"         /* 6 */
             "statement_every_days = 366\n"                /* 7 */
             "statement_every_days = monthly\n%s",         /* 8 */
             one_stage);
    assert_int_equal(parse(text, &p, &errors), -1);
    assert_string_equal(errors.buf,
        "p.ini:2: postal_days: a number of days, 0 to 14\n"
        "p.ini:3: postal_days: a number of days, 0 to 14\n"
        "p.ini:4: holidays: 2026-02-30 is not a date (YYYY-MM-DD, "
        "separated by commas)\n"
        "p.ini:5: holidays: 25.12.2026 is not a date (YYYY-MM-DD, "
        "separated by commas)\n"
        "p.ini:6: holidays: dates as YYYY-MM-DD, separated by commas, or "
        "none\n"
        "p.ini:7: statement_every_days: a number of days, 0 (never) to "
        "365\n"
        "p.ini:8: statement_every_days: a number of days, 0 (never) to "
        "365\n");
    sbuf_release(&errors);
}

/* At most 64 holidays, whatever the lines; a line past libinih's buffer
 * is refused as a whole, with its own number. */
static void
test_holiday_limits_and_long_lines(void **state)
{
    struct sbuf errors = SBUF_INIT, text = SBUF_INIT;
    struct policy p;
    int32_t day = date_from_iso("2026-01-01");

    (void)state;
    sbuf_addstr(&text, "[policy]\n");
    for (int i = 0; i < 65; i++) {
        char iso[DATE_ISO_LEN + 1];

        date_iso(day + i, iso);
        sbuf_addf(&text, "holidays = %s\n", iso);
    }
    sbuf_addstr(&text, one_stage);
    assert_int_equal(parse(text.buf, &p, &errors), -1);
    assert_string_equal(errors.buf, "p.ini:66: holidays: more than 64 "
                                    "dates\n");
    assert_int_equal(p.nholidays, 64);
    sbuf_reset(&text);
    sbuf_addstr(&text, "[policy]\nholidays = 2026-01-01");
    for (int i = 0; i < 16; i++)
        sbuf_addstr(&text, ", 2026-01-02");
    sbuf_addstr(&text, "\ngrace_days = x\n");
    sbuf_addstr(&text, one_stage);
    assert_int_equal(parse(text.buf, &p, &errors), -1);
    assert_string_equal(errors.buf,
        "p.ini:2: line longer than 198 characters: split a list over "
        "several lines\n"
        "p.ini:3: grace_days: a number of days, 0 to 3650\n");
    sbuf_release(&text);
    sbuf_release(&errors);
}

/* 2026-12-24 is a Thursday. */
static void
test_next_business_day(void **state)
{
    static const struct {
        const char *day, *want;
    } cases[] = {
        {"2026-12-23", "2026-12-23"}, /* Wednesday */
        {"2026-12-24", "2026-12-28"}, /* Christmas Eve, Friday 25th, weekend */
        {"2026-12-26", "2026-12-28"}, /* Saturday */
        {"2026-12-27", "2026-12-28"}, /* Sunday */
        {"2026-12-28", "2026-12-28"}, /* Monday */
        {"2026-12-31", "2027-01-04"}, /* 31st, 1st, weekend */
        {"2027-01-05", "2027-01-05"},
    };
    struct sbuf errors = SBUF_INIT;
    struct policy p;
    char text[256];

    (void)state;
    snprintf(text, sizeof(text), "[policy]\nholidays = 2027-01-01, "
             "2026-12-31, 2026-12-25, 2026-12-24\n%s", one_stage);
    assert_int_equal(parse(text, &p, &errors), 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char got[DATE_ISO_LEN + 1];

        date_iso(policy_next_business_day(&p, date_from_iso(cases[i].day)),
                 got);
        assert_string_equal(got, cases[i].want);
    }
    sbuf_release(&errors);
}

static void
test_handoff_to(void **state)
{
    struct sbuf errors = SBUF_INIT;
    struct policy p;

    (void)state;
    assert_int_equal(parse("[stage \"r\"]\nafter_due_days = 5\n"
                           "channels = email\ntemplate = reminder\n"
                           "[stage \"law\"]\nafter_due_days = 60\n"
                           "handoff_to = Lawyer\naction = handoff\n"
                           "[stage \"coll\"]\nafter_due_days = 90\n"
                           "action = handoff\n", &p, &errors), 0);
    assert_int_equal(p.stage[1].handoff_to, HANDOFF_LAWYER);
    assert_int_equal(p.stage[2].handoff_to, HANDOFF_AGENCY);
    assert_int_equal(parse("[stage \"r\"]\nafter_due_days = 5\n"
                           "channels = email\ntemplate = reminder\n"
                           "handoff_to = agency\n"                /* 5 */
                           "[stage \"h\"]\nafter_due_days = 60\n"
                           "action = handoff\nhandoff_to = court\n" /* 9 */
                           "[stage \"m\"]\nafter_due_days = 70\n"
                           "action = message\nchannels = letter\n"
                           "template = final-demand\n"
                           "handoff_to = lawyer\n",                /* 15 */
                           &p, &errors), -1);
    /* The value first, as it is read; the stage rule once the file is. */
    assert_string_equal(errors.buf,
        "p.ini:9: handoff_to: agency or lawyer\n");
    assert_int_equal(parse("[stage \"r\"]\nafter_due_days = 5\n"
                           "channels = email\ntemplate = reminder\n"
                           "handoff_to = agency\n"                /* 5 */
                           "[stage \"m\"]\nafter_due_days = 70\n"
                           "action = message\nchannels = letter\n"
                           "template = final-demand\n"
                           "handoff_to = lawyer\n",                /* 11 */
                           &p, &errors), -1);
    assert_string_equal(errors.buf,
        "p.ini:5: stage \"r\": handoff_to is only for action = handoff\n"
        "p.ini:11: stage \"m\": handoff_to is only for action = handoff\n");
    sbuf_release(&errors);
}

/* The allowed hours are the first stretch of the day outside the quiet
 * hours, however they lie. */
static void
test_send_window(void **state)
{
    static const struct {
        const char *quiet;
        int from, to;
    } cases[] = {
        {"20:00-08:00", 8 * 60, 20 * 60},  /* over midnight */
        {"22:30-07:15", 7 * 60 + 15, 22 * 60 + 30},
        {"12:00-13:00", 0, 12 * 60},       /* within the day */
        {"00:00-06:00", 6 * 60, 24 * 60},  /* from midnight */
        {"none", 0, 24 * 60},
    };
    struct sbuf errors = SBUF_INIT;
    char text[128];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct policy p;
        int from, to;

        snprintf(text, sizeof(text), "[policy]\nquiet_hours = %s\n"
                 "[stage \"r\"]\nafter_due_days = 5\nchannels = email\n"
                 "template = reminder\n", cases[i].quiet);
        assert_int_equal(parse(text, &p, &errors), 0);
        policy_send_window(&p, &from, &to);
        assert_int_equal(from, cases[i].from);
        assert_int_equal(to, cases[i].to);
    }
    sbuf_release(&errors);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_policy),
        cmocka_unit_test(test_relative_stages_and_fixed_fee),
        cmocka_unit_test(test_errors_name_their_lines),
        cmocka_unit_test(test_ladder_rules),
        cmocka_unit_test(test_amounts_per_currency),
        cmocka_unit_test(test_amount_errors),
        cmocka_unit_test(test_amount_met_adds_shares),
        cmocka_unit_test(test_postal_days_holidays_statements),
        cmocka_unit_test(test_holiday_limits_and_long_lines),
        cmocka_unit_test(test_next_business_day),
        cmocka_unit_test(test_handoff_to),
        cmocka_unit_test(test_send_window),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
