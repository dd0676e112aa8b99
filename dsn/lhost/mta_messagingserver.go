package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// messagingServerDecoder reads the text of the reports of Sun Java System
// / Oracle Communications Messaging Server (and PMDF, its ancestor), for
// when their delivery-status part is missing:
//
//	This report relates to a message you sent with the following header fields:
//	  ...
//	Your message cannot be delivered to the following recipients:
//
//	  Recipient address: user@example.org
//	  Reason: Remote SMTP server has rejected address
//	  Diagnostic code: smtp;550 5.1.1 unknown user
//	  Remote system: dns;mx.example.org (TCP|192.0.2.2|25|...)
//
// A delay notice says "Your message has not yet been delivered".
//
// It also reads the reports of Netscape Messaging Server, from which
// iPlanet's and Sun's servers descend; see decodeNetscape.
type messagingServerDecoder struct{}

func (messagingServerDecoder) Name() dsn.DecoderName { return MessagingServer }

func (messagingServerDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Delivery Notification: ", "Delivery Notification:", netscapeSubject) ||
		strings.HasPrefix(m.Param("boundary"), "Boundary_(ID_")
}

func (messagingServerDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, "This report relates to a message you sent")
	if start < 0 {
		return decodeNetscape(m, lines)
	}
	r := &dsn.Report{}
	action := dsn.ActionFailed
	if lineContaining(lines, start, "has not yet been delivered") >= 0 {
		action = dsn.ActionDelayed
	}
	var cur *dsn.Recipient
	reason := ""
	flush := func() {
		if cur != nil {
			if cur.DiagnosticCode == "" {
				cur.DiagnosticCode = reason
			}
			dsn.UnchannelRecipient(cur)
			addRecipient(r, *cur)
		}
		cur, reason = nil, ""
	}
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		i := strings.Index(t, ": ")
		if i <= 0 {
			continue
		}
		v := strings.TrimSpace(t[i+2:])
		switch strings.ToLower(t[:i]) {
		case "recipient address", "original address":
			if cur != nil && strings.EqualFold(t[:i], "original address") {
				cur.OriginalRecipient = dsn.Address(v)
				continue
			}
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address(v), Action: action}
		case "reason":
			reason = mailtext.FoldSpace(v)
		case "diagnostic code":
			if cur != nil {
				cur.DiagnosticType, cur.DiagnosticCode = dsn.SplitTyped(v)
			}
		case "remote system":
			if cur != nil {
				_, host := dsn.SplitTyped(v)
				if f := strings.Fields(host); len(f) > 0 {
					cur.RemoteMTA = f[0]
				}
			}
		}
	}
	flush()
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// Netscape Messaging Server (3.x and 4.x) sends its reports as
// multipart/report with a delivery-status part that holds no recipient
// fields, Subject "Mail System Error - Returned Mail", From "Mail
// Administrator <Postmaster@host>"; the recipients are only in the text:
//
//	This Message was undeliverable due to the following reason:
//
//	Your message was not delivered because the destination computer was
//	not reachable within the allowed queue period. ...
//
//	The following recipients did not receive your message:
//
//	     <user@example.org>
//
//	Please reply to Postmaster@host
//	if you feel this message to be in error.
//
// (flufl.bounce 4.0 tests/data/netscape_01.txt), or, when a remote server
// refused them, "Each of the following recipients was rejected by a remote
// mail server." and "Recipient: <user@example.org>" with "Reason: 5.1.1
// ..." below it; a full mailbox reads "User quota exceeded: SMTP
// <user@example.org>" (layouts quoted in flufl.bounce's netscape detector
// and in published forum posts of these bounces).
const (
	netscapeSubject = "Mail System Error - Returned Mail"
	netscapeIntro   = "This Message was undeliverable due to the following reason"
	netscapeEnd     = "Please reply to"
)

