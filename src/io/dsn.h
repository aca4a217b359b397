/*
 * dsn.h - delivery status notifications (RFC 3464, and RFC 6533's
 * message/global-delivery-status) read from one e-mail message: is it a
 * bounce, for which recipients, with what status, and which message of
 * ours did it return.
 *
 * Pure: no I/O, no clock, no global state; the caller reads the message
 * (io/mailsource.c does). Every length and offset is checked against the
 * buffer, and the limits below bound the work and memory a hostile
 * message can ask for, so bad input is an error or an ordinary message,
 * never a crash, a read outside the buffer or a deep recursion. Any
 * number of threads may parse at once, each with its own arena.
 */
#ifndef DUN_IO_DSN_H
#define DUN_IO_DSN_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

/* Bigger messages are refused. Bounces that return a whole message with
 * a PDF are a few MB; mail servers refuse far less than this. */
#define DSN_MAX_SIZE (64u << 20)
/* Multiparts inside multiparts, counting the outermost as one (a bounce
 * from Exchange has two). Deeper messages are refused. */
#define DSN_MAX_DEPTH 8
/* MIME parts in one message, all levels together; more are refused. */
#define DSN_MAX_PARTS 256
/* Recipients kept from one report; further ones are only counted. */
#define DSN_MAX_RECIPIENTS 32

/*
 * One per-recipient block of the report (RFC 3464 section 2.3). Strings
 * are never NULL ("" when absent or unreadable), NUL-terminated, and
 * hold no control characters. Free text (diagnostic, reporting_mta) is
 * unfolded, with each run of white space made one space and none at
 * either end.
 */
struct dsn_recipient {
    /* The address of Final-Recipient ("rfc822; <Bob@Example.COM>" gives
     * "Bob@example.com": angle brackets and comments dropped, the domain
     * in lower case; RFC 6533's utf-8 type has its \x{HHHH} characters
     * decoded), or of Original-Recipient when there is no Final-Recipient
     * address. */
    const char *final_recipient;
    /* The address of Original-Recipient, likewise, or "": the address we
     * sent to when the receiving system forwarded or rewrote it. */
    const char *original_recipient;
    /* "failed", "delayed", "delivered", "relayed" or "expanded" (the
     * first word of Action in lower case), or "" for anything else. */
    const char *action;
    /* The status code "5.1.1" (class 2, 4 or 5, then one to three digits
     * twice: RFC 3463), without any comment after it, or "". */
    const char *status;
    /* The text of Diagnostic-Code after its type ("smtp;"), or "". */
    const char *diagnostic;
};

struct dsn {
    /* 1: the message holds a multipart/report whose report-type is
     * delivery-status or global-delivery-status (or that names none but
     * has a delivery-status part), with its message/delivery-status or
     * message/global-delivery-status part. 0: an ordinary message (an
     * auto-reply, a read receipt, a bounce in prose only), and all other
     * fields are "" and 0. */
    int is_dsn;
    /* The Message-ID of the returned message (the report's
     * message/rfc822, text/rfc822-headers, message/global or
     * message/global-headers part), without angle brackets and any
     * white space folded into it, or "": never holds white space, '<'
     * or '>'. */
    const char *original_message_id;
    /* Original-Envelope-Id as the reporting system wrote it (decoded
     * from xtext, as MTAs write it), or "". */
    const char *original_envelope_id;
    /* The name in Reporting-MTA after its type ("dns;"), or "". */
    const char *reporting_mta;
    struct dsn_recipient rcpt[DSN_MAX_RECIPIENTS];
    size_t nrcpt;         /* 0..DSN_MAX_RECIPIENTS; >= 1 when is_dsn */
    size_t nrcpt_dropped; /* recipient blocks past DSN_MAX_RECIPIENTS */
};

/*
 * Read the message msg[0..len) (the header, a blank line, the body;
 * lines ending in LF or CRLF; msg need not be NUL-terminated) and say in
 * *out whether it is a delivery status notification and what it reports.
 *
 * The report is the first multipart/report found, depth first, in the
 * message itself or in multipart parts around it (RFC 6522 no longer
 * requires it to be the top level; a list server may wrap it), never
 * inside an attached message. Its delivery-status part is the first
 * such part directly in it, the returned message the first part of a
 * returned-message type. In the delivery-status body (section 2.1), each
 * group of fields up to a blank line (or one of white space only) that
 * has Final-Recipient or Original-Recipient is a recipient; any other
 * group gives the per-message fields (the first one that has them). A
 * field that occurs twice in a group counts the first time. Parts in
 * base64 or quoted-printable are decoded.
 *
 * Read as far as it goes, for real bounces bend the rules: a multipart
 * whose close delimiter is missing (a truncated message) ends where its
 * enclosing part does; header lines that are not fields are skipped; an
 * unknown Action or a malformed Status gives "", as does a missing
 * returned message.
 *
 * Returns 0 and fills *out, with its strings in arena a, or -1 with
 * DUN_E_INPUT and the reason in err ("multipart nested deeper than 8
 * levels"), *out untouched, when the message cannot be told apart from
 * garbage or claims to be a report it does not hold: more than
 * DSN_MAX_SIZE bytes; empty, or a first line that is not a header
 * field; multiparts nested deeper than DSN_MAX_DEPTH or more than
 * DSN_MAX_PARTS parts on the way to the report; a delivery-status
 * multipart/report without a boundary or without its delivery-status
 * part; a delivery-status part without a recipient. What the arena
 * holds stays there either way, until the caller resets it.
 */
int dsn_parse(const char *msg, size_t len, struct dsn *out, struct arena *a,
              struct dun_err *err);

#endif
