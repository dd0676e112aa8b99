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
type messagingServerDecoder struct{}

func (messagingServerDecoder) Name() dsn.DecoderName { return MessagingServer }

func (messagingServerDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Delivery Notification: ", "Delivery Notification:") ||
		strings.HasPrefix(m.Param("boundary"), "Boundary_(ID_")
}

func (messagingServerDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, "This report relates to a message you sent")
	if start < 0 {
		return nil
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
