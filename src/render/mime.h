/*
 * mime.h - an RFC 5322 / MIME e-mail (multipart/alternative: plain text
 * and HTML) that a mail client opens, as the outbox exports it.
 */
#ifndef DUN_RENDER_MIME_H
#define DUN_RENDER_MIME_H

#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"

struct mime_message {
    const char *from_name, *from_addr;
    const char *to_name, *to_addr;
    const char *subject;   /* UTF-8; encoded per RFC 2047 when needed */
    int32_t date;          /* day number; sent at 09:00 UTC, unless */
    int64_t at;            /* not 0: the instant, seconds since 1970 */
    const char *message_id; /* without angle brackets */
    const char *text, *html; /* html may be "" */
};

/* Append the message, CRLF line ends, to out; -1 with err (naming the
 * header) when an address is not one bare addr-spec or the message id
 * could carry a header of its own: no value can inject a header. */
int mime_email(const struct mime_message *m, struct sbuf *out,
               struct dun_err *err);

#endif
