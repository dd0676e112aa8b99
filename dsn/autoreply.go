package dsn

import (
	"strings"
	"unicode"
	"unicode/utf8"

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

// autoReplyLeads are subject beginnings (lower-case) that make an
// automatic reply whatever follows them: Sieve vacation's default prefix
// "Auto: " (RFC 5230 section 4.3) and the first-person sentences
// vacation programs are set up with ("I am on vacation" is vacation(1)'s
// example message). A person's subject rarely starts so.
var autoReplyLeads = []string{
	"auto:", "i am away", "i'm away", "i am on vacation", "i am out of the office",
	"i will be out of the office",
}

// autoReplyPrefixes are the phrases (lower-case) an auto-responder puts
// before the original subject, in the languages Outlook and others write
// them. Each is also a phrase of ordinary subjects ("Automatic reply
// settings question", "Réponse automatique ne marche pas", "Vacation
// request"), so it counts only as a prefix proper: followed by a colon
// (ASCII or full-width, after optional spaces), by the original subject's
// own reply prefix ("Out of Office Re: pricing"), or as the whole
// subject.
var autoReplyPrefixes = []string{
	// English, and the older Exchange forms
	"automatic reply", "automatic response", "auto reply", "auto-reply", "autoreply",
	"auto response", "auto-response", "autoresponse", "out of office autoreply",
	"out of office", "out of the office", "away from the office", "on vacation", "vacation",
	// Outlook's localised prefixes, as the StackOverflow answer
	// "Detecting Outlook autoreply/out-of-office emails"
	// (https://stackoverflow.com/questions/1027395) lists them and the
	// auto-reply subject lists of Zotonic (is_auto_subject), Loomio and
	// the Ruby autoreply gem repeat them. "autosvar" and "risposta non al
	// computer" name an automatic reply and nothing else; "frånvaro"
	// (absence) and "fuori sede" (off-site) are words of ordinary
	// subjects too.
	"abwesenheitsnotiz", "automatische antwort", "réponse automatique", "reponse automatique",
	"risposta automatica", "respuesta automática", "respuesta automatica", "resposta automática",
	"resposta automatica", "automatisch antwoord", "automatisk svar", "automaattinen vastaus",
	"automatyczna odpowiedź", "autosvar", "risposta non al computer", "frånvaro", "fuori sede",
	"自動応答", "自動返信", "自动回复", "자동 응답",
	// Outlook's prefixes in more languages, as the tests of three other
	// projects' reply classifiers hold them ("the subject an
	// autoresponder writes, in each language"; "the exact localized
	// prefixes observed" on 31 autoresponders; live autoresponders,
	// Croatian). The copies read for this list did not name their
	// repositories: each prefix is Outlook's "<word>: <subject>", and a
	// source that names the project is still wanted.
	"automatiskt svar", "odpowiedź automatyczna", "automatická odpověď", "răspuns automat",
	"automatikus válasz", "автоматический ответ", "автоответ", "автоматична відповідь",
	"αυτόματη απάντηση", "otomatik yanıt", "自动答复", "自動回覆", "자동 회신",
	"balasan otomatis", "trả lời tự động", "ตอบกลับอัตโนมัติ", "स्वचालित उत्तर", "رد تلقائي",
	"תשובה אוטומטית", "samodejni odgovor", "automatski odgovor", "fuera de la oficina",
	"buiten kantoor",
}

// autoReplySuffix ends the subject of the Notes/Domino out-of-office
// agent: "<Name> is out of the office." (the Open MPI users list archive
// holds such replies: "[OMPI users] Swamy Kandadai is out of the office.";
// IBM, "Guide to the Notes/Domino Out of Office").
const autoReplySuffix = " is out of the office"

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
	for _, s := range append(append([]string{autoReplySuffix[1:]}, autoReplyLeads...), autoReplyPrefixes...) {
		ms = append(ms, Mark{Field: "Subject", Test: MarkContains, Value: s})
		// Marks compare ignoring ASCII case only: a phrase that starts
		// with another script's letter is marked capitalised too.
		if r, n := utf8.DecodeRuneInString(s); r >= utf8.RuneSelf && unicode.ToUpper(r) != r {
			ms = append(ms, Mark{Field: "Subject", Test: MarkContains, Value: string(unicode.ToUpper(r)) + s[n:]})
		}
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
	s = foldTurkishI(strings.ToLower(mailtext.TrimSpace(s)))
	for _, p := range autoReplyLeads {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	for _, p := range foldedAutoReplyPrefixes {
		if strings.HasPrefix(s, p) && endsAutoReplyPrefix(s[len(p):]) {
			return true
		}
	}
	return strings.HasSuffix(strings.TrimRight(s, ". "), autoReplySuffix) ||
		strings.Contains(s, autoReplySuffix+" (returning")
}

// foldedAutoReplyPrefixes are autoReplyPrefixes as foldTurkishI leaves
// them.
var foldedAutoReplyPrefixes = func() []string {
	out := make([]string, len(autoReplyPrefixes))
	for i, p := range autoReplyPrefixes {
		out[i] = foldTurkishI(p)
	}
	return out
}()

// foldTurkishI makes a lower-cased Turkish subject compare alike however
// it was capitalised: "OTOMATİK YANIT" lower-cases to a dotted i with a
// combining dot and a plain i where the prefix has dotless ı.
func foldTurkishI(s string) string {
	if !strings.Contains(s, "\u0307") && !strings.Contains(s, "ı") {
		return s
	}
	return strings.NewReplacer("i\u0307", "i", "ı", "i").Replace(s)
}

// endsAutoReplyPrefix reports whether rest, what follows an auto-reply
// prefix in a subject, shows the prefix was put before another subject
// or stands alone: a colon (ASCII or full-width), the original's reply
// prefix, or nothing but punctuation.
func endsAutoReplyPrefix(rest string) bool {
	rest = strings.TrimLeft(rest, " \t\u00a0\u202f")
	if strings.Trim(rest, ".!") == "" {
		return true
	}
	if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
		return true
	}
	for _, re := range []string{"re:", "aw:", "sv:", "fw:", "fwd:", "wg:", "tr:", "odp:", "回复:", "答复:"} {
		if strings.HasPrefix(rest, re) {
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
