/*
 * smtp_outcome.c - the names of SMTP outcomes (send/smtp.h), apart from
 * the session code: what a delivery records needs no SMTP module
 * (modules/loader.h).
 */
#include "send/smtp.h"

const char *
smtp_outcome_name(enum smtp_outcome o)
{
    switch (o) {
    case SMTP_SENT:
        return "sent";
    case SMTP_TEMPORARY:
        return "temporary";
    case SMTP_PERMANENT:
        return "permanent";
    case SMTP_SESSION:
        return "session";
    }
    return "unknown";
}
