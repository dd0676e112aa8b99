package dsn

import (
	"fmt"
	"strings"
)

// A Decoder reads one format of bounce. Match is a cheap test, on the
// message's header and part types only, of whether the format can apply;
// Decode does the work and returns nil when the message is not in its
// format after all. A Decode that reads a report wrapped in another
// message (a bounce a list server forwarded) returns the report Decode
// made of the wrapped message: its Decoder set, it keeps that name.
//
// A Decode that finds the message in its format but learns too little
// from what the format defines (a delivery-status part without a single
// field) marks its report partial (Report.MarkPartial) rather than
// decline it: the report is then a fallback, and the decoders after it
// are asked whether they read more (see Decode).
type Decoder interface {
	Name() DecoderName
	Match(m *Message) bool
	Decode(m *Message) *Report
}

// DecoderName names a format decoder; Report.Decoder holds the name of
// the one that read a report. Each decoder's name is a constant in the
// package that defines the decoder.
type DecoderName string

// The names of the decoders this package defines.
const (
	RFC3464 DecoderName = "RFC3464" // RFC3464Decoder: delivery status notifications
	ARF     DecoderName = "ARF"     // ARFDecoder: feedback reports (RFC 5965)
	RFC3834 DecoderName = "RFC3834" // AutoReplyDecoder: automatic replies
	RFC8098 DecoderName = "RFC8098" // MDNDecoder: read receipts (message disposition notifications)
)

// Decode runs decoders over m in order and returns the first report one
// of them makes, or a NotBounce report when none does.
//
// A partial report (Report.MarkPartial) does not end the search: Decode
// keeps it as the fallback and tries the decoders after the one that made
// it. The first of them whose report is of the same Kind and names at
// least one recipient, and is not partial itself, reads the message: its
// report is returned, credited to it, with a note of the partial reading
// it replaced. When none does, the partial report is returned, credited to
// its decoder, with a note of why it is partial. A second partial report
// is passed over: the first is the fallback.
func Decode(m *Message, decoders []Decoder) *Report {
	var fallback *Report
	var fallbackBy DecoderName
	for _, d := range decoders {
		if !d.Match(m) {
			continue
		}
		r := d.Decode(m)
		if r == nil {
			continue
		}
		if fallback != nil && (r.partial != "" || r.Kind != fallback.Kind || len(r.Recipients) == 0 || !readsMore(r, fallback)) {
			// Not a reading of the message that can take the partial
			// one's place.
			continue
		}
		if r.partial != "" {
			fallback, fallbackBy = r, d.Name()
			continue
		}
		if fallback != nil {
			by := r.Decoder
			if by == "" {
				by = string(d.Name())
			}
			r.AddNote(fmt.Sprintf("%s read it only in part (%s): read by the %s decoder", fallbackBy, fallback.partial, by))
		}
		return m.finish(r, d.Name())
	}
	if fallback != nil {
		fallback.AddNote(fmt.Sprintf("%s read it only in part (%s): no decoder after it read more", fallbackBy, fallback.partial))
		fallback.partial = ""
		return m.finish(fallback, fallbackBy)
	}
	r := &Report{Kind: NotBounce}
	m.fillReport(r)
	return r
}

// readsMore reports whether r reads more of the message than the partial
// reading fallback: it names a recipient fallback has not, or gives one of
// its recipients a status or a reply code (in its Status or its diagnostic
// text), or finds that no remote server answered for one of them where
// fallback does not say so. A reading that names the same recipients and
// no code (a text that lists the addresses, whose only other line a
// decoder may take for the diagnostic) does not replace the one that has
// read them from the report's own parts.
func readsMore(r, fallback *Report) bool {
	// known holds fallback's recipients, each with whether it says no
	// remote server answered for it and whether it reads it as delayed.
	type seen struct{ noAnswer, delayed bool }
	known := make(map[string]seen, len(fallback.Recipients))
	for i := range fallback.Recipients {
		known[strings.ToLower(fallback.Recipients[i].Recipient)] = seen{
			noAnswer: fallback.Recipients[i].NoRemoteAnswer,
			delayed:  fallback.Recipients[i].Action == ActionDelayed,
		}
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		k, ok := known[strings.ToLower(rc.Recipient)]
		if !ok || !rc.Status.IsZero() || !rc.TextStatus().IsZero() || FindReplyCode(rc.DiagnosticCode) != 0 {
			return true
		}
		// A reading that finds the notice reports a delay (Gmail's
		// "Delivery Status Notification (Delay)" with an empty
		// delivery-status part) knows what the partial reading, which
		// took every recipient for failed, does not.
		if rc.Action == ActionDelayed && !k.delayed {
			return true
		}
		// A reading of the notice's own layout that finds no remote
		// server's answer in it (Recipient.NoRemoteAnswer) knows what the
		// partial reading, which took the text next to the address, does
		// not: whose words the diagnostic is.
		if rc.NoRemoteAnswer && !k.noAnswer {
			return true
		}
	}
	return false
}

// finish completes the report r the decoder named by read from m.
func (m *Message) finish(r *Report, by DecoderName) *Report {
	if r.Decoder != "" {
		// A wrapper's report (a bounce forwarded inside another
		// message): the decoder of the bounce inside named itself
		// and filled the report from that message.
		for _, n := range m.Notes {
			r.AddNote(n)
		}
		return r
	}
	r.Decoder = string(by)
	m.fillReport(r)
	return r
}

// fillReport copies what every report shares from the message: its own
// header, the returned original when the decoder did not set it, and notes.
func (m *Message) fillReport(r *Report) {
	h := m.Header
	if r.From == "" {
		r.From = h.Address("From")
	}
	if r.To == "" {
		r.To = h.Address("To")
	}
	if r.Subject == "" {
		r.Subject = h.Text("Subject")
	}
	if r.Date.IsZero() {
		r.Date = ParseDate(h.Get("Date"))
	}
	if r.MessageID == "" {
		r.MessageID = TrimMessageID(h.Get("Message-Id"))
	}
	if r.Kind != NotBounce && r.Original == (Original{}) {
		r.Original, _ = m.Original()
	}
	for _, n := range m.Notes {
		r.AddNote(n)
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.ReplyCode == 0 {
			rc.ReplyCode = FindReplyCode(rc.DiagnosticCode)
		}
		if rc.Command == "" {
			rc.Command = FindCommand(rc.DiagnosticCode)
		}
	}
}

// TextBody returns the first text/plain part's body (or the first text/*
// part's), the human-readable part of most reports.
func (m *Message) TextBody() string {
	if p := m.TextPart(); p != nil {
		return p.Text()
	}
	return ""
}

// TextPart returns the part TextBody reads, nil if none: a caller that
// only searches it can read its Body without the string copy.
func (m *Message) TextPart() *Part {
	var first *Part
	for _, p := range m.Parts {
		if p.MediaType == "text/plain" {
			return p
		}
		if first == nil && strings.HasPrefix(p.MediaType, "text/") {
			first = p
		}
	}
	return first
}
