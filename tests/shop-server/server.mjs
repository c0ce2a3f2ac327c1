// The test shop: a real HTTP and HTTPS server on loopback that serves one catalog
// (catalog.json next to this file) in the three shapes our providers read, and misbehaves on
// request. No npm dependencies: node:http, node:https, node:crypto, node:zlib and the openssl
// command-line tool (for a throw-away CA and certificate).
//
//   node tests/shop-server/server.mjs [--port 0] [--tls-port 0] [--catalog FILE]
//
// When listening it prints ONE JSON line on stdout and nothing else:
//   {"http":41234,"https":41235,"ca":"/tmp/olc-shop-XXXX/ca.pem","pid":123,
//    "credentials":{"woo_key":"ck_test_...","woo_secret":"cs_test_...","shopify_token":"shpat_test_...",
//                   "shopify_client_id":"...","shopify_client_secret":"shpss_test_...", NAME: {...}}}
// It exits when its stdin closes (so a crashed test never leaves it running), or on SIGTERM.
// The https port uses a certificate for 127.0.0.1 and localhost issued by the CA in "ca": a
// client that does not trust that file must fail (the "bad certificate" case).
//
// A catalog product may list "skus" ([{id, name, price, stock}]): the platforms' shapes show those
// SKUs (see skusOf); Shopify shows them as the product's priceRangeV2 and variants (the first, as
// the provider's query asks); the json and WooCommerce shapes show the product alone.
//
// Shapes (every product, order and price comes from the same state):
//   json         GET  /json/products            {"currency","products":[{id,title,price,compare_at_price,
//                                                stock,url,image,tags}]}; ETag/If-None-Match and
//                                                Last-Modified/If-Modified-Since give 304
//                GET  /json/orders[?since=CURSOR][&wait=S]
//                                               {"orders":[{id,created_at,product_id,quantity,buyer,city,total}],
//                                                "cursor":"c-N"}; without since: every order and the current
//                                                cursor; with wait (<= 25 s): held until an order arrives
//                                                (one json order per line item: ids "1003", "1003-2").
//                                                /_control/config {"json_cursor":"last-id"}: the cursor is
//                                                the newest order's id instead, "" while there is none
//                An "Authorization: Bearer T" is required only after /_control/config {"json_token":"T"}.
//   woocommerce  GET  /wp-json/wc/v3/products   ?page=&per_page= (default 10, max 100), X-WP-Total, X-WP-TotalPages
//                GET  /wp-json/wc/v3/orders     ?after=ISO[&dates_are_gmt=true]&status=a,b&order=asc|desc
//                                               (default desc)&orderby=date|id&page=&per_page=
//                GET  /wp-json/wc/v3/data/currencies/current   {"code":"CNY",...}
//                Consumer key/secret by Basic auth or ?consumer_key=&consumer_secret=; else 401 with a
//                WooCommerce error body. /_control/config {"woo_basic_stripped":true} ignores the
//                Authorization header, like hosts that strip it.
//   shopify      POST /admin/api/VERSION/graphql.json   {"query","variables"} with X-Shopify-Access-Token
//                Recognises the root fields shop{...}, products(...) and orders(...) by keyword, honours
//                first/after/query (created_at:>ISO)/sortKey (CREATED_AT) from arguments or variables,
//                answers with every field the provider may select (connections carry both nodes and
//                edges), and puts
//                extensions.cost.throttleStatus in every answer. Takes the fixed token
//                (credentials.shopify_token) or one of the client-credentials grant's before it expires
//                (401 with the Admin API's message otherwise).
//                POST /admin/oauth/access_token   grant_type=client_credentials&client_id=&client_secret=
//                                               (a form, or JSON) -> {access_token, scope, expires_in}; a wrong
//                                               id or secret: 400 {"error":"invalid_client",...}. Tokens live
//                                               86399 s, or /_control/config {"shopify_token_ttl_s":N};
//                                               {"shopify_grant_refused":true}: the Admin API refuses them all;
//                                               POST /_control/shopify/expire-tokens expires every one given.
//                                               The log's body shows client_secret=(present).
//   platforms    one module per platform in platforms/*.mjs (douyin, kuaishou, youzan, taobao, ...),
//                loaded at start; each answers under its own prefix (/douyin/...) in its platform's
//                shape, checks signatures as the platform does and keeps its own tokens. A module:
//                  export default { name, prefix, credentials, ownFaults?: [modes it answers in its
//                    own shape, e.g. 'throttled'], reset?(ctx), control?(ctx, route, body) ->
//                    {status, body} (POST /_control/platform/NAME/ROUTE), async handle(ctx, req, res,
//                    entry, url, origin, fault) }
//                ctx (below, platformContext) reads the shared state: products, paid orders, SKUs.
//                Its credentials are printed under credentials.NAME.
//   images       GET  /images/ID.png            a small solid-colour PNG per product, with an ETag and a
//                                                Last-Modified; If-None-Match/If-Modified-Since give 304
//   redirect     GET  /_redirect?to=URL[&status=302]
//
// Control (tests only):
//   POST /_control/order   {"product_id","quantity","buyer","city"[,"status"][,"total"][,"lines":[{product_id,quantity}]]
//                           [,"created_at":ISO][,"id":N]}
//                          adds an order (status processing), visible in all shapes; stock goes down.
//                          "id": the order's number (unused, positive); absent: the next after every one so far.
//                          "total" (text, one line only): what the json shape reports as the line's total,
//                          verbatim, instead of price x quantity (a shop sending absurd totals).
//                          product_id may be 101, "101" or "gid://shopify/Product/101". created_at: a date
//                          other than now, as a shop admin can set one (e.g. in the future).
//   POST /_control/clear-orders   the shop has sold nothing yet: every order is dropped
//   POST /_control/rush    {"per_second","seconds"[,"product_id"(104)][,"quantity"(1)]}  a rush (benchmarks):
//                          orders of one line arrive at per_second for seconds, added every 10 ms, each
//                          as /_control/order would; answered at once with {"rush":{per_second,seconds,
//                          added,running}}. per_second 0 stops a rush; {} only reports the last one.
//   POST /_control/product {"id", "price"?, "compare_at_price"?, "stock"?, "color"?: [r, g, b]}  changes a
//                          product; a new colour is a new photo (new bytes, ETag and Last-Modified)
//   POST /_control/fault   {"mode":M, "path_prefix"?:"/json", "count"?:N, "retry_after"?:"2"}
//                          modes: none, hang, slow-drip, 500, 503, 429, truncated-json, html-maintenance,
//                          wrong-types, invalid-utf8, huge, huge-declared, redirect-loop, redirect-file,
//                          throttled (shopify: a THROTTLED GraphQL error; elsewhere 429), not-found (a 404
//                          page), corrupt-image (photos only: a PNG whose pixel data is damaged)
//   POST /_control/config  {"json_token"?, "woo_basic_stripped"?, "json_cursor"?: "count"|"last-id",
//                           "shopify_token_ttl_s"?: N, "shopify_grant_refused"?: bool}
//   POST /_control/reset   state, faults, config and the request log back to the start; hung requests dropped
//   GET  /_control/requests   every request except control calls: [{seq,method,path,target,query,host,tls,if_none_match,
//                              if_modified_since,authorization:"basic"|"bearer"|"other"|null,
//                              basic:"valid"|"wrong"|null (Basic credentials vs the WooCommerce keys),shopify_token:bool,user_agent,
//                              body,status,bytes_sent,finished,closed}] (secrets in the query and target read "(present)")
//   POST /_control/clear-requests
//   POST /_control/wait-request {"path"?, "query"?:KEY, "value"?: the query KEY's value, "body_includes"?: text in the logged body, "status"?:"hang"|"open"|N, "closed"?:bool,
//                                "after_seq"?:N, "timeout_ms"?:10000}
//                          answers with the first logged request that matches (status "open": not
//                          answered yet) as soon as there is one, or 408 after timeout_ms (at most 60 s):
//                          tests wait for what the server saw instead of sleeping a guessed time
//
// wrong-types corrupts the first three products of a list (price a number, stock a string, the
// title or name missing) and the quantity of the first order line (a string); the other items
// stay valid. invalid-utf8 puts the bytes C3 28 FF into the first product's title (and the first
// order's buyer). truncated-json sends the first half of the answer with a matching length.
// huge streams 100 MB without a length; huge-declared sends the same with Content-Length.

