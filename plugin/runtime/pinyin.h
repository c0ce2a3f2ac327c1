/* Pinyin for Han text, so "songrong" and "sr" find 松茸 in the dock's catalog search: ICU's
 * "Han-Latin; Latin-ASCII" transliterator, taken from the ICU the process already has (Qt links
 * it) and looked up at run time. ICU's C symbols carry its version (utrans_openU_76 in Debian 13,
 * _78 in sid, none in Windows' icu.dll and macOS's libicucore), so linking it would make the one
 * module fail to load under another OBS; here a missing ICU only means no pinyin.
 * It lives in runtime/ because the dock may include nothing lower (tests/tools/check-includes.py);
 * it touches no libobs, so the dock's tests and benchmark link it as OBS does.
 * One olc_pinyin per thread at a time (ICU's transliterators are not shared between threads). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct olc_pinyin;

/* Finds ICU and opens the transliterator (a few milliseconds: do it on a worker). NULL when ICU
 * is not there or has no Han-Latin data; why (if why_len > 0) then says so in plain words. */
struct olc_pinyin *olc_pinyin_open(char *why, size_t why_len);
void olc_pinyin_close(struct olc_pinyin *p);

/* Transliterates the UTF-16 text buf[0..len) in place: "松茸" becomes "song rong" (syllables
 * apart, no tones), other text is left as it is or written in plain ASCII ("é" becomes "e").
 * cap is buf's room in UTF-16 units (pinyin is longer than Han: give 8 per unit and some). Returns
 * the new length, or -1 when the result does not fit or ICU fails (buf then holds the text as
 * ICU left it). */
int olc_pinyin_transliterate(struct olc_pinyin *p, uint16_t *buf, int len, int cap);

#ifdef __cplusplus
}
#endif
