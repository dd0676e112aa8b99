package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// More refusals by applications that take mail in (app_refusals_tickets.go has
// Discourse's, OTRS's and Request Tracker's): a code review's or a
// tracker's mail receiver, an ERP's mail gateway, help desks' replies. Each notice says in its
// own fixed words that the message was not taken and why; the address
// the message was refused for is the one the notice names, or the one the
// returned message was sent to. classify's text rows (texts/app_refusals_devtools.tsv)
// give the reasons.

// The names of the decoders of this file.
const (
	Phabricator dsn.DecoderName = "Phabricator"
	Gerrit      dsn.DecoderName = "Gerrit"
	Odoo        dsn.DecoderName = "Odoo"
	Roundup     dsn.DecoderName = "Roundup"
	Zammad      dsn.DecoderName = "Zammad"
	OsTicket    dsn.DecoderName = "osTicket"
)

// phabricatorDecoder reads the error mail Phabricator (and its fork
// Phorge) sends a known user whose mail it did not process
// (PhabricatorMetaMTAReceivedMail::sendExceptionMail; the status names are
// MetaMTAReceivedMailStatus::getHumanReadableName's):
//
//	Subject: Error Processing Mail (Disabled Sender)
//	X-Phabricator-Sent-This-Message: Yes
//
//	Your email to Phabricator was not processed, because an error occurred while
//	trying to handle it:
//
//	Your account ("eva") is disabled, so you can not interact with ...
//
//	-- Original Message Body ---------------------------------------------
//	...
//	-- Original Message Headers ------------------------------------------
//
//	from: Eva <eva@example.com>
//	to: T1234+233+9f1c0d2e3b4a5968@phab.example.org
//
// The received message's headers are listed in lower case; its first To
// is the failed recipient. The diagnostic is the Subject's status and the
// explanation. An exception that is no processing error puts its class
// in the Subject instead of a status ("Error Processing Mail
// (AphrontQueryException)"); Phabricator records such mail as "Unhandled
// Exception", and the diagnostic says so.
type phabricatorDecoder struct{}

func (phabricatorDecoder) Name() dsn.DecoderName { return Phabricator }

const (
	phabSubject     = "Error Processing Mail ("
	phabNotDone     = " was not processed, because an error occurred while trying to handle it:"
	phabBody        = "-- Original Message Body --"
	phabHeaders     = "-- Original Message Headers --"
	phabUnhandled   = "Unhandled Exception"
	phabToFieldName = "to:"
)

// phabStatuses are the names a processing error puts in the Subject
// (MetaMTAReceivedMailStatus::getHumanReadableName).
var phabStatuses = []string{
	"Duplicate Message", "Mail From Self", "No Receivers", "Unknown Sender",
	"Disabled Sender", "No Public Mail", "User Mismatch", "Policy Error",
	"No Such Object", "Bad Address", "Unhandled Exception", "Empty Mail",
	"Ignored Empty Mail", "Reserved Recipient", "Processing Exception",
}

func (phabricatorDecoder) Marks() []dsn.Mark { return subjects(phabSubject) }

func (phabricatorDecoder) Match(m *dsn.Message) bool { return subjectContains(m, phabSubject) }

func (phabricatorDecoder) Decode(m *dsn.Message) *dsn.Report {
	subject := mailtext.FoldSpace(m.Header.Text("Subject"))
	i := mailtext.IndexFold(subject, phabSubject)
	j := strings.LastIndexByte(subject, ')')
	if i < 0 || j < i+len(phabSubject) {
		return nil
	}
	status := mailtext.TrimSpace(subject[i+len(phabSubject) : j])
	raw := reportText(m)
	h := strings.Index(raw, phabHeaders)
	if h < 0 {
		return nil
	}
	addr := phabOriginalTo(raw[h+len(phabHeaders):])
	text := mailtext.FoldSpace(raw[:h])
	k := strings.Index(text, phabNotDone)
	if k < 0 || addr == "" {
		return nil
	}
	why := text[k+len(phabNotDone):]
	if b := strings.Index(why, phabBody); b >= 0 {
		why = why[:b]
	}
	issue := phabSubject + status + ")"
	if !phabKnownStatus(status) {
		issue = phabSubject + phabUnhandled + ")"
	}
	return listRefusal(addr, issue+". "+mailtext.TrimSpace(why))
}

// phabKnownStatus reports whether s is one of the status names.
func phabKnownStatus(s string) bool {
	for _, st := range phabStatuses {
		if strings.EqualFold(s, st) {
			return true
		}
	}
	return false
}