import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CREDENTIALS = {
	woo_key: 'ck_test_5f1c0ffee0ddba11',
	woo_secret: 'cs_test_9d2b7e41a0c3f6',
	shopify_token: 'shpat_test_0a1b2c3d4e5f',
	shopify_client_id: 'b7c1d2e3f4a5968778695a4b3c2d1e0f',
	shopify_client_secret: 'shpss_test_7e6d5c4b3a29180f',
};
// How long a token of the client-credentials grant lives; Shopify's are 24 hours less a second.
const SHOPIFY_TOKEN_TTL_S = 86399;
const HUGE_BYTES = 100 * 1000 * 1000;
const MAX_WAIT_S = 25;
const BAD_UTF8_MARKER = '\u0001BADUTF8\u0001';
const SHOPIFY_BUCKET = { maximumAvailable: 2000.0, restoreRate: 100.0 };
const CATALOG_MODIFIED_S = Math.floor(Date.parse('2025-03-01T00:00:00Z') / 1000);

function parseArgs(argv) {
	const args = { port: 0, tlsPort: 0, catalog: path.join(HERE, 'catalog.json') };
	for (let i = 0; i < argv.length; i++) {
		const value = argv[i + 1];
		if (argv[i] === '--port') args.port = Number(value), i++;
		else if (argv[i] === '--tls-port') args.tlsPort = Number(value), i++;
		else if (argv[i] === '--catalog') args.catalog = value, i++;
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	return args;
}

const args = parseArgs(process.argv.slice(2));
const catalog = JSON.parse(fs.readFileSync(args.catalog, 'utf8'));

// ---- money: decimal strings to integer cents and back, never through floating point ----

function toCents(text) {
	const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
	if (!m) throw new Error(`bad price ${text}`);
	return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function fromCents(cents) {
	return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

// Shopify's Decimal serialisation drops trailing zeros but keeps one decimal: "336.0", "39.9".
function shopifyDecimal(cents) {
	let text = fromCents(cents);
	if (text.endsWith('0')) text = text.slice(0, -1);
	return text;
}

// ---- state ----

let state;

function freshState() {
	const products = structuredClone(catalog.products).map((p) => ({ ...p, imageModifiedS: CATALOG_MODIFIED_S }));
	const orders = structuredClone(catalog.orders).map((o) => ({
		...o,
		lines: o.lines.map((l) => ({ ...l, total_cents: toCents(productById(products, l.product_id).price) * l.quantity })),
	}));
	return {
		products,
		orders,
		nextOrderId: Math.max(1000, ...orders.map((o) => o.id)) + 1,
		lastModifiedS: CATALOG_MODIFIED_S,
		fault: null,
		config: { json_token: null, woo_basic_stripped: false, json_cursor: 'count' },
		requests: [],
		requestSeq: 0,
		waiters: new Set(),
		requestWatchers: new Set(), // called whenever the request log changes (wait-request)
		hung: new Set(),
		streams: new Set(),
		bucket: { available: SHOPIFY_BUCKET.maximumAvailable, at: Date.now() },
		shopifyTokens: new Map(), // access token of the client-credentials grant -> expiry (ms)
		shopifyTokenTtlS: SHOPIFY_TOKEN_TTL_S,
		shopifyGrantRefused: false, // the Admin API refuses every token of the grant (as for a revoked app)
		rush: null, // {per_second, seconds, added, running, timer} of /_control/rush
	};
}

function productById(products, id) {
	return products.find((p) => p.id === id);
}

function findProduct(ref) {
	const text = String(ref ?? '');
	const m = /^(?:gid:\/\/shopify\/Product\/)?(\d+)$/.exec(text);
	return m ? productById(state.products, Number(m[1])) : undefined;
}

// Each change moves Last-Modified forward by at least a second, so a client's
// If-Modified-Since never hides a change made within the same second.
function touchCatalog() {
	state.lastModifiedS = nextModified(state.lastModifiedS);
}

function nextModified(seconds) {
	return Math.max(seconds + 1, Math.floor(Date.now() / 1000));
}

function orderTotalCents(order) {
	return order.lines.reduce((sum, l) => sum + l.total_cents, 0);
}

function isoSeconds(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// "2025-03-01T10:15:30" in the shop's own time zone, as WooCommerce writes date_created.
function siteLocal(isoUtc) {
	const ms = Date.parse(isoUtc) + catalog.timezone_offset_minutes * 60000;
	return new Date(ms).toISOString().slice(0, 19);
}

function addOrder(body) {
	const lines = Array.isArray(body.lines) && body.lines.length
		? body.lines
		: [{ product_id: body.product_id, quantity: body.quantity ?? 1 }];
	const resolved = [];
	for (const line of lines) {
		const product = findProduct(line.product_id);
		const quantity = Number(line.quantity ?? 1);
		if (!product) return { error: `no product ${line.product_id}` };
		if (!Number.isInteger(quantity) || quantity < 1) return { error: `bad quantity ${line.quantity}` };
		resolved.push({ product, quantity });
	}
	const createdMs = body.created_at === undefined ? Date.now() : Date.parse(String(body.created_at));
	if (Number.isNaN(createdMs)) return { error: `bad created_at ${body.created_at}` };
	if (body.id !== undefined && (!Number.isInteger(body.id) || body.id < 1 || state.orders.some((o) => o.id === body.id)))
		return { error: `bad or used order id ${body.id}` };
	if (body.id !== undefined) state.nextOrderId = Math.max(state.nextOrderId, body.id + 1);
	const order = {
		id: body.id ?? state.nextOrderId++,
		created_at: isoSeconds(createdMs),
		status: body.status ?? 'processing',
		buyer: body.buyer ?? 'Li',
		city: body.city ?? '大理',
		lines: resolved.map(({ product, quantity }) => ({
			product_id: product.id,
			quantity,
			total_cents: toCents(product.price) * quantity,
			total_text: resolved.length === 1 && typeof body.total === 'string' ? body.total : undefined,
		})),
	};
	for (const { product, quantity } of resolved) {
		if (product.stock !== null) product.stock = Math.max(0, product.stock - quantity);
	}
	state.orders.push(order);
	touchCatalog();
	for (const wake of [...state.waiters]) wake(false);
	return { order };
}

// ---- the json shape ----

function imageUrl(origin, p) {
	return `${origin}/images/${p.id}.png`;
}

function productUrl(p) {
	return `${catalog.shop_url}/products/${p.slug}`;
}

// A product's SKUs as the platforms list them: the catalog's "skus" (name, price, stock share), or
// one SKU of the product itself. Prices follow the product's (a changed price moves every SKU by
// as much); the product's stock is shared out in the catalog's order, the last SKU taking the rest,
// so the SKUs always add up to the product's stock (null: untracked, on every SKU).
function skusOf(p) {
	const base = catalog.products.find((c) => c.id === p.id);
	const list = base?.skus?.length ? base.skus : [{ id: p.id * 10, name: '', price: base?.price ?? p.price, stock: null }];
	const shift = toCents(p.price) - toCents(list[0].price);
	let left = p.stock;
	return list.map((sku, i) => {
		let stock = null;
		if (left !== null) {
			stock = i === list.length - 1 || sku.stock === null ? left : Math.min(sku.stock, left);
			left -= stock;
		}
		return { id: sku.id, name: sku.name, price_cents: toCents(sku.price) + shift, stock };
	});
}

function jsonProducts(origin) {
	return {
		currency: catalog.currency,
		products: state.products.map((p) => ({
			id: String(p.id),
			title: p.title,
			price: p.price,
			compare_at_price: p.compare_at_price,
			stock: p.stock,
			url: productUrl(p),
			image: imageUrl(origin, p),
			tags: p.tags,
		})),
	};
}

function jsonOrderItems(orders) {
	const items = [];
	for (const o of orders) {
		o.lines.forEach((l, i) => {
			items.push({
				id: i === 0 ? String(o.id) : `${o.id}-${i + 1}`,
				created_at: o.created_at,
				product_id: String(l.product_id),
				quantity: l.quantity,
				buyer: o.buyer,
				city: o.city,
				total: l.total_text ?? fromCents(l.total_cents),
			});
		});
	}
	return items;
}

// The cursor counts orders: "c-3" means "after the first three". Only paid orders are shown.
// With json_cursor "last-id" it is the newest paid order's id ("1004"), and "" while the shop
// has sold nothing: what a shop that keys its cursor on order ids naturally answers.
function paidOrders() {
	return state.orders.filter((o) => o.status === 'processing' || o.status === 'completed');
}

// The paid orders after the cursor since (null: all of them).
function paidOrdersAfter(since) {
	const paid = paidOrders();
	if (since === null) return paid;
	return state.config.json_cursor === 'last-id' ? paid.filter((o) => o.id > since) : paid.slice(since);
}

function jsonCursor() {
	const paid = paidOrders();
	if (state.config.json_cursor !== 'last-id') return `c-${paid.length}`;
	return paid.length ? String(paid[paid.length - 1].id) : '';
}

// The number a since= names, null for none (absent or ""), undefined when it is not ours.
function parseJsonSince(text) {
	if (text === null || text === '') return null;
	const m = state.config.json_cursor === 'last-id' ? /^(\d+)$/.exec(text) : /^c-(\d+)$/.exec(text);
	return m ? Number(m[1]) : undefined;
}

function jsonOrders(since) {
	return { orders: jsonOrderItems(paidOrdersAfter(since)), cursor: jsonCursor() };
}

// ---- the WooCommerce shape ----

function wooProduct(origin, p) {
	const onSale = p.compare_at_price !== null && toCents(p.compare_at_price) > toCents(p.price);
	const tracked = p.stock !== null;
	return {
		id: p.id,
		name: p.title,
		slug: p.slug,
		permalink: productUrl(p),
		date_created: '2025-02-20T09:00:00',
		date_created_gmt: '2025-02-20T01:00:00',
		type: 'simple',
		status: 'publish',
		featured: false,
		catalog_visibility: 'visible',
		description: '',
		short_description: '',
		sku: p.sku,
		price: p.price,
		regular_price: onSale ? p.compare_at_price : p.price,
		sale_price: onSale ? p.price : '',
		on_sale: onSale,
		purchasable: true,
		manage_stock: tracked,
		stock_quantity: tracked ? p.stock : null,
		stock_status: tracked && p.stock === 0 ? 'outofstock' : 'instock',
		backorders: 'no',
		categories: [],
		tags: p.tags.map((name, i) => ({ id: p.id * 10 + i, name, slug: `tag-${p.id}-${i}` })),
		images: [{ id: p.id * 100, src: imageUrl(origin, p), name: p.slug, alt: p.title }],
		attributes: [],
		variations: [],
		meta_data: [],
	};
}

function wooAddress(o) {
	return {
		first_name: o.buyer, last_name: '', company: '', address_1: '', address_2: '',
		city: o.city, state: '', postcode: '', country: 'CN',
	};
}

function wooOrder(o) {
	const total = fromCents(orderTotalCents(o));
	return {
		id: o.id,
		parent_id: 0,
		number: String(o.id),
		order_key: `wc_order_${o.id}`,
		created_via: 'checkout',
		version: '9.6.0',
		status: o.status,
		currency: catalog.currency,
		date_created: siteLocal(o.created_at),
		date_created_gmt: o.created_at.replace(/Z$/, ''),
		date_modified: siteLocal(o.created_at),
		date_modified_gmt: o.created_at.replace(/Z$/, ''),
		discount_total: '0.00',
		shipping_total: '0.00',
		total,
		total_tax: '0.00',
		prices_include_tax: false,
		customer_id: 0,
		billing: { ...wooAddress(o), email: '', phone: '' },
		shipping: wooAddress(o),
		payment_method: 'alipay',
		payment_method_title: 'Alipay',
		line_items: o.lines.map((l, i) => {
			const product = productById(state.products, l.product_id);
			return {
				id: o.id * 10 + i,
				name: product.title,
				product_id: l.product_id,
				variation_id: 0,
				quantity: l.quantity,
				tax_class: '',
				subtotal: fromCents(l.total_cents),
				subtotal_tax: '0.00',
				total: fromCents(l.total_cents),
				total_tax: '0.00',
				taxes: [],
				meta_data: [],
				sku: product.sku,
				price: toCents(product.price) / 100, // WooCommerce really sends this one as a number
			};
		}),
	};
}

function wooError(code, message, status) {
	return { code, message, data: { status } };
}

// ---- the Shopify shape ----

function gid(kind, id) {
	return `gid://shopify/${kind}/${id}`;
}

function connection(nodes, cursorOf, hasNextPage = false, hasPreviousPage = false) {
	return {
		nodes,
		edges: nodes.map((node) => ({ cursor: cursorOf(node), node })),
		pageInfo: {
			hasNextPage,
			hasPreviousPage,
			startCursor: nodes.length ? cursorOf(nodes[0]) : null,
			endCursor: nodes.length ? cursorOf(nodes[nodes.length - 1]) : null,
		},
	};
}

function shopifyCursor(kind, id) {
	return Buffer.from(JSON.stringify({ last_id: id, kind })).toString('base64');
}

function decodeShopifyCursor(cursor) {
	try {
		const value = JSON.parse(Buffer.from(String(cursor), 'base64').toString('utf8'));
		return Number.isInteger(value.last_id) ? value.last_id : null;
	} catch {
		return null;
	}
}

function shopifyMoney(cents) {
	const money = { amount: shopifyDecimal(cents), currencyCode: catalog.currency };
	return { shopMoney: money, presentmentMoney: { ...money } };
}

function shopifyProduct(origin, p) {
	const tracked = p.stock !== null;
	const skus = skusOf(p);
	const cents = skus.map((s) => s.price_cents);
	const variant = {
		id: gid('ProductVariant', p.id * 100 + 1),
		sku: p.sku,
		price: shopifyDecimal(skus[0].price_cents),
		compareAtPrice: p.compare_at_price,
		inventoryQuantity: tracked ? skus[0].stock : 0,
		inventoryItem: { tracked },
	};
	return {
		id: gid('Product', p.id),
		title: p.title,
		handle: p.slug,
		status: 'ACTIVE',
		onlineStoreUrl: productUrl(p),
		featuredImage: { url: imageUrl(origin, p), altText: p.title },
		tracksInventory: tracked,
		totalInventory: tracked ? p.stock : 0,
		priceRangeV2: {
			minVariantPrice: shopifyMoney(Math.min(...cents)).shopMoney,
			maxVariantPrice: shopifyMoney(Math.max(...cents)).shopMoney,
		},
		tags: p.tags,
		variants: connection([variant], (v) => shopifyCursor('variant', p.id * 100 + 1)),
	};
}

function shopifyOrder(o) {
	const address = { firstName: o.buyer, city: o.city, countryCodeV2: 'CN' };
	return {
		id: gid('Order', o.id),
		name: `#${o.id}`,
		createdAt: o.created_at,
		test: false,
		cancelledAt: null,
		displayFinancialStatus: o.status === 'pending' ? 'PENDING' : 'PAID',
		totalPriceSet: shopifyMoney(orderTotalCents(o)),
		currencyCode: catalog.currency,
		customer: { firstName: o.buyer },
		shippingAddress: address,
		billingAddress: { ...address },
		lineItems: connection(
			o.lines.map((l, i) => ({
				id: gid('LineItem', o.id * 10 + i),
				title: productById(state.products, l.product_id).title,
				quantity: l.quantity,
				product: { id: gid('Product', l.product_id) },
				originalTotalSet: shopifyMoney(l.total_cents),
				discountedTotalSet: shopifyMoney(l.total_cents),
			})),
			(line) => shopifyCursor('line', Number(line.id.split('/').pop())),
		),
	};
}

// The text between "field(" and its closing parenthesis, or null.
function argumentText(query, field) {
	const m = new RegExp(`\\b${field}\\s*\\(`).exec(query);
	if (!m) return null;
	let depth = 1;
	let quote = null;
	for (let i = m.index + m[0].length; i < query.length; i++) {
		const c = query[i];
		if (quote) {
			if (c === '\\') i++;
			else if (c === quote) quote = null;
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '(') depth++;
		else if (c === ')' && --depth === 0) return query.slice(m.index + m[0].length, i);
	}
	return null;
}

// name: value pairs of a GraphQL argument list; $variables are looked up.
function parseArguments(text, variables) {
	const result = {};
	const re = /(\w+)\s*:\s*(\$\w+|"(?:[^"\\]|\\.)*"|-?\d+|true|false|null|[A-Z_]+)/g;
	let m;
	while ((m = re.exec(text ?? '')) !== null) {
		const raw = m[2];
		if (raw.startsWith('$')) result[m[1]] = variables?.[raw.slice(1)];
		else if (raw.startsWith('"')) result[m[1]] = JSON.parse(raw);
		else if (/^-?\d+$/.test(raw)) result[m[1]] = Number(raw);
		else if (raw === 'true' || raw === 'false') result[m[1]] = raw === 'true';
		else if (raw === 'null') result[m[1]] = null;
		else result[m[1]] = raw;
	}
	return result;
}

function pageOf(items, first, after, idOf) {
	const limit = Math.min(250, Math.max(1, Number.isInteger(first) ? first : 10));
	let start = 0;
	if (after !== undefined && after !== null) {
		const lastId = decodeShopifyCursor(after);
		start = items.findIndex((item) => idOf(item) === lastId) + 1;
	}
	const page = items.slice(start, start + limit);
	return { page, hasNextPage: start + limit < items.length, hasPreviousPage: start > 0 };
}

// created_at:>2025-03-01T00:00:00Z, created_at:>='...' and friends.
function createdFilter(search) {
	const m = /created_at:\s*(>=|<=|>|<)?\s*['"]?([0-9T:.\-+Z]+)['"]?/i.exec(search ?? '');
	if (!m) return () => true;
	const when = Date.parse(m[2]);
	if (Number.isNaN(when)) return () => true;
	const op = m[1] ?? '>=';
	return (o) => {
		const t = Date.parse(o.created_at);
		return op === '>' ? t > when : op === '>=' ? t >= when : op === '<' ? t < when : t <= when;
	};
}

// Returns [status, body] for one GraphQL request.
function shopifyAnswer(origin, request, fault) {
	const query = String(request.query ?? '');
	const variables = request.variables ?? {};
	const data = {};
	let cost = 1;

	if (/\bshop\s*\{/.test(query)) {
		data.shop = { name: catalog.name, currencyCode: catalog.currency, ianaTimezone: 'Asia/Shanghai' };
	}
	const productArgs = argumentText(query, 'products');
	if (productArgs !== null) {
		const a = parseArguments(productArgs, variables);
		const { page, hasNextPage, hasPreviousPage } = pageOf(state.products, a.first, a.after, (p) => p.id);
		const nodes = page.map((p) => shopifyProduct(origin, p));
		data.products = connection(nodes, (n) => shopifyCursor('product', Number(n.id.split('/').pop())), hasNextPage,
			hasPreviousPage);
		cost += 2 + page.length * 2;
	}
	const orderArgs = argumentText(query, 'orders');
	if (orderArgs !== null) {
		const a = parseArguments(orderArgs, variables);
		let orders = state.orders.filter(createdFilter(a.query));
		if (a.sortKey === 'CREATED_AT') {
			orders = [...orders].sort((x, y) => Date.parse(x.created_at) - Date.parse(y.created_at) || x.id - y.id);
		}
		if (a.reverse === true) orders = [...orders].reverse();
		const { page, hasNextPage, hasPreviousPage } = pageOf(orders, a.first, a.after, (o) => o.id);
		data.orders = connection(page.map(shopifyOrder), (n) => shopifyCursor('order', Number(n.id.split('/').pop())),
			hasNextPage, hasPreviousPage);
		cost += 2 + page.length * 3;
	}

	// The leaky bucket: refilled at restoreRate per second, emptied by each query's cost.
	const now = Date.now();
	const bucket = state.bucket;
	bucket.available = Math.min(SHOPIFY_BUCKET.maximumAvailable,
		bucket.available + ((now - bucket.at) / 1000) * SHOPIFY_BUCKET.restoreRate);
	bucket.at = now;
	const throttled = fault === 'throttled' || bucket.available < cost;
	if (!throttled) bucket.available -= cost;
	const extensions = {
		cost: {
			requestedQueryCost: cost,
			actualQueryCost: throttled ? null : cost,
			throttleStatus: {
				maximumAvailable: SHOPIFY_BUCKET.maximumAvailable,
				currentlyAvailable: Math.floor(throttled ? Math.min(bucket.available, cost - 1) : bucket.available),
				restoreRate: SHOPIFY_BUCKET.restoreRate,
			},
		},
	};
	if (throttled) {
		return [200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED',
			documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions }];
	}
	if (!Object.keys(data).length) {
		return [200, { errors: [{ message: 'test shop: no shop, products( or orders( field in the query',
			locations: [{ line: 1, column: 1 }] }], extensions }];
	}
	return [200, { data, extensions }];
}

// ---- content faults ----

function corruptTypes(shape, body) {
	const products = shape === 'json' ? body.products
		: shape === 'woocommerce' && Array.isArray(body) && body.length && 'price' in body[0] ? body
		: shape === 'shopify' ? body?.data?.products?.nodes : null;
	if (Array.isArray(products)) {
		const [a, b, c] = products;
		if (shape === 'json') {
			if (a) a.price = Number(a.price);
			if (b) b.stock = String(b.stock);
			if (c) delete c.title;
		} else if (shape === 'woocommerce') {
			if (a) a.price = Number(a.price);
			if (b) b.stock_quantity = String(b.stock_quantity);
			if (c) delete c.name;
		} else {
			if (a) a.variants.nodes[0].price = Number(a.variants.nodes[0].price);
			if (b) b.variants.nodes[0].inventoryQuantity = String(b.variants.nodes[0].inventoryQuantity),
				b.totalInventory = String(b.totalInventory);
			if (c) delete c.title;
		}
	}
	if (shape === 'json' && body.orders?.[0]) body.orders[0].quantity = String(body.orders[0].quantity);
	if (shape === 'woocommerce' && Array.isArray(body) && body[0]?.line_items?.[0]) {
		body[0].line_items[0].quantity = String(body[0].line_items[0].quantity);
	}
	if (shape === 'shopify' && body?.data?.orders?.nodes?.[0]) {
		const line = body.data.orders.nodes[0].lineItems.nodes[0];
		line.quantity = String(line.quantity);
	}
}

function markBadUtf8(shape, body) {
	const products = shape === 'json' ? body.products
		: shape === 'woocommerce' && Array.isArray(body) && body.length && 'price' in body[0] ? body
		: shape === 'shopify' ? body?.data?.products?.nodes : null;
	if (Array.isArray(products) && products[0]) {
		if ('title' in products[0]) products[0].title += BAD_UTF8_MARKER;
		else products[0].name += BAD_UTF8_MARKER;
	}
	if (shape === 'json' && body.orders?.[0]) body.orders[0].buyer += BAD_UTF8_MARKER;
	if (shape === 'woocommerce' && Array.isArray(body) && body[0]?.billing) body[0].billing.first_name += BAD_UTF8_MARKER;
	if (shape === 'shopify' && body?.data?.orders?.nodes?.[0]) body.data.orders.nodes[0].customer.firstName += BAD_UTF8_MARKER;
}

function serialize(body, badUtf8) {
	let bytes = Buffer.from(JSON.stringify(body), 'utf8');
	if (badUtf8) {
		const marker = Buffer.from(JSON.stringify(BAD_UTF8_MARKER).slice(1, -1), 'utf8');
		const bad = Buffer.from([0xc3, 0x28, 0xff]);
		const parts = [];
		let from = 0;
		for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, from)) {
			parts.push(bytes.subarray(from, at), bad);
			from = at + marker.length;
		}
		parts.push(bytes.subarray(from));
		bytes = Buffer.concat(parts);
	}
	return bytes;
}

// ---- the request log ----

const SECRET_QUERY_KEYS = new Set(['consumer_key', 'consumer_secret', 'token', 'access_token', 'session',
	'client_secret', 'refresh_token', 'app_secret']);

// HTTP Basic credentials as the test shop's WooCommerce keys: 'valid', 'wrong', or null when the
// Authorization header is not Basic. The keys themselves are never logged.
function basicCredentials(auth) {
	if (!auth || !/^basic /i.test(auth)) return null;
	const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
	return decoded === `${CREDENTIALS.woo_key}:${CREDENTIALS.woo_secret}` ? 'valid' : 'wrong';
}

function logRequest(req, url, tls) {
	const query = {};
	for (const [k, v] of url.searchParams) query[k] = SECRET_QUERY_KEYS.has(k) ? '(present)' : v;
	// The request line's target as sent, secret values masked but their names kept, so a test
	// can tell that no key travelled in a URL.
	const masked = new URL(url);
	for (const k of SECRET_QUERY_KEYS) {
		if (masked.searchParams.has(k)) masked.searchParams.set(k, '(present)');
	}
	const auth = req.headers.authorization;
	const entry = {
		seq: ++state.requestSeq,
		method: req.method,
		path: url.pathname,
		target: `${masked.pathname}${masked.search}`,
		query,
		host: req.headers.host ?? null,
		tls,
		if_none_match: req.headers['if-none-match'] ?? null,
		if_modified_since: req.headers['if-modified-since'] ?? null,
		authorization: !auth ? null : /^basic /i.test(auth) ? 'basic' : /^bearer /i.test(auth) ? 'bearer' : 'other',
		basic: basicCredentials(auth),
		shopify_token: req.headers['x-shopify-access-token'] !== undefined,
		user_agent: req.headers['user-agent'] ?? null,
		accept_encoding: req.headers['accept-encoding'] ?? null,
		body: null,
		status: null,
		bytes_sent: 0,
		finished: false,
		closed: false,
	};
	// Control calls are the test talking to the server, not the client under test.
	if (!url.pathname.startsWith('/_control/')) {
		state.requests.push(entry);
		if (state.requests.length > 2000) state.requests.shift();
		requestLogChanged();
	}
	return entry;
}

function requestLogChanged() {
	for (const watch of [...state.requestWatchers]) watch();
}

// wait-request: the first request in the log after after_seq that matches every field given.
function waitRequest(res, entry, body) {
	const after = Number.isInteger(body.after_seq) ? body.after_seq : 0;
	const matches = (r) => r.seq > after && (body.path === undefined || r.path === body.path) &&
		(body.query === undefined || Object.hasOwn(r.query, body.query)) &&
		(body.value === undefined || r.query[body.query] === body.value) &&
		(body.body_includes === undefined || (r.body ?? '').includes(body.body_includes)) &&
		(body.status === undefined || (body.status === 'open' ? r.status === null : r.status === body.status)) &&
		(body.closed === undefined || r.closed === body.closed);
	const found = state.requests.find(matches);
	if (found) return sendJson(res, entry, 200, found);
	const timeoutMs = Math.min(Number.isInteger(body.timeout_ms) ? body.timeout_ms : 10000, 60000);
	const watchers = state.requestWatchers;
	let timer = null;
	const finish = (status, value) => {
		watchers.delete(watch);
		clearTimeout(timer);
		sendJson(res, entry, status, value);
	};
	const watch = () => {
		const match = state.requests.find(matches);
		if (match) finish(200, match);
	};
	timer = setTimeout(() => finish(408, { error: `no matching request within ${timeoutMs} ms` }), timeoutMs);
	watchers.add(watch);
}

// ---- responses ----

function send(res, entry, status, headers, bytes) {
	const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes ?? '', 'utf8');
	entry.status = status;
	res.writeHead(status, { 'Content-Length': body.length, ...headers });
	res.end(body, () => {
		entry.bytes_sent = body.length;
		entry.finished = true;
	});
}

function sendJson(res, entry, status, body, headers = {}) {
	send(res, entry, status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers },
		JSON.stringify(body));
}

