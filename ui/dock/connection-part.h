/* The dock's Connection part: the provider, its fields (drawn from the core's per-provider form
 * table, core/shop/provider-form.h: no provider is named here), the poll interval, Test and Save,
 * and the status light with last sync, next retry and the last error.
 *
 * A view: it never calls the runtime. Save and Test hand the connection to the callbacks (the dock
 * runs them on a worker thread) and the dock hands back what happened. UI thread only. */
#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <functional>

#include "runtime/live-session.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

class OlcConnectionPart : public QWidget {
public:
	explicit OlcConnectionPart(QWidget *parent = nullptr);

	/* Fills the form (secrets too, masked) from c. With the provider unchanged the fields keep
	 * their editors (focus, Show toggles): only their text changes. */
	void setConnection(const struct olc_connection *c);
	/* Whether the form differs from what setConnection last filled it with (or from the empty form
	 * before any): a field typed in, another provider or poll interval. Text typed and then
	 * restored is no edit. */
	bool hasUnsavedEdits() const;
	/* The session took new credentials from the shop (Kuaishou rotates its tokens): when revision
	 * (the snapshot's credentials_revision) differs from the one last followed and the user has no
	 * unsaved edits, fills the form from read (the session's connection; false: nothing read) and
	 * true. Unsaved edits are left alone, and followed once they are gone: Save is safe with them
	 * (the session keeps the pair it rotated to when the form sends back the dead one). */
	bool followCredentials(uint64_t revision, const std::function<bool(struct olc_connection *)> &read);
	/* The connection the form holds: provider, its fields, poll_ms (0: the provider's default).
	 * *out is replaced (freed first). false when memory runs out. */
	bool connection(struct olc_connection *out) const;

	/* The status block from a snapshot (state, last sync, next retry, error) and the config
	 * error (olc_live_config_error: the saved connection could not be read or written). */
	void showStatus(const struct olc_snapshot *snap, const char *config_error, int64_t now_ms);
	/* A Test or a Save finished: ok and its words. Re-enables the buttons. */
	void showResult(bool ok, const QString &text);

	std::function<void(const struct olc_connection &)> onSave;
	std::function<void(const struct olc_connection &)> onTest;

	/* For the widget tests: the editor of a form key ("url", "token"), or nullptr when the chosen
	 * provider has no such field; the show toggle of a secret field. */
	QLineEdit *fieldEditor(const char *key) const;
	QToolButton *showToggle(const char *key) const;
	QComboBox *providerBox() const { return provider_; }
	QDoubleSpinBox *pollBox() const { return poll_; }
	QPushButton *saveButton() const { return save_; }
	QPushButton *testButton() const { return test_; }
	QLabel *stateLabel() const { return state_; }
	QLabel *resultLabel() const { return result_; }
	QLabel *syncLabel() const { return sync_; }
	QLabel *errorLabel() const { return error_; }

private:
	void buildFields();
	void keepValues();
	void setBusy(bool busy);

	QComboBox *provider_;
	QWidget *fieldsBox_;
	QFormLayout *fields_;
	QHash<QString, QLineEdit *> editors_;
	QHash<QString, QToolButton *> toggles_;
	QHash<QString, QString> values_; /* what was typed, kept across provider changes */
	/* What setConnection filled the form with, for hasUnsavedEdits. */
	QString loadedProvider_;
	QHash<QString, QString> loadedValues_;
	double loadedPoll_ = 0.0;
	uint64_t credentialsFollowed_ = 0;
	QDoubleSpinBox *poll_;
	QPushButton *test_;
	QPushButton *save_;
	QLabel *result_;
	QLabel *light_;
	QLabel *state_;
	QLabel *sync_;
	QLabel *retry_;
	QLabel *error_;
};
