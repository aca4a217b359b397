/*
 * queue.c - calls to make and stages to approve; see queue.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/policies.h"
#include "app/balances.h"
#include "app/queue.h"
#include "store/store.h"
#include "app/sendtime.h"
#include "core/dunning.h"
#include "core/policy.h"
#include "core/xalloc.h"
#include "core/sort.h"

struct build {
    struct queue *q;
    struct tenant tenant;
    int from, until;
    struct send_clock *clock; /* the calling hours of app->as_of */
    int64_t now;              /* app->now, for local times; 0 unknown */
    struct store *st;
    int32_t as_of;
    int fast;                 /* the kept balances are as_of's */
    const struct policy *policy; /* in force */
    struct arena scratch;     /* one task's balances as of the day */
};

static const char *
keep(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* Minutes after midnight of the wall clock at t under UT offset off. */
static int
local_minute(int64_t t, int32_t off)
{
    int64_t s = (t + off) % 86400;

    return (int)((s < 0 ? s + 86400 : s) / 60);
}

/* Where a call's customer is, its calling hours and its local time. */
static int
call_hours(struct build *bd, const struct store_task *t,
           struct queue_item *it, struct dun_err *err)
{
    struct send_window w;
    const char *zone;
    int32_t lo, hi;

    if (send_clock_zone(bd->clock, t->timezone, t->country, t->region,
                        bd->tenant.timezone, &zone, err) < 0 ||
        send_clock_window(bd->clock, zone, &w, err) < 0)
        return dun_err_prefix(err, "customer %s", t->customer_id);
    it->timezone = keep(&bd->q->arena, zone);
    it->zone_set = send_zone_is_set(zone);
    it->call_from = bd->from;
    it->call_until = bd->until;
    it->call_after = w.after;
    it->call_before = w.before;
    if (bd->now == 0)
        return 0;
    if (send_clock_offsets(bd->clock, zone, bd->now, &lo, &hi, err) < 0)
        return dun_err_prefix(err, "customer %s", t->customer_id);
    it->local_from = local_minute(bd->now, lo);
    it->local_until = local_minute(bd->now, hi);
    return 0;
}

/* Whether the customer owes less than a stage's minimum. */
static int
below_minimum(const struct policy *p, const char *stage,
              const struct store_balances *b)
{
    char cur[DUN_MAX_CURRENCIES][4];
    int64_t owed[DUN_MAX_CURRENCIES];
    size_t n = 0;
    int s = policy_stage_index(p, stage);

    if (s < 0 || p->stage[s].min_customer_overdue.n == 0)
        return 0;
    for (size_t i = 0; i < b->nitems; i++) {
        size_t j;

        for (j = 0; j < n; j++)
            if (strcmp(cur[j], b->items[i].currency) == 0)
                break;
        if (j == n) {
            if (n == DUN_MAX_CURRENCIES)
                return 0;
            memcpy(cur[n], b->items[i].currency, 4);
            owed[n++] = 0;
        }
        owed[j] += b->items[i].amount;
    }
    return !policy_amount_met(&p->stage[s].min_customer_overdue,
                              (const char (*)[4])cur, owed, n);
}

/* What the person decides, in words, where the code does not say it. */
static const char *
task_words(const struct build *bd, const struct queue_item *it,
           const struct store_balances *b, unsigned flags)
{
    if (strcmp(it->what, "review") == 0)
        return "after the ladder: write off, or pass it on (approve: hand "
               "it off; refuse: keep it on statements)";
    if (strcmp(it->what, "approve") == 0 &&
        below_minimum(bd->policy, it->stage, b))
        return "owes less than the stage's minimum: approve to pass it on "
               "all the same, refuse to keep it on statements";
    if (strcmp(it->stage, "no-contact") == 0)
        return flags & DUN_EMAIL_BAD
                   ? "no working e-mail: call or write (its e-mail was "
                     "refused or bounced; find a working address)"
                   : "no usable contact: find an e-mail or a postal "
                     "address";
    return NULL;
}

/* Value: the largest amount the customer owes in one currency. */
static void
set_owed(struct queue_item *it, const struct store_balances *b)
{
    for (size_t i = 0; i < b->nitems; i++) {
        const struct open_item *o = &b->items[i];
        int64_t sum = 0;

        for (size_t j = 0; j < b->nitems; j++)
            if (!strcmp(b->items[j].currency, o->currency))
                sum += b->items[j].amount;
        if (sum > it->owed) {
            it->owed = sum;
            memcpy(it->currency, o->currency, 4);
        }
    }
}

static struct queue_item *
new_item(struct queue *q)
{
    struct queue_item *it;

    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 32;
        q->items = xreallocarray(q->items, q->cap, sizeof(*q->items));
    }
    it = &q->items[q->n++];
    memset(it, 0, sizeof(*it));
    it->call_from = it->call_until = -1;
    it->local_from = it->local_until = -1;
    return it;
}

