/*
 * message_state.c - see message_state.h.
 */
#include <string.h>

#include "core/message_state.h"

static const char *const names[MSG_NSTATUS] = {
    [MSG_PLANNED] = "planned", [MSG_SENDING] = "sending",
    [MSG_SENT] = "sent",       [MSG_FAILED] = "failed",
    [MSG_BOUNCED] = "bounced", [MSG_VOID] = "void",
    [MSG_PRINTED] = "printed", [MSG_POSTED] = "posted",
};

const char *
message_status_name(enum message_status s)
{
    return (unsigned)s < MSG_NSTATUS ? names[s] : NULL;
}

int
message_status_parse(const char *name)
{
    for (int i = 0; i < MSG_NSTATUS; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

#define BIT(s) (1u << (s))

int
message_status_may_move(const char *channel, enum message_status from,
                        enum message_status to)
{
    /* For each state, the states it may move to. */
    static const unsigned email[MSG_NSTATUS] = {
        [MSG_PLANNED] = BIT(MSG_SENDING) | BIT(MSG_SENT) | BIT(MSG_VOID) |
                        BIT(MSG_FAILED),
        /* A crash or a failure for now gives the message back. */
        [MSG_SENDING] = BIT(MSG_SENT) | BIT(MSG_PLANNED) | BIT(MSG_FAILED) |
                        BIT(MSG_VOID),
        [MSG_SENT] = BIT(MSG_BOUNCED),
        [MSG_FAILED] = BIT(MSG_SENT) | BIT(MSG_VOID),
        [MSG_BOUNCED] = 0,
        [MSG_VOID] = 0,
    };
    static const unsigned letter[MSG_NSTATUS] = {
        [MSG_PLANNED] = BIT(MSG_PRINTED) | BIT(MSG_POSTED) | BIT(MSG_VOID),
        [MSG_PRINTED] = BIT(MSG_POSTED) | BIT(MSG_VOID),
        [MSG_POSTED] = 0,
        [MSG_VOID] = 0,
    };
    const unsigned *t = strcmp(channel, "email") == 0    ? email
                        : strcmp(channel, "letter") == 0 ? letter
                                                         : NULL;

    if (t == NULL || (unsigned)from >= MSG_NSTATUS ||
        (unsigned)to >= MSG_NSTATUS)
        return 0;
    return (t[from] & BIT(to)) != 0;
}

int
message_status_delivered(enum message_status s)
{
    return s == MSG_SENT || s == MSG_PRINTED || s == MSG_POSTED;
}
