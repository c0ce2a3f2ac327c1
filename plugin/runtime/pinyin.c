#include "runtime/pinyin.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/sys/dynlib.h"

/* The few ICU C types used here, as ICU's headers define them (the headers are not needed: the
 * functions are looked up by name). UErrorCode: <= 0 is success. */
typedef uint16_t olc_uchar;
typedef int olc_uerror;
/* UParseError is two int32_t and two 16-unit UChar arrays: 72 bytes; room for more. */
struct olc_uparse_error {
	int32_t words[32];
};
typedef void *(*utrans_open_fn)(const olc_uchar *id, int32_t id_len, int dir, const olc_uchar *rules, int32_t rules_len,
				struct olc_uparse_error *parse_error, olc_uerror *status);
typedef void (*utrans_trans_fn)(const void *trans, olc_uchar *text, int32_t *text_len, int32_t capacity, int32_t start,
				int32_t *limit, olc_uerror *status);
typedef void (*utrans_close_fn)(void *trans);

struct olc_pinyin {
	struct olc_dynlib *lib;
	void *trans;
	utrans_trans_fn trans_fn;
	utrans_close_fn close_fn;
};

/* The oldest and newest ICU versions tried (Debian 12 has 72, 13 has 76, sid 78). */
#define ICU_VERSION_MIN 50
#define ICU_VERSION_MAX 120

/* Where the platform keeps ICU's i18n part (where utrans_* live). */
static const char *library_name(int version, char *buf, size_t len)
{
#if defined(_WIN32)
	(void)version;
	(void)buf;
	(void)len;
	return "icu.dll"; /* Windows 10 1903 and later; unsuffixed names */
#elif defined(__APPLE__)
	(void)version;
	(void)buf;
	(void)len;
	return "/usr/lib/libicucore.A.dylib"; /* unsuffixed names; in the dyld shared cache, by full path */
#else
	snprintf(buf, len, "libicui18n.so.%d", version);
	return buf;
#endif
}

/* The function `name` with the version suffix it carries in lib: none, or "_<version>". */
static void *find_symbol(struct olc_dynlib *lib, const char *name, int version)
{
	void *fn = olc_dynlib_symbol(lib, name);
	if (fn || version <= 0)
		return fn;
	char suffixed[64];
	snprintf(suffixed, sizeof(suffixed), "%s_%d", name, version);
	return olc_dynlib_symbol(lib, suffixed);
}

/* Opens ICU: first one the process has loaded already (Qt's), newest first, then from disk. */
static struct olc_dynlib *open_icu(int *version)
{
	char buf[64];
	for (int pass = 0; pass < 2; pass++) {
		for (int v = ICU_VERSION_MAX; v >= ICU_VERSION_MIN; v--) {
			struct olc_dynlib *lib = olc_dynlib_open(library_name(v, buf, sizeof(buf)), pass == 0);
			if (lib) {
				*version = v;
				return lib;
			}
#if defined(_WIN32) || defined(__APPLE__)
			break; /* one name, no version in it */
#endif
		}
	}
	return NULL;
}

static void say(char *why, size_t len, const char *text)
{
	if (why && len > 0)
		snprintf(why, len, "%s", text);
}

struct olc_pinyin *olc_pinyin_open(char *why, size_t why_len)
{
	say(why, why_len, "");
	int version = 0;
	struct olc_dynlib *lib = open_icu(&version);
	if (!lib) {
		say(why, why_len, "ICU (libicui18n) was not found, so the catalog search matches no pinyin");
		return NULL;
	}
	utrans_open_fn open_fn = (utrans_open_fn)find_symbol(lib, "utrans_openU", version);
	utrans_trans_fn trans_fn = (utrans_trans_fn)find_symbol(lib, "utrans_transUChars", version);
	utrans_close_fn close_fn = (utrans_close_fn)find_symbol(lib, "utrans_close", version);
	if (!open_fn || !trans_fn || !close_fn) {
		olc_dynlib_close(lib);
		say(why, why_len, "ICU has no transliterator functions, so the catalog search matches no pinyin");
		return NULL;
	}

	static const char id_ascii[] = "Han-Latin; Latin-ASCII";
	olc_uchar id[sizeof(id_ascii)];
	for (size_t i = 0; i < sizeof(id_ascii); i++)
		id[i] = (olc_uchar)id_ascii[i];
	struct olc_uparse_error parse_error = {{0}};
	olc_uerror status = 0;
	void *trans =
		open_fn(id, (int32_t)(sizeof(id_ascii) - 1), 0 /* UTRANS_FORWARD */, NULL, 0, &parse_error, &status);
	if (!trans || status > 0) {
		if (trans)
			close_fn(trans);
		olc_dynlib_close(lib);
		say(why, why_len,
		    "ICU could not make its Han-Latin transliterator, so the catalog search matches no pinyin");
		return NULL;
	}

	struct olc_pinyin *p = calloc(1, sizeof(*p));
	if (!p) {
		close_fn(trans);
		olc_dynlib_close(lib);
		say(why, why_len, "out of memory");
		return NULL;
	}
	p->lib = lib;
	p->trans = trans;
	p->trans_fn = trans_fn;
	p->close_fn = close_fn;
	return p;
}

void olc_pinyin_close(struct olc_pinyin *p)
{
	if (!p)
		return;
	p->close_fn(p->trans);
	olc_dynlib_close(p->lib);
	free(p);
}

int olc_pinyin_transliterate(struct olc_pinyin *p, uint16_t *buf, int len, int cap)
{
	if (!p || !buf || len < 0 || cap < len)
		return -1;
	int32_t text_len = len;
	int32_t limit = len;
	olc_uerror status = 0;
	p->trans_fn(p->trans, buf, &text_len, cap, 0, &limit, &status);
	return status > 0 ? -1 : (int)text_len;
}
