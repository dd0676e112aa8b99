package dsn

import "strings"

// autoReplyDecoder recognises automatic replies: vacation and
// out-of-office notices (RFC 3834) and the vendor headers and subjects of
// auto-responders that do not follow it. The recipient it reports is the
// auto-reply's author, the address the original message was sent to.
type autoReplyDecoder struct{}

func (autoReplyDecoder) Name() string { return "RFC3834" }

// autoReplyHeaders are header fields that by their presence, or their
// value containing the given text (lower-case), mark an auto-reply.
var autoReplyHeaders = []struct {
	name, contains, source string
}{
	{"Auto-Submitted", "auto-replied", "RFC 3834 section 5"},
	{"X-Autoreply", "", "common vacation programs"},
	{"X-Autorespond", "", "common vacation programs"},
	{"X-Autoresponder", "", "common vacation programs"},
	{"X-Vacation", "", "common vacation programs"},
	{"X-Apple-Action", "vacation", "iCloud vacation notices"},
	{"Precedence", "auto_reply", "common vacation programs"},
	{"X-Ms-Exchange-Inbox-Rules-Loop", "", "Exchange rules that reply (with an auto-reply subject)"},
	{"X-Auto-Response-Suppress", "", "Exchange auto-replies (with an auto-reply subject)"},
}

// autoReplySubjects are subject prefixes (lower-case) auto-responders use,
// in the common languages.
var autoReplySubjects = []string{
	"auto:", "autoreply", "auto reply", "auto-reply", "auto response", "auto-response",
	"automatic reply", "automatic response", "autoresponse", "out of office", "out of the office",
	"away from", "on vacation", "vacation", "i am away", "i'm away",
	"abwesenheitsnotiz", "automatische antwort", "réponse automatique", "reponse automatique",
	"risposta automatica", "respuesta automática", "respuesta automatica", "resposta automática",
	"automatisch antwoord", "automatisk svar", "automaattinen vastaus", "automatyczna odpowiedź",
	"自動応答", "自動返信", "自动回复", "자동 응답",
}

func (autoReplyDecoder) Match(m *Message) bool {
	return m.autoReplyHeader() != "" || hasAutoReplySubject(m.Header.Text("Subject"))
}

// autoReplyHeader returns the name of the first auto-reply header m has, or "".
func (m *Message) autoReplyHeader() string {
	for _, h := range autoReplyHeaders {
		v := m.Header.Get(h.name)
		if v == "" && !m.Header.Has(h.name) {
			continue
		}
		if h.contains == "" || strings.Contains(strings.ToLower(v), h.contains) {
			return h.name
		}
	}
	return ""
}

func hasAutoReplySubject(s string) bool {
	s = strings.ToLower(trimSpace(s))
	for _, p := range autoReplySubjects {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func (autoReplyDecoder) Decode(m *Message) *Report {
	subject := m.Header.Text("Subject")
	hdr := m.autoReplyHeader()
	// The Exchange headers mark rule-generated mail of any kind; they make
	// an auto-reply only together with an auto-reply subject.
	weak := hdr == "X-Ms-Exchange-Inbox-Rules-Loop" || hdr == "X-Auto-Response-Suppress" || hdr == ""
	if weak && !hasAutoReplySubject(subject) {
		return nil
	}
	if looksLikeFailureNotice(m) {
		return nil
	}
	from := m.Header.Address("From")
	if from == "" {
		return nil
	}
	r := &Report{Kind: AutoReply}
	text := strings.Join(strings.Fields(m.TextBody()), " ")
	if len(text) > 512 {
		text = text[:512]
	}
	r.Recipients = []Recipient{{Recipient: from, Action: ActionDelivered, DiagnosticCode: text}}
	r.Original.MessageID = trimMessageID(m.Header.Get("In-Reply-To"))
	r.Original.To = from
	return r
}

// looksLikeFailureNotice reports whether m comes from a mail system rather
// than a person: an auto-reply header on a bounce does not make it a
// vacation notice.
func looksLikeFailureNotice(m *Message) bool {
	if IsMailerDaemon(m.Header.Address("From")) {
		return true
	}
	return m.Header.Get("X-Failed-Recipients") != ""
}

// IsMailerDaemon reports whether addr's local part is one that mail
// systems send bounces from: MAILER-DAEMON, postmaster and their kin.
func IsMailerDaemon(addr string) bool {
	local := addr
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		local = addr[:i]
	}
	local = strings.ToLower(local)
	switch local {
	case "mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon", "maildaemon",
		"mail.delivery.system", "mail-delivery-system", "mailer_daemon", "mdaemon",
		"mail-delivery-subsystem", "mailer", "root", "nobody", "bounce", "bounces":
		return true
	}
	return strings.HasPrefix(local, "mailer-daemon") || strings.HasPrefix(local, "postmaster")
}
