package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// remoteReply is one recipient's remote reply as a decoder reports it.
type remoteReply struct {
	decoder, rcpt, mta, status, command, diag string
	action                                    dsn.Action
}

// classifyReply classifies a one-recipient delivery report of decoder
// whose remote host mta answered command with diag (an SMTP diagnostic,
// its reply code read from it) under status.
func classifyReply(t *testing.T, r remoteReply) classify.Verdict {
	t.Helper()
	st, _ := dsn.ParseStatus(r.status)
	rep := &dsn.Report{Kind: dsn.DeliveryReport, Decoder: r.decoder, Recipients: []dsn.Recipient{{
		Recipient: r.rcpt, Action: r.action, Status: st, RemoteMTA: r.mta, Command: r.command,
		DiagnosticType: "smtp", DiagnosticCode: r.diag, ReplyCode: dsn.FindReplyCode(r.diag),
	}}}
	return classify.Classify(rep)[0]
}
