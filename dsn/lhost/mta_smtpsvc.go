package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// smtpsvcDecoder reads the delivery status notifications of the SMTP
// service of Microsoft's IIS (SMTPSVC), which Exchange 2000 and 2003 use
// for Internet mail and Hotmail once ran, when they come without their
// delivery-status part:
//
//	This is an automatically generated Delivery Status Notification.
//
//	Delivery to the following recipients failed.
//
//	       user@example.org
//
// (flufl.bounce 4.0: tests/data/simple_10.txt, _detectors/simplematch.py;
// https://pastebin.com/aTHb5pnq for Hotmail), and the notices sent through
// the service's pickup directory by CDO for Windows 2000:
//
//	--- Non-Delivery Report ---
//	The email below could not be delivered to the following user:
//
//	"user@example.org" <user@example.org>
//
//	Old message:
//
// (flufl.bounce 4.0: tests/data/microsoft_03.txt, _detectors/simplematch.py,
// "Microsoft SMTPSVC"). Neither names a reason: the diagnostic is the
// sentence that introduces the addresses.
type smtpsvcDecoder struct{}

func (smtpsvcDecoder) Name() dsn.DecoderName { return MicrosoftSMTPSVC }

// smtpsvcHotmailDomains are the domains of the Hotmail of the SMTPSVC
// years (https://pastebin.com/aTHb5pnq).
var smtpsvcHotmailDomains = []string{"hotmail.com", "msn.com"}

// smtpsvcReportMarks are the marks of a report the SMTP service or a CDO
// script sent: a mail system's sender, or a report's Subject.
var smtpsvcReportMarks = append(subjects("Non-Delivery", "Delivery Status Notification", "Undeliverable"), reportSenderMarks...)

func (smtpsvcDecoder) Match(m *dsn.Message) bool {
	// X-DSNContext is the service's own field on its notifications
	// (Mail-DeliveryStatus-BounceParser 1.543 t/corpus/warning-1.msg,
	// warning-4.msg; flufl.bounce tests/data/simple_10.txt).
	if m.Header.Has("X-DSNContext") {
		return true
	}
	// CDO's X-Mailer and the service's Received field are on much
	// ordinary mail: they count on a report (smtpsvcReportMarks).
	if (headerContains(m, "X-Mailer", "Microsoft CDO for Windows") || originReceivedContains(m, "with Microsoft SMTPSVC")) &&
		m.HasAnyMark(smtpsvcReportMarks) {
		return true
	}
	return subjectHasPrefix(m, "Delivery Status Notification") && domainIn(fromDomain(m), smtpsvcHotmailDomains...)
}

// originReceivedContains reports whether the earliest Received field (the
// last in the header), where the bounce was made, contains substr.
func originReceivedContains(m *dsn.Message, substr string) bool {
	vs := m.Header.Values("Received")
	return len(vs) > 0 && mailtext.ContainsFold(vs[len(vs)-1], substr)
}

// smtpsvcIntros introduce the list of addresses.
var smtpsvcIntros = []string{
	"Delivery to the following recipients failed",                  // flufl.bounce simplematch.py
	"Delivery to the following recipients was aborted",             // flufl.bounce simplematch.py
	"Delevery to the following recipients failed",                  // the same, misspelled (flufl.bounce simplematch.py, simple_30.txt)
	"The email below could not be delivered to the following user", // CDO (flufl.bounce simplematch.py)
}

// smtpsvcCopyMarkers end the list: what follows is the returned message.
var smtpsvcCopyMarkers = []string{"Old message:"} // CDO (flufl.bounce simplematch.py)

func (smtpsvcDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, smtpsvcIntros...)
	if start < 0 {
		return nil
	}
	intro := mailtext.TrimSpace(lines[start])
	r := &dsn.Report{}
	for _, l := range lines[start+1:] {
		t := mailtext.TrimSpace(l)
		if t == "" {
			continue
		}
		if lineIndex([]string{t}, 0, smtpsvcCopyMarkers...) == 0 {
			break
		}
		a := addrLine(t)
		if a == "" {
			// "\"user@example.org\" <user@example.org>", as CDO writes it.
			if i := strings.LastIndexByte(t, '<'); i > 0 && strings.HasSuffix(t, ">") {
				a = addrLine(t[i:])
			}
		}
		if a == "" {
			break
		}
		addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: intro})
	}
	r.Original = originalFromMessage(m, text, smtpsvcCopyMarkers...)
	return deliveryReport(r)
}