// phabOriginalTo returns the first address of the "to:" line in the
// listed headers of the received message.
func phabOriginalTo(headers string) string {
	for _, line := range strings.Split(headers, "\n") {
		line = mailtext.TrimSpace(line)
		if !mailtext.HasPrefixFold(line, phabToFieldName) {
			continue
		}
		for _, a := range strings.Split(line[len(phabToFieldName):], ",") {
			if addr := dsn.Address(a); addr != "" {
				return addr
			}
		}
		return ""
	}
	return ""
}

// gerritDecoder reads the mail Gerrit sends when it could not act on an
// email reply (InboundEmailRejectionSender with the
// InboundEmailRejection_* templates of InboundEmailRejection.soy):
//
//	From: Gerrit Code Review <gerrit@review.example.org>
//	Subject: [Gerrit Code Review] Unable to process your email
//	X-Gerrit-MessageType: error
//
//	Gerrit Code Review was unable to parse your email.
//	This might be because your email did not quote Gerrit's email, ...
//
//	Thus, no actions were taken by Gerrit in response to this email, ...
//	This email was sent in response to an email coming from this address.
//
// The notice does not name the address the reply was sent to; it comes
// from the Gerrit server's own address, which the failed recipient is
// taken to be (as OTRS's refusal comes from the queue's). The diagnostic
// is the text before the footer.
type gerritDecoder struct{}

func (gerritDecoder) Name() dsn.DecoderName { return Gerrit }

const (
	gerritSubject = "[Gerrit Code Review] Unable to process your email"
	gerritFooter  = "This email was sent in response to an email coming from this address."
)

func (gerritDecoder) Marks() []dsn.Mark { return subjects(gerritSubject) }

func (gerritDecoder) Match(m *dsn.Message) bool { return subjectContains(m, gerritSubject) }

func (gerritDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := mailtext.FoldSpace(reportText(m))
	i := strings.Index(text, gerritFooter)
	if i <= 0 {
		return nil
	}
	return listRefusal(m.Header.Address("From"), text[:i])
}

// odooDecoder reads the refusals Odoo's mail gateway sends back when an
// alias or the catch-all address does not take a message
// (mail.thread._routing_create_bounce_email: From "MAILER-DAEMON" at the
// bounce address, or "MAILER_DAEMON" before Odoo 14, Subject "Re: " and
// the message's Subject; the body one of these, the message quoted
// below):
//
//	The message below could not be accepted by the address sales@example.com.
//	  Only addresses linked to registered partners are allowed to contact it.
//	  (mail.alias _get_alias_bounced_body_fallback, Odoo 15 and later;
//	  _get_alias_invalid_body: "... Please try again later or contact ...";
//	  message_notification_limit_email: "... because you have contacted it
//	  too many times in the last few minutes.")
//
//	The following email sent to hr@example.com cannot be accepted because
//	this is a private email address. (the same fallback before Odoo 15)
//
//	The email sent to catchall@example.com cannot be processed. This address
//	is used to collect replies ... (mail_bounce_catchall)
//
// The address each names is the failed recipient; the diagnostic is the
// text from that sentence on. An alias's own bounce text
// (alias_bounced_content) replaces the fallback, and is not read.
type odooDecoder struct{}

func (odooDecoder) Name() dsn.DecoderName { return Odoo }

var odooSenders = []string{"MAILER-DAEMON", "MAILER_DAEMON"}

// odooForms are the sentences that name the refused address: the words
// before it and the words that must follow it.
var odooForms = []struct{ lead, then string }{
	{"The message below could not be accepted by the address ", ""},
	{"The following email sent to ", " cannot be accepted because"},
	{"The email sent to ", " cannot be processed."},
}

func (odooDecoder) Marks() []dsn.Mark {
	ms := make([]dsn.Mark, len(odooSenders))
	for i, s := range odooSenders {
		ms[i] = holding("From", s)
	}
	return ms
}

func (odooDecoder) Match(m *dsn.Message) bool {
	return containsAnyFold(m.Header.Text("From"), odooSenders...) &&
		mailtext.HasPrefixFold(mailtext.TrimSpace(m.Header.Text("Subject")), "Re:")
}

func (odooDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := mailtext.FoldSpace(reportText(m))
	for _, f := range odooForms {
		i := strings.Index(text, f.lead)
		if i < 0 {
			continue
		}
		after := text[i+len(f.lead):]
		word, rest, _ := strings.Cut(after, " ")
		if f.then != "" && !strings.HasPrefix(" "+rest, f.then) {
			continue
		}
		if addr := dsn.Address(strings.TrimRight(word, ".,")); addr != "" {
			return listRefusal(addr, text[i:])
		}
	}
	return nil
}

