#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "render/mime.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* 'ä' four times, quoted-printable and RFC 2231. */
#define QP_AE4 "=C3=A4=C3=A4=C3=A4=C3=A4"
#define AE4 "%C3%A4%C3%A4%C3%A4%C3%A4"

static const char *const refs[] = {
    "dun.1.harper-lane@harperlane.example",
    "dun.2.harper-lane@harperlane.example",
    "dun.3.harper-lane@harperlane.example",
};

/* 2026-06-30T07:05:09Z, a Tuesday. */
static int64_t
instant(void)
{
    return (int64_t)date_from_ymd(2026, 6, 30) * 86400 + 7 * 3600 + 5 * 60 +
           9;
}

/* A message to C1 answering its earlier reminders, every header set. */
static struct mime_message
full_message(void)
{
    struct mime_message m = {
        .from_name = "Jörg Müller", .from_addr = "accounts@harperlane.example",
        .to_name = "Zoë Ångström", .to_addr = "ap@alder.example",
        .subject = "Zahlungserinnerung – Kundennummer C1 – offene "
                   "Rechnungen über 1.234,56 €",
        .at = instant(),
        .message_id = "dun.4.harper-lane@harperlane.example",
        .text = "Sehr geehrte Frau Ångström,\nbitte zahlen Sie.\n",
        .html = "<p>Sehr geehrte Frau &Aring;ngstr&ouml;m,</p>",
        .reply_to_name = "Harper & Lane AR",
        .reply_to_addr = "ar@harperlane.example",
        .in_reply_to = refs[2], .references = refs, .n_references = 3,
    };
    return m;
}

/* The message as a NUL-terminated string; fails the test if refused. */
static char *
write_message(const struct mime_message *m)
{
    struct sbuf out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;

    if (mime_email(m, &out, &err) < 0)
        fail_msg("refused: %s", err.msg);
    return sbuf_detach(&out, NULL);
}

/* RFC 5322 2.1.1 and 2.3: every line CRLF-ended, none over 998 octets,
 * no bare CR or LF; and none of ours over 78. */
static void
assert_lines(const char *msg)
{
    for (const char *p = msg; *p;) {
        const char *nl = strchr(p, '\n');

        assert_non_null(nl);
        assert_true(nl > p && nl[-1] == '\r');
        assert_null(memchr(p, '\r', (size_t)(nl - p) - 1));
        if ((size_t)(nl - p) - 1 > 78)
            fail_msg("line over 78: %.*s", (int)(nl - p) - 1, p);
        p = nl + 1;
    }
}

/* The header section, up to and including the empty line. */
static char *
headers_of(const char *msg)
{
    const char *end = strstr(msg, "\r\n\r\n");

    assert_non_null(end);
    return strndup(msg, (size_t)(end - msg) + 4);
}

static int
b64_value(int c)
{
    const char *a =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(a, c) : NULL;

    return p ? (int)(p - a) : -1;
}

/* Decode base64 in 76-character CRLF lines from s up to the next "--";
 * checks the line length as it goes. */
static size_t
b64_decode_body(const char *s, unsigned char *out, size_t max)
{
    size_t n = 0;
    unsigned v = 0;
    int bits = 0;

    while (*s && strncmp(s, "--", 2) != 0) {
        const char *nl = strstr(s, "\r\n");

        assert_non_null(nl);
        assert_true(nl - s <= 76);
        for (; s < nl; s++) {
            int d = b64_value(*s);

            if (*s == '=')
                continue;
            assert_true(d >= 0);
            v = v << 6 | (unsigned)d;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                assert_true(n < max);
                out[n++] = (unsigned char)(v >> bits);
            }
        }
        s = nl + 2;
    }
    return n;
}

