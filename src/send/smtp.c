/*
 * smtp.c - one SMTP session over libcurl's SMTP support; see smtp.h.
 *
 * libcurl runs the protocol: greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT,
 * DATA with dot-stuffing, QUIT. This file chooses the options, checks
 * what goes in, and turns what came back into a struct smtp_result.
 *
 * The server's replies come from CURLOPT_HEADERFUNCTION, to which
 * libcurl hands every reply line of the SMTP, IMAP, POP3 and FTP
 * protocols. The debug callback would show them too, but only with
 * CURLOPT_VERBOSE on, and it would also show the commands sent, AUTH
 * among them: it is not used, so the password never passes through
 * this file after it is handed to libcurl.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/contact.h"
#include "core/xalloc.h"
#include "send/smtp.h"

#define SMTP_TIMEOUT_DEFAULT_MS 60000L
#define SMTP_LINE_MAX 998 /* RFC 5321 section 4.5.3.1.6, CRLF not counted */

/* A reply of the server, line by line as libcurl passes it on. */
struct smtp_reply {
    char text[SMTP_TEXT_MAX];
    size_t len;
    int code; /* 0 when the reply did not start with one */
};

struct smtp_session {
    CURL *curl;
    char *url; /* for messages: it carries no credentials */
    char errbuf[CURL_ERROR_SIZE];
    struct smtp_reply cur; /* being read */
    int cur_complete;      /* its last line has come */
    /* The reply that decided the transaction: the latest complete one,
     * up to the one to the end of data. Later replies belong to closing
     * connections (QUIT's "221 Bye", an old connection's "421"). */
    struct smtp_reply last;
    int last_final;
    /* The message being sent. */
    const char *data;
    size_t len, off;
    int body_started; /* the server said 354 and asked for the body */
    int body_done;    /* libcurl has all of it */
};

/* One reply line (CRLF included) into s->cur, and a complete reply
 * into s->last. A reply is "ddd text" or several lines "ddd-text" ending
 * with a "ddd text" (RFC 5321 section 4.2.1). Untrusted text: kept as
 * printable ASCII only. */
