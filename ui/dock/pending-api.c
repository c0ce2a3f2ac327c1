/* PENDING: deleted at merge. Weak stand-ins for the functions branches live and sales bring (see
 * pending-api.h), so that this branch's module links and runs before the merge: each does nothing
 * or answers "not available yet". Their real definitions, when linked, take precedence. */
#include <string.h>

#include "dock/pending-api.h"

#define OLC_PENDING __attribute__((weak))

static const char *const languages[] = {"en-US", "zh-CN", "zh-TW", "fr-FR"};

OLC_PENDING const char *const *olc_stream_languages(size_t *count)
{
	*count = sizeof(languages) / sizeof(languages[0]);
	return languages;
}

OLC_PENDING void olc_stream_language_get(char *buf, size_t len)
{
	if (len > 0)
		buf[0] = '\0';
}

OLC_PENDING void olc_stream_language_effective(char *buf, size_t len)
{
	if (len > 0)
		buf[0] = '\0';
}

OLC_PENDING bool olc_stream_language_set(const char *code, struct olc_error *err)
{
	(void)code;
	olc_error_set(err, "the stream language is not available yet");
	return false;
}

OLC_PENDING void olc_live_reveal_price(void) {}

OLC_PENDING bool olc_live_mark_sold_out(const char *product_id, struct olc_error *err)
{
	(void)product_id;
	olc_error_set(err, "marking sold out is not available yet");
	return false;
}

OLC_PENDING void olc_live_options_get(struct olc_live_options *out)
{
	memset(out, 0, sizeof(*out));
	out->sold_out_seconds = 5;
}

OLC_PENDING bool olc_live_options_set(const struct olc_live_options *in, struct olc_error *err)
{
	(void)in;
	olc_error_set(err, "the live options are not available yet");
	return false;
}

OLC_PENDING void olc_report_free(struct olc_report *r)
{
	memset(r, 0, sizeof(*r));
}

OLC_PENDING bool olc_sales_running(void)
{
	return false;
}

OLC_PENDING void olc_sales_start(void) {}

OLC_PENDING void olc_sales_stop(void) {}

OLC_PENDING bool olc_sales_report(struct olc_report *out)
{
	memset(out, 0, sizeof(*out));
	return false;
}

OLC_PENDING bool olc_sales_export(const char *path, const char *format, struct olc_error *err)
{
	(void)path;
	(void)format;
	olc_error_set(err, "the sales report is not available yet");
	return false;
}