static void
test_headers_exact(void **state)
{
    struct mime_message m = full_message();
    char *msg, *hdr;

    (void)state;
    msg = write_message(&m);
    hdr = headers_of(msg);
    /* RFC 2047: names and subject as encoded words of at most 75
     * characters on lines of at most 76, split between characters (and
     * after a space where one is near); RFC 5322 3.6.4: ids in angle
     * brackets, References folded between ids. */
    assert_string_equal(
        hdr,
        "From: =?UTF-8?B?SsO2cmcgTcO8bGxlcg==?= "
        "<accounts@harperlane.example>\r\n"
        "To: =?UTF-8?B?Wm/DqyDDhW5nc3Ryw7Zt?= <ap@alder.example>\r\n"
        "Reply-To: \"Harper & Lane AR\" <ar@harperlane.example>\r\n"
        "Subject: "
        "=?UTF-8?B?WmFobHVuZ3NlcmlubmVydW5nIOKAkyBLdW5kZW5udW1tZXIgQzEg?=\r\n"
        " =?UTF-8?B?4oCTIG9mZmVuZSBSZWNobnVuZ2VuIMO8YmVyIDEuMjM0LDU2IOKCrA==?="
        "\r\n"
        "Date: Tue, 30 Jun 2026 07:05:09 +0000\r\n"
        "Message-ID: <dun.4.harper-lane@harperlane.example>\r\n"
        "In-Reply-To: <dun.3.harper-lane@harperlane.example>\r\n"
        "References: <dun.1.harper-lane@harperlane.example>\r\n"
        " <dun.2.harper-lane@harperlane.example> "
        "<dun.3.harper-lane@harperlane.example>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; "
        "boundary=\"=_dun_alternative_=\"\r\n"
        "\r\n");
    assert_lines(msg);
    free(hdr);
    free(msg);
}

/* Without the optional fields a message is as the outbox has always
 * exported it: the texts at the top, no Reply-To or threading. */
static void
test_plain_message_exact(void **state)
{
    struct mime_message m = {
        .from_name = "Harper & Lane Ltd",
        .from_addr = "accounts@harperlane.example",
        .to_name = "", .to_addr = "ap@elm.example",
        .subject = "Payment reminder", .date = date_from_ymd(2026, 6, 30),
        .message_id = "dun-2@harperlane.example",
        .text = "Dear Sir or Madam,\nplease pay.\n", .html = "",
    };
    char *msg;

    (void)state;
    msg = write_message(&m);
    assert_string_equal(msg,
                        "From: \"Harper & Lane Ltd\" "
                        "<accounts@harperlane.example>\r\n"
                        "To: <ap@elm.example>\r\n"
                        "Subject: Payment reminder\r\n"
                        "Date: Tue, 30 Jun 2026 09:00:00 +0000\r\n"
                        "Message-ID: <dun-2@harperlane.example>\r\n"
                        "MIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n"
                        "\r\n"
                        "Dear Sir or Madam,\r\n"
                        "please pay.\r\n");
    free(msg);
}

static void
test_alternative_structure_exact(void **state)
{
    struct mime_message m = full_message();
    char *msg;
    const char *body;

    (void)state;
    m.n_references = 0;
    m.in_reply_to = NULL;
    msg = write_message(&m);
    body = strstr(msg, "\r\n\r\n") + 4;
    assert_string_equal(
        body,
        "--=_dun_alternative_=\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "Sehr geehrte Frau =C3=85ngstr=C3=B6m,\r\n"
        "bitte zahlen Sie.\r\n"
        "--=_dun_alternative_=\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "<p>Sehr geehrte Frau &Aring;ngstr&ouml;m,</p>\r\n"
        "--=_dun_alternative_=--\r\n");
    free(msg);
}

/* A stage with a letter: multipart/mixed holding the alternative and
 * the PDF, which decodes back to its exact bytes. */
