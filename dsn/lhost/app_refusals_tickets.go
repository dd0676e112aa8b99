package lhost

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Refusals by applications that take mail in (a forum's reply by email, a
// ticket system's mail gateway): the application's mail server accepted
// the message, then the application refused it and told the sender in a
// notice of its own. Each notice below says which address the message
// was refused for, and why, in its own fixed words; the address is the
// failed recipient and the words are its diagnostic, as for the list
// managers' refusals (lists.go). classify's text rows (texts/app_refusals_tickets.tsv)
// give the reasons.

// The names of the decoders of this file.
const (
	Discourse      dsn.DecoderName = "Discourse"
	OTRS           dsn.DecoderName = "OTRS"
	RequestTracker dsn.DecoderName = "RequestTracker"
)

// discourseDecoder reads Discourse's refusals of a message sent to the
// forum by email (config/locales/server.en.yml, system_messages
// email_reject_*; Email::Receiver raises the error, the rejection mailer
// sends the template to the sender). Every one has the same Subject and
// first line, the issue named in the Subject, its explanation below:
//
//	Subject: [Forum] Email issue -- Unknown Reply Key
//	  (or, subject_template_improved: "Forum: Email issue -- unknown reply key")
//
//	We're sorry, but your email message to replies+KEY@forum.example.org
//	(titled Route for Sunday) didn't work.
//
//	The reply key in the email is invalid or unknown, ...
//
// The address the line names is the one the forum refused; the
// diagnostic is the issue the Subject names ("Email issue -- Unknown Reply
// Key") and the explanation, without the line, which quotes the message's
// title and says nothing of the reason. The German and French templates
// are read too (discourseForms). email_reject_attachment ("Some
// attachments in your email message ... were rejected") has another first
// line and is no refusal of the message: the post went out without them.
type discourseDecoder struct{}

func (discourseDecoder) Name() dsn.DecoderName { return Discourse }

// discourseForm is one language's wording of the email_reject_*
// templates: the fixed part of their Subjects, and the words before and
// after the refused address in their first line.
type discourseForm struct {
	lang string
	// issues are the Subjects' fixed part, before the issue's name.
	issues []string
	// leads come before the address, titled after it (where the message's
	// title follows in parentheses).
	leads  []string
	titled string
}

// discourseForms are the templates' English (server.en.yml), German
// (server.de.yml, whose releases have written both "E-Mail-Problem" and
// "E-Mail Problem", and several first lines) and French (server.fr.yml:
// "Problème de courriel - " with one dash or two; the longer lead of
// email_reject_old_destination first). A key a locale does not
// translate falls back to English, so a German Subject may come over an
// English text: Subject and text are looked for in every form.
var discourseForms = slices.Concat(discourseFormsEnDeFr, discourseFormsMore, discourseFormsIt, discourseFormsPt, discourseFormsNl, discourseFormsRu, discourseFormsJa, discourseFormsKo, discourseFormsZh, discourseFormsTr, discourseFormsUk)

// discourseFormsEnDeFr are the English, German and French forms; the others
// are in app_refusals_discourse_l10n.go.
var discourseFormsEnDeFr = []discourseForm{
	{"en", []string{"Email issue -- "}, []string{"We're sorry, but your email message to "}, " (titled "},
	{"de", []string{"E-Mail-Problem -- ", "E-Mail Problem -- "},
		[]string{"deine E-Mail-Nachricht an ", "die E-Mail-Nachricht an ", "deiner E-Mail-Nachricht an "}, " (Titel: "},
	{"fr", []string{"Problème de courriel -"},
		[]string{"l'envoi de votre courriel à destination de ", "l'envoi de votre courriel à "}, " (intitulé "},
}

// discourseIssues are every form's Subject marks, collected once so that
// Match allocates nothing.
var discourseIssues = func() []string {
	var ss []string
	for _, f := range discourseForms {
		ss = append(ss, f.issues...)
	}
	return ss
}()

func (discourseDecoder) Marks() []dsn.Mark { return subjects(discourseIssues...) }

func (d discourseDecoder) Match(m *dsn.Message) bool {
	return subjectContains(m, discourseIssues...)
}

func (discourseDecoder) Decode(m *dsn.Message) *dsn.Report {
	subject := mailtext.FoldSpace(m.Header.Text("Subject"))
	i, _ := mailtext.IndexFoldAny(subject, discourseIssues...)
	if i < 0 {
		return nil
	}
	issue := subject[i:]
	// Some renderings curl the apostrophe of "We're".
	text := strings.ReplaceAll(mailtext.FoldSpace(reportText(m)), "\u2019", "'")
	for _, f := range discourseForms {
		for _, lead := range f.leads {
			addr, rest, ok := discourseAddress(text, lead, f.titled)
			if !ok {
				continue
			}
			return listRefusal(addr, issue+". "+rest)
		}
	}
	return nil
}

// discourseAddress returns the address between lead and titled in text,
// and the explanation: the text after the first line, which ends after
// the parenthesis titled opens. An empty lead is a language whose first
// line starts with the address (Japanese: "ADDR へのメールメッセージ
// (件名: ...)"): the text must start with a bare address, so that another
// template's line with words before it (email_reject_attachment's
// "残念ながら、ADDR へのメールメッセージ ...") is not read.
func discourseAddress(text, lead, titled string) (addr, rest string, ok bool) {
	i := strings.Index(text, lead)
	if i < 0 {
		return "", "", false
	}
	after := text[i+len(lead):]
	j := strings.Index(after, titled)
	if j <= 0 {
		return "", "", false
	}
	if lead == "" && !discourseBareAddress(after[:j]) {
		return "", "", false
	}
	addr = dsn.Address(after[:j])
	if addr == "" {
		return "", "", false
	}
	after = after[j+len(titled):]
	// Chinese closes the parenthesis with a full-width one.
	if k := strings.IndexAny(after, ")\uff09"); k >= 0 {
		_, n := utf8.DecodeRuneInString(after[k:])
		after = after[k+n:]
	}
	// The first line's verb ("didn't work.", "hat nicht geklappt.") says
	// nothing the Subject does not. Japanese and Chinese end it with an
	// ideographic full stop. A first line that says only the attachments
	// were refused (discourseAttachmentLines) is no refusal of the message.
	if k := strings.IndexAny(after, ".!\u3002"); k >= 0 {
		for _, w := range discourseAttachmentLines {
			if strings.Contains(after[:k], w) {
				return "", "", false
			}
		}
		_, n := utf8.DecodeRuneInString(after[k:])
		after = after[k+n:]
	}
	return addr, mailtext.TrimSpace(after), true
}

// discourseBareAddress reports whether s is one address and nothing else:
// printable ASCII without spaces, one @ not at either end.
func discourseBareAddress(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.Count(s, "@") != 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// decodes reports whether d reads a report out of m: notBounceDecoder
// asks it of these decoders, so that a ticket system's refusal is not
// taken for the rest of its mail.
func decodes(d dsn.Decoder, m *dsn.Message) bool {
	return d.Match(m) && d.Decode(m) != nil
}

// otrsDecoder reads the auto response OTRS (and its forks Znuny and
// OTOBO) sends when it refuses a follow-up to a closed ticket: the
// queue's auto response of type "auto reject", whose default the
// installers insert (scripts/database/otrs-initial_insert.*.sql,
// auto_response 'default reject (after follow-up and rejected of a closed
// ticket)'):
//
//	From: Support <support@helpdesk.example.org>
//	Subject: Your email has been rejected! (RE: <the message's Subject>)
//	X-Loop: yes
//
//	Your previous ticket is closed.
//
//	-- Your follow-up has been rejected. --
//
//	Please create a new ticket.
//
// It comes from the queue's system address, the address the follow-up
// was sent to: that is the failed recipient. Both the Subject and the
// line are required: a queue may word its own auto responses.
type otrsDecoder struct{}

func (otrsDecoder) Name() dsn.DecoderName { return OTRS }

const (
	otrsRejectSubject = "Your email has been rejected!"
	otrsRejectLine    = "Your follow-up has been rejected"
)

func (otrsDecoder) Marks() []dsn.Mark { return subjects(otrsRejectSubject) }

func (otrsDecoder) Match(m *dsn.Message) bool {
	return mailtext.HasPrefixFold(mailtext.TrimSpace(m.Header.Text("Subject")), otrsRejectSubject)
}

func (otrsDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := mailtext.FoldSpace(reportText(m))
	if !mailtext.ContainsFold(text, otrsRejectLine) {
		return nil
	}
	return listRefusal(m.Header.Address("From"), text)
}

// rtDecoder reads Request Tracker's refusal of a message its mail gateway
// took for a queue, sent when the sender lacks the right to create a
// ticket, reply or comment (lib/RT/Interface/Email/Authz/Default.pm
// CheckACL, through MailError in lib/RT/Interface/Email.pm): a
// multipart/mixed notice with X-RT-Loop-Prevention, the explanation in
// its first part and the refused message attached:
//
//	Subject: Permission Denied
//	X-RT-Loop-Prevention: example.org
//
//	user@example.com has no right to create tickets in queue General
//	  ("... has no right to reply to ticket 12 in queue Support",
//	   "... has no right to comment on ticket 12 in queue Support")
//
// The notice does not name the queue's address; the attached message was
// sent to it, so its (first) To is the failed recipient.
type rtDecoder struct{}

func (rtDecoder) Name() dsn.DecoderName { return RequestTracker }

const (
	rtLoopField      = "X-RT-Loop-Prevention"
	rtDeniedSubject  = "Permission Denied"
	rtNoRightPhrase  = " has no right to "
	rtNoRightInQueue = " in queue "
)

// Marks: the Subject, not RT's loop field, which is on all of RT's mail:
// the milter's pre-filter reads the body of what a mark names, and only
// the refusal needs reading.
func (rtDecoder) Marks() []dsn.Mark { return subjects(rtDeniedSubject) }

func (rtDecoder) Match(m *dsn.Message) bool {
	return m.Header.Has(rtLoopField) &&
		strings.EqualFold(mailtext.TrimSpace(m.Header.Text("Subject")), rtDeniedSubject)
}

func (rtDecoder) Decode(m *dsn.Message) *dsn.Report {
	if len(m.Parts) < 2 || m.Parts[0].MediaType != "text/plain" {
		return nil
	}
	text := mailtext.FoldSpace(m.Parts[0].Text())
	i := strings.Index(text, rtNoRightPhrase)
	if i < 0 || !strings.Contains(text[i:], rtNoRightInQueue) {
		return nil
	}
	orig, ok := m.Original()
	if !ok {
		return nil
	}
	return listRefusal(orig.To, text)
}
