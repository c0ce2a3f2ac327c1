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
/* Text drawn on stream: in the stream language (runtime/stream-language.h), not OBS's. */
#define ST_(key)         olc_stream_text(key)
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

/* live_commerce_product_card */
#define S_CARD_PRODUCT            "product" /* "": the session's featured products */
#define S_CARD_ARRANGEMENT        "arrangement"
#define S_CARD_ARRANGEMENT_ROW    "side_by_side"
#define S_CARD_ARRANGEMENT_COLUMN "stacked"
#define S_CARD_LOOK               "look"
#define S_CARD_LOOK_LIGHT         "light"
#define S_CARD_LOOK_DARK          "dark"
#define S_CARD_LOOK_FESTIVE       "festive"
#define S_CARD_CUSTOM_ACCENT      "custom_accent"
#define S_CARD_ACCENT_COLOR       "accent_color"
#define S_CARD_FONT               "font"
#define S_CARD_CORNER_RADIUS      "corner_radius"
#define S_CARD_SCALE              "scale"
#define S_CARD_WIDTH              "width"
#define S_CARD_ORIENTATION        "orientation"
#define S_CARD_ORIENTATION_V      "vertical"
#define S_CARD_ORIENTATION_H      "horizontal"
#define S_CARD_SHOW_QR            "show_qr"
#define S_CARD_QR_CAPTION         "qr_caption"
/* What the card asks viewers to do: "auto" (the cart number where viewers buy in the platform's
 * own cart, see olc_provider_ops.buys_in_app_cart; the QR code elsewhere), "qr", "cart", "none".
 * Replaces show_qr in the properties; a scene saved with show_qr off and no call_to_action reads
 * as "none". */
#define S_CARD_CALL_TO_ACTION      "call_to_action"
#define S_CARD_CALL_TO_ACTION_AUTO "auto"
#define S_CARD_CALL_TO_ACTION_QR   "qr"
#define S_CARD_CALL_TO_ACTION_CART "cart"
#define S_CARD_CALL_TO_ACTION_NONE "none"
#define S_CARD_HIDE_PRICE         "hide_price"
#define S_CARD_TRANSITION         "transition"
#define S_CARD_TRANSITION_SLIDE   "slide"
#define S_CARD_TRANSITION_FADE    "fade"
#define S_CARD_TRANSITION_POP     "pop"
#define S_CARD_TRANSITION_NONE    "none"
#define S_CARD_SLIDE_FROM         "slide_from"
#define S_CARD_SLIDE_FROM_LEFT    "left"
#define S_CARD_SLIDE_FROM_RIGHT   "right"
#define S_CARD_SLIDE_FROM_TOP     "top"
#define S_CARD_SLIDE_FROM_BOTTOM  "bottom"
#define S_CARD_TRANSITION_MS      "transition_ms"
#define S_CARD_REVEAL_BUTTON      "reveal_price" /* a button, not stored */

/* The card's procedures (obs_source_get_proc_handler): the hotkeys, automation and the render
 * tests call them. */
#define P_CARD_TOGGLE_VISIBILITY "toggle_visibility"
#define P_CARD_TOGGLE_PRICE      "toggle_price"
#define P_CARD_REVEAL_PRICE      "reveal_price" /* shows a hidden price; no change when shown */

