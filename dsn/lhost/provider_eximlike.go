package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file reads the providers whose bounces are Exim's text, reworded:
// Mail.ru and United Internet (GMX, 1&1). They list each failed address
// on a line of its own, with the reason on the lines after it.

// eximFailedList finds the list of failed addresses: after Exim's "The
// following address(es) failed:", which may be broken across lines.
var eximFailedList = lazyRegexp(`(?i)the\s+following\s+address(?:\(es\)|es)?\s+failed:`)

// eximListReport reads the list of failed addresses of a provider that
// rewords Exim's text into a delivery report, or returns nil when the list
// names no address.
func eximListReport(list string) *dsn.Report {
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	for _, it := range eximList(textLines(list)) {
		if rc, ok := eximLikeRecipient(it); ok {
			r.AddRecipient(rc)
		}
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	return r
}

// unitedInternetReasonLabels are the labels United Internet puts before a reason.
var unitedInternetReasonLabels = []string{"For the following reason:", "Reason:"}

// eximLikeRecipient turns an item of the list of failed addresses into a
// recipient: the command the remote host answered, the host, and its
// reply, or the text as it is when it names no host. It reports false for
// an item that names no address.
func eximLikeRecipient(it eximItem) (dsn.Recipient, bool) {
	addr := addrLine(it.head)
	if addr == "" {
		return dsn.Recipient{}, false
	}
	generated := ""
	var lines []string
	for _, d := range it.details {
		if mailtext.HasPrefixFold(d, "(generated from ") {
			generated = dsn.Address(strings.TrimSuffix(d[len("(generated from "):], ")"))
			continue
		}
		lines = append(lines, d)
	}
	text := mailtext.FoldSpace(strings.Join(lines, " "))
	for _, l := range unitedInternetReasonLabels {
		if mailtext.HasPrefixFold(text, l) {
			text = mailtext.TrimSpace(text[len(l):])
		}
	}
	// 1&1 points to its error page after the reason; the page is no part of it.
	if i, _ := mailtext.IndexFoldAny(text, " For explanation visit "); i > 0 {
		text = text[:i]
	}
	rc := dsn.Recipient{Recipient: addr, OriginalRecipient: generated, Action: dsn.ActionFailed}
	rc.Command = dsn.FindCommand(text)
	if rc.Command == "" {
		if i, _ := mailtext.IndexFoldAny(text, "for TEXT command"); i >= 0 {
			// United Internet calls the message text after DATA "TEXT".
			rc.Command = dsn.CommandDATA
		}
	}
	host, reply := splitSMTPReply(text)
	if host != "" {
		rc.RemoteMTA = host
		if reply != "" {
			text = reply
		}
	}
	rc.DiagnosticCode = text
	return rc, true
}

// mailRuDecoder reads Mail.Ru's bounces: a Russian notice, then Exim's own
// English one, with the failed addresses in both.
type mailRuDecoder struct{}

func (mailRuDecoder) Name() dsn.DecoderName { return MailRu }

func (mailRuDecoder) Match(m *dsn.Message) bool {
	if !dsn.IsMailerDaemon(m.Header.Address("From")) {
		return false
	}
	return domainIn(fromDomain(m), "mail.ru") || receivedBy(m, "mail.ru", "smailru.net")
}

// mailRuRussianList introduces the Russian notice's list of addresses:
// "Unfortunately, your message could not be delivered to one or more
// recipients:".
const mailRuRussianList = "К сожалению, Ваше письмо не может быть доставлено одному или нескольким получателям:"

// eximLikeListEnds end the list of failed addresses.
var eximLikeListEnds = []string{
	"------ This is a copy of the message",
	"--- The header of the original message is following. ---",
	"Рекомендуем Вам проверить",
	"**********",
}

func (mailRuDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	var list string
	if loc := eximFailedList().FindStringIndex(text); loc != nil {
		list, _ = textSection(text[loc[1]:], nil, eximLikeListEnds)
	} else if l, ok := textSection(text, []string{mailRuRussianList}, eximLikeListEnds); ok {
		list = l
	} else {
		return mailRuRejected(m, text)
	}
	r := eximListReport(list)
	if r == nil {
		return nil
	}
	r.Original, _ = originalAfter(text, eximCopyMarkers...)
	return r
}

// When Mail.Ru refuses a message at reception it writes no list of
// addresses: its Russian notice ends "..., потому что:" ("because:") and
// gives the refusal, and Exim's notice for a message its local_scan
// function rejected follows it (src/moan.c, ERRMESS_LOCAL_SCAN: "A message
// that you sent was rejected by the local scanning code that checks
// incoming messages on this system. The following error was given:"). The
// refusal names the mailbox ("Local mailbox user@example.ru is
// unavailable: user not found"; flufl.bounce 4.0 tests/data/simple_39.txt),
// and the addresses in it other than the sender's are the recipients.
const (
	mailRuRussianBecause = "получателям, потому что:"
	eximLocalScanError   = "checks incoming messages on this system. The following error was given:"
)

// mailRuRejected reads that notice, or returns nil.
func mailRuRejected(m *dsn.Message, text string) *dsn.Report {
	refusal, ok := textSection(text, []string{mailRuRussianBecause}, eximLikeListEnds)
	if !ok {
		if refusal, ok = textSection(text, []string{eximLocalScanError}, eximLikeListEnds); !ok {
			return nil
		}
	}
	refusal = mailtext.TrimSpace(refusal)
	if i := strings.Index(refusal, "\n\n"); i > 0 {
		refusal = refusal[:i]
	}
	diag := mailtext.FoldSpace(refusal)
	sender := strings.ToLower(m.Header.Address("To"))
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	for _, w := range strings.Fields(diag) {
		if a := dsn.Address(strings.Trim(w, "<>()[]\"',;:")); a != "" && strings.ToLower(a) != sender {
			r.AddRecipient(dsn.Recipient{Recipient: a, DiagnosticCode: diag})
		}
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original, _ = originalAfter(text, eximCopyMarkers...)
	return r
}

// unitedInternetDecoder reads the bounces of United Internet's mail
// platform (GMX, 1&1/IONOS), in Exim's wording. The returned header
// follows the line "--- The header of the original message is
// following. ---":
//
//	A message that you sent could not be delivered to one or more of
//	its recipients. This is a permanent error. The following address
//	failed:
//
//	"user@example.jp":
//	SMTP error from remote server after RCPT command:
//	host: mx.example.jp
//	5.1.1 <user@example.jp>... User Unknown
//
// or "SMTP error from remote server for TEXT command, host: mx.example.jp
// (192.0.2.1) reason: 550 ...", or "Reason:" / "For the following
// reason:" and a line of text. One type serves both brands, named after
// the one whose domains or headers the bounce carries.
type unitedInternetDecoder struct {
	name    dsn.DecoderName
	domains []string // the brand's domains, one of which is the bounce's From
	headers []string // header fields only the brand's platform adds
}

var (
	gmxDomains         = []string{"gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "gmx.fr", "gmx.co.uk"}
	gmxHeaders         = []string{"X-GMX-Antispam", "X-GMX-Antivirus"}
	einsUndEinsDomains = []string{"kundenserver.de", "1and1.com", "1und1.de", "ionos.com", "ionos.de", "online.de", "onlinehome.de"}
	einsUndEinsHeaders = []string{"X-UI-Out-Filterresults"}
)

func (d unitedInternetDecoder) Name() dsn.DecoderName { return d.name }

func (d unitedInternetDecoder) Match(m *dsn.Message) bool {
	if !dsn.IsMailerDaemon(m.Header.Address("From")) {
		return false
	}
	return domainIn(fromDomain(m), d.domains...) || hasHeader(m, d.headers...)
}

const (
	unitedInternetIntro      = "This message was created automatically by mail delivery software"
	unitedInternetCopyMarker = "--- The header of the original message is following. ---"
)

func (d unitedInternetDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	if i, _ := mailtext.IndexFoldAny(text, unitedInternetIntro); i < 0 {
		return nil
	}
	var r *dsn.Report
	if loc := eximFailedList().FindStringIndex(text); loc != nil {
		list, _ := textSection(text[loc[1]:], nil, eximLikeListEnds)
		r = eximListReport(list)
	} else {
		r = unitedInternetDelay(text)
	}
	if r == nil {
		return nil
	}
	r.Original, _ = originalAfter(text, unitedInternetCopyMarker, "------ This is a copy of the message")
	return r
}

// United Internet's delay warning (Subject "Warning: message delayed 2
// days") lists the addresses in angle brackets, and then, in a paragraph
// of its own, the host and the reason (flufl.bounce 4.0
// tests/data/simple_40.txt, from kundenserver.de):
//
//	The message has not yet been delivered to the following addresses:
//
//	  <user@example.org>
//
//	host mx.example.org[192.0.2.1]:
//	connection to mail exchanger failed
//
//	No action is required on your part. ...
const unitedInternetDelayList = "has not yet been delivered to the following addresses:"

// unitedInternetDelay reads that warning, or returns nil.
func unitedInternetDelay(text string) *dsn.Report {
	section, ok := textSection(text, []string{unitedInternetDelayList}, []string{"No action is required", unitedInternetCopyMarker})
	if !ok {
		return nil
	}
	var addrs, reason []string
	for _, p := range mailtext.Paragraphs(section, maxParagraphs) {
		lines := textLines(p)
		if len(addrs) == 0 || len(reason) == 0 && addrLine(lines[0]) != "" {
			for _, l := range lines {
				if a := addrLine(l); a != "" && len(addrs) < dsn.MaxRecipients {
					addrs = append(addrs, a)
				}
			}
			continue
		}
		if len(reason) == 0 {
			reason = lines
		}
	}
	host := ""
	if len(reason) > 0 {
		// "host mx.example.org[192.0.2.1]:" on a line of its own, or
		// followed by the reply.
		if h, rest := splitSMTPReply(reason[0]); h != "" {
			host, reason[0] = h, rest
		} else if h := findRemoteHost(reason[0]); h != "" && strings.HasSuffix(reason[0], ":") {
			host, reason = h, reason[1:]
		}
	}
	r := &dsn.Report{}
	diag := joinLines(reason)
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, Action: dsn.ActionDelayed, RemoteMTA: host, DiagnosticCode: diag})
	}
	return deliveryReport(r)
}
