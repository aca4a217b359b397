/*
 * run.c - the daily collection cycle; see run.h.
 *
 * For each customer this file turns what the store keeps into what the
 * decision (core/dunning.c) needs, as of the run's date: the open items
 * as of that day, the disputes open then, the latest promise made by
 * then, and where each invoice stands on its own ladder (from the
 * invoices the earlier contacts listed). It then checks the decision
 * against what can really be delivered, renders and records it.
 */
#include <stdlib.h>
#include <string.h>

#include "app/balances.h"
#include "app/letters.h"
#include "app/plans.h"
#include "app/policies.h"
#include "app/render_worker.h"
#include "app/run.h"
#include "app/sendtime.h"
#include "app/templates.h"
#include "app/tenant.h"
#include "core/contact_record.h"
#include "core/date.h"
#include "core/law.h"
#include "core/sbuf.h"
#include "core/sort.h"
#include "core/xalloc.h"
#include "store/store.h"

_Static_assert(sizeof(((struct run_summary *)0)->missing) /
                   sizeof(const char *) >= TENANT_MISSING_MAX,
               "run_summary.missing holds every phrase");

/* Contacts that are not a stage of the policy. */
#define PRE_DUE_STAGE "pre-due"
#define STATEMENT_STAGE "statement"
#define NO_CONTACT_STAGE "no-contact" /* a call task: nothing deliverable */
#define PLAN_MISSED_STAGE "plan-missed"

struct run_ctx {
    struct store *st;
    const struct run_opts *o;
    int32_t as_of;
    int fast;       /* the kept balances are the ledger as of as_of */
    int handoff_stage; /* the policy's last hand-off stage, or -1 */
    struct policy policy;
    struct template_library *library; /* the templates in force */
    run_cb *cb;
    void *cb_ctx;
    struct run_summary *sum;
    /* scratch, reused across customers */
    struct dun_item *items;
    unsigned char *in_message;
    struct dun_item **by_number; /* the items, by invoice number */
    size_t items_cap;
    struct dun_contact *contacts;
    size_t contacts_cap;
    struct store_contact_item *listed;
    size_t listed_cap;
    /* who writes, and the messages of one contact */
    struct tenant tenant;
    struct arena tenant_arena;
    struct send_clock *clock; /* the allowed hours of as-of, by zone */
    struct send_clock *law_clock; /* the same within an individual's
                                     law's hours (made when first needed) */
    int16_t law_from, law_to;     /* the hours law_clock was made for */
    /* the template sets stored this run: few, so a short list */
    struct stored_set {
        const struct template_set *set;
        int64_t id;
    } sets[64];
    size_t nsets;
    /* the pack dictionaries stored this run (a set's, per thread) */
    struct stored_dict {
        const struct pack_sample *dict;
        int64_t id;
    } dicts[64];
    size_t ndicts;
    struct arena scratch;  /* one customer's record and balances */
    /* A real run's actions on their way to the record (queue_action). */
    struct render_worker *worker;
    struct slot *slots;    /* PIPELINE of them, a ring */
    size_t first, pending;
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
        r->by_number = xreallocarray(r->by_number, r->items_cap,
                                     sizeof(*r->by_number));
        r->listed = xreallocarray(r->listed, r->items_cap,
                                  sizeof(*r->listed));
    }
    if (ncontacts > r->contacts_cap) {
        r->contacts_cap = ncontacts * 2;
        r->contacts = xreallocarray(r->contacts, r->contacts_cap,
                                    sizeof(*r->contacts));
    }
}

/* Open on the run's day: opened by then and not resolved by then. */
static int
disputed(const struct run_ctx *r, const struct store_collect *c,
         const char *number)
{
    for (size_t i = 0; i < c->ndisputes; i++) {
        const struct store_dispute *d = &c->disputes[i];

        if (strcmp(d->invoice_number, number) == 0 &&
            d->opened_on <= r->as_of &&
            (d->resolved_on == DATE_INVALID || d->resolved_on > r->as_of))
            return 1;
    }
    return 0;
}

/* The latest promise made by the run's day, or NULL. */
static const struct store_promise *
latest_promise(const struct run_ctx *r, const struct store_collect *c)
{
    const struct store_promise *p = NULL;

    for (size_t i = 0; i < c->npromises; i++)
        if (c->promises[i].made_on <= r->as_of)
            p = &c->promises[i];
    return p;
}

/* What arrived toward a promise: payments in its currency from the day
 * it was made to its date plus grace, as far as the run's day. */
static int
promise_arrived(struct run_ctx *r, const char *customer_id,
                const struct store_promise *p, int64_t *paid,
                struct dun_err *err)
{
    int32_t until = date_add_days(p->by_date, r->policy.promise_grace_days);

