#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "io/dsn.h"
#include "io/mailsource.h"
#include "io/textfile.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The messages under tests/data/dsn/ are built by hand to RFC 3464 (the
 * report), RFC 6522 (multipart/report), RFC 6533 (the global variant),
 * RFC 2045/2046 (MIME) and RFC 5322, in the shapes Postfix, Sendmail and
 * Exchange Online write; the domains are RFC 2606 examples.
 */

/* ---- helpers ---------------------------------------------------------- */

static char *
fixture(const char *name, size_t *len)
{
    const char *root = getenv("DUN_SOURCE_ROOT");
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf path = SBUF_INIT, sb = SBUF_INIT;
    char *data;

    if (root == NULL)
        fail_msg("DUN_SOURCE_ROOT is not set");
    sbuf_addf(&path, "%s/tests/data/dsn/%s", root, name);
    if (textfile_read(path.buf, (size_t)1 << 24, &sb, &err) < 0)
        fail_msg("%s", err.msg);
    sbuf_release(&path);
    data = sbuf_detach(&sb, len);
    return data;
}

static char *
fixture_path(const char *name)
{
    const char *root = getenv("DUN_SOURCE_ROOT");
    struct sbuf path = SBUF_INIT;

    if (root == NULL)
        fail_msg("DUN_SOURCE_ROOT is not set");
    sbuf_addf(&path, "%s/tests/data/dsn/%s", root, name);
    return sbuf_detach(&path, NULL);
}

/* Parse a fixture that must parse; d's strings live in a. */
static void
parse_fixture(const char *name, struct dsn *d, struct arena *a)
{
    struct dun_err err = DUN_ERR_INIT;
    size_t len;
    char *msg = fixture(name, &len);

    if (dsn_parse(msg, len, d, a, &err) < 0)
        fail_msg("%s: %s", name, err.msg);
    /* The strings are copies: the message may go. */
    free(msg);
}

struct want_rcpt {
    const char *final, *original, *action, *status, *diagnostic;
};

static void
assert_rcpt(const struct dsn_recipient *r, const struct want_rcpt *w)
{
    assert_string_equal(r->final_recipient, w->final);
    assert_string_equal(r->original_recipient, w->original);
    assert_string_equal(r->action, w->action);
    assert_string_equal(r->status, w->status);
    assert_string_equal(r->diagnostic, w->diagnostic);
}

static void
assert_not_dsn(const struct dsn *d)
{
    assert_int_equal(d->is_dsn, 0);
    assert_string_equal(d->original_message_id, "");
    assert_string_equal(d->original_envelope_id, "");
    assert_string_equal(d->reporting_mta, "");
    assert_int_equal(d->nrcpt, 0);
    assert_int_equal(d->nrcpt_dropped, 0);
}

/* A delivery-status report around the recipient block rcpt, with the
 * Content-Type header ctype and the boundary b, into sb. */
static void
build_report(struct sbuf *sb, const char *ctype, const char *b,
             const char *rcpt)
{
    sbuf_reset(sb);
    sbuf_addf(sb,
              "From: MAILER-DAEMON@mx.example\n"
              "Subject: Undelivered Mail Returned to Sender\n"
              "MIME-Version: 1.0\n"
              "%s\n"
              "\n"
              "--%s\n"
              "Content-Type: text/plain\n"
              "\n"
              "Undeliverable.\n"
              "\n"
              "--%s\n"
              "Content-Type: message/delivery-status\n"
              "\n"
              "Reporting-MTA: dns; mx.example\n"
              "\n"
              "%s\n"
              "--%s--\n",
              ctype, b, b, rcpt, b);
}

/* Parse a report holding the one recipient block rcpt. */
static void
parse_rcpt(const char *rcpt, struct dsn *d, struct arena *a)
{
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf sb = SBUF_INIT;

    build_report(&sb,
                 "Content-Type: multipart/report; "
                 "report-type=delivery-status; boundary=\"b\"",
                 "b", rcpt);
    if (dsn_parse(sb.buf, sb.len, d, a, &err) < 0)
        fail_msg("%s: %s", rcpt, err.msg);
    assert_int_equal(d->is_dsn, 1);
    assert_int_equal(d->nrcpt, 1);
    sbuf_release(&sb);
}

/* dsn_parse must refuse msg with exactly want, leaving *out alone. */
static void
assert_refused(const char *what, const char *msg, size_t len, const char *want)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct dsn d;

    memset(&d, 0, sizeof(d));
    d.is_dsn = 7;
    if (dsn_parse(msg, len, &d, &a, &err) == 0)
        fail_msg("%s: accepted", what);
    assert_int_equal(err.code, DUN_E_INPUT);
    if (strcmp(err.msg, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", what, err.msg, want);
    assert_int_equal(d.is_dsn, 7);
    arena_release(&a);
}

/* ---- real shapes ------------------------------------------------------ */

/* RFC 3464 appendix: a permanent failure as Postfix reports it, the
 * whole message returned as message/rfc822. The bounce's own Message-Id
 * is not the one returned. */
static void
test_postfix_permanent_failure(void **state)
{
    static const struct want_rcpt want = {
        "nobody@test-customer.example",
        "nobody@test-customer.example",
        "failed",
        "5.1.1",
        "550 5.1.1 <nobody@test-customer.example>: Recipient address "
        "rejected: User unknown in virtual mailbox table",
    };
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_fixture("postfix_failed.eml", &d, &a);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.original_message_id,
                        "dun.12.a1b2c3d4e5f60718@test-trading.example");
    assert_string_equal(d.original_envelope_id, "");
    assert_string_equal(d.reporting_mta, "mx.test-trading.example");
    assert_int_equal(d.nrcpt, 1);
    assert_int_equal(d.nrcpt_dropped, 0);
    assert_rcpt(&d.rcpt[0], &want);
    arena_release(&a);
}

