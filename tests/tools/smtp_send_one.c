/*
 * smtp_send_one.c - send message files through send/smtp.c, for the
 * SMTP integration test (tests/integration/test_smtp_client.sh).
 *
 * usage: smtp_send_one --url URL [--starttls required|optional|never]
 *            [--user USER] [--ca FILE] [--timeout MS] [--gap MS]
 *            --from ADDR --to ADDR [--bcc ADDR] FILE...
 *
 * The password comes from $DUN_SMTP_PASSWORD, not the command line, as
 * a real caller would take it. All FILEs go over one session, in order;
 * for each, one line on stdout:
 *
 *     N OUTCOME CODE QUEUE_ID UNCERTAIN TEXT
 *
 * ("1 sent 250 Q00001 0 250 2.0.0 Ok: queued as Q00001"; QUEUE_ID "-"
 * when none; the lines of a multi-line reply joined by '|'), and the
 * error, if any, on stderr. --gap waits between messages (for a server
 * that hangs up in between). Exit status: 0 all sent, 1 not, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "send/smtp.h"

static int
usage(void)
{
    fputs("usage: smtp_send_one --url URL [--starttls required|optional|"
          "never] [--user USER] [--ca FILE] [--timeout MS] [--gap MS] "
          "--from ADDR "
          "--to ADDR [--bcc ADDR] FILE...\n",
          stderr);
    return 2;
}

static int
read_file(const char *path, struct sbuf *out)
{
    char buf[8192], ebuf[128];
    size_t n;
    FILE *f = fopen(path, "rb");

    if (f == NULL) {
        fprintf(stderr, "smtp_send_one: %s: %s\n", path,
                errstr(errno, ebuf, sizeof(ebuf)));
        return -1;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        sbuf_add(out, buf, n);
    fclose(f);
    return 0;
}

int
main(int argc, char **argv)
{
    struct smtp_config cfg = { 0 };
    struct dun_err err = DUN_ERR_INIT;
    struct smtp_session *s = NULL;
    const char *from = NULL, *rcpt[2] = { NULL, NULL };
    size_t nrcpt = 0;
    long gap_ms = 0;
    int i, failed = 0;

    cfg.password = getenv("DUN_SMTP_PASSWORD");
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

        if (val == NULL)
            return usage();
        if (strcmp(opt, "--url") == 0)
            cfg.url = val;
        else if (strcmp(opt, "--starttls") == 0) {
            if (strcmp(val, "required") == 0)
                cfg.starttls = SMTP_STARTTLS_REQUIRED;
            else if (strcmp(val, "optional") == 0)
                cfg.starttls = SMTP_STARTTLS_OPTIONAL;
            else if (strcmp(val, "never") == 0)
                cfg.starttls = SMTP_STARTTLS_NEVER;
            else
                return usage();
        } else if (strcmp(opt, "--user") == 0)
            cfg.user = val;
        else if (strcmp(opt, "--ca") == 0)
            cfg.ca_file = val;
        else if (strcmp(opt, "--timeout") == 0)
            cfg.timeout_ms = strtol(val, NULL, 10);
        else if (strcmp(opt, "--gap") == 0)
            gap_ms = strtol(val, NULL, 10);
        else if (strcmp(opt, "--from") == 0)
            from = val;
        else if (strcmp(opt, "--to") == 0)
            rcpt[0] = val;
        else if (strcmp(opt, "--bcc") == 0)
            rcpt[1] = val;
        else
            return usage();
    }
    if (cfg.url == NULL || from == NULL || rcpt[0] == NULL || i >= argc)
        return usage();
    nrcpt = rcpt[1] != NULL ? 2 : 1;

    s = smtp_open(&cfg, &err);
    if (s == NULL) {
        fprintf(stderr, "smtp_send_one: %s\n", err.msg);
        return 1;
    }
    for (int n = 1; i < argc; i++, n++) {
        struct sbuf msg = SBUF_INIT;
        struct smtp_result res;

        if (n > 1 && gap_ms > 0) {
            struct timespec ts = { gap_ms / 1000, gap_ms % 1000 * 1000000L };

            nanosleep(&ts, NULL);
        }
        if (read_file(argv[i], &msg) < 0) {
            failed = 1;
            continue;
        }
        dun_err_clear(&err);
        if (smtp_send(s, from, rcpt, nrcpt, msg.buf, msg.len, &res, &err) < 0) {
            fprintf(stderr, "smtp_send_one: %s: %s\n", argv[i], err.msg);
            failed = 1;
        }
        for (char *p = res.text; *p; p++)
            if (*p == '\n')
                *p = '|';
        printf("%d %s %d %s %d %s\n", n, smtp_outcome_name(res.outcome),
               res.code, res.queue_id[0] ? res.queue_id : "-", res.uncertain,
               res.text);
        fflush(stdout);
        sbuf_release(&msg);
    }
    smtp_close(s);
    return failed ? 1 : 0;
}
