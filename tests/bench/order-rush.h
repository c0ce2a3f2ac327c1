/* The benches' shop and their rush of orders, through the module's vendor requests (answered by the
 * render tests' stand-in for obs-websocket, tests/render/vendor-stub.h) as obs-websocket-js would
 * send them. Bench thread only, except the rush's own sender thread. */
#pragma once

#include <obs.h>

#include <pthread.h>
#include <stdbool.h>

/* The three products of the bench shop. */
#define RUSH_PRODUCTS 3
extern const char *const rush_product_ids[RUSH_PRODUCTS];

/* A vendor request of the module; true when it answered ok (else the error goes to stderr, after
 * prog). request may be NULL. */
bool rush_vendor(const char *prog, const char *type, obs_data_t *request);

/* Writes the bench shop, a json shop in a file under out (three products: 松茸, rose jam, naan, with a
 * link each and the matsutake's stock tracked; a file shop reports no orders of its own), points the
 * session at it with SetConnection and waits until ListProducts lists it. */
bool rush_use_bench_shop(const char *prog, const char *out);

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

/* Starts sending rate orders a second over the three products, in steps of 10 ms, for seconds, from
 * a thread of its own. */
bool rush_start(struct rush *r, const char *prog, int rate, int seconds);
/* Waits for the sender to finish; the orders sent. */
long rush_join(struct rush *r);
