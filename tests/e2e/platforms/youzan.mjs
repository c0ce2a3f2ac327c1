// The youzan (有赞) scenario of tests/e2e/platforms.mjs: a self-use app's client_id, client_secret
// and kdt_id against the test shop's Youzan gateway (tests/shop-server/platforms/youzan.mjs), over
// plain http to loopback (the only place the provider allows http; the token travels in the URL).
// The on-sale list gives product 106 only its lowest price and total stock: its "from" (SKUs at
// 128.50 and 168.00) comes from youzan.item.get, which the generic catalog check compares.
export default {
	name: 'youzan',
	connection: (shop) => ({
		provider: 'youzan',
		url: `http://127.0.0.1:${shop.http}/youzan`,
		key: shop.credentials.youzan.client_id,
		secret: shop.credentials.youzan.client_secret,
		shop_id: shop.credentials.youzan.kdt_id,
		poll_ms: 300,
	}),
	// Every token issued so far answers 4202 (请求凭证过期): the provider gets a new one and calls again.
	expireTokens: { path: '/_control/platform/youzan/expire-tokens', body: {} },
	// How the shop's request log shows an orders poll.
	ordersRequest: { path: '/youzan/api/youzan.trades.sold.get/4.0.4' },
	// A WeChat web shop: viewers buy on the product's page, so the card keeps its QR code.
	cart: false,
	secrets: (shop) => [shop.credentials.youzan.client_id, shop.credentials.youzan.client_secret],
};