    if (until > r->as_of)
        until = r->as_of;
    return r->st->ops->payments_sum(r->st, customer_id, p->currency,
                                    p->made_on, until, paid, err);
}

/* A contact's stage as the decision counts it. */
static int
stage_of(const struct policy *p, const char *name)
{
    int s;

    if (strcmp(name, PRE_DUE_STAGE) == 0)
        return DUN_STAGE_PRE_DUE;
    if (strcmp(name, STATEMENT_STAGE) == 0)
        return DUN_STAGE_STATEMENT;
    if (strcmp(name, NO_CONTACT_STAGE) == 0)
        return DUN_STAGE_NONE;
    if (strcmp(name, PLAN_MISSED_STAGE) == 0)
        return DUN_STAGE_PLAN_MISSED;
    s = policy_stage_index(p, name);
    return s >= 0 ? s : DUN_STAGE_UNKNOWN;
}

static int
by_number_cmp(const void *a, const void *b)
{
    return strcmp((*(struct dun_item *const *)a)->number,
                  (*(struct dun_item *const *)b)->number);
}

/* The item with this invoice number, or NULL. */
static struct dun_item *
find_item(struct run_ctx *r, size_t n, const char *number)
{
    struct dun_item key = { .number = number }, *kp = &key, **hit;

    hit = search_array(&kp, r->by_number, n, sizeof(*r->by_number),
                       by_number_cmp);
    return hit ? *hit : NULL;
}

/* An invoice reached a stage on a day: the highest stage stays. */
static void
reach(struct dun_item *it, int stage, int32_t date, int32_t deadline,
      enum dun_approval approval)
{
    if (stage < 0 || stage < it->stage)
        return;
    it->stage = stage;
    it->stage_date = date;
    it->deadline = deadline;
    it->approval = approval;
}

/* Where each invoice stands on its ladder, from the invoices the
 * contacts up to the run's day listed. Contacts from before invoices
 * were listed (database version 10) count for every invoice that was
 * overdue on their day, as the decision of that time did. */
static void
ladders(struct run_ctx *r, const struct store_collect *c, size_t nitems)
{
    if (c->ncontacts == 0)
        return;
    for (size_t i = 0; i < nitems; i++)
        r->by_number[i] = &r->items[i];
    sort_array(r->by_number, nitems, sizeof(*r->by_number), by_number_cmp);
    for (size_t k = 0; k < c->ncontacts; k++) {
        const struct store_contact *ct = &c->contacts[k];
        int contact_stage = stage_of(&r->policy, ct->stage);

        /* What did not reach the customer moves no invoice. */
        if (ct->date > r->as_of || ct->lost)
            continue;
        /* A statement lists invoices at the stage they had: it moves
         * none, unless the review it asked for was approved: then its
         * invoices are handed off as by the policy's hand-off stage. */
        if (contact_stage == DUN_STAGE_STATEMENT &&
            ct->approval == DUN_APPROVAL_GIVEN && r->handoff_stage >= 0)
            for (size_t j = 0; j < ct->nitems; j++) {
                struct dun_item *it = find_item(r, nitems,
                                                ct->items[j].invoice_number);

                if (it != NULL && ct->items[j].role == DUN_ROLE_STAGE)
                    reach(it, r->handoff_stage, ct->date, DATE_INVALID,
                          DUN_APPROVAL_GIVEN);
            }
        if (contact_stage < 0)
            continue;
        for (size_t j = 0; j < ct->nitems; j++) {
            const struct store_contact_item *li = &ct->items[j];
            int stage = policy_stage_index(&r->policy, li->item_stage);
            struct dun_item *it = find_item(r, nitems, li->invoice_number);

            if (it == NULL)
                continue;
            if (li->role == DUN_ROLE_STAGE)
                reach(it, stage, ct->date, ct->deadline,
                      (enum dun_approval)ct->approval);
            else if (stage > it->stage)
                /* Listed as also due, it kept the stage it had; only a
                 * first listing counts (as its reminder). */
                reach(it, stage, ct->date, DATE_INVALID, DUN_APPROVAL_NONE);
        }
        if (ct->nitems == 0)
            for (size_t i = 0; i < nitems; i++)
                if (r->items[i].due_date < ct->date)
                    reach(&r->items[i], contact_stage, ct->date,
                          ct->deadline, (enum dun_approval)ct->approval);
    }
}

