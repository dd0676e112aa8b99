package lhost

import (
	"net/mail"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// MailEnable is the name of mailEnableDecoder.
const MailEnable dsn.DecoderName = "MailEnable"

// mailEnableDecoder reads the failure notices of MailEnable, the Windows
// mail server, for a message its SMTP connector could not deliver to a
// remote domain. MailEnable's knowledge base gives the notice's text
// (https://www.mailenable.com/kb/content/article.asp?ID=ME020517, error
// ME-E0193, a permanent refusal when the connection opened):
//
//	MailEnable: Message Delivery Failure.
//
//	Reason: ME-E0193: [(MailEnable_messageID).MAI] Message Delivery Failure.
//
//	Your message addressed to the target domain (example.com) could not be
//	delivered because the mail server responsible for this domain returned
//	a permanent error.
//
//	The server returned:
//
//	554-mail.example.com 554 Your access to this mail system has been ...
//
// The notice names the domain, not the addresses: MailEnable delivers a
// message to each remote domain at once. The failed recipients are the
// returned message's To and Cc addresses at that domain; without a
// returned message, or with none there, the notice names no one and the
// decoder reads nothing. The remote reply is the text after "The server
// returned:" up to the next blank line after it.
type mailEnableDecoder struct{}

func (mailEnableDecoder) Name() dsn.DecoderName { return MailEnable }

func (mailEnableDecoder) Match(m *dsn.Message) bool { return fromDaemon(m) }

func (mailEnableDecoder) Marks() []dsn.Mark { return []dsn.Mark{daemonFrom} }

// The sentences of MailEnable's notice.
const (
	mailEnableTitle    = "MailEnable: Message Delivery Failure."
	mailEnableReason   = "Reason: ME-E"
	mailEnableReturned = "The server returned:"
)

// mailEnableDomain finds the target domain in the notice's sentence.
var mailEnableDomain = lazyRegexp(`(?i)Your message addressed to the target domain\s*\(([^()\s]+)\)`)

func (mailEnableDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	title := lineIndex(lines, 0, mailEnableTitle)
	if title < 0 || lineIndex(lines, title, mailEnableReason) < 0 {
		return nil
	}
	sm := mailEnableDomain().FindStringSubmatch(joinLines(lines[title:]))
	if sm == nil {
		return nil
	}
	domain := strings.ToLower(strings.TrimSuffix(sm[1], "."))
	diag := ""
	if at := lineIndex(lines, title, mailEnableReturned); at >= 0 {
		var reply []string
		for _, l := range lines[at+1:] {
			t := strings.TrimSpace(l)
			if t == "" {
				if len(reply) > 0 {
					break
				}
				continue
			}
			if strings.HasPrefix(t, "--") {
				break // the next MIME part
			}
			reply = append(reply, t)
		}
		diag = strings.Join(reply, " ")
	}
	r := &dsn.Report{}
	for _, a := range mailEnableRecipients(m, domain) {
		addRecipient(r, dsn.Recipient{Recipient: a, Action: dsn.ActionFailed, DiagnosticCode: diag, RemoteMTA: mailEnableRemote(diag)})
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// mailEnableRecipients returns the returned message's To and Cc
// addresses at domain, in their order.
func mailEnableRecipients(m *dsn.Message, domain string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range m.OriginalFields() {
		if !strings.EqualFold(f.Name, "To") && !strings.EqualFold(f.Name, "Cc") {
			continue
		}
		list, err := mail.ParseAddressList(mailtext.TrimSpace(f.Value))
		if err != nil {
			continue
		}
		for _, a := range list {
			addr := strings.ToLower(a.Address)
			if seen[addr] || !strings.EqualFold(dsn.DomainOf(addr), domain) || len(out) >= dsn.MaxRecipients {
				continue
			}
			seen[addr] = true
			out = append(out, dsn.Address(a.Address))
		}
	}
	return out
}

// mailEnableHost matches the host a multi-line reply names in its first
// line ("554-mail.example.com 554 ...").
var mailEnableHost = lazyRegexp(`^[245][0-9][0-9]-([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})\s`)

// mailEnableRemote returns the remote host the reply names, or "".
func mailEnableRemote(diag string) string {
	if sm := mailEnableHost().FindStringSubmatch(diag); sm != nil {
		return strings.ToLower(sm[1])
	}
	return ""
}
