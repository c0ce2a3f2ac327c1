/* The dock's Connection part; see connection-part.h. */
#include "dock/connection-part.h"
#include "dock/dock-text.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace {

/* Status lights are the one place the dock chooses colours: they mean the same in every theme. */
const char *light_colour(enum olc_conn_state s)
{
	switch (s) {
	case OLC_CONN_OK:
		return "#2fb344";
	case OLC_CONN_CONNECTING:
	case OLC_CONN_STALE:
		return "#f59f00";
	case OLC_CONN_ERROR:
		return "#e5484d";
	case OLC_CONN_OFFLINE:
	default:
		return "#8a8f98";
	}
}

const char *state_key(enum olc_conn_state s)
{
	switch (s) {
	case OLC_CONN_OK:
		return "Dock.State.Ok";
	case OLC_CONN_CONNECTING:
		return "Dock.State.Connecting";
	case OLC_CONN_STALE:
		return "Dock.State.Stale";
	case OLC_CONN_ERROR:
		return "Dock.State.Error";
	case OLC_CONN_OFFLINE:
	default:
		return "Dock.State.Offline";
	}
}

} // namespace

OlcConnectionPart::OlcConnectionPart(QWidget *parent) : QWidget(parent)
{
	setObjectName(QStringLiteral("olc-connection-part"));
	auto *layout = new QVBoxLayout(this);

	auto *form = new QFormLayout();
	form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
	provider_ = new QComboBox(this);
	size_t count = 0;
	const olc_provider_form *forms = olc_provider_forms(&count);
	for (size_t i = 0; i < count; i++)
		provider_->addItem(olc_dock_tr(forms[i].label_key), QString::fromUtf8(forms[i].provider));
	provider_->setAccessibleName(olc_dock_tr("Dock.Provider"));
	auto *providerLabel = new QLabel(olc_dock_tr("Dock.Provider"), this);
	providerLabel->setBuddy(provider_);
	form->addRow(providerLabel, provider_);
	layout->addLayout(form);

	/* The provider's own fields, rebuilt when the provider changes. */
	fieldsBox_ = new QWidget(this);
	fields_ = new QFormLayout(fieldsBox_);
	fields_->setContentsMargins(0, 0, 0, 0);
	fields_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
	layout->addWidget(fieldsBox_);

	auto *pollForm = new QFormLayout();
	poll_ = new QDoubleSpinBox(this);
	poll_->setRange(0.0, OLC_CONNECTION_POLL_MS_MAX / 1000.0);
	poll_->setDecimals(1);
	poll_->setSingleStep(0.5);
	poll_->setSuffix(QStringLiteral(" s"));
	poll_->setSpecialValueText(olc_dock_tr("Dock.PollDefault"));
	poll_->setToolTip(olc_dock_tr("Dock.PollHint"));
	poll_->setAccessibleName(olc_dock_tr("Dock.Poll"));
	auto *pollLabel = new QLabel(olc_dock_tr("Dock.Poll"), this);
	pollLabel->setBuddy(poll_);
	pollForm->addRow(pollLabel, poll_);
	layout->addLayout(pollForm);

	auto *buttons = new QHBoxLayout();
	test_ = new QPushButton(olc_dock_tr("Dock.Test"), this);
	test_->setToolTip(olc_dock_tr("Dock.TestHint"));
	save_ = new QPushButton(olc_dock_tr("Dock.Save"), this);
	save_->setToolTip(olc_dock_tr("Dock.SaveHint"));
	buttons->addStretch(1);
	buttons->addWidget(test_);
	buttons->addWidget(save_);
	layout->addLayout(buttons);
	result_ = olc_dock_text_label(this);
	result_->setObjectName(QStringLiteral("olc-connection-result"));
	result_->hide();
	layout->addWidget(result_);

	auto *status = new QGroupBox(olc_dock_tr("Dock.StatusTitle"), this);
	auto *statusLayout = new QVBoxLayout(status);
	auto *stateRow = new QHBoxLayout();
	light_ = new QLabel(status);
	light_->setFixedSize(10, 10);
	stateRow->addWidget(light_);
	state_ = new QLabel(status);
	stateRow->addWidget(state_, 1);
	statusLayout->addLayout(stateRow);
	sync_ = olc_dock_text_label(status);
	retry_ = olc_dock_text_label(status);
	error_ = olc_dock_text_label(status);
	olc_dock_mark_error(error_);
	statusLayout->addWidget(sync_);
	statusLayout->addWidget(retry_);
	statusLayout->addWidget(error_);
	layout->addWidget(status);
	layout->addStretch(1);

	buildFields();
	loadedProvider_ = provider_->currentData().toString();
	loadedPoll_ = poll_->value();
	connect(provider_, &QComboBox::currentIndexChanged, this, [this]() {
		keepValues();
		buildFields();
	});
	connect(save_, &QPushButton::clicked, this, [this]() {
		olc_connection c;
		olc_connection_init(&c);
		if (connection(&c) && onSave) {
			setBusy(true);
			onSave(c);
		}
		olc_connection_free(&c);
	});
	connect(test_, &QPushButton::clicked, this, [this]() {
		olc_connection c;
		olc_connection_init(&c);
		if (connection(&c) && onTest) {
			setBusy(true);
			result_->setText(olc_dock_tr("Dock.Testing"));
			result_->show();
			onTest(c);
		}
		olc_connection_free(&c);
	});
}

