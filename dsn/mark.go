package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// A Mark is a test on one header field that a format's messages pass: a
// decoder declares, as data, the header evidence without which it never
// reads a message. A reader that sees only the header (the milter's
// pre-filter, at the end of the headers, before the body is sent) asks
// for the body of every message that has a mark of some decoder, and so
// never skips a format a decoder knows.
//
// A decoder's marks are alternatives: every message its Decode reads has
// at least one of them. A mark may be weaker than the decoder's Match
// (Match may ask for a mark and more), never stronger.
type Mark struct {
	Field string   // the header field, canonical: "Subject", "From", "X-Failed-Recipients"
	Test  MarkTest // what the field must be
	// Value is, for MarkContains, what the field's value must contain,
	// compared ignoring ASCII case, after RFC 2047 words are decoded.
	Value string
}

// MarkTest is what a Mark asks of its header field.
type MarkTest uint8

// The tests a Mark can make.
const (
	MarkPresent  MarkTest = iota // the field is present, whatever its value
	MarkContains                 // the field's value contains Mark.Value
	MarkDaemon                   // the field names a mail system's sender (IsDaemonSender)
)

// A Marker is a decoder that declares its marks. Every decoder of the
// registry is one; a decoder whose reports are never bounces (they tell
// ordinary automatic mail from bounces) declares none.
type Marker interface {
	Marks() []Mark
}

// maxMarkValues is how many instances of one header field HasMark looks at.
const maxMarkValues = 32

// Matches reports whether a header field value, as it came (folded lines
// and encoded words allowed), passes the mark. The field's name is not
// checked: callers pass the values of the mark's Field.
func (mk Mark) Matches(value string) bool {
	switch mk.Test {
	case MarkPresent:
		return true
	case MarkContains:
		if strings.Contains(value, "=?") {
			value = decodeWords(value)
		}
		return mailtext.ContainsFold(value, mk.Value)
	case MarkDaemon:
		return IsDaemonSender(decodeWords(value))
	}
	return false
}

// HasMark reports whether m's header passes mk.
func (m *Message) HasMark(mk Mark) bool {
	switch mk.Test {
	case MarkPresent:
		return m.Header.Has(mk.Field)
	case MarkDaemon:
		// The first instance only: a message has one sender.
		return m.Header.IsDaemon(mk.Field)
	}
	vs := m.Header.Values(mk.Field)
	if len(vs) > maxMarkValues {
		vs = vs[:maxMarkValues]
	}
	for _, v := range vs {
		if mk.Matches(v) {
			return true
		}
	}
	return false
}

// HasAnyMark reports whether m's header passes one of marks.
func (m *Message) HasAnyMark(marks []Mark) bool {
	for _, mk := range marks {
		if m.HasMark(mk) {
			return true
		}
	}
	return false
}

// IsDaemonSender reports whether an address field's value (From,
// Return-Path; with encoded words decoded) names a mail system rather
// than a person: the null reverse path "<>" (RFC 5321 section 4.5.5), an
// address that is a mailer daemon's or postmaster's (IsMailerDaemon), or,
// when there is no address at all ("MAILER-DAEMON", "Mail Delivery System
// <MAILER-DAEMON>"), a word that is.
func IsDaemonSender(value string) bool {
	return isDaemonSender(value, Address(value))
}

// isDaemonSender is IsDaemonSender for a value whose address is known.
func isDaemonSender(value, addr string) bool {
	if mailtext.TrimSpace(value) == "<>" {
		return true
	}
	if addr != "" {
		return IsMailerDaemon(addr)
	}
	for _, w := range strings.FieldsFunc(value, isNameSeparator) {
		if IsMailerDaemon(w) {
			return true
		}
	}
	return false
}

// isNameSeparator reports whether r separates the words of a From field
// without an address.
func isNameSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '<', '>', '(', ')', '"', ',', ';', ':':
		return true
	}
	return false
}
