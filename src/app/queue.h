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
    const char *what;   /* "approve" or "call" */
    const char *stage;
    int32_t planned_on;
    int64_t owed;       /* minor units of the largest currency owed */
    char currency[4];
    const char *reason; /* why they do not pay, if known ("cash_flow") */
    const char *timezone;  /* the customer's, for the calling hours */
    int call_from, call_until; /* minutes after local midnight */
};

struct queue {
    struct queue_item *items;
    size_t n, cap;
    struct arena arena;
};

/* Fill q, sorted by what is owed (descending), then oldest first. The
 * calling hours are those of the policy in force (outside its quiet
 * hours), in the customer's time zone (app/sendtime.h). */
int queue_build(struct app *app, struct queue *q, struct dun_err *err);
void queue_release(struct queue *q);

/* Give (given = 1) or refuse a customer's pending approvals on a day;
 * DUN_E_NOTFOUND if none is pending. */
int queue_decide(struct app *app, const char *customer_id, int given, struct dun_err *err);

#endif
