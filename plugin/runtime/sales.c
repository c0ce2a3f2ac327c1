/* Sales sessions of the module; see sales.h. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/threading.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sales/journal.h"
#include "core/sys/file-io.h"
#include "runtime/live-session.h"
#include "runtime/sales.h"
#include "plugin-support.h"

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
#include <obs-frontend-api.h>

#include "runtime/frontend-present.h"
#define SALES_FOLLOW_OUTPUTS
#endif

/* An export waits this long for the journal to be read back (a huge journal at start). */
#define EXPORT_WAIT_MS 10000

static struct olc_journal *journal;   /* module load..unload */
static struct olc_session *listening; /* the live session listened to */
static volatile long chart_set;
static olc_sales_chart_fn chart;

static struct {
	pthread_mutex_t lock;
	bool streaming, recording;
	char logged_error[256]; /* the last journal error logged, so it is logged once */
} outputs = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Logs a new journal error once, as a warning: the dock shows it too. */
static void log_journal_error(void)
{
	struct olc_error err;
	olc_journal_error(journal, &err);
	pthread_mutex_lock(&outputs.lock);
	bool fresh = strcmp(err.text, outputs.logged_error) != 0;
	snprintf(outputs.logged_error, sizeof(outputs.logged_error), "%s", err.text);
	pthread_mutex_unlock(&outputs.lock);
	if (fresh && err.text[0])
		obs_log(LOG_WARNING, "sales journal: %s", err.text);
}

/* A FEATURE record of what snap shows, titled and numbered as the card shows it. */
static void journal_featured(int64_t session, const struct olc_snapshot *snap, const char *const *ids, size_t count)
{
	struct olc_journal_featured items[OLC_FEATURED_MAX];
	size_t n = 0;
	for (size_t i = 0; i < count && n < OLC_FEATURED_MAX; i++) {
		const struct olc_product *p = snap ? olc_snapshot_product(snap, ids[i]) : NULL;
		const struct olc_deck_item *item = snap ? olc_snapshot_deck_item(snap, ids[i]) : NULL;
		items[n].product_id = (char *)ids[i];
		items[n].title = (char *)(item && item->title ? item->title : p ? p->title : NULL);
		items[n].number = item ? item->number : 0;
		n++;
	}
	struct olc_journal_record r = {
		.kind = OLC_JOURNAL_FEATURE,
		.session = session,
		.at_ms = olc_journal_now(journal),
		.featured = items,
		.featured_count = n,
	};
	olc_journal_append(journal, &r);
}

static void on_session_event(const struct olc_event *ev, void *priv)
{
	UNUSED_PARAMETER(priv);
	const int64_t session = journal ? olc_journal_running(journal) : 0;
	if (!session)
		return;
	if (ev->kind == OLC_EVENT_PRODUCT_FEATURED) {
		struct olc_snapshot *snap = olc_live_snapshot();
		journal_featured(session, snap, ev->featured, ev->featured_count);
		olc_snapshot_release(snap);
	} else if (ev->kind == OLC_EVENT_ORDER_RECEIVED && ev->order) {
		const struct olc_order *o = ev->order;
		struct olc_snapshot *snap = olc_live_snapshot();
		const struct olc_product *p = snap && o->product_id ? olc_snapshot_product(snap, o->product_id) : NULL;
		struct olc_journal_record r = {
			.kind = OLC_JOURNAL_ORDER,
			.session = session,
			.at_ms = olc_journal_now(journal),
			.order_id = o->id,
			.product_id = o->product_id,
			.title = p ? p->title : NULL,
			.quantity = o->quantity,
			.total = o->total,
			.test = o->test,
			.placed_ms = o->created_at_ms,
		};
		olc_journal_append(journal, &r);
		olc_snapshot_release(snap);
	} else {
		return;
	}
	log_journal_error();
}

bool olc_sales_running(void)
{
	return journal && olc_journal_running(journal) != 0;
}

void olc_sales_start(void)
{
	if (!journal || olc_journal_running(journal))
		return;
	struct olc_snapshot *snap = olc_live_snapshot();
	const int64_t session = olc_journal_start_session(journal, snap ? snap->currency : "");
	/* What is on screen already starts its first interval with the session. */
	if (snap && snap->featured_count)
		journal_featured(session, snap, (const char *const *)snap->featured, snap->featured_count);
	olc_snapshot_release(snap);
	obs_log(LOG_INFO, "sales session started");
	log_journal_error();
}

void olc_sales_stop(void)
{
	if (!journal || !olc_journal_running(journal))
		return;
	olc_journal_end_session(journal);
	obs_log(LOG_INFO, "sales session ended");
}

bool olc_sales_report(struct olc_report *out)
{
	memset(out, 0, sizeof(*out));
	struct olc_error err;
	return journal && olc_journal_report(journal, out, &err);
}

