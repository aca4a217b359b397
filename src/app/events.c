/*
 * events.c - recording what people learn between runs; see events.h.
 */
#include <string.h>

#include "app/balances.h"
#include "app/events.h"
#include "app/plans.h"
#include "app/policies.h"
#include "store/store.h"
#include "core/contact.h"
#include "core/date.h"
#include "core/dunning.h"
#include "core/money.h"
#include "core/plan.h"
#include "core/sbuf.h"
#include "io/timezone.h"

static const char *const reason_names[] = {
    [REASON_NONE] = "", [REASON_OVERSIGHT] = "oversight",
    [REASON_CASH_FLOW] = "cash_flow", [REASON_DISSATISFIED] = "dissatisfied",
    [REASON_WRONG_AMOUNT] = "wrong_amount", [REASON_OTHER] = "other",
};

int
pay_reason_parse(const char *s)
{
    for (int r = REASON_OVERSIGHT; r <= REASON_OTHER; r++)
        if (strcmp(s, reason_names[r]) == 0)
            return r;
    return -1;
}

const char *
pay_reason_name(enum pay_reason r)
{
    return reason_names[r];
}

static int
need_customer(struct store *st, const char *id, struct customer *c,
              struct arena *a, struct dun_err *err)
{
    int rc = st->ops->customer_get(st, id, c, NULL, a, err);

    if (rc == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "no customer '%s'", id);
    return rc == 1 ? 0 : -1;
}

static int
need_invoice(struct store *st, const char *number, struct invoice *inv,
             struct arena *a, struct dun_err *err)
{
    int rc = st->ops->invoice_get(st, number, inv, NULL, a, err);

    if (rc == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "no invoice '%s'", number);
    return rc == 1 ? 0 : -1;
}

/* End the transaction an event began: commit what succeeded (rc >= 0),
 * roll back otherwise. Returns rc, or -1 if the commit failed. */
static int
finish(struct store *st, int rc, struct dun_err *err)
{
    if (rc >= 0 && store_commit(st, err) < 0)
        rc = -1;
    if (rc < 0)
        store_rollback(st);
    return rc;
}

static int
update_state(struct store *st, const char *customer_id,
             const struct customer_change *ch, struct arena *a,
             struct dun_err *err)
{
    struct store_customer_state cs;

    if (st->ops->state_get(st, customer_id, &cs, a, err) < 0)
        return -1;
    cs.flags = (cs.flags | ch->set_flags) & ~ch->clear_flags;
    if (ch->segment)
        cs.segment = ch->segment;
    if (ch->score >= -1)
        cs.score = ch->score;
    if (ch->timezone)
        cs.timezone = ch->timezone;
    return st->ops->state_put(st, customer_id, &cs, err);
}

/* A free-text option: NULL (not given), or text of at most max bytes
 * without control characters (contact_text_check); with lines set, line
 * feeds may separate lines (contact_lines_check). The message names the
 * option: "--name: longer than 200 bytes". */
static int
check_text(const char *opt, const char *v, size_t max, int lines,
           struct dun_err *err)
{
    const char *why = NULL;

    if (v == NULL || (lines ? contact_lines_check(v, max, &why)
                            : contact_text_check(v, max, &why)) == 0)
        return 0;
    if (strlen(v) > max)
        return dun_err_set(err, DUN_E_INPUT, "%s: longer than %zu bytes", opt,
                           max);
    return dun_err_set(err, DUN_E_INPUT, "%s: not plain text: %s", opt, why);
}

