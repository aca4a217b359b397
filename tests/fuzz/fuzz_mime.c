/*
 * fuzz_mime.c - libFuzzer target for the MIME writer (render/mime.h).
 *
 * The input is split at NUL bytes into the message's fields: sender name
 * and address, recipient name and address, subject, message id, text,
 * HTML; then Reply-To name and address, In-Reply-To, References (ids
 * apart by 0x1f), Bcc address; then, if the input goes that far, a file:
 * its name, its type (empty: none) and its bytes, all the rest of the
 * input, NULs included.
 *
 * Whatever they hold, the writer either refuses (an address that is not
 * one bare addr-spec, an id that could carry a header or a second id, a
 * type that is not type/subtype, a file name with a control character)
 * or writes a message
 * - whose header section holds exactly the headers it writes, each once,
 *   Reply-To and the threading ids only when given, never a Bcc;
 * - every line of which, header or body, ends in CRLF and is at most 998
 *   octets, with no bare CR or LF anywhere, and folded header lines start
 *   with a space: no value can inject a header or end the header section
 *   early;
 * - whose body has exactly the boundary lines of its structure (the
 *   alternative's with HTML, the mixed one's with a file): no content
 *   can end a part early;
 * - whose file, in base64 lines of at most 76, decodes to its bytes.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFIELDS 15
#define MAX_REFS 16

static const char *const headers[] = {
    "From: ", "To: ", "Subject: ", "Date: ", "Message-ID: ",
    "MIME-Version: ", "Content-Type: ", "Content-Transfer-Encoding: ",
    "Reply-To: ", "In-Reply-To: ", "References: ",
};
#define NHEADERS (sizeof(headers) / sizeof(headers[0]))

static const char alt[] = "--=_dun_alternative_=";
static const char mixed[] = "--=_dun_mixed_=";

/* Lines are CRLF-ended, at most 998 octets, without a bare CR or LF.
 * Returns the length of the line at m[i], its end past the CRLF in
 * *next. */
static size_t
line_at(const char *m, size_t n, size_t i, size_t *next)
{
    const char *line = m + i;
    const char *end = memchr(line, '\n', n - i);
    size_t len;

    if (end == NULL || end == line || end[-1] != '\r')
        abort(); /* every line ends in CRLF */
    len = (size_t)(end - line) - 1;
    if (len > 998 || memchr(line, '\r', len))
        abort();
    *next = (size_t)(end - m) + 1;
    return len;
}

/* The header section; returns where the body starts. */
static size_t
check_headers(const char *m, size_t n, const struct mime_message *msg)
{
    int seen[NHEADERS] = {0};
    size_t i = 0;

    for (;;) {
        const char *line = m + i;
        size_t len = line_at(m, n, i, &i), k;

        if (len == 0)
            break; /* the end of the header section */
        if (line[0] == ' ')
            continue; /* a folded line */
        for (k = 0; k < NHEADERS; k++)
            if (len >= strlen(headers[k]) &&
                memcmp(line, headers[k], strlen(headers[k])) == 0)
                break;
        if (k == NHEADERS)
            abort(); /* a header the writer does not write */
        /* Content-Type and its encoding come once at the top; the parts'
         * own come after the header section. */
        if (seen[k]++)
            abort();
    }
    if (!seen[0] || !seen[1] || !seen[2] || !seen[3] || !seen[4] ||
        !seen[5] || !seen[6])
        abort();
    if (seen[8] != (msg->reply_to_addr && *msg->reply_to_addr) ||
        seen[9] != (msg->in_reply_to && *msg->in_reply_to) ||
        seen[10] != (msg->n_references > 0))
        abort();
    return i;
}

static int
b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* The file's part, from its headers' end: base64 lines of at most 76
 * decoding to exactly the file's bytes, up to the next boundary line,
 * where it returns. */
static size_t
check_file(const char *m, size_t n, size_t i, const struct mime_attachment *a)
{
    const unsigned char *want = a->data;
    size_t got = 0, next;
    unsigned v = 0;
    int bits = 0;

    for (;; i = next) {
        const char *line = m + i;
        size_t len = line_at(m, n, i, &next);

        if (len >= 2 && line[0] == '-' && line[1] == '-')
            break;
        if (len > 76)
            abort();
        for (size_t k = 0; k < len; k++) {
            int d = b64_value(line[k]);

            if (line[k] == '=')
                continue;
            if (d < 0)
                abort();
            v = v << 6 | (unsigned)d;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (got >= a->len || want[got] != (unsigned char)(v >> bits))
                    abort();
                got++;
            }
        }
    }
    if (got != a->len)
        abort();
    return i;
}

