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
#define POLICY_MAX_AMOUNTS 8
#define POLICY_MAX_HOLIDAYS 64

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

/* Who a hand-off stage passes the debt to. */
enum policy_handoff { HANDOFF_AGENCY, HANDOFF_LAWYER };

/*
 * A money threshold, per currency: "500.00 EUR, 500.00 GBP, 60000 JPY".
 * An entry naming a currency is written with exactly that currency's
 * decimals; a bare amount ("500.00") applies in every currency with as
 * many decimals as it is written with (EUR, USD, GBP ..., not JPY or
 * BHD), so that no threshold is ever read in a currency it was not meant
 * for. A named entry wins over a bare one for its currency.
 */
struct policy_amount {
    size_t n; /* 0: no threshold */
    struct {
        char currency[4]; /* "" for a bare amount */
        int exponent;     /* decimals written / the currency's */
        int64_t minor;
    } per[POLICY_MAX_AMOUNTS];
};

struct policy_stage {
    char name[POLICY_NAME_MAX];
    int32_t after_due_days;      /* days past due; -1 if relative */
    int32_t after_previous_days; /* days after the previous stage; -1 */
    unsigned channels;           /* enum policy_channel bits */
    char template_name[POLICY_NAME_MAX];
    char tone[16];               /* "friendly", "firm", "final", ... */
    enum policy_fee fee;
    int64_t fee_milli;           /* thousandths of the major unit */
    int32_t deadline_days;       /* pay within; 0 = none stated */
    enum policy_action action;
    enum policy_handoff handoff_to; /* for action = handoff */
    int requires_approval;
    struct policy_amount min_customer_overdue; /* empty: any amount */
    int min_customer_overdue_line; /* where it was given; 0: not given */
    int template_line;           /* where template was given; 0: not */
    int line;                    /* where it was defined */
};

struct policy_segment {
    char name[POLICY_NAME_MAX];
    struct policy_amount min_customer_overdue; /* empty: no condition */
    int min_customer_overdue_line;      /* where given; 0: not given */
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
    int32_t postal_days;  /* a letter arrives this long after it is sent */
    int32_t holidays[POLICY_MAX_HOLIDAYS]; /* ascending, no duplicates */
    size_t nholidays;
    int32_t statement_every_days; /* after the ladder; 0: never */
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

/* 1 and *minor = the threshold in minor units of currency when one
 * applies to it (named, or a bare amount written with that currency's
 * number of decimals: "500.00" applies to EUR, USD, GBP ...; not to JPY
 * or BHD); 0 when none does. */
int policy_amount_in(const struct policy_amount *a, const char *currency,
                     int64_t *minor);

/* Whether amounts owed in several currencies meet a: each currency with a
 * threshold contributes owed/threshold, counted in thousandths rounded
 * down; met when the shares reach 1000 (so EUR 300 + GBP 300 against
 * 500.00 meets it: 600 + 600). Currencies without a threshold contribute
 * nothing; a zero threshold is met by anything owed in its currency. An
 * empty a (n == 0) is always met. */
int policy_amount_met(const struct policy_amount *a,
                      const char (*currency)[4], const int64_t *owed,
                      size_t n);

/* day itself if it is a business day (Monday to Friday, not one of the
 * policy's holidays), else the next one. */
int32_t policy_next_business_day(const struct policy *p, int32_t day);

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
