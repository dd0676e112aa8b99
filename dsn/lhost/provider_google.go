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
		subjectHasPrefix(m, "Delivery Status Notification")
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
		return nil
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
	r.Original, _ = originalAfter(text, googleOriginalMarkers...)
	return r
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
