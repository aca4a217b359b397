/*
 * fuzz_email.c - libFuzzer target for e-mail address checking
 * (contact_email_check, core/contact.h) and its use as a recipient by
 * the MIME writer (render/mime.h).
 *
 * The input, up to its first NUL byte, is an address as an import, a
 * 'customer set --email' or a 'tenant set --email' hands it over. What
 * the check accepts must be what docs/limits.md promises: at most 254
 * bytes, exactly one '@', a local part of 1 to 64 bytes, a domain of two
 * or more labels, each 1 to 63 bytes, no space, control character (C0,
 * DEL, C1, U+2028, U+2029) or any of < > , ; " ( ), and well-formed
 * UTF-8. Such an address must go into a message as the recipient and as
 * the sender the way the outbox exports one: one To header (and one
 * From) holding exactly "<address>", no Cc or Bcc. What the check
 * refuses has a reason, and the MIME writer refuses it too, with that
 * reason.
 *
 * Known and left out (see the fuzz-targets report): the MIME writer
 * refuses every address with a byte outside ASCII ("recipient: cannot go
 * into a header"), though the check accepts UTF-8 addresses (RFC 6531)
 * and imports store them; for those only the refusal is checked here.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/contact.h"
#include "render/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The code point of the well-formed UTF-8 sequence at p (n bytes left)
 * into *cp: its length, or 0. Written again here, apart from the code
 * under test, as RFC 3629 says. */
static size_t
utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t v;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        len = 2, v = p[0] & 0x1f;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        len = 3, v = p[0] & 0x0f;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        len = 4, v = p[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3f);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
        v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

static int
is_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* What docs/limits.md and core/contact.h promise of an accepted address:
 * the limits, then the grammar (RFC 5322 atext and dots before the '@',
 * host name labels after it, UTF-8 allowed on both sides). */
static void
check_accepted(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), local, start;
    const char *at = strchr(s, '@');
    int labels = 0, digits = 0;

    if (n > CONTACT_EMAIL_MAX || at == NULL || strchr(at + 1, '@'))
        abort();
    local = (size_t)(at - s);
    if (local == 0 || local > CONTACT_EMAIL_LOCAL_MAX)
        abort();
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_next(p + i, n - i, &cp);

        if (len == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
            cp == 0x2028 || cp == 0x2029 ||
            (cp < 0x80 && strchr(" <>,;\"()", (int)cp)))
            abort();
        i += len;
    }
    /* Before the '@': atext and dots, no dot first, last or doubled. */
    for (size_t i = 0; i < local; i++) {
        int c = p[i];

        if (c == '.') {
            if (i == 0 || i == local - 1 || s[i - 1] == '.')
                abort();
        } else if (c < 0x80 && !is_alnum(c) &&
                   strchr("!#$%&'*+-/=?^_`{|}~", c) == NULL) {
            abort();
        }
    }
    /* After it: two or more labels of 1 to 63 bytes, letters, digits,
     * hyphens (not first or last) and UTF-8; the last not all digits
     * (an address literal without its brackets). */
    start = local + 1;
    for (size_t i = start; i <= n; i++) {
        if (i < n && s[i] != '.') {
            if (p[i] < 0x80 && !is_alnum(p[i]) && p[i] != '-')
                abort();
            continue;
        }
        if (i == start || i - start > 63 || s[start] == '-' ||
            s[i - 1] == '-')
            abort();
        digits = 1;
        for (size_t k = start; k < i; k++)
            digits &= p[k] >= '0' && p[k] <= '9';
        labels++;
        start = i + 1;
    }
    if (labels < 2 || digits)
        abort();
}

static int
ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* The header section of message m (n bytes) holds exactly one To and one
 * From, "To: <addr>" and "From: <addr>", and no Cc or Bcc. */
static void
check_message(const char *m, size_t n, const char *addr)
{
    char want[CONTACT_EMAIL_MAX + 16];
    int to = 0, from = 0;
    size_t i = 0;

    for (;;) {
        const char *line = m + i;
        const char *end = memchr(line, '\n', n - i);
        size_t len;

        if (end == NULL || end == line || end[-1] != '\r')
            abort();
        len = (size_t)(end - line) - 1;
        i = (size_t)(end - m) + 1;
        if (len == 0)
            break;
        if (len >= 3 && strncasecmp(line, "to:", 3) == 0) {
            snprintf(want, sizeof(want), "To: <%s>", addr);
            if (len != strlen(want) || memcmp(line, want, len) != 0)
                abort();
            to++;
        } else if (len >= 5 && strncasecmp(line, "from:", 5) == 0) {
            snprintf(want, sizeof(want), "From: <%s>", addr);
            if (len != strlen(want) || memcmp(line, want, len) != 0)
                abort();
            from++;
        } else if ((len >= 3 && strncasecmp(line, "cc:", 3) == 0) ||
                   (len >= 4 && strncasecmp(line, "bcc:", 4) == 0)) {
            abort();
        }
    }
    if (to != 1 || from != 1)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    const char *why = NULL;
    struct sbuf out = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    char id[CONTACT_EMAIL_MAX + 16];
    int rc;

    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    rc = contact_email_check(s, &why);
    if (s[0] == '\0') {
        /* "" is "not known": accepted, and no recipient. */
        if (rc != 0)
            abort();
        goto out;
    }
    if (rc < 0 && (why == NULL || why[0] == '\0'))
        abort();
    if (rc == 0)
        check_accepted(s);
    {
        /* As the outbox exports a message: the message id takes the
         * sender's domain. */
        const char *at = strchr(s, '@');
        struct mime_message m = {
            .from_name = "", .from_addr = s, .to_name = "", .to_addr = s,
            .subject = "Payment reminder", .date = 20000,
            .message_id = id, .text = "Hello\n", .html = "",
        };

        snprintf(id, sizeof(id), "dun-1@%s", at && rc == 0 ? at + 1 : "x.test");
        if (mime_email(&m, &out, &err) == 0) {
            if (rc < 0)
                abort(); /* the writer took what the check refused */
            check_message(out.buf, out.len, s);
        } else if (rc == 0) {
            if (ascii(s))
                abort(); /* an accepted address the writer refuses */
            /* Known: not ASCII (see the comment at the top). */
            if (strcmp(err.msg, "sender: cannot go into a header") != 0)
                abort();
        } else {
            char want[sizeof(err.msg)];

            /* Refused for the check's reason, the sender first. */
            snprintf(want, sizeof(want), "sender: not an e-mail address: "
                     "%s", why);
            if (strcmp(err.msg, want) != 0)
                abort();
        }
    }
out:
    sbuf_release(&out);
    free(s);
    return 0;
}