static size_t
on_reply_line(char *buf, size_t size, size_t nitems, void *ud)
{
    struct smtp_session *s = ud;
    struct smtp_reply *r = &s->cur;
    size_t n = size * nitems, line = n;

    while (line > 0 && (buf[line - 1] == '\n' || buf[line - 1] == '\r'))
        line--;
    if (s->cur_complete) {
        r->len = 0;
        r->code = 0;
        s->cur_complete = 0;
    }
    if (r->len > 0 && r->len + 1 < sizeof(r->text))
        r->text[r->len++] = '\n';
    for (size_t i = 0; i < line && r->len + 1 < sizeof(r->text); i++) {
        unsigned char c = (unsigned char)buf[i];

        r->text[r->len++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    r->text[r->len] = '\0';
    if (line >= 4 && buf[3] == '-')
        return n;
    s->cur_complete = 1;
    if (line >= 3 && buf[0] >= '1' && buf[0] <= '5' && buf[1] >= '0' &&
        buf[1] <= '9' && buf[2] >= '0' && buf[2] <= '9')
        r->code = (buf[0] - '0') * 100 + (buf[1] - '0') * 10 + (buf[2] - '0');
    /* 221 answers QUIT only (RFC 5321 section 4.3.2). */
    if (s->last_final || r->code == 221)
        return n;
    s->last = *r;
    s->last_final = s->body_done;
    return n;
}

/* SMTP downloads nothing; anything that came would be dropped here
 * rather than written to stdout, libcurl's default. */
static size_t
discard(char *buf, size_t size, size_t nitems, void *ud)
{
    (void)buf;
    (void)ud;
    return size * nitems;
}

static size_t
read_body(char *buf, size_t size, size_t nitems, void *ud)
{
    struct smtp_session *s = ud;
    size_t n = size * nitems;

    s->body_started = 1;
    if (n > s->len - s->off)
        n = s->len - s->off;
    memcpy(buf, s->data + s->off, n);
    s->off += n;
    /* libcurl knows the size and asks no more once it has it all. */
    if (s->off == s->len)
        s->body_done = 1;
    return n;
}

/* The URL: smtp:// or smtps://, no user or password in it. */
static int
url_check(const char *url, struct dun_err *err)
{
    const char *rest;

    if (url == NULL || *url == '\0')
        return dun_err_set(err, DUN_E_INPUT, "smtp url: none");
    if (strncasecmp(url, "smtp://", 7) == 0)
        rest = url + 7;
    else if (strncasecmp(url, "smtps://", 8) == 0)
        rest = url + 8;
    else
        return dun_err_set(err, DUN_E_INPUT,
                           "smtp url: not smtp:// or smtps://");
    if (*rest == '\0' || *rest == '/')
        return dun_err_set(err, DUN_E_INPUT, "smtp url: no host");
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            return dun_err_set(err, DUN_E_INPUT,
                               "smtp url: a space or control character");
    /* Checked on the whole URL: an '@' anywhere could be read as the
     * end of credentials that would then go into messages and logs. */
    if (strchr(url, '@') != NULL)
        return dun_err_set(
            err, DUN_E_INPUT,
            "smtp url: credentials in the url (give user and password apart)");
    return 0;
}

struct smtp_session *
smtp_open(const struct smtp_config *cfg, struct dun_err *err)
{
    struct smtp_session *s = NULL;
    long timeout =
        cfg->timeout_ms > 0 ? cfg->timeout_ms : SMTP_TIMEOUT_DEFAULT_MS;
    long use_ssl;
    int have_user = cfg->user != NULL && *cfg->user != '\0';
    CURLcode rc = CURLE_OK;

    if (url_check(cfg->url, err) < 0)
        return NULL;
    if (!have_user && cfg->password != NULL && *cfg->password != '\0') {
        dun_err_set(err, DUN_E_INPUT, "smtp: a password without a user");
        return NULL;
    }
    switch (cfg->starttls) {
    case SMTP_STARTTLS_REQUIRED:
        use_ssl = (long)CURLUSESSL_ALL;
        break;
    case SMTP_STARTTLS_OPTIONAL:
        use_ssl = (long)CURLUSESSL_TRY;
        break;
    case SMTP_STARTTLS_NEVER:
        use_ssl = (long)CURLUSESSL_NONE;
        break;
    default:
        dun_err_set(err, DUN_E_INPUT,
                    "smtp: starttls: not required, optional or never");
        return NULL;
    }
    /* Reference-counted, and thread-safe in libcurl >= 7.84; paired
     * with the cleanup in smtp_close. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        dun_err_set(err, DUN_E_INTERNAL, "smtp: libcurl did not start");
        return NULL;
    }
    s = xcalloc(1, sizeof(*s));
    s->url = xstrdup(cfg->url);
    s->curl = curl_easy_init();
    if (s->curl == NULL) {
        dun_err_set(err, DUN_E_INTERNAL, "smtp: libcurl did not start");
        goto fail;
    }

#define SETOPT(opt, val)                                                       \
    do {                                                                       \
        if (rc == CURLE_OK)                                                    \
            rc = curl_easy_setopt(s->curl, opt, val);                          \
    } while (0)
    SETOPT(CURLOPT_URL, cfg->url);
    /* Never another protocol, whatever the URL turns into. */
#if LIBCURL_VERSION_NUM >= 0x075500
    SETOPT(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
    SETOPT(CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
    SETOPT(CURLOPT_VERBOSE, 0L);
    SETOPT(CURLOPT_NOSIGNAL, 1L);
    SETOPT(CURLOPT_NOPROGRESS, 1L);
    /* One connection: when a new one is opened (connection_spoke), the
     * old one is closed as the new one is kept. */
    SETOPT(CURLOPT_MAXCONNECTS, 1L);
    SETOPT(CURLOPT_ERRORBUFFER, s->errbuf);
    SETOPT(CURLOPT_USE_SSL, use_ssl);
    SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
    SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
    if (cfg->ca_file != NULL && *cfg->ca_file != '\0')
        SETOPT(CURLOPT_CAINFO, cfg->ca_file);
    if (have_user) {
        SETOPT(CURLOPT_USERNAME, cfg->user);
        SETOPT(CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
    }
    SETOPT(CURLOPT_CONNECTTIMEOUT_MS, timeout);
    SETOPT(CURLOPT_TIMEOUT_MS, timeout);
    /* The wait for QUIT's reply in smtp_close is outside any transfer
     * and has only this limit (libcurl's default: 120 s). */
    SETOPT(CURLOPT_SERVER_RESPONSE_TIMEOUT, (timeout + 999) / 1000);
    SETOPT(CURLOPT_UPLOAD, 1L);
    SETOPT(CURLOPT_READFUNCTION, read_body);
    SETOPT(CURLOPT_READDATA, s);
    SETOPT(CURLOPT_HEADERFUNCTION, on_reply_line);
    SETOPT(CURLOPT_HEADERDATA, s);
    SETOPT(CURLOPT_WRITEFUNCTION, discard);
#undef SETOPT
    if (rc != CURLE_OK) {
        /* curl_easy_strerror names the failure without the value. */
        dun_err_set(err, DUN_E_INTERNAL, "smtp: libcurl: %s",
                    curl_easy_strerror(rc));
        goto fail;
    }
    return s;
fail:
    smtp_close(s);
    return NULL;
}

void
smtp_close(struct smtp_session *s)
{
    if (s == NULL)
        return;
    if (s->curl != NULL)
        curl_easy_cleanup(s->curl); /* QUIT on an open connection */
    free(s->url);
    free(s);
    curl_global_cleanup();
}

/* One bare addr-spec, as a message header would take it. */
static int
address_check(const char *what, const char *addr, struct dun_err *err)
{
    const char *why = NULL;

    if (addr == NULL || *addr == '\0')
        return dun_err_set(err, DUN_E_INPUT, "smtp: %s: none", what);
    if (contact_email_check(addr, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "smtp: %s: not an e-mail address: %s", what, why);
    return 0;
}

/* CRLF line ends only, no NUL, lines of at most 998 octets: what every
 * server takes, and the bytes it stores are the bytes given. */
static int
data_check(const char *data, size_t len, struct dun_err *err)
{
    size_t line_start = 0;

    if (len == 0)
        return dun_err_set(err, DUN_E_INPUT, "smtp: message: empty");
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\0')
            return dun_err_set(err, DUN_E_INPUT,
                               "smtp: message: a NUL byte at offset %zu", i);
        if (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n'))
            return dun_err_set(err, DUN_E_INPUT,
                               "smtp: message: a CR without LF at offset %zu",
                               i);
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            return dun_err_set(err, DUN_E_INPUT,
                               "smtp: message: an LF without CR at offset %zu",
                               i);
        if (data[i] == '\n')
            line_start = i + 1;
        else if (data[i] != '\r' && i - line_start >= SMTP_LINE_MAX)
            return dun_err_set(
                err, DUN_E_INPUT,
                "smtp: message: a line longer than %d octets at offset %zu",
                SMTP_LINE_MAX, line_start);
    }
    return 0;
}

/* The id in "... queued as 4F2A1" (Postfix) or "... id=1rA-0001-2K"
 * (Exim): the word after the marker, without trailing punctuation. */
static void
queue_id_parse(const char *text, char *id, size_t size)
{
    static const char *const markers[] = { "queued as ", " id=" };

    id[0] = '\0';
    for (size_t m = 0; m < sizeof(markers) / sizeof(markers[0]); m++) {
        size_t mlen = strlen(markers[m]);

        for (const char *p = text; *p; p++) {
            size_t n = 0;

            if (strncasecmp(p, markers[m], mlen) != 0)
                continue;
            p += mlen;
            while (p[n] != '\0' && p[n] != ' ' && p[n] != '\n')
                n++;
            while (n > 0 && strchr(".,;)]", p[n - 1]) != NULL)
                n--;
            if (n == 0 || n >= size)
                return;
            memcpy(id, p, n);
            id[n] = '\0';
            return;
        }
    }
}

/*
 * Whether the server said something, or hung up, while the connection
 * sat between transactions: it has nothing to say then but "421 ...
 * closing" (an idle timeout, a limit of messages per connection).
 * libcurl 7.88 would reuse a connection with such a reply waiting (it
 * takes a readable socket for a live one unless the read finds the
 * end), and the next message would get the 421. No connection yet is
 * "no".
 */
static int
connection_spoke(struct smtp_session *s)
{
    curl_socket_t fd = CURL_SOCKET_BAD;
    struct pollfd p;

    if (curl_easy_getinfo(s->curl, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK ||
        fd == CURL_SOCKET_BAD)
        return 0;
    p.fd = fd;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, 0) != 0;
}

/* Errors that stop a session before any transaction: configuration,
 * TLS, authentication. */
static int
is_session_error(CURLcode rc)
{
    switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_REMOTE_ACCESS_DENIED:
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return 1;
    default:
        return 0;
    }
}

/* Turn libcurl's result and the last reply into res. */
static void
result_fill(const struct smtp_session *s, CURLcode rc, struct smtp_result *res)
{
    int code = s->last.code;
    int refusal = code >= 400 && code <= 599;

    memset(res, 0, sizeof(*res));
    if (rc == CURLE_OK) {
        res->outcome = SMTP_SENT;
        res->code = code;
        memcpy(res->text, s->last.text, s->last.len + 1);
        queue_id_parse(res->text, res->queue_id, sizeof(res->queue_id));
        return;
    }
    if (is_session_error(rc) ||
        (rc == CURLE_WEIRD_SERVER_REPLY && !s->body_started))
        /* A refused greeting is a weird reply too, but before DATA. */
        res->outcome = SMTP_SESSION;
    else if (refusal && code >= 500)
        res->outcome = SMTP_PERMANENT;
    else
        res->outcome = SMTP_TEMPORARY;
    if (refusal) {
        res->code = code;
        memcpy(res->text, s->last.text, s->last.len + 1);
    } else {
        res->uncertain = s->body_done;
    }
}

int
smtp_send(struct smtp_session *s, const char *from, const char *const *rcpt,
          size_t nrcpt, const char *data, size_t len, struct smtp_result *res,
          struct dun_err *err)
{
    struct curl_slist *list = NULL;
    char path[CONTACT_EMAIL_MAX + 3]; /* "<" addr ">" NUL */
    CURLcode rc = CURLE_OK;
    int ret = -1;

    memset(res, 0, sizeof(*res));
    res->outcome = SMTP_PERMANENT;
    if (address_check("from", from, err) < 0)
        return -1;
    if (nrcpt == 0)
        return dun_err_set(err, DUN_E_INPUT, "smtp: no recipient");
    for (size_t i = 0; i < nrcpt; i++)
        if (address_check("recipient", rcpt[i], err) < 0)
            return -1;
    if (data_check(data, len, err) < 0)
        return -1;

    for (size_t i = 0; i < nrcpt; i++) {
        struct curl_slist *next;

        snprintf(path, sizeof(path), "<%s>", rcpt[i]);
        next = curl_slist_append(list, path);
        if (next == NULL) {
            res->outcome = SMTP_TEMPORARY;
            dun_err_set(err, DUN_E_INTERNAL, "smtp: out of memory");
            goto out;
        }
        list = next;
    }
    snprintf(path, sizeof(path), "<%s>", from);

    s->data = data;
    s->len = len;
    s->off = 0;
    s->body_started = 0;
    s->body_done = 0;
    s->errbuf[0] = '\0';
    s->cur_complete = 1;
    memset(&s->last, 0, sizeof(s->last));
    s->last_final = 0;

    rc = curl_easy_setopt(s->curl, CURLOPT_FRESH_CONNECT,
                          connection_spoke(s) ? 1L : 0L);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, path);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, list);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE,
                              (curl_off_t)len);
    if (rc == CURLE_OK)
        rc = curl_easy_perform(s->curl);
    /* libcurl keeps the list's pointer, not a copy: drop it before the
     * list goes (setting NULL cannot fail). */
    curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
    s->data = NULL;

    result_fill(s, rc, res);
    if (res->outcome == SMTP_SENT) {
        ret = 0;
        goto out;
    }
    {
        /* libcurl's own words when it has some ("STARTTLS not
         * supported."); it has none for a refused end of data. Never
         * the password. */
        char why[CURL_ERROR_SIZE];
        size_t n;

        if (s->errbuf[0] != '\0')
            snprintf(why, sizeof(why), "%s", s->errbuf);
        else if (res->code != 0 && s->body_done)
            snprintf(why, sizeof(why), "message refused");
        else
            snprintf(why, sizeof(why), "%s", curl_easy_strerror(rc));
        n = strlen(why);
        while (n > 0 && (why[n - 1] == '.' || why[n - 1] == '\n'))
            why[--n] = '\0';
        dun_err_set(err, DUN_E_IO, "smtp %s: %s: %s%s%s", s->url,
                    smtp_outcome_name(res->outcome), why, res->code ? ": " : "",
                    res->code ? res->text : "");
    }
out:
    curl_slist_free_all(list);
    return ret;
}
