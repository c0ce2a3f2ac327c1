// 抖店 (Douyin Shop) open platform, as the test shop speaks it: POST /douyin/<path> where the
// method "product.listV2" lives at /douyin/product/listV2, the query app_key, method, timestamp
// (Unix s), v=2, sign_method=hmac-sha256, sign and (except token.*) access_token, the body being
// param_json itself. Every answer is Douyin's envelope {code, msg, sub_code, sub_msg, data, log_id}
// with HTTP 200; success is code 10000.
//
// Checked exactly, in this order, each with Douyin's own code:
//   app_key           40001 isv.app-id-missing / 40003 isv.app-id-invalid
//   method vs path    40003 isv.parameter-invalid (the path must be the method with '.' -> '/')
//   v, sign_method    40003 isv.parameter-invalid (v=2, hmac-sha256)
//   timestamp         40003 isv.timestamp-invalid (more than 10 minutes from the server's clock)
//   Content-Type      40003 isv.parameter-format-invalid (application/json)
//   sign              40001 isv.signature-missing / 40003 isv.signature-invalid: lowercase hex
//                     HMAC-SHA256(key = secret, secret + "app_key"K + "method"M + "param_json"P +
//                     "timestamp"T + "v2" + secret), recomputed here with node:crypto
//   param_json        40003 isv.parameter-format-invalid unless a JSON object written with its keys
//                     sorted at every level, compact, without \u escapes of & < > or non-ASCII
//   access_token      40001 isv.access-token-missing / 40003 isv.access-token-no-existed (unknown) /
//                     40003 isv.access-token-expired
//
// Methods:
//   token.create      {code:"", grant_type:"authorization_self", shop_id} -> {access_token, expires_in,
//                     refresh_token, shop_id, shop_name, ...}; another shop_id: 50001
//                     dop.token-generate-failed:no-authorization
//   token.refresh     {grant_type:"refresh_token", refresh_token} -> a new pair; the old refresh token
//                     dies (rotation); unknown: 50001 dop.token-generate-failed:token-invalid
//   product.listV2    {page >= 1, size 1..100} -> {data:[{product_id, name, img, market_price (fen, 0: none),
//                                                  status 0, ...}], total,
//                     page, size}
//   sku.list          {product_id} -> data: [{id, product_id, product_id_str, price (fen), stock_num,
//                     sku_type 0, spec_detail_name1}]; stock_num left out when the catalog does not count
//                     the product's stock; an unknown product: 50002
//   order.searchList  {page >= 0, size 1..100, update_time_start?, update_time_end?, order_by?, order_asc?}
//                     -> {shop_order_list, total, page, size}: every order of the shared state whose update
//                     time (its created_at, or when it was shipped) is within [start, end], oldest first
//                     when order_asc; statuses processing -> 2 (to ship; 3 once shipped), completed -> 5,
//                     pending -> 1 (unpaid), cancelled -> 4
//   anything else     70000 isp.api-service-off
//
// Control (POST /_control/platform/douyin/ROUTE):
//   expire-tokens     every access token issued so far is expired (refresh tokens stay good)
//   config            {"expires_in": S}: the lifetime of tokens issued from now (default 7200)
//   rate-limit        {"count": N}: the next N calls answer 60000 (as the 'throttled' and '429' faults do)
//   ship              {"id": N}: order N is shipped now (status 3, its update time now)
// The request log shows the body (param_json) with a refresh_token's value masked.

import crypto from 'node:crypto';

const CREDENTIALS = {
	app_key: '7412345678901234567',
	app_secret: 'dy-test-5e0c7a1f-2b9d-secret',
	shop_id: '24681357',
};
const SHOP_NAME = '云岭山货抖店 (test)';
const DEFAULT_EXPIRES_IN = 7200;
const CLOCK_SKEW_S = 600;

let tokens; // access token -> { expiresAtS }
let refreshTokens; // refresh token -> true
let expiresIn;
let limited; // calls left to rate-limit
let shipped; // order id -> the Unix s it was shipped (its update time from then on)

function reset() {
	tokens = new Map();
	refreshTokens = new Set();
	expiresIn = DEFAULT_EXPIRES_IN;
	limited = 0;
	shipped = new Map();
}
reset();

