package milter

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	gomilter "github.com/d--j/go-milter"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
)

// session is the milter for one MTA connection; it sees the messages of
// that connection one after another. Every callback recovers a panic: the
// milter never loses or holds mail because of itself. Whatever goes wrong
// (a panic, the memory budget, a timeout, a message the engine cannot
// read), the message goes on to its end unclassified, and there the
// incoming headers with the prefix are still removed: removing them needs
// no classification. Only a message whose connection is gone keeps them.
type session struct {
	gomilter.NoOpMilter
	f   *Filter
	cfg *Config // the configuration for the current message

	pf       prefilter
	progress progress // keeps the MTA waiting during a long end of message
	mailFrom string
	rcpts    []string // the envelope recipients, for VERP (bounded; only when VERP is on)
	forged   []forged // incoming headers with the prefix, in order
	kindSeen bool     // the message came with the kind header
	// hookFields are the header fields the hook's Bounce names, the
	// first of each, taken as they pass.
	hookFields hookFields
	// msg is the message as the engine reads it: the header block
	// (bounded by maxHeaderBytes) as it arrives, then, for a candidate, a
	// blank line and the body up to MaxBody from bodyAt on. Both go
	// straight into it, so that the engine reads it without a copy.
	msg      []byte
	bodyAt   int
	size     int64 // header and body bytes read
	reserved int64 // bytes of f.buffered this message holds
	// spec is the classification started ahead of the end of the
	// message (speculate), over the first specLen bytes of msg; nil if
	// none.
	spec      <-chan result
	specLen   int
	candidate bool
	truncated bool
	failed    bool // failed open: no classification, forged headers still removed at the end
	done      bool // a final answer was given (accepted before the end)
}

// forged is an incoming header with the milter's prefix.
type forged struct {
	name  string // as it came
	index int    // one-based among the headers of this name (ignoring case)
}

// reset forgets the current message and releases what it holds.
func (s *session) reset() {
	s.cfg = s.f.cfg.Load()
	s.pf.reset()
	s.mailFrom = ""
	s.rcpts = s.rcpts[:0]
	s.forged = s.forged[:0]
	s.kindSeen = false
	s.hookFields = hookFields{}
	if cap(s.msg) > maxPooledMessage {
		s.msg = nil // do not keep a large buffer for the connection's life
	}
	s.msg, s.bodyAt = s.msg[:0], 0
	s.size = 0
	s.release()
	s.spec, s.specLen = nil, 0
	s.candidate, s.truncated, s.failed, s.done = false, false, false, false
}

// release gives back the body bytes this message holds in the budget.
func (s *session) release() {
	if s.reserved > 0 {
		s.f.buffered.Add(-s.reserved)
		s.reserved = 0
	}
}

// recoverTo turns a panic in a callback before the end of the message
// into failing open: the MTA goes on to the end of the message (skipping
// the body), where the forged headers are removed.
func (s *session) recoverTo(m gomilter.Modifier, stage string, resp **gomilter.Response, err *error) {
	p := recover()
	if p == nil {
		return
	}
	s.failOpen(m, FailPanic, fmt.Errorf("milter: %s panicked: %v\n%s", stage, p, debug.Stack()))
	*resp, *err = gomilter.RespContinue, nil
	if stage == "body" && m.Protocol()&gomilter.OptSkip != 0 {
		*resp = gomilter.RespSkip
	}
}

// failOpen logs and counts a message that is not classified because of
// cause; it is accepted without stamps, its forged headers removed.
func (s *session) failOpen(m gomilter.Modifier, cause FailCause, err error) {
	if s.failed {
		return // counted once per message
	}
	s.failed = true
	s.f.metrics.FailOpen.WithLabelValues(string(cause)).Inc()
	s.logger().Error("accepting message without stamps", "queue_id", queueID(m), "cause", string(cause), "err", err)
	s.release()
	s.msg = s.msg[:0]
}

// acceptFailed ends a failed message: forged headers removed, no stamps.
func (s *session) acceptFailed(m gomilter.Modifier) (*gomilter.Response, error) {
	if err := s.removeForged(m); err != nil {
		s.logger().Error("could not remove incoming bounce headers: the MTA connection broke", "queue_id", queueID(m), "err", err)
	}
	return gomilter.RespAccept, nil
}

func (s *session) logger() *slog.Logger {
	if s.cfg == nil {
		return s.f.cfg.Load().Logger
	}
	return s.cfg.Logger
}

// queueID returns the MTA's queue id (macro i), or "".
func queueID(m gomilter.Modifier) string {
	if m == nil {
		return ""
	}
	return m.Get(gomilter.MacroQueueId)
}

// NewConnection prepares for the first message.
func (s *session) NewConnection(gomilter.Modifier) error {
	s.reset()
	return nil
}

