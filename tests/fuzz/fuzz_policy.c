/*
 * fuzz_policy.c - libFuzzer target for policy files (policy_parse, and
 * policy_check_file as 'dun policy check FILE' runs it).
 *
 * A policy file is user input. Checking it must either refuse it, every
 * error a line "FILE:LINE: reason" with a line of the file (the first
 * also in err), or accept a policy the run can use as it is: every value
 * in the range docs/policy.md gives, a ladder of uniquely named stages
 * that start strictly later one after another and never inside
 * grace_days, message stages with channels and a built-in template,
 * thresholds in known currencies with their decimals, holidays sorted
 * and in range, a send window outside the quiet hours. An accepted
 * policy written out again in canonical form (every key spelled out,
 * one amount or holiday to a line) parses to the same policy.
 *
 * The check reads a path, so the input is written to one temporary file
 * per process. The database is not open: no warnings against books.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/policies.h"
#include "core/date.h"
#include "core/money.h"
#include "core/policy.h"

#include "fuzz_tmpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DAYS 3650

/* "PATH:LINE: " at the start of s, LINE within 1..nlines: its length. */
static size_t
check_prefix(const char *s, size_t nlines)
{
    size_t plen = strlen(tmp_path), i;
    unsigned long line = 0;

    if (strncmp(s, tmp_path, plen) != 0 || s[plen] != ':')
        abort();
    for (i = plen + 1; isdigit((unsigned char)s[i]) && i < plen + 10; i++)
        line = line * 10 + (unsigned long)(s[i] - '0');
    if (i == plen + 1 || line < 1 || line > nlines || s[i] != ':' ||
        s[i + 1] != ' ' || s[i + 2] == '\0' || s[i + 2] == '\n')
        abort();
    return i + 2;
}

/* A refusal: every line of errors names the file and a line of it, and
 * err holds the first (as much of it as fits). */
static void
check_refused(const struct sbuf *errors, const struct dun_err *err,
              size_t nlines)
{
    const char *s = errors->buf;

    if (err->code != DUN_E_INPUT || errors->len == 0 ||
        errors->buf[errors->len - 1] != '\n')
        abort();
    /* err may be cut short, and a template error is longer in errors
     * (it lists the templates there are). */
    check_prefix(err->msg, nlines);
    if (strncmp(errors->buf, err->msg, strlen(err->msg)) != 0)
        abort();
    while (*s) {
        const char *nl = strchr(s, '\n');

        if (nl == NULL)
            abort();
        check_prefix(s, nlines);
        s = nl + 1;
    }
}

static int
valid_name(const char *s, size_t size)
{
    size_t n = strnlen(s, size);

    if (n == 0 || n == size)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return 0;
    return 1;
}

static void
check_amount(const struct policy_amount *a, int line)
{
    if (a->n > POLICY_MAX_AMOUNTS || (a->n > 0) != (line > 0))
        abort();
    for (size_t i = 0; i < a->n; i++) {
        const char *cur = a->per[i].currency;
        int e = a->per[i].exponent;

        if (a->per[i].minor < 0 || e < 0 || e > 4)
            abort();
        if (cur[0]) {
            if (cur[3] != '\0' || currency_exponent(cur, 3) != e)
                abort();
        } else if (e == 0) {
            abort(); /* a bare amount has decimals */
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(a->per[k].currency, cur) == 0 &&
                (cur[0] || a->per[k].exponent == e))
                abort();
    }
}

