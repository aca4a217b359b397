/*
 * mime.c - a plain-text + HTML e-mail, with files, as RFC 5322 text; see
 * mime.h. Pure: no I/O, no clock.
 *
 * Bodies go as quoted-printable, so that every line stays under the 998
 * octets RFC 5322 allows and 8-bit text survives any mail path; files go
 * as base64; header words outside ASCII go as RFC 2047 base64 words, file
 * names outside ASCII as RFC 2231 parameters.
 *
 * Everything is written through struct writer, whose failure sticks: once
 * the output's cap is reached nothing more is written, and mime_email()
 * takes the partial message back off. The bodies are encoded into a small
 * staging buffer and appended a few kilobytes at a time.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/contact.h"
#include "render/mime.h"

/* No content can hold either (see mime.h), and neither is a prefix of
 * the other, as RFC 2046 section 5.1 requires of nested parts. */
#define BOUNDARY_ALT "=_dun_alternative_="
#define BOUNDARY_MIXED "=_dun_mixed_="

/* RFC 5322 2.1.1: lines SHOULD stay within 78 characters; RFC 2047 2:
 * a line holding an encoded word within 76. */
#define LINE_SOFT 78
#define LINE_WORDS 76

#define ID_MAX 900
#define FILENAME_MAX_BYTES 255
#define TYPE_NAME_MAX 127 /* RFC 6838 4.2: type and subtype names */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hex[] = "0123456789ABCDEF";

struct writer {
    struct sbuf *sb;
    int full; /* an append failed: out's cap is reached */
};

static void
put(struct writer *w, const void *p, size_t n)
{
    if (!w->full && sbuf_add(w->sb, p, n) < 0)
        w->full = 1;
}

static void
puts_(struct writer *w, const char *s)
{
    put(w, s, strlen(s));
}

static void
putf(struct writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct writer *w, const char *fmt, ...)
{
    va_list ap;

    if (w->full)
        return;
    va_start(ap, fmt);
    if (sbuf_vaddf(w->sb, fmt, ap) < 0)
        w->full = 1;
    va_end(ap);
}

/* Bytes encoded before they are appended: big enough that appending
 * costs little, small enough for the stack. */
struct stage {
    size_t n;
    char b[4096];
};

/* Room for at least 8 more bytes in st, appending what it holds. */
static void
stage_room(struct writer *w, struct stage *st)
{
    if (st->n > sizeof(st->b) - 8) {
        put(w, st->b, st->n);
        st->n = 0;
    }
}

static int
ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* Base64 of s[0..n) (RFC 4648) into dst, which has room for
 * 4 * ((n + 2) / 3) bytes; returns the bytes written. */
static size_t
base64_to(char *dst, const unsigned char *s, size_t n)
{
    char *d = dst;
    size_t i = 0;

    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];

        d[0] = b64[v >> 18 & 63];
        d[1] = b64[v >> 12 & 63];
        d[2] = b64[v >> 6 & 63];
        d[3] = b64[v & 63];
        d += 4;
    }
    if (i < n) {
        unsigned v = (unsigned)s[i] << 16;

        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        d[0] = b64[v >> 18 & 63];
        d[1] = b64[v >> 12 & 63];
        d[2] = i + 1 < n ? b64[v >> 6 & 63] : '=';
        d[3] = '=';
        d += 4;
    }
    return (size_t)(d - dst);
}

/* Bytes that fit one encoded word: at most max, ending on a whole UTF-8
 * character so that no word carries half of one (unless the text is
 * not UTF-8 there: then max), and after a space when one is in the
 * word's second half: decoders that wrongly keep the folding space
 * between two words then split the text where it had a space anyway. */
static size_t
word_bytes(const unsigned char *s, size_t n, size_t max)
{
    size_t k = n < max ? n : max;

    if (k == n)
        return k;
    while (k > 0 && (s[k] & 0xc0) == 0x80)
        k--;
    if (k == 0)
        return max;
    for (size_t j = k; j > k / 2; j--)
        if (s[j - 1] == ' ')
            return j;
    return k;
}

