// 淘宝/天猫 Taobao: the TOP gateway as the test shop speaks it, under /taobao.
//
//   POST /taobao/router/rest   form-encoded (a query string is read too, as the gateway does):
//        app_key, method, session, timestamp ("yyyy-MM-dd HH:mm:ss", China time, within 10 minutes
//        of now), format=json, v=2.0, sign_method md5 | hmac-sha256, sign, and the API's own
//        parameters. sign is checked exactly as TaobaoUtils computes it: the parameters but sign
//        with a non-empty value, sorted by name, written name+value; md5: uppercase hex
//        MD5(secret + that + secret); hmac-sha256: uppercase hex HMAC-SHA256(secret, that). A wrong
//        sign gets {"error_response":{"code":25,"msg":"Invalid signature","sub_code":
//        "isv.invalid-signature",...}}.
//   Methods:
//     taobao.items.onsale.get            fields (only those fields are answered), page_no (from 1),
//                                        page_size (<= 200, default 40): {"items_onsale_get_response":
//                                        {"items":{"item":[{num_iid,title,price:"168.00",num,pic_url}]},
//                                        "total_results":N}}; "items" is left out when the page is empty;
//                                        num is left out for a product whose stock is not counted
//     taobao.items.seller.list.get       num_iids (<= 20, comma-separated), fields: {"items_seller_list_get_
//                                        response":{"items":{"item":[{num_iid,skus:{sku:[{sku_id,price,
//                                        quantity,properties_name}]}}]}}}; skus only for products with SKUs
//     taobao.trades.sold.increment.get   start_modified, end_modified (at most one day apart), page_no,
//                                        page_size (<= 100), use_has_next: the shop's orders modified in the
//                                        window (an order's modified is its created time), oldest first:
//                                        {"trades_sold_increment_get_response":{"trades":{"trade":[{tid,status,
//                                        created,pay_time,modified,buyer_nick,receiver_city,payment,orders:
//                                        {order:[{oid,num_iid,num,payment,title}]}}]},"has_next":B}} (or
//                                        "total_results" without use_has_next). processing → WAIT_SELLER_SEND_GOODS,
//                                        completed → TRADE_FINISHED, anything else → WAIT_BUYER_PAY (no pay_time).
//                                        buyer_nick is masked as Taobao masks it ("王**").
//   Sessions: the session in credentials is valid; any other is refused (code 27, invalid session).
//   Controls (POST /_control/platform/taobao/ROUTE):
//     expire-tokens {seconds?: 3, rotate?: false}   the current session is refused (code 27) for `seconds`,
//                                        then accepted again: what the e2e's "token expiry" does, since the
//                                        plugin cannot renew a Taobao session (the merchant authorises again).
//                                        rotate: true: a new session is issued (answered as {"session"}) and the
//                                        old one is refused for good, as after a real expiry and re-authorisation.
//     rate-limit {count: N, seconds?: 1} the next N calls answer code 7 (accesscontrol.limited-by-api-access-
//                                        count, "This ban will last for S more seconds"); the fault mode
//                                        "throttled" does the same while it is set
//     outside-cloud {on: true|false}     order calls are refused as from outside Taobao's cloud (聚石塔): code 11,
//                                        isv.permission-ip-whitelist-limit; the catalog calls still work
//     deny {method, on}                  that method is refused for lack of permission (code 11,
//                                        isv.permission-api-package-limit)
//     echo {on: true|false}              every call is refused (code 41) with words that repeat the request's
//                                        session key, as a careless gateway might: the plugin must not quote them
//     calls {}                           answers {"calls":[{method, sign_method, page_no, start_modified,
//                                        end_modified, num_iids}]}: what was asked, for the tests
import crypto from 'node:crypto';

const CREDENTIALS = {
	app_key: '23581321',
	app_secret: 'tb_secret_5d8e1f0a9c',
	session: '6100b7e3test5e55104',
};
const DAY_S = 24 * 60 * 60;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

let state;

