package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// A text report that names no failed address of its own may quote the
// undelivered message's header right below its intro, and that header's
// To is then the address that failed: jp-r.ne.jp's notice writes
// "送信先E-mailアドレスの不一致です" (the destination address matches no
// one), then "To:ADDR", "Subject:SUBJECT" and the start of the body
// (fmlorg/fml8 fml/lib/Mail/Bounce/Language/Japanese.pm, ERROR EXAMPLE).
// Sisimai's decoders fall back on the original's To the same way when the
// report lists no recipient (go-sisimai lhost/via-notes.go).

// maxQuotedGap bounds how many lines below the intro the quoted header
// may start; maxQuotedHeader how many of its lines are read.
const (
	maxQuotedGap    = 3
	maxQuotedHeader = 12
)

// quotedOriginalTo returns the one address the To and Cc fields of the
// quoted header starting at line end name, when that header starts within
// maxQuotedGap lines below the intro at line intro; "" when it does not,
// or when the fields name no address or more than one.
func quotedOriginalTo(lines []string, intro, end int) string {
	if intro < 0 || end <= intro || end-intro > maxQuotedGap || end >= len(lines) {
		return ""
	}
	addr := ""
	inAddrs := false // the field being read is To or Cc (its folded lines too)
	take := func(v string) bool {
		for _, f := range strings.Split(v, ",") {
			a := dsn.Address(f)
			if a == "" {
				continue
			}
			if addr != "" && !strings.EqualFold(addr, a) {
				return false
			}
			addr = a
		}
		return true
	}
	for i := end; i < len(lines) && i < end+maxQuotedHeader; i++ {
		l := lines[i]
		if l != "" && (l[0] == ' ' || l[0] == '\t') {
			if inAddrs && !take(l) {
				return ""
			}
			continue
		}
		if !isMessageHeader(l) {
			break
		}
		name, value, _ := strings.Cut(l, ":")
		inAddrs = strings.EqualFold(name, "to") || strings.EqualFold(name, "cc")
		if inAddrs && !take(value) {
			return ""
		}
	}
	return addr
}
