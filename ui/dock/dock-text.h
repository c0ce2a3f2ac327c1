/* Labels in the dock that show what the shop sent or an error: product titles, the featured
 * products, the connection's status and errors. UI thread only. */
#pragma once

class QLabel;
class QWidget;

/* A word-wrapped label, owned by parent, that shows its text exactly as given: never as rich text
 * (a title holding "<img src=...>" or "<a href=...>" is drawn as those characters) and never as a
 * link. */
QLabel *olc_dock_text_label(QWidget *parent);
