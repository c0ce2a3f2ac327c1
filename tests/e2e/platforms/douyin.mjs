// The e2e scenario's descriptor for the "douyin" (抖店) provider: how OBS connects to the test
// shop's Douyin module (tests/shop-server/platforms/douyin.mjs), how the shop is told to expire
// every access token it issued, and which secrets must never reach OBS's log.
export default {
	name: 'douyin',
	// SetConnection fields; shop = {http, https, ca, credentials} as the server printed it.
	connection: (shop) => ({
		provider: 'douyin',
		url: `http://127.0.0.1:${shop.http}/douyin`,
		key: shop.credentials.douyin.app_key,
		secret: shop.credentials.douyin.app_secret,
		shop_id: shop.credentials.douyin.shop_id,
		poll_ms: 300,
	}),
	// The shop answers isv.access-token-expired from then on; the provider refreshes and retries.
	expireTokens: { path: '/_control/platform/douyin/expire-tokens', body: {} },
	// How the shop's request log shows an orders poll.
	ordersRequest: { path: '/douyin/order/searchList' },
	// Every secret of connection(shop): checked never to reach OBS's log. (The access and refresh
	// tokens the shop issues are random; the lead's client may add them from the request log.)
	// Viewers buy in the live room's cart: the card's automatic call to action is the cart number.
	cart: true,
	secrets: (shop) => [shop.credentials.douyin.app_key, shop.credentials.douyin.app_secret],
};
