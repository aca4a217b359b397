#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "core/date.h"
#include "core/dunning.h"
#include "core/plan.h"

/*
 * The default templates rendered from hand-built letter inputs. Each
 * check quotes the sentence a debtor reads, exactly, and the sentences
 * that must not be there (issue 10: a message says what will really
 * follow and nothing worse, keeps invoices outside a demand out of its
 * deadline and threat, assumes no oversight of a long-overdue debt, and
 * counts what arrived of a promise).
 *
 * As of 30 June 2026: A-100 (90 days overdue) and A-101 (60) are at the
 * message's stage, A-200 (4 days) is also due.
 */

#define NITEMS 3

/* HTML keeps a date, an amount or a phone number on one line. */
#define NW(x) "<span style=\"white-space:nowrap;\">" x "</span>"

struct fixture {
    struct tenant tenant;
    struct customer customer;
    struct dun_item items[NITEMS];
    unsigned char roles[NITEMS];
    struct dun_decision d;
    struct letter_promise promise;
    struct plan_installment inst[3];
    const char *plan_invoices[3];
    struct letter_plan plan;
    struct letter_input in;
    struct letter l;
};

static int32_t
D(const char *iso)
{
    return date_from_iso(iso);
}

static struct fixture *
fixture(const char *template_name, const char *language)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    f->tenant = (struct tenant){ .name = "Smith & Sons Ltd",
                                 .address = "1 High Street\nLondon EC1A 1AA",
                                 .email = "accounts@smith.example",
                                 .phone = "+44 20 7946 0000",
                                 .iban = "GB33BUKB20201555555555",
                                 .bic = "BUKBGB22",
                                 .bank = "Barclays",
                                 .vat_id = "GB123456789",
                                 .timezone = "Europe/London",
                                 .country = "GB" };
    f->customer = (struct customer){ .id = "C5",
                                     .name = "Elm Trading",
                                     .email = "ap@elm.example",
                                     .address = "2 Elm Road",
                                     .city = "Leeds",
                                     .postal_code = "LS1 4AP",
                                     .country = "GB",
                                     .language = language };
    /* A customer where its language is spoken (a German one in
     * Germany): its dates and amounts as there. */
    {
        static const struct {
            const char *language, *street, *postal_code, *city, *country;
        } where[] = {
            {"de", "Ulmenweg 2", "04109", "Leipzig", "DE"},
            {"fr", "2 rue des Ormes", "69002", "Lyon", "FR"},
            {"nl", "Iepenlaan 2", "3511 AB", "Utrecht", "NL"},
            {"es", "Calle del Olmo 2", "28013", "Madrid", "ES"},
            {"it", "Via degli Olmi 2", "20121", "Milano", "IT"},
        };

        for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
            if (strcmp(language, where[i].language) == 0) {
                f->customer.address = where[i].street;
                f->customer.postal_code = where[i].postal_code;
                f->customer.city = where[i].city;
                f->customer.country = where[i].country;
            }
    }
    f->items[0] = (struct dun_item){ .number = "A-100",
                                     .currency = "EUR",
                                     .due_date = D("2026-04-01"),
                                     .balance = 150000,
                                     .days_overdue = 90 };
    f->items[1] = (struct dun_item){ .number = "A-101",
                                     .currency = "EUR",
                                     .due_date = D("2026-05-01"),
                                     .balance = 50050,
                                     .days_overdue = 60 };
    f->items[2] = (struct dun_item){ .number = "A-200",
                                     .currency = "EUR",
                                     .due_date = D("2026-06-26"),
                                     .balance = 25000,
                                     .days_overdue = 4 };
    f->roles[0] = DUN_ROLE_STAGE;
    f->roles[1] = DUN_ROLE_STAGE;
    f->roles[2] = DUN_ROLE_ALSO;
    f->d = (struct dun_decision){ .act = 1,
                                  .stage = 2,
                                  .channels = CHANNEL_EMAIL | CHANNEL_LETTER,
                                  .max_days_overdue = 90,
                                  .deadline = D("2026-07-10"),
                                  .in_message = f->roles,
                                  .ntotals = 1 };
    /* What an older decision put here (every item listed): letters must
     * not print it. */
    memcpy(f->d.totals[0].currency, "EUR", 4);
    f->d.totals[0].overdue = 225050;
    f->in = (struct letter_input){ .tenant = &f->tenant,
                                   .customer = &f->customer,
                                   .stage = "final",
                                   .template_name = template_name,
                                   /* As the default policy's stages. */
                                   .tone = strcmp(template_name,
                                                  "final-demand") == 0
                                               ? "final"
                                           : strcmp(template_name,
                                                    "notice") == 0
                                               ? "firm"
                                               : "friendly",
                                   .as_of = D("2026-06-30"),
                                   .d = &f->d,
                                   .items = f->items,
                                   .nitems = NITEMS,
                                   .next = { NEXT_AGENCY, "agency", 0 },
                                   .channels = CHANNEL_EMAIL | CHANNEL_LETTER };
    letter_init(&f->l);
    return f;
}

static void
fixture_free(struct fixture *f)
{
    letter_release(&f->l);
    free(f);
}

static void
use_promise(struct fixture *f, int64_t arrived)
{
    f->promise = (struct letter_promise){ .made_on = D("2026-06-01"),
                                          .by = D("2026-06-15"),
                                          .currency = "USD",
                                          .promised = 300000,
                                          .arrived = arrived };
    f->in.broken_promise = &f->promise;
}

