/* provider-shopify.c: to be written (issue 3). */
typedef int olc_provider_shopify_placeholder;
