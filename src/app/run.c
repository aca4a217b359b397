/*
 * run.c - the daily collection cycle; see run.h.
 */
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "app/sendtime.h"
#include "app/policies.h"
#include "app/run.h"
#include "store/store.h"
#include "core/date.h"
#include "core/xalloc.h"

#define PRE_DUE_STAGE "pre-due"

struct run_ctx {
    struct store *st;
    const struct run_opts *o;
    int32_t as_of;
    struct policy policy;
    run_cb *cb;
    void *cb_ctx;
    struct run_summary *sum;
    /* scratch, reused across customers */
    struct dun_item *items;
    unsigned char *in_message;
    size_t items_cap;
    struct dun_contact *contacts;
    size_t contacts_cap;
    /* who writes, and the messages of one contact */
    struct tenant tenant;
    struct arena tenant_arena;
    struct letter letter;
    struct send_clock *clock; /* the allowed hours of as-of, by zone */
    /* the template sets stored this run: few, so a short list */
    struct stored_set {
        const struct template_set *set;
        int64_t id;
    } sets[16];
    size_t nsets;
    struct arena scratch;
};

int
run_is_listed_skip(enum dun_reason r)
{
    return r != DUN_REASON_NONE && r != DUN_REASON_NOTHING_OVERDUE &&
           r != DUN_REASON_NOT_YET;
}

static void
grow(struct run_ctx *r, size_t nitems, size_t ncontacts)
{
    if (nitems > r->items_cap) {
        r->items_cap = nitems * 2;
        r->items = xreallocarray(r->items, r->items_cap, sizeof(*r->items));
        r->in_message = xreallocarray(r->in_message, r->items_cap, 1);
    }
    if (ncontacts > r->contacts_cap) {
        r->contacts_cap = ncontacts * 2;
        r->contacts = xreallocarray(r->contacts, r->contacts_cap,
                                    sizeof(*r->contacts));
    }
}

static int
disputed(const struct store_collect *c, const char *number)
{
    for (size_t i = 0; i < c->ndisputes; i++)
        if (strcmp(c->disputes[i].invoice_number, number) == 0)
            return 1;
    return 0;
}

/* The latest promise, unless it was kept: payments in its currency from
 * the day it was made to its date plus grace reach the amount. */
static int
live_promise(struct run_ctx *r, const struct store_collect *c,
             int32_t *by, struct dun_err *err)
{
    const struct store_promise *p = c->promise;
    int64_t paid;

    if (p == NULL || p->made_on > r->as_of)
        return 0;
    if (r->st->ops->payments_sum(r->st, c->balances->customer_id,
                                 p->currency, p->made_on,
                                 date_add_days(p->by_date,
                                               r->policy.promise_grace_days),
                                 &paid, err) < 0)
        return -1;
    *by = p->by_date;
    return paid < p->amount;
}

/* 1 while the latest payment plan is being kept (payments since it was
 * agreed cover every installment past its date and grace). */
static int
plan_kept(struct run_ctx *r, const struct store_collect *c,
          struct dun_err *err)
{
    const struct store_plan *p = c->plan;
    int64_t paid;

    if (p == NULL || p->made_on > r->as_of)
        return 0;
    if (r->st->ops->payments_sum(r->st, c->balances->customer_id,
                                 p->currency, p->made_on, r->as_of, &paid,
                                 err) < 0)
        return -1;
    return plan_status(p->inst, p->n, paid, r->as_of,
                       r->policy.promise_grace_days) == PLAN_KEPT;
}

/* A hand-off stage comes later on the ladder: the final demand says so. */
static int
handoff_follows(const struct policy *p, int stage)
{
    for (size_t i = (size_t)stage + 1; i < p->nstages; i++)
        if (p->stage[i].action == ACTION_HANDOFF)
            return 1;
    return 0;
}

/* The stored id of the set the letter was rendered with. */
static int
set_id(struct run_ctx *r, const struct template_set *set, int64_t *id,
       struct dun_err *err)
{
    const char *src;
    size_t len;

    for (size_t i = 0; i < r->nsets; i++)
        if (r->sets[i].set == set) {
            *id = r->sets[i].id;
            return 0;
        }
    src = template_set_source(set, &len);
    if (r->st->ops->template_set_put(r->st, template_set_digest(set), src,
                                     len, id, err) < 0)
        return -1;
    /* Sets live as long as r->letter; a run uses a handful. */
    if (r->nsets < sizeof(r->sets) / sizeof(r->sets[0]))
        r->sets[r->nsets++] = (struct stored_set){ set, *id };
    return 0;
}

/* A contact's messages, rendered before anything about it is stored, so
 * that a customer whose data cannot be rendered leaves no trace. */
struct rendered {
    struct customer cust;
    const char *template_name;
    const char *zone;
    struct send_window w;
};

