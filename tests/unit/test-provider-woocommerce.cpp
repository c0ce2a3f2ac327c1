// test-provider-woocommerce.cpp: to be written (issue 3).
