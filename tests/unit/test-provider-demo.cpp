// test-provider-demo.cpp: to be written (issue 3).
