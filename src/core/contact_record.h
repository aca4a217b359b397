/*
 * contact_record.h - a customer's whole contact record checked as the
 * doors check each field (core/contact.h), for what reads records back:
 * a database written by an older dun or edited by hand may hold what
 * the doors refuse, and a message must not carry it.
 *
 * Pure, thread-safe.
 */
#ifndef DUN_CORE_CONTACT_RECORD_H
#define DUN_CORE_CONTACT_RECORD_H

#include "core/model.h"

/* Every field a message or letter shows: name, e-mail (one bare address
 * or empty), phone, address, city, postal code. 0, or -1 with *field
 * ("email") and *why (contact.h's phrases) set. */
int contact_record_check(const struct customer *c, const char **field,
                         const char **why);

#endif