void OlcConnectionPart::keepValues()
{
	for (auto it = editors_.constBegin(); it != editors_.constEnd(); ++it)
		values_[it.key()] = it.value()->text();
}

void OlcConnectionPart::buildFields()
{
	while (fields_->rowCount() > 0)
		fields_->removeRow(0);
	editors_.clear();
	toggles_.clear();

	const QByteArray name = provider_->currentData().toString().toUtf8();
	const olc_provider_form *form = olc_provider_form_find(name.constData());
	QWidget *previous = provider_;
	for (const olc_form_field *f = form ? form->fields : nullptr; f && f->key; f++) {
		const QString key = QString::fromUtf8(f->key);
		/* A choice is an editable list: its suggestions one click away, any other text still typed
		 * (and judged by the provider's check, in plain words). Its line edit is the editor. */
		const char *const *choices =
			f->kind == OLC_FORM_CHOICE ? olc_form_choices(form->provider, f->key) : nullptr;
		QComboBox *choice = nullptr;
		if (choices) {
			choice = new QComboBox(fieldsBox_);
			choice->setObjectName(QStringLiteral("olc-choice-") + key);
			choice->setEditable(true);
			choice->setInsertPolicy(QComboBox::NoInsert);
			for (const char *const *c = choices; *c; c++)
				choice->addItem(QString::fromUtf8(*c));
		}
		QLineEdit *edit = choice ? choice->lineEdit() : new QLineEdit(fieldsBox_);
		edit->setObjectName(QStringLiteral("olc-field-") + key);
		edit->setText(values_.value(key));
		const QString label = olc_dock_tr(f->label_key) + (f->required ? QStringLiteral(" *") : QString());
		edit->setAccessibleName(olc_dock_tr(f->label_key));
		if (f->hint_key) {
			edit->setPlaceholderText(olc_dock_tr(f->hint_key));
			edit->setToolTip(olc_dock_tr(f->hint_key));
		}
		auto *labelWidget = new QLabel(label, fieldsBox_);
		QWidget *field = choice ? static_cast<QWidget *>(choice) : edit;
		labelWidget->setBuddy(field);
		editors_.insert(key, edit);
		QWidget::setTabOrder(previous, field);
		previous = field;
		if (f->kind == OLC_FORM_SECRET) {
			/* Masked, and never offered to input methods' dictionaries; the toggle shows it. */
			edit->setEchoMode(QLineEdit::Password);
			edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
			auto *toggle = new QToolButton(fieldsBox_);
			toggle->setObjectName(QStringLiteral("olc-show-") + key);
			toggle->setCheckable(true);
			toggle->setText(olc_dock_tr("Dock.ShowSecret"));
			toggle->setToolTip(olc_dock_tr("Dock.ShowSecretHint"));
			toggle->setAccessibleName(olc_dock_tr("Dock.ShowSecret") + QStringLiteral(" ") + olc_dock_tr(f->label_key));
			connect(toggle, &QToolButton::toggled, edit, [edit, toggle](bool on) {
				edit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
				toggle->setText(olc_dock_tr(on ? "Dock.HideSecret" : "Dock.ShowSecret"));
			});
			toggles_.insert(key, toggle);
			auto *row = new QHBoxLayout();
			row->addWidget(edit, 1);
			row->addWidget(toggle);
			fields_->addRow(labelWidget, row);
			QWidget::setTabOrder(previous, toggle);
			previous = toggle;
		} else {
			fields_->addRow(labelWidget, field);
		}
	}
	fieldsBox_->setVisible(fields_->rowCount() > 0);
	QWidget::setTabOrder(previous, poll_);
	QWidget::setTabOrder(poll_, test_);
	QWidget::setTabOrder(test_, save_);
}

