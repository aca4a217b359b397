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
#include "core/err.h"
#include "core/model.h"

typedef int outbox_message_cb(void *ctx, const struct message *m,
                              struct dun_err *err);

/* Every message dated on or before the as-of date, oldest first, bodies
 * and inputs left NULL. */
int outbox_list(struct app *app, outbox_message_cb *cb, void *ctx,
                struct dun_err *err);

/* Message seq whole into *out (strings in a): -1 with DUN_E_NOTFOUND "no
 * message N" if there is none. */
int outbox_get(struct app *app, int64_t seq, struct message *out,
               struct arena *a, struct dun_err *err);

/* Write every message dated on or before the as-of date into dir
 * (created if missing): SEQ.eml for an
 * e-mail (RFC 5322, plain text and HTML, from the tenant's name and
 * address, dated at the start of its send window), SEQ-letter.txt for a
 * letter. *written says how many files were written, also on failure. */
int outbox_export(struct app *app, const char *dir, int64_t *written,
                  struct dun_err *err);

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
