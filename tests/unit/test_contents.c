#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <string.h>

#include "app/contents.h"
#include "render/json.h"

/* The data a final demand sees (docs/templates.md), cut to what the
 * checks read. */
static const char data_json[] =
    "{\"tenant\": {\"name\": \"Harper & Lane Ltd\", \"email\": "
    "\"ar@harper.example\", \"phone\": \"+44 20 7946 0000\", \"iban\": "
    "\"GB33BUKB20201555555555\", \"address_lines\": [{\"line\": \"1 Street\"}]},"
    " \"customer\": {\"id\": \"C7\", \"name\": \"Alder Bakery\"},"
    " \"invoices\": [{\"number\": \"A-100\", \"due_date\": \"2026-04-01\", "
    "\"balance\": \"1200.50\", \"currency\": \"EUR\"}],"
    " \"totals\": [{\"currency\": \"EUR\", \"amount\": \"1200.50\"}],"
    " \"deadline\": \"2026-07-10\", \"next\": {\"agency\": true}}";

/* One template set from its parts: a whole final demand (good = 1), or
 * one that leaves the deadline and the dispute sentence out. */
static struct template_set *
make_set(int good)
{
    static const char *const names[] = {"en/_next_text", "en/_payment_text",
                                        "en/final-demand.text"};
    const char *bodies[3] = {
        "{{#next.agency}}If unpaid, we will pass it to a collection "
        "agency.{{/next.agency}}\n",
        "Pay to IBAN {{{tenant.iban}}}.\n",
        good ? "{{{tenant.name}}}, {{{tenant.email}}}\nTo {{{customer.name}}}\n"
               "{{#invoices}}{{{number}}} due {{{due_date}}}: {{{balance}}}\n"
               "{{/invoices}}{{#totals}}Total {{{amount}}}\n{{/totals}}"
               "Pay by {{{deadline}}}.\n{{>next_text}}{{>payment_text}}"
               "If you dispute it, tell us.\n"
             : "{{{tenant.name}}}, {{{tenant.email}}}\nTo {{{customer.name}}}\n"
               "{{#invoices}}{{{number}}} due {{{due_date}}}: {{{balance}}}\n"
               "{{/invoices}}{{#totals}}Total {{{amount}}}\n{{/totals}}"
               "{{>next_text}}{{>payment_text}}\n",
    };
    char src[4096];
    size_t n = (size_t)snprintf(src, sizeof(src), "dun-templates 1\n");
    struct template_set *set = NULL;
    struct dun_err err = DUN_ERR_INIT;

    for (size_t i = 0; i < 3; i++)
        n += (size_t)snprintf(src + n, sizeof(src) - n, "%s %zu\n%s\n",
                              names[i], strlen(bodies[i]), bodies[i]);
    if (template_set_parse(&set, "test", src, n, &err) < 0)
        fail_msg("%s", err.msg);
    return set;
}

struct rendered {
    struct arena a;
    struct value *data;
    struct sbuf body;
};

static void
render(struct template_set *set, struct rendered *r)
{
    struct dun_err err = DUN_ERR_INIT;

    r->a = (struct arena)ARENA_INIT;
    r->body = (struct sbuf)SBUF_INIT;
    if (json_parse(&r->a, "data", data_json, strlen(data_json), &r->data,
                   &err) < 0 ||
        template_set_render(set, "en/final-demand.text", r->data, &r->body,
                            &err) < 0)
        fail_msg("%s", err.msg);
}

static void
release(struct template_set *set, struct rendered *r)
{
    arena_release(&r->a);
    sbuf_release(&r->body);
    template_set_free(set);
}

static void
test_a_whole_final_demand_passes(void **state)
{
    struct template_set *set = make_set(1);
    struct rendered r;
    struct sbuf missing = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct contents_part part;

    (void)state;
    render(set, &r);
    part = (struct contents_part){ "en/final-demand.text", r.body.buf, 0 };
    assert_int_equal(contents_check(set, "en", "final", "GB", r.data, &part,
                                    &missing, &err), 0);
    assert_string_equal(missing.buf ? missing.buf : "", "");
    sbuf_release(&missing);
    release(set, &r);
}

/* What the template left out is named, in the order of the rules. */
static void
test_a_final_demand_without_deadline_or_dispute_is_refused(void **state)
{
    struct template_set *set = make_set(0);
    struct rendered r;
    struct sbuf missing = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct contents_part part;

    (void)state;
    render(set, &r);
    part = (struct contents_part){ "en/final-demand.text", r.body.buf, 0 };
    assert_int_equal(contents_check(set, "en", "final", "GB", r.data, &part,
                                    &missing, &err), 1);
    assert_string_equal(missing.buf, "the deadline, how to dispute");
    /* A firm notice needs no deadline. */
    assert_int_equal(contents_check(set, "en", "firm", "GB", r.data, &part,
                                    &missing, &err), 1);
    assert_string_equal(missing.buf, "how to dispute");
    /* A friendly reminder needs none of it. */
    assert_int_equal(contents_check(set, "en", "friendly", "GB", r.data,
                                    &part, &missing, &err), 0);
    sbuf_release(&missing);
    release(set, &r);
}

/* The rules are data: a country's section adds to the tone's; an amount
 * written differently from the data, or a payment paragraph that is not
 * there, is missing; HTML is read with its escapes. */
static void
test_rules_by_country_and_parts(void **state)
{
    static const char rules[] =
        "; test rules\n[final]\nrequires = debtor\n"
        "[final GB]\nrequires = total, how_to_pay ; and a comment\n";
    struct template_set *set = make_set(0);
    struct rendered r;
    struct sbuf missing = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct contents_part part = { "x", "To Alder Bakery, Total 1,200.50", 0 };

    (void)state;
    render(set, &r);
    assert_int_equal(contents_check_rules(rules, set, "en", "final", "DE",
                                          r.data, &part, &missing, &err), 0);
    assert_int_equal(contents_check_rules(rules, set, "en", "final", "GB",
                                          r.data, &part, &missing, &err), 1);
    assert_string_equal(missing.buf, "the total, how to pay");
    part = (struct contents_part){ "x", "<p>To Harper &amp; Lane Ltd</p>",
                                   1 };
    assert_int_equal(contents_check_rules("[final]\nrequires = creditor\n",
                                          set, "en", "final", "", r.data,
                                          &part, &missing, &err), 1);
    part.body = "<p>Harper &amp; Lane Ltd, ar@harper.example</p>";
    assert_int_equal(contents_check_rules("[final]\nrequires = creditor\n",
                                          set, "en", "final", "", r.data,
                                          &part, &missing, &err), 0);
    part.html = 0; /* unescaped, the name is not there */
    assert_int_equal(contents_check_rules("[final]\nrequires = creditor\n",
                                          set, "en", "final", "", r.data,
                                          &part, &missing, &err), 1);
    assert_int_equal(contents_check_rules("[final]\nrequires = nonsense\n",
                                          set, "en", "final", "", r.data,
                                          &part, &missing, &err), -1);
    assert_string_equal(err.msg, "contents rules: no element 'nonsense'");
    sbuf_release(&missing);
    release(set, &r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_whole_final_demand_passes),
        cmocka_unit_test(
            test_a_final_demand_without_deadline_or_dispute_is_refused),
        cmocka_unit_test(test_rules_by_country_and_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
