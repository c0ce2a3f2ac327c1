/* provider-json.c: to be written (issue 3). */
typedef int olc_provider_json_placeholder;
