package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// googleDaemonDomains are the domains Google's mailer-daemon writes from.
var googleDaemonDomains = []string{"googlemail.com", "google.com", "gmail.com"}

// fromGoogleDaemon reports whether m comes from Google's mail delivery
// subsystem with its Delivery Status Notification subject.
func fromGoogleDaemon(m *dsn.Message) bool {
	from := m.Header.Address("From")
	return dsn.IsMailerDaemon(from) && domainIn(dsn.DomainOf(from), googleDaemonDomains...) &&
		subjectHasPrefix(m, "Delivery Status Notification") || forwardedGoogleDaemon(m)
}

// gmailForwardMarker opens the header block Gmail writes above a message
// its user forwards inline ("---------- Forwarded message ---------", the
// number of dashes varying by version), followed by From:, Date:,
// Subject: and To: lines.
const gmailForwardMarker = "- Forwarded message -"

// forwardedGoogleDaemon reports whether the message's text holds a
// notice of Google's mailer-daemon that a person forwarded inline: a
// forward block whose From is Google's mailer-daemon and whose Subject is
// "Delivery Status Notification ...", followed by the notice's own
// recipients intro.
func forwardedGoogleDaemon(m *dsn.Message) bool {
	lines := textLines(reportText(m))
	for i, l := range lines {
		if !strings.Contains(l, gmailForwardMarker) {
			continue
		}
		var daemon, subject bool
		end := min(len(lines), i+8)
		for _, f := range lines[i+1 : end] {
			t := mailtext.TrimSpace(f)
			if v, ok := strings.CutPrefix(t, "From:"); ok {
				a := dsn.Address(v)
				daemon = dsn.IsMailerDaemon(a) && domainIn(dsn.DomainOf(a), googleDaemonDomains...)
			}
			if v, ok := strings.CutPrefix(t, "Subject:"); ok {
				subject = mailtext.HasPrefixFold(mailtext.TrimSpace(v), "Delivery Status Notification")
			}
		}
		if daemon && subject {
			for _, f := range lines[i+1:] {
				if mailtext.HasPrefixFold(mailtext.TrimSpace(f), gmailRecipientsIntro) {
					return true
				}
			}
		}
	}
	return false
}

// googleOriginalMarkers introduce the returned message in Google's
// plain-text bounces.
var googleOriginalMarkers = []string{
	"----- Original message -----",
	"----- Message header follows -----",
	"----- Original message follows -----",
}

// gmailDecoder reads the plain-text bounces Gmail sent before it moved to
// multipart/report (which the RFC 3464 decoder reads):
//
//	Delivery to the following recipient failed permanently:
//
//	     user@example.jp
//
//	Technical details of permanent failure:
//	Google tried to deliver your message, but it was rejected by the server
//	for the recipient domain example.jp by mx.example.jp. [192.0.2.1].
//
//	The error that the other server returned was:
//	550 5.1.1 <user@example.jp>... User Unknown
//
//	----- Original message -----
//
// and the same with "has been delayed" and "Technical details of temporary
// failure" for delay notices.
type gmailDecoder struct{}

func (gmailDecoder) Name() dsn.DecoderName { return Gmail }

func (gmailDecoder) Match(m *dsn.Message) bool { return fromGoogleDaemon(m) }

// gmailRecipientsIntro starts the list of recipients; "recipients" when
// there are several.
const gmailRecipientsIntro = "Delivery to the following recipient"

var gmailDetailsIntros = []string{
	"Technical details of permanent failure:",
	"Technical details of temporary failure:",
}

// gmailRemoteReplyIntro separates Google's account of the failure from the
// remote host's own reply.
const gmailRemoteReplyIntro = "The error that the other server returned was:"

var (
	// gmailRejectedBy names the remote host: "rejected by the server for
	// the recipient domain example.jp by mx.example.jp. [192.0.2.1]."
	gmailRejectedBy = lazyRegexp(`(?i)recipient domain \S+ by ([a-z0-9][a-z0-9.\-]*?)\.? \[[0-9a-f.:]+\]`)
	// gmailSocketError names it in connection failures:
	// "[(0) mx.example.jp. [192.0.2.1]:25: socket error]".
	gmailSocketError = lazyRegexp(`(?i)\[\(\d+\) ([a-z0-9][a-z0-9.\-]*?)\.? \[[0-9a-f.:]+\]`)
)

