/*
 * check_keys.c - the store's index of document keys against the
 * documents: part of 'dun check'; see check.h.
 */
#include "app/check.h"
#include "store/store.h"

int
doc_keys_verify(struct app *app, struct dun_err *err)
{
    return app->st->ops->keys_verify(app->st, err);
}

int
doc_keys_rebuild(struct app *app, struct dun_err *err)
{
    struct store *st = app->st;

    if (store_begin(st, err) < 0)
        return -1;
    if (st->ops->keys_rebuild(st, err) < 0 || store_commit(st, err) < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}