// Sends a shop answer (a JS value), applying the active content fault.
function sendShop(res, entry, shape, fault, status, body, headers = {}) {
	if (fault === 'wrong-types') corruptTypes(shape, body);
	if (fault === 'invalid-utf8') markBadUtf8(shape, body);
	let bytes = serialize(body, fault === 'invalid-utf8');
	if (fault === 'truncated-json') {
		let cut = Math.floor(bytes.length / 2);
		while (cut > 1 && bytes[cut - 1] >= 0x80) cut--; // cut the JSON, not a character
		bytes = bytes.subarray(0, cut);
	}
	const allHeaders = { 'Content-Type': 'application/json; charset=UTF-8', ...headers };
	if (fault === 'slow-drip') return drip(res, entry, status, allHeaders, bytes);
	send(res, entry, status, allHeaders, bytes);
}

// Headers and the first byte at once, then one byte per second.
function drip(res, entry, status, headers, bytes) {
	entry.status = status;
	res.writeHead(status, headers);
	let at = 0;
	let timer = null;
	const stop = () => clearInterval(timer);
	const next = () => {
		if (at >= bytes.length) {
			clearInterval(timer);
			state.streams.delete(stop);
			res.end(() => { entry.finished = true; });
			return;
		}
		res.write(bytes.subarray(at, at + 1));
		entry.bytes_sent = ++at;
	};
	next();
	timer = setInterval(next, 1000);
	state.streams.add(stop);
	res.on('close', stop);
}