static void
test_attachment_structure_and_bytes(void **state)
{
    unsigned char pdf[3000], back[3100];
    struct mime_attachment att = { "Mahnung-C1.pdf", "application/pdf", pdf,
                                   sizeof(pdf) };
    struct mime_message m = full_message();
    const char *p;
    char *msg;

    (void)state;
    for (size_t i = 0; i < sizeof(pdf); i++)
        pdf[i] = (unsigned char)(i * 131 + i / 7);
    m.attachments = &att;
    m.n_attachments = 1;
    msg = write_message(&m);
    assert_lines(msg);
    assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"
                                "Content-Type: multipart/mixed; "
                                "boundary=\"=_dun_mixed_=\"\r\n\r\n"
                                "--=_dun_mixed_=\r\n"
                                "Content-Type: multipart/alternative; "
                                "boundary=\"=_dun_alternative_=\"\r\n\r\n"
                                "--=_dun_alternative_=\r\n"
                                "Content-Type: text/plain; charset=utf-8\r\n"));
    p = strstr(msg, "--=_dun_alternative_=--\r\n"
                    "--=_dun_mixed_=\r\n"
                    "Content-Type: application/pdf\r\n"
                    "Content-Transfer-Encoding: base64\r\n"
                    "Content-Disposition: attachment; "
                    "filename=\"Mahnung-C1.pdf\"\r\n\r\n");
    assert_non_null(p);
    p = strstr(p, "\r\n\r\n") + 4;
    /* 3000 bytes: 4000 characters, 52 full lines of 76 and one of 48. */
    assert_int_equal(b64_decode_body(p, back, sizeof(back)), sizeof(pdf));
    assert_memory_equal(back, pdf, sizeof(pdf));
    assert_int_equal(strlen(p),
                     4000 + 53 * 2 + strlen("--=_dun_mixed_=--\r\n"));
    assert_string_equal(p + 4000 + 53 * 2, "--=_dun_mixed_=--\r\n");
    free(msg);
}

/* Without HTML the mixed part holds the text itself; a file without a
 * name or type goes as an unnamed octet stream; an empty one is empty. */
static void
test_attachment_without_html(void **state)
{
    struct mime_attachment att[] = {
        { NULL, NULL, "abcd", 4 },
        { "", "text/csv", NULL, 0 },
    };
    struct mime_message m = full_message();
    char *msg;

    (void)state;
    m.html = "";
    m.attachments = att;
    m.n_attachments = N(att);
    msg = write_message(&m);
    assert_string_equal(strstr(msg, "MIME-Version"),
                        "MIME-Version: 1.0\r\n"
                        "Content-Type: multipart/mixed; "
                        "boundary=\"=_dun_mixed_=\"\r\n"
                        "\r\n"
                        "--=_dun_mixed_=\r\n"
                        "Content-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n"
                        "\r\n"
                        "Sehr geehrte Frau =C3=85ngstr=C3=B6m,\r\n"
                        "bitte zahlen Sie.\r\n"
                        "--=_dun_mixed_=\r\n"
                        "Content-Type: application/octet-stream\r\n"
                        "Content-Transfer-Encoding: base64\r\n"
                        "Content-Disposition: attachment\r\n"
                        "\r\n"
                        "YWJjZA==\r\n"
                        "--=_dun_mixed_=\r\n"
                        "Content-Type: text/csv\r\n"
                        "Content-Transfer-Encoding: base64\r\n"
                        "Content-Disposition: attachment\r\n"
                        "\r\n"
                        "--=_dun_mixed_=--\r\n");
    free(msg);
}

/* RFC 2231: a name outside plain ASCII percent-encoded in UTF-8, a long
 * one in numbered continuations that never split a %XX. */
