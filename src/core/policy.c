/*
 * policy.c - parse and check a collection policy; see policy.h and
 * docs/policy.md.
 *
 * libinih does the INI syntax from a memory reader that counts lines, so
 * every message names its line. Each key is checked where it is read;
 * what needs the whole file (stage order, triggers against grace_days) is
 * checked at the end.
 */
#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/money.h"
#include "core/policy.h"

#define MAX_DAYS 3650

enum section_kind { SEC_NONE, SEC_POLICY, SEC_STAGE, SEC_SEGMENT, SEC_BAD };

struct parser {
    const char *name;
    const char *text, *pos, *end;
    int line;
    struct policy *p;
    struct sbuf *errors;
    struct dun_err *err;
    int nerrors;
    /* The section being read: its kind and record. */
    enum section_kind kind;
    struct policy_stage *stage;
    struct policy_segment *segment;
};

static void
fail(struct parser *ps, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct parser *ps, int line, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sbuf_addf(ps->errors, "%s:%d: %s\n", ps->name, line, msg);
    if (ps->nerrors++ == 0)
        dun_err_set(ps->err, DUN_E_INPUT, "%s:%d: %s", ps->name, line, msg);
}

static void enter_section(struct parser *ps, const char *s);

/*
 * fgets over the buffer, for ini_parse_stream, counting lines. Section
 * headers are taken here, where every one is seen with its line (libinih
 * as packaged reports keys only): so a repeated or empty section is
 * noticed too.
 */
static char *
read_line(char *str, int num, void *stream)
{
    struct parser *ps = stream;
    size_t n = 0;
    const char *p;

    if (ps->pos >= ps->end || num < 2)
        return NULL;
    while (ps->pos < ps->end && n + 1 < (size_t)num) {
        char c = *ps->pos++;

        str[n++] = c;
        if (c == '\n')
            break;
    }
    str[n] = '\0';
    ps->line++;
    for (p = str; isspace((unsigned char)*p); p++)
        ;
    if (*p == '[') {
        const char *close = strchr(p, ']');
        char header[128];

        if (close && (size_t)(close - p - 1) < sizeof(header)) {
            memcpy(header, p + 1, (size_t)(close - p - 1));
            header[close - p - 1] = '\0';
            enter_section(ps, header);
        }
    }
    return str;
}

static int
parse_int(const char *v, int32_t lo, int32_t hi, int32_t *out)
{
    char *end;
    long n;

    if (!*v || isspace((unsigned char)*v))
        return -1;
    n = strtol(v, &end, 10);
    if (*end || n < lo || n > hi)
        return -1;
    *out = (int32_t)n;
    return 0;
}

static int
parse_bool(const char *v, int *out)
{
    if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0)
        *out = 1;
    else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

/* A non-negative amount in major units, into thousandths. */
static int
parse_amount(const char *v, int64_t *milli)
{
    return money_parse(v, strlen(v), 3, milli, NULL) < 0 || *milli < 0
               ? -1
               : 0;
}

/* "email, letter, phone" -> bits; -1 on an unknown word. */
static int
parse_channels(const char *v, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {
        {"email", CHANNEL_EMAIL}, {"letter", CHANNEL_LETTER},
        {"phone", CHANNEL_PHONE},
    };
    unsigned bits = 0;

    while (*v) {
        size_t n = strcspn(v, ",");
        const char *w = v;
        size_t i;

        v += n + (v[n] == ',');
        while (n && isspace((unsigned char)*w))
            w++, n--;
        while (n && isspace((unsigned char)w[n - 1]))
            n--;
        for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (strlen(names[i].name) == n &&
                strncasecmp(names[i].name, w, n) == 0)
                break;
        if (i == sizeof(names) / sizeof(names[0]))
            return -1;
        bits |= names[i].bit;
    }
    *out = bits;
    return 0;
}

