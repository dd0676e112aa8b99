package milter

import (
	"strings"

	gomilter "github.com/d--j/go-milter"

	"github.com/bounce-milter/bounce-milter/engine"
)

// maxEnvelopeRcpts bounds the envelope recipients a message keeps for
// VERP: a bounce goes to one return path, and a message to many
// recipients is no bounce.
const maxEnvelopeRcpts = 32

// maxEnvelopeAddr bounds one kept envelope recipient; a longer one is no
// address (RFC 5321 section 4.5.3.1.3: a path is at most 256 octets).
const maxEnvelopeAddr = 512

// envelopeOf returns the envelope of the current message, for the engine;
// the recipients are copied, since the engine may outlive the message.
func (s *session) envelopeOf() engine.Envelope {
	from := strings.TrimSpace(s.mailFrom)
	return engine.Envelope{NullSender: from == "" || from == "<>", Rcpts: append([]string(nil), s.rcpts...)}
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
