package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// hMailServerDecoder reads the failure notices of hMailServer, the
// Windows mail server (hmailserver/hmailserver). SMTPDeliverer::
// SubmitErrorLog_ (source/Server/SMTP/SMTPDeliverer.cpp) sends them From
// the mailer-daemon address under the Subject of the server message
// MESSAGE_UNDELIVERABLE ("Message undeliverable") and the original's, with
// the body of the server message SEND_FAILED_NOTIFICATION (its default in
// the database creation scripts):
//
//	Your message did not reach some or all of the intended recipients.
//
//	   Sent: Mon, 8 Jan 2024 09:59:50 +0100
//	   Subject: Quarterly report
//
//	The following recipient(s) could not be reached:
//
//	user@example.net
//	   Error Type: SMTP
//	   Remote server (192.0.2.25) issued an error.
//	   hMailServer sent: RCPT TO:<user@example.net>
//	   Remote server replied: 550 5.1.1 <user@example.net>: User unknown
//
//	hMailServer
//
// Each failed address stands on a line of its own, followed by its
// indented error block: the remote server's reply to the command named
// (SMTPClientConnection.cpp), "Connection to recipients server failed.
// Error: ..." when none answered, or hMailServer's own "Error
// Description: ..." (ExternalDelivery.cpp: no mail server for the domain,
// and the like), sometimes with "Tried N time(s)". The texts of the
// server messages can be changed by the administrator; the error blocks
// cannot, and the decoder keys on them.
type hMailServerDecoder struct{}

func (hMailServerDecoder) Name() dsn.DecoderName { return HMailServer }

func (hMailServerDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Message undeliverable")
}

func (hMailServerDecoder) Marks() []dsn.Mark { return subjects("Message undeliverable") }

// The lines of hMailServer's error blocks.
const (
	hmsErrorType   = "Error Type:"
	hmsRemote      = "Remote server ("
	hmsSent        = "hMailServer sent:"
	hmsReplied     = "Remote server replied:"
	hmsConnFailed  = "Connection to recipients server failed."
	hmsError       = "Error:"
	hmsDescription = "Error Description:"
	hmsAdditional  = "Additional information:"
)

func (hMailServerDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	r := &dsn.Report{}
	group := 0 // the first recipient not yet followed by a "Tried" line
	for i := 1; i < len(lines); i++ {
		if hmsTried().MatchString(lines[i]) {
			// The retries of the recipients listed since the last
			// such line ran out; those without a permanent refusal of
			// their own expired.
			for k := group; k < len(r.Recipients); k++ {
				if rc := &r.Recipients[k]; rc.ReplyCode/100 != 5 {
					rc.Status = statusTimeExpired
				}
			}
			group = len(r.Recipients)
			continue
		}
		if !strings.HasPrefix(strings.TrimSpace(lines[i]), hmsErrorType) || indentOf(lines[i]) == 0 {
			continue
		}
		addr := strings.TrimSpace(lines[i-1])
		if indentOf(lines[i-1]) != 0 || strings.ContainsAny(addr, " \t") || !strings.Contains(addr, "@") {
			continue
		}
		j := i + 1
		for j < len(lines) && indentOf(lines[j]) > 0 {
			j++
		}
		rc := dsn.Recipient{Recipient: dsn.Address("<" + strings.Trim(addr, "<>") + ">")}
		hMailServerExplain(&rc, lines[i+1:j])
		addRecipient(r, rc)
		i = j
	}
	return deliveryReport(r)
}

// hMailServerExplain reads an error block's lines (those after "Error
// Type:"): the remote reply and the command it answered, or hMailServer's
// own words.
func hMailServerExplain(rc *dsn.Recipient, block []string) {
	var own []string
	for _, l := range block {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, hmsRemote):
			rc.RemoteMTA = strings.TrimSpace(strings.Split(l[len(hmsRemote):], ")")[0])
		case strings.HasPrefix(l, hmsSent):
			rc.Command = hMailServerCommand(strings.TrimSpace(l[len(hmsSent):]))
		case strings.HasPrefix(l, hmsReplied):
			rc.DiagnosticCode = strings.TrimSpace(l[len(hmsReplied):])
		case l == hmsConnFailed:
			own = append(own, l)
		case strings.HasPrefix(l, hmsError):
			own = append(own, strings.TrimSpace(l[len(hmsError):]))
		case strings.HasPrefix(l, hmsDescription):
			own = append(own, strings.TrimSpace(l[len(hmsDescription):]))
		case strings.HasPrefix(l, hmsAdditional):
			own = append(own, strings.TrimSpace(l[len(hmsAdditional):]))
		}
	}
	if rc.DiagnosticCode == "" {
		rc.DiagnosticCode = joinLines(own)
	}
}

// hMailServerCommand returns the SMTP command of the line hMailServer
// says it sent ("RCPT TO:<user@example.net>", "DATA", ...), or "".
func hMailServerCommand(sent string) string {
	verb, _, _ := strings.Cut(strings.ToUpper(sent), " ")
	verb, _, _ = strings.Cut(verb, ":")
	switch verb {
	case dsn.CommandRCPT, dsn.CommandMAIL, dsn.CommandDATA, dsn.CommandEHLO, dsn.CommandHELO,
		dsn.CommandSTARTTLS, dsn.CommandAUTH:
		return verb
	}
	return ""
}

// hmsTried is the line ExternalDelivery::_RescheduleDelivery writes after
// the addresses whose temporary errors lasted until the retries ran out:
// "Tried N time(s)".
var hmsTried = lazyRegexp(`^Tried [0-9]+ time\(s\)$`)
