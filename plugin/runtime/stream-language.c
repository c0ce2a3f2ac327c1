/* The audience's language; see stream-language.h. The setting itself is kept (and saved) with the
 * live options in live-session.c; here are the texts and telling the overlays. */
#include <obs-module.h>
#include <util/bmem.h>
#include <util/threading.h>

#include <stdio.h>
#include <string.h>

#include "runtime/live-session.h"
#include "runtime/stream-language.h"
#include "runtime/stream-text.h"
#include "plugin-support.h"
#include "ids.h"

/* Texts loaded per language code, kept until unload: a source's worker may still hold a string of a
 * language the helper just switched away from. At most the four languages and OBS's own. */
#define LOADED_MAX 8
static struct {
	pthread_mutex_t lock;
	char codes[LOADED_MAX][16];
	lookup_t *lookups[LOADED_MAX];
	size_t count;
} texts = {.lock = PTHREAD_MUTEX_INITIALIZER};

const char *const *olc_stream_languages(size_t *count)
{
	return olc_live_languages(count);
}

void olc_stream_language_get(char *buf, size_t len)
{
	struct olc_live_settings s;
	olc_live_settings_get(&s);
	snprintf(buf, len, "%s", s.stream_language);
}

void olc_stream_language_effective(char *buf, size_t len)
{
	struct olc_live_settings s;
	olc_live_settings_get(&s);
	const char *obs = obs_get_locale();
	snprintf(buf, len, "%s", s.stream_language[0] ? s.stream_language : obs && *obs ? obs : "en-US");
}

/* The overlay sources, whose update reads the stream language and whose key holds it. */
static bool redraw_overlay(void *param, obs_source_t *source)
{
	UNUSED_PARAMETER(param);
	static const char *const ids[] = {OLC_SOURCE_PRODUCT_CARD, OLC_SOURCE_ORDER_TICKER, OLC_SOURCE_SALES_GOAL,
					  OLC_SOURCE_COUNTDOWN};
	const char *id = obs_source_get_unversioned_id(source);
	for (size_t i = 0; id && i < sizeof(ids) / sizeof(ids[0]); i++)
		if (strcmp(id, ids[i]) == 0)
			obs_source_update(source, NULL); /* settings unchanged: update runs again, reading the language */
	return true;
}

bool olc_stream_language_set(const char *code, struct olc_error *err)
{
	struct olc_live_settings s;
	olc_live_settings_get(&s);
	if (!code)
		code = "";
	if (!olc_live_language_known(code)) {
		char shown[OLC_EXCERPT_LEN];
		olc_error_set(err, "unknown stream language \"%s\" (en-US, zh-CN, zh-TW or fr-FR, or none to follow OBS)",
			      olc_error_excerpt(shown, sizeof(shown), code));
		return false;
	}
	snprintf(s.stream_language, sizeof(s.stream_language), "%s", code);
	const bool saved = olc_live_settings_put(&s, err);
	olc_stream_text_warm();
	obs_log(LOG_INFO, "overlays are drawn in %s", *code ? code : "OBS's language");
	obs_enum_sources(redraw_overlay, NULL);
	return saved;
}

void olc_stream_text_warm(void)
{
	olc_stream_text("ProductCard.QrCaptionDefault");
}

const char *olc_stream_text(const char *key)
{
	char code[16];
	olc_stream_language_effective(code, sizeof(code));
	pthread_mutex_lock(&texts.lock);
	lookup_t *lookup = NULL;
	for (size_t i = 0; i < texts.count && !lookup; i++)
		if (strcmp(texts.codes[i], code) == 0)
			lookup = texts.lookups[i];
	if (!lookup && texts.count < LOADED_MAX) {
		/* Two small files, once per language: the first text a worker asks for in it. */
		char *dir = obs_module_file("locale");
		lookup = dir ? olc_stream_text_load(dir, code) : NULL;
		bfree(dir);
		if (lookup) {
			snprintf(texts.codes[texts.count], sizeof(texts.codes[0]), "%s", code);
			texts.lookups[texts.count++] = lookup;
		}
	}
	pthread_mutex_unlock(&texts.lock);
	/* The lookup lives until unload, so its strings may be used outside the lock. */
	return lookup ? olc_stream_text_get(lookup, key) : obs_module_text(key);
}

void olc_stream_language_free(void)
{
	pthread_mutex_lock(&texts.lock);
	for (size_t i = 0; i < texts.count; i++)
		text_lookup_destroy(texts.lookups[i]);
	texts.count = 0;
	pthread_mutex_unlock(&texts.lock);
}

#ifdef OLC_TEST_HOOKS
/* "void live_commerce_set_stream_language(in string code, out bool ok)": what the dock's setting
 * does, for the render tests, which run bare libobs with no dock. Test builds only. */
static void proc_set_stream_language(void *data, calldata_t *cd)
{
	UNUSED_PARAMETER(data);
	struct olc_error err = {{0}};
	const bool ok = olc_stream_language_set(calldata_string(cd, "code"), &err);
	if (!ok)
		obs_log(LOG_WARNING, "set_stream_language: %s", err.text);
	calldata_set_bool(cd, "ok", ok);
}
#endif

void olc_stream_language_add_test_proc(void)
{
#ifdef OLC_TEST_HOOKS
	proc_handler_add(obs_get_proc_handler(), "void live_commerce_set_stream_language(in string code, out bool ok)",
			 proc_set_stream_language, NULL);
#endif
}
