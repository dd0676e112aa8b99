package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// CommuniGate is the name of the decoder of CommuniGate Pro's notices.
const CommuniGate dsn.DecoderName = "CommuniGate"

// communiGateDecoder reads the failure notices of CommuniGate Pro (Stalker
// Software, now CommuniGate Systems), sent From its MAILER-DAEMON. Each
// failed address has a block of its own: the address in quotes, with or
// without angle brackets, then the delivery module that failed, then that
// module's report, indented, up to a blank line:
//
//	Failed to deliver to '<user@example.org>'
//	LOCAL module(account user) reports:
//	 account is full (quota exceeded)
//
//	Failed to deliver to 'user@example.net'
//	SMTP module(domain example.net) reports:
//	 message text rejected by mx.example.net: 552 1 Requested mail action aborted, mailbox not found
//
// LOCAL is the server's own delivery to its accounts ("account is full
// (quota exceeded)", "mail receiving disabled"); SMTP its delivery to a
// remote domain, whose report names the remote host: "<what> rejected by
// HOST: REPLY", "message text" being the message itself (the reply to
// DATA), or "connection with HOST is broken". The blocks are as
// PHPMailer-BMH's rules quote them (voku/PHPMailer-BMH:
// phpmailer-bmh_rules.php), as an AppRiver NDR (CommuniGate Pro) shows one
// under "Undeliverable: <subject>", and as CommuniGate's SMTP log writes
// "SMTP(gmail.com)... failed: message text rejected by HOST: ...".
// The generic decoder reads the first block's intro; this one reads every
// block, its remote host and the command the reply answered.
type communiGateDecoder struct{}

func (communiGateDecoder) Name() dsn.DecoderName { return CommuniGate }

// Match wants a notice from a mail system; Decode wants that and the
// blocks, which people also quote when they ask about them.
func (communiGateDecoder) Match(m *dsn.Message) bool { return fromDaemon(m) }

func (communiGateDecoder) Marks() []dsn.Mark { return []dsn.Mark{daemonFrom} }

// cgpFailed opens a block; cgpModule is the line after it.
const cgpFailed = "Failed to deliver to "

var cgpModule = lazyRegexp(`^([A-Za-z]+) module\(([^)]*)\) reports:$`)

func (communiGateDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !fromDaemon(m) {
		return nil
	}
	text := reportText(m)
	lines := textLines(text)
	r := &dsn.Report{}
	for i := 0; i+1 < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if !mailtext.HasPrefixFold(t, cgpFailed) {
			continue
		}
		addr := strings.Trim(strings.TrimSpace(t[len(cgpFailed):]), "'\"<>")
		mod := cgpModule().FindStringSubmatch(strings.TrimSpace(lines[i+1]))
		if mod == nil || !strings.Contains(addr, "@") || strings.ContainsAny(addr, " \t") {
			continue
		}
		var body []string
		j := i + 2
		for ; j < len(lines); j++ {
			l := strings.TrimSpace(lines[j])
			if l == "" || mailtext.HasPrefixFold(l, cgpFailed) {
				break
			}
			body = append(body, l)
		}
		rc := dsn.Recipient{Recipient: dsn.Address("<" + addr + ">")}
		communiGateExplain(&rc, strings.ToUpper(mod[1]), joinLines(body))
		addRecipient(r, rc)
		i = j - 1
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// communiGateExplain reads a module's report: the SMTP module's remote
// host, its reply and the command the reply answered; any other report is
// the server's own words.
func communiGateExplain(rc *dsn.Recipient, module, report string) {
	rc.DiagnosticCode = report
	if module != "SMTP" {
		return
	}
	if k := mailtext.IndexFold(report, " rejected by "); k >= 0 {
		rest := report[k+len(" rejected by "):]
		if host, reply, ok := strings.Cut(rest, ": "); ok && !strings.ContainsAny(host, " \t") {
			rc.RemoteMTA = strings.TrimSuffix(host, ".")
			rc.DiagnosticCode = strings.TrimSpace(reply)
			if mailtext.HasPrefixFold(strings.TrimSpace(report[:k]), "message text") {
				rc.Command = dsn.CommandDATA
			}
		}
		return
	}
	if k := mailtext.IndexFold(report, "connection with "); k >= 0 {
		rc.RemoteMTA = hostAfter(report[k:], "connection with ")
	}
}
