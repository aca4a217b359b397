/*
 * stale.c - a message held against the books as they are now; see
 * stale.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/balances.h"
#include "app/stale.h"
#include "core/date.h"
#include "core/dunning.h"
#include "core/money.h"
#include "render/json.h"
#include "store/store.h"

static const char *say(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
say(struct arena *a, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return arena_strndup(a, buf, strlen(buf));
}

/* The open amount of invoice number in b, 0 if it is settled. */
static int64_t
open_now(const struct store_balances *b, const char *number,
         const char *currency)
{
    for (size_t i = 0; i < b->nitems; i++)
        if (strcmp(b->items[i].invoice_number, number) == 0 &&
            strcmp(b->items[i].currency, currency) == 0)
            return b->items[i].amount;
    return 0;
}

/* A listed invoice under a dispute open on as_of. */
static int
disputed(const struct store_docs *docs, const char *number, int32_t as_of)
{
    for (size_t i = 0; i < docs->ndisp; i++) {
        const struct ledger_dispute *d = &docs->disp[i];

        if (strcmp(d->invoice_number, number) == 0 && d->opened_on <= as_of &&
            (d->resolved_on == DATE_INVALID || d->resolved_on > as_of))
            return 1;
    }
    return 0;
}

/* Each invoice the message lists (its "invoices" and "also_due") still
 * open for what it says, and not disputed. */
static int
check_invoices(const struct value *list, const struct store_balances *b,
               const struct store_docs *docs, int32_t as_of,
               const char **why, struct arena *a)
{
    if (list == NULL || list->type != VALUE_LIST)
        return 0;
    for (size_t i = 0; i < list->u.list.len && !*why; i++) {
        const struct value *inv = list->u.list.items[i];
        const char *number, *balance, *currency;
        int64_t said, now;
        int exp;

        if (inv->type != VALUE_MAP)
            continue;
        number = value_map_text(inv, "number");
        balance = value_map_text(inv, "balance");
        currency = value_map_text(inv, "currency");
        if (!number || !balance || !currency ||
            (exp = currency_exponent(currency, strlen(currency))) < 0 ||
            money_parse(balance, strlen(balance), exp, &said, NULL) < 0)
            continue;
        now = open_now(b, number, currency);
        if (now != said) {
            char amount[MONEY_FMT_MAX];

            money_format(now, exp, amount);
            *why = now == 0
                       ? say(a, "%s was paid or credited since it was "
                                "written", number)
                       : say(a, "%s is open for %s %s now, not %s as it "
                                "says", number, amount, currency, balance);
        } else if (disputed(docs, number, as_of)) {
            *why = say(a, "%s is disputed", number);
        }
    }
    return 0;
}

struct since {
    int32_t day, as_of;
    const char *why;
    struct arena *a;
};

/* A promise or a plan made on or after the message's day. */
static int
on_event(void *ctx, const struct store_event *e, struct dun_err *err)
{
    struct since *s = ctx;
    char day[DATE_ISO_LEN + 1];

    (void)err;
    if (s->why || e->date < s->day || e->date > s->as_of)
        return 0;
    date_iso(e->date, day);
    if (e->kind == EVENT_PROMISE)
        s->why = say(s->a, "a promise to pay was recorded on %s", day);
    else if (e->kind == EVENT_PLAN)
        s->why = say(s->a, "a payment plan was agreed on %s", day);
    return 0;
}

int
message_stale(struct app *app, const struct message *m, int32_t as_of,
              const char **why, struct arena *a, struct dun_err *err)
{
    struct store *st = app->st;
    struct store_customer_state cs;
    struct balances_ctx bc;
    struct store_balances b;
    struct value *root;
    struct since s = { m->date, as_of, NULL, a };
    int rc = -1;

    *why = NULL;
    if (st->ops->state_get(st, m->customer_id, &cs, a, err) < 0)
        return -1;
    if (cs.flags & (DUN_DO_NOT_CONTACT | DUN_LEGAL_HOLD | DUN_INSOLVENT)) {
        *why = cs.flags & DUN_DO_NOT_CONTACT ? "the customer is marked "
                                               "do-not-contact"
               : cs.flags & DUN_LEGAL_HOLD ? "the customer is under a "
                                             "legal hold"
                                           : "the customer is insolvent";
        return 0;
    }
    if (json_parse(a, "message data", m->inputs, strlen(m->inputs), &root,
                   err) < 0)
        return dun_err_prefix(err, "message %lld", (long long)m->seq);
    balances_ctx_init(&bc);
    if (st->ops->docs_load(st, m->customer_id, &bc.docs, a, err) < 0 ||
        balances_compute_as_of(&bc, &bc.docs, as_of, &b, err) < 0)
        goto out;
    if (root->type == VALUE_MAP &&
        (check_invoices(value_map_get(root, "invoices", 8), &b, &bc.docs,
                        as_of, why, a) < 0 ||
         (!*why && check_invoices(value_map_get(root, "also_due", 8), &b,
                                  &bc.docs, as_of, why, a) < 0)))
        goto out;
    if (!*why) {
        if (st->ops->events_scan(st, m->customer_id, on_event, &s, err) < 0)
            goto out;
        *why = s.why;
    }
    rc = 0;
out:
    balances_ctx_release(&bc);
    return rc;
}