static int
parse_time(const char *s, int16_t *minutes)
{
    int h, m;
    char tail;

    if (strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 ||
        !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[3]) ||
        h > 23 || m > 59)
        return -1;
    *minutes = (int16_t)(h * 60 + m);
    return 0;
}

/* "20:00-08:00" (may wrap midnight) or "none". */
static int
parse_quiet_hours(const char *v, struct policy *p)
{
    char a[8], b[8];
    const char *dash = strchr(v, '-');

    if (strcasecmp(v, "none") == 0) {
        p->quiet_start = p->quiet_end = 0;
        return 0;
    }
    if (dash == NULL || dash - v >= (long)sizeof(a) ||
        strlen(dash + 1) >= sizeof(b))
        return -1;
    memcpy(a, v, (size_t)(dash - v));
    a[dash - v] = '\0';
    snprintf(b, sizeof(b), "%s", dash + 1);
    return parse_time(a, &p->quiet_start) < 0 ||
                   parse_time(b, &p->quiet_end) < 0
               ? -1
               : 0;
}

/* "sat, sun" -> weekday bits (0 Monday .. 6 Sunday), or "none". */
static int
parse_days(const char *v, unsigned *out)
{
    static const char names[] = "montuewedthufrisatsun";
    unsigned bits = 0;

    if (strcasecmp(v, "none") == 0) {
        *out = 0;
        return 0;
    }
    while (*v) {
        size_t n = strcspn(v, ",");
        const char *w = v;
        int d;

        v += n + (v[n] == ',');
        while (n && isspace((unsigned char)*w))
            w++, n--;
        while (n && isspace((unsigned char)w[n - 1]))
            n--;
        for (d = 0; d < 7; d++)
            if (n == 3 && strncasecmp(names + 3 * d, w, 3) == 0)
                break;
        if (d == 7)
            return -1;
        bits |= 1u << d;
    }
    *out = bits;
    return 0;
}

static int
copy_name(char *dst, size_t size, const char *v)
{
    size_t n = strlen(v);

    if (n == 0 || n >= size)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)v[i]) && v[i] != '-' && v[i] != '_')
            return -1;
    memcpy(dst, v, n + 1);
    return 0;
}

static const char *
policy_key(struct policy *p, const char *key, const char *v)
{
    if (strcmp(key, "grace_days") == 0)
        return parse_int(v, 0, MAX_DAYS, &p->grace_days) < 0
                   ? "grace_days: a number of days, 0 to 3650" : NULL;
    if (strcmp(key, "pre_due_notice_days") == 0)
        return parse_int(v, 0, 60, &p->pre_due_notice_days) < 0
                   ? "pre_due_notice_days: a number of days, 0 to 60"
                   : NULL;
    if (strcmp(key, "min_days_between_contacts") == 0)
        return parse_int(v, 0, MAX_DAYS, &p->min_days_between_contacts) < 0
                   ? "min_days_between_contacts: a number of days, 0 to "
                     "3650" : NULL;
    if (strcmp(key, "max_contacts_per_week") == 0)
        return parse_int(v, 1, 7, &p->max_contacts_per_week) < 0
                   ? "max_contacts_per_week: 1 to 7" : NULL;
    if (strcmp(key, "promise_grace_days") == 0)
        return parse_int(v, 0, 60, &p->promise_grace_days) < 0
                   ? "promise_grace_days: a number of days, 0 to 60" : NULL;
    if (strcmp(key, "quiet_hours") == 0)
        return parse_quiet_hours(v, p) < 0
                   ? "quiet_hours: HH:MM-HH:MM (24-hour) or none" : NULL;
    if (strcmp(key, "quiet_days") == 0)
        return parse_days(v, &p->quiet_days) < 0
                   ? "quiet_days: weekdays as mon, tue, ... sun, or none"
                   : NULL;
    if (strcmp(key, "group_by_customer") == 0) {
        int yes;

        return parse_bool(v, &yes) < 0 || !yes
                   ? "group_by_customer: only yes (one message lists all "
                     "of a customer's overdue invoices)" : NULL;
    }
    return "unknown key in [policy]";
}

