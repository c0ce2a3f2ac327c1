// test-http.cpp: to be written (issue 3).