#define T_CARD_NAME               T_("ProductCard.Name")
#define T_CARD_GROUP_CONTENT      T_("ProductCard.Group.Content")
#define T_CARD_GROUP_LOOK         T_("ProductCard.Group.Look")
#define T_CARD_GROUP_ANIMATION    T_("ProductCard.Group.Animation")
#define T_CARD_PRODUCT            T_("ProductCard.Product")
#define T_CARD_PRODUCT_FEATURED   T_("ProductCard.Product.Featured")
#define T_CARD_PRODUCT_MISSING    T_("ProductCard.Product.Missing")
#define T_CARD_ARRANGEMENT        T_("ProductCard.Arrangement")
#define T_CARD_ARRANGEMENT_ROW    T_("ProductCard.Arrangement.SideBySide")
#define T_CARD_ARRANGEMENT_COLUMN T_("ProductCard.Arrangement.Stacked")
#define T_CARD_LOOK               T_("ProductCard.Look")
#define T_CARD_LOOK_LIGHT         T_("ProductCard.Look.Light")
#define T_CARD_LOOK_DARK          T_("ProductCard.Look.Dark")
#define T_CARD_LOOK_FESTIVE       T_("ProductCard.Look.Festive")
#define T_CARD_CUSTOM_ACCENT      T_("ProductCard.CustomAccent")
#define T_CARD_ACCENT_COLOR       T_("ProductCard.AccentColor")
#define T_CARD_FONT               T_("ProductCard.Font")
#define T_CARD_FONT_HINT          T_("ProductCard.FontHint")
#define T_CARD_CORNER_RADIUS      T_("ProductCard.CornerRadius")
#define T_CARD_SCALE              T_("ProductCard.Scale")
#define T_CARD_WIDTH              T_("ProductCard.Width")
#define T_CARD_ORIENTATION        T_("ProductCard.Orientation")
#define T_CARD_ORIENTATION_V      T_("ProductCard.Orientation.Vertical")
#define T_CARD_ORIENTATION_H      T_("ProductCard.Orientation.Horizontal")
#define T_CARD_SHOW_QR            T_("ProductCard.ShowQr")
#define T_CARD_QR_CAPTION         T_("ProductCard.QrCaption")
#define K_CARD_QR_CAPTION_DEFAULT "ProductCard.QrCaptionDefault"
#define T_CARD_QR_CAPTION_DEFAULT ST_(K_CARD_QR_CAPTION_DEFAULT)
#define T_CARD_HIDE_PRICE         T_("ProductCard.HidePrice")
#define T_CARD_HIDE_PRICE_HINT    T_("ProductCard.HidePriceHint")
#define T_CARD_REVEAL_BUTTON      T_("ProductCard.RevealPrice")
#define T_CARD_TRANSITION         T_("ProductCard.Transition")
#define T_CARD_TRANSITION_SLIDE   T_("ProductCard.Transition.Slide")
#define T_CARD_TRANSITION_FADE    T_("ProductCard.Transition.Fade")
#define T_CARD_TRANSITION_POP     T_("ProductCard.Transition.Pop")
#define T_CARD_TRANSITION_NONE    T_("ProductCard.Transition.None")
#define T_CARD_SLIDE_FROM         T_("ProductCard.SlideFrom")
#define T_CARD_SLIDE_FROM_LEFT    T_("ProductCard.SlideFrom.Left")
#define T_CARD_SLIDE_FROM_RIGHT   T_("ProductCard.SlideFrom.Right")
#define T_CARD_SLIDE_FROM_TOP     T_("ProductCard.SlideFrom.Top")
#define T_CARD_SLIDE_FROM_BOTTOM  T_("ProductCard.SlideFrom.Bottom")
#define T_CARD_TRANSITION_MS      T_("ProductCard.TransitionDuration")
#define T_CARD_STOCK              ST_("ProductCard.Stock")
#define T_CARD_STOCK_LOW          ST_("ProductCard.StockLow")
#define T_CARD_STOCK_SOLD_OUT     ST_("ProductCard.StockSoldOut")
#define T_CARD_SOLD_OUT_STAMP     ST_("ProductCard.SoldOutStamp")
#define T_CARD_ENDS_IN            ST_("ProductCard.EndsIn")
#define T_CARD_CART_LINK          ST_("ProductCard.CartLink")     /* "%1号链接": %1 is the deck number */
#define T_CARD_CART_NO_NUMBER     ST_("ProductCard.CartNoNumber") /* the cart, for a product without one */
#define T_CARD_PRICE_FROM         ST_("ProductCard.PriceFrom")    /* "%1起": %1 is the lowest SKU price */
#define T_CARD_CALL_TO_ACTION      T_("ProductCard.CallToAction")
#define T_CARD_CALL_TO_ACTION_AUTO T_("ProductCard.CallToAction.Auto")
#define T_CARD_CALL_TO_ACTION_QR   T_("ProductCard.CallToAction.Qr")
#define T_CARD_CALL_TO_ACTION_CART T_("ProductCard.CallToAction.Cart")
#define T_CARD_CALL_TO_ACTION_NONE T_("ProductCard.CallToAction.None")
#define T_CARD_CALL_TO_ACTION_HINT T_("ProductCard.CallToAction.Hint")

