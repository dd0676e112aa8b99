package dsn

import "strings"

// A Decoder reads one format of bounce. Match is a cheap test, on the
// message's header and part types only, of whether the format can apply;
// Decode does the work and returns nil when the message is not in its
// format after all.
type Decoder interface {
	Name() string
	Match(m *Message) bool
	Decode(m *Message) *Report
}

// Decoders is the registry of format decoders, in the order Decode tries
// them: standard machine-readable reports first (they say the most and are
// the least ambiguous), then the non-standard formats of particular MTAs
// and providers, and the auto-reply test last, because bounces and
// feedback reports often carry auto-reply headers too.
var Decoders = registry()

func registry() []Decoder {
	ds := []Decoder{arfDecoder{}, rfc3464Decoder{}}
	ds = append(ds, providerFormatDecoders...)
	ds = append(ds, mtaFormatDecoders...)
	return append(ds, autoReplyDecoder{})
}

// Decode runs the registered decoders over m and returns the first report
// one of them makes, or a NotBounce report.
func Decode(m *Message) *Report {
	return DecodeWith(m, Decoders)
}

// DecodeWith is Decode with a decoder list of the caller's.
func DecodeWith(m *Message, decoders []Decoder) *Report {
	for _, d := range decoders {
		if !d.Match(m) {
			continue
		}
		r := d.Decode(m)
		if r == nil {
			continue
		}
		r.Decoder = d.Name()
		m.fillReport(r)
		return r
	}
	r := &Report{Kind: NotBounce}
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
		r.MessageID = trimMessageID(h.Get("Message-Id"))
	}
	if r.Kind != NotBounce && r.Original == (Original{}) {
		r.Original, _ = m.findOriginal()
	}
	for _, n := range m.Notes {
		r.note(n)
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
	var first *Part
	for _, p := range m.Parts {
		if p.MediaType == "text/plain" {
			return p.Text()
		}
		if first == nil && strings.HasPrefix(p.MediaType, "text/") {
			first = p
		}
	}
	if first != nil {
		return first.Text()
	}
	return ""
}
