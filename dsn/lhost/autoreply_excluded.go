package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// AutoReplyExcluded is the name of autoReplyExcludedDecoder.
const AutoReplyExcluded dsn.DecoderName = "AutoReplyExcluded"

// autoReplyExcludedDecoder runs just before the auto-reply decoders and
// tells, as not a bounce, the automatic replies Sisimai's RFC 3834
// decoder leaves undecoded whatever their marks (sisimai/go-sisimai
// rfc3834/lib.go, "dontdecode"; p5-sisimai lib/Sisimai/RFC3834.pm, $Re2):
//
//   - a reply addressed To root@: an answer to system mail (a cron job's,
//     logwatch's output mailed from root to a user whose vacation
//     responder answered it), not to a message whose sender tracks
//     bounces;
//   - a Subject holding "security information for" (sudo(8) mails
//     "*** SECURITY information for <host> ***" to root) or "mail
//     failure -" (Exim's own error messages).
//
// Sisimai's third exclusion, From root@, postmaster@ or mailer-daemon@,
// AutoReplyDecoder makes already (IsMailerDaemon). A message any bounce
// decoder read never comes here; one with a standard report part or
// X-Failed-Recipients is left alone all the same.
type autoReplyExcludedDecoder struct{}

func (autoReplyExcludedDecoder) Name() dsn.DecoderName { return AutoReplyExcluded }

// Marks returns none: the decoder makes no bounce (dsn.Marker).
func (autoReplyExcludedDecoder) Marks() []dsn.Mark { return nil }

// autoReplyExcludedSubjects are Sisimai's excluded Subject words
// (lower-case, matched anywhere in the Subject ignoring ASCII case).
var autoReplyExcludedSubjects = []string{"security information for", "mail failure -"}

func (autoReplyExcludedDecoder) Match(m *dsn.Message) bool {
	if !toRoot(m.Header.Get("To")) {
		if i, _ := mailtext.IndexFoldAny(m.Header.Text("Subject"), autoReplyExcludedSubjects...); i < 0 {
			return false
		}
	}
	return dsn.AutoReplyDecoder{}.Match(m) || vendorAutoReplyDecoder{}.Match(m)
}

func (d autoReplyExcludedDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) || m.Header.Get("X-Failed-Recipients") != "" {
		return nil
	}
	if m.DeliveryStatusPart() != nil || m.FindPart("message/feedback-report", "message/disposition-notification") != nil {
		return nil
	}
	if toRoot(m.Header.Get("To")) {
		return notBounce("automatic reply to root (Sisimai's RFC3834 decoder leaves replies To root@ undecoded)")
	}
	return notBounce("system mail marked as an automatic reply (Sisimai's RFC3834 decoder leaves its Subject undecoded)")
}

// toRoot reports whether a To field's value holds an address whose local
// part is root: "root@" at the start of the value or after a character
// that cannot be in a local part before it ("taproot@" is not root).
func toRoot(v string) bool {
	for off := 0; ; {
		i := mailtext.IndexFold(v[off:], "root@")
		if i < 0 {
			return false
		}
		at := off + i
		if at == 0 || strings.IndexByte(" \t<,:;\"(", v[at-1]) >= 0 {
			return true
		}
		off = at + len("root@")
	}
}