static void
use_plan(struct fixture *f, size_t ninvoices, int64_t paid, int64_t missed)
{
    f->inst[0] = (struct plan_installment){ D("2026-05-01"), 100000 };
    f->inst[1] = (struct plan_installment){ D("2026-06-01"), 50000 };
    f->inst[2] = (struct plan_installment){ D("2026-07-01"), 150000 };
    f->plan_invoices[0] = "A-100";
    f->plan_invoices[1] = "A-101";
    f->plan_invoices[2] = "A-102";
    f->plan = (struct letter_plan){ .made_on = D("2026-03-01"),
                                    .currency = "EUR",
                                    .total = 300000,
                                    .paid = paid,
                                    .inst = f->inst,
                                    .n = 3,
                                    .missed = 1,
                                    .missed_short = missed,
                                    .invoices = f->plan_invoices,
                                    .ninvoices = ninvoices };
    f->in.plan_missed = &f->plan;
    f->in.stage = "plan-missed";
    f->in.template_name = "plan-missed";
    f->in.tone = "friendly";
    f->d.deadline = DATE_INVALID;
}

static void
render(struct fixture *f)
{
    struct dun_err err = DUN_ERR_INIT;

    if (letter_render(&f->in, &f->l, &err) < 0)
        fail_msg("%s", err.msg);
}

#define assert_has(hay, needle) assert_has_at(hay, needle, __FILE__, __LINE__)
#define assert_lacks(hay, needle)                                              \
    assert_lacks_at(hay, needle, __FILE__, __LINE__)

static void
assert_has_at(const char *hay, const char *needle, const char *file, int line)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("%s:%d: missing \"%s\" in:\n%s", file, line, needle, hay);
}

static void
assert_lacks_at(const char *hay, const char *needle, const char *file, int line)
{
    if (strstr(hay, needle) != NULL)
        fail_msg("%s:%d: unwanted \"%s\" in:\n%s", file, line, needle, hay);
}

/* Each body (text, HTML, letter) of the rendered message lacks needle. */
static void
assert_none_has(const struct letter *l, const char *needle)
{
    assert_lacks(l->subject.buf, needle);
    assert_lacks(l->text.buf, needle);
    assert_lacks(l->html.buf, needle);
    assert_lacks(l->letter.buf, needle);
}

/* The part of s from the first from (inclusive) up to the first to after
 * it (exclusive; the rest of s when to is missing), as a new string. */
static char *
between(const char *s, const char *from, const char *to)
{
    const char *a = strstr(s, from), *b;
    char *out;

    if (a == NULL)
        fail_msg("missing \"%s\" in:\n%s", from, s);
    b = to ? strstr(a + strlen(from), to) : NULL;
    if (b == NULL)
        b = a + strlen(a);
    out = calloc(1, (size_t)(b - a) + 1);
    assert_non_null(out);
    memcpy(out, a, (size_t)(b - a));
    return out;
}

/* A final demand says exactly what follows: an agency, a lawyer, a
 * further notice, or a review; "may" when a person approves first;
 * never "or", never "without further notice"; costs only with an
 * agency or a lawyer. */
static void
test_final_demand_names_the_next_step(void **state)
{
    static const struct {
        enum letter_next_kind kind;
        int approval;
        const char *text, *html;
        const char *absent[6];
    } cases[] = {
        { NEXT_AGENCY,
          0,
          "If we have not received the amount above by 10 July 2026, we will "
          "pass the\nmatter to a collection agency. The costs of doing so "
          "may be charged to\nyou where the law allows.\n",
          "If we have not received the amount above by " NW("10 July 2026")
          ", we will pass the matter to a collection agency. The costs of "
          "doing so may be charged to you where the law allows.</p>",
          { "lawyer", "legal", "without further notice", "agency or" } },
        { NEXT_AGENCY,
          1,
          "If we have not received the amount above by 10 July 2026, we may "
          "pass the\nmatter to a collection agency. The costs of doing so "
          "may be charged to\nyou where the law allows.\n",
          "by " NW("10 July 2026")
          ", we may pass the matter to a collection agency.",
          { "we will pass", "lawyer", "legal", "without further notice" } },
        { NEXT_LAWYER,
          0,
          "If we have not received the amount above by 10 July 2026, we will "
          "instruct\na lawyer to start legal proceedings. The costs of doing "
          "so may be\ncharged to you where the law allows.\n",
          "by " NW("10 July 2026") ", we will instruct a lawyer to start legal "
          "proceedings. The costs of doing so may be charged to you where "
          "the law allows.</p>",
          { "agency", "without further notice" } },
        { NEXT_LAWYER,
          1,
          "If we have not received the amount above by 10 July 2026, we may "
          "instruct\na lawyer to start legal proceedings. The costs of doing "
          "so may be\n",
          "by " NW("10 July 2026") ", we may instruct a lawyer to start legal "
          "proceedings.",
          { "agency", "we will instruct", "without further notice" } },
        { NEXT_MESSAGE,
          0,
          "If we have not received the amount above by 10 July 2026, we will "
          "send you\na further, formal notice.\n",
          "by " NW("10 July 2026")
          ", we will send you a further, formal notice.</p>",
          { "agency", "lawyer", "legal", "costs", "without further notice",
            "This is our final demand" } },
        { NEXT_REVIEW,
          0,
          "If we have not received the amount above by 10 July 2026, it will "
          "remain\nopen on your account and we will review what further "
          "steps to take.\n",
          "by " NW("10 July 2026") ", it will remain open on your account "
          "and we will review what further steps to take.</p>",
          { "agency", "lawyer", "legal", "costs", "without further notice" } },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fixture *f = fixture("final-demand", "en");

        f->in.next =
            (struct letter_next){ cases[i].kind, "x", cases[i].approval };
        render(f);
        assert_string_equal(f->l.subject.buf,
                            "Final demand for payment – account C5");
        assert_has(f->l.text.buf, cases[i].text);
        assert_has(f->l.letter.buf, cases[i].text);
        assert_has(f->l.html.buf, cases[i].html);
        assert_has(f->l.text.buf, "Please pay the amount above so that we "
                                  "receive it by 10 July 2026.\n");
        for (size_t j = 0; j < 6 && cases[i].absent[j]; j++)
            assert_none_has(&f->l, cases[i].absent[j]);
        if (cases[i].kind == NEXT_MESSAGE)
            assert_has(f->l.text.buf, "remains unpaid. We hereby formally "
                                      "demand its payment:\n");
        else
            assert_has(f->l.text.buf, "remains unpaid. This is our final "
                                      "demand for payment:\n");
        fixture_free(f);
    }
}