// MailFrom starts a message and looks at its envelope sender.
func (s *session) MailFrom(from, _ string, m gomilter.Modifier) (resp *gomilter.Response, err error) {
	defer s.recoverTo(m, "mail", &resp, &err)
	s.reset()
	s.mailFrom = from
	s.pf.mailFrom(from)
	return gomilter.RespContinue, nil
}

// Header keeps one header field for the engine and the pre-filter.
func (s *session) Header(name, value string, m gomilter.Modifier) (resp *gomilter.Response, err error) {
	defer s.recoverTo(m, "header", &resp, &err)
	if s.done {
		return gomilter.RespContinue, nil
	}
	// First the forged headers: whatever fails after, they are removed.
	if hasPrefixFold(name, s.cfg.HeaderPrefix) {
		n := 1
		for _, h := range s.forged {
			if strings.EqualFold(h.name, name) {
				n++
			}
		}
		s.forged = append(s.forged, forged{name: name, index: n})
		if strings.EqualFold(name, s.cfg.HeaderPrefix+SuffixKind) {
			s.kindSeen = true
		}
	}
	if s.failed {
		return gomilter.RespContinue, nil
	}
	if m.Protocol()&gomilter.OptHeaderLeadingSpace == 0 && !strings.HasPrefix(value, "\t") {
		value = " " + value // the MTA swallowed the space after the colon
	}
	s.pf.header(name, value)
	s.hookFields.take(name, value)
	n := len(name) + 1 + len(value) + 1
	s.size += int64(n)
	if len(s.msg)+n <= maxHeaderBytes {
		if s.msg == nil {
			s.msg = getMessageBuffer(16 << 10)
		}
		s.msg = append(s.msg, name...)
		s.msg = append(s.msg, ':')
		s.msg = append(s.msg, value...)
		s.msg = append(s.msg, '\n')
	}
	return gomilter.RespContinue, nil
}

// Headers is the end of the header: the pre-filter's decision. A message
// that cannot be a bounce and carries no header to remove is accepted here,
// and the MTA does not send its body.
func (s *session) Headers(m gomilter.Modifier) (resp *gomilter.Response, err error) {
	defer s.recoverTo(m, "end of header", &resp, &err)
	if s.done {
		return gomilter.RespAccept, nil
	}
	s.f.metrics.MessagesSeen.Inc()
	if s.cfg.TrustBounceHeaders && s.kindSeen {
		s.done = true // stamped by a trusted relay already
		return gomilter.RespAccept, nil
	}
	if s.pf.cue != CueNone && !s.failed {
		s.candidate = true
		s.msg = append(s.msg, '\n')
		s.bodyAt = len(s.msg)
		s.f.metrics.Candidates.WithLabelValues(s.pf.cue.String()).Inc()
		return gomilter.RespContinue, nil
	}
	if len(s.forged) > 0 && !s.cfg.TrustBounceHeaders {
		return gomilter.RespContinue, nil // to remove them at the end
	}
	s.done = true
	return gomilter.RespAccept, nil
}

// BodyChunk keeps a candidate's body up to the bound, and asks the MTA to
// skip the rest, or all of it for a message that is no candidate.
func (s *session) BodyChunk(chunk []byte, m gomilter.Modifier) (resp *gomilter.Response, err error) {
	defer s.recoverTo(m, "body", &resp, &err)
	skip := gomilter.RespContinue
	if m.Protocol()&gomilter.OptSkip != 0 {
		skip = gomilter.RespSkip
	}
	if s.done || s.failed || !s.candidate || s.truncated {
		return skip, nil
	}
	s.size += int64(len(chunk))
	room := s.cfg.MaxBody - int64(len(s.msg)-s.bodyAt)
	keep := chunk
	if int64(len(keep)) > room {
		keep = keep[:room]
		s.truncated = true
		s.f.metrics.Truncated.Inc()
	}
	if len(keep) > 0 {
		if s.f.buffered.Add(int64(len(keep))) > s.cfg.MaxBuffered {
			s.f.buffered.Add(-int64(len(keep)))
			s.failOpen(m, FailOverload, fmt.Errorf("milter: more than %d body bytes held by all messages", s.cfg.MaxBuffered))
			return skip, nil // on to the end of the message, to remove forged headers
		}
		s.reserved += int64(len(keep))
		s.msg = append(s.msg, keep...)
	}
	if s.truncated {
		return skip, nil
	}
	if len(chunk) < lastChunkBelow {
		s.speculate()
	}
	return gomilter.RespContinue, nil
}

// lastChunkBelow: a body chunk shorter than this is most likely the last
// (MTAs send a body in chunks of the protocol's 65,535 bytes).
const lastChunkBelow = 65535

