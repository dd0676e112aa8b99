package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// phabError writes Phabricator's sendExceptionMail notice
// (PhabricatorMetaMTAReceivedMail.php) for a status and its explanation.
func phabError(status, explanation string) string {
	return "From: noreply@phab.example.org\nTo: eva@example.com\nSubject: Error Processing Mail (" + status + ")\n" +
		"X-Phabricator-Sent-This-Message: Yes\nContent-Type: text/plain; charset=UTF-8\n\n" +
		"Your email to Phabricator was not processed, because an error occurred while\ntrying to handle it:\n\n" + explanation + "\n\n" +
		"-- Original Message Body -----------------------------------------------------\n\nhi\n\n" +
		"-- Original Message Headers --------------------------------------------------\n\n" +
		"from: eva@example.com\nto: T12+233+9f1c0d2e3b4a5968@phab.example.org\n\n"
}

// gerritError writes Gerrit's InboundEmailRejection notice.
func gerritError(first string) string {
	return "From: gerrit@review.example.org\nTo: eva@example.com\nSubject: [Gerrit Code Review] Unable to process your email\n\n" +
		first + "\n\nThus, no actions were taken by Gerrit in response to this email, and you should use the Gerrit website to continue.\n" +
		"This email was sent in response to an email coming from this address. In case you did not send Gerrit an email, feel free to ignore this.\n"
}

// odooBounce writes the bounce of Odoo's mail gateway.
func odooBounce(body string) string {
	return "From: MAILER-DAEMON <bounce@yourcompany.example.com>\nTo: eva@example.com\nSubject: Re: Quotation\n" +
		"Content-Type: text/plain; charset=utf-8\n\nDear Sender,\n\n" + body + "\n\nKind Regards\n"
}

// roundupBounce writes Roundup's Mailer.bounce_message notice.
func roundupBounce(explanation string) string {
	return "From: roundup-admin@tracker.example.org\nTo: eva@example.com\nSubject: Failed issue tracker submission\n" +
		"X-Roundup-Name: Roundup issue tracker\nContent-Type: multipart/mixed; boundary=\"r\"\n\n--r\nContent-Type: text/plain\n\n\n" +
		explanation + "\n--r\nContent-Type: message/rfc822\n\nFrom: eva@example.com\nTo: issues@tracker.example.org\nSubject: [issue42] VPN\n\nhi\n--r--\n"
}

// TestApplicationRefusal2Texts: the refusals of Phabricator, Gerrit, Odoo
// and Roundup (classify/texts/app_refusals_devtools.tsv, read in the reports of their
// decoders) give the reason their sources mean.
func TestApplicationRefusal2Texts(t *testing.T) {
	cases := []refusalCase{
		{"Phabricator, disabled sender", phabError("Disabled Sender", `Your account ("eva") is disabled, so you can not interact with Phabricator over email.`), classify.Rejected},
		{"Phabricator, user mismatch", phabError("User Mismatch", `This mail is addressed to the private email address of an object ("D42"), but you are not the user who is authorized to use the address you sent mail to.`), classify.Rejected},
		{"Phabricator, no receivers", phabError("No Receivers", "Phabricator can not process this mail because no application knows how to handle it. Check that the address you sent it to is correct."), classify.UserUnknown},
		{"Phabricator, bad hash", phabError("Bad Address", `This mail is addressed to an object ("T77"), but the address is not correct (the security hash is wrong).`), classify.UserUnknown},
		{"Phabricator, empty mail", phabError("Empty Mail", "Your message does not contain any body text or attachments."), classify.ContentError},
		{"Phabricator, an exception", phabError("PhutilProxyException", "PhutilProxyException: Lost connection."), classify.SystemError},
		{"Gerrit, parsing error", gerritError("Gerrit Code Review was unable to parse your email.\nThis might be because your email did not quote Gerrit's email."), classify.ContentError},
		{"Gerrit, inactive account", gerritError("Your account on this Gerrit Code Review instance is marked as inactive,\nso your email has been ignored."), classify.Rejected},
		{"Gerrit, internal exception", gerritError("Gerrit Code Review encountered an internal exception and was unable to fulfil your request."), classify.SystemError},
		{"Odoo, partners only", odooBounce("The message below could not be accepted by the address sales@yourcompany.example.com.\nOnly addresses linked to registered partners are allowed to contact it."), classify.Rejected},
		{"Odoo, invalid alias", odooBounce("The message below could not be accepted by the address jobs@yourcompany.example.com.\nPlease try again later or contact YourCompany instead."), classify.SystemError},
		{"Odoo, too many", odooBounce("The message below could not be accepted by the address support@yourcompany.example.com because you have\ncontacted it too many times in the last few minutes.\nPlease try again later."), classify.RateLimited},
		{"Odoo, catch-all", odooBounce("The email sent to catchall@yourcompany.example.com cannot be processed. This address\nis used to collect replies and should not be used to directly contact YourCompany."), classify.PolicyViolation},
		{"Roundup, not registered", roundupBounce("You are not a registered user.\n\nUnknown address: eva@example.com"), classify.Rejected},
		{"Roundup, may not add files", roundupBounce("You are not permitted to add files to issue."), classify.Rejected},
		{"Roundup, not plain text", roundupBounce("Roundup requires the submission to be plain text. The message parser could\nnot find a text/plain part to use."), classify.ContentError},
		{"Roundup, PGP", roundupBounce("This tracker has been configured to require all email be PGP signed or\nencrypted."), classify.SecurityError},
		{"Zammad, too large", "From: support@zammad.example.org\nTo: eva@example.com\nSubject: [undeliverable] Message too large\n\n" +
			"Your message was 31.42 MB but we only accept messages up to 20 MB.\n", classify.EmailTooLarge},
		{"Zammad in Spanish", "From: support@zammad.example.org\nTo: eva@example.com\nSubject: [no se pudo entregar] Mensaje demasiado grande\n\n" +
			"Su mensaje ocupaba 31.42 MB pero nuestro sistema solamente acepta mensajes de hasta 20 MB.\n", classify.EmailTooLarge},
		{"osTicket, over the limit", "From: support@helpdesk.example.org\nTo: eva@example.com\nSubject: Open Tickets Limit Reached\n\n" +
			"You have reached the maximum number of open tickets allowed.\n", classify.Rejected},
		{"Roundup, unexpected", roundupBounce("An unexpected error occurred during the processing\nof your message. The tracker administrator is being\nnotified."), classify.SystemError},
	}
	runRefusalTexts(t, cases)
}

// TestApplicationRefusal2TextsNearMisses: the same words in a report none
// of these decoders read are not read by app_refusals_devtools.tsv's rows.
func TestApplicationRefusal2TextsNearMisses(t *testing.T) {
	cases := []refusalNearMiss{
		{"an MTA's user unknown with a permission phrase", "5.1.1", "550 5.1.1 <bob@example.org>: User unknown; you are not permitted to relay", "You are not permitted to"},
		{"a remote's rate limit quoting Odoo's words", "4.7.0", "421 4.7.0 Please try again later or contact the postmaster", "Please try again later or contact"},
		{"a remote reply naming Gerrit's words", "5.0.0", "550 Gerrit Code Review was unable to parse your email", "Gerrit Code Review was unable to parse your email"},
	}
	runRefusalNearMisses(t, cases)
}
