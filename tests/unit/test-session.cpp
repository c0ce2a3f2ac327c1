// test-session.cpp: to be written (issue 3).
