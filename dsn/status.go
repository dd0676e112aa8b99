package dsn

import (
	"fmt"
	"strconv"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Status is an enhanced mail system status code, RFC 3463:
// class.subject.detail, for example 5.1.1. The zero Status means "none".
type Status struct {
	Class   int // 2 success, 4 persistent transient failure, 5 permanent failure
	Subject int // 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network, 5 protocol, 6 content, 7 security
	Detail  int
}

// ErrBadStatus is returned, wrapped, for text that is not an RFC 3463 status code.
var ErrBadStatus = fmt.Errorf("dsn: malformed status code")

// ParseStatus parses an RFC 3463 status code such as "5.1.1". Leading and
// trailing white space and trailing comments or text after a space are
// ignored; subject and detail may have up to three digits (RFC 3463 section 2).
func ParseStatus(s string) (Status, error) {
	st, n := scanStatus(mailtext.TrimSpace(s), 0)
	if n == 0 {
		return Status{}, fmt.Errorf("%w: %q", ErrBadStatus, truncate(s, 64))
	}
	return st, nil
}

// String formats the status as class.subject.detail, or "" for the zero Status.
func (s Status) String() string {
	if s.IsZero() {
		return ""
	}
	b := make([]byte, 0, 9)
	b = strconv.AppendInt(b, int64(s.Class), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(s.Subject), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(s.Detail), 10)
	return string(b)
}

// IsZero reports whether s holds no status.
func (s Status) IsZero() bool { return s.Class == 0 }

// Permanent reports whether s is a permanent failure (class 5).
func (s Status) Permanent() bool { return s.Class == 5 }

// Temporary reports whether s is a persistent transient failure (class 4).
func (s Status) Temporary() bool { return s.Class == 4 }

// Success reports whether s reports success (class 2).
func (s Status) Success() bool { return s.Class == 2 }

// Generic reports whether s says no more than its class: X.0.0, and the
// "other or undefined" codes that many MTAs send for every failure.
func (s Status) Generic() bool { return s.Subject == 0 && s.Detail == 0 }

// scanStatus reads a status code at s[i:]. It returns the code and the
// number of bytes consumed, or 0 when there is no code at i. The code must
// not be part of a longer run of digits and dots (an IP address or version
// number is not a status code).
func scanStatus(s string, i int) (Status, int) {
	start := i
	if i >= len(s) || (s[i] != '2' && s[i] != '4' && s[i] != '5') {
		return Status{}, 0
	}
	if i > 0 && (mailtext.IsDigit(s[i-1]) || s[i-1] == '.') {
		return Status{}, 0
	}
	class := int(s[i] - '0')
	i++
	if i >= len(s) || s[i] != '.' {
		return Status{}, 0
	}
	i++
	subj, j := scanDigits(s, i, 3)
	if j == i {
		return Status{}, 0
	}
	i = j
	if i >= len(s) || s[i] != '.' {
		return Status{}, 0
	}
	i++
	det, j := scanDigits(s, i, 3)
	if j == i {
		return Status{}, 0
	}
	i = j
	if i < len(s) && (mailtext.IsDigit(s[i]) || (s[i] == '.' && i+1 < len(s) && mailtext.IsDigit(s[i+1]))) {
		return Status{}, 0
	}
	return Status{Class: class, Subject: subj, Detail: det}, i - start
}

func scanDigits(s string, i, max int) (int, int) {
	n, j := 0, i
	for j < len(s) && j-i < max && mailtext.IsDigit(s[j]) {
		n = n*10 + int(s[j]-'0')
		j++
	}
	return n, j
}

// truncate abbreviates s to at most n bytes and "...", for a note or an
// error message.
func truncate(s string, n int) string {
	if t := mailtext.Truncate(s, n); len(t) < len(s) {
		return t + "..."
	}
	return s
}