static void
test_attachment_file_names(void **state)
{
    static const struct {
        const char *name, *want;
    } cases[] = {
        { "letter.pdf",
          "Content-Disposition: attachment; filename=\"letter.pdf\"\r\n" },
        { "Mahnung Müller.pdf",
          "Content-Disposition: attachment;\r\n"
          " filename*=UTF-8''Mahnung%20M%C3%BCller.pdf\r\n" },
        { "say \"pay\".pdf",
          "Content-Disposition: attachment;\r\n"
          " filename*=UTF-8''say%20%22pay%22.pdf\r\n" },
        { "Mahnung Nr. 3 – Müller GmbH, Rechnung 2026-0042.pdf",
          "Content-Disposition: attachment;\r\n"
          " filename*0*=UTF-8''"
          "Mahnung%20Nr.%203%20%E2%80%93%20M%C3%BCller%20GmbH;\r\n"
          " filename*1*=%2C%20Rechnung%202026-0042.pdf\r\n" },
        { "ääääääääääääääääää",
          "Content-Disposition: attachment;\r\n"
          " filename*0*=UTF-8''" AE4 AE4 ";\r\n"
          " filename*1*=" AE4 AE4 ";\r\n"
          " filename*2*=%C3%A4%C3%A4\r\n" },
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        struct mime_attachment att = { cases[i].name, "application/pdf", "x",
                                       1 };
        struct mime_message m = full_message();
        char *msg, *got;

        m.attachments = &att;
        m.n_attachments = 1;
        msg = write_message(&m);
        assert_lines(msg);
        got = strstr(msg, "Content-Disposition: ");
        assert_non_null(got);
        *strstr(got, "\r\n\r\n") = '\0';
        strcat(got, "\r\n");
        assert_string_equal(got, cases[i].want);
        free(msg);
    }
}

/* Each refusal names the field, and leaves out as it was. */
static void
test_refusals(void **state)
{
    static const struct {
        const char *field, *value, *why;
    } cases[] = {
        { "message_id", "a@b\r\nBcc: x@evil.test",
          "message id: cannot go into a header" },
        { "message_id", "", "message id: none" },
        { "in_reply_to", "a@b\nBcc: x@evil.test",
          "in-reply-to: cannot go into a header" },
        { "in_reply_to", "a@b><c@d", "in-reply-to: cannot go into a header" },
        { "in_reply_to", "<a@b>", "in-reply-to: cannot go into a header" },
        { "in_reply_to", "a@b c@d", "in-reply-to: cannot go into a header" },
        { "reference", "a@b\r\n", "reference 2: cannot go into a header" },
        { "reference", "<a@b", "reference 2: cannot go into a header" },
        { "reference", "", "reference 2: none" },
        { "to_addr", "a@b.example, c@d.example",
          "recipient: not an e-mail address: one of < > , ; \" ( ): give one "
          "bare address" },
        { "to_addr", "a@b.example\r\nBcc: x@evil.test",
          "recipient: not an e-mail address: a line break or control "
          "character" },
        { "reply_to_addr", "A <a@b.example>",
          "reply-to: not an e-mail address: one of < > , ; \" ( ): give one "
          "bare address" },
        { "bcc_addr", "a@b.example c@d.example",
          "bcc: not an e-mail address: a space" },
        { "content_type", "application/pdf; name=x",
          "attachment 1: type: not type/subtype" },
        { "content_type", "application", "attachment 1: type: not "
          "type/subtype" },
        { "content_type", "application/pdf\r\nBcc: x@evil.test",
          "attachment 1: type: not type/subtype" },
        { "filename", "a\r\nBcc: x@evil.test.pdf",
          "attachment 1: file name: a line break or control character" },
        { "filename", "\xff.pdf", "attachment 1: file name: not valid UTF-8" },
    };
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        const char *ids[] = { refs[0], cases[i].value };
        struct mime_attachment att = { "a.pdf", "application/pdf", "x", 1 };
        struct mime_message m = full_message();
        struct sbuf out = SBUF_INIT;
        struct dun_err err = DUN_ERR_INIT;
        const char *f = cases[i].field;

        m.attachments = &att;
        m.n_attachments = 1;
        if (strcmp(f, "message_id") == 0)
            m.message_id = cases[i].value;
        else if (strcmp(f, "in_reply_to") == 0)
            m.in_reply_to = cases[i].value;
        else if (strcmp(f, "reference") == 0)
            m.references = ids, m.n_references = 2;
        else if (strcmp(f, "to_addr") == 0)
            m.to_addr = cases[i].value;
        else if (strcmp(f, "reply_to_addr") == 0)
            m.reply_to_addr = cases[i].value;
        else if (strcmp(f, "bcc_addr") == 0)
            m.bcc_addr = cases[i].value;
        else if (strcmp(f, "content_type") == 0)
            att.content_type = cases[i].value;
        else
            att.filename = cases[i].value;
        sbuf_addstr(&out, "kept");
        assert_int_equal(mime_email(&m, &out, &err), -1);
        assert_int_equal(err.code, DUN_E_INPUT);
        assert_string_equal(err.msg, cases[i].why);
        assert_string_equal(out.buf, "kept");
        sbuf_release(&out);
    }
}