/* A warning, not a failure (RFC 3464 2.3.3 "delayed", RFC 3463 4.4.1),
 * returning only the headers (text/rfc822-headers), with an envelope id
 * (2.2.1) and a folded Diagnostic-Code. */
static void
test_delayed_with_headers_only(void **state)
{
    static const struct want_rcpt want = {
        "ap@slow-customer.example",
        "ap@slow-customer.example",
        "delayed",
        "4.4.1",
        "connect to mx.slow-customer.example[198.51.100.7]:25: Connection "
        "timed out",
    };
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_fixture("delayed.eml", &d, &a);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.original_message_id,
                        "dun.13.0f1e2d3c4b5a6978@test-trading.example");
    assert_string_equal(d.original_envelope_id, "dun-13");
    assert_string_equal(d.reporting_mta, "mx.test-trading.example");
    assert_int_equal(d.nrcpt, 1);
    assert_rcpt(&d.rcpt[0], &want);
    arena_release(&a);
}

/* Sendmail's shape: a first part with no header (text/plain by RFC 2045
 * 5.2), two recipient blocks, upper-case address types, a comment after
 * the status and the address, a Message-ID folded onto its own line. */
static void
test_two_recipients(void **state)
{
    static const struct want_rcpt want[] = {
        { "full@customer-one.example", "", "failed", "5.2.2",
          "552 5.2.2 Mailbox full" },
        /* RFC 5321 2.4: the local part's case is kept, the domain's not. */
        { "Accounts@customer-two.example", "info@customer-two.example",
          "failed", "5.1.2", "" },
    };
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_fixture("two_recipients.eml", &d, &a);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.original_message_id,
                        "dun.14.1122334455667788@test-trading.example");
    assert_string_equal(d.reporting_mta, "mail.test-trading.example");
    assert_int_equal(d.nrcpt, 2);
    assert_rcpt(&d.rcpt[0], &want[0]);
    assert_rcpt(&d.rcpt[1], &want[1]);
    assert_string_equal(d.rcpt[2].final_recipient, "");
    arena_release(&a);
}

/* Exchange Online's shape, CRLF throughout: the notice as a nested
 * multipart/alternative in quoted-printable, "dns;" without a space, a
 * ';' inside the diagnostic text, a five-character status. */
static void
test_exchange_crlf(void **state)
{
    static const struct want_rcpt want = {
        "ap@customer-three.example",
        "",
        "failed",
        "5.1.10",
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by "
        "SMTP address lookup",
    };
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_fixture("exchange_crlf.eml", &d, &a);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.original_message_id,
                        "dun.15.99aabbccddeeff00@test-trading.example");
    assert_string_equal(d.reporting_mta,
                        "AM0PR01MB1234.eurprd01.prod.customer-three.example");
    assert_int_equal(d.nrcpt, 1);
    assert_rcpt(&d.rcpt[0], &want);
    arena_release(&a);
}

/* RFC 6533: message/global-delivery-status, here in base64 (6.3 allows
 * it), utf-8 addresses raw and as \x{HHHH}, message/global-headers. */
static void
test_global_in_base64(void **state)
{
    static const struct want_rcpt want = {
        "j\xc3\xb6rg.m\xc3\xbcller@m\xc3\xbcller.example",
        "j\xc3\xb6rg@m\xc3\xbcller.example",
        "failed",
        "5.1.1",
        "550 5.1.1 Unbekannter Empf\xc3\xa4nger",
    };
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_fixture("global_base64.eml", &d, &a);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.original_message_id,
                        "dun.20.5a5a5a5a5a5a5a5a@test-trading.example");
    assert_string_equal(d.reporting_mta, "mx.test-trading.example");
    assert_int_equal(d.nrcpt, 1);
    assert_rcpt(&d.rcpt[0], &want);
    arena_release(&a);
}

/* RFC 6522 lifted RFC 3462's top-level rule: a report inside
 * multipart/mixed (a list server's footer) is still found. */
static void
test_report_wrapped_in_mixed(void **state)
{
    static const struct want_rcpt want = {
        "gone@customer-six.example", "", "failed", "5.1.1",
        "550 5.1.1 No such user",
    };
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_fixture("wrapped.eml", &d, &a);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.original_message_id,
                        "dun.21.2121212121212121@test-trading.example");
    assert_int_equal(d.nrcpt, 1);
    assert_rcpt(&d.rcpt[0], &want);
    arena_release(&a);
}

/* An auto-reply quoting DSN fields in its text, and a read receipt
 * (multipart/report of another report-type, RFC 8098): not bounces. */
static void
test_ordinary_messages_are_not_dsns(void **state)
{
    static const char *const names[] = { "ordinary_autoreply.eml",
                                         "read_receipt.eml" };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(names); i++) {
        struct arena a = ARENA_INIT;
        struct dsn d;

        parse_fixture(names[i], &d, &a);
        assert_not_dsn(&d);
        arena_release(&a);
    }
}

/* Best effort: a bounce cut off inside the returned message (no close
 * delimiter, RFC 2046 5.1.1 notwithstanding) still reads in full. */
static void
test_truncated_bounce_reads_what_is_there(void **state)
{
    static const struct want_rcpt want = {
        "nobody@test-customer.example",
        "nobody@test-customer.example",
        "failed",
        "5.1.1",
        "550 5.1.1 <nobody@test-customer.example>: Recipient address "
        "rejected: User unknown in virtual mailbox table",
    };
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_fixture("truncated.eml", &d, &a);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.original_message_id,
                        "dun.18.a1b2c3d4e5f60719@test-trading.example");
    assert_int_equal(d.nrcpt, 1);
    assert_rcpt(&d.rcpt[0], &want);
    arena_release(&a);
}

