/*
 * smtp_shim.c - send/smtp.h in the dun executable: each function
 * forwards to the dun-smtp module, loaded by the first session
 * (loader.h says why).
 */
#include "modules/smtp_ops.h"

static const struct smtp_ops *
ops(struct dun_err *err)
{
    return module_table("dun-smtp", "dun_smtp_module",
                        sizeof(struct smtp_ops), err);
}

struct smtp_session *
smtp_open(const struct smtp_config *cfg, struct dun_err *err)
{
    const struct smtp_ops *o = ops(err);

    return o ? o->open(cfg, err) : NULL;
}

void
smtp_close(struct smtp_session *s)
{
    /* Only the module makes sessions. */
    if (s)
        ops(NULL)->close(s);
}

int
smtp_send(struct smtp_session *s, const char *from, const char *const *rcpt,
          size_t nrcpt, const char *data, size_t len,
          struct smtp_result *res, struct dun_err *err)
{
    return ops(NULL)->send(s, from, rcpt, nrcpt, data, len, res, err);
}