/* What an accepted policy promises (docs/policy.md). */
static void
check_policy(const struct policy *p)
{
    int32_t prev = INT32_MIN;
    int from, to;

    if (p->grace_days < 0 || p->grace_days > MAX_DAYS ||
        p->pre_due_notice_days < 0 || p->pre_due_notice_days > 60 ||
        p->min_days_between_contacts < 0 ||
        p->min_days_between_contacts > MAX_DAYS ||
        p->max_contacts_per_week < 1 || p->max_contacts_per_week > 7 ||
        p->promise_grace_days < 0 || p->promise_grace_days > 60 ||
        p->quiet_start < 0 || p->quiet_start >= 24 * 60 ||
        p->quiet_end < 0 || p->quiet_end >= 24 * 60 ||
        p->quiet_days >= 1u << 7 || p->postal_days < 0 ||
        p->postal_days > 14 || p->nholidays > POLICY_MAX_HOLIDAYS ||
        p->statement_every_days < 0 || p->statement_every_days > 365)
        abort();
    /* Real days, ascending. Not held to date_in_range: a holiday is no
     * date dun computes with, and the parser takes any YYYY-MM-DD. */
    for (size_t i = 0; i < p->nholidays; i++) {
        int y, m, d;

        date_to_ymd(p->holidays[i], &y, &m, &d);
        if (!date_valid_ymd(y, m, d) ||
            date_from_ymd(y, m, d) != p->holidays[i] ||
            (i > 0 && p->holidays[i] <= p->holidays[i - 1]))
            abort();
    }

    /* The send window: a stretch of the day outside the quiet hours. */
    policy_send_window(p, &from, &to);
    if (from < 0 || from >= to || to > 24 * 60)
        abort();
    for (int t = from; t < to; t++)
        if (p->quiet_start < p->quiet_end
                ? t >= p->quiet_start && t < p->quiet_end
                : p->quiet_start > p->quiet_end &&
                      (t >= p->quiet_start || t < p->quiet_end))
            abort();

    /* A business day: not before the day, Monday to Friday, no holiday. */
    for (size_t i = 0; i <= p->nholidays && i < 4; i++) {
        int32_t day = i < p->nholidays ? p->holidays[i] : 20000;
        int32_t b = policy_next_business_day(p, day);

        if (b < day || b > day + 2 * POLICY_MAX_HOLIDAYS + 7 ||
            date_weekday(b) > 5)
            abort();
        for (size_t k = 0; k < p->nholidays; k++)
            if (p->holidays[k] == b)
                abort();
    }

    if (p->nstages < 1 || p->nstages > POLICY_MAX_STAGES ||
        p->nsegments > POLICY_MAX_SEGMENTS)
        abort();
    for (size_t i = 0; i < p->nstages; i++) {
        const struct policy_stage *st = &p->stage[i];
        int32_t at;

        if (!valid_name(st->name, sizeof(st->name)) ||
            policy_stage_index(p, st->name) != (int)i)
            abort();
        if ((st->after_due_days >= 0) == (st->after_previous_days >= 0) ||
            (i == 0 && st->after_due_days < 0) ||
            st->after_due_days > MAX_DAYS ||
            st->after_previous_days > MAX_DAYS ||
            (st->after_previous_days >= 0 && st->after_previous_days < 1))
            abort();
        at = st->after_due_days >= 0 ? st->after_due_days
                                     : prev + st->after_previous_days;
        if (at <= prev || at < p->grace_days)
            abort();
        prev = at;
        if (st->channels & ~7u)
            abort();
        if (st->template_name[0] &&
            !valid_name(st->template_name, sizeof(st->template_name)))
            abort();
        if ((st->template_line > 0) != (st->template_name[0] != '\0'))
            abort();
        if (st->tone[0] && !valid_name(st->tone, sizeof(st->tone)))
            abort();
        if ((st->fee != FEE_NONE && st->fee != FEE_CONTRACT &&
             st->fee != FEE_FIXED) || st->fee_milli < 0)
            abort();
        if (st->deadline_days < 0 || st->deadline_days > 365)
            abort();
        if (st->action == ACTION_MESSAGE) {
            if (st->channels == 0 || !st->template_name[0] ||
                st->handoff_to != HANDOFF_AGENCY)
                abort();
        } else if (st->action != ACTION_HANDOFF ||
                   (st->handoff_to != HANDOFF_AGENCY &&
                    st->handoff_to != HANDOFF_LAWYER)) {
            abort();
        }
        if (st->requires_approval != 0 && st->requires_approval != 1)
            abort();
        check_amount(&st->min_customer_overdue,
                     st->min_customer_overdue_line);
    }
    for (size_t i = 0; i < p->nsegments; i++) {
        const struct policy_segment *sg = &p->segment[i];

        if (!valid_name(sg->name, sizeof(sg->name)))
            abort();
        for (size_t k = 0; k < i; k++)
            if (strcmp(p->segment[k].name, sg->name) == 0)
                abort();
        if (sg->min_score < -1 || sg->min_score > 100 ||
            (sg->manual != 0 && sg->manual != 1) ||
            sg->shift_days < -365 || sg->shift_days > 365 ||
            (sg->add_channels & ~7u))
            abort();
        if (sg->min_customer_overdue.n == 0 && sg->min_score < 0 &&
            !sg->manual)
            abort(); /* a segment has a condition */
        check_amount(&sg->min_customer_overdue,
                     sg->min_customer_overdue_line);
    }
}

/* minor (>= 0) units with e decimals, as the policy file writes an
 * amount: 50000 with 2 is "500.00", 5 with 3 "0.005". */
