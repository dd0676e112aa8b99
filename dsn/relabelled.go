package dsn

import "strings"

// A multipart/report's second part is the machine-readable report of the
// type its report-type names (RFC 6522 section 3: "The second body part
// contains the machine parsable report"); for report-type delivery-status
// that part is the message/delivery-status of RFC 3464 section 2 (or the
// message/global-delivery-status of RFC 6533 section 6.1). Relays,
// archivers and content filters that rewrite parts they do not know
// relabel it text/plain, keeping its place and its fields. recoverRelabelled
// reads such a part as the delivery-status part it was written as.

// dsnLeadFields are the fields a delivery-status body begins with: the
// per-message fields of RFC 3464 section 2.2 and, when a writer leaves
// those out, the first per-recipient fields of section 2.3.
var dsnLeadFields = map[string]bool{
	"reporting-mta": true, "original-envelope-id": true, "dsn-gateway": true,
	"received-from-mta": true, "arrival-date": true,
	"final-recipient": true, "original-recipient": true,
}

// recoverRelabelled gives a relabelled delivery-status part its media
// type back, in a multipart/report with report-type delivery-status that
// has no delivery-status part. The part must be a top-level text part
// after the first (the human-readable notification), begin with a
// delivery-status field and name a recipient (Final-Recipient or
// Original-Recipient).
func (m *Message) recoverRelabelled() {
	if m.mediaType != "multipart/report" || !strings.EqualFold(m.params["report-type"], "delivery-status") {
		return
	}
	if m.FindPart(deliveryStatusTypes...) != nil {
		return
	}
	for i, p := range m.Parts {
		if i == 0 || p.Depth != 1 || p.Recovered || !strings.HasPrefix(p.MediaType, "text/") ||
			p.MediaType == "text/rfc822-headers" || p.MediaType == "text/html" {
			continue
		}
		if !beginsWithDeliveryStatus(p.Text()) {
			continue
		}
		m.note("read the %s part of a delivery-status report as its message/delivery-status part (RFC 6522 section 3)", p.MediaType)
		p.MediaType = "message/delivery-status"
		return
	}
}

// beginsWithDeliveryStatus reports whether s's first non-blank line is a
// delivery-status field and its fields name a recipient.
func beginsWithDeliveryStatus(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	line, _, _ := strings.Cut(t, "\n")
	name, _, ok := strings.Cut(line, ":")
	if !ok || !dsnLeadFields[strings.ToLower(strings.TrimSpace(name))] {
		return false
	}
	for _, g := range ParseFieldsText(s, MaxRecipients+1) {
		if g.Get("Final-Recipient") != "" || g.Get("Original-Recipient") != "" {
			return true
		}
	}
	return false
}