// speculate starts classifying the message as read so far, when a slot is
// free at once: the MTA's end of message then finds the work under way,
// or done, instead of starting it. A chunk after it makes it stale; the
// end of message then classifies the whole message itself. It starts at
// most once per message: a body sent in many short chunks must not have
// its growing prefix classified again at every chunk. A message the end
// of message classifies inline is not worth a goroutine of its own.
func (s *session) speculate() {
	if s.spec != nil || s.cfg.inline(len(s.msg)) {
		return
	}
	select {
	case s.f.sem <- struct{}{}:
	default:
		return // no slot free now: the end of message waits for one
	}
	msg := append(getMessageBuffer(len(s.msg)), s.msg...) // more body may come
	s.spec, s.specLen = s.f.startClassify(s.cfg, "", msg, s.envelopeOf()), len(s.msg)
}

// EndOfMessage classifies a candidate, calls the hook, removes forged
// headers and stamps the result; anything going wrong accepts unchanged.
func (s *session) EndOfMessage(m gomilter.Modifier) (resp *gomilter.Response, err error) {
	start := time.Now()
	path := "skipped"
	defer func() {
		s.f.metrics.Latency.WithLabelValues(path).Observe(time.Since(start).Seconds())
		s.release()
	}()
	defer func() {
		if p := recover(); p != nil {
			path = "failed"
			s.failOpen(m, FailPanic, fmt.Errorf("milter: end of message panicked: %v\n%s", p, debug.Stack()))
			resp, err = s.acceptFailedRecovering(m), nil
		}
	}()
	if s.done {
		return gomilter.RespAccept, nil
	}
	cfg := s.cfg
	if s.failed {
		path = "failed"
		return s.acceptFailed(m)
	}
	if !s.candidate {
		path = "forged"
		s.removeForged(m)
		return gomilter.RespAccept, nil
	}
	path = "classified"
	qid := queueID(m)
	deadline := start.Add(cfg.Timeout)
	// The MTA hears progress packets only while work that may take long
	// runs: a classification in a goroutine of its own and the OnBounce
	// hook. An inline classification takes a bounded time far below the
	// interval (inlineMinTimeout), and arming the timer for it cost more
	// than the rest of the session's own work on a bounce.
	keepAlive := cfg.Timeout > cfg.progressEvery
	defer s.progress.stop()

	var recs []classify.Record
	var cause FailCause
	var cerr error
	switch {
	case s.spec != nil && s.specLen == len(s.msg):
		// Started ahead over the whole body: its records get the queue id
		// the engine would have put in them.
		if keepAlive {
			s.progress.start(m, cfg.progressEvery)
		}
		recs, cause, cerr = s.f.await(deadline, cfg, s.spec)
		for i := range recs {
			recs[i].Origin = qid
		}
	case cfg.inline(len(s.msg)):
		// Small enough to take a bounded time: classified here, in the
		// message's own buffer (which the engine rewrites).
		recs, cause, cerr = s.f.classifyInline(deadline, cfg, qid, s.msg, s.envelopeOf())
	default:
		// The engine owns the message (it may outlive this call on a
		// timeout) and gives it back to the pool; the next message takes
		// another buffer.
		if keepAlive {
			s.progress.start(m, cfg.progressEvery)
		}
		msg := s.msg
		s.msg = nil
		recs, cause, cerr = s.f.classifyBounded(deadline, cfg, qid, msg, s.envelopeOf())
	}
	s.progress.stop() // no progress packet while the changes are written
	s.spec = nil
	if cerr != nil {
		path = "failed"
		if cause == FailParse {
			s.f.metrics.DecodeFailures.Inc()
		}
		s.failOpen(m, cause, cerr)
		return s.acceptFailed(m)
	}
	if len(recs) == 0 {
		path = "not-bounce"
		s.f.metrics.NotBounces.Inc()
		s.removeForged(m)
		return gomilter.RespAccept, nil
	}

	kind := event.KindOf(recs)
	if cfg.OnBounce != nil {
		if keepAlive {
			s.progress.start(m, cfg.progressEvery)
		}
		b := s.bounce(qid, kind, recs)
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		herr := callHook(ctx, cfg.OnBounce, b)
		cancel()
		s.progress.stop()
		if herr != nil {
			s.f.metrics.HookErrors.Inc()
			s.logger().Error("OnBounce failed; message stamped and accepted", "queue_id", qid, "err", herr)
		}
	}
	if err := s.removeForged(m); err != nil {
		path = "failed"
		s.failOpen(m, FailModify, err)
		return gomilter.RespAccept, nil
	}
	// With SMFIP_HDR_LEADSPC negotiated the MTA adds no space after the
	// colon of an added header: the value brings its own, so that the
	// message reads "X-Bounce-Reason: userunknown".
	lead := ""
	if m.Protocol()&gomilter.OptHeaderLeadingSpace != 0 {
		lead = " "
	}
	// go-milter passes each value through x/text transformers (about 4.5
	// KB a header): docs/milter.md says why the stamps still go through it.
	for _, h := range stamps(cfg.HeaderPrefix, recs, kind) {
		if err := m.InsertHeader(insertAtEnd, h.Name, lead+h.Value); err != nil {
			path = "failed"
			s.failOpen(m, FailModify, fmt.Errorf("milter: insert %s: %w", h.Name, err))
			return gomilter.RespAccept, nil
		}
	}
	s.f.metrics.Bounces.WithLabelValues(string(kind)).Inc()
	log := s.logger()
	for i := range recs {
		r := &recs[i]
		s.f.metrics.Reasons.WithLabelValues(string(r.Reason)).Inc()
		log.LogAttrs(context.Background(), slog.LevelInfo, "bounce classified", slog.String("queue_id", qid),
			slog.String("recipient", r.Recipient), slog.String("reason", string(r.Reason)), slog.String("rule", r.Rule),
			slog.String("kind", string(kind)), slog.Bool("hard", r.HardBounce), slog.String("status", r.DeliveryStatus),
			slog.String("verp", r.VERP))
	}
	if s.truncated {
		log.Warn("bounce body longer than the bound: classified its start", "queue_id", qid, "max_body", cfg.MaxBody)
	}
	return gomilter.RespAccept, nil
}