// 100 MB of valid-looking JSON, written as fast as the client reads it, never held in memory.
function streamHuge(res, entry, declareLength) {
	const item = '{"id":"x","title":"filler 填充","price":"1.00","compare_at_price":null,"stock":1,"url":null,"image":null,"tags":[]},';
	const block = Buffer.from(item.repeat(Math.ceil(65536 / Buffer.byteLength(item))), 'utf8');
	const head = Buffer.from('{"currency":"CNY","products":[', 'utf8');
	const tail = Buffer.from('{"id":"end","title":"end","price":"1.00","tags":[]}]}', 'utf8');
	const blocks = Math.floor((HUGE_BYTES - head.length - tail.length) / block.length);
	const total = head.length + blocks * block.length + tail.length;
	const headers = { 'Content-Type': 'application/json; charset=UTF-8' };
	if (declareLength) headers['Content-Length'] = total;
	entry.status = 200;
	res.writeHead(200, headers);
	let written = 0;
	let closed = false;
	res.on('close', () => { closed = true; });
	const write = (chunk) => {
		entry.bytes_sent += chunk.length;
		return res.write(chunk);
	};
	write(head);
	const pump = () => {
		while (!closed && written < blocks) {
			written++;
			if (!write(block)) return res.once('drain', pump);
		}
		if (!closed) {
			write(tail);
			res.end(() => { entry.finished = true; });
		}
	};
	pump();
}

