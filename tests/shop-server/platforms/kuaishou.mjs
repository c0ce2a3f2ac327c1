// 快手小店 Kuaishou's open platform, as the test shop speaks it (see server.mjs for the module shape).
//
//   GET  /kuaishou/open/item/list/get        method open.item.list.get, param {pageNumber, pageSize <= 100}
//                                            data {currentPageNumber, pageSize, totalItemCount, items:[{kwaiItemId,
//                                            title, mainImageUrl, linkUrl, price (fen), skuList:[{kwaiSkuId,
//                                            skuSalePrice (fen), skuStock}]}]} (skuStock absent: untracked)
//   GET  /kuaishou/open/order/cursor/list    method open.order.cursor.list, param {orderViewStatus, queryType,
//                                            sort, pageSize <= 100, beginTime, endTime (ms, <= 7 days apart),
//                                            cursor}: data {cursor ("nomore" on the last page), orderList:[
//                                            {orderBaseInfo {oid, status, payTime, createTime, updateTime,
//                                            totalFee, buyerNick}, orderItemInfo {itemId, skuId, num, price,
//                                            itemTitle} (a list when an order has several lines), orderAddress
//                                            {city}}]}. Status 10 unpaid (the catalog's "pending"), 30 paid
//                                            ("processing"), 70 completed, 80 closed (anything else).
//   POST /kuaishou/oauth2/refresh_token      form grant_type=refresh_token, refresh_token, app_id, app_secret:
//                                            {result: 1, access_token, expires_in, refresh_token,
//                                            refresh_token_expires_in, open_id, scopes}. ROTATES: the refresh
//                                            token used stops working refresh_grace_ms later.
//
// Every gateway call carries appkey, method, version, param, access_token, timestamp, signMethod=HMAC_SHA256
// and sign = Base64(HMAC-SHA256(signSecret, the other fields sorted as k=v joined by & + "&signSecret=" +
// signSecret)); the path must be the method's dots as slashes. Answers are HTTP 200 with "result": 1, or
// Kuaishou's codes: 28 signature, 21 unknown access token, 24 expired access token, 17 rate limit,
// 22 no permission (an unknown method), 1000 a bad parameter.
//
// Control (POST /_control/platform/kuaishou/ROUTE):
//   expire-tokens   {}                                  every access token issued so far is expired
//   config          {access_lifetime_s?, refresh_grace_ms?}   the lifetime of new access tokens (default
//                                                       172800) and how long a rotated refresh token still
//                                                       works (default 60000)
//   rate-limit      {count}                             the next count gateway calls answer code 17
//   tokens          {}                                  {access_token, refresh_token (the newest pair),
//                                                       refreshes (how many so far)}
//   check-refresh   {refresh_token}                     {valid}: whether the shop would still take it
// The fault "throttled" (and "429") is answered in Kuaishou's own shape: code 17.

import crypto from 'node:crypto';

const PREFIX = '/kuaishou';
const CREDENTIALS = {
	app_key: 'ks_app_test_7f3a21',
	app_secret: 'ks_secret_test_51c9e8',
	sign_secret: 'ks_sign_test_e20b44',
	access_token: 'ks_at_first_0001',
	refresh_token: 'ks_rt_first_0001',
};
const DEFAULT_LIFETIME_S = 172800;
const DEFAULT_GRACE_MS = 60000;
const MAX_WINDOW_MS = 7 * 24 * 3600 * 1000;

let st;

function freshState(now) {
	return {
		access: new Map([[CREDENTIALS.access_token, { expiresAt: now + DEFAULT_LIFETIME_S * 1000 }]]),
		refresh: new Map([[CREDENTIALS.refresh_token, { retiredAt: null }]]),
		newest: { access_token: CREDENTIALS.access_token, refresh_token: CREDENTIALS.refresh_token },
		lifetimeS: DEFAULT_LIFETIME_S,
		graceMs: DEFAULT_GRACE_MS,
		rateLimited: 0,
		refreshes: 0,
		serial: 1,
	};
}

