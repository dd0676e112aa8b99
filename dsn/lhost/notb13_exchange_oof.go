package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// ExchangeAutoReply is the name of exchangeAutoReplyDecoder.
const ExchangeAutoReply dsn.DecoderName = "ExchangeAutoReply"

// exchangeAutoReplyDecoder recognises an Exchange or Outlook automatic
// reply by its two header fields together, whatever its Subject:
// X-Auto-Response-Suppress: All (Exchange asks other systems not to
// answer it; the field is Microsoft's, [MS-OXCMAIL]) and X-MS-Exchange-Inbox-Rules-Loop
// (the mailbox whose rule made the message). Each alone is on other mail
// (dsn.AutoReplyHeaders marks both weak: Outlook's meeting mail carries
// the first, a rule's forward the second), so AutoReplyDecoder needs an
// auto-reply Subject with them; an out-of-office reply keeps the
// original Subject when the mailbox's language has a prefix that list
// lacks, or none at all. Zammad takes the pair as the mark of Microsoft's
// out-of-office replies (zammad/zammad:app/models/channel/filter/
// out_of_office_check.rb, "check ms out of office characteristics"; its
// test email_process_out_of_office_test.rb holds two such replies).
//
// A forward made by a rule carries X-MS-Exchange-Inbox-Rules-Loop too
// (Microsoft Defender for Office 365's documentation has a mail flow rule
// match that header to identify automatically forwarded messages), so a Subject with
// a forward's prefix is left alone, as is mail from a mail system or with
// X-Failed-Recipients.
type exchangeAutoReplyDecoder struct{}

func (exchangeAutoReplyDecoder) Name() dsn.DecoderName { return ExchangeAutoReply }

// Marks: the rules' header, which every message this decoder reads has.
// It is on a rule's forwards too, so the milter reads those bodies as
// well: one body read each.
func (exchangeAutoReplyDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{present("X-Ms-Exchange-Inbox-Rules-Loop")}
}

func (exchangeAutoReplyDecoder) Match(m *dsn.Message) bool {
	return m.Header.Has("X-Ms-Exchange-Inbox-Rules-Loop") &&
		suppressesAll(m.Header.Get("X-Auto-Response-Suppress"))
}

// suppressesAll reports whether an X-Auto-Response-Suppress value holds
// the token All (the field's value is a comma-separated list: osTicket
// writes "DR, RN, OOF, AutoReply", Exchange "All").
func suppressesAll(v string) bool {
	for _, t := range strings.Split(v, ",") {
		if strings.EqualFold(strings.TrimSpace(t), "all") {
			return true
		}
	}
	return false
}

func (d exchangeAutoReplyDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) {
		return nil
	}
	from := m.Header.Address("From")
	if from == "" || dsn.IsMailerDaemon(from) || m.Header.Get("X-Failed-Recipients") != "" {
		return nil
	}
	if m.DeliveryStatusPart() != nil || m.FindPart("message/feedback-report", "message/disposition-notification") != nil {
		return nil
	}
	s := mailtext.TrimSpace(m.Header.Text("Subject"))
	for _, p := range forwardPrefixes {
		if mailtext.HasPrefixFold(s, p) {
			return nil
		}
	}
	r := &dsn.Report{Kind: dsn.AutoReply}
	text := mailtext.Truncate(mailtext.FoldSpace(m.TextBody()), 512)
	r.Recipients = []dsn.Recipient{{Recipient: from, Action: dsn.ActionDelivered, DiagnosticCode: text}}
	r.Original.MessageID = dsn.TrimMessageID(m.Header.Get("In-Reply-To"))
	r.Original.To = from
	r.AddNote("Exchange automatic reply: X-Auto-Response-Suppress: All with X-MS-Exchange-Inbox-Rules-Loop")
	return r
}