// Keys sorted at every level, compact; strings as JSON.stringify writes them (UTF-8, & < > plain).
function canonical(value) {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
		return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

export function douyinSign(appKey, secret, method, timestamp, paramJson) {
	const text = `${secret}app_key${appKey}method${method}param_json${paramJson}timestamp${timestamp}v2${secret}`;
	return crypto.createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

function nowS() {
	return Math.floor(Date.now() / 1000);
}

function logId() {
	return `2024${crypto.randomBytes(12).toString('hex').toUpperCase()}`;
}

const ERRORS = {
	40001: '缺少必选参数',
	40003: '非法的参数',
	40004: '非法的参数（业务校验）',
	50001: '平台处理失败',
	50002: '业务处理失败',
	60000: '触发限流，请稍后重试',
	70000: '接口服务已下线',
};

function fail(ctx, res, entry, code, subCode, subMsg) {
	return ctx.sendJson(res, entry, 200, { code, msg: ERRORS[code] ?? '其他异常', sub_code: subCode, sub_msg: subMsg,
		data: null, log_id: logId() });
}

function ok(ctx, res, entry, fault, data) {
	return ctx.sendShop(res, entry, fault, 200, { code: 10000, msg: 'success', sub_code: '', sub_msg: '', data,
		log_id: logId() });
}

function issueTokens() {
	const access = `dy-at-${crypto.randomBytes(16).toString('hex')}`;
	const refresh = `dy-rt-${crypto.randomBytes(16).toString('hex')}`;
	tokens.set(access, { expiresAtS: nowS() + expiresIn });
	refreshTokens.add(refresh);
	return {
		access_token: access,
		expires_in: expiresIn,
		refresh_token: refresh,
		scope: 'SCOPE',
		shop_id: CREDENTIALS.shop_id,
		shop_name: SHOP_NAME,
		authority_id: CREDENTIALS.shop_id,
		auth_subject_type: 'MiniApp',
	};
}

// Douyin's orders: 2 to ship, 5 completed, 1 unpaid, 4 cancelled.
function orderStatus(status) {
	switch (status) {
	case 'processing': return [2, '备货中'];
	case 'completed': return [5, '已完成'];
	case 'cancelled':
	case 'refunded':
	case 'failed': return [4, '已取消'];
	default: return [1, '待支付'];
	}
}

// As Douyin shows a receiver's name: the first character, the rest as stars.
function maskName(name) {
	const chars = [...(name ?? '')];
	if (!chars.length) return '';
	return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

// An order's update time: when it was shipped, else when it was made.
function updateTime(o) {
	return shipped.get(o.id) ?? Math.floor(Date.parse(o.created_at) / 1000);
}

function shopOrder(ctx, o) {
	const t = Math.floor(Date.parse(o.created_at) / 1000);
	let [status, statusDesc] = orderStatus(o.status);
	if (shipped.has(o.id) && status === 2) [status, statusDesc] = [3, '已发货'];
	const paid = status !== 1 && status !== 4;
	const total = o.lines.reduce((sum, l) => sum + l.total_cents, 0);
	const id = String(o.id);
	return {
		order_id: id,
		shop_id: Number(CREDENTIALS.shop_id),
		order_status: status,
		order_status_desc: statusDesc,
		main_status: status,
		create_time: t,
		update_time: updateTime(o),
		pay_time: paid ? t : 0,
		order_amount: total,
		pay_amount: total,
		post_amount: 0,
		mask_post_receiver: maskName(o.buyer),
		encrypt_post_receiver: `#${crypto.createHash('sha256').update(String(o.buyer)).digest('base64').slice(0, 24)}#`,
		post_receiver: '',
		post_addr: { province: { name: '', id: '' }, city: { name: o.city ?? '', id: '530100' },
			town: { name: '', id: '' }, street: { name: '', id: '' }, detail: '', encrypt_detail: '#x#' },
		sku_order_list: o.lines.map((l, i) => {
			const p = ctx.findProduct(l.product_id);
			return {
				order_id: `${id}${String(i + 1).padStart(2, '0')}`,
				parent_order_id: id,
				order_level: 3,
				order_status: status,
				product_id: l.product_id,
				product_id_str: String(l.product_id),
				sku_id: ctx.skusOf(p)[0].id,
				product_name: p?.title ?? '',
				item_num: l.quantity,
				origin_amount: l.quantity ? Math.round(l.total_cents / l.quantity) : 0,
				sum_amount: l.total_cents,
				pay_amount: l.total_cents,
				theme_type: '1',
				theme_type_desc: '直播间',
			};
		}),
	};
}

function intParam(params, key, fallback) {
	const v = params[key];
	if (v === undefined || v === null) return fallback;
	const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
	return Number.isInteger(n) ? n : NaN;
}

const methods = {
	'token.create': (ctx, params) => {
		if (params.grant_type !== 'authorization_self') {
			return { fail: [50001, 'dop.token-generate-failed:grant-type-invalid', '生成token失败，grant_type参数取值不正确'] };
		}
		if (String(params.shop_id ?? '') !== CREDENTIALS.shop_id) {
			return { fail: [50001, 'dop.token-generate-failed:no-authorization', '生成token失败，店铺授权已失效'] };
		}
		return { data: issueTokens() };
	},
	'token.refresh': (ctx, params) => {
		if (params.grant_type !== 'refresh_token') {
			return { fail: [50001, 'dop.token-generate-failed:grant-type-invalid', '生成token失败，grant_type参数取值不正确'] };
		}
		if (!refreshTokens.has(params.refresh_token)) {
			return { fail: [50001, 'dop.token-generate-failed:token-invalid', '生成token失败，token不存在'] };
		}
		refreshTokens.delete(params.refresh_token);
		return { data: issueTokens() };
	},
	'product.listV2': (ctx, params, origin) => {
		const page = intParam(params, 'page', 1);
		const size = intParam(params, 'size', 10);
		if (!(page >= 1) || !(size >= 1 && size <= 100)) {
			return { fail: [40004, 'isv.parameter-invalid', 'page从1开始，size为1~100'] };
		}
		const all = [...ctx.products].sort((a, b) => a.id - b.id);
		const items = all.slice((page - 1) * size, page * size).map((p) => ({
			product_id: p.id,
			name: p.title,
			img: ctx.imageUrl(origin, p),
			market_price: p.compare_at_price === null ? 0 : ctx.toCents(p.compare_at_price),
			status: 0,
			check_status: 3,
			product_type: 0,
			outer_product_id: p.sku,
			create_time: 1740787200,
			update_time: 1740787200,
		}));
		return { data: { data: items, total: all.length, page, size } };
	},
	'sku.list': (ctx, params) => {
		const p = ctx.findProduct(params.product_id);
		if (!p) return { fail: [50002, 'isv.business-failed:10001', '商品不存在'] };
		const skus = ctx.skusOf(p).map((s) => {
			const sku = {
				id: s.id,
				product_id: p.id,
				product_id_str: String(p.id),
				price: s.price_cents,
				sku_type: 0,
				spec_detail_name1: s.name,
				code: p.sku,
			};
			if (s.stock !== null) sku.stock_num = s.stock;
			return sku;
		});
		return { data: skus };
	},
	'order.searchList': (ctx, params) => {
		const page = intParam(params, 'page', 0);
		const size = intParam(params, 'size', 10);
		const start = intParam(params, 'update_time_start', null);
		const end = intParam(params, 'update_time_end', null);
		if (!(page >= 0) || !(size >= 1 && size <= 100) || Number.isNaN(start) || Number.isNaN(end)) {
			return { fail: [40004, 'isv.parameter-invalid', 'page从0开始，size为1~100'] };
		}
		const timeOf = updateTime;
		const matching = ctx.allOrders()
			.filter((o) => (start === null || timeOf(o) >= start) && (end === null || timeOf(o) <= end))
			.sort((a, b) => (params.order_asc ? 1 : -1) * (timeOf(a) - timeOf(b) || a.id - b.id));
		const list = matching.slice(page * size, (page + 1) * size).map((o) => shopOrder(ctx, o));
		return { data: { shop_order_list: list, total: matching.length, page, size } };
	},
};

async function handle(ctx, req, res, entry, url, origin, fault) {
	const text = await ctx.readBody(req);
	ctx.logBody(entry, text.replace(/("refresh_token":")[^"]*"/g, '$1(present)"'));
	if (req.method !== 'POST') return fail(ctx, res, entry, 40003, 'isv.parameter-invalid', '仅支持POST');
	const q = url.searchParams;

	const appKey = q.get('app_key');
	if (!appKey) return fail(ctx, res, entry, 40001, 'isv.app-id-missing', '认证失败，app_key不存在');
	if (appKey !== CREDENTIALS.app_key) return fail(ctx, res, entry, 40003, 'isv.app-id-invalid', '认证失败，app_key不正确');

	const method = q.get('method') ?? '';
	const path = url.pathname.slice('/douyin'.length);
	if (!method || path !== `/${method.replaceAll('.', '/')}`) {
		return fail(ctx, res, entry, 40003, 'isv.parameter-invalid', 'method与请求路径不一致');
	}
	if (q.get('v') !== '2' || q.get('sign_method') !== 'hmac-sha256') {
		return fail(ctx, res, entry, 40003, 'isv.parameter-invalid', 'v须为2，sign_method须为hmac-sha256');
	}
	const timestamp = q.get('timestamp') ?? '';
	if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) - nowS()) > CLOCK_SKEW_S) {
		return fail(ctx, res, entry, 40003, 'isv.timestamp-invalid', '时间戳不合法');
	}
	if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
		return fail(ctx, res, entry, 40003, 'isv.parameter-format-invalid', 'Content-Type须为application/json');
	}
	const sign = q.get('sign');
	if (!sign) return fail(ctx, res, entry, 40001, 'isv.signature-missing', '获取签名失败');
	if (sign !== douyinSign(appKey, CREDENTIALS.app_secret, method, timestamp, text)) {
		return fail(ctx, res, entry, 40003, 'isv.signature-invalid', '签名校验失败');
	}
	const params = ctx.parseJson(text);
	if (params === null || typeof params !== 'object' || Array.isArray(params) || canonical(params) !== text) {
		return fail(ctx, res, entry, 40003, 'isv.parameter-format-invalid',
			'param_json须为JSON对象：键名逐层排序、紧凑、不转义');
	}

	if (fault === 'throttled' || fault === '429' || limited > 0) {
		if (limited > 0) limited--;
		return fail(ctx, res, entry, 60000, 'isv.app-call-limited', '触发限流，请稍后重试');
	}

	if (!method.startsWith('token.')) {
		const token = q.get('access_token');
		if (!token) return fail(ctx, res, entry, 40001, 'isv.access-token-missing', '认证失败，access_token不能为空');
		const known = tokens.get(token);
		if (!known) {
			return fail(ctx, res, entry, 40003, 'isv.access-token-no-existed',
				'access_token不存在，请使用最新的access_token访问');
		}
		if (known.expiresAtS <= nowS()) return fail(ctx, res, entry, 40003, 'isv.access-token-expired', 'access_token已过期');
	}

	const run = methods[method];
	if (!run) return fail(ctx, res, entry, 70000, 'isp.api-service-off', 'API不存在或API已下线');
	const answer = run(ctx, params, origin);
	if (answer.fail) return fail(ctx, res, entry, ...answer.fail);
	return ok(ctx, res, entry, fault, answer.data);
}

function control(ctx, route, body) {
	switch (route) {
	case 'expire-tokens': {
		for (const t of tokens.values()) t.expiresAtS = 0;
		return { body: { ok: true, expired: tokens.size } };
	}
	case 'config':
		if ('expires_in' in body) {
			if (!Number.isInteger(body.expires_in) || body.expires_in < 1) {
				return { status: 400, body: { error: 'expires_in must be a whole number of seconds, 1 or more' } };
			}
			expiresIn = body.expires_in;
		}
		return { body: { ok: true, expires_in: expiresIn } };
	case 'ship': {
		const order = ctx.allOrders().find((o) => o.id === Number(body.id));
		if (!order) return { status: 404, body: { error: `no order ${body.id}` } };
		shipped.set(order.id, nowS());
		return { body: { ok: true } };
	}
	case 'rate-limit':
		limited = Number.isInteger(body.count) && body.count > 0 ? body.count : 1;
		return { body: { ok: true, count: limited } };
	default:
		return null;
	}
}

export default {
	name: 'douyin',
	prefix: '/douyin',
	credentials: CREDENTIALS,
	ownFaults: ['throttled', '429'],
	reset: () => reset(),
	control,
	handle,
};
