/* The typed checks of the vendor API's request fields, in the manner of obs-websocket's
 * RequestHandler Validate* helpers: each request's fields are described once (vendor-api.c's
 * request table), and a request is checked against that description before anything in it is
 * read, narrowed or used.
 *
 * A request arrives as obs_data made from its JSON by obs-websocket: strings, numbers (64-bit
 * integers, or doubles for fractions, exponents and integers beyond 64 bits), booleans, objects and
 * arrays of objects (obs-websocket drops array items that are not objects, and null values). Only
 * obs_data from libobs is used, never the running OBS, so the unit tests check these functions as
 * they are. Any thread. */
#pragma once

#include <stdbool.h>

#include <obs-data.h>

#include "core/base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum olc_field_type {
	OLC_FIELD_TEXT,   /* a string; min..max: its length in bytes */
	OLC_FIELD_WHOLE,  /* a number without a fraction (12 or 12.0); min..max: its value */
	OLC_FIELD_OBJECT, /* an object; max: the bytes of its JSON */
	OLC_FIELD_LIST,   /* an array of objects with the fields in items; min..max: its length */
};

enum olc_field_need {
	OLC_FIELD_OPTIONAL,
	OLC_FIELD_REQUIRED,
	OLC_FIELD_ONE_OF,      /* exactly one of the request's ONE_OF fields is given */
	OLC_FIELD_AT_MOST_ONE, /* at most one of the request's AT_MOST_ONE fields is given */
};

struct olc_field {
	const char *name; /* NULL ends a list of fields */
	enum olc_field_type type;
	enum olc_field_need need;
	long long min, max;
	const struct olc_field *items; /* OLC_FIELD_LIST: the fields of each item */
	const char *about;             /* what the field means, in a few words, for the reference */
};

/* Checks data against fields: every field it has is one of them, with the right type and within its
 * range; the required ones are there; of the ONE_OF fields exactly one and of the AT_MOST_ONE fields
 * at most one. what names the request in messages ("FeatureProduct"). On a wrong field returns false
 * with err naming the field and the rule: "\"quantity\" must be a whole number from 1 to 999, not
 * 4294967297". */
bool olc_fields_check(obs_data_t *data, const struct olc_field *fields, const char *what, struct olc_error *err);

/* What field f has to be, in the words of the errors and of the README's request reference:
 * "a whole number from 1 to 999", "non-empty text of at most 512 bytes". */
void olc_field_describe(const struct olc_field *f, char *buf, size_t size);

/* Readers for data that passed olc_fields_check against a description with this field. */
bool olc_field_given(obs_data_t *data, const char *name);
/* A WHOLE field's value, also when it came as a double (12.0); fallback when it is not given. */
long long olc_field_whole(obs_data_t *data, const char *name, long long fallback);
/* A TEXT field's value; "" when it is not given. Valid while data is. */
const char *olc_field_text(obs_data_t *data, const char *name);

#ifdef __cplusplus
}
#endif
