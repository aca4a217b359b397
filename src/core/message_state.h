/*
 * message_state.h - where a message is on its way to the customer, and
 * which moves between those states are allowed.
 *
 * An e-mail goes planned -> sending -> sent, and from there may come
 * back bounced; a delivery that failed for now goes back to planned (to
 * be tried again), one that failed for good, or too often, is failed. A
 * letter goes planned -> printed -> posted. Anything not yet delivered
 * may become void (stale, or stopped by hand); what was sent by other
 * means is marked sent (or posted) by hand, so that the ladder knows.
 * Every move is kept with its instant (store: message_event).
 *
 * Pure, thread-safe.
 */
#ifndef DUN_CORE_MESSAGE_STATE_H
#define DUN_CORE_MESSAGE_STATE_H

enum message_status {
    MSG_PLANNED,
    MSG_SENDING,
    MSG_SENT,
    MSG_FAILED,
    MSG_BOUNCED,
    MSG_VOID,
    MSG_PRINTED,
    MSG_POSTED,
    MSG_NSTATUS
};

/* The word for s ("planned"), as stored and shown; NULL out of range. */
const char *message_status_name(enum message_status s);

/* The status called name; -1 for anything else. */
int message_status_parse(const char *name);

/* 1 if a message of channel ("email" or "letter") may move from from to
 * to, else 0. */
int message_status_may_move(const char *channel, enum message_status from,
                            enum message_status to);

/* 1 once the message reached the customer or went out by hand as far as
 * dun knows (sent, printed, posted): a contact the ladder counts. */
int message_status_delivered(enum message_status s);

#endif
