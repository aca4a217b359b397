/*
 * outbox.h - the messages the runs rendered: list, read, export as files,
 * verify that each reproduces byte for byte.
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_OUTBOX_H
#define DUN_APP_OUTBOX_H

#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/err.h"
#include "core/model.h"
#include "render/template_set.h"

typedef int outbox_message_cb(void *ctx, const struct message *m,
                              struct dun_err *err);

/* Which messages: those in one state (status -1: any), dated on or after
 * since (DATE_INVALID: any), and always on or before the as-of date. */
struct outbox_filter {
    int status;    /* enum message_status, or -1 */
    int32_t since;
};

#define OUTBOX_ALL ((struct outbox_filter){ -1, DATE_INVALID })

/* The messages f lets through, oldest first, bodies and inputs left
 * NULL. */
int outbox_list(struct app *app, struct outbox_filter f,
                outbox_message_cb *cb, void *ctx, struct dun_err *err);

/* Message seq whole into *out (strings in a): -1 with DUN_E_NOTFOUND "no
 * message N" if there is none. */
int outbox_get(struct app *app, int64_t seq, struct message *out,
               struct arena *a, struct dun_err *err);

/* outbox_get, with the data as its templates saw it: the words its
 * template set keeps added (letters.h, letter_message_data). */
int outbox_show(struct app *app, int64_t seq, struct message *out,
                struct arena *a, struct dun_err *err);

/* Write the messages f lets through into dir (created if missing):
 * SEQ.eml for an e-mail (RFC 5322, plain text and HTML, from the
 * tenant's name and address, dated at the start of its send window),
 * SEQ-letter.txt for a letter; SEQ zero-padded to eight digits, so that
 * the files sort as the messages do. *written says how many files were
 * written, also on failure. */
int outbox_export(struct app *app, const char *dir, struct outbox_filter f,
                  int64_t *written, struct dun_err *err);

/* Mark messages seqs[0..n) as moved to status to by other means (an
 * e-mail sent from another program, a letter printed or posted) or
 * stopped (void), with the reason, at app->now by app->actor: all or
 * none. DUN_E_NOTFOUND for a message that is not there, DUN_E_INPUT for
 * one whose state does not allow the move ("message 3 is sent: it
 * cannot become void"). */
int outbox_mark(struct app *app, const int64_t *seqs, size_t n, int to,
                const char *reason, struct dun_err *err);

/* Every message f lets through (NULL: all), whole, oldest first, each
 * copied out of the store before fn sees it (fn may call the store). */
int outbox_each(struct app *app, const struct outbox_filter *f,
                int (*fn)(void *ctx, const struct message *m,
                          struct dun_err *err),
                void *ctx, struct dun_err *err);

/* The template sets messages were rendered with, parsed once each. */
struct outbox_sets {
    struct {
        int64_t id;
        struct template_set *set;
    } *v;
    size_t n, cap;
};

/* Set id (a message's template_set) from the store, parsed on first use;
 * NULL with err if it is missing or damaged. Owned by c. */
struct template_set *outbox_set(struct app *app, struct outbox_sets *c,
                                int64_t id, struct dun_err *err);
void outbox_sets_release(struct outbox_sets *c);

struct outbox_check {
    int64_t checked, mismatched;
};

/*
 * Render every message in the outbox again, from the data saved with it
 * and the template set it was rendered with (messages from before sets
 * were kept: today's default templates), and compare the bytes of its
 * subject and bodies. mismatch(ctx, seq) is called for each message that
 * differs. -1 only if something could not be read or rendered.
 */
int outbox_verify(struct app *app, void (*mismatch)(void *ctx, int64_t seq),
                  void *ctx, struct outbox_check *out, struct dun_err *err);

#endif
