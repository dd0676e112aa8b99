package dsn

import (
	"io"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// A bounce reaches a return path wrapped in another message more often
// than one would think: a person forwards it "as attachment" (Thunderbird,
// Outlook), a list manager hands an unrecognised bounce to the list owner
// (GNU Mailman 2.1's "Uncaught bounce notification", BounceRunner.py
// maybe_forward: the bounce as a message/rfc822 part of a multipart/mixed),
// a help desk or archive wraps what it received. The MIME walk keeps a
// message/rfc822 part whole, so such a report's delivery-status part was
// found only by recoverEmbedded, and the returned message taken was the
// wrapper's attachment, the bounce itself (its From the MAILER-DAEMON, its
// Subject "Undelivered Mail Returned to Sender"), not the message the
// bounce returns.
//
// unwrapAttachedReport reads the first attached message that is itself a
// report (a multipart/report, or a message holding a delivery-status
// part) as parts of m, in place of the attachment, when the walk found no
// delivery-status part of m's own: the report's own parts, and its
// returned message, are then found where they are. A message that has a
// delivery-status part of its own (a double bounce, whose returned message
// is the single bounce that failed) is left as it is: its attachment is
// its returned message.
func (m *Message) unwrapAttachedReport() {
	if m.FindPart(deliveryStatusTypes...) != nil || m.FindPart("message/feedback-report") != nil {
		return
	}
	for i, p := range m.Parts {
		if p.MediaType != "message/rfc822" && p.MediaType != "message/global" {
			continue
		}
		body := p.Body
		if mailtext.IndexFold(body, "delivery-status") < 0 {
			continue
		}
		h, n, err := readHeader(body, maxHeaderBytes, io.EOF)
		if err != nil {
			continue
		}
		mt, params, _ := h.ContentType()
		if !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
			continue
		}
		inner := &Message{}
		ib, err := entityBody(h, mt, params, body[n:], io.EOF)
		if err != nil {
			continue
		}
		inner.walk(h, mt, params, body[n:], io.EOF, ib, p.Depth)
		if inner.FindPart(deliveryStatusTypes...) == nil {
			continue
		}
		parts := make([]*Part, 0, len(m.Parts)+len(inner.Parts))
		parts = append(parts, m.Parts[:i]...)
		for _, q := range inner.Parts {
			if len(parts) >= MaxParts {
				break
			}
			parts = append(parts, q)
		}
		for _, q := range m.Parts[i+1:] {
			if len(parts) >= MaxParts {
				break
			}
			parts = append(parts, q)
		}
		m.Parts = parts
		m.note("read the %s attachment as the report it carries", p.MediaType)
		return
	}
}
