/* http.c: to be written (issue 3). */
typedef int olc_http_placeholder;
