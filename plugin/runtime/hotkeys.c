/* The module's frontend hotkeys; see hotkeys.h. Hotkeys fire on libobs' hotkey thread: the deck,
 * hide, sold-out and test-order hotkeys are session calls (thread-safe, no network), the flash sale
 * a countdown host call, the sales-session hotkey a journal call (memory only), and the card
 * hotkeys call procedures that only raise a flag for the card's next video tick. */
#include <obs-module.h>

#include <stdio.h>
#include <string.h>

#include "runtime/countdown-host.h"
#include "runtime/hotkeys.h"
#include "runtime/live-session.h"
#include "runtime/sales.h"
#include "plugin-support.h"
#include "ids.h"

#if defined(OLC_HAVE_FRONTEND) && defined(OLC_HAVE_QT)
#define HOTKEYS_SAVED 1
#include <obs-frontend-api.h>

#include "runtime/frontend-present.h"
#endif

enum hotkey {
	HOTKEY_NEXT,
	HOTKEY_PREVIOUS,
	HOTKEY_TOGGLE_CARD,
	HOTKEY_REVEAL_PRICE,
	HOTKEY_HIDE_PRODUCT,
	HOTKEY_MARK_SOLD_OUT,
	HOTKEY_FLASH_SALE,
	HOTKEY_TEST_ORDER,
	HOTKEY_SALES_SESSION,
	HOTKEY_COUNT
};

static const char *const hotkey_names[HOTKEY_COUNT] = {H_NEXT_PRODUCT,   H_PREVIOUS_PRODUCT,   H_TOGGLE_CARD,
						       H_REVEAL_PRICE,   H_HIDE_PRODUCT,       H_MARK_SOLD_OUT,
						       H_FLASH_SALE,     H_TEST_ORDER,         H_SALES_SESSION};
#define NO_HOTKEY OBS_INVALID_HOTKEY_ID
static obs_hotkey_id hotkey_ids[HOTKEY_COUNT] = {NO_HOTKEY, NO_HOTKEY, NO_HOTKEY, NO_HOTKEY,
						 NO_HOTKEY, NO_HOTKEY, NO_HOTKEY, NO_HOTKEY, NO_HOTKEY};

/* Where the bindings live in the scene collection's save data. */
#define HOTKEYS_SAVE_KEY "live-commerce-hotkeys"

static void step_product(int delta)
{
	struct olc_session *session = olc_live_session();
	struct olc_error err = {{0}};
	if (session && !olc_session_feature_step(session, delta, &err))
		obs_log(LOG_INFO, "%s product hotkey: %s", delta > 0 ? "next" : "previous", err.text);
}

/* A flash sale of the default length for the featured product, so its card says "Ends in". */
static void start_flash_sale(void)
{
	char product[OLC_PRODUCT_ID_MAX + 1] = "";
	struct olc_snapshot *snap = olc_live_snapshot();
	if (snap && snap->featured_count > 0)
		snprintf(product, sizeof(product), "%s", snap->featured[0]);
	if (snap)
		olc_snapshot_release(snap);
	struct olc_error err = {{0}};
	if (!olc_countdown_host_start(OLC_COUNTDOWN_DEFAULT_SECONDS, NULL, product, &err))
		obs_log(LOG_INFO, "flash sale hotkey: %s", err.text);
}

static void log_refusal(const char *what, bool ok, const struct olc_error *err)
{
	if (!ok)
		obs_log(LOG_INFO, "%s hotkey: %s", what, err->text);
}