// acceptFailedRecovering is acceptFailed after a panic: a second panic in
// the removal only loses the removal.
func (s *session) acceptFailedRecovering(m gomilter.Modifier) *gomilter.Response {
	defer func() {
		if p := recover(); p != nil {
			s.logger().Error("could not remove incoming bounce headers after a panic", "queue_id", queueID(m), "panic", p)
		}
	}()
	resp, _ := s.acceptFailed(m)
	return resp
}

// removeForged deletes the incoming headers with the prefix, unless they
// are trusted. It deletes from the last to the first, so that no index
// moves under it.
func (s *session) removeForged(m gomilter.Modifier) error {
	if s.cfg.TrustBounceHeaders || len(s.forged) == 0 {
		return nil
	}
	for i := len(s.forged) - 1; i >= 0; i-- {
		h := s.forged[i]
		if err := m.ChangeHeader(h.index, h.name, ""); err != nil {
			return fmt.Errorf("milter: remove %s: %w", h.name, err)
		}
	}
	s.f.metrics.ForgedRemoved.Add(float64(len(s.forged)))
	s.logger().Info("removed incoming bounce headers", "queue_id", queueID(m), "count", len(s.forged))
	return nil
}

// bounce builds the hook's view of a classified message.
func (s *session) bounce(qid string, kind event.Kind, recs []classify.Record) Bounce {
	h := &s.hookFields
	b := Bounce{QueueID: qid, Size: s.size, Kind: kind, Records: recs,
		MessageID: strings.Trim(h.messageID, "<>"), Subject: h.subject, From: headerAddress(h.from)}
	if strings.Contains(b.Subject, "=?") {
		if d, err := subjectDecoder.DecodeHeader(b.Subject); err == nil {
			b.Subject = d
		}
	}
	return b
}

// hookFields are the values of the first Message-Id, Subject and From
// fields of a message, unfolded and trimmed.
type hookFields struct{ messageID, subject, from string }

// take keeps value when name is one of the fields and the first of it.
func (h *hookFields) take(name, value string) {
	var dst *string
	switch {
	case strings.EqualFold(name, "Message-Id"):
		dst = &h.messageID
	case strings.EqualFold(name, "Subject"):
		dst = &h.subject
	case strings.EqualFold(name, "From"):
		dst = &h.from
	default:
		return
	}
	if *dst == "" {
		*dst = strings.TrimSpace(unfold(value))
	}
}

// unfold joins a folded field value's lines (RFC 5322 section 2.2.3:
// the line breaks go, the white space that began each line stays).
func unfold(v string) string {
	if strings.IndexAny(v, "\r\n") < 0 {
		return v
	}
	return lineBreaks.Replace(v)
}

// lineBreaks removes CRLF, LF and CR.
var lineBreaks = strings.NewReplacer("\r\n", "", "\n", "", "\r", "")

// Abort forgets the current message; the connection stays.
func (s *session) Abort(gomilter.Modifier) error {
	s.reset()
	return nil
}

// Cleanup releases what the connection holds.
func (s *session) Cleanup(gomilter.Modifier) {
	s.progress.stop()
	s.release()
	if s.msg != nil {
		putMessageBuffer(s.msg) // no engine holds it: a handed-over one is nil here
	}
	s.msg = nil
}
