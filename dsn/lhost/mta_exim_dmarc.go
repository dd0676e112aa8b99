package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// eximDMARCDecoder reads the DMARC failure reports Exim sends (with
// dmarc_forensic_sender and control=dmarc_enable_forensic) to the ruf=
// address of a domain whose policy a message failed. They are not ARF
// (RFC 6591) but Exim's own text, written by moan_send_message for
// ERRMESS_DMARC_FORENSIC (Exim/exim: src/moan.c) with the fields of
// dmarc_send_forensic_report (src/dmarc.c), and a copy of the failed
// message's header only:
//
//	Auto-Submitted: auto-replied
//	From: Mail Delivery System <Mailer-Daemon@mx.receiver.example>
//	Subject: DMARC Forensic Report for sender.example from IP 192.0.2.1
//
//	A message claiming to be from you has failed the published DMARC
//	policy for your domain.
//
//	  Sender Domain: sender.example
//	  Sender IP Address: 192.0.2.1
//	  Received Date: Mon, 30 Nov 2026 13:05:00 +0000
//	  SPF Alignment: no
//	  DKIM Alignment: no
//	  DMARC Results: Reject
//
//	------ This is a copy of the headers that were received before the error
//	       was detected.
//
//	Received: ...
//
// parsedmarc reads the same text (domainaware/parsedmarc issue 332: cPanel
// gateways send it). The report is a feedback report of type
// auth-failure (RFC 7489 section 7.3), Auth-Failure dmarc, for the
// failed message's To.
type eximDMARCDecoder struct{}

func (eximDMARCDecoder) Name() dsn.DecoderName { return EximDMARC }

const (
	// eximDMARCSubject starts the report's Subject (moan.c).
	eximDMARCSubject = "DMARC Forensic Report for"
	// eximDMARCIntro starts its text (moan.c).
	eximDMARCIntro = "A message claiming to be from you has failed the published DMARC"
	// eximDMARCHeaders introduces the copy of the failed message's header
	// (moan.c, when the body is not returned).
	eximDMARCHeaders = "------ This is a copy of the headers"
)

func (eximDMARCDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, eximDMARCSubject)
}

// eximDMARCFields maps the report's "  Name: value" lines (dmarc.c) to
// the ARF fields of RFC 5965 and RFC 6591 that say the same.
var eximDMARCFields = map[string]string{
	"Sender Domain":     "Reported-Domain",
	"Sender IP Address": "Source-Ip",
	"Received Date":     "Arrival-Date",
}

func (eximDMARCDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	i := mailtext.IndexFold(text, eximDMARCIntro)
	if i < 0 {
		return nil
	}
	text = text[i:]
	body, copied, _ := strings.Cut(text, eximDMARCHeaders)
	r := &dsn.Report{Kind: dsn.FeedbackReport, FeedbackType: "auth-failure"}
	r.Fields = dsn.Fields{{Name: "Feedback-Type", Value: "auth-failure"}, {Name: "Auth-Failure", Value: "dmarc"}}
	for _, line := range strings.Split(body, "\n") {
		name, value, ok := strings.Cut(mailtext.TrimSpace(line), ":")
		if f, known := eximDMARCFields[name]; ok && known {
			r.Fields = append(r.Fields, dsn.Field{Name: f, Value: mailtext.TrimSpace(value)})
		}
	}
	r.ArrivalDate = dsn.ParseDate(r.Fields.Get("Arrival-Date"))
	if _, rest, ok := strings.Cut(copied, "detected."); ok {
		r.Original = dsn.ParseOriginalText(rest)
	}
	rcpt := quotedRecipient(r.Original)
	diag := mailtext.Truncate(mailtext.FoldSpace(body), 512)
	r.Recipients = append(r.Recipients, dsn.Recipient{Recipient: rcpt, DiagnosticCode: diag, Fields: r.Fields})
	return r
}