/* Render the contact's messages into r->letter. -1 when the customer's
 * data cannot be rendered (the run goes on without the customer). */
static int
render_messages(struct run_ctx *r, const struct store_collect *c,
                const struct dun_decision *d, const struct dun_item *items,
                size_t nitems, const char *stage, struct rendered *out,
                struct dun_err *err)
{
    const struct policy_stage *ps = d->stage >= 0 ? &r->policy.stage[d->stage]
                                                  : NULL;
    struct letter_promise promise = { 0 };
    struct letter_input in = {
        .tenant = &r->tenant, .customer = &out->cust, .stage = stage,
        .template_name = ps ? ps->template_name : "pre-due",
        .tone = ps ? ps->tone : "friendly", .as_of = r->as_of, .d = d,
        .items = items, .nitems = nitems,
        .broken_promise = d->broken_promise ? &promise : NULL,
        .next = { d->stage >= 0 && handoff_follows(&r->policy, d->stage)
                      ? NEXT_AGENCY : NEXT_REVIEW, NULL, 0 },
        .channels = d->channels,
    };

    if (c->promise) {
        promise = (struct letter_promise){
            .made_on = c->promise->made_on, .by = c->promise->by_date,
            .promised = c->promise->amount };
        memcpy(promise.currency, c->promise->currency, 4);
    }
    out->template_name = in.template_name;
    out->w = (struct send_window){ 0, 0 };
    out->zone = send_zone(c->state.timezone, out->cust.country,
                          r->tenant.timezone);
    if (letter_render(&in, &r->letter, err) < 0 ||
        ((d->channels & CHANNEL_EMAIL) &&
         send_clock_window(r->clock, out->zone, &out->w, err) < 0))
        return -1;
    return 0;
}

/* Put the rendered messages in the outbox, one per channel that writes
 * (the phone channel is a task in the queue). */
static int
store_messages(struct run_ctx *r, const struct dun_decision *d,
               const struct rendered *rm, const char *stage,
               struct dun_err *err)
{
    static const struct { unsigned bit; const char *name; } channels[] = {
        {CHANNEL_EMAIL, "email"}, {CHANNEL_LETTER, "letter"}};
    int64_t set;

    if (set_id(r, r->letter.set, &set, err) < 0)
        return -1;
    for (size_t i = 0; i < 2; i++) {
        int email = channels[i].bit == CHANNEL_EMAIL;
        struct message m = {
            .customer_id = rm->cust.id, .date = r->as_of, .stage = stage,
            .channel = channels[i].name,
            .recipient = email ? rm->cust.email : rm->cust.name,
            .language = r->letter.language,
            .template_name = rm->template_name,
            .template_set = set,
            .subject = r->letter.subject.buf,
            .body = email ? r->letter.text.buf : r->letter.letter.buf,
            .html = email ? r->letter.html.buf : "",
            .inputs = r->letter.inputs.buf,
            .send_after = email ? rm->w.after : 0,
            .send_before = email ? rm->w.before : 0,
            .timezone = email ? rm->zone : "",
        };

        if ((d->channels & channels[i].bit) &&
            r->st->ops->outbox_add(r->st, &m, err) < 0)
            return -1;
    }
    return 0;
}

/* The customer could not be handled: say so in the run's output and go on
 * with everyone else. */
static int
skip_with_error(struct run_ctx *r, const char *customer_id,
                struct dun_err *why, struct dun_err *err)
{
    struct dun_decision d = { .reason = DUN_REASON_ERROR, .stage = -1 };
    struct run_decision rd = { .customer_id = customer_id, .d = &d,
                               .error = why->msg };

    r->sum->errors++;
    r->sum->skipped++;
    return r->cb ? r->cb(r->cb_ctx, &rd, err) : 0;
}

