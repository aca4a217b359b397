/*
 * fuzz_tzif.c - libFuzzer target for the TZif parser and POSIX TZ rules.
 *
 * An input that starts with the TZif magic is parsed as a zone file,
 * anything else as a footer's TZ string (tzif_rule_parse, then used as
 * the rule of a zone with no transitions), so that both parsers are
 * explored without one having to get through the other. A refusal must
 * be DUN_E_IO. A parsed zone must hold what the queries rely on (at
 * least one type, offsets in range, transitions strictly ascending with
 * type indexes in range), and converting local times must give an
 * instant within TZIF_OFFSET_MAX seconds, the same one each time, where
 * the offset in force is in range; near the zone's transitions too.
 *
 * Build: see tests/fuzz/meson.build (-Dfuzz=true, clang) or
 * scripts/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/tzif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_offset(int64_t off)
{
    if (off < TZIF_OFFSET_MIN || off > TZIF_OFFSET_MAX)
        abort();
}

static void
check_zone(const struct tzif *z)
{
    if (z->version < 1 || z->version > 4 || z->ntypes < 1 || !z->types)
        abort();
    if (z->ntrans > 0 && (!z->trans || !z->trans_type))
        abort();
    for (size_t i = 0; i < z->ntypes; i++) {
        check_offset(z->types[i].utoff);
        if (z->types[i].isdst != 0 && z->types[i].isdst != 1)
            abort();
    }
    for (size_t i = 0; i < z->ntrans; i++)
        if (z->trans_type[i] >= z->ntypes ||
            (i > 0 && z->trans[i] <= z->trans[i - 1]))
            abort();
    if (z->has_rule) {
        check_offset(z->rule.std_off);
        check_offset(z->rule.dst_off);
    }
}

static void
check_local(const struct tzif *z, int64_t local)
{
    int64_t t = tzif_local_to_utc(z, local);

    if (t < local - TZIF_OFFSET_MAX || t > local - TZIF_OFFSET_MIN)
        abort();
    if (tzif_local_to_utc(z, local) != t)
        abort();
    check_offset(tzif_offset_at(z, t));
}

/* Local times of years 1 to 10000, as timezone.c passes them, and
 * around the first transitions, where the tables end and the rule
 * begins. */
static void
check_queries(const struct tzif *z)
{
    static const int64_t locals[] = {
        -62135596800, /* 0001-01-01 */
        -3786825600,  /* 1850-01-01 */
        0,
        1774747800,   /* 2026-03-29T01:30 */
        1792888200,   /* 2026-10-25T02:30 */
        3794175000,   /* 2090-03-26T02:30 */
        253402300800, /* 10000-01-01 */
    };
    const int64_t lo = -62135596800, hi = 253402300800;

    for (size_t i = 0; i < sizeof(locals) / sizeof(locals[0]); i++)
        check_local(z, locals[i]);
    for (size_t i = 0; i < z->ntrans && i < 16; i++) {
        int64_t t = z->trans[i];

        if (t < lo || t > hi)
            continue;
        for (int64_t d = -2 * 3600; d <= 2 * 3600; d += 900)
            check_local(z, t + d);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dun_err err = DUN_ERR_INIT;
    struct tzif z = TZIF_INIT;

    if (size >= 4 && memcmp(data, "TZif", 4) == 0) {
        if (tzif_parse(&z, data, size, &err) < 0) {
            if (err.code != DUN_E_IO || z.trans || z.types)
                abort();
            return 0;
        }
        check_zone(&z);
        check_queries(&z);
        tzif_release(&z);
        if (z.trans || z.trans_type || z.types || z.ntrans || z.ntypes)
            abort();
    } else {
        struct tzif_type type = { 0, 0 };

        if (tzif_rule_parse(&z.rule, (const char *)data, size, &err) < 0) {
            if (err.code != DUN_E_IO)
                abort();
            return 0;
        }
        z.version = 2;
        z.ntypes = 1;
        z.types = &type;
        z.has_rule = 1;
        check_zone(&z);
        check_queries(&z);
    }
    return 0;
}