/* Frontend hotkeys (plugin/runtime/hotkeys.c): names are stored with the bindings, never rename one. */
#define H_NEXT_PRODUCT     "live_commerce.next_product"
#define H_PREVIOUS_PRODUCT "live_commerce.previous_product"
#define H_TOGGLE_CARD      "live_commerce.toggle_card"
#define H_REVEAL_PRICE     "live_commerce.reveal_price"
#define H_HIDE_PRODUCT     "live_commerce.hide_product"
#define H_MARK_SOLD_OUT    "live_commerce.mark_sold_out"
#define H_FLASH_SALE       "live_commerce.flash_sale"
#define H_TEST_ORDER       "live_commerce.test_order"
#define H_SALES_SESSION    "live_commerce.sales_session"

#define T_HOTKEY_NEXT_PRODUCT     T_("Hotkey.NextProduct")
#define T_HOTKEY_PREVIOUS_PRODUCT T_("Hotkey.PreviousProduct")
#define T_HOTKEY_TOGGLE_CARD      T_("Hotkey.ToggleCard")
#define T_HOTKEY_REVEAL_PRICE     T_("Hotkey.RevealPrice")
#define T_HOTKEY_HIDE_PRODUCT     T_("Live.Hotkey.HideProduct")
#define T_HOTKEY_MARK_SOLD_OUT    T_("Live.Hotkey.MarkSoldOut")
#define T_HOTKEY_FLASH_SALE       T_("Live.Hotkey.FlashSale")
#define T_HOTKEY_TEST_ORDER       T_("Live.Hotkey.TestOrder")
#define T_HOTKEY_SALES_SESSION    T_("Sales.Hotkey.Session")

/* live_commerce_order_ticker. The looks use the card's keys and values (look, custom_accent,
 * accent_color, font, scale), so a ticker and a card are set up alike. */
#define S_TICKER_MODE            "mode"
#define S_TICKER_MODE_STACK      "stack"
#define S_TICKER_MODE_MARQUEE    "marquee"
#define S_TICKER_NEWEST          "newest"
#define S_TICKER_NEWEST_BOTTOM   "bottom"
#define S_TICKER_NEWEST_TOP      "top"
#define S_TICKER_MAX_ROWS        "max_rows"
#define S_TICKER_ROW_SECONDS     "row_seconds"
#define S_TICKER_SPEED           "speed"
#define S_TICKER_LOOP            "loop"
#define S_TICKER_WIDTH           "width"
#define S_TICKER_BUYER           "buyer"
#define S_TICKER_BUYER_MASKED    "masked"
#define S_TICKER_BUYER_FULL      "full"
#define S_TICKER_BUYER_ANONYMOUS "anonymous"
#define S_TICKER_BATCH_SECONDS   "batch_seconds"
#define S_TICKER_FEATURED_ONLY   "featured_only"
#define S_TICKER_SHOW_TEST       "show_test"

