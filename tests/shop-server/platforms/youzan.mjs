// The test shop as 有赞云 (Youzan Cloud) answers a self-use app, under /youzan (a gateway URL of
// http://127.0.0.1:PORT/youzan). What the real gateway does, as its SDKs (youzan/open-sdk-php,
// open-sdk-node) and documentation describe it:
//
//   POST /youzan/auth/token   JSON {client_id, client_secret, authorize_type: "silent", grant_id: kdt_id}
//        → {success, code: 200, data: {access_token, expires (Unix ms), scope, authority_id}, message}
//          or {success: false, code: 1000 | 1103, data: null, message} for wrong credentials.
//   POST /youzan/api/NAME/VERSION?access_token=T   JSON body, no signature. Gateway refusals come with
//        HTTP 200 as {"gw_err_resp": {trace_id, err_code, err_msg}}: 4201 no token, 4203 unknown token,
//        4202 expired token, 4101 too many requests (the "throttled" fault), 4005 unknown API, 4007 a
//        body that is not JSON.
//     youzan.items.onsale.get 3.0.0   the 3.x envelope {"response": {count, items}}; page_no from 1,
//        page_size (at most 300). Only part of each item, as the real list gives it (its SDKs:
//        仅返回商品部分信息): item_id, title, price in fen (a product with several SKUs: the lowest SKU's),
//        "quantity" the stock (the SKUs' sum; absent when untracked), detail_url, image, item_imgs,
//        origin, update_time; never the SKU list.
//     youzan.item.get 3.0.0   {item_id} (a number, or its digits as text) → {"response": {"item": {item_id,
//        kdt_id, title, price, quantity, detail_url, pic_url, is_listing, item_imgs, skus}}}: "skus" lists a
//        product of several SKUs ({item_id, sku_id, price in fen, quantity, properties_name_json}), and is []
//        for a product of one. An item not on sale answers {"error_response": {code: 50000, msg: 商品不存在}}
//        (the code is this shop's choice: the provider reads whatever code comes).
//     youzan.trades.sold.get 4.x      the 4.x envelope {success, code, data: {full_order_info_list,
//        total_results}, message}; start_update/end_update ("yyyy-MM-dd HH:mm:ss", China time,
//        inclusive), page_no, page_size (at most 100, else {success: false, code: 5000}). Every order
//        of the shop (pending ones as WAIT_BUYER_PAY, unpaid), newest first; amounts in yuan text.
//
// Controls (POST /_control/platform/youzan/ROUTE):
//   expire-tokens      every token issued so far answers 4202 from now on
//   config {token_ttl_s?, extra_items?, item_get_refused?, item_get_denied?}   how long new tokens last
//                      (default 7200 s; short ones test renewal); extra_items N (at most 1000): as many more
//                      items on sale (ids 900001..., two SKUs each, at 10.00 + i fen and 15.00 yuan, stock
//                      3 + 2), for a shop larger than the provider's item.get budget; item_get_refused [ids]:
//                      item.get answers those items as if they were not on sale (the error envelope);
//                      item_get_denied true: the gateway refuses item.get itself (4204, an app without the
//                      API's package), as it does before looking at the item
//   tokens             → {issued, live}: how many tokens were issued, and how many still work
// Own faults: "throttled" (4101 in the gateway's shape, for /youzan/api calls) and "wrong-types"
// (the first item's price as text, the second's quantity as text, the third without a title; the
// first trade line's num as text). "invalid-utf8" puts bad bytes into the first item's title;
// "truncated-json", "html-maintenance" and the transport faults come from the server.

const CREDENTIALS = {
	client_id: 'yz_client_7f3a9c21e5b04d68',
	client_secret: 'yz_secret_0d4e8b6a2c9f1357',
	kdt_id: '91234567',
};
const DEFAULT_TTL_S = 7200;
const PAID = { processing: 'WAIT_SELLER_SEND_GOODS', completed: 'TRADE_SUCCESS' };

let state;

function fresh() {
	return { tokens: new Map(), issued: 0, ttlS: DEFAULT_TTL_S, extraItems: 0, refused: new Set(), denied: false };
}
state = fresh();

// "2025-03-01 18:15:30", China time (UTC+8), as Youzan writes and reads times.
function chinaTime(ms) {
	return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function parseChinaTime(text) {
	const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(text ?? ''));
	if (!m) return null;
	const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - 8 * 3600 * 1000;
	return Number.isNaN(ms) ? null : ms;
}

function traceId() {
	return `yz7-0a0b0c0d-${Date.now()}`;
}

function gwError(code, msg) {
	return { gw_err_resp: { trace_id: traceId(), err_code: code, err_msg: msg } };
}