static void
add_amount(struct sbuf *out, int64_t minor, int e)
{
    char digits[32], padded[40];
    int n = snprintf(digits, sizeof(digits), "%lld", (long long)minor);
    int pad = n <= e ? e + 1 - n : 0;

    /* A leading 0 and the zeros of the fraction: 5 with 3 is 0005. */
    memset(padded, '0', (size_t)pad);
    memcpy(padded + pad, digits, (size_t)n + 1);
    n += pad;
    sbuf_add(out, padded, (size_t)(n - e));
    if (e > 0)
        sbuf_addf(out, ".%s", padded + n - e);
}

static void
add_threshold(struct sbuf *out, const struct policy_amount *a)
{
    for (size_t i = 0; i < a->n; i++) {
        sbuf_addstr(out, "min_customer_overdue = ");
        add_amount(out, a->per[i].minor, a->per[i].exponent);
        if (a->per[i].currency[0])
            sbuf_addf(out, " %s", a->per[i].currency);
        sbuf_addch(out, '\n');
    }
}

static void
add_channels(struct sbuf *out, const char *key, unsigned channels)
{
    char buf[64];

    if (channels)
        sbuf_addf(out, "%s = %s\n", key,
                  policy_channels_str(channels, buf, sizeof(buf)));
}

/* p as a policy file: every key spelled out, in canonical form. */
static void
canonical(const struct policy *p, struct sbuf *out)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri",
                                       "sat", "sun"};

    sbuf_addf(out, "[policy]\ngrace_days = %d\npre_due_notice_days = %d\n"
              "min_days_between_contacts = %d\nmax_contacts_per_week = %d\n"
              "promise_grace_days = %d\n", (int)p->grace_days,
              (int)p->pre_due_notice_days, (int)p->min_days_between_contacts,
              (int)p->max_contacts_per_week, (int)p->promise_grace_days);
    if (p->quiet_start == p->quiet_end)
        sbuf_addstr(out, "quiet_hours = none\n");
    else
        sbuf_addf(out, "quiet_hours = %02d:%02d-%02d:%02d\n",
                  p->quiet_start / 60, p->quiet_start % 60,
                  p->quiet_end / 60, p->quiet_end % 60);
    sbuf_addstr(out, "quiet_days = ");
    if (p->quiet_days == 0)
        sbuf_addstr(out, "none");
    for (int d = 0, n = 0; d < 7; d++)
        if (p->quiet_days & (1u << d))
            sbuf_addf(out, "%s%s", n++ ? ", " : "", days[d]);
    sbuf_addf(out, "\npostal_days = %d\nstatement_every_days = %d\n"
              "group_by_customer = yes\nholidays = none\n",
              (int)p->postal_days, (int)p->statement_every_days);
    for (size_t i = 0; i < p->nholidays; i++) {
        char iso[DATE_ISO_LEN + 1];

        date_iso(p->holidays[i], iso);
        sbuf_addf(out, "holidays = %s\n", iso);
    }
    for (size_t i = 0; i < p->nstages; i++) {
        const struct policy_stage *st = &p->stage[i];

        sbuf_addf(out, "\n[stage \"%s\"]\n", st->name);
        if (st->after_due_days >= 0)
            sbuf_addf(out, "after_due_days = %d\n", (int)st->after_due_days);
        else
            sbuf_addf(out, "after_previous_days = %d\n",
                      (int)st->after_previous_days);
        add_channels(out, "channels", st->channels);
        if (st->template_name[0])
            sbuf_addf(out, "template = %s\n", st->template_name);
        if (st->tone[0])
            sbuf_addf(out, "tone = %s\n", st->tone);
        if (st->fee == FEE_FIXED) {
            sbuf_addstr(out, "fee = ");
            add_amount(out, st->fee_milli, 3);
            sbuf_addch(out, '\n');
        } else {
            sbuf_addf(out, "fee = %s\n",
                      st->fee == FEE_CONTRACT ? "contract" : "none");
        }
        if (st->deadline_days)
            sbuf_addf(out, "deadline_days = %d\n", (int)st->deadline_days);
        if (st->action == ACTION_HANDOFF)
            sbuf_addf(out, "action = handoff\nhandoff_to = %s\n",
                      st->handoff_to == HANDOFF_LAWYER ? "lawyer"
                                                       : "agency");
        else
            sbuf_addstr(out, "action = message\n");
        sbuf_addf(out, "requires_approval = %s\n",
                  st->requires_approval ? "yes" : "no");
        add_threshold(out, &st->min_customer_overdue);
    }
    for (size_t i = 0; i < p->nsegments; i++) {
        const struct policy_segment *sg = &p->segment[i];

        sbuf_addf(out, "\n[segment \"%s\"]\n", sg->name);
        add_threshold(out, &sg->min_customer_overdue);
        if (sg->min_score >= 0)
            sbuf_addf(out, "min_score = %d\n", (int)sg->min_score);
        sbuf_addf(out, "manual = %s\nshift_days = %d\n",
                  sg->manual ? "yes" : "no", (int)sg->shift_days);
        add_channels(out, "add_channels", sg->add_channels);
    }
}

