package lhost

import (
	"fmt"
	"strings"
	"sync"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// PersonForward is the name of the decoder of a notice a person forwarded
// inline. Its reports are credited to the decoder that read the notice.
const PersonForward dsn.DecoderName = "PersonForward"

// personForwardDecoder reads a delivery notice that a person forwarded
// inline: their mail client wrote the notice's header as lines of text
// ("From: Mail Delivery System <MAILER-DAEMON@mx.example.org>", "Sent:",
// "To:", "Subject:"), in the client's language, under a separator of its
// own ("---------- Forwarded message ---------" in Gmail, "-----Original
// Message-----" or a line of underscores in Outlook, "Begin forwarded
// message:" in Apple Mail, "-------- Forwarded Message --------" in
// Thunderbird), then the notice's text, quoted with "> " by some clients.
// The notice is read again as the message it was, with every other
// decoder of the registry, and the report is theirs, with a note that a
// person forwarded it. Sisimai reads such a forward as the bounce it
// carries, and so does this decoder.
//
// It reads only a forwarded header whose From is a mail system's (its
// address a MAILER-DAEMON's or postmaster's, or, where the client shows
// only a name, a delivery system's name): a person's forwarded
// conversation is no notice, whatever words it quotes. A notice forwarded
// as an attachment is a message/rfc822 part, which the MIME walk already
// reads.
type personForwardDecoder struct{}

func (personForwardDecoder) Name() dsn.DecoderName { return PersonForward }

// forwardPrefixes are the Subject prefixes mail clients put before a
// forwarded message's Subject: "Fwd:" and "Fw:" in English, "WG:" in
// German, "TR:" in French, "RV:" in Spanish, "I:" in Italian, "Doorst:" in
// Dutch, "PD:" in Polish, "VB:" in Swedish, "VS:" in Finnish, "Enc:" in
// Portuguese, "Fs:" in Icelandic, "Пересл:" in Russian, "转发:" in Chinese
// (https://en.wikipedia.org/wiki/List_of_email_subject_abbreviations).
// Italian's "I:" is left out: as a mark (Marks) it would be found inside
// too many Subjects ("Hawaii: ...") and ask the milter for their bodies.
var forwardPrefixes = []string{"fwd:", "fw:", "wg:", "tr:", "rv:", "doorst:", "pd:", "vb:", "vs:", "enc:", "fs:",
	"пересл:", "转发:", "轉寄:", "転送:", "전달:"}

// Marks: the Subject prefixes, which every forward this decoder reads has.
func (personForwardDecoder) Marks() []dsn.Mark { return subjects(forwardPrefixes...) }

func (personForwardDecoder) Match(m *dsn.Message) bool {
	s := mailtext.TrimSpace(m.Header.Text("Subject"))
	for _, p := range forwardPrefixes {
		if mailtext.HasPrefixFold(s, p) {
			return !dsn.IsMailerDaemon(m.Header.Address("From"))
		}
	}
	return false
}

// forwardInnerDecoders returns the registry without the wrappers: the
// decoders of the forwarded notice. A forward inside a forward is not
// unwrapped again.
var forwardInnerDecoders = sync.OnceValue(func() []dsn.Decoder {
	out := make([]dsn.Decoder, 0, len(registry))
	for _, d := range registry {
		if n := d.Name(); n != ListForward && n != PersonForward {
			out = append(out, d)
		}
	}
	return out
})

func (personForwardDecoder) Decode(m *dsn.Message) *dsn.Report {
	lines := textLines(forwardText(m))
	blk, ok := findForwardedHeader(lines)
	if !ok {
		return nil
	}
	inner, err := dsn.ReadMessage([]byte(blk.message(lines)))
	if err != nil {
		return nil
	}
	r := dsn.Decode(inner, forwardInnerDecoders())
	if r.Kind != dsn.DeliveryReport || len(r.Recipients) == 0 {
		return nil
	}
	by := m.Header.Address("From")
	if by == "" {
		by = "a person"
	}
	r.AddNote(fmt.Sprintf("a notice %s forwarded inline (Subject %q): the forwarded notice was read", by, m.Header.Text("Subject")))
	return r
}

// forwardText returns the text a forward is read from: the first
// text/plain part, else the text of the first text/html part.
func forwardText(m *dsn.Message) string {
	for _, p := range m.Parts {
		if p.MediaType == "text/plain" {
			return reportText(m)
		}
	}
	for _, p := range m.Parts {
		if p.MediaType == "text/html" {
			return htmlText([]byte(p.Text()))
		}
	}
	return reportText(m)
}

// forwardKey is what a line of a forwarded header gives.
type forwardKey uint8

const (
	fwdNone forwardKey = iota
	fwdFrom
	fwdDate
	fwdTo
	fwdCc
	fwdSubject
)

// forwardKeys are the field names mail clients write in a forwarded
// header, in the languages of Outlook's and Gmail's forwards (Outlook:
// "Von:", "Gesendet:", "An:", "Betreff:"; "De :", "Envoyé :", "À :",
// "Objet :"; "De:", "Enviado:", "Para:", "Asunto:"; "Da:", "Inviato:",
// "A:", "Oggetto:"; "Van:", "Verzonden:", "Aan:", "Onderwerp:"; "Od:",
// "Wysłano:", "Do:", "Temat:"; "От:", "Отправлено:", "Кому:", "Тема:";
// "差出人:", "送信日時:", "宛先:", "件名:"; "发件人:", "发送时间:", "收件人:",
// "主题:"; "보낸 사람:", "보낸 날짜:", "받는 사람:", "제목:"), lower-case.
var forwardKeys = map[string]forwardKey{
	"from": fwdFrom, "von": fwdFrom, "de": fwdFrom, "da": fwdFrom, "van": fwdFrom, "od": fwdFrom, "от": fwdFrom,
	"差出人": fwdFrom, "发件人": fwdFrom, "寄件者": fwdFrom, "보낸 사람": fwdFrom,
	"date": fwdDate, "sent": fwdDate, "gesendet": fwdDate, "datum": fwdDate, "envoyé": fwdDate, "enviado": fwdDate,
	"fecha": fwdDate, "inviato": fwdDate, "data": fwdDate, "verzonden": fwdDate, "wysłano": fwdDate,
	"отправлено": fwdDate, "送信日時": fwdDate, "发送时间": fwdDate, "日期": fwdDate, "보낸 날짜": fwdDate,
	"to": fwdTo, "an": fwdTo, "à": fwdTo, "a": fwdTo, "para": fwdTo, "aan": fwdTo, "do": fwdTo, "кому": fwdTo,
	"宛先": fwdTo, "收件人": fwdTo, "받는 사람": fwdTo,
	"cc": fwdCc, "kopie": fwdCc,
	"subject": fwdSubject, "betreff": fwdSubject, "objet": fwdSubject, "asunto": fwdSubject, "assunto": fwdSubject,
	"oggetto": fwdSubject, "onderwerp": fwdSubject, "temat": fwdSubject, "тема": fwdSubject, "件名": fwdSubject,
	"主题": fwdSubject, "主旨": fwdSubject, "제목": fwdSubject,
}

// forwardLine reads one line of a forwarded header: its key and value,
// and how many levels of "> " quoting it had. Clients that render the
// header from HTML may wrap the name in "*" (bold).
func forwardLine(l string) (forwardKey, string, int) {
	quotes := 0
	for quotes < 3 {
		t := strings.TrimLeft(l, " \t")
		if !strings.HasPrefix(t, ">") {
			break
		}
		l = t[1:]
		quotes++
	}
	l = mailtext.TrimSpace(l)
	i := strings.IndexByte(l, ':')
	if i <= 0 || i > 24 {
		return fwdNone, "", quotes
	}
	name := strings.ToLower(strings.Trim(mailtext.TrimSpace(l[:i]), "*"))
	k := forwardKeys[mailtext.TrimSpace(name)]
	if k == fwdNone {
		return fwdNone, "", quotes
	}
	return k, mailtext.TrimSpace(strings.TrimLeft(l[i+1:], "*")), quotes
}

// forwardedHeader is the forwarded header found in a forward's lines.
type forwardedHeader struct {
	from, date, to, subject string
	end                     int // the index of the first line after the header
	quotes                  int // the header's level of "> " quoting
}

// maxForwardedHeaderLines bounds a forwarded header: a client writes four
// to six fields, one of them (To, Cc) maybe wrapped.
const maxForwardedHeaderLines = 12

// findForwardedHeader finds the first forwarded header whose From is a
// mail system's: a run of field lines with a From and a Subject.
func findForwardedHeader(lines []string) (forwardedHeader, bool) {
	for i := 0; i < len(lines); i++ {
		k, _, _ := forwardLine(lines[i])
		if k == fwdNone {
			continue
		}
		var h forwardedHeader
		j := i
		for ; j < len(lines) && j < i+maxForwardedHeaderLines; j++ {
			k, v, q := forwardLine(lines[j])
			if k == fwdNone {
				break
			}
			h.quotes = q
			switch k {
			case fwdFrom:
				h.from = v
			case fwdDate:
				h.date = v
			case fwdTo:
				h.to = v
			case fwdSubject:
				h.subject = v
			}
		}
		if h.from != "" && h.subject != "" && systemSender(h.from) {
			h.end = j
			if h.quotes == 0 && quotedBelow(lines[j:]) {
				// A client that writes the header plain and quotes
				// the text below it.
				h.quotes = 1
			}
			return h, true
		}
		i = j
	}
	return forwardedHeader{}, false
}

// quotedBelow reports whether the text below a forwarded header is
// quoted: its first three lines that are not blank start with ">".
func quotedBelow(lines []string) bool {
	n := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, ">") {
			return false
		}
		if n++; n == 3 {
			return true
		}
	}
	return false
}