const MAINTENANCE_PAGE = '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>维护中 Maintenance</title></head>\n' +
	'<body><h1>网站维护中 — Down for maintenance</h1><p>We will be back soon.</p></body></html>\n';

// Faults that replace the answer whatever was asked. true when one handled the request.
function transportFault(req, res, entry, url, fault, retryAfter) {
	switch (fault) {
	case 'hang':
		entry.status = 'hang';
		requestLogChanged();
		state.hung.add(res);
		res.on('close', () => state.hung.delete(res));
		return true;
	case '500':
		send(res, entry, 500, { 'Content-Type': 'text/html; charset=UTF-8' },
			'<html><body><h1>500 Internal Server Error</h1></body></html>\n');
		return true;
	case '503':
		send(res, entry, 503, { 'Content-Type': 'text/html; charset=UTF-8', 'Retry-After': retryAfter ?? '2' },
			'<html><body><h1>503 Service Unavailable</h1></body></html>\n');
		return true;
	case '429':
		sendJson(res, entry, 429, { errors: 'Too many requests' }, { 'Retry-After': retryAfter ?? '2' });
		return true;
	case 'html-maintenance':
		send(res, entry, 200, { 'Content-Type': 'text/html; charset=UTF-8' }, MAINTENANCE_PAGE);
		return true;
	case 'not-found':
		send(res, entry, 404, { 'Content-Type': 'text/html; charset=UTF-8' },
			'<html><body><h1>404 Not Found</h1></body></html>\n');
		return true;
	case 'huge':
	case 'huge-declared':
		streamHuge(res, entry, fault === 'huge-declared');
		return true;
	case 'redirect-loop': {
		const n = Number(url.searchParams.get('loop') ?? 0) + 1;
		const next = new URL(url);
		next.searchParams.set('loop', String(n));
		send(res, entry, 302, { Location: `${next.pathname}${next.search}` }, '');
		return true;
	}
	case 'redirect-file':
		send(res, entry, 302, { Location: 'file:///etc/passwd' }, '');
		return true;
	case 'throttled':
		if (url.pathname.startsWith('/admin/api/')) return false; // the Shopify handler answers
		sendJson(res, entry, 429, { errors: 'Throttled' }, { 'Retry-After': retryAfter ?? '2' });
		return true;
	default:
		return false;
	}
}