function fresh() {
	return {
		session: CREDENTIALS.session,
		refusedUntil: 0,
		rateLimit: { count: 0, seconds: 1 },
		outsideCloud: false,
		denied: new Set(),
		echo: false,
		calls: [],
	};
}

// "2016-01-01 12:00:00" in China time, to and from Unix ms.
function wallTime(ms) {
	return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function parseWallTime(text) {
	const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? '');
	if (!m) return null;
	return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - CHINA_OFFSET_MS;
}

export function topSign(params, secret, method) {
	const text = Object.keys(params)
		.filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== null && params[k] !== '')
		.sort()
		.map((k) => `${k}${params[k]}`)
		.join('');
	if (method === 'hmac-sha256') return crypto.createHmac('sha256', secret).update(text, 'utf8').digest('hex').toUpperCase();
	return crypto.createHash('md5').update(`${secret}${text}${secret}`, 'utf8').digest('hex').toUpperCase();
}

function refusal(code, msg, sub_code, sub_msg) {
	const e = { code, msg, request_id: crypto.randomBytes(6).toString('hex') };
	if (sub_code) e.sub_code = sub_code;
	if (sub_msg) e.sub_msg = sub_msg;
	return { error_response: e };
}

function rateLimited(seconds) {
	return refusal(7, 'App Call Limited', 'accesscontrol.limited-by-api-access-count',
		`This ban will last for ${seconds} more seconds`);
}

function pick(object, fields) {
	const out = {};
	for (const f of fields) if (object[f] !== undefined) out[f] = object[f];
	return out;
}

function fieldList(params) {
	return String(params.fields ?? '').split(',').map((f) => f.trim()).filter(Boolean);
}

function pageOf(params, fallback, max) {
	const no = params.page_no === undefined ? 1 : Number(params.page_no);
	const size = params.page_size === undefined ? fallback : Number(params.page_size);
	if (!Number.isInteger(no) || no < 1) return { error: 'page_no' };
	if (!Number.isInteger(size) || size < 1 || size > max) return { error: 'page_size' };
	return { no, size };
}

function invalid(name, why) {
	return refusal(41, 'Invalid arguments', `isv.invalid-parameter:${name}`, why);
}

function onsale(ctx, params, origin) {
	const fields = fieldList(params);
	if (!fields.length) return invalid('fields', 'fields is required');
	const page = pageOf(params, 40, 200);
	if (page.error) return invalid(page.error, `${page.error} is out of range`);
	const all = ctx.products.map((p) => {
		const item = {
			num_iid: p.id,
			title: p.title,
			price: ctx.fromCents(ctx.toCents(p.price)),
			pic_url: ctx.imageUrl(origin, p),
			nick: 'yunling_test',
			approve_status: 'onsale',
		};
		if (p.stock !== null) item.num = p.stock;
		return pick(item, fields);
	});
	const slice = all.slice((page.no - 1) * page.size, page.no * page.size);
	const body = { total_results: all.length };
	if (slice.length) body.items = { item: slice };
	return { items_onsale_get_response: body };
}

function sellerList(ctx, params) {
	const fields = fieldList(params);
	if (!fields.length) return invalid('fields', 'fields is required');
	const ids = String(params.num_iids ?? '').split(',').filter(Boolean);
	if (!ids.length || ids.length > 20) return invalid('num_iids', 'num_iids must name 1 to 20 items');
	const items = [];
	for (const id of ids) {
		const p = ctx.findProduct(id);
		if (!p) continue;
		const base = ctx.catalog.products.find((c) => c.id === p.id);
		const item = { num_iid: p.id, title: p.title, price: ctx.fromCents(ctx.toCents(p.price)) };
		if (p.stock !== null) item.num = p.stock;
		if (base?.skus?.length) {
			item.skus = {
				sku: ctx.skusOf(p).map((s) => {
					const sku = { sku_id: s.id, price: ctx.fromCents(s.price_cents), properties_name: `1627207:1:规格:${s.name}` };
					if (s.stock !== null) sku.quantity = s.stock;
					return sku;
				}),
			};
		}
		items.push(pick(item, ['num_iid', ...fields.filter((f) => f !== 'sku'), ...(fields.includes('sku') ? ['skus'] : [])]));
	}
	const body = {};
	if (items.length) body.items = { item: items };
	return { items_seller_list_get_response: body };
}

