package classify

import "strings"

// quotesXUnix reports whether a diagnostic quotes another MTA's X-Unix
// diagnostic, "x-unix; <the delivery program's output>": a relay that
// passes on the failure report of the host behind it writes that host's
// diagnostic, type and all, inside its own reply. Exchange does so as
// "554 5.3.0 < #5.3.0 x-unix; /usr/libexec/sympa/queue: usage error, one
// one list-name argument expected.>" for a list host whose Postfix pipe
// to Sympa failed (the NDR quoted in
// https://github.com/sympa-community/sympa/issues/1349). Sisimai's
// MailerError list holds "x-unix; " as a substring of any diagnostic
// (sisimai/go-sisimai reason/why-mailererror.go; texts/sisimai.tsv leaves
// it to the x-unix stage). The type must start a word and end in its
// semicolon, so "x-unixware" or a bare "x-unix" in prose is not one.
func quotesXUnix(diag string) bool {
	const t = "x-unix;"
	for i := strings.IndexAny(diag, "xX"); i >= 0 && i+len(t) <= len(diag); {
		if (i == 0 || !xUnixWordByte(diag[i-1])) && strings.EqualFold(diag[i:i+len(t)], t) {
			return true
		}
		j := strings.IndexAny(diag[i+1:], "xX")
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// xUnixWordByte reports whether b continues a word (a letter, digit, '-'
// or '_'), so that "x-unix;" is not taken from inside a longer token.
func xUnixWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_'
}
