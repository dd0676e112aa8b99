// Package milter serves the milter protocol (version 6, as Sendmail's
// libmilter and Postfix speak it; go-milter does the wire work) and stamps
// each bounce it sees with X-Bounce-* header fields (RFC 5322 section 3.6)
// before the MTA delivers it.
//
// It is the only package of bounce-milter that imports go-milter. For each
// message of an MTA connection:
//
//  1. At the end of the header, the pre-filter (prefilter.go) decides from
//     the envelope sender and the header fields whether the message can be a
//     bounce (Candidate). A message that cannot is accepted there and the
//     MTA skips its body.
//  2. A candidate's body is read up to Config.MaxBody and handed to the
//     engine (engine.Classify: dsn.ParseOwned with every decoder of
//     lhost.Registry, then classify.Records), bounded by Config.Timeout,
//     Config.MaxConcurrent and Config.MaxBuffered. A message of at most
//     Config.InlineMax bytes, whose classification takes a bounded time far
//     below the timeout, is classified in the connection's goroutine; a
//     larger one in a goroutine of its own, which the timeout can leave.
//  3. A bounce gets one reason and one detail field per recipient and one
//     kind field (Stamps, Detail, KindOf); Config.OnBounce receives it first.
//
// Incoming fields with the prefix are removed from every message, because
// anyone can forge them. Whatever goes wrong inside (a message the engine
// cannot read, a panic, a timeout, overload) the message is accepted
// unchanged but for that removal, logged with the MTA's queue id and
// counted (FailCause): the milter never loses or delays mail.
//
// Under go-milter, a connection layer (guard.go, packetconn.go) reads each
// packet whole and checks it before the library sees it, bounds the
// connections (Config.MaxConnections, Config.IdleTimeout) and the packet
// memory, and waits out a shortage of file descriptors. Listen opens the
// socket from an MTA-style address (ParseAddress); Metrics are registered
// on the Filter's own registry. go-milter's own warnings are logged through
// Config.Logger, as the milter's lines are.
//
// docs/milter.md describes the headers, the flags of "bounce-milter serve"
// that fill Config, and the measured costs.
package milter
