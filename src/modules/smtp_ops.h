/*
 * smtp_ops.h - what the dun-smtp module gives the executable: the
 * functions of send/smtp.h, by address (loader.h says why).
 */
#ifndef DUN_MODULES_SMTP_OPS_H
#define DUN_MODULES_SMTP_OPS_H

#include "modules/loader.h"
#include "send/smtp.h"

struct smtp_ops {
    struct module_head head; /* MODULE_ENTRY_ABI, sizeof(struct smtp_ops) */
    struct smtp_session *(*open)(const struct smtp_config *cfg,
                                 struct dun_err *err);
    void (*close)(struct smtp_session *s);
    int (*send)(struct smtp_session *s, const char *from,
                const char *const *rcpt, size_t nrcpt, const char *data,
                size_t len, struct smtp_result *res, struct dun_err *err);
};

/* The module's entry point. */
const void *dun_smtp_module(void);

#endif