// roundupDecoder reads Roundup's refusal of a message its mail gateway
// took (roundup/mailgw.py: MailGW.handle_Message bounces a MailUsageError,
// an Unauthorized or an unexpected error through Mailer.bounce_message):
// a multipart/mixed notice with the explanation first and the message
// attached:
//
//	From: Roundup issue tracker <roundup-admin@tracker.example.org>
//	Subject: Failed issue tracker submission
//	X-Roundup-Name: Roundup issue tracker
//
//	You are not permitted to access this tracker.
//
// The notice does not name the tracker's address; the attached message
// was sent to it, so its (first) To is the failed recipient. The help a
// sender asks for comes the same way under "Mail Gateway Help" and is no
// refusal.
type roundupDecoder struct{}

func (roundupDecoder) Name() dsn.DecoderName { return Roundup }

const roundupSubject = "Failed issue tracker submission"

func (roundupDecoder) Marks() []dsn.Mark { return subjects(roundupSubject) }

func (roundupDecoder) Match(m *dsn.Message) bool {
	return strings.EqualFold(mailtext.TrimSpace(m.Header.Text("Subject")), roundupSubject)
}

func (roundupDecoder) Decode(m *dsn.Message) *dsn.Report {
	if len(m.Parts) < 2 || m.Parts[0].MediaType != "text/plain" {
		return nil
	}
	text := mailtext.TrimSpace(mailtext.FoldSpace(m.Parts[0].Text()))
	if text == "" {
		return nil
	}
	orig, ok := m.Original()
	if !ok {
		return nil
	}
	return listRefusal(orig.To, text)
}

// zammadDecoder reads the reply Zammad sends as postmaster when a message
// it fetched is larger than it accepts (Channel::EmailParser
// postmaster_response with the email_oversized template of
// app/views/mailer/email_oversized/<locale>.txt.erb, whose first line is
// the Subject):
//
//	From: support@zammad.example.org
//	Subject: [undeliverable] Message too large
//
//	Unfortunately your email titled "Scans" could not be delivered to one
//	or more recipients.
//
//	Your message was 31.42 MB but we only accept messages up to 20 MB.
//
// It comes from the address of the channel the message was fetched from:
// that is the failed recipient. English, German, French and Spanish are
// read (zammadForms); the template has more translations.
type zammadDecoder struct{}

func (zammadDecoder) Name() dsn.DecoderName { return Zammad }

// zammadForms are each translation's Subject and its sentence on the
// accepted size.
var zammadForms = []struct{ subject, limit string }{
	{"[undeliverable] Message too large", "but we only accept messages up to"},
	{"[Unzustellbar] Nachricht zu groß", "wir akzeptieren jedoch nur E-Mails mit einer Größe von bis zu"},
	{"[Non délivrable] Message trop volumineux", "Nous acceptons les messages jusqu'à"},
	{"[no se pudo entregar] Mensaje demasiado grande", "solamente acepta mensajes de hasta"},
}

// zammadSubjects returns every translation's Subject.
func zammadSubjects() []string {
	ss := make([]string, len(zammadForms))
	for i, f := range zammadForms {
		ss[i] = f.subject
	}
	return ss
}

func (zammadDecoder) Marks() []dsn.Mark { return subjects(zammadSubjects()...) }

func (zammadDecoder) Match(m *dsn.Message) bool { return subjectContains(m, zammadSubjects()...) }

func (zammadDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := mailtext.FoldSpace(reportText(m))
	for _, f := range zammadForms {
		if strings.Contains(text, f.limit) {
			return listRefusal(m.Header.Address("From"), text)
		}
	}
	return nil
}

// osTicketDecoder reads osTicket's notice that it opened no ticket for a
// message because its sender has as many open tickets as allowed
// (include/i18n/en_US/templates/email/ticket.overlimit.yaml, the default
// the installer puts in the database; an admin may reword it):
//
//	Subject: Open Tickets Limit Reached
//
//	You have reached the maximum number of open tickets allowed.
//
// It comes from the help desk's address the message was sent to (the
// department's or the default system address): that is the failed
// recipient.
type osTicketDecoder struct{}

func (osTicketDecoder) Name() dsn.DecoderName { return OsTicket }

const (
	osTicketSubject   = "Open Tickets Limit Reached"
	osTicketOverLimit = "You have reached the maximum number of open tickets allowed."
)

func (osTicketDecoder) Marks() []dsn.Mark { return subjects(osTicketSubject) }

func (osTicketDecoder) Match(m *dsn.Message) bool {
	return strings.EqualFold(mailtext.TrimSpace(m.Header.Text("Subject")), osTicketSubject)
}

func (osTicketDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := mailtext.FoldSpace(reportText(m))
	i := strings.Index(text, osTicketOverLimit)
	if i < 0 {
		return nil
	}
	return listRefusal(m.Header.Address("From"), text[i:])
}