export function kuaishouSign(fields, signSecret) {
	const text = Object.keys(fields).filter((k) => fields[k] !== undefined && fields[k] !== null).sort()
		.map((k) => `${k}=${fields[k]}`).join('&') + `&signSecret=${signSecret}`;
	return crypto.createHmac('sha256', signSecret).update(text, 'utf8').digest('base64');
}

function refreshValid(token, now) {
	const r = st.refresh.get(token);
	return r !== undefined && (r.retiredAt === null || now < r.retiredAt + st.graceMs);
}

function fail(ctx, res, entry, code, message) {
	return ctx.sendJson(res, entry, 200, { result: code, error_msg: message, code: String(code) });
}

function statusOf(order) {
	if (order.status === 'processing') return 30;
	if (order.status === 'completed') return 70;
	if (order.status === 'pending') return 10;
	return 80;
}

const VIEW_STATUS = { 1: null, 2: [10], 3: [30], 4: [40, 50], 5: [70], 6: [80] };

function kuaishouItem(ctx, origin, p) {
	return {
		kwaiItemId: p.id,
		relItemId: p.sku ?? null,
		title: p.title,
		mainImageUrl: ctx.imageUrl(origin, p),
		linkUrl: `https://app.kwaixiaodian.com/merchant/shop/detail?id=${p.id}`,
		price: ctx.toCents(p.price),
		skuList: ctx.skusOf(p).map((s) => {
			const sku = { kwaiSkuId: s.id, relSkuId: null, specification: s.name, skuSalePrice: s.price_cents };
			if (s.stock !== null) sku.skuStock = s.stock;
			return sku;
		}),
	};
}

function kuaishouOrder(ctx, o) {
	const ms = Date.parse(o.created_at);
	const status = statusOf(o);
	const items = o.lines.map((l) => {
		const p = ctx.findProduct(l.product_id);
		return {
			itemId: l.product_id,
			skuId: ctx.skusOf(p)[0].id,
			num: l.quantity,
			price: Math.round(l.total_cents / l.quantity),
			itemTitle: p.title,
		};
	});
	return {
		orderBaseInfo: {
			oid: 2100000000000 + o.id,
			status,
			createTime: ms,
			payTime: status === 10 ? 0 : ms,
			updateTime: ms,
			totalFee: o.lines.reduce((sum, l) => sum + l.total_cents, 0),
			buyerNick: o.buyer,
		},
		orderItemInfo: items.length === 1 ? items[0] : items,
		orderAddress: { city: o.city },
	};
}

function encodeCursor(offset) {
	return Buffer.from(`o:${offset}`).toString('base64');
}

function decodeCursor(text) {
	if (!text) return 0;
	const m = /^o:(\d+)$/.exec(Buffer.from(text, 'base64').toString('utf8'));
	return m ? Number(m[1]) : -1;
}

function items(ctx, origin, param) {
	const page = Number.isInteger(param.pageNumber) && param.pageNumber >= 1 ? param.pageNumber : 1;
	const size = Number.isInteger(param.pageSize) ? Math.min(Math.max(param.pageSize, 1), 100) : 20;
	const all = ctx.products;
	return {
		currentPageNumber: page,
		pageSize: size,
		totalItemCount: all.length,
		items: all.slice((page - 1) * size, page * size).map((p) => kuaishouItem(ctx, origin, p)),
	};
}

