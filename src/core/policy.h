/*
 * policy.h - the collection policy: a ladder of stages, the segments that
 * shift it, and the guardrails no stage may cross.
 *
 * Pure: the text comes in as a buffer (app/ reads the file), no clock.
 * docs/policy.md is the reference for the file format; policy_default_text
 * is what 'dun init' writes. Parsing reports every error it finds, one per
 * line, as "NAME:LINE: reason".
 */
#ifndef DUN_CORE_POLICY_H
#define DUN_CORE_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"

#define POLICY_MAX_STAGES 12
#define POLICY_MAX_SEGMENTS 12
#define POLICY_NAME_MAX 32

enum policy_channel {
    CHANNEL_EMAIL = 1 << 0,
    CHANNEL_LETTER = 1 << 1,
    CHANNEL_PHONE = 1 << 2, /* a phone task in the queue */
};

enum policy_fee {
    FEE_NONE,
    FEE_CONTRACT, /* what the customer's contract allows (fees issue) */
    FEE_FIXED,    /* fee_milli, in the invoice currency's major units */
};

enum policy_action {
    ACTION_MESSAGE, /* contact the customer */
    ACTION_HANDOFF, /* pass the debt to an agency or a lawyer */
};

/*
 * Amounts in a policy are in major units of whatever currency a debt is
 * in ("500.00" is EUR 500 or USD 500), kept in thousandths so that every
 * currency's minor unit (up to 3 decimals) converts exactly; see
 * policy_amount_minor.
 */
struct policy_stage {
    char name[POLICY_NAME_MAX];
    int32_t after_due_days;      /* days past due; -1 if relative */
    int32_t after_previous_days; /* days after the previous stage; -1 */
    unsigned channels;           /* enum policy_channel bits */
    char template_name[POLICY_NAME_MAX];
    char tone[16];               /* "friendly", "firm", "final", ... */
    enum policy_fee fee;
    int64_t fee_milli;
    int32_t deadline_days;       /* pay within; 0 = none stated */
    enum policy_action action;
    int requires_approval;
    int64_t min_customer_overdue_milli; /* 0 = any amount */
    int line;                    /* where it was defined */
};

struct policy_segment {
    char name[POLICY_NAME_MAX];
    int64_t min_customer_overdue_milli; /* -1: no amount condition */
    int32_t min_score;                  /* -1: no score condition */
    int manual;        /* only customers assigned to it by hand */
    int32_t shift_days; /* added to every stage's trigger */
    unsigned add_channels;
    int line;
};

struct policy {
    int32_t grace_days;
    int32_t pre_due_notice_days; /* courtesy notice for opted-in: 0 off */
    int32_t min_days_between_contacts;
    int32_t max_contacts_per_week;  /* in any 7 consecutive days */
    int32_t promise_grace_days;     /* a promise breaks after by + this */
    int16_t quiet_start, quiet_end; /* minutes after midnight; equal: none */
    unsigned quiet_days;            /* bit d = weekday d (0 Monday) */
    struct policy_stage stage[POLICY_MAX_STAGES];
    size_t nstages;
    struct policy_segment segment[POLICY_MAX_SEGMENTS];
    size_t nsegments;
};

/*
 * Parse policy text (len bytes; name is used in messages). 0 and *out on
 * success; -1 if anything is wrong, with every error appended to errors
 * as "NAME:LINE: reason\n" and err set to the first one.
 */
int policy_parse(const char *name, const char *text, size_t len,
                 struct policy *out, struct sbuf *errors,
                 struct dun_err *err);

/* The commented default policy that 'dun init' stores. */
extern const char policy_default_text[];

/* A policy amount in minor units of currency (exponent as from
 * currency_exponent), rounded half away from zero. */
int64_t policy_amount_minor(int64_t milli, int exponent);

/* The hours of a day in which e-mails may be sent and calls made, as
 * minutes after local midnight [*from, *to): the first stretch of the
 * day outside the quiet hours (20:00-08:00 gives 480..1200; 12:00-13:00
 * gives 0..720); the whole day, 0..1440, without quiet hours. */
void policy_send_window(const struct policy *p, int *from, int *to);

/* Index of the stage called name, or -1. */
int policy_stage_index(const struct policy *p, const char *name);

/* "email, letter" for a channel set, into buf (>= 32 bytes). */
const char *policy_channels_str(unsigned channels, char *buf, size_t size);

#endif
