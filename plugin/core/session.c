/* session.c: to be written (issue 3). */
typedef int olc_session_placeholder;