function masked(text) {
	let out = text;
	for (const secret of [CREDENTIALS.client_secret]) out = out.split(secret).join('(secret)');
	return out;
}

function issueToken(ctx) {
	const token = `yz_at_${ctx.now().toString(36)}_${(++state.issued).toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
	const expires = ctx.now() + state.ttlS * 1000;
	state.tokens.set(token, { expires, revoked: false });
	return { access_token: token, expires, scope: 'item trade', authority_id: CREDENTIALS.kdt_id };
}

function handleToken(ctx, res, entry, body) {
	if (!body || typeof body !== 'object') return ctx.sendJson(res, entry, 200, { success: false, code: 1000, data: null, message: '参数异常' });
	if (body.client_id !== CREDENTIALS.client_id) {
		return ctx.sendJson(res, entry, 200, { success: false, code: 1103, data: null, message: 'Client 不存在' });
	}
	if (body.client_secret !== CREDENTIALS.client_secret) {
		return ctx.sendJson(res, entry, 200, { success: false, code: 1000, data: null, message: 'client_secret 不正确' });
	}
	if (body.authorize_type !== 'silent' || String(body.grant_id ?? '') !== CREDENTIALS.kdt_id) {
		return ctx.sendJson(res, entry, 200, { success: false, code: 1103, data: null, message: '店铺未授权该应用' });
	}
	return ctx.sendJson(res, entry, 200, { success: true, code: 200, data: issueToken(ctx), message: null });
}

// The gateway's verdict on a call's token: null when it may go on.
function tokenRefusal(ctx, token) {
	if (!token) return gwError(4201, '非法的请求凭证');
	const t = state.tokens.get(token);
	if (!t) return gwError(4203, 'Token 不存在');
	if (t.revoked || t.expires <= ctx.now()) return gwError(4202, '请求凭证过期');
	return null;
}

function pageArgs(body, maxSize) {
	const no = Number(body.page_no ?? 1);
	const size = Number(body.page_size ?? 20);
	if (!Number.isInteger(no) || no < 1 || !Number.isInteger(size) || size < 1 || size > maxSize) return null;
	return { no, size };
}

const EXTRA_FIRST_ID = 900001;
const EXTRA_MAX = 1000;

// What the shop has on sale: the catalog's products with their SKUs (ctx.skusOf), then the extra items.
function onSale(ctx) {
	const list = ctx.products.map((p) => ({ p, skus: ctx.skusOf(p) }));
	for (let i = 0; i < state.extraItems; i++) {
		const id = EXTRA_FIRST_ID + i;
		const p = { id, title: `测试商品 Extra item ${i + 1}`, slug: `extra-${id}`, sku: `EXTRA-${id}`, compare_at_price: null, stock: 5 };
		const skus = [
			{ id: id * 10 + 1, name: '小 small', price_cents: 1000 + i, stock: 3 },
			{ id: id * 10 + 2, name: '大 large', price_cents: 1500, stock: 2 },
		];
		list.push({ p, skus });
	}
	return list;
}

// The item as youzan.items.onsale.get lists it: no SKUs; the lowest SKU's price, the SKUs' stock.
function listed(ctx, origin, { p, skus }) {
	const tracked = skus.every((s) => s.stock !== null);
	const out = {
		item_id: p.id,
		alias: `${p.slug}-yz`,
		title: p.title,
		item_type: 0,
		item_no: p.sku,
		price: Math.min(...skus.map((s) => s.price_cents)),
		post_type: 1,
		created_time: '2025-02-20 09:00:00',
		update_time: '2025-02-20 09:00:00',
		detail_url: ctx.productUrl(p),
		origin: p.compare_at_price ? `¥${p.compare_at_price}` : '',
		image: ctx.imageUrl(origin, p),
		item_imgs: [{ url: ctx.imageUrl(origin, p), thumbnail: ctx.imageUrl(origin, p), medium: ctx.imageUrl(origin, p) }],
	};
	if (tracked) out.quantity = skus.reduce((sum, s) => sum + s.stock, 0);
	return out;
}

// The item as youzan.item.get answers it: its SKUs when it has several.
function detail(ctx, origin, entry) {
	const { p, skus } = entry;
	const brief = listed(ctx, origin, entry);
	const out = {
		item_id: p.id,
		kdt_id: Number(CREDENTIALS.kdt_id),
		alias: brief.alias,
		title: p.title,
		price: brief.price,
		item_type: 0,
		is_listing: true,
		is_lock: false,
		created: brief.created_time,
		detail_url: brief.detail_url,
		share_url: brief.detail_url,
		pic_url: brief.image,
		origin_price: brief.origin,
		item_no: p.sku,
		item_imgs: brief.item_imgs,
		skus: [],
	};
	if (brief.quantity !== undefined) out.quantity = brief.quantity;
	if (skus.length > 1) {
		out.skus = skus.map((s) => {
			const sku = {
				item_id: p.id,
				sku_id: s.id,
				sku_unique_code: `${CREDENTIALS.kdt_id}${p.id}${s.id}`,
				price: s.price_cents,
				properties_name_json: JSON.stringify([{ kid: 14, vid: s.id, k: '规格', v: s.name }]),
				with_hold_quantity: 0,
				created: brief.created_time,
				modified: brief.update_time,
			};
			if (s.stock !== null) sku.quantity = s.stock;
			return sku;
		});
	}
	return out;
}

function itemsOnsale(ctx, res, entry, origin, body, fault) {
	const page = pageArgs(body, 300);
	if (!page) return ctx.sendJson(res, entry, 200, { error_response: { code: 50000, msg: 'page_no / page_size 不合法' } });
	const all = onSale(ctx);
	const items = all.slice((page.no - 1) * page.size, page.no * page.size).map((e) => listed(ctx, origin, e));
	// The server replaces this marker by the bytes C3 28 FF when it sends the answer.
	if (fault === 'invalid-utf8' && items[0]) items[0].title += '\u0001BADUTF8\u0001';
	if (fault === 'wrong-types') {
		const [a, b, c] = items;
		if (a) a.price = String(a.price);
		if (b) b.quantity = String(b.quantity ?? 1);
		if (c) delete c.title;
	}
	return ctx.sendShop(res, entry, fault === 'wrong-types' ? null : fault, 200, { response: { count: all.length, items } });
}

function itemGet(ctx, res, entry, origin, body, fault) {
	const id = String(body.item_id ?? '');
	const found = /^\d{1,19}$/.test(id) && !state.refused.has(id) ? onSale(ctx).find((e) => String(e.p.id) === id) : undefined;
	if (!found) return ctx.sendJson(res, entry, 200, { error_response: { code: 50000, msg: '商品不存在' } });
	return ctx.sendShop(res, entry, fault === 'wrong-types' ? null : fault, 200, { response: { item: detail(ctx, origin, found) } });
}

function trade(ctx, o) {
	const createdMs = Date.parse(o.created_at);
	const updatedMs = o.updated_at ? Date.parse(o.updated_at) : createdMs;
	const paid = PAID[o.status];
	const total = o.lines.reduce((sum, l) => sum + l.total_cents, 0);
	return {
		id: o.id,
		updatedMs,
		full_order_info: {
			order_info: {
				tid: `E2025${String(o.id).padStart(19, '0')}`,
				status: paid ?? 'WAIT_BUYER_PAY',
				status_str: paid ? '已付款' : '待付款',
				type: 0,
				created: chinaTime(createdMs),
				update_time: chinaTime(updatedMs),
				pay_time: paid ? chinaTime(createdMs) : '',
				pay_type: paid ? 10 : 0,
			},
			buyer_info: { buyer_id: 70000 + o.id, fans_type: 1, fans_nickname: o.buyer, buyer_phone: '' },
			address_info: { receiver_name: `${o.buyer}`, delivery_province: '云南省', delivery_city: o.city, delivery_district: '' },
			pay_info: { payment: ctx.fromCents(total), total_fee: ctx.fromCents(total), post_fee: '0.00' },
			orders: o.lines.map((l, i) => {
				const product = ctx.findProduct(l.product_id);
				return {
					oid: `${o.id}${i + 1}`,
					item_id: l.product_id,
					sku_id: 0,
					item_type: 0,
					title: product?.title ?? '',
					num: l.quantity,
					price: ctx.fromCents(Math.round(l.total_cents / l.quantity)),
					total_fee: ctx.fromCents(l.total_cents),
					payment: ctx.fromCents(l.total_cents),
				};
			}),
		},
	};
}

function tradesSold(ctx, res, entry, body, fault) {
	const page = pageArgs(body, 100);
	if (!page) return ctx.sendJson(res, entry, 200, { code: 5000, data: null, success: false, message: '每页最多显示100条数据' });
	const start = body.start_update === undefined ? -Infinity : parseChinaTime(body.start_update);
	const end = body.end_update === undefined ? Infinity : parseChinaTime(body.end_update);
	// Youzan refuses a date without its time with a gateway 5001.
	if (start === null || end === null) return ctx.sendJson(res, entry, 200, gwError(5001, '系统异常'));
	if (start > end) return ctx.sendJson(res, entry, 200, { code: 5000, data: null, success: false, message: '开始时间不能大于结束时间' });
	// Times are whole seconds: an order updated at 10:00:00.700 is in a window ending "10:00:00".
	const inWindow = ctx.allOrders()
		.map((o) => trade(ctx, o))
		.filter((t) => Math.floor(t.updatedMs / 1000) * 1000 >= start && Math.floor(t.updatedMs / 1000) * 1000 <= end)
		.sort((a, b) => b.updatedMs - a.updatedMs || b.id - a.id); // newest first; times are whole seconds
	const list = inWindow.slice((page.no - 1) * page.size, page.no * page.size).map(({ full_order_info }) => ({ full_order_info }));
	if (fault === 'wrong-types' && list[0]) {
		const line = list[0].full_order_info.orders[0];
		line.num = String(line.num);
	}
	return ctx.sendShop(res, entry, fault === 'wrong-types' ? null : fault, 200, {
		trace_id: traceId(), code: 200, data: { full_order_info_list: list, total_results: inWindow.length }, success: true, message: 'successful',
	});
}

export default {
	name: 'youzan',
	prefix: '/youzan',
	credentials: CREDENTIALS,
	ownFaults: ['throttled', 'wrong-types'],

	reset() {
		state = fresh();
	},

	control(ctx, route, body) {
		switch (route) {
		case 'expire-tokens':
			for (const t of state.tokens.values()) t.revoked = true;
			return { body: { ok: true, expired: state.tokens.size } };
		case 'config':
			if (body?.token_ttl_s !== undefined) {
				const ttl = Number(body.token_ttl_s);
				if (!Number.isInteger(ttl) || ttl < 1) return { status: 400, body: { error: 'token_ttl_s must be a whole number of seconds' } };
				state.ttlS = ttl;
			}
			if (body?.extra_items !== undefined) {
				const n = Number(body.extra_items);
				if (!Number.isInteger(n) || n < 0 || n > EXTRA_MAX) return { status: 400, body: { error: `extra_items must be 0 to ${EXTRA_MAX}` } };
				state.extraItems = n;
			}
			if (body?.item_get_refused !== undefined) {
				if (!Array.isArray(body.item_get_refused)) return { status: 400, body: { error: 'item_get_refused must be a list of item ids' } };
				state.refused = new Set(body.item_get_refused.map(String));
			}
			if (body?.item_get_denied !== undefined) state.denied = body.item_get_denied === true;
			return { body: { ok: true } };
		case 'tokens': {
			const live = [...state.tokens.values()].filter((t) => !t.revoked && t.expires > ctx.now()).length;
			return { body: { issued: state.issued, live } };
		}
		default:
			return null;
		}
	},

	async handle(ctx, req, res, entry, url, origin, fault) {
		const text = req.method === 'POST' ? await ctx.readBody(req) : '';
		ctx.logBody(entry, masked(text));
		const isJson = /json/i.test(req.headers['content-type'] ?? '');
		const json = isJson ? ctx.parseJson(text) : undefined;

		if (url.pathname === '/youzan/auth/token') {
			if (req.method !== 'POST') return ctx.sendJson(res, entry, 200, { success: false, code: 1000, data: null, message: '请使用 POST' });
			return handleToken(ctx, res, entry, json);
		}
		const m = /^\/youzan\/api\/([a-z0-9.]+)\/(\d+\.\d+\.\d+)$/i.exec(url.pathname);
		if (!m) return ctx.sendJson(res, entry, 200, gwError(4001, '非法请求地址'));
		const [, name, version] = m;
		const known = (name === 'youzan.items.onsale.get' && version === '3.0.0') ||
			(name === 'youzan.item.get' && version === '3.0.0') ||
			(name === 'youzan.trades.sold.get' && version.startsWith('4.'));
		if (!known) return ctx.sendJson(res, entry, 200, gwError(4005, '非法的API'));
		if (req.method !== 'POST' || !isJson) {
			return ctx.sendJson(res, entry, 200, gwError(4007, `非法的请求姿势，httpMethod:${req.method}, contentType:${req.headers['content-type'] ?? ''}`));
		}
		if (json === undefined || json === null || typeof json !== 'object') return ctx.sendJson(res, entry, 200, gwError(4004, '非法的Content'));
		const refusal = tokenRefusal(ctx, url.searchParams.get('access_token'));
		if (refusal) return ctx.sendJson(res, entry, 200, refusal);
		if (fault === 'throttled') return ctx.sendJson(res, entry, 200, gwError(4101, '请求太频繁'));
		if (name === 'youzan.items.onsale.get') return itemsOnsale(ctx, res, entry, origin, json, fault);
		if (name === 'youzan.item.get' && state.denied) return ctx.sendJson(res, entry, 200, gwError(4204, '无权限访问'));
		if (name === 'youzan.item.get') return itemGet(ctx, res, entry, origin, json, fault);
		return tradesSold(ctx, res, entry, json, fault);
	},
};
