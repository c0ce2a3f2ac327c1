/* obs-live-commerce: native live-commerce overlays for OBS Studio. Module entry points. */
#include <inttypes.h>

#include <obs-module.h>
#include <util/platform.h>

#include "runtime/auto-feature.h"
#include "runtime/countdown-host.h"
#include "runtime/events.h"
#include "runtime/goals.h"
#include "runtime/decks.h"
#include "runtime/hotkeys.h"
#include "runtime/live-session.h"
#include "runtime/stream-language.h"
#include "runtime/sales.h"
#include "plugin-support.h"
#include "api/vendor-api.h"

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
#include <obs-frontend-api.h>

#include "raster/card-raster.h"
#include "raster/report-chart.h"
#include "dock/dock.h"
#include "runtime/frontend-present.h"
extern struct obs_source_info olc_product_card_source_info;
extern struct obs_source_info olc_sales_goal_source_info;
extern struct obs_source_info olc_countdown_source_info;
extern struct obs_source_info olc_order_ticker_source_info;
#endif

OBS_DECLARE_MODULE()
OBS_MODULE_USE_DEFAULT_LOCALE("obs-live-commerce", "en-US")

extern struct obs_source_info olc_qr_code_source_info;

MODULE_EXPORT const char *obs_module_name(void)
{
	return "Live Commerce Overlays";
}

MODULE_EXPORT const char *obs_module_description(void)
{
	return obs_module_text("Module.Description");
}

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
/* The report's chart in the module's language (runtime/ cannot reach ui/raster, so the drawing is
 * handed to it from here). Any thread: obs_module_text only reads the loaded locale. */
static bool draw_report_chart(const struct olc_report_session *s, void **png, size_t *len, struct olc_error *err)
{
	const struct olc_report_chart_text text = {
		.title = obs_module_text("Sales.Chart.Title"),
		.orders_per_minute = obs_module_text("Sales.Chart.OrdersPerMinute"),
		.orders = obs_module_text("Sales.Chart.Orders"),
		.units = obs_module_text("Sales.Chart.Units"),
		.revenue = obs_module_text("Sales.Chart.Revenue"),
		.language = obs_get_locale(),
	};
	return olc_report_chart_draw(s, &text, png, len, NULL, err);
}
#endif

bool obs_module_load(void)
{
	/* Logged, so that a slow start shows whose it is: the cached catalog is read on the session's
	 * worker, and nothing here should grow with the catalog. */
	const uint64_t started_ns = os_gettime_ns();
	/* The session starts before any source exists, so the first frame can already show the
	 * cached catalog. A session that cannot start leaves the sources empty, not OBS broken. */
	olc_live_start();
	/* The named decks next: the active one becomes the session's deck. */
	olc_decks_start();
	/* Sales sessions journal the live session's events; the journal is read on its own worker. */
	olc_sales_start_module();
#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
	olc_sales_set_chart(draw_report_chart);
#endif
	/* Session events first, so GoalReached follows the OrderReceived that caused it. */
	olc_events_start();
	olc_goals_start();
	olc_countdown_host_start_module();
	olc_auto_feature_start();
	olc_stream_language_add_test_proc();
	olc_stream_text_warm();
	obs_register_source(&olc_qr_code_source_info);

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
	obs_register_source(&olc_product_card_source_info);
	obs_register_source(&olc_sales_goal_source_info);
	obs_register_source(&olc_countdown_source_info);
	obs_register_source(&olc_order_ticker_source_info);
	olc_dock_register();
#endif
	olc_hotkeys_register();

	/* Tenths of a millisecond in whole numbers: the same in every locale, for whoever reads the log. */
	const uint64_t tenths = (os_gettime_ns() - started_ns + 50000) / 100000;
	obs_log(LOG_INFO, "loaded in %" PRIu64 ".%u ms (version %s, built against libobs %d.%d.%d, running in %s)",
		tenths / 10, (unsigned)(tenths % 10), PLUGIN_VERSION, LIBOBS_API_MAJOR_VER, LIBOBS_API_MINOR_VER,
		LIBOBS_API_PATCH_VER, obs_get_version_string());
	return true;
}

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
static bool exit_watched;

/* OBS unloads modules in the reverse of their load order, which within one folder follows their file
 * names: installed in obs-websocket's folder (a system install), this module loads first and so
 * unloads after obs-websocket has freed its vendor API. So the vendor API closes when OBS starts to
 * exit, before any module is unloaded. */
static void on_frontend_event(enum obs_frontend_event event, void *priv)
{
	UNUSED_PARAMETER(priv);
	if (event == OBS_FRONTEND_EVENT_EXIT)
		olc_vendor_unregister();
}
#endif

void obs_module_post_load(void)
{
	olc_vendor_register();
#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
	/* Bare libobs (tests) has no frontend: there the vendor API closes at unload. */
	exit_watched = olc_frontend_present();
	if (exit_watched)
		obs_frontend_add_event_callback(on_frontend_event, NULL);
	/* Fonts resolved here, on the Qt thread, so a card's first raster on its worker is quick. */
	char language[16];
	olc_stream_language_effective(language, sizeof(language));
	olc_card_raster_prepare(language);
#endif
}

void obs_module_unload(void)
{
#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
	if (exit_watched)
		obs_frontend_remove_event_callback(on_frontend_event, NULL);
	exit_watched = false;
#endif
	/* First whatever can reach the countdown and the session from other threads: the vendor API
	 * (it waits for requests under way; already closed when OBS exits) and the hotkeys. */
	olc_vendor_unregister();
	olc_hotkeys_unregister();
	olc_auto_feature_stop();
	olc_countdown_host_stop_module();
	olc_goals_stop();
	olc_events_stop();
	olc_decks_stop();
	olc_sales_stop_module();
	olc_live_stop();
	olc_stream_language_free();
	obs_log(LOG_INFO, "unloaded");
}
