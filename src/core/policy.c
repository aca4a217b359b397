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

#include "core/date.h"
#include "core/money.h"
#include "core/contact.h"
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
    /* Where each stage's handoff_to was given (0: not): it is checked
     * against the stage's action once the whole stage is read. */
    int handoff_line[POLICY_MAX_STAGES];
    char why[200]; /* a reason that quotes the value */
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
    if (n && str[n - 1] != '\n' && ps->pos < ps->end) {
        /* Cut short by the buffer: the rest would be read as a line of
         * its own, with a wrong number. Skip it and say so. */
        const char *nl = memchr(ps->pos, '\n', (size_t)(ps->end - ps->pos));

        ps->pos = nl ? nl + 1 : ps->end;
        fail(ps, ps->line, "line longer than %d characters: split a list "
             "over several lines", num - 2);
        str[0] = '\0';
        return str;
    }
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

/* The next item of a comma-separated list at *v, trimmed, as (*w, *n);
 * 0 after the last (*more starts at 1). An empty item is returned as
 * one, except after a final comma: a list going on over the next line
 * may end in one. */
static int
next_item(const char **v, int *more, const char **w, size_t *n)
{
    if (!*more || (*more == 2 && (*v)[strspn(*v, " \t")] == '\0'))
        return 0;
    *n = strcspn(*v, ",");
    *w = *v;
    *more = (*v)[*n] == ',' ? 2 : 0;
    *v += *n + (*more != 0);
    while (*n && isspace((unsigned char)**w))
        (*w)++, (*n)--;
    while (*n && isspace((unsigned char)(*w)[*n - 1]))
        (*n)--;
    return 1;
}

/* Whether some currency has e decimals: JPY 0, EUR 2, BHD 3, CLF 4 (no
 * ISO 4217 currency has 1). */
static int
exponent_in_use(int e)
{
    static const char *const example[] = {"JPY", NULL, "EUR", "BHD", "CLF"};

    return e >= 0 && e < (int)(sizeof(example) / sizeof(example[0])) &&
           example[e] && currency_exponent(example[e], 3) == e;
}

/*
 * "500.00 EUR, 60000 JPY, 500.00" appended to a: a key's value may go
 * on over more lines, each adding to the list. NULL, or why not (in
 * ps->why).
 */
static const char *
parse_threshold(struct parser *ps, const char *key, const char *v,
                struct policy_amount *a)
{
    int more = 1;
    const char *w;
    size_t n;

    while (next_item(&v, &more, &w, &n)) {
        size_t alen = 0, rlen;
        const char *rest, *dot;
        char cur[4] = "";
        int written, e;
        int64_t minor;

        while (alen < n && !isspace((unsigned char)w[alen]))
            alen++;
        for (rest = w + alen, rlen = n - alen;
             rlen && isspace((unsigned char)*rest); rest++, rlen--)
            ;
        dot = memchr(w, '.', alen);
        written = dot ? (int)(alen - (size_t)(dot - w) - 1) : 0;
        if (alen == 0 || w[0] == '-' ||
            money_parse(w, alen, written, &minor, NULL) < 0) {
            snprintf(ps->why, sizeof(ps->why), "%s: an amount such as "
                     "500.00, or amounts per currency: 500.00 EUR, 60000 "
                     "JPY", key);
            return ps->why;
        }
        if (rlen) {
            if ((e = currency_exponent(rest, rlen)) < 0) {
                snprintf(ps->why, sizeof(ps->why), "%s: %.*s is not a "
                         "currency (an ISO 4217 code such as EUR)", key,
                         (int)(rlen < 20 ? rlen : 20), rest);
                return ps->why;
            }
            /* Strict, as amounts are everywhere: the decimals written
             * are the currency's, so a slip of the point shows. */
            if (written != e && e == 0) {
                snprintf(ps->why, sizeof(ps->why), "%s: %.*s: %.3s is "
                         "written without decimals", key, (int)n, w, rest);
                return ps->why;
            }
            if (written != e) {
                snprintf(ps->why, sizeof(ps->why), "%s: %.*s: %.3s is "
                         "written with %d decimals", key, (int)n, w, rest,
                         e);
                return ps->why;
            }
            memcpy(cur, rest, 3);
        } else if (written == 0) {
            /* A bare integer would apply only where there are no minor
             * units (JPY, KRW ...): hardly what "500" meant. */
            snprintf(ps->why, sizeof(ps->why), "%s: %.*s: write %.*s.00, "
                     "or name the currency: %.*s JPY", key, (int)alen, w,
                     (int)alen, w, (int)alen, w);
            return ps->why;
        } else if (!exponent_in_use(written)) {
            snprintf(ps->why, sizeof(ps->why), "%s: %.*s: no currency has "
                     "%d decimals (EUR has 2, BHD 3)", key, (int)alen, w,
                     written);
            return ps->why;
        }
        for (size_t i = 0; i < a->n; i++) {
            if (strcmp(a->per[i].currency, cur) != 0 ||
                (!cur[0] && a->per[i].exponent != written))
                continue;
            if (cur[0])
                snprintf(ps->why, sizeof(ps->why), "%s: %s is given twice",
                         key, cur);
            else
                snprintf(ps->why, sizeof(ps->why), "%s: two bare amounts "
                         "with %d decimals (they would apply in the same "
                         "currencies)", key, written);
            return ps->why;
        }
        if (a->n == POLICY_MAX_AMOUNTS) {
            snprintf(ps->why, sizeof(ps->why), "%s: more than %d amounts",
                     key, POLICY_MAX_AMOUNTS);
            return ps->why;
        }
        memcpy(a->per[a->n].currency, cur, sizeof(cur));
        a->per[a->n].exponent = written;
        a->per[a->n].minor = minor;
        a->n++;
    }
    return NULL;
}

