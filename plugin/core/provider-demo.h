/* provider-demo.h: to be written (issue 3). */
#pragma once