void OlcConnectionPart::setConnection(const struct olc_connection *c)
{
	values_.clear();
	size_t count = 0;
	const olc_provider_form *forms = olc_provider_forms(&count);
	for (size_t i = 0; i < count; i++)
		for (const olc_form_field *f = forms[i].fields; f->key; f++)
			values_[QString::fromUtf8(f->key)] = QString::fromUtf8(olc_connection_field(c, f->key));
	poll_->setValue(c->poll_ms / 1000.0);
	int index = provider_->findData(QString::fromUtf8(c->provider ? c->provider : "demo"));
	if (index < 0)
		index = 0;
	if (index == provider_->currentIndex()) {
		/* A reload after a token rotation must not take the focus from a field the user is in. */
		for (auto it = editors_.constBegin(); it != editors_.constEnd(); ++it)
			if (it.value()->text() != values_.value(it.key()))
				it.value()->setText(values_.value(it.key()));
	} else {
		const QSignalBlocker block(provider_);
		provider_->setCurrentIndex(index);
		buildFields();
	}
	loadedProvider_ = provider_->currentData().toString();
	loadedValues_ = values_;
	loadedPoll_ = poll_->value();
}

bool OlcConnectionPart::hasUnsavedEdits() const
{
	if (provider_->currentData().toString() != loadedProvider_ || poll_->value() != loadedPoll_)
		return true;
	for (auto it = editors_.constBegin(); it != editors_.constEnd(); ++it)
		if (it.value()->text() != loadedValues_.value(it.key()))
			return true;
	return false;
}

bool OlcConnectionPart::followCredentials(uint64_t revision, const std::function<bool(struct olc_connection *)> &read)
{
	if (revision == credentialsFollowed_ || hasUnsavedEdits())
		return false;
	olc_connection c;
	olc_connection_init(&c);
	const bool got = read(&c);
	if (got) {
		setConnection(&c);
		credentialsFollowed_ = revision;
	}
	olc_connection_free(&c);
	return got;
}

bool OlcConnectionPart::connection(struct olc_connection *out) const
{
	olc_connection_free(out);
	const QByteArray provider = provider_->currentData().toString().toUtf8();
	out->provider = strdup(provider.constData());
	if (!out->provider)
		return false;
	for (auto it = editors_.constBegin(); it != editors_.constEnd(); ++it) {
		const QByteArray key = it.key().toUtf8();
		const QByteArray value = it.value()->text().trimmed().toUtf8();
		if (!olc_connection_set_field(out, key.constData(), value.constData()))
			return false;
	}
	/* 0 keeps the provider's default; anything else is at least the shortest interval allowed. */
	const double seconds = poll_->value();
	out->poll_ms = seconds <= 0.0 ? 0 : std::max(OLC_CONNECTION_POLL_MS_MIN, (int)std::lround(seconds * 1000.0));
	return true;
}

void OlcConnectionPart::setBusy(bool busy)
{
	test_->setEnabled(!busy);
	save_->setEnabled(!busy);
}

void OlcConnectionPart::showResult(bool ok, const QString &text)
{
	setBusy(false);
	result_->setText((ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + text);
	result_->setProperty("olcOk", ok);
	result_->show();
}

void OlcConnectionPart::showStatus(const struct olc_snapshot *snap, const char *config_error, int64_t now_ms)
{
	const QString light =
		QStringLiteral("background-color: %1; border-radius: 5px;").arg(QLatin1String(light_colour(snap->state)));
	if (light_->styleSheet() != light)
		light_->setStyleSheet(light);
	state_->setText(olc_dock_tr("Dock.StateLine")
				.arg(olc_dock_tr(state_key(snap->state)))
				.arg(QString::fromUtf8(snap->provider))
				.arg(snap->catalog.count));
	state_->setAccessibleName(state_->text());
	sync_->setText(olc_dock_tr("Dock.LastSync")
			       .arg(snap->last_success_ms ? olc_dock_relative_time(snap->last_success_ms, now_ms)
							  : olc_dock_tr("Dock.Never")));
	retry_->setText(snap->next_retry_ms ? olc_dock_tr("Dock.NextRetry")
						      .arg(olc_dock_relative_time(snap->next_retry_ms, now_ms))
					    : QString());
	retry_->setVisible(snap->next_retry_ms != 0);
	QStringList errors;
	if (snap->error)
		errors << QString::fromUtf8(snap->error);
	if (config_error && *config_error)
		errors << QString::fromUtf8(config_error);
	error_->setText(errors.isEmpty() ? QString() : olc_dock_tr("Dock.LastError").arg(errors.join(QStringLiteral("; "))));
	error_->setVisible(!errors.isEmpty());
}

QLineEdit *OlcConnectionPart::fieldEditor(const char *key) const
{
	return editors_.value(QString::fromUtf8(key), nullptr);
}

QToolButton *OlcConnectionPart::showToggle(const char *key) const
{
	return toggles_.value(QString::fromUtf8(key), nullptr);
}
