#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */

#include "core/message_state.h"

static void
test_names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < MSG_NSTATUS; s++)
        assert_int_equal(message_status_parse(message_status_name(s)), s);
    assert_string_equal(message_status_name(MSG_PLANNED), "planned");
    assert_string_equal(message_status_name(MSG_BOUNCED), "bounced");
    assert_null(message_status_name(MSG_NSTATUS));
    assert_int_equal(message_status_parse("Sent"), -1);
    assert_int_equal(message_status_parse(""), -1);
}

/* An e-mail: planned -> sending -> sent -> bounced; back to planned from
 * sending only (a failure for now, or a crash); nothing leaves void or
 * bounced; a sent message is never sent again. */
static void
test_email_moves(void **state)
{
    (void)state;
    assert_true(message_status_may_move("email", MSG_PLANNED, MSG_SENDING));
    assert_true(message_status_may_move("email", MSG_SENDING, MSG_SENT));
    assert_true(message_status_may_move("email", MSG_SENDING, MSG_PLANNED));
    assert_true(message_status_may_move("email", MSG_SENDING, MSG_FAILED));
    assert_true(message_status_may_move("email", MSG_SENT, MSG_BOUNCED));
    assert_true(message_status_may_move("email", MSG_PLANNED, MSG_VOID));
    assert_true(message_status_may_move("email", MSG_PLANNED, MSG_SENT));
    assert_true(message_status_may_move("email", MSG_FAILED, MSG_SENT));
    assert_false(message_status_may_move("email", MSG_SENT, MSG_SENDING));
    assert_false(message_status_may_move("email", MSG_SENT, MSG_VOID));
    assert_false(message_status_may_move("email", MSG_VOID, MSG_PLANNED));
    assert_false(message_status_may_move("email", MSG_BOUNCED, MSG_SENT));
    assert_false(message_status_may_move("email", MSG_PLANNED, MSG_PRINTED));
    assert_false(message_status_may_move("email", MSG_PLANNED, MSG_BOUNCED));
}

static void
test_letter_moves(void **state)
{
    (void)state;
    assert_true(message_status_may_move("letter", MSG_PLANNED, MSG_PRINTED));
    assert_true(message_status_may_move("letter", MSG_PRINTED, MSG_POSTED));
    assert_true(message_status_may_move("letter", MSG_PLANNED, MSG_POSTED));
    assert_true(message_status_may_move("letter", MSG_PRINTED, MSG_VOID));
    assert_false(message_status_may_move("letter", MSG_PLANNED, MSG_SENDING));
    assert_false(message_status_may_move("letter", MSG_POSTED, MSG_VOID));
    assert_false(message_status_may_move("fax", MSG_PLANNED, MSG_SENT));
    assert_false(message_status_may_move("letter", MSG_NSTATUS, MSG_VOID));
}

static void
test_delivered(void **state)
{
    (void)state;
    assert_true(message_status_delivered(MSG_SENT));
    assert_true(message_status_delivered(MSG_PRINTED));
    assert_true(message_status_delivered(MSG_POSTED));
    assert_false(message_status_delivered(MSG_PLANNED));
    assert_false(message_status_delivered(MSG_SENDING));
    assert_false(message_status_delivered(MSG_FAILED));
    assert_false(message_status_delivered(MSG_BOUNCED));
    assert_false(message_status_delivered(MSG_VOID));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_email_moves),
        cmocka_unit_test(test_letter_moves),
        cmocka_unit_test(test_delivered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
