package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file reads the reports of mail gateways and filters: MailFoundry,
// Trend Micro InterScan Messaging Security Suite, m-FILTER and MailMarshal.

// mailFoundryDecoder reads the reports of the MailFoundry gateway:
//
//	Unable to deliver message to: <user@example.org>
//	Delivery failed for the following reason:
//	Server mx.example.org[192.0.2.1] failed with: 550 <user@example.org> No such user here
//
//	This has been a permanent failure.  No further delivery attempts will be made.
type mailFoundryDecoder struct{}

func (mailFoundryDecoder) Name() dsn.DecoderName { return MailFoundry }

func (mailFoundryDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Message delivery has failed") && fromDaemon(m)
}

// mailFoundryServer matches MailFoundry's naming of the remote host.
var mailFoundryServer = lazyRegexp(`(?i)^(?:Server\s+)?([^\s\[]+)\[([^\]]*)\] (?:failed with|responded with failure):\s*`)

func (mailFoundryDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	r := &dsn.Report{}
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if !mailtext.HasPrefixFold(t, "Unable to deliver message to:") {
			continue
		}
		rc := dsn.Recipient{Recipient: dsn.Address(t[len("Unable to deliver message to:"):])}
		var reason []string
		if j := lineIndex(lines, i+1, "Delivery failed for the following reason"); j >= 0 {
			for _, l := range lines[j+1:] {
				if strings.TrimSpace(l) == "" || mailtext.HasPrefixFold(strings.TrimSpace(l), "Unable to deliver message to:") {
					break
				}
				reason = append(reason, l)
			}
			i = j + len(reason)
		}
		diag := joinLines(reason)
		if sm := mailFoundryServer().FindStringSubmatch(diag); sm != nil {
			rc.RemoteMTA = sm[1]
			diag = diag[len(sm[0]):]
		}
		rc.DiagnosticCode = diag
		addRecipient(r, rc)
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// interScanDecoder reads the notices of Trend Micro InterScan Messaging
// Security Suite: "Unable to deliver message to <user@example.org> (and
// other recipients in the same domain).", between rules of asterisks,
// From "InterScan Notification" or with its MIME boundary. It reads the
// older InterScan E-Mail VirusWall's notices too: between "****** Message
// from InterScan E-Mail VirusWall NT ******" and "***** End of message
// *****", the remote reply or its own verdict ("Unknown recipient
// <user@example.org>."), "Could not deliver mail to this user." and the
// address (PHPMailer-BMH quotes that block in its rule 0234: voku/
// PHPMailer-BMH:lib/BounceMailHandler/phpmailer-bmh_rules.php). Failing
// both, it reads the SMTP session the notice quotes ("Sent <<< RCPT
// TO:<...>", "Received >>> 550 ..."; interScanSession).
type interScanDecoder struct{}

func (interScanDecoder) Name() dsn.DecoderName { return InterScanMSS }

func (interScanDecoder) Match(m *dsn.Message) bool {
	return strings.Contains(m.Param("boundary"), "InterScan") ||
		fromContains(m, "interscan") ||
		subjectHasPrefix(m, "Mail could not be delivered")
}

func (interScanDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	if lineContaining(lines, 0, "InterScan") < 0 && lineContaining(lines, 0, "Unable to deliver message to <") < 0 {
		return nil
	}
	r := &dsn.Report{}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		i := strings.Index(t, "Unable to deliver message to <")
		if i < 0 {
			continue
		}
		t = t[i:]
		rc := dsn.Recipient{Recipient: dsn.Address(t[len("Unable to deliver message to"):]), DiagnosticCode: mailtext.FoldSpace(t)}
		addRecipient(r, rc)
	}
	if len(r.Recipients) == 0 {
		interScanVirusWall(r, lines)
	}
	if len(r.Recipients) == 0 {
		interScanSession(r, lines)
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// interScanVirusWall reads the block of an InterScan E-Mail VirusWall
// notice (see interScanDecoder): every address in it is a recipient that
// failed, the block's text its diagnostic.
func interScanVirusWall(r *dsn.Report, lines []string) {
	start := lineContaining(lines, 0, "Message from InterScan")
	if start < 0 {
		return
	}
	end := lineContaining(lines, start+1, "End of message")
	if end < 0 {
		return
	}
	block := lines[start+1 : end]
	diag := joinLines(block)
	for _, l := range block {
		for _, a := range addressesIn(l) {
			addRecipient(r, dsn.Recipient{Recipient: a.addr, DiagnosticCode: diag})
		}
	}
}

// mFilterDecoder reads the reports of m-FILTER (X-Mailer: m-FILTER): a
// Japanese intro, the failed addresses, then sections headed
// "-------server message" (the remote reply), "-------SMTP command" (the
// command it answered) and "-------original message" or "-------original
// mail info".
type mFilterDecoder struct{}

func (mFilterDecoder) Name() dsn.DecoderName { return MFilter }

func (mFilterDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "X-Mailer", "m-FILTER")
}

func (mFilterDecoder) Decode(m *dsn.Message) *dsn.Report {
	if r := mFilterBlocks(m); r != nil {
		return r
	}
	text := reportText(m)
	lines := textLines(text)
	server := lineIndex(lines, 0, "-------server message")
	if server < 0 {
		return nil
	}
	var addrs, reply []string
	command := ""
	for _, l := range lines[:server] {
		t := strings.TrimSpace(l)
		if a := dsn.Address(t); a != "" && !strings.Contains(t, " ") {
			addrs = append(addrs, a)
		}
	}
	section := "server"
	for _, l := range lines[server+1:] {
		t := strings.TrimSpace(l)
		if h, ok := mFilterHeading(t); ok {
			if strings.HasPrefix(h, "original") {
				break
			}
			section = h
			continue
		}
		switch {
		case t == "":
		case section == "server":
			reply = append(reply, t)
		case strings.HasPrefix(section, "smtp command") && command == "":
			command = dsn.CommandAt(t)
		}
	}
	r := &dsn.Report{}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, Command: command, DiagnosticCode: unfoldReply(reply)})
	}
	r.Original = originalFromMessage(m, text, "-------original message", "-------original mail info")
	return deliveryReport(r)
}