static const char *
stage_key(struct policy_stage *st, const char *key, const char *v)
{
    if (strcmp(key, "after_due_days") == 0)
        return parse_int(v, 0, MAX_DAYS, &st->after_due_days) < 0
                   ? "after_due_days: a number of days, 0 to 3650" : NULL;
    if (strcmp(key, "after_previous_days") == 0)
        return parse_int(v, 1, MAX_DAYS, &st->after_previous_days) < 0
                   ? "after_previous_days: a number of days, 1 to 3650"
                   : NULL;
    if (strcmp(key, "channels") == 0)
        return parse_channels(v, &st->channels) < 0 || st->channels == 0
                   ? "channels: a list of email, letter, phone" : NULL;
    if (strcmp(key, "template") == 0)
        return copy_name(st->template_name, sizeof(st->template_name), v) < 0
                   ? "template: a name of letters, digits, '-' and '_'"
                   : NULL;
    if (strcmp(key, "tone") == 0)
        return copy_name(st->tone, sizeof(st->tone), v) < 0
                   ? "tone: a word such as friendly, firm or final" : NULL;
    if (strcmp(key, "fee") == 0) {
        if (strcasecmp(v, "none") == 0)
            st->fee = FEE_NONE;
        else if (strcasecmp(v, "contract") == 0)
            st->fee = FEE_CONTRACT;
        else if (parse_amount(v, &st->fee_milli) == 0)
            st->fee = FEE_FIXED;
        else
            return "fee: none, contract or an amount such as 40.00";
        return NULL;
    }
    if (strcmp(key, "deadline_days") == 0)
        return parse_int(v, 1, 365, &st->deadline_days) < 0
                   ? "deadline_days: a number of days, 1 to 365" : NULL;
    if (strcmp(key, "action") == 0) {
        if (strcasecmp(v, "message") == 0)
            st->action = ACTION_MESSAGE;
        else if (strcasecmp(v, "handoff") == 0)
            st->action = ACTION_HANDOFF;
        else
            return "action: message or handoff";
        return NULL;
    }
    if (strcmp(key, "requires_approval") == 0)
        return parse_bool(v, &st->requires_approval) < 0
                   ? "requires_approval: yes or no" : NULL;
    if (strcmp(key, "min_customer_overdue") == 0)
        return parse_amount(v, &st->min_customer_overdue_milli) < 0
                   ? "min_customer_overdue: an amount such as 500.00"
                   : NULL;
    return "unknown key in a stage";
}

static const char *
segment_key(struct policy_segment *sg, const char *key, const char *v)
{
    if (strcmp(key, "min_customer_overdue") == 0)
        return parse_amount(v, &sg->min_customer_overdue_milli) < 0
                   ? "min_customer_overdue: an amount such as 10000.00"
                   : NULL;
    if (strcmp(key, "min_score") == 0)
        return parse_int(v, 0, 100, &sg->min_score) < 0
                   ? "min_score: 0 to 100" : NULL;
    if (strcmp(key, "manual") == 0)
        return parse_bool(v, &sg->manual) < 0 ? "manual: yes or no" : NULL;
    if (strcmp(key, "shift_days") == 0)
        return parse_int(v, -365, 365, &sg->shift_days) < 0
                   ? "shift_days: -365 to 365" : NULL;
    if (strcmp(key, "add_channels") == 0)
        return parse_channels(v, &sg->add_channels) < 0
                   ? "add_channels: a list of email, letter, phone" : NULL;
    return "unknown key in a segment";
}

