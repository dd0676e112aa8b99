package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// citadelDecoder reads the failure notices of the Citadel groupware
// server's SMTP queue (citadel/modules/smtp/serv_smtpqueue.c,
// smtpq_do_bounce). Citadel sends them under the Subject "Delivery Status
// Notification (Failure)" with an X-Mailer naming Citadel, as
// multipart/mixed: a text part, then the original as message/rfc822. The
// text lists one address to a line with the last status message of its
// delivery:
//
//	A message you sent could not be delivered to some or all of its recipients.
//	The following addresses were undeliverable:
//
//	user@example.net: 550 5.1.1 <user@example.net>: Recipient address rejected
//
// When the message has waited in the queue longer than Citadel's give-up
// time (SMTP_GIVE_UP), the intro reads instead "... could not be delivered
// to some or all of its recipients due to prolonged unavailability of its
// destination(s). Giving up on the following addresses:", and it lists the
// addresses that did not fail outright as well: for them the delivery time
// expired, which the decoder gives as the status 5.4.7 (RFC 3463, X.4.7
// "Delivery time expired") unless the address's own message is a
// permanent refusal.
type citadelDecoder struct{}

func (citadelDecoder) Name() dsn.DecoderName { return Citadel }

func (citadelDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "X-Mailer", "Citadel") && subjectHasPrefix(m, "Delivery Status Notification")
}

func (citadelDecoder) Marks() []dsn.Mark { return []dsn.Mark{holding("X-Mailer", "Citadel")} }

// The sentences of Citadel's notice.
const (
	citadelIntro     = "A message you sent could not be delivered to some or all of its recipients"
	citadelGiveUp    = "due to prolonged unavailability of its destination"
	citadelListed    = "The following addresses were undeliverable:"
	citadelGiveUpFor = "Giving up on the following addresses:"
)

func (citadelDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	intro := lineIndex(lines, 0, citadelIntro)
	if intro < 0 {
		return nil
	}
	list := lineIndex(lines, intro, citadelListed, citadelGiveUpFor)
	if list < 0 || list > intro+2 {
		return nil
	}
	giveUp := mailtext.ContainsFold(joinLines(lines[intro:list+1]), citadelGiveUp)
	r := &dsn.Report{}
	for _, l := range lines[list+1:] {
		l = strings.TrimSpace(l)
		if l == "" {
			if len(r.Recipients) > 0 {
				break
			}
			continue
		}
		if strings.HasPrefix(l, "--") {
			break // the next MIME part
		}
		addr, msg, ok := strings.Cut(l, ": ")
		if !ok || strings.ContainsAny(addr, " \t") || !strings.Contains(addr, "@") {
			break
		}
		rc := dsn.Recipient{Recipient: dsn.Address("<" + strings.Trim(addr, "<>") + ">"), DiagnosticCode: msg}
		if giveUp && dsn.FindReplyCode(msg)/100 != 5 {
			rc.Status = statusTimeExpired
		}
		addRecipient(r, rc)
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
