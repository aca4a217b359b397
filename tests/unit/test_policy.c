#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <string.h>

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
    assert_int_equal(p.stage[3].min_customer_overdue_milli, 500000);
    assert_int_equal(p.nsegments, 3);
    assert_string_equal(p.segment[0].name, "large-debt");
    assert_int_equal(p.segment[0].min_customer_overdue_milli, 10000000);
    assert_int_equal(p.segment[0].shift_days, -5);
    assert_int_equal(p.segment[0].add_channels, CHANNEL_PHONE);
    assert_int_equal(p.segment[1].min_score, 80);
    assert_int_equal(p.segment[1].min_customer_overdue_milli, -1);
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
        "p.ini:4: unknown key in [policy]\n"
        "p.ini:7: channels: a list of email, letter, phone\n"
        "p.ini:8: fee: none, contract or an amount such as 40.00\n"
        "p.ini:9: stage \"r\" is defined twice\n"
        "p.ini:12: min_score: 0 to 100\n"
        "p.ini:13: [stages \"x\"]: unknown section (policy, stage \"NAME\" "
        "or segment \"NAME\")\n");
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
    assert_string_equal(errors.buf, "p.ini:1: a key before any section\n");
    assert_int_equal(parse("[policy]\nthis line\n", &p, &errors), -1);
    assert_string_equal(errors.buf, "p.ini:2: not a 'key = value' line or "
                                    "a [section]\n");
    sbuf_release(&errors);
}

static void
test_amounts_per_currency(void **state)
{
    (void)state;
    assert_int_equal(policy_amount_minor(500000, 2), 50000); /* EUR */
    assert_int_equal(policy_amount_minor(500000, 0), 500);   /* JPY */
    assert_int_equal(policy_amount_minor(500000, 3), 500000); /* BHD */
    assert_int_equal(policy_amount_minor(1500, 0), 2);  /* 1.5 -> 2 */
    assert_int_equal(policy_amount_minor(1005, 2), 101); /* 1.005 */
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
        cmocka_unit_test(test_send_window),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