function orders(ctx, param) {
	const begin = param.beginTime, end = param.endTime;
	if (!Number.isInteger(begin) || !Number.isInteger(end) || end <= begin) return { error: 'beginTime/endTime 参数错误' };
	if (end - begin > MAX_WINDOW_MS) return { error: '查询时间范围不能超过7天' };
	const size = Number.isInteger(param.pageSize) ? Math.min(Math.max(param.pageSize, 1), 100) : 20;
	const offset = decodeCursor(param.cursor);
	if (offset < 0) return { error: 'cursor 参数错误' };
	const wanted = VIEW_STATUS[param.orderViewStatus ?? 1];
	if (wanted === undefined) return { error: 'orderViewStatus 参数错误' };
	const list = ctx.allOrders().map((o) => kuaishouOrder(ctx, o)).filter((o) => {
		const t = param.queryType === 2 ? o.orderBaseInfo.updateTime : o.orderBaseInfo.createTime;
		return t >= begin && t <= end && (wanted === null || wanted.includes(o.orderBaseInfo.status));
	});
	const key = param.queryType === 2 ? 'updateTime' : 'createTime';
	list.sort((a, b) => (param.sort === 2 ? 1 : -1) * (a.orderBaseInfo[key] - b.orderBaseInfo[key]));
	const page = list.slice(offset, offset + size);
	return { cursor: offset + size >= list.length ? 'nomore' : encodeCursor(offset + size), orderList: page };
}

// wrong-types in Kuaishou's shape: the first three items and the first order each get one bad field.
function corrupt(method, data) {
	if (method === 'open.item.list.get') {
		const [a, b, c] = data.items;
		if (a) a.skuList[0].skuSalePrice = String(a.skuList[0].skuSalePrice);
		if (b) b.skuList[0].skuStock = String(b.skuList[0].skuStock ?? 1);
		if (c) delete c.title;
	} else if (data.orderList?.[0]) {
		const info = data.orderList[0].orderItemInfo;
		const line = Array.isArray(info) ? info[0] : info;
		line.num = String(line.num);
	}
}

async function refreshToken(ctx, req, res, entry) {
	if (req.method !== 'POST') return fail(ctx, res, entry, 1000, '请使用 POST');
	const body = await ctx.readBody(req);
	const form = new URLSearchParams(body);
	const masked = new URLSearchParams(form);
	for (const k of ['refresh_token', 'app_secret']) if (masked.has(k)) masked.set(k, '(present)');
	ctx.logBody(entry, masked.toString());
	const now = ctx.now();
	if (form.get('grant_type') !== 'refresh_token') return fail(ctx, res, entry, 1000, 'grant_type 参数错误');
	if (form.get('app_id') !== CREDENTIALS.app_key || form.get('app_secret') !== CREDENTIALS.app_secret) {
		return fail(ctx, res, entry, 100, 'app_id 或 app_secret 错误');
	}
	const used = form.get('refresh_token') ?? '';
	if (!refreshValid(used, now)) return fail(ctx, res, entry, 100, 'refresh_token 无效或已过期，请重新授权');
	const r = st.refresh.get(used);
	if (r.retiredAt === null) r.retiredAt = now;
	const serial = String(++st.serial).padStart(4, '0');
	const access = `ks_at_${serial}_${crypto.randomBytes(4).toString('hex')}`;
	const refresh = `ks_rt_${serial}_${crypto.randomBytes(4).toString('hex')}`;
	st.access.set(access, { expiresAt: now + st.lifetimeS * 1000 });
	st.refresh.set(refresh, { retiredAt: null });
	st.newest = { access_token: access, refresh_token: refresh };
	st.refreshes++;
	return ctx.sendJson(res, entry, 200, {
		result: 1,
		access_token: access,
		expires_in: st.lifetimeS,
		refresh_token: refresh,
		refresh_token_expires_in: 15552000,
		open_id: 'ks_open_id_test',
		scopes: ['merchant_item', 'merchant_order'],
	});
}

