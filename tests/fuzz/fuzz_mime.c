/*
 * fuzz_mime.c - libFuzzer target for the MIME writer (render/mime.h).
 *
 * The input is split at NUL bytes into the message's fields: sender name
 * and address, recipient name and address, subject, message id, text,
 * HTML. Whatever they hold, the writer either refuses (an address that
 * is not one bare addr-spec, an id that could carry a header) or writes
 * a message whose header section holds exactly the headers it writes,
 * each once, every line ended by CRLF and at most 998 octets, no bare CR
 * or LF anywhere in it, and folded lines starting with a space: no value
 * can inject a header or end the header section early.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const headers[] = {
    "From: ", "To: ", "Subject: ", "Date: ", "Message-ID: ",
    "MIME-Version: ", "Content-Type: ", "Content-Transfer-Encoding: ",
};

static void
check(const char *m, size_t n)
{
    int seen[sizeof(headers) / sizeof(headers[0])] = {0};
    size_t i = 0;

    for (;;) {
        const char *line = m + i;
        const char *end = memchr(line, '\n', n - i);
        size_t len, k;

        if (end == NULL || end == line || end[-1] != '\r')
            abort(); /* every header line ends in CRLF */
        len = (size_t)(end - line) - 1;
        if (len > 998 || memchr(line, '\r', len))
            abort();
        i = (size_t)(end - m) + 1;
        if (len == 0)
            break; /* the end of the header section */
        if (line[0] == ' ')
            continue; /* a folded line */
        for (k = 0; k < sizeof(headers) / sizeof(headers[0]); k++)
            if (len >= strlen(headers[k]) &&
                memcmp(line, headers[k], strlen(headers[k])) == 0)
                break;
        if (k == sizeof(headers) / sizeof(headers[0]))
            abort(); /* a header the writer does not write */
        /* Content-Type and its encoding come once for a plain message;
         * the parts' own come after the header section. */
        if (seen[k]++)
            abort();
    }
    if (!seen[0] || !seen[1] || !seen[2] || !seen[4])
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    const char *f[8] = { "", "", "", "", "", "", "", "" };
    struct sbuf out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    size_t nf = 0;

    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    for (size_t i = 0, start = 0; i <= size && nf < 8; i++)
        if (copy[i] == '\0') {
            f[nf++] = copy + start;
            start = i + 1;
        }
    {
        struct mime_message m = {
            .from_name = f[0], .from_addr = f[1], .to_name = f[2],
            .to_addr = f[3], .subject = f[4], .date = 20000,
            .message_id = f[5], .text = f[6], .html = f[7],
        };

        if (mime_email(&m, &out, &err) == 0)
            check(out.buf, out.len);
        else if (err.msg[0] == '\0')
            abort(); /* a refusal says why */
    }
    sbuf_release(&out);
    free(copy);
    return 0;
}
