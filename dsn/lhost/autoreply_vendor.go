package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// VendorAutoReply is the name of vendorAutoReplyDecoder.
const VendorAutoReply dsn.DecoderName = "VendorAutoReply"

// vendorAutoReplyDecoder recognises, after AutoReplyDecoder, the
// automatic replies whose header fields AutoReplyDecoder does not take
// alone, whatever their Subject:
//
//   - X-Mail-AutoReply, which the Perl autoresponder Email::AutoReply
//     writes on each reply ("version=1.04,host=...,from=...", CPAN
//     Email-AutoReply 1.04, lib/Email/AutoReply.pm, reply()); its default
//     Subject, "Out Of Office Automated Response", is no auto-reply
//     prefix followed by a colon, and it writes no Auto-Submitted. The
//     milter's pre-filter already lets it through (extraAutoMarks).
//   - an Exchange or Outlook automatic reply by two header fields
//     together: X-Auto-Response-Suppress holding All (Exchange asks
//     other systems not to answer it; the field is Microsoft's,
//     [MS-OXCMAIL]) and X-MS-Exchange-Inbox-Rules-Loop (the mailbox
//     whose rule made the message). dsn.AutoReplyHeaders marks each
//     alone weak (on other rule-made mail too), so AutoReplyDecoder
//     needs an auto-reply Subject with them; an out-of-office reply
//     whose mailbox language has a prefix that list lacks
//     ("Automatická odpoveď:", Slovak) goes unread there. Zammad takes
//     the pair as the mark of Microsoft's out-of-office replies
//     (zammad/zammad:app/models/channel/filter/out_of_office_check.rb,
//     "check ms out of office characteristics"; its test
//     email_process_out_of_office_test.rb holds two such replies).
//
// A forward made by a rule carries X-MS-Exchange-Inbox-Rules-Loop too
// (Microsoft Defender for Office 365's documentation has a mail flow
// rule match that header to find automatically forwarded messages), so
// a Subject with a forward's prefix is left alone, as is mail from a
// mail system or with X-Failed-Recipients or a standard report part.
type vendorAutoReplyDecoder struct{}

func (vendorAutoReplyDecoder) Name() dsn.DecoderName { return VendorAutoReply }

// Marks: X-Mail-AutoReply, and Exchange rules' header, which every
// Exchange reply this decoder reads has. The latter is on a rule's
// forwards too, so the milter reads those bodies as well: one body read
// each.
func (vendorAutoReplyDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{present("X-Mail-Autoreply"), present("X-Ms-Exchange-Inbox-Rules-Loop")}
}

func (vendorAutoReplyDecoder) Match(m *dsn.Message) bool {
	return m.Header.Has("X-Mail-Autoreply") || exchangeAutoReply(m)
}

// exchangeAutoReply reports whether m has Exchange's pair of fields.
func exchangeAutoReply(m *dsn.Message) bool {
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

func (d vendorAutoReplyDecoder) Decode(m *dsn.Message) *dsn.Report {
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
	if exchangeAutoReply(m) {
		r.AddNote("Exchange automatic reply: X-Auto-Response-Suppress: All with X-MS-Exchange-Inbox-Rules-Loop")
	} else {
		r.AddNote("automatic reply: X-Mail-AutoReply (Email::AutoReply)")
	}
	return r
}