/* 'stage "reminder"' -> kind and name; SEC_BAD with a reason otherwise. */
static enum section_kind
section_of(const char *s, char *name, size_t size, const char **why)
{
    const char *q;
    size_t n;

    if (strcmp(s, "policy") == 0)
        return SEC_POLICY;
    if (strncmp(s, "stage \"", 7) == 0)
        q = s + 7;
    else if (strncmp(s, "segment \"", 9) == 0)
        q = s + 9;
    else {
        *why = "unknown section (policy, stage \"NAME\" or segment \"NAME\")";
        return SEC_BAD;
    }
    n = strlen(q);
    if (n < 2 || q[n - 1] != '"' || n - 1 >= size) {
        *why = "a section name is quoted: [stage \"reminder\"]";
        return SEC_BAD;
    }
    memcpy(name, q, n - 1);
    name[n - 1] = '\0';
    if (copy_name(name, size, name) < 0) {
        *why = "a stage or segment name is letters, digits, '-' and '_'";
        return SEC_BAD;
    }
    return s[1] == 't' ? SEC_STAGE : SEC_SEGMENT;
}

/* Start reading section s at the current line. */
static void
enter_section(struct parser *ps, const char *s)
{
    struct policy *p = ps->p;
    char name[POLICY_NAME_MAX];
    const char *why = NULL;

    ps->stage = NULL;
    ps->segment = NULL;
    ps->kind = section_of(s, name, sizeof(name), &why);
    if (ps->kind == SEC_BAD) {
        fail(ps, ps->line, "[%s]: %s", s, why);
        return;
    }
    if (ps->kind == SEC_STAGE) {
        if (policy_stage_index(p, name) >= 0) {
            fail(ps, ps->line, "stage \"%s\" is defined twice", name);
            ps->kind = SEC_BAD;
        } else if (p->nstages == POLICY_MAX_STAGES) {
            fail(ps, ps->line, "more than %d stages", POLICY_MAX_STAGES);
            ps->kind = SEC_BAD;
        } else {
            ps->stage = &p->stage[p->nstages++];
            *ps->stage = (struct policy_stage){
                .after_due_days = -1, .after_previous_days = -1,
                .requires_approval = -1, .line = ps->line };
            memcpy(ps->stage->name, name, sizeof(name));
        }
    } else if (ps->kind == SEC_SEGMENT) {
        for (size_t i = 0; i < p->nsegments; i++)
            if (strcmp(p->segment[i].name, name) == 0) {
                fail(ps, ps->line, "segment \"%s\" is defined twice", name);
                ps->kind = SEC_BAD;
                return;
            }
        if (p->nsegments == POLICY_MAX_SEGMENTS) {
            fail(ps, ps->line, "more than %d segments", POLICY_MAX_SEGMENTS);
            ps->kind = SEC_BAD;
            return;
        }
        ps->segment = &p->segment[p->nsegments++];
        *ps->segment = (struct policy_segment){
            .min_customer_overdue_milli = -1, .min_score = -1,
            .line = ps->line };
        memcpy(ps->segment->name, name, sizeof(name));
    }
}

static int
on_key(void *user, const char *section, const char *key, const char *value)
{
    struct parser *ps = user;
    const char *why = NULL;

    (void)section; /* read_line entered it */
    switch (ps->kind) {
    case SEC_NONE:
        why = "a key before any section";
        break;
    case SEC_POLICY: why = policy_key(ps->p, key, value); break;
    case SEC_STAGE: why = stage_key(ps->stage, key, value); break;
    case SEC_SEGMENT: why = segment_key(ps->segment, key, value); break;
    case SEC_BAD: return 1; /* reported at the header */
    }
    if (why)
        fail(ps, ps->line, "%s", why);
    return 1;
}

