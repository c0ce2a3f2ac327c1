/* The sales journal: what happened in each sales session (its start and end, every change of the
 * featured products, every order), one record a line, append-only, in one file under the module's
 * config folder (sales/journal.jsonl). The report (report.h) is computed from it.
 *
 * A line is the record's JSON, a tab and the 16 hex digits of the FNV-1a hash of that JSON:
 *   {"t":"order","s":1764850000000,"at":1764850012345,"id":"1001","p":"p-3","q":2,...}\t5f0c...\n
 * A line whose hash does not match, or the last line without its newline, is a record torn by a
 * crash or a power cut: the reader skips it, and the writer cuts a torn end off before it appends.
 *
 * Durability: the journal's worker writes each record as soon as it is appended (a killed OBS
 * loses only what was appended in the last moments) and flushes the file to the disk at most once
 * a second while records arrive (a power cut loses at most the last second).
 *
 * Threads: olc_journal_append, _start_session, _end_session, _report, _error and _loaded touch
 * memory only (never the disk: the dock's UI thread may call them) and may be called from any
 * thread, concurrently. create returns at once: the worker reads the file (any size) and only then
 * writes what was appended meanwhile. destroy writes the rest, flushes and joins the worker. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/model/money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A session of 100,000 orders takes about 20 MB; past this the journal refuses to grow (the
 * records stay in memory for this run's report) and says so. */
#define OLC_JOURNAL_MAX_BYTES (64ull * 1024 * 1024)

enum olc_journal_kind {
	OLC_JOURNAL_START,   /* a sales session starts */
	OLC_JOURNAL_END,     /* it ends */
	OLC_JOURNAL_FEATURE, /* from now on, these products are on screen (none: nothing is) */
	OLC_JOURNAL_ORDER,   /* an order line arrived */
};

struct olc_journal_featured {
	char *product_id;
	char *title; /* as shown at the time; NULL: unknown */
	int number;  /* deck number, 0: not featured from the deck */
};

/* One record. Strings are malloc'd and owned by the record. */
struct olc_journal_record {
	enum olc_journal_kind kind;
	int64_t session; /* the session's id: its start time, Unix ms */
	int64_t at_ms;   /* when it was journaled, Unix ms */
	char currency[4]; /* START: the shop's currency ("" before the first catalog) */

	struct olc_journal_featured *featured; /* FEATURE */
	size_t featured_count;

	/* ORDER (the buyer is never journaled) */
	char *order_id;
	char *product_id;
	char *title; /* the product's title at the time, NULL: unknown */
	int quantity;
	struct olc_money total;
	bool test;
	int64_t placed_ms; /* the shop's own time of the order, 0: unknown */
};

void olc_journal_record_free(struct olc_journal_record *r);
/* Deep copy into dst (not initialised; overwritten). false when memory runs out (dst then empty). */
bool olc_journal_record_copy(struct olc_journal_record *dst, const struct olc_journal_record *src);

/* The line for r (with its hash and newline), malloc'd, its length in *len. NULL on no memory. */
char *olc_journal_line(const struct olc_journal_record *r, size_t *len);

struct olc_journal_contents {
	struct olc_journal_record *records; /* in file order */
	size_t count;
	uint64_t whole_len; /* bytes up to the end of the last whole record: where appending goes on */
	size_t damaged;     /* lines skipped as torn or unreadable */
};
void olc_journal_contents_free(struct olc_journal_contents *c);

/* Reads journal bytes: every whole, intact line becomes a record; the rest is counted in damaged.
 * false only when memory runs out. */
bool olc_journal_parse(const char *bytes, size_t len, struct olc_journal_contents *out);
/* Reads a journal file (a missing file is an empty journal). Blocking I/O. */
bool olc_journal_read_file(const char *path, struct olc_journal_contents *out, struct olc_error *err);

struct olc_journal_config {
	const char *path;        /* the journal file; its folder is made if missing */
	uint64_t max_bytes;      /* 0: OLC_JOURNAL_MAX_BYTES */
	int64_t (*now_ms)(void); /* NULL: the system clock */
};

struct olc_journal;

/* Starts the journal's worker, which reads the file, cuts a torn end off, ends a session the last
 * run left open (at its last record's time: what a crash loses) and then appends. NULL only when
 * memory or threads run out. */
struct olc_journal *olc_journal_create(const struct olc_journal_config *cfg, struct olc_error *err);
/* Writes what is still queued, flushes to disk and joins the worker. */
void olc_journal_destroy(struct olc_journal *j);

/* true once the file has been read (whether or not that worked). */
bool olc_journal_loaded(struct olc_journal *j);
/* Waits up to timeout_ms for olc_journal_loaded (tests and exports). */
bool olc_journal_wait_loaded(struct olc_journal *j, int64_t timeout_ms);

/* BLOCKING: waits up to timeout_ms until everything appended so far is written and flushed to the
 * disk (or refused by it: see olc_journal_error); true when it is. For exports and tests. */
bool olc_journal_flush(struct olc_journal *j, int64_t timeout_ms);

/* Keeps a copy of r in memory and has the worker append it to the file.
 * A record that cannot be written stays in memory for this run's report and the error says why;
 * after a failed write (a full disk) the next record tries again; a journal that could not be
 * opened or read at start is not written to until OBS starts again. */
void olc_journal_append(struct olc_journal *j, const struct olc_journal_record *r);

/* Starts a session now (its id is now, or one more than the newest id, so ids stay unique and
 * increasing) with the shop's currency; returns its id. */
int64_t olc_journal_start_session(struct olc_journal *j, const char *currency);
/* Ends the session that is running, if any. */
void olc_journal_end_session(struct olc_journal *j);
/* The journal's clock (the config's now_ms), Unix ms: what records are dated by. */
int64_t olc_journal_now(struct olc_journal *j);
/* The running session's id, 0: none. */
int64_t olc_journal_running(struct olc_journal *j);

/* The last write error in plain words ("" when the last write worked). */
void olc_journal_error(struct olc_journal *j, struct olc_error *out);

struct olc_report;
/* The report of every session in the journal (a running one up to now). */
bool olc_journal_report(struct olc_journal *j, struct olc_report *out, struct olc_error *err);

#ifdef __cplusplus
}
#endif
