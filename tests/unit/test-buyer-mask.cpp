// test-buyer-mask.cpp: to be written (issue 3).