/* A blind copy is an envelope recipient: checked, never a header. */
static void
test_bcc_never_written(void **state)
{
    struct mime_message m = full_message();
    char *msg;

    (void)state;
    m.bcc_addr = "audit@harperlane.example";
    msg = write_message(&m);
    assert_null(strstr(msg, "audit@"));
    assert_null(strstr(msg, "Bcc"));
    free(msg);
}

/* Content that spells a boundary cannot end a part: '=' is encoded. */
static void
test_boundary_in_content_is_encoded(void **state)
{
    struct mime_attachment att = { "a.pdf", "application/pdf", "x", 1 };
    struct mime_message m = full_message();
    char *msg;
    size_t delims = 0;

    (void)state;
    m.text = "--=_dun_mixed_=\n--=_dun_alternative_=--\n";
    m.html = "--=_dun_alternative_=\n";
    m.attachments = &att;
    m.n_attachments = 1;
    msg = write_message(&m);
    assert_non_null(strstr(msg, "\r\n--=3D_dun_mixed_=3D\r\n"));
    for (const char *p = msg; (p = strstr(p, "\n--=_dun_")) != NULL; p++)
        delims++;
    /* mixed: open, file, close; alternative: text, html, close. */
    assert_int_equal(delims, 6);
    free(msg);
}

/* RFC 2045 6.7: lines of at most 76, LF or CRLF in the text a CRLF, a
 * space or tab before a line end encoded, '=' encoded. */
static void
test_quoted_printable_lines(void **state)
{
    struct mime_message m = full_message();
    char text[400], *msg;
    const char *body;

    (void)state;
    memset(text, 0, sizeof(text));
    for (size_t i = 0; i < 100; i++)
        memcpy(text + 2 * i, "\xc3\xa4", 2); /* 100 x 'ä' */
    strcat(text, "\r\nend \ntab\t\r\n1+1=2 \r ok\n");
    m.text = text;
    m.html = "";
    msg = write_message(&m);
    assert_lines(msg);
    body = strstr(msg, "\r\n\r\n") + 4;
    /* 25 encoded bytes (75 characters) to a line and a soft break, even
     * inside a character: quoted-printable encodes bytes. */
    assert_string_equal(body, QP_AE4 QP_AE4 QP_AE4 "=C3=\r\n"
                              "=A4" QP_AE4 QP_AE4 QP_AE4 "=\r\n"
                              QP_AE4 QP_AE4 QP_AE4 "=C3=\r\n"
                              "=A4" QP_AE4 QP_AE4 QP_AE4 "=\r\n"
                              QP_AE4 QP_AE4 QP_AE4 "=C3=\r\n"
                              "=A4" QP_AE4 QP_AE4 QP_AE4 "=\r\n"
                              QP_AE4 QP_AE4 QP_AE4 "=C3=\r\n"
                              "=A4" QP_AE4 QP_AE4 QP_AE4 "\r\n"
                              "end=20\r\n"
                              "tab=09\r\n"
                              "1+1=3D2 =0D ok\r\n");
    free(msg);
}