func (gmailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	report, _ := textSection(text, nil, googleOriginalMarkers)
	lines := textLines(report)
	intro := -1
	for i, l := range lines {
		if mailtext.HasPrefixFold(mailtext.TrimSpace(l), gmailRecipientsIntro) {
			intro = i
			break
		}
	}
	if intro < 0 {
		return gmailTitledReport(m, text, report)
	}
	action := dsn.ActionFailed
	if strings.Contains(strings.ToLower(lines[intro]), "delayed") {
		action = dsn.ActionDelayed
	}
	var addrs []string
	for _, l := range lines[intro+1:] {
		if mailtext.TrimSpace(l) == "" {
			continue
		}
		a := addrLine(l)
		if a == "" {
			break
		}
		addrs = append(addrs, a)
	}
	if len(addrs) == 0 {
		addrs = headerAddresses(m, "X-Failed-Recipients")
	}

	var diag, remote string
	if details, ok := textSection(report, gmailDetailsIntros, nil); ok {
		if i, n := mailtext.IndexFoldAny(details, gmailRemoteReplyIntro); i >= 0 {
			if sm := gmailRejectedBy().FindStringSubmatch(mailtext.FoldSpace(details[:i])); sm != nil {
				remote = sm[1]
			}
			diag = mailtext.FoldSpace(details[i+n:])
		} else {
			diag = mailtext.FoldSpace(details)
			if sm := gmailSocketError().FindStringSubmatch(diag); sm != nil {
				remote = sm[1]
			}
		}
	} else if action == dsn.ActionDelayed {
		// A delay notice without details says only when it will give up.
		for _, l := range lines[intro+1:] {
			if mailtext.HasPrefixFold(mailtext.TrimSpace(l), "Message will be retried") {
				diag = mailtext.TrimSpace(l)
				break
			}
		}
	}

	r := &dsn.Report{Kind: dsn.DeliveryReport}
	for _, a := range addrs {
		r.AddRecipient(dsn.Recipient{Recipient: a, Action: action, RemoteMTA: remote, DiagnosticCode: diag})
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	// Google's own words (the headline and the sentence, "You're sending
	// this from a different address ... using the 'Send mail as'
	// feature") are the notice: they say more than a reply that names
	// no reason.
	r.KeepNotices(report)
	r.Original, _ = originalAfter(text, googleOriginalMarkers...)
	return r
}

// gmailTitledParagraphs returns the report's paragraphs and the index of
// Google's headline among its first three, -1 when there is none or no
// paragraph follows it.
func gmailTitledParagraphs(report string) ([]string, int) {
	paras := mailtext.Paragraphs(report, maxParagraphs)
	for i, p := range paras {
		if gmailTitle(p) {
			if i+1 >= len(paras) {
				return paras, -1
			}
			return paras, i
		}
		if i >= 2 {
			break
		}
	}
	return paras, -1
}

// gmailTitledReport reads the notice Gmail and Google Workspace have sent
// since about 2016, in the sending account's language:
//
//	** Address not found **
//
//	Your message wasn't delivered to user@example.jp because the address
//	couldn't be found, or is unable to receive mail.
//
//	Learn more here: https://support.google.com/mail/?p=NoSuchUser
//
//	The response was:
//
//	550 5.1.1 The email account that you tried to reach does not exist. ...
//
// or, for a German account (deltachat/deltachat-core-rust:
// test-data/message/gmail_ndn.eml), "** Die Adresse wurde nicht gefunden
// **", "Ihre Nachricht wurde nicht an user@example.jp zugestellt, weil ...",
// "Antwort:"; for a Spanish one "La respuesta fue:", for an Italian one "La
// risposta del server remoto è:". The layout does not depend on the
// language: the headline between "** " and " **", the paragraph naming
// the address, and, when the remote server answered, a line of its own
// ending in a colon followed by the reply. The notice is a multipart/report
// whose delivery-status part is at times empty; this reading is then the
// one that keeps the reply. The recipient is X-Failed-Recipients (Gmail
// sets it), else the address of the sentence; the diagnostic is the reply,
// else Google's sentence, whose words are then Google's own
// (NoRemoteAnswer); the notice is the text.
func gmailTitledReport(m *dsn.Message, text, report string) *dsn.Report {
	paras, title := gmailTitledParagraphs(report)
	if title < 0 {
		return nil
	}
	sentence := mailtext.FoldSpace(paras[title+1])
	addrs := headerAddresses(m, "X-Failed-Recipients")
	if len(addrs) == 0 {
		for _, sp := range addressesIn(sentence) {
			addrs = append(addrs, sp.addr)
		}
	}
	diag, replied := sentence, false
	if reply, ok := gmailRemoteReply(paras, title+2); ok {
		diag, replied = reply, true
	}
	action := dsn.ActionFailed
	if subjectHasPrefix(m, "Delivery Status Notification (Delay)") {
		action = dsn.ActionDelayed
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	for _, a := range addrs {
		r.AddRecipient(dsn.Recipient{Recipient: a, Action: action, DiagnosticCode: diag, NoRemoteAnswer: !replied})
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	// Google's own words (the headline and the sentence, "You're sending
	// this from a different address ... using the 'Send mail as'
	// feature") are the notice: they say more than a reply that names
	// no reason.
	r.KeepNotices(report)
	r.Original, _ = originalAfter(text, googleOriginalMarkers...)
	return r
}

// gmailTitle reports whether paragraph p is the headline of Google's
// current notice: one line between "** " and " **".
func gmailTitle(p string) bool {
	l := mailtext.TrimSpace(p)
	return len(l) > len("** x **") && !strings.Contains(l, "\n") &&
		strings.HasPrefix(l, "** ") && strings.HasSuffix(l, " **")
}

// googleGroupsDecoder reads Google Groups' refusals of a post, sent by
// Google's mailer-daemon in the poster's language:
//
//	Hello user@example.jp,
//
//	We're writing to let you know that the group you tried to contact
//	(groupname) may not exist, or you may not have permission to post
//	messages to the group. ...
//
//	If you have questions related to this or any other Google Group, visit
//	the Help Center at https://groups.google.com/support/.
//
//	----- Original message -----
//
// The refused recipient is the group, named in X-Failed-Recipients; the
// diagnostic text is the paragraph that names the group.
type googleGroupsDecoder struct{}

func (googleGroupsDecoder) Name() dsn.DecoderName { return GoogleGroups }

func (googleGroupsDecoder) Match(m *dsn.Message) bool {
	return fromGoogleDaemon(m) && m.Header.Has("X-Failed-Recipients")
}

func (googleGroupsDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	report, _ := textSection(text, nil, googleOriginalMarkers)
	addrs := headerAddresses(m, "X-Failed-Recipients")
	groups := false
	for _, a := range addrs {
		if domainIn(dsn.DomainOf(a), "googlegroups.com") {
			groups = true
		}
	}
	// Groups of a Google Workspace domain have that domain's addresses;
	// their refusals still point to the Groups help centre.
	if i, _ := mailtext.IndexFoldAny(report, "groups.google.com"); i >= 0 {
		groups = true
	}
	if !groups || len(addrs) == 0 {
		return nil
	}
	paras := mailtext.Paragraphs(report, maxParagraphs)
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	for _, a := range addrs {
		r.AddRecipient(dsn.Recipient{Recipient: a, Action: dsn.ActionFailed, DiagnosticCode: googleGroupsReason(paras, a)})
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original, _ = originalAfter(text, googleOriginalMarkers...)
	return r
}

// googleGroupsReason returns the paragraph that names the group (its
// address's local part in parentheses), or else the paragraph after the
// greeting, unfolded.
func googleGroupsReason(paras []string, group string) string {
	local := group
	if i := strings.LastIndexByte(group, '@'); i > 0 {
		local = group[:i]
	}
	for _, p := range paras {
		if strings.Contains(p, "("+local+")") {
			return mailtext.FoldSpace(p)
		}
	}
	if len(paras) > 1 {
		return mailtext.FoldSpace(paras[1])
	}
	return ""
}
