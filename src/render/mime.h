/*
 * mime.h - an RFC 5322 / MIME e-mail that a mail client opens, as the
 * outbox exports it and the sender sends it: plain text and HTML as
 * multipart/alternative and, when the message carries files (a stage's
 * letter as PDF), the lot inside multipart/mixed.
 *
 * Pure: no I/O, no clock; the date is a field of the message.
 */
#ifndef DUN_RENDER_MIME_H
#define DUN_RENDER_MIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"

/* A file carried by the message, sent as base64 in 76-character lines. */
struct mime_attachment {
    const char *filename;     /* UTF-8, may be NULL or "": none given;
                               * RFC 2231-encoded when not plain ASCII */
    const char *content_type; /* "application/pdf"; NULL: octet-stream */
    const void *data;         /* len bytes, any values */
    size_t len;
};

/*
 * A message. Strings are borrowed for the call only. The fields after
 * the first block are optional: NULL, "" or 0 leave them out, and a
 * message that uses none of them comes out exactly as before they
 * existed.
 *
 * Message ids (message_id, in_reply_to, references) are given without
 * angle brackets and must each be one printable ASCII id of at most 900
 * bytes: no space, '<' or '>', so that none can close the header or
 * carry a second id. mime_message_id() makes a stable one.
 *
 * There is no Bcc header, by design: a blind copy is an envelope
 * recipient (SMTP RCPT TO) only, since a Bcc header would tell every
 * recipient who else was told. bcc_addr is checked like the other
 * addresses, so that the caller may hand it to the envelope, and then
 * never written.
 */
struct mime_message {
    const char *from_name, *from_addr;
    const char *to_name, *to_addr;
    const char *subject;   /* UTF-8; encoded per RFC 2047 when needed */
    int32_t date;          /* day number; sent at 09:00 UTC, unless */
    int64_t at;            /* not 0: the instant, seconds since 1970 */
    const char *message_id; /* without angle brackets */
    const char *text, *html; /* UTF-8, LF or CRLF lines; html may be "" */

    /* Optional. */
    const char *reply_to_name, *reply_to_addr; /* Reply-To: if addr set */
    const char *bcc_addr;    /* checked, never written: see above */
    /* Threading (RFC 5322 3.6.4): the id this message answers, and the
     * conversation's ids, oldest first, so that the debtor's client
     * shows one thread per customer. Callers keep references short (the
     * first and the last few ids, as the RFC allows). */
    const char *in_reply_to;
    const char *const *references;
    size_t n_references;
    /* Files: with any, the message is multipart/mixed. */
    const struct mime_attachment *attachments;
    size_t n_attachments;
};

/* Message ids mime_message_id() writes fit in this many bytes, NUL
 * included, for a token of at most MIME_TOKEN_MAX bytes. */
#define MIME_TOKEN_MAX 64
#define MIME_ID_SIZE (4 + 20 + 1 + MIME_TOKEN_MAX + 1 + 254 + 1)

/*
 * Append the message to out, CRLF line ends, no line over 998 octets
 * (headers folded to 78 where they can be, bodies quoted-printable or
 * base64 in lines of at most 76). Returns 0, or -1 with err when a value
 * cannot go into a header: an address that is not one bare addr-spec, a
 * message id that could carry a header or a second id, a file's type
 * that is not one type/subtype or its name not UTF-8 text of at most 255
 * bytes without control characters (err names the field); or when out's
 * cap is reached. No value can inject a header. On failure out is as it
 * was.
 *
 * MIME boundaries are fixed strings beginning "=_", which neither
 * encoding can produce (a quoted-printable '=' is followed by hex digits
 * or a line end, and '=' and '_' are not base64 text), so no content can
 * end a part early. Thread-safe: uses only its arguments.
 */
int mime_email(const struct mime_message *m, struct sbuf *out,
               struct dun_err *err);

/*
 * A stable Message-ID, without angle brackets, into out (size n; at most
 * MIME_ID_SIZE needed): "dun.<seq>.<token>@<domain of from_addr>". The
 * same outbox message always gets the same id, so a message sent again
 * after a crash is recognised as the same message by the receiving side.
 * token names the tenant stably (letters, digits, '-' and '_', 1 to
 * MIME_TOKEN_MAX bytes), keeping two tenants' ids on one domain apart.
 * Returns 0, or -1 with err (out unchanged) when from_addr is not an
 * address mime_email() accepts, token has another character or the id
 * does not fit.
 */
int mime_message_id(char *out, size_t n, int64_t seq, const char *token,
                    const char *from_addr, struct dun_err *err);

#endif