/*
 * A header's text, the line holding col characters so far: as it is
 * when it is printable ASCII that fits the line and force is 0, else as
 * RFC 2047 encoded words of whole UTF-8 characters, one to a line, the
 * lines folded with CRLF and a space and at most 76 characters long. So
 * no byte of the value, a CR or LF included, can end the header or start
 * another. Returns the column after the text.
 */
static size_t
header_text(struct writer *w, const char *s, size_t col, int force)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);

    if (!force && ascii_printable(s) && col + n <= LINE_SOFT) {
        puts_(w, s);
        return col + n;
    }
    for (size_t i = 0; i < n || i == 0;) {
        /* "=?UTF-8?B?" and "?=" take 12 characters, each 3 bytes 4
         * more: 45 bytes make a word of 72, the most for a folded line. */
        size_t room = col + 12 + 4 < LINE_WORDS ? LINE_WORDS - col - 12 : 0;
        size_t max = room / 4 * 3 < 45 ? room / 4 * 3 : 45;
        size_t k;
        char enc[60];

        if (i > 0 || max == 0) {
            puts_(w, "\r\n ");
            col = 1;
            max = 45;
        }
        k = word_bytes(p + i, n - i, max);
        puts_(w, "=?UTF-8?B?");
        put(w, enc, base64_to(enc, p + i, k));
        puts_(w, "?=");
        col += 12 + 4 * ((k + 2) / 3);
        i += k;
        if (k == 0)
            break;
    }
    return col;
}

/* An address header. addr has been checked: one bare addr-spec. The
 * display name goes as a quoted string when it is short printable ASCII,
 * else as encoded words; the address follows on the line if it fits. */
static void
address(struct writer *w, const char *hdr, const char *name,
        const char *addr)
{
    size_t col = strlen(hdr), alen = strlen(addr) + 2;

    puts_(w, hdr);
    if (name && *name) {
        size_t limit = LINE_SOFT;

        if (ascii_printable(name) && strlen(name) <= 60) {
            char q[2 * 60 + 2];
            size_t k = 0;

            q[k++] = '"';
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    q[k++] = '\\';
                q[k++] = *p;
            }
            q[k++] = '"';
            put(w, q, k);
            col += k;
        } else {
            col = header_text(w, name, col, 1);
            limit = LINE_WORDS;
        }
        if (col + 1 + alen > limit)
            puts_(w, "\r\n");
        put(w, " ", 1);
    }
    putf(w, "<%s>\r\n", addr);
}

/* A value written into a header as it is: an address or a message id.
 * Whatever its source, it cannot carry a header of its own, nor a second
 * address or id. */
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
    if (!ascii_printable(v) || strpbrk(v, "<> ") || strlen(v) > ID_MAX)
        return dun_err_set(err, DUN_E_INPUT, "%s: cannot go into a header",
                           what);
    return 0;
}

/* An RFC 2045 token: printable ASCII but space and tspecials. */
static size_t
token_len(const char *s)
{
    size_t n = 0;

    while (s[n] > 0x20 && s[n] < 0x7f && !strchr("()<>@,;:\\\"/[]?=", s[n]))
        n++;
    return n;
}

/* A file's type and name, before anything is written. */
static int
attachment_check(size_t i, const struct mime_attachment *a,
                 struct dun_err *err)
{
    const char *why = NULL;