/* Claims it cannot keep, and things that are no message, are errors. */
static void
test_malformed_refused(void **state)
{
    static const struct {
        const char *file, *want;
    } cases[] = {
        { "no_status_part.eml",
          "delivery-status report without a message/delivery-status part" },
        { "no_boundary.eml", "multipart/report without a boundary" },
        { "no_recipient.eml", "delivery-status part without a recipient" },
        { "not_a_message.eml",
          "not a message: the first line is no header field" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        size_t len;
        char *msg = fixture(cases[i].file, &len);

        assert_refused(cases[i].file, msg, len, cases[i].want);
        free(msg);
    }
    assert_refused("empty", "", 0, "empty message");
    assert_refused("continuation first", " folded: x\n\nbody\n",
                   strlen(" folded: x\n\nbody\n"),
                   "not a message: the first line is no header field");
}

/* ---- fields ----------------------------------------------------------- */

/* RFC 3464 2.3.2: "address-type ; generic-address"; what the importer
 * matches against must be the bare address. */
static void
test_recipient_address_forms(void **state)
{
    static const struct {
        const char *field, *want;
    } cases[] = {
        { "rfc822; bob@example.com", "bob@example.com" },
        { "rfc822;<Bob@Example.COM>", "Bob@example.com" },
        { "RFC822; bob@example.com (Bob Smith)", "bob@example.com" },
        { "rfc822; bob(home)@example.com", "bob@example.com" },
        { "bob@EXAMPLE.com", "bob@example.com" },
        { "rfc822; \"bob smith\"@Example.com", "\"bob smith\"@example.com" },
        { "rfc822; \"a(b)\"@example.com", "\"a(b)\"@example.com" },
        { "rfc822;\n bob@example.com", "bob@example.com" },
        { "rfc822;\r\n\tbob@example.com  ", "bob@example.com" },
        /* RFC 6533 3: utf-8 addresses, raw or as embedded-unicode-char. */
        { "utf-8; \\x{2B}bob@example.com", "+bob@example.com" },
        { "UTF-8; \\x{1F600}@example.com", "\xf0\x9f\x98\x80@example.com" },
        { "utf-8; a\\x{0A}b@example.com", "a\\x{0A}b@example.com" },
        { "utf-8; a\\x{D800}b@example.com", "a\\x{D800}b@example.com" },
        { "utf-8; a\\x{0041", "a\\x{0041" },
        { "rfc822; a\\x{00FC}@Example.com", "a\\x{00FC}@example.com" },
        { "x400; /C=DE/ADMD= /PRMD=Test/S=Smith/",
          "/C=DE/ADMD= /PRMD=Test/S=Smith/" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct arena a = ARENA_INIT;
        struct sbuf block = SBUF_INIT;
        struct dsn d;

        sbuf_addf(&block,
                  "Final-Recipient: %s\nAction: failed\n"
                  "Status: 5.1.1\n",
                  cases[i].field);
        parse_rcpt(block.buf, &d, &a);
        if (strcmp(d.rcpt[0].final_recipient, cases[i].want) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].field,
                     d.rcpt[0].final_recipient, cases[i].want);
        sbuf_release(&block);
        arena_release(&a);
    }
}

/* Without a Final-Recipient address, Original-Recipient stands in. */
static void
test_original_recipient_stands_in(void **state)
{
    struct arena a = ARENA_INIT;
    struct dsn d;

    (void)state;
    parse_rcpt("Original-Recipient: rfc822; Ap@Customer.example\n"
               "Action: failed\nStatus: 5.0.0\n",
               &d, &a);
    assert_string_equal(d.rcpt[0].final_recipient, "Ap@customer.example");
    assert_string_equal(d.rcpt[0].original_recipient, "Ap@customer.example");
    parse_rcpt("Final-Recipient: rfc822; \nOriginal-Recipient: rfc822; "
               "ap@customer.example\nAction: failed\nStatus: 5.0.0\n",
               &d, &a);
    assert_string_equal(d.rcpt[0].final_recipient, "ap@customer.example");
    arena_release(&a);
}

/* RFC 3464 2.3.4 and RFC 3463 2: class 2, 4 or 5, then 1-3 digits twice;
 * a comment may follow, nothing else may. */
static void
test_status_codes(void **state)
{
    static const struct {
        const char *field, *want;
    } cases[] = {
        { "5.1.1", "5.1.1" },
        { "4.4.7 (delivery time expired)", "4.4.7" },
        { "5.1.10", "5.1.10" },
        { "2.0.0", "2.0.0" },
        { "5.123.456", "5.123.456" },
        { "\n 5.7.1", "5.7.1" },
        { "3.1.1", "" },
        { "5.1", "" },
        { "5.1.", "" },
        { "5.1.1234", "" },
        { "5.1000.1", "" },
        { "5.1.1.", "" },
        { "5..1", "" },
        { "x.1.1", "" },
        { "55.1.1", "" },
        { "", "" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct arena a = ARENA_INIT;
        struct sbuf block = SBUF_INIT;
        struct dsn d;

        sbuf_addf(&block,
                  "Final-Recipient: rfc822; a@example.com\n"
                  "Action: failed\nStatus: %s\n",
                  cases[i].field);
        parse_rcpt(block.buf, &d, &a);
        if (strcmp(d.rcpt[0].status, cases[i].want) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].field,
                     d.rcpt[0].status, cases[i].want);
        sbuf_release(&block);
        arena_release(&a);
    }
}

/* RFC 3464 2.3.3: five actions, in any case; anything else is "". */
static void
test_actions(void **state)
{
    static const struct {
        const char *field, *want;
    } cases[] = {
        { "failed", "failed" },
        { "FAILED", "failed" },
        { "Delayed", "delayed" },
        { "delivered", "delivered" },
        { "relayed", "relayed" },
        { "expanded", "expanded" },
        { "failed (permanent)", "failed" },
        { "fail", "" },
        { "failed-ish", "" },
        { "bounced", "" },
        { "", "" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct arena a = ARENA_INIT;
        struct sbuf block = SBUF_INIT;
        struct dsn d;

        sbuf_addf(&block,
                  "Final-Recipient: rfc822; a@example.com\n"
                  "Action: %s\nStatus: 5.0.0\n",
                  cases[i].field);
        parse_rcpt(block.buf, &d, &a);
        if (strcmp(d.rcpt[0].action, cases[i].want) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].field,
                     d.rcpt[0].action, cases[i].want);
        sbuf_release(&block);
        arena_release(&a);
    }
    /* No Action at all. */
    {
        struct arena a = ARENA_INIT;
        struct dsn d;

        parse_rcpt("Final-Recipient: rfc822; a@example.com\n", &d, &a);
        assert_string_equal(d.rcpt[0].action, "");
        assert_string_equal(d.rcpt[0].status, "");
        assert_string_equal(d.rcpt[0].diagnostic, "");
        arena_release(&a);
    }
}

/* RFC 3464 2.3.6: the text after the diagnostic type, unfolded, white
 * space made single spaces, control characters gone. */
static void
test_diagnostic_text(void **state)
{
    static const struct {
        const char *field, *want;
    } cases[] = {
        { "smtp; 550 5.1.1 Unknown", "550 5.1.1 Unknown" },
        { "smtp;550\n    folded\ttext  ", "550 folded text" },
        { "X-Unix; exit 67 ; more", "exit 67 ; more" },
        { "no type here", "no type here" },
        { "smtp; bell\a rang", "bell rang" },
        { "smtp;", "" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct arena a = ARENA_INIT;
        struct sbuf block = SBUF_INIT;
        struct dsn d;

        sbuf_addf(&block,
                  "Final-Recipient: rfc822; a@example.com\n"
                  "Action: failed\nStatus: 5.0.0\n"
                  "Diagnostic-Code: %s\n",
                  cases[i].field);
        parse_rcpt(block.buf, &d, &a);
        if (strcmp(d.rcpt[0].diagnostic, cases[i].want) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].field,
                     d.rcpt[0].diagnostic, cases[i].want);
        sbuf_release(&block);
        arena_release(&a);
    }
}

/* A field given twice counts the first time; groups are told apart by
 * what they hold; white-space-only lines separate them too. */
static void
test_groups_and_repeated_fields(void **state)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf sb = SBUF_INIT;
    struct dsn d;

    (void)state;
    build_report(&sb,
                 "Content-Type: multipart/report; "
                 "report-type=delivery-status; boundary=b",
                 "b",
                 "\n"
                 "Final-Recipient: rfc822; one@example.com\n"
                 "Action: delayed\n"
                 "Action: failed\n"
                 "Status: 4.2.2\n"
                 "  \t\n"
                 "Original-Envelope-Id: env-in-a-late-group\n"
                 "\n"
                 "Final-Recipient: rfc822; two@example.com\n"
                 "Action: failed\n"
                 "Status: 5.0.0\n");
    assert_int_equal(dsn_parse(sb.buf, sb.len, &d, &a, &err), 0);
    assert_int_equal(d.nrcpt, 2);
    assert_string_equal(d.rcpt[0].final_recipient, "one@example.com");
    assert_string_equal(d.rcpt[0].action, "delayed");
    assert_string_equal(d.rcpt[1].final_recipient, "two@example.com");
    /* The first per-message group (Reporting-MTA) was the one. */
    assert_string_equal(d.reporting_mta, "mx.example");
    assert_string_equal(d.original_envelope_id, "");
    sbuf_release(&sb);
    arena_release(&a);
}

