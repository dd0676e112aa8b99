package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// GoogleWorkspace credits Google's titled notices that name no recipient.
const GoogleWorkspace dsn.DecoderName = "GoogleWorkspace"

// googleWorkspaceDecoder reads the notice Google's mailer-daemon sends
// when a message a Gmail or Google Workspace account sent through its
// "Send mail as" address (the user's own SMTP server as Google's
// smarthost) failed as a whole:
//
//	** Message not delivered **
//
//	You're sending this from a different address or alias using the 'Send
//	mail as' feature. The settings for your 'Send mail as' account are
//	misconfigured or out of date. Check those settings and try resending.
//
//	Learn more here: https://support.google.com/mail/?p=CustomFromDenied
//
//	The response was:
//	Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability
//
// (sisimai/go-sisimai: lhost/via-googleworkspace.go). It is the titled
// notice Gmail's decoder reads (gmailTitledReport), but its sentence
// names no address and it carries no X-Failed-Recipients nor RFC 3464
// fields, so Gmail's decoder finds no recipient. As Sisimai does, the
// failed recipient is the first To address of the returned message; the
// diagnostic is the line after the one ending in a colon ("The response
// was:"), else Google's sentence, and the notice is kept.
type googleWorkspaceDecoder struct{}

func (googleWorkspaceDecoder) Name() dsn.DecoderName { return GoogleWorkspace }

func (googleWorkspaceDecoder) Match(m *dsn.Message) bool {
	return fromGoogleDaemon(m) && !m.Header.Has("X-Failed-Recipients")
}

func (googleWorkspaceDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	report, _ := textSection(text, nil, googleOriginalMarkers)
	paras, title := gmailTitledParagraphs(report)
	if title < 0 {
		return nil
	}
	sentence := mailtext.FoldSpace(paras[title+1])
	if len(addressesIn(sentence)) > 0 {
		// A recipient's own notice: Gmail's decoder reads it.
		return nil
	}
	orig, ok := m.Original()
	if !ok || orig.To == "" {
		orig, ok = originalAfter(text, googleOriginalMarkers...)
	}
	if !ok || orig.To == "" {
		return nil
	}
	diag, replied := sentence, false
reply:
	for j := title + 2; j < len(paras); j++ {
		p := mailtext.TrimSpace(paras[j])
		head, rest, _ := strings.Cut(p, "\n")
		head = mailtext.TrimSpace(head)
		if !strings.HasSuffix(head, ":") || strings.Contains(head, "://") {
			continue
		}
		switch {
		case mailtext.TrimSpace(rest) != "":
			diag, replied = mailtext.FoldSpace(rest), true
		case j+1 < len(paras):
			diag, replied = mailtext.FoldSpace(paras[j+1]), true
		}
		break reply
	}
	action := dsn.ActionFailed
	if subjectHasPrefix(m, "Delivery Status Notification (Delay)") {
		action = dsn.ActionDelayed
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	r.AddRecipient(dsn.Recipient{Recipient: orig.To, Action: action, DiagnosticCode: diag, NoRemoteAnswer: !replied})
	if len(r.Recipients) == 0 {
		return nil
	}
	r.KeepNotices(report)
	r.Original = orig
	return r
}

// Marks: Google's mailer-daemon's From, as Gmail's decoder's.
func (googleWorkspaceDecoder) Marks() []dsn.Mark { return []dsn.Mark{daemonFrom} }
