/* Setting keys and locale keys, in one place. Setting keys are stored in users' scene
 * collections and used by automation: never rename one. */
#pragma once

/* Stable identifiers (see README "Stable identifiers"). */
#define OLC_SOURCE_PRODUCT_CARD "live_commerce_product_card"
#define OLC_SOURCE_ORDER_TICKER "live_commerce_order_ticker"
#define OLC_SOURCE_QR_CODE      "live_commerce_qr_code"
#define OLC_SOURCE_SALES_GOAL   "live_commerce_sales_goal"
#define OLC_SOURCE_COUNTDOWN    "live_commerce_countdown"
#define OLC_DOCK_ID             "live_commerce_dock"
#define OLC_VENDOR_NAME         "live-commerce"

/* live_commerce_qr_code */
#define S_QR_TEXT        "text"
#define S_QR_MODE        "mode"
#define S_QR_MODE_URL    "url"
#define S_QR_MODE_TEXT   "text"
#define S_QR_ECC         "ecc"
#define S_QR_MODULE_SIZE "module_size"
#define S_QR_DARK_COLOR  "dark_color"
#define S_QR_LIGHT_COLOR "light_color"

#define T_(key)          obs_module_text(key)
#define T_QR_NAME        T_("QrCode.Name")
#define T_QR_TEXT        T_("QrCode.Text")
#define T_QR_TEXT_HINT   T_("QrCode.TextHint")
#define T_QR_MODE        T_("QrCode.Mode")
#define T_QR_MODE_URL    T_("QrCode.Mode.Url")
#define T_QR_MODE_TEXT   T_("QrCode.Mode.Text")
#define T_QR_ECC         T_("QrCode.Ecc")
#define T_QR_ECC_L       T_("QrCode.Ecc.Low")
#define T_QR_ECC_M       T_("QrCode.Ecc.Medium")
#define T_QR_ECC_Q       T_("QrCode.Ecc.Quartile")
#define T_QR_ECC_H       T_("QrCode.Ecc.High")
#define T_QR_MODULE_SIZE T_("QrCode.ModuleSize")
#define T_QR_DARK_COLOR  T_("QrCode.DarkColor")
#define T_QR_LIGHT_COLOR T_("QrCode.LightColor")
#define T_DOCK_TITLE     T_("Dock.Title")