/* 1 if line[0..len) is the boundary b's delimiter, 2 if its close, 0 if
 * it does not start with it; aborts on a line that starts with it and
 * goes on: content that could pass for a boundary. */
static int
boundary_line(const char *line, size_t len, const char *b)
{
    size_t bl = strlen(b);

    if (len < bl || memcmp(line, b, bl) != 0)
        return 0;
    if (len == bl)
        return 1;
    if (len == bl + 2 && memcmp(line + bl, "--", 2) == 0)
        return 2;
    abort();
}

/* A file part's headers, after its delimiter: the writer's three, the
 * encoding base64; returns where its body starts. */
static size_t
file_headers(const char *m, size_t n, size_t i)
{
    static const char cte[] = "Content-Transfer-Encoding: base64";

    for (;;) {
        const char *line = m + i;
        size_t len = line_at(m, n, i, &i);

        if (len == 0)
            return i;
        if (line[0] == ' ' ||
            (len == strlen(cte) && memcmp(line, cte, len) == 0) ||
            (len > 14 && memcmp(line, "Content-Type: ", 14) == 0) ||
            (len >= 31 &&
             memcmp(line, "Content-Disposition: attachment", 31) == 0))
            continue;
        abort();
    }
}

/* The body: its lines, its boundary lines (a line starting with a
 * boundary is one of the writer's, as many as its structure has), and
 * after each but the first of the mixed boundary, a file. */
static void
check_body(const char *m, size_t n, size_t i, const struct mime_message *msg)
{
    int html = msg->html && *msg->html;
    size_t want_alt = html ? 3 : 0;
    size_t want_mixed = msg->n_attachments ? 2 + msg->n_attachments : 0;
    size_t n_alt = 0, n_mixed = 0, files = 0;

    while (i < n) {
        const char *line = m + i;
        size_t len = line_at(m, n, i, &i);
        int b;

        n_alt += boundary_line(line, len, alt) != 0;
        b = boundary_line(line, len, mixed);
        n_mixed += b != 0;
        if (b == 1 && n_mixed > 1) {
            if (files >= msg->n_attachments)
                abort();
            i = file_headers(m, n, i);
            i = check_file(m, n, i, &msg->attachments[files++]);
        }
    }
    if (n_alt != want_alt || n_mixed != want_mixed ||
        files != msg->n_attachments)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    const char *f[NFIELDS];
    const char *refs[MAX_REFS];
    struct mime_attachment att = { 0 };
    struct sbuf out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    size_t nf = 0, nrefs = 0, i = 0, start = 0;

    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    for (size_t k = 0; k < NFIELDS; k++)
        f[k] = "";
    for (; i <= size && nf < NFIELDS; i++)
        if (copy[i] == '\0') {
            f[nf++] = copy + start;
            start = i + 1;
        }
    /* The ids of References, apart by 0x1f (its field is ours to cut). */
    for (char *p = (char *)f[11]; *f[11] && nrefs < MAX_REFS;) {
        char *sep = strchr(p, 0x1f);

        refs[nrefs++] = p;
        if (sep == NULL)
            break;
        *sep = '\0';
        p = sep + 1;
    }
    if (nf == NFIELDS) {
        att.filename = f[13];
        att.content_type = *f[14] ? f[14] : NULL;
        att.data = copy + start;
        att.len = start <= size ? size - start : 0;
    }
    {
        struct mime_message m = {
            .from_name = f[0], .from_addr = f[1], .to_name = f[2],
            .to_addr = f[3], .subject = f[4], .date = 20000,
            .message_id = f[5], .text = f[6], .html = f[7],
            .reply_to_name = f[8], .reply_to_addr = f[9],
            .in_reply_to = f[10], .references = refs, .n_references = nrefs,
            .bcc_addr = f[12], .attachments = &att,
            .n_attachments = nf == NFIELDS,
        };

        if (mime_email(&m, &out, &err) == 0)
            check_body(out.buf, out.len, check_headers(out.buf, out.len, &m),
                       &m);
        else if (err.msg[0] == '\0')
            abort(); /* a refusal says why */
    }
    sbuf_release(&out);
    free(copy);
    return 0;
}