function tradeStatus(status) {
	if (status === 'processing') return 'WAIT_SELLER_SEND_GOODS';
	if (status === 'completed') return 'TRADE_FINISHED';
	return 'WAIT_BUYER_PAY';
}

function maskNick(name) {
	const chars = [...String(name ?? '')];
	return chars.length ? `${chars[0]}**` : '';
}

function trades(ctx, params) {
	const fields = fieldList(params);
	if (!fields.length) return invalid('fields', 'fields is required');
	const start = parseWallTime(params.start_modified);
	const end = parseWallTime(params.end_modified);
	if (start === null) return invalid('start_modified', 'start_modified must look like 2016-01-01 12:00:00');
	if (end === null) return invalid('end_modified', 'end_modified must look like 2016-01-01 12:00:00');
	if (end < start || end - start > DAY_S * 1000) {
		return invalid('end_modified', 'start_modified and end_modified must be at most one day apart');
	}
	const page = pageOf(params, 40, 100);
	if (page.error) return invalid(page.error, `${page.error} is out of range`);
	const matching = ctx.allOrders()
		.map((o) => ({ o, ms: Date.parse(o.created_at) }))
		.filter(({ ms }) => ms >= start && ms < end + 1000)
		.sort((a, b) => a.ms - b.ms);
	const slice = matching.slice((page.no - 1) * page.size, page.no * page.size).map(({ o, ms }) => {
		const status = tradeStatus(o.status);
		const lines = o.lines.map((l, i) => {
			const p = ctx.findProduct(l.product_id);
			return {
				oid: o.id * 100 + i + 1,
				num_iid: l.product_id,
				num: l.quantity,
				payment: ctx.fromCents(l.total_cents),
				title: p?.title ?? '',
			};
		});
		const trade = {
			tid: o.id,
			status,
			created: wallTime(ms),
			modified: wallTime(ms),
			buyer_nick: maskNick(o.buyer),
			receiver_city: o.city,
			payment: ctx.fromCents(o.lines.reduce((sum, l) => sum + l.total_cents, 0)),
			orders: { order: lines },
		};
		if (status !== 'WAIT_BUYER_PAY') trade.pay_time = wallTime(ms);
		return pick(trade, fields);
	});
	const body = {};
	if (slice.length) body.trades = { trade: slice };
	if (String(params.use_has_next) === 'true') body.has_next = page.no * page.size < matching.length;
	else body.total_results = matching.length;
	return { trades_sold_increment_get_response: body };
}

// Checks the system parameters, the signature and the session; an error_response or null.
function checkCall(params, now) {
	if (!params.app_key) return refusal(28, 'Missing app key');
	if (params.app_key !== CREDENTIALS.app_key) return refusal(29, 'Invalid app Key', 'isv.appkey-not-exists');
	if (!params.method) return refusal(21, 'Missing method');
	if (params.v !== '2.0') return refusal(43, 'Invalid version');
	if ((params.format ?? 'xml') !== 'json') return invalid('format', 'this shop answers JSON only');
	const method = params.sign_method ?? 'md5';
	if (method !== 'md5' && method !== 'hmac-sha256') return refusal(24, 'Invalid sign method');
	if (!params.sign) return refusal(24, 'Missing signature');
	if (!params.timestamp) return refusal(31, 'Missing timestamp');
	const ts = parseWallTime(params.timestamp);
	if (ts === null || Math.abs(ts - now) > 10 * 60 * 1000) {
		return refusal(33, 'Invalid timestamp', 'isv.invalid-timestamp', 'the timestamp is more than 10 minutes off');
	}
	if (topSign(params, CREDENTIALS.app_secret, method) !== String(params.sign).toUpperCase()) {
		return refusal(25, 'Invalid signature', 'isv.invalid-signature', 'Invalid signature');
	}
	if (!params.session) return refusal(26, 'Missing session');
	if (params.session !== state.session || now < state.refusedUntil) {
		return refusal(27, 'Invalid session', 'invalid-sessionkey', 'SessionKey非法或已过期');
	}
	return null;
}