// mailMarshalDecoder reads the reports of MailMarshal SMTP:
//
//	Your message:
//	   From:    sender@example.com
//	   Subject: Hello
//
//	Could not be delivered because of
//
//	550 5.1.1 User unknown
//
//	The following recipients were affected:
//	    user@example.org
//
//	Additional Information
//	======================
//	Remote-MTA:         <192.0.2.1>
//	Reporting-MTA:      <mx.example.com>
type mailMarshalDecoder struct{}

func (mailMarshalDecoder) Name() dsn.DecoderName { return MailMarshalSMTP }

func (mailMarshalDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Undeliverable Mail: ")
}

func (mailMarshalDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	because := lineIndex(lines, 0, "Could not be delivered because of")
	affected := lineIndex(lines, max(because, 0), "The following recipients were affected")
	if because < 0 || affected < 0 {
		return nil
	}
	reason := joinLines(lines[because+1 : affected])
	r := &dsn.Report{}
	remote := ""
	for _, l := range lines[affected:] {
		t := strings.TrimSpace(l)
		if i := strings.IndexByte(t, ':'); i > 0 {
			v := strings.Trim(strings.TrimSpace(t[i+1:]), "<>")
			switch strings.ToLower(t[:i]) {
			case "remote-mta":
				remote = v
			case "reporting-mta":
				r.ReportingMTA = v
			}
		}
	}
	for _, l := range lines[affected+1:] {
		t := strings.TrimSpace(l)
		if t == "" && len(r.Recipients) > 0 || mailtext.HasPrefixFold(t, "Additional Information") {
			break
		}
		if a := dsn.Address(t); a != "" {
			addRecipient(r, dsn.Recipient{Recipient: a, RemoteMTA: remote, DiagnosticCode: reason})
		}
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// mFilterHeading reads a section heading of m-FILTER's report
// ("-------server message", "-------SMTP command", "-------original
// message"): its name, lower-cased, and whether t is one.
func mFilterHeading(t string) (string, bool) {
	if !strings.HasPrefix(t, "-------") {
		return "", false
	}
	return strings.ToLower(strings.TrimLeft(t, "-")), true
}
