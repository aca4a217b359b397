/*
 * smtp_entry.c - the dun-smtp module's entry point (loader.h).
 */
#include "modules/loader.h"
#include "modules/smtp_ops.h"

const void *
dun_smtp_module(void)
{
    static const struct smtp_ops ops = {
        { MODULE_ENTRY_ABI, sizeof(struct smtp_ops) },
        smtp_open, smtp_close, smtp_send,
    };

    return &ops;
}