void olc_sales_error(struct olc_error *out)
{
	olc_error_clear(out);
	if (journal)
		olc_journal_error(journal, out);
}

void olc_sales_set_chart(olc_sales_chart_fn draw)
{
	chart = draw;
	os_atomic_set_long(&chart_set, draw != NULL);
}

bool olc_sales_export(const char *path, const char *format, struct olc_error *err)
{
	return olc_sales_export_session(path, format, 0, err);
}

bool olc_sales_export_session(const char *path, const char *format, int64_t session_start_ms, struct olc_error *err)
{
	const bool csv = strcmp(format, "csv") == 0, json = strcmp(format, "json") == 0, png = strcmp(format, "png") == 0;
	if (!csv && !json && !png) {
		olc_error_set(err, "the report's format must be csv, json or png");
		return false;
	}
	if (!journal) {
		olc_error_set(err, "the sales journal is not running");
		return false;
	}
	if (!olc_journal_wait_loaded(journal, EXPORT_WAIT_MS)) {
		olc_error_set(err, "the sales journal is still being read; try again in a moment");
		return false;
	}
	struct olc_report r;
	if (!olc_journal_report(journal, &r, err))
		return false;
	size_t first = 0, count = 0;
	bool ok = false;
	void *bytes = NULL;
	size_t len = 0;
	if (r.count == 0) {
		olc_error_set(err, "there is no sales session yet: start streaming or recording, or start one from the dock");
		goto done;
	}
	if (session_start_ms == -1 && !png) {
		count = r.count;
	} else if (session_start_ms <= 0) {
		first = r.count - 1;
		count = 1;
	} else {
		while (first < r.count && r.sessions[first].start_ms != session_start_ms)
			first++;
		count = first < r.count ? 1 : 0;
		if (!count) {
			olc_error_set(err, "there is no sales session that started at %lld", (long long)session_start_ms);
			goto done;
		}
	}
	if (png) {
		if (!os_atomic_load_long(&chart_set) || !chart) {
			olc_error_set(err, "this build of the plugin has no Qt, so it cannot draw the chart");
			goto done;
		}
		if (!chart(&r.sessions[first], &bytes, &len, err))
			goto done;
	} else {
		bytes = csv ? olc_report_csv(&r, first, count, &len, err) : olc_report_json(&r, first, count, &len, err);
		if (!bytes)
			goto done;
	}
	ok = olc_file_write_atomic(path, bytes, len, err);
done:
	free(bytes);
	olc_report_free(&r);
	return ok;
}

#ifdef SALES_FOLLOW_OUTPUTS
/* On the UI thread: sessions follow streaming and recording. */
static void on_frontend_event(enum obs_frontend_event event, void *priv)
{
	UNUSED_PARAMETER(priv);
	pthread_mutex_lock(&outputs.lock);
	switch (event) {
	case OBS_FRONTEND_EVENT_STREAMING_STARTED:
		outputs.streaming = true;
		break;
	case OBS_FRONTEND_EVENT_STREAMING_STOPPED:
		outputs.streaming = false;
		break;
	case OBS_FRONTEND_EVENT_RECORDING_STARTED:
		outputs.recording = true;
		break;
	case OBS_FRONTEND_EVENT_RECORDING_STOPPED:
		outputs.recording = false;
		break;
	default:
		pthread_mutex_unlock(&outputs.lock);
		return;
	}
	const bool live = outputs.streaming || outputs.recording;
	pthread_mutex_unlock(&outputs.lock);
	if (live)
		olc_sales_start();
	else
		olc_sales_stop();
}

static bool following;
#endif

void olc_sales_start_module(void)
{
	char *dir = obs_module_config_path("sales");
	char *path = dir ? bmalloc(strlen(dir) + sizeof("/journal.jsonl")) : NULL;
	if (path)
		sprintf(path, "%s/journal.jsonl", dir);
	bfree(dir);
	struct olc_journal_config cfg = {.path = path};
	struct olc_error err = {""};
	journal = path ? olc_journal_create(&cfg, &err) : NULL;
	bfree(path);
	if (!journal) {
		obs_log(LOG_ERROR, "sales sessions are off: %s", err.text);
		return;
	}
	listening = olc_live_session();
	if (listening)
		olc_session_add_listener(listening, on_session_event, NULL);
#ifdef SALES_FOLLOW_OUTPUTS
	following = olc_frontend_present();
	if (following)
		obs_frontend_add_event_callback(on_frontend_event, NULL);
#endif
}

void olc_sales_stop_module(void)
{
#ifdef SALES_FOLLOW_OUTPUTS
	if (following)
		obs_frontend_remove_event_callback(on_frontend_event, NULL);
	following = false;
#endif
	if (listening)
		olc_session_remove_listener(listening, on_session_event, NULL);
	listening = NULL;
	if (!journal)
		return;
	olc_sales_stop();
	olc_journal_destroy(journal);
	journal = NULL;
}