/* Without a deadline the consequence does not invent one. */
static void
test_final_demand_without_deadline(void **state)
{
    struct fixture *f = fixture("final-demand", "en");
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    f->d.deadline = DATE_INVALID;
    /* A final demand must give a date to pay by (app/contents.h): none,
     * and it is not made. */
    assert_int_equal(letter_render(&f->in, &f->l, &err), -1);
    assert_string_equal(err.msg, "en/final-demand.text lacks the deadline: "
                                 "not sent");
    /* A firm stage that uses the template asks for payment at once. */
    f->in.tone = "firm";
    render(f);
    assert_has(f->l.text.buf, "Please pay the amount above immediately.\n\n"
                              "If we do not receive the amount above, we "
                              "will pass the matter to a\ncollection "
                              "agency.");
    assert_has(f->l.html.buf, "<p style=\"margin:0 0 16px 0;\">If we do not "
                              "receive the amount above, we will pass");
    assert_none_has(&f->l, "2026-07-10");
    fixture_free(f);
}

/* The notice's consequence comes from next as well; it threatens no
 * fees, no interest and no hand-off it does not name. */
static void
test_notice_names_the_next_step(void **state)
{
    struct fixture *f = fixture("notice", "en");

    (void)state;
    f->in.next = (struct letter_next){ NEXT_MESSAGE, "final", 0 };
    render(f);
    assert_string_equal(f->l.subject.buf,
                        "Overdue payment notice – account C5");
    assert_has(f->l.text.buf,
               "Please pay the amount above so that it reaches us by "
               "10 July 2026 at\nthe latest.\n\n"
               "If we have not received the amount above by 10 July 2026, we "
               "will send you\na further, formal notice.\n");
    assert_none_has(&f->l, "interest");
    assert_none_has(&f->l, "collection");
    assert_none_has(&f->l, "fees");
    fixture_free(f);
}

/* Only the items at the stage are in the main table, its total and the
 * deadline; an item also due is listed after, under its own heading
 * and total. The decision's own totals are not used. */
static void
test_also_due_stays_outside_the_demand(void **state)
{
    static const char *const templates[] = { "final-demand", "notice",
                                             "reminder", "statement" };

    (void)state;
    for (size_t i = 0; i < 4; i++) {
        struct fixture *f = fixture(templates[i], "en");
        char *main_text, *also_text, *main_html, *also_html;
        const char *heading = i == 0   ? "Also due (not part of this demand)"
                              : i == 1 ? "Also due (not part of this notice)"
                              : i == 2 ? "Also due\n"
                                       : "Also open:";

        render(f);
        main_text = between(f->l.text.buf, "Dear", heading);
        also_text = between(f->l.text.buf, heading, "Bank details");
        assert_has(main_text, "  A-100    1 April 2026            90   "
                              "\u20ac1,500.00\n");
        assert_has(main_text, "  A-101    1 May 2026              60     "
                              "\u20ac500.50\n");
        assert_has(main_text, "  Total due                             "
                              "\u20ac2,000.50\n");
        assert_lacks(main_text, "A-200");
        assert_has(also_text, "  A-200    26 June 2026             4     "
                              "\u20ac250.00\n");
        assert_has(also_text, "  Total due                               "
                              "\u20ac250.00\n");
        assert_lacks(also_text, "A-100");
        assert_none_has(&f->l, "2250.50");
        if (i < 3)
            assert_has(also_text, "The following invoices are also overdue. "
                                  "Please pay them as well:\n");
        main_html = between(f->l.html.buf, "Dear", "Also ");
        also_html = between(f->l.html.buf, i < 3 ? "Also due" : "Also open",
                            "Bank details");
        assert_has(main_html, ">A-100</td>");
        assert_lacks(main_html, "A-200");
        assert_has(also_html, ">A-200</td>");
        assert_has(also_html, ">€250.00</td>");
        assert_lacks(also_html, "A-101");
        assert_has(f->l.letter.buf, heading);
        free(main_text);
        free(also_text);
        free(main_html);
        free(also_html);
        fixture_free(f);
    }
}

/* Nothing also due: no heading, no empty table. */
static void
test_no_also_due_section_when_none(void **state)
{
    struct fixture *f = fixture("final-demand", "en");

    (void)state;
    f->roles[2] = DUN_ROLE_NONE;
    render(f);
    assert_none_has(&f->l, "Also due");
    assert_none_has(&f->l, "A-200");
    fixture_free(f);
}

/* The first message about a long-overdue debt says how overdue it is
 * and assumes no oversight; an ordinary reminder still does. */