/* RFC 2045 5.1: names in any case, comments, folding, quoted or bare
 * values; the first boundary counts; report-type decides. */
static void
test_content_type_forms(void **state)
{
    static const struct {
        const char *ctype, *boundary;
        int is_dsn;
    } cases[] = {
        { "Content-Type: multipart/report; report-type=delivery-status; "
          "boundary=\"b\"",
          "b", 1 },
        { "CONTENT-TYPE: Multipart/Report; Report-Type=Delivery-Status; "
          "BOUNDARY=\"b\"",
          "b", 1 },
        { "Content-Type: multipart/report (a report); report-type="
          "delivery-status (dsn); boundary=b (the boundary)",
          "b", 1 },
        { "Content-Type: multipart/report;\n\treport-type=delivery-status;"
          "\n\tboundary=\"b\"",
          "b", 1 },
        { "Content-Type: multipart/report; report-type=\"delivery-status\";"
          " boundary=\"a \\\"quoted\\\" one\"",
          "a \"quoted\" one", 1 },
        /* Bare values outside RFC 2045's token, as found in the wild. */
        { "Content-Type: multipart/report; report-type=delivery-status; "
          "boundary=x/y=z",
          "x/y=z", 1 },
        { "Content-Type: multipart/report; boundary=b", "b", 1 },
        { "Content-Type: multipart/report; report-type=delivery-status;; "
          "boundary=b;",
          "b", 1 },
        { "Content-Type: multipart/report; report-type=delivery-status; "
          "boundary=b; boundary=c",
          "b", 1 },
        { "Content-Type: multipart/report; report-type=delivery-status; "
          "boundary=c; boundary=b",
          "b", -1 },
        { "Content-Type: multipart/report; "
          "report-type=disposition-notification; boundary=b",
          "b", 0 },
        { "Content-Type: multipart/mixed; boundary=b", "b", 0 },
        { "Content-Type: text/plain", "b", 0 },
        { "Content-Type: multipart", "b", 0 },
        { "X-No-Content-Type: here", "b", 0 },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct arena a = ARENA_INIT;
        struct dun_err err = DUN_ERR_INIT;
        struct sbuf sb = SBUF_INIT;
        struct dsn d;
        int rc;

        build_report(&sb, cases[i].ctype, cases[i].boundary,
                     "Final-Recipient: rfc822; a@example.com\n"
                     "Action: failed\nStatus: 5.0.0\n");
        rc = dsn_parse(sb.buf, sb.len, &d, &a, &err);
        if (cases[i].is_dsn < 0) {
            if (rc == 0)
                fail_msg("%s: accepted", cases[i].ctype);
        } else if (rc < 0) {
            fail_msg("%s: %s", cases[i].ctype, err.msg);
        } else if (d.is_dsn != cases[i].is_dsn) {
            fail_msg("%s: is_dsn %d", cases[i].ctype, d.is_dsn);
        } else if (d.is_dsn) {
            assert_int_equal(d.nrcpt, 1);
            assert_string_equal(d.rcpt[0].final_recipient, "a@example.com");
        } else {
            assert_not_dsn(&d);
        }
        sbuf_release(&sb);
        arena_release(&a);
    }
}

