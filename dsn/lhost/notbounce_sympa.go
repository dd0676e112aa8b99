package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Sympa's report on a post's progress (notBounceRules): its template
// message_report.tt2 ("Subject: Message distribution", in the list's
// language) tells a poster that the post "has been forwarded to the
// moderator(s)" (Sympa::Spindle::ToModeration), and a moderator that a
// post was distributed, confirmed or rejected by the moderator's own
// command (Sympa::Spindle::ToList, Sympa::Spindle::ProcessModeration).
// Each is sent with Auto-Submitted: auto-replied, yet none reports a
// failed delivery or a person's absence, so it is no bounce and no
// vacation notice. Sympa's refusals of a post come as RFC 3464 reports
// (delivery_status_notification.tt2), which this rule leaves alone, and
// its moderator's rejection under its own Subject (sympaDecoder).
//
// The rule carries header fields only (notBounceWords is built from the
// table before this init runs); unless keeps it to a Subject that is the
// template's whole Subject on a message with an Auto-Submitted field.
func init() {
	notBounceRules = append(notBounceRules, notBounceRule{
		what:    "a mailing list's report on a post's moderation or distribution (Sympa)",
		headers: subjects(sympaReportSubjects...),
		unless:  func(m *dsn.Message) bool { return !sympaReport(m) },
		source:  "sympa 6.2.70 (Debian bookworm sympa_6.2.70~dfsg-2+deb12u2): default/mail_tt2/message_report.tt2, lib/Sympa/Spindle/ToModeration.pm, ToList.pm, ProcessModeration.pm (auto_submitted => 'auto-replied'); translations usr/share/locale/*/LC_MESSAGES/sympa.mo",
	})
}

// sympaReportSubjects are message_report.tt2's Subject, "Message
// distribution", and its translations in the sympa.mo catalogues of
// Sympa 6.2.70.
var sympaReportSubjects = []string{
	"Message distribution",
	"Diffusion des messages", "Difusion de messatge", "Distribució del missatge", "Distribución da mensaxe",
	"Distribución del mensaje", "Distribuição de mensagens", "Distributie van berichten", "Kirja edastamine",
	"Meddelandedistribution", "Mezu bidalketa", "Nachrichtenverteilung", "Phân phối thư",
	"Rozsyłanie wiadomości", "Stato distribuzione messaggio", "Viestin jakelu", "Üzenet küldés",
	"Διανομή μηνύματος", "Рассылка сообщения", "メッセージのゆくえ", "邮件发行", "郵件發行", "메시지 배포",
}

// sympaReport reports whether m's Subject is the whole of one of
// sympaReportSubjects and m has an Auto-Submitted field.
func sympaReport(m *dsn.Message) bool {
	if !m.Header.Has("Auto-Submitted") {
		return false
	}
	subject := strings.TrimSpace(m.Header.Text("Subject"))
	for _, s := range sympaReportSubjects {
		if strings.EqualFold(subject, s) {
			return true
		}
	}
	return false
}