/* A hand-off's kind, for what the message says will follow. */
static struct letter_next
next_step(const struct policy *p, const struct dun_decision *d)
{
    const struct policy_stage *st;

    if (d->next_stage < 0)
        return (struct letter_next){ NEXT_REVIEW, NULL, 0 };
    st = &p->stage[d->next_stage];
    if (st->action != ACTION_HANDOFF)
        return (struct letter_next){ NEXT_MESSAGE, st->name, 0 };
    return (struct letter_next){
        st->handoff_to == HANDOFF_LAWYER ? NEXT_LAWYER : NEXT_AGENCY,
        st->name, st->requires_approval };
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

/* The stored id of the dictionary the worker packed a message with. */
static int
dict_id(struct run_ctx *r, const struct pack_sample *p, int64_t *id,
        struct dun_err *err)
{
    for (size_t i = 0; i < r->ndicts; i++)
        if (r->dicts[i].dict == p) {
            *id = r->dicts[i].id;
            return 0;
        }
    if (r->st->ops->pack_dict_put(r->st, p->digest, p->bytes, p->len, id,
                                  err) < 0)
        return -1;
    /* Dictionaries live as long as the worker; a run uses a handful. */
    if (r->ndicts < sizeof(r->dicts) / sizeof(r->dicts[0]))
        r->dicts[r->ndicts++] = (struct stored_dict){ p, *id };
    return 0;
}

/* One customer being decided: what the run has gathered about it. */
struct subject {
    const struct store_collect *c;
    const char *id;
    size_t nitems;
    struct customer cust;  /* read when something is to be sent */
    int have_cust;
    const struct store_promise *promise; /* latest by the run's day */
    int64_t promise_arrived;
    const char *stage;     /* the decision's stage name */
    const char *zone;
    struct send_window w;
    int no_hours;          /* no hour today in every zone it may be in */
    const struct dun_law *law; /* an individual's rules, or NULL */
    struct plan_view plan;     /* the latest plan by the run's day */
    int has_plan;
};

/* Keep only the channels that can reach the customer: no e-mail
 * without a working address (a letter instead, if there is a postal
 * address);
 * no letter without a postal address; a call only with a number. None
 * left: 0, and the caller plans a call task instead. */
static unsigned
deliverable(unsigned channels, const struct store_collect *c)
{
    /* An address that was refused or bounced is as good as none. */
    int email = c->has_email && !(c->state.flags & DUN_EMAIL_BAD);
    int post = c->has_post, phone = c->has_phone;

    if ((channels & CHANNEL_EMAIL) && !email) {
        channels &= ~(unsigned)CHANNEL_EMAIL;
        if (post)
            channels |= CHANNEL_LETTER;
    }
    if ((channels & CHANNEL_LETTER) && !post)
        channels &= ~(unsigned)CHANNEL_LETTER;
    if ((channels & CHANNEL_PHONE) && !phone)
        channels &= ~(unsigned)CHANNEL_PHONE;
    return channels;
}

/* The hours the customer may be reached in today (an e-mail sent, a
 * call made), in its zone, or the hours every zone it may be in allows
 * (app/sendtime.h). No such hour today: e-mail and call wait for
 * another day; a letter is not held. -1 when the zone cannot be worked
 * out (the customer is skipped with the error). */
/* The hours of the policy, narrowed to those an individual's law allows
 * (Regulation F: 8 a.m. to 9 p.m.), as a clock of its own. */
static struct send_clock *
clock_for(struct run_ctx *r, const struct dun_law *law)
{
    struct policy p;
    int from, to;

    if (law == NULL || law->earliest < 0)
        return r->clock;
    if (r->law_clock && (r->law_from != law->earliest ||
                         r->law_to != law->latest)) {
        send_clock_free(r->law_clock);
        r->law_clock = NULL;
    }
    if (r->law_clock == NULL) {
        r->law_from = law->earliest;
        r->law_to = law->latest;
        p = r->policy;
        policy_send_window(&r->policy, &from, &to);
        if (from < law->earliest)
            from = law->earliest;
        if (to > law->latest)
            to = law->latest;
        if (to < from)
            to = from;
        /* Quiet from the end of the hours over midnight to their start. */
        p.quiet_start = (int16_t)to;
        p.quiet_end = (int16_t)from;
        r->law_clock = send_clock_new(&p, r->as_of);
    }
    return r->law_clock;
}

static int
reachable_hours(struct run_ctx *r, struct subject *sj,
                struct dun_decision *d, struct dun_err *err)
{
    struct send_clock *clock = clock_for(r, sj->law);

    sj->w = (struct send_window){ 0, 0 };
    sj->zone = "";
    if (!(d->channels & (CHANNEL_EMAIL | CHANNEL_PHONE)))
        return 0;
    if (send_clock_zone(clock, sj->c->state.timezone, sj->c->country,
                        sj->c->region, r->tenant.timezone, &sj->zone,
                        err) < 0 ||
        send_clock_window(clock, sj->zone, &sj->w, err) < 0)
        return -1;
    if (send_window_empty(&sj->w)) {
        d->channels &= ~(unsigned)(CHANNEL_EMAIL | CHANNEL_PHONE);
        sj->no_hours = 1;
    }
    return 0;
}

/* The input of the contact's messages, for the render worker (which
 * copies it, and what it points to, before this customer's buffers move
 * on). */
static void
message_input(struct run_ctx *r, const struct subject *sj,
              const struct dun_decision *d, struct letter_input *in,
              struct letter_promise *promise, struct letter_plan *plan)
{
    const struct policy_stage *ps = d->stage >= 0 ? &r->policy.stage[d->stage]
                                                  : NULL;

    *in = (struct letter_input){
        .tenant = &r->tenant, .customer = &sj->cust, .stage = sj->stage,
        .template_name = ps ? ps->template_name : sj->stage,
        .tone = ps ? ps->tone : "friendly", .as_of = r->as_of, .d = d,
        .items = r->items, .nitems = sj->nitems, .backlog = d->backlog,
        .next = next_step(&r->policy, d),
        .broken_promise = d->broken_promise ? promise : NULL,
        .plan_missed = d->stage == DUN_STAGE_PLAN_MISSED ? plan : NULL,
        .channels = d->channels, .library = r->library,
    };
    *promise = (struct letter_promise){ 0 };
    *plan = (struct letter_plan){ 0 };
    if (sj->has_plan && sj->plan.status == PLAN_VIEW_BROKEN) {
        *plan = (struct letter_plan){
            .made_on = sj->plan.made_on, .total = sj->plan.total,
            .paid = sj->plan.paid, .inst = sj->plan.inst, .n = sj->plan.n,
            .missed = sj->plan.missed, .missed_short = sj->plan.missed_short,
            .invoices = sj->plan.invoices,
            .ninvoices = sj->plan.ninvoices };
        memcpy(plan->currency, sj->plan.currency, 4);
    }
    if (sj->promise) {
        *promise = (struct letter_promise){
            .made_on = sj->promise->made_on, .by = sj->promise->by_date,
            .promised = sj->promise->amount,
            .arrived = sj->promise_arrived };
        memcpy(promise->currency, sj->promise->currency, 4);
    }
}

/*
 * An action of a real run on its way to the record. Decided on the run's
 * thread, its messages rendered on the worker's, it is written in turn:
 * actions are kept in the order they were decided (PIPELINE at most), and
 * the oldest is written when the line is full and at the end, so that
 * the record, the outbox's numbers and the run's output come in the
 * order a run without a worker would give them.
 */
#define PIPELINE 32

struct slot {
    struct arena arena;      /* the copies below */
    const char *customer_id;
    struct dun_decision d;   /* in_message copied */
    struct dun_item *items;  /* copied, numbers too */
    size_t nitems;
    const char *stage;       /* static, or the policy's */
    const char *template_name;
    const char *email, *name; /* the recipients */
    const char *zone;
    struct send_window w;
    int writes;
    struct render_job job;
};

static const char *
slot_dup(struct slot *sl, const char *s)
{
    return s ? arena_strndup(&sl->arena, s, strlen(s)) : NULL;
}

/* Keep what the action needs once this customer's buffers move on. */
static void
slot_fill(struct run_ctx *r, struct slot *sl, const struct subject *sj,
          const struct dun_decision *d, int writes)
{
    const struct policy_stage *ps = d->stage >= 0 ? &r->policy.stage[d->stage]
                                                  : NULL;

    arena_reset(&sl->arena);
    sl->customer_id = slot_dup(sl, sj->id);
    sl->d = *d;
    sl->d.in_message = arena_alloc(&sl->arena, sj->nitems ? sj->nitems : 1);
    memcpy(sl->d.in_message, d->in_message, sj->nitems);
    sl->items = arena_alloc(&sl->arena, (sj->nitems ? sj->nitems : 1) *
                                            sizeof(*sl->items));
    for (size_t i = 0; i < sj->nitems; i++) {
        sl->items[i] = r->items[i];
        sl->items[i].number = slot_dup(sl, r->items[i].number);
    }
    sl->nitems = sj->nitems;
    sl->stage = sj->stage;
    sl->template_name = ps ? ps->template_name : sj->stage;
    sl->writes = writes;
    sl->email = writes ? slot_dup(sl, sj->cust.email) : NULL;
    sl->name = writes ? slot_dup(sl, sj->cust.name) : NULL;
    sl->zone = slot_dup(sl, sj->zone ? sj->zone : "");
    sl->w = sj->w;
}

/* Put the rendered messages in the outbox, one per channel that writes
 * (the phone channel is a task in the queue), their bodies packed by the
 * worker. */
static int
store_messages(struct run_ctx *r, const struct slot *sl, struct dun_err *err)
{
    static const struct { unsigned bit; const char *name; } channels[] = {
        {CHANNEL_EMAIL, "email"}, {CHANNEL_LETTER, "letter"}};
    const struct render_job *j = &sl->job;
    int64_t set, dict;

    if (set_id(r, j->set, &set, err) < 0 ||
        dict_id(r, j->dict, &dict, err) < 0)
        return -1;
    for (size_t i = 0; i < 2; i++) {
        int email = channels[i].bit == CHANNEL_EMAIL;
        struct message m = {
            .customer_id = sl->customer_id, .date = r->as_of,
            .stage = sl->stage, .channel = channels[i].name,
            .recipient = email ? sl->email : sl->name,
            .language = j->language,
            .template_name = sl->template_name,
            .template_set = set,
            .subject = j->subject.buf,
            .send_after = email ? sl->w.after : 0,
            .send_before = email ? sl->w.before : 0,
            .timezone = email ? sl->zone : "",
        };
        struct store_packed packed = {
            .body = email ? j->packed_text.buf : j->packed_letter.buf,
            .body_len = email ? j->packed_text.len : j->packed_letter.len,
            .html = email ? j->packed_html.buf : "",
            .html_len = email ? j->packed_html.len : 0,
            .inputs = j->packed_inputs.buf,
            .inputs_len = j->packed_inputs.len,
            .dict = dict,
        };

        if ((sl->d.channels & channels[i].bit) &&
            r->st->ops->outbox_add_packed(r->st, &m, &packed, err) < 0)
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

/* The open items as of the run's day: the kept balances when they are
 * the ledger of that day, else the customer's documents replayed. */
static int
open_items(struct run_ctx *r, const struct store_collect *c,
           const struct store_balances **out, struct store_balances *buf,
           struct dun_err *err)
{
    if (r->fast) {
        *out = c->balances;
        return 0;
    }
    if (balances_as_of(r->st, c->balances->customer_id, r->as_of, buf,
                       &r->scratch, err) < 0)
        return -1;
    *out = buf;
    return 0;
}

/* Fill the decision's inputs for one customer; 0, or -1 with err. */
static int
str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether the plan covers an invoice. */
static int
plan_covers(const struct plan_view *v, const char *number)
{
    return search_array(&number, v->invoices, v->ninvoices,
                        sizeof(*v->invoices), str_cmp) != NULL;
}

/* The plan broke and no message since has said so. */
static int
plan_missed(const struct subject *sj, const struct dun_contact *contacts,
            size_t n)
{
    if (!sj->has_plan || sj->plan.status != PLAN_VIEW_BROKEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (contacts[i].stage == DUN_STAGE_PLAN_MISSED &&
            contacts[i].date >= sj->plan.broken_on)
            return 0;
    return 1;
}

static int
gather(struct run_ctx *r, struct subject *sj, const struct store_balances *b,
       struct dun_customer *cu, struct dun_err *err)
{
    const struct store_collect *c = sj->c;
    size_t nc = 0;
    int kept, rc = 0;

    grow(r, b->nitems, c->ncontacts);
    /* Only money applied to a plan's own invoices keeps it
     * (app/plans.h); only a kept plan pauses, and only its invoices. */
    if (c->plan != NULL &&
        (rc = plan_view_get(r->st, sj->id, r->as_of,
                            r->policy.promise_grace_days, &sj->plan,
                            &r->scratch, err)) < 0)
        return -1;
    sj->has_plan = rc == 1;
    kept = sj->has_plan && sj->plan.status == PLAN_VIEW_KEPT;
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *it = &b->items[i];

        r->items[i] = (struct dun_item){
            .number = it->invoice_number, .issue_date = it->issue_date,
            .due_date = it->due_date,
            .balance = it->amount, .total = it->total,
            .disputed = disputed(r, c, it->invoice_number),
            .plan_covered = sj->has_plan &&
                            plan_covers(&sj->plan, it->invoice_number),
            .days_overdue = r->as_of - it->due_date,
            .stage = -1, .stage_date = DATE_INVALID,
            .deadline = DATE_INVALID };
        memcpy(r->items[i].currency, it->currency, 4);
        r->items[i].in_plan = kept && r->items[i].plan_covered;
    }
    ladders(r, c, b->nitems);
    for (size_t i = 0; i < c->ncontacts; i++) {
        const struct store_contact *k = &c->contacts[i];

        if (k->date > r->as_of || k->lost)
            continue; /* recorded after the day being replayed, or it
                         never reached the customer */
        r->contacts[nc++] = (struct dun_contact){
            k->date, stage_of(&r->policy, k->stage), k->channels,
            (k->channels & CHANNEL_PHONE) && k->done_on <= r->as_of
                ? k->done_on
                : DATE_INVALID };
    }
    cu->items = r->items;
    cu->nitems = b->nitems;
    cu->contacts = r->contacts;
    cu->ncontacts = nc;
    cu->plan_missed = plan_missed(sj, r->contacts, nc);
    cu->law = sj->law = law_for(c->country, c->region, c->kind);
    sj->promise = latest_promise(r, c);
    sj->promise_arrived = 0;
    if (sj->promise &&
        promise_arrived(r, sj->id, sj->promise, &sj->promise_arrived,
                        err) < 0)
        return -1;
    cu->has_promise = sj->promise &&
                      sj->promise_arrived < sj->promise->amount;
    cu->promise_by = sj->promise ? sj->promise->by_date : DATE_INVALID;
    return 0;
}

/* Record the contact and the invoices it lists (with the stage each
 * reached), then its messages. */
static int
record(struct run_ctx *r, const struct slot *sl, struct dun_err *err)
{
    const struct dun_decision *d = &sl->d;
    size_t n = 0;
    /* A statement after the ladder asks a person to review the account
     * (write off, or pass it on): a decision in the queue. */
    struct store_contact k = {
        .date = r->as_of, .stage = sl->stage, .channels = d->channels,
        .approval = d->needs_approval || d->stage == DUN_STAGE_STATEMENT
                        ? DUN_APPROVAL_PENDING
                        : DUN_APPROVAL_NONE,
        .run_id = r->sum->run_id, .deadline = d->deadline,
        .items = r->listed };
    int rc;

    /* r->listed holds items_cap entries, and the slot's items were
     * copied from r->items, which never shrinks: no growing here (it
     * would move r->items under the customer being decided). */
    for (size_t i = 0; i < sl->nitems; i++) {
        const struct dun_item *it = &sl->items[i];
        int role = d->in_message[i], reached;

        if (role == DUN_ROLE_NONE || d->stage == DUN_STAGE_NONE)
            continue;
        reached = d->stage >= 0 ? dun_item_stage_after(d, it, role)
                                : it->stage;
        r->listed[n++] = (struct store_contact_item){
            .invoice_number = it->number, .role = role,
            .item_stage = reached >= 0 ? r->policy.stage[reached].name : "" };
    }
    k.nitems = n;
    if ((rc = r->st->ops->contact_add(r->st, sl->customer_id, &k, err)) < 0)
        return -1;
    return rc == 1 && sl->writes ? store_messages(r, sl, err) : 0;
}

/* Write the oldest action: wait for its messages, record it, tell the
 * caller. */
static int
finish_oldest(struct run_ctx *r, struct dun_err *err)
{
    struct slot *sl = &r->slots[r->first];
    struct run_decision rd = {
        .customer_id = sl->customer_id, .d = &sl->d, .items = sl->items,
        .nitems = sl->nitems, .stage = sl->stage };

    r->first = (r->first + 1) % PIPELINE;
    r->pending--;
    if (sl->writes) {
        render_worker_wait(r->worker, &sl->job);
        if (sl->job.rc < 0) {
            r->sum->planned--;
            return skip_with_error(r, sl->customer_id, &sl->job.err, err);
        }
    }
    if (record(r, sl, err) < 0)
        return -1;
    return r->cb ? r->cb(r->cb_ctx, &rd, err) : 0;
}

/* Queue an action of a real run (its messages to the worker); write the
 * oldest first when the line is full. */
static int
queue_action(struct run_ctx *r, const struct subject *sj,
             const struct dun_decision *d, int writes, struct dun_err *err)
{
    struct slot *sl;

    if (r->pending == PIPELINE && finish_oldest(r, err) < 0)
        return -1;
    sl = &r->slots[(r->first + r->pending) % PIPELINE];
    r->pending++;
    slot_fill(r, sl, sj, d, writes);
    if (writes) {
        struct letter_input in;
        struct letter_promise promise;
        struct letter_plan plan;

        message_input(r, sj, d, &in, &promise, &plan);
        render_job_copy(&sl->job, &in);
        render_worker_submit(r->worker, &sl->job);
    }
    return 0;
}

/* A message is due but nothing can carry it: a call task "no usable
 * contact" for a person, which climbs no ladder. */
static void
no_contact(struct dun_decision *d, struct subject *sj)
{
    d->channels = CHANNEL_PHONE;
    d->deadline = DATE_INVALID;
    d->needs_approval = 0;
    d->stage = DUN_STAGE_NONE;
    sj->stage = NO_CONTACT_STAGE;
}

/* What the doors would refuse never goes into a message: a record from
 * an older dun or edited by hand (an address with a header in it, a
 * name that is not UTF-8) passes the customer over, with the reason. */
static int
fit_for_messages(const struct customer *cust, struct dun_err *why)
{
    const char *field, *reason;

    if (contact_record_check(cust, &field, &reason) == 0)
        return 0;
    return dun_err_set(why, DUN_E_INPUT, "%s: %s (correct it with 'dun "
                       "customer set' or an import)", field, reason);
}

static int
on_customer(void *ctx, const struct store_collect *c, struct dun_err *err)
{
    struct run_ctx *r = ctx;
    struct dun_err why = DUN_ERR_INIT; /* the customer's fault, not ours */
    struct store_balances bbuf;
    const struct store_balances *b;
    struct subject sj = { .c = c, .id = c->balances->customer_id };
    struct dun_customer cu = {
        .id = sj.id, .flags = c->state.flags,
        .segment = c->state.segment[0] ? c->state.segment : NULL,
        .score = c->state.score,
    };
    struct dun_decision d;
    struct run_decision rd;

    arena_reset(&r->scratch);
    if (c->damage) {
        dun_err_set(&why, DUN_E_IO, "%s", c->damage);
        return skip_with_error(r, sj.id, &why, err);
    }
    if (open_items(r, c, &b, &bbuf, err) < 0)
        return -1;
    if (b->nitems == 0)
        return 0; /* credit only, or nothing: nothing to collect */
    r->sum->customers++;
    sj.nitems = b->nitems;
    if (gather(r, &sj, b, &cu, err) < 0)
        return -1;
    d.in_message = r->in_message;
    if (dun_decide(&r->policy, &cu, r->as_of, &d, &why) < 0)
        return skip_with_error(r, cu.id, &why, err);
    sj.stage = d.stage == DUN_STAGE_PRE_DUE       ? PRE_DUE_STAGE
               : d.stage == DUN_STAGE_STATEMENT   ? STATEMENT_STAGE
               : d.stage == DUN_STAGE_PLAN_MISSED ? PLAN_MISSED_STAGE
               : d.stage >= 0 ? r->policy.stage[d.stage].name
                              : NULL;
    if (d.act && !d.handoff) {
        /* Only through a channel that exists. */
        d.channels = deliverable(d.channels, c);
        if (d.channels && reachable_hours(r, &sj, &d, &why) < 0)
            return skip_with_error(r, cu.id, &why, err);
        if (d.channels == 0 && sj.no_hours) {
            d.act = 0; /* no hour in every zone it may be in: tomorrow */
            d.reason = DUN_REASON_QUIET_HOURS;
        } else if (d.channels == 0) {
            no_contact(&d, &sj);
        } else if (d.stage >= 0)
            d.deadline = dun_deadline(&r->policy, &r->policy.stage[d.stage],
                                      d.channels, r->as_of, cu.law);
    }
    rd = (struct run_decision){
        .customer_id = cu.id, .d = &d, .items = r->items,
        .nitems = b->nitems, .stage = sj.stage,
    };
    if (d.act) {
        int writes = !d.handoff &&
                     (d.channels & (CHANNEL_EMAIL | CHANNEL_LETTER));

        if (!r->o->dry_run) {
            if (writes) {
                if (c->customer == NULL)
                    return dun_err_set(err, DUN_E_INTERNAL,
                                       "customer %s vanished", cu.id);
                sj.cust = *c->customer;
                if (fit_for_messages(&sj.cust, &why) < 0)
                    return skip_with_error(r, cu.id, &why, err);
            }
            r->sum->planned++;
            /* Written in turn, after its messages are rendered. */
            return queue_action(r, &sj, &d, writes, err);
        }
        r->sum->planned++;
    } else if (run_is_listed_skip(d.reason)) {
        r->sum->skipped++;
    }
    return r->cb ? r->cb(r->cb_ctx, &rd, err) : 0;
}

/* A real run goes forward in time and not into the future: its contacts
 * are the record of what was sent. */
static int
check_run_date(struct app *app, struct dun_err *err)
{
    char day[DATE_ISO_LEN + 1], other[DATE_ISO_LEN + 1];
    int32_t latest;

    date_iso(app->as_of, day);
    if (app->today && app->as_of > date_add_days(app->today, 1)) {
        date_iso(app->today, other);
        return dun_err_set(err, DUN_E_INPUT,
                           "a run as of %s is more than a day ahead of "
                           "today (%s); use --dry-run to look ahead",
                           day, other);
    }
    if (app->st->ops->run_latest(app->st, &latest, err) < 0)
        return -1;
    if (latest != DATE_INVALID && app->as_of < latest) {
        date_iso(latest, other);
        return dun_err_set(err, DUN_E_INPUT,
                           "a run as of %s would come before the latest "
                           "run (as of %s): runs go forward in time; use "
                           "--dry-run to look at an earlier day",
                           day, other);
    }
    return 0;
}

int
run_cycle(struct app *app, const struct run_opts *o, run_cb *cb, void *ctx,
          struct run_summary *sum, struct dun_err *err)
{
    struct store *st = app->st;
    struct run_ctx r = { .st = st, .o = o, .as_of = app->as_of,
                         .cb = cb, .cb_ctx = ctx,
                         .sum = sum };
    int64_t templates_version;
    int rc = -1;

    memset(sum, 0, sizeof(*sum));
    if (policy_in_force(app, &r.policy, &sum->policy_version, err) < 0 ||
        templates_in_force(app, &r.library, &templates_version, err) < 0 ||
        st->ops->tenant_get(st, &r.tenant, &r.tenant_arena, err) < 0) {
        template_library_free(r.library);
        arena_release(&r.tenant_arena);
        return -1;
    }
    /* Messages that go out signed by nobody, with no account to pay
     * into, do the business harm: a real run does not start. */
    tenant_missing_for_messages(&r.tenant, sum->missing, &sum->nmissing);
    if (sum->nmissing && !o->dry_run) {
        struct sbuf list = SBUF_INIT;

        for (size_t i = 0; i < sum->nmissing; i++)
            sbuf_addf(&list, "%s%s", i ? "; " : "", sum->missing[i]);
        dun_err_set(err, DUN_E_INPUT,
                    "messages cannot go out without %s", list.buf);
        sbuf_release(&list);
        template_library_free(r.library);
        arena_release(&r.tenant_arena);
        return -1;
    }
    r.handoff_stage = -1;
    for (size_t i = 0; i < r.policy.nstages; i++)
        if (r.policy.stage[i].action == ACTION_HANDOFF)
            r.handoff_stage = (int)i;
    r.clock = send_clock_new(&r.policy, app->as_of);
    if (!o->dry_run) {
        r.slots = xcalloc(PIPELINE, sizeof(*r.slots));
        for (size_t i = 0; i < PIPELINE; i++) {
            r.slots[i].arena = (struct arena)ARENA_INIT;
            render_job_init(&r.slots[i].job);
        }
        if ((r.worker = render_worker_start()) == NULL) {
            dun_err_set(err, DUN_E_INTERNAL, "cannot start a thread to "
                        "render the messages");
            goto out;
        }
    }
    /* Everything a real run writes refers to what it has just read or
     * written in the same transaction (the customer it decided, the run,
     * the template set and pack dictionary it put): its own checks, and
     * the store's of each row's references left out. */
    if ((o->dry_run ? store_begin(st, err) : store_begin_checked(st, err)) < 0)
        goto out;
    if ((!o->dry_run && check_run_date(app, err) < 0) ||
        balances_fast_path(st, app->as_of, &r.fast, err) < 0)
        goto out;
    if ((!o->dry_run && st->ops->run_begin(st, app->as_of,
                                           sum->policy_version,
                                           &sum->run_id, err) < 0) ||
        st->ops->collect_scan(st, (r.fast ? 0 : STORE_COLLECT_ALL) |
                                      (o->dry_run ? 0
                                                  : STORE_COLLECT_RECORDS),
                              on_customer, &r, err) < 0)
        goto out;
    while (r.pending > 0)
        if (finish_oldest(&r, err) < 0)
            goto out;
    if ((!o->dry_run &&
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
    free(r.by_number);
    free(r.listed);
    free(r.contacts);
    /* Jobs still queued after an error are rendered, then dropped. */
    render_worker_stop(r.worker);
    for (size_t i = 0; r.slots && i < PIPELINE; i++) {
        arena_release(&r.slots[i].arena);
        render_job_release(&r.slots[i].job);
    }
    free(r.slots);
    send_clock_free(r.clock);
    send_clock_free(r.law_clock);
    template_library_free(r.library);
    arena_release(&r.tenant_arena);
    arena_release(&r.scratch);
    return rc;
}
