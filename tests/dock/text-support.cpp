// deck-text.h for the dock's tests: the words of data/locale/en-US.ini (read as OBS reads them:
// Key="value", \" \\ \n escaped), so a test checks the message a user reads; prices in zh-CN.
#include "dock/deck-text.h"

#include <QFile>
#include <QHash>

#include <cstdio>

namespace {

QHash<QString, QString> read_en_us()
{
	QHash<QString, QString> strings;
	QFile file(QStringLiteral(OLC_DATA_DIR "/locale/en-US.ini"));
	if (!file.open(QIODevice::ReadOnly))
		return strings;
	for (const QByteArray &raw : file.readAll().split('\n')) {
		const QString line = QString::fromUtf8(raw).trimmed();
		const int eq = line.indexOf(QLatin1Char('='));
		if (eq <= 0 || !line.endsWith(QLatin1Char('"')) || line.at(eq + 1) != QLatin1Char('"'))
			continue;
		const QString quoted = line.mid(eq + 2, line.size() - eq - 3);
		QString value;
		for (int i = 0; i < quoted.size(); i++) {
			if (quoted.at(i) == QLatin1Char('\\') && i + 1 < quoted.size()) {
				const QChar next = quoted.at(++i);
				value += next == QLatin1Char('n') ? QChar(QLatin1Char('\n')) : next;
			} else {
				value += quoted.at(i);
			}
		}
		strings.insert(line.left(eq), value);
	}
	return strings;
}

} // namespace

QString olc_deck_text(const char *key)
{
	static const QHash<QString, QString> strings = read_en_us();
	return strings.value(QString::fromUtf8(key), QString::fromUtf8(key));
}

void olc_deck_log(const QString &message)
{
	std::fprintf(stderr, "[dock tests] %s\n", message.toUtf8().constData());
}

QString olc_deck_language()
{
	return QStringLiteral("zh-CN");
}
