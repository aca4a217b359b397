/*
 * queue.h - work for people, most valuable first: calls the run planned
 * (the phone channel) and stages waiting for approval (hand-offs).
 */
#ifndef DUN_APP_QUEUE_H
#define DUN_APP_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"

struct queue_item {
    const char *customer_id, *customer_name;
    const char *what;   /* "approve" (a stage), "review" (an account
                           after the ladder, with its statement), "call",
                           or "write" (its latest message did not
                           arrive: failed or bounced) */
    const char *words;  /* what the person decides, where the code does
                           not say it all; or NULL */
    const char *stage;
    int32_t planned_on;
    int64_t owed;       /* minor units of the largest currency owed */
    char currency[4];
    const char *reason; /* why they do not pay, if known ("cash_flow") */
    const char *phone;  /* the customer's, "" if not known */
    /* Calls only (what "call"; else NULL, 0 and -1). Where the customer
     * is: a zone, or a set of zones ("US: all 29 zones"), as
     * send_clock_zone (app/sendtime.h) resolves it. */
    const char *timezone;
    int zone_set;              /* 1: timezone is a set of zones */
    int call_from, call_until; /* the policy's hours, minutes after local
                                  midnight: the calling hours in one zone */
    /* The calling hours of app->as_of as UTC instants: in a set, those
     * allowed in all its zones; after == before when none is. */
    int64_t call_after, call_before;
    /* The customer's local time at app->now, minutes after midnight: in
     * a set, from its westernmost zone's to its easternmost's (the first
     * may be the larger, across midnight); equal in one zone; -1 when
     * app->now is 0 (unknown). */
    int local_from, local_until;
};

struct queue {
    struct queue_item *items;
    size_t n, cap;
    struct arena arena;
};

/* Fill q, sorted by what is owed (descending), then oldest first. The
 * calling hours are those of the policy in force (outside its quiet
 * hours), in the customer's time zone or all the zones it may be in
 * (app/sendtime.h). -1 with err if the store fails, or a customer's zone
 * cannot be worked out (zone.tab unreadable, a zone missing from this
 * machine). */
int queue_build(struct app *app, struct queue *q, struct dun_err *err);
void queue_release(struct queue *q);

/* Give (given = 1) or refuse a customer's pending approvals on a day;
 * DUN_E_NOTFOUND if none is pending. */
int queue_decide(struct app *app, const char *customer_id, int given, struct dun_err *err);

#endif
