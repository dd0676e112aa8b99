package dsn_test

import (
	"mime"
	"strings"
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// plainMail builds a message with no auto-reply header: only its Subject
// (RFC 2047-encoded when not ASCII, as mail clients send it) can make it
// an auto-reply.
func plainMail(subject string) string {
	s := subject
	for i := 0; i < len(subject); i++ {
		if subject[i] >= 0x80 {
			s = mime.BEncoding.Encode("utf-8", subject)
			break
		}
	}
	return "From: Kijitora <kijitora@example.jp>\nTo: Neko <neko@example.com>\nSubject: " + s +
		"\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nI am away until 7 December.\n"
}

func parseKind(t *testing.T, msg string) *dsn.Report {
	t.Helper()
	r, err := dsn.Parse(strings.NewReader(msg), lhost.Registry())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAutoreplySubjects: Outlook's localised out-of-office prefixes and the
// other auto-responders' subjects make an auto-reply by themselves (an
// Exchange without Auto-Submitted, a Notes agent); the same words at the
// start of a person's subject do not.
func TestAutoreplySubjects(t *testing.T) {
	replies := []string{
		// Outlook's prefixes as other projects' reply classifiers' tests hold them (autoreply.go)
		"Automatiskt svar: Offert", "Odpowiedź automatyczna: Oferta", "Automatyczna odpowiedź: Oferta",
		"Automatická odpověď: Nabídka", "Răspuns automat: Ofertă", "Automatikus válasz: Ajánlat",
		"Автоматический ответ: Предложение", "Автоответ: Предложение", "Автоматична відповідь: Пропозиція",
		"Αυτόματη απάντηση: Προσφορά", "Otomatik yanıt: Teklif", "OTOMATİK YANIT: TEKLİF",
		"自動応答: お見積り", "自动回复: 报价", "自动答复: 报价", "自動回覆: 報價", "자동 회신: 견적",
		"Balasan otomatis: Penawaran", "Trả lời tự động: Báo giá", "ตอบกลับอัตโนมัติ: ใบเสนอราคา",
		"رد تلقائي: عرض", "תשובה אוטומטית: הצעה", "Samodejni odgovor: Ponudba", "Automatski odgovor: Ponuda",
		"Réponse automatique\u00a0: Offre", "Automatic reply：Offer", "Out of Office Re: pricing",
		"Out of Office AutoReply: Offer", "Automatic reply", "Auto Response",
		// the Notes/Domino agent (Open MPI users list archive)
		"Swamy Kandadai is out of the office.", "Tom Becker is out of the office (returning 12/07/2026).",
		// Sieve's default and vacation(1)'s example
		"Auto: Offer", "I am on vacation",
	}
	for _, s := range replies {
		if r := parseKind(t, plainMail(s)); r.Kind != dsn.AutoReply || len(r.Recipients) != 1 || r.Recipients[0].Recipient != "kijitora@example.jp" {
			t.Errorf("%q: got %v %v, want an auto-reply of kijitora@example.jp", s, r.Kind, r.Recipients)
		}
	}
	people := []string{
		"Automatic reply settings question", "Réponse automatique ne marche pas",
		"Automatische Antwort einrichten", "Respuesta automática en Outlook no funciona",
		"Risposta automatica su Gmail: come si disattiva?", "Autosvar fungerar inte i nya Outlook",
		"Abwesenheitsnotiz für geteiltes Postfach", "自动回复怎么设置", "Out of office next week - coverage plan",
		"Vacation request for December 20-31", "On vacation in Lisbon - photos",
		"Away from desk this afternoon, ping me on chat", "Re: Automatic reply: Offer",
		"AW: Réponse automatique", "RE: 自動応答", "Is Tom out of the office?", "Frånvaro vecka 49",
		"Fuori sede il 3 dicembre", "Fuera de la oficina el viernes",
	}
	for _, s := range people {
		if r := parseKind(t, plainMail(s)); r.Kind == dsn.AutoReply {
			t.Errorf("%q: a person's subject read as an auto-reply of %v", s, r.Recipients)
		}
	}
}

// TestAutoreplySubjectsMarks: the decoder's marks, which the milter's pre-filter
// reads before the body, catch the localised prefixes in their encoded
// words even when the first letter is another script's capital.
func TestAutoreplySubjectsMarks(t *testing.T) {
	marks := dsn.AutoReplyDecoder{}.Marks()
	for _, s := range []string{"Автоматический ответ: Предложение", "Αυτόματη απάντηση: Προσφορά", "자동 회신: 견적", "Swamy Kandadai is out of the office."} {
		v := mime.BEncoding.Encode("utf-8", s)
		found := false
		for _, m := range marks {
			if m.Field == "Subject" && m.Matches(v) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%q (%s): no mark", s, v)
		}
	}
}

// TestBouncesStayBounces: a bounce carrying Auto-Submitted:
// auto-replied (Exim writes it on its bounces) or returning an auto-reply
// is no auto-reply.
func TestBouncesStayBounces(t *testing.T) {
	exim := "From: Mail Delivery System <Mailer-Daemon@mail.example.net>\nTo: neko@example.com\n" +
		"Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: kijitora@example.jp\n" +
		"Auto-Submitted: auto-replied\n\nThis message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n" +
		"  kijitora@example.jp\n    SMTP error from remote mail server after RCPT TO:<kijitora@example.jp>:\n    550 5.1.1 User unknown\n"
	if r := parseKind(t, exim); r.Kind == dsn.AutoReply || len(r.Recipients) != 1 || r.Recipients[0].Recipient != "kijitora@example.jp" {
		t.Errorf("Exim bounce: got %v %v", r.Kind, r.Recipients)
	}
}
