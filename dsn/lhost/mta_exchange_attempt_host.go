package lhost

import "strings"

// exchangeAttemptHostRe captures the host of one attempt's line in
// Exchange's administrators' section: "11/30/2026 7:41:09 AM - Remote
// Server at mta7.am0.yahoodns.net (67.195.204.74) returned '...'"
// (https://pastebin.com/EimgND2Y; the Exchange delay notice quoted by
// https://support.everycloud.com/support/solutions/articles/4000041760).
// The name is a DNS name or an address with at least one dot.
var exchangeAttemptHostRe = lazyRegexp(`(?i)\bRemote Server at ([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+)\.? (?:\([^)]*\) )?returned '`)

// exchangeAttemptHost returns the remote host an attempt's line names,
// "" when it names none ("Remote Server returned '...'").
func exchangeAttemptHost(line string) string {
	if !strings.Contains(line, " at ") {
		return ""
	}
	sm := exchangeAttemptHostRe().FindStringSubmatch(line)
	if sm == nil {
		return ""
	}
	return strings.ToLower(strings.TrimSuffix(sm[1], "."))
}