// netscapeRejectedIntro introduces the "Recipient: <address>" / "Reason:"
// pairs of the recipients a remote server refused one by one as they were
// named to it, with the reasons it gave: its replies to RCPT. A recipient
// after it in another form (a local quota's "User quota exceeded: SMTP
// <address>") keeps no command.
const netscapeRejectedIntro = "Each of the following recipients was rejected by a remote mail server"

// netscapeListIntros introduce the recipients; they are not part of the
// explanation.
var netscapeListIntros = []string{
	"The following recipients did not receive your message",
	"The following recipient did not receive your message",
	// "this message" in the notices verizon.net's Post.Office sent
	// (ammarfaizi2/lore-inbox:m, linux-kernel 2004-12-31; Sympa's parser,
	// sympa-community/sympa:src/lib/Sympa/Bounce.pm, reads this form).
	"The following recipients did not receive this message",
	"The following recipient did not receive this message",
	"Each of the following recipients was rejected by a remote mail server",
	"The reasons given by the server are included",
	"each recipient was rejected",
}

// netscapeTyped matches a reason and an address: "User quota exceeded:
// SMTP <user@example.org>".
var netscapeTyped = lazyRegexp(`(?i)^(.+):\s+[SL]MTP\s+<([^<>\s]+@[^<>\s]+)>$`)

func decodeNetscape(m *dsn.Message, lines []string) *dsn.Report {
	start := lineIndex(lines, 0, netscapeIntro)
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	var explain []string
	var cur *dsn.Recipient
	var reason []string
	flush := func() {
		if cur != nil {
			if len(reason) > 0 {
				cur.DiagnosticCode = joinLines(reason)
			} else {
				cur.DiagnosticCode = joinLines(explain)
			}
			addRecipient(r, *cur)
		}
		cur, reason = nil, nil
	}
	inReason := false
	command := "" // RCPT for "Recipient:" under netscapeRejectedIntro
	for _, l := range lines[start+1:] {
		t := mailtext.TrimSpace(l)
		switch {
		case mailtext.HasPrefixFold(t, netscapeEnd):
			flush()
			return netscapeReport(m, r)
		case t == "":
			inReason = false
			continue
		case lineIndex([]string{t}, 0, netscapeListIntros...) == 0:
			if mailtext.ContainsFold(t, netscapeRejectedIntro) {
				command = dsn.CommandRCPT
			}
			inReason = false
			continue
		case mailtext.HasPrefixFold(t, "Recipient:"):
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address(t[len("Recipient:"):]), Command: command}
			inReason = false
			continue
		case cur != nil && mailtext.HasPrefixFold(t, "Reason:"):
			reason = []string{mailtext.TrimSpace(t[len("Reason:"):])}
			inReason = true
			continue
		case inReason && len(reason) < maxItemLines:
			reason = append(reason, t)
			continue
		}
		if sm := netscapeTyped().FindStringSubmatch(t); sm != nil {
			flush()
			cur = &dsn.Recipient{Recipient: sm[2]}
			reason = []string{sm[1]}
			continue
		}
		if a := addrLine(t); a != "" && strings.HasPrefix(t, "<") {
			flush()
			cur = &dsn.Recipient{Recipient: a}
			continue
		}
		if cur == nil && len(explain) < maxItemLines {
			explain = append(explain, t)
		}
	}
	flush()
	return netscapeReport(m, r)
}

// netscapeReport completes a report decodeNetscape read: the reporting
// MTA from the delivery-status part, when there is one.
func netscapeReport(m *dsn.Message, r *dsn.Report) *dsn.Report {
	if len(r.Recipients) == 0 {
		return nil
	}
	for _, p := range m.Parts {
		if p.MediaType != "message/delivery-status" {
			continue
		}
		if groups := dsn.ParseFieldsText(fieldText(p.Text()), 1); len(groups) > 0 {
			_, r.ReportingMTA = dsn.SplitTyped(groups[0].Get("Reporting-MTA"))
		}
		break
	}
	r.Original = originalFromMessage(m, "")
	return deliveryReport(r)
}
