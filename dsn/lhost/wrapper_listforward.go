package lhost

import (
	"sync"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// listForwardDecoder reads a bounce that a mailing list server could not
// read itself and forwarded to the list's owners, attached as a
// message/rfc822 part, as GNU Mailman does:
//
//	Subject: Uncaught bounce notification
//
//	The attached message was received as a bounce, but either the bounce
//	format was not recognized, or no member addresses could be extracted
//	from it. ...
//
// (Mailman 2.1: Mailman/Queue/BounceRunner.py, maybe_forward, as in
// jurov/gnu-mailman; Mailman 3: src/mailman/app/bounces.py, maybe_forward,
// whose test checks the same Subject and a message/rfc822 second part.)
// The attached bounce is read with every other decoder of the registry,
// and the report is theirs: it names the decoder that read the bounce,
// with a note that a list server forwarded it. A forward inside a forward
// is not unwrapped again.
type listForwardDecoder struct{}

func (listForwardDecoder) Name() dsn.DecoderName { return ListForward }

// listForwardSubjects are the Subjects of list servers' forwards (Mailman
// 2.1 and 3).
var listForwardSubjects = []string{"Uncaught bounce notification"}

func (listForwardDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, listForwardSubjects...) && m.FindPart("message/rfc822") != nil
}

// innerDecoders returns the registry without the list forward decoder:
// the decoders of the attached bounce.
var innerDecoders = sync.OnceValue(func() []dsn.Decoder {
	out := make([]dsn.Decoder, 0, len(registry))
	for _, d := range registry {
		if d.Name() != ListForward {
			out = append(out, d)
		}
	}
	return out
})

func (listForwardDecoder) Decode(m *dsn.Message) *dsn.Report {
	p := m.FindPart("message/rfc822")
	inner, err := dsn.ReadMessage(p.Body)
	if err != nil {
		return nil
	}
	r := dsn.Decode(inner, innerDecoders())
	if !r.IsBounce() {
		return nil
	}
	r.AddNote("a list server's forward (\"Uncaught bounce notification\"): the attached bounce was read")
	return r
}