static void hotkey_pressed(void *data, obs_hotkey_id id, obs_hotkey_t *hotkey, bool pressed)
{
	UNUSED_PARAMETER(id);
	UNUSED_PARAMETER(hotkey);
	if (!pressed)
		return;
	struct olc_error err = {{0}};
	switch ((enum hotkey)(intptr_t)data) {
	case HOTKEY_NEXT:
		step_product(1);
		break;
	case HOTKEY_PREVIOUS:
		step_product(-1);
		break;
	case HOTKEY_TOGGLE_CARD:
		olc_live_call_cards(P_CARD_TOGGLE_VISIBILITY);
		break;
	case HOTKEY_REVEAL_PRICE:
		olc_live_call_cards(P_CARD_TOGGLE_PRICE);
		break;
	case HOTKEY_HIDE_PRODUCT:
		olc_live_hide();
		break;
	case HOTKEY_MARK_SOLD_OUT:
		log_refusal("sold-out", olc_live_mark_sold_out(NULL, &err), &err);
		break;
	case HOTKEY_FLASH_SALE:
		start_flash_sale();
		break;
	case HOTKEY_TEST_ORDER:
		log_refusal("test order", olc_live_simulate_order(NULL, 1, &err), &err);
		break;
	case HOTKEY_SALES_SESSION:
		if (olc_sales_running())
			olc_sales_stop();
		else
			olc_sales_start();
		break;
	case HOTKEY_COUNT:
		break;
	}
}

#ifdef HOTKEYS_SAVED
static bool saved_with_frontend;

static void save_or_load(obs_data_t *save_data, bool saving, void *priv)
{
	UNUSED_PARAMETER(priv);
	if (saving) {
		obs_data_t *obj = obs_data_create();
		for (size_t i = 0; i < HOTKEY_COUNT; i++) {
			obs_data_array_t *keys = obs_hotkey_save(hotkey_ids[i]);
			obs_data_set_array(obj, hotkey_names[i], keys);
			obs_data_array_release(keys);
		}
		obs_data_set_obj(save_data, HOTKEYS_SAVE_KEY, obj);
		obs_data_release(obj);
		return;
	}
	obs_data_t *obj = obs_data_get_obj(save_data, HOTKEYS_SAVE_KEY);
	if (!obj)
		return;
	for (size_t i = 0; i < HOTKEY_COUNT; i++) {
		obs_data_array_t *keys = obs_data_get_array(obj, hotkey_names[i]);
		if (keys)
			obs_hotkey_load(hotkey_ids[i], keys);
		obs_data_array_release(keys);
	}
	obs_data_release(obj);
}
#endif

void olc_hotkeys_register(void)
{
	const char *descriptions[HOTKEY_COUNT] = {T_HOTKEY_NEXT_PRODUCT, T_HOTKEY_PREVIOUS_PRODUCT, T_HOTKEY_TOGGLE_CARD,
						  T_HOTKEY_REVEAL_PRICE,  T_HOTKEY_HIDE_PRODUCT,     T_HOTKEY_MARK_SOLD_OUT,
						  T_HOTKEY_FLASH_SALE,    T_HOTKEY_TEST_ORDER,       T_HOTKEY_SALES_SESSION};
	for (size_t i = 0; i < HOTKEY_COUNT; i++)
		hotkey_ids[i] = obs_hotkey_register_frontend(hotkey_names[i], descriptions[i], hotkey_pressed,
							     (void *)(intptr_t)i);
#ifdef HOTKEYS_SAVED
	/* Bare libobs (tests) has no frontend to save with. */
	saved_with_frontend = olc_frontend_present();
	if (saved_with_frontend)
		obs_frontend_add_save_callback(save_or_load, NULL);
#endif
}

void olc_hotkeys_unregister(void)
{
#ifdef HOTKEYS_SAVED
	if (saved_with_frontend)
		obs_frontend_remove_save_callback(save_or_load, NULL);
	saved_with_frontend = false;
#endif
	for (size_t i = 0; i < HOTKEY_COUNT; i++) {
		if (hotkey_ids[i] != OBS_INVALID_HOTKEY_ID)
			obs_hotkey_unregister(hotkey_ids[i]);
		hotkey_ids[i] = OBS_INVALID_HOTKEY_ID;
	}
}