    if (a->data == NULL && a->len > 0)
        return dun_err_set(err, DUN_E_INPUT, "attachment %zu: no data",
                           i + 1);
    if (a->content_type) {
        const char *t = a->content_type;
        size_t k = token_len(t), l;

        if (k == 0 || k > TYPE_NAME_MAX || t[k] != '/' ||
            (l = token_len(t + k + 1)) == 0 || l > TYPE_NAME_MAX ||
            t[k + 1 + l] != '\0')
            return dun_err_set(err, DUN_E_INPUT, "attachment %zu: type: "
                               "not type/subtype", i + 1);
    }
    if (a->filename && *a->filename &&
        contact_text_check(a->filename, FILENAME_MAX_BYTES, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT, "attachment %zu: file name: "
                           "%s", i + 1, why);
    return 0;
}

static int
attr_char(unsigned char c)
{
    /* RFC 2231 attribute-char: a token character but '*', ''', '%'. */
    return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?=*'%", c);
}

/*
 * Content-Disposition with the file's name: quoted when it is short
 * plain ASCII, else RFC 2231 (percent-encoded UTF-8), split into
 * numbered continuations when long, every line within 78 characters.
 */
static void
disposition(struct writer *w, const char *name)
{
    static const char hdr[] = "Content-Disposition: attachment";
    const unsigned char *p = (const unsigned char *)name;
    size_t n = name ? strlen(name) : 0, e = 0;
    char enc[3 * FILENAME_MAX_BYTES]; /* the name was checked: fits */

    puts_(w, hdr);
    if (n == 0) {
        puts_(w, "\r\n");
        return;
    }
    if (ascii_printable(name) && !strpbrk(name, "\"\\") &&
        strlen(hdr) + strlen("; filename=\"\"") + n <= LINE_SOFT) {
        putf(w, "; filename=\"%s\"\r\n", name);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (attr_char(p[i])) {
            enc[e++] = (char)p[i];
        } else {
            enc[e++] = '%';
            enc[e++] = hex[p[i] >> 4];
            enc[e++] = hex[p[i] & 15];
        }
    }
    /* " filename*=UTF-8''" takes 18 characters, " filename*99*=UTF-8''"
     * 21: 50 characters of the name keep each line within 78. */
    if (e <= 50) {
        puts_(w, ";\r\n filename*=UTF-8''");
        put(w, enc, e);
        puts_(w, "\r\n");
        return;
    }
    for (size_t off = 0, part = 0; off < e; part++) {
        size_t k = e - off < 50 ? e - off : 50;

        /* A continuation never splits a %XX. */
        if (off + k < e && enc[off + k - 1] == '%')
            k -= 1;
        else if (off + k < e && enc[off + k - 2] == '%')
            k -= 2;
        putf(w, ";\r\n filename*%zu*=%s", part, part ? "" : "UTF-8''");
        put(w, enc + off, k);
        off += k;
    }
    puts_(w, "\r\n");
}

/*
 * Quoted-printable (RFC 2045 6.7): CRLF line ends (a text's LF or CRLF),
 * soft breaks so that no line passes 76 characters, a space or tab
 * before a line end encoded so that no transport strips it.
 */
static void
quoted_printable(struct writer *w, const char *s)
{
    struct stage st;
    size_t col = 0;

    st.n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *next = s + 1;
        int eol, plain;
        size_t wd;

        stage_room(w, &st);
        if (c == '\n' || (c == '\r' && s[1] == '\n')) {
            s += c == '\r';
            st.b[st.n++] = '\r';
            st.b[st.n++] = '\n';
            col = 0;
            continue;
        }
        eol = *next == '\0' || *next == '\n' ||
              (*next == '\r' && next[1] == '\n');
        plain = (c >= 33 && c <= 126 && c != '=') ||
                ((c == ' ' || c == '\t') && !eol);
        wd = plain ? 1 : 3;
        if (col + wd > 75) {
            st.b[st.n++] = '=';
            st.b[st.n++] = '\r';
            st.b[st.n++] = '\n';
            col = 0;
            stage_room(w, &st);
        }
        if (plain) {
            st.b[st.n++] = (char)c;
        } else {
            st.b[st.n++] = '=';
            st.b[st.n++] = hex[c >> 4];
            st.b[st.n++] = hex[c & 15];
        }
        col += wd;
    }
    if (col) {
        st.b[st.n++] = '\r';
        st.b[st.n++] = '\n';
    }
    put(w, st.b, st.n);
}

