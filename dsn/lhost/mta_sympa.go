package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Sympa names the decoder of the mailing list manager Sympa's notice that
// a moderator rejected a post.
const Sympa dsn.DecoderName = "Sympa"

// sympaDecoder reads the notice Sympa sends a poster whose post a list
// moderator rejected (Sympa 6.2.76: default/mail_tt2/reject.tt2, sent by
// src/lib/Sympa/Spindle/ProcessModeration.pm). Sympa's other refusals of
// a post come as RFC 3464 reports (delivery_status_notification.tt2),
// which the RFC 3464 decoder reads. The post was not delivered to the
// list: the list's address is the failed recipient, as in the other list
// managers' refusals. The notice comes from the list's -owner address
// (src/lib/Sympa/Message/Template.pm: fromlist; the list's own address
// when the list signs with S/MIME), with an Auto-Submitted field, under
// a Subject of the template's, in the list's language, and names the
// list's address in its one sentence:
//
//	From: walkers-owner@lists.example.org
//	Subject: Your message has been rejected
//	Auto-Submitted: auto-generated
//
//	Your message for list walkers@lists.example.org has been rejected by
//	the moderator (ann@example.org).
//
// The post is not attached; the notice quotes its Subject.
type sympaDecoder struct{}

func (sympaDecoder) Name() dsn.DecoderName { return Sympa }

// sympaSubjects are the translations of reject.tt2's Subject, "Your
// message has been rejected", in Sympa 6.2.76's po/sympa/*.po (ca, cs,
// de, el, en, es, et, eu, fi, fr, gl, hu, it, ja, nl, oc, pl, pt_BR, ru,
// sv, vi, zh_CN, zh_TW; the catalogues that leave it untranslated send
// the English, and those that translate it as something else are left
// out).
var sympaSubjects = []string{
	"Your message has been rejected",
	"S'ha rebutjat el vostre missatge", "Vase zprava byla odmitnuta", "Ihre Nachricht wurde abgelehnt",
	"Το μήνυμά σας έχει απορριφθεί.", "Se ha rechazado tu mensaje", "Sinu kirja ei saadetud listi.",
	"Zure mezua gaitzetsia izan da.", "Viestisi on hylätty", "Rejet de votre message",
	"Rexeitouse a túa mensaxe", "A levelét visszautasították.", "Il tuo messaggio è stato rifiutato.",
	"メッセージは拒否されました。", "Uw bericht is afgwezen", "Vòstre messatge es estat refusat",
	"Twoja wiadomość została odrzucona.", "Sua mensagem foi rejeitada.", "Ваше сообщение было отвергнуто.",
	"Ditt meddelande har avslagits.", "Thư của bạn đã bị từ chối.", "您的邮件被拒绝了。", "您的郵件被拒絕了。",
}

func (sympaDecoder) Marks() []dsn.Mark { return subjects(sympaSubjects...) }

func (d sympaDecoder) Match(m *dsn.Message) bool { return d.list(m) != "" }

// list returns the list's address when m is the notice: a Subject of the
// template's, an Auto-Submitted field, and a text naming the list whose
// -owner (or own) address sent it; "" otherwise.
func (sympaDecoder) list(m *dsn.Message) string {
	subject := m.Header.Text("Subject")
	known := false
	for _, s := range sympaSubjects {
		if strings.EqualFold(subject, s) {
			known = true
			break
		}
	}
	if !known || !m.Header.Has("Auto-Submitted") {
		return ""
	}
	from := m.Header.Address("From")
	owner := listOfSender(from, "-owner")
	for _, w := range strings.Fields(mailtext.FoldSpace(m.TextBody())) {
		a := dsn.Address(strings.TrimRight(w, ".,;:)"))
		if a != "" && (strings.EqualFold(a, owner) || strings.EqualFold(a, from)) {
			return a
		}
	}
	return ""
}

func (d sympaDecoder) Decode(m *dsn.Message) *dsn.Report {
	list := d.list(m)
	if list == "" {
		return nil
	}
	return listRefusal(list, m.TextBody())
}
