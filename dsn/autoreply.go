package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// AutoReplyDecoder recognises automatic replies: vacation and
// out-of-office notices (RFC 3834) and the vendor headers and subjects of
// auto-responders that do not follow it. The recipient it reports is the
// auto-reply's author, the address the original message was sent to.
type AutoReplyDecoder struct{}

func (AutoReplyDecoder) Name() DecoderName { return RFC3834 }

// AutoReplyMark is a header field that marks an automatic reply: by its
// presence, or by its value containing Contains (lower-case).
type AutoReplyMark struct {
	Name     string // canonical header name
	Contains string // "" means any value
	// Weak marks also appear on rule-generated mail of other kinds: they
	// make an auto-reply only together with an auto-reply subject.
	Weak   bool
	Source string
}

// AutoReplyHeaders are the marks of automatic replies, RFC 3834's and the
// vendors'. The milter's pre-filter reads them too.
var AutoReplyHeaders = []AutoReplyMark{
	{"Auto-Submitted", "auto-replied", false, "RFC 3834 section 5"},
	{"X-Autoreply", "", false, "common vacation programs"},
	{"X-Autorespond", "", false, "common vacation programs"},
	{"X-Autoresponder", "", false, "common vacation programs"},
	{"X-Vacation", "", false, "common vacation programs"},
	{"X-Apple-Action", "vacation", false, "iCloud vacation notices"},
	{"Precedence", "auto_reply", false, "common vacation programs"},
	{"X-Ms-Exchange-Inbox-Rules-Loop", "", true, "Exchange rules that reply"},
	{"X-Auto-Response-Suppress", "", true, "Exchange auto-replies"},
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
	// Outlook's older localised prefixes, as the StackOverflow answer
	// "Detecting Outlook autoreply/out-of-office emails"
	// (https://stackoverflow.com/questions/1027395) lists them and the
	// auto-reply subject lists of Zotonic (is_auto_subject), Loomio and
	// the Ruby autoreply gem repeat them. "autosvar" and
	// "risposta non al computer" name an automatic reply and nothing
	// else; "frånvaro" (absence) and "fuori sede" (off-site) are words of
	// ordinary subjects too, so only the prefix form with its colon
	// counts.
	"autosvar", "risposta non al computer", "frånvaro:", "fuori sede:",
}

// Match reports whether m has an auto-reply header or subject.
func (AutoReplyDecoder) Match(m *Message) bool {
	return m.autoReplyHeader() != nil || hasAutoReplySubject(m.Header.Text("Subject"))
}

// Marks returns the header evidence of an automatic reply: a strong
// auto-reply header (AutoReplyHeaders), or an auto-reply subject. Decode
// reads no message with a weak header alone.
func (AutoReplyDecoder) Marks() []Mark {
	var ms []Mark
	for _, h := range AutoReplyHeaders {
		switch {
		case h.Weak:
		case h.Contains == "":
			ms = append(ms, Mark{Field: h.Name, Test: MarkPresent})
		default:
			ms = append(ms, Mark{Field: h.Name, Test: MarkContains, Value: h.Contains})
		}
	}
	for _, s := range autoReplySubjects {
		ms = append(ms, Mark{Field: "Subject", Test: MarkContains, Value: s})
	}
	return ms
}

// autoReplyHeader returns the first auto-reply mark m has, or nil.
func (m *Message) autoReplyHeader() *AutoReplyMark {
	for i := range AutoReplyHeaders {
		h := &AutoReplyHeaders[i]
		v := m.Header.Get(h.Name)
		if v == "" && !m.Header.Has(h.Name) {
			continue
		}
		if h.Contains == "" || strings.Contains(strings.ToLower(v), h.Contains) {
			return h
		}
	}
	return nil
}

func hasAutoReplySubject(s string) bool {
	s = strings.ToLower(mailtext.TrimSpace(s))
	for _, p := range autoReplySubjects {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// Decode reports the author of an automatic reply, unless m comes from a
// mail system.
func (AutoReplyDecoder) Decode(m *Message) *Report {
	subject := m.Header.Text("Subject")
	if h := m.autoReplyHeader(); (h == nil || h.Weak) && !hasAutoReplySubject(subject) {
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
	text := mailtext.Truncate(mailtext.FoldSpace(m.TextBody()), 512)
	r.Recipients = []Recipient{{Recipient: from, Action: ActionDelivered, DiagnosticCode: text}}
	r.Original.MessageID = TrimMessageID(m.Header.Get("In-Reply-To"))
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
	case "mailer-daemon", "postmaster", "post_master", "mail-daemon", "mailerdaemon", "maildaemon",
		"mail.delivery.system", "mail-delivery-system", "mailer_daemon", "mdaemon",
		"mail-delivery-subsystem", "mailer", "root", "nobody", "bounce", "bounces":
		return true
	}
	return strings.HasPrefix(local, "mailer-daemon") || strings.HasPrefix(local, "postmaster")
}