// systemNames are the names mail systems send their notices under, as a
// client shows them without the address ("From: Microsoft Outlook").
var systemNames = []string{"mail delivery", "mailer-daemon", "mailer daemon", "postmaster", "microsoft outlook",
	"microsoft exchange", "mail administrator", "maildelivery"}

// systemSender reports whether a forwarded From names a mail system: a
// MAILER-DAEMON's or postmaster's address, Exchange's own sender
// (MicrosoftExchange followed by a hexadecimal id), or a system's name.
func systemSender(from string) bool {
	if a := dsn.Address(from); strings.Contains(a, "@") || dsn.IsMailerDaemon(a) {
		local := strings.ToLower(a)
		if i := strings.LastIndexByte(local, '@'); i >= 0 {
			local = local[:i]
		}
		if dsn.IsMailerDaemon(a) || strings.HasPrefix(local, "microsoftexchange") {
			return true
		}
	}
	lf := strings.ToLower(from)
	for _, n := range systemNames {
		if strings.Contains(lf, n) {
			return true
		}
	}
	return false
}

// message returns the forwarded notice as a message: the header written
// back as fields, then the lines after it with the header's quoting
// removed. A From that shows only a name gets MAILER-DAEMON's address,
// the sender of delivery notices (RFC 5321 section 4.5.5 gives them the
// null reverse path; MTAs write that From).
func (h forwardedHeader) message(lines []string) string {
	var b strings.Builder
	from := h.from
	if a := dsn.Address(from); !strings.Contains(a, "@") && !dsn.IsMailerDaemon(a) {
		from = strings.ReplaceAll(from, "<", "") + " <MAILER-DAEMON>"
	}
	field := func(name, v string) {
		if v != "" {
			b.WriteString(name)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	field("From", from)
	field("Date", h.date)
	field("To", h.to)
	field("Subject", h.subject)
	b.WriteByte('\n')
	for _, l := range lines[h.end:] {
		for q := 0; q < h.quotes; q++ {
			t := strings.TrimLeft(l, " \t")
			if !strings.HasPrefix(t, ">") {
				break
			}
			l = strings.TrimPrefix(t[1:], " ")
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