/* RFC 2046 5.1.1: a delimiter is "--" boundary, "--" for the last, and
 * white space only; longer lines starting so are content; the preamble
 * and epilogue are not parts; the line break before a delimiter is the
 * delimiter's. */
static void
test_boundary_lines(void **state)
{
    static const char msg[] =
        "From: MAILER-DAEMON@mx.example\n"
        "Content-Type: multipart/report; report-type=delivery-status;\n"
        " boundary=\"b\"\n"
        "\n"
        "--b-is-no-delimiter\n"
        "preamble\n"
        "--b  \t\n"
        "Content-Type: text/plain\n"
        "\n"
        "--bx\n"
        "-- b\n"
        "--b\r\n"
        "Content-Type: message/delivery-status\n"
        "\n"
        "Reporting-MTA: dns; first.example\n"
        "\n"
        "Final-Recipient: rfc822; first@example.com\n"
        "Action: failed\n"
        "Status: 5.0.0\n"
        "Diagnostic-Code: smtp; ends here\n"
        "--b--  \n"
        "--b\n"
        "Content-Type: message/delivery-status\n"
        "\n"
        "Final-Recipient: rfc822; epilogue@example.com\n";
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct dsn d;

    (void)state;
    assert_int_equal(dsn_parse(msg, sizeof(msg) - 1, &d, &a, &err), 0);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.reporting_mta, "first.example");
    assert_int_equal(d.nrcpt, 1);
    assert_string_equal(d.rcpt[0].final_recipient, "first@example.com");
    assert_string_equal(d.rcpt[0].diagnostic, "ends here");
    arena_release(&a);
}

/* RFC 2045 6.7: a status part in quoted-printable, soft line breaks and
 * all (RFC 6533 6.3 allows it for the global type). */
static void
test_quoted_printable_status(void **state)
{
    static const char msg[] =
        "From: MAILER-DAEMON@mx.example\n"
        "Content-Type: multipart/report; report-type=delivery-status; "
        "boundary=b\n"
        "\n"
        "--b\n"
        "Content-Type: message/delivery-status\n"
        "Content-Transfer-Encoding: Quoted-Printable\n"
        "\n"
        "Reporting-MTA: dns; mx.example\n"
        "\n"
        "Final-Recipient: rfc822; qp@example.com\n"
        "Action: failed\n"
        "Status: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 Empf=C3=A4nger unbe=\n"
        "kannt =3D gone=2\n"
        "--b--\n";
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct dsn d;

    (void)state;
    assert_int_equal(dsn_parse(msg, sizeof(msg) - 1, &d, &a, &err), 0);
    assert_int_equal(d.nrcpt, 1);
    assert_string_equal(d.rcpt[0].diagnostic,
                        "550 5.1.1 Empf\xc3\xa4nger unbekannt = gone=2");
    arena_release(&a);
}

/* RFC 5322 3.6.4: the returned message's id without its brackets. */
static void
test_returned_message_id_forms(void **state)
{
    static const struct {
        const char *field, *want;
    } cases[] = {
        { " <a.1@b.example>", "a.1@b.example" },
        { " (first) <a.1@b.example> (last)", "a.1@b.example" },
        { "\n <a.1@b.example>", "a.1@b.example" },
        { " <a.1@b.\n example>", "a.1@b.example" },
        { " a.1@b.example", "a.1@b.example" },
        { " <a.1@b.example", "" },
        { " <a<b@c.example>", "" },
        { " a.1@b.example>", "" },
        { " (a comment only)", "" },
        { "", "" },
    };
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct arena a = ARENA_INIT;
        struct dun_err err = DUN_ERR_INIT;
        struct sbuf sb = SBUF_INIT;
        struct dsn d;

        sbuf_addf(&sb,
                  "From: MAILER-DAEMON@mx.example\n"
                  "Content-Type: multipart/report; "
                  "report-type=delivery-status; boundary=b\n"
                  "\n"
                  "--b\n"
                  "Content-Type: message/delivery-status\n"
                  "\n"
                  "Final-Recipient: rfc822; a@example.com\n"
                  "--b\n"
                  "Content-Type: text/rfc822-headers\n"
                  "\n"
                  "Resent-Message-ID: <resent@b.example>\n"
                  "Message-ID:%s\n"
                  "Message-ID: <second@b.example>\n"
                  "--b--\n",
                  cases[i].field);
        if (dsn_parse(sb.buf, sb.len, &d, &a, &err) < 0)
            fail_msg("\"%s\": %s", cases[i].field, err.msg);
        if (strcmp(d.original_message_id, cases[i].want) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].field,
                     d.original_message_id, cases[i].want);
        sbuf_release(&sb);
        arena_release(&a);
    }
}

/* ---- limits ----------------------------------------------------------- */

