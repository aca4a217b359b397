/*
 * err.c - error records. Pure: formats into the caller's buffer.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

int
dun_err_set(struct dun_err *err, enum dun_errc code, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return -1;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

int
dun_err_prefix(struct dun_err *err, const char *fmt, ...)
{
    char old[DUN_ERR_MSG_MAX], prefix[DUN_ERR_MSG_MAX];
    va_list ap;

    if (err == NULL)
        return -1;
    memcpy(old, err->msg, sizeof(old));
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    /* prefix ": " old, cut to fit (by hand: snprintf of two buffers as
     * large as the result draws -Wformat-truncation). */
    {
        size_t max = sizeof(err->msg) - 1, n = strlen(prefix), m;

        if (n > max)
            n = max;
        memcpy(err->msg, prefix, n);
        for (const char *sep = ": "; *sep && n < max; sep++)
            err->msg[n++] = *sep;
        m = strlen(old);
        if (m > max - n)
            m = max - n;
        memcpy(err->msg + n, old, m);
        err->msg[n + m] = '\0';
    }
    return -1;
}

void
dun_err_clear(struct dun_err *err)
{
    if (err == NULL)
        return;
    err->code = DUN_E_OK;
    err->msg[0] = '\0';
}

const char *
errstr(int errnum, char *buf, size_t size)
{
    /* The XSI strerror_r fills buf; on failure fall back to the number. */
    if (strerror_r(errnum, buf, size) != 0)
        snprintf(buf, size, "error %d", errnum);
    return buf;
}