/* However long a name or subject, every header line stays within 76
 * with encoded words, 78 without. */
static void
test_long_values_fold(void **state)
{
    char name[400], subject[1200];
    struct mime_message m = full_message();
    char *msg;

    (void)state;
    memset(name, 0, sizeof(name));
    memset(subject, 0, sizeof(subject));
    for (size_t i = 0; i < 100; i++)
        strcat(name, "é");
    for (size_t i = 0; i < 100; i++)
        strcat(subject, "Rechnung ");
    m.from_name = name;
    m.to_name = "A plain ASCII name that is sixty characters long, exactly.";
    m.subject = subject;
    msg = write_message(&m);
    assert_lines(msg);
    for (const char *p = msg; strncmp(p, "\r\n", 2) != 0;) {
        const char *nl = strstr(p, "\r\n");

        for (const char *q = p; q + 1 < nl; q++)
            if (q[0] == '=' && q[1] == '?')
                assert_true(nl - p <= 76);
        p = nl + 2;
    }
    assert_non_null(strstr(msg, "To: \"A plain ASCII name that is sixty "
                                "characters long, exactly.\"\r\n"
                                " <ap@alder.example>\r\n"));
    free(msg);
}

/* The same outbox message gets the same id, whenever it is sent. */
static void
test_message_id_stable(void **state)
{
    char id[MIME_ID_SIZE], again[MIME_ID_SIZE], small[20];
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    assert_int_equal(mime_message_id(id, sizeof(id), 42, "harper-lane",
                                     "accounts@harperlane.example", &err),
                     0);
    assert_string_equal(id, "dun.42.harper-lane@harperlane.example");
    assert_int_equal(mime_message_id(again, sizeof(again), 42, "harper-lane",
                                     "accounts@harperlane.example", &err),
                     0);
    assert_string_equal(again, id);
    assert_int_equal(mime_message_id(id, sizeof(id), INT64_MAX, "t_1",
                                     "a@b.example", &err),
                     0);
    assert_string_equal(id, "dun.9223372036854775807.t_1@b.example");

    strcpy(small, "untouched");
    assert_int_equal(mime_message_id(small, sizeof(small), 42, "harper-lane",
                                     "accounts@harperlane.example", &err),
                     -1);
    assert_string_equal(err.msg, "message id: longer than 19 bytes");
    assert_string_equal(small, "untouched");
    assert_int_equal(mime_message_id(id, sizeof(id), 1, "a.b",
                                     "a@b.example", &err),
                     -1);
    assert_string_equal(err.msg, "message id token: not letters, digits, "
                                 "'-' and '_'");
    assert_int_equal(mime_message_id(id, sizeof(id), 1, "", "a@b.example",
                                     &err),
                     -1);
    assert_string_equal(err.msg, "message id token: not 1 to 64 bytes");
    assert_int_equal(mime_message_id(id, sizeof(id), 1, "t",
                                     "a@b.example\r\nBcc: x@evil.test",
                                     &err),
                     -1);
    assert_string_equal(err.msg, "sender: not an e-mail address: a line "
                                 "break or control character");
}

/* A capped buffer too small for the message: refused, out as it was. */
static void
test_cap_reached_leaves_out(void **state)
{
    unsigned char pdf[5000] = { 0 };
    struct mime_attachment att = { "a.pdf", "application/pdf", pdf,
                                   sizeof(pdf) };
    struct mime_message m = full_message();
    struct sbuf out;
    struct dun_err err = DUN_ERR_INIT;

    (void)state;
    m.attachments = &att;
    m.n_attachments = 1;
    sbuf_init(&out, 4000);
    sbuf_addstr(&out, "kept");
    assert_int_equal(mime_email(&m, &out, &err), -1);
    assert_string_equal(err.msg, "message: larger than 4000 bytes");
    assert_int_equal(out.len, 4);
    assert_string_equal(out.buf, "kept");
    sbuf_release(&out);
}

