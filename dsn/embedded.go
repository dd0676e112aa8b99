package dsn

import (
	"bytes"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Bounces in the wild break MIME: a boundary line indented by a space, a
// report forwarded as plain text, a multipart without its closing
// delimiter. When the MIME walk finds no delivery-status part, the raw
// message is scanned for a "Content-Type: message/delivery-status" header
// line and the field block that follows it is taken as the part, and
// likewise for the returned message's header.

// embeddedTypes are the media types scanEmbedded recovers, in the order
// they are looked for.
var embeddedTypes = []string{
	"message/delivery-status",
	"message/global-delivery-status",
	"message/feedback-report",
	"message/rfc822",
	"text/rfc822-headers",
}

// recoverEmbedded adds the parts of embeddedTypes that the walk missed.
// It scans the raw message and then the decoded text of each text part
// that came in base64 or quoted-printable, where a relay or client
// re-encoding the message has hidden the embedded report from the raw
// bytes.
func (m *Message) recoverEmbedded(raw []byte) {
	if m.FindPart(deliveryStatusTypes...) != nil || m.FindPart("message/feedback-report") != nil {
		return
	}
	sources := [][]byte{raw}
	for _, p := range m.Parts {
		if strings.HasPrefix(p.MediaType, "text/") && p.Header.Has("Content-Transfer-Encoding") {
			switch enc := strings.ToLower(p.Header.Get("Content-Transfer-Encoding")); enc {
			case "base64", "quoted-printable":
				sources = append(sources, mailtext.NormalizeLineEnds(p.Body))
			}
		}
	}
	for _, src := range sources {
		if mailtext.IndexFold(src, "delivery-status") < 0 && mailtext.IndexFold(src, "feedback-report") < 0 {
			continue
		}
		for _, t := range embeddedTypes {
			if m.FindPart(t) != nil {
				continue
			}
			if body, ok := scanEmbedded(src, t); ok {
				m.Parts = append(m.Parts, &Part{MediaType: t, Body: body, Depth: 1, Recovered: true})
				m.note("recovered a %s part from malformed MIME", t)
			}
		}
	}
}

// scanEmbedded finds a Content-Type header line naming mediaType at the
// start of a line in raw, skips the rest of that part's header, and
// returns the body up to the next boundary-like line ("--" at the start
// of a line, after optional white space), at most MaxPartBytes.
func scanEmbedded(raw []byte, mediaType string) ([]byte, bool) {
	for off := 0; off < len(raw); {
		i := mailtext.IndexFold(raw[off:], mediaType)
		if i < 0 {
			return nil, false
		}
		i += off
		off = i + len(mediaType)
		lineStart := bytes.LastIndexByte(raw[:i], '\n') + 1
		line := bytes.TrimLeft(raw[lineStart:i], " \t")
		if !bytes.EqualFold(bytes.TrimRight(line, " \t"), []byte("content-type:")) {
			continue
		}
		// Skip to the blank line that ends the part's header.
		hdrEnd := bytes.Index(raw[off:], []byte("\n\n"))
		if hdrEnd < 0 {
			return nil, false
		}
		body := raw[off+hdrEnd+2:]
		end := len(body)
		for j := 0; j < len(body); {
			k := bytes.IndexByte(body[j:], '\n')
			var l []byte
			if k < 0 {
				l, k = body[j:], len(body)-j
			} else {
				l = body[j : j+k]
			}
			if bytes.HasPrefix(bytes.TrimLeft(l, " \t"), []byte("--")) && len(bytes.TrimSpace(l)) > 2 {
				end = j
				break
			}
			j += k + 1
		}
		body = body[:end]
		if len(body) > MaxPartBytes {
			body = body[:MaxPartBytes]
		}
		return body, len(bytes.TrimSpace(body)) > 0
	}
	return nil, false
}