export default {
	name: 'taobao',
	prefix: '/taobao',
	credentials: CREDENTIALS,
	ownFaults: ['throttled'],

	reset() {
		state = fresh();
	},

	control(ctx, route, body) {
		if (!state) state = fresh();
		switch (route) {
		case 'expire-tokens': {
			if (body?.rotate) {
				state.session = `6100${crypto.randomBytes(8).toString('hex')}`;
				return { body: { ok: true, session: state.session } };
			}
			const seconds = Number(body?.seconds ?? 3);
			state.refusedUntil = ctx.now() + seconds * 1000;
			return { body: { ok: true, seconds } };
		}
		case 'rate-limit':
			state.rateLimit = { count: Number(body?.count ?? 1), seconds: Number(body?.seconds ?? 1) };
			return { body: { ok: true } };
		case 'outside-cloud':
			state.outsideCloud = body?.on !== false;
			return { body: { ok: true } };
		case 'deny':
			if (body?.on === false) state.denied.delete(body.method);
			else state.denied.add(body?.method);
			return { body: { ok: true } };
		case 'echo':
			state.echo = body?.on !== false;
			return { body: { ok: true } };
		case 'calls':
			return { body: { calls: state.calls } };
		default:
			return null;
		}
	},

	async handle(ctx, req, res, entry, url, origin, fault) {
		if (!state) state = fresh();
		if (url.pathname !== '/taobao/router/rest') return ctx.sendJson(res, entry, 404, { error: 'not found' });
		const text = req.method === 'POST' ? await ctx.readBody(req) : '';
		const params = Object.fromEntries(url.searchParams);
		for (const [k, v] of new URLSearchParams(text)) params[k] = v;
		// The log shows the body with the session masked (the sign is no secret).
		ctx.logBody(entry, text.replace(/(^|&)session=[^&]*/, '$1session=(present)'));

		const answer = (body) => ctx.sendShop(res, entry, fault, 200, body);
		const now = ctx.now();
		const refused = checkCall(params, now);
		if (refused) return answer(refused);
		state.calls.push({
			method: params.method,
			sign_method: params.sign_method ?? 'md5',
			page_no: params.page_no ?? null,
			start_modified: params.start_modified ?? null,
			end_modified: params.end_modified ?? null,
			num_iids: params.num_iids ?? null,
		});
		if (fault === 'throttled') return answer(rateLimited(1));
		if (state.echo) {
			return answer(refusal(41, 'Invalid arguments', 'isv.invalid-parameter',
				`session ${params.session} cannot call ${params.method}`));
		}
		if (state.rateLimit.count > 0) {
			state.rateLimit.count--;
			return answer(rateLimited(state.rateLimit.seconds));
		}
		if (state.denied.has(params.method)) {
			return answer(refusal(11, 'Insufficient isv permissions', 'isv.permission-api-package-limit',
				`The app has no permission for ${params.method}`));
		}
		switch (params.method) {
		case 'taobao.items.onsale.get':
			return answer(onsale(ctx, params, origin));
		case 'taobao.items.seller.list.get':
			return answer(sellerList(ctx, params));
		case 'taobao.trades.sold.increment.get':
			if (state.outsideCloud) {
				return answer(refusal(11, 'Insufficient isv permissions', 'isv.permission-ip-whitelist-limit',
					`The appkey ${CREDENTIALS.app_key} is only allowed to call from 11.*.*.*, but your ip is 127.0.0.1`));
			}
			return answer(trades(ctx, params));
		default:
			return answer(refusal(22, 'Invalid method'));
		}
	},
};
