// The e2e scenario of the "taobao" provider (淘宝/天猫), run by tests/e2e/platforms.mjs against the
// test shop's platforms/taobao.mjs. The plugin signs every call (md5 here; the unit tests cover
// hmac-sha256 too) and the shop checks the signature exactly.
//
// Token expiry: a Taobao session cannot be renewed by the plugin (the merchant authorises the app
// again and pastes the new SessionKey). The honest thing to survive without the merchant is a
// session refused for a while: expire-tokens makes the shop refuse the current session (code 27,
// invalid session) for `seconds`; the plugin shows "authorise again", backs off, and takes the
// fourth order once the session is accepted again. (A real expiry with a new session is covered by
// the unit test ProviderTaobaoFetch.ExpiredSessionSaysAuthoriseAgain: expire-tokens {rotate: true}.)
export default {
	name: 'taobao',
	connection: (shop) => ({
		provider: 'taobao',
		url: `http://127.0.0.1:${shop.http}/taobao`,
		key: shop.credentials.taobao.app_key,
		secret: shop.credentials.taobao.app_secret,
		token: shop.credentials.taobao.session,
		sign_method: 'md5',
		poll_ms: 300,
	}),
	expireTokens: { path: '/_control/platform/taobao/expire-tokens', body: { seconds: 3 } },
	// How the shop's request log shows an orders poll.
	ordersRequest: { path: '/taobao/router/rest', body_includes: 'taobao.trades.sold.increment.get' },
	// Taobao's items carry their listed price only (promotions are not read): no struck-through price.
	compareAt: false,
	// Viewers buy in the live room's cart: the card's automatic call to action is the cart number.
	cart: true,
	secrets: (shop) => [shop.credentials.taobao.app_key, shop.credentials.taobao.app_secret, shop.credentials.taobao.session],
};