static void
same_amount(const struct policy_amount *a, const struct policy_amount *b)
{
    if (a->n != b->n)
        abort();
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->per[i].currency, b->per[i].currency) != 0 ||
            a->per[i].exponent != b->per[i].exponent ||
            a->per[i].minor != b->per[i].minor)
            abort();
}

/* a and b are the same policy, wherever their lines were. */
static void
same_policy(const struct policy *a, const struct policy *b)
{
    if (a->grace_days != b->grace_days ||
        a->pre_due_notice_days != b->pre_due_notice_days ||
        a->min_days_between_contacts != b->min_days_between_contacts ||
        a->max_contacts_per_week != b->max_contacts_per_week ||
        a->promise_grace_days != b->promise_grace_days ||
        (a->quiet_start == a->quiet_end) != (b->quiet_start == b->quiet_end) ||
        (a->quiet_start != a->quiet_end &&
         (a->quiet_start != b->quiet_start || a->quiet_end != b->quiet_end)) ||
        a->quiet_days != b->quiet_days || a->postal_days != b->postal_days ||
        a->nholidays != b->nholidays ||
        memcmp(a->holidays, b->holidays,
               a->nholidays * sizeof(a->holidays[0])) != 0 ||
        a->statement_every_days != b->statement_every_days ||
        a->nstages != b->nstages || a->nsegments != b->nsegments)
        abort();
    for (size_t i = 0; i < a->nstages; i++) {
        const struct policy_stage *x = &a->stage[i], *y = &b->stage[i];

        if (strcmp(x->name, y->name) != 0 ||
            x->after_due_days != y->after_due_days ||
            x->after_previous_days != y->after_previous_days ||
            x->channels != y->channels ||
            strcmp(x->template_name, y->template_name) != 0 ||
            strcmp(x->tone, y->tone) != 0 || x->fee != y->fee ||
            (x->fee == FEE_FIXED && x->fee_milli != y->fee_milli) ||
            x->deadline_days != y->deadline_days || x->action != y->action ||
            x->handoff_to != y->handoff_to ||
            x->requires_approval != y->requires_approval)
            abort();
        same_amount(&x->min_customer_overdue, &y->min_customer_overdue);
    }
    for (size_t i = 0; i < a->nsegments; i++) {
        const struct policy_segment *x = &a->segment[i], *y = &b->segment[i];

        if (strcmp(x->name, y->name) != 0 || x->min_score != y->min_score ||
            x->manual != y->manual || x->shift_days != y->shift_days ||
            x->add_channels != y->add_channels)
            abort();
        same_amount(&x->min_customer_overdue, &y->min_customer_overdue);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sbuf text = SBUF_INIT, errors = SBUF_INIT, warnings = SBUF_INIT;
    struct sbuf canon = SBUF_INIT, errors2 = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT, err2 = DUN_ERR_INIT;
    struct policy *p = malloc(sizeof(*p)), *q = malloc(sizeof(*q));
    size_t nlines = 0;

    if (p == NULL || q == NULL)
        goto out;
    /* Lines of the file, the last one without its newline too; an empty
     * file has one, as an editor shows it. */
    for (size_t i = 0; i < size; i++)
        nlines += data[i] == '\n';
    if (size == 0 || data[size - 1] != '\n')
        nlines++;
    write_tmp(data, size);
    if (policy_check_file(NULL, tmp_path, p, &text, &errors, &warnings,
                          &err) < 0) {
        check_refused(&errors, &err, nlines);
        goto out;
    }
    if (errors.len || warnings.len || text.len != size ||
        memcmp(text.buf, data, size) != 0)
        abort();
    check_policy(p);
    canonical(p, &canon);
    if (policy_parse("canonical", canon.buf, canon.len, q, &errors2,
                     &err2) < 0) {
        fprintf(stderr, "canonical form refused:\n%s%s", canon.buf,
                errors2.buf);
        abort();
    }
    same_policy(p, q);
out:
    free(p);
    free(q);
    sbuf_release(&text);
    sbuf_release(&errors);
    sbuf_release(&warnings);
    sbuf_release(&canon);
    sbuf_release(&errors2);
    return 0;
}