static void
test_backlog_reminder_assumes_no_oversight(void **state)
{
    struct fixture *f = fixture("reminder", "en");

    (void)state;
    f->in.backlog = 1;
    f->in.next = (struct letter_next){ NEXT_MESSAGE, "notice", 0 };
    render(f);
    assert_string_equal(f->l.subject.buf, "Payment reminder – account C5");
    assert_has(f->l.text.buf, "According to our records, the invoices below "
                              "on your account\nC5 are overdue, the oldest "
                              "by 90 days:\n");
    assert_has(f->l.text.buf, "Please pay the amount above soon, by "
                              "10 July 2026 at the latest. If you\ncannot, "
                              "please contact us so that we can find a "
                              "solution together.\n");
    assert_has(f->l.html.buf, "According to our records, the invoices below "
                              "on your account C5 are overdue, the oldest "
                              "by 90 days:</p>");
    assert_none_has(&f->l, "oversight");
    assert_none_has(&f->l, "friendly");
    fixture_free(f);

    f = fixture("reminder", "en");
    f->in.backlog = 1;
    f->roles[1] = DUN_ROLE_NONE;
    render(f);
    assert_has(f->l.letter.buf, "According to our records, the invoice below "
                                "on your account\nC5 is overdue by 90 "
                                "days:\n");
    fixture_free(f);

    f = fixture("reminder", "en");
    render(f);
    assert_has(f->l.text.buf, "We assume this is simply an oversight");
    fixture_free(f);
}

/* A broken promise counts what arrived of it. */
static void
test_broken_promise_counts_what_arrived(void **state)
{
    struct fixture *f = fixture("notice", "en");

    (void)state;
    use_promise(f, 0);
    render(f);
    assert_has(f->l.text.buf, "On 1 June 2026 you promised to pay US$3,000.00 "
                              "by 15 June 2026. We have\nnot received it.\n");
    assert_has(f->l.html.buf, "On " NW("1 June 2026") " you promised to pay "
                              NW("US$3,000.00") " by " NW("15 June 2026")
                              ". We have not received it.</p>");
    assert_none_has(&f->l, "thank you;");
    fixture_free(f);

    f = fixture("final-demand", "en");
    use_promise(f, 100000);
    render(f);
    assert_has(f->l.letter.buf, "On 1 June 2026 you promised to pay US$"
                                "3,000.00 by 15 June 2026. We have\nreceived "
                                "US$1,000.00 of it, thank you; US$2,000.00 "
                                "is still missing.\n");
    assert_has(f->l.html.buf, "by " NW("15 June 2026") ". We have received "
                              NW("US$1,000.00") " of it, thank you; "
                              NW("US$2,000.00") " is still missing.</p>");
    assert_none_has(&f->l, "We have not received it");
    assert_none_has(&f->l, "US$3,000.00 that you promised");
    fixture_free(f);
}

/* A promise of which nothing is missing, or a plan instalment that is
 * not short, is not written about at all: the render fails. */