/* A report inside levels - 1 multipart/mixed parts, levels in all. */
static void
build_nested(struct sbuf *sb, int levels)
{
    sbuf_reset(sb);
    sbuf_addstr(sb, "From: MAILER-DAEMON@mx.example\n");
    for (int i = 1; i < levels; i++)
        sbuf_addf(sb,
                  "Content-Type: multipart/mixed; boundary=L%d\n\n"
                  "--L%d\n",
                  i, i);
    sbuf_addstr(sb, "Content-Type: multipart/report; "
                    "report-type=delivery-status; boundary=R\n\n"
                    "--R\n"
                    "Content-Type: message/delivery-status\n\n"
                    "Final-Recipient: rfc822; deep@example.com\n"
                    "--R--\n");
    for (int i = levels - 1; i >= 1; i--)
        sbuf_addf(sb, "--L%d--\n", i);
}

static void
test_nesting_limit(void **state)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf sb = SBUF_INIT;
    struct dsn d;

    (void)state;
    build_nested(&sb, DSN_MAX_DEPTH);
    assert_int_equal(dsn_parse(sb.buf, sb.len, &d, &a, &err), 0);
    assert_int_equal(d.is_dsn, 1);
    assert_string_equal(d.rcpt[0].final_recipient, "deep@example.com");
    build_nested(&sb, DSN_MAX_DEPTH + 1);
    assert_refused("too deep", sb.buf, sb.len,
                   "multipart nested deeper than 8 levels");
    sbuf_release(&sb);
    arena_release(&a);
}

static void
test_parts_limit(void **state)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf sb = SBUF_INIT;
    struct dsn d;

    (void)state;
    for (int extra = 0; extra <= 1; extra++) {
        sbuf_reset(&sb);
        sbuf_addstr(&sb, "From: a@example.com\n"
                         "Content-Type: multipart/mixed; boundary=b\n\n");
        for (int i = 0; i < DSN_MAX_PARTS + extra; i++)
            sbuf_addstr(&sb, "--b\n\nx\n");
        sbuf_addstr(&sb, "--b--\n");
        if (extra == 0) {
            assert_int_equal(dsn_parse(sb.buf, sb.len, &d, &a, &err), 0);
            assert_not_dsn(&d);
        } else {
            assert_refused("too many parts", sb.buf, sb.len,
                           "more than 256 MIME parts");
        }
    }
    sbuf_release(&sb);
    arena_release(&a);
}

static void
test_recipients_limit(void **state)
{
    (void)state;
    for (size_t extra = 0; extra <= 1; extra++) {
        struct arena a = ARENA_INIT;
        struct dun_err err = DUN_ERR_INIT;
        struct sbuf rcpts = SBUF_INIT, sb = SBUF_INIT;
        struct dsn d;

        for (size_t i = 0; i < DSN_MAX_RECIPIENTS + extra; i++)
            sbuf_addf(&rcpts,
                      "Final-Recipient: rfc822; r%zu@example.com\n"
                      "Action: failed\nStatus: 5.0.0\n\n",
                      i);
        build_report(&sb,
                     "Content-Type: multipart/report; "
                     "report-type=delivery-status; boundary=b",
                     "b", rcpts.buf);
        assert_int_equal(dsn_parse(sb.buf, sb.len, &d, &a, &err), 0);
        assert_int_equal(d.nrcpt, DSN_MAX_RECIPIENTS);
        assert_int_equal(d.nrcpt_dropped, extra);
        assert_string_equal(d.rcpt[DSN_MAX_RECIPIENTS - 1].final_recipient,
                            "r31@example.com");
        sbuf_release(&rcpts);
        sbuf_release(&sb);
        arena_release(&a);
    }
}

static void
test_size_limit(void **state)
{
    static const char head[] = "From: a@example.com\n\n";
    size_t n = DSN_MAX_SIZE + 1;
    char *big = malloc(n);
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct dsn d;

    (void)state;
    assert_non_null(big);
    memset(big, 'x', n);
    memcpy(big, head, sizeof(head) - 1);
    assert_int_equal(dsn_parse(big, DSN_MAX_SIZE, &d, &a, &err), 0);
    assert_not_dsn(&d);
    assert_refused("too big", big, n, "message larger than 67108864 bytes");
    free(big);
    arena_release(&a);
}

/* ---- mail_source_scan ------------------------------------------------- */

#define MAX_SEEN 8

struct seen {
    size_t n;
    char *where[MAX_SEEN];
    char *msg[MAX_SEEN];
    size_t len[MAX_SEEN];
    size_t stop_after; /* 0: never */
};

static int
collect(void *ctx, const char *where, const char *msg, size_t len,
        struct dun_err *err)
{
    struct seen *s = ctx;

    assert_true(s->n < MAX_SEEN);
    assert_int_equal(msg[len], '\0');
    s->where[s->n] = strdup(where);
    s->msg[s->n] = malloc(len + 1);
    memcpy(s->msg[s->n], msg, len + 1);
    s->len[s->n] = len;
    s->n++;
    if (s->stop_after != 0 && s->n == s->stop_after)
        return dun_err_set(err, DUN_E_CONFLICT, "stop at %s", where);
    return 0;
}

static void
seen_release(struct seen *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->where[i]);
        free(s->msg[i]);
    }
    s->n = 0;
}

/* Paths made by a test, removed in reverse order. */
struct scratch {
    char dir[64];
    char *made[32];
    size_t n;
};

static const char *
scratch_path(struct scratch *sc, const char *rel)
{
    struct sbuf p = SBUF_INIT;

    assert_true(sc->n < N_ELEMS(sc->made));
    sbuf_addf(&p, "%s/%s", sc->dir, rel);
    sc->made[sc->n++] = sbuf_detach(&p, NULL);
    return sc->made[sc->n - 1];
}

static void
scratch_mkdir(struct scratch *sc, const char *rel)
{
    assert_int_equal(mkdir(scratch_path(sc, rel), 0700), 0);
}

