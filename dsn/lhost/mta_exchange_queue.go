package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// exchangeQueuePlaceholder matches the replies Exchange writes in the
// Diagnostic-Code of its own delay and expiry reports, which name the
// queue's state and not the failure: "400 4.4.7 Message delayed" in a
// "Delivery delayed:" DSN and "550 4.4.7 QUEUE.Expired; message expired"
// in the NDR when the retry time ran out (an Exchange 2013 delay DSN in
// bbottema/outlook-message-parser's OutlookMessageParserTest.java;
// https://pastebin.com/EimgND2Y, https://pastebin.com/ZkW4nRAU). The
// failure is the reply of the last attempt, which Exchange lists only in
// the administrators' section, newest first ("12/2/2026 1:58:21 PM -
// Remote Server at mx.example.org (192.0.2.1) returned '441 4.4.1 Error
// encountered while communicating with primary target IP address: ...'").
var exchangeQueuePlaceholder = lazyRegexp(`(?i)^\s*[45]\d\d[ -]4\.4\.7 (?:Message delayed|QUEUE\.Expired; message expired)\s*$`)

// exchangePlaceholderAt reports whether diag is Exchange's queue
// placeholder. Every RFC 3464 report's recipients are asked, so the
// regular expression runs only on a diagnostic that holds its status.
func exchangePlaceholderAt(diag string) bool {
	return strings.Contains(diag, "4.4.7") && exchangeQueuePlaceholder().MatchString(diag)
}

// completeFromExchangeQueue appends to a recipient whose diagnostic is
// Exchange's queue placeholder the newest other attempt's reply the
// administrators' section gives for the recipient, as Exchange Online
// writes it itself ("550 5.4.300 Message expired -> 421 4.4.0 Remote
// server response was not RFC conformant", https://pastebin.com/veMrW6pf),
// so that the words of the failure are read beside the queue's state.
func completeFromExchangeQueue(r *dsn.Report, m *dsn.Message) {
	todo := false
	for i := range r.Recipients {
		if exchangePlaceholderAt(r.Recipients[i].DiagnosticCode) {
			todo = true
		}
	}
	if !todo {
		return
	}
	lines := textLines(reportText(m))
	if end := lineIndex(lines, 0, exchangeOriginalMarkers...); end >= 0 {
		lines = lines[:end]
	}
	p := exchangeParse(lines, &dsn.Report{})
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if !exchangePlaceholderAt(rc.DiagnosticCode) {
			continue
		}
		for _, e := range p.entries {
			if !strings.EqualFold(e.addr, rc.Recipient) {
				continue
			}
			if last, host := exchangeEarlierAttempt(e.admin); last != "" {
				rc.DiagnosticCode = mailtext.TrimSpace(rc.DiagnosticCode) + " -> " + last
				if rc.RemoteMTA == "" {
					rc.RemoteMTA = host
				}
			}
			break
		}
	}
}

// exchangeAttemptStart matches the start of one attempt's line in the
// administrators' section: "<time> - Remote Server at <host> (<ip>)
// returned '" or "Remote Server returned '".
var exchangeAttemptStart = lazyRegexp(`(?i)\bServer(?: at \S+(?: \([^)]*\))?)? returned '`)

// exchangeEarlierAttempt returns the newest reply among a recipient's
// administrators' lines that is not Exchange's queue placeholder, its
// wrapped lines joined, "" if there is none, and the host that attempt
// names ("Remote Server at <host> (<ip>) returned"), the server whose
// reply it is: Exchange's own Diagnostic-Code names none, and a
// provider's table is chosen by the remote host (Sisimai's
// rhost/lib.go reads a Remote-MTA the same way).
func exchangeEarlierAttempt(admin []string) (reply, host string) {
	var attempts []string
	cur := -1
	for _, l := range admin {
		t := mailtext.TrimSpace(l)
		if t == "" {
			cur = -1
			continue
		}
		if exchangeAttemptStart().MatchString(t) {
			attempts = append(attempts, t)
			cur = len(attempts) - 1
			continue
		}
		if cur >= 0 {
			attempts[cur] += " " + t
		}
	}
	for _, a := range attempts {
		sm := exchangeQuotedReplyAll().FindStringSubmatch(a)
		if sm == nil {
			continue
		}
		reply = mailtext.TrimSpace(sm[1])
		if reply == "" || exchangeQueuePlaceholder().MatchString(reply) {
			continue
		}
		return reply, exchangeAttemptHost(a)
	}
	return "", ""
}

// exchangeQuotedReplyAll captures the whole quoted reply of an attempt,
// quotes inside it included: the reply runs to the last "'" of the line.
var exchangeQuotedReplyAll = lazyRegexp(`(?i)returned '(.*)'\s*$`)
