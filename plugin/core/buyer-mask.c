/* buyer-mask.c: to be written (issue 3). */
typedef int olc_buyer_mask_placeholder;
