package milter

import (
	"strings"

	gomilter "github.com/d--j/go-milter"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
	"github.com/bounce-milter/bounce-milter/verp"
)

// maxEnvelopeRcpts bounds the envelope recipients a message keeps for
// VERP: a bounce goes to one return path, and a message to many
// recipients is no bounce.
const maxEnvelopeRcpts = 32

// maxEnvelopeAddr bounds one kept envelope recipient; a longer one is no
// address (RFC 5321 section 4.5.3.1.3: a path is at most 256 octets).
const maxEnvelopeAddr = 512

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

// ClassifyEnvelope is ClassifyMessage for a message whose envelope is
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
// Without VERP addresses it is ClassifyMessage. Mail that a decoder calls
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

// envelopeOf returns the envelope of the current message, for the engine;
// the recipients are copied, since the engine may outlive the message.
func (s *session) envelopeOf() Envelope {
	from := strings.TrimSpace(s.mailFrom)
	return Envelope{NullSender: from == "" || from == "<>", Rcpts: append([]string(nil), s.rcpts...)}
}

// RcptTo keeps the envelope recipients, for VERP; the MTA sends them only
// when VERP is configured (negotiateVERP).
func (s *session) RcptTo(rcpt, _ string, m gomilter.Modifier) (resp *gomilter.Response, err error) {
	defer s.recoverTo(m, "rcpt", &resp, &err)
	if len(s.rcpts) < maxEnvelopeRcpts && len(rcpt) <= maxEnvelopeAddr {
		s.rcpts = append(s.rcpts, rcpt)
	}
	return gomilter.RespContinue, nil
}

// negotiate settles the protocol as negotiate does, and, when the
// configuration has VERP patterns, asks for the envelope recipients
// without a reply to each (SMFIP_NR_RCPT, when the MTA offers it). Without
// VERP the protocol is the same as ever: no RCPT events.
func (f *Filter) negotiate(mtaVersion, milterVersion uint32, mtaActions, milterActions gomilter.OptAction,
	mtaProtocol, milterProtocol gomilter.OptProtocol, offered gomilter.DataSize,
) (uint32, gomilter.OptAction, gomilter.OptProtocol, gomilter.DataSize, error) {
	if len(f.cfg.Load().VERP) > 0 {
		milterProtocol = milterProtocol&^gomilter.OptNoRcptTo | gomilter.OptNoRcptReply
	}
	return negotiate(mtaVersion, milterVersion, mtaActions, milterActions, mtaProtocol, milterProtocol, offered)
}