#define T_TICKER_NAME             T_("OrderTicker.Name")
#define T_TICKER_GROUP_ORDERS     T_("OrderTicker.Group.Orders")
#define T_TICKER_GROUP_MOTION     T_("OrderTicker.Group.Motion")
#define T_TICKER_MODE             T_("OrderTicker.Mode")
#define T_TICKER_MODE_STACK       T_("OrderTicker.Mode.Stack")
#define T_TICKER_MODE_MARQUEE     T_("OrderTicker.Mode.Marquee")
#define T_TICKER_NEWEST           T_("OrderTicker.Newest")
#define T_TICKER_NEWEST_BOTTOM    T_("OrderTicker.Newest.Bottom")
#define T_TICKER_NEWEST_TOP       T_("OrderTicker.Newest.Top")
#define T_TICKER_MAX_ROWS         T_("OrderTicker.MaxRows")
#define T_TICKER_ROW_SECONDS      T_("OrderTicker.RowSeconds")
#define T_TICKER_ROW_SECONDS_HINT T_("OrderTicker.RowSecondsHint")
#define T_TICKER_SPEED            T_("OrderTicker.Speed")
#define T_TICKER_LOOP             T_("OrderTicker.Loop")
#define T_TICKER_WIDTH            T_("OrderTicker.Width")
#define T_TICKER_BUYER            T_("OrderTicker.Buyer")
#define T_TICKER_BUYER_MASKED     T_("OrderTicker.Buyer.Masked")
#define T_TICKER_BUYER_FULL       T_("OrderTicker.Buyer.Full")
#define T_TICKER_BUYER_ANONYMOUS  T_("OrderTicker.Buyer.Anonymous")
#define T_TICKER_BATCH_SECONDS    T_("OrderTicker.BatchSeconds")
#define T_TICKER_BATCH_HINT       T_("OrderTicker.BatchHint")
#define T_TICKER_FEATURED_ONLY    T_("OrderTicker.FeaturedOnly")
#define T_TICKER_SHOW_TEST        T_("OrderTicker.ShowTest")
#define T_TICKER_SHOW_TEST_HINT   T_("OrderTicker.ShowTestHint")
#define T_TICKER_ROW              ST_("OrderTicker.Row")
#define T_TICKER_BATCH_ONE        ST_("OrderTicker.BatchOne")
#define T_TICKER_BATCH            ST_("OrderTicker.Batch")
#define T_TICKER_SOMEONE          ST_("OrderTicker.Someone")
#define T_TICKER_TEST_CHIP        ST_("OrderTicker.TestChip")

/* live_commerce_sales_goal (also uses the card's look keys: look, custom_accent, accent_color,
 * font, corner_radius, scale, width) */
#define S_GOAL_KIND           "kind"
#define S_GOAL_KIND_ORDERS    "orders"
#define S_GOAL_KIND_UNITS     "units"
#define S_GOAL_KIND_REVENUE   "revenue"
#define S_GOAL_TARGET_ORDERS  "target_orders"
#define S_GOAL_TARGET_UNITS   "target_units"
#define S_GOAL_TARGET_REVENUE "target_revenue" /* whole units of the shop's currency */
#define S_GOAL_SCOPE          "scope"
#define S_GOAL_SCOPE_STREAM   "stream"
#define S_GOAL_SCOPE_FEATURED "featured"
#define S_GOAL_STEP           "step_percent"
#define S_GOAL_TITLE          "title"
#define S_GOAL_SHOW_ORDERS    "show_orders"
#define S_GOAL_SHOW_UNITS     "show_units"
#define S_GOAL_SHOW_REVENUE   "show_revenue"
#define S_GOAL_CELEBRATE      "celebrate"

