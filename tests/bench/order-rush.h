/* The benches' rush of orders on the file shop (tests/render/file-shop.h), through the module's vendor
 * requests (answered by the render tests' stand-in for obs-websocket, tests/render/vendor-stub.h) as
 * obs-websocket-js would send them. Bench thread only, except the rush's own sender thread. */
#pragma once

#include <obs.h>

#include <pthread.h>
#include <stdbool.h>

/* A vendor request of the module; true when it answered ok (else the error goes to stderr, after
 * prog). request may be NULL. */
bool rush_vendor(const char *prog, const char *type, obs_data_t *request);

/* One SimulateOrder of a product (a test order: the ticker shows it with show_test on; it never moves
 * stock and no sales goal counts it). */
bool rush_simulate(const char *prog, const char *id);

struct rush {
	const char *prog;
	int rate;    /* orders a second */
	int seconds; /* for this long */
	volatile long sent;
	volatile bool done;
	pthread_t thread;
};

/* Starts sending rate orders a second over the file shop's three products, in steps of 10 ms, for
 * seconds, from a thread of its own. */
bool rush_start(struct rush *r, const char *prog, int rate, int seconds);
/* Waits for the sender to finish; the orders sent. */
long rush_join(struct rush *r);
