/*
 * timeline.c - one customer's history in date order, up to the app's
 * as-of date; see timeline.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/balances.h"
#include "app/timeline.h"
#include "store/store.h"
#include "core/date.h"
#include "core/money.h"
#include "core/policy.h"
#include "core/xalloc.h"
#include "core/sort.h"

static struct timeline_entry *
add(struct timeline *tl, int32_t date, const char *what, int order)
{
    struct timeline_entry *e;

    if (tl->n == tl->cap) {
        tl->cap = tl->cap ? tl->cap * 2 : 32;
        tl->entries = xreallocarray(tl->entries, tl->cap, sizeof(*e));
    }
    e = &tl->entries[tl->n++];
    *e = (struct timeline_entry){ .date = date, .what = what, .ref = "",
                                  .detail = "", .order = order };
    return e;
}

/* a, b, c, d joined, in the timeline's arena. */
static char *
cat(struct timeline *tl, const char *a, const char *b, const char *c,
    const char *d)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c), ld = strlen(d);
    char *s = arena_alloc(&tl->arena, la + lb + lc + ld + 1);

    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc);
    memcpy(s + la + lb + lc, d, ld + 1);
    return s;
}

/* What a build reads with: the timeline and the date it is as of. */
struct build {
    struct timeline *tl;
    int32_t as_of;
};

static int
on_invoice(void *ctx, const struct invoice *inv, int64_t open,
           struct dun_err *err)
{
    struct timeline *tl = ((struct build *)ctx)->tl;
    int credit = inv->type == INVOICE_CREDIT_NOTE;
    struct timeline_entry *e = add(tl, inv->issue_date,
                                   credit ? "credit_note" : "invoice", 0);
    char due[DATE_ISO_LEN + 1], amount[MONEY_FMT_MAX];

    (void)err;
    e->ref = arena_strndup(&tl->arena, inv->number, strlen(inv->number));
    e->amount = inv->total;
    memcpy(e->currency, inv->currency, 4);
    date_iso(inv->due_date, due);
    money_format(open, currency_exponent(inv->currency, 3), amount);
    if (credit)
        e->detail = inv->applies_to[0]
                        ? cat(tl, "for invoice ", inv->applies_to, "", "")
                        : "";
    else
        e->detail = cat(tl, "due ", due, ", open ", amount);
    return 0;
}

static int
on_payment(void *ctx, const struct payment *p, struct dun_err *err)
{
    struct build *b = ctx;
    struct timeline *tl = b->tl;
    struct timeline_entry *e;

    (void)err;
    if (p->date > b->as_of)
        return 0;
    e = add(tl, p->date, "payment", 1);
    e->ref = arena_strndup(&tl->arena, p->id, strlen(p->id));
    e->amount = p->amount;
    memcpy(e->currency, p->currency, 4);
    e->detail = p->invoice_number[0]
                    ? cat(tl, "for invoice ", p->invoice_number, "", "")
                    : "names no invoice";
    return 0;
}

static int
on_event(void *ctx, const struct store_event *ev, struct dun_err *err)
{
    static const char *const what[] = {
        [EVENT_NOTE] = "note", [EVENT_CALL] = "call",
        [EVENT_DISPUTE_OPENED] = "dispute_opened",
        [EVENT_DISPUTE_RESOLVED] = "dispute_resolved",
        [EVENT_PROMISE] = "promise", [EVENT_CONTACT] = "contact",
        [EVENT_PLAN] = "plan", [EVENT_APPROVAL] = "approval",
        [EVENT_CHANGE] = "change",
    };
    struct build *b = ctx;
    struct timeline *tl = b->tl;
    struct timeline_entry *e;
    char buf[64];

    (void)err;
    /* Not yet happened as of the date: a dispute resolved later is
     * still open then. */
    if (ev->date > b->as_of)
        return 0;
    e = add(tl, ev->date, what[ev->kind], 2 + (int)ev->kind);
    e->ref = arena_strndup(&tl->arena, ev->ref, strlen(ev->ref));
    switch (ev->kind) {
    case EVENT_PROMISE:
        date_iso(ev->until, buf);
        e->detail = cat(tl, "to pay by ", buf, "", "");
        e->amount = ev->amount;
        memcpy(e->currency, ev->currency, 4);
        break;
    case EVENT_PLAN:
        date_iso(ev->until, buf);
        e->detail = cat(tl, ev->text, ", the last on ", buf, "");
        e->amount = ev->amount;
        memcpy(e->currency, ev->currency, 4);
        break;
    case EVENT_CONTACT:
        policy_channels_str((unsigned)ev->amount, buf, sizeof(buf));
        e->detail = cat(tl, buf[0] ? buf : "hand-off", "", "", "");
        break;
    default:
        e->detail = ev->reason[0]
                        ? cat(tl, ev->text, " (reason: ", ev->reason, ")")
                        : arena_strndup(&tl->arena, ev->text,
                                        strlen(ev->text));
        break;
    }
    return 0;
}

