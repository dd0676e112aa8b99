package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// courierDecoder reads the text of the Courier mail server's reports, for
// when their delivery-status part is missing (a gateway or a person
// stripped it; with it, the RFC 3464 decoder reads them first):
//
//	This is a delivery status notification from mx.example.net,
//	running the Courier mail server, version 0.65.2.
//	...
//	Your message to the following recipients cannot be delivered:
//
//	<user@example.org>:
//	    mx.example.org [192.0.2.1]:
//	>>> RCPT TO:<user@example.org>
//	<<< 550 5.1.1 <user@example.org>... User Unknown
//
// courierdsn (courier/courier/module.dsn/dsn.C) writes each group of
// recipients under the title of its template: dsnfailed.txt's
// "UNDELIVERABLE MAIL", dsndelayed.txt's "DELAYS IN DELIVERING YOUR
// MESSAGE" in a delay notice, and, in a final notice, the return receipts
// under dsndelivered.txt's "MESSAGE DELIVERED SUCCESSFULLY" and
// dsnrelayed.txt's "MESSAGE DELIVERED TO A MAIL GATEWAY" before the
// failures; each title sets the action of the recipients below it. Older
// delay notices say "has not yet been delivered" / "DELAYED MAIL".
type courierDecoder struct{}

// courierSections maps the titles of courierdsn's templates to the action
// of the recipients listed under them.
var courierSections = []struct {
	title  string
	action dsn.Action
}{
	{"UNDELIVERABLE MAIL", dsn.ActionFailed},
	{"DELAYS IN DELIVERING YOUR MESSAGE", dsn.ActionDelayed},
	{"MESSAGE DELIVERED SUCCESSFULLY", dsn.ActionDelivered},
	{"MESSAGE DELIVERED TO A MAIL GATEWAY", dsn.ActionRelayed},
}

// courierSection reports the action a template title line sets.
func courierSection(line string) (dsn.Action, bool) {
	for _, s := range courierSections {
		if strings.EqualFold(line, s.title) {
			return s.action, true
		}
	}
	return "", false
}

func (courierDecoder) Name() dsn.DecoderName { return Courier }

func (courierDecoder) Match(m *dsn.Message) bool {
	return strings.HasPrefix(m.Param("boundary"), "=_courier_") ||
		fromDaemon(m) && subjectHasPrefix(m, "NOTICE: mail delivery status", "WARNING: delayed mail", "DELAYED MAIL", "Delivery Status Notification")
}

func (courierDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, "running the Courier mail server")
	if start < 0 {
		return nil
	}
	r := &dsn.Report{ReportingMTA: hostAfter(lines[max(start-1, 0)]+" "+lines[start], "notification from ")}
	action := dsn.ActionFailed
	if lineContaining(lines, start, "DELAYED MAIL", "has not yet been delivered") >= 0 {
		action = dsn.ActionDelayed
	}
	var cur *dsn.Recipient
	var reply []string
	flush := func() {
		if cur != nil {
			cur.DiagnosticCode = unfoldReply(reply)
			addRecipient(r, *cur)
		}
		cur, reply = nil, nil
	}
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		if a, ok := courierSection(t); ok {
			flush()
			action = a
			continue
		}
		switch {
		case strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">:") && strings.Contains(t, "@"):
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address(t[:len(t)-1]), Action: action}
		case cur == nil:
		case strings.HasPrefix(t, ">>>"):
			cur.Command = dsn.CommandAt(strings.TrimSpace(t[3:]))
			reply = nil
		case strings.HasPrefix(t, "<<<"):
			reply = append(reply, strings.TrimSpace(t[3:]))
		case strings.HasPrefix(t, "----"):
			flush()
		case strings.HasSuffix(t, "]:") && cur.RemoteMTA == "":
			cur.RemoteMTA = findRemoteHost(t)
		case t != "" && len(reply) == 0:
			reply = append(reply, t)
		}
	}
	flush()
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