static int
on_task(void *ctx, const struct store_task *t, struct dun_err *err)
{
    struct build *bd = ctx;
    struct queue *q = bd->q;
    struct queue_item *it;
    struct store_balances asof;
    const struct store_balances *b = t->balances;

    /* As of a day: tasks planned later do not exist yet, and what is
     * owed is that day's. */
    if (t->contact.date > bd->as_of)
        return 0;
    if (!bd->fast) {
        arena_reset(&bd->scratch);
        if (balances_as_of(bd->st, t->customer_id, bd->as_of, &asof,
                           &bd->scratch, err) < 0)
            return -1;
        b = &asof;
    }
    /* Paid in full since: nothing is left to call about or decide. */
    if (b->nitems == 0)
        return 0;
    it = new_item(q);
    it->customer_id = keep(&q->arena, t->customer_id);
    it->customer_name = keep(&q->arena, t->customer_name);
    it->stage = keep(&q->arena, t->contact.stage);
    it->reason = keep(&q->arena, t->reason);
    it->phone = keep(&q->arena, t->phone);
    it->planned_on = t->contact.date;
    it->what = t->contact.approval != DUN_APPROVAL_PENDING ? "call"
               : strcmp(t->contact.stage, "statement") == 0 ? "review"
                                                             : "approve";
    if (strcmp(it->what, "call") == 0 && call_hours(bd, t, it, err) < 0)
        return -1;
    it->words = task_words(bd, it, b, t->flags);
    set_owed(it, b);
    return 0;
}

static int
cmp_item(const void *pa, const void *pb)
{
    const struct queue_item *a = pa, *b = pb;

    if (a->owed != b->owed)
        return a->owed > b->owed ? -1 : 1;
    if (a->planned_on != b->planned_on)
        return a->planned_on < b->planned_on ? -1 : 1;
    return strcmp(a->customer_id, b->customer_id);
}

static int
cmp_decision(const void *pa, const void *pb)
{
    const struct queue_item *a = pa, *b = pb;
    int c;

    if ((c = strcmp(a->customer_id, b->customer_id)) != 0 ||
        (c = strcmp(a->what, b->what)) != 0 ||
        (c = strcmp(a->stage, b->stage)) != 0)
        return c;
    return a->planned_on < b->planned_on ? -1 : a->planned_on > b->planned_on;
}

/* Each invoice climbs its own ladder, so a customer's invoices can reach
 * a hand-off on several days; one decision (dun approve) settles them
 * all, so the queue lists one, planned when the first was. Calls stay
 * one a contact: each is a call to make. */
static void
one_decision_each(struct queue *q)
{
    size_t w = 0;

    sort_array(q->items, q->n, sizeof(*q->items), cmp_decision);
    for (size_t i = 0; i < q->n; i++) {
        const struct queue_item *it = &q->items[i];

        if (w > 0 && strcmp(it->what, "call") != 0 &&
            strcmp(q->items[w - 1].customer_id, it->customer_id) == 0 &&
            strcmp(q->items[w - 1].what, it->what) == 0 &&
            strcmp(q->items[w - 1].stage, it->stage) == 0)
            continue;
        q->items[w++] = *it;
    }
    q->n = w;
}

/* The e-mails (and letters) that did not reach their customer: the
 * latest of each customer, collected before anything else is read. */
struct undelivered {
    int64_t seq;
    const char *customer_id, *stage, *status;
    int32_t date;
};

struct undelivered_list {
    struct undelivered *v;
    size_t n, cap;
    struct arena *a;
};

static int
on_undelivered(void *ctx, const struct message *m, struct dun_err *err)
{
    struct undelivered_list *l = ctx;

    (void)err;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
    }
    l->v[l->n++] = (struct undelivered){ m->seq, keep(l->a, m->customer_id),
                                         keep(l->a, m->stage),
                                         keep(l->a, m->status), m->date };
    return 0;
}

/* What became of a customer's messages after the undelivered one: any
 * that went out since settles it; the undelivered one's last word. */
struct since_then {
    int64_t seq;
    int delivered;
    const char *detail;
    struct arena *a;
};