static int
on_customer(void *ctx, const struct store_collect *c, struct dun_err *err)
{
    struct run_ctx *r = ctx;
    const struct store_balances *b = c->balances;
    struct dun_err why = DUN_ERR_INIT; /* the customer's fault, not ours */
    struct rendered rm;
    struct dun_customer cu = {
        .id = b->customer_id, .flags = c->state.flags,
        .segment = c->state.segment[0] ? c->state.segment : NULL,
        .score = c->state.score,
    };
    struct dun_decision d;
    struct run_decision rd;
    size_t nc = 0;
    int rc;

    if (b->nitems == 0)
        return 0; /* credit only: nothing to collect */
    r->sum->customers++;
    grow(r, b->nitems, c->ncontacts);
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *it = &b->items[i];

        r->items[i] = (struct dun_item){
            .number = it->invoice_number, .due_date = it->due_date,
            .balance = it->amount,
            .disputed = disputed(c, it->invoice_number),
            .days_overdue = r->as_of - it->due_date };
        memcpy(r->items[i].currency, it->currency, 4);
    }
    /* Contacts name their stage; a name the policy no longer has does
     * not count on the ladder (it still counts for the guardrails). */
    for (size_t i = 0; i < c->ncontacts; i++) {
        const struct store_contact *k = &c->contacts[i];
        int stage = strcmp(k->stage, PRE_DUE_STAGE) == 0
                        ? DUN_STAGE_PRE_DUE
                        : policy_stage_index(&r->policy, k->stage);

        if (k->date > r->as_of)
            continue; /* recorded after the day being replayed */
        r->contacts[nc++] = (struct dun_contact){
            k->date, stage == -1 && strcmp(k->stage, PRE_DUE_STAGE) != 0
                         ? DUN_STAGE_UNKNOWN
                         : stage,
            (enum dun_approval)k->approval };
    }
    cu.items = r->items;
    cu.nitems = b->nitems;
    cu.contacts = r->contacts;
    cu.ncontacts = nc;
    if ((rc = live_promise(r, c, &cu.promise_by, err)) < 0 ||
        (cu.plan_active = plan_kept(r, c, err)) < 0)
        return -1;
    cu.has_promise = rc;
    d.in_message = r->in_message;
    if (dun_decide(&r->policy, &cu, r->as_of, &d, &why) < 0)
        return skip_with_error(r, cu.id, &why, err);
    rd = (struct run_decision){
        .customer_id = cu.id, .d = &d, .items = r->items,
        .nitems = b->nitems,
        .stage = d.stage == DUN_STAGE_PRE_DUE ? PRE_DUE_STAGE
                 : d.stage >= 0 ? r->policy.stage[d.stage].name : NULL,
    };
    if (d.act) {
        r->sum->planned++;
        if (!r->o->dry_run) {
            struct store_contact k = {
                .date = r->as_of, .stage = rd.stage,
                .channels = d.channels,
                .approval = d.needs_approval ? DUN_APPROVAL_PENDING
                                             : DUN_APPROVAL_NONE,
                .run_id = r->sum->run_id };
            int writes = !d.handoff &&
                         (d.channels & (CHANNEL_EMAIL | CHANNEL_LETTER));

            if (writes) {
                arena_reset(&r->scratch);
                rc = r->st->ops->customer_get(r->st, cu.id, &rm.cust, NULL,
                                              &r->scratch, err);
                if (rc <= 0)
                    return rc < 0 ? -1
                                  : dun_err_set(err, DUN_E_INTERNAL,
                                                "customer %s vanished",
                                                cu.id);
                if (render_messages(r, c, &d, r->items, b->nitems, rd.stage,
                                    &rm, &why) < 0) {
                    r->sum->planned--;
                    return skip_with_error(r, cu.id, &why, err);
                }
            }
            if ((rc = r->st->ops->contact_add(r->st, cu.id, &k, err)) < 0 ||
                (rc == 1 && writes &&
                 store_messages(r, &d, &rm, rd.stage, err) < 0))
                return -1;
        }
    } else if (run_is_listed_skip(d.reason)) {
        r->sum->skipped++;
    }
    return r->cb ? r->cb(r->cb_ctx, &rd, err) : 0;
}

int
run_cycle(struct app *app, const struct run_opts *o, run_cb *cb, void *ctx,
          struct run_summary *sum, struct dun_err *err)
{
    struct store *st = app->st;
    struct run_ctx r = { .st = st, .o = o, .as_of = app->as_of,
                         .cb = cb, .cb_ctx = ctx,
                         .sum = sum };
    int rc = -1;

    memset(sum, 0, sizeof(*sum));
    letter_init(&r.letter);
    if (policy_in_force(app, &r.policy, &sum->policy_version, err) < 0 ||
        st->ops->tenant_get(st, &r.tenant, &r.tenant_arena, err) < 0) {
        arena_release(&r.tenant_arena);
        return -1;
    }
    r.clock = send_clock_new(&r.policy, app->as_of);
    if (store_begin(st, err) < 0)
        goto out;
    if ((!o->dry_run && st->ops->run_begin(st, app->as_of,
                                           sum->policy_version,
                                           &sum->run_id, err) < 0) ||
        st->ops->collect_scan(st, on_customer, &r, err) < 0 ||
        (!o->dry_run &&
         st->ops->run_end(st, sum->run_id, sum->planned, err) < 0))
        goto out;
    /* A dry run writes nothing: roll back its read transaction. */
    if (o->dry_run)
        store_rollback(st);
    else if (store_commit(st, err) < 0)
        goto out;
    rc = 0;
out:
    if (rc < 0)
        store_rollback(st);
    free(r.items);
    free(r.in_message);
    free(r.contacts);
    letter_release(&r.letter);
    send_clock_free(r.clock);
    arena_release(&r.tenant_arena);
    arena_release(&r.scratch);
    return rc;
}