/* A message's move (planned, sent, bounced ...), on the UTC day it was
 * made, after the day's contacts. */
static int
on_message_move(void *ctx, const struct store_message_event *ev,
                struct dun_err *err)
{
    struct build *b = ctx;
    struct timeline *tl = b->tl;
    struct timeline_entry *e;
    char seq[32], at[DATE_UTC_LEN + 1];
    int32_t day;
    int secs;

    (void)err;
    date_split_instant(ev->at, &day, &secs);
    if (day > b->as_of)
        return 0;
    e = add(tl, day, "message", 20);
    snprintf(seq, sizeof(seq), "%lld", (long long)ev->seq);
    e->ref = cat(tl, seq, " ", ev->channel, "");
    date_utc_iso(ev->at, at);
    e->detail = cat(tl, ev->status, " at ", at,
                    ev->detail[0] ? cat(tl, ": ", ev->detail, "", "") : "");
    return 0;
}

/* Proof attached to a message, on the UTC day it was attached. */
static int
on_evidence(void *ctx, const struct store_evidence *ev, struct dun_err *err)
{
    struct build *b = ctx;
    struct timeline *tl = b->tl;
    struct timeline_entry *e;
    char seq[32], at[DATE_UTC_LEN + 1], hex[65] = "", size[64] = "";
    int32_t day;
    int secs;

    (void)err;
    date_split_instant(ev->at, &day, &secs);
    if (day > b->as_of)
        return 0;
    e = add(tl, day, "evidence", 21);
    snprintf(seq, sizeof(seq), "%lld", (long long)ev->seq);
    e->ref = cat(tl, seq, " ", ev->channel, "");
    date_utc_iso(ev->at, at);
    if (ev->file_name[0]) {
        for (int i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", ev->sha256[i]);
        snprintf(size, sizeof(size), ", %zu bytes, sha256 ", ev->file_len);
    }
    e->detail = cat(tl, cat(tl, ev->kind, " ", ev->ref, " at "), at,
                    ev->file_name[0] ? cat(tl, "; ", ev->file_name, size, hex)
                                     : "",
                    "");
    return 0;
}

static int
cmp_entry(const void *pa, const void *pb)
{
    const struct timeline_entry *a = pa, *b = pb;

    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->order != b->order)
        return a->order < b->order ? -1 : 1;
    return strcmp(a->ref, b->ref);
}

int
timeline_build(struct app *app, const char *customer_id,
               struct timeline *tl, struct dun_err *err)
{
    struct store *st = app->st;
    struct build b = { tl, app->as_of };
    struct customer c;
    int rc;

    memset(tl, 0, sizeof(*tl));
    rc = st->ops->customer_get(st, customer_id, &c, NULL, &tl->arena, err);
    if (rc == 0)
        return dun_err_set(err, DUN_E_NOTFOUND, "no customer '%s'",
                           customer_id);
    if (rc < 0 ||
        balances_invoices_scan(st, customer_id, 0, b.as_of, on_invoice, &b,
                               err) < 0 ||
        st->ops->payments_scan(st, customer_id, on_payment, &b, err) < 0 ||
        st->ops->events_scan(st, customer_id, on_event, &b, err) < 0 ||
        st->ops->message_events_scan(st, customer_id, 0, on_message_move, &b,
                                     err) < 0 ||
        st->ops->evidence_scan(st, customer_id, on_evidence, &b, err) < 0)
        return -1;
    sort_array(tl->entries, tl->n, sizeof(*tl->entries), cmp_entry);
    return 0;
}

void
timeline_release(struct timeline *tl)
{
    free(tl->entries);
    arena_release(&tl->arena);
    memset(tl, 0, sizeof(*tl));
}
