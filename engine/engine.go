// Package engine reads a whole message and classifies the recipients it
// reports: every decoder of dsn/lhost's registry, then package classify's
// stages, and, when the envelope is known, the recipients that VERP
// return paths encode. It is the work the milter does on each message and
// "bounce-milter classify" on each file, in a package of its own so that
// the command needs none of the milter's dependencies.
package engine

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
	"github.com/bounce-milter/bounce-milter/verp"
)

// Classify reads a message with every decoder (lhost.Registry)
// and classifies each recipient it reports: the milter runs
// it on each message, "bounce-milter classify" on each file.
// origin is copied into the records. A message that is not a bounce
// yields no record and no error. msg is the engine's to rewrite (its line
// ends, in place): the caller must not need it afterwards.
func Classify(origin string, msg []byte) ([]classify.Record, error) {
	rep, err := dsn.ParseOwned(msg, lhost.Registry())
	if err != nil {
		return nil, err
	}
	return classify.Records(origin, rep), nil
}

// Envelope is what the MTA says of a message outside it.
type Envelope struct {
	// NullSender is true for MAIL FROM:<>, the reverse path of every
	// bounce (RFC 5321 section 4.5.5).
	NullSender bool
	// Rcpts are the envelope recipients (RCPT TO), without angle brackets.
	Rcpts []string
	// FromHeader, for a message read from a file, takes the recipients
	// from the fields the delivering MTA wrote when Rcpts is empty: the
	// topmost X-Original-To (Postfix's local and virtual delivery: the
	// address before rewriting), else the topmost Delivered-To.
	FromHeader bool
}

// ClassifyEnvelope is Classify for a message whose envelope is
// known, with the VERP conventions ps:
//
//   - each envelope recipient that one of ps decodes is a VERP address;
//     the recipient it encodes is the verp of the facts (of every fact
//     when there is one such address; with several, of the fact whose
//     recipient or alias it is);
//   - when no decoder finds a recipient but the message is a failure
//     report (a delivery report without recipients, or a message no
//     decoder read whose header says a mail system wrote it, or which
//     came with a null sender), it yields one fact per VERP address: a
//     failed delivery to the encoded recipient, classified by the report's
//     own text (lhost.ReportText, classify.TextRecord), decodedby "VERP".
//
// Without VERP addresses it is Classify. Mail that a decoder calls
// no bounce (a challenge-response request, a ticket system's reply) and
// feedback, auto-replies and read receipts without recipients yield no
// fact.
func ClassifyEnvelope(origin string, msg []byte, env Envelope, ps verp.Patterns) ([]classify.Record, error) {
	m, err := dsn.ReadMessage(msg)
	if err != nil {
		return nil, err
	}
	rep := dsn.Decode(m, lhost.Registry())
	recs := classify.Records(origin, rep)
	rcpts := env.Rcpts
	if len(rcpts) == 0 && env.FromHeader {
		rcpts = deliveredTo(m)
	}
	addrs := decodeVERP(rcpts, ps)
	if len(addrs) == 0 {
		return recs, nil
	}
	if len(recs) > 0 {
		setVERP(recs, addrs)
		return recs, nil
	}
	if !unreadFailure(m, rep, env.NullSender) {
		return nil, nil
	}
	text := lhost.ReportText(m)
	for _, a := range addrs {
		rec := classify.TextRecord(origin, rep, a, text)
		rec.DecodedBy, rec.VERP = verp.DecoderName, a
		recs = append(recs, rec)
	}
	return recs, nil
}

// deliveredTo returns the envelope recipient the delivering MTA wrote into
// the message, or nil.
func deliveredTo(m *dsn.Message) []string {
	for _, name := range []string{"X-Original-To", "Delivered-To"} {
		if a := m.Header.Address(name); a != "" {
			return []string{a}
		}
	}
	return nil
}

// decodeVERP returns the distinct recipients the VERP addresses among
// rcpts encode, in order.
func decodeVERP(rcpts []string, ps verp.Patterns) []string {
	var out []string
	for _, r := range rcpts {
		a, ok := ps.Decode(r)
		if !ok {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, a)
		}
		if !dup {
			out = append(out, a)
		}
	}
	return out
}

// setVERP gives each record its VERP recipient: the one there is, or, of
// several, the one naming the record's recipient or alias.
func setVERP(recs []classify.Record, addrs []string) {
	for i := range recs {
		r := &recs[i]
		if len(addrs) == 1 {
			r.VERP = addrs[0]
			continue
		}
		for _, a := range addrs {
			if strings.EqualFold(a, r.Recipient) || r.Alias != "" && strings.EqualFold(a, r.Alias) {
				r.VERP = a
				break
			}
		}
	}
}

// unreadFailure reports whether a message whose decoding found no
// recipient is still a failure report: a delivery report, or a message no
// decoder read that a mail system wrote or that came with a null sender.
func unreadFailure(m *dsn.Message, rep *dsn.Report, nullSender bool) bool {
	switch {
	case rep.Kind == dsn.DeliveryReport:
		return true
	case rep.Kind != dsn.NotBounce, rep.Decoder != "":
		return false // feedback, an auto-reply, a read receipt; or a decoder's "no bounce"
	}
	return nullSender || lhost.LooksLikeBounce(m)
}
