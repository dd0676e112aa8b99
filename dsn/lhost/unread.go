package lhost

import "github.com/bounce-milter/bounce-milter/dsn"

// What a report no decoder could read still says, for a caller that knows
// the failed recipient from outside the report (the VERP address of the
// bounce's envelope, package verp).

// LooksLikeBounce reports whether m's header says a mail system wrote it
// about a delivery, as the generic decoder requires before it reads a
// report: a mail system's sender (MAILER-DAEMON, postmaster, the null
// reverse path in Return-Path), X-Failed-Recipients, a multipart/report,
// or a bounce's Subject that is not a person's reply or forward.
func LooksLikeBounce(m *dsn.Message) bool { return genericDecoder{}.Match(m) }

// ReportText returns a report's own text as the generic decoder reads it:
// its first text/plain part (or its HTML part's text), up to the returned
// original (a copy marker, or the first block of message header fields),
// quoted lines left out, white space folded. It holds at most the first
// maxReportLines lines.
func ReportText(m *dsn.Message) string {
	lines := textLines(genericText(m))
	return flatten(lines, 0, originalStart(lines)).text
}
