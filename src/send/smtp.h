/*
 * smtp.h - hand finished messages to an SMTP server (libcurl), and say
 * what the server answered.
 *
 * The transport only: no database, no rendering, no retry policy. The
 * caller brings an RFC 5322 message (as render/mime.h writes it) and the
 * envelope; smtp_send runs one mail transaction (MAIL FROM, RCPT TO for
 * each recipient, DATA) and fills a struct smtp_result with the server's
 * own reply, which the caller keeps as delivery evidence.
 *
 * Connection. smtp_open checks the configuration and connects to
 * nothing. The first smtp_send connects (STARTTLS, AUTH as configured);
 * later sends on the same session reuse that connection while it is
 * good. When libcurl closed it after a failure, or the server hung up
 * in between (an idle timeout, with or without a "421"), the next send
 * opens a new one. A session holds at most one connection; smtp_close
 * says QUIT on it.
 *
 * Secrets. The password goes to libcurl and nowhere else: it is not
 * kept in the session, not put into an error message or a result, and
 * libcurl's verbose output stays off. Credentials in the URL
 * (smtp://user:pw@host) are refused, so that the URL can be logged.
 * Only the server's replies are read back, never the commands sent.
 *
 * Thread-safety: a session is used by one thread at a time; sessions on
 * different threads are independent (libcurl >= 7.84 built thread-safe,
 * as Debian 12's is).
 */
#ifndef DUN_SEND_SMTP_H
#define DUN_SEND_SMTP_H

#include <stddef.h>

#include "core/err.h"

/* TLS on an smtp:// URL (an smtps:// URL is TLS from the first byte and
 * ignores this). The zero value is the safe one. */
enum smtp_starttls {
    SMTP_STARTTLS_REQUIRED = 0, /* STARTTLS or no session at all */
    SMTP_STARTTLS_OPTIONAL,     /* STARTTLS if the server offers it, else
                                   plain text, the password included */
    SMTP_STARTTLS_NEVER,        /* plain text (a local relay, tests) */
};

struct smtp_config {
    /* "smtp://host[:port][/ehlo-name]" or "smtps://...": port 25 or
     * 465 when none is given; the path, if any, is the name said in
     * EHLO (default: this machine's host name). */
    const char *url;
    enum smtp_starttls starttls;
    const char *user;     /* NULL or "": no AUTH */
    const char *password; /* with user; never logged or reported */
    const char *ca_file;  /* PEM CA bundle; NULL: the system's CAs */
    /* Limit for one message: connecting, TLS, AUTH and the whole
     * transaction (0: 60000). The server's certificate and host name
     * are always checked. */
    long timeout_ms;
};

enum smtp_outcome {
    /* The server took the message: 250 to the end of DATA. */
    SMTP_SENT = 0,
    /* Try again later: a 4xx reply to MAIL, RCPT or DATA, a connection
     * refused or lost, a timeout. */
    SMTP_TEMPORARY,
    /* The server refused this message: a 5xx reply to MAIL, RCPT or
     * DATA. Sending it again as it is will not help. */
    SMTP_PERMANENT,
    /* No transaction began because the session could not be set up as
     * configured: STARTTLS required but not offered or failed, the
     * certificate not trusted, AUTH refused (535), the greeting a
     * refusal (554). Nothing is known about this message; the next one
     * would fare the same, so the caller stops and tells the operator. */
    SMTP_SESSION,
};

#define SMTP_TEXT_MAX 512
#define SMTP_QUEUE_ID_MAX 128

struct smtp_result {
    enum smtp_outcome outcome;
    /* The reply code to the end of DATA (250 when sent), or the 4xx or
     * 5xx reply to the command that failed; 0 when no reply refused
     * anything (connection refused, timeout). */
    int code;
    /* That reply as the server wrote it, code included ("250 2.0.0 Ok:
     * queued as 4F2A1"), the lines of a multi-line reply joined by
     * '\n', bytes outside printable ASCII as '?', cut to fit; "" with
     * code 0. */
    char text[SMTP_TEXT_MAX];
    /* The server's id for the message when its reply names one
     * ("queued as 4F2A1" as Postfix says, "id=1rABCD-000123-45" as Exim
     * does), else "". */
    char queue_id[SMTP_QUEUE_ID_MAX];
    /* 1 when libcurl had the whole message but no final reply came
     * (the connection broke, or the time ran out waiting): the server
     * may have taken it, and sending it again may deliver it twice
     * (RFC 1047). */
    int uncertain;
};

struct smtp_session;

/* A session for cfg (the strings are copied: cfg may go after the
 * call); NULL with err (DUN_E_INPUT) if the URL is not smtp:// or
 * smtps://, carries credentials, or a password comes without a user;
 * DUN_E_INTERNAL if libcurl cannot start. Caller frees with
 * smtp_close. */
struct smtp_session *smtp_open(const struct smtp_config *cfg,
                               struct dun_err *err);

/* Say QUIT if connected and free the session. smtp_close(NULL) is a
 * no-op. */
void smtp_close(struct smtp_session *s);

/*
 * Send data[0..len) from the envelope sender `from` to the nrcpt
 * addresses in rcpt (the To address and, say, a Bcc archive address:
 * the envelope decides who gets it, not the headers). Every recipient
 * must be accepted, or the message is not sent.
 *
 * data is the whole message, headers and body, with CRLF line ends;
 * the SMTP dot-stuffing and the final "." are added here, and the
 * server receives exactly these bytes (a CRLF is added if data does
 * not end with one).
 *
 * Returns 0 when res->outcome is SMTP_SENT. Else -1 with err: DUN_E_IO
 * and res filled as above when the server or the network said no;
 * DUN_E_INPUT and res->outcome SMTP_PERMANENT (code 0) before anything
 * is sent when an address is not one bare addr-spec (contact.h), no
 * recipient is given, or data holds a NUL, a bare CR or LF, or a line
 * longer than 998 octets (RFC 5321 section 4.5.3.1.6). res is always
 * filled; err never holds the password.
 */
int smtp_send(struct smtp_session *s, const char *from, const char *const *rcpt,
              size_t nrcpt, const char *data, size_t len,
              struct smtp_result *res, struct dun_err *err);

/* The outcome's name: "sent", "temporary", "permanent", "session". */
const char *smtp_outcome_name(enum smtp_outcome o);

#endif
