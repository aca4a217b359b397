/*
 * mime.c - a plain-text + HTML e-mail as RFC 5322 text; see mime.h.
 *
 * Bodies go as quoted-printable, so that every line stays under the 998
 * octets RFC 5322 allows and 8-bit text survives any mail path; header
 * words outside ASCII go as RFC 2047 base64 words.
 */
#include <string.h>

#include "core/date.h"
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

/* An RFC 2047 encoded word (or the text itself when plain ASCII). */
static void
header_text(struct sbuf *out, const char *s)
{
    size_t n = strlen(s);

    if (ascii_printable(s)) {
        sbuf_addstr(out, s);
        return;
    }
    sbuf_addstr(out, "=?UTF-8?B?");
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;

        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        sbuf_addch(out, b64[v >> 18 & 63]);
        sbuf_addch(out, b64[v >> 12 & 63]);
        sbuf_addch(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
        sbuf_addch(out, i + 2 < n ? b64[v & 63] : '=');
    }
    sbuf_addstr(out, "?=");
}

static void
address(struct sbuf *out, const char *hdr, const char *name, const char *addr)
{
    sbuf_addstr(out, hdr);
    if (name && *name) {
        if (ascii_printable(name)) {
            sbuf_addch(out, '"');
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    sbuf_addch(out, '\\');
                sbuf_addch(out, *p);
            }
            sbuf_addch(out, '"');
        } else {
            header_text(out, name);
        }
        sbuf_addch(out, ' ');
    }
    sbuf_addf(out, "<%s>\r\n", addr && *addr ? addr : "undisclosed");
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

void
mime_email(const struct mime_message *m, struct sbuf *out)
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

    if (m->at)
        date_split_instant(m->at, &day, &sec);
    date_to_ymd(day, &y, &mo, &d);
    address(out, "From: ", m->from_name, m->from_addr);
    address(out, "To: ", m->to_name, m->to_addr);
    sbuf_addstr(out, "Subject: ");
    header_text(out, m->subject);
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
        return;
    }
    sbuf_addf(out, "Content-Type: multipart/alternative; "
                   "boundary=\"%s\"\r\n\r\n", boundary);
    part(out, boundary, "text/plain", m->text);
    part(out, boundary, "text/html", m->html);
    sbuf_addf(out, "--%s--\r\n", boundary);
}
