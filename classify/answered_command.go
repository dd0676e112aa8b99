package classify

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// postfixRecipientRefusal is the wording of Postfix's refusal by a
// recipient restriction: "<addr>: Recipient address rejected: <why>"
// (smtpd_check.c: the reply class SMTPD_NAME_RECIPIENT, "Recipient
// address", which smtpd_check_rcpt gives in answer to RCPT TO). Filtering
// gateways built on Postfix keep it (Proofpoint Essentials: "550 5.7.1
// <addr>: Recipient address rejected: User email address is marked as
// invalid", https://www.spambrella.com/faq/email-delivery-error-codes/).
const postfixRecipientRefusal = "recipient address rejected:"

// answeredCommand is the command the text stage takes the remote host to
// have answered: the report's own, else RCPT where the reply is worded as
// a recipient restriction's refusal (postfixRecipientRefusal) from a remote
// host the notice names, so that user-unknown words there are the
// recipient check's answer, not held back as a filter's words
// (heldUnknown). Notices that do not name the command (Gmail's DSN,
// Exchange Online's NDR) quote such replies with the host that gave them.
// Where no remote host is named, the words may be relayed by a filtering
// appliance in the reporting MTA's own report (Active!Hunter's transcript
// of its Postfix's refusal, which Sisimai reads as filtered): the command
// stays unknown there.
func (in *Input) answeredCommand() string {
	if in.Command != "" {
		return in.Command
	}
	if in.Recipient != nil && in.Recipient.RemoteMTA != "" && strings.Contains(in.Text, postfixRecipientRefusal) {
		return dsn.CommandRCPT
	}
	return ""
}