/* "2026-12-25, 2026-12-26" added to the policy's holidays, kept
 * ascending without duplicates; or "none". NULL, or why not. */
static const char *
parse_holidays(struct parser *ps, const char *v)
{
    struct policy *p = ps->p;
    int more = 1;
    const char *w;
    size_t n;

    if (strcasecmp(v, "none") == 0)
        return NULL;
    while (next_item(&v, &more, &w, &n)) {
        int32_t day;
        size_t at = 0;

        if (n == 0)
            return "holidays: dates as YYYY-MM-DD, separated by commas, or "
                   "none";
        if (date_parse(w, n, &day) < 0) {
            snprintf(ps->why, sizeof(ps->why), "holidays: %.*s is not a "
                     "date (YYYY-MM-DD, separated by commas)",
                     (int)(n < 40 ? n : 40), w);
            return ps->why;
        }
        while (at < p->nholidays && p->holidays[at] < day)
            at++;
        if (at < p->nholidays && p->holidays[at] == day)
            continue;
        if (p->nholidays == POLICY_MAX_HOLIDAYS) {
            snprintf(ps->why, sizeof(ps->why), "holidays: more than %d "
                     "dates", POLICY_MAX_HOLIDAYS);
            return ps->why;
        }
        memmove(&p->holidays[at + 1], &p->holidays[at],
                (p->nholidays - at) * sizeof(p->holidays[0]));
        p->holidays[at] = day;
        p->nholidays++;
    }
    return NULL;
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
policy_key(struct parser *ps, const char *key, const char *v)
{
    struct policy *p = ps->p;

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
    if (strcmp(key, "postal_days") == 0)
        return parse_int(v, 0, 14, &p->postal_days) < 0
                   ? "postal_days: a number of days, 0 to 14" : NULL;
    if (strcmp(key, "holidays") == 0)
        return parse_holidays(ps, v);
    if (strcmp(key, "statement_every_days") == 0)
        return parse_int(v, 0, 365, &p->statement_every_days) < 0
                   ? "statement_every_days: a number of days, 0 (never) to "
                     "365" : NULL;
    if (strcmp(key, "group_by_customer") == 0) {
        int yes;

        return parse_bool(v, &yes) < 0 || !yes
                   ? "group_by_customer: only yes (one message lists all "
                     "of a customer's overdue invoices)" : NULL;
    }
    return "unknown key in [policy]";
}

static const char *
stage_key(struct parser *ps, const char *key, const char *v)
{
    struct policy_stage *st = ps->stage;

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
    if (strcmp(key, "template") == 0) {
        st->template_line = ps->line;
        return copy_name(st->template_name, sizeof(st->template_name), v) < 0
                   ? "template: a name of letters, digits, '-' and '_'"
                   : NULL;
    }
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
    if (strcmp(key, "handoff_to") == 0) {
        ps->handoff_line[st - ps->p->stage] = ps->line;
        if (strcasecmp(v, "agency") == 0)
            st->handoff_to = HANDOFF_AGENCY;
        else if (strcasecmp(v, "lawyer") == 0)
            st->handoff_to = HANDOFF_LAWYER;
        else
            return "handoff_to: agency or lawyer";
        return NULL;
    }
    if (strcmp(key, "requires_approval") == 0)
        return parse_bool(v, &st->requires_approval) < 0
                   ? "requires_approval: yes or no" : NULL;
    if (strcmp(key, "min_customer_overdue") == 0) {
        if (!st->min_customer_overdue_line)
            st->min_customer_overdue_line = ps->line;
        return parse_threshold(ps, key, v, &st->min_customer_overdue);
    }
    return "unknown key in a stage";
}

static const char *
segment_key(struct parser *ps, const char *key, const char *v)
{
    struct policy_segment *sg = ps->segment;

    if (strcmp(key, "min_customer_overdue") == 0) {
        if (!sg->min_customer_overdue_line)
            sg->min_customer_overdue_line = ps->line;
        return parse_threshold(ps, key, v, &sg->min_customer_overdue);
    }
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
        *ps->segment = (struct policy_segment){ .min_score = -1,
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
    case SEC_POLICY: why = policy_key(ps, key, value); break;
    case SEC_STAGE: why = stage_key(ps, key, value); break;
    case SEC_SEGMENT: why = segment_key(ps, key, value); break;
    case SEC_BAD: return 1; /* reported at the header */
    }
    /* A key the section does not have is named, as a mapping's is. */
    if (why && (ps->kind == SEC_NONE || strncmp(why, "unknown key", 11) == 0))
        fail(ps, ps->line, "%s: %s", key, why);
    else if (why)
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
        fail(ps, ps->line ? ps->line : 1, "no [stage \"NAME\"] sections: "
             "a policy needs at least one stage"); /* an empty file: line 1 */
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
        /* A final demand states the date to pay by, or it does not go
         * out (app/contents.h, data/contents.ini). */
        if (st->action == ACTION_MESSAGE && strcmp(st->tone, "final") == 0 &&
            st->deadline_days <= 0)
            fail(ps, st->line, "stage \"%s\": tone final needs "
                 "deadline_days (a final demand states the date to pay "
                 "by)", st->name);
        if (ps->handoff_line[i] && st->action != ACTION_HANDOFF)
            fail(ps, ps->handoff_line[i], "stage \"%s\": handoff_to is "
                 "only for action = handoff", st->name);
        /* Handing a debt over is never automatic unless said so. */
        if (st->requires_approval < 0)
            st->requires_approval = st->action == ACTION_HANDOFF;
    }
    for (size_t i = 0; i < p->nsegments; i++) {
        const struct policy_segment *sg = &p->segment[i];

        if (sg->min_customer_overdue.n == 0 && sg->min_score < 0 &&
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
        .postal_days = 2, .statement_every_days = 30,
    };
    if (memchr(text, '\0', len)) {
        fail(&ps, 1, "a NUL byte: not a text file");
        return -1;
    }
    /* Names and words of the policy reach the messages: UTF-8 or no. */
    for (const char *l = text; l < text + len;) {
        const char *nl = memchr(l, '\n', (size_t)(text + len - l));
        size_t n = nl ? (size_t)(nl - l) : (size_t)(text + len - l);

        ps.line++;
        if (!contact_utf8_valid(l, n)) {
            fail(&ps, ps.line, "not valid UTF-8");
            return -1;
        }
        l += n + 1;
    }
    ps.line = 0;
    rc = ini_parse_stream(read_line, &ps, on_key, &ps);
    if (rc > 0)
        fail(&ps, rc, "not a 'key = value' line or a [section]");
    else if (rc < 0)
        fail(&ps, 1, "cannot be read");
    if (ps.nerrors == 0)
        check_ladder(&ps);
    return ps.nerrors ? -1 : 0;
}

int
policy_amount_in(const struct policy_amount *a, const char *currency,
                 int64_t *minor)
{
    int e = currency_exponent(currency, strlen(currency));
    size_t bare = a->n;

    if (e < 0)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->per[i].currency, currency) == 0) {
            *minor = a->per[i].minor;
            return 1;
        }
        if (!a->per[i].currency[0] && a->per[i].exponent == e)
            bare = i;
    }
    if (bare == a->n)
        return 0;
    *minor = a->per[bare].minor;
    return 1;
}

int
policy_amount_met(const struct policy_amount *a, const char (*currency)[4],
                  const int64_t *owed, size_t n)
{
    int64_t shares = 0;

    if (a->n == 0)
        return 1;
    for (size_t i = 0; i < n; i++) {
        __extension__ __int128 prod;
        int64_t min;

        if (owed[i] <= 0 || !policy_amount_in(a, currency[i], &min))
            continue;
        /* Also a zero threshold: anything owed in it meets it. */
        if (owed[i] >= min)
            return 1;
        /* owed < min here, so each share is below 1000 and the sum stays
         * below 2000; 128 bits for owed * 1000 near INT64_MAX. */
        prod = owed[i];
        shares += (int64_t)(prod * 1000 / min);
        if (shares >= 1000)
            return 1;
    }
    return 0;
}

int32_t
policy_next_business_day(const struct policy *p, int32_t day)
{
    size_t h = 0;

    /* Holidays are ascending: walk them along with the day. */
    for (;;) {
        while (h < p->nholidays && p->holidays[h] < day)
            h++;
        if (date_weekday(day) <= 5 &&
            !(h < p->nholidays && p->holidays[h] == day))
            return day;
        day++;
    }
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