// The fault for this request, counting down limited ones.
function activeFault(url) {
	const f = state.fault;
	if (!f || url.pathname.startsWith('/_control/')) return null;
	if (!url.pathname.startsWith(f.path_prefix)) return null;
	if (f.count !== null) {
		if (f.count <= 0) return null;
		if (--f.count === 0) state.fault = null;
	}
	return { mode: f.mode, retryAfter: f.retry_after };
}

// ---- platform modules (platforms/*.mjs) ----

const platforms = [];

// What a platform module may use of the shared shop.
const platformContext = {
	get catalog() { return catalog; },
	get products() { return state.products; },
	paidOrders: () => paidOrders(),
	allOrders: () => state.orders,
	findProduct: (ref) => findProduct(ref),
	skusOf: (p) => skusOf(p),
	imageUrl: (origin, p) => imageUrl(origin, p),
	productUrl: (p) => productUrl(p),
	toCents, fromCents, isoSeconds,
	readBody: (req) => readBody(req),
	parseJson: (text) => parseJson(text),
	send: (res, entry, status, headers, bytes) => send(res, entry, status, headers, bytes),
	sendJson: (res, entry, status, body, headers) => sendJson(res, entry, status, body, headers),
	// A platform's answer with the active content fault applied (wrong-types, invalid-utf8, truncated-json...)
	sendShop: (res, entry, fault, status, body, headers) => sendShop(res, entry, 'platform', fault, status, body, headers),
	// What the request log shows of a body: the first 4 KiB, with the named secrets' values masked.
	logBody: (entry, text) => { entry.body = text.slice(0, 4096); requestLogChanged(); },
	now: () => Date.now(),
};

async function loadPlatforms() {
	const dir = path.join(HERE, 'platforms');
	if (!fs.existsSync(dir)) return;
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
		const module = (await import(path.join(dir, file))).default;
		platforms.push(module);
		if (module.credentials) CREDENTIALS[module.name] = module.credentials;
	}
}

function platformOf(url) {
	return platforms.find((p) => url.pathname === p.prefix || url.pathname.startsWith(`${p.prefix}/`));
}

// ---- routes ----

function readBody(req) {
	return new Promise((resolve) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= 1 << 20) chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', () => resolve(''));
	});
}

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function etagOf(bytes) {
	return `"${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 20)}"`;
}

function etagMatches(header, etag) {
	if (!header) return false;
	return header.split(',').map((s) => s.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
}

// The answer's validators and whether the request's conditions say the client has it already
// (If-None-Match wins over If-Modified-Since, as in RFC 9110).
function validatorsOf(req, bytes, modifiedS) {
	const etag = etagOf(bytes);
	const validators = { ETag: etag, 'Last-Modified': new Date(modifiedS * 1000).toUTCString(), 'Cache-Control': 'no-cache' };
	const inm = req.headers['if-none-match'];
	const ims = Date.parse(req.headers['if-modified-since'] ?? '');
	const notModified = inm !== undefined ? etagMatches(inm, etag) : !Number.isNaN(ims) && modifiedS * 1000 <= ims;
	return { validators, notModified };
}

function sendNotModified(res, entry, validators) {
	entry.status = 304;
	res.writeHead(304, validators);
	res.end(() => { entry.finished = true; });
}

async function handleJson(req, res, entry, url, origin, fault) {
	const token = state.config.json_token;
	if (token && req.headers.authorization !== `Bearer ${token}`) {
		return sendJson(res, entry, 401, { error: 'a valid token is needed' }, { 'WWW-Authenticate': 'Bearer' });
	}
	if (url.pathname === '/json/products') {
		const body = jsonProducts(origin);
		const { validators, notModified } = validatorsOf(req, Buffer.from(JSON.stringify(body)), state.lastModifiedS);
		if (notModified && !fault) return sendNotModified(res, entry, validators);
		return sendShop(res, entry, 'json', fault, 200, body, validators);
	}
	if (url.pathname === '/json/orders') {
		const sinceText = url.searchParams.get('since');
		const since = parseJsonSince(sinceText);
		if (since === undefined) {
			return sendJson(res, entry, 400, { error: `unknown cursor ${sinceText.slice(0, 40)}` });
		}
		const wait = Math.min(MAX_WAIT_S, Math.max(0, Number(url.searchParams.get('wait') ?? 0) || 0));
		const answer = () => sendShop(res, entry, 'json', fault, 200, jsonOrders(since));
		if (since === null || wait === 0 || paidOrdersAfter(since).length > 0) return answer();
		// Long-poll: answer when an order arrives or the wait is over, whichever comes first. A
		// reset answers at once (force).
		let timer = null;
		const wake = (force) => {
			if (!force && paidOrdersAfter(since).length === 0) return;
			clearTimeout(timer);
			state.waiters.delete(wake);
			if (!res.writableEnded && !res.destroyed) answer();
		};
		timer = setTimeout(() => wake(true), wait * 1000);
		state.waiters.add(wake);
		res.on('close', () => {
			clearTimeout(timer);
			state.waiters.delete(wake);
		});
		return;
	}
	return sendJson(res, entry, 404, { error: 'not found' });
}

function wooAuthorised(req, url) {
	const { woo_key: key, woo_secret: secret } = CREDENTIALS;
	const auth = req.headers.authorization;
	let user = null;
	let pass = null;
	if (auth && /^basic /i.test(auth) && !state.config.woo_basic_stripped) {
		const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		[user, pass] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
	} else if (url.searchParams.has('consumer_key')) {
		user = url.searchParams.get('consumer_key');
		pass = url.searchParams.get('consumer_secret') ?? '';
	}
	if (user === null) return wooError('woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.', 401);
	if (user !== key) return wooError('woocommerce_rest_authentication_error', 'Consumer key is invalid.', 401);
	if (pass !== secret) return wooError('woocommerce_rest_authentication_error', 'Consumer secret is invalid.', 401);
	return null;
}

function wooPage(res, entry, url, fault, items, origin, build) {
	const perPage = Number(url.searchParams.get('per_page') ?? 10);
	const page = Number(url.searchParams.get('page') ?? 1);
	if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
		return sendJson(res, entry, 400, wooError('rest_invalid_param', 'Invalid parameter(s): per_page', 400));
	}
	if (!Number.isInteger(page) || page < 1) {
		return sendJson(res, entry, 400, wooError('rest_invalid_param', 'Invalid parameter(s): page', 400));
	}
	const totalPages = Math.ceil(items.length / perPage);
	const body = items.slice((page - 1) * perPage, page * perPage).map((item) => build(origin, item));
	const links = [];
	const link = (p, rel) => {
		const u = new URL(url);
		u.searchParams.set('page', String(p));
		for (const k of SECRET_QUERY_KEYS) u.searchParams.delete(k);
		links.push(`<${origin}${u.pathname}${u.search}>; rel="${rel}"`);
	};
	if (page > 1) link(page - 1, 'prev');
	if (page < totalPages) link(page + 1, 'next');
	const headers = { 'X-WP-Total': String(items.length), 'X-WP-TotalPages': String(totalPages) };
	if (links.length) headers.Link = links.join(', ');
	return sendShop(res, entry, 'woocommerce', fault, 200, body, headers);
}

// An ISO date from ?after=: with a zone, or with dates_are_gmt=true, it is UTC; a bare date is
// the shop's own time, as WooCommerce reads it.
function wooAfter(url) {
	const text = url.searchParams.get('after');
	if (!text) return null;
	const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(text);
	const gmt = zoned || url.searchParams.get('dates_are_gmt') === 'true';
	const ms = Date.parse(zoned ? text : `${text}Z`);
	if (Number.isNaN(ms)) return undefined;
	return gmt ? ms : ms - catalog.timezone_offset_minutes * 60000;
}

