/* Sales sessions of the module: a session starts when OBS starts streaming or recording (or from
 * the dock or the StartSales... vendor path) and ends when both have stopped (or from the dock).
 * While one runs, every change of the featured products and every order of the live session is
 * journaled (core/sales/journal.h, in the module's config folder: sales/journal.jsonl), and the
 * report (core/sales/report.h) is computed from the journal of every session, this run's and the
 * ones before.
 *
 * Threads: everything is quick (memory only) unless marked BLOCKING; any thread, the UI thread
 * included. The journal is read back on its own worker at module load, so a large journal never
 * delays OBS's start. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/sales/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* obs_module_load, after olc_live_start: opens the journal and listens to the live session (and,
 * inside OBS, to streaming and recording). */
void olc_sales_start_module(void);
/* obs_module_unload, before olc_live_stop: ends a running session, flushes the journal. */
void olc_sales_stop_module(void);

bool olc_sales_running(void);
/* Starts a session (nothing when one runs); the products on screen start their first interval. */
void olc_sales_start(void);
/* Ends the running session (nothing when none runs). */
void olc_sales_stop(void);
/* Every journaled session, the running one up to now; false without the module's journal (out is
 * then empty). */
bool olc_sales_report(struct olc_report *out);
/* Why the journal cannot keep what happens ("" when it can): a folder that cannot be written, a
 * full disk, a full journal. The session goes on in memory either way. */
void olc_sales_error(struct olc_error *out);

/* BLOCKING: writes the report of the newest session (or all) as "csv", "json" or "png" to path,
 * atomically (core/sys/file-io.h). */
bool olc_sales_export(const char *path, const char *format, struct olc_error *err);
/* The same for one session, by its start_ms; 0: the newest; -1: every session (csv and json only). */
bool olc_sales_export_session(const char *path, const char *format, int64_t session_start_ms, struct olc_error *err);

/* The PNG chart is drawn with Qt (ui/raster/report-chart.h), a layer above this one: module.c
 * hands the drawing function over at load when the module has Qt. It returns malloc'd PNG bytes. */
typedef bool (*olc_sales_chart_fn)(const struct olc_report_session *s, void **png, size_t *len, struct olc_error *err);
void olc_sales_set_chart(olc_sales_chart_fn draw);

#ifdef __cplusplus
}
#endif