static void
test_nothing_missing_is_refused(void **state)
{
    struct dun_err err = DUN_ERR_INIT;
    struct fixture *f = fixture("notice", "en");

    (void)state;
    use_promise(f, 300000);
    assert_int_equal(letter_render(&f->in, &f->l, &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    fixture_free(f);

    f = fixture("plan-missed", "en");
    use_plan(f, 2, 100000, 0);
    assert_int_equal(letter_render(&f->in, &f->l, &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    fixture_free(f);
}

/* A statement lists what is open with no deadline and no threat. */
static void
test_statement_threatens_nothing(void **state)
{
    struct fixture *f = fixture("statement", "en");

    (void)state;
    f->in.stage = "statement";
    f->d.deadline = DATE_INVALID;
    render(f);
    assert_string_equal(f->l.subject.buf, "Statement of account – account C5");
    assert_has(f->l.text.buf, "Below is a statement of the invoices that are "
                              "open on your account\nC5 with us as of "
                              "30 June 2026:\n");
    assert_has(f->l.text.buf, "We would be grateful if you could pay the "
                              "open amount.\nIf you cannot pay it in full at "
                              "the moment, or would like to discuss it,\n"
                              "please call +44 20 7946 0000 or reply "
                              "to this email.\n");
    assert_has(f->l.letter.buf, "Statement of account\n");
    for (size_t i = 0; i < 5; i++) {
        static const char *const threats[] = { "agency", "legal", "lawyer",
                                               "costs", "overdue." };
        assert_none_has(&f->l, threats[i]);
    }
    fixture_free(f);
}

/* A missed plan instalment: the plan, the instalment and what is short
 * of it, a request to pay it or call, and what happens otherwise. */
static void
test_plan_missed_names_the_plan_and_the_shortfall(void **state)
{
    struct fixture *f = fixture("plan-missed", "en");

    (void)state;
    use_plan(f, 3, 120000, 20000);
    render(f);
    assert_string_equal(f->l.subject.buf,
                        "Payment plan instalment outstanding – account C5");
    assert_has(f->l.text.buf,
               "On 1 March 2026 we agreed a payment plan with you for\n"
               "€3,000.00 in total, covering invoices A-100, A-101 and "
               "A-102.\n"
               "Thank you for the €1,200.00 you have paid under it so "
               "far.\n\n"
               "We have received only part of the instalment of €500.00\n"
               "that was due on 1 June 2026: €200.00 of it is still "
               "missing.\n\n"
               "Please pay the outstanding €200.00 within the next few "
               "days.\nIf that is not possible, please call +44 20 "
               "7946 0000 or\nreply to this email, so that we can find a "
               "solution together.\n\n"
               "If we neither receive the missing amount nor hear from you, "
               "our usual\nreminders will resume for the invoices the plan "
               "covers.\n");
    assert_has(f->l.html.buf, "covering invoices A-100, A-101 and A-102. "
                              "Thank you for the " NW("€1,200.00"));
    assert_has(f->l.letter.buf, "Payment plan: instalment outstanding\n");
    assert_has(f->l.letter.buf, "+44 20 7946 0000 or\nwrite to us at "
                                "accounts@smith.example, so that we can find "
                                "a solution together.");
    assert_none_has(&f->l, "agency");
    assert_none_has(&f->l, "legal");
    fixture_free(f);

    /* Nothing paid, one invoice, the whole instalment missing, and a
     * pay-by date. */
    f = fixture("plan-missed", "en");
    use_plan(f, 1, 0, 50000);
    f->d.deadline = D("2026-07-07");
    render(f);
    assert_has(f->l.text.buf,
               "€3,000.00 in total, covering invoice A-100.\n\n"
               "We have not received the instalment of €500.00 that was "
               "due\non 1 June 2026.\n\n"
               "Please pay the outstanding €500.00 by 7 July 2026.\n");
    assert_none_has(&f->l, "Thank you for the");
    assert_none_has(&f->l, "only part");
    fixture_free(f);

    /* Two invoices; a plan that names none. */
    f = fixture("plan-missed", "en");
    use_plan(f, 2, 0, 50000);
    render(f);
    assert_has(f->l.text.buf, "in total, covering invoices A-100 and "
                              "A-101.\n");
    fixture_free(f);
    f = fixture("plan-missed", "en");
    use_plan(f, 0, 0, 50000);
    render(f);
    assert_has(f->l.text.buf, "€3,000.00 in total.\n");
    fixture_free(f);
}

/* The German texts carry the same meaning. */
/* A customer whose language has no templates gets the business's
 * language (tenant set --language), not silently English; without one,
 * English. */
static void
test_missing_language_falls_back_to_the_business(void **state)
{
    struct fixture *f = fixture("reminder", "sv");

    (void)state;
    f->tenant.language = "de";
    render(f);
    assert_string_equal(f->l.language, "de");
    assert_has(f->l.subject.buf, "Zahlungserinnerung");
    fixture_free(f);
    f = fixture("reminder", "sv");
    render(f);
    assert_string_equal(f->l.language, "en");
    fixture_free(f);
}

static void
test_german_says_the_same(void **state)
{
    struct fixture *f = fixture("final-demand", "de");

    (void)state;
    render(f);
    assert_string_equal(f->l.subject.buf, "Letzte Mahnung – Kundennummer C5");
    assert_has(f->l.text.buf,
               "Sollte der oben genannte Betrag bis zum 10.07.2026 nicht "
               "vollständig bei\nuns eingegangen sein, werden wir die "
               "Forderung an ein Inkassounternehmen\nübergeben. Die dadurch "
               "entstehenden Kosten können Ihnen, soweit\ngesetzlich "
               "zulässig, in Rechnung gestellt werden.\n");
    assert_none_has(&f->l, "ohne weitere Ankündigung");
    assert_none_has(&f->l, "gerichtlich");
    assert_has(f->l.text.buf, "Ebenfalls fällig (nicht Gegenstand dieser "
                              "Mahnung)\n");
    fixture_free(f);

    f = fixture("final-demand", "de");
    f->in.next = (struct letter_next){ NEXT_REVIEW, NULL, 0 };
    render(f);
    assert_has(f->l.html.buf, "bei uns eingegangen sein, bleibt er auf Ihrem "
                              "Kundenkonto offen, und wir werden das weitere "
                              "Vorgehen prüfen.</p>");
    assert_none_has(&f->l, "Inkasso");
    assert_none_has(&f->l, "gerichtlich");
    assert_none_has(&f->l, "Rechtsanwalt");
    assert_none_has(&f->l, "Kosten");
    fixture_free(f);

    f = fixture("final-demand", "de");
    f->in.next = (struct letter_next){ NEXT_LAWYER, "court", 1 };
    render(f);
    assert_has(f->l.html.buf, "behalten wir uns vor, einen Rechtsanwalt mit "
                              "der gerichtlichen Geltendmachung der "
                              "Forderung zu beauftragen.");
    assert_none_has(&f->l, "Inkasso");
    fixture_free(f);

    f = fixture("reminder", "de");
    f->in.backlog = 1;
    use_promise(f, 100000);
    render(f);
    assert_has(f->l.text.buf, "nach unseren Unterlagen sind die nachstehenden "
                              "Rechnungen auf Ihrem\nKundenkonto C5 "
                              "überfällig, die älteste seit 90 Tagen:\n");
    assert_has(f->l.text.buf, "Am 01.06.2026 haben Sie uns zugesagt, "
                              "3.000,00\u00a0$ bis zum 15.06.2026 zu\nzahlen. Davon haben "
                              "wir 1.000,00\u00a0$ erhalten, vielen Dank; der "
                              "Restbetrag\nvon 2.000,00\u00a0$ steht noch "
                              "aus.\n");
    assert_none_has(&f->l, "Versehen");
    fixture_free(f);

    f = fixture("plan-missed", "de");
    use_plan(f, 2, 120000, 20000);
    render(f);
    assert_string_equal(f->l.subject.buf,
                        "Ausstehende Rate Ihrer Ratenzahlung – "
                        "Kundennummer C5");
    assert_has(f->l.html.buf, "am " NW("01.03.2026") " haben wir mit Ihnen "
                              "für die Rechnungen A-100 und A-101 eine "
                              "Ratenzahlung über insgesamt "
                              NW("3.000,00\u00a0\u20ac") " vereinbart.");
    assert_has(f->l.html.buf, "Die am " NW("01.06.2026") " fällige Rate von "
                              NW("500,00\u00a0\u20ac") " ist bei uns nur "
                              "teilweise eingegangen: Es fehlt noch ein "
                              "Betrag von " NW("200,00\u00a0\u20ac") ".");
    assert_none_has(&f->l, "Inkasso");
    fixture_free(f);

    f = fixture("statement", "de");
    render(f);
    assert_string_equal(f->l.subject.buf,
                        "Aufstellung der offenen Posten – Kundennummer C5");
    assert_none_has(&f->l, "Inkasso");
    fixture_free(f);
}

/* HTML parts escape the data, plain text shows it as it is. */
/* The address as the customer's post wants it; the country line only on
 * a letter abroad, in the business's language (English here). */
static void
test_address_as_the_post_wants_it(void **state)
{
    struct fixture *f = fixture("notice", "en");

    (void)state;
    render(f);
    assert_has(f->l.letter.buf, "\nElm Trading\n2 Elm Road\nLEEDS\nLS1 4AP\n\n");
    fixture_free(f);
    f = fixture("notice", "de");
    render(f);
    assert_has(f->l.letter.buf,
               "\nElm Trading\nUlmenweg 2\n04109 Leipzig\nGERMANY\n\n");
    fixture_free(f);
}

/* A customer of each country, as its post and its people write: the
 * address block, the invoice table (aligned by display width) and the
 * deadline, exactly (issue 13: local formats). */
#define NB "\u00a0" /* no-break space */
#define NNB "\u202f" /* narrow no-break space */
static void
test_each_country_writes_its_own_way(void **state)
{
    static const struct {
        const char *language, *address, *table, *box;
    } cases[] = {
        {"fr", "\nElm Trading\n2 rue des Ormes\n69002 LYON\nFRANCE\n",
         "  A-100    1 avril 2026               90  1" NNB "500,00" NB "\u20ac\n"
         "  A-101    1 mai 2026                 60    500,50" NB "\u20ac\n"
         "  -------  ------------  ---------------  ----------\n"
         "  Total d\u00fb                                2" NNB "000,50" NB
         "\u20ac\n",
         "  Date limite :       10 juillet 2026\n"},
        {"nl", "\nElm Trading\nIepenlaan 2\n3511 AB  UTRECHT\nNETHERLANDS\n",
         "  A-100    1 april 2026             90  \u20ac" NB "1.500,00\n"
         "  A-101    1 mei 2026               60    \u20ac" NB "500,50\n"
         "  -------  ------------  -------------  ----------\n"
         "  Totaal te betalen                     \u20ac" NB "2.000,50\n",
         "  Uiterste betaaldatum:  10 juli 2026\n"},
        {"es", "\nElm Trading\nCalle del Olmo 2\n28013 Madrid\nSPAIN\n",
         "  A-100    1 de abril de 2026               90        1500,00" NB
         "\u20ac\n"
         "  A-101    1 de mayo de 2026                60         500,50" NB
         "\u20ac\n",
         "  Fecha l\u00edmite de pago:  10 de julio de 2026\n"},
        {"it", "\nVia degli Olmi 2\n20121 Milano\nITALY\n",
         "  A-100    1 aprile 2026                 90      1.500,00" NB
         "\u20ac\n"
         "  A-101    1 maggio 2026                 60        500,50" NB
         "\u20ac\n",
         "  Termine di pagamento:  10 luglio 2026\n"},
        {"de", "\nElm Trading\nUlmenweg 2\n04109 Leipzig\nGERMANY\n",
         "  A-100     01.04.2026               90      1.500,00" NB "\u20ac\n",
         "10.07.2026"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fixture *f = fixture("final-demand", cases[i].language);

        render(f);
        assert_has(f->l.letter.buf, cases[i].address);
        assert_has(f->l.letter.buf, cases[i].table);
        assert_has(f->l.text.buf, cases[i].table);
        assert_has(f->l.letter.buf, cases[i].box);
        fixture_free(f);
    }
    {   /* and a US customer of an English business */
        struct fixture *f = fixture("final-demand", "en");

        f->customer.address = "4410 SE Division St";
        f->customer.city = "Portland";
        f->customer.region = "OR";
        f->customer.postal_code = "97202";
        f->customer.country = "US";
        render(f);
        assert_has(f->l.letter.buf, "\nElm Trading\n4410 SE Division St\n"
                                    "Portland, OR 97202\nUNITED STATES\n");
        assert_has(f->l.letter.buf,
                   "  A-100    April 1, 2026            90   \u20ac1,500.00\n");
        assert_has(f->l.letter.buf, "by July 10, 2026");
        fixture_free(f);
    }
}

static void
test_html_escapes_text_does_not(void **state)
{
    struct fixture *f = fixture("statement", "en");

    (void)state;
    render(f);
    assert_has(f->l.html.buf, "Smith &amp; Sons Ltd");
    assert_lacks(f->l.html.buf, "Smith & Sons");
    assert_has(f->l.text.buf, "Smith & Sons Ltd");
    assert_has(f->l.letter.buf, "Smith & Sons Ltd");
    fixture_free(f);
}

/* The message rendered again from its data with a contact person added
 * to the customer (customer.contact_name), as the e-mail and letter. */
static void
rerender_with_contact(struct fixture *f, const char *name,
                      struct letter *again)
{
    struct dun_err err = DUN_ERR_INIT;
    const char *key = "\"contact_name\":\"\"";
    const char *at = strstr(f->l.inputs.buf, key);
    size_t head, len;
    char *json;

    assert_non_null(at);
    head = (size_t)(at - f->l.inputs.buf);
    len = f->l.inputs.len + strlen(name) + 32;
    json = calloc(1, len);
    assert_non_null(json);
    snprintf(json, len, "%.*s\"contact_name\":\"%s\"%s", (int)head,
             f->l.inputs.buf, name, at + strlen(key));
    letter_init(again);
    if (letter_rerender(NULL, f->l.language, f->in.template_name,
                        CHANNEL_EMAIL | CHANNEL_LETTER, json, strlen(json),
                        again, &err) < 0)
        fail_msg("%s", err.msg);
    free(json);
}

/* Salutation and closing as the customer's country writes them: British
 * by default, American in the United States; a contact person by name. */
static void
test_salutation_and_closing_follow_the_country(void **state)
{
    struct fixture *f = fixture("reminder", "en");
    struct letter named;

    (void)state;
    render(f);
    assert_has(f->l.text.buf, "\n\nDear Sir or Madam,\n\n");
    assert_has(f->l.text.buf, "\nYours faithfully,\n\nSmith & Sons Ltd\n");
    assert_has(f->l.letter.buf, "\nDear Sir or Madam,\n");
    assert_has(f->l.letter.buf, "\nYours faithfully,\n\nSmith & Sons Ltd");
    assert_has(f->l.html.buf, "<p style=\"margin:0 0 16px 0;\">Dear Sir or "
                              "Madam,</p>");
    assert_has(f->l.html.buf, "<p style=\"margin:0 0 16px 0;\">Yours "
                              "faithfully,</p>");
    assert_none_has(&f->l, "Sincerely");
    rerender_with_contact(f, "Jane Doe", &named);
    assert_has(named.text.buf, "\n\nDear Jane Doe,\n\n");
    assert_has(named.text.buf, "\nYours sincerely,\n");
    assert_has(named.letter.buf, "\nDear Jane Doe,\n");
    assert_has(named.html.buf, ">Dear Jane Doe,</p>");
    assert_has(named.html.buf, ">Yours sincerely,</p>");
    assert_none_has(&named, "Sir or Madam");
    assert_none_has(&named, "faithfully");
    letter_release(&named);
    fixture_free(f);

    f = fixture("final-demand", "en");
    f->customer.country = "US";
    f->customer.region = "OR";
    f->customer.city = "Portland";
    f->customer.postal_code = "97204";
    render(f);
    assert_has(f->l.text.buf, "\n\nDear Accounts Payable Team:\n\n");
    assert_has(f->l.text.buf, "\nSincerely,\n\nSmith & Sons Ltd\n");
    assert_has(f->l.letter.buf, "\nDear Accounts Payable Team:\n");
    assert_has(f->l.letter.buf, "\nSincerely,\n\nSmith & Sons Ltd");
    assert_has(f->l.html.buf, ">Dear Accounts Payable Team:</p>");
    assert_has(f->l.html.buf, ">Sincerely,</p>");
    assert_none_has(&f->l, "Sir or Madam");
    assert_none_has(&f->l, "Yours");
    rerender_with_contact(f, "Jane Doe", &named);
    assert_has(named.text.buf, "\n\nDear Jane Doe:\n\n");
    assert_has(named.html.buf, ">Dear Jane Doe:</p>");
    assert_has(named.letter.buf, "\nSincerely,\n");
    letter_release(&named);
    fixture_free(f);

    f = fixture("notice", "de");
    render(f);
    assert_has(f->l.text.buf, "\n\nSehr geehrte Damen und Herren,\n\n");
    assert_has(f->l.text.buf, "\nMit freundlichen Grüßen\n\nSmith & Sons "
                              "Ltd\n");
    rerender_with_contact(f, "Anna Schmidt", &named);
    assert_has(named.text.buf, "\n\nGuten Tag Anna Schmidt,\n\n");
    assert_has(named.letter.buf, "\nGuten Tag Anna Schmidt,\n");
    assert_has(named.html.buf, ">Guten Tag Anna Schmidt,</p>");
    assert_has(named.text.buf, "\nMit freundlichen Grüßen\n");
    assert_none_has(&named, "Damen und Herren");
    letter_release(&named);
    fixture_free(f);
}

/* An e-mail carries its date near the top: the plain text's first line,
 * in HTML after the letterhead and before the salutation. */
static void
test_email_carries_the_date_on_top(void **state)
{
    struct fixture *f = fixture("reminder", "en");
    char *top;

    (void)state;
    render(f);
    assert_has(f->l.text.buf, "30 June 2026\n\nDear Sir or Madam,\n");
    assert_int_equal(strncmp(f->l.text.buf, "30 June 2026\n", 13), 0);
    top = between(f->l.html.buf, "<body", "Dear Sir or Madam");
    assert_has(top, ">Smith &amp; Sons Ltd</div>");
    assert_has(top, NW("+44 20 7946 0000"));
    assert_has(top, NW("30 June 2026"));
    free(top);
    fixture_free(f);

    f = fixture("statement", "de");
    render(f);
    assert_int_equal(strncmp(f->l.text.buf, "30.06.2026\n\n", 12), 0);
    fixture_free(f);
}

/* A final demand says so in its heading and boxes what is due and by
 * when; a notice has a plain heading; a reminder has neither. */
static void
test_final_demand_looks_like_one(void **state)
{
    struct fixture *f = fixture("final-demand", "en");

    (void)state;
    render(f);
    assert_has(f->l.text.buf,
               "30 June 2026\n\n"
               "==================================================\n"
               "FINAL DEMAND FOR PAYMENT\n"
               "==================================================\n\n"
               "Dear Sir or Madam,\n");
    assert_has(f->l.text.buf,
               "  ------------------------------------------------\n"
               "  Amount due:  \u20ac2,000.50\n"
               "  Pay by:      10 July 2026\n"
               "  ------------------------------------------------\n");
    assert_has(f->l.letter.buf, "\nFINAL DEMAND FOR PAYMENT\n");
    assert_has(f->l.letter.buf, "  Pay by:      10 July 2026\n");
    assert_has(f->l.html.buf, "letter-spacing:0.04em;color:#8b1a1a;\">FINAL "
                              "DEMAND FOR PAYMENT</h1>");
    assert_has(f->l.html.buf, "<div class=\"dun-box\"");
    assert_has(f->l.html.buf, ">Amount due</div>");
    assert_has(f->l.html.buf, "white-space:nowrap;\">\u20ac2,000.50</div>");
    assert_has(f->l.html.buf, ">Pay by</div>");
    assert_has(f->l.html.buf, "white-space:nowrap;\">10 July 2026</div>");
    assert_has(f->l.html.buf, "IBAN</td><td style=\"padding:2px 0;\">"
                              NW("GB33 BUKB 2020 1555 5555 55"));
    assert_has(f->l.text.buf, "IBAN:          GB33 BUKB 2020 1555 5555 55\n");
    fixture_free(f);

    f = fixture("final-demand", "de");
    render(f);
    assert_has(f->l.text.buf, "\nLETZTE MAHNUNG\n");
    assert_has(f->l.text.buf, "  Offener Betrag:  2.000,50\u00a0\u20ac\n"
                              "  Zahlbar bis:     10.07.2026\n");
    assert_has(f->l.html.buf, ">LETZTE MAHNUNG</h1>");
    fixture_free(f);

    f = fixture("notice", "en");
    render(f);
    assert_has(f->l.text.buf, "30 June 2026\n\nOverdue payment notice\n"
                              "----------------------\n\nDear Sir or "
                              "Madam,\n");
    assert_has(f->l.html.buf, "color:#222222;\">Overdue payment notice</h1>");
    assert_none_has(&f->l, "class=\"dun-box\"");
    assert_none_has(&f->l, "=====");
    fixture_free(f);

    f = fixture("reminder", "en");
    render(f);
    assert_has(f->l.text.buf, "30 June 2026\n\nDear Sir or Madam,\n");
    assert_has(f->l.html.buf, "color:#1a4f8b;\">Payment reminder</h1>");
    assert_none_has(&f->l, "class=\"dun-box\"");
    assert_none_has(&f->l, "-----\n\nDear");
    fixture_free(f);
}

/* Every template in both languages, with every optional part: no
 * unrendered tag, no run of blank lines, and rendered again from the
 * stored data the same bytes. */
static void
test_every_message_renders_again_the_same(void **state)
{
    static const char *const templates[] = { "pre-due",   "reminder",
                                             "notice",    "final-demand",
                                             "statement", "plan-missed" };
    static const char *const languages[] = { "en", "de", "fr", "nl", "es", "it" };

    (void)state;
    for (size_t t = 0; t < 6; t++)
        for (size_t g = 0; g < sizeof(languages) / sizeof(languages[0]);
             g++)
            for (int variant = 0; variant < 4; variant++) {
                struct fixture *f = fixture(templates[t], languages[g]);
                struct letter again;
                struct dun_err err = DUN_ERR_INIT;

                f->in.backlog = variant & 1;
                f->d.offer_plan = variant & 2;
                f->in.next.kind = (enum letter_next_kind)variant;
                if (variant & 1)
                    use_promise(f, variant == 3 ? 50000 : 0);
                if (t == 5)
                    use_plan(f, (size_t)variant, 100000 * variant, 50000);
                if (variant == 2) {
                    f->d.deadline = DATE_INVALID;
                    if (t == 3) /* a final one needs the date */
                        f->in.tone = "firm";
                }
                render(f);
                assert_string_equal(f->l.language, languages[g]);
                assert_lacks(f->l.text.buf, "{{");
                assert_lacks(f->l.html.buf, "{{");
                assert_lacks(f->l.letter.buf, "{{");
                assert_lacks(f->l.text.buf, "\n\n\n");
                assert_lacks(f->l.letter.buf, "\n\n\n");
                assert_lacks(f->l.text.buf, " \n");
                assert_lacks(f->l.letter.buf, " \n");
                letter_init(&again);
                if (letter_rerender(NULL, f->l.language, templates[t],
                                    CHANNEL_EMAIL | CHANNEL_LETTER,
                                    f->l.inputs.buf, f->l.inputs.len, &again,
                                    &err) < 0)
                    fail_msg("%s", err.msg);
                assert_string_equal(again.subject.buf, f->l.subject.buf);
                assert_string_equal(again.text.buf, f->l.text.buf);
                assert_string_equal(again.html.buf, f->l.html.buf);
                assert_string_equal(again.letter.buf, f->l.letter.buf);
                /* And with the set it was rendered with. */
                letter_release(&again);
                letter_init(&again);
                if (letter_rerender(f->l.set, f->l.language, templates[t],
                                    CHANNEL_EMAIL, f->l.inputs.buf,
                                    f->l.inputs.len, &again, &err) < 0)
                    fail_msg("%s", err.msg);
                assert_string_equal(again.text.buf, f->l.text.buf);
                assert_string_equal(again.letter.buf, "");
                /* DUN_TEST_DUMP=1 prints every message, to read them
                 * whole as a debtor would. */
                if (getenv("DUN_TEST_DUMP"))
                    printf("==== %s %s %d\n%s\n---- html\n%s\n---- letter\n"
                           "%s\n",
                           templates[t], languages[g], variant, f->l.text.buf,
                           f->l.html.buf, f->l.letter.buf);
                letter_release(&again);
                fixture_free(f);
            }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_final_demand_names_the_next_step),
        cmocka_unit_test(test_final_demand_without_deadline),
        cmocka_unit_test(test_notice_names_the_next_step),
        cmocka_unit_test(test_also_due_stays_outside_the_demand),
        cmocka_unit_test(test_no_also_due_section_when_none),
        cmocka_unit_test(test_backlog_reminder_assumes_no_oversight),
        cmocka_unit_test(test_broken_promise_counts_what_arrived),
        cmocka_unit_test(test_nothing_missing_is_refused),
        cmocka_unit_test(test_statement_threatens_nothing),
        cmocka_unit_test(test_plan_missed_names_the_plan_and_the_shortfall),
        cmocka_unit_test(test_german_says_the_same),
        cmocka_unit_test(test_missing_language_falls_back_to_the_business),
        cmocka_unit_test(test_address_as_the_post_wants_it),
        cmocka_unit_test(test_each_country_writes_its_own_way),
        cmocka_unit_test(test_html_escapes_text_does_not),
        cmocka_unit_test(test_salutation_and_closing_follow_the_country),
        cmocka_unit_test(test_email_carries_the_date_on_top),
        cmocka_unit_test(test_final_demand_looks_like_one),
        cmocka_unit_test(test_every_message_renders_again_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