function handleWoo(req, res, entry, url, origin, fault) {
	const refused = wooAuthorised(req, url);
	if (refused) return sendJson(res, entry, 401, refused);
	const route = url.pathname.slice('/wp-json/wc/v3/'.length).replace(/\/$/, '');
	if (route === 'data/currencies/current') {
		return sendShop(res, entry, 'woocommerce', fault, 200, {
			code: catalog.currency, name: 'Chinese yuan', symbol: '&yen;',
			_links: { collection: [{ href: `${origin}/wp-json/wc/v3/data/currencies` }] },
		});
	}
	if (route === 'products') {
		return wooPage(res, entry, url, fault, state.products, origin, wooProduct);
	}
	if (route === 'orders') {
		const after = wooAfter(url);
		if (after === undefined) {
			return sendJson(res, entry, 400, wooError('rest_invalid_param', 'Invalid parameter(s): after', 400));
		}
		const statuses = (url.searchParams.get('status') ?? 'any').split(',').map((s) => s.trim());
		let orders = state.orders.filter((o) =>
			(statuses.includes('any') || statuses.includes(o.status)) &&
			(after === null || Date.parse(o.created_at) > after));
		const by = url.searchParams.get('orderby') === 'id' ? (o) => o.id : (o) => Date.parse(o.created_at);
		orders = [...orders].sort((x, y) => by(x) - by(y) || x.id - y.id);
		if ((url.searchParams.get('order') ?? 'desc') === 'desc') orders.reverse();
		return wooPage(res, entry, url, fault, orders, origin, (_, o) => wooOrder(o));
	}
	return sendJson(res, entry, 404,
		wooError('rest_no_route', 'No route was found matching the URL and request method.', 404));
}

// The client-credentials grant of a Dev Dashboard app: a form (or JSON, as Shopify's Node library
// sends it) with grant_type, client_id and client_secret -> {access_token, scope, expires_in}. The
// log keeps the body with the secret's value masked.
async function handleShopifyToken(req, res, entry) {
	if (req.method !== 'POST') return sendJson(res, entry, 405, { errors: 'Method not allowed' });
	const text = await readBody(req);
	const type = req.headers['content-type'] ?? '';
	const fields = /json/.test(type) ? (parseJson(text) ?? {}) : Object.fromEntries(new URLSearchParams(text));
	const masked = new URLSearchParams(/json/.test(type) ? {} : text);
	if (masked.has('client_secret')) masked.set('client_secret', '(present)');
	entry.body = /json/.test(type) ? '(json)' : masked.toString().slice(0, 4096);
	if (fields.grant_type !== 'client_credentials') {
		return sendJson(res, entry, 400, { error: 'unsupported_grant_type',
			error_description: 'The authorization grant type is not supported by the authorization server.' });
	}
	if (fields.client_id !== CREDENTIALS.shopify_client_id || fields.client_secret !== CREDENTIALS.shopify_client_secret) {
		return sendJson(res, entry, 400, { error: 'invalid_client',
			error_description: 'Client authentication failed due to unknown client, no client authentication ' +
				'included, or unsupported authentication method.' });
	}
	const token = `shpat_cc_${crypto.randomBytes(12).toString('hex')}`;
	state.shopifyTokens.set(token, Date.now() + state.shopifyTokenTtlS * 1000);
	return sendJson(res, entry, 200, { access_token: token, scope: 'read_products,read_orders',
		expires_in: state.shopifyTokenTtlS });
}

// The fixed token of an older custom app, or a grant's token before its expiry.
function shopifyTokenValid(token) {
	if (token === CREDENTIALS.shopify_token) return true;
	const expires = state.shopifyGrantRefused ? undefined : state.shopifyTokens.get(token);
	return expires !== undefined && Date.now() < expires;
}

async function handleShopify(req, res, entry, origin, fault) {
	if (req.method !== 'POST') return sendJson(res, entry, 405, { errors: 'Method not allowed' });
	const text = await readBody(req);
	entry.body = text.slice(0, 4096);
	if (!shopifyTokenValid(req.headers['x-shopify-access-token'])) {
		return sendJson(res, entry, 401,
			{ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
	}
	const request = parseJson(text);
	if (!request || typeof request.query !== 'string') {
		return sendJson(res, entry, 400, { errors: { query: 'Required parameter missing or invalid' } });
	}
	const [status, body] = shopifyAnswer(origin, request, fault);
	return sendShop(res, entry, 'shopify', fault === 'throttled' ? null : fault, status, body);
}

// A small PNG of one colour, so image loaders have something real to decode.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes) {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

function solidPng([r, g, b], size = 64) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(size).fill([r, g, b]).flat())]);
	const pixels = zlib.deflateSync(Buffer.concat(Array(size).fill(row)));
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header),
		pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))]);
}

// A PNG whose IDAT bytes are flipped: the signature and header still say "PNG", the pixels do not
// decode (and the chunk's CRC no longer matches).
function corruptPng(bytes) {
	const damaged = Buffer.from(bytes);
	const idat = damaged.indexOf('IDAT', 8, 'ascii');
	for (let i = idat + 4; i < damaged.length - 16; i++) damaged[i] ^= 0x5a;
	return damaged;
}

function sendImage(req, res, entry, product, fault) {
	const bytes = solidPng(product.color);
	if (fault === 'corrupt-image') return send(res, entry, 200, { 'Content-Type': 'image/png' }, corruptPng(bytes));
	const { validators, notModified } = validatorsOf(req, bytes, product.imageModifiedS);
	if (notModified) return sendNotModified(res, entry, validators);
	return send(res, entry, 200, { 'Content-Type': 'image/png', ...validators }, bytes);
}

async function handleControl(req, res, entry, url) {
	const route = url.pathname.slice('/_control/'.length);
	if (req.method === 'GET' && route === 'requests') {
		return sendJson(res, entry, 200, state.requests);
	}
	if (req.method !== 'POST') return sendJson(res, entry, 405, { error: 'POST only' });
	const body = parseJson((await readBody(req)) || '{}');
	if (body === undefined || typeof body !== 'object' || body === null) {
		return sendJson(res, entry, 400, { error: 'the body must be a JSON object' });
	}
	switch (route) {
	case 'order': {
		const { order, error } = addOrder(body);
		if (error) return sendJson(res, entry, 404, { error });
		return sendJson(res, entry, 200, {
			order: jsonOrderItems([order]),
			stock: order.lines.map((l) => ({ id: String(l.product_id), stock: productById(state.products, l.product_id).stock })),
		});
	}
	case 'product': {
		const product = findProduct(body.id);
		if (!product) return sendJson(res, entry, 404, { error: `no product ${body.id}` });
		for (const key of ['price', 'compare_at_price']) {
			if (key in body) {
				if (body[key] !== null) toCents(String(body[key]));
				product[key] = body[key] === null ? null : String(body[key]);
			}
		}
		if ('stock' in body) product.stock = body.stock;
		if ('color' in body) {
			const ok = Array.isArray(body.color) && body.color.length === 3 &&
				body.color.every((c) => Number.isInteger(c) && c >= 0 && c <= 255);
			if (!ok) return sendJson(res, entry, 400, { error: 'color must be [r, g, b], each 0 to 255' });
			product.color = body.color;
			product.imageModifiedS = nextModified(product.imageModifiedS);
		}
		touchCatalog();
		return sendJson(res, entry, 200, jsonProducts('').products.find((p) => p.id === String(product.id)));
	}
	case 'fault': {
		const modes = ['none', 'hang', 'slow-drip', '500', '503', '429', 'truncated-json', 'html-maintenance',
			'wrong-types', 'invalid-utf8', 'huge', 'huge-declared', 'redirect-loop', 'redirect-file', 'throttled',
			'not-found', 'corrupt-image'];
		if (!modes.includes(body.mode)) return sendJson(res, entry, 400, { error: `unknown mode ${body.mode}`, modes });
		state.fault = body.mode === 'none' ? null : {
			mode: body.mode,
			path_prefix: body.path_prefix ?? '/',
			count: Number.isInteger(body.count) ? body.count : null,
			retry_after: body.retry_after === undefined ? undefined : String(body.retry_after),
		};
		return sendJson(res, entry, 200, { fault: state.fault });
	}
	case 'config':
		if ('json_token' in body) state.config.json_token = body.json_token;
		if ('shopify_token_ttl_s' in body) {
			if (!Number.isInteger(body.shopify_token_ttl_s) || body.shopify_token_ttl_s < 1) {
				return sendJson(res, entry, 400, { error: 'shopify_token_ttl_s must be a whole number of seconds' });
			}
			state.shopifyTokenTtlS = body.shopify_token_ttl_s;
		}
		if ('shopify_grant_refused' in body) state.shopifyGrantRefused = body.shopify_grant_refused === true;
		if ('woo_basic_stripped' in body) state.config.woo_basic_stripped = body.woo_basic_stripped === true;
		if ('json_cursor' in body) {
			if (!['count', 'last-id'].includes(body.json_cursor)) {
				return sendJson(res, entry, 400, { error: `unknown json_cursor ${body.json_cursor}` });
			}
			state.config.json_cursor = body.json_cursor;
		}
		return sendJson(res, entry, 200, { ok: true });
	case 'shopify/expire-tokens':
		// Every token the client-credentials grant gave is past its expiry now (the fixed one stays).
		for (const token of state.shopifyTokens.keys()) state.shopifyTokens.set(token, 0);
		return sendJson(res, entry, 200, { expired: state.shopifyTokens.size });
	case 'rush':
		return startRush(res, entry, body);
	case 'clear-orders':
		state.orders = [];
		return sendJson(res, entry, 200, { ok: true });
	case 'reset':
		resetState();
		return sendJson(res, entry, 200, { ok: true });
	case 'clear-requests':
		state.requests = [];
		return sendJson(res, entry, 200, { ok: true });
	case 'wait-request':
		return waitRequest(res, entry, body);
	default: {
		const m = /^platform\/([a-z]+)\/([a-z-]+)$/.exec(route);
		const platform = m && platforms.find((p) => p.name === m[1]);
		const answer = platform?.control?.(platformContext, m[2], body);
		if (answer) return sendJson(res, entry, answer.status ?? 200, answer.body ?? { ok: true });
		return sendJson(res, entry, 404, { error: 'no such control' });
	}
	}
}

