/*
 * outbox.h - checks on the messages the runs rendered.
 */
#ifndef DUN_APP_OUTBOX_H
#define DUN_APP_OUTBOX_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

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
int outbox_verify(struct store *st, void (*mismatch)(void *ctx, int64_t seq),
                  void *ctx, struct outbox_check *out, struct dun_err *err);

#endif
