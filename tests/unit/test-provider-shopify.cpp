// test-provider-shopify.cpp: to be written (issue 3).