/* The record fields of ch that can be checked without stored data. */
static int
check_contact(const struct customer_change *ch, struct dun_err *err)
{
    const char *why = NULL;

    if (ch->name && ch->name[0] == '\0')
        return dun_err_set(err, DUN_E_INPUT,
                           "--name: empty: a customer needs a name");
    /* The address alone may have lines, as an imported one may. */
    if (check_text("--name", ch->name, CONTACT_NAME_MAX, 0, err) < 0 ||
        check_text("--address", ch->address, CONTACT_ADDRESS_MAX, 1, err) < 0 ||
        check_text("--city", ch->city, CONTACT_CITY_MAX, 0, err) < 0 ||
        check_text("--postal-code", ch->postal_code, CONTACT_POSTAL_CODE_MAX, 0,
                   err) < 0 ||
        check_text("--contact-name", ch->contact_name, CONTACT_PERSON_MAX, 0,
                   err) < 0)
        return -1;
    if (ch->email && contact_email_check(ch->email, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--email: not an e-mail address: %s", why);
    if (ch->phone && contact_phone_check(ch->phone, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "--phone: not a phone number: %s",
                           why);
    if (ch->country && ch->country[0] && !contact_country_valid(ch->country))
        return dun_err_set(
            err, DUN_E_INPUT,
            "--country: not an ISO 3166-1 alpha-2 code in upper case (such as DE): '%.8s'",
            ch->country);
    if (ch->language && ch->language[0] &&
        !contact_language_valid(ch->language))
        return dun_err_set(
            err, DUN_E_INPUT,
            "--language: not an ISO 639-1 code in lower case (such as de): '%.8s'",
            ch->language);
    if (ch->kind && contact_kind_parse(ch->kind) < 0)
        return dun_err_set(
            err, DUN_E_INPUT,
            "--kind: not business, sole_trader or consumer: '%.16s'", ch->kind);
    return 0;
}

/* A segment named by hand must be one the policy in force defines: a
 * misspelt name would put the customer in no segment, silently. */
static int
check_segment(struct app *app, const char *name, struct dun_err *err)
{
    struct policy p;
    struct sbuf names = SBUF_INIT;
    int64_t version;

    if (name == NULL || name[0] == '\0')
        return 0;
    if (policy_in_force(app, &p, &version, err) < 0) {
        struct dun_err why = *err;

        return dun_err_set(err, why.code, "--segment: %s", why.msg);
    }
    for (size_t i = 0; i < p.nsegments; i++) {
        if (strcmp(p.segment[i].name, name) == 0) {
            sbuf_release(&names);
            return 0;
        }
        sbuf_addf(&names, "%s%s", i ? ", " : "", p.segment[i].name);
    }
    dun_err_set(
        err, DUN_E_INPUT,
        "--segment: no segment '%.*s' in the policy in force (version %lld): %s",
        POLICY_NAME_MAX, name, (long long)version,
        p.nsegments ? names.buf : "it has none");
    sbuf_release(&names);
    return -1;
}

static int
has_record_change(const struct customer_change *ch)
{
    return ch->name || ch->email || ch->phone || ch->address || ch->city ||
           ch->postal_code || ch->country || ch->region || ch->language ||
           ch->kind || ch->contact_name;
}

/* Apply the record fields of ch (checked by check_contact) to the
 * stored customer c and write it back. */
static int
update_record(struct store *st, struct customer *c,
              const struct store_stamp *sp, const struct customer_change *ch,
              struct dun_err *err)
{
    const char *why = NULL;

    if (ch->name)
        c->name = ch->name;
    if (ch->email)
        c->email = ch->email;
    if (ch->phone)
        c->phone = ch->phone;
    if (ch->address)
        c->address = ch->address;
    if (ch->city)
        c->city = ch->city;
    if (ch->postal_code)
        c->postal_code = ch->postal_code;
    if (ch->language)
        c->language = ch->language;
    if (ch->kind)
        c->kind = (enum customer_kind)contact_kind_parse(ch->kind);
    if (ch->contact_name)
        c->contact_name = ch->contact_name;
    /* A region is the tail of its country's ISO 3166-2 code: it means
     * nothing in another country. */
    if (ch->country && strcmp(ch->country, c->country) != 0)
        c->region = "";
    if (ch->country)
        c->country = ch->country;
    if (ch->region)
        c->region = ch->region;
    if (ch->region && contact_region_check(c->country, c->region, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "--region: %s: '%.8s'", why,
                           c->region);
    /* The stamp stays the import's: the row still came from there. */
    return st->ops->customer_update(st, c, sp, err);
}

/* What a change made, in words, for the customer's timeline: "do not
 * contact: on; segment: vip; e-mail: ap@x.example". */
static void
change_text(const struct customer_change *ch, struct sbuf *out)
{
    static const struct { unsigned flag; const char *name; } flags[] = {
        {DUN_DO_NOT_CONTACT, "do not contact"}, {DUN_LEGAL_HOLD, "legal hold"},
        {DUN_INSOLVENT, "insolvent"}, {DUN_PRE_DUE_OPT_IN, "pre-due notices"},
        {DUN_CASH_FLOW, "cash-flow trouble"},
        {DUN_EMAIL_BAD, "e-mail not working"},
    };
    const struct { const char *name, *value; } fields[] = {
        {"segment", ch->segment}, {"time zone", ch->timezone},
        {"name", ch->name}, {"e-mail", ch->email}, {"phone", ch->phone},
        {"address", ch->address}, {"city", ch->city},
        {"postal code", ch->postal_code}, {"country", ch->country},
        {"region", ch->region}, {"language", ch->language},
        {"kind", ch->kind}, {"contact name", ch->contact_name},
    };

    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if ((ch->set_flags | ch->clear_flags) & flags[i].flag)
            sbuf_addf(out, "%s%s: %s", out->len ? "; " : "", flags[i].name,
                      ch->set_flags & flags[i].flag ? "on" : "off");
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (fields[i].value)
            sbuf_addf(out, "%s%s: %s", out->len ? "; " : "", fields[i].name,
                      fields[i].value[0] ? fields[i].value : "(none)");
    if (ch->score >= -1)
        sbuf_addf(out, "%sscore: %d", out->len ? "; " : "", ch->score);
}

/* The change as an event on the customer's timeline. */
static int
record_change(struct store *st, const char *customer_id, int32_t on,
              const struct customer_change *ch, struct dun_err *err)
{
    struct sbuf text = SBUF_INIT;
    int rc = 0;

    change_text(ch, &text);
    if (text.len) {
        struct store_note n = { on, "change", "", "", text.buf };

        rc = st->ops->note_add(st, customer_id, &n, err);
    }
    sbuf_release(&text);
    return rc;
}

int
event_customer_set(struct app *app, const char *customer_id,
                   const struct customer_change *ch, struct dun_err *err)
{
    struct store *st = app->st;
    struct arena a = ARENA_INIT;
    struct customer c;
    struct store_stamp sp;
    const char *old_email;
    int rc;

    if (ch->timezone && ch->timezone[0] && !tz_valid(ch->timezone))
        return dun_err_set(err, DUN_E_INPUT, "--timezone: unknown time "
                           "zone %s (an IANA name such as Europe/Berlin)",
                           ch->timezone);
    if (check_contact(ch, err) < 0)
        return -1;
    if (store_begin(st, err) < 0)
        return -1;
    rc = st->ops->customer_get(st, customer_id, &c, &sp, &a, err);
    if (rc == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "no customer '%s'", customer_id);
    rc = rc == 1 ? 0 : -1;
    /* Read inside the transaction: the policy cannot change before the
     * commit. */
    if (rc == 0)
        rc = check_segment(app, ch->segment, err);
    old_email = rc == 0 ? c.email : "";
    if (rc == 0 && has_record_change(ch))
        rc = update_record(st, &c, &sp, ch, err);
    if (rc == 0) {
        /* A new e-mail address is tried afresh, whatever became of the
         * old one. */
        struct customer_change st_ch = *ch;

        if (ch->email && strcmp(ch->email, old_email) != 0)
            st_ch.clear_flags |= DUN_EMAIL_BAD;
        rc = update_state(st, customer_id, &st_ch, &a, err);
    }
    if (rc == 0)
        rc = record_change(st, customer_id, app->as_of, ch, err);
    arena_release(&a);
    return finish(st, rc, err);
}

/* The one place a dispute is opened (by hand, or by a note's reason): 1
 * opened, 0 one was open already. Where money dated from its opening on
 * goes depends on it (ledger.h R6), so the customer's kept balances
 * follow in the caller's transaction. */
static int
record_dispute(struct store *st, const char *customer_id,
               const struct store_dispute *d, struct dun_err *err)
{
    int rc = st->ops->dispute_open(st, customer_id, d, err);

    if (rc == 1 && balances_refresh_customer(st, customer_id, err) < 0)
        return -1;
    return rc;
}

int
event_dispute_open(struct app *app, const char *invoice_number,
                   const char *reason, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t on = app->as_of;
    struct arena a = ARENA_INIT;
    struct invoice inv;
    int rc;

    if (check_text("--reason", reason, EVENT_TEXT_MAX, 1, err) < 0)
        return -1;
    if (store_begin(st, err) < 0)
        return -1;
    rc = need_invoice(st, invoice_number, &inv, &a, err);
    if (rc == 0) {
        struct store_dispute d = { invoice_number, on, reason,
                                   DATE_INVALID };

        rc = record_dispute(st, inv.customer_id, &d, err);
    }
    arena_release(&a);
    return finish(st, rc, err);
}

int
event_dispute_resolve(struct app *app, const char *invoice_number,
                      const char *resolution, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t on = app->as_of;
    struct arena a = ARENA_INIT;
    struct invoice inv;
    int rc;

    if (check_text("--reason", resolution, EVENT_TEXT_MAX, 1, err) < 0)
        return -1;
    if (store_begin(st, err) < 0)
        return -1;
    rc = st->ops->dispute_resolve(st, invoice_number, on, resolution, err);
    /* As on opening (record_dispute): the kept balances follow, those of
     * the customer whose invoice it is. */
    if (rc == 1 && (need_invoice(st, invoice_number, &inv, &a, err) < 0 ||
                    balances_refresh_customer(st, inv.customer_id, err) < 0))
        rc = -1;
    arena_release(&a);
    return finish(st, rc, err);
}

/* The currency given, else the customer's, into cur. */
static int
currency_arg(const char *currency, const struct customer *c, char *cur,
             struct dun_err *err)
{
    const char *code = currency ? currency : c->currency;

    /* Whole codes only: "EURO" is not EUR. */
    if (strlen(code) != CURRENCY_LEN || currency_exponent(code, 3) < 0)
        return dun_err_set(err, DUN_E_INPUT, "--currency: '%.16s' is not a "
                           "currency", code);
    memcpy(cur, code, 4);
    return 0;
}

/* The currency given, else the customer's; amount parsed in it. */
static int
money_arg(const char *amount, const char *currency, const struct customer *c,
          char *cur, int64_t *out, struct dun_err *err)
{
    const char *why = NULL;
    int e;

    if (currency_arg(currency, c, cur, err) < 0)
        return -1;
    e = currency_exponent(cur, CURRENCY_LEN);
    if (money_parse(amount, strlen(amount), e, out, &why) < 0 || *out <= 0)
        return dun_err_set(err, DUN_E_INPUT, "--amount: '%s': %s", amount,
                           why ? why : "must be more than zero");
    if (*out > MONEY_MAX_AMOUNT) {
        char max[MONEY_FMT_MAX];

        return dun_err_set(err, DUN_E_INPUT, "--amount: '%s': more than %s",
                           amount, money_format(MONEY_MAX_AMOUNT, e, max));
    }
    return 0;
}

int
event_promise(struct app *app, const char *customer_id, const char *amount,
              const char *currency, int32_t by, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t on = app->as_of;
    struct arena a = ARENA_INIT;
    struct store_promise p = { .made_on = on, .by_date = by };
    struct customer c;
    int rc;

    if (store_begin(st, err) < 0)
        return -1;
    rc = need_customer(st, customer_id, &c, &a, err);
    if (rc == 0) {
        if (money_arg(amount, currency, &c, p.currency, &p.amount, err) < 0)
            rc = -1;
        else if ((rc = st->ops->customer_uses_currency(st, customer_id,
                                                       p.currency, err)) <= 0)
            rc = rc < 0 ? -1
                        : dun_err_set(err, DUN_E_INPUT, "--currency: customer "
                                      "%s is not billed in %s", customer_id,
                                      p.currency);
        else if (by < on)
            rc = dun_err_set(err, DUN_E_INPUT, "--by: before the day the "
                             "promise is made");
        else
            rc = st->ops->promise_add(st, customer_id, &p, err);
    }
    arena_release(&a);
    return finish(st, rc, err);
}

/* "I-1, I-2", or the first few and how many more: for a message. */
static void
list_numbers(struct sbuf *sb, const char *const *v, size_t n)
{
    enum { SHOWN = 5 };

    for (size_t i = 0; i < n && i < SHOWN; i++)
        sbuf_addf(sb, "%s%s", i ? ", " : "", v[i]);
    if (n > SHOWN)
        sbuf_addf(sb, " and %zu more", n - SHOWN);
}

/* Amount (NULL: all of open) in cur, never more than open. */
static int
plan_amount(const char *amount, const char *cur, int64_t open,
            const char *const *v, size_t n, int64_t *total,
            struct dun_err *err)
{
    int e = currency_exponent(cur, CURRENCY_LEN);
    const char *why = NULL;
    char want[MONEY_FMT_MAX], have[MONEY_FMT_MAX];
    struct sbuf names = SBUF_INIT;

    if (amount == NULL) {
        *total = open;
        return 0;
    }
    if (money_parse(amount, strlen(amount), e, total, &why) < 0 ||
        *total <= 0)
        return dun_err_set(err, DUN_E_INPUT, "--amount: '%s': %s", amount,
                           why ? why : "must be more than zero");
    if (*total <= open)
        return 0;
    list_numbers(&names, v, n);
    dun_err_set(err, DUN_E_INPUT, "a plan of %s %s is more than the %s %s "
                "open on the invoices it covers (%s)", cur,
                money_format(*total, e, want), cur,
                money_format(open, e, have), names.buf);
    sbuf_release(&names);
    return -1;
}

int
event_plan(struct app *app, const char *customer_id, const char *amount,
           const char *currency, size_t n, int32_t first, int32_t every,
           const char *const *invoices, size_t ninvoices,
           struct dun_err *err)
{
    struct store *st = app->st;
    int32_t on = app->as_of;
    struct arena a = ARENA_INIT;
    struct store_plan p = { .made_on = on, .n = n,
                            .cancelled_on = DATE_INVALID };
    struct plan_installment *inst = NULL;
    struct customer c;
    const char **covered = NULL;
    size_t ncovered = 0;
    int64_t total, open = 0;
    int rc;

    if (n < 1 || n > 120 || every < 1 || every > 366)
        return dun_err_set(err, DUN_E_INPUT, "a plan has 1 to 120 "
                           "installments, 1 to 366 days apart");
    /* Said as a promise's --by is: which option, and why. */
    if (first < on)
        return dun_err_set(err, DUN_E_INPUT, "--first: before the day the "
                           "plan is made");
    if (!date_in_range(date_add_days(first, every * (int32_t)(n - 1))))
        return dun_err_set(err, DUN_E_INPUT, "the last installment would "
                           "fall after %d", DATE_LAST_YEAR);
    if (store_begin(st, err) < 0)
        return -1;
    rc = need_customer(st, customer_id, &c, &a, err);
    if (rc == 0)
        rc = currency_arg(currency, &c, p.currency, err);
    /* Read inside the transaction: what the plan covers stays open as
     * read until it is stored. */
    if (rc == 0)
        rc = plan_cover_choose(st, customer_id, p.currency, on, invoices,
                               ninvoices, &covered, &ncovered, &open, &a,
                               err);
    if (rc == 0)
        rc = plan_amount(amount, p.currency, open, covered, ncovered, &total,
                         err);
    if (rc == 0) {
        inst = arena_alloc(&a, n * sizeof(*inst));
        if (plan_schedule(total, n, first, every, inst) < 0)
            rc = dun_err_set(err, DUN_E_INPUT, "cannot split %s into %zu",
                             amount ? amount : "the amount", n);
    }
    if (rc == 0) {
        p.inst = inst;
        p.invoices = covered;
        p.ninvoices = ncovered;
        rc = st->ops->plan_add(st, customer_id, &p, err);
    }
    arena_release(&a);
    return finish(st, rc, err);
}

int
event_note(struct app *app, const char *kind, const char *customer_id,
           const char *invoice_number, enum pay_reason reason,
           const char *text, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t on = app->as_of;
    struct arena a = ARENA_INIT;
    struct store_note n = { on, kind, invoice_number ? invoice_number : "",
                            reason_names[reason], text ? text : "" };
    struct customer c;
    struct invoice inv;
    int rc;

    /* Checked first, as customer set checks its values: the text is
     * wrong whoever it is about. */
    if (check_text(strcmp(kind, "call") == 0 ? "OUTCOME" : "TEXT", text,
                   EVENT_TEXT_MAX, 1, err) < 0)
        return -1;
    if (store_begin(st, err) < 0)
        return -1;
    rc = need_customer(st, customer_id, &c, &a, err);
    if (rc == 0 && invoice_number) {
        rc = need_invoice(st, invoice_number, &inv, &a, err);
        if (rc == 0 && strcmp(inv.customer_id, customer_id) != 0)
            rc = dun_err_set(err, DUN_E_INPUT, "invoice '%s' is customer "
                             "%s's", invoice_number, inv.customer_id);
    }
    if (rc == 0 && reason == REASON_DISSATISFIED && !invoice_number)
        rc = dun_err_set(err, DUN_E_INPUT, "--reason dissatisfied needs "
                         "--invoice: it opens a dispute on that invoice");
    if (rc == 0)
        rc = st->ops->note_add(st, customer_id, &n, err);
    /* The reason decides the track (DESIGN.md section 2). */
    if (rc == 0 && reason == REASON_DISSATISFIED && invoice_number) {
        struct store_dispute d = { invoice_number, on, "dissatisfied",
                                   DATE_INVALID };

        rc = record_dispute(st, customer_id, &d, err) < 0 ? -1 : 0;
    }
    if (rc == 0 && strcmp(kind, "call") == 0)
        rc = st->ops->calls_done(st, customer_id, on, err);
    if (rc == 0 && reason == REASON_CASH_FLOW) {
        struct customer_change ch = { .set_flags = DUN_CASH_FLOW,
                                      .score = -2 };

        rc = update_state(st, customer_id, &ch, &a, err);
    }
    arena_release(&a);
    return finish(st, rc, err);
}