/* Base64 in lines of 76 characters (RFC 2045 6.8), each ended by CRLF. */
static void
base64_body(struct writer *w, const unsigned char *s, size_t n)
{
    struct stage st;

    st.n = 0;
    for (size_t i = 0; i < n; i += 57) {
        size_t k = n - i < 57 ? n - i : 57;

        if (st.n + 78 > sizeof(st.b)) {
            put(w, st.b, st.n);
            st.n = 0;
        }
        st.n += base64_to(st.b + st.n, s + i, k);
        st.b[st.n++] = '\r';
        st.b[st.n++] = '\n';
    }
    put(w, st.b, st.n);
}

static void
text_part(struct writer *w, const char *boundary, const char *type,
          const char *body)
{
    if (boundary)
        putf(w, "--%s\r\n", boundary);
    putf(w, "Content-Type: %s; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
         type);
    quoted_printable(w, body);
}

/* The text, as one text/plain part or, with HTML, as
 * multipart/alternative. */
static void
texts(struct writer *w, const char *boundary, const struct mime_message *m)
{
    const char *text = m->text ? m->text : "";

    if (!m->html || !*m->html) {
        text_part(w, boundary, "text/plain", text);
        return;
    }
    if (boundary)
        putf(w, "--%s\r\n", boundary);
    puts_(w, "Content-Type: multipart/alternative; "
             "boundary=\"" BOUNDARY_ALT "\"\r\n\r\n");
    text_part(w, BOUNDARY_ALT, "text/plain", text);
    text_part(w, BOUNDARY_ALT, "text/html", m->html);
    puts_(w, "--" BOUNDARY_ALT "--\r\n");
}

static void
attachment(struct writer *w, const struct mime_attachment *a)
{
    putf(w, "--" BOUNDARY_MIXED "\r\nContent-Type: %s\r\n"
            "Content-Transfer-Encoding: base64\r\n",
         a->content_type ? a->content_type : "application/octet-stream");
    disposition(w, a->filename);
    puts_(w, "\r\n");
    base64_body(w, a->data, a->len);
}

/* A header of message ids: "<id>" each, folded between ids. */
static void
id_list(struct writer *w, const char *hdr, const char *const *ids,
        size_t n)
{
    size_t col = strlen(hdr);

    puts_(w, hdr);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(ids[i]) + 2;

        if (i > 0) {
            if (col + 1 + len > LINE_SOFT) {
                puts_(w, "\r\n");
                col = 0;
            }
            put(w, " ", 1);
            col++;
        }
        putf(w, "<%s>", ids[i]);
        col += len;
    }
    puts_(w, "\r\n");
}

/* Every value that goes into a header as it is, before anything is
 * written. */