// A rush of orders (benchmarks): a 10 ms timer adds what is due since the start, so the rate holds
// on average even when a tick comes late.
function rushView() {
	const r = state.rush;
	return r ? { per_second: r.per_second, seconds: r.seconds, added: r.added, running: r.running } : null;
}

function stopRush() {
	if (state?.rush?.running) {
		clearInterval(state.rush.timer);
		state.rush.running = false;
	}
}

function startRush(res, entry, body) {
	if (body.per_second === undefined) return sendJson(res, entry, 200, { rush: rushView() });
	const perSecond = body.per_second;
	const seconds = body.seconds ?? 0;
	if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > 100000 || !Number.isFinite(seconds) ||
		seconds < 0 || seconds > 3600) {
		return sendJson(res, entry, 400, { error: 'per_second (0 to 100000) and seconds (0 to 3600) must be numbers' });
	}
	const line = { product_id: body.product_id ?? 104, quantity: body.quantity ?? 1, buyer: 'Rush', city: '大理' };
	if (!findProduct(line.product_id)) return sendJson(res, entry, 404, { error: `no product ${line.product_id}` });
	stopRush();
	if (perSecond === 0) return sendJson(res, entry, 200, { rush: rushView() });
	const rush = { per_second: perSecond, seconds, added: 0, running: true, timer: null };
	const t0 = Date.now();
	const total = Math.round(perSecond * seconds);
	rush.timer = setInterval(() => {
		const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * perSecond));
		while (rush.added < due) {
			addOrder(line);
			rush.added++;
		}
		if (rush.added >= total) {
			clearInterval(rush.timer);
			rush.running = false;
		}
	}, 10);
	state.rush = rush;
	return sendJson(res, entry, 200, { rush: rushView() });
}

function resetState() {
	if (state) {
		stopRush();
		for (const res of state.hung) res.destroy();
		for (const stop of state.streams) stop();
		for (const wake of [...state.waiters]) wake(true);
	}
	state = freshState();
	for (const p of platforms) p.reset?.(platformContext);
}

async function handle(req, res, tls) {
	const url = new URL(req.url, `${tls ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`);
	const entry = logRequest(req, url, tls);
	const origin = `${tls ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
	res.on('close', () => {
		if (entry.status === null) entry.status = res.statusCode;
		entry.closed = true;
		requestLogChanged();
	});

	if (url.pathname.startsWith('/_control/')) return handleControl(req, res, entry, url);

	const active = activeFault(url);
	const fault = active?.mode ?? null;
	const platform = platformOf(url);
	const ownFault = platform?.ownFaults?.includes(fault);
	if (active && !ownFault && transportFault(req, res, entry, url, fault, active.retryAfter)) return;

	if (url.pathname === '/_redirect') {
		const to = url.searchParams.get('to') ?? '/';
		const status = Number(url.searchParams.get('status') ?? 302);
		return send(res, entry, status, { Location: to }, '');
	}
	if (platform) return platform.handle(platformContext, req, res, entry, url, origin, fault);
	if (url.pathname.startsWith('/json/')) return handleJson(req, res, entry, url, origin, fault);
	if (url.pathname.startsWith('/wp-json/wc/v3/')) return handleWoo(req, res, entry, url, origin, fault);
	if (url.pathname === '/admin/oauth/access_token') return handleShopifyToken(req, res, entry);
	if (/^\/admin\/api\/[0-9]{4}-[0-9]{2}\/graphql\.json$/.test(url.pathname)) {
		return handleShopify(req, res, entry, origin, fault);
	}
	const image = /^\/images\/(\d+)\.png$/.exec(url.pathname);
	if (image && findProduct(image[1])) return sendImage(req, res, entry, findProduct(image[1]), fault);
	return sendJson(res, entry, 404, { error: 'not found' });
}

function onRequest(tls) {
	return (req, res) => {
		handle(req, res, tls).catch((e) => {
			process.stderr.write(`shop-server: ${e.stack}\n`);
			if (!res.headersSent) res.writeHead(500);
			res.end();
		});
	};
}

// ---- certificates, listening, exit ----

function makeCertificates(dir) {
	const openssl = (...a) => execFileSync('openssl', a, { stdio: ['ignore', 'ignore', 'pipe'] });
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	const file = (name) => path.join(dir, name);
	openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '3',
		'-subj', '/CN=olc test shop CA', '-addext', 'basicConstraints=critical,CA:TRUE',
		'-addext', 'keyUsage=critical,keyCertSign,cRLSign');
	openssl('req', '-x509', ...ec, '-keyout', file('key.pem'), '-out', file('cert.pem'), '-days', '2',
		'-subj', '/CN=localhost', '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
		'-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:FALSE',
		'-addext', 'extendedKeyUsage=serverAuth');
	return { ca: file('ca.pem'), key: fs.readFileSync(file('key.pem')), cert: fs.readFileSync(file('cert.pem')) };
}

function listen(server, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(server.address().port));
	});
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olc-shop-'));
let servers = [];

function shutdown(code) {
	try {
		resetState();
		for (const s of servers) s.closeAllConnections?.(), s.close();
		fs.rmSync(dir, { recursive: true, force: true });
	} finally {
		process.exit(code);
	}
}

async function main() {
	await loadPlatforms();
	resetState();
	const certs = makeCertificates(dir);
	const plain = http.createServer(onRequest(false));
	const secure = https.createServer({ key: certs.key, cert: certs.cert }, onRequest(true));
	servers = [plain, secure];
	for (const s of servers) {
		s.requestTimeout = 0; // "hang" must hang for as long as the client waits
		s.keepAliveTimeout = 1000;
	}
	const httpPort = await listen(plain, args.port);
	const httpsPort = await listen(secure, args.tlsPort);
	process.stdin.on('end', () => shutdown(0));
	process.stdin.on('close', () => shutdown(0));
	process.stdin.on('error', () => shutdown(0));
	process.stdin.resume();
	process.on('SIGTERM', () => shutdown(0));
	process.on('SIGINT', () => shutdown(0));
	process.stdout.write(`${JSON.stringify({ http: httpPort, https: httpsPort, ca: certs.ca, pid: process.pid,
		credentials: CREDENTIALS })}\n`);
}

main().catch((e) => {
	process.stderr.write(`shop-server: ${e.stack ?? e}\n`);
	fs.rmSync(dir, { recursive: true, force: true });
	process.exit(1);
});