/* A mail library reads it back: Python's email package, if installed. */
static void
test_python_reads_it_back(void **state)
{
    static const char script[] =
        "import email, email.policy, email.header, hashlib, sys\n"
        "raw = open(sys.argv[1], 'rb').read()\n"
        "m = email.message_from_bytes(raw, policy=email.policy.default)\n"
        "name = lambda h: str(email.header.make_header(\n"
        "    email.header.decode_header(m[h].split(' <')[0])))\n"
        "print(name('From'), '|', name('To'), '|', m['Subject'])\n"
        "print(m['Reply-To'].addresses[0].addr_spec, m['In-Reply-To'],\n"
        "      len(m['References'].split()), m.defects)\n"
        "for p in m.walk():\n"
        "    c = None if p.is_multipart() else p.get_content()\n"
        "    print(p.get_content_type(), p.get_filename(), p.defects,\n"
        "          hashlib.sha256(c).hexdigest()[:16] if type(c) is bytes\n"
        "          else c if c is None else c.splitlines()[0])\n";
    unsigned char pdf[1000];
    struct mime_attachment att = { "Mahnung Nr. 3 – Müller GmbH, Rechnung "
                                   "2026-0042.pdf",
                                   "application/pdf", pdf, sizeof(pdf) };
    struct mime_message m = full_message();
    char path[] = "/tmp/test_mime_XXXXXX", cmd[256], got[2048];
    FILE *fp, *py;
    size_t n;
    char *msg;
    int fd;

    (void)state;
    if (access("/usr/bin/python3", X_OK) != 0)
        skip();
    for (size_t i = 0; i < sizeof(pdf); i++)
        pdf[i] = (unsigned char)i;
    m.attachments = &att;
    m.n_attachments = 1;
    msg = write_message(&m);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(msg, 1, strlen(msg), fp), strlen(msg));
    assert_int_equal(fclose(fp), 0);
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -c \"$MIME_PY\" %s", path);
    assert_int_equal(setenv("MIME_PY", script, 1), 0);
    py = popen(cmd, "r");
    assert_non_null(py);
    n = fread(got, 1, sizeof(got) - 1, py);
    got[n] = '\0';
    assert_int_equal(pclose(py), 0);
    unlink(path);
    /* sha256 of bytes 0..255 repeated to 1000 bytes. */
    assert_string_equal(
        got,
        "Jörg Müller | Zoë Ångström | Zahlungserinnerung – Kundennummer C1 – "
        "offene Rechnungen über 1.234,56 €\n"
        "ar@harperlane.example <dun.3.harper-lane@harperlane.example> 3 []\n"
        "multipart/mixed None [] None\n"
        "multipart/alternative None [] None\n"
        "text/plain None [] Sehr geehrte Frau Ångström,\n"
        "text/html None [] <p>Sehr geehrte Frau &Aring;ngstr&ouml;m,</p>\n"
        "application/pdf Mahnung Nr. 3 – Müller GmbH, Rechnung 2026-0042.pdf "
        "[] a8af099bf2e87860\n");
    free(msg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers_exact),
        cmocka_unit_test(test_plain_message_exact),
        cmocka_unit_test(test_alternative_structure_exact),
        cmocka_unit_test(test_attachment_structure_and_bytes),
        cmocka_unit_test(test_attachment_without_html),
        cmocka_unit_test(test_attachment_file_names),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_bcc_never_written),
        cmocka_unit_test(test_boundary_in_content_is_encoded),
        cmocka_unit_test(test_quoted_printable_lines),
        cmocka_unit_test(test_long_values_fold),
        cmocka_unit_test(test_message_id_stable),
        cmocka_unit_test(test_cap_reached_leaves_out),
        cmocka_unit_test(test_python_reads_it_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
