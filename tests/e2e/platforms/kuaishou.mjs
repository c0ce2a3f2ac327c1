// The kuaishou (快手小店) scenario of tests/e2e/platforms.mjs: the test shop's Kuaishou module
// (tests/shop-server/platforms/kuaishou.mjs) signs nothing for us: it checks each request's
// HMAC_SHA256 signature, answers with its own access token rules, and rotates the refresh token
// on every refresh (expireTokens makes the next call refresh, and the plugin saves the new pair).
export default {
	name: 'kuaishou',
	connection: (shop) => ({
		provider: 'kuaishou',
		url: `http://127.0.0.1:${shop.http}/kuaishou`,
		key: shop.credentials.kuaishou.app_key,
		secret: shop.credentials.kuaishou.app_secret,
		sign_secret: shop.credentials.kuaishou.sign_secret,
		token: shop.credentials.kuaishou.access_token,
		refresh_token: shop.credentials.kuaishou.refresh_token,
		poll_ms: 300,
	}),
	expireTokens: { path: '/_control/platform/kuaishou/expire-tokens', body: {} },
	// How the shop's request log shows an orders poll.
	ordersRequest: { path: '/kuaishou/open/order/cursor/list' },
	// Kuaishou's item list gives no struck-through price the provider reads: none is shown.
	compareAt: false,
	// Viewers buy in the live room's cart: the card's automatic call to action is the cart number.
	cart: true,
	secrets: (shop) => [
		shop.credentials.kuaishou.app_key,
		shop.credentials.kuaishou.app_secret,
		shop.credentials.kuaishou.sign_secret,
		shop.credentials.kuaishou.access_token,
		shop.credentials.kuaishou.refresh_token,
	],
};