static void
scratch_file(struct scratch *sc, const char *rel, const char *data)
{
    FILE *fp = fopen(scratch_path(sc, rel), "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, strlen(data), fp), strlen(data));
    assert_int_equal(fclose(fp), 0);
}

static void
scratch_link(struct scratch *sc, const char *target, const char *rel)
{
    assert_int_equal(symlink(target, scratch_path(sc, rel)), 0);
}

static void
scratch_init(struct scratch *sc)
{
    strcpy(sc->dir, "/tmp/test_dsn.XXXXXX");
    assert_non_null(mkdtemp(sc->dir));
    sc->n = 0;
}

static void
scratch_release(struct scratch *sc)
{
    while (sc->n > 0) {
        char *p = sc->made[--sc->n];
        struct stat st;

        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            assert_int_equal(rmdir(p), 0);
        else
            assert_int_equal(unlink(p), 0);
        free(p);
    }
    assert_int_equal(rmdir(sc->dir), 0);
}

static void
assert_seen(const struct seen *s, size_t i, const char *where, const char *msg)
{
    assert_true(i < s->n);
    assert_string_equal(s->where[i], where);
    assert_int_equal(s->len[i], strlen(msg));
    assert_string_equal(s->msg[i], msg);
}

/* Maildir: new/ and cur/ in name order; tmp/, dot files, directories and
 * symbolic links (which could lead outside) are not messages. */
static void
test_scan_maildir(void **state)
{
    struct scratch sc;
    struct seen s = { 0 };
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf path = SBUF_INIT, want = SBUF_INIT;

    (void)state;
    scratch_init(&sc);
    scratch_file(&sc, "outside.eml", "Subject: outside\n\nO\n");
    scratch_mkdir(&sc, "md");
    scratch_mkdir(&sc, "md/tmp");
    scratch_mkdir(&sc, "md/new");
    scratch_mkdir(&sc, "md/cur");
    scratch_file(&sc, "md/new/1779000002.M2P2.host", "Subject: B\n\nB\n");
    scratch_file(&sc, "md/new/1779000001.M1P1.host", "Subject: A\r\n\r\nA\r\n");
    scratch_file(&sc, "md/cur/1779000000.M0P0.host:2,S", "Subject: C\n\nC\n");
    scratch_file(&sc, "md/tmp/1779000003.M3P3.host", "Subject: T\n\nT\n");
    scratch_file(&sc, "md/new/.hidden", "Subject: H\n\nH\n");
    scratch_link(&sc, "../../outside.eml", "md/new/1779000004.M4P4.host");
    scratch_link(&sc, "/etc/passwd", "md/cur/1779000005.M5P5.host:2,");
    scratch_mkdir(&sc, "md/cur/1779000006.M6P6.host");

    sbuf_addf(&path, "%s/md", sc.dir);
    assert_int_equal(mail_source_scan(path.buf, collect, &s, &err), 0);
    assert_int_equal(s.n, 3);
    sbuf_addf(&want, "%s/cur/1779000000.M0P0.host:2,S", path.buf);
    assert_seen(&s, 0, want.buf, "Subject: C\n\nC\n");
    sbuf_reset(&want);
    sbuf_addf(&want, "%s/new/1779000001.M1P1.host", path.buf);
    assert_seen(&s, 1, want.buf, "Subject: A\r\n\r\nA\r\n");
    sbuf_reset(&want);
    sbuf_addf(&want, "%s/new/1779000002.M2P2.host", path.buf);
    assert_seen(&s, 2, want.buf, "Subject: B\n\nB\n");
    seen_release(&s);

    /* A trailing '/' on the path does not double in where. */
    sbuf_addch(&path, '/');
    assert_int_equal(mail_source_scan(path.buf, collect, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_seen(&s, 2, want.buf, "Subject: B\n\nB\n");
    seen_release(&s);

    /* The callback stops the scan, its error kept. */
    s.stop_after = 2;
    assert_int_equal(mail_source_scan(path.buf, collect, &s, &err), -1);
    assert_int_equal(s.n, 2);
    assert_int_equal(err.code, DUN_E_CONFLICT);
    sbuf_reset(&want);
    sbuf_addf(&want, "stop at %snew/1779000001.M1P1.host", path.buf);
    assert_string_equal(err.msg, want.buf);
    seen_release(&s);

    sbuf_release(&path);
    sbuf_release(&want);
    scratch_release(&sc);
}

/* new/ or cur/ as a link is no Maildir directory; a directory with
 * neither is not a Maildir. */
static void
test_scan_maildir_links_and_non_maildir(void **state)
{
    struct scratch sc;
    struct seen s = { 0 };
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf path = SBUF_INIT, want = SBUF_INIT;

    (void)state;
    scratch_init(&sc);
    scratch_mkdir(&sc, "elsewhere");
    scratch_file(&sc, "elsewhere/1779000001.M1P1.host", "Subject: X\n\nX\n");
    scratch_mkdir(&sc, "md");
    scratch_mkdir(&sc, "md/cur");
    scratch_link(&sc, "../elsewhere", "md/new");
    scratch_mkdir(&sc, "empty");

    sbuf_addf(&path, "%s/md", sc.dir);
    assert_int_equal(mail_source_scan(path.buf, collect, &s, &err), 0);
    assert_int_equal(s.n, 0);

    sbuf_reset(&path);
    sbuf_addf(&path, "%s/empty", sc.dir);
    assert_int_equal(mail_source_scan(path.buf, collect, &s, &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    sbuf_addf(&want, "%s: not a Maildir: no new/ or cur/ directory", path.buf);
    assert_string_equal(err.msg, want.buf);
    assert_int_equal(s.n, 0);

    sbuf_release(&path);
    sbuf_release(&want);
    scratch_release(&sc);
}

/* mboxrd: "From " after an empty line (or first) starts a message and is
 * not in it, nor is the empty line before it; one '>' comes off
 * ">From ", ">>From " ...; a "From " line elsewhere is text. */
static void
test_scan_mbox(void **state)
{
    static const char mbox[] =
        "From billing@test-trading.example Tue May 12 09:01:03 2026\n"
        "Subject: one\n"
        "\n"
        "Body one.\n"
        ">From the start of a line, quoted.\n"
        ">>From twice quoted.\n"
        "> From is no quoting.\n"
        "From inside a paragraph: no separator.\n"
        "\n"
        "From MAILER-DAEMON Tue May 12 09:01:04 2026\n"
        "Subject: two\n"
        "\n"
        "Body two.\n"
        "\n"
        "\n"
        "From MAILER-DAEMON Tue May 12 09:01:05 2026\n"
        "Subject: three\n"
        "\n"
        "Body three, no line end";
    struct scratch sc;
    struct seen s = { 0 };
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf where = SBUF_INIT;
    const char *path;

    (void)state;
    scratch_init(&sc);
    scratch_file(&sc, "bounces.mbox", mbox);
    path = sc.made[0];
    assert_int_equal(mail_source_scan(path, collect, &s, &err), 0);
    assert_int_equal(s.n, 3);
    sbuf_addf(&where, "%s:1", path);
    assert_seen(&s, 0, where.buf,
                "Subject: one\n"
                "\n"
                "Body one.\n"
                "From the start of a line, quoted.\n"
                ">From twice quoted.\n"
                "> From is no quoting.\n"
                "From inside a paragraph: no separator.\n");
    sbuf_reset(&where);
    sbuf_addf(&where, "%s:2", path);
    /* Only the one empty line before the separator is the separator's. */
    assert_seen(&s, 1, where.buf, "Subject: two\n\nBody two.\n\n");
    sbuf_reset(&where);
    sbuf_addf(&where, "%s:3", path);
    assert_seen(&s, 2, where.buf, "Subject: three\n\nBody three, no line end");
    seen_release(&s);
    sbuf_release(&where);
    scratch_release(&sc);
}

static void
test_scan_mbox_crlf(void **state)
{
    struct scratch sc;
    struct seen s = { 0 };
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf where = SBUF_INIT;
    const char *path;

    (void)state;
    scratch_init(&sc);
    scratch_file(&sc, "crlf.mbox",
                 "From a Tue May 12 09:01:03 2026\r\n"
                 "Subject: a\r\n\r\nA\r\n\r\n"
                 "From b Tue May 12 09:01:04 2026\r\n"
                 "Subject: b\r\n\r\n>From B\r\n");
    path = sc.made[0];
    assert_int_equal(mail_source_scan(path, collect, &s, &err), 0);
    assert_int_equal(s.n, 2);
    sbuf_addf(&where, "%s:1", path);
    assert_seen(&s, 0, where.buf, "Subject: a\r\n\r\nA\r\n");
    sbuf_reset(&where);
    sbuf_addf(&where, "%s:2", path);
    assert_seen(&s, 1, where.buf, "Subject: b\r\n\r\nFrom B\r\n");
    seen_release(&s);
    sbuf_release(&where);
    scratch_release(&sc);
}

/* A single .eml is one message, byte for byte, named by its path; the
 * bounce it holds reads as in test_postfix_permanent_failure. */
static void
test_scan_single_file(void **state)
{
    struct seen s = { 0 };
    struct dun_err err = DUN_ERR_INIT;
    struct arena a = ARENA_INIT;
    char *path = fixture_path("postfix_failed.eml");
    size_t len;
    char *want = fixture("postfix_failed.eml", &len);
    struct dsn d;

    (void)state;
    assert_int_equal(mail_source_scan(path, collect, &s, &err), 0);
    assert_int_equal(s.n, 1);
    assert_seen(&s, 0, path, want);
    assert_int_equal(dsn_parse(s.msg[0], s.len[0], &d, &a, &err), 0);
    assert_string_equal(d.original_message_id,
                        "dun.12.a1b2c3d4e5f60718@test-trading.example");
    seen_release(&s);
    arena_release(&a);
    free(want);
    free(path);
}

static void
test_scan_missing_path(void **state)
{
    struct seen s = { 0 };
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(
        mail_source_scan("/nonexistent/dun-bounces", collect, &s, &err), -1);
    assert_int_equal(err.code, DUN_E_IO);
    assert_string_equal(err.msg, "/nonexistent/dun-bounces: cannot read: "
                                 "No such file or directory");
    assert_int_equal(s.n, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postfix_permanent_failure),
        cmocka_unit_test(test_delayed_with_headers_only),
        cmocka_unit_test(test_two_recipients),
        cmocka_unit_test(test_exchange_crlf),
        cmocka_unit_test(test_global_in_base64),
        cmocka_unit_test(test_report_wrapped_in_mixed),
        cmocka_unit_test(test_ordinary_messages_are_not_dsns),
        cmocka_unit_test(test_truncated_bounce_reads_what_is_there),
        cmocka_unit_test(test_malformed_refused),
        cmocka_unit_test(test_recipient_address_forms),
        cmocka_unit_test(test_original_recipient_stands_in),
        cmocka_unit_test(test_status_codes),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_diagnostic_text),
        cmocka_unit_test(test_groups_and_repeated_fields),
        cmocka_unit_test(test_content_type_forms),
        cmocka_unit_test(test_boundary_lines),
        cmocka_unit_test(test_quoted_printable_status),
        cmocka_unit_test(test_returned_message_id_forms),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_parts_limit),
        cmocka_unit_test(test_recipients_limit),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_scan_maildir),
        cmocka_unit_test(test_scan_maildir_links_and_non_maildir),
        cmocka_unit_test(test_scan_mbox),
        cmocka_unit_test(test_scan_mbox_crlf),
        cmocka_unit_test(test_scan_single_file),
        cmocka_unit_test(test_scan_missing_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