#define T_GOAL_NAME             T_("SalesGoal.Name")
#define T_GOAL_GROUP_GOAL       T_("SalesGoal.Group.Goal")
#define T_GOAL_KIND             T_("SalesGoal.Kind")
#define T_GOAL_KIND_ORDERS      T_("SalesGoal.Kind.Orders")
#define T_GOAL_KIND_UNITS       T_("SalesGoal.Kind.Units")
#define T_GOAL_KIND_REVENUE     T_("SalesGoal.Kind.Revenue")
#define T_GOAL_TARGET_ORDERS    T_("SalesGoal.TargetOrders")
#define T_GOAL_TARGET_UNITS     T_("SalesGoal.TargetUnits")
#define T_GOAL_TARGET_REVENUE   T_("SalesGoal.TargetRevenue")
#define T_GOAL_SCOPE            T_("SalesGoal.Scope")
#define T_GOAL_SCOPE_STREAM     T_("SalesGoal.Scope.Stream")
#define T_GOAL_SCOPE_FEATURED   T_("SalesGoal.Scope.Featured")
#define T_GOAL_STEP             T_("SalesGoal.Step")
#define T_GOAL_STEP_HINT        T_("SalesGoal.StepHint")
#define T_GOAL_CELEBRATE        T_("SalesGoal.Celebrate")
#define T_GOAL_TITLE            T_("SalesGoal.Title")
#define K_GOAL_TITLE_DEFAULT    "SalesGoal.TitleDefault"
#define T_GOAL_TITLE_DEFAULT    ST_(K_GOAL_TITLE_DEFAULT)
#define T_GOAL_SHOW_ORDERS      T_("SalesGoal.ShowOrders")
#define T_GOAL_SHOW_UNITS       T_("SalesGoal.ShowUnits")
#define T_GOAL_SHOW_REVENUE     T_("SalesGoal.ShowRevenue")
#define T_GOAL_ORDERS           ST_("SalesGoal.Orders")
#define T_GOAL_UNITS            ST_("SalesGoal.Units")
#define T_GOAL_REVENUE          ST_("SalesGoal.Revenue")
#define T_GOAL_PROGRESS_ORDERS  ST_("SalesGoal.ProgressOrders")
#define T_GOAL_PROGRESS_UNITS   ST_("SalesGoal.ProgressUnits")
#define T_GOAL_PROGRESS_REVENUE ST_("SalesGoal.ProgressRevenue")

/* live_commerce_countdown (also the card's look keys) */
#define S_CD_DURATION       "duration" /* seconds: the hotkey's and the Start button's */
#define S_CD_LABEL          "label"
#define S_CD_END_LABEL      "end_label"
#define S_CD_WHEN_IDLE      "when_idle"
#define S_CD_WHEN_IDLE_HIDE "hide"
#define S_CD_WHEN_IDLE_SHOW "show"
#define S_CD_START_BUTTON   "start_countdown" /* buttons, not stored */
#define S_CD_STOP_BUTTON    "stop_countdown"

/* The countdown sources' hotkeys (per source: each starts with its own duration). */
#define H_COUNTDOWN_START "live_commerce.countdown_start"
#define H_COUNTDOWN_STOP  "live_commerce.countdown_stop"

#define T_CD_NAME                T_("Countdown.Name")
#define T_CD_GROUP_TIMER         T_("Countdown.Group.Timer")
#define T_CD_DURATION            T_("Countdown.Duration")
#define T_CD_LABEL               T_("Countdown.Label")
#define T_CD_LABEL_HINT          T_("Countdown.LabelHint")
#define K_CD_LABEL_DEFAULT       "Countdown.LabelDefault"
#define T_CD_LABEL_DEFAULT       ST_(K_CD_LABEL_DEFAULT)
#define T_CD_END_LABEL           T_("Countdown.EndLabel")
#define K_CD_END_LABEL_DEFAULT   "Countdown.EndLabelDefault"
#define T_CD_END_LABEL_DEFAULT   ST_(K_CD_END_LABEL_DEFAULT)
#define T_CD_WHEN_IDLE           T_("Countdown.WhenIdle")
#define T_CD_WHEN_IDLE_HIDE      T_("Countdown.WhenIdle.Hide")
#define T_CD_WHEN_IDLE_SHOW      T_("Countdown.WhenIdle.Show")
#define T_CD_START               T_("Countdown.Start")
#define T_CD_STOP                T_("Countdown.Stop")
#define T_HOTKEY_COUNTDOWN_START T_("Hotkey.CountdownStart")
#define T_HOTKEY_COUNTDOWN_STOP  T_("Hotkey.CountdownStop")