static int
on_move(void *ctx, const struct store_message_event *e, struct dun_err *err)
{
    struct since_then *st = ctx;

    (void)err;
    if (e->seq == st->seq)
        st->detail = keep(st->a, e->detail);
    else if (e->seq > st->seq && (strcmp(e->status, "sent") == 0 ||
                                  strcmp(e->status, "printed") == 0 ||
                                  strcmp(e->status, "posted") == 0))
        st->delivered = 1;
    return 0;
}

/* A customer whose latest message did not arrive, and who still owes,
 * is someone to call or write to: "no working e-mail: call or write". */
static int
add_undelivered(struct build *bd, const struct undelivered *u,
                struct dun_err *err)
{
    struct store *st = bd->st;
    struct queue *q = bd->q;
    struct since_then since = { u->seq, 0, "", &q->arena };
    struct store_balances b;
    struct customer c;
    struct queue_item *it;
    char words[600];

    if (u->date > bd->as_of)
        return 0;
    arena_reset(&bd->scratch);
    if (st->ops->message_events_scan(st, u->customer_id, 0, on_move, &since,
                                     err) < 0 ||
        balances_as_of(st, u->customer_id, bd->as_of, &b, &bd->scratch,
                       err) < 0 ||
        st->ops->customer_get(st, u->customer_id, &c, NULL, &bd->scratch,
                              err) < 0)
        return -1;
    if (since.delivered || b.nitems == 0)
        return 0;
    snprintf(words, sizeof(words), "no working e-mail: call or write "
             "(message %lld %s: %s)", (long long)u->seq, u->status,
             since.detail);
    it = new_item(q);
    it->customer_id = u->customer_id;
    it->customer_name = keep(&q->arena, c.name);
    it->stage = u->stage;
    it->reason = "";
    it->phone = keep(&q->arena, c.phone);
    it->planned_on = u->date;
    it->what = "write";
    it->words = keep(&q->arena, words);
    set_owed(it, &b);
    return 0;
}

/* By customer, the latest first. */
static int
cmp_undelivered(const void *pa, const void *pb)
{
    const struct undelivered *a = pa, *b = pb;
    int c = strcmp(a->customer_id, b->customer_id);

    if (c)
        return c;
    return a->seq > b->seq ? -1 : a->seq < b->seq;
}

static int
undelivered_items(struct build *bd, struct dun_err *err)
{
    struct undelivered_list l = { NULL, 0, 0, &bd->q->arena };
    int rc = bd->st->ops->outbox_undelivered(bd->st, on_undelivered, &l, err);

    sort_array(l.v, l.n, sizeof(*l.v), cmp_undelivered);
    for (size_t i = 0; rc == 0 && i < l.n; i++)
        if (i == 0 || strcmp(l.v[i].customer_id, l.v[i - 1].customer_id))
            rc = add_undelivered(bd, &l.v[i], err);
    free(l.v);
    return rc;
}

int
queue_build(struct app *app, struct queue *q, struct dun_err *err)
{
    struct store *st = app->st;
    struct build bd = { .q = q, .now = app->now, .st = app->st,
                        .as_of = app->as_of, .scratch = ARENA_INIT };
    struct policy p;
    int64_t version;
    int rc;

    memset(q, 0, sizeof(*q));
    if (policy_in_force(app, &p, &version, err) < 0 ||
        st->ops->tenant_get(st, &bd.tenant, &q->arena, err) < 0)
        return -1;
    policy_send_window(&p, &bd.from, &bd.until);
    if (balances_fast_path(st, app->as_of, &bd.fast, err) < 0)
        return -1;
    bd.policy = &p;
    bd.clock = send_clock_new(&p, app->as_of);
    rc = st->ops->tasks_scan(st, on_task, &bd, err);
    if (rc == 0)
        rc = undelivered_items(&bd, err);
    send_clock_free(bd.clock);
    arena_release(&bd.scratch);
    if (rc < 0)
        return -1;
    one_decision_each(q);
    sort_array(q->items, q->n, sizeof(*q->items), cmp_item);
    return 0;
}

void
queue_release(struct queue *q)
{
    free(q->items);
    arena_release(&q->arena);
    memset(q, 0, sizeof(*q));
}

int
queue_decide(struct app *app, const char *customer_id, int given, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t on = app->as_of;
    int64_t n = 0;

    if (store_begin(st, err) < 0)
        return -1;
    if (st->ops->approvals_decide(st, customer_id, given, on, &n, err) < 0) {
        store_rollback(st);
        return -1;
    }
    if (n == 0) {
        store_rollback(st);
        return dun_err_set(err, DUN_E_NOTFOUND, "customer %s: nothing "
                           "waits for approval", customer_id);
    }
    return store_commit(st, err);
}
