/*
 * store.c - backend selection and the helpers every backend shares.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/store_sqlite.h"


struct store *
store_open(const char *uri, const char *tenant, int create,
           struct dun_err *err)
{
    if (strncmp(uri, "postgresql://", 13) == 0 ||
        strncmp(uri, "postgres://", 11) == 0) {
        dun_err_set(err, DUN_E_INPUT,
                    "%s: this build has no PostgreSQL backend yet", uri);
        return NULL;
    }
    return store_sqlite_open(uri, tenant, create, err);
}

void
store_engine(const char **name, const char **version)
{
    *name = "SQLite";
    *version = sqlite3_libversion();
}

void
store_close(struct store *st)
{
    if (st)
        st->ops->close(st);
}

struct ledger_invoice *
store_docs_add_invoice(struct store_docs *docs)
{
    if (docs->ninv == docs->inv_cap) {
        docs->inv_cap = docs->inv_cap ? docs->inv_cap * 2 : 32;
        docs->inv = xreallocarray(docs->inv, docs->inv_cap, sizeof(*docs->inv));
    }
    memset(&docs->inv[docs->ninv], 0, sizeof(docs->inv[0]));
    return &docs->inv[docs->ninv++];
}

struct ledger_payment *
store_docs_add_payment(struct store_docs *docs)
{
    if (docs->npay == docs->pay_cap) {
        docs->pay_cap = docs->pay_cap ? docs->pay_cap * 2 : 32;
        docs->pay = xreallocarray(docs->pay, docs->pay_cap, sizeof(*docs->pay));
    }
    memset(&docs->pay[docs->npay], 0, sizeof(docs->pay[0]));
    return &docs->pay[docs->npay++];
}

void
store_docs_reset(struct store_docs *docs)
{
    docs->ninv = 0;
    docs->npay = 0;
}

void
store_docs_release(struct store_docs *docs)
{
    free(docs->inv);
    free(docs->pay);
    memset(docs, 0, sizeof(*docs));
}
