package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// zohoDecoder reads Zoho Mail's bounces. Failures list one recipient a
// line, with Zoho's codes:
//
//	This message was created automatically by mail delivery software.
//	A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.
//
//	user@example.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <user@example.jp>... User Unknown
//
// and delay notices in Sendmail's manner, one bracketed record a recipient:
//
//	----- The following addresses had fatal errors -----
//	[Status: Error, Address: <user@example.jp>, ResponseCode 421, , Host not reachable.]
//
// The returned message's header follows the list, without a marker.
type zohoDecoder struct{}

func (zohoDecoder) Name() dsn.DecoderName { return Zoho }

var zohoDomains = []string{"zoho.com", "zohomail.com", "zoho.eu", "zohomail.eu", "zoho.in", "zohomail.in", "zoho.com.au", "zoho.jp"}

func (zohoDecoder) Match(m *dsn.Message) bool {
	if !dsn.IsMailerDaemon(m.Header.Address("From")) {
		return false
	}
	return domainIn(fromDomain(m), zohoDomains...) || hasHeader(m, "X-ZohoMail") ||
		strings.Contains(m.Header.Get("X-Mailer"), "Zoho Mail")
}

var (
	// zohoFailure is a failure line: the address, then Zoho's text with
	// ERROR_CODE fields.
	zohoFailure = lazyRegexp(`^(\S+@\S+)\s+(.*ERROR_CODE\s*:.*)$`)
	// zohoErrorCode is the first ERROR_CODE, the SMTP reply code.
	zohoErrorCode = lazyRegexp(`ERROR_CODE\s*:\s*([245][0-5][0-9])\b`)
	// zohoDelay is a record of a delay notice.
	zohoDelay = lazyRegexp(`(?i)^\[Status:\s*[^,]*,\s*Address:\s*<([^>]+)>\s*,\s*ResponseCode\s*([0-9]*)\s*,(.*)\]$`)
)

const zohoIntro = "This message was created automatically by mail delivery"

func (zohoDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	start, _ := mailtext.IndexFoldAny(text, zohoIntro)
	if start < 0 {
		return nil
	}
	action := dsn.ActionFailed
	if i, _ := mailtext.IndexFoldAny(text, "THIS IS A WARNING MESSAGE ONLY"); i >= 0 || strings.Contains(m.Header.Text("Subject"), "(Delay)") {
		action = dsn.ActionDelayed
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	for _, l := range textLines(text[start:]) {
		t := mailtext.TrimSpace(l)
		var rc dsn.Recipient
		var code string
		if sm := zohoFailure().FindStringSubmatch(t); sm != nil {
			rc = dsn.Recipient{Recipient: dsn.Address(sm[1]), DiagnosticCode: mailtext.FoldSpace(sm[2])}
			if cm := zohoErrorCode().FindStringSubmatch(sm[2]); cm != nil {
				code = cm[1]
			}
		} else if sm := zohoDelay().FindStringSubmatch(t); sm != nil {
			rc = dsn.Recipient{Recipient: dsn.Address(sm[1]), DiagnosticCode: zohoDelayText(sm[2], sm[3])}
			code = sm[2]
		} else {
			continue
		}
		rc.Action = action
		if len(code) == 3 {
			rc.ReplyCode = int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
		}
		r.AddRecipient(rc)
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	// The report lines start with addresses or "[": the first header
	// field after the intro opens the returned header.
	r.Original, _ = originalAtField(text, start, "Received:", "Return-Path:", "Message-ID:", "Message-Id:")
	return r
}

// zohoDelayText writes a delay record's reply: "ResponseCode 421, Host
// not reachable." from the code and the comma-separated rest.
func zohoDelayText(code, rest string) string {
	var parts []string
	if code != "" {
		parts = append(parts, "ResponseCode "+code)
	}
	for _, p := range strings.Split(rest, ",") {
		if p = mailtext.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