/* Whole-file rules, once every key is in. */
static void
check_ladder(struct parser *ps)
{
    struct policy *p = ps->p;
    int32_t prev = INT32_MIN;

    if (p->nstages == 0)
        fail(ps, ps->line, "no [stage \"NAME\"] sections: a policy needs at "
                           "least one stage");
    for (size_t i = 0; i < p->nstages; i++) {
        struct policy_stage *st = &p->stage[i];
        int32_t at;

        if ((st->after_due_days >= 0) == (st->after_previous_days >= 0)) {
            fail(ps, st->line, "stage \"%s\": give after_due_days or "
                 "after_previous_days (one of them)", st->name);
            continue;
        }
        if (i == 0 && st->after_previous_days >= 0) {
            fail(ps, st->line, "stage \"%s\": the first stage needs "
                 "after_due_days", st->name);
            continue;
        }
        at = st->after_previous_days >= 0 ? prev + st->after_previous_days
                                          : st->after_due_days;
        if (at <= prev)
            fail(ps, st->line, "stage \"%s\": starts at day %d, not after "
                 "the stage before it (day %d)", st->name, (int)at,
                 (int)prev);
        if (at < p->grace_days)
            fail(ps, st->line, "stage \"%s\": day %d is inside grace_days "
                 "(%d): no contact before due date + grace", st->name,
                 (int)at, (int)p->grace_days);
        prev = at;
        if (st->action == ACTION_MESSAGE &&
            (st->channels == 0 || !st->template_name[0]))
            fail(ps, st->line, "stage \"%s\": a message stage needs "
                 "channels and a template", st->name);
        /* Handing a debt over is never automatic unless said so. */
        if (st->requires_approval < 0)
            st->requires_approval = st->action == ACTION_HANDOFF;
    }
    for (size_t i = 0; i < p->nsegments; i++) {
        const struct policy_segment *sg = &p->segment[i];

        if (sg->min_customer_overdue_milli < 0 && sg->min_score < 0 &&
            !sg->manual)
            fail(ps, sg->line, "segment \"%s\": no condition "
                 "(min_customer_overdue, min_score or manual = yes)",
                 sg->name);
    }
}

int
policy_parse(const char *name, const char *text, size_t len,
             struct policy *out, struct sbuf *errors, struct dun_err *err)
{
    struct parser ps = { .name = name, .text = text, .pos = text,
                         .end = text + len, .p = out, .errors = errors,
                         .err = err };
    int rc;

    *out = (struct policy){
        .grace_days = 3, .min_days_between_contacts = 7,
        .max_contacts_per_week = 2, .promise_grace_days = 2,
        .quiet_start = 20 * 60, .quiet_end = 8 * 60,
    };
    if (memchr(text, '\0', len)) {
        fail(&ps, 1, "a NUL byte: not a text file");
        return -1;
    }
    rc = ini_parse_stream(read_line, &ps, on_key, &ps);
    if (rc > 0)
        fail(&ps, rc, "not a 'key = value' line or a [section]");
    else if (rc < 0)
        fail(&ps, 1, "cannot be read");
    if (ps.nerrors == 0)
        check_ladder(&ps);
    return ps.nerrors ? -1 : 0;
}

int64_t
policy_amount_minor(int64_t milli, int exponent)
{
    int64_t div = 1, out;

    for (int i = exponent; i < 3; i++)
        div *= 10;
    if (money_scale(milli, 1, div, &out) < 0)
        return INT64_MAX;
    return out;
}

int
policy_stage_index(const struct policy *p, const char *name)
{
    for (size_t i = 0; i < p->nstages; i++)
        if (strcmp(p->stage[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *
policy_channels_str(unsigned channels, char *buf, size_t size)
{
    static const char *const names[] = {"email", "letter", "phone"};
    size_t n = 0;

    buf[0] = '\0';
    for (int i = 0; i < 3; i++)
        if (channels & (1u << i))
            n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
                                  n ? ", " : "", names[i]);
    return buf;
}

void
policy_send_window(const struct policy *p, int *from, int *to)
{
    int qs = p->quiet_start, qe = p->quiet_end;

    if (qs == qe) {             /* no quiet hours */
        *from = 0;
        *to = 24 * 60;
    } else if (qs > qe) {       /* over midnight: the day between */
        *from = qe;
        *to = qs;
    } else if (qs > 0) {        /* within the day: the morning before */
        *from = 0;
        *to = qs;
    } else {                    /* from midnight: the rest of the day */
        *from = qe;
        *to = 24 * 60;
    }
}
