/* provider-woocommerce.c: to be written (issue 3). */
typedef int olc_provider_woocommerce_placeholder;
