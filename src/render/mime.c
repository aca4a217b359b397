/*
 * mime.c - a plain-text + HTML e-mail as RFC 5322 text; see mime.h.
 *
 * Bodies go as quoted-printable, so that every line stays under the 998
 * octets RFC 5322 allows and 8-bit text survives any mail path; header
 * words outside ASCII go as RFC 2047 base64 words.
 */
#include <string.h>

#include "core/date.h"
#include "core/contact.h"
#include "render/mime.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* Base64 of s[0..n) (RFC 4648). */
static void
base64(struct sbuf *out, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;

        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        sbuf_addch(out, b64[v >> 18 & 63]);
        sbuf_addch(out, b64[v >> 12 & 63]);
        sbuf_addch(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
        sbuf_addch(out, i + 2 < n ? b64[v & 63] : '=');
    }
}

/* Bytes that fit one encoded word: at most 45 (60 base64 characters,
 * 72 with "=?UTF-8?B?" and "?=", under RFC 2047's 75), ending on a whole
 * UTF-8 character so that no word carries half of one. */
static size_t
word_bytes(const unsigned char *s, size_t n)
{
    size_t k = n < 45 ? n : 45;

    if (k < n)
        while (k > 0 && (s[k] & 0xc0) == 0x80)
            k--;
    return k ? k : (n < 45 ? n : 45);
}

/*
 * A header's text: as it is when it is short printable ASCII, else as
 * RFC 2047 encoded words of at most 72 characters, one to a line, the
 * lines folded with CRLF and a space. So a header line never passes 78
 * characters after its name, and no byte of the value, a CR or LF
 * included, can end the header or start another.
 */
static void
header_text(struct sbuf *out, const char *s, size_t used)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);

    if (ascii_printable(s) && used + n <= 78) {
        sbuf_addstr(out, s);
        return;
    }
    for (size_t i = 0; i < n || i == 0;) {
        size_t k = word_bytes(p + i, n - i);

        if (i > 0)
            sbuf_addstr(out, "\r\n ");
        sbuf_addstr(out, "=?UTF-8?B?");
        base64(out, p + i, k);
        sbuf_addstr(out, "?=");
        i += k;
        if (k == 0)
            break;
    }
}

/* An address header. addr has been checked: one bare addr-spec. */
static void
address(struct sbuf *out, const char *hdr, const char *name, const char *addr)
{
    sbuf_addstr(out, hdr);
    if (name && *name) {
        if (ascii_printable(name) && strlen(name) <= 60) {
            sbuf_addch(out, '"');
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    sbuf_addch(out, '\\');
                sbuf_addch(out, *p);
            }
            sbuf_addch(out, '"');
        } else {
            header_text(out, name, 78);
            sbuf_addstr(out, "\r\n");
        }
        sbuf_addch(out, ' ');
    }
    sbuf_addf(out, "<%s>\r\n", addr);
}

/* A value written into a header as it is: an address or a message id.
 * Whatever its source, it cannot carry a header of its own. */
static int
header_safe(const char *what, const char *v, int is_address,
            struct dun_err *err)
{
    const char *why = NULL;

    if (v == NULL || *v == '\0')
        return dun_err_set(err, DUN_E_INPUT, "%s: none", what);
    if (is_address && contact_email_check(v, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "%s: not an e-mail address: "
                           "%s", what, why);
    if (!ascii_printable(v) || strpbrk(v, "<> ") || strlen(v) > 900)
        return dun_err_set(err, DUN_E_INPUT, "%s: cannot go into a header",
                           what);
    return 0;
}

/* Quoted-printable (RFC 2045), CRLF line ends, soft breaks at 76. */
static void
quoted_printable(struct sbuf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int plain = (c >= 33 && c <= 126 && c != '=') ||
                    ((c == ' ' || c == '\t') && s[1] != '\n' && s[1]);
        size_t w = plain ? 1 : 3;

        if (c == '\n') {
            sbuf_addstr(out, "\r\n");
            col = 0;
            continue;
        }
        if (col + w > 75) {
            sbuf_addstr(out, "=\r\n");
            col = 0;
        }
        if (plain) {
            sbuf_addch(out, (char)c);
        } else {
            sbuf_addch(out, '=');
            sbuf_addch(out, hex[c >> 4]);
            sbuf_addch(out, hex[c & 15]);
        }
        col += w;
    }
    if (col)
        sbuf_addstr(out, "\r\n");
}

static void
part(struct sbuf *out, const char *boundary, const char *type,
     const char *body)
{
    sbuf_addf(out, "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
              boundary, type);
    quoted_printable(out, body);
}

int
mime_email(const struct mime_message *m, struct sbuf *out,
           struct dun_err *err)
{
    static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri",
                                     "Sat", "Sun"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                      "Jun", "Jul", "Aug", "Sep", "Oct",
                                      "Nov", "Dec"};
    const char *boundary = "=_dun_alternative_=";
    int32_t day = m->date;
    int sec = 9 * 3600;
    int y, mo, d;

    if (header_safe("sender", m->from_addr, 1, err) < 0 ||
        header_safe("recipient", m->to_addr, 1, err) < 0 ||
        header_safe("message id", m->message_id, 0, err) < 0)
        return -1;
    if (m->at)
        date_split_instant(m->at, &day, &sec);
    date_to_ymd(day, &y, &mo, &d);
    address(out, "From: ", m->from_name, m->from_addr);
    address(out, "To: ", m->to_name, m->to_addr);
    sbuf_addstr(out, "Subject: ");
    header_text(out, m->subject, strlen("Subject: "));
    sbuf_addf(out, "\r\nDate: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
              wd[date_weekday(day) - 1], d, mon[mo - 1], y, sec / 3600,
              sec / 60 % 60, sec % 60);
    sbuf_addf(out, "Message-ID: <%s>\r\nMIME-Version: 1.0\r\n",
              m->message_id);
    if (!m->html || !*m->html) {
        sbuf_addstr(out, "Content-Type: text/plain; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n"
                         "\r\n");
        quoted_printable(out, m->text);
        return 0;
    }
    sbuf_addf(out, "Content-Type: multipart/alternative; "
                   "boundary=\"%s\"\r\n\r\n", boundary);
    part(out, boundary, "text/plain", m->text);
    part(out, boundary, "text/html", m->html);
    sbuf_addf(out, "--%s--\r\n", boundary);
    return 0;
}
