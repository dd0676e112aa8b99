package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestMicrosoftRepliesTexts reads the rows of microsoft_replies.tsv as Microsoft's servers write them
// (Exchange Online's external-forwarding block, the Send As refusals of
// Exchange Server, Exchange Online and Outlook.com, the GCC submission
// endpoint's 5.7.57, Exchange Online's TLS 1.0/1.1 refusal, Exchange
// Server's per-source connection limit and attachment filter), and near
// misses that must not take the same reason.
func TestMicrosoftRepliesTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{PolicyViolation, []reasonCase{
			{text: "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)", status: "5.7.520"},
			{text: "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)", status: "5.7.520", command: dsn.CommandDATA},
		}, []reasonCase{
			// Forwarding named, but a relay refused: not the organization's forwarding policy.
			{text: "550 5.7.1 Forwarding is not allowed for unauthenticated senders (relaying denied)", status: "5.7.1", command: dsn.CommandRCPT},
		}},
		{SecurityError, []reasonCase{
			{text: "550 5.7.60 SMTP; Client does not have permissions to send as this sender [BY2PR1001MB1094.namprd10.prod.outlook.com]", status: "5.7.60", command: dsn.CommandDATA},
			{text: "550 5.7.1 Client does not have permissions to send as this sender", status: "5.7.1", command: dsn.CommandMAIL},
			{text: "550 5.7.1 Anonymous client does not have permissions to send as this sender", status: "5.7.1", command: dsn.CommandMAIL},
			{text: "550 5.7.1 Client does not have permission to send as this sender", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.", status: "5.2.0", command: dsn.CommandDATA},
			{text: "554 5.2.252 SendAsDenied; alias@outlook.com not allowed to send as shop@example.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.", status: "5.2.252"},
			{text: "530 5.7.57 Client not authenticated to send mail. [BN1P110CA0052.NAMP110.PROD.OUTLOOK.COM 2023-11-29T14:52:57.126Z 08DBE7319275F6BA]", status: "5.7.57", command: dsn.CommandMAIL},
		}, []reasonCase{
			// Exchange Online throttling a sender after many Send As refusals: a rate, not the refusal itself.
			{text: "550 5.2.252 Sender throttled due to continuous send as denied errors.", status: "5.2.252", command: dsn.CommandMAIL},
			// The store's other exceptions at delivery: no sender refused.
			{text: "554 5.2.0 STOREDRV.Deliver.Exception:ObjectNotFoundException.MapiExceptionNotFound; Failed to process message due to a permanent exception with message Cannot get ID from name.", status: "5.2.0", command: dsn.CommandDATA},
		}},
		{FailedSTARTTLS, []reasonCase{
			{text: "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls. [PR3P191CA0001.EURP191.PROD.OUTLOOK.COM]", status: "4.7.66", command: dsn.CommandMAIL, delayed: true},
			{text: "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls", status: "4.7.66", command: dsn.CommandMAIL},
		}, []reasonCase{
			// A client's version that is not supported, no TLS in it.
			{text: "550 5.7.1 Your mail client version is not supported", status: "5.7.1", command: dsn.CommandMAIL},
		}},
		{RateLimited, []reasonCase{
			{text: "421 4.3.2 The maximum number of concurrent server connections has exceeded a per-source limit, closing transmission channel", status: "4.3.2", command: dsn.CommandCONN, delayed: true},
			{text: "421 4.3.2 The maximum number of concurrent server connections has exceeded a per-source limit, closing transmission channel", status: "4.3.2", command: dsn.CommandMAIL},
		}, []reasonCase{
			{text: "421 4.3.2 Service not available, closing transmission channel", status: "4.3.2", command: dsn.CommandCONN},
		}},
		{PolicyViolation, []reasonCase{
			{text: "550 5.7.1 Message rejected due to unacceptable attachments", status: "5.7.1", command: dsn.CommandDATA},
		}, []reasonCase{
			// A virus found in the attachment is the scanner's verdict, not the attachment policy.
			{text: "550 5.7.1 Message rejected due to virus in attachment", status: "5.7.1", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// TestMicrosoftCodes checks Exchange Online's own 5.7.520 from its
// hosts, in the English of Microsoft's page and in another wording (a
// localized NDR keeps the code), and near misses: the code from a host
// that is not Microsoft's, another 5.7.5xx code of Microsoft's.
func TestMicrosoftCodes(t *testing.T) {
	runProviderCases(t, "microsoft", []providerCase{
		{"5.7.520 as documented", "AM0PR07MB4410.eurprd07.prod.outlook.com", "j.berg@example.com", "5.7.520",
			"550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)", PolicyViolation},
		{"5.7.520 other words", "DB9PR04MB8412.eurprd04.prod.outlook.com", "j.berg@example.com", "5.7.520",
			"550 5.7.520 Zugriff verweigert. Ihre Organisation erlaubt keine externe Weiterleitung. AS(7555)", PolicyViolation},
	})
	runNearMisses(t, "microsoft", []nearMiss{
		{"5.7.510 is not the forwarding block", "contoso-com.mail.protection.outlook.com", "a@contoso.com", "5.7.510",
			"550 5.7.510 Access denied, contoso.com does not accept email over IPv6", PolicyViolation},
	})
	v := classifyOne(t, fact("mx.example.net", "a@example.net", "5.7.520", "550 5.7.520 Message refused"))
	assert.NotEqual(t, "microsoft", v.Provider, "5.7.520 from another host is not Microsoft's code")
}
