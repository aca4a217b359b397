/*
 * app.h - the context every use case runs in: the one door to dun.
 *
 * The command line (and later the web server) opens an app, fills in who
 * acts and the as-of date, calls one use case in src/app and renders what
 * it returns. Use cases print nothing and know no output format; they take
 * plain inputs and return plain result structs or stream them to a
 * callback. Only src/app reaches the store.
 *
 * Not thread-safe: one app per thread (the store it holds is not).
 */
#ifndef DUN_APP_APP_H
#define DUN_APP_APP_H

#include <stdint.h>

#include "core/err.h"

struct store;

#define APP_TENANT_DEFAULT "default"

struct app {
    struct store *st;   /* open between app_open and app_close */
    const char *db;     /* the database's path, as app_open was given it */
    const char *tenant; /* whose data: "default" today */
    const char *actor;  /* who acts, for the record: "cli" */
    int32_t as_of;      /* the day the use case runs as of (day number) */
    /* The machine's clock as the caller read it when the command began;
     * 0 when unknown. Never an input to a decision: today only refuses a
     * real run dated far ahead of it, now only shows a customer's local
     * time. */
    int32_t today;      /* the machine's local date (day number) */
    int64_t now;        /* seconds since 1970, UTC */
};

/*
 * Open the database at db (a file path) for app->tenant, creating it when
 * create is set. app->tenant, actor and as_of are the caller's; set them
 * before or after. -1 with err when the database cannot be opened.
 */
int app_open(struct app *app, const char *db, int create,
             struct dun_err *err);

/* Close the store; safe on an app that never opened. */
void app_close(struct app *app);

struct app_version {
    const char *dun;            /* "0.1.0" */
    const char *engine;         /* "SQLite" */
    const char *engine_version; /* of the library loaded: "3.40.1" */
};

/* What this build of dun is and runs on (static strings). */
void app_version(struct app_version *out);

#endif
