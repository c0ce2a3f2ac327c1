// test-provider-json.cpp: to be written (issue 3).