export default {
	name: 'kuaishou',
	prefix: PREFIX,
	credentials: CREDENTIALS,
	ownFaults: ['throttled', '429', 'wrong-types'],

	reset(ctx) {
		st = freshState(ctx.now());
	},

	control(ctx, route, body) {
		const now = ctx.now();
		switch (route) {
		case 'expire-tokens':
			for (const a of st.access.values()) a.expiresAt = Math.min(a.expiresAt, now - 1);
			return { body: { ok: true } };
		case 'config':
			if (body.access_lifetime_s !== undefined) {
				if (!Number.isInteger(body.access_lifetime_s) || body.access_lifetime_s < 1) {
					return { status: 400, body: { error: 'access_lifetime_s must be a whole number of seconds' } };
				}
				st.lifetimeS = body.access_lifetime_s;
			}
			if (body.refresh_grace_ms !== undefined) {
				if (!Number.isInteger(body.refresh_grace_ms) || body.refresh_grace_ms < 0) {
					return { status: 400, body: { error: 'refresh_grace_ms must be a whole number' } };
				}
				st.graceMs = body.refresh_grace_ms;
			}
			return { body: { ok: true } };
		case 'rate-limit':
			st.rateLimited = Number.isInteger(body.count) ? body.count : 1;
			return { body: { ok: true } };
		case 'tokens':
			return { body: { ...st.newest, refreshes: st.refreshes } };
		case 'check-refresh':
			return { body: { valid: refreshValid(String(body.refresh_token ?? ''), now) } };
		default:
			return null;
		}
	},

	async handle(ctx, req, res, entry, url, origin, fault) {
		const path = url.pathname.slice(PREFIX.length);
		if (path === '/oauth2/refresh_token') return refreshToken(ctx, req, res, entry);
		if (req.method !== 'GET') return fail(ctx, res, entry, 1000, '请使用 GET');
		const q = url.searchParams;
		for (const k of ['appkey', 'method', 'version', 'param', 'timestamp', 'signMethod', 'sign']) {
			if (!q.get(k)) return fail(ctx, res, entry, 1000, `缺少参数 ${k}`);
		}
		const method = q.get('method');
		if (`/${method.replaceAll('.', '/')}` !== path) return fail(ctx, res, entry, 1000, 'method 与路径不符');
		if (q.get('appkey') !== CREDENTIALS.app_key) return fail(ctx, res, entry, 1000, 'appkey 不存在');
		if (q.get('signMethod') !== 'HMAC_SHA256') return fail(ctx, res, entry, 1000, 'signMethod 参数错误');
		const fields = {};
		for (const k of ['appkey', 'method', 'version', 'param', 'access_token', 'timestamp', 'signMethod']) {
			if (q.has(k)) fields[k] = q.get(k);
		}
		const expected = kuaishouSign(fields, CREDENTIALS.sign_secret);
		const given = q.get('sign');
		if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
			return fail(ctx, res, entry, 28, '签名验证失败(sign verify failed)');
		}
		const now = ctx.now();
		const token = st.access.get(q.get('access_token') ?? '');
		if (!token) return fail(ctx, res, entry, 21, 'access_token 无效');
		if (now >= token.expiresAt) return fail(ctx, res, entry, 24, 'access_token 已过期');
		if (fault === 'throttled' || fault === '429' || st.rateLimited > 0) {
			if (st.rateLimited > 0) st.rateLimited--;
			return fail(ctx, res, entry, 17, 'API 调用频率超过限制，请稍后再试');
		}
		const param = ctx.parseJson(q.get('param'));
		if (param === undefined || typeof param !== 'object' || param === null) {
			return fail(ctx, res, entry, 1000, 'param 不是 JSON 对象');
		}
		let data;
		if (method === 'open.item.list.get') {
			data = items(ctx, origin, param);
		} else if (method === 'open.order.cursor.list') {
			const answer = orders(ctx, param);
			if (answer.error) return fail(ctx, res, entry, 1000, answer.error);
			data = answer;
		} else {
			return fail(ctx, res, entry, 22, '应用无权限调用此 API');
		}
		if (fault === 'wrong-types') corrupt(method, data);
		return ctx.sendShop(res, entry, fault === 'wrong-types' ? null : fault, 200, { result: 1, data });
	},
};
