/*
 * changelog.h - state store changelogs on the Kafka log (see changelog.c).
 * Private to the runtime (task.c, worker.c).
 */
#ifndef SL_EXEC_CHANGELOG_H
#define SL_EXEC_CHANGELOG_H

#include "exec/query_int.h"
#include "exec/store.h"

/* Gives a task's store its changelog when the query runs on the Kafka log (creating the
 * topic, compacted, one partition per task, when it is missing). A no-op on the embedded
 * log, where state and topics share one RocksDB write. */
sl_error *sl_changelog_attach(sl_task *t, const char *store, sl_store *s);
/* At a task's flush, after its stores wrote their changes: a commit marker in each
 * changelog carrying the task's source offsets, which closes the commit there. */
sl_error *sl_changelog_mark(sl_task *t);
/* When the data dir has no committed offsets for sub's partition but its stores' changelogs
 * have commits: rebuilds the stores from them, up to the last commit all of them saw, and
 * commits that commit's source offsets locally, so the task resumes exactly there. */
sl_error *sl_changelog_restore(sl_worker *w, uint32_t sub, int32_t partition);

#endif