static int
message_check(const struct mime_message *m, struct dun_err *err)
{
    if (header_safe("sender", m->from_addr, 1, err) < 0 ||
        header_safe("recipient", m->to_addr, 1, err) < 0 ||
        header_safe("message id", m->message_id, 0, err) < 0)
        return -1;
    if (m->reply_to_addr && *m->reply_to_addr &&
        header_safe("reply-to", m->reply_to_addr, 1, err) < 0)
        return -1;
    if (m->bcc_addr && *m->bcc_addr &&
        header_safe("bcc", m->bcc_addr, 1, err) < 0)
        return -1;
    if (m->in_reply_to && *m->in_reply_to &&
        header_safe("in-reply-to", m->in_reply_to, 0, err) < 0)
        return -1;
    if (m->n_references > 0 && m->references == NULL)
        return dun_err_set(err, DUN_E_INPUT, "references: none");
    for (size_t i = 0; i < m->n_references; i++) {
        char what[32];

        snprintf(what, sizeof(what), "reference %zu", i + 1);
        if (header_safe(what, m->references[i], 0, err) < 0)
            return -1;
    }
    if (m->n_attachments > 0 && m->attachments == NULL)
        return dun_err_set(err, DUN_E_INPUT, "attachments: none");
    for (size_t i = 0; i < m->n_attachments; i++)
        if (attachment_check(i, &m->attachments[i], err) < 0)
            return -1;
    return 0;
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
    struct writer w = { out, 0 };
    size_t start = out->len;
    int32_t day = m->date;
    int sec = 9 * 3600;
    int y, mo, d;

    if (message_check(m, err) < 0)
        return -1;
    if (m->at)
        date_split_instant(m->at, &day, &sec);
    date_to_ymd(day, &y, &mo, &d);
    address(&w, "From: ", m->from_name, m->from_addr);
    address(&w, "To: ", m->to_name, m->to_addr);
    if (m->reply_to_addr && *m->reply_to_addr)
        address(&w, "Reply-To: ", m->reply_to_name, m->reply_to_addr);
    puts_(&w, "Subject: ");
    header_text(&w, m->subject ? m->subject : "", strlen("Subject: "), 0);
    putf(&w, "\r\nDate: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
         wd[date_weekday(day) - 1], d, mon[mo - 1], y, sec / 3600,
         sec / 60 % 60, sec % 60);
    putf(&w, "Message-ID: <%s>\r\n", m->message_id);
    if (m->in_reply_to && *m->in_reply_to)
        id_list(&w, "In-Reply-To: ", &m->in_reply_to, 1);
    if (m->n_references > 0)
        id_list(&w, "References: ", m->references, m->n_references);
    puts_(&w, "MIME-Version: 1.0\r\n");
    if (m->n_attachments == 0) {
        /* The message as it was before files: the texts at the top. */
        texts(&w, NULL, m);
    } else {
        puts_(&w, "Content-Type: multipart/mixed; "
                  "boundary=\"" BOUNDARY_MIXED "\"\r\n\r\n");
        texts(&w, BOUNDARY_MIXED, m);
        for (size_t i = 0; i < m->n_attachments; i++)
            attachment(&w, &m->attachments[i]);
        puts_(&w, "--" BOUNDARY_MIXED "--\r\n");
    }
    if (w.full) {
        out->len = start;
        out->buf[start] = '\0'; /* where the NUL was */
        return dun_err_set(err, DUN_E_INPUT, "message: larger than %zu "
                           "bytes", out->max);
    }
    return 0;
}

int
mime_message_id(char *out, size_t n, int64_t seq, const char *token,
                const char *from_addr, struct dun_err *err)
{
    size_t tlen = token ? strlen(token) : 0;
    const char *at;
    int k;

    if (header_safe("sender", from_addr, 1, err) < 0)
        return -1;
    if (tlen == 0 || tlen > MIME_TOKEN_MAX)
        return dun_err_set(err, DUN_E_INPUT, "message id token: not 1 to "
                           "%d bytes", MIME_TOKEN_MAX);
    for (size_t i = 0; i < tlen; i++) {
        unsigned char c = (unsigned char)token[i];

        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
              (c >= 'a' && c <= 'z') || c == '-' || c == '_'))
            return dun_err_set(err, DUN_E_INPUT, "message id token: not "
                               "letters, digits, '-' and '_'");
    }
    at = strrchr(from_addr, '@'); /* there is one: the address is valid */
    k = snprintf(NULL, 0, "dun.%" PRId64 ".%s@%s", seq, token, at + 1);
    if (k < 0 || (size_t)k >= n)
        return dun_err_set(err, DUN_E_INPUT, "message id: longer than %zu "
                           "bytes", n ? n - 1 : 0);
    snprintf(out, n, "dun.%" PRId64 ".%s@%s", seq, token, at + 1);
    return 0;
}
